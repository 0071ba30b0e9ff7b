"""Readers turn a file into a Pack. One module per format; the reader is chosen by the file's extension, and for a
plain ``.txt`` (what Moodle calls its Aiken and GIFT files) by what the text recognisably is.

Every reader is a function ``read(text: str, path: str) -> Pack`` that raises PackError (with a position) for
anything it cannot accept and never any other exception. Decoding (UTF-8, BOM, line endings) happens once, here:
a reader is given text whose line breaks are all ``\\n``.
"""

from __future__ import annotations

import importlib
import itertools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from orbitquiz import collector
from orbitquiz.model import Pack, PackError, Problem
from orbitquiz.readers.common import line_breaks

if TYPE_CHECKING:
    from orbitquiz.readers.cache import PackCache

Reader = Callable[[str, str], Pack]

#: File suffix → the reader module (in this package) whose ``read`` parses it. Modules are imported on first use:
#: the game starts sooner when it only needs the one format it is about to play.
READERS: dict[str, str] = {
    ".md": "tagged",
    ".gift": "gift", ".gift.txt": "gift",
    ".aiken": "aiken", ".aiken.txt": "aiken",
    ".csv": "spreadsheet",
    ".tsv": "spreadsheet",
    ".xlsx": "kahoot",
}
#: Readers of files that are not text: their module's ``read_bytes(data, path)`` parses the file's bytes.
BINARY = frozenset({".xlsx"})
_LONGEST_FIRST = sorted(READERS, key=len, reverse=True)  # so ".gift.txt" wins over ".gift"
#: A plain text file: read as Aiken or GIFT when its text is recognisably one of them (see sniff).
SNIFFED = ".txt"
#: How much of a .txt file is looked at to tell, when a folder is listed.
SNIFF_BYTES = 65_536
# Aiken: an "ANSWER: B" line and an option line "A. ..." / "A)..."; GIFT: answers in braces, a "::title::" or a
# "$CATEGORY:" line.
_AIKEN_ANSWER = re.compile(r"^[ \t]*ANSWER[ \t]*:[ \t]*[A-Za-z][ \t]*$", re.MULTILINE)
_AIKEN_OPTION = re.compile(r"^[ \t]*[A-Z][.)]", re.MULTILINE)
_GIFT = re.compile(r"\{[^{}\n]*[=~#TF][^{}]*\}|^[ \t]*::|^[ \t]*\$CATEGORY:", re.MULTILINE)
#: The largest pack file load_pack reads: 16 MB, over three times the benchmark's 100,000-fact article (4.9 MB),
#: far beyond any class's pack, and small enough that every reader parses it in seconds and well under 1 GB.
MAX_PACK_BYTES = 16_000_000


def is_pack_file(path: str | Path) -> bool:
    """Whether some reader may take this file, judged by its name alone (nothing is read or imported): a plain
    ``.txt`` may be Aiken or GIFT."""
    return _reader_module(path) is not None or _sniffed(path)


def looks_like_pack(path: Path) -> bool:
    """Whether a file in a folder of packs is one: by its name, or for a plain ``.txt`` by the start of its text
    (notes and licences beside the packs are not listed)."""
    if _reader_module(path) is not None:
        return True
    if not _sniffed(path):
        return False
    try:
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return True  # listed, so that what is wrong with it is said
    return sniff(head.decode("utf-8", errors="replace")) is not None


def sniff(text: str) -> str | None:
    """The format a plain text file recognisably is: "aiken", "gift", "flashcards" (Quizlet's or Anki's export:
    Anki's header, or a tab on every line), or None."""
    from orbitquiz.readers import flashcards

    if flashcards.has_anki_header(text):
        return "flashcards"
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text):
        return "aiken"
    if flashcards.looks_like_cards(text[:SNIFF_BYTES]):
        return "flashcards"
    if _GIFT.search(text):
        return "gift"
    return None


def sheet_layout(text: str, path: str | Path) -> str:
    """The reader of a CSV or TSV file, by its first rows: Kahoot's template ("kahoot"), flashcards ("flashcards":
    Anki's header, or a TSV whose first row names no column) or orbitquiz's own columns ("spreadsheet")."""
    from orbitquiz.readers import flashcards, kahoot, spreadsheet

    if flashcards.has_anki_header(text):
        return "flashcards"
    head = text[:SNIFF_BYTES]
    tsv = Path(path).name.lower().endswith(".tsv")
    delimiter = "\t" if tsv else spreadsheet.sniff_delimiter(head)
    rows = [row for row, _, _ in itertools.islice(spreadsheet.records(head, delimiter, str(path), []),
                                                   kahoot.HEADER_ROWS)]
    if kahoot.recognises(rows):
        return "kahoot"
    first = next((row for row in rows if any(cell.strip() for cell in row)), [])
    if tsv and not set(spreadsheet.REQUIRED) & {cell.strip().lower() for cell in first}:
        return "flashcards"
    return "spreadsheet"


def reader_for(path: str | Path, text: str = "") -> Reader | None:
    module = _reader_module(path) or (sniff(text) if _sniffed(path) else None)
    if module == "spreadsheet":
        module = sheet_layout(text, path)
    return None if module is None else importlib.import_module(f"{__name__}.{module}").read


def _reader_module(path: str | Path) -> str | None:
    name = Path(path).name.lower()
    return next((READERS[suffix] for suffix in _LONGEST_FIRST if name.endswith(suffix)), None)


def _sniffed(path: str | Path) -> bool:
    return _reader_module(path) is None and Path(path).name.lower().endswith(SNIFFED)


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
    return line_breaks(text)


def parse_bytes(data: bytes, path: str) -> Pack:
    """Parse a file's bytes: a workbook by its reader, any other file decoded as text first."""
    suffix = _suffix(path)
    if suffix is not None and suffix in BINARY:
        return importlib.import_module(f"{__name__}.{READERS[suffix]}").read_bytes(data, path)
    return _read(decode(data, path), path)


def _suffix(path: str | Path) -> str | None:
    name = Path(path).name.lower()
    return next((suffix for suffix in _LONGEST_FIRST if name.endswith(suffix)), None)


def parse(text: str, path: str) -> Pack:
    """Parse text already in memory with the reader chosen by ``path``'s extension (or a .txt file's text)."""
    return _read(line_breaks(text), path)


def _read(text: str, path: str) -> Pack:
    reader = reader_for(path, text)
    if reader is None:
        if _sniffed(path):
            raise PackError(Problem(path, 1, 1, "cannot tell whether this .txt file is Aiken or GIFT, or "
                                    "flashcards — rename it to end in .aiken.txt or .gift.txt, or put a tab between "
                                    "each card's two sides"))
        known = ", ".join(sorted([*READERS, SNIFFED]))
        raise PackError(Problem(path, 1, 1, f"unknown pack format — use one of these extensions: {known}"))
    with collector.paused():
        return reader(text, path)


def load_pack(path: str | Path, cache: PackCache | None = None) -> Pack:
    """Read a pack file. Raises PackError for anything wrong with it, including a file that cannot be read; when
    the errors leave the rest of the file playable, the error's ``pack`` holds that rest.

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
    return parse_bytes(data, name) if cache is None else cache.parse(name, data)
