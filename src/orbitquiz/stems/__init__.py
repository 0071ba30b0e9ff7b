"""A tagged sentence becomes a stem a teacher would ask: named subject, a real question where one can be formed.

``stem(sentence, start, end, type, role, context)`` takes the sentence a fact stands in and gives the words the player
reads, or None when the sentence cannot stand on its own (it opens with "It" or "Later that year" and the article
gives nothing to replace them with). In order:

1. leftovers go: citation marks ("[3]", "[archived]"), a day number in parentheses ("Tuesday (5)") (``blanks``);
2. what the sentence refers back to is named from what the article tells about itself (``context.Context``): "She
   said" -> "Peresild said", "It was launched" -> "Mir was launched", "The rocket" -> "The Soyuz rocket", "Later
   that year" -> "Later in 1986" (``references``);
3. where the span's place allows, a question is formed ("Who became ...?", "In what year was ...?", "Which
   shuttle carried ...?": ``questions``); otherwise the span becomes a blank, with "a(n)" before it so the article
   gives nothing away (``blanks``); what the stem formed still leans on is named then ("he" of a clause cut off,
   "four years later", "the river", a quotation's speaker: ``references``);
4. a trailing clause that only makes a long stem longer is cut, and a quotation left open is closed (``blanks``).

This module drives the steps: the span's own clause first, the whole sentence when the clause cut off named what
it leans on, then the stem after the sentence before it, then the blank. ``wording`` has the tests on words that
the steps share. Rules over words, with the word classes in ``language``: no tagger is loaded, so a round starts as
fast as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from orbitquiz import language
from orbitquiz.model import NUMERIC_TYPES
from orbitquiz.stems.blanks import (blanked, close_quotes, without_asides, without_leftovers, without_nationality,
                                    without_where_it_is)
from orbitquiz.stems.context import (Context, Mention, is_a_sentence, is_common_role, role_beside, title_kinds,
                                     words_as_written)
from orbitquiz.stems.questions import question
from orbitquiz.stems.references import (attributed, full_names_given, holds_what_is_needed, name_what_is_referred_to,
                                        pronoun_named_from_the_clause_cut, refers_back, subject_named, times_named,
                                        title_named)
from orbitquiz.stems.wording import (OWN_CLAUSE_WORDS, PRONOUN, WORD, capitalised, has_verb, inside_quotes, unquoted,
                                     words)

__all__ = ["Context", "Mention", "role_beside", "stem", "title_kinds", "without_where_it_is", "words",
           "words_as_written"]


def stem(sentence: str, start: int, end: int, type_: str, role: tuple[str, str] | None,
         context: Context) -> str | None:
    """The words that ask for ``sentence[start:end]``, or None when the sentence cannot stand on its own.

    ``role`` is the role word beside the span, as ``role_beside`` finds it (the caller has it already). A
    sentence whose references back cannot be named is asked after the sentence before it, when that one stands
    on its own: "By tradition the first Games were held in 776 BC. The only event then was a sprint of _____."
    A person it names by surname alone is named in full (``full_names_given``), and a nationality beside a
    name's blank is left out (``without_nationality``).
    """
    formed = _formed(sentence, start, end, type_, role, context)
    if formed is None:
        return None
    formed = full_names_given(formed, context)
    return formed if type_ in NUMERIC_TYPES or type_ == "date" else without_nationality(formed)


def _formed(sentence: str, start: int, end: int, type_: str, role: tuple[str, str] | None,
            context: Context) -> str | None:
    """The stem alone, else with its whole sentence, else after the sentence before, else the blank; None."""
    alone = _stem_alone(sentence, start, end, type_, role, context)
    if alone is not None and not refers_back(alone, context, blank=type_):
        return alone
    # "Priestley's support … made him enemies at home: in 1791 a mob burned his house": the clause cut off
    # names whose house it was
    if _CLAUSE_BREAK.search(sentence):  # only then did _own_clause cut anything
        whole = _stem_alone(sentence, start, end, type_, role, context, own_clause=False)
        if whole is not None and whole != alone and not refers_back(whole, context, blank=type_):
            return whole
    carried = _after_sentence_before(sentence, start, end, type_, role, context)
    if carried is not None:
        return carried
    # "What was the largest port?" says too little, where "The largest port was _____, on the Baltic." does not;
    # "In what year was it voted …?" cannot name its "it", where "UNESCO named Machu Picchu …, and in _____ it was
    # voted …" shows it
    if alone is not None and not alone.endswith("?"):
        return None  # the blank was what leaned back already
    blank = _stem_alone(sentence, start, end, type_, role, context, ask=False)
    return blank if blank is not None and blank != alone and not refers_back(blank, context, blank=type_) else None


def _stem_alone(sentence: str, start: int, end: int, type_: str, role: tuple[str, str] | None,
                context: Context, own_clause: bool = True, ask: bool = True) -> str | None:
    before = _POINTING_PHRASE.sub(",", without_leftovers(sentence[:start]))
    after = _POINTING_PHRASE.sub(",", without_leftovers(sentence[end:]))
    resolved = name_what_is_referred_to(before, after, start, sentence[start:end], context)
    if resolved is None:
        return None
    question = pronoun_named_from_the_clause_cut(_asked(*resolved, type_, role, own_clause=own_clause, ask=ask),
                                                 resolved[0], type_, context)
    if question.endswith("?"):  # the sentence's first word, moved inside the question, as a name or a common word
        first = WORD.match(resolved[0])
        next_word = WORD.match(resolved[0], first.end() + 1) if first is not None else None
        if first is not None and first.start() == 0 \
                and not (next_word and next_word.group()[:1].isupper() and not is_common_role(first.group())) \
                and (lowered := context.as_inside_a_sentence(first.group())) != first.group():  # "Crawford Long"
            question = question[:1] + re.sub(rf"(?<= ){re.escape(first.group())}\b", lowered, question[1:], count=1)
    question = subject_named(question, context)  # type: ignore[assignment]  # str | None in a str variable
    question = question and title_named(times_named(question, context), context)  # type: ignore[assignment]
    return None if question is None else attributed(close_quotes(question), context)


# The stem after the sentence before mostly asks what _stem_alone asked just before: the same clause, formed once.
# (Its flags are keyword-only, so that every call makes the same key.)
@lru_cache(maxsize=16)
def _asked(before: str, after: str, type_: str, role: tuple[str, str] | None, *, own_clause: bool, ask: bool) -> str:
    """The sentence's own clause (or all of it) as a question, or with a blank where no question can be formed (or
    ``ask`` is false)."""
    if own_clause:
        before, after = _own_clause(before, after)
    before, after = without_asides(before, after)
    before = _CONNECTIVE.sub(lambda match: "", before, count=1)
    return (ask and question(before, after, type_, role)) or blanked(capitalised(before), after)


#: Words that tie a sentence to the one before ("Yet the screen glowed"): a stem stands alone without them.
_CONNECTIVE = re.compile(r"\A(?:yet|but|and|so|however,|still,|instead,?|meanwhile,|moreover,|also,|indeed,|"
                         r"nevertheless,|nonetheless,|even so,|in fact,|in turn,|then,) ", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"; |: | — | – ")
#: A description of the span right after it: "appears: [the Treasury], a façade … carved out of the cliff" is what
#: the colon names, not a clause of its own ("carved" is no verb of it).
_APPOSITION = re.compile(r", (?:a|an|the|some|one) ")


def _own_clause(before: str, after: str) -> tuple[str, str]:
    """The clause the span stands in, when a semicolon, colon or dash joins it to others that can stand alone
    (seven words or more on the span's side): "… with locks instead: the canal …" loses what the colon adds."""
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks and len(before[breaks[-1].end():].split()) + len(after.split()) >= OWN_CLAUSE_WORDS \
            and has_verb(before[breaks[-1].end():] + after) and not inside_quotes(before[:breaks[-1].start()]) \
            and not (before.endswith(breaks[-1].group()) and _APPOSITION.match(after)):
        before = capitalised(before[breaks[-1].end():])
    cut = _CLAUSE_BREAK.search(after)
    if cut is not None and len(before.split()) + len(after[:cut.start()].split()) >= OWN_CLAUSE_WORDS \
            and has_verb(before + after[:cut.start()]) and not inside_quotes(before + after[:cut.start()]):
        after = after[:cut.start()] + "."
    return before, after


_MOST_WORDS_BEFORE = 35  # a sentence before that is longer makes a stem nobody reads to the end
_MOST_WORDS_CARRIED = 45  # nor does a stem with the sentence before that is longer (reviews J and K: "bloated")


def _after_sentence_before(sentence: str, start: int, end: int, type_: str, role: tuple[str, str] | None,
                           context: Context) -> str | None:
    """The stem with the sentence before it, which says what it refers back to; None when that sentence is not
    at hand whole (a heading, cut, too long), refers back itself, or does not hold what the stem needs."""
    previous = _sentence_before_alone(context)
    if previous is None:
        return None
    before = without_leftovers(sentence[:start])
    opening = WORD.match(before)
    if opening is not None and opening.group().casefold() in _NEED_OF_PRONOUN:
        before = opening.group().casefold() + before[opening.end():]  # "did he publish", not "did He publish"
    after = without_leftovers(sentence[end:])
    # The question first, then the blank: a question may leave out what the sentence before explains ("named after
    # her homeland"), and keep what it does not ("the couple").
    for ask in (True, False):
        question = _asked(before, after, type_, role, own_clause=True, ask=ask)
        # What the stem leans on; when only the naming rules saw it ("…, it was moved to"), what its pronouns need.
        # A stem that leans on something neither can tell ("the two men") is not asked.
        needs = refers_back(question, context, blank=type_) or frozenset(
            _NEED_OF_PRONOUN[match.group().casefold()] for match in PRONOUN.finditer(unquoted(question)))
        if needs and holds_what_is_needed(previous, needs, context):
            named = title_named(times_named(question, context), context)
            if named is not None and len(previous.split()) + len(named.split()) <= _MOST_WORDS_CARRIED:
                return f"{previous} {close_quotes(named)}"
        if not question.endswith("?"):
            break  # no question could be formed: that was the blank
    return None


def _sentence_before_alone(context: Context) -> str | None:
    """The sentence before, when it can be shown before a stem: whole (not a heading, not cut, quotes closed),
    short enough, and leaning on no sentence itself. Worked out once for all the facts of a sentence."""
    if context.before_alone is None or context.before_alone[0] != context.previous:
        previous = without_leftovers(context.previous).strip()
        whole = previous[:1].isupper() and is_a_sentence(previous) \
            and len(previous.split()) <= _MOST_WORDS_BEFORE \
            and previous.count("“") == previous.count("”") and not previous.count('"') % 2
        context.before_alone = (context.previous,
                                previous if whole and not refers_back(previous, context, strictly=True) else None)
    return context.before_alone[1]


#: A phrase between commas that points at what another sentence said, which the clause does without: "On 16
#: October 1846, in the same hospital, Morton …".
_POINTING_PHRASE = re.compile(r", (?:in|at|on|from|by|with|for) (?:the same|that|this|these|those) [a-z]+,")
_NEED_OF_PRONOUN = {**dict.fromkeys(language.PERSONAL_PRONOUNS, "person"),
                    **dict.fromkeys(language.THING_PRONOUNS, "thing"),
                    **dict.fromkeys(language.PLURAL_PRONOUNS, "people")}
