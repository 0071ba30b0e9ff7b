"""Properties of question generation: options, determinism, uniform positions, number forms, stable ids."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from orbitquiz import distractors, generate, normalize
from orbitquiz.model import BLANK
from orbitquiz.model import Fact, Pack, Source
from tests.strategies import number_fact, packs

NUMBER = re.compile(r"(\D*?)([-+]?)(\d[\d,]*)(?:\.(\d+))?(\D*)\Z")


def choice_questions(pack: Pack, seed: int = 0):
    return [q for q in generate(pack, seed) if q.kind == "choice"]


@given(packs(), st.integers(0, 2**32))
def test_choice_options_are_sound(pack, seed):
    for q in choice_questions(pack, seed):
        keys = [normalize(o) for o in q.options]
        assert q.options.count(q.answer) == 1
        assert len(q.options) in (3, 4)
        assert len(set(keys)) == len(keys), "two options equal after normalisation"
        accepted = {normalize(a) for a in (q.answer, *q.accepted)}
        prompt = f" {normalize(q.prompt)} "
        for option in q.options:
            if option != q.answer:
                assert normalize(option) not in accepted, "a wrong option is an accepted answer"
                assert f" {normalize(option)} " not in prompt, "a wrong option appears in the prompt"


@given(packs(), st.integers(0, 2**32))
def test_same_pack_and_seed_give_identical_questions(pack, seed):
    assert generate(pack, seed) == generate(pack, seed)


@given(packs())
def test_every_fact_is_asked_typed_where_fair_and_no_prompt_shows_its_answer(pack):
    # (not a pack about one person, whose surname four of its sentences name: nobody asks who they are)
    sentences = [fact.source.sentence.split() for fact in pack.facts]
    assume(not any(sum(word in words for words in sentences) >= 4 for words in sentences for word in words
                   if word[:1].isupper() and word != "The"))
    questions = generate(pack, 0)
    fills = [q for q in questions if q.kind == "fill"]
    for q in fills:
        assert BLANK in q.prompt or q.prompt.endswith("?")
        for form in (q.answer, *q.accepted):
            assert f" {normalize(form)} " not in f" {normalize(q.prompt)} "
    # A fact whose sentence shows none of its forms outside the span always gets its fill-in question (the
    # strategy's sentences open with no pronoun, so every one stands on its own).
    shown = 0
    for fact in pack.facts:
        rest = f" {normalize(fact.source.sentence[:fact.source.start] + ' ' + fact.source.sentence[fact.source.end:])} "
        shown += any(f" {normalize(form)} " in rest for form in (fact.answer, *fact.accept) if normalize(form))
    # ... or, when its answer is a name a reader may not spell from one reading, its multiple-choice one instead
    # (test_question_quality has the cases).
    asked = {q.fact_id for q in questions}
    assert len(asked) >= len(pack.facts) - shown
    typed = {q.fact_id for q in fills}
    for q in questions:
        if q.fact_id not in typed:
            assert q.kind == "choice" and q.answer[:1].isupper(), q


@given(packs(), st.integers(0, 1000))
def test_ids_are_unique_and_do_not_depend_on_the_seed(pack, seed):
    a, b = generate(pack, seed), generate(pack, seed + 1)
    assert [q.id for q in a] == [q.id for q in b]
    assert len({q.id for q in a}) == len(a)


def test_editing_one_fact_keeps_the_other_questions():
    pack = Pack("p.md", "t", facts=tuple(
        Fact(name, "person", Source("p.md", i, f"Then {name} spoke.", 5, 5 + len(name)), 6)
        for i, name in enumerate(["Ann Lee", "Bob Ray", "Cy Dorn", "Di Fox", "Ed Gray"], 1)))
    before = generate(pack, 3)
    edited = dataclasses.replace(pack, facts=(dataclasses.replace(pack.facts[0], hint="changed", answer="Al Lee"),
                                              *pack.facts[1:]))
    after = generate(edited, 3)
    unchanged = [q for q in before if not q.id.startswith(before[0].fact_id)]
    assert [q.id for q in after if q.id in {u.id for u in unchanged}] == [q.id for q in unchanged]
    assert {q.id for q in after} & {q.id for q in before if q.fact_id == before[0].fact_id} == set()


def test_right_option_position_is_uniform_over_seeds():
    pack = Pack("p.md", "t", facts=(Fact("Soyuz", "craft", Source("p.md", 1, "The Soyuz flew.", 4, 9), 5),),
                distractors={"craft": ("Progress", "Dragon", "Shenzhou", "Vostok", "Proton")})
    positions = Counter()
    for seed in range(2000):
        (q,) = choice_questions(pack, seed)
        positions[q.options.index("Soyuz")] += 1
    assert set(positions) == {0, 1, 2, 3}
    # Expected 500 each; with 2000 fair draws a count outside 430..570 has a probability below 1e-4.
    assert all(430 <= count <= 570 for count in positions.values()), positions


def test_distractors_prefer_wrong_then_same_type_then_pool():
    facts = (
        Fact("Soyuz", "craft", Source("p.md", 1, "The Soyuz flew.", 4, 9), 5, wrong=("Dragon",)),
        Fact("Progress", "craft", Source("p.md", 2, "The Progress docked.", 4, 12), 5),
    )
    pack = Pack("p.md", "t", facts=facts, distractors={"craft": ("Vostok", "Angara", "Proton", "Luna")})
    for seed in range(50):
        soyuz = next(q for q in choice_questions(pack, seed) if q.answer == "Soyuz")
        assert {"Dragon", "Progress"} <= set(soyuz.options)
        assert len(soyuz.options) == 4


def test_aliases_are_never_offered_against_each_other_and_are_accepted():
    facts = (
        Fact("Yulia Peresild", "person", Source("p.md", 1, "Yulia Peresild flew.", 0, 14), 1),
        Fact("Peresild", "person", Source("p.md", 2, "Later Peresild smiled.", 6, 14), 7, alias_of="Yulia Peresild"),
        Fact("Klim Shipenko", "person", Source("p.md", 3, "Klim Shipenko filmed.", 0, 13), 1),
    )
    pack = Pack("p.md", "t", facts=facts, distractors={"person": ("Oleg Novitsky", "Anton Shkaplerov")})
    for seed in range(30):
        for q in generate(pack, seed):
            if q.answer in ("Peresild", "Yulia Peresild"):
                assert {"Peresild", "Yulia Peresild"} & set(q.options) <= {q.answer}
                assert ({"Peresild", "Yulia Peresild"} - {q.answer}) <= set(q.accepted)
            if q.answer == "Peresild" and q.kind == "choice":
                assert all(" " not in option for option in q.options), "surname answer gets surname options"


def test_no_multiple_choice_below_three_options():
    facts = (Fact("Soyuz", "craft", Source("p.md", 1, "The Soyuz flew.", 4, 9), 5),)
    assert choice_questions(Pack("p.md", "t", facts=facts, distractors={"craft": ("Dragon",)})) == []
    (three,) = choice_questions(Pack("p.md", "t", facts=facts, distractors={"craft": ("Dragon", "Vostok")}))
    assert sorted(three.options) == ["Dragon", "Soyuz", "Vostok"]


def test_answer_shown_elsewhere_in_the_sentence_uses_ask_or_makes_no_question():
    sentence = "Baikonur is far and the Baikonur base is old."
    fact = Fact("Baikonur", "place", Source("p.md", 1, sentence, 24, 32), 25)
    assert generate(Pack("p.md", "t", facts=(fact,)), 0) == []
    asked = dataclasses.replace(fact, ask="Which base did they leave from?")
    (fill,) = [q for q in generate(Pack("p.md", "t", facts=(asked,)), 0) if q.kind == "fill"]
    assert fill.prompt == "Which base did they leave from?"


numerals = st.one_of(
    st.integers(1, 10**7).map(str),
    st.integers(-5000, -1).map(str),
    st.integers(1, 10**6).map(lambda n: f"{n:,}"),
    st.tuples(st.integers(0, 999), st.integers(1, 3)).map(lambda t: f"{t[0]}.{'7' * t[1]}"),
    st.integers(1, 999).map(lambda n: f"${n}"),
    st.integers(1, 100).map(lambda n: f"{n}%"),
    st.integers(1, 500).map(lambda n: f"{n} km"),
)


def _parts(text: str):
    match = NUMBER.match(text)
    assert match, text
    prefix, sign, digits, decimals, suffix = match.groups()
    return prefix, sign == "-", "," in digits, len(decimals or ""), suffix, Decimal(digits.replace(",", "") + (
        "." + decimals if decimals else "")) * (-1 if sign == "-" else 1)


@given(numerals, st.integers(0, 2**32))
def test_number_distractors_keep_the_answers_form(answer, seed):
    pack = Pack("n.md", "t", facts=(number_fact(answer),))
    (q,) = choice_questions(pack, seed)
    assert len(q.options) == 4
    prefix, negative, _, places, suffix, value = _parts(answer)
    values = []
    for option in q.options:
        o_prefix, o_negative, _, o_places, o_suffix, o_value = _parts(option)
        assert (o_prefix, o_places, o_suffix) == (prefix, places, suffix)
        assert o_negative == negative, "a distractor changed the sign"
        if value > 0:
            assert o_value > 0
        values.append(o_value)
    assert len(set(values)) == 4, "options are distinct values"


@given(st.lists(st.decimals(-1000, 1000, places=1), max_size=40), st.decimals(-1000, 1000, places=1),
       st.decimals(-1000, 1000, places=1))
def test_the_articles_numbers_near_an_answer_are_those_a_scan_finds(numbers, low, high):
    """GivenNumbers finds the numbers of a unit between two values by bisection: the very ones, in the very order
    (the article's, first mention first, each once), that a scan of every number the article gives would find."""
    scanned = list(dict.fromkeys(number for number in numbers if low <= number <= high))
    assert distractors.GivenNumbers(numbers).between(low, high) == scanned


def test_number_rank_among_options_varies():
    ranks = Counter()
    for seed in range(400):
        (q,) = choice_questions(Pack("n.md", "t", facts=(number_fact("120"),)), seed)
        ranks[sorted(q.options, key=int).index("120")] += 1
    assert set(ranks) == {0, 1, 2, 3}, ranks
    assert min(ranks.values()) > 40


@given(st.integers(1000, 2100), st.integers(0, 2**32))
def test_year_distractors_stay_plausible_years(year, seed):
    (q,) = choice_questions(Pack("n.md", "t", facts=(number_fact(str(year), "year"),)), seed)
    for option in q.options:
        assert re.fullmatch(r"\d{4}", option) and abs(int(option) - year) <= 30


def test_spelled_numbers_get_spelled_distractors():
    (q,) = choice_questions(Pack("n.md", "t", facts=(number_fact("three"),)), 1)
    assert all(re.fullmatch(r"[a-z-]+", option) for option in q.options), q.options
