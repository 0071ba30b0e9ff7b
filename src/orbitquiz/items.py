"""Item analysis: what a class's answers say about each question and each fact of a pack.

Pure: it takes the answers as the store returns them (``Store.item_answers``) and returns figures; no I/O, no
clock. The definitions a teacher reads are in questions/README.md ("Reading the item analysis"); keep them in step.

- **difficulty**: the share of attempts answered right (a skip is a miss);
- **discrimination**: the point-biserial correlation of the question with the rest of the pack — Moodle's
  "discrimination index". Each player counts once: their share right on this question against their share right
  on the pack's *other facts* (the same fact's other kind would test the same knowledge twice). With one attempt
  each that is exactly the point-biserial correlation; it is undefined, with the reason, when it cannot be
  computed (everyone right, everyone wrong, fewer than two players, or players who did equally well elsewhere);
- **options**: how often each option was picked of the times it was shown (rounds draw their wrong options from
  the seed, so an option is not shown in every round);
- **wrong typed answers**: fill-in answers marked wrong, grouped as the grader compares them (``normalize``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from orbitquiz.grading import normalize

__all__ = ["DISCRIMINATION", "AnswerRow", "Discrimination", "FactStats", "Flag", "FlagKind", "ItemAnalysis",
           "OptionShare", "QuestionStats", "WrongAnswer", "analyse"]

#: The name of the discrimination figure, printed with it.
DISCRIMINATION = "point-biserial r (question vs rest of pack)"
TOO_EASY = 0.95
TOO_HARD = 0.20
#: A flag needs this many attempts (an option this many showings): fewer prove nothing about a question.
MIN_EVIDENCE = 5
#: How many of the most common wrong typed answers a question lists.
MOST_COMMON = 5
#: How close (rapidfuzz's ratio, 0..100) a wrong typed answer must be to the expected one to look fair.
FAIR_SIMILARITY = 80

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One stored answer, as item analysis needs it."""

    player: int
    pack: str
    question_id: str
    fact_id: str
    kind: str
    prompt: str
    expected: str
    response: str
    correct: bool
    skipped: bool
    #: The options shown, in order; None when not recorded (a fill-in question, or an answer stored before the
    #: store kept them).
    options: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Discrimination:
    #: From -1 to 1; None when it cannot be computed, and then ``reason`` says why.
    value: float | None
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.value:+.2f}" if self.value is not None else f"undefined ({self.reason})"


class FlagKind(StrEnum):
    TOO_EASY = "too easy"
    TOO_HARD = "too hard"
    NEGATIVE = "negative discrimination"
    UNPICKED_OPTION = "wrong option nobody picks"
    FAIR_ANSWER = "wrong answer that looks fair"


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    #: What the teacher reads: the evidence and what to do.
    message: str
    #: Lines ready to paste into the pack (a tagged article's ``accept="…"``, a GIFT ``=`` answer).
    paste: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OptionShare:
    option: str
    correct: bool
    #: Attempts in which this option was shown, and in which it was picked.
    shown: int
    picked: int

    @property
    def share(self) -> float:
        return self.picked / self.shown if self.shown else 0.0


@dataclass(frozen=True, slots=True)
class WrongAnswer:
    #: The answer as most often typed (answers that differ only in case, accents or punctuation are one).
    text: str
    count: int
    players: int


@dataclass(frozen=True, slots=True)
class QuestionStats:
    pack: str
    question_id: str
    fact_id: str
    kind: str
    #: Prompt and expected answer as last asked (a pack may have been edited since).
    prompt: str
    expected: str
    attempts: int
    right: int
    players: int
    discrimination: Discrimination
    #: Per option shown (choice questions whose options were recorded), most picked first.
    options: tuple[OptionShare, ...]
    #: Attempts whose options were recorded (the options' figures are over these).
    options_recorded: int
    wrong_answers: tuple[WrongAnswer, ...]
    flags: tuple[Flag, ...]

    @property
    def difficulty(self) -> float:
        """The share of attempts answered right (attempts is never 0)."""
        return self.right / self.attempts


@dataclass(frozen=True, slots=True)
class FactStats:
    pack: str
    fact_id: str
    expected: str
    #: The fact's questions (its multiple-choice and fill-in ones) that were asked.
    question_ids: tuple[str, ...]
    attempts: int
    right: int
    players: int
    discrimination: Discrimination
    flags: tuple[Flag, ...]

    @property
    def difficulty(self) -> float:
        return self.right / self.attempts


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    questions: tuple[QuestionStats, ...]
    facts: tuple[FactStats, ...]
    method: str = DISCRIMINATION

    def by_pack(self) -> dict[str, tuple[list[QuestionStats], list[FactStats]]]:
        """Each pack's questions and facts, hardest first (ties by id): the order a teacher reads them in."""
        return {pack: (sorted((q for q in self.questions if q.pack == pack),
                              key=lambda q: (q.difficulty, q.question_id)),
                       sorted((f for f in self.facts if f.pack == pack), key=lambda f: (f.difficulty, f.fact_id)))
                for pack in dict.fromkeys(q.pack for q in self.questions)}


def analyse(rows: Iterable[AnswerRow]) -> ItemAnalysis:
    """Figures per question and per fact, each pack on its own (a player's rest score is within the pack).
    Questions and facts come in the order they were first answered."""
    by_pack: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        by_pack[row.pack].append(row)
    questions: list[QuestionStats] = []
    facts: list[FactStats] = []
    for pack_rows in by_pack.values():
        tally = _Tally(pack_rows)
        questions += _questions(pack_rows, tally)
        facts += _facts(pack_rows, tally)
    return ItemAnalysis(tuple(questions), tuple(facts))


# --- per question and per fact ------------------------------------------------------------------------------------


def _questions(rows: list[AnswerRow], tally: _Tally) -> list[QuestionStats]:
    by_question: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        by_question[row.question_id].append(row)
    # Another fact's answer is no fair alternative: the grader refuses it on purpose.
    answers_of_fact: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        answers_of_fact[row.fact_id].add(normalize(row.expected))
    result = []
    for question_id, attempts in by_question.items():
        last = attempts[-1]
        rivals = {answer for fact, answers in answers_of_fact.items() if fact != last.fact_id for answer in answers}
        right = sum(row.correct for row in attempts)
        discrimination = _discrimination(tally, attempts, last.fact_id)
        options, recorded = _option_shares(attempts, last.expected)
        wrong = _wrong_answers(attempts)
        flags = [*_difficulty_flags(right, len(attempts)), *_discrimination_flags(discrimination, len(attempts))]
        flags += [_unpicked_flag(option) for option in options
                  if not option.correct and option.picked == 0 and option.shown >= MIN_EVIDENCE]
        flags += [flag for answer in wrong if (flag := _fair_flag(answer, last.expected, rivals))]
        result.append(QuestionStats(
            pack=last.pack, question_id=question_id, fact_id=last.fact_id, kind=last.kind, prompt=last.prompt,
            expected=last.expected, attempts=len(attempts), right=right, players=len({r.player for r in attempts}),
            discrimination=discrimination, options=options, options_recorded=recorded,
            wrong_answers=tuple(wrong[:MOST_COMMON]), flags=tuple(flags)))
    return result


def _facts(rows: list[AnswerRow], tally: _Tally) -> list[FactStats]:
    by_fact: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        by_fact[row.fact_id].append(row)
    result = []
    for fact_id, attempts in by_fact.items():
        right = sum(row.correct for row in attempts)
        discrimination = _discrimination(tally, attempts, fact_id)
        flags = (*_difficulty_flags(right, len(attempts)), *_discrimination_flags(discrimination, len(attempts)))
        result.append(FactStats(
            pack=attempts[-1].pack, fact_id=fact_id, expected=attempts[-1].expected,
            question_ids=tuple(dict.fromkeys(row.question_id for row in attempts)), attempts=len(attempts),
            right=right, players=len({row.player for row in attempts}), discrimination=discrimination,
            flags=flags))
    return result


# --- discrimination -----------------------------------------------------------------------------------------------


class _Tally:
    """Each player's right answers and answers in a pack, in all and per fact: a rest score is a subtraction."""

    def __init__(self, rows: Iterable[AnswerRow]) -> None:
        self.total: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        self.per_fact: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            for counts in (self.total[row.player], self.per_fact[row.player, row.fact_id]):
                counts[0] += row.correct
                counts[1] += 1

    def rest(self, player: int, fact_id: str) -> float | None:
        """The player's share right on the pack's other facts; None if they answered no other."""
        right, answered = self.total[player]
        fact_right, fact_answered = self.per_fact.get((player, fact_id), (0, 0))
        return (right - fact_right) / (answered - fact_answered) if answered > fact_answered else None


def _discrimination(tally: _Tally, item_rows: Sequence[AnswerRow], fact_id: str) -> Discrimination:
    """The correlation, over the players who met the item, of their share right on it with their share right on
    the pack's other facts."""
    if all(row.correct for row in item_rows):
        return Discrimination(None, "everyone right")
    if not any(row.correct for row in item_rows):
        return Discrimination(None, "everyone wrong")
    pairs = [(share, rest) for player, share in _shares(item_rows).items()
             if (rest := tally.rest(player, fact_id)) is not None]
    if len(pairs) < 2:
        return Discrimination(None, "fewer than 2 players answered other questions of the pack")
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    if len(set(xs)) == 1:
        return Discrimination(None, "every player who answered other questions scored the same on it")
    if len(set(ys)) == 1:
        return Discrimination(None, "those players did equally well on the rest of the pack")
    return Discrimination(_correlation(xs, ys))


def _shares(rows: Iterable[AnswerRow]) -> dict[int, float]:
    """Each player's share of these answers that were right."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        counts[row.player][0] += row.correct
        counts[row.player][1] += 1
    return {player: right / total for player, (right, total) in counts.items()}


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's r of two series that are not constant (with 0/1 in ``xs``, the point-biserial correlation)."""
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(sum((x - mean_x) ** 2 for x in xs) * sum((y - mean_y) ** 2 for y in ys))
    return max(-1.0, min(1.0, cov / spread))  # rounding must not push it out of range


# --- options and typed answers ------------------------------------------------------------------------------------


def _option_shares(attempts: Sequence[AnswerRow], expected: str) -> tuple[tuple[OptionShare, ...], int]:
    shown: Counter[str] = Counter()
    picked: Counter[str] = Counter()
    recorded = 0
    for row in attempts:
        if row.kind != "choice" or row.options is None:
            continue
        recorded += 1
        shown.update(set(row.options))
        if not row.skipped and row.response in row.options:
            picked[row.response] += 1
    options = [OptionShare(option, option == expected, shown[option], picked[option]) for option in shown]
    options.sort(key=lambda o: (-o.share, not o.correct, o.option))
    return tuple(options), recorded


def _wrong_answers(attempts: Sequence[AnswerRow]) -> list[WrongAnswer]:
    """Fill-in answers marked wrong (a skip or an empty answer is no answer), grouped as the grader compares them,
    most common first."""
    groups: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in attempts:
        if row.kind == "fill" and not row.correct and not row.skipped and row.response.strip():
            groups[normalize(row.response) or row.response.strip().casefold()].append(row)
    answers = [WrongAnswer(Counter(r.response.strip() for r in group).most_common(1)[0][0], len(group),
                           len({r.player for r in group}))
               for group in groups.values()]
    answers.sort(key=lambda a: (-a.count, -a.players, a.text))
    return answers


# --- flags --------------------------------------------------------------------------------------------------------


def _difficulty_flags(right: int, attempts: int) -> list[Flag]:
    if attempts < MIN_EVIDENCE:
        return []
    share = right / attempts
    if share >= TOO_EASY:
        return [Flag(FlagKind.TOO_EASY, f"{share:.0%} right of {attempts} attempts — it tells the class nothing; "
                     "make it harder or drop it")]
    if share <= TOO_HARD:
        return [Flag(FlagKind.TOO_HARD, f"{share:.0%} right of {attempts} attempts — check the key and the wording, "
                     "or teach it again")]
    return []


def _discrimination_flags(discrimination: Discrimination, attempts: int) -> list[Flag]:
    if attempts < MIN_EVIDENCE or discrimination.value is None or discrimination.value >= 0:
        return []
    return [Flag(FlagKind.NEGATIVE, f"discrimination {discrimination} — the stronger players miss it more often "
                 "than the weaker: check the key and look for a misleading word")]


def _unpicked_flag(option: OptionShare) -> Flag:
    return Flag(FlagKind.UNPICKED_OPTION, f"{option.option!r} was shown {option.shown} times and never picked — "
                "replace it with a wrong answer a student might believe")


def _fair_flag(answer: WrongAnswer, expected: str, rivals: set[str]) -> Flag | None:
    if not _looks_fair(answer.text, expected, rivals):
        return None
    times = "once" if answer.count == 1 else f"{answer.count} times"
    return Flag(FlagKind.FAIR_ANSWER, f"{answer.text!r} (typed {times}) was marked wrong for {expected!r} — accept "
                "it if it is right", _paste_lines(answer.text))


def _looks_fair(response: str, expected: str, rivals: set[str]) -> bool:
    """A wrong answer a teacher may want to accept: the same numbers as the answer, not another fact's answer,
    and either nearly the same spelling or the answer's words with some left out or added."""
    typed, answer = normalize(response), normalize(expected)
    if not typed or typed == answer or typed in rivals or _NUMBER.findall(typed) != _NUMBER.findall(answer):
        return False
    typed_words, answer_words = set(typed.split()), set(answer.split())
    shorter = min(typed, answer, key=len)
    part_of = (typed_words < answer_words or answer_words < typed_words) and len(shorter.replace(" ", "")) >= 4
    return part_of or fuzz.ratio(typed, answer) >= FAIR_SIMILARITY


def _paste_lines(text: str) -> tuple[str, ...]:
    """The lines that would accept ``text``: a tagged span's attribute (which cannot hold a ``|``: it separates
    answers) and a GIFT answer, each escaped as its reader unescapes."""
    from orbitquiz.readers.gift import escape as gift_escaped  # GIFT's escaping is the GIFT writer's, kept once

    lines = [] if "|" in text else ['accept="' + text.replace("\\", "\\\\").replace('"', '\\"') + '"']
    return (*lines, "=" + gift_escaped(text))
