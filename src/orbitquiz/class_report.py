"""What the class knows, for the teacher's report (``orbitquiz report --html``): the class at a glance, each
player's progress, the facts the class is forgetting, and the item analysis.

Pure: it takes what the store returns (``Store.class_answers``, ``class_rounds``, ``class_cards``) and the time
``now``; the HTML is written by ``html_report``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from orbitquiz import review
from orbitquiz.items import ItemAnalysis

__all__ = ["AnsweredMark", "CardRow", "ClassReport", "Day", "FadingFact", "FinishedRound", "PlayerProgress", "build"]

#: How many of the most forgotten facts the report lists.
FADING_SHOWN = 15


@dataclass(frozen=True, slots=True)
class AnsweredMark:
    """One stored answer: who, in which pack, on which day (UTC), and whether it was right."""

    player: str
    pack: str
    day: date
    correct: bool


@dataclass(frozen=True, slots=True)
class FinishedRound:
    player: str
    pack: str
    score: int


@dataclass(frozen=True, slots=True)
class CardRow:
    """A player's review card of a fact, with the fact's question and answer as last asked."""

    player: str
    pack: str
    fact_id: str
    card_json: str
    #: When the schedule asks the fact again (UTC).
    due: datetime
    prompt: str
    expected: str


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    answers: int
    right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.answers


@dataclass(frozen=True, slots=True)
class PlayerProgress:
    player: str
    rounds: int
    #: The best score of a finished round; None if none was finished.
    best_score: int | None
    answers: int
    right: int
    #: Accuracy per day the player answered, oldest first.
    days: tuple[Day, ...]

    @property
    def accuracy(self) -> float:
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class FadingFact:
    pack: str
    fact_id: str
    prompt: str
    expected: str
    #: Players with a review card of the fact, and how many of them the schedule would ask it again now.
    players: int
    due: int
    #: The players' mean chance of recalling it now (fsrs's retrievability).
    recall: float


@dataclass(frozen=True, slots=True)
class ClassReport:
    now: datetime
    #: ``--pack`` and ``--since`` as given (None: all).
    pack: str | None
    since: date | None
    players: int
    rounds: int
    answers: int
    right: int
    days: tuple[Day, ...]
    progress: tuple[PlayerProgress, ...]
    #: The facts someone is due to review now, lowest recall first (at most FADING_SHOWN).
    fading: tuple[FadingFact, ...]
    items: ItemAnalysis

    @property
    def accuracy(self) -> float:
        return self.right / self.answers if self.answers else 0.0


def build(answers: Sequence[AnsweredMark], rounds: Sequence[FinishedRound], cards: Iterable[CardRow],
          items: ItemAnalysis, now: datetime, pack: str | None = None, since: date | None = None) -> ClassReport:
    by_player: dict[str, list[AnsweredMark]] = defaultdict(list)
    for mark in answers:
        by_player[mark.player].append(mark)
    scores: dict[str, list[int]] = defaultdict(list)
    for finished in rounds:
        scores[finished.player].append(finished.score)
    progress = tuple(
        PlayerProgress(player=name, rounds=len(scores[name]), best_score=max(scores[name], default=None),
                       answers=len(by_player[name]), right=sum(m.correct for m in by_player[name]),
                       days=_days(by_player[name]))
        for name in sorted(set(by_player) | set(scores), key=str.casefold)
    )
    return ClassReport(now=now, pack=pack, since=since, players=len(progress), rounds=len(rounds),
                       answers=len(answers), right=sum(m.correct for m in answers), days=_days(answers),
                       progress=progress, fading=_fading(cards, now), items=items)


def _days(marks: Iterable[AnsweredMark]) -> tuple[Day, ...]:
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for mark in marks:
        counts[mark.day][0] += 1
        counts[mark.day][1] += mark.correct
    return tuple(Day(day, answered, right) for day, (answered, right) in sorted(counts.items()))


def _fading(cards: Iterable[CardRow], now: datetime) -> tuple[FadingFact, ...]:
    by_fact: dict[tuple[str, str], list[tuple[CardRow, float]]] = defaultdict(list)
    for card in cards:
        chance = review.recall(card.card_json, now)
        if chance is not None:  # a card fsrs cannot read says nothing about forgetting
            by_fact[card.pack, card.fact_id].append((card, chance))
    facts = []
    for (pack, fact_id), held in by_fact.items():
        chances = [chance for _, chance in held]
        due = sum(card.due <= now for card, _ in held)
        if due:
            last = held[-1][0]
            facts.append(FadingFact(pack, fact_id, last.prompt, last.expected, len(held), due,
                                    sum(chances) / len(chances)))
    facts.sort(key=lambda f: (f.recall, -f.due, f.pack, f.fact_id))
    return tuple(facts[:FADING_SHOWN])
