"""Choose-all-that-apply and matching questions: read from GIFT, credited as Moodle credits them, kept by the cache
and written back to GIFT."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orbitquiz import generate, grade
from orbitquiz.model import AnswerKey, Match, PackError, Question, Source
from orbitquiz.readers import load_pack, parse
from orbitquiz.readers.cache import PackCache
from orbitquiz.readers.gift import write
from orbitquiz.selections import chosen_matches, matches_response, selection_response, shown

CONFORMANCE = Path("/work/shared/conformance")
CONTINENTS = ("Select all of the options below which name a continent: {\n"
              "  ~%33.33333%Africa#Yes.\n  ~%33.33333%Asia\n  ~%-100%China#A country.\n"
              "  ~%33.33333%Antarctica\n  ~%-100%America\n}\n")
CAPITALS = ("::capitals:: Match the countries with their capitals. {\n"
            "  =Canada -> Ottawa\n  =Italy -> Rome\n  =Japan -> Tokyo\n  = -> Sydney\n"
            "  ####Sydney is no capital.\n}\n")


def only(text: str) -> Question:
    [question] = parse(text, "x.gift").questions
    return question


def external(name: str) -> Path:
    path = CONFORMANCE / name
    if not path.is_file():
        pytest.skip(f"{name} is not in {CONFORMANCE}")
    return path


# --- reading ---------------------------------------------------------------------------------------------------


def test_a_multiple_answer_question_keeps_every_weight_and_feedback():
    q = only(CONTINENTS)
    assert (q.kind, q.options, q.answer) == ("multi", ("Africa", "Asia", "China", "Antarctica", "America"),
                                             "Africa, Asia, Antarctica")
    assert q.keys == (AnswerKey(text="Africa", credit=0.3333333, feedback="Yes."), AnswerKey(text="Asia",
                      credit=0.3333333), AnswerKey(text="China", credit=-1.0, feedback="A country."),
                      AnswerKey(text="Antarctica", credit=0.3333333), AnswerKey(text="America", credit=-1.0))


def test_a_matching_question_has_its_pairs_and_an_extra_match_to_choose_from():
    q = only(CAPITALS)
    assert (q.kind, q.id, q.pairs, q.options, q.explanation) == (
        "match", "capitals", (("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo")),
        ("Ottawa", "Rome", "Tokyo", "Sydney"), "Sydney is no capital.")
    assert q.answer == "Canada → Ottawa; Italy → Rome; Japan → Tokyo"


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ("Match. {=a -> b =c d}", 1, 17, "a pair without '->'"),
    ("Match. {=a -> b}", 1, 8, "at least two pairs"),
    ("Match. {=a -> b =c -> }", 1, 17, "empty match after '->'"),
    ("Pick. {~%50%a ~%50%a}", 1, 7, "at least two different answers"),
])
def test_a_broken_selection_question_is_an_error_at_its_place(text, line, column, words):
    with pytest.raises(PackError) as info:
        parse(text + "\n\nOk? {=yes ~no}\n", "x.gift")
    first = next(p for p in info.value.problems if p.severity == "error")
    assert (first.line, first.column, first.severity) == (line, column, "error") and words in first.message
    assert [q.prompt for q in info.value.pack.questions] == ["Ok?"]  # the rest plays


def test_the_real_multiple_answer_and_matching_files_play():
    pack = load_pack(external("PascalCrepey__RGIFTParser__inst__extdata__test.gift"))
    assert [q.kind for q in pack.questions].count("multi") == 11 and len(pack.questions) == 39
    [floats] = load_pack(external("fuhrmanator__GIFT-grammar-PEG.js__tests__questions__multipleAnswersFloat.gift")
                         ).questions
    assert grade(floats, selection_response(["Africa", "Asia", "Antarctica"])).correct  # 3 × 33.33333%
    matching = load_pack(external("LucasWolfgang__QAS-Editor__test__datasets__gift__matching.gift")).questions
    assert [len(q.pairs) for q in matching] == [3, 5]
    assert matching[0].pairs[0] == ("Drag and drop files", "Moodle 2.3") and "Moodle 2.5" in matching[0].options


# --- credit ----------------------------------------------------------------------------------------------------


def test_choose_all_is_credited_as_moodle_does_sum_of_weights_clamped():
    q = only(CONTINENTS)
    full = grade(q, selection_response(["Antarctica", "Asia", "Africa"]))
    assert (full.correct, full.match, full.credit, full.feedback) == (True, Match.EXACT, 1.0, "Yes.")
    part = grade(q, selection_response(["Asia", "Africa"]))
    assert (part.correct, part.match) == (False, Match.PARTIAL) and part.credit == pytest.approx(2 / 3, abs=1e-6)
    penalised = grade(q, selection_response(["Asia", "Africa", "China"]))
    assert (penalised.credit, penalised.feedback) == (0.0, "Yes.\nA country.")  # never below nothing
    assert grade(q, selection_response([])).match is Match.NO_ANSWER
    assert grade(q, selection_response(["Europe"])).match is Match.NOT_AN_OPTION
    assert grade(q, "Asia").match is Match.NOT_AN_OPTION  # not a selection at all


_weights = st.lists(st.sampled_from([-1.0, -0.5, 0.0, 0.25, 0.5, 1 / 3, 1.0]), min_size=2, max_size=6)


@given(_weights, st.data())
def test_any_selection_earns_the_clamped_sum_of_its_weights(weights, data):
    options = tuple(f"option {n}" for n in range(len(weights)))
    q = Question("q", "multi", "Pick", options, "", (), "t", None, Source("x", 1, ""),
                 keys=tuple(AnswerKey(text=o, credit=w) for o, w in zip(options, weights)))
    chosen = data.draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
    verdict = grade(q, selection_response(chosen))
    expected = min(1.0, max(0.0, sum(weights[options.index(o)] for o in chosen)))
    assert 0.0 <= verdict.credit <= 1.0 and verdict.credit == pytest.approx(expected)
    assert verdict.correct == (expected >= 1 - 1e-6)


def test_matching_earns_the_share_of_items_matched_right():
    q = only(CAPITALS)
    assert grade(q, matches_response({"Canada": "Ottawa", "Italy": "Rome", "Japan": "Tokyo"})).correct
    two = grade(q, matches_response({"Canada": "Ottawa", "Italy": "Rome", "Japan": "Sydney"}))
    assert (two.match, two.credit) == (Match.PARTIAL, pytest.approx(2 / 3))
    assert grade(q, matches_response({"Canada": "Ottawa"})).credit == pytest.approx(1 / 3)  # two left unmatched
    assert grade(q, matches_response({})).match is Match.NO_ANSWER
    assert grade(q, matches_response({"Canada": "Paris"})).match is Match.NOT_AN_OPTION


@given(st.lists(st.integers(0, 3), min_size=3, max_size=3))
def test_any_matching_earns_right_items_over_all_items(picks):
    q = only(CAPITALS)
    chosen = {item: q.options[pick] for (item, _), pick in zip(q.pairs, picks)}
    right = sum(chosen[item] == match for item, match in q.pairs)
    assert grade(q, matches_response(chosen)).credit == pytest.approx(right / 3)


def test_a_response_is_shown_as_people_read_it_whatever_the_options_hold():
    q = only(CAPITALS)
    response = matches_response({"Canada": "Ottawa", "Italy": "Rome"})
    assert shown(q, response) == "Canada → Ottawa; Italy → Rome"
    assert chosen_matches(response) == {"Canada": "Ottawa", "Italy": "Rome"}
    multi = dataclasses.replace(only(CONTINENTS), options=('a", "b', "c"))
    assert shown(multi, selection_response(['a", "b'])) == 'a", "b'  # one option, not two


# --- the rest of the core --------------------------------------------------------------------------------------


def test_generate_shuffles_the_options_per_seed_and_keeps_the_pairs(tmp_path):
    pack = parse(CONTINENTS + "\n" + CAPITALS, "x.gift")
    orders = {tuple(q.options for q in generate(pack, seed)) for seed in range(8)}
    assert len(orders) > 1 and generate(pack, 3) == generate(pack, 3)
    for q in generate(pack, 5):
        assert sorted(q.options) == sorted(next(p for p in pack.questions if p.id == q.id).options)
    assert generate(pack, 5)[1].pairs == pack.questions[1].pairs


def test_the_cache_keeps_pairs_and_weights(tmp_path):
    path = tmp_path / "x.gift"
    path.write_text(CONTINENTS + "\n" + CAPITALS, encoding="utf-8")
    cache = PackCache(tmp_path / "cache")
    first = load_pack(path, cache)
    again = load_pack(path, cache)  # read back from the cache's JSON
    assert again == first and again.questions[1].pairs == first.questions[1].pairs


def test_gift_export_of_both_kinds_reads_back_to_the_same_questions():
    pack = parse(CONTINENTS + "\n" + CAPITALS + "\n::arrow:: Match. {=a -> b =c -> z}\n", "x.gift")
    arrow = pack.questions[2]
    pack = dataclasses.replace(pack, questions=(*pack.questions[:2], dataclasses.replace(
        arrow, pairs=(("a", "b"), ("x->y", "z")), answer="a → b; x->y → z")))  # an item holding Moodle's '->'
    again = parse(write(pack.questions, pack.title), "x.gift")
    strip = [dataclasses.replace(q, source=dataclasses.replace(q.source, line=0)) for q in pack.questions]
    assert [dataclasses.replace(q, source=dataclasses.replace(q.source, line=0)) for q in again.questions] == strip
    assert again.questions[2].pairs == (("a", "b"), ("x->y", "z"))
