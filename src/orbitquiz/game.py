"""A round of the game as a state machine: which questions, in what order, and what every answer scores.

The faces (terminal, browser) only feed it the player's actions and show its state; every rule of play —
scoring, streaks, modes, the timer — lives here once. Time is passed in (``now``, in seconds from any fixed
origin, e.g. ``time.monotonic()``), so rounds are reproducible in tests.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from orbitquiz.grading import grade, normalize
from orbitquiz.model import Question, Verdict
from orbitquiz.words import plural


class Mode(StrEnum):
    CLASSIC = "classic"
    SUDDEN_DEATH = "sudden-death"
    TIMED = "timed"
    REVIEW = "review"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Rules:
    """The scoring rules, written in the README. Change them here and only here."""

    choice_points: int = 10
    fill_points: int = 20  # typing the answer is harder than recognising it
    streak_bonus_step: int = 2  # per correct answer in a row after the first
    streak_bonus_cap: int = 10
    timed_seconds: float = 60.0
    speed_bonus_seconds: float = 10.0  # timed mode: one point per second faster than this
    questions_per_round: int = 10
    #: The settings' per-question timer: seconds for each question of classic, sudden death and review.
    timer_seconds: float = 30.0

    def points(self, question: Question, verdict: Verdict, streak: int, hinted: bool, seconds: float | None) -> int:
        """Points for one answer. ``streak`` counts this answer if it was right; ``seconds`` only in timed mode."""
        if verdict.credit <= 0:
            return 0
        base = self.fill_points if question.kind == "fill" else self.choice_points
        points = base * verdict.credit
        if verdict.correct:
            points += min(self.streak_bonus_step * max(streak - 1, 0), self.streak_bonus_cap)
            if seconds is not None:
                points += max(0, int(self.speed_bonus_seconds - seconds))
        if hinted:
            points /= 2
        return int(points)

    def describe(self, mode: Mode) -> str:
        """What a round of ``mode`` is, in the player's words, from these rules (so the text follows them)."""
        per_round = plural(self.questions_per_round, "question")
        if mode is Mode.CLASSIC:
            return f"up to {per_round}, both kinds mixed, no answer shown before it is asked"
        if mode is Mode.SUDDEN_DEATH:
            return "as many as you can until the first miss"
        if mode is Mode.TIMED:
            return f"{plural(int(self.timed_seconds), 'second')} for as many as you can, with a speed bonus"
        return f"up to {per_round} on facts you missed, due ones first"

    def scoring(self) -> str:
        """How answers score, in the player's words, from these rules (the help screen shows it)."""
        return (f"A multiple-choice answer scores {self.choice_points}, a typed one {self.fill_points}. Each right "
                f"answer in a row after the first adds {self.streak_bonus_step} more, up to {self.streak_bonus_cap} "
                "extra. A hint halves the question's points; a skip, a wrong answer or a question whose time is up "
                "scores 0 and resets the streak. Only the timed mode adds a speed bonus: one point per second under "
                f"{self.speed_bonus_seconds:.0f}.")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one question: shown on the feedback screen and stored."""

    question: Question
    response: str
    verdict: Verdict | None  # None when skipped
    points: int
    hinted: bool
    streak: int  # the answer streak after this question
    #: The question's own clock ran out (``response`` is then what had been typed so far); a kind of skip.
    timed_out: bool = False

    @property
    def skipped(self) -> bool:
        return self.verdict is None

    @property
    def correct(self) -> bool:
        return self.verdict is not None and self.verdict.correct


def choose_questions(questions: Sequence[Question], mode: Mode, seed: int, rules: Rules = Rules(),
                     due: Sequence[str] = ()) -> list[Question]:
    """The questions of a round, in order: one per fact, kinds mixed at random, reproducible from the seed.

    Review mode takes the facts in ``due`` (fact ids, most due first); the other modes shuffle every fact. A
    question is left out when the round would give its answer away or ask it twice: when its answer (or an
    accepted form) is shown in the stem of a question already chosen or in a sentence the feedback of one quoted;
    when its own stem shows the answer of one already chosen; or when one already chosen has the same answer.
    """
    rng = random.Random(seed)
    by_fact: dict[str, list[Question]] = {}
    for question in questions:
        by_fact.setdefault(question.fact_id or question.id, []).append(question)
    if mode is Mode.REVIEW:
        facts = [fact for fact in dict.fromkeys(due) if fact in by_fact]
    else:
        facts = list(by_fact)
        rng.shuffle(facts)
    limit = rules.questions_per_round if mode in (Mode.CLASSIC, Mode.REVIEW) else len(facts)
    chosen: list[Question] = []
    shown = ""  # the stems and feedback sentences of the round so far, normalised, each between spaces
    answers: set[str] = set()
    for fact in facts:
        if len(chosen) == limit:
            break
        question = rng.choice(by_fact[fact])
        forms = {normalize(form) for form in (question.answer, *question.accepted)} - {""}
        stem = f" {normalize(question.prompt)} "
        if forms & answers or any(f" {form} " in shown for form in forms) \
                or any(f" {answer} " in stem for answer in answers):
            continue
        chosen.append(question)
        answers |= forms
        shown += stem + f" {normalize(question.source.sentence)} "
    return chosen


class Round:
    """One round: ask, answer or skip, until the mode says it is over."""

    def __init__(self, questions: Sequence[Question], mode: Mode, now: float, rules: Rules = Rules(),
                 question_limit: float | None = None) -> None:
        self.questions = list(questions)
        self.mode = mode
        self.rules = rules
        #: Seconds per question when the player turned the timer on (timed mode has its own clock instead).
        self.question_limit = None if mode is Mode.TIMED else question_limit
        self.started = now
        self.asked_at = now
        self.outcomes: list[Outcome] = []
        self.hinted = False
        self.streak = 0
        self.best_streak = 0
        self.score = 0
        self._ended = False
        #: The player stopped the round while it still had questions to ask (its score is not a full round's).
        self.ended_early = False

    # --- state ----------------------------------------------------------------------------------------------

    @property
    def current(self) -> Question | None:
        if self.over:
            return None
        return self.questions[len(self.outcomes)]

    @property
    def over(self) -> bool:
        return self._ended or len(self.outcomes) >= len(self.questions)

    @property
    def correct(self) -> int:
        return sum(outcome.correct for outcome in self.outcomes)

    @property
    def accuracy(self) -> float:
        return self.correct / len(self.outcomes) if self.outcomes else 0.0

    @property
    def missed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.correct]

    @property
    def clocked(self) -> bool:
        """Whether a clock runs: the round's in timed mode, the question's with the timer on."""
        return self.mode is Mode.TIMED or self.question_limit is not None

    def time_left(self, now: float) -> float | None:
        """Seconds left on the clock: the round's in timed mode, the question's with the timer on, else None."""
        if self.mode is Mode.TIMED:
            return max(0.0, self.rules.timed_seconds - (now - self.started))
        if self.question_limit is not None:
            return max(0.0, self.question_limit - (now - self.asked_at))
        return None

    def time_up(self, now: float, typed: str = "") -> Outcome | None:
        """Apply the clock: a timed round ends; a question past its limit counts as a skip that timed out, keeping
        what had been ``typed`` so far."""
        left = self.time_left(now)
        if left is None or left > 0 or self.over:
            return None
        if self.mode is Mode.TIMED:
            self._ended = True
            return None
        return self.skip(now, typed, timed_out=True)

    # --- actions --------------------------------------------------------------------------------------------

    def show(self, now: float) -> None:
        """The current question was put in front of the player (starts its clock for the speed bonus)."""
        self.asked_at = now

    def take_hint(self) -> str | None:
        """The current question's hint; taking it halves the question's points."""
        question = self.current
        if question is None or not question.hint:
            return None
        self.hinted = True
        return question.hint

    def answer(self, response: str, now: float) -> Outcome:
        question = self._require_question(now)
        if self.question_limit is not None and now - self.asked_at > self.question_limit:
            return self.skip(now, response, timed_out=True)  # too late: the answer does not count
        verdict = grade(question, response)
        self.streak = self.streak + 1 if verdict.correct else 0
        seconds = now - self.asked_at if self.mode is Mode.TIMED else None
        points = self.rules.points(question, verdict, self.streak, self.hinted, seconds)
        outcome = self._record(Outcome(question, response, verdict, points, self.hinted, self.streak))
        if self.mode is Mode.SUDDEN_DEATH and not verdict.correct:
            self._ended = True
        return outcome

    def skip(self, now: float, typed: str = "", timed_out: bool = False) -> Outcome:
        question = self._require_question(now)
        self.streak = 0
        outcome = self._record(Outcome(question, typed, None, 0, self.hinted, 0, timed_out))
        if self.mode is Mode.SUDDEN_DEATH:
            self._ended = True
        return outcome

    def end(self) -> None:
        """Stop the round: early if it still had questions to ask (the player quit)."""
        if not self.over:
            self.ended_early = True
        self._ended = True

    def _require_question(self, now: float) -> Question:
        left = self.time_left(now)  # a timed round always has its clock
        if self.mode is Mode.TIMED and left is not None and left <= 0:
            self._ended = True
        question = self.current
        if question is None:
            raise RoundOver("the round is over")
        return question

    def _record(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        self.score += outcome.points
        self.best_streak = max(self.best_streak, self.streak)
        self.hinted = False
        return outcome


class RoundOver(Exception):
    """An answer came after the round had ended (the timer ran out, or sudden death)."""
