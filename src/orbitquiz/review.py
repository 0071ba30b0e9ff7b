"""Spaced review of facts with FSRS (the ``fsrs`` package): which facts a player should meet again, and when.

Pure: no clock (``now`` is always passed in), no randomness (fuzzing off), no I/O. The card state travels as
fsrs's own JSON so the store can keep it in one column and a newer fsrs can still read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from functools import cache
from typing import TYPE_CHECKING

from orbitquiz.model import Match, Verdict
from orbitquiz.words import plural

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

__all__ = ["due_first", "due_in", "rating_for", "recall", "schedule", "to_ask"]


@cache
def _scheduler() -> Scheduler:
    """fsrs is imported on the first answer, not when the game starts (it costs ~50 ms)."""
    from fsrs import Scheduler

    # Fuzzing spreads due dates at random; off, so the same answers always give the same schedule.
    return Scheduler(enable_fuzzing=False)


def rating_for(verdict: Verdict | None, hinted: bool) -> Rating:
    """Wrong or skipped (no verdict) → Again; right but with a typo or after a hint → Hard; right → Good. (Easy is
    never given: a quiz cannot tell an easy recall from a good one.)"""
    from fsrs import Rating

    if verdict is None or not verdict.correct:
        return Rating.Again
    return Rating.Hard if hinted or verdict.match is Match.TYPO else Rating.Good


def _utc(moment: datetime) -> datetime:
    # fsrs insists on tzinfo == timezone.utc; a naive time is refused rather than guessed (local? UTC?).
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} must be timezone-aware")
    return moment.astimezone(timezone.utc)


def _card(card_json: str | None, now: datetime) -> Card:
    from fsrs import Card

    if card_json is not None:
        try:
            return Card.from_json(card_json)
        except (ValueError, KeyError, TypeError, AttributeError):
            # A card fsrs can no longer read (another fsrs version) starts over: the schedule is a convenience,
            # and failing here would lose the answer that is being recorded with it.
            pass
    # card_id from ``now`` rather than fsrs's default (the wall clock, plus a 1 ms sleep): deterministic.
    return Card(card_id=int(now.timestamp() * 1000), due=now)


def schedule(card_json: str | None, rating: Rating, now: datetime) -> tuple[str, datetime]:
    """Review a fact's card (a new one when ``card_json`` is None) at ``now``: the new card JSON and its due time
    (UTC)."""
    now = _utc(now)
    card = _card(card_json, now)
    if card.last_review is not None and now < card.last_review:
        # The clock went back: the true time is at least the last review, so schedule from there rather than
        # bring the fact due again sooner than it already was.
        now = card.last_review
    card, _log = _scheduler().review_card(card, rating, review_datetime=now)
    return card.to_json(), card.due


def recall(card_json: str, now: datetime) -> float | None:
    """The chance (0..1) that the fact is recalled at ``now``, on fsrs's forgetting curve for this card; None for a
    card fsrs cannot read or that was never reviewed (no curve to read it from)."""
    from fsrs import Card

    try:
        card = Card.from_json(card_json)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if card.last_review is None or card.stability is None:
        return None
    return _scheduler().get_card_retrievability(card, _utc(now))


def due_first(cards: Iterable[tuple[str, datetime]], now: datetime) -> list[str]:
    """Fact ids of ``(fact_id, due)`` pairs: those due by ``now`` first, then the rest, each earliest due first
    (ties by fact id, so the order is stable). A fact listed twice keeps its earliest due time."""
    now = _utc(now)
    earliest: dict[str, datetime] = {}
    for fact_id, due in cards:
        due = _utc(due)
        if fact_id not in earliest or due < earliest[fact_id]:
            earliest[fact_id] = due
    return sorted(earliest, key=lambda fact_id: (earliest[fact_id] > now, earliest[fact_id], fact_id))


def to_ask(cards: Iterable[tuple[str, datetime, bool]], now: datetime) -> list[str]:
    """The facts a review round asks now, in order, from ``(fact_id, due, last_right)`` of the missed facts: those
    due first, then those whose last answer was wrong. A fact answered right last is left until it is due, so a
    review never re-asks at once what was just answered right."""
    now = _utc(now)
    cards = list(cards)
    waiting = {fact_id for fact_id, due, last_right in cards if last_right and _utc(due) > now}
    return [fact_id for fact_id in due_first(((f, due) for f, due, _ in cards), now) if fact_id not in waiting]


def due_in(due: datetime, now: datetime) -> str:
    """When a fact comes back, in words: "now", "in 10 minutes", "in 3 hours", "in 2 days", "in 4 months"."""
    minutes = (_utc(due) - _utc(now)).total_seconds() / 60
    if round(minutes) < 1:  # a minute less the moment it took to show it is still "in 1 minute"
        return "now"
    hour, day, month = 60, 24 * 60, 30 * 24 * 60
    # Each unit from one and a half of it on (from one for hours): "in 36 hours", then "in 2 days".
    for unit, size, start in (("month", month, 1.5 * month), ("day", day, 1.5 * day), ("hour", hour, hour)):
        if minutes >= start:
            return f"in {plural(round(minutes / size), unit)}"
    return f"in {plural(round(minutes), 'minute')}"
