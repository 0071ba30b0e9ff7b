"""Where each character of a question came from: Moodle's importer works on a question's text with its escapes
(``\\{``) replaced by placeholders; here each question becomes a ``Src``: the text with escapes resolved, a mask in
which escaped characters can never match GIFT's special characters, and the file offset of every character, so
that every error can point at its character."""

from __future__ import annotations

import bisect
import re
from typing import overload


class Offsets:
    """The file offset of every character of a question's text, stored as runs: a list of one int per character
    took 36 bytes a character (a 50 MB question needed 1.8 GB, twice over with escapes). A run starts at each
    line and at each escape; ``offsets[i]`` and slices (which share the runs) work as on a list.
    """

    __slots__ = ("bases", "high", "low", "starts")

    def __init__(self, starts: list[int], bases: list[int], low: int, high: int) -> None:
        #: Index (into the whole text) where each run begins, and the file offset of that character.
        self.starts, self.bases, self.low, self.high = starts, bases, low, high

    @classmethod
    def contiguous(cls, offset: int, length: int) -> Offsets:
        return cls([0], [offset], 0, length)

    def __len__(self) -> int:
        return self.high - self.low

    @overload
    def __getitem__(self, item: int) -> int: ...

    @overload
    def __getitem__(self, item: slice) -> Offsets: ...

    def __getitem__(self, item: int | slice) -> Offsets | int:
        if isinstance(item, slice):
            start, stop, _ = item.indices(len(self))  # only steps of 1 are ever taken
            return Offsets(self.starts, self.bases, self.low + start, self.low + max(start, stop))
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError(item)
        index = self.low + item
        run = bisect.bisect_right(self.starts, index) - 1
        return self.bases[run] + index - self.starts[run]


class Src:
    """Part of a question: text with escapes resolved, a mask of active characters, and file offsets.

    ``mask`` is ``text`` with every escaped character replaced by NUL, so searching the mask for ``{`` finds only
    braces that mean something. Slicing keeps the three aligned.
    """

    __slots__ = ("anchor", "mask", "pos", "text")

    def __init__(self, text: str, mask: str, pos: Offsets, anchor: int = 0) -> None:
        self.text, self.mask, self.pos = text, mask, pos
        #: Where the text would be if it is empty (a missing number after '..' is reported there).
        self.anchor = pos[0] if pos else anchor

    @classmethod
    def plain(cls, text: str) -> Src:
        """Text with no escapes, its characters at offsets 0, 1, 2 ... (what the writer reads back)."""
        return cls(text, text, Offsets.contiguous(0, len(text)))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, item: slice) -> Src:
        start = item.indices(len(self.pos))[0]
        anchor = self.pos[start] if start < len(self.pos) else (self.pos[-1] + 1 if self.pos else self.anchor)
        return Src(self.text[item], self.mask[item], self.pos[item], anchor)

    def strip(self) -> Src:
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        return self[start:max(start, end)]

    def find(self, sub: str, start: int = 0, end: int | None = None) -> int:
        return self.mask.find(sub, start, len(self.mask) if end is None else end)

    def at(self, index: int) -> int:
        """The file offset of character ``index`` (the last character's, past the end)."""
        if not self.pos:
            return self.anchor
        return self.pos[min(max(index, 0), len(self.pos) - 1)]

    def flat(self) -> str:
        """The text with the file's own line breaks as spaces; a ``\\n`` escape stays a line break."""
        if "\n" not in self.mask:
            return self.text
        parts, done = [], 0
        for match in re.finditer("\n", self.mask):
            parts.append(self.text[done : match.start()])
            done = match.end()
        parts.append(self.text[done:])
        return " ".join(parts)

    def split_at(self, marks: str) -> list[tuple[int, Src]]:
        """The pieces that start at each active character in ``marks``, with the offset of that character;
        the piece before the first mark comes first with offset -1."""
        cuts = [i for i, char in enumerate(self.mask) if char in marks]
        pieces = [(-1, self[: cuts[0] if cuts else len(self)])]
        for n, cut in enumerate(cuts):
            pieces.append((cut, self[cut + 1 : cuts[n + 1] if n + 1 < len(cuts) else len(self)]))
        return pieces


_ESCAPE = re.compile(r"\\([~=#{}:\\\\n])")


def cook(lines: list[tuple[int, int, str]], escapes: bool = True) -> Src:
    """A question's lines joined by line breaks, with backslash escapes resolved as Moodle does:
    ``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n``; any other backslash stays as it is. An escape never spans
    lines (a line break is not escapable), so each line is cooked on its own."""
    text: list[str] = []
    mask: list[str] = []
    starts: list[int] = []
    bases: list[int] = []
    length = 0

    def run(piece: str, piece_mask: str, offset: int) -> None:
        nonlocal length
        text.append(piece)
        mask.append(piece_mask)
        starts.append(length)
        bases.append(offset)
        length += len(piece)

    for number, (_, offset, line) in enumerate(lines):
        if number:
            text.append("\n")  # continues the previous line's run: its offset is that line's end
            mask.append("\n")
            length += 1
        if not escapes or "\\" not in line:
            run(line, line, offset)
            continue
        done = 0
        for match in _ESCAPE.finditer(line):
            if match.start() > done:
                piece = line[done : match.start()]
                run(piece, piece, offset + done)
            run("\n" if match.group(1) == "n" else match.group(1), "\0", offset + match.start())
            done = match.end()
        if done < len(line):
            piece = line[done:]
            run(piece, piece, offset + done)
    joined = "".join(text)
    return Src(joined, "".join(mask), Offsets(starts, bases, 0, length))
