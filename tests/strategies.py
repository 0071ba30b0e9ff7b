"""Hypothesis strategies shared by the core's property tests: facts and packs built directly, no parsing."""

from __future__ import annotations

from hypothesis import strategies as st

from orbitquiz.model import Fact, Pack, Source

SYLLABLES = ["ka", "ra", "mi", "to", "lo", "vy", "shen", "ko", "ba", "nur", "pe", "sild", "an", "ton", "zo", "ly"]

word = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map("".join)
capitalised = word.map(str.capitalize)
name = st.lists(capitalised, min_size=1, max_size=3).map(" ".join)
TYPES = ["person", "place", "craft", "title"]


@st.composite
def facts(draw, types=TYPES, min_size=1, max_size=12) -> list[Fact]:
    """Facts with distinct answers, each in a sentence of its own made of filler words."""
    answers = draw(st.lists(name, min_size=min_size, max_size=max_size, unique_by=lambda a: a.casefold()))
    result = []
    for line, answer in enumerate(answers, start=1):
        before = draw(st.sampled_from(["The ship was", "The crew saw", "Near the dock stood", "Everyone met"]))
        sentence = f"{before} {answer} at the harbour."
        start = len(before) + 1
        result.append(Fact(
            answer=answer,
            type=draw(st.sampled_from(types)),
            source=Source("p.md", line, sentence, start, start + len(answer)),
            column=1,
            wrong=tuple(draw(st.lists(name, max_size=3))),
            accept=tuple(draw(st.lists(name, max_size=2))),
        ))
    return result


@st.composite
def packs(draw, types=TYPES) -> Pack:
    found = draw(facts(types))
    pools = {t: tuple(draw(st.lists(name, max_size=6))) for t in types}
    return Pack(path="p.md", title="t", facts=tuple(found), distractors=pools)


def number_fact(answer: str, type_: str = "number") -> Fact:
    sentence = f"The trip to Mir took {answer} days."  # it names what it is about: a stem that names nothing leans back
    start = sentence.index(answer)
    return Fact(answer=answer, type=type_, source=Source("n.md", 1, sentence, start, start + len(answer)),
                column=start + 1)
