"""The model's classes as plain data: to_dict gives what JSON holds, from_dict gives back the same object."""

from __future__ import annotations

import dataclasses
import json
import math

from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.model import AnswerKey, Fact, Pack, Problem, Question, Source
from tests.test_pack_cache import every_field

text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
maybe_text = st.none() | text
texts = st.lists(text, max_size=3).map(tuple)
offset = st.none() | st.integers(0, 10_000)
bound = st.none() | st.floats(allow_nan=False) | st.sampled_from([-math.inf, math.inf])

sources = st.builds(Source, path=text, line=st.integers(1, 10_000), sentence=text, start=offset, end=offset,
                    previous=text)
problems = st.builds(Problem, path=text, line=st.integers(1, 10_000), column=st.integers(1, 500), message=text,
                     severity=st.sampled_from(["error", "warning"]))
facts = st.builds(Fact, answer=text, type=text, source=sources, column=st.integers(1, 500), accept=texts,
                  wrong=texts, hint=maybe_text, ask=maybe_text, alias_of=maybe_text)
keys = st.builds(AnswerKey, text=maybe_text, low=bound, high=bound, credit=st.floats(-1, 1), feedback=maybe_text,
                 pattern=maybe_text)
questions = st.builds(
    Question, id=text, kind=st.sampled_from(["choice", "fill", "multi", "match"]), prompt=text, options=texts,
    answer=text, accepted=texts, type=text, hint=maybe_text, source=sources, fact_id=text, explanation=maybe_text,
    keys=st.lists(keys, max_size=3).map(tuple), rivals=st.frozensets(text, max_size=3),
    pairs=st.lists(st.tuples(text, text), max_size=3).map(tuple),
)
packs = st.builds(
    Pack, path=text, title=text, facts=st.lists(facts, max_size=3).map(tuple),
    questions=st.lists(questions, max_size=3).map(tuple), source=maybe_text, language=text,
    distractors=st.dictionaries(text, texts, max_size=3), warnings=st.lists(problems, max_size=2).map(tuple),
    errors=st.lists(problems, max_size=2).map(tuple), left_out=st.integers(0, 100),
)


@given(packs)
def test_a_pack_comes_back_from_its_json_in_every_field(pack: Pack) -> None:
    data = json.loads(json.dumps(pack.to_dict(), ensure_ascii=False))
    again = Pack.from_dict(data)
    assert every_field(again) == every_field(pack)


@given(problems)
def test_a_problem_comes_back_from_its_json(problem: Problem) -> None:
    assert Problem.from_dict(json.loads(json.dumps(problem.to_dict()))) == problem


def test_the_plain_data_names_every_field_of_every_class() -> None:
    """to_dict is the one description of each class's fields: none left out, none made up."""
    source = Source("a.md", 1, "s")
    samples = [source, Problem("a.md", 1, 1, "m"), Fact("A", "t", source, 1), AnswerKey(text="A"),
               Question("q", "fill", "?", (), "A", (), "t", None, source), Pack("a.md", "T")]
    for sample in samples:
        assert list(sample.to_dict()) == [f.name for f in dataclasses.fields(sample)], type(sample).__name__
