"""The core stays pure: importing the public API loads neither Textual nor Rich (a fresh interpreter proves it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "orbitquiz"
FACES = {"tui", "web.py", "cli.py", "__main__.py"}


def test_importing_the_core_loads_no_ui_library():
    core = sorted(
        "orbitquiz." + ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).parts[0] not in FACES
    )
    script = (
        "import sys, importlib\n"
        f"for name in {core!r}: importlib.import_module(name.removesuffix('.'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert len(core) >= 6
    assert result.stdout.strip() == "[]"
