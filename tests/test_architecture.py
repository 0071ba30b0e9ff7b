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


def _imported_modules(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    return ({node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
            | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names})


def test_the_gift_writer_checks_what_it_writes_through_shared_modules_not_the_reader():
    """The writer asks whether a numeric range reads back as itself through gift.numbers, which the reader also
    uses; it imports nothing of the reader's, nor of the question generator."""
    imported = _imported_modules(SRC / "readers" / "gift" / "writer.py")
    assert "orbitquiz.readers.gift.numbers" in imported
    assert not imported & {"orbitquiz.readers.gift.reader", "orbitquiz.readers.gift", "orbitquiz.generate"}
