"""Daily streaks: how many calendar days in a row a player has finished a round. Pure, no I/O, no clock."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DailyStreak:
    #: Consecutive days ending today, or ending yesterday while today has not been played yet.
    current: int
    #: The longest run of consecutive days ever played (always >= ``current``).
    best: int


def daily_streak(days: Iterable[datetime.date], today: datetime.date) -> DailyStreak:
    """The streak over the player's local calendar days with at least one finished round.

    ``days`` may repeat and come in any order. A round on the day after ``today`` means the clock went back a
    little (put right across midnight, summer time ending at midnight, a flight west): that day certainly came, so
    the streak still runs to it. Days further ahead are a clock that was wrong: they cannot extend ``current`` (or
    one wrong date would stop every streak until it comes round), but they were really played, so they still
    count towards ``best``, once each.
    """
    played = set(days)
    best = 0
    run = 0
    previous: datetime.date | None = None
    for day in sorted(played):
        run = run + 1 if previous is not None and day - previous == _ONE_DAY else 1
        best = max(best, run)
        previous = day

    if today + _ONE_DAY in played:
        today += _ONE_DAY
    # Not playing yet today does not break the streak: the day is not over.
    end = today if today in played else today - _ONE_DAY
    current = 0
    while end in played:
        current += 1
        end -= _ONE_DAY
    return DailyStreak(current=current, best=best)
