"""The core stays pure: importing the public API loads neither Textual nor Rich (a fresh interpreter proves it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "orbitquiz"
FACES = {"tui", "web", "cli.py", "__main__.py"}


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


def imported_modules(path: Path) -> set[str]:
    """Every orbitquiz module ``path`` imports, wherever the import is (module level, a function, TYPE_CHECKING)."""
    import ast

    module = "orbitquiz." + ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x, from ..y import z
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("orbitquiz.")}


def test_the_terminal_faces_modules_import_each_other_without_a_cycle():
    """No import cycle among the Textual face's modules, not even one held apart by an import inside a function or
    under TYPE_CHECKING: the screens need nothing of tui/app.py (tui/quiz.py says what they ask of the app)."""
    modules = {"orbitquiz." + ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): path
               for path in (SRC / "tui").rglob("*.py")}
    graph = {name: {other for other in imported_modules(path) if other in modules and other != name}
             for name, path in modules.items()}
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(trail: list[str]) -> None:  # depth first; a module met again on the trail closes a cycle
        for other in sorted(graph[trail[-1]]):
            if other in trail:
                cycles.append(trail[trail.index(other):] + [other])
            elif other not in done:
                visit([*trail, other])
        done.add(trail[-1])

    for name in sorted(graph):
        if name not in done:
            visit([name])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles[:5])


def test_the_gift_writer_checks_what_it_writes_through_shared_modules_not_the_reader():
    """The writer asks whether a numeric range reads back as itself through gift.numbers, which the reader also
    uses; it imports nothing of the reader's, nor of the question generator."""
    imported = imported_modules(SRC / "readers" / "gift" / "writer.py")
    assert "orbitquiz.readers.gift.numbers" in imported
    assert not imported & {"orbitquiz.readers.gift.reader", "orbitquiz.readers.gift", "orbitquiz.generate"}
