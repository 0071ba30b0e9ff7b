"""Reading a pack and making its questions build many objects that hold no reference cycles: the cycle collector
is paused meanwhile (its full passes walked every one of them again and again), and left as it was found."""

from __future__ import annotations

import gc

import pytest

from orbitquiz import generate
from orbitquiz.readers import parse

ARTICLE = "---\ntitle: Collections\n---\n" + "\n\n".join(
    f"In [{1900 + n}]{{.year}} the crew of [Ship {n}]{{.craft}} met [Person {n} Name{n}]{{.person}} in "
    f"[Town {n}]{{.place}} after [{n + 2}]{{.number}} days." for n in range(200))


@pytest.fixture
def collections() -> list[str]:
    """The collections that start while the test runs."""
    started: list[str] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(f"generation {info['generation']}")

    gc.callbacks.append(record)
    yield started
    gc.callbacks.remove(record)


def test_parsing_and_generating_collect_at_most_once_afterwards(collections):
    parse(ARTICLE, "collections.md")  # the reader's modules imported (a first import may collect)
    generate(parse(ARTICLE, "collections.md"), seed=1)
    collections.clear()
    pack = parse(ARTICLE, "collections.md")
    questions = generate(pack, seed=3)
    assert len(questions) > 400  # enough new objects for several collections, had the collector run meanwhile
    # at most the one the allocations earned, as the collector runs again at the end (none inside)
    assert len(collections) <= 2
    assert gc.isenabled()


def test_a_paused_collector_stays_paused():
    gc.disable()
    try:
        generate(parse(ARTICLE, "collections.md"), seed=3)
        assert not gc.isenabled()
    finally:
        gc.enable()
