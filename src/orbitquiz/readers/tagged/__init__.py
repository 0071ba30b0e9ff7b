"""Tagged Markdown articles: YAML front matter, then facts as Pandoc bracketed spans.

    ---
    title: The first feature film shot in space
    distractors:
      craft: [Progress, Dragon]
    ---
    Actress [Yulia Peresild]{.person} departed aboard the [Soyuz]{.craft wrong="Shenzhou"} rocket ...

One pass of a single regular expression finds every span, link, escape and stray bracket, so parsing stays
linear in the size of the file. Problems are collected, not raised one at a time, so ``orbitquiz check`` can
list them all. A broken span is left out and the rest of the article still plays: the reader raises PackError at
the end if any problem is an error, carrying the facts that are fine (unless the front matter is broken).

One job per module: ``front_matter``, ``spans`` (the scanner), ``sentences`` (spans into facts in their sentences),
``checks`` (the warnings about the facts read); what of Markdown a prompt drops is ``readers.markdown``.
"""

from __future__ import annotations

from orbitquiz.model import OPTIONS, Pack, Problem
from orbitquiz.readers.common import TYPE_NAME, LineIndex, finish, refuse
from orbitquiz.readers.markdown import mark_lines
from orbitquiz.readers.tagged.checks import thin_types, wrong_is_right
from orbitquiz.readers.tagged.front_matter import front_matter, split_front_matter
from orbitquiz.readers.tagged.sentences import ABBREVIATIONS, facts_of
from orbitquiz.readers.tagged.spans import ATTRIBUTES, TOKEN, scan, unescape

__all__ = ["ABBREVIATIONS", "ATTRIBUTES", "OPTIONS", "TOKEN", "TYPE_NAME", "read", "split_front_matter", "unescape"]


def read(text: str, path: str) -> Pack:
    problems: list[Problem] = []
    meta, body, body_line = front_matter(text, path, problems)

    lines = LineIndex(body, body_line)
    body = mark_lines(body)
    before = sum(p.severity == "error" for p in problems)
    plain, spans, repeated = scan(body, path, lines, problems)
    facts = facts_of(plain, spans, path)
    if meta is None:
        refuse(problems)  # every problem of the file, front matter and body, at once
    distractors = meta.get("distractors", {})
    problems.extend(thin_types(facts, distractors, path))
    problems.extend(wrong_is_right(facts, path))
    empty = Problem(path, body_line, 1, "no fact is tagged — tag one with Pandoc's span syntax, e.g. [Soyuz]{.craft}")
    broken_spans = sum(p.severity == "error" for p in problems) - before - repeated
    pack = Pack(
        path=path,
        title=meta["title"],
        source=meta.get("source"),
        language=meta.get("language", "en"),
        facts=tuple(facts),
        distractors=distractors,
    )
    return finish(pack, problems, broken_spans, empty)
