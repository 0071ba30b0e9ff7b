"""Readers turn a file into a Pack. One module per format; the reader is chosen by the file's extension.

Every reader is a function ``read(text: str, path: str) -> Pack`` that raises PackError (with a position) for
anything it cannot accept and never any other exception. Decoding (UTF-8, BOM, line endings) happens once, here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from orbitquiz.model import Pack, PackError, Problem

Reader = Callable[[str, str], Pack]

#: File suffix → the reader module (in this package) whose ``read`` parses it. Modules are imported on first use:
#: the game starts sooner when it only needs the one format it is about to play.
READERS: dict[str, str] = {
    ".md": "tagged",
    ".gift": "gift", ".gift.txt": "gift",
    ".aiken": "aiken",
    ".csv": "spreadsheet",
    ".tsv": "spreadsheet",
}
_LONGEST_FIRST = sorted(READERS, key=len, reverse=True)  # so ".gift.txt" wins over ".txt"


def is_pack_file(path: str | Path) -> bool:
    """Whether some reader takes this file, judged by its name alone (nothing is read or imported)."""
    return _reader_module(path) is not None


def reader_for(path: str | Path) -> Reader | None:
    module = _reader_module(path)
    return None if module is None else importlib.import_module(f"{__name__}.{module}").read


def _reader_module(path: str | Path) -> str | None:
    name = Path(path).name.lower()
    return next((READERS[suffix] for suffix in _LONGEST_FIRST if name.endswith(suffix)), None)


def decode(data: bytes, path: str) -> str:
    """UTF-8 text with a BOM removed and line endings made ``\\n``; PackError at the first undecodable byte."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise PackError(
            Problem(path, line, column, f"the file is not UTF-8 (byte 0x{data[error.start]:02x}) — save it as UTF-8")
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str, path: str) -> Pack:
    """Parse text already in memory with the reader chosen by ``path``'s extension."""
    reader = reader_for(path)
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise PackError(Problem(path, 1, 1, f"unknown pack format — use one of these extensions: {known}"))
    return reader(text, path)


def load_pack(path: str | Path) -> Pack:
    """Read a pack file. Raises PackError for anything wrong with it, including a file that cannot be read."""
    name = str(path)
    if not is_pack_file(name):
        parse("", name)  # raises the "unknown format" error
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PackError(Problem(name, 1, 1, f"cannot read the file: {error.strerror or error}")) from None
    return parse(decode(data, name), name)
