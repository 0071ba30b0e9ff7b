"""Questions written for the tools a school already has: ``orbitquiz export PACK --to FORMAT``.

Each format has one writer; formats orbitquiz also reads keep their writer beside their reader (GIFT in
readers/gift/writer.py, orbitquiz's CSV in readers/spreadsheet.py, Quizlet's text in readers/flashcards.py), so
that one place holds a format's rules both ways. Moodle XML and Anki's .apkg, which orbitquiz does not read, are
written by the modules of this package.
"""

from __future__ import annotations

from collections.abc import Sequence

from orbitquiz.model import Question

#: The formats, in the order the command lists them.
FORMATS = ("gift", "moodle-xml", "anki", "quizlet", "csv")
#: Formats written as a file of bytes (a zip), never to standard output.
BINARY = frozenset({"anki"})
#: The kinds of question a format cannot hold: orbitquiz's CSV has no column for a choose-all's weights or a
#: matching question's pairs. (A flashcard or an Anki note holds any question: its text, and its answer's.)
CANNOT_HOLD = {"csv": frozenset({"multi", "match"})}
#: The file extension each format's file is given.
EXTENSIONS = {"gift": ".gift", "moodle-xml": ".xml", "anki": ".apkg", "quizlet": ".txt", "csv": ".csv"}


def left_out(questions: Sequence[Question], fmt: str) -> list[Question]:
    """The questions a format cannot hold, which its export leaves out."""
    kinds = CANNOT_HOLD.get(fmt, frozenset())
    return [question for question in questions if question.kind in kinds]


def export_text(questions: Sequence[Question], fmt: str, title: str | None) -> str:
    """The questions in a text format (every format but ``anki``), less those it cannot hold (``left_out``)."""
    kinds = CANNOT_HOLD.get(fmt, frozenset())
    questions = [question for question in questions if question.kind not in kinds]
    if fmt == "gift":
        from orbitquiz.readers import gift

        return gift.write(questions, title=title)
    if fmt == "moodle-xml":
        from orbitquiz.export import moodle_xml

        return moodle_xml.write(questions, title=title)
    if fmt == "quizlet":
        from orbitquiz.readers import flashcards

        return flashcards.write(questions)
    if fmt == "csv":
        from orbitquiz.readers import spreadsheet

        return spreadsheet.write(questions)
    raise ValueError(f"not a text format: {fmt}")


def export_deck(questions: Sequence[Question], name: str, title: str) -> bytes:
    """The questions as an Anki package (``.apkg``)."""
    from orbitquiz.export import anki

    return anki.write(questions, name=name, title=title)
