"""Answers that are a selection rather than one text: choose-all-that-apply ("multi") and matching ("match")
questions, credited as Moodle credits them.

- Choose all that apply: each option carries a weight (``Question.keys``: GIFT's ``~%50%Asia``, negative for a
  wrong one); the credit is the sum of the chosen options' weights, clamped to 0..1. Right only at full credit.
- Matching: each item has one right match (``Question.pairs``); the credit is the share of items matched right.

A response is stored as text, like every other answer: the chosen options (or the item → match pairs) as a JSON
list, so that no option's text, whatever it holds, can be mistaken for a separator. ``shown`` words it for people.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from orbitquiz.model import Match, Question, Verdict

#: Credits this close to 1 are full marks: Moodle's weights (three of 33.33333%) do not add up exactly.
FULL = 1 - 1e-6


def selection_response(chosen: Iterable[str]) -> str:
    """The response for these chosen options."""
    return json.dumps(list(chosen), ensure_ascii=False)


def matches_response(matches: Mapping[str, str]) -> str:
    """The response for these item → match choices (items left without a match are left out)."""
    return json.dumps([[item, match] for item, match in matches.items()], ensure_ascii=False)


def chosen_options(response: str) -> list[str] | None:
    """The options a response chose, or None if it is not a selection's response."""
    try:
        value = json.loads(response)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, list) and all(isinstance(option, str) for option in value):
        return value
    return None


def chosen_matches(response: str) -> dict[str, str] | None:
    """The item → match choices of a response, or None if it is not a matching question's response."""
    try:
        value = json.loads(response)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, list) and all(isinstance(pair, list) and len(pair) == 2 and
                                       all(isinstance(part, str) for part in pair) for pair in value):
        return {item: match for item, match in value}
    return None


def grade(question: Question, response: str) -> Verdict:
    return _grade_matching(question, response) if question.kind == "match" else _grade_selection(question, response)


def _grade_selection(question: Question, response: str) -> Verdict:
    chosen = chosen_options(response)
    if not chosen:
        return Verdict(False, Match.NO_ANSWER if chosen == [] or not response.strip() else Match.NOT_AN_OPTION,
                       question.answer)
    if any(option not in question.options for option in chosen):
        return Verdict(False, Match.NOT_AN_OPTION, question.answer)
    weights = {key.text: key for key in question.keys}
    picked = list(dict.fromkeys(chosen))  # an option chosen twice counts once
    credit = min(1.0, max(0.0, sum(weights[o].credit if o in weights else 0.0 for o in picked)))
    feedback = "\n".join(note for o in picked if o in weights and (note := weights[o].feedback)) or None
    return _verdict(question, credit, feedback)


def _grade_matching(question: Question, response: str) -> Verdict:
    chosen = chosen_matches(response)
    if chosen is None:
        return Verdict(False, Match.NOT_AN_OPTION if response.strip() else Match.NO_ANSWER, question.answer)
    if not chosen:
        return Verdict(False, Match.NO_ANSWER, question.answer)
    items = {item for item, _ in question.pairs}
    if any(item not in items or match not in question.options for item, match in chosen.items()):
        return Verdict(False, Match.NOT_AN_OPTION, question.answer)
    right = sum(chosen.get(item) == match for item, match in question.pairs)
    return _verdict(question, right / len(question.pairs) if question.pairs else 0.0, None)


def _verdict(question: Question, credit: float, feedback: str | None) -> Verdict:
    if credit >= FULL:
        return Verdict(True, Match.EXACT, question.answer, 1.0, feedback)
    if credit > 0:
        return Verdict(False, Match.PARTIAL, question.answer, credit, feedback)
    return Verdict(False, Match.WRONG, question.answer, 0.0, feedback)


def right_options(question: Question) -> list[str]:
    """A choose-all question's options worth choosing (a positive weight), in their order."""
    weights = {key.text: key.credit for key in question.keys}
    return [option for option in question.options if weights.get(option, 0.0) > 0]


def answer_text(kind: str, options: Iterable[str], pairs: Iterable[tuple[str, str]]) -> str:
    """What a selection question's ``answer`` says, shown as "the answer is ...": the options to choose, or each
    item with its match."""
    if kind == "match":
        return "; ".join(f"{item} → {match}" for item, match in pairs)
    return ", ".join(options)


def shown(question: Question, response: str) -> str:
    """A response as a person reads it: "Asia, Africa", "Canada → Ottawa; Italy → Rome"; other kinds as given."""
    if question.kind == "multi":
        chosen = chosen_options(response)
        if chosen is not None:
            return ", ".join(chosen) or "nothing chosen"
    elif question.kind == "match":
        matches = chosen_matches(response)
        if matches is not None:
            return "; ".join(f"{item} → {match}" for item, match in matches.items()) or "nothing matched"
    return response
