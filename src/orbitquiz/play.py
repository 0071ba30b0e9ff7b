"""A round being played by someone: the game's rules plus the store, every answer saved as it is given.

Both faces (terminal and browser) drive a Play; neither talks to the store about answers directly. If the
store fails (disk full, read-only folder), the game goes on and ``store_problem`` says that scores are not kept.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TypeVar

from orbitquiz.game import Mode, Outcome, Round
from orbitquiz.store import Store, StoreError

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def local_day(moment: datetime) -> date:
    """The player's calendar day at ``moment``: the computer's time zone as it is now (summer time included)."""
    # Read the zone again: one changed while the game runs (a laptop carried abroad) counts from the next round.
    if hasattr(time, "tzset"):  # not on Windows, which reads it afresh anyway
        time.tzset()
    return moment.astimezone().date()


def local_today() -> date:
    return local_day(utc_now())


@dataclass(frozen=True, slots=True)
class Results:
    score: int
    answered: int
    correct: int
    accuracy: float
    best_streak: int
    personal_best: int | None  # of this pack and mode, before this round
    new_best: bool
    missed: tuple[Outcome, ...]
    #: The player stopped the round with questions left.
    ended_early: bool = False


class KeepsScores:
    """What a game that keeps its answers in the store shares: if a write fails, it says so once (in
    ``store_problem``) and plays on without the store."""

    store: Store | None
    store_problem: str | None

    def _save(self, write: Callable[[Store], T]) -> T | None:
        """Write to the store and return what it returns; if it fails, say so once and play on without it."""
        if self.store is None:
            return None
        try:
            return write(self.store)
        except (StoreError, OSError, sqlite3.Error) as error:
            self.store_problem = f"scores are not being kept: {error}"
            self.store = None
            return None


class Play(KeepsScores):
    def __init__(self, round_: Round, store: Store | None, player: str, pack: str, seed: int,
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], datetime] = utc_now) -> None:
        self.round = round_
        self.store = store
        self.pack = pack
        self.seed = seed
        self.clock = clock
        #: The date and time stored with each answer (UTC); ``clock`` only measures seconds within the round.
        self.wall = wall
        self.store_problem: str | None = None if store else "scores are not being kept"
        self.player_id: int | None = None
        self.round_id: int | None = None
        self.personal_best: int | None = None
        #: When each fact answered in this round is due for review next (UTC), by fact id.
        self.due: dict[str, datetime] = {}
        self._finished = False
        self._save(lambda store: self._start(store, player))

    @property
    def mode(self) -> Mode:
        return self.round.mode

    def show(self) -> None:
        self.round.show(self.clock())

    def answer(self, response: str) -> Outcome:
        return self._keep(self.round.answer(response, self.clock()))

    def skip(self) -> Outcome:
        return self._keep(self.round.skip(self.clock()))

    def time_up(self, typed: str = "") -> Outcome | None:
        """Apply the clock; ``typed`` is what the answer box holds, kept with a question whose time ran out."""
        outcome = self.round.time_up(self.clock(), typed)
        return self._keep(outcome) if outcome else None

    def finish(self) -> Results:
        """End the round (if the mode has not already) and store its result once."""
        self.round.end()
        if not self._finished:
            self._finished = True
            # The day from the very instant stored, so the two never straddle midnight.
            moment = self.wall()
            self._save_to_round(lambda store, round_id: store.finish_round(
                round_id, self.round.score, self.round.best_streak, moment, local_day(moment), self.round.ended_early))
        game = self.round
        best = self.personal_best
        return Results(game.score, len(game.outcomes), game.correct, game.accuracy, game.best_streak, best,
                       game.score > 0 and (best is None or game.score > best), tuple(game.missed), game.ended_early)

    def _start(self, store: Store, player: str) -> None:
        self.player_id = store.player(player)
        self.personal_best = store.best_score(self.player_id, self.pack, self.mode.value)
        self.round_id = store.start_round(self.player_id, self.pack, self.mode.value, self.seed, self.wall())

    def _save_to_round(self, write: Callable[[Store, int], T]) -> T | None:
        """A write to this round's rows: none if the round could not be started in the store (nor any since)."""
        round_id = self.round_id
        return None if round_id is None else self._save(lambda store: write(store, round_id))

    def _keep(self, outcome: Outcome) -> Outcome:
        due = self._save_to_round(lambda store, round_id: store.record_answer(
            round_id, outcome.question, outcome.response, outcome.verdict, outcome.points, outcome.hinted,
            outcome.skipped, self.wall()))
        if due is not None:
            self.due[outcome.question.fact_id or outcome.question.id] = due
        return outcome

