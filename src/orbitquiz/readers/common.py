"""What the readers share: pack names and titles, stable ids, how options are compared, and how a pack with some
broken questions still plays the rest."""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from pathlib import PurePath
from typing import NoReturn

from orbitquiz.grading import normalize
from orbitquiz.model import Pack, PackError, Problem, Question

#: A fact type's name, in every format: lowercase letters, digits and '-', starting with a letter ("person").
TYPE_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
#: Suffixes that name a format inside a ``.txt`` name (Moodle exports ``questions.gift.txt``).
DOUBLE_SUFFIXES = (".gift.txt", ".aiken.txt")


def normalised_option(text: str) -> str:
    """How two options are compared: as the grader compares answers ("The Moon" is "moon"), else casefolded."""
    return normalize(text) or " ".join(text.split()).casefold()


def pack_name(path: str | PurePath) -> str:
    """A pack's name: its file name without the format's extension (``seeds/first-film.md`` → ``first-film``)."""
    path = PurePath(path)
    name = path.name
    for suffix in (*DOUBLE_SUFFIXES, *(path.suffixes[-1:])):
        if name.lower().endswith(suffix.lower()):
            return name[: -len(suffix)]
    return name


def line_breaks(text: str) -> str:
    """The text with every line break made ``\\n`` (``\\r\\n`` and a lone ``\\r`` too): what every reader reads."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems as a compiler lists them: by line, then column; those at one place in the order they were found."""
    return sorted(problems, key=lambda p: (p.line, p.column))


def refuse(problems: list[Problem]) -> NoReturn:
    """Raise the PackError of a file nothing of which can be played."""
    raise PackError(in_file_order(problems))


def finish(pack: Pack, problems: list[Problem], left_out: int, empty: Problem | None = None) -> Pack:
    """A reader's result: ``pack`` with its warnings when ``problems`` holds no error; otherwise PackError, which
    carries the pack (its errors and the number of questions they left out filled in) if anything still plays.

    Problems are kept in file order (``in_file_order``), whichever reader found them. ``empty`` is the error to
    report when the pack has nothing to play and no other error says why: it sums up the file, so it comes last."""
    problems = in_file_order(problems)
    if empty is not None and not (pack.questions or pack.facts) and not any(p.severity == "error" for p in problems):
        problems.append(empty)
    errors = tuple(p for p in problems if p.severity == "error")
    warnings = tuple(p for p in problems if p.severity == "warning")
    if not errors:
        return dataclasses.replace(pack, warnings=warnings)
    playable = pack.questions or pack.facts
    partial = dataclasses.replace(pack, warnings=warnings, errors=errors, left_out=left_out)
    raise PackError(problems, partial if playable else None)


def excerpt(text: str, limit: int = 40) -> str:
    """A piece of the file as a problem quotes it: its whitespace squeezed, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pack_title(path: str) -> str:
    """A title for a pack that names none: its name in words, "space-stations" → "Space stations"."""
    words = " ".join(pack_name(path).replace("-", " ").replace("_", " ").split())
    return (words[:1].upper() + words[1:]) or "Questions"


def digest(text: str) -> str:
    """A short stable hash of a question's text: its id when the pack gives it no name."""
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


class QuestionIds:
    """Stable ids, the one scheme of every reader that reads questions: the question's own name when the pack
    gives it one (GIFT's ``::title::``), else a hash of its text, so that editing one question leaves every other
    one's id unchanged. An id already taken gets ``.2``, ``.3`` ... the second time, the third ...

    With ``warn_repeats``, a question whose text was asked before gets a warning.
    """

    def __init__(self, path: str, warn_repeats: bool = True) -> None:
        self.path = path
        self.warn_repeats = warn_repeats
        self.taken: set[str] = set()
        self.next_suffix: dict[str, int] = {}  # the next number to try after an id already taken
        self.first_line: dict[str, int] = {}  # id -> line of the question that took it first

    def add(self, question: Question, column: int, problems: list[Problem], name: str | None = None) -> Question:
        """``question`` with its id (and fact id): ``name`` if given, else its text's digest."""
        base = name or digest(question.prompt)
        id_, suffix = base, self.next_suffix.get(base, 2)
        while id_ in self.taken:
            id_, suffix = f"{base}.{suffix}", suffix + 1
        self.next_suffix[base] = suffix
        self.taken.add(id_)
        first = self.first_line.setdefault(base, question.source.line)
        if id_ != base and self.warn_repeats:
            problems.append(Problem(self.path, question.source.line, column, "the same question as on line "
                                    f"{first} — remove one or reword it", "warning"))
        return dataclasses.replace(question, id=id_, fact_id=id_)


class LineIndex:
    """Line and column (both 1-based) of an offset into a text whose first line is ``first_line``, in O(log n).

    The line starts are found on the first question: a reader that tracks its own lines (the tag scanner does)
    never needs them for a clean file.
    """

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text = text
        self.starts: list[int] | None = None
        self.first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        if self.starts is None:
            self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1
