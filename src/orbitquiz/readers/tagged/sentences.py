"""Spans into facts, each with the sentence it stands in: where sentences end (never inside a span), and the
sentence cleaned of Markdown with the fact's offsets kept right."""

from __future__ import annotations

import re

from orbitquiz.model import Fact, Source
from orbitquiz.readers.markdown import EMPHASIS, LINE_START
from orbitquiz.readers.tagged.spans import Span

# A sentence ends at . ! ? (and any closing quotes or brackets) before whitespace, at a blank line, or where a
# list item, heading or quote begins. The end mark is matched, not looked behind for, so that the regex engine can
# skip to the next candidate; the break itself (the "end" group) starts after it.
_SENTENCE_END = re.compile(r"""[.!?](?P<end>["'”’)\]]*\s+)|\n\s*\n|\n(?=\ue000)""")
#: Sentences longer than this (a list with no full stops, a wall of tags) are cut to a window around the fact.
_LONGEST_SENTENCE = 400


def facts_of(plain: str, spans: list[Span], path: str) -> list[Fact]:
    """Turn spans into facts, each with the sentence it stands in.

    A sentence is cleaned once for all the facts in it when that gives exactly what _clean_sentence gives around
    each of them (see _cleaned); otherwise, and for a long sentence cut to a window around each fact, per fact.
    """
    boundaries = _sentence_boundaries(plain, spans)
    facts: list[Fact] = []
    add = facts.append
    index = 0
    current = -1  # start of the sentence whose cleaned form is at hand
    raw = ""
    sentence: str | None = None
    marked = False
    previous = ""  # the sentence before the current one, for what its pronouns refer to
    for span in spans:
        answer, plain_start, plain_end, line = span.answer, span.start, span.end, span.line
        while boundaries[index + 1] <= plain_start:
            index += 1
        start, end = boundaries[index], boundaries[index + 1]
        if start != current:
            before = plain[boundaries[index - 1]:start] if index else ""
            previous = " ".join(EMPHASIS.sub("", before[-_LONGEST_SENTENCE:]).split())
        offset_start, offset_end = plain_start - start, plain_end - start
        if end - start > _LONGEST_SENTENCE:  # keep the cost per fact bounded: a window around it
            start = max(start, plain.rfind(" ", start, max(start, plain_start - _LONGEST_SENTENCE // 2)) + 1)
            cut = plain.find(" ", min(end, plain_end + _LONGEST_SENTENCE // 2), end)
            end = end if cut == -1 else cut
            window, window_start, window_end = _clean_sentence(plain[start:end], plain_start - start,
                                                               plain_end - start)
            source = Source(path=path, line=line, sentence=window, start=window_start, end=window_end,
                            previous=previous)
        else:
            if start != current:
                current, raw = start, plain[start:end]
                sentence, marked = _cleaned(raw)
            if marked:  # the marks before the fact and inside it are not in the sentence
                marks_before = _marks(raw, 0, offset_start)
                offset_end -= marks_before + _marks(raw, offset_start, offset_end)
                offset_start -= marks_before
            if sentence is not None and offset_end - offset_start == len(answer):
                source = Source(path=path, line=line, sentence=sentence, start=offset_start, end=offset_end,
                                previous=previous)
            else:  # an irregular sentence, or the fact's text starts or ends with a space
                cleaned, cleaned_start, cleaned_end = _clean_sentence(raw, plain_start - start, plain_end - start)
                source = Source(path=path, line=line, sentence=cleaned, start=cleaned_start, end=cleaned_end,
                                previous=previous)
        attributes = span.attributes
        add(Fact(answer=answer, type=attributes.type, source=source, column=span.column, accept=attributes.accept,
                 wrong=attributes.wrong, hint=attributes.hint, ask=attributes.ask, alias_of=attributes.alias_of))
    return facts


def _cleaned(raw: str) -> tuple[str | None, bool]:
    """The sentence as _clean_sentence gives it for any fact in it, if that is the same for all of them, and
    whether emphasis marks were dropped from it.

    That holds when the emphasis marks in it are only '*', '`' and line-start marks, which go wherever they are
    ('_' counts only next to certain characters, so cutting the text around a fact can change what it does), and
    its spaces are single plain spaces or line breaks, so that squeezing them moves no fact. Then a fact that
    neither starts nor ends with a space is found in the cleaned sentence at its own offset less the marks before
    it, whatever else is in the sentence.
    """
    if "_" in raw:
        return None, False
    marked = "*" in raw or "`" in raw or LINE_START in raw
    if marked:
        raw = raw.replace("*", "").replace("`", "").replace(LINE_START, "")
    sentence = raw.rstrip().replace("\n", " ")
    # No space first or two in a row, and none but " " (every other whitespace character is unprintable).
    if sentence[:1] == " " or "  " in sentence or not sentence.isprintable():
        return None, marked
    return sentence, marked


def _marks(raw: str, start: int, end: int) -> int:
    """How many emphasis marks ('*', '`', line-start marks) there are in raw[start:end]."""
    return raw.count("*", start, end) + raw.count("`", start, end) + raw.count(LINE_START, start, end)


#: Words written with a full stop that ends no sentence: "St. Louis", "Dr. Snow", "Mt. Everest".
ABBREVIATIONS = frozenset("st mr mrs ms dr mt ft jr sr gen col capt lt sgt prof rev gov sen pres no vs etc".split())


def _after_abbreviation(plain: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation ("St. Louis")."""
    words = plain[max(0, stop - 6):stop].split()
    return plain[stop] == "." and bool(words) and words[-1].casefold() in ABBREVIATIONS


def _inside_quotation(sentence: str) -> bool:
    """Whether a quotation the sentence opened is still open: "Ocian in view! O! the joy." is one sentence."""
    return sentence.count("“") > sentence.count("”") or sentence.count('"') % 2 == 1


def _sentence_boundaries(plain: str, spans: list[Span]) -> list[int]:
    """Where sentences start, never inside a span ("[St. Petersburg]" is one answer in one sentence)."""
    boundaries = [0]
    inside = 0  # index of the first span that may still contain a boundary
    count = len(spans)
    for match in _SENTENCE_END.finditer(plain):
        at = match.end()
        begin = match.start("end")
        if begin < 0:  # a blank line or a line mark
            begin = match.start()
        while inside < count and spans[inside].end <= begin:
            inside += 1
        if inside < count and spans[inside].start < at and begin < spans[inside].end:
            continue
        if match.group("end") is not None and (_after_abbreviation(plain, match.start())
                                               or _inside_quotation(plain[boundaries[-1]:at])):
            continue  # "into St. Louis", "“Ocian in view! O! the joy.”" go on
        boundaries.append(at)
    boundaries.append(len(plain))
    return boundaries


def _clean_sentence(raw: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop emphasis marks and extra whitespace, keeping the fact's offsets inside the sentence right."""
    before, fact, after = (EMPHASIS.sub("", part) for part in (raw[:start], raw[start:end], raw[end:]))
    # Keep the space that separated the fact from its neighbours ("in [Kazakhstan]," has none after it).
    space_before, space_after = before[-1:].isspace(), after[:1].isspace()
    before, fact, after = (" ".join(part.split()) for part in (before, fact, after))
    if before and space_before:
        before += " "
    if after and space_after:
        after = " " + after
    return before + fact + after, len(before), len(before) + len(fact)
