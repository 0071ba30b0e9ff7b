"""Step 3 of ``stems``: a wh-question formed from the clause the span stands in, where its place allows one.

"Who became …?" (the span opens the clause), "What did Fleming discover in 1928?" (its verb's object), "In what
year was the station launched?" (a time, place or amount phrase), "How many riders …?" (a count), "Which dentist in
Hartford …?" (a description beside it), tried on the whole sentence first and then on its shorter clauses
(``question``); None where none would read as a teacher's question, and the span becomes a blank.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from orbitquiz import language
from orbitquiz.dates import MONTHS
from orbitquiz.model import BLANK
from orbitquiz.stems.references import A_TIME, OPENERS, is_an_object, subject_is_no_it
from orbitquiz.stems.wording import (PRONOUN, PRONOUN_WORDS, YEAR, has_plural, has_verb, inside_quotes, is_participle,
                                     is_verb, unquoted)


def question(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """A wh-question for the span: of the whole sentence, or else of the clause the span stands in (review rounds
    A-L: a copied sentence with a blank is what gives a generated question away); None when none can be formed."""
    for clause_before, clause_after in _clauses(before, after):
        it = re.search(r"\bit\b", unquoted(clause_after)) if " it" in clause_after else None
        if it is not None and is_an_object(clause_after[it.end():]) \
                and subject_is_no_it(f"{clause_before}{BLANK}{clause_after[:it.start()]}", type_):
            continue  # "… agreed on a project to pipe water from the [Red Sea] to refill it": the question would
            # hide that it leans on the sentence before (review O); the blank shows it, and is judged so
        formed = _question_of_clause(clause_before, clause_after, type_, role)
        if formed is not None:
            return formed
    return None


def _clauses(before: str, after: str) -> Iterator[tuple[str, str]]:
    """The sentence, then the shorter clauses around the span that can be asked alone, most of the sentence first:
    without what a comma adds after the span ("Marco Polo set out in [1271], aged seventeen, …"), then the
    relative or subordinate clause the span stands in ("…, the Teatro Amazonas, which opened in [1896]" is "The
    Teatro Amazonas opened in [1896]"; "When the Diet met for the last time in [1669], …")."""
    trimmed = _without_addition(after)
    if trimmed is not None:  # shorter first: "Which president signed the Soil Conservation Act?", not its which-clause
        yield before, trimmed
    yield before, after
    clause_end = re.search(r", |; | — | – ", after)
    clause_after = after if clause_end is None else after[:clause_end.start()] + "."
    for narrowed in (_clause_of_span(before), _second_predicate(before)):
        # a pronoun the sentence's opening did not name has nobody to stand for once the rest is gone
        if narrowed is not None and PRONOUN.search(unquoted(narrowed + clause_after)) is None:
            yield narrowed, _with_the_time_of(before, narrowed, clause_after)


def _with_the_time_of(before: str, narrowed: str, after: str) -> str:
    """The words after the span of a when-clause, with the one year its main clause gives when it gives none:
    "The worst epidemic came in 1952, when nearly [58,000] cases were reported" is asked "… reported in 1952?"."""
    opening = before[:len(before) - len(narrowed)] if before.endswith(narrowed) else ""  # a relative's is rewritten
    years = YEAR.findall(opening)
    if not re.search(r", when \Z", opening) or len(years) != 1 or YEAR.search(narrowed + after) \
            or not after.endswith("."):
        return after
    return f"{after[:-1]} in {years[0]}."


#: What a comma after the span may add that its clause does without: a description, a relative or participle
#: clause, an aside ("…, probably by his own hand", "…, aged seventeen, …", "…, printed in Frankfurt").
_ADDITION = re.compile(
    r", (?:(?:a|an|the|who|which|whose|whom|where|when|while|aged|with|without|probably|perhaps|almost|nearly|"
    r"then|now|still|once|later|and then|in|on|at|by|from|for|after|before|during|along|among|more|some|only|"
    r"over|under|like|unlike|as)\b|[a-z]+(?:ed|ing|en|wn)\b)")
#: A time phrase of the clause's own after a comma: ", in 1578", ", in a paper of 1686".
_TIME_AFTER_A_COMMA = re.compile(rf", (?:{'|'.join(sorted(language.PREPOSITIONS))}) [^,]*?\b(?:1\d{{3}}|20\d{{2}})\b",
                                 re.IGNORECASE)
#: A clause after the comma, not an addition: "[Neil Armstrong], the lunar module pilot was Buzz Aldrin, and …".
_CLAUSE_OF_ITS_OWN = re.compile(r", (?:a|an|the) (?:(?!\b(?:who|which|that|whose)\b)[^,])*\b(?:was|were|is|are|had|has)\b")
#: A list the span ends or goes on: "…, a post in [Bruges], the wharf at Bergen in Norway, and the Peterhof".
_LIST_GOES_ON = re.compile(r", (?:and|or) [^,]*\.?\s*\Z")


def _without_addition(after: str) -> str | None:
    """The text after the span up to what its first comma adds, when that adds something ("… went on holiday,
    leaving a stack of dishes"); else None."""
    comma = after.find(", ")
    listed = _LIST_GOES_ON.search(after, comma)
    if comma < 0 or _ADDITION.match(after, comma) is None or (listed is not None and not has_verb(listed.group())) \
            or inside_quotes(after[:comma]) or any(word in language.CLAUSE_WORDS for word in after[:comma].split()) \
            or _CLAUSE_OF_ITS_OWN.match(after, comma) or _TIME_AFTER_A_COMMA.search(after, comma):
        # nor the clause's time: "born in Folkestone, in Kent, in 1578" without it asks who of thousands
        return None  # "… saying that milkmaids who had caught cowpox, a mild disease, did not": the comma is the clause's
    return after[:comma] + "."


#: Where a clause inside the sentence opens before the span: a relative clause after its noun ("…, the Teatro
#: Amazonas, which opened in"), or a subordinate clause ("When the French army in Egypt surrendered in").
_RELATIVE = re.compile(r"(?:\A|, )([^,]*), (?:which|who) (?=[^,]*\Z)")
_SUBORDINATE = re.compile(r"(?:\A|, |\b(?:above all|just|only|soon|shortly|long|even) )"
                          r"(?:when|once|until|because|since|after|before|as soon as) (?=[^,]*\Z)", re.IGNORECASE)
_PARTICIPLE_CLAUSE = re.compile(r"(?:\A|, )([^,]*), (?=(?:[a-z]+ed|set up|built|made|founded|known|held|led|run|"
                                r"won|begun|sent|written|drawn|given|taken|shown)"
                                r" (?:in|by|at|on|from|for|to|as|during|with|under|near)\b[^,]*\Z)")
_TRAILING_NAME = re.compile(r"(?:\bthe )?(?:[A-Z][\w’'-]*(?: (?:of |de |da )?[A-Z][\w’'-]*)*)\Z")


def _clause_of_span(before: str) -> str | None:
    """The words of the clause the span stands in, from its subject, when that clause is a relative clause (its
    noun as subject) or a subordinate one; None when the span is in the sentence's main clause."""
    relative = (_RELATIVE.search(before) or _PARTICIPLE_CLAUSE.search(before)) if ", " in before else None
    if relative is not None:
        noun = relative.group(1)
        if any(word.casefold() in language.CLAUSE_WORDS for word in noun.split()):
            return None  # "…, who had learned printing in Cologne, set up": the noun is in a clause of its own
        if has_verb(noun):  # "At the height of the boom it built an opera house, the Teatro Amazonas, which"
            name = _TRAILING_NAME.search(noun)
            word_before = noun[:name.start()].split()[-1:] if name is not None else []
            # not the end of a longer title: "Scrambles Amongst the Alps" is no "the Alps" (review X)
            noun = name.group() if name is not None and not (word_before and word_before[0][:1].isupper()) else ""
        words = noun.split()
        if not words or len(words) > 6 or not (words[0][:1].isupper() or words[0] in ("the", "a", "an")) \
                or any(word.casefold() in PRONOUN_WORDS for word in words):
            return None
        if relative.re is _PARTICIPLE_CLAUSE:  # "the India Meteorological Department, set up in": was set up
            plural = words[-1].islower() and has_plural(words[-1])
            return f"{noun} {'were' if plural else 'was'} {before[relative.end():]}"
        return f"{noun} {before[relative.end():]}"
    subordinate = None
    for subordinate in _SUBORDINATE.finditer(before):
        pass
    if subordinate is None or not before[subordinate.end():]:
        return None
    return before[subordinate.end():]


_CLAUSE_BREAK_WORDS = frozenset(("—", "–"))
#: A second verb of the subject before the span: "Lewis was made governor of … but died of gunshot wounds in".
_SECOND_VERB = re.compile(r" (?:and|but) (?:then |later |soon )?(?=(\w+) )")


def _second_predicate(before: str) -> str | None:
    """The subject with its second verb, when the span is in what that verb says: "Lewis died of gunshot wounds
    in"; None otherwise."""
    if " and " not in before and " but " not in before:
        return None  # the common case, without the search
    joined = [match for match in _SECOND_VERB.finditer(before) if is_verb(match.group(1))]
    if len(joined) != 1:
        return None
    words = before[:joined[0].start()].split()
    verb_at = next((at for at, word in enumerate(words[1:8], start=1) if is_verb(word)), None)
    if verb_at is None or any(word.casefold() in language.CLAUSE_WORDS or word.casefold() in _CLAUSE_BREAK_WORDS
                              or word[-1] in ",;:" for word in words):
        return None  # the first verb may not be the subject's: "…, who sailed down it … and reached"
    if is_verb(words[-1]) and any(word.casefold() in language.AUXILIARIES for word in words[verb_at:]):
        return None  # "was captured and beheaded in": one verb of one subject
    return " ".join(words[:verb_at]) + " " + before[joined[0].end():]


def _question_of_clause(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """A wh-question for the span, when its place in the clause makes one simple to form; else None."""
    if _second_predicate(before) is not None:
        return None  # "… was made governor … but died … in [1809]": which verb it goes with, _second_predicate asks
    if not after.rstrip().rstrip("”\"").endswith(".") and not after.rstrip().endswith(("”.", '".')) \
            or any(mark in before + after for mark in "();:") or inside_quotes(before) \
            or (before + after).count("“") != (before + after).count("”") or (before + after).count('"') % 2:
        return None  # a quotation the span is in, or one left open, cannot be asked about
    whole = after
    after, coordinated = _COORDINATED_VERB.subn(".", after, count=1)  # "... on 24 July and were picked up ..."
    # ends the clause, unless it ends a list of what the subject did ("took part in AD 67, fell from his chariot
    # and was still declared the winner"): the list is asked whole
    if coordinated and any(is_verb(listed.group(1)) for listed in re.finditer(r", (\w+)", after)):
        after = whole
    joined = _JOINED_CLAUSE.search(after)  # "… was called [Columbia], and the lunar module …": ask the first
    if joined is not None and has_verb(before + after[:joined.start()]) \
            and not inside_quotes(before + after[:joined.start()]):  # not "was "worth seeing, but not worth …""
        after = after[:joined.start()] + "."
    earlier = list(_JOINED_CLAUSE.finditer(before))  # "…, and the lunar module was called [Eagle]": ask the second
    # (its verb may come after the span: "…, and in [1598] Queen Elizabeth I closed the Steelyard"), not the last of
    # a list ("Kristall, Spektr, and [Priroda] were added")
    if earlier and has_verb(before[:earlier[-1].start()]) and before[earlier[-1].end():].strip() \
            and has_verb(before[earlier[-1].end():] + after):
        before = before[earlier[-1].end():]  # as written: "victory went to", not "Victory went to"
    if inside_quotes(after[::-1].replace("“", "\0").replace("”", "“").replace("\0", "”")) or after.count('"') % 2:
        return None  # a cut above fell inside a quotation: "saw "the lead melting down the streets in a stream."
    question = (_birth_question(before, after, type_) or _described_question(before, after, type_)
                or _complement_question(before, after, type_)
                or _subject_question(before, after, type_, role)
                or _phrase_question(before, after, type_) or _object_question(before, after, type_, role)
                or _apposition_question(before, after, role) or _count_question(before, after, type_)
                or _age_question(before, after, type_))
    fronted = _FRONTED.match(before)
    if fronted is None or (fronted.end() == len(before) and role is not None
                           and before.endswith(f" {role[0]}, ")):  # "In 1943 a laboratory
        # assistant, [Mary Hunt], brought …": the comma opens the span's apposition; the time is what is fronted
        fronted = _FRONT_TIME.match(before) or _FRONT_MONTH.match(before)
    if question is None and fronted is not None and not has_verb(fronted.group(1)) \
            and not _ACCOUNT.match(fronted.group(1)):
        # "In 1799, French soldiers found [the stone]" is asked "What did French soldiers find in 1799?"
        rest = before[fronted.end():]
        inner = _subject_question(rest, after, type_, role) or _object_question(rest, after, type_, role) \
            or _apposition_question(rest, after, role) or _count_question(rest, after, type_)
        if inner is not None and "," not in inner:  # after "…, Prince Leopold" the time would go with Leopold
            phrase = fronted.group(1)
            # at the end, after "showed that the true order is by atomic number", the time would go with what the
            # that-clause says; a place, with the name before it ("In Paris, who wanted the planet named after Le
            # Verrier?"): those stay in front
            at_the_end = (A_TIME.search(phrase) or any(word.casefold() in language.MONTH_NAMES
                                                       for word in phrase.split())) \
                and not any(word in language.CLAUSE_WORDS for word in inner.split())
            if at_the_end or PRONOUN.search(phrase):  # "at its height": its noun may come later in the sentence
                question = f"{inner[:-1]} {phrase[:1].lower() + phrase[1:]}?"
            else:
                question = f"{phrase}, {inner[:1].lower() + inner[1:]}"
    return question


def _age_question(before: str, after: str, type_: str) -> str | None:
    """An age the clause ends with: "Rosalind Franklin died of ovarian cancer on 16 April 1958, aged only [37]." is
    asked "At what age did Rosalind Franklin die of ovarian cancer on 16 April 1958?"."""
    aged = _AGED_BEFORE.search(before)
    if type_ != "number" or aged is None or after.strip() != "." or "," in before[:aged.start()]:
        return None
    inverted = _inverted(before[:aged.start()])
    return None if inverted is None else f"At what age {inverted}?"


_AGED_BEFORE = re.compile(r", (?:aged (?:only |just )?|at the age of (?:only |just )?)\Z")


#: Words before a count that say how exact it is, and how the question keeps that: "about 180 copies" is asked
#: "About how many copies"; a bound ("more than 70") makes no question ("More than how many" asks nothing).
_COUNT_QUALIFIERS = {"about": "About how many", "around": "About how many", "roughly": "About how many",
                     "approximately": "About how many", "some": "About how many", "an estimated": "About how many",
                     "nearly": "About how many", "almost": "About how many", "only": "How many",
                     "just": "How many", "another": "How many more", "": "How many"}
_BOUNDS = frozenset("more than over under at least at most fewer less up to a an the".split())
#: What a count counts: "[Sixty] riders", "[10] miles of track", "[300] million people", "[33.5] metres wide".
_COUNTED = re.compile(r" ((?:million |thousand |hundred )?(?:[a-z]+ ){0,2}?[a-z]+s"
                      r"(?: of (?:the )?[a-z]+(?: and [a-z]+)?)?"
                      r"(?: (?:wide|long|tall|high|deep|across|thick|away))?)(?=[ .,;])")
_SIZE_WORDS = frozenset("wide long tall high deep across thick away".split())


def _count_question(before: str, after: str, type_: str) -> str | None:
    """A count with what it counts: "How many riders set off on six stages?" (the count opens the clause), "How
    many crowns did the runner Leonidas of Rhodes win in four Games?" (it is the verb's object), "How many metres
    wide is each lock chamber?" (a measure)."""
    if type_ != "number":
        return None
    counted = _COUNTED.match(after)
    if counted is None:
        return None
    nouns = [word for word in counted.group(1).split(" of ")[0].split() if word not in _SIZE_WORDS]
    if not nouns or not has_plural(nouns[-1]) \
            or any(is_verb(word) or word in language.PREPOSITIONS or word in language.CLAUSE_WORDS for word in nouns):
        return None
    unit = counted.group(1)
    rest = after[counted.end():]
    if rest.startswith((" ago", " earlier", " later", " before", " after")):
        return None  # "the rains failed about [5,000] years ago": no "did the rains fail ago"
    aged = unit == "years" and rest.startswith(" old")  # "King Richard II was only [14] years old."
    if rest.startswith((" who ", " that ", " which ", " whose ")):
        return None  # "took [12] sailors who had the disease": the clause says which sailors (review Q: "'take'
        # for what?")
    # what the clause goes on to say about the count, up to another clause ("… so that surgeons …") or, after a
    # measure, the next measure ("[33.5] metres wide and 305 metres long")
    cut = re.search(r", |; | — | so that | because | when | which | who | where | while | until | but "
                    + (r"| and " if unit.split()[-1] in _SIZE_WORDS else r"| and (?=\w+ (?:to|that) |\w+ed\b)"), rest)
    rest = (rest if cut is None else rest[:cut.start()]).rstrip().rstrip(".")
    words = before.split()
    qualifier = ""
    for size in (2, 1):
        if len(words) >= size and " ".join(words[-size:]).casefold() in _COUNT_QUALIFIERS:
            qualifier = " ".join(words[-size:]).casefold()
            words = words[:-size]
            break
    if words and (words[-1].casefold() in _BOUNDS or " ".join(words[-2:]).casefold() in _BOUNDS):
        return None
    how_many = _COUNT_QUALIFIERS[qualifier]
    if not words:  # "[Sixty] riders set off on six stages": the count is the subject
        first = rest.split()[:1]
        if not first or not is_verb(first[0]):
            return None
        return f"{how_many} {unit}{rest}?"
    if not is_verb(words[-1]) or "," in " ".join(words) or unit.split()[-1] in _SIZE_WORDS and \
            words[-1].casefold() not in ("is", "was", "are", "were"):
        return None
    inverted = _inverted(" ".join(words))
    if inverted is None or inverted.startswith(("had ", "has ", "have ")):
        return None
    if aged:
        return f"How old {inverted}{rest.removeprefix(' old')}?"  # not "How many years was he old?" (review X)
    return f"{how_many} {unit} {inverted}{rest}?"


#: A fronted phrase that says whose account the sentence is, which a question cannot carry at its end: "By the
#: canal's own records, …", "According to Watson, …".
_ACCOUNT = re.compile(r"(?:by|according to|in the words of|like|unlike|despite|for|with|as)\b(?![^,]*\d{3,4})",
                      re.IGNORECASE)
#: A phrase before the subject, up to its comma: "In 1799, …", "After the war, …".
_PREPOSITION = "|".join(sorted(language.PREPOSITIONS))  # as an alternation for the patterns below
_FRONTED = re.compile(rf"((?:{_PREPOSITION})\b[^,]{{1,60}}), ", re.IGNORECASE)


#: A time before the subject with no comma, up to its year: "In 1898 …", "In the summer of 1928 the bacteriologist …".
_FRONT_TIME = re.compile(rf"((?:{_PREPOSITION}) (?:[\w’'-]+ ){{0,4}}?\d{{3,4}}s?(?: BC| AD)?) ",
                         re.IGNORECASE)
#: A month or a day before the subject with no comma and no year: "In late November the [Dartmouth] sailed …", "On
#: 15 June Richard met …".
_FRONT_MONTH = re.compile(rf"((?:In|By) (?:early |late |mid-)?(?:{'|'.join(MONTHS)})|"
                          rf"On \d{{1,2}} (?:{'|'.join(MONTHS)})) (?=the |[A-Z])")
_JOINED_CLAUSE = re.compile(r", (?:and|but|while|whereas|so|yet) ")
_COORDINATED_VERB = re.compile(rf",? and (?:\w+ly |almost |never )?(?:was|were|is|are|had|has|then|later|\w+ed|"
                               rf"{'|'.join(sorted(language.IRREGULAR_PAST))})\b.*\Z")


_NAMING_VERB = re.compile(r"(?:re)?(?:called|named|dubbed|titled|christened)", re.IGNORECASE)


def _object_question(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """The span is the object of the clause's verb: "What did Fleming discover in 1928?", "Which ship did the
    navy send?"."""
    words = before.split()
    if role is not None and role[1] == "before":
        if not words or words[-1] != role[0] or is_participle(role[0]):
            return None  # "John had lost [Normandy]": "lost" is the verb, no role
        words = words[:-1]  # "launched the shuttle [Discovery]": the role goes into the wh-phrase
    if words and words[-1].casefold() in ("the", "a", "an"):
        if words[-1].casefold() != "the" and len(words) > 1 and words[-2].casefold() in language.AUXILIARIES:
            return None  # "Sharman was a [chemist]": what she was, not whom a verb acted on
        words = words[:-1]
    if words and words[-1].casefold() in ("is", "was", "are", "were") and not language.is_person_type(type_):
        return None  # "The slab is [granodiorite]": "What is the slab?" asks too little (who or where: above)
    if len(words) < 2 or words[0].casefold() in language.PREPOSITIONS or not is_verb(words[-1]) \
            or type_ in ("number", "year", "date") or "," in before or "," in after:
        return None  # one clause, subject and verb and the span, or the question would mix two
    if words[-1].casefold() in ("called", "named") and words[-2].casefold() not in language.AUXILIARIES:
        return None  # "grew a fruit called [Plumbrazzik]": the name is no object of "grew"
    auxiliaries = [at for at, word in enumerate(words[:-1]) if word.casefold() in language.AUXILIARIES]
    if auxiliaries and words[-1].casefold() not in language.AUXILIARIES and len(words) - 1 - auxiliaries[-1] > 3:
        return None  # "The prize was no more than a wreath cut from the sacred": "sacred" is no verb of "was"
    if any(word.casefold() in language.CLAUSE_WORDS for word in words[1:]):
        return None  # "The find was so rich that the stream was renamed [X]": the span is the inner clause's
    # what a thing is called is a name, asked "What was the command module called?", never "Which spacecraft …" nor
    # "Which place" (review R)
    naming = _NAMING_VERB.fullmatch(words[-1]) is not None
    kind = type_ if type_ not in _VAGUE_TYPES and type_.isalpha() and not naming else None
    if role is not None:
        wh = f"Which {role[0].casefold()}"
    elif language.is_person_type(type_):
        wh = "Who"
    elif kind is not None:  # "Which organisation did Pasteur tell …", not "What did Pasteur tell" (review P)
        wh = f"Which {kind}"
    elif naming:
        wh = "What"
    elif language.is_place_type(type_):
        wh = "Which place"
    else:
        wh = "What"
    clause = " ".join(words)
    inverted = _inverted(clause)
    if inverted is None or not inverted.split()[-1] or inverted.startswith(("had ", "has ", "have ")):
        return None
    rest = after.rstrip().rstrip(".")
    if role is not None and role[1] == "after" and rest.split()[:1] == [role[0]]:
        rest = rest.split(role[0], 1)[1]
    return f"{wh} {inverted}{rest}?"


#: The span in apposition to a verb's object, or to the object of a preposition after it: "handed the job to an
#: army engineer, [George Goethals], who …", "announced a new element, [polonium], named after …".
_OBJECT_APPOSITION = re.compile(r"(?P<head>[^,]+?) (?:(?P<preposition>to|for|with|from|by) )?"
                                r"(?:a|an|the) (?P<described>(?:[\w’'-]+ ){0,3}?[a-z]+), \Z")
#: What may follow an apposition and says more of the span, not of the clause: "who saw it through", "named after".
_MORE_OF_THE_SPAN = re.compile(r"(?:who|whom|whose|which|where|named|called|known|then|now|a|an|the)\b|\w+ed\b")


def _apposition_question(before: str, after: str, role: tuple[str, str] | None) -> str | None:
    """The span is in apposition to a verb's object: "Roosevelt handed the job to an army engineer, [George
    Goethals], who saw it through to the end." is asked "To which army engineer did Roosevelt hand the job?", "The
    final piece was found by a local curate, [X], …" "Which local curate found the final piece?"."""
    match = _OBJECT_APPOSITION.fullmatch(before)
    if role is None or role[1] != "before" or match is None or not after.startswith(", ") \
            or match["described"].split()[-1] != role[0]:
        return None
    described = match["described"].split()
    if any(word.casefold() in _ORDINALS or word.casefold().endswith("est") or not word.isalpha()
           for word in described[:-1]):
        return None  # "the last sultan": "Which last sultan" asks nothing a teacher would
    head, preposition = match["head"], match["preposition"]
    if head.split()[0].casefold() in language.PREPOSITIONS or any(
            word.casefold() in language.CLAUSE_WORDS for word in head.split()) \
            or (preposition is None and not is_verb(head.split()[-1])):
        return None  # the apposition must be of the clause's object, right after its verb or preposition
    tail = after[2:].rstrip().rstrip(".")
    if _MORE_OF_THE_SPAN.match(tail) or "," in tail or '"' in tail or "“" in tail:
        tail = ""  # "…, who saw it through to the end": about the span, not the question's clause
    tail = f" {tail}" if tail else ""
    kind = " ".join(described)
    if preposition == "by":
        return _active(head + tail, f"By which {kind}") if _is_passive(head) else None
    inverted = _inverted(head)
    if inverted is None or inverted.startswith(("had ", "has ", "have ")):
        return None
    wh = f"{preposition.capitalize()} which {kind}" if preposition else f"Which {kind}"
    return f"{wh} {inverted}{tail}?"


#: A short phrase of time or place before the subject, without a comma: "In December 1844 [Horace Wells], …".
_FRONT_PHRASE = re.compile(rf"(?:{_PREPOSITION}) (?:[\w’'-]+ ){{0,4}}\Z", re.IGNORECASE)
_DESCRIPTION = re.compile(r"(?:a|an|the) ", re.IGNORECASE)


#: "Born Maria Skłodowska in Warsaw in 1867, Marie Curie …": the phrase's time or place, then who was born.
_BORN = re.compile(r"Born [^,]*\Z")
_BORN_WHO = re.compile(r"[^,]*, ([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*) ")


def _birth_question(before: str, after: str, type_: str) -> str | None:
    """A year or place in an opening "Born …," phrase asks about the birth, not about what the sentence goes on to
    say: "In what year was Marie Curie born?", "Where was Marie Curie born?"."""
    if _BORN.match(before) is None or not before.rstrip().endswith((" in", " at")):
        return None
    who = _BORN_WHO.match(after)
    if who is None:
        return None
    if type_ == "year":
        return f"In what year was {who.group(1)} born?"
    if language.is_place_type(type_):
        return f"Where was {who.group(1)} born?"
    return None


_ORDINALS = frozenset("first second third fourth fifth last only one".split())
_COPULA = re.compile(r"(The [^,]+?) (was|were|is|are) \Z")
_APPOSITION_AFTER = re.compile(r", (?:a|an|the|home to|one of) ")


def _complement_question(before: str, after: str, type_: str) -> str | None:
    """The span is who or where the subject was: "The first to travel the whole river was [Orellana], who …" is
    asked "Who was the first to travel the whole river?", "The new capital was [Agra]" "What was the new capital?".
    Not other things: "What is the slab?" asks too little of "The slab is [granodiorite]"."""
    match = _COPULA.fullmatch(before)
    if match is None or not (after.strip() == "." or after.startswith((", who ", ", which "))
                             or (language.is_place_type(type_) and _APPOSITION_AFTER.match(after))):
        return None  # a place may be described after it: "… islands is [Olkhon], home to many of the Buryat"
    subject, verb = match.groups()
    if any(word.casefold() in language.CLAUSE_WORDS or word.casefold() in PRONOUN_WORDS for word in subject.split()):
        return None
    if language.is_person_type(type_):
        wh = "Who"
    elif language.is_place_type(type_):
        wh = "What"
    else:
        return None
    return f"{wh} {verb} {subject[0].lower()}{subject[1:]}?"


def _described_question(before: str, after: str, type_: str) -> str | None:
    """The span is the subject, and a description beside it says what it is: "[Horace Wells], a dentist in
    Hartford, Connecticut, saw …" is asked "Which dentist in Hartford, Connecticut, saw …?"."""
    if type_ in ("number", "year", "date") or not after.startswith(", ") or not _DESCRIPTION.match(after, 2):
        return None
    if before and not language.is_name_title(before.strip()) \
            and (_FRONT_PHRASE.fullmatch(before) is None or has_verb(before)):
        return None  # "In December 1844 [Horace Wells], a dentist …" and "Dr [William Gorgas], the chief …" are
    pieces = after[2:].split(", ")
    verb_at = next((at for at, piece in enumerate(pieces) if at and is_verb(piece.split()[0])), None)
    if verb_at is None:
        return None
    description = ", ".join(pieces[:verb_at])
    if any(word.casefold() in language.CLAUSE_WORDS or is_verb(word) for word in description.split()):
        return None  # "[Lister], who had read Pasteur, …": a clause, not what the span is
    noun_phrase = _DESCRIPTION.sub("", description, count=1)
    if noun_phrase.split()[0].casefold() in _ORDINALS or " and " in noun_phrase or "'s " in noun_phrase \
            or "’s " in noun_phrase:
        return None  # "the third of a family of physicists", "the railroad's president and a former governor":
        # no simple kind of thing to ask "Which …" of
    rest = ", ".join(pieces[verb_at:]).rstrip().rstrip(".")
    if before and "," in rest:
        return None  # "…, Prince Leopold on 7 April 1853?": the time would go with what the comma adds
    when = f" {before[:1].lower()}{before[1:].rstrip()}" if before and not language.is_name_title(before.strip()) \
        else ""
    comma = "," if "," in noun_phrase else ""  # "in Hartford, Connecticut, saw"
    return f"Which {noun_phrase}{comma} {rest}{when}?"


def _subject_question(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """The span (with its role words) opens the sentence: "Who became ...?", "Which railway engineer persuaded
    ...?", "Which rocket departed ...?"."""
    opening = before.split()
    words = after.split()
    if not words:
        return None
    described = None  # "railway engineer" in "The railway engineer [John Stevens] persuaded ..."
    if role is not None and role[1] == "after" and [word.casefold() for word in opening] in (["a"], ["an"], ["the"]):
        opening = []  # "A [Saturn V] rocket lifted off": the role after the span makes the wh-phrase
    elif role is None and [word.casefold() for word in opening] == ["the"] and type_ not in _VAGUE_TYPES \
            and type_.isalpha() and not language.is_person_type(type_):
        opening = []  # "The [Dartmouth]{.ship} sailed into Boston Harbor": "Which ship sailed …"
    if opening:
        if role is None or role[1] != "before" or opening[-1].strip(",") != role[0]:
            return None
        adjectives = opening[1:-1] if opening[0].casefold() in ("the", "a", "an") else opening[:-1]
        if len(adjectives) > 2 or not all(word.isalpha() and word.casefold() not in language.AUXILIARIES
                                          and word.casefold() not in OPENERS and word.casefold() not in _ORDINALS
                                          and not word.endswith("est") for word in adjectives):
            return None  # "Which last sultan", "Which youngest son": no question a teacher asks
        described = " ".join([*adjectives, role[0].casefold()])  # "Which president …", not "Which President"
        if opening[-1].endswith(","):  # "The acting governor, [Nicolás Lawson], told …": the apposition closes
            closing = _APPOSITION_CLOSES.match(after)
            if closing is None:
                return None
            after = " " + after[closing.end():]
            words = after.split()
    of_place = _OF_PLACE.match(after)  # "King [Valdemar IV] of Denmark seized …": "Which king of Denmark"
    if described is not None and of_place is not None:
        described += of_place.group().rstrip()
        after = after[of_place.end() - 1:]
        words = after.split()
    rest = after
    if role is not None and role[1] == "after" and words[0].strip(".,") == role[0]:
        rest = after.split(role[0], 1)[1]
        words = words[1:]
        described = role[0].casefold()
    if not words or not is_verb(words[0]) or _AGE_ALONE.fullmatch(rest):
        return None  # "Which king was only 14 years old?" says too little (review X: "no context")
    if described is not None:
        wh = f"Which {described}"
    elif language.is_person_type(type_):
        wh = "Who"
    elif type_ == "number":
        return None
    elif type_ not in _VAGUE_TYPES and type_.isalpha():
        wh = f"Which {type_}"  # "Which organisation made … a World Heritage Site?"
    else:
        wh = "What"
    return f"{wh}{rest.rstrip().rstrip('.')}?"


#: A predicate that is only an age, which a "Which …" question cannot stand on: "… was only 14 years old.".
_AGE_ALONE = re.compile(r" (?:was|were|is|are) (?:only |just |about )?\d+(?: years old)?\.")
#: The end of an apposition after the span, with a second one it may carry: ", " or ", a former chimney sweep, ".
_APPOSITION_CLOSES = re.compile(r", (?:(?:a|an|the) [^,]+, )?")
#: A place after a person's span that goes with the role: "[Valdemar IV] of Denmark".
_OF_PLACE = re.compile(r" of [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* ")


def _phrase_question(before: str, after: str, type_: str) -> str | None:
    """A time, place or amount phrase at the end or the front: "In what year was the station launched?"."""
    numeric_noun = None
    if type_ == "number":
        words = after.split()
        if len(words) != 1 or not words[0].rstrip(".").isalpha() or not words[0].rstrip(".").endswith("s"):
            return None
        numeric_noun = words[0].rstrip(".")
        after = "."
    if _ERA.match(after):
        return None  # "[196] BC": the era goes with the number
    after = _AGED.sub(".", after)  # "was killed by a sniper at [Gallipoli], aged only 27.": an aside
    if language.is_place_type(type_):
        # "ran a bicycle shop in [Dayton], Ohio.": "In which city did …?"; "died at [Rouen] in Normandy": the
        # region tells which option is right (review W)
        after = _REGION.sub("", after, count=1)
    opening = _OPENING_TIME.fullmatch(before) if type_ in ("year", "date") else None
    adverbed = _ADVERB_BEFORE.fullmatch(before)  # "Early in [1086] royal commissioners rode out"
    if after.startswith(" ") and (before.count(" ") == 1 or opening or adverbed) \
            and (after[1:2].isupper() or after.split()[0] in _DETERMINERS or adverbed):  # "In [1981] UNESCO"
        preposition = adverbed.group(1) if adverbed else before.split()[0]
        clause = after[1:].rstrip().rstrip(".")
    elif after.strip() == "." or (after.startswith(" ") and type_ != "number"):  # "... launched in [1986] (…)."
        if after.startswith(" of ") or _describes_a_noun_after(after):
            return None  # "came from the [mammary gland] of a ewe", "took an egg from a [Scottish Blackface] ewe"
        typed = re.search(rf"\b(?:{_PREPOSITION}) (the {re.escape(type_)} )\Z", before)
        if typed is not None:  # "appeared in the journal [Nature]": "In which journal did the paper appear …?"
            before = before[:typed.start(1)]
        head, _, preposition = before.rstrip().rpartition(" ")
        if preposition.casefold() in ("the", "a", "an"):  # "in the [Pacific Ocean]"
            head, _, preposition = head.rpartition(" ")
        if type_ not in ("year", "date") and not _tells_about_the_verb(head):
            return None  # "the base in [Kazakhstan]" says where the base is, not where anything happened
        if head.rpartition(" ")[2].casefold() in ("and", "or") or (preposition.casefold() == "by" and not _is_passive(head)):
            return None  # "down the Snake and into the [Columbia]"; "batches made by [Cutter]": by whom is no agent
        clause = head + after.rstrip().rstrip(".")
        place = _FRONT_PLACE.match(clause)
        if place is not None and type_ in ("year", "date"):  # "At Runnymede a memorial … was unveiled in [1957]"
            clause = f"{clause[place.end():]} {place.group(1)[:1].lower()}{place.group(1)[1:]}"
        time = _FRONT_TIME.match(clause) or _FRONT_MONTH.match(clause)
        if time is not None and type_ not in ("year", "date"):  # "In 1724 Fahrenheit described his scale to [the
            clause = f"{clause[time.end():]} {time.group(1)[:1].lower()}{time.group(1)[1:]}"  # Royal Society]"
        if type_ in ("year", "date") and (YEAR.search(head) or _EVENT_BEFORE.search(head)):
            return None  # "… a national park in 1973 and a World Heritage Site in [1987]": which year is asked?
            # "Paper went west after the Battle of Talas in [751]": the year is the battle's
        # "Lincoln, who wanted …, signed the act in [1862]" is one clause, as "Japan's first railway, from …, opened"
        described = _subject_with_aside(clause)
        rest = clause[described.end():] if described is not None else clause
        ahead = rest[:len(rest) - len(after.rstrip().rstrip("."))]
        if "," in _NAMES_LISTED.sub("", rest) \
                or any(word.casefold() in language.CLAUSE_WORDS for word in ahead.split()[1:]):
            return None  # "tiles, made in [Sweden] by …", "The war ended when they surrendered at [Hakodate]":
            # the phrase may belong to another clause; one after it is the clause's own ("was killed in [1906]
            # when he slipped under a wagon")
    elif after.startswith(", ") and (before.count(" ") == 1 or opening):  # "In (July) [1986], the station was …"
        preposition, clause = before.split()[0], after[2:].rstrip().rstrip(".")
    else:
        return None
    wh = _wh_phrase(preposition, type_, numeric_noun)
    if wh is None or not clause or re.search(rf"(?:,| and| or) {re.escape(preposition.casefold())} ", after):
        return None  # "landed at [Tempelhof] in the American sector and at Gatow": one of a list of places
    if preposition.casefold() == "by" and (active := _active(clause, wh)) is not None:
        return active
    inverted = _inverted(clause, passive_only=True)
    return None if inverted is None else f"{wh} {inverted}?"


_ERA = re.compile(r" (?:BC|BCE|AD|CE)\b")
#: The commas of a list of names, which join no clauses: "Buda, Pest and Óbuda were united …".
_NAMES_LISTED = re.compile(r", (?=[A-Z][\w’'-]*(?:,| and | or ))")
_AGED = re.compile(r", aged (?:only |just |about )?\d+\.\Z")
#: The region a place is in, right after it: "in [Dayton], Ohio, …", "at [Rouen] in Normandy", "off [Cape
#: Trafalgar], on the south-west coast of Spain.", "at [Smithfield], just outside the city walls.", which a question
#: about the place leaves out.
_REGION = re.compile(r"\A(?:, (?:in )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?:,(?= )|(?=\.\Z))|"
                     r", (?:just |right )?(?:on|in|at|near|outside|inside|beyond|below|above) the [a-z -]+"
                     r"(?: of [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)?(?=\.\Z)|"
                     r" in (?!(?:January|February|March|April|May|June|July|August|September|October|November|"
                     r"December)\b)[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?=[ ,.]))")


def _describes_a_noun_after(after: str) -> bool:
    """Whether the span only describes a noun right after it: "from a [Scottish Blackface] ewe"; not "in [1986]
    when", "at [Rouen] on 9 September", "in [Dayton] shortly after"."""
    word = re.match(r" ([a-z]+)\b", after)
    return word is not None and not (word.group(1) in _NO_NOUNS or word.group(1) in _DETERMINERS
                                     or is_verb(word.group(1))
                                     or word.group(1).endswith("ly"))


_NO_NOUNS = language.PREPOSITIONS | language.CLAUSE_WORDS | language.AUXILIARIES | PRONOUN_WORDS | frozenset(
    "and or but nor then there here now again too alone once twice still only already first last together instead "
    "later earlier ago aboard away home abroad itself himself herself themselves".split())
#: A fronting adverb before the time phrase: "Early in", "Late in", "Only in".
_ADVERB_BEFORE = re.compile(r"(?:Early|Late|Only|Even|Soon|Again|Already|Also) (in|on|by) ")
#: A place a clause opens with, which a question about its time carries at its end: "At Runnymede a memorial …".
_FRONT_PLACE = re.compile(r"((?:In|At|Near|Outside) (?:the )?[A-Z][\w’'-]*(?: (?:of )?[A-Z][\w’'-]*)*),? "
                          r"(?=(?:a|an|the|[A-Z])\b)")
#: A time opening the sentence that a year ends, which "In what year" asks whole: "In July [1853], …", "In the
#: summer of [1928] …".
_OPENING_TIME = re.compile(rf"(?:(?:In|By|Until|Since) (?:(?:early |late )?(?:{'|'.join(MONTHS)})|"
                           r"the (?:spring|summer|autumn|winter) of)|On the (?:morning|afternoon|evening|night) of) ")
#: An event a time phrase may date rather than the verb: "after the Battle of Talas", "during the war".
_EVENT_BEFORE = re.compile(r"\b(?:after|before|since|until|during|following) (?:the |a |an )?[^,]*\Z", re.IGNORECASE)


#: Prepositions whose phrase a question can open with "… which": "To which city did …", "For which company …".
_ASKING_PREPOSITIONS = frozenset("to from for with by against into onto towards toward near through across "
                                 "outside inside after under aboard".split())
#: Prepositions before a place that make a phrase about where the noun before them is: "a farm in", "the base in".
_PLACING = frozenset("in at on near from to into outside inside of beside by".split())
#: Types that name no kind of thing a question can ask "Which …" of ("Which title", "Which thing").
_VAGUE_TYPES = frozenset("thing things name names title titles term word other event concept idea person people "
                         "place number year date".split())


def _wh_phrase(preposition: str, type_: str, noun: str | None) -> str | None:
    preposition = preposition.casefold()
    # not "until": "Until what year did no one time light?" asks the wrong way round (review M)
    if type_ == "year" and preposition in ("in", "by", "since"):
        return f"{preposition.capitalize()} what year"
    if type_ == "date" and preposition in ("on", "by", "since"):
        return f"{preposition.capitalize()} what date"
    if noun is not None and preposition in ("for", "in", "after", "within", "by"):  # not "of how many miles"
        return f"{preposition.capitalize()} how many {noun}"
    kind = type_ if type_ not in _VAGUE_TYPES and type_.isalpha() else None
    if language.is_place_type(type_) and preposition in ("in", "at", "off"):  # "met off [Cape Trafalgar]"
        return f"In which {kind}" if kind is not None and preposition == "in" else "Where"
    if preposition in ("in", "at", "on") and kind is not None and not language.is_person_type(type_):
        return f"{preposition.capitalize()} which {kind}"  # "In which building was William crowned …"
    if preposition not in _ASKING_PREPOSITIONS or type_ in ("number", "year", "date"):
        return None
    if kind is not None:
        return f"{preposition.capitalize()} which {kind}"  # "To which city", "For which company"
    return f"{preposition.capitalize()} whom" if language.is_person_type(type_) else None


def _active(clause: str, wh: str) -> str | None:
    """A passive clause in the past asked by its agent, as a teacher asks it: "Angkor was named a World Heritage Site
    by [UNESCO] in 1992" -> "Which organisation named Angkor a World Heritage Site in 1992?" (``wh`` is "By which
    organisation" or "By whom"). None when the verb's past tense is not its participle ("was drawn")."""
    words = clause.split()
    at = next((at for at, word in enumerate(words[:9]) if word.casefold() in ("was", "were")), None)
    if at is None or at == 0 or at + 1 >= len(words):
        return None
    subject, participle, rest = words[:at], words[at + 1], words[at + 2:]
    if subject[0].casefold() in language.PREPOSITIONS \
            or any("," in word or word.casefold() in language.CLAUSE_WORDS for word in subject) \
            or not (participle.endswith("ed") or participle.casefold() in language.IRREGULAR_PAST):
        return None
    if subject[0].casefold() in _DETERMINERS:
        subject[0] = subject[0].casefold()
    asking = "Who" if wh == "By whom" else "Which" + wh.removeprefix("By which")
    return " ".join([asking, participle.casefold(), *subject, *rest]) + "?"


def _is_passive(head: str) -> bool:
    """Whether the clause's last verb is a passive one, whose agent a "by" after it names: "Angkor was named a World
    Heritage Site by"; not "architects led by", "batches made by"."""
    words = head.split()
    last = next((at for at in range(len(words) - 1, 0, -1) if is_participle(words[at]) or is_verb(words[at])), None)
    if last is None:
        return False
    auxiliary = words[last - 1].casefold()
    if auxiliary.endswith("ly") or auxiliary in ("first", "later", "then", "also"):  # "was first tested by"
        auxiliary = words[last - 2].casefold() if last > 1 else ""
    return auxiliary in ("was", "were", "is", "are", "been", "be")


def _tells_about_the_verb(head: str) -> bool:
    """Whether a phrase after ``head`` tells where or to what the verb happened: "was burned for heresy in [Geneva]",
    "sent the paper to [the Society]"; not "a café in [Montgeron]" or "grew up on a farm in [Scotland]", where it says
    where the noun before it is."""
    words = head.split()
    if not words:
        return False
    if len(words) > 2 and words[-1].endswith("ed") and words[-2].casefold() not in language.AUXILIARIES \
            and any(is_verb(word) and word.casefold() not in language.AUXILIARIES
                    and not (at and words[at - 1].casefold() in _DETERMINERS)  # "The cut was later renamed"
                    for at, word in enumerate(words[:-2])):
        return False  # "made his first thermometer filled with [mercury]": the phrase is the participle's
    if _goes_with_verb(words[-1]):
        return True
    for at in range(len(words) - 2, max(-1, len(words) - 6), -1):
        word = words[at].casefold()
        if word in language.PREPOSITIONS:
            return word not in _PLACING  # "burned for heresy in", but "on a farm in", "outside a café in"
        if _goes_with_verb(word):
            return "," not in " ".join(words[at:])  # "burned his house and laboratory in": the verb's object
    return False


def _inverted(clause: str, passive_only: bool = False) -> str | None:
    """The clause as a question asks it: "The station was launched" -> "was the station launched" (its
    auxiliary before its subject), "Kennedy asked the nation" -> "did Kennedy ask the nation". With
    ``passive_only``, "is"/"was" must come with a participle: "In what year was the text a decree" is no question.
    None when the subject is not a plain noun phrase ("… were when …")."""
    # "Mumtaz Mahal, the favourite wife of Shah Jahan, died …", "the last shogun, Tokugawa Yoshinobu, handed …",
    # "Japan's first railway, from Shimbashi in Tokyo to the port of Yokohama, opened …"
    described = _subject_with_aside(clause)
    if described is not None:
        name, description = described.groups()
        inverted = _inverted(f"{name} {clause[described.end():]}", passive_only)
        auxiliary, _, rest = (inverted or "").partition(" ")
        if not rest.casefold().startswith(f"{name.casefold()} "):
            return None
        return f"{auxiliary} {rest[:len(name)]}, {description}, {rest[len(name) + 1:]}"
    words = clause.split()
    if not words or words[0].casefold() in language.PREPOSITIONS:
        return None  # "On 23 September the Corps paddled …": the subject is not where the question needs it
    if words[0].casefold() == "there" and len(words) > 1 and words[1].casefold() not in language.AUXILIARIES \
            and not is_verb(words[1]):
        return None  # "There it built …" is a place before the subject, not "did There it build"
    for index, word in enumerate(words[1:10], start=1):  # a subject of up to nine words
        if "," in word or word.casefold() in language.CLAUSE_WORDS or words[0].casefold() in language.CLAUSE_WORDS:
            return None
        lower = word.casefold()
        subject = words[:index]
        if subject[0].casefold() in _DETERMINERS:
            subject[0] = subject[0].casefold()  # "was the station launched": only the sentence made it a capital
        if lower in language.AUXILIARIES:
            following = words[index + 1] if index + 1 < len(words) else ""
            if lower in ("has", "have", "had") and not is_participle(following):
                # "Villeneuve had [33] ships", "the city had a …": "did Villeneuve have" ("has" would need "does");
                # not "had also built", "had lost"
                owned = not following or following[0].isdigit() or following.casefold() in _DETERMINERS
                doing = {"had": "did", "has": "does"}.get(lower) if owned else None  # "Today's table has [118]"
                return None if doing is None else " ".join([doing, *subject, "have", *words[index + 1:]])
            being = following == "being" and index + 2 < len(words) and is_participle(words[index + 2])
            if passive_only and lower in ("am", "is", "are", "was", "were") and not _goes_with_verb(following) \
                    and not being:  # "A fleet was being gathered in [Denmark]"
                return None
            return " ".join([lower, *subject, *words[index + 1:]])
        if index + 1 < len(words) and words[index + 1] == "by" and lower not in language.AUXILIARIES:
            continue  # "A lawsuit brought by Gutenberg's partners' heirs speaks of": a participle, not its verb
        if is_verb(word) and words[index - 1].casefold() not in ("the", "a", "an"):  # "the damaged ship"
            if any(later.casefold() in language.AUXILIARIES or later.casefold() in language.IRREGULAR_PAST
                   for later in _until_a_clause(words[index + 1:])):
                return None  # "a screen coated with … began to glow": "coated" describes the subject
            base = language.base_of_past(word)
            return None if base is None else " ".join(["did", *subject, base, *words[index + 1:]])
    return None


def _until_a_clause(words: list[str]) -> list[str]:
    """The words up to one that opens a clause of its own ("that", "when", …)."""
    end = next((at for at, word in enumerate(words) if word.casefold() in language.CLAUSE_WORDS
                or word.casefold() in ("before", "after", "as", "once")), len(words))
    return words[:end]


#: Words that open a noun phrase, which only the sentence's start made capitals: "did each gate", "was the tower".
_DETERMINERS = frozenset("the a an this that these those its his her their each every some many most all both "
                         "several few no".split())


#: A name with a description beside it, as a clause's subject: "Mumtaz Mahal, the favourite wife of Shah Jahan, ".
_DESCRIBED_NAME = re.compile(r"([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*), ((?:a|an|the|who|which) [^,]+), ")


def _subject_with_aside(clause: str) -> re.Match[str] | None:
    """The clause's subject and the aside beside it (groups 1 and 2), when it opens with one: "Mumtaz Mahal, the
    favourite wife of Shah Jahan, died …", "Lincoln, who wanted …, signed …"; not "Harvey published his proof in
    1628, in a short Latin book, …" (a verb before the comma) nor an aside that is two clauses."""
    described = _DESCRIBED_NAME.match(clause) or _SUBJECT_ASIDE.match(clause)
    if described is None or has_verb(described.group(1)) \
            or any(word.casefold() in language.CLAUSE_WORDS for word in described.group(2).split()[1:]):
        return None
    return described


#: A subject with an aside between commas: a name beside its role, or where it ran ("the last shogun, Tokugawa
#: Yoshinobu, ", "Japan's first railway, from Shimbashi in Tokyo to the port of Yokohama, ").
_SUBJECT_ASIDE = re.compile(r"((?:[A-Z][\w’'-]*|the|a|an)(?: [\w’'-]+){0,5}), "
                            r"((?:a|an|the|from|in|at) [^,]+|[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)*), ", re.IGNORECASE)


_PARTICLES = frozenset("down up off out away back in on over later again there home".split())


def _goes_with_verb(word: str) -> bool:
    """Whether a phrase after this word tells about the verb: "splashed down in", "was launched in"."""
    return is_verb(word) or is_participle(word) or word.casefold() in _PARTICLES
