"""Daily streaks: the calendar rule, as properties over any set of played days plus a few worked examples."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.streaks import DailyStreak, daily_streak

TODAY = date(2024, 5, 15)
DAY = timedelta(days=1)

# A narrow window around TODAY, so runs, gaps and future days all happen often.
days_strategy = st.dates(min_value=TODAY - 40 * DAY, max_value=TODAY + 5 * DAY)
played = st.lists(days_strategy, max_size=40)
today_strategy = st.dates(min_value=TODAY - 10 * DAY, max_value=TODAY + 10 * DAY)


def oracle(days: list[date], today: date) -> DailyStreak:
    """The rule written the slow, obvious way."""
    distinct = set(days)

    def run_ending(day: date) -> int:
        length = 0
        while day - length * DAY in distinct:
            length += 1
        return length

    if today + DAY in distinct:  # the clock went back across midnight: that next day did come
        today += DAY
    current = run_ending(today) or run_ending(today - DAY)
    best = max((run_ending(day) for day in distinct), default=0)
    return DailyStreak(current=current, best=best)


@given(played, today_strategy)
def test_matches_the_obvious_definition(days: list[date], today: date) -> None:
    assert daily_streak(days, today) == oracle(days, today)


@given(played, today_strategy)
def test_best_is_at_least_current(days: list[date], today: date) -> None:
    streak = daily_streak(days, today)
    assert 0 <= streak.current <= streak.best <= len(set(days))


@given(played, today_strategy)
def test_duplicates_do_not_count(days: list[date], today: date) -> None:
    assert daily_streak(days + days + days[:3], today) == daily_streak(days, today)


@given(played, today_strategy, st.randoms(use_true_random=False))
def test_order_does_not_matter(days: list[date], today: date, rng: random.Random) -> None:
    shuffled = days[:]
    rng.shuffle(shuffled)
    assert daily_streak(shuffled, today) == daily_streak(sorted(days), today)
    assert daily_streak(iter(shuffled), today) == daily_streak(days, today)  # any iterable, read once


@given(played, today_strategy)
def test_a_missed_whole_day_resets_current(days: list[date], today: date) -> None:
    # Neither today nor yesterday played (nor tomorrow, which a clock put back may show): a gap of two days.
    days = [day for day in days if day not in (today, today - DAY, today + DAY)]
    assert daily_streak(days, today).current == 0


@given(played, today_strategy)
def test_playing_today_extends_a_streak_ending_yesterday(days: list[date], today: date) -> None:
    days = [day for day in days if day not in (today, today + DAY)] + [today - DAY]
    before = daily_streak(days, today)
    after = daily_streak(days + [today], today)
    assert after.current == before.current + 1
    assert after.best >= before.best


@given(played, today_strategy)
def test_playing_today_twice_changes_nothing(days: list[date], today: date) -> None:
    once = daily_streak(days + [today], today)
    assert daily_streak(days + [today, today], today) == once
    assert once.current >= 1


@given(played, today_strategy, st.lists(st.integers(min_value=1, max_value=30), max_size=5))
def test_days_well_after_today_never_extend_current(days: list[date], today: date, ahead: list[int]) -> None:
    # Two days or more ahead: a wrong clock, not a time zone or a clock put right across midnight.
    future = [today + n * DAY for n in ahead if n >= 2]
    with_future = daily_streak(days + future, today)
    assert with_future.current == daily_streak(days, today).current
    assert with_future.best >= daily_streak(days, today).best


@given(played, today_strategy, days_strategy)
def test_playing_more_never_lowers_best(days: list[date], today: date, extra: date) -> None:
    assert daily_streak(days + [extra], today).best >= daily_streak(days, today).best


def test_examples() -> None:
    assert daily_streak([], TODAY) == DailyStreak(0, 0)
    assert daily_streak([TODAY], TODAY) == DailyStreak(1, 1)
    # Not yet played today: yesterday's streak still stands.
    assert daily_streak([TODAY - DAY], TODAY) == DailyStreak(1, 1)
    assert daily_streak([TODAY - 2 * DAY], TODAY) == DailyStreak(0, 1)
    # An old run of 5, a break, then 3 days ending yesterday.
    old = [date(2024, 4, 1) + n * DAY for n in range(5)]
    recent = [TODAY - n * DAY for n in (1, 2, 3)]
    assert daily_streak(old + recent, TODAY) == DailyStreak(3, 5)
    assert daily_streak(old + recent + [TODAY], TODAY) == DailyStreak(4, 5)


def test_clock_put_back() -> None:
    # Played 14th to 17th, then the clock says it is the 15th again: the 16th (one day ahead) surely came, the
    # 17th may be a wrong clock's, so it counts for best only.
    days = [date(2024, 5, d) for d in (14, 15, 16, 17)]
    assert daily_streak(days, TODAY) == DailyStreak(current=3, best=4)
    # Played at 00:01 on the 15th, then the clock is put back to 23:59 on the 14th: the streak stands.
    days = [date(2024, 5, d) for d in (12, 13, 14, 15)]
    assert daily_streak(days, TODAY - DAY) == daily_streak(days, TODAY) == DailyStreak(4, 4)


def test_across_month_and_year_ends() -> None:
    days = [date(2023, 12, 30), date(2023, 12, 31), date(2024, 1, 1), date(2024, 2, 28), date(2024, 2, 29)]
    assert daily_streak(days, date(2024, 3, 1)) == DailyStreak(current=2, best=3)
