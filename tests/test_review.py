"""Spaced review: ratings, fsrs scheduling (deterministic, stored as JSON), and the due-first order."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, Rating
from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.model import Match, Verdict
from orbitquiz.review import due_first, due_in, rating_for, recall, schedule, to_ask

NOW = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)

ratings = st.sampled_from([Rating.Again, Rating.Hard, Rating.Good])
# Gaps from "straight away" to months, the range a quiz player's returns really span.
gaps = st.sampled_from([0, 1, 5, 10, 60, 600, 1440, 3 * 1440, 20 * 1440, 90 * 1440]).map(
    lambda minutes: timedelta(minutes=minutes)
)
histories = st.lists(st.tuples(ratings, gaps), max_size=8)


def replay(history: list[tuple[Rating, timedelta]]) -> tuple[str | None, datetime]:
    card: str | None = None
    now = NOW
    for rating, gap in history:
        now += gap
        card, _ = schedule(card, rating, now)
    return card, now


def test_rating_for() -> None:
    right, wrong = Verdict(True, Match.EXACT, "x"), Verdict(False, Match.WRONG, "x")
    typo = Verdict(True, Match.TYPO, "x", typos=1, spelling="x")
    partial = Verdict(False, Match.PARTIAL, "x", credit=0.5)
    assert rating_for(None, False) is Rating.Again  # skipped
    assert rating_for(wrong, False) is Rating.Again
    assert rating_for(wrong, True) is Rating.Again
    assert rating_for(partial, False) is Rating.Again
    assert rating_for(typo, False) is Rating.Hard
    assert rating_for(right, True) is Rating.Hard
    assert rating_for(right, False) is Rating.Good
    assert rating_for(Verdict(True, Match.EXTRA_WORDS, "x"), False) is Rating.Good


@given(histories, gaps)
def test_a_wrong_answer_is_due_no_later_than_a_right_one(
    history: list[tuple[Rating, timedelta]], gap: timedelta
) -> None:
    card, then = replay(history)
    now = then + gap
    again, hard, good = (schedule(card, rating, now)[1] for rating in (Rating.Again, Rating.Hard, Rating.Good))
    assert again <= hard <= good
    assert again < good


@given(histories, ratings, gaps)
def test_due_is_after_the_review_and_in_utc(
    history: list[tuple[Rating, timedelta]], rating: Rating, gap: timedelta
) -> None:
    card, then = replay(history)
    card_json, due = schedule(card, rating, then + gap)
    assert due > then + gap
    assert due.utcoffset() == timedelta(0)
    # The JSON is fsrs's own and carries the same due time.
    assert Card.from_json(card_json).due == due


@given(histories)
def test_deterministic(history: list[tuple[Rating, timedelta]]) -> None:
    # No fuzzing, no wall clock: replaying the same answers gives byte-identical cards.
    assert replay(history) == replay(history)


def test_new_card() -> None:
    card_json, due = schedule(None, Rating.Good, NOW)
    card = Card.from_json(card_json)
    assert card.last_review == NOW
    assert due == card.due > NOW
    assert json.loads(card_json)["card_id"] == int(NOW.timestamp() * 1000)


def test_other_time_zones_are_converted_and_naive_times_refused() -> None:
    paris = NOW.astimezone(ZoneInfo("Europe/Paris"))
    assert schedule(None, Rating.Good, paris) == schedule(None, Rating.Good, NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        schedule(None, Rating.Good, NOW.replace(tzinfo=None))


def test_right_answers_space_a_fact_out() -> None:
    card, due_1 = schedule(None, Rating.Good, NOW)
    card, due_2 = schedule(card, Rating.Good, due_1)
    card, due_3 = schedule(card, Rating.Good, due_2)
    assert due_2 - due_1 >= timedelta(days=1)
    assert due_3 - due_2 > due_2 - due_1
    # Then a wrong answer brings it back within the hour.
    _, due_4 = schedule(card, Rating.Again, due_3)
    assert due_4 - due_3 <= timedelta(hours=1)


def test_an_unreadable_card_starts_over() -> None:
    assert schedule('{"not": "a card"}', Rating.Good, NOW) == schedule(None, Rating.Good, NOW)
    assert schedule("not json", Rating.Again, NOW) == schedule(None, Rating.Again, NOW)


fact_ids = st.text(alphabet="abcdef", min_size=1, max_size=3)
offsets = st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))


@given(st.lists(st.tuples(fact_ids, offsets), max_size=20))
def test_due_ones_come_first_earliest_first(cards: list[tuple[str, timedelta]]) -> None:
    dated = [(fact_id, NOW + offset) for fact_id, offset in cards]
    order = due_first(dated, NOW)
    earliest = {fact_id: min(due for f, due in dated if f == fact_id) for fact_id, _ in dated}
    assert sorted(order) == sorted(earliest)  # every fact once
    due_flags = [earliest[fact_id] <= NOW for fact_id in order]
    assert due_flags == sorted(due_flags, reverse=True)  # all due ones before all the others
    dues = [earliest[fact_id] for fact_id in order]
    assert dues == sorted(dues)


def test_due_first_example() -> None:
    cards = [
        ("later", NOW + timedelta(days=2)),
        ("overdue", NOW - timedelta(days=3)),
        ("soon", NOW + timedelta(hours=1)),
        ("due-now", NOW),
        ("also-overdue", NOW - timedelta(days=3)),
    ]
    assert due_first(cards, NOW) == ["also-overdue", "overdue", "due-now", "soon", "later"]
    assert due_first([], NOW) == []


@given(st.lists(st.tuples(fact_ids, offsets, st.booleans()), max_size=20, unique_by=lambda card: card[0]))
def test_a_review_asks_the_due_and_the_still_wrong_never_a_fresh_right_one(
    cards: list[tuple[str, timedelta, bool]],
) -> None:
    dated = [(fact_id, NOW + offset, last_right) for fact_id, offset, last_right in cards]
    asked = to_ask(dated, NOW)
    for fact_id, due, last_right in dated:
        assert (fact_id in asked) == (due <= NOW or not last_right)
    assert asked == [f for f in due_first([(f, d) for f, d, _ in dated], NOW) if f in asked], "due ones first"


def test_due_in_words() -> None:
    assert due_in(NOW - timedelta(days=1), NOW) == "now"
    assert due_in(NOW + timedelta(seconds=30), NOW) == "now"
    assert due_in(NOW + timedelta(minutes=1), NOW) == "in 1 minute"
    assert due_in(NOW + timedelta(seconds=58), NOW) == "in 1 minute", "the moment it took to show it"
    assert due_in(NOW + timedelta(minutes=10), NOW) == "in 10 minutes"
    assert due_in(NOW + timedelta(minutes=61), NOW) == "in 1 hour"
    assert due_in(NOW + timedelta(hours=30), NOW) == "in 30 hours"
    assert due_in(NOW + timedelta(days=2), NOW) == "in 2 days"
    assert due_in(NOW + timedelta(days=100), NOW) == "in 3 months"


def test_recall_falls_from_certain_as_time_passes() -> None:
    card, due = schedule(None, Rating.Good, NOW)
    later = [recall(card, NOW + timedelta(days=days)) for days in (0, 1, 7, 30, 365)]
    assert later[0] == pytest.approx(1.0) and later == sorted(later, reverse=True) and later[-1] < 0.9  # fsrs schedules a review at 90%
    wrong, _ = schedule(None, Rating.Again, NOW)
    assert recall(wrong, NOW + timedelta(days=7)) < recall(card, NOW + timedelta(days=7))
    assert recall("not a card", NOW) is None
    assert recall(Card(card_id=1, due=NOW).to_json(), NOW) is None  # never reviewed: no curve to read
