"""Flashcards as Quizlet and Anki export them as plain text: one card a line, its two sides split by a tab (or
the separator Anki's header names), no header row.

    1 x 7 =	7
    Capital of Peru	Lima

Anki's "Notes in Plain Text" export may open with header lines, which are read, not asked::

    #separator:tab           tab, comma, semicolon, space, pipe, colon, or the character itself
    #html:true               the fields hold HTML: shown as its text
    #guid column:1           columns that hold no side of the card (guid, notetype, deck, tags) are skipped
    #tags column:4

Each card becomes a fill-in question: its first side is asked, its second is the answer. A value in double
quotes may hold the separator or a line break (as Anki writes them). A line with one side only, or an empty
side, is an error at its place; the other cards still play (PackError.pack).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from orbitquiz.model import Pack, PackError, Problem, Question, Source
from orbitquiz.readers.common import QuestionIds, finish, pack_title
from orbitquiz.readers.gift import html_text
from orbitquiz.readers.spreadsheet import records

DEFAULT_TYPE = "card"
#: Anki's names for its separators (its importer reads the character itself too).
SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
#: Columns Anki's export adds that are no side of a card.
META_COLUMNS = ("guid", "notetype", "deck", "tags")
#: A header line of Anki's export: ``#key:value``, only at the top of the file.
_HEADER = re.compile(r"#([a-z ]+):(.*)\Z")


def has_anki_header(text: str) -> bool:
    """Whether the text opens with Anki's ``#separator:`` or ``#html:`` header line."""
    first = text.lstrip("\n").split("\n", 1)[0].strip().lower()
    return first.startswith(("#separator:", "#html:"))


def looks_like_cards(text: str) -> bool:
    """Whether every non-blank line of the text (a file's start) holds a tab: term TAB definition."""
    lines = [line for line in text.split("\n")[:-1] if line.strip()] or [line for line in text.split("\n") if
                                                                         line.strip()]
    return bool(lines) and all("\t" in line for line in lines)


def read(text: str, path: str) -> Pack:
    problems: list[Problem] = []
    lines = text.split("\n")
    separator, html, skipped = "\t", False, set()
    body_start = 0
    for number, line in enumerate(lines):
        found = _HEADER.match(line.strip().lower())
        if found is None:
            break
        key, value = found.group(1).strip(), line.split(":", 1)[1].strip()
        body_start = number + 1
        if key == "separator":
            separator = SEPARATORS.get(value.lower(), value)
            if len(separator) != 1:
                problems.append(Problem(path, number + 1, line.index(":") + 2, f"unknown separator '{value}' — "
                                        f"use one of {', '.join(SEPARATORS)} or a single character"))
                raise PackError(problems)
        elif key == "html":
            html = value.lower() == "true"
        elif key.endswith(" column") and key.removesuffix(" column") in META_COLUMNS and value.isdigit():
            skipped.add(int(value) - 1)
    # Header lines become blank lines, so that every card keeps its line number.
    body = "\n" * body_start + "\n".join(lines[body_start:])
    questions: list[Question] = []
    ids = QuestionIds(path)
    left_out = 0
    stop: list[Problem] = []
    for row, positions, end in records(body, separator, path, stop):
        sides = [(value, position) for index, (value, position) in enumerate(zip(row, positions))
                 if index not in skipped]
        if not any(value.strip() for value, _ in sides):
            continue  # a blank line
        made = _card(sides, end, separator, html, path, problems)
        if made is None:
            left_out += 1
        else:
            questions.append(ids.add(made, sides[0][1][1], problems))
    problems += stop
    left_out += bool(stop)
    empty = Problem(path, 1, 1, "the file has no cards — write one card a line: the question, a tab, the answer")
    return finish(Pack(path=path, title=pack_title(path), questions=tuple(questions)), problems, left_out, empty)


def _card(sides: list[tuple[str, tuple[int, int]]], end: tuple[int, int], separator: str, html: bool, path: str,
          problems: list[Problem]) -> Question | None:
    name = "a tab" if separator == "\t" else f"'{separator}'"
    if len(sides) < 2:
        problems.append(Problem(path, *end, f"this card has one side only — put {name} between the question and "
                                "its answer"))
        return None
    (front, front_at), (back, back_at) = sides[0], sides[1]
    prompt, answer = _text(front, html), _text(back, html)
    if not prompt:
        problems.append(Problem(path, *front_at, "empty question — write the question before the " +
                                ("tab" if separator == "\t" else "separator")))
    if not answer:
        problems.append(Problem(path, *back_at, "empty answer — write the answer after the " +
                                ("tab" if separator == "\t" else "separator")))
    if not prompt or not answer:
        return None
    return Question(id="", kind="fill", prompt=prompt, options=(), answer=answer, accepted=(), type=DEFAULT_TYPE,
                    hint=None, source=Source(path, front_at[0], prompt))


def _text(value: str, html: bool) -> str:
    return html_text(value) if html else " ".join(value.split())


# --- writing --------------------------------------------------------------------------------------------------


def write(questions: Iterable[Question]) -> str:
    """Quizlet's paste-in text (between term and definition: Tab; between cards: new line): each question's text,
    a tab, its answer. :func:`read` reads it back to the same texts and answers; the wrong options of a choice
    question are not part of a flashcard. A side that starts with a quote or a ``#`` is written in quotes, so that
    it is never read as a quoted value's opening or as Anki's header."""
    return "".join(f"{_side(q.prompt)}\t{_side(q.answer)}\n" for q in questions)


def _side(text: str) -> str:
    text = " ".join(text.split())  # a tab or a line break would split the card
    return '"' + text.replace('"', '""') + '"' if text.startswith(('"', "#")) else text
