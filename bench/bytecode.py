"""Compile orbitquiz's byte-code before timing a start-up.

An installed wheel ships compiled modules, but an editable install (`make play`, `make test`) writes them only
when Python may write byte-code — and these machines set PYTHONDONTWRITEBYTECODE=1. Without this, every timed
start would compile orbitquiz from source while Textual (installed by pip, compiled) would not: not a fair race.
"""

from __future__ import annotations

import compileall
from pathlib import Path

import orbitquiz


def compile_orbitquiz() -> None:
    compileall.compile_dir(Path(orbitquiz.__file__).parent, quiet=1)
