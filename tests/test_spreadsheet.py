"""The CSV/TSV reader: every column, delimiters, the exact position of every error, and property tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz import generate
from orbitquiz.model import Pack, PackError, Problem, Question, Source
from orbitquiz.readers import load_pack, parse
from orbitquiz.readers.common import normalised_option
from tests.ids import digest

PACK = Path(__file__).parent.parent / "questions" / "space-stations.csv"


def read(text: str, path: str = "x.csv") -> Pack:
    return parse(text, path)


def problems_of(text: str, path: str = "x.csv") -> list[tuple[int, int, str]]:
    with pytest.raises(PackError) as info:
        read(text, path)
    return [(p.line, p.column, p.message) for p in info.value.problems]


# --- what is read ---------------------------------------------------------------------------------------------


def test_a_row_with_every_column():
    pack = read("question,answer,wrong1,wrong2,wrong3,accept,hint,explanation,type\n"
                "Which station fell in 1979?,Skylab,Mir,Salyut 7,Tiangong-1,Sky Lab,Built from a rocket stage,"
                "It broke up over Australia.,station\n")
    id_ = digest("Which station fell in 1979?")
    assert pack.questions == (Question(
        id=id_, kind="choice", prompt="Which station fell in 1979?",
        options=("Skylab", "Mir", "Salyut 7", "Tiangong-1"), answer="Skylab", accepted=("Sky Lab",),
        type="station", hint="Built from a rocket stage", source=Source("x.csv", 2, "Which station fell in 1979?"),
        fact_id=id_, explanation="It broke up over Australia.",
    ),)
    assert pack.title == "X" and pack.facts == () and pack.warnings == ()


def test_a_row_without_wrong_answers_is_a_fill_in_question():
    pack = read("question,answer,wrong1,wrong2,accept\nHow many crew on Expedition 1?,3,,,three|Three\n")
    [q] = pack.questions
    assert (q.kind, q.options, q.answer, q.accepted, q.type, q.hint, q.explanation) == \
        ("fill", (), "3", ("three",), "csv", None, None)


def test_one_wrong_answer_is_enough_for_a_choice_and_the_answer_comes_first():
    pack = read("question,answer,wrong3,wrong1,wrong2\nQ?,right,,w1,\n")
    assert pack.questions[0].kind == "choice" and pack.questions[0].options == ("right", "w1")


def test_wrong_columns_keep_the_header_order_and_plain_wrong_is_allowed():
    pack = read("question,wrong,answer,wrong7,wrong2\nQ?,first,right,second,third\n")
    assert pack.questions[0].options == ("right", "first", "second", "third")


def test_column_names_are_trimmed_and_case_insensitive():
    pack = read(" Question ;ANSWER;  Wrong1 ;Hint \nQ?;a;b;h\n")
    q = pack.questions[0]
    assert (q.prompt, q.answer, q.options, q.hint) == ("Q?", "a", ("a", "b"), "h")


def test_values_are_trimmed_and_spaces_inside_question_and_answers_collapsed():
    pack = read('question,answer,wrong1,hint\n  What   is\tit? ,  the  Moon ,  Mars  ,"  a\n  hint  "\n')
    q = pack.questions[0]
    assert (q.prompt, q.answer, q.options, q.hint) == ("What is it?", "the Moon", ("the Moon", "Mars"), "a\n  hint")


def test_accept_splits_on_bars_drops_blanks_repeats_and_the_answer_itself():
    pack = read("question,answer,accept\nQ?,International Space Station,ISS| |iss|the International Space Station|"
                " Space  Station Alpha \n")
    assert pack.questions[0].accepted == ("ISS", "Space Station Alpha")


def test_type_is_lowercased_and_spaces_become_dashes():
    pack = read("question,answer,type\nQ?,a, Space Station \nR?,b,\n")
    assert [q.type for q in pack.questions] == ["space-station", "csv"]


def test_semicolon_files_are_detected():
    pack = read('question;answer;wrong1\n"Which, if any?";1,5;2,5\n')
    assert [(q.prompt, q.options) for q in pack.questions] == [("Which, if any?", ("1,5", "2,5"))]


def test_a_header_with_more_commas_than_semicolons_is_split_at_commas():
    pack = read("question,answer,hint\nQ?,a,use; or not\n")
    assert pack.questions[0].hint == "use; or not"


def test_tsv_files_are_split_at_tabs():
    pack = read("question\tanswer\twrong1\nQ, with commas; and semicolons?\ta\tb\n", "x.tsv")
    assert [(q.prompt, q.options) for q in pack.questions] == [("Q, with commas; and semicolons?", ("a", "b"))]


def test_quoted_newlines_keep_later_line_numbers_true():
    text = ('question,answer,explanation\n'
            '"A question\nover two lines?",a,"An explanation\n\nover three"\n'
            '\n'
            'Later?,b,\n')
    pack = read(text)
    assert [(q.prompt, q.source.line) for q in pack.questions] == [("A question over two lines?", 2), ("Later?", 7)]
    assert pack.questions[0].explanation == "An explanation\n\nover three"


def test_blank_rows_and_leading_blank_lines_are_skipped():
    pack = read("\n\nquestion,answer\n\n,\n  ,  \nQ?,a\n,,,\n")
    assert [(q.prompt, q.source.line) for q in pack.questions] == [("Q?", 7)]


def test_a_short_row_leaves_the_missing_columns_empty():
    pack = read("question,answer,wrong1,hint\nQ?,a\n")
    assert pack.questions[0].kind == "fill" and pack.questions[0].hint is None


def test_empty_extra_values_at_the_end_of_a_row_are_tolerated():
    pack = read("question,answer\nQ?,a,,\n")
    assert pack.questions[0].answer == "a"


def test_a_column_without_a_name_is_ignored():
    pack = read("question,,answer\nQ?,note to self,a\n")
    assert pack.questions[0].answer == "a"


def test_quoted_values_with_quotes_and_delimiters():
    pack = read('question,answer,wrong1\n"He said ""go"", then?","a, b",  "c"\n')
    q = pack.questions[0]
    assert (q.prompt, q.options) == ('He said "go", then?', ("a, b", "c"))


def test_ids_are_hashes_of_the_question_text_and_repeats_get_a_warning():
    pack = read("question,answer\nQ?,a\nR?,b\n  Q? ,c\n")
    assert [q.id for q in pack.questions] == [digest("Q?"), digest("R?"), digest("Q?") + ".2"]
    assert all(q.fact_id == q.id for q in pack.questions)
    assert pack.warnings == (Problem("x.csv", 4, 3, "the same question as on line 2 — remove one or reword it",
                                     "warning"),)


def test_the_title_comes_from_the_file_name():
    assert read("question\tanswer\nQ?\ta\n", "dir/space-stations.tsv").title == "Space stations"


def test_questions_pass_through_generate():
    pack = read("question,answer,wrong1,wrong2,wrong3\nQ?,a,b,c,d\nFill?,x\n")
    made = generate(pack, seed=5)
    assert [q.kind for q in made] == ["choice", "fill"]
    assert sorted(made[0].options) == ["a", "b", "c", "d"] and made[0].answer == "a"


def test_a_number_type_is_graded_as_a_number():
    from orbitquiz import grade

    [q] = generate(read("question,answer,type\nHow many days?,437,number\n"))
    assert grade(q, "437").correct and not grade(q, "438").correct


def test_load_pack_decodes_bom_and_crlf(tmp_path):
    path = tmp_path / "quiz.csv"
    path.write_bytes("\ufeffquestion;answer\r\n\"Two\r\nlines?\";é\r\nNext?;b\r\n".encode())
    pack = load_pack(path)
    assert [(q.prompt, q.answer, q.source.line) for q in pack.questions] == [("Two lines?", "é", 2),
                                                                            ("Next?", "b", 4)]


# --- errors: exact line and column, and a fix in every message ------------------------------------------------


ERRORS = [
    # (id, path, text, [(line, column, words the message must contain)])
    ("unknown column", "x.csv", "question,answer,colour\nQ?,a,red\n",
     [(1, 17, ["unknown column 'colour'", "allowed columns:", "question", "wrong1", "accept", "hint",
               "explanation", "type"])]),
    ("wrong0 is not a column", "x.csv", "question,answer, wrong0\nQ?,a,b\n", [(1, 18, ["unknown column 'wrong0'"])]),
    ("missing answer column", "x.csv", "question,hint\nQ?,h\n", [(1, 1, ["missing column 'answer'", "header"])]),
    ("missing question column", "x.csv", "\nanswer,hint\nQ?,h\n", [(2, 1, ["missing column 'question'"])]),
    ("no header row", "x.csv", "What is it?,Mars,Venus\n", [(1, 1, ["header", "'question,answer,wrong1"])]),
    ("no header row with semicolons", "x.csv", "What?;Mars;Venus\n", [(1, 1, ["'question;answer;wrong1"])]),
    ("column twice", "x.csv", "question,answer,Hint,hint\nQ?,a,b,c\n",
     [(1, 22, ["column 'hint' appears twice", "column 3", "keep one"])]),
    ("empty question", "x.csv", "question,answer\n  ,a\n", [(2, 1, ["empty question", "'question' column"])]),
    ("empty answer", "x.csv", "question,answer\nQ?,\n", [(2, 4, ["empty answer", "'answer' column"])]),
    ("answer missing from a short row", "x.csv", "question,answer\nWhat?\n", [(2, 6, ["empty answer"])]),
    ("bad type", "x.csv", "question,answer,type\nQ?,a,3rd!\n", [(2, 6, ["'3rd!' is not a type name"])]),
    ("unterminated quote", "x.csv", 'question,answer\nQ?,a\nR?,"b\nS?,c\n',
     [(3, 4, ["unterminated quote", 'close the value with "'])]),
    ("unterminated quote on a later line of a row", "x.csv", 'question,answer,hint\n"Two\nlines",a,  "open\n',
     [(3, 12, ["unterminated quote"])]),
    ("more values than the header", "x.csv", "question,answer\nQ?,a,b,c\n",
     [(2, 6, ["4 values", "2 columns", "quote a value that contains ','"])]),
    ("more values with semicolons", "x.csv", "question;answer\nQ?;a; ;c\n", [(2, 8, ["quote a value that contains ';'"])]),
    ("more values in a tsv", "x.tsv", "question\tanswer\nQ?\ta\tb\n", [(2, 6, ["contains a tab"])]),
    ("an error on a later line of a multi-line row", "x.csv", 'question,answer\n"Over\ntwo lines?",\n',
     [(3, 13, ["empty answer"])]),
    ("empty file", "x.csv", "", [(1, 1, ["empty", "header row"])]),
    ("only blank lines", "x.csv", "\n \n,,\n", [(1, 1, ["empty"])]),
    ("header only", "x.csv", "\nquestion,answer\n\n", [(2, 1, ["no questions", "one row per question"])]),
]


@pytest.mark.parametrize(("path", "text", "expected"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_error_positions_and_fixes(path, text, expected):
    found = problems_of(text, path)
    assert [(line, column) for line, column, _ in found] == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, words) in zip(found, expected, strict=True):
        assert " — " in message
        for word in words:
            assert word in message


def test_every_error_of_the_file_is_reported_in_order():
    text = ("question,answer,wrong1,wrong2,colour\n"
            ",a,,,\n"          # 2: empty question
            "Q2?,,b,,\n"       # 3: empty answer
            "Q3?,a,a,,\n"      # 4: wrong = answer (a warning: left out)
            "Good?,a,b,c,\n"
            "Q5?,a,b,b,\n"     # 6: duplicate wrong (a warning: left out)
            'Q6?,"a\nb",c\n'   # 7-8: fine
            "Q7?,a,b,c,d,e\n")  # 9: too many values
    assert [p[:2] for p in problems_of(text)] == [(1, 31), (2, 1), (3, 5), (4, 7), (6, 9), (9, 13)]
    with pytest.raises(PackError) as info:
        read(text)
    assert [p.severity for p in info.value.problems] == ["error", "error", "error", "warning", "warning", "error"]


WRONG_IS_RIGHT = [
    # (id, text, options offered, (line, column) and words of the warning)
    ("wrong answer equal to the answer", "question,answer,wrong1,wrong2\nQ?,Mars,Venus, mars\n", ("Mars", "Venus"),
     (2, 16, ["wrong answer 'mars' is the answer in other words", "left out of the options"])),
    ("wrong answer equal once normalised", "question,answer,wrong1,wrong2\nQ?,The Moon,moon,Mars\n",
     ("The Moon", "Mars"), (2, 13, ["the answer in other words"])),
    ("duplicate wrong answers", "question,answer,wrong1,wrong2,wrong3,wrong4\nQ?,a,b,c,B, b\n",
     ("a", "b", "c", "B"), (2, 13, ["wrong answer 'b' is given twice", "left out"])),
    ("a wrong answer that is an accepted one", "question,answer,wrong1,wrong2,accept\nQ?,a,b,d,c|b\n", ("a", "d"),
     (2, 6, ["wrong answer 'b' is the accepted answer 'b' in other words"])),
]


@pytest.mark.parametrize(("text", "options", "expected"), [c[1:] for c in WRONG_IS_RIGHT],
                         ids=[c[0] for c in WRONG_IS_RIGHT])
def test_a_wrong_answer_that_is_right_or_repeated_is_left_out_with_a_warning(text, options, expected):
    pack = read(text)
    (question,) = pack.questions
    assert question.options == options
    (warning,) = pack.warnings
    line, column, words = expected
    assert (warning.line, warning.column, warning.severity) == (line, column, "warning")
    for word in words:
        assert word in warning.message


def test_an_unterminated_quote_that_swallows_a_huge_file_points_at_the_quote():
    text = 'question,answer\nQ?,"a\n' + "more text, and more\n" * 10_000
    assert problems_of(text)[0][:2] == (2, 4)


def test_a_value_longer_than_the_csv_limit_is_a_pack_error():
    found = problems_of('question,answer\n"' + "x" * 200_000 + '",a\n')
    assert found[0][:2] == (2, 1) and "cannot read this row" in found[0][2]


def test_pack_error_prints_like_a_compiler():
    with pytest.raises(PackError) as info:
        read("question,answer\nQ?,\n")
    assert str(info.value) == "x.csv:2:4: empty answer — write the right answer in the 'answer' column"


# --- the example pack -----------------------------------------------------------------------------------------


def test_the_example_pack_loads_clean_and_uses_every_column():
    pack = load_pack(PACK)
    assert pack.warnings == ()
    assert len(pack.questions) >= 12
    kinds = {q.kind for q in pack.questions}
    assert kinds == {"choice", "fill"}
    assert any(q.kind == "choice" and len(q.options) < 4 for q in pack.questions)
    assert all(q.hint and q.explanation for q in pack.questions)
    assert any(q.accepted for q in pack.questions if q.kind == "fill")
    assert any(q.accepted for q in pack.questions if q.kind == "choice")
    assert len({q.type for q in pack.questions}) >= 4
    for q in pack.questions:
        assert q.kind == "fill" or q.answer in q.options


@given(st.integers(min_value=0, max_value=2**32))
def test_the_example_pack_plays_with_any_seed(seed):
    pack = load_pack(PACK)
    for made, original in zip(generate(pack, seed), pack.questions, strict=True):
        assert sorted(made.options) == sorted(original.options) and made.answer == original.answer


# --- properties -----------------------------------------------------------------------------------------------


PIECES = ["question", "answer", "wrong1", "wrong", "accept", "hint", "type", "colour", ",", ";", "\t", '"', '""',
          "\n", " ", "Q?", "a", "b", "|", "\r\n", "x\x00"]
csv_like = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=40).map("".join)
HEADER_LIKE = st.sampled_from(["question,answer,wrong1,wrong2,accept,hint,explanation,type\n", "question;answer\n",
                               "question\tanswer\twrong1\n", ""])


@given(HEADER_LIKE, st.text() | csv_like, st.sampled_from(["x.csv", "x.tsv"]))
def test_any_text_gives_a_pack_or_a_pack_error(header, text, path):
    try:
        pack = read(header + text, path)
    except PackError as error:
        assert error.problems and any(p.severity == "error" for p in error.problems)
        assert all(p.line >= 1 and p.column >= 1 for p in error.problems)
        assert list(error.problems) == sorted(error.problems, key=lambda p: (p.line, p.column))
        return
    assert pack.questions
    for q in pack.questions:
        assert q.prompt and q.answer and (q.kind == "fill" or q.answer in q.options)


VALUE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=12)
FILLED = VALUE.filter(lambda v: v.strip() != "")
ONE_LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00|"), max_size=10)
COLUMNS = ["question", "answer", "wrong1", "wrong2", "wrong3", "accept", "hint", "explanation", "type"]


@st.composite
def spreadsheet_rows(draw) -> list[dict[str, str]]:
    """Rows with different questions, each answer and its wrong answers all different from each other."""
    rows = []
    questions = draw(st.lists(FILLED, min_size=1, max_size=6, unique_by=lambda q: " ".join(q.split())))
    for question in questions:
        answers = draw(st.lists(FILLED.filter(lambda v: normalised_option(v) != ""), min_size=1, max_size=4,
                                unique_by=lambda v: normalised_option(" ".join(v.split()))))
        taken = {normalised_option(" ".join(a.split())) for a in answers}
        accept = draw(st.lists(ONE_LINE.filter(lambda v, taken=taken: normalised_option(" ".join(v.split())) not in taken),
                               max_size=3))
        row = {"question": question, "answer": answers[0], "accept": "|".join(accept),
               "hint": draw(VALUE), "explanation": draw(VALUE), "type": draw(st.sampled_from(["", "planet", "x-1"]))}
        slots = draw(st.permutations(["wrong1", "wrong2", "wrong3"]))
        for slot, wrong in zip(slots, answers[1:], strict=False):
            row[slot] = wrong
        rows.append(row)
    return rows


def write(rows: list[dict[str, str]], columns: list[str], delimiter: str) -> tuple[str, list[int]]:
    """The rows written by csv.writer, and the line each question starts on."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    lines = []
    for row in rows:
        before = out.getvalue()
        cells = [row.get(column, "") for column in columns]
        # The question's line: the row's first line plus the line breaks in the values before it.
        lines.append(before.count("\n") + 1 + sum(c.count("\n") for c in cells[: columns.index("question")]))
        writer.writerow(cells)
    return out.getvalue(), lines


def expected(row: dict[str, str], columns: list[str]) -> tuple:
    def one_line(value: str) -> str:
        return " ".join(value.split())

    wrongs = [one_line(row[c]) for c in columns if c.startswith("wrong") and c in row]
    answer = one_line(row["answer"])
    accepted: dict[str, str] = {}
    for form in map(one_line, row["accept"].split("|")):
        if form and normalised_option(form) not in accepted and normalised_option(form) != normalised_option(answer):
            accepted[normalised_option(form)] = form
    return (one_line(row["question"]), "choice" if wrongs else "fill", (answer, *wrongs) if wrongs else (),
            answer, tuple(accepted.values()), row["type"] or "csv", row["hint"].strip() or None,
            row["explanation"].strip() or None)


@settings(max_examples=40)  # each example builds a whole file: keep this file under ~15 s
@given(spreadsheet_rows(), st.permutations(COLUMNS), st.sampled_from([("x.csv", ","), ("x.csv", ";"),
                                                                      ("x.tsv", "\t")]))
def test_a_well_formed_file_reads_back_exactly(rows, columns, where):
    path, delimiter = where
    text, lines = write(rows, list(columns), delimiter)
    pack = read(text, path)
    got = [(q.prompt, q.kind, q.options, q.answer, q.accepted, q.type, q.hint, q.explanation) for q in pack.questions]
    assert got == [expected(row, list(columns)) for row in rows]
    assert [q.source.line for q in pack.questions] == lines
    assert pack.warnings == ()


@settings(max_examples=40)  # each example builds a whole file: keep this file under ~15 s
@given(spreadsheet_rows(), st.data())
def test_editing_one_row_keeps_every_other_id(rows, data):
    before = read(write(rows, COLUMNS, ",")[0])
    index = data.draw(st.integers(0, len(rows) - 1))
    taken = {" ".join(row["question"].split()) for row in rows}
    edited = [dict(row) for row in rows]
    edited[index]["question"] = data.draw(FILLED.filter(lambda q: " ".join(q.split()) not in taken))
    edited[index]["answer"] = data.draw(FILLED.filter(lambda v: normalised_option(v) != ""))
    edited[index].update(wrong1="", wrong2="", wrong3="", accept="")
    after = read(write(edited, COLUMNS, ",")[0])
    assert [q.id for i, q in enumerate(after.questions) if i != index] == \
        [q.id for i, q in enumerate(before.questions) if i != index]
    assert after.questions[index].id != before.questions[index].id


@settings(max_examples=40)  # each example builds a whole file: keep this file under ~15 s
@given(spreadsheet_rows(), st.permutations(COLUMNS), st.sampled_from([("x.csv", ","), ("x.tsv", "\t")]), st.data())
def test_an_error_is_reported_exactly_where_its_value_starts(rows, columns, where, data):
    path, delimiter = where
    columns = list(columns)
    index = data.draw(st.integers(0, len(rows) - 1))
    rows = [dict(row) for row in rows]
    rows[index]["answer"] = ""
    text, _ = write(rows, columns, delimiter)
    # The text before the blank answer: the header and earlier rows, then this row's values before it.
    before = io.StringIO()
    writer = csv.writer(before, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows[:index]:
        writer.writerow([row.get(column, "") for column in columns])
    cells = [rows[index].get(column, "") for column in columns[: columns.index("answer")]]
    prefix = before.getvalue()
    if cells:
        line = io.StringIO()
        csv.writer(line, delimiter=delimiter, lineterminator="\n").writerow([*cells, ""])
        prefix += line.getvalue()[:-1]  # up to and including the delimiter before the answer
    expected_line = prefix.count("\n") + 1
    expected_column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    found = problems_of(text, path)
    assert [p[:2] for p in found] == [(expected_line, expected_column)]
    assert "empty answer" in found[0][2]
