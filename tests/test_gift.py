"""The GIFT reader and writer: every construct, the exact position of every error and warning, grading of
weighted and numeric answers, and property tests (round trip, never a crash, the bundled pack)."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz import generate, grade
from orbitquiz.model import BLANK
from orbitquiz.grading import describe
from orbitquiz.model import AnswerKey, Pack, PackError, Question, Source
from orbitquiz.readers import load_pack, parse
from orbitquiz.readers.common import normalised_option
from orbitquiz.readers.gift import read as gift_read
from orbitquiz.readers.gift import write
from orbitquiz.grading import wildcard_matches
from tests.ids import digest

ROOT = Path(__file__).parent.parent
PACK = ROOT / "questions" / "space-race.gift"


def read(text: str) -> Pack:
    return parse(text, "x.gift")


def only(text: str) -> Question:
    questions = read(text).questions
    assert len(questions) == 1, questions
    return questions[0]


def problems_of(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(PackError) as info:
        read(text)
    return [(p.line, p.column, p.severity) for p in info.value.problems]


def one_error(text: str):
    with pytest.raises(PackError) as info:
        read(text)
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def question(prompt: str, answer: str, *, kind: str = "choice", options: tuple[str, ...] = (), line: int = 1,
             id_: str | None = None, type_: str = "gift", **fields) -> Question:
    id_ = id_ or digest(prompt)
    return Question(id=id_, kind=kind, prompt=prompt, options=options, answer=answer,
                    accepted=fields.pop("accepted", ()), type=type_, hint=None,
                    source=Source("x.gift", line, prompt), fact_id=id_, **fields)


def without_place(questions) -> list[Question]:
    """Questions compared as the round trip promises: everything but the file and line they come from."""
    return [dataclasses.replace(q, source=dataclasses.replace(q.source, path="", line=0)) for q in questions]


# --- multiple choice ------------------------------------------------------------------------------------------


def test_multiple_choice_with_title_feedback_and_general_feedback():
    text = ("::Gagarin:: Who was the first human in space? {\n"
            "  =Yuri Gagarin#Right: Vostok 1.\n"
            "  ~Alan Shepard#He flew three weeks later.\n"
            "  ~John Glenn\n"
            "  ####He made one orbit.\n"
            "}\n")
    assert only(text) == question(
        "Who was the first human in space?", "Yuri Gagarin", id_="Gagarin",
        options=("Yuri Gagarin", "Alan Shepard", "John Glenn"), explanation="He made one orbit.",
        keys=(AnswerKey(text="Yuri Gagarin", feedback="Right: Vostok 1."),
              AnswerKey(text="Alan Shepard", credit=0.0, feedback="He flew three weeks later.")))


def test_answers_in_the_middle_of_a_sentence_leave_a_blank():
    q = only("The first satellite, {~Explorer 1 =Sputnik 1 ~Vanguard 1}, flew in 1957.")
    assert q.prompt == f"The first satellite, {BLANK}, flew in 1957."
    assert q.source.sentence == q.prompt
    assert q.options == ("Explorer 1", "Sputnik 1", "Vanguard 1") and q.answer == "Sputnik 1" and q.keys == ()


def test_answers_at_the_end_leave_the_text_as_the_prompt():
    assert only("Who flew first?\n{=Gagarin ~Titov}").prompt == "Who flew first?"
    assert only("Who flew first?{=Gagarin ~Titov}").prompt == "Who flew first?"


def test_weighted_choices_give_partial_credit_and_only_full_marks_count_as_right():
    q = only("Which craft carried Laika? {=Sputnik 2 ~%50%Sputnik#Which one? ~%-25%Vostok 1 ~Sputnik 1}")
    assert q.answer == "Sputnik 2"
    assert q.keys == (AnswerKey(text="Sputnik", credit=0.5, feedback="Which one?"),
                      AnswerKey(text="Vostok 1", credit=-0.25))
    partial = grade(q, "Sputnik")
    assert (partial.correct, partial.credit, partial.feedback) == (False, 0.5, "Which one?")
    assert "50%" in describe(partial)
    assert grade(q, "Sputnik 2").correct and grade(q, "Sputnik 2").credit == 1.0
    assert (grade(q, "Sputnik 1").correct, grade(q, "Sputnik 1").credit) == (False, 0.0)
    assert grade(q, "Vostok 1").credit == 0.0  # a penalty is never below nothing


def test_a_second_right_choice_and_a_tilde_hundred_percent():
    q = only("Name a Vostok pilot. {=Gagarin ~Shepard =Titov#Also right.}")
    assert q.answer == "Gagarin"
    assert q.keys == (AnswerKey(text="Titov", credit=1.0, feedback="Also right."),)
    assert grade(q, "Titov").correct and grade(q, "Titov").feedback == "Also right."
    # '~%100%' with no '=' is a question with one right answer too.
    assert only("Who? {~%100%Gagarin ~Shepard}").answer == "Gagarin"


def test_answers_over_several_lines_and_comments_between_them():
    text = ("// A comment before the question\n"
            "Japanese characters came from {\n"
            "   ~India\n"
            "   // the right one:\n"
            "   =China\n"
            "\t~Korea\n"
            "} originally.\n")
    q = only(text)
    assert q.prompt == f"Japanese characters came from {BLANK} originally."
    assert q.options == ("India", "China", "Korea") and q.source.line == 2


# --- short answer ---------------------------------------------------------------------------------------------


def test_short_answer_with_alternatives_feedback_and_partial_credit():
    q = only("Who was the first woman in space? {=Valentina Tereshkova =Tereshkova#Surname: fine. "
             "=%50%Valentina#Half: give her surname.}")
    assert q == question("Who was the first woman in space?", "Valentina Tereshkova", kind="fill",
                         accepted=("Tereshkova",),
                         keys=(AnswerKey(text="Tereshkova", feedback="Surname: fine."),
                               AnswerKey(text="Valentina", credit=0.5, feedback="Half: give her surname.")))
    half = grade(q, "valentina")
    assert (half.correct, half.credit, half.feedback) == (False, 0.5, "Half: give her surname.")
    assert grade(q, "Tereshkova").feedback == "Surname: fine."
    assert grade(q, "Valentina Tereshkova").correct
    assert grade(q, "Valentina Tereshkowa").correct  # a typo in the main answer is still forgiven


@pytest.mark.parametrize("block", ["{=Gagarin}", "{Gagarin}", "{ = Gagarin }"])
def test_a_single_short_answer(block):
    q = only(f"Who flew first? {block}")
    assert (q.kind, q.answer, q.accepted, q.keys, q.options) == ("fill", "Gagarin", (), (), ())


def test_short_answer_in_the_middle_of_a_sentence():
    q = only("Two plus {=two =2} equals four.")
    assert (q.prompt, q.answer, q.accepted) == (f"Two plus {BLANK} equals four.", "two", ("2",))


# --- true/false -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("block", "answer"), [("{T}", "True"), ("{TRUE}", "True"), ("{F}", "False"),
                                               ("{FALSE}", "False")])
def test_true_false(block, answer):
    q = only(f"Apollo 11 landed in 1969.{block}")
    assert q == question("Apollo 11 landed in 1969.", answer, options=("True", "False"))


def test_true_false_feedback_for_a_wrong_then_a_right_reply():
    q = only("Apollo 13 landed on the Moon. {FALSE#No: a tank exploded.#Right: it flew around the Moon.####Apollo "
             "13 flew in 1970.}")
    assert q.answer == "False" and q.explanation == "Apollo 13 flew in 1970."
    assert q.keys == (AnswerKey(text="True", credit=0.0, feedback="No: a tank exploded."),
                      AnswerKey(text="False", credit=1.0, feedback="Right: it flew around the Moon."))
    assert grade(q, "True").feedback == "No: a tank exploded."
    assert grade(q, "False").correct and grade(q, "False").feedback == "Right: it flew around the Moon."


def test_lowercase_true_is_a_short_answer_as_in_moodle_with_a_warning():
    pack = read("Apollo 11 landed in 1969. {true}")
    assert pack.questions[0].kind == "fill" and pack.questions[0].answer == "true"
    assert [(w.line, w.column, w.severity) for w in pack.warnings] == [(1, 28, "warning")]
    assert "{TRUE}" in pack.warnings[0].message


# --- numeric --------------------------------------------------------------------------------------------------


def test_numeric_with_tolerance():
    q = only("How many minutes did Vostok 1 fly? {#108:2}")
    assert q == question("How many minutes did Vostok 1 fly?", "108", kind="fill",
                         keys=(AnswerKey(low=106.0, high=110.0),))
    assert [grade(q, r).correct for r in ("106", "108", "110", "105", "111", "110.5", "a hundred")] == [
        True, True, True, False, False, False, False]


def test_numeric_range():
    q = only("What is pi to three places? {#3.141..3.142}")
    assert (q.answer, q.keys) == ("3.141..3.142", (AnswerKey(low=3.141, high=3.142),))
    assert grade(q, "3.1415").correct and not grade(q, "3.14").correct


def test_numeric_exact_value_and_decimal_tolerance():
    q = only("Gravity in m/s²? {#9.81:0.01}")
    assert q.keys == (AnswerKey(low=9.8, high=9.82),)  # computed in decimal: no 9.799999
    assert grade(q, "9.81").correct and not grade(q, "9.83").correct
    assert only("Year of Sputnik? {#1957}").keys == (AnswerKey(low=1957.0, high=1957.0),)


def test_numeric_bounds_that_are_not_binary_fractions_are_inside_the_range():
    q = only("Gravity in m/s²? {#9.81:0.01}")
    assert grade(q, "9.8").correct and grade(q, "9.82").correct


def test_several_numeric_answers_with_weights_feedback_and_a_catch_all():
    q = only("When was Ulysses S. Grant born? {#\n"
             "  =1822:0#Exactly.\n"
             "  =%50%1822:2#Close.\n"
             "  ~#Way off.\n"
             "}")
    assert q.answer == "1822" and q.kind == "fill"
    assert q.keys == (AnswerKey(low=1822.0, high=1822.0, feedback="Exactly."),
                      AnswerKey(low=1820.0, high=1824.0, credit=0.5, feedback="Close."),
                      AnswerKey(low=-math.inf, high=math.inf, credit=0.0, feedback="Way off."))
    exact, close, far = grade(q, "1822"), grade(q, "1821"), grade(q, "1900")
    assert (exact.correct, exact.credit, exact.feedback) == (True, 1.0, "Exactly.")
    assert (close.correct, close.credit, close.feedback) == (False, 0.5, "Close.")
    assert (far.correct, far.credit, far.feedback) == (False, 0.0, "Way off.")


def test_numeric_in_the_middle_of_a_sentence():
    q = only("Sputnik 1 flew in {#1957} and Sputnik 2 later that year.")
    assert q.prompt == f"Sputnik 1 flew in {BLANK} and Sputnik 2 later that year." and q.answer == "1957"


# --- titles, ids, categories, comments ------------------------------------------------------------------------


def test_ids_come_from_titles_or_a_hash_of_the_text_and_are_unique():
    pack = read("::Q1:: One? {=a}\n\n::Q1:: Two? {=b}\n\nThree? {=c}\n\n::  Fourth   one :: Four? {=d}\n\n"
                "Three? {=e}")
    assert [q.id for q in pack.questions] == ["Q1", "Q1.2", digest("Three?"), "Fourth one", digest("Three?") + ".2"]
    assert all(q.fact_id == q.id for q in pack.questions)


def test_editing_one_question_keeps_every_other_id():
    before = read("One? {=a}\n\nTwo? {=b ~c}\n\n::t:: Three? {#3}")
    after = read("One? {=a}\n\nTwo, edited? {=b ~c ~d}\n\n::t:: Three? {#3}")
    assert [q.id for q in before.questions][::2] == [q.id for q in after.questions][::2]
    assert before.questions[1].id != after.questions[1].id


def test_categories_set_the_type_of_the_following_questions():
    pack = read("Zero? {=0}\n\n$CATEGORY: $course$/top/Space race/Firsts\n\nOne? {=1}\n\n"
                "$CATEGORY: Apollo // Gemini\n\nTwo? {=2}\n\n$CATEGORY: $course$/top\n\nThree? {=3}")
    assert [q.type for q in pack.questions] == ["gift", "Firsts", "Apollo / Gemini", "gift"]


def test_comments_are_ignored_wherever_a_line_starts_with_them():
    pack = read("// title: The space race\n// a note\n\nOne? {=a} // not a comment: Moodle reads it as text\n\n"
                "   // indented comment\nTwo? {=b}")
    assert pack.title == "The space race"
    assert [q.prompt for q in pack.questions] == ["One? _____ // not a comment: Moodle reads it as text", "Two?"]


def test_the_title_comes_from_the_file_name_without_a_title_comment(tmp_path):
    path = tmp_path / "space-race.gift.txt"
    path.write_text("One? {=a}", encoding="utf-8")
    assert load_pack(path).title == "Space race"
    assert load_pack(path).questions[0].source.path == str(path)


# --- escapes and formats --------------------------------------------------------------------------------------


def test_backslash_escapes():
    q = only(r"::a\:b:: 1 \+ 1 \= 2\: \{true\} \~ \# \\ done\nnext line {=x \= y\#z\~ ~w\\}")
    assert q.id == "a:b"
    assert q.prompt == "1 \\+ 1 = 2: {true} ~ # \\ done\nnext line"
    assert q.options == ("x = y#z~", "w\\")


def test_escaped_braces_do_not_open_answers():
    q = only(r"What does \{\} mean in GIFT? {=essay}")
    assert q.prompt == "What does {} mean in GIFT?"


@pytest.mark.parametrize(("text", "prompt"), [
    ("[markdown]The **Eagle** was the _lunar module_ of {=Apollo 11 ~Apollo 10}.",
     f"The Eagle was the lunar module of {BLANK}."),
    ("[html]<p>The first American to <em>orbit</em> &amp; return?</p><p>Name him.</p>{=Glenn}",
     "The first American to orbit & return?\nName him."),
    ("[plain]<b>not bold</b> {=x}", "<b>not bold</b>"),
    ("[moodle]Plain text {=x}", "Plain text"),
    ("[other]stays {=x}", "[other]stays"),
])
def test_format_prefixes(text, prompt):
    assert only(text).prompt == prompt


def test_a_format_applies_to_answers_and_feedback_too():
    q = only("[html]<p>Pick</p>{=<b>A</b>#<i>yes</i> ~B&amp;C####<p>general</p>}")
    assert q.options == ("A", "B&C") and q.keys == (AnswerKey(text="A", feedback="yes"),)
    assert q.explanation == "general"


def test_a_moodle_export_reads_as_moodle_wrote_it():
    export = ("// question: 0  name: Switch category to $course$/top/Default for Space\n"
              "$CATEGORY: $course$/top/Default for Space\n\n\n"
              "// question: 12  name: Capital\n"
              "// [tag:geography]\n"
              "::Capital::[html]<p>What is the capital of France?</p>{\n"
              "\t=%100%Paris#\n"
              "\t=%50%paris city#<p>Close.</p>\n"
              "}\n\n"
              "// question: 13  name: Grant\n"
              "::Grant::[html]When was Grant born?<br>{#\n"
              "\t=%100%1822:0#\n"
              "\t~#Not even close.\n"
              "\t####<p>General.</p>\n"
              "}\n")
    capital, grant = read(export).questions
    assert capital == question("What is the capital of France?", "Paris", kind="fill", id_="Capital", line=7,
                               type_="Default for Space",
                               keys=(AnswerKey(text="paris city", credit=0.5, feedback="Close."),))
    assert (grant.id, grant.prompt, grant.answer, grant.explanation) == ("Grant", "When was Grant born?", "1822",
                                                                         "General.")
    assert grant.keys == (AnswerKey(low=1822.0, high=1822.0),
                          AnswerKey(low=-math.inf, high=math.inf, credit=0.0, feedback="Not even close."))


# --- skipped kinds: a warning each, at the question's first character ----------------------------------------


def test_questions_the_game_cannot_play_are_skipped_with_a_warning_and_the_others_play():
    text = ("Who? {=a}\n\n"
            "  Match the craft. {=Vostok -> Gagarin =Mercury -> Shepard}\n\n"
            "Describe the flight. {}\n\n"
            "::intro:: This part is about Apollo.\n\n"
            "Which were Vostok pilots? {~%50%Gagarin ~%50%Titov ~%-100%Shepard}\n")
    pack = read(text)
    # Matching and multiple-answer questions play (tests/test_selections.py); essays and descriptions cannot.
    assert [q.kind for q in pack.questions] == ["fill", "match", "multi"]
    assert [(w.line, w.column, w.severity) for w in pack.warnings] == [(5, 1, "warning"), (7, 1, "warning")]
    words = ["essay", "description"]
    assert all(word in w.message and " — " in w.message for word, w in zip(words, pack.warnings, strict=True))


def test_a_file_with_no_playable_question_is_an_error():
    assert problems_of("Just a description.\n\nEssay? {}") == [(1, 1, "warning"), (3, 1, "warning"),
                                                               (1, 1, "error")]
    assert problems_of("") == [(1, 1, "error")]
    assert problems_of("// only a comment\n") == [(1, 1, "error")]


# --- errors: exact position and a fix ------------------------------------------------------------------------


ERRORS = [
    # (id, text, line, column, words the message must contain)
    ("unclosed brace", "Who?\n  {=a ~b", 2, 3, ["never closed", "'}'"]),
    ("stray closing brace", "Who? =a ~b}", 1, 11, ["'}' has no '{'", "\\}"]),
    ("closing brace before the answers", "Who } is it? {=a}", 1, 5, ["'}' has no '{'"]),
    ("brace inside answers", "Who? {=a ~b {c}", 1, 13, ["inside the answers", "\\{"]),
    ("second answer block", "Who? {=a ~b} and {=c}", 1, 18, ["second answer block"]),
    ("stray brace after answers", "Who? {=a ~b} and }", 1, 18, ["'}' has no '{'"]),
    ("unclosed title", "::Gagarin Who flew first? {=Gagarin}", 1, 1, ["title", "'::'"]),
    ("empty wrong answer", "Who? {=a ~#feedback}", 1, 10, ["empty answer after '~'"]),
    ("empty right answer", "Who? {~a =\n}", 1, 10, ["empty answer after '='"]),
    ("empty short answer", "Who? {=a =}", 1, 10, ["empty answer after '='"]),
    ("no right choice", "Who? {~a ~b}", 1, 6, ["no right answer", "'='"]),
    ("unmarked choice", "Who? { a ~b =c}", 1, 8, ["'a' is not marked", "'='", "'~'"]),
    ("one choice", "Who? {=a ~}", 1, 10, ["empty answer"]),
    ("weight after equals", "Who? {=%50%a ~b =c}", 1, 8, ["weight after '='"]),
    ("weight out of range", "Who? {~%150%a =b}", 1, 8, ["150%", "-100 to 100"]),
    ("unclosed weight", "Who? {~%50 a =b}", 1, 8, ["cannot read the weight", "%50%"]),
    ("only choice left is the answer", "Who? {=Paris ~paris}", 1, 6, ["at least two different answers"]),
    ("bad number", "Year? {#19x6}", 1, 9, ["'19x6' is not a number", "1822"]),
    ("bad tolerance", "Year? {#1966:a}", 1, 14, ["'a' is not a number"]),
    ("missing tolerance", "Year? {#1966:}", 1, 13, ["no tolerance after ':'"]),
    ("negative tolerance", "Year? {#1966:-1}", 1, 14, ["negative"]),
    ("backwards range", "Year? {#5..1}", 1, 9, ["runs backwards", "1..5"]),
    ("bad range end", "Year? {#1..}", 1, 12, ["a number is missing"]),
    ("empty numeric", "Year? {#}", 1, 8, ["no numeric answer"]),
    ("empty numeric answer", "Year? {#=1 =}", 1, 12, ["empty numeric answer"]),
    ("huge number", "Year? {#1e400}", 1, 9, ["too large"]),
    ("no full marks", "Who? {=%50%a =%20%b}", 1, 7, ["no answer gets full marks"]),
    ("no full marks numeric", "Year? {#=%50%1966}", 1, 8, ["no answer gets full marks"]),
    ("no question text", "::t:: {=a}", 1, 1, ["no text"]),
    ("category with a question", "$CATEGORY: Apollo\nWho? {=a}", 2, 1, ["blank line"]),
    ("empty category", "$CATEGORY:   ", 1, 1, ["names no category"]),
    ("blank line inside answers", "Who? {=a\n\n~b}", 1, 6, ["never closed", "blank line"]),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_error_position_and_fix(text, line, column, words):
    error = one_error(text) if "\n\n" not in text else read_first_error(text)
    assert (error.line, error.column) == (line, column), str(error)
    assert " — " in error.message
    for word in words:
        assert word in error.message
    assert str(error).startswith(f"x.gift:{line}:{column}: ")


def read_first_error(text: str):
    with pytest.raises(PackError) as info:
        read(text)
    return next(p for p in info.value.problems if p.severity == "error")


def test_every_error_is_reported_at_once_and_good_questions_do_not_hide_them():
    text = "Good? {=a}\n\nBad? {=a ~}\n\n  Worse? {#x}\n\nStray }\n"
    assert problems_of(text) == [(3, 10, "error"), (5, 12, "error"), (7, 7, "error")]


def test_a_blank_line_inside_answers_reports_both_halves():
    assert problems_of("Who? {=a\n\n~b}") == [(1, 6, "error"), (3, 3, "error")]


def test_an_unreadable_orbitquiz_comment_is_a_warning_and_ignored():
    pack = read("// orbitquiz: {not json\nWho? {=a}")
    assert pack.questions[0].hint is None
    assert [(w.line, w.column, w.severity) for w in pack.warnings] == [(1, 1, "warning")]


# --- loading, generation, the command line ----------------------------------------------------------------------


def test_load_pack_reads_gift_files_by_extension(tmp_path):
    for name in ("a.gift", "b.gift.txt"):
        (tmp_path / name).write_text("\ufeffWho flew first?\r\n{=Gagarin ~Titov}\r\n", encoding="utf-8")
        pack = load_pack(tmp_path / name)
        assert [(q.prompt, q.answer, q.source.line) for q in pack.questions] == [("Who flew first?", "Gagarin", 1)]


def test_generate_passes_the_questions_through_and_shuffles_choices_reproducibly():
    pack = read("Who? {=a ~b ~c ~d}\n\nYear? {#1957}")
    first, second = generate(pack, seed=3), generate(pack, seed=3)
    assert first == second and len(first) == 2
    assert sorted(first[0].options) == ["a", "b", "c", "d"] and first[1] == pack.questions[1]


def test_the_example_pack_loads_without_problems():
    pack = load_pack(PACK)
    assert pack.warnings == () and pack.title == "The space race"
    assert len(pack.questions) >= 12
    kinds = {(q.kind, bool(q.options == ("True", "False")), any(k.low is not None for k in q.keys))
             for q in pack.questions}
    assert {("choice", False, False), ("choice", True, False), ("fill", False, False), ("fill", False, True)} <= kinds
    assert any(BLANK in q.prompt for q in pack.questions)
    assert any(q.explanation for q in pack.questions)
    assert any(0 < k.credit < 1 for q in pack.questions for k in q.keys)
    assert {q.type for q in pack.questions} == {"Firsts", "Apollo"}
    assert len({q.id for q in pack.questions}) == len(pack.questions)
    by_id = {q.id: q for q in pack.questions}
    assert grade(by_id["vostok-minutes"], "107").correct
    assert grade(by_id["moon-distance"], "384").correct
    assert grade(by_id["apollo11-year"], "1970").credit == 0.5


def test_the_command_line_prints_the_example_pack(capsys):
    from orbitquiz.cli import main

    assert main(["questions", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert "Who was the first human in space?" in out and "= Yuri Gagarin" in out


# --- the writer -----------------------------------------------------------------------------------------------


def test_write_produces_moodle_style_gift():
    pack = read("::Q1:: Who? {=Gagarin#Yes ~Titov ~%50%Yuri####One orbit.}\n\n"
                "$CATEGORY: Apollo\n\n::Q2:: Year? {#1969:1}\n\n::Q3:: Two plus {=two =2} equals four.\n\n"
                "::Q4:: True? {T}")
    assert write(pack.questions, title="Space") == (
        "// title: Space\n"
        "\n"
        "::Q1::Who? {\n"
        "\t=Gagarin#Yes\n"
        "\t~Titov\n"
        "\t~%50%Yuri\n"
        "\t####One orbit.\n"
        "}\n"
        "\n"
        "$CATEGORY: $course$/top/Apollo\n"
        "\n"
        "::Q2::Year? {#=1969:1}\n"
        "\n"
        "::Q3::Two plus {=two =2} equals four.\n"
        "\n"
        "::Q4::True? {TRUE}\n")


def test_write_escapes_every_special_character():
    q = question("a~b=c#d{e}f:g\\h\ni", "x", kind="fill", id_="id: {1}", accepted=("p~q",),
                 explanation="#### not general", keys=(AnswerKey(text="p~q", feedback="=#~"),))
    text = write([q])
    assert text.startswith("::id\\: \\{1\\}::a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni {\n")
    assert without_place(gift_read(text, "y.gift").questions) == without_place([q])


def test_write_keeps_an_arrow_in_short_answers_from_reading_as_matching():
    q = question("Which way?", "a->b", kind="fill", accepted=("c->d",))
    text = write([q])
    assert "->" not in text
    assert without_place(gift_read(text, "y.gift").questions) == without_place([q])


def test_round_trip_of_the_example_pack():
    pack = load_pack(PACK)
    again = gift_read(write(pack.questions, pack.title), "again.gift")
    assert without_place(again.questions) == without_place(pack.questions)
    assert again.title == pack.title and again.warnings == ()


def test_round_trip_of_questions_generated_from_a_tagged_article():
    questions = generate(load_pack(ROOT / "seeds" / "first-film.md"), seed=1)
    assert {q.kind for q in questions} == {"choice", "fill"}
    again = gift_read(write(questions, "First film"), "again.gift").questions
    assert without_place(again) == without_place(questions)


# --- Moodle's wildcard in short answers ------------------------------------------------------------------------

SHORTS = ("Questions are _____ graded? {\n"
          "  =%100%*manually*#Your answer is correct.\n"
          "  =%0%*manual*#Right lines, wrong word.\n"
          "  =%0%*#Your answer is incorrect.\n"
          "}\n")


def test_a_wildcard_answer_is_a_pattern_and_the_answer_shown_has_no_stars():
    q = only(SHORTS)
    assert q.answer == "manually" and q.accepted == ()
    assert q.keys == (AnswerKey(pattern="*manually*", feedback="Your answer is correct."),
                      AnswerKey(pattern="*manual*", credit=0.0, feedback="Right lines, wrong word."),
                      AnswerKey(pattern="*", credit=0.0, feedback="Your answer is incorrect."))


@pytest.mark.parametrize(("response", "correct", "feedback"), [
    ("it is manually done", True, "Your answer is correct."),
    ("MANUALLY", True, "Your answer is correct."),
    ("it is manual done", False, "Right lines, wrong word."),
    ("zzqx unrelated reply", False, "Your answer is incorrect."),  # '*' alone: the catch-all
])
def test_wildcard_answers_are_graded_in_order_as_moodle_does(response, correct, feedback):
    verdict = grade(only(SHORTS), response)
    assert (verdict.correct, verdict.feedback, verdict.expected) == (correct, feedback, "manually")


def test_with_a_catch_all_the_plain_answers_are_still_tried_first_in_their_order():
    q = only("Best animal? {=Frog#Good! =%50%Cat#Cats again. =Toad =%0%*#Completely wrong}")
    assert (q.answer, q.accepted) == ("Frog", ("Toad",))
    assert [(grade(q, r).credit, grade(q, r).feedback) for r in ("frog", "Cat", "toad", "dog")] == \
        [(1.0, "Good!"), (0.5, "Cats again."), (1.0, None), (0.0, "Completely wrong")]


def test_an_escaped_star_is_an_asterisk():
    q = only("Which key? {=a\\*b =*star*}")  # GIFT keeps the backslash: Moodle's \* is a plain asterisk
    assert (q.answer, q.accepted) == ("a*b", ()) and q.keys == (AnswerKey(text="a*b"), AnswerKey(pattern="*star*"))
    assert grade(q, "a*b").correct and not grade(q, "axb").correct and grade(q, "a star").correct
    plain = only("Which key? {=a\\*b}")
    assert (plain.answer, plain.keys) == ("a*b", ())
    assert without_place(read(write([plain])).questions) == without_place([plain])


def test_a_star_that_accepts_everything_skips_the_question_with_a_warning():
    pack = read("Anything? {=*}\n\nReal? {=yes}\n")
    assert [q.prompt for q in pack.questions] == ["Real?"]
    (warning,) = pack.warnings
    assert (warning.line, warning.column) == (1, 1) and "right whatever is typed" in warning.message


def test_a_wildcard_question_is_written_back_as_moodle_reads_it():
    q = only(SHORTS)
    assert without_place(read(write([q])).questions) == without_place([q])


def moodle_wildcard(pattern: str, response: str) -> bool:
    """Moodle's own compare_string_with_wildcard, as a regular expression (the reference)."""
    pieces = [piece.replace("\\*", "*") for piece in re.split(r"(?<!\\)\*+", pattern)]
    return re.fullmatch(".*".join(map(re.escape, pieces)), response.strip(), re.IGNORECASE | re.DOTALL) is not None


@given(st.text(st.sampled_from("ab*\\ A"), max_size=8), st.text(st.sampled_from("ab* AB"), max_size=10))
def test_wildcard_matching_is_moodles(pattern, response):
    response = " ".join(response.split())
    assert wildcard_matches(pattern, response) == moodle_wildcard(pattern, response)


@given(st.lists(st.text(st.sampled_from("abcxy"), max_size=4), min_size=2, max_size=5),
       st.lists(st.text(st.sampled_from("abcxyz 1"), max_size=5), min_size=4, max_size=4))
def test_any_text_put_where_the_stars_are_matches_the_wildcard(pieces, fillers):
    pattern = "*".join(pieces)
    response = "".join(piece + fillers[i % 4] for i, piece in enumerate(pieces[:-1])) + pieces[-1]
    assert wildcard_matches(pattern, " ".join(response.split()))


# --- Moodle's default format holds HTML ---------------------------------------------------------------------


def test_html_in_the_default_format_is_shown_as_text_as_moodle_does():
    q = only("Una pregunta sencilla y con algo{\n=<p>respuesta 1</p>\n~<p>respuesta 2</p>\n~R&amp;D <b>3</b>\n"
             "####<p>Bien <em>hecho</em></p>\n}")
    assert q.options == ("respuesta 1", "respuesta 2", "R&D 3") and q.answer == "respuesta 1"
    assert q.explanation == "Bien hecho"


def test_a_line_break_in_a_question_is_a_space_and_an_escaped_one_a_line_break():
    q = only("Who flew\n  first?\\nAnswer in full. {=Yuri\nGagarin ~Alan Shepard}")
    assert q.prompt == "Who flew first?\nAnswer in full."
    assert q.options == ("Yuri Gagarin", "Alan Shepard")


def test_plain_text_is_still_shown_exactly_as_written():
    q = only("[plain]Is 3 <b>bold</b>? {=yes ~no}")
    assert q.prompt == "Is 3 <b>bold</b>?"


# --- a wrong choice that is the right answer in other words -----------------------------------------------------


def test_a_wrong_choice_equal_to_the_answer_is_left_out_with_a_warning():
    first_line, second_line = "Capital? {=Paris ~paris ~Lyon ~%50%PARIS. ~Lyon}", "Biggest? {~GB ~Gb ~tb =TB}"
    pack = read(f"{first_line}\n\n{second_line}\n")
    first, second = pack.questions
    assert first.options == ("Paris", "Lyon") and first.keys == ()
    assert second.options == ("GB", "Gb", "TB")  # "GB" and "Gb" are two wrong answers, both offered
    found = [(w.line, w.column, w.message.split(" — ")[0]) for w in pack.warnings]
    assert found == [
        (1, first_line.index("~paris") + 1,
         "the answer 'paris' is the right answer 'Paris' in other words, so picking it would be marked wrong"),
        (1, first_line.index("~%50%") + 1,
         "the answer 'PARIS.' is the right answer 'Paris' in other words, so picking it would be marked wrong"),
        (1, first_line.rindex("~Lyon") + 1, "the answer 'Lyon' is given twice"),
        (3, second_line.index("~tb") + 1,
         "the answer 'tb' is the right answer 'TB' in other words, so picking it would be marked wrong"),
    ]
    assert all(w.severity == "warning" for w in pack.warnings)


# --- properties -----------------------------------------------------------------------------------------------


SPECIAL = "~=#{}:\\[]%<>&-/$_.\n\t "
character = st.one_of(st.sampled_from(SPECIAL), st.characters(exclude_categories=("Cs",),
                                                                exclude_characters="\r\u2060"))
text = st.text(character, min_size=1, max_size=12).map(str.strip).filter(bool)
words = st.text(st.sampled_from("abcXYZ /-$"), min_size=1, max_size=10).map(lambda t: " ".join(t.split())).filter(
    bool)
credit = st.sampled_from([0.0, 1.0, 1.0, 0.5, 0.25, -0.5, 0.1, 1 / 3])
feedback = st.none() | text


@st.composite
def choice_question(draw) -> dict:
    if draw(st.booleans()):
        answer = draw(st.sampled_from(["True", "False"]))
        keys = tuple(AnswerKey(text=o, credit=1.0 if o == answer else 0.0, feedback=f)
                     for o in ("True", "False") if (f := draw(feedback)) is not None)
        return {"kind": "choice", "options": ("True", "False"), "answer": answer, "keys": keys, "accepted": ()}
    # Choices that are different answers: one that is another in other words is left out by the reader.
    options = draw(st.lists(text, min_size=2, max_size=5, unique_by=normalised_option))
    credits = [draw(credit) for _ in options]
    right = draw(st.integers(0, len(options) - 1))
    credits[right] = 1.0
    if all(c == 1.0 for c in credits):  # at least one wrong choice, or it is not a multiple-choice question
        credits[right - 1] = 0.0
    answer = options[credits.index(1.0)]
    keys = tuple(AnswerKey(text=o, credit=c, feedback=f) for o, c in zip(options, credits, strict=True)
                 if (f := draw(feedback)) is not None or c not in (0.0, 1.0) or (c == 1.0 and o != answer))
    accepted = tuple(draw(st.lists(text, max_size=2)))
    return {"kind": "choice", "options": tuple(options), "answer": answer, "keys": keys, "accepted": accepted}


@st.composite
def fill_question(draw) -> dict:
    entries = draw(st.lists(st.tuples(text, credit, feedback), min_size=1, max_size=5))
    if not any(c == 1.0 for _, c, _ in entries):
        entries.insert(draw(st.integers(0, len(entries))), (draw(text), 1.0, draw(feedback)))
    right = [t for t, c, _ in entries if c == 1.0]
    keys = tuple(AnswerKey(text=t, credit=c, feedback=f) for t, c, f in entries if f is not None or c != 1.0)
    return {"kind": "fill", "options": (), "answer": right[0], "accepted": tuple(right[1:]), "keys": keys}


decimals = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
floats = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@st.composite
def numeric_question(draw) -> dict:
    def ranges(only_partial: bool) -> list[AnswerKey]:
        pairs = draw(st.lists(st.tuples(floats, floats, credit, feedback), max_size=2))
        return [AnswerKey(low=min(a, b), high=max(a, b), credit=c, feedback=f) for a, b, c, f in pairs
                if not (only_partial and c == 1.0)]

    value, tolerance = draw(decimals), abs(draw(decimals))
    if draw(st.booleans()):
        answer, low, high = str(value), float(value - tolerance), float(value + tolerance)
    else:
        answer, low, high = f"{value}..{value + tolerance}", float(value), float(value + tolerance)
    # The answer is the first range with full marks, as written.
    keys = [*ranges(only_partial=True), AnswerKey(low=low, high=high, feedback=draw(feedback)),
            *ranges(only_partial=False)]
    if (catch_all := draw(feedback)) is not None:
        keys.append(AnswerKey(low=-math.inf, high=math.inf, credit=0.0, feedback=catch_all))
    return {"kind": "fill", "options": (), "answer": answer, "accepted": (), "keys": tuple(keys)}


@st.composite
def choose_all_question(draw) -> dict:
    """Moodle's multiple-answer question: no choice at 100%, the positive weights adding up to 100%."""
    positive = draw(st.sampled_from([[0.5, 0.5], [1 / 3] * 3, [0.25] * 4, [0.5, 0.25, 0.25]]))
    negative = draw(st.lists(st.sampled_from([0.0, -1.0, -0.5]), max_size=2))
    credits = draw(st.permutations(positive + negative))
    options = draw(st.lists(text, min_size=len(credits), max_size=len(credits), unique_by=normalised_option))
    keys = tuple(AnswerKey(text=o, credit=c, feedback=f) for o, c in zip(options, credits, strict=True)
                 if (f := draw(feedback)) is not None or c != 0.0)
    right = [o for o, c in zip(options, credits, strict=True) if c > 0]
    return {"kind": "multi", "options": tuple(options), "answer": ", ".join(right), "keys": keys, "accepted": ()}


@st.composite
def matching_question(draw) -> dict:
    items = draw(st.lists(text, min_size=2, max_size=4, unique=True))
    matches = draw(st.lists(words, min_size=1, max_size=5, unique=True))
    pairs = tuple((item, draw(st.sampled_from(matches))) for item in items)
    options = list(dict.fromkeys(match for _, match in pairs))
    options += [match for match in matches if match not in options]  # extra matches, after the pairs' own
    return {"kind": "match", "options": tuple(options), "pairs": pairs, "accepted": (), "keys": (),
            "answer": "; ".join(f"{item} → {match}" for item, match in pairs)}


@st.composite
def questions(draw) -> list[Question]:
    result = []
    ids = draw(st.lists(text.map(lambda t: " ".join(t.split())), min_size=1, max_size=4, unique=True))
    for id_ in ids:
        fields = draw(st.one_of(choice_question(), fill_question(), numeric_question(), choose_all_question(),
                                matching_question()))
        prompt = draw(text)
        if draw(st.booleans()):
            prompt = f"{prompt} {BLANK} {draw(text)}"
        sentence = draw(st.just(prompt) | text)
        start = draw(st.none() | st.integers(0, 50))
        result.append(Question(
            id=id_, prompt=prompt, type=draw(st.just("gift") | words), hint=draw(st.none() | text),
            source=Source("q.gift", 1, sentence, start, None if start is None else start + 3),
            fact_id=draw(st.just(id_) | text), explanation=draw(feedback), **fields))
    return result


@settings(max_examples=150)
@given(questions())
def test_write_then_read_gives_the_same_questions(written):
    again = gift_read(write(written, "A pack"), "again.gift")
    assert without_place(again.questions) == without_place(written)
    assert again.warnings == ()


TOKENS = [*"{}~=#:%\\->.[]/$ \n\tTF15aé", "\n\n", "::", "####", "$CATEGORY:", "[html]", "<p>", "//", "..", "{#",
          "\\n", "%50%", "TRUE"]
gift_like = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@settings(max_examples=300)
@given(st.text(max_size=80) | gift_like | st.lists(gift_like, max_size=5).map("\n\n".join))
def test_any_text_reads_to_a_pack_or_a_pack_error(source):
    try:
        pack = parse(source, "fuzz.gift")  # the public way in: it makes "\r" and "\r\n" line breaks "\n" first
    except PackError as error:
        assert any(p.severity == "error" for p in error.problems)
        lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for problem in error.problems:
            assert 1 <= problem.line <= len(lines) and 1 <= problem.column <= len(lines[problem.line - 1]) + 1
        return
    assert pack.questions and all(q.prompt for q in pack.questions)
    assert len({q.id for q in pack.questions}) == len(pack.questions)


@settings(max_examples=20)
@given(st.integers(min_value=0, max_value=2**32))
def test_the_example_pack_plays_with_any_seed(seed):
    pack = load_pack(PACK)
    for q in generate(pack, seed):
        assert grade(q, q.answer).correct


def test_a_number_inside_a_tolerance_is_right_and_says_how():
    q = only("How many minutes did Vostok 1 fly? {#108:2}")
    assert describe(grade(q, "108")) == "exact"
    inside = grade(q, "107")
    assert inside.correct and describe(inside) == "within the accepted range"
    assert not grade(q, "111").correct
