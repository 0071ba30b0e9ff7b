"""Step 2 of ``stems``: what a sentence refers back to, named from the article, or told so it is not asked alone.

"She said" -> "Peresild said", "It was launched" -> "Mir was launched", "The rocket" -> "The Soyuz rocket", "Later
that year" -> "Later in 1986" (``name_what_is_referred_to``, before a question is formed); the pronouns, times, the
title's thing and the speaker a formed stem still leans on (``subject_named``, ``times_named``, ``title_named``,
``attributed``, ``pronoun_named_from_the_clause_cut``); and what a stem leans on that it does not show
(``refers_back``), with whether the sentence before gives it (``holds_what_is_needed``).
"""

from __future__ import annotations

import re

from orbitquiz import language
from orbitquiz.dates import MONTHS
from orbitquiz.grading import normalize, spelled_number
from orbitquiz.model import BLANK
from orbitquiz.stems.context import Context, is_thing
from orbitquiz.stems.wording import (OWN_CLAUSE_WORDS, PRONOUN, PRONOUN_WORDS, WORD, YEAR, capitalised, has_plural,
                                     has_verb, is_participle, is_verb, unquoted, unquoted_person_pronoun)


def name_what_is_referred_to(before: str, after: str, start: int, answer: str,
                             context: Context) -> tuple[str, str] | None:
    """The sentence with an unattributed "she said" and its opening anaphor named, or None if one cannot be."""
    # "…,” she said": a pronoun outside quotation marks, with nobody the sentence names before it. Looked for
    # before the opening is rewritten, so its offset still matches the sentence's own mentions.
    text = before + "\0" + after
    match = unquoted_person_pronoun(text)
    # "[Aldrin] followed him": the object of a verb is someone other than its subject, the span.
    object_of_verb = match is not None and match.group().casefold() in ("him", "her") and \
        is_verb(text[:match.start()].split()[-1] if text[:match.start()].split() else "") and \
        not _POSSESSIVE_NAME.search(text[:match.start()])  # "Priestley's support made him …" is Priestley
    if match is not None and not context.names_person_before(match.start(), start if object_of_verb else None) \
            and not (_may_name_a_person(text[:match.start()].replace("\0", " "), context) and not object_of_verb) \
            and not (_noun_phrase(text[:match.start()].replace("\0", " "), person=True)
                     and not object_of_verb):  # "the narrator, stranded beside his aircraft": the narrator's
        person = context.person()
        if person is None:
            return None
        role = language.PERSONAL_PRONOUNS[match.group().casefold()]
        person = _person_inside(person, match.start())
        name = f"{person}’s" if role == "possessive" else person
        text = text[:match.start()] + name + text[match.end():]
        before, after = text.split("\0")
    if (happened := _when_it_happened(before, after)) is not None:
        before, after = happened
    if before:
        opening = _resolve_opening(before, after, answer, context)
        if opening is None:
            return None
        before = opening
    before, after = _people_named_by_role(before, after, answer, context)
    return _inner_thing_named(before, after, answer, context)


def _people_named_by_role(before: str, after: str, answer: str, context: Context) -> tuple[str, str]:
    """The sentence with "the boy" inside it named as the article named him before ("a nine-year-old boy from
    Alsace, Joseph Meister"): "Grancher gave the boy Joseph Meister _____ injections" (review P). Only people, and
    only one a recent sentence gave that role to; never the answer, which the stem must not say."""
    text = before + "\0" + after
    for match in _THE_NOUN_INSIDE.finditer(text):
        role = match.group(2)
        name = context.person_in_role(role) if language.could_be_role(role) else None
        if name is None or normalize(answer) in normalize(name) or name in text:
            continue
        text = text[:match.start(1)] + f"the {role} {name}" + text[match.end(1):]
        return tuple(text.split("\0"))  # type: ignore[return-value]  # one "\0": two parts
    return before, after


#: "the boy" after another word: the pattern starts with the space, which the regex engine can skip to, and looks
#: behind it for that word (a look-behind first was tried at every character).
_THE_NOUN_INSIDE = re.compile(r" (?<=\S )(the ([a-z]+))\b(?! [A-Z])")


def _inner_thing_named(before: str, after: str, answer: str, context: Context) -> tuple[str, str]:
    """The sentence with its first "it" or "its" inside it named, when nothing before it in the sentence is a thing it
    can stand for and the article says what it is: "Which American writer lived in its empty rooms" is about the
    Alhambra's rooms. Unchanged otherwise (and then the stem leans on what it does not show, and is not asked alone)."""
    text = before + "\0" + after
    if " it" not in text:
        return before, after  # the common case: no "it" or "its" at all
    match = next(re.finditer(r"\b(?:it|its)\b", unquoted(text)), None)
    if match is None or match.start() == 0:
        return before, after  # an opening "It" is _resolve_opening's
    ahead = text[:match.start()].replace("\0", answer)
    behind = text[match.end():].replace("\0", answer)
    # "The _____ looks after it today": a verb's object "it" is not its clause's subject (that would be "itself")
    not_the_subject = match.group() == "it" and is_an_object(behind) \
        and subject_is_no_it(text[:match.start()].replace("\0", BLANK), "thing")
    if not not_the_subject and (
            _EXPLETIVE_IT.match(text, match.end()) or _names_a_thing_not_a_person(ahead, context)
            or _noun_phrase(ahead, person=False)
            or (not has_verb(ahead) and _names_a_thing_not_a_person(behind, context))):
        return before, after  # "At its height, around 200 towns belonged to the League": the League's
    # an "it" is the title's thing only where the sentence before names it too ("made the causeway a World Heritage
    # Site. The National Trust looks after it"): after a first sentence it is too often something else (a storm in
    # "The Dust Bowl", review O)
    if not_the_subject:
        name = (context.previous_subject() or context.title_thing_named_before()) if context.previous else None
    else:
        name = context.thing() or (context.title_thing_named_before() if match.group() == "its" else None)
    if name is None:
        return before, after
    name = "the" + name[3:] if name.startswith("The ") else name
    named = f"{name}’s" if match.group() == "its" else name
    before, after = (text[:match.start()] + named + text[match.end():]).split("\0")
    return before, after


#: "That changed in July 1853, when …": a clause that says only when, leaning on the sentence before, then what
#: happened. (The span is in the time or in the when-clause.)
_WHEN_IT_HAPPENED = re.compile(r"(?:That|This|It|Everything|Things|All this|All that) (?:[a-z]+ ){1,3}?"
                               r"(?=(?:in|on|by) [^,]{1,30}(?:, when |\Z))")


def _when_it_happened(before: str, after: str) -> tuple[str, str] | None:
    """The sentence as the time and what happened then ("In July 1853, the American Commodore … sailed …"), when it
    opens "That changed in …, when …"; None otherwise."""
    match = _WHEN_IT_HAPPENED.match(before)
    if match is None:
        return None
    rest = before[match.end():]
    if ", when " in rest:  # the span is in the when-clause
        return capitalised(rest.replace(", when ", ", ", 1)), after
    if after.startswith(", when "):  # the span is in the time
        return capitalised(rest), ", " + after[len(", when "):]
    return None


_POSSESSIVE_NAME = re.compile(r"\b[A-Z][\w-]*['’]s\b")
OPENERS = frozenset("the a an in on at when while after before it this that these those there he she they we i "
                    "his her its their our my for by from with as during since until if but and yet so instead "
                    "later soon today now then finally eventually still however meanwhile also once together "
                    "here".split())


def _may_name_someone(text: str) -> bool:
    """Whether words before a pronoun may name whom it refers to, tagged or not: "Harvey published his proof"
    has its "his" named already (any capitalised word but the sentence's opening one counts, months aside)."""
    text = unquoted(text)
    words = [word.strip("“”\"'(),.;:") for word in text.split()]
    return any(_may_be_a_name(word, index) for index, word in enumerate(words))


def _may_be_a_name(word: str, index: int) -> bool:
    """Whether a word of a sentence (at ``index``) may be a name: capitalised, and not only because it opens the
    sentence ("Inside", "Twenty", "When"); a month is no name."""
    folded = word.casefold()
    return word[:1].isupper() and folded not in language.MONTH_NAMES and (index or not (  # type: ignore[return-value]
        folded in OPENERS or folded in language.PREPOSITIONS or folded in language.CLAUSE_WORDS
        or spelled_number(folded) is not None))


#: Words that place a sentence in a time another sentence gave: "The only event then was …", "… in Geneva that
#: year", "Twenty years later". "and then" (what came next), "then 22" (an age) and "at the time of" do not.
_TIME_REFERENCE = re.compile(
    r"\b(?:(?<!and )then\b(?![- ]?\d| aged)|(?:that|the same|that same) "
    rf"(?:year|day|night|morning|evening|afternoon|week|month|decade|time|spring|summer|autumn|winter|"
    rf"{'|'.join(MONTHS)})\b(?! as\b)|"
    r"at the time\b(?! of| when| that)|the (?:following|next|previous) (?:year|day|night|morning|week|month|"
    r"decade|spring|summer|autumn|winter)\b|"
    r"(?:years?|decades?|century|centuries|months?|weeks?|days?) (?:later|afterwards|earlier)\b|"
    r"the year (?=had|was|began|ended|brought)\b)",  # "the year had begun with terrible portents": which (review Z)?
    re.IGNORECASE)
_TIME_WORDS = frozenset("then that same time following next previous later afterwards earlier year".split())
_WH_OPENING = re.compile(r"(?:Who|What|Which|Whose|Whom)\b")
_EXPLETIVE_IT = re.compile(r" (?:is|was|would be|has been|had been|seems|seemed) (\w+)(?: for \w+)? (?:to|that)\b")
_NOUN_PHRASE = re.compile(r"\b(?:the|a|an|this|that|these|those)((?:\s+[a-z][\w-]*){1,3})", re.IGNORECASE)
#: References to what another sentence named: "the same gas", "drifted there" (not "there was").
_SAME_AS_BEFORE = re.compile(r"\bthe same (?!(?:year|day|month|time|way|as|in|of|to|for|at|on|with|and|or)\b)[a-z]{3,}",
                             re.IGNORECASE)
#: "… along this coast", "these ships": what was named before (an opening "This" is _POINTS_BACK's).
_DEMONSTRATIVES = frozenset(("this", "these", "those", "another"))
#: Nouns that stand for what was said before them ("shell nouns"): "the method", "the problem", "such stories".
_SHELL_NOUNS = ("method|methods|problem|problems|experience|idea|ideas|plan|plans|decision|view|claim|theory|"
                "finding|findings|approach|discovery|attempt|trick|scheme|proposal|suggestion|spark|trigger|answer|"
                "solution|reason|cause|culprit")  # "The spark was a poll tax": of what? (reviews X, Y)
_SHELL_NOUN = re.compile(rf"\b(?:(?:[Tt]he|[Tt]his|[Tt]hat) (?:{_SHELL_NOUNS})\b(?! (?:of|that|to|which|who|for|in|on)\b)|"
                         r"\A[Tt]he (?:first|second|third|next|last|other) (?:pair|team|group|party)\b(?! of)|"
                         rf"[Ss]uch (?!as\b|a\b|an\b)[a-z]+|"
                         rf"the (?:first|last|other|next) (?:two|three|four|five|six|few)\b(?! [a-z]+s\b)|"
                         rf"(?<!\A)\bthe (?:first|second|third|last|next|other)(?=[,;:]))")  # "found the first, …"
# lower case: "the Discovery shuttle" is a name; "bought the first three for": the first three what?
_SHELL_WORDS = frozenset(_SHELL_NOUNS.split("|")) | {"such", "first", "second", "third", "last", "other", "next"}
_FEWEST_WORDS = 6  # a question of fewer words that names nothing says too little to stand alone
#: Every word the tests below start from, so that a stem with none of them is passed at once.
_MAY_REFER_BACK = _TIME_WORDS | PRONOUN_WORDS | _DEMONSTRATIVES | {"there", "again"} | _SHELL_WORDS
#: A stem that opens with a thing by its common noun, which a short one says nothing else of: "The eruption …".
_THE_THING = re.compile(r"(?:The|This|That|These|Those) [a-z]")
#: "again", which says it happened before: "On what date did Barnard operate again?" (review R); not "again and
#: again", which says often. A blank keeps the rest of its sentence ("… operated again, on a retired dentist, _____").
_AGAIN = re.compile(r"\bagain\b(?! and again)(?<!again and again)", re.IGNORECASE)
#: A count with no noun after it, at the end of its sentence: what it counts, the sentence before says.
_COUNT_ALONE = re.compile(rf"\b(?:had|has|have|numbered|was|were|is|are|lost|won|took|carried) {re.escape(BLANK)}"
                          r"[.?]?\Z")
#: "that" or "this" standing for what was said before, as a verb's object: "The man who changed that was …".
_DONE_TO_THAT = re.compile(r"\b[a-z]+ed (?:that|this)(?= (?:was|is|were|are)\b|[,.;?]|\Z)")
_THIS_NOUN = re.compile(r"(?<!\A)\b(?:this|these|those|another) (?!(?:is|was|are|were|has|had)\b)[a-z]",
                        re.IGNORECASE)  # "took another path": other than what?
#: A clause that ends on what someone thought of something it does not say (review X).
_OF_WHAT = re.compile(r"\b(?:(?:was|were) (?:not |un)?(?:convinced|persuaded|impressed|so sure)|(?:dis)?agreed|"
                      r"objected|refused)[.?]\Z")
#: A place the sentence names before its "there": "at St Albans", "in Paris".
_PLACE_NAMED = re.compile(r"\b(?:at|in) (?:the )?[A-Z][\w’'-]*")
_THERE = re.compile(r"\b(?:there|\AThere)\b(?! (?:was|were|is|are|had|has|have|would|will|seemed|seems|came|lived)\b)")


def refers_back(text: str, context: Context, strictly: bool = False, blank: str | None = None) -> frozenset[str]:
    """What a stem leans on that it does not show: "time" ("then", "that year", "four centuries later"), "thing"
    ("Inside it sat …": a pronoun with nothing before it that it can stand for), "people" ("their army"),
    "person" ("she"), "before" (an opening that points back: "In this way …"). Empty when it stands alone.

    A person the tags name is no thing "it" stands for: "Champollion read it" leans on the sentence before.
    ``strictly``: only a person the tags name is whom "he" or "she" stands for (a sentence shown before a stem
    must not lean on another: "… the genus Penicillium, so he called it …" does). ``blank``: the type of the
    blank's answer, which a pronoun after it may stand for if it is of the pronoun's kind ("On _____, … he
    focused" leans on the sentence before: a date is no "he").
    """
    # The words a reference back starts from, found in one search, decide which of the tests below run.
    all_words = WORD.findall(text.casefold())
    words = _MAY_REFER_BACK.intersection(all_words)
    needs = set()
    if len(all_words) - (BLANK in text) < _FEWEST_WORDS and not _names_anything(text, context) \
            and (text.endswith("?") or (BLANK in text and _THE_THING.match(text))):
        needs.add("before")  # "Who was not so sure?", "Which Norwegian zoologist disagreed?", "The eruption lasted
        # until _____." (review R): about what? ("The _____ flew.", "Fleming created _____ …" say their subject)
    if _OF_WHAT.search(text):
        needs.add("before")  # "Volta, professor of physics at the University of _____, was not convinced." Of what?
    if blank == "number" and text.endswith((f"{BLANK}.", f"{BLANK}?")) and _COUNT_ALONE.search(text):
        needs.add("before")  # "The British admiral, Horatio Nelson, had _____.": 27 what? (review U)
    if not words and not _POINTS_BACK.match(text):
        return frozenset(needs)  # the common case
    plain = unquoted(text)
    if _POINTS_BACK.match(plain):
        needs.add("before")
    if words & _TIME_WORDS and _TIME_REFERENCE.search(plain):
        needs.add("time")
    if "same" in words and _SAME_AS_BEFORE.search(plain):
        needs.add("before")
    if words & {"that", "this"} and _DONE_TO_THAT.search(plain):
        needs.add("before")  # "The man who changed that was …": changed what (review T)?
    if "there" in words and (there := _THERE.search(plain)) is not None \
            and not _PLACE_NAMED.search(plain[:there.start()]):  # "tried at St Albans and hanged there"
        needs.add("place")
    if "again" in words and text.endswith("?") and _AGAIN.search(plain):
        needs.add("before")  # a question made of the clause with "again" drops what the sentence says besides
    if words & _SHELL_WORDS and _SHELL_NOUN.search(plain):
        needs.add("before")  # "Europeans knew Timbuktu only from such stories", "improving the method"
    if words & _DEMONSTRATIVES and _THIS_NOUN.search(plain):
        needs.add("before")
    if "it" in words and (deed := _WHAT_IT_WAS_FOR.search(plain)) is not None \
            and not _names_a_thing_not_a_person(plain[:deed.start()].rpartition(", ")[0], context):
        needs.add("thing")  # "… win the Nobel Peace Prize for it?": for what (review R)? Not the prize; a clause
        # before may say ("The force reached Egypt, and Pearson won the prize for it")
    if blank is not None and language.is_person_type(blank) and words & {"he", "him", "his"} \
            and _HE.search(plain) and (words & {"she", "her"} and _SHE.search(plain) or _WOMAN.search(plain)):
        needs.add("person")  # "_____ wrote that her age ruled out putting his ear to her chest": one of them is
        # not the blank's (review U); "Which queen was helping the rebels who fought his rule?": whose (review Y)?
    for match in PRONOUN.finditer(plain) if words & PRONOUN_WORDS else ():
        word, ahead = match.group().casefold(), plain[:match.start()]
        if word == "it" and (expletive := _EXPLETIVE_IT.match(plain, match.end())) \
                and not is_participle(expletive.group(1)):
            continue  # "it was hard to adapt" stands for nothing
        if word == "it" and is_an_object(plain[match.end():]) and subject_is_no_it(ahead, blank):
            needs.add("thing")  # "Robert Geiger, a reporter for the _____, had driven through it": through what?
            continue
        governed = _GOVERNED_BLANK.match(ahead) if word in language.PERSONAL_PRONOUNS else None
        if governed is not None and not _may_name_a_person(ahead[governed.end():], context) \
                and not _noun_phrase(ahead[governed.end():], person=True):
            needs.add("person")  # "To _____, the bishop of Lindisfarne, he wrote …": he is not the bishop (review Z)
            continue
        # "Who said it was difficult for her …": the answer is whom "her" stands for; not "Which writer lived in its
        # rooms": no person is an "its"
        if (_WH_OPENING.match(ahead) and not (word in language.THING_PRONOUNS and blank is not None
                                              and language.is_person_type(blank))) or (BLANK in ahead and (
                blank is None or (language.is_person_type(blank) if word in language.PERSONAL_PRONOUNS
                                  else is_thing(blank))  # "In _____ it was named …": a year is no "it"
                or (word in language.PLURAL_PRONOUNS and blank not in ("number", "year", "date")))):
            continue
        if word in language.PLURAL_PRONOUNS:
            # "The English king … destroyed their army": whose, it does not say
            if not has_plural(_TIMES.sub("", _UNIT.sub("", _COUNT_OF.sub("", ahead)))) \
                    and len(set(context.people_named(ahead))) < 2:
                # "12 metres" are no "them"; "Mumtaz Mahal, the wife of Shah Jahan, … their child" are two
                needs.add("people")
        elif word in language.THING_PRONOUNS:
            # no "it" stands for the phrase it is inside: "The land around it belonged to …" (review Q), "A quarrel
            # over taxes on it led …" (review Z: a preposition's "it" before the clause's verb)
            outside = _PHRASE_AROUND_IT.sub("", ahead)
            inside_the_subject = word == "it" and ahead.endswith(_PREPOSITION_BEFORE) and not has_verb(ahead)
            if inside_the_subject and not _names_a_thing_not_a_person(ahead, context) \
                    or not _names_a_thing_not_a_person(outside, context) and not _noun_phrase(outside, person=False):
                needs.add("thing")  # "William Caxton, an English merchant who had learned it": learned what?
        elif strictly:
            if not any(context.is_persons_word(name) for name in re.findall(r"\b[A-Z][\w-]+", ahead)):
                needs.add("person")
        elif not _may_name_a_person(ahead, context) and not _noun_phrase(ahead, person=True):
            needs.add("person")  # "In what year did a mob burn his house": whose?
    return frozenset(needs)


#: A woman's title or role beside a person's blank: "Queen _____", "Which queen …", "a widow from Michigan, _____".
_WOMAN = re.compile(r"\b(?:[Qq]ueen|[Pp]rincess|[Ee]mpress|[Dd]uchess|[Cc]ountess|[Ww]idow|[Aa]ctress|Mrs|Lady)\b")
_HE = re.compile(r"\b(?:he|him|his)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|her)\b", re.IGNORECASE)
#: An "it" that is what a deed was for or came of, at the end of its clause: something the sentence before said.
_WHAT_IT_WAS_FOR = re.compile(r"\b(?:for|because of|thanks to|as a result of) it\b(?=[.?,;]| in\b| on\b| at\b|\Z)",
                              re.IGNORECASE)
#: A noun phrase whose preposition an "it" right after it follows, which "it" cannot be: "The land around".
#: A blank a preposition opening the sentence governs, with its apposition: "To _____, the bishop of Lindisfarne, ".
_GOVERNED_BLANK = re.compile(rf"(?:To|For|With|From|Against) {re.escape(BLANK)}(?:, [^,]*,)? ?")
_PREPOSITION_BEFORE = tuple(f" {preposition} " for preposition in language.PREPOSITIONS)
_PHRASE_AROUND_IT = re.compile(r"\b(?:[Tt]he|[Aa]n?) (?:[a-z]+ ){1,2}(?:around|near|inside|beside|behind|below|"
                               r"above|under|within|outside|beyond) \Z")


def _names_anything(text: str, context: Context) -> bool:
    """Whether a text names something: "Where was Marie Curie born?", "Fleming created _____ by chance." (a name
    the article knows or writes inside sentences), "When did … 1271?"; a nationality ("Which Norwegian
    zoologist") names nothing, nor does a year a "Who" question gives ("Who set out in 1271?")."""
    words = WORD.findall(text)
    asks_who = words[:1] in (["Who"], ["What"], ["Which"])  # "Who set out in 1271?": a year says not who of many
    return any((word[:1].isupper() and not word.endswith(language.NATIONALITY_ENDINGS))
               or (word[:1].isdigit() and not asks_who)
               for word in words[1:]) or (
        bool(words) and (words[0] in context.capitalised or normalize(words[0]) in context.known))


def is_an_object(behind: str) -> bool:
    """Whether an "it" with these words after it is a verb's object, not the subject of a clause of its own ("said it
    was difficult", "thought it would rain")."""
    following = behind.split()[:1]
    return not following or not (is_verb(following[0]) or following[0].casefold() in ("would", "could", "might",
                                                                                        "will", "can", "must"))


def subject_is_no_it(ahead: str, blank: str | None) -> bool:
    """Whether the clause before an object "it" has a subject the "it" cannot be, so the things the sentence names
    are asides ("a reporter for the Associated Press") and "it" is most likely something said before: a person
    (the blank's, or a noun's: "The Greek philosopher _____ had already heard of it"), people ("the Romans broke
    into it") or a list ("Israel, Jordan and the Palestinian Authority agreed … to refill it")."""
    words = ahead.split()
    verb_at = next((at for at, word in enumerate(words) if at and is_verb(word)), None)
    if verb_at is None and len(words) > 2 and words[-1].endswith("s") and words[-2][:1].islower() \
            and words[-2].casefold() not in language.PREPOSITIONS and words[-1].isalpha():
        verb_at = len(words) - 1  # a verb in the present right before its "it": "the tide cuts it off" (review Z)
    if verb_at is None:  # a verb in the present, which is_verb does not know, after a blank that opens the clause:
        # "The _____ looks after it today" (review P)
        at_blank = next((at for at, word in enumerate(words[:3]) if BLANK in word), None)
        if at_blank is None or at_blank + 1 >= len(words):
            return False
        verb_at = at_blank + 1
    if words[-1].casefold() in language.CLAUSE_WORDS or words[-1].casefold() in ("and", "but", "or", "so", "as") \
            or words[-1].endswith("ing") or any(word.casefold() in language.CLAUSE_WORDS for word in words[verb_at:]):
        return False  # "found that it released …", "without noticing it", "acknowledged that training was tiring
        # but described it": what a clause of this sentence says
    # the subject: after what opens the sentence ("In AD 73, after a long siege, "), with its apposition ("Robert
    # Geiger, a reporter for …"), without an adverb ("finally")
    chunks = [chunk for chunk in " ".join(words[:verb_at]).split(", ") if chunk]
    while len(chunks) > 1 and (chunks[0].split()[0].casefold() in language.PREPOSITIONS
                               or chunks[0].split()[0].endswith("ing")):  # "Speaking at a press conference, "
        chunks = chunks[1:]
    subject_words = [word for word in chunks[0].split() if not word.endswith("ly")] if chunks else []
    if not subject_words:
        return False
    subject, apposition = " ".join(subject_words), " ".join(chunks[1:2])
    if len(words) - verb_at <= 2 and not apposition:
        return True  # "In 1948 an international conference renamed it": a verb's "it" right after it is not the
        # verb's own subject (that would be "itself"; review T), and the clause names nothing else it can be
    if BLANK in apposition and blank is not None and language.is_person_type(blank):
        return True  # "CERN's Director-General, _____, summed it up": a person's "it" is something else (review S)
    if BLANK in subject:
        # a person's "it" is something else; so is a thing's "it" right after its own verb ("The _____ looks after
        # it": that would be "itself"), but not one after more words, which may name what "it" is ("The _____ bought
        # a house and restored it", "vaccinating everyone around it")
        return blank is not None and (language.is_person_type(blank) or (
            len(words) - verb_at <= 2 and re.fullmatch(rf"(?:(?:the|a|an) )?{BLANK}", subject.casefold()) is not None))
    last = subject_words[-1]
    plural = has_plural(last) and (last[:1].islower() or subject_words[-2:-1] == ["the"])  # "the Romans"
    several = re.search(r" and (?:the|a|an|his|her|their) ", subject) is not None  # not "Southwark and Vauxhall"
    return several or plural or _noun_phrase(subject, person=True) or _noun_phrase(apposition, person=True)


def _noun_phrase(text: str, person: bool) -> bool:
    """Whether ``text`` has a noun phrase that names a person ("the actress", "an English merchant") or, with
    ``person`` false, one that names a thing ("the museum")."""
    return any(any(language.is_person_type(word.casefold()) for word in words) == person
               for match in _NOUN_PHRASE.finditer(text)
               if not is_verb((words := match.group(1).split())[0]) and words[0].casefold() not in PRONOUN_WORDS)
    # ("that he had seen" is no noun phrase)


_WHERE = re.compile(r"\b(?:in|at|near|outside|across|(?:king|queen|emperor|empress|ruler|prince|princess|duke|"
                    r"duchess|sultan|shah|khan|governor|mayor|bishop|city|town|state|kingdom|province|capital|"
                    r"island|port|people) of) (?:[A-Z][\w’'-]*\b ?)+")  # "As king of Qin he …": Qin is no "he"


def _may_name_a_person(text: str, context: Context) -> bool:
    """Whether a capitalised word of ``text`` may name a person: not one the tags name as a thing ("Birmingham")."""
    text = unquoted(text)
    # a name after "in" or "at" is where something was, unless the tags name a person so: "In a laboratory in
    # Batavia he", "Speaking in New York, he" (review Q), but "In 1932 Szent-Györgyi"
    places = {word for run in _WHERE.finditer(text) for word in run.group().split()[1:]
              if not context.is_persons_word(word)}
    words = text.split()
    for index, word in enumerate(words):
        word = word.strip("“”\"'(),.;:")
        if word in places or (index == 0 and word.endswith("ing") and words[1:2]
                              and words[1].casefold() in language.PREPOSITIONS):
            continue  # "Speaking in New York, he …": a gerund, where "Fleming created" is a name
        if index == 0 and not context.is_persons_word(word) and normalize(word) not in context.known \
                and words[1:2] and words[1].casefold() in language.PREPOSITIONS and (
                    word.lower() in context.lowercase or word not in context.capitalised):
            continue  # "Work on his tomb …" (review U): a first word before a preposition that the article writes
            # in lower case, or never with a capital inside a sentence as it does names, names nobody
        if _may_be_a_name(word, index):
            known = context.known.get(normalize(re.sub(r"[’']s\Z", "", word)))
            if known is None or language.is_person_type(known[0]):
                return True
    return False


#: A count of what a plural pronoun stands for, which says nothing of what that is: "thousands of [them]".
_COUNT_OF = re.compile(r"\b[\w-]+ of \Z")
#: Spans of time, which are no "they": "After years of wandering they settled …" (review Z).
_TIMES = re.compile(r"\b(?:years|months|weeks|days|hours|decades|centuries|minutes)\b")


#: A count's unit, which no "they" or "them" stands for: "about _____ metres high, and a group of them".
_UNIT = re.compile(rf"(?:\b\d[\d,.]*|{re.escape(BLANK)}) (?:(?:million|thousand|hundred) )?[a-z]+")


def _names_a_thing_not_a_person(text: str, context: Context) -> bool:
    """Whether a capitalised word of ``text`` may be a thing: "In 1972 the Louvre …"; "Champollion read it" has none,
    nor has "an English merchant" or "A London doctor" (a name before a common noun describes it)."""
    words = [word.strip("“”\"'(),.;:") for word in unquoted(text).split()]
    persons_name = False  # inside a name a role gives a person: "the scholar Enea Silvio Piccolomini", "Pope Pius"
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        persons_name = word[:1].isupper() and (persons_name or language.is_person_type(previous.casefold())
                                               or language.is_name_title(previous))
        modifier = following[:1].islower() and (word.endswith(language.NATIONALITY_ENDINGS)
                                                or previous.casefold() in ("a", "an", "which"))  # "A London doctor"
        if _may_be_a_name(word, index) and not context.is_persons_word(word) and not modifier \
                and not persons_name and not language.is_name_title(word):
            return True
    return False




#: A time the sentence before may give: a year, a month, a century.
A_TIME = re.compile(r"\b(?:\d{3,4}|BC|AD|centur(?:y|ies))\b")


#: Words for people, or a body of them, that a "they" may stand for.
_PEOPLE_NOUNS = frozenset("men women people children crew companions colleagues partners friends brothers sisters "
                          "sons daughters parents family party team expedition army armies navy troops forces council "
                          "government company tribes peoples natives citizens".split())
_AGENT_PLURAL = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")  # followers, sailors, scientists, inhabitants


def _names_people(text: str, context: Context) -> bool:
    """Whether a sentence names people (or things with a plural name) a "they" may stand for: "Watson and Crick",
    "the shogun's followers", "the Galápagos Islands"; "No nails or wire were used" names none."""
    if len(set(context.people_named(text))) >= 2:
        return True
    words = [word.strip(".,;:“”\"") for word in text.split()]
    return any(word.casefold() in _PEOPLE_NOUNS or word.casefold().endswith(_AGENT_PLURAL)
               or (word.endswith("s") and language.is_person_type(word.casefold()[:-1]))
               or (at > 0 and word[:1].isupper() and word.endswith("s") and not word.endswith(("'s", "’s")))
               for at, word in enumerate(words))


def holds_what_is_needed(previous: str, needs: frozenset[str], context: Context) -> bool:
    """Whether the sentence before gives what a stem leans on: the time, the thing its "it" is (the singular thing
    it opens with), the people of its "they", the person of its "she"."""
    opening = previous.split()[:2]
    checks = {
        "time": lambda: bool(A_TIME.search(previous)) or any(
            word.strip(".,").casefold() in language.MONTH_NAMES for word in previous.split()),
        "thing": lambda: bool(opening) and (
            (opening[0].casefold() in ("the", "a", "an") and len(opening) > 1 and opening[1][:1].islower()
             and not has_plural(opening[1].strip(",")) and not language.is_person_type(opening[1].strip(",")))
            or (opening[0].casefold() not in OPENERS and opening[0].casefold() not in language.PREPOSITIONS
                and not has_plural(opening[0].casefold())
                and _names_a_thing_not_a_person("— " + opening[0], context))),
        "people": lambda: _names_people(previous, context),
        "person": lambda: _may_name_a_person(previous, context),
        "place": lambda: _may_name_someone(previous),
        "before": lambda: True,
    }
    if {"person", "people"} <= needs and len(set(context.people_named(previous))) <= 2:
        return False  # "Wilbur and Orville Wright ran a shop. … his death … convinced them": "them" are the two it
        # names, and "his" is someone else (review V)
    return all(checks[need]() for need in needs)


def _resolve_opening(before: str, after: str, answer: str, context: Context) -> str | None:
    """The words before the span, their opening anaphor named; None when it cannot be."""
    for pattern, shift in language.TIME_ANAPHORS:
        match = pattern.match(before)
        if match is None:
            continue
        years = _years_counted(match.group(1)) if shift is None else shift
        year = context.year_before()
        # "… sketched its tiles on a visit in [1922]": the clause gives its own year (a later clause may not)
        own_year = YEAR.search((before[match.end():] + answer + after).split(", ")[0]) is not None
        if year is None or years is None or years is language.DROP or str(year + years) == answer.strip() \
                or own_year:
            # "Some four centuries later the runner …" is true without its opening, which counts from a time the
            # stem cannot name (or would name the answer), when what is left says enough on its own
            rest = before[match.end():]
            first_word = rest.split(None, 1)[0] if rest.split() else ""
            if len(rest.split()) + len(after.split()) < OWN_CLAUSE_WORDS or is_verb(first_word):
                # too short alone, or the time is the subject ("The next winter was spent …")
                return before  # "Later that year the _____ was passed." leans on the sentence before
            before = capitalised(rest)
            break
        phrase = f"Later in {year}, " if years == 0 and before[:5].casefold() == "later" else f"In {year + years}, "
        return phrase + before[match.end():]
    if _POINTS_BACK.match(before):
        return None  # "In this way …", "The largest were …", "A well-preserved example …": of what, the stem
        # cannot say
    lead = _SUBORDINATOR.match(before)  # "While they worked, ..." opens with the pronoun too
    first = WORD.match(before, lead.end())  # type: ignore[union-attr]  # an optional group: it always matches
    if first is None:
        return before
    head, lower = before[:first.start()], first.group().casefold()
    if lower == "it" and _CLEFT.match(before, first.end()):
        return before  # "It was Richthofen who named it": "It" stands for nothing
    if lower in language.THING_PRONOUNS:
        name = context.thing()
        if name is None:
            return None
        return head + (f"{name}’s" if language.THING_PRONOUNS[lower] == "possessive" else name) + before[first.end():]
    if lower == "they" and (pair := context.pair()) is not None:
        return head + pair + before[first.end():]
    if lower in language.PLURAL_PRONOUNS or lower in ("this", "these", "those"):
        return None  # "They" and "This" refer to more than the article's tags can tell
    if lower == "the" and not head:
        second = WORD.match(before, first.end() + 1)
        if second is not None and (second.group().isdigit() or spelled_number(second.group()) is not None):
            return None  # "The two men": who they are is in sentences the stem does not show
        if second is not None and second.group()[:1].islower() and language.could_be_role(second.group()):
            described = context.described(second.group())
            named = _with_the(described) if described is not None else context.titled(second.group())
            if named is not None:  # a title's name with the title's own "the", or none ("Magna Carta")
                return capitalised(named) + before[second.end():]
            person = context.person_in_role(second.group().casefold())  # "The emperor died …"
            if person is not None and normalize(person) != normalize(answer):
                return f"The {second.group()} {person}" + before[second.end():]
    return before


#: Openings that point back to what the sentence before said, which no tag can name.
_POINTS_BACK = re.compile(
    r"(?:in (?:this|that|the same) way|for (?:this|that) reason|by then|at that point|because of (?:this|that)|"
    r"as a result|thanks to (?:this|that)|in (?:this|that) case|such|(?:this|that|these|those)\b|"
    r"(?:another|both|neither)(?= (?:was|were|is|are|had|has|set|made|gave|said|\w+ed)\b)|"
    r"others\b|"  # "Others walk the Inca Trail": other than whom? ("others" is never a determiner)
    r"within (?:a few |two |three )?(?:hours|days|weeks|months|years)\b|"  # "Within days …": of what? (X, Y)
    r"(?:neither|both|either) (?:man|men|woman|women|one|of)\b|"  # "Neither man was the first": which two?
    r"the (?:result|outcome|effect|consequence)\b(?! of\b)|"  # "The result is one of the saltiest …": of what?
    r"(?:most|many|some|all|few|none|several|each) of (?:the|them|these|those)\b(?! [a-z]+ of (?:the )?[A-Z])|"
    # ("Most of the duties of the Townshend Acts" says of what)
    r"(?:a|an) (?:second|third|fourth|fifth|further)\b|"
    rf"the [a-z]+, (?={re.escape(BLANK)}|\Z)|"  # "The place, [Promontory Summit], had …": what place?
    r"the [a-z]+ (?:alone|itself|themselves)\b|"  # "The moat alone is about …": of what?
    r"the (?:\w+est|most \w+) of (?:the|these|those|its|their) [a-z]+s\b|"  # "The largest of the ships": which?
    r"the (?:\w+est|(?:more|less|most|least) \w+|first|second|third|last|final|next|other|others|rest|latter|former|"
    r"remainder)\b(?: and \w+est\b)?(?! \w+ed\b)"  # "The last and longest, with Wilbur …" (review V)
    r"(?=,| (?:was|were|is|are|had|has|of them)\b)|"
    r"(?:a|an|one|another) (?:[\w-]+ )?(?:example|instance|case|one|kind|type|sort)\b|"
    r"(?:\w+er|more \w+|less \w+) still\b|"  # "Older still is the fame of Hekla": older than what? (review R)
    r"the rival\b|"  # "The rival CMS experiment was led by …": rival to what? (review S)
    r"(?:a|an|one|another) (?:[a-z]+ )?(?:colleague|friend|partner|rival|assistant|pupil|student|follower|"
    r"successor|predecessor|relative|cousin|brother|sister|son|daughter|wife|husband)\b(?! of\b))",  # "A
    # colleague at Padua, the physician _____, …": whose (review T)?
    re.IGNORECASE)
_CLEFT = re.compile(r" (?:is|was) [^,.]*\b(?:who|that)\b")
_SUBORDINATOR = re.compile(r"(?:(?:while|when|as|after|before|once|because|since|although|though|if|until|"
                           r"in case|even though) )?",
                           re.IGNORECASE)


def pronoun_named_from_the_clause_cut(question: str, before: str, type_: str, context: Context) -> str:
    """A "he" or "she" of a clause asked without the clause before it, named from that clause, which names one
    person: "…, and he was awarded the Nobel Prize in [1937]" is asked "In what year was Albert Szent-Györgyi awarded
    the Nobel Prize?" (review Q), not after a sentence that names nobody."""
    match = unquoted_person_pronoun(question)
    if match is None:
        return _its_named_from_the_clause_cut(question, before, context)
    if "person" not in refers_back(question, context, blank=type_):
        return question
    people = context.people_named(before)
    if len({normalize(person).split()[-1] for person in people}) != 1:
        return question  # nobody, or two who may be meant
    name = _person_inside(max(people, key=len), match.start())
    named = f"{name}’s" if language.PERSONAL_PRONOUNS[match.group().casefold()] == "possessive" else name
    return question[:match.start()] + named + question[match.end():]


def _its_named_from_the_clause_cut(question: str, before: str, context: Context) -> str:
    """An "its" of a question asked without the clause before it, when that clause opens with the title's thing:
    "Petra kept its theatre …, and an earthquake in [363] brought down many of its buildings" is asked "In what
    year did an earthquake bring down many of Petra’s buildings?" (review V), not whose the earthquake's are."""
    thing = context.title_thing()
    if thing is None or not before.startswith(f"{thing} ") or thing in question \
            or len(_ITS.findall(unquoted(question))) != 1 or _IT.search(unquoted(question)):
        return question
    return _ITS.sub(f"{thing}’s", question, count=1)


_ITS = re.compile(r"\bits\b")
_IT = re.compile(r"\b[Ii]t\b")


#: A pronoun as the subject of a clause that does not open the sentence: ", it was moved", "In 1972 it was
#: lent", "was it lent" (a question's), and "them" anywhere: what they stand for is in another sentence.
_CLAUSE_SUBJECT = re.compile(r"(?:, |\A(?:in|on|at|by|after|before|during|from|until|since) [^,“_]{1,40}? |"
                             r"\b(?:was|were|is|are|did|does|do|has|had|have) )(it|its|they|their)\b|\b(them)\b",
                             re.IGNORECASE)


def _person_inside(name: str, at: int) -> str:
    """A person named by a title of a place as the article writes them in a sentence: "the Marquis of Santa Cruz"
    ("In his place" is "In the Marquis of Santa Cruz’s place", review Y), "The Duke of Parma" first."""
    if _TITLE_OF_PLACE.match(name) is None:
        return name
    return ("the " if at else "The ") + name


_TITLE_OF_PLACE = re.compile(r"(?:Duke|Duchess|Marquis|Marquess|Earl|Count|Countess|Prince|Princess|Archbishop|"
                             r"Bishop|Elector|Margrave|Viscount|Baron) of ")


def _inside(name: str, at: int) -> str:
    """A name as it is written where it goes: "the Rosetta Stone" inside a sentence, "The Rosetta Stone" first."""
    return "the " + name[4:] if at and name.startswith("The ") else name


def _names_a_thing(text: str) -> bool:
    """Whether words before a possessive can be what it refers to: a name after the first word, a blank, or a
    noun after "the", "a" or a question's "Which"."""
    words = text.split()
    return BLANK in text or any(word[:1].isupper() for word in words[1:]) or bool(
        re.search(r"\b(?:the|a|an|this|that|which)\s+\w+", text, re.IGNORECASE)) or (
        bool(words) and words[0][:1].isupper()
        and words[0].casefold() not in language.CLAUSE_WORDS | {"in", "on", "at"})


_ANY_PRONOUN = re.compile(r"\b(?:it|its|they|their|them)\b", re.IGNORECASE)
_LATER = re.compile(r"(?<!\A)\b(?:(later that year)|((?:a|an|one|\d+|[a-z]+(?:-[a-z]+)?) (?:years?|decades?|century|"
                    r"centuries)) (?:later|afterwards)|((?:\w+ )?(?:days?|weeks?|months?) later)|"
                    r"((?:in )?(?:that|the same|that same) year))\b(?!['’])", re.IGNORECASE)
#: The units of time one of which every match of _LATER names ("centur" of "century" and "centuries").
_UNITS_OF_TIME = ("year", "decade", "centur", "day", "week", "month")


def times_named(text: str, context: Context) -> str | None:
    """"… found _____ four years later", "… in Geneva that year" and "had by then recorded" name the year ("in
    1875", "in 1553", "by 1867"), or are not asked alone when the sentence before gives none; "weeks later" cannot
    be named."""
    lower = text.casefold()
    if " by then" in lower and (year := context.year_before()) is not None:
        # "In Leipzig, Wunderlich had by then recorded …" after a sentence of 1867 (review T: "irrelevant sentence
        # padding the cloze")
        at = lower.index(" by then")
        text, lower = f"{text[:at]} by {year}{text[at + len(' by then'):]}", lower.replace(" by then", f" by {year}", 1)
    if "later" not in lower and "afterwards" not in lower and "that year" not in lower and "same year" not in lower \
            or not any(unit in lower for unit in _UNITS_OF_TIME):
        return text  # the common case, without the search
    match = _LATER.search(text)
    if match is None:
        return text
    # "In 1794 he … settled in Pennsylvania, where he died ten years later": from the year the sentence gives
    same_sentence = YEAR.findall(text[:match.start()])
    year = int(same_sentence[-1]) if same_sentence else context.year_before()
    years = 0 if match.group(1) or match.group(4) else None if match.group(3) else _years_counted(match.group(2))
    if year is None or years is None:
        return None
    phrase = f"later in {year}" if match.group(1) else f"in {year + years}"
    return text[:match.start()] + phrase + text[match.end():]


def _years_counted(words: str) -> int | None:
    """The years "two years", "a decade" or "twenty years" count; None when the count is not exact ("some four
    centuries", "about ten years", and any count of centuries: "A century later" after 1829 was 1922)."""
    *count, unit = words.casefold().split()
    if len(count) != 1 or unit not in language.YEARS_IN_UNIT or unit.startswith("centur"):
        return None
    word = count[0]
    number = 1 if word in ("a", "an") else int(word) if word.isdigit() else spelled_number(word)
    return None if number is None else number * language.YEARS_IN_UNIT[unit]


def _with_the(name: str) -> str:
    """A name where "the X" stood: "the Soyuz rocket", "the Amazon river", but "Hadrian's Wall" (a possessive name
    takes no article: review N's "The Hadrian's Wall")."""
    if name[:4].casefold() == "the " or re.match(r"[\w-]+['’]s ", name):
        return name
    return f"the {name}"


#: "the river", "The city" (not "the city of Cuzco"). It starts with the "t", which the regex engine can skip to,
#: and looks behind it for the word's start (a word boundary first was tried at every character of every stem).
_THE_NOUN = re.compile(r"([Tt])(?<!\w[Tt])he ([a-z]+)\b(?! (?:of )?[A-Z])")


def title_named(text: str | None, context: Context) -> str | None:
    """"the river" named as the title names it ("the Amazon river"), as the one thing of that type the paragraph
    tagged before ("the island": Surtsey), or as the one name tagged before that ends in it ("a pub near the
    laboratory": the Cavendish Laboratory), once, when the stem does not name it yet."""
    if text is None:
        return None
    for match in _THE_NOUN.finditer(text):
        titled = context.titled(match.group(2))  # with the title's own "the", or none ("Magna Carta")
        typed = None if titled else context.one_of_its_type(match.group(2))  # a name: "made Surtsey a …"
        subject = titled or typed or context.named_for(match.group(2))
        if subject is None or normalize(subject) in normalize(text):
            continue
        # a name of the noun's kind takes "the" ("the Suez Canal"), as its own name does not ("made Surtsey a …")
        named = subject if titled or (typed and match.group(2) not in typed.casefold()) else _with_the(subject)
        if named[:4].casefold() == "the ":  # its "the" as the text wrote it; a name keeps its capital
            named = match.group(1) + named[1:]
        return text[:match.start()] + named + text[match.end():]
    return text


#: A capitalised word not followed by another ("Lincoln Cathedral"): a surname alone, if nothing before it makes it
#: part of another name ("Mary Hutchinson") or a place ("in Washington"): see ``full_names_given``. It starts with
#: the capital, which the regex engine can skip to, and looks behind it (as grading's patterns do): a look-behind
#: first is tried at every character of every stem.
_CAPITALISED_ALONE = re.compile(r"([A-Z](?<![\w’'-][A-Z])[\w’'-]+?)(?:[’']s)?(?![\w’'-])(?! [A-Z])")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|of|from|near|outside)\s+\Z")
#: Surnames listed together ("Banting and Macleod"), which are named in full all or none.
_LISTED_BEFORE = re.compile(r"[A-Z][\w’'-]*(?:,| and| or) \Z")
_LISTED_AFTER = re.compile(r"(?:,| and| or) [A-Z]")


def full_names_given(text: str, context: Context) -> str:
    """A stem with the first surname of each person it names alone in full, as a teacher writes it (reviews S and T:
    "'Hutchinson' needs context", "give her full name"): "to hear that Hutchinson would not give way" is "… that
    Thomas Hutchinson would …". Not inside quotes (offsets kept), nor where the stem gives the name in full."""
    if not context.full_names:
        return text
    first: dict[str, re.Match[str]] = {}
    for match in _CAPITALISED_ALONE.finditer(unquoted(text)):
        family = match.group(1)
        if family not in context.full_names or context.full_names[family] in text or family in first:
            continue  # looked up first: most capitalised words are no surname, and the words before cost a split
        ahead = text[:match.start()]
        word_before = ahead.split()[-1] if ahead.split() else ""
        listed = _LISTED_BEFORE.search(ahead) or _LISTED_AFTER.match(text, match.end())
        if not (word_before[:1].isupper() and not language.is_name_title(word_before)) \
                and not _PLACE_BEFORE.search(ahead) and not listed:
            first[family] = match
    for match in sorted(first.values(), key=lambda match: match.start(), reverse=True):
        text = text[:match.start(1)] + context.full_names[match.group(1)] + text[match.end(1):]
    return text


def subject_named(text: str, context: Context) -> str | None:
    """The stem with a clause's subject pronoun named from the sentence before, or None when it cannot be
    ("…, it was moved to Holborn" with nothing to say what "it" is). "it" before "to"/"that" ("it was hard to")
    is no pronoun, and "they" or "them" after a plural in the stem has it."""
    if not _ANY_PRONOUN.search(text):
        return text  # the common case, without the quotes taken out
    plain = unquoted(text)
    possessive = re.search(r"\b[Ii]ts\b", plain)
    if possessive is not None and not _names_a_thing(plain[:possessive.start()]):
        name = context.previous_subject()  # "… doubled its trade": whose, the stem has not said
        if name is None:
            return None
        text = text[:possessive.start()] + f"{_inside(name, possessive.start())}’s" + text[possessive.end():]
        plain = unquoted(text)
    for match in _CLAUSE_SUBJECT.finditer(plain):
        word = (match.group(1) or match.group(2)).casefold()
        rest = plain[match.end():]
        expletive = re.match(r" (?:is|was|would be|has been|had been) (\w+) (?:to|that)\b", rest)
        if word == "it" and expletive and not is_participle(expletive.group(1)):
            continue  # "it was difficult to adapt" refers to nothing ("it was lent to" does)
        if word in ("they", "their", "them"):
            if re.search(r"\b[a-z]+s\b", _COUNT_OF.sub("", plain[:match.start(1 if match.group(1) else 2)])):
                continue  # "the astronauts … they": the plural is in the stem
            return None
        name = context.previous_subject()
        if name is None:
            return None
        start = match.start(1)
        name = _inside(name, start)
        replacement = f"{name}’s" if word == "its" else name
        return text[:start] + replacement + text[match.end(1):]
    return text


_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our)\b")


def attributed(text: str, context: Context) -> str | None:
    """A quotation in the first person says who spoke: "“… I learned until _____ am …,” Peresild said." — or is
    not asked when the article does not say so in the sentence before."""
    if not text.startswith("“"):
        return text  # the common case: no quotation opens the stem
    unquoted = re.sub(r"“[^”]*”", "", text).strip(" .,")
    if unquoted or not _FIRST_PERSON.search(text):
        return text
    speaker = context.person()
    if speaker is None:
        return None
    inside = text[1:-1].rstrip(".,")
    return f"“{inside},” {speaker} said."
