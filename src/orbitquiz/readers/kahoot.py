"""Kahoot's spreadsheet template: its ``.xlsx``, or the same layout saved as CSV.

The template opens with a title and instructions, then a header row, then one question a row::

    (number) | Question - max 120 characters | Answer 1 - max 75 characters | ... | Answer 4 - max 75 characters
             | Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs | Correct answer(s) - choose at least one

The header row is found by its names (the first row naming a question, a first answer and the correct answer),
compared by their first words: ``Answer1`` and ``Option 1`` are ``Answer 1``, ``Correct Answer`` is ``Correct
answer(s)``; an ``Explanation`` column is read too. The correct answer is the number of an answer (``2``), several
numbers (``1,3``: Kahoot counts any of them right, and so does orbitquiz), or an answer's own text. The time
limit is Kahoot's: orbitquiz's timer is its own setting, so that column is not read.

Positions are (row, column) of the sheet, as for a CSV file (line, column): ``quiz.xlsx:9:3`` is cell C9.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

from orbitquiz.model import AnswerKey, Pack, PackError, Problem, Question, Source
from orbitquiz.readers.common import QuestionIds, finish, normalised_option, pack_title, refuse
from orbitquiz.readers.spreadsheet import records, sniff_delimiter

DEFAULT_TYPE = "kahoot"
#: How far down the header row is looked for (the template has it on row 8).
HEADER_ROWS = 30
#: At most this many rows of a sheet are read: Kahoot takes a few hundred questions; this bounds a hostile file.
MAX_ROWS = 20_000
#: A workbook is a zip: what it would unpack to is bounded before anything is unpacked.
MAX_UNPACKED_BYTES = 200_000_000
_NAME = re.compile(r"\s*(question|answer|option|correct answer|correct|explanation|time limit)\s*(\d*)", re.I)
_NUMBERS = re.compile(r"\s*\d+(?:\.0+)?(?:\s*[,;]\s*\d+(?:\.0+)?)*\s*\Z")

Position = tuple[int, int]
Row = tuple[list[str], list[Position]]


def column_name(cell: str) -> str | None:
    """What a header cell names: "question", "answer 2", "correct", "explanation", "time" or None."""
    found = _NAME.match(cell)
    if found is None:
        return None
    word, number = found.group(1).lower(), found.group(2)
    if word in ("answer", "option"):
        return f"answer {int(number)}" if number else None
    if word.startswith("correct"):
        return "correct"
    return "time" if word == "time limit" else word


def is_header(cells: Iterable[str]) -> bool:
    names = {column_name(cell) for cell in cells}
    return {"question", "answer 1", "correct"} <= names


def recognises(rows: Iterable[list[str]]) -> bool:
    """Whether one of the first rows of a table is Kahoot's header row."""
    return any(is_header(cells) for _, cells in zip(range(HEADER_ROWS), rows))


def read(text: str, path: str) -> Pack:
    """The template saved as CSV (or TSV)."""
    delimiter = "\t" if path.lower().endswith(".tsv") else sniff_delimiter(text)
    stop: list[Problem] = []
    rows = [(row, positions) for row, positions, _ in records(text, delimiter, path, stop)]
    return _read_rows(rows, path, stop)


def read_bytes(data: bytes, path: str) -> Pack:
    """The template as an Excel workbook (``.xlsx``): its first sheet with Kahoot's header row."""
    rows = _sheet_rows(data, path)
    return _read_rows(rows, path, [])


def _sheet_rows(data: bytes, path: str) -> list[Row]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise PackError(Problem(path, 1, 1, "this is not an Excel workbook (.xlsx) — save the spreadsheet as an "
                                "Excel workbook, or as CSV")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise PackError(Problem(path, 1, 1, f"the workbook unpacks to {unpacked / 1e6:.0f} MB; a pack may be at "
                                f"most {MAX_UNPACKED_BYTES / 1e6:.0f} MB — keep only the quiz's sheet"))
    import openpyxl  # only for a workbook: the game starts sooner without it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            first: list[Row] | None = None
            for sheet in book.worksheets:
                rows = []
                for number, values in enumerate(sheet.iter_rows(max_row=MAX_ROWS, values_only=True), start=1):
                    cells = ["" if value is None else _cell_text(value) for value in values]
                    rows.append((cells, [(number, column) for column in range(1, len(cells) + 1)]))
                if first is None:
                    first = rows
                if recognises(cells for cells, _ in rows):
                    return rows
            return first or []
        finally:
            book.close()
    except PackError:
        raise
    except Exception as error:  # openpyxl raises many kinds (KeyError, XML errors ...) for a damaged workbook
        raise PackError(Problem(path, 1, 1, f"cannot read the workbook ({type(error).__name__}: {error}) — open it "
                                "in a spreadsheet and save it again as .xlsx")) from None


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed in a cell is read as 2.0: it is the 2 that was typed
    return str(value)


def _read_rows(rows: list[Row], path: str, stop: list[Problem]) -> Pack:
    problems: list[Problem] = []
    header_at = next((i for i, (cells, _) in enumerate(rows[:HEADER_ROWS]) if is_header(cells)), None)
    if header_at is None:
        problems += stop
        problems.append(Problem(path, 1, 1, "no Kahoot header row found — the template's row naming 'Question', "
                                "'Answer 1' ... 'Answer 4' and 'Correct answer(s)' must come before the questions"))
        refuse(problems)
    header_cells, header_positions = rows[header_at]
    columns: dict[str, int] = {}
    for index, (cell, position) in enumerate(zip(header_cells, header_positions)):
        name = column_name(cell)
        if name is None or name == "time":
            continue
        if name in columns:
            problems.append(Problem(path, *position, f"column '{cell.strip()}' appears twice — keep one",
                                    "warning"))
            continue
        columns[name] = index
    answers = sorted((name for name in columns if name.startswith("answer ")), key=lambda n: int(n.split()[1]))
    ids = QuestionIds(path)
    questions: list[Question] = []
    left_out = 0
    for cells, positions in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        made = _question(cells, positions, columns, answers, path, problems)
        if made is None:
            left_out += 1
        else:
            question, column = made
            questions.append(ids.add(question, column, problems))
    problems += stop
    left_out += bool(stop)
    empty = Problem(path, header_positions[0][0], 1, "the sheet has no questions — add one row per question under "
                    "the header row")
    return finish(Pack(path=path, title=pack_title(path), questions=tuple(questions)), problems, left_out, empty)


def _question(cells: list[str], positions: list[Position], columns: dict[str, int], answers: list[str], path: str,
              problems: list[Problem]) -> tuple[Question, int] | None:
    row = positions[0][0] if positions else 1
    end = (row, len(cells) + 1)

    def cell(name: str) -> tuple[str, Position]:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return "", end if index is None else (row, index + 1)
        return " ".join(cells[index].split()), positions[index]

    errors = len([p for p in problems if p.severity == "error"])
    prompt, prompt_at = cell("question")
    if not prompt:
        problems.append(Problem(path, *prompt_at, "empty question — write the question in the 'Question' column"))
    offered: list[tuple[int, str, Position]] = []  # (the answer's number, its text, where)
    for name in answers:
        text, at = cell(name)
        if not text:
            continue
        if any(text == other for _, other, _ in offered):
            problems.append(Problem(path, *at, f"the answer '{text}' is given twice — the repeat is left out; "
                                    "write a different answer", "warning"))
            continue
        offered.append((int(name.split()[1]), text, at))
    correct, correct_at = cell("correct")
    right: list[str] = []
    if not correct:
        problems.append(Problem(path, *correct_at, "no correct answer — write the number of the right answer "
                                "(1 to 4), or several separated by commas"))
    elif _NUMBERS.match(correct):
        by_number = {number: text for number, text, _ in offered}
        for part in re.split(r"[,;]", correct):
            number = int(float(part))
            if number not in by_number:
                problems.append(Problem(path, *correct_at, f"the correct answer {number} is no answer of this "
                                        f"row — write the number of a filled answer column ({_numbers(offered)})"))
            elif by_number[number] not in right:
                right.append(by_number[number])
    else:
        same = [text for _, text, _ in offered if normalised_option(text) == normalised_option(correct)]
        if same:
            right.append(same[0])
        else:
            problems.append(Problem(path, *correct_at, f"the correct answer '{correct}' is none of the answers — "
                                    "write its number (1 to 4) or its text as in its column"))
    if prompt and len(offered) < 2:
        problems.append(Problem(path, *prompt_at, "a Kahoot question needs at least two different answers — fill "
                                "'Answer 1' and 'Answer 2'"))
    if len([p for p in problems if p.severity == "error"]) > errors:
        return None
    explanation = cell("explanation")[0] or None
    options = tuple(text for _, text, _ in offered)
    keys = tuple(AnswerKey(text=text) for text in right[1:])  # every right answer counts, as in Kahoot
    return Question(id="", kind="choice", prompt=prompt, options=options, answer=right[0], accepted=(),
                    type=DEFAULT_TYPE, hint=None, source=Source(path, prompt_at[0], prompt),
                    explanation=explanation, keys=keys), prompt_at[1]


def _numbers(offered: list[tuple[int, str, Position]]) -> str:
    return ", ".join(str(number) for number, _, _ in offered) or "none filled"
