"""Packs from the tools a school already has: Quizlet's and Anki's plain-text exports (flashcards) and Kahoot's
spreadsheet template (.xlsx, and the same layout saved as CSV). Small files of our own here; the real files of
../shared/conformance are read where they are, when they are there."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orbitquiz import grade
from orbitquiz.model import PackError
from orbitquiz.readers import load_pack, parse, sniff

CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance"
if not CONFORMANCE.is_dir():
    CONFORMANCE = Path("/work/shared/conformance")


def problems_of(text: str, path: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(PackError) as info:
        parse(text, path)
    return [(p.line, p.column, p.severity, p.message) for p in info.value.problems]


def external(name: str) -> Path:
    path = CONFORMANCE / name
    if not path.is_file():
        pytest.skip(f"{name} is not in {CONFORMANCE}")
    return path


# --- flashcards: Quizlet and Anki ------------------------------------------------------------------------------


def test_quizlets_export_is_one_fill_in_question_a_line():
    pack = parse("Capital of Peru\tLima\n\nLargest moon of Saturn\tTitan\n", "cards.txt")
    assert [(q.kind, q.prompt, q.answer, q.source.line, q.type) for q in pack.questions] == [
        ("fill", "Capital of Peru", "Lima", 1, "card"), ("fill", "Largest moon of Saturn", "Titan", 3, "card")]
    assert grade(pack.questions[1], "titan").correct


def test_a_headerless_tsv_is_read_as_flashcards_and_one_with_a_header_as_a_spreadsheet():
    # Once refused ("the first row must be a header"): it is what Anki and Quizlet export.
    [card] = parse("What is it?\tMars\n", "x.tsv").questions
    assert (card.prompt, card.answer, card.kind) == ("What is it?", "Mars", "fill")
    assert [q.answer for q in parse("1 x 7 =\t7\n2 x 2 =\t4\n", "math.tsv").questions] == ["7", "4"]
    [q] = parse("question\tanswer\n1 x 7 =\t7\n", "math.tsv").questions
    assert (q.prompt, q.type) == ("1 x 7 =", "csv")


def test_ankis_header_names_the_separator_the_html_and_the_columns_that_are_no_side():
    text = ('#separator:Semicolon\n#html:true\n#guid column:1\n#tags column:4\n'
            'a1b2;What is <b>H<sub>2</sub>O</b>?;"water &amp; ice";chem\n'
            'c3d4;"Two lines;\nin one field";<i>yes</i>;chem\n')
    pack = parse(text, "deck.txt")
    assert [(q.prompt, q.answer, q.source.line) for q in pack.questions] == [
        ("What is H2O?", "water & ice", 5), ("Two lines; in one field", "yes", 6)]  # HTML: a line break is a space


def test_without_html_true_markup_is_shown_literally():
    [q] = parse("#separator:tab\n<b>bold</b>\t[red]x[/red]\n", "deck.txt").questions
    assert (q.prompt, q.answer) == ("<b>bold</b>", "[red]x[/red]")


def test_a_card_with_one_side_or_an_empty_side_is_an_error_at_its_place_and_the_rest_plays():
    text = "Capital of Peru\tLima\nno tab here\n\tTitan\nMars\t\n"
    with pytest.raises(PackError) as info:
        parse(text, "cards.tsv")
    assert [(p.line, p.column, p.message.split(" — ")[0]) for p in info.value.problems] == [
        (2, 12, "this card has one side only"), (3, 1, "empty question"), (4, 6, "empty answer")]
    assert [q.answer for q in info.value.pack.questions] == ["Lima"]
    assert info.value.pack.left_out == 3


def test_an_unknown_separator_is_refused_where_it_is_named():
    [(line, column, severity, message)] = problems_of("#separator:wavy\na~b\n", "deck.txt")
    assert (line, column, severity) == (1, 12, "error") and "unknown separator 'wavy'" in message


def test_a_txt_file_is_sniffed_as_flashcards_by_ankis_header_or_a_tab_on_every_line():
    assert sniff("#html:false\nQ\tA\n") == "flashcards"
    assert sniff("Q1\tA1\nQ2\tA2\n") == "flashcards"
    assert sniff("Q1\tA1\nQ2 without a tab\n") is None


_side = st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"], blacklist_characters='\t"#'),
                min_size=1, max_size=30).filter(lambda s: s.split() != [])


@given(st.lists(st.tuples(_side, _side), min_size=1, max_size=8))
def test_any_cards_written_term_tab_definition_read_back_as_written(cards):
    text = "".join(f"{front}\t{back}\n" for front, back in cards)
    pack = parse(text, "cards.tsv")
    assert [(q.prompt, q.answer) for q in pack.questions] == [(" ".join(f.split()), " ".join(b.split()))
                                                              for f, b in cards]


# --- Kahoot ----------------------------------------------------------------------------------------------------

TEMPLATE_HEADER = ["", "Question - max 120 characters", "Answer 1 - max 75 characters",
                   "Answer 2 - max 75 characters", "Answer 3 - max 75 characters", "Answer 4 - max 75 characters",
                   "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
                   "Correct answer(s) - choose at least one"]
ROWS = [[1, "Which planet is largest?", "Mars", "Jupiter", "Venus", "Mercury", 20, 2],
        [2, "Which are gas giants?", "Saturn", "Earth", "Jupiter", None, 30, "1,3"],
        [3, "Is the Sun a star?", "True", "False", None, None, 10, 1]]


def workbook(path: Path, rows: list[list[object]], header_row: int = 8) -> Path:
    """Kahoot's template as its site gives it: a title, instructions, the header on row 8."""
    book = openpyxl.Workbook()
    sheet = book.active
    if header_row > 3:
        sheet["B2"] = "Quiz template"
        sheet["B3"] = "Add questions, at least two answer alternatives, time limit and choose correct answers."
    for column, name in enumerate(TEMPLATE_HEADER, start=1):
        sheet.cell(header_row, column, name)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(header_row + offset, column, value)
    book.save(path)
    return path


def check_template_questions(pack) -> None:
    assert [(q.kind, q.prompt, q.options, q.answer, q.type) for q in pack.questions] == [
        ("choice", "Which planet is largest?", ("Mars", "Jupiter", "Venus", "Mercury"), "Jupiter", "kahoot"),
        ("choice", "Which are gas giants?", ("Saturn", "Earth", "Jupiter"), "Saturn", "kahoot"),
        ("choice", "Is the Sun a star?", ("True", "False"), "True", "kahoot")]
    giants = pack.questions[1]
    assert grade(giants, "Saturn").correct and grade(giants, "Jupiter").correct  # any right one, as in Kahoot
    assert not grade(giants, "Earth").correct


def test_kahoots_xlsx_template_is_read_from_its_header_row(tmp_path):
    pack = load_pack(workbook(tmp_path / "planets.xlsx", ROWS))
    check_template_questions(pack)
    assert [q.source.line for q in pack.questions] == [9, 10, 11]


def test_the_template_saved_as_csv_reads_the_same(tmp_path):
    import csv

    path = tmp_path / "planets.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerows([["", "Quiz template"], [], *([[]] * 5), TEMPLATE_HEADER,
                          *[["" if v is None else v for v in row] for row in ROWS]])
    check_template_questions(load_pack(path))


def test_a_correct_answer_may_be_an_answers_text_and_an_explanation_is_read():
    text = ("Question,Option 1,Option 2,Option 3,Correct Answer,Explanation\n"
            "Red planet?,Venus,Mars,Earth,Mars,Iron oxide on its surface.\n")
    [q] = parse(text, "quiz.csv").questions
    assert (q.answer, q.options, q.explanation) == ("Mars", ("Venus", "Mars", "Earth"), "Iron oxide on its surface.")


def test_a_wrong_correct_cell_is_an_error_at_its_cell_and_the_other_rows_play(tmp_path):
    rows = [ROWS[0], [2, "Which moon?", "Io", "Europa", None, None, 20, 4], [3, "Which sea?", "A", "B", None, None,
                                                                             20, "Z"]]
    with pytest.raises(PackError) as info:
        load_pack(workbook(tmp_path / "broken.xlsx", rows))
    assert [(p.line, p.column) for p in info.value.problems] == [(10, 8), (11, 8)]  # cells H10 and H11
    assert "the correct answer 4 is no answer of this row" in info.value.problems[0].message
    assert "'Z' is none of the answers" in info.value.problems[1].message
    assert [q.prompt for q in info.value.pack.questions] == ["Which planet is largest?"]


def test_a_file_named_xlsx_that_is_no_workbook_is_refused_at_1_1(tmp_path):
    path = tmp_path / "quiz.xlsx"
    path.write_bytes(b"question,answer\nA,B\n")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert (info.value.line, info.value.column) == (1, 1) and "not an Excel workbook" in info.value.message
    path.write_bytes(b"PK\x03\x04" + b"\0" * 40)  # a zip's start, and nothing readable after it
    with pytest.raises(PackError):
        load_pack(path)


def test_a_workbook_without_kahoots_header_says_what_it_needs(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "just notes"
    book.save(tmp_path / "notes.xlsx")
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "notes.xlsx")
    assert (info.value.line, info.value.column) == (1, 1) and "no Kahoot header row" in info.value.message


_cell = st.none() | st.integers(-5, 9) | st.floats(allow_nan=False) | st.sampled_from(
    ["1,3", "2", "Answer 1", "Correct answer(s)", "Question", "", " ", "=SUM(A1)", "<b>x</b>", "[red]x"]) | st.text(
    max_size=12).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text))  # what a worksheet can hold


@given(st.lists(st.lists(_cell, max_size=9), max_size=8), st.integers(1, 12))
def test_any_cells_under_kahoots_header_are_a_pack_or_errors_in_the_sheet(tmp_path_factory, rows, header_row):
    path = workbook(tmp_path_factory.mktemp("xlsx") / "fuzz.xlsx", rows, header_row)
    try:
        pack = load_pack(path)
    except PackError as error:
        assert all(1 <= p.line <= header_row + len(rows) + 1 and 1 <= p.column for p in error.problems)
        pack = error.pack
    for q in pack.questions if pack else ():
        assert q.kind == "choice" and q.answer in q.options and len(set(q.options)) == len(q.options) >= 2


# --- the real files ---------------------------------------------------------------------------------------------


def test_ankis_math_deck_reads_its_91_cards():
    pack = load_pack(external("LucasWolfgang__QAS-Editor__test__datasets__anki__math.txt.tsv"))
    assert len(pack.questions) == 91
    assert (pack.questions[6].prompt, pack.questions[6].answer) == ("1 x 7 =", "7")


def test_the_kahoot_csv_plays_four_and_refuses_the_one_whose_answers_are_all_dots():
    with pytest.raises(PackError) as info:
        load_pack(external("LucasWolfgang__QAS-Editor__test__datasets__kahoot__kahoot.csv"))
    [error] = [p for p in info.value.problems if p.severity == "error"]
    assert (error.line, error.column) == (6, 3) and "two different answers" in error.message
    questions = info.value.pack.questions
    assert [q.answer for q in questions] == ["2.5", "Teaching with Moodle", "The workshop module", "November 2015"]


def test_the_kahoot_generators_csv_reads_its_16_questions():
    pack = load_pack(external("pacphi__kahoot-quiz-generator__samples__input__male-voices-quiz.csv"))
    assert len(pack.questions) == 16 and not pack.warnings
    assert pack.questions[0].answer == "Up to an inch and a half"
    assert all(q.answer in q.options and q.explanation for q in pack.questions)
