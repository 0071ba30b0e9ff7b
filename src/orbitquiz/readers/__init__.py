"""Readers turn a file into a Pack. One module per format; the reader is chosen by the file's extension.

Every reader is a function ``read(text: str, path: str) -> Pack`` that raises PackError (with a position) for
anything it cannot accept and never any other exception. Decoding (UTF-8, BOM, line endings) happens once, here.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from orbitquiz.model import Pack, PackError, Problem

if TYPE_CHECKING:
    from orbitquiz.readers.cache import PackCache

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
#: The largest pack file load_pack reads: 16 MB, over three times the benchmark's 100,000-fact article (4.9 MB),
#: far beyond any class's pack, and small enough that every reader parses it in seconds and well under 1 GB.
MAX_PACK_BYTES = 16_000_000


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


def load_pack(path: str | Path, cache: PackCache | None = None) -> Pack:
    """Read a pack file. Raises PackError for anything wrong with it, including a file that cannot be read.

    With a ``cache``, a pack parsed before (same bytes, same orbitquiz) is read back from it instead."""
    name = str(path)
    if not is_pack_file(name):
        parse("", name)  # raises the "unknown format" error
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_PACK_BYTES + 1)  # never more: a huge file must not fill the memory first
            if len(data) > MAX_PACK_BYTES:
                size = max(len(data), os.fstat(file.fileno()).st_size)
                raise PackError(Problem(name, 1, 1, f"the file is {size / 1e6:.1f} MB; a pack may be at most "
                                        f"{MAX_PACK_BYTES / 1e6:.0f} MB — split it into several packs"))
    except OSError as error:
        raise PackError(Problem(name, 1, 1, f"cannot read the file: {error.strerror or error}")) from None
    return parse(decode(data, name), name) if cache is None else cache.parse(name, data)
