"""Spreadsheets saved as CSV or TSV: a header row naming the columns, then one question per row.

    question,answer,wrong1,wrong2,wrong3,accept,hint,explanation,type
    Which station fell in 1979?,Skylab,Mir,Salyut 7,Tiangong-1,,,"It broke up over Australia.",station
    How many people lived on Mir at most?,6,,,,six,,,number

Column names are trimmed and compared ignoring case; ``question`` and ``answer`` are required. ``wrong``,
``wrong1`` ... ``wrongN`` hold wrong answers: a row with at least one is a multiple-choice question whose options
are the answer then its wrong answers, in that order (``generate()`` shuffles them per seed); a row with none is a
fill-in question. ``accept`` lists other typed answers that count as right, separated by ``|``. ``hint`` and
``explanation`` (shown after answering) are optional, and so is ``type`` (default ``csv``).

A wrong answer that is the answer or an accepted one as the grader compares answers, or that repeats another, is
left out with a warning; a row with an error is left out and the other rows still play (PackError.pack).

A ``.tsv`` file is split at tabs; a ``.csv`` file at ``,`` or ``;`` (exports in many European locales use ``;``),
whichever its header row has more of. The csv module reads the values; positions come from a scan of each row's
own lines, so a quoted value over several lines keeps every later line number true.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from orbitquiz.model import Pack, Problem, Question, Source
from orbitquiz.readers.common import TYPE_NAME, QuestionIds, finish, normalised_option, pack_title, refuse

DEFAULT_TYPE = "csv"
REQUIRED = ("question", "answer")
OPTIONAL = ("accept", "hint", "explanation", "type")
ALLOWED = "question, answer, wrong (or wrong1, wrong2, ... wrongN), accept, hint, explanation, type"
_EXAMPLE_COLUMNS = ("question", "answer", "wrong1", "wrong2", "wrong3")
_WRONG = re.compile(r"wrong(?:[1-9][0-9]*)?\Z")
_QUOTE = '"'
_UNTERMINATED = 'unterminated quote — close the value with " (and write a quote inside a value as "")'
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "a tab"}

Position = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Column:
    name: str  # trimmed and lowercased; "" for a column with no name, which is ignored
    position: Position


def read(text: str, path: str) -> Pack:
    delimiter = "\t" if path.lower().endswith(".tsv") else sniff_delimiter(text)
    problems: list[Problem] = []
    questions: list[Question] = []
    ids = QuestionIds(path)
    header: list[_Column] | None = None
    header_line = 1
    left_out = 0  # rows with an error
    stop: list[Problem] = []  # why reading stopped before the end, if it did
    for row, positions, end in records(text, delimiter, path, stop):
        if not any(cell.strip() for cell in row):
            continue  # a blank row
        if header is None:
            header = _header(row, positions, delimiter, path, problems)
            header_line = positions[0][0]
            if header is None or not {column.name for column in header} >= set(REQUIRED):
                refuse(problems)  # rows cannot be read without both; unknown columns are only ignored
            continue
        found = _question(row, positions, end, header, delimiter, path, problems)
        if found is None:
            left_out += 1
        else:
            question, column = found
            questions.append(ids.add(question, column, problems))
    problems += stop
    left_out += bool(stop)  # the row that could not be read, and all after it
    if header is None:
        empty = Problem(path, 1, 1, f"the file is empty — start with a header row such as {_example(delimiter)}, "
                        "then one question per row")
    else:
        empty = Problem(path, header_line, 1, "the file has no questions — add one row per question under the "
                        "header row")
    return finish(Pack(path=path, title=pack_title(path), questions=tuple(questions)), problems, left_out, empty)


# --- rows and positions ---------------------------------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """',' or ';' (or a tab), whichever the first non-blank line has most of; ',' on a tie."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)  # max keeps the first of equals: ','


def records(text: str, delimiter: str, path: str,
          problems: list[Problem]) -> Iterator[tuple[list[str], list[Position], Position]]:
    """Each record's values, the (line, column) where each value starts, and where the record ends.

    Stops at the first record that cannot be read.
    """
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    reader = csv.reader(iter(lines), delimiter=delimiter, quotechar=_QUOTE, skipinitialspace=True, strict=False)
    while True:
        first = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # Most likely a quote never closed swallowed the rest of the file into one huge value.
            opened = _field_starts("".join(lines[first - 1 :]), delimiter, first)[1]
            if opened is not None:
                problems.append(Problem(path, *opened, _UNTERMINATED))
            else:
                problems.append(Problem(path, first, 1, f"cannot read this row ({error}) — check its quotes and "
                                        "separators"))
            return
        positions, open_quote, end = _field_starts("".join(lines[first - 1 : reader.line_num]), delimiter, first)
        if open_quote is not None:
            problems.append(Problem(path, *open_quote, _UNTERMINATED))
            return
        positions = positions[: len(row)] + [end] * (len(row) - len(positions))
        yield row, positions, end


def _field_starts(raw: str, delimiter: str, line: int) -> tuple[list[Position], Position | None, Position]:
    """Where each value of one record starts (its first non-space character), as the csv module splits it.

    Also the position of a quote still open at the end, if any, and of the end of the record (its line break).
    A blank value starts right after its delimiter.
    """
    starts: list[Position] = []
    column = 1
    begin = opened = (line, column)
    state = "start"  # of a value | plain | quoted | quote (a quote inside a quoted value)
    for char in raw:
        here = (line, column)
        line, column = (line + 1, 1) if char == "\n" else (line, column + 1)
        if state == "quoted":
            if char == _QUOTE:
                state = "quote"
        elif char == _QUOTE and state != "plain":
            # Opens a value, or is the second quote of "" inside one.
            if state == "start":
                starts.append(here)
                opened = here
            state = "quoted"
        elif char == "\n" or char == delimiter:
            if state == "start":
                starts.append(begin)
            if char == "\n":
                return starts, None, here
            state, begin = "start", (line, column)
        elif state == "start":
            if char != " ":  # the csv module skips spaces before a value
                starts.append(here)
                state = "plain"
        else:
            state = "plain"  # text after a closing quote is kept, as the csv module does
    if state == "quoted":
        return starts, opened, (line, column)
    if state == "start":
        starts.append(begin)
    return starts, None, (line, column)


# --- header and questions -------------------------------------------------------------------------------------


def _example(delimiter: str) -> str:
    if delimiter == "\t":
        return "'" + "', '".join(_EXAMPLE_COLUMNS) + "' separated by tabs"
    return "'" + delimiter.join(_EXAMPLE_COLUMNS) + "'"


def _header(row: list[str], positions: list[Position], delimiter: str, path: str,
            problems: list[Problem]) -> list[_Column] | None:
    names = [cell.strip().lower() for cell in row]
    if not set(REQUIRED) & set(names):
        problems.append(Problem(path, *positions[0], "the first row must be a header naming the columns — add a "
                                f"row such as {_example(delimiter)} above the questions"))
        return None
    columns: list[_Column] = []
    seen: dict[str, int] = {}
    for index, (cell, name, position) in enumerate(zip(row, names, positions), start=1):
        if name and not (name in REQUIRED or name in OPTIONAL or _WRONG.match(name)):
            problems.append(Problem(path, *position, f"unknown column '{cell.strip()}' — allowed columns: {ALLOWED}"))
            name = ""
        elif name in seen:
            problems.append(Problem(path, *position, f"column '{cell.strip()}' appears twice (also column "
                                    f"{seen[name]}) — keep one"))
            name = ""
        elif name:
            seen[name] = index
        columns.append(_Column(name, position))
    for name in REQUIRED:
        if name not in seen:
            problems.append(Problem(path, *positions[0], f"missing column '{name}' — add it to the header row, "
                                    f"e.g. {_example(delimiter)}"))
    return columns


def _question(row: list[str], positions: list[Position], end: Position, header: list[_Column], delimiter: str,
              path: str, problems: list[Problem]) -> tuple[Question, int] | None:
    """The question of one row and the column its text starts at, or None after reporting what is wrong."""
    errors = 0

    def error(position: Position, message: str) -> None:
        nonlocal errors
        errors += 1
        problems.append(Problem(path, *position, message))

    def left_out(position: Position, message: str) -> None:
        problems.append(Problem(path, *position, message + " — it is left out of the options; change it or remove "
                                "it", "warning"))

    extra = next((i for i in range(len(header), len(row)) if row[i].strip()), None)
    if extra is not None:
        error(positions[extra], f"this row has {len(row)} values but the header names {len(header)} columns — "
              f"quote a value that contains {_DELIMITER_NAMES[delimiter]}, or remove the extra value")
        return None  # its values are in the wrong columns: anything else said about them would mislead
    cells: dict[str, tuple[str, Position]] = {}
    wrongs: list[tuple[str, Position]] = []
    for index, column in enumerate(header):
        value, position = (row[index], positions[index]) if index < len(row) else ("", end)
        if _WRONG.match(column.name):
            if value.strip():
                wrongs.append((" ".join(value.split()), position))
        elif column.name:
            cells[column.name] = (value, position)

    question, question_at = cells.get("question", ("", end))
    answer, answer_at = cells.get("answer", ("", end))
    question, answer = " ".join(question.split()), " ".join(answer.split())
    if not question:
        error(question_at, "empty question — write the question in the 'question' column")
    if not answer:
        error(answer_at, "empty answer — write the right answer in the 'answer' column")
    accepted: dict[str, str] = {}
    accept, _ = cells.get("accept", ("", end))
    for form in (" ".join(part.split()) for part in accept.split("|")):
        key = normalised_option(form)
        if form and key not in accepted and key != normalised_option(answer):
            accepted[key] = form
    # A wrong answer that is a right one as the grader compares answers ("mars" for "Mars") would be marked wrong
    # when picked: never offered. Nor is a repeat of another word for word ("GB" and "Gb" are two answers).
    right = {normalised_option(form): form for form in (answer, *accepted.values())} if answer else {}
    taken: set[str] = set()
    options = [answer]
    for wrong, position in wrongs:
        same = right.get(normalised_option(wrong))
        if same is not None:
            what = "the answer" if same == answer else f"the accepted answer '{same}'"
            left_out(position, f"wrong answer '{wrong}' is {what} in other words")
        elif wrong in taken:
            left_out(position, f"wrong answer '{wrong}' is given twice")
        else:
            taken.add(wrong)
            options.append(wrong)
    raw_type, type_at = cells.get("type", ("", end))
    type_ = "-".join(raw_type.lower().split()) or DEFAULT_TYPE
    if not TYPE_NAME.match(type_):
        error(type_at, f"'{raw_type.strip()}' is not a type name — use lowercase letters, digits and '-', starting "
              "with a letter, e.g. planet")
    if errors:
        return None
    hint = cells.get("hint", ("", end))[0].strip() or None
    explanation = cells.get("explanation", ("", end))[0].strip() or None
    return Question(
        id="",
        kind="choice" if len(options) > 1 else "fill",
        prompt=question,
        options=tuple(options) if len(options) > 1 else (),
        answer=answer,
        accepted=tuple(accepted.values()),
        type=type_,
        hint=hint,
        source=Source(path, question_at[0], question),
        explanation=explanation,
    ), question_at[1]


# --- writing --------------------------------------------------------------------------------------------------


def write(questions: Iterable[Question]) -> str:
    """orbitquiz's CSV for these questions, which :func:`read` reads back to the same questions as far as the
    columns hold them: the options (the answer, then the wrong ones), accepted answers, hint, explanation and type.
    A choice question's other right options, weighted answers and per-answer feedback have no column (GIFT and
    Moodle XML keep them)."""
    questions = list(questions)
    wrongs = max((len(q.options) - (q.answer in q.options) for q in questions if q.kind == "choice"), default=0)
    header = ["question", "answer", *(f"wrong{n}" for n in range(1, wrongs + 1)), "accept", "hint", "explanation",
              "type"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for q in questions:
        wrong = [option for option in q.options if option != q.answer] if q.kind == "choice" else []
        type_ = "-".join(q.type.lower().split())
        writer.writerow([q.prompt, q.answer, *wrong, *[""] * (wrongs - len(wrong)),
                         "|".join(q.accepted), q.hint or "", q.explanation or "",
                         type_ if TYPE_NAME.match(type_) else ""])
    return out.getvalue()
