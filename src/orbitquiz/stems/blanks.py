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
from orbitquiz.stems.wording import PRONOUN, has_verb, inside_quotes, is_verb

_CITATION = re.compile(r"\s*\[(?:\d{1,3}|[a-z]|citation needed|archived|clarification needed|note \d+|sic)\]",
                       re.IGNORECASE)
_DAY_IN_PARENTHESES = re.compile(r"\s*\(\d{1,2}\)")
#: Clauses that can be cut from the end of a long stem without losing its subject.
_TRAILING_CLAUSE = re.compile(r"(?:, which |, where |, while |, and |, but |, although |, though |, so |; | — | – )")
_LONG = 20  # words: a blanked stem longer than this loses a trailing clause if it has one
_QUOTES = {"“": "”", "«": "»"}


_NATIONALITY_WORD = rf"[A-Z][a-z]+(?:{'|'.join(language.NATIONALITY_ENDINGS)})"
#: A nationality before a person's blank, with the role in front of it or none ("the Italian physicist _____", "the
#: American _____"), or in a question's "Which" ("Which Scottish doctor found …").
_NATIONALITY_BEFORE_BLANK = re.compile(rf"\b(?:the|a|an) ({_NATIONALITY_WORD}) "
                                       rf"(?:(?=[a-z]+ (?:of )?{re.escape(BLANK)})|(?={re.escape(BLANK)}))")
# (also "the Spanish port of _____": review U)
_NATIONALITY_ASKED = re.compile(rf"(?<=\AWhich )({_NATIONALITY_WORD}) (?=[a-z]+ )")


def without_nationality(text: str) -> str:
    """A name's stem without a nationality that only the answer among its options may have (reviews R, S and U:
    "'Italian' gives it away", "'Spanish port' rules out Toulon"; the options' nationalities are not known):
    "led by the Italian physicist _____" is "led by the physicist _____", "led by the American _____" is "led by
    _____", "the Spanish port of _____" is "the port of _____"."""
    if (asked := _NATIONALITY_ASKED.search(text)) is not None:
        return text[:asked.start()] + text[asked.end():]
    if (match := _NATIONALITY_BEFORE_BLANK.search(text)) is None:
        return text
    if text[match.end():].startswith(BLANK):  # no role is left to keep the "the"
        return text[:match.start()] + text[match.end():]
    return text[:match.start(1)] + text[match.end():]


def without_leftovers(text: str) -> str:
    if "[" not in text and "(" not in text:
        return text  # the common case: neither a citation mark nor a day number, without the searches
    return _DAY_IN_PARENTHESES.sub("", _CITATION.sub("", text))


def blanked(before: str, after: str) -> str:
    """The sentence with a blank for the span; "a"/"an" before it become "a(n)" so they hint at nothing. A long
    sentence loses a clause before the span's (``_without_the_clause_before``) and one after it (``_shortened``)."""
    before = _without_the_clause_before(before, after)
    match = re.search(r"\b([Aa]n?) \Z", before)
    if match is not None:
        before = before[:match.start()] + ("A(n) " if match.group(1)[0] == "A" else "a(n) ")
    after = _shortened(before, _GIVEAWAY.sub(lambda match: match.group(1).replace(",", ""), after, count=1))
    return before + BLANK + after


#: A description right after the blank that names the answer by itself: "At _____, the capital of Serbia, the
#: Danube is joined by the Sava" asks what everyone knows (review Q); it goes, and the clause's own words stay.
_GIVEAWAY = re.compile(r"\A, (?:the )?(?:capital|capital city|largest city) of [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*"
                       r"([,.])")


#: Where a clause joined to the one before it starts: "…, and at its deepest point …", "…; in the end …".
_JOINED = re.compile(r"(?:, (?:and|but|yet|so)|;) (?!(?:and|but|or|then|later|also)\b)")
#: A clause's subject when it is a name: "Lake Baikal is …", "but Baikal lies …".
_NAME_OPENING = re.compile(r"(?:(?:and|but|yet|so|while) )?((?:The )?[A-Z][\w’'-]*(?: (?:of )?[A-Z][\w’'-]*)*) "
                           r"(?=[a-z])")
#: Words by which a clause leans on the one before it: "the Spaniard Servetus wrote the same".
_LEANING = re.compile(r"\b(?:the same|also|too|as well|either|neither|this|that|these|those|such|again|then)\b",
                      re.IGNORECASE)


def _without_the_clause_before(before: str, after: str) -> str:
    """The words before the span of a long stem from the clause the span stands in, when an earlier clause of its
    sentence is joined to it by "and", "but" or a semicolon and the span's clause says enough alone: "Most lakes
    are filled in by mud …, but Baikal lies in a rift …, and it has been a lake for some _____ million years" is
    "Baikal has been a lake for some _____ million years" (review T: "overlong lifted sentence"). An "it" or
    "its" of the span's clause is named by the clause before, when that opens with a name; any other pronoun, or a
    word that leans on the clause before ("the same", "also"), keeps the whole sentence."""
    if len(before.split()) + len(after.split()) < _LONG or "“" in before + after or '"' in before + after:
        return before
    sentence_at = before.rfind(". ") + 2 if ". " in before else 0  # a sentence shown before the stem stays whole
    joins = list(_JOINED.finditer(before, sentence_at))
    if not joins:
        return before
    kept = before[joins[-1].end():]
    earlier = before[joins[-2].end() if len(joins) > 1 else sentence_at:joins[-1].start()]
    own = kept + after.split(", ")[0]
    main = _RELATIVE_CLAUSE.split(kept)[0]  # "…, and Hudson's friend Douglas Hadow, who was only [19]": a list's end
    if main != kept:
        own = main
    if len(kept.split()) + len(after.split()) < 8 or not has_verb(own) or not has_verb(earlier) \
            or (kept.split() and is_verb(kept.split()[0])) or PRONOUN.search(after) \
            or _LEANING.search(kept + after):
        return before  # a fragment ("and was first tested …"), the end of a list, or a clause that leans back
    pronouns = PRONOUN.findall(kept)
    if pronouns:
        name = _NAME_OPENING.match(earlier)
        said = name.group(1) if name is not None else ""
        first = said.removeprefix("The ").split()[:1]
        if len(pronouns) > 1 or pronouns[0].casefold() not in ("it", "its") or not first \
                or first[0].casefold() in language.PREPOSITIONS or first[0].casefold() in _NOT_A_NAME:
            return before
        kept = re.sub(r"\b[Ii]t(s?)\b", lambda match: f"{said}’s" if match.group(1) else said, kept, count=1)
    return before[:sentence_at] + kept[:1].upper() + kept[1:]


_RELATIVE_CLAUSE = re.compile(r", (?:who|whom|whose|which|where|when) ")
_NOT_A_NAME = frozenset("its his her their this that these those a an the when while".split())  # or a preposition


def _shortened(before: str, after: str) -> str:
    """Cut a trailing clause from a long stem: "…, which is tentatively titled “The Challenge”." goes."""
    if len(before.split()) + len(after.split()) < _LONG:
        return after
    match = _TRAILING_CLAUSE.search(after)
    if match is None or len(before.split()) + len(after[:match.start()].split()) < 6 \
            or not has_verb(before + after[:match.start()]) or inside_quotes(before + after[:match.start()]):
        return after  # what is left must still say something: a verb of its own
    kept = after[:match.start()]
    # the rest of a list of what the subject did goes too: "took an egg from a _____ ewe, removed its nucleus,
    # and fused …" ends "… ewe." (review W), not "…, removed its nucleus."
    listed = list(re.finditer(r", (\w+)", kept))[-1:]
    if listed and has_verb(before) and is_verb(listed[0].group(1)) \
            and listed[0].group(1).casefold() not in language.AUXILIARIES:  # not "The Lord Mayor, _____, was woken"
        kept = kept[:listed[0].start()]
    return kept + "."


#: How or while something was done, which a long stem does without (review V: "overlong copied sentence"): a
#: participle's phrase between commas or at the end ("…, travelling in disguise as a Muslim scholar, persuaded",
#: "…, turning and circling with an ease that astonished European aviators."), and a "by" doing what at the end
#: ("… through the valley by saying he wished to …"). The participle is followed by what a verb takes (an
#: article, a preposition, a pronoun), so that "the bakers, farming families and …" and "built by living things"
#: hold none; a phrase between commas is one only where a verb or a pronoun follows it ("…, persuaded", "…, he"):
#: not "…, leaving his son, Henry III, as king".
_TAKEN = r"(?:the|a|an|his|her|its|their|he|she|they|it|him|them|in|on|at|with|from|to|as|into|over|through|" \
         r"across|up|down|out|off|and|for)\b"
_ASIDE = re.compile(rf", (?P<participle>[a-z]{{3,}}ing) {_TAKEN}[^,;:“”\"]*?"
                    rf"(?:, (?=(?P<next>[\w’'-]+))|(?=\.\Z))|"
                    rf" by [a-z]{{3,}}ing {_TAKEN}[^,;:“”\"]*(?=\.\Z)")
_SUBJECTS = frozenset("he she they it we".split())


def without_asides(before: str, after: str) -> tuple[str, str]:
    """A long stem's words around the span without the asides (``_ASIDE``) that do not hold it, while what stays is
    long enough and has a verb of its own; nothing inside a quotation."""
    if len(before.split()) + len(after.split()) < _LONG or "“" in before + after or '"' in before + after:
        return before, after

    def cut(match: re.Match[str]) -> str:
        participle, following = match.group("participle"), match.group("next")
        if participle is not None and (participle in language.PREPOSITIONS or participle == "according"):
            return match.group()  # "…, during a drought, …", "…, according to legend, …": when, whose word
        if following is not None and not (is_verb(following) or following in _SUBJECTS):
            return match.group()  # "…, working at Bowood House, the home of …": the phrase goes on
        return " " if following is not None else ""
    shorter_before, shorter_after = _ASIDE.sub(cut, before), _ASIDE.sub(cut, after)
    if len(shorter_before.split()) + len(shorter_after.split()) < 8 or not has_verb(shorter_before + shorter_after):
        return before, after
    return shorter_before, shorter_after


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
    may lie elsewhere, and "_____ in Cambridge" rules out the Pasteur Institute at a glance. Nor does it say what
    kind of feature the answer is: "Israel invaded the _____ peninsula" is "… invaded the _____ on …", and "Which
    peninsula did Israel invade …?" is "Which place …" (review R: "Sinai is the only peninsula among the
    options")."""
    prompt = _WHICH_FEATURE.sub("Which place ", _KIND_AFTER_BLANK.sub("", prompt, count=1), count=1)
    match = _PLACE_AFTER_BLANK.search(prompt) or _REGION_AFTER_BLANK.search(prompt)
    if match is None or match.group().split()[-1].casefold() in _TIMES_NAMED:
        return prompt  # "arrived at the _____ on Tuesday", "in March": a time, not a place
    return prompt[:match.start()] + prompt[match.end():]


_WHICH_FEATURE = re.compile(rf"\AWhich (?:{'|'.join(sorted(language.FEATURE_WORDS))}) ")
_KIND_AFTER_BLANK = re.compile(rf"(?<={re.escape(BLANK)}) (?:{'|'.join(sorted(language.FEATURE_WORDS))})\b(?![’'-])")
#: "announced in _____, Michigan, that …": the region a place is in, after a comma.
_REGION_AFTER_BLANK = re.compile(rf"(?<=\b(?:in|at) {re.escape(BLANK)}), (?:in )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*"
                                 r"(?=[,.])")  # or "born in _____, in Brittany," (review U)


_TIMES_NAMED = language.MONTH_NAMES | {day.casefold() for day in WEEKDAYS}
