"""What the teacher is warned of once the facts are read: a type with too few answers for a multiple-choice
question, and a wrong= option that is the answer in other words."""

from __future__ import annotations

from orbitquiz.grading import grade
from orbitquiz.model import COMPUTED_TYPES, OPTIONS, Fact, Problem, Question, Source
from orbitquiz.words import plural


def wrong_is_right(facts: list[Fact], path: str) -> list[Problem]:
    """Warn about a wrong= option that is the answer or an accept= form in other words ("seven hundred" for 700):
    right when typed, it would be marked wrong when picked. (The generator never offers it.)"""
    warnings = []
    judged: dict[tuple, list[str]] = {}  # the same tag repeats: each distinct one is judged once
    for fact in facts:
        if not fact.wrong:
            continue
        key = (fact.answer, fact.accept, fact.wrong)
        if key not in judged:
            answers = (fact.answer, *fact.accept)
            judged[key] = [w for w in fact.wrong if _same_answer(w, answers)]
        for wrong in judged[key]:
            warnings.append(Problem(path, fact.source.line, fact.column, f"wrong option '{wrong}' is the answer "
                                    f"'{fact.answer}' in other words, so it would be marked wrong when picked — "
                                    "remove it from wrong=", "warning"))
    return warnings


def _same_answer(option: str, answers: tuple[str, ...]) -> bool:
    """Whether typing ``option`` would be graded right when ``answers`` are the right ones, typos aside.

    An option that is the answer in other words ("paris" for "Paris", "seven hundred" for "700") is right when
    typed, so offering it as a wrong option would mark a right answer wrong. The grader decides, as it does for a
    typed answer; a numeric type turns its typo allowance off (a near miss is a fair wrong option).
    """
    if not answers:
        return False
    probe = Question(id="", kind="fill", prompt="", options=(), answer=answers[0], accepted=tuple(answers[1:]),
                     type="number", hint=None, source=_NOWHERE)
    return grade(probe, option).correct


_NOWHERE = Source("", 0, "")


def thin_types(facts: list[Fact], pools: dict[str, tuple[str, ...]], path: str) -> list[Problem]:
    """Warn, once per type, about a type with too few distinct answers to fill a 4-option question."""
    # A type stops being looked at once its own answers are enough, so a long article costs one look per fact.
    answers: dict[str, set[str]] = {}
    enough: set[str] = set(COMPUTED_TYPES)
    for fact in facts:
        type_ = fact.type
        if type_ in enough:
            continue
        seen = answers.get(type_)
        if seen is None:
            seen = answers[type_] = set()
        seen.add((fact.alias_of or fact.answer).casefold())
        if len(seen) >= OPTIONS:
            enough.add(type_)
    warnings = []
    for type_, seen in answers.items():  # in the order the types first appear, as before
        if type_ in enough:
            continue
        candidates = seen | {p.casefold() for p in pools.get(type_, ())}
        if len(candidates) >= OPTIONS:
            continue
        members = [f for f in facts if f.type == type_]
        lacking = next((f for f in members if len(candidates | {w.casefold() for w in f.wrong}) < OPTIONS), None)
        if lacking is not None:
            warnings.append(Problem(
                path, lacking.source.line, lacking.column,
                f"type '{type_}' has only {plural(len(candidates), 'candidate answer')}, too few for a "
                f"{OPTIONS}-option "
                f"question — add wrong answers under 'distractors: {type_}:' in the front matter or wrong=\"...\"",
                "warning",
            ))
    return warnings
