"""What the store reports: a player's stats, a pack's leaderboard, a teacher's rows per player and question.

Kept apart from the store (store/queries.py) so that starting a round, which only writes, does not build these classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from orbitquiz import streaks


@dataclass(frozen=True, slots=True)
class ModeStats:
    """A pack's finished rounds of one mode: a best is a best of its mode (timed scores carry speed points)."""

    mode: str
    #: Scores of the finished rounds, oldest first (for a sparkline).
    scores: tuple[int, ...]
    rounds: int
    #: Rounds the player stopped with questions left.
    ended_early: int
    best_score: int
    best_streak: int


@dataclass(frozen=True, slots=True)
class PackStats:
    pack: str
    #: Scores of the finished rounds, oldest first (for a sparkline).
    scores: tuple[int, ...]
    #: Finished rounds (an abandoned round is not counted).
    rounds: int
    best_score: int
    #: Longest run of right answers in one round.
    best_streak: int
    #: The same figures per mode, in the order the modes were first played.
    modes: tuple[ModeStats, ...] = ()


@dataclass(frozen=True, slots=True)
class TypeAccuracy:
    type: str
    #: Questions met, skipped ones included (a skip is a miss).
    answered: int
    correct: int
    #: The pack the type belongs to (``Stats.pack_accuracy``); None when counted over every pack.
    pack: str | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class Stats:
    packs: tuple[PackStats, ...]
    accuracy: tuple[TypeAccuracy, ...]
    best_streak: int
    daily: streaks.DailyStreak
    #: Accuracy per pack, then per type within it: a type is the pack's own word (a GIFT category, a CSV column).
    pack_accuracy: tuple[TypeAccuracy, ...] = ()
    #: The share right of each round the player answered in (finished or not, every pack), oldest first.
    round_accuracy: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaderboardRow:
    player: str
    best_score: int
    rounds: int
    #: Correct / answered over all the player's answers (in the pack, if one was given); None if none.
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class ReportRow:
    player: str
    pack: str
    question_id: str
    #: Prompt and expected answer as last asked (a pack may have been edited since earlier rounds).
    prompt: str
    expected: str
    asked: int
    correct: int
    last_response: str
