"""The words around a stem: leftovers out, the blank with "a(n)" before it, a long stem shortened, quotes closed.

Steps 1, 3b and 4 of ``stems``: citation marks and day numbers go before anything reads the sentence; where no
question can be formed the span becomes a blank; a trailing clause that only makes a long stem longer is cut, and a
quotation left open is closed. And, for a multiple-choice question, the stem without the place its answer is in.
"""

from __future__ import annotations

import re

from orbitquiz import language
from orbitquiz.dates import WEEKDAYS
from orbitquiz.model import BLANK
from orbitquiz.stems.wording import has_verb, inside_quotes

_CITATION = re.compile(r"\s*\[(?:\d{1,3}|[a-z]|citation needed|archived|clarification needed|note \d+|sic)\]",
                       re.IGNORECASE)
_DAY_IN_PARENTHESES = re.compile(r"\s*\(\d{1,2}\)")
#: Clauses that can be cut from the end of a long stem without losing its subject.
_TRAILING_CLAUSE = re.compile(r"(?:, which |, where |, while |, and |, but |, although |, though |, so |; | — | – )")
_LONG = 20  # words: a blanked stem longer than this loses a trailing clause if it has one
_QUOTES = {"“": "”", "«": "»"}


def without_leftovers(text: str) -> str:
    if "[" not in text and "(" not in text:
        return text  # the common case: neither a citation mark nor a day number, without the searches
    return _DAY_IN_PARENTHESES.sub("", _CITATION.sub("", text))


def blanked(before: str, after: str) -> str:
    """The sentence with a blank for the span; "a"/"an" before it become "a(n)" so they hint at nothing."""
    match = re.search(r"\b([Aa]n?) \Z", before)
    if match is not None:
        before = before[:match.start()] + ("A(n) " if match.group(1)[0] == "A" else "a(n) ")
    after = _shortened(before, _GIVEAWAY.sub(lambda match: match.group(1).replace(",", ""), after, count=1))
    return before + BLANK + after


#: A description right after the blank that names the answer by itself: "At _____, the capital of Serbia, the
#: Danube is joined by the Sava" asks what everyone knows (review Q); it goes, and the clause's own words stay.
_GIVEAWAY = re.compile(r"\A, (?:the )?(?:capital|capital city|largest city) of [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*"
                       r"([,.])")


def _shortened(before: str, after: str) -> str:
    """Cut a trailing clause from a long stem: "…, which is tentatively titled “The Challenge”." goes."""
    if len(before.split()) + len(after.split()) < _LONG:
        return after
    match = _TRAILING_CLAUSE.search(after)
    if match is None or len(before.split()) + len(after[:match.start()].split()) < 6 \
            or not has_verb(before + after[:match.start()]) or inside_quotes(before + after[:match.start()]):
        return after  # what is left must still say something: a verb of its own
    return after[:match.start()] + "."


def close_quotes(text: str) -> str:
    """Close a quotation the sentence opened and never closed, or open one it closes without opening."""
    for opening, closing in _QUOTES.items():
        opened, closed = text.count(opening), text.count(closing)
        if opened > closed:
            text += closing
        elif closed > opened:
            text = opening + text
    if text.count('"') % 2:
        text = text + '"' if text.startswith('"') else '"' + text
    return text


#: Where the blank's answer is, right after it: "surrendered at _____ on the northern island of Hokkaido".
_PLACE_AFTER_BLANK = re.compile(rf"(?<={re.escape(BLANK)}) (?:in|on|at|near) (?:the )?(?:[a-z]+ ){{0,3}}"
                                r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?=[ ,.;])")


def without_where_it_is(prompt: str) -> str:
    """The stem of a multiple-choice question without the place its answer is in: the wrong options of the kind
    may lie elsewhere, and "_____ in Cambridge" rules out the Pasteur Institute at a glance."""
    match = _PLACE_AFTER_BLANK.search(prompt) or _REGION_AFTER_BLANK.search(prompt)
    if match is None or match.group().split()[-1].casefold() in _TIMES_NAMED:
        return prompt  # "arrived at the _____ on Tuesday", "in March": a time, not a place
    return prompt[:match.start()] + prompt[match.end():]


#: "announced in _____, Michigan, that …": the region a place is in, after a comma.
_REGION_AFTER_BLANK = re.compile(rf"(?<=\b(?:in|at) {re.escape(BLANK)}), [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?=[,.])")


_TIMES_NAMED = language.MONTH_NAMES | {day.casefold() for day in WEEKDAYS}
