"""The Aiken reader: every construct, the exact position of every error, and property tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz import generate
from orbitquiz.model import Pack, PackError, Problem, Question, Source
from orbitquiz.readers import load_pack, parse
from orbitquiz.readers.common import normalised_option
from tests.ids import digest

PACK = Path(__file__).parent.parent / "questions" / "planets.aiken"


def read(text: str) -> Pack:
    return parse(text, "x.aiken")


def problems_of(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(PackError) as info:
        read(text)
    return [(p.line, p.column, p.message) for p in info.value.problems]


def question(prompt: str, options: tuple[str, ...], answer: str, line: int, id_: str | None = None) -> Question:
    id_ = id_ or digest(prompt)
    return Question(id=id_, kind="choice", prompt=prompt, options=options, answer=answer, accepted=(), type="aiken",
                    hint=None, source=Source("x.aiken", line, prompt), fact_id=id_)


# --- what is read ---------------------------------------------------------------------------------------------


def test_a_question_reads_into_every_field():
    pack = read("Which planet is closest to the Sun?\nA. Venus\nB. Mercury\nC. Mars\nANSWER: B\n")
    assert pack.questions == (question("Which planet is closest to the Sun?", ("Venus", "Mercury", "Mars"),
                                       "Mercury", 1),)
    assert pack.facts == () and pack.warnings == ()
    assert pack.title == "X" and pack.path == "x.aiken"


def test_several_questions_keep_their_order_and_lines():
    pack = read("Q one?\nA. a\nB. b\nANSWER: A\n\nQ two?\nA) c\nB) d\nC) e\nANSWER: C\n\n\nQ three?\nA. f\nB. g\n"
                "ANSWER: B")
    assert [(q.prompt, q.options, q.answer, q.source.line) for q in pack.questions] == [
        ("Q one?", ("a", "b"), "a", 1),
        ("Q two?", ("c", "d", "e"), "e", 6),
        ("Q three?", ("f", "g"), "g", 13),
    ]


def test_a_question_may_wrap_over_several_lines_until_its_first_option():
    pack = read("Which planet\n  spins on\tits side?\nA. Uranus\nB. Mars\nANSWER: A\n")
    assert pack.questions[0].prompt == "Which planet spins on its side?"
    assert pack.questions[0].source == Source("x.aiken", 1, "Which planet spins on its side?")


def test_extra_spaces_lower_case_answer_and_both_option_styles_are_tolerated():
    pack = read("  Q?  \n   A)   Mercury  \nB.\tVenus\n  answer :  b  \n")
    assert pack.questions == (question("Q?", ("Mercury", "Venus"), "Venus", 1),)


def test_blank_lines_between_the_text_and_options_and_before_answer_are_allowed():
    pack = read("Q?\n\nA. a\n\nB. b\n\nANSWER: B\n")
    assert pack.questions == (question("Q?", ("a", "b"), "b", 1),)


def test_options_are_kept_as_written_in_the_file_order():
    pack = read("Q?\nA. the Moon\nB. Phobos & Deimos — 2\nC. 3.5 km/s\nANSWER: A\n")
    assert pack.questions[0].options == ("the Moon", "Phobos & Deimos — 2", "3.5 km/s")
    assert pack.questions[0].answer == "the Moon"


def test_a_word_with_a_dot_is_question_text_not_an_option():
    pack = read("U.S. astronauts: who walked first?\nA. Armstrong\nB. Aldrin\nANSWER: A\n")
    assert pack.questions[0].prompt == "U.S. astronauts: who walked first?"


def test_an_option_letter_may_be_followed_directly_by_its_text_as_moodle_reads_it():
    # Moodle's aikenformat_test imports 'A)Incorrect (No space)' as option A; a first line such as "U.S. ..." is
    # still the question's text (there is no question yet for it to be an option of).
    pack = read("U.S.A. first?\nB.C. or later?\nA)Incorrect (No space)\nB.Correct (No space)\nANSWER: B\n")
    assert pack.questions == (question("U.S.A. first? B.C. or later?", ("Incorrect (No space)", "Correct (No space)"),
                                       "Correct (No space)", 1),)


def test_a_wrong_option_that_is_the_answer_in_other_words_is_left_out_with_a_warning():
    # Picking "mars" would be marked wrong although it is the answer: the game never offers it.
    pack = read("Red planet?\nA. Mars\nB. Venus\nC.  the MARS \nD. GB\nE. Gb\nANSWER: A\n\n"
                "Biggest?\nA. tb\nB. TB\nC. GB\nANSWER: B\n")
    first, second = pack.questions
    assert first.options == ("Mars", "Venus", "GB", "Gb") and first.answer == "Mars"  # two wrong ones, kept
    assert second.options == ("TB", "GB") and second.answer == "TB"
    warnings = [(w.line, w.column, w.severity) for w in pack.warnings]
    assert warnings == [(4, 1, "warning"), (10, 1, "warning")]
    assert "option C 'the MARS' is the answer A 'Mars' in other words" in pack.warnings[0].message
    assert "option A 'tb' is the answer B 'TB' in other words" in pack.warnings[1].message


def test_a_repeated_wrong_option_is_left_out_with_a_warning_even_at_letter_z():
    letters = [chr(ord("A") + i) for i in range(25)]
    text = "Q?\n" + "".join(f"{c}. option {c}\n" for c in letters) + "Z. option  C\nANSWER: A\n"
    pack = read(text)
    assert pack.questions[0].options == tuple(f"option {c}" for c in letters)
    (warning,) = pack.warnings
    assert (warning.line, warning.column) == (27, 1) and "option Z repeats option C 'option C'" in warning.message


def test_twenty_six_options_are_fine():
    letters = [chr(ord("A") + i) for i in range(26)]
    pack = read("Q?\n" + "".join(f"{c}. option {c}\n" for c in letters) + "ANSWER: Z\n")
    assert len(pack.questions[0].options) == 26 and pack.questions[0].answer == "option Z"


def test_ids_are_hashes_of_the_question_text_and_fact_id_is_the_id():
    pack = read("Q one?\nA. a\nB. b\nANSWER: A\n\nQ two?\nA. a\nB. b\nANSWER: A\n")
    assert [q.id for q in pack.questions] == [digest("Q one?"), digest("Q two?")]
    assert all(q.fact_id == q.id for q in pack.questions)


def test_a_repeated_question_gets_a_unique_id_and_a_warning():
    pack = read("Q?\nA. a\nB. b\nANSWER: A\n\nQ?\nA. c\nB. d\nANSWER: B\n")
    assert [q.id for q in pack.questions] == [digest("Q?"), digest("Q?") + ".2"]
    assert pack.warnings == (Problem("x.aiken", 6, 1, "the same question as on line 1 — remove one or reword it",
                                     "warning"),)


def test_the_title_comes_from_the_file_name():
    assert parse("Q?\nA. a\nB. b\nANSWER: A\n", "packs/inner-planets_quiz.aiken").title == "Inner planets quiz"


def test_choice_questions_pass_through_generate_with_their_options_shuffled():
    pack = read("Q?\nA. a\nB. b\nC. c\nD. d\nANSWER: C\n")
    [made] = generate(pack, seed=3)
    assert sorted(made.options) == ["a", "b", "c", "d"] and made.answer == "c" and made.id == pack.questions[0].id
    assert generate(pack, seed=3) == [made]


# --- errors: exact line and column, and a fix in every message ------------------------------------------------


ERRORS = [
    # (id, text, [(line, column, words the message must contain)])
    ("option letter out of order", "Q?\nA. a\nC. c\nANSWER: A\n",
     [(3, 1, ["option letter C is out of order", "should be B"])]),
    ("indented option out of order", "Q?\n  A. a\n  B. b\n    D. d\nANSWER: A\n",
     [(4, 5, ["option letter D is out of order", "should be C"])]),
    ("first option is not A", "Q?\nB. b\nC. c\nANSWER: B\n", [(2, 1, ["option letter B", "should be A"])]),
    ("lower-case option letter is question text", "Q?\na. x\nb. y\nANSWER: A\n",
     [(1, 1, ["question has no options", "'A. ...'"])]),
    ("answer names a letter with no option", "Q?\nA. a\nB. b\nANSWER: D\n",
     [(4, 9, ["ANSWER names D", "no option D", "A–B"])]),
    ("answer names a letter far off, lower case", "Q?\nA. a\nB. b\n  answer:   z\n", [(4, 13, ["ANSWER names Z"])]),
    ("answer is not a letter", "Q?\nA. a\nB. b\nANSWER: 2\n", [(4, 9, ["one option letter", "'ANSWER: A'"])]),
    ("answer names two letters", "Q?\nA. a\nB. b\nANSWER: AB\n", [(4, 9, ["one option letter"])]),
    ("answer is empty", "Q?\nA. a\nB. b\nANSWER:\n", [(4, 8, ["one option letter"])]),
    ("missing answer at the end", "Q?\nA. a\nB. b\n", [(4, 1, ["missing ANSWER", "line 1", "'ANSWER: X'"])]),
    ("missing answer without a final newline", "Q?\nA. a\nB. b", [(4, 1, ["missing ANSWER"])]),
    ("missing answer before the next question", "Q one?\nA. a\nB. b\n\nQ two?\nA. c\nB. d\nANSWER: A\n",
     [(4, 1, ["missing ANSWER line for the question on line 1"])]),
    ("next question right after the options", "Q one?\nA. a\nB. b\nQ two?\nA. c\nB. d\nANSWER: A\n",
     [(4, 1, ["missing ANSWER"])]),
    # A stray ANSWER line is reported at its own line too, as Moodle does.
    ("option before any question text", "A. a\nB. b\nANSWER: A\n",
     [(1, 1, ["option A", "before any question"]), (3, 1, ["ANSWER line with no question"])]),
    ("indented option before any question text", "\n\n   A) a\nB) b\nANSWER: A\n",
     [(3, 4, ["before any question"]), (5, 1, ["ANSWER line with no question"])]),
    ("option after an answered question", "Q?\nA. a\nB. b\nANSWER: A\nC. c\nANSWER: C\n",
     [(5, 1, ["option C", "before any question"]), (6, 1, ["ANSWER line with no question"])]),
    ("the only wrong option is the answer", "Q?\nA. Mars\nB.  mars \nANSWER: A\n",
     [(1, 1, ["only one option once", "add a different wrong answer"]),
      (3, 1, ["option B 'mars' is the answer A 'Mars' in other words", "left out"])]),
    ("one option", "Q?\nA. a\nANSWER: A\n", [(1, 1, ["only one option", "add at least one more"])]),
    ("no options before answer", "Q?\nANSWER: A\n", [(1, 1, ["question has no options"])]),
    ("no options at the end", "Q one?\nA. a\nB. b\nANSWER: A\n\nQ two?\n", [(6, 1, ["question has no options"])]),
    ("no options before the next question", "Q one?\n\nQ two?\nA. a\nB. b\nANSWER: A\n",
     [(1, 1, ["question has no options"])]),
    ("answer with no question", "\nANSWER: A\n", [(2, 1, ["ANSWER line with no question", "write the question"])]),
    ("empty option", "Q?\nA.\nB. b\nANSWER: B\n", [(2, 1, ["option A is empty"])]),
    ("empty file", "", [(1, 1, ["no questions", "'ANSWER: X'"])]),
    ("blank file", "\n  \n\t\n", [(1, 1, ["no questions"])]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_error_positions_and_fixes(text, expected):
    found = problems_of(text)
    assert [(line, column) for line, column, _ in found] == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, words) in zip(found, expected, strict=True):
        assert " — " in message
        for word in words:
            assert word in message


def test_twenty_seven_options_run_out_of_letters():
    letters = [chr(ord("A") + i) for i in range(26)]
    text = "Q?\n" + "".join(f"{c}. option {c}\n" for c in letters) + "[. more\nANSWER: A\n"
    # '[' is no letter: the line is not an option but the start of a new question.
    assert problems_of(text)[0][:2] == (28, 1) and "missing ANSWER" in problems_of(text)[0][2]
    text = "Q?\n" + "".join(f"{c}. option {c}\n" for c in letters) + "A. again\nANSWER: A\n"
    assert problems_of(text)[0][:2] == (28, 1) and "26 options" in problems_of(text)[0][2]


def test_every_error_of_the_file_is_reported_in_order():
    text = ("B. orphan\nANSWER: B\n\n"  # 1: option before any question
            "Q1?\nA. a\nC. c\nANSWER: A\n\n"  # 6: out of order
            "Q2?\nA. a\nB. b\nANSWER: E\n\n"  # 12: no option E
            "Q3?\nA. a\nANSWER: A\n\n"  # 14: one option
            "Q4?\nA. a\nB. a\nANSWER: A\n\n"  # 18: one option once the answer's repeat (a warning at 20) is left out
            "Good?\nA. a\nB. b\nANSWER: A\n\n"
            "Q5?\nA. a\nB. b\n"  # 31: missing ANSWER
            "\nQ6?\nA. a\nC. c\n")  # 34: out of order, and 35: missing ANSWER
    assert [p[:2] for p in problems_of(text)] == [(1, 1), (2, 1), (6, 1), (12, 9), (14, 1), (18, 1), (20, 1), (31, 1),
                                                  (34, 1), (35, 1)]


def test_pack_error_prints_like_a_compiler():
    with pytest.raises(PackError) as info:
        read("Q?\nA. a\nB. b\nANSWER: C\n")
    assert str(info.value) == "x.aiken:4:9: ANSWER names C but there is no option C — use one of A–B"
    assert (info.value.line, info.value.column) == (4, 9)


def test_load_pack_decodes_bom_and_crlf(tmp_path):
    path = tmp_path / "quiz.aiken"
    path.write_bytes("\ufeffQ?\r\nA. a\r\nB. é\r\nANSWER: B\r\n".encode())
    pack = load_pack(path)
    assert [(q.prompt, q.options, q.answer) for q in pack.questions] == [("Q?", ("a", "é"), "é")]


def test_a_carriage_return_is_a_line_break():
    pack = read("Q?\rA. a\r\nB. b\rANSWER: A")
    assert pack.questions[0].options == ("a", "b")


# --- the example pack -----------------------------------------------------------------------------------------


def test_the_example_pack_loads_clean():
    pack = load_pack(PACK)
    assert pack.warnings == ()
    assert len(pack.questions) >= 10
    for q in pack.questions:
        assert q.kind == "choice" and q.answer in q.options and len(q.options) == 4
    assert len({q.id for q in pack.questions}) == len(pack.questions)


@given(st.integers(min_value=0, max_value=2**32))
def test_the_example_pack_plays_with_any_seed(seed):
    pack = load_pack(PACK)
    for made, original in zip(generate(pack, seed), pack.questions, strict=True):
        assert sorted(made.options) == sorted(original.options) and made.answer == original.answer


# --- properties -----------------------------------------------------------------------------------------------


LINES = ["Q?", "What is it?", "A. a", "B. b", "C) c", "  D.  d", "A.", "E. a", "answer: a", "ANSWER: B", "ANSWER: ",
         "Answer:z", "", "  ", "\t", "A.x", "Z. z", "[. y", "U.S.", "ANSWER: É"]
aiken_like = st.lists(st.sampled_from(LINES) | st.text(max_size=8), max_size=30).map("\n".join)


@given(st.text() | aiken_like)
def test_any_text_gives_a_pack_or_a_pack_error(text):
    try:
        pack = read(text)
    except PackError as error:
        assert error.problems and any(p.severity == "error" for p in error.problems)
        assert all(p.line >= 1 and p.column >= 1 for p in error.problems)
        assert list(error.problems) == sorted(error.problems, key=lambda p: (p.line, p.column))
        return
    assert pack.questions
    for q in pack.questions:
        assert q.kind == "choice" and len(q.options) >= 2 and q.answer in q.options


WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789?,'", min_size=1, max_size=8)
OPTION_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), min_size=1,
                      max_size=12).map(str.strip).filter(bool)


@st.composite
def aiken_questions(draw) -> list[tuple[list[str], list[str], int]]:
    """Questions as (prompt lines, options, index of the right option), prompts all different."""
    found = []
    prompts = draw(st.lists(st.lists(st.lists(WORD, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3),
                            min_size=1, max_size=6, unique_by=lambda lines: " ".join(lines)))
    for lines in prompts:
        options = draw(st.lists(OPTION_TEXT, min_size=2, max_size=6, unique_by=normalised_option))
        found.append((lines, options, draw(st.integers(0, len(options) - 1))))
    return found


def write(questions: list[tuple[list[str], list[str], int]], marks: list[str]) -> tuple[str, list[int]]:
    """The questions in Aiken layout, and the line each starts on."""
    out: list[str] = []
    starts = []
    for (lines, options, right), mark in zip(questions, marks, strict=False):
        starts.append(len(out) + 1)
        out += lines
        out += [f"{chr(ord('A') + i)}{mark}{option}" for i, option in enumerate(options)]
        out += [f"ANSWER: {chr(ord('A') + right)}", ""]
    return "\n".join(out), starts


# The mark and the space after it, or none: Moodle reads "A)Mars" as an option too.
@given(aiken_questions(), st.lists(st.sampled_from([". ", ") ", ".", ")", ".\t"]), min_size=6, max_size=6))
def test_a_well_formed_file_reads_back_exactly(questions, marks):
    text, starts = write(questions, marks)
    pack = read(text)
    assert [(q.prompt, list(q.options), q.answer, q.source.line) for q in pack.questions] == [
        (" ".join(lines), options, options[right], start)
        for (lines, options, right), start in zip(questions, starts, strict=True)
    ]
    assert pack.warnings == ()


@given(aiken_questions(), st.data())
def test_editing_one_question_keeps_every_other_id(questions, data):
    before = read(write(questions, [". "] * 6)[0])
    index = data.draw(st.integers(0, len(questions) - 1))
    taken = {" ".join(q[0]) for q in questions}
    new_prompt = data.draw(st.lists(WORD, min_size=1, max_size=5).map(" ".join).filter(lambda p: p not in taken))
    new_options = data.draw(st.lists(OPTION_TEXT, min_size=2, max_size=4, unique_by=normalised_option))
    edited = list(questions)
    edited[index] = ([new_prompt], new_options, 0)
    after = read(write(edited, [". "] * 6)[0])
    assert [q.id for i, q in enumerate(after.questions) if i != index] == \
        [q.id for i, q in enumerate(before.questions) if i != index]
    assert after.questions[index].id != before.questions[index].id


@given(aiken_questions(), st.data())
def test_a_missing_answer_is_reported_on_the_line_after_the_last_option(questions, data):
    text, starts = write(questions, [". "] * 6)
    index = data.draw(st.integers(0, len(questions) - 1))
    lines = text.split("\n")
    answer_line = starts[index] + len(questions[index][0]) + len(questions[index][1])  # 1-based
    assert lines[answer_line - 1].startswith("ANSWER: ")
    del lines[answer_line - 1]
    found = problems_of("\n".join(lines))
    assert [p[:2] for p in found] == [(answer_line, 1)]
    assert f"on line {starts[index]}" in found[0][2]


# --- the tagged example article shipped with these packs ------------------------------------------------------


ARTICLE = Path(__file__).parent.parent / "questions" / "moon-landing.md"


@pytest.fixture(scope="module")
def article() -> Pack:
    return load_pack(ARTICLE)


@settings(max_examples=25)  # each example generates the whole article
@given(st.integers(min_value=0, max_value=2**32))
def test_the_moon_landing_article_is_tagged_richly_and_every_choice_has_four_options(article, seed):
    pack = article
    assert pack.warnings == ()
    types = {fact.type for fact in pack.facts}
    assert len(pack.facts) >= 15 and len(types) >= 4 and {"number", "year"} <= types
    choices = [q for q in generate(pack, seed) if q.kind == "choice"]
    assert len(choices) == len(pack.facts)
    assert all(len(q.options) == 4 and q.answer in q.options for q in choices)
