"""What only the teacher can fix in a tagged article: warnings ``orbitquiz check`` prints at the span's position.

- A type whose facts stand in different roles ("Pope Benedict XVI" and "the architect Bernini", both
  ``.person``): their wrong options are drawn from each other, so the type wants splitting.
- A fact in a list of facts of its own type ("“Serf”, “Salyut-7” and “Text”") with no wrong= of its own: the
  options drawn for it may be other true members of the list.
"""

from __future__ import annotations

import re
from collections import defaultdict

from orbitquiz.grading import normalize
from orbitquiz.model import COMPUTED_TYPES, Fact, Pack, Problem
from orbitquiz.stems import role_beside

#: What may stand between two members of a list: a comma, "and" or "or", and the quotation marks of titles.
_LIST_GLUE = re.compile(r"[”\"’']?\s*(?:,|,? and|,? or)\s*[“\"‘']?")


def advice(pack: Pack) -> list[Problem]:
    """The warnings, in article order."""
    return sorted(_mixed_roles(pack.facts) + _lists(pack.facts), key=lambda p: (p.line, p.column))


def _warning(fact: Fact, message: str) -> Problem:
    return Problem(fact.source.path, fact.source.line, fact.column, message, "warning")


def _mixed_roles(facts: tuple[Fact, ...]) -> list[Problem]:
    """One warning per type whose facts fall into two or more roles of two or more things each ("Pope" and
    "architect"), at the first fact of the second such role. A role held by one thing alone is left be: its
    options come from the rest of the type anyway."""
    in_role: dict[str, dict[str, dict[str, Fact]]] = defaultdict(lambda: defaultdict(dict))
    for fact in facts:
        if fact.source.start is None or fact.source.end is None or fact.wrong or fact.type in COMPUTED_TYPES:
            continue  # numbers and dates get computed options, whatever their role
        role = role_beside(fact.source.sentence, fact.source.start, fact.source.end)
        if role is not None:
            in_role[fact.type][role[0].casefold()].setdefault(normalize(fact.alias_of or fact.answer), fact)
    problems = []
    for type_, roles in in_role.items():
        groups = {role: things for role, things in roles.items() if len(things) >= 2}
        if len(groups) < 2:
            continue
        named = "; ".join(f"{role}: {', '.join(fact.answer for fact in things.values())}"
                          for role, things in groups.items())
        second_role, second = list(groups.items())[1]
        problems.append(_warning(next(iter(second.values())),
                                 f".{type_} facts stand in different roles ({named}): wrong options for one are "
                                 f"drawn from the others; give each role a type of its own (e.g. .{second_role})"))
    return problems


def _lists(facts: tuple[Fact, ...]) -> list[Problem]:
    """Facts of one type listed together in a sentence, three or more, each without wrong= of its own."""
    problems = []
    run: list[Fact] = []
    for fact in (*facts, None):
        if run and fact is not None and _continues_list(run[-1], fact):
            run.append(fact)
            continue
        if len(run) >= 3:
            members = ", ".join(member.answer for member in run)
            problems += [_warning(member, f"one of a list of .{member.type} facts ({members}): an option drawn for "
                                          "it may be another true member — add wrong= options that are surely "
                                          "false, or ask=") for member in run if not member.wrong]
        run = [fact] if fact is not None else []
    return problems


def _continues_list(previous: Fact, fact: Fact) -> bool:
    a, b = previous.source, fact.source
    if previous.type != fact.type or (a.line, a.sentence) != (b.line, b.sentence) or a.end is None or b.start is None:
        return False
    return _LIST_GLUE.fullmatch(a.sentence[a.end:b.start]) is not None
