"""Plain text -> the spans worth asking about, each with a type: rules over words, cue nouns and closed sets.

No statistical tagger: the offline ones on the registries either need a corpus downloaded at run time (TextBlob
tokenises with NLTK's punkt) or none ships English models (spaCy). The rules below read what a news article marks
plainly: capitalised runs of words (typed by their head word, the noun before or after them, the title before them,
or a closed set), numbers and number words, years, months and weekdays, quoted titles of works, chemical elements,
and role nouns. People are typed by the role the article gives them, as a teacher splits a type by role.
Pronouns and other function words are never candidates: they come from language.py's closed classes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from orbitquiz import language
from orbitquiz import gazetteer


@dataclass(frozen=True, slots=True)
class Candidate:
    """A suggested span: where it is in the plain text, its type and the attributes it gets."""

    start: int
    end: int
    text: str
    type: str
    alias_of: str | None = None  # is=: the full name a surname stands for
    accept: tuple[str, ...] = field(default=())


# "_" is Markdown's emphasis, never part of a word (the reader drops it from answers).
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_](?:[^\W_]|[-'’](?=[^\W_]))*")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_EPITHETS = "Great|Elder|Younger|Conqueror|Confessor|Bold|Wise|Pious|Fair|Magnificent|Terrible|Navigator|Lionheart"
_SCALES = frozenset("hundred thousand million billion".split())
_NUMBER_WORDS = frozenset("""two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred""".split())
#: Lowercase words a capitalised run may hold inside: "Sea of Tranquility", "Leonardo da Vinci".
_CONNECTORS = frozenset("of de da di del von van der den la le du y".split())
#: Words that never start a name however they are written: every closed class orbitquiz knows, and sentence
#: openers that are no name ("Here", "Later", "Speaking" is caught by never being capitalised mid-sentence).
_NEVER = (language.PREPOSITIONS | language._NOT_ROLES | frozenset(language.PERSONAL_PRONOUNS)
          | frozenset(language.THING_PRONOUNS) | frozenset(language.PLURAL_PRONOUNS) | frozenset("""
    i we us you me my mine our ours yours himself herself itself themselves here there now then when while where
    why how if yet however although though because since meanwhile today tomorrow yesterday once after before
    later earlier still even perhaps maybe according speaking time
    """.split()))
_PRONOUNS = (frozenset(language.PERSONAL_PRONOUNS) | frozenset(language.THING_PRONOUNS)
             | frozenset(language.PLURAL_PRONOUNS) | frozenset("i we us you me my our your".split()))
#: Head words of a name that say what it names ("Pacific Ocean", "International Space Station").
_HEADS = {
    "ocean": "ocean", "sea": "place", "river": "river", "lake": "lake", "mountains": "mountain",
    "mountain": "mountain", "island": "island", "islands": "island", "station": "station",
    "center": "place", "centre": "place", "base": "place", "cosmodrome": "place", "spaceport": "place",
    "airport": "place", "park": "place", "square": "place", "bridge": "place", "point": "place", "corner": "place",
    "harbour": "place", "harbor": "place", "valley": "place", "desert": "desert", "bay": "place", "gulf": "place",
    "street": "street", "lane": "street", "avenue": "street",
    # Buildings by what they are: a teacher asks "which hospital", "which museum".
    "tower": "building", "house": "building", "palace": "building", "cathedral": "building", "church": "building",
    "abbey": "building", "building": "building", "hall": "building", "stadium": "building", "theatre": "building",
    "hospital": "hospital", "canal": "canal", "city": "city", "town": "place", "observatory": "observatory",
    "laboratory": "laboratory",
    "agency": "agency", "press": "agency", "news": "agency",
    "university": "university", "college": "organisation", "institute": "organisation",
    "museum": "museum", "library": "organisation", "company": "organisation", "corporation": "organisation",
    "association": "organisation", "society": "organisation", "council": "organisation",
    "committee": "organisation", "party": "organisation", "organisation": "organisation",
    "organization": "organisation", "foundation": "organisation", "bank": "organisation",
    "administration": "organisation", "prize": "prize", "award": "prize", "medal": "prize",
    "revolution": "event", "war": "event", "act": "law", "treaty": "treaty", "statue": "monument",
}
#: First words of a name that say what it names ("Cape Horn", "Mount Everest", "University of Oxford").
_FIRST_HEADS = {
    "cape": "place", "mount": "mountain", "lake": "lake", "university": "university", "gulf": "place",
    "bay": "place", "isle": "island", "port": "place", "fort": "place", "river": "river", "sea": "place",
    "strait": "place", "straits": "place", "kingdom": "country", "republic": "country", "empire": "country",
    "rio": "river", "río": "river", "nevado": "mountain", "monte": "mountain", "statue": "monument",
    "treaty": "treaty", "battle": "event", "teatro": "building", "palazzo": "building", "palacio": "building",
}
#: Nouns just before a name that say what it is: "the medical journal The Lancet", "his textbook Principles of
#: Chemistry", "the port of" is not one (a preposition follows).
_CUES_BEFORE = {
    "journal": "journal", "newspaper": "newspaper", "paper": "newspaper", "magazine": "magazine", "book": "title",
    "novel": "title",
    "textbook": "title", "poem": "title", "film": "title", "play": "title", "painting": "title", "song": "title",
    "album": "title", "opera": "title", "ship": "ship", "rocket": "rocket", "city": "city", "town": "town",
    "port": "port", "village": "place", "river": "river", "module": "spacecraft", "capsule": "spacecraft",
    "spacecraft": "spacecraft", "shuttle": "spacecraft", "lander": "spacecraft", "probe": "spacecraft",
    "genus": "genus", "species": "species",
}
#: Nouns that follow a name and say what it is ("the Soyuz rocket", "the Baikonur base", "news agency").
_CUES = {
    "rocket": "rocket", "module": "spacecraft", "capsule": "spacecraft", "spacecraft": "spacecraft",
    "spaceship": "spacecraft", "shuttle": "spacecraft", "lander": "spacecraft", "rover": "spacecraft",
    "probe": "spacecraft", "satellite": "spacecraft", "telescope": "spacecraft",
    "ship": "ship", "carrier": "ship", "vessel": "ship", "submarine": "ship", "liner": "ship",
    "aircraft": "aircraft", "plane": "aircraft", "airliner": "aircraft", "train": "vehicle", "car": "vehicle",
    "base": "place", "spaceport": "place", "cosmodrome": "place", "city": "city", "town": "place",
    "village": "place", "region": "place", "province": "place", "island": "island", "river": "river",
    "station": "station", "agency": "agency", "company": "organisation", "university": "university",
    "bacteria": "bacterium", "bacterium": "bacterium", "virus": "virus", "language": "language",
    "dynasty": "dynasty",
}
_SHIP_PREFIXES = frozenset("uss hms rms hmas mv ss".split())
#: Role nouns that make a fact worth asking ("Actress", "a veteran astronaut"): language's person types, less
#: words for anyone.
_NO_ROLES = frozenset("person people player winner student leader chief".split())
_ROLES = language.PERSON_TYPES - _NO_ROLES
_PLACE_PREPOSITIONS = frozenset("in at from near".split())
#: A title of a work in quotes: a few words, each capitalised or a short connector.
#: Punctuation inside the quotes (“Yes,” “Home.”) marks speech, not a title.
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,60}?)[”\"]")
_SMALL_WORDS = frozenset("a an the of and in on at to for with from by or".split())


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence


def find(plain: str, blocked: Sequence[tuple[int, int]] = (), kept: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """Candidates in ``plain``, in order, never overlapping each other, a ``blocked`` range (a heading, a link) or
    a ``kept`` one (a span the teacher already made).

    Kept spans are left out only at the end: every choice made on the way (the first mention of a nationality, the
    first two of a surname) is then the same whether or not an earlier suggestion is already a span, so
    suggesting for a suggested article adds nothing."""
    tokens = _tokens(plain)
    capitalised_inside = {t.text for t in tokens if not t.initial and t.text[:1].isupper()}
    lowercase = {t.text for t in tokens if t.text[:1].islower()}
    # Taken ranges, sorted and never overlapping once merged: a look-up is a bisection, so a long article stays
    # near linear (a scan of every range per candidate took 2.3 s for 30,000 words, growing with the square).
    starts: list[int] = []
    ends: list[int] = []
    found: list[Candidate] = []

    def free(start: int, end: int) -> bool:
        index = bisect.bisect_right(starts, start)
        if index and ends[index - 1] > start:
            return False
        return index == len(starts) or starts[index] >= end

    def take(start: int, end: int) -> None:
        index = bisect.bisect_right(starts, start)
        starts.insert(index, start)
        ends.insert(index, end)

    for start, end in sorted(blocked):  # merged first: a heading may hold a link
        if ends and start < ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)

    def add(candidate: Candidate) -> None:
        if candidate.end > candidate.start and free(candidate.start, candidate.end):
            take(candidate.start, candidate.end)
            found.append(candidate)

    for candidate in [*_dates(plain), *_titles(plain)]:
        add(candidate)
    names, roles_used = _names(plain, tokens, capitalised_inside, lowercase)
    for candidate in names:
        add(candidate)
    for candidate in _elements(tokens):
        add(candidate)
    for candidate in _numbers(plain, tokens):
        add(candidate)
    for token in tokens:  # role nouns: the first mention of each is kept (_first_mentions)
        if (token.text.casefold() in _ROLES or token.text.islower() and _is_role(token.text)) and \
                token.start not in roles_used:
            add(Candidate(token.start, token.end, token.text, "job"))
    found.sort(key=lambda c: c.start)
    found = _typed_by_role(found, plain)
    chosen = _first_mentions(_few_surnames(_once_per_speaker(_link_surnames(_one_type_per_name(found)), plain)))
    if not kept:
        return chosen
    kept = sorted(kept)
    kept_starts = [start for start, _ in kept]

    def outside(candidate: Candidate) -> bool:
        index = bisect.bisect_right(kept_starts, candidate.start)
        before = kept[index - 1] if index else None
        after = kept[index] if index < len(kept) else None
        return (before is None or before[1] <= candidate.start) and (after is None or after[0] >= candidate.end)

    return [c for c in chosen if outside(c)]


#: Roles of one kind, for an article whose people hold different ones each: a teacher types the bacteriologist, the
#: pathologist and the biochemist of one story all .scientist, so that their wrong options are each other.
_ROLE_FAMILIES = {role: family for family, roles in {
    "scientist": """scientist chemist physicist biochemist bacteriologist pathologist biologist physiologist astronomer
        mathematician naturalist geologist botanist zoologist researcher professor surgeon physician doctor""",
    "ruler": "king queen emperor empress pharaoh monarch ruler sultan tsar shah",
    "politician": "politician premier minister senator governor mayor chancellor president",
    "writer": "writer novelist poet playwright author diarist journalist",
    "artist": "artist painter sculptor",
    "explorer": "explorer navigator traveller traveler",
    "astronaut": "astronaut cosmonaut",
    "cyclist": "cyclist rider",
}.items() for role in roles.split()}
#: Verbs that end as role nouns do.
_VERBS_LIKE_ROLES = frozenset("consist persist subsist".split())
#: A title that is a role of its own: "Dr William Gorgas" is a doctor.
_TITLE_ROLES = {"dr": "doctor", "dr.": "doctor", "prof": "professor", "prof.": "professor"}
_DETERMINER = r"(?:the|a|an|its|his|her|their)"
_ROLE_AFTER = re.compile(r",\s+(?:one\s+of\s+)?" + _DETERMINER + r"\s+([^.,;:!?()“”\"\n]*)", re.IGNORECASE)
_ROLE_BEFORE = re.compile(r"(?:\b" + _DETERMINER + r"\s+(?:[^\W\d_][\w'’-]*\s+){0,2}([^\W\d_]+)"
                          r"(?:\s+(?:of|for)(?:\s+[^\W\d_]+){1,3})?,|([^\W\d_]+))\s+\Z",  # "the Minister for Public Works,"
                          re.IGNORECASE)
#: A plural role before a list of names: "Four riders have won the Tour five times: Jacques Anquetil, ...".
_ROLE_OF_LIST = re.compile(r"\b([^\W\d_]+s)\b[^.:;\n]{0,60}:[^.:;\n]*\Z")


def _is_role(word: str) -> bool:
    if (gazetteer.lookup(word) or ("",))[0] == "nationality":
        return False  # "the Colombian Senate": "-ian" makes no role of a nationality
    word = word.casefold()
    return word in _TITLE_ROLES or word in _ROLES or word in _ROLE_FAMILIES or \
        (len(word) >= 7 and word not in _VERBS_LIKE_ROLES and word not in _NO_ROLES and
         (language.is_person_type(word) or word.endswith("man")))  # "historian", "policeman", "fisherman"


def _role_beside(plain: str, candidate: Candidate) -> tuple[str, int] | None:
    """The role noun a person's name is given in its sentence, and where it is: "the bacteriologist [Alexander
    Fleming]", "an army engineer, [George Goethals]", "[David Gaillard], the engineer in charge"."""
    head = plain[max(0, candidate.start - 60):candidate.start]
    before = _ROLE_BEFORE.search(head)
    if before:
        group = 1 if before.group(1) else 2
        if _is_role(before.group(group)):
            return before.group(group).casefold(), candidate.start - len(head) + before.start(group)
    after = _ROLE_AFTER.match(plain, candidate.end)
    if after:
        at = after.start(1)
        for word in after.group(1).split()[:4]:
            single = word[:-1] if word.endswith("s") and _is_role(word[:-1]) else word  # "one of his engineers"
            if _is_role(single):
                return single.casefold(), plain.index(word, at)
    listed = _ROLE_OF_LIST.search(plain, max(0, candidate.start - 200), candidate.start)
    if listed and _is_role(listed.group(1)[:-1]) and re.fullmatch(r"[^,]*(?:,[^,]*){0,4}", plain[
            plain.index(":", listed.end(1)) + 1:candidate.start]):
        return listed.group(1)[:-1].casefold(), listed.start(1)
    return None


def _typed_by_role(found: list[Candidate], plain: str) -> list[Candidate]:
    """People typed by the role the article gives them, as a teacher splits a type by role: a role held by two
    people or more is their type (.chemist, .engineer); a role held by one alone takes its family's name when
    others of the family are there (.scientist); else the person stays .person (a title stays: "King George III" is
    .king). A role noun that became a type is no fact of its own."""
    roles: dict[str, tuple[str, int | None]] = {}  # name -> role, where the role word is (None: a title)
    for candidate in found:
        if not _is_person(candidate.type) or candidate.text in roles:
            continue
        if candidate.type != "person":  # a title before the name: "President Nixon"
            roles[candidate.text] = (candidate.type, None)
            continue
        beside = _role_beside(plain, candidate)
        if beside is not None:
            role, at = beside
            roles[candidate.text] = (_TITLE_ROLES.get(role, role), at)
    held: dict[str, int] = {}
    for role, _ in roles.values():
        held[role] = held.get(role, 0) + 1
        if role in _ROLE_FAMILIES and _ROLE_FAMILIES[role] != role:
            held[_ROLE_FAMILIES[role]] = held.get(_ROLE_FAMILIES[role], 0) + 1
    types: dict[str, str] = {}
    absorbed: set[int] = set()  # role words now said by a type
    for name, (role, role_at) in roles.items():
        family = _ROLE_FAMILIES.get(role)
        if held[role] >= 2:
            types[name] = role
        elif family is not None and held.get(family, 0) >= 2:
            types[name] = family
        elif role_at is None or language.is_name_title(role):  # "King George III", "the king, Charles II"
            types[name] = role
        else:
            continue
        if role_at is not None:
            absorbed.add(role_at)
    out = []
    for candidate in found:
        if candidate.type == "job" and candidate.start in absorbed:
            continue
        type_ = types.get(candidate.text)
        out.append(candidate if type_ is None or type_ == candidate.type else replace(candidate, type=type_))
    return out


#: Types asked once an article: a nationality or a role said again is an adjective or a noun, not a new fact.
_ONCE = ("nationality", "job")


def _first_mentions(found: list[Candidate]) -> list[Candidate]:
    said: dict[tuple[str, str], int] = {}
    kept = []
    for candidate in found:
        if candidate.type in _ONCE or _is_name_of_thing(candidate):
            key = (candidate.type, candidate.text.casefold())
            said[key] = said.get(key, 0) + 1
            if said[key] > (1 if candidate.type in _ONCE else _THING_MENTIONS):
                continue
        kept.append(candidate)
    return kept


_THING_MENTIONS = 2


def _is_name_of_thing(candidate: Candidate) -> bool:
    """A place's, a craft's or an organisation's name (not a person's, a number or a date): asked where it is first
    named; "Paris" said five times is one fact a teacher asks once."""
    return not _is_person(candidate.type) and candidate.type not in ("number", "year", "date", "name")


def _tokens(plain: str) -> list[_Token]:
    tokens = []
    for match in _WORD.finditer(plain):
        start = match.start()
        # Opening and closing quotes, brackets and Markdown marks stand between a sentence's end and its first word.
        before = plain[max(0, start - 12):start].rstrip(" \t“”\"‘’'()[]*_#>-\ue000")
        initial = not before or before[-1] in ".!?:\n" or before.endswith("\n")
        tokens.append(_Token(start, match.end(), match.group(), initial))
    return tokens


_MONTH = "(?:" + "|".join(gazetteer.MONTHS) + ")"
_FULL_DATE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\b")


def _dates(plain: str) -> list[Candidate]:
    """Whole dates with a day, a month and a year ("5 January 1066", "July 20, 1969"): one .date fact, whose wrong
    options are real dates in the same form. A day and a month alone stay a number and a month."""
    from orbitquiz.dates import parse_date

    found = []
    for match in _FULL_DATE.finditer(plain):
        written = parse_date(match.group())
        if written is not None and written.day and written.year:
            found.append(Candidate(match.start(), match.end(), match.group(), "date"))
    return found


def _titles(plain: str) -> list[Candidate]:
    """Titles of works in quotes: “Serf”, “The Challenge”: short, every word capitalised or a small word."""
    found = []
    for match in _QUOTED.finditer(plain):
        text = match.group(1).strip()
        words = text.split()
        if not words or len(words) > 6 or not words[0][:1].isupper() or text.casefold() in _NEVER or \
                (len(words) > 1 and words[0].endswith("ed")):  # "Presented by King George III": an inscription
            continue
        if all(w[:1].isupper() or w[:1].isdigit() or w in _SMALL_WORDS for w in words) and \
                not any(ch in text for ch in ".!?;,") and not _SPEECH_AFTER.match(plain, match.end()):
            start = match.start(1) + match.group(1).index(text)
            found.append(Candidate(start, start + len(text), text, "title"))
    return found


#: An article that names this many elements is about chemistry: its elements are facts. Elsewhere "iron", "lead"
#: or "gold" is a material.
_ELEMENTS_OF_CHEMISTRY = 3
_ELEMENT_NAMES = frozenset(gazetteer.ELEMENTS)


def _elements(tokens: list[_Token]) -> list[Candidate]:
    """Chemical elements named in an article that names several: "gallium", "Argon"."""
    named = [t for t in tokens if t.text.casefold() in _ELEMENT_NAMES]
    if len({t.text.casefold() for t in named}) < _ELEMENTS_OF_CHEMISTRY:
        return []
    return [Candidate(t.start, t.end, t.text, "element", accept=gazetteer.ELEMENT_SPELLINGS.get(t.text.casefold(), ()))
            for t in named]


def _runs(plain: str, tokens: list[_Token]) -> list[list[_Token]]:
    """Runs of capitalised words joined by single spaces (initials and a connector allowed inside)."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        word = token.text
        gap = plain[current[-1].end:token.start] if current else ""
        # An initial joins the next word ("John F. Kennedy"), but not a new sentence ("Ptolemy V. It was").
        joined = bool(current) and (gap == " " or (gap == ". " and len(current[-1].text) == 1
                                                   and word.casefold() not in _NEVER))
        capital = word[:1].isupper()
        # "Apollo 11", "Saturn V"; but not "July 1969" (a month and a year) or "In 1961".
        follows_name = joined and (word.isdigit() or language.is_roman_numeral(word)) and \
            gazetteer.lookup(current[-1].text) is None and current[-1].text.casefold() not in _NEVER
        # "Pliny the Elder", "William the Conqueror": an epithet is part of the name.
        epithet = joined and word == "the" and bool(current) and current[-1].text[:1].isupper() and \
            re.match(r" the (?:" + _EPITHETS + r")\b", plain[current[-1].end:current[-1].end + 20]) is not None
        if capital or follows_name or (joined and word in _CONNECTORS) or epithet:
            if current and not joined:
                runs.append(current)
                current = []
            if not current and not capital:
                continue
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in runs:
        while run and run[-1].text in _CONNECTORS:
            run.pop()
    return [r for r in runs if r]


def _split_of_place(run: list[_Token]) -> list[list[_Token]]:
    """"Eddy Merckx of Belgium" is a person and a country: a run is cut before an "of" that leads to a closed-set
    place, unless what comes before names a kind of place ("Gulf of Mexico", "University of Oxford")."""
    for index in range(len(run) - 2, 0, -1):
        if run[index].text == "of":
            head = run[index - 1].text.casefold()
            first = run[0].text.casefold()
            tail = " ".join(t.text for t in run[index + 1:])
            known = gazetteer.lookup(tail)
            if known and known[0] in ("country", "city", "state", "continent") and head not in _HEADS \
                    and first not in _FIRST_HEADS:
                return [run[:index], run[index + 1:]]
    return [run]


def _names(plain: str, tokens: list[_Token], capitalised_inside: set[str],
           lowercase: set[str]) -> tuple[list[Candidate], set[int]]:
    """Names from capitalised runs, typed; and the starts of role words used as a title before a name."""
    found: list[Candidate] = []
    roles_used: set[int] = set()
    runs = [part for whole in _runs(plain, tokens) for part in _split_of_place(whole)]
    runs.reverse()  # a stack: a run cut in two puts its parts back
    while runs:
        run = runs.pop()
        role = None
        # A sentence's first word is capitalised anyway: it starts a name only if it is one elsewhere too.
        # A closed-class word starts no name at a sentence's start ("The Eiffel Tower is"), but inside a sentence
        # it is part of one ("in New York City"), unless it is a pronoun.
        while run and ((run[0].text.casefold() in _NEVER and not _dated_may(plain, run[0])
                        and (run[0].initial or len(run) == 1 or run[0].text.casefold() in _PRONOUNS)) or
                       (run[0].initial and len(run) > 1 and run[0].text.casefold() in lowercase)):
            if run[0].text.casefold() in _ROLES:
                role = run[0].text
                if language.is_name_title(role) and len(run) > 1:  # "King George III": no .job "King"
                    roles_used.add(run[0].start)
            run = run[1:]
        named_place = bool(run) and run[-1].text.casefold() in _HEADS  # "St Mary's Hospital": the title is the name's
        while run and (language.is_name_title(run[0].text) or run[0].text.casefold() in _ROLES) and len(run) > 1 \
                and not named_place and run[0].text.casefold() not in _SAINT:
            role = run[0].text
            if language.is_name_title(role):  # "President Nixon": a title, no fact of its own ("Actress" is one)
                roles_used.add(run[0].start)
            run = run[1:]
        if not run or run[0].text in _CONNECTORS:  # "the Duke of York" has no name "of York"
            continue
        # "The American Greg LeMond", "in German X-rays are": a nationality before a name is a word of its own; but
        # "British Museum", "French Revolution" are names whole.
        if len(run) > 1 and ((gazetteer.lookup(run[0].text) or ("",))[0] == "nationality" or
                             run[0].text.casefold() in _DEMONYM_NOUNS) and \
                run[-1].text.casefold() not in _HEADS and gazetteer.lookup(" ".join(t.text for t in run)) is None:
            runs.extend([run[1:], run[:1]])
            continue
        if role is not None and len(run) == 1 and (run[0].text.casefold() in _ROLES or
                                                   language.is_name_title(run[0].text)):
            continue  # "The Lord Mayor": two titles, nobody named
        run = _country_of(run)
        start, end = run[0].start, run[-1].end
        text = plain[start:end]
        saints = run[0].text.casefold() in _SAINT and len(run) > 1
        for suffix in ("’s", "'s"):
            if text.endswith(suffix) and not saints:
                text, end = text[: -len(suffix)], end - len(suffix)
        if saints and text.endswith(("’s", "'s")):  # "St Paul's", "St Mary's": a church called after its saint
            found.append(Candidate(start, end, text, "building"))
            continue
        if not text or (text.casefold() in _NEVER and not _dated_may(plain, run[0])):
            continue
        type_ = _type_of(plain, run, text, start, end, role, capitalised_inside, lowercase)
        if type_ is None:
            continue
        if type_ == "prize":  # "the Nobel Prize in Physiology or Medicine"
            field = _PRIZE_FIELD.match(plain, end)
            if field:
                end = field.end()
                text = plain[start:end]
        found.append(Candidate(start, end, text, type_, accept=_accepted(text, type_)))
    return found, roles_used


#: Last words of a capitalised run that make it no person's name.
_NOT_NAME_ENDS = frozenset("year years day days week month century age era period site list road route way line"
                           .split())
#: Capitals alone, four or more: an organisation's initials ("UNESCO"); three ("DNA", "BBC") are as often things.
_ACRONYM = re.compile(r"[A-Z]{4,}")
#: Nouns for a nation's people, before a name as a nationality is: "the Spaniard Miguel Induráin".
_DEMONYM_NOUNS = frozenset("""spaniard frenchman frenchwoman englishman englishwoman briton scot welshman irishman
    dutchman dutchwoman swede dane finn pole turk""".split())
_SAINT = frozenset("st st. saint".split())
_PRIZE_FIELD = re.compile(r" (?:in|for) [A-Z][^\W\d_]+(?: (?:or|and) [A-Z][^\W\d_]+)?")
#: Words before a country's or a continent's name that make a region of it ("Central Asia") ...
_COMPASS = frozenset("central north south east west northern southern eastern western upper lower".split())
#: ... or only say which time or regime of it ("Nazi Germany" is Germany).
_ERA_WORDS = frozenset("nazi imperial ancient medieval modern colonial soviet communist occupied".split())


def _country_of(run: list[_Token]) -> list[_Token]:
    """A country or a continent with a word of time or regime before it is that country: "Nazi Germany" ->
    "Germany". A region of one ("Central Asia") stays whole and is typed a place."""
    if len(run) == 2 and run[0].text.casefold() in _ERA_WORDS:
        known = gazetteer.lookup(run[1].text)
        if known and known[0] in ("country", "continent"):
            return run[1:]
    return run


def _type_of(plain: str, run: list[_Token], text: str, start: int, end: int, role: str | None,
             capitalised_inside: set[str], lowercase: AbstractSet[str] = frozenset()) -> str | None:
    known = gazetteer.lookup(text)
    words = text.split()
    after = _next_words(plain, end, 2)
    before = _previous_words(plain, start, 2)
    if known is None or known[0] == "city":  # what the article says it is wins over a town of the same name
        if before[-1:] and before[-1] in _CUES_BEFORE and plain[start - 1:start] == " " and \
                (len(words) > 1 or not run[0].initial):
            return _CUES_BEFORE[before[-1]]  # "the command module Columbia", "the medical journal The Lancet"
        if before[-1:] in (["called"], ["named"]) or before[-2:] in (["called", "the"], ["named", "the"]):
            cue = _cue_before(plain, start)
            if cue is not None or known is None:
                return cue
    if known is not None:
        if known[0] == "month" and text == "May" and not _beside_number(plain, start, end):
            return None  # "May" is also a verb
        return known[0]
    if words[0].casefold() in _SHIP_PREFIXES and len(words) > 1:
        return "ship"
    if len(words) == 2 and words[0].casefold() in _COMPASS and (gazetteer.lookup(words[1]) or ("",))[0] in \
            ("country", "continent"):
        return "place"  # "Central Asia", "Northern Europe"
    if len(words) > 1 and words[-1].casefold() in _HEADS:
        return _HEADS[words[-1].casefold()]
    if len(words) > 1 and words[0].casefold() in _FIRST_HEADS:
        return _FIRST_HEADS[words[0].casefold()]
    cue = next((_CUES[w] for w in after if w in _CUES), None)
    if cue is not None:
        return cue
    if role is not None:
        kind = role.casefold()
        return kind if language.is_name_title(kind) and kind in language.PERSON_TYPES else "person"
    if before[-1:] == ["aboard"] or before[-2:] == ["aboard", "the"]:
        return "craft"
    if before[-1:] in (["called"], ["named"]) or before[-2:] in (["called", "the"], ["named", "the"]):
        return _cue_before(plain, start)
    the = before[-1:] == ["the"]
    if len(words) == 1:
        if run[0].initial and text not in capitalised_inside:
            return None  # only ever capitalised at a sentence's start: a common word
        if before[-1:] and _is_role(before[-1]) and plain[start - 1:start] == " ":
            return "person"  # "the emperor Justinian", "the monk Xuanzang"
        if _ACRONYM.fullmatch(text) and not language.is_roman_numeral(text):
            return "organisation"  # "UNESCO", "NASA"
        if the:
            return None  # "the Moon", "the Eagle": no telling what it is
        if before[-1:] and before[-1] in _PLACE_PREPOSITIONS:
            return "place"
        return "name"  # typed later from another mention (a surname, a place named twice) or dropped
    if the:
        return "place" if len(before) > 1 and before[-2] in _PLACE_PREPOSITIONS else None
    names = [w for w in words if w not in _CONNECTORS and w != "the"]  # "Guy de Maupassant", "Pliny the Elder"
    if re.sub(r"['’]s\Z", "", words[0]).casefold() in lowercase or words[-1].casefold() in _NOT_NAME_ENDS:
        return None  # "Silk Road", "World Heritage Site", "International Year": a common noun inside, no person
    if all(w[:1].isupper() and (re.sub(r"[-'’]", "", w).isalpha() or (len(w) == 2 and w.endswith(".")))
           for w in names) and len(words) <= 4:  # "Jean-François Champollion", "Sean O'Brien"
        return "person"
    return None


def _cue_before(plain: str, start: int) -> str | None:
    """The kind of thing named after "called": the nearest cue noun before it in the sentence."""
    sentence_start = max(plain.rfind(".", 0, start), plain.rfind("\n", 0, start), plain.rfind(",", 0, start))
    for word in reversed(plain[sentence_start + 1:start].casefold().split()):
        if word in _CUES:
            return _CUES[word]
    return None


def _next_words(plain: str, end: int, count: int) -> list[str]:
    rest = plain[end:end + 60]
    if not rest[:1].isspace():
        return []
    words = []
    for word in rest.split()[:count]:
        bare = word.strip(".,;:!?”’\")").casefold()
        words.append(bare)
        if bare != word.casefold():
            break  # punctuation ends the phrase
    return words


def _previous_words(plain: str, start: int, count: int) -> list[str]:
    head = plain[max(0, start - 60):start]
    if head and not head[-1:].isspace():
        return []
    words = head.split()[-count:]
    out: list[str] = []
    for word in reversed(words):
        bare = word.strip(".,;:!?“”‘’\"(").casefold()
        if bare != word.casefold() and out:
            break
        out.insert(0, bare)
        if bare != word.casefold():
            break
    return out


def _dated_may(plain: str, token: _Token) -> bool:
    """"May" is a month beside a day or a year ("3 May 1990"), else the verb ("The crew May leave")."""
    return token.text == "May" and _beside_number(plain, token.start, token.end)


def _beside_number(plain: str, start: int, end: int) -> bool:
    return bool(re.match(r"\s+\d", plain[end:end + 3]) or re.search(r"\d\s+\Z", plain[max(0, start - 3):start]))


def _accepted(text: str, type_: str) -> tuple[str, ...]:
    """Other forms a student may type: a country's other names, "Saturn 5" for "Saturn V", "Salyut 7" for
    "Salyut-7", an organisation's initials, "Pacific" for "Pacific Ocean"."""
    forms: list[str] = []
    if type_ == "country":
        forms.extend(gazetteer.other_names(text)[:3])
    words = text.split()
    if len(words) > 1 and language.is_roman_numeral(words[-1]) and type_ not in ("person",) and \
            not language.is_person_type(type_):
        value = _roman_value(words[-1])
        if value:
            forms.append(" ".join(words[:-1] + [str(value)]))
    if re.fullmatch(r"[^\W\d_]+-\d+", text):
        forms.append(text.replace("-", " "))
    if type_ in ("station", "agency", "organisation") and len(words) > 1 and \
            not any(w in _CONNECTORS for w in words):  # "University of Oxford" goes by no "UO"
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(initials) > 1:
            forms.append(initials)
    if type_ in ("ocean", "river", "lake") and len(words) > 1 and words[-1].casefold() == type_:
        forms.append(" ".join(words[:-1]))
    return tuple(dict.fromkeys(f for f in forms if f != text))


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for index, char in enumerate(numeral):
        value = values[char]
        total += -value if index + 1 < len(numeral) and values[numeral[index + 1]] > value else value
    return total


def _numbers(plain: str, tokens: list[_Token]) -> list[Candidate]:
    """Numbers written in digits or words, and years: the number alone, its unit left in the sentence."""
    found = []
    for index, token in enumerate(tokens):
        word = token.text
        if _DIGITS.fullmatch(word):
            # Part of a code or a fraction ("2/3", "v1.2.3"), or a signed value: left alone.
            after, before = plain[token.end:token.end + 1], plain[token.start - 1:token.start] if token.start else ""
            if after in ("/", ":") or after.isalpha() or before in ("/", "-", ":") or before.isalpha():
                continue  # part of a code, a fraction or a time ("2/3", "B52", "2J")
            if re.fullmatch(r"\d{4}", word) and 1000 <= int(word) <= 2100 or _early_year(plain, token):
                found.append(Candidate(token.start, token.end, word, "year"))
            else:
                found.append(Candidate(token.start, token.end, word, "number"))
        elif word.casefold() in _NUMBER_WORDS or word.casefold() == "one" and index + 1 < len(tokens) and \
                tokens[index + 1].text.casefold() in _SCALES:
            if index and tokens[index - 1].text.casefold() in _NUMBER_WORDS | {"one", "a"} and \
                    plain[tokens[index - 1].end:token.start] == " ":
                continue  # "fifteen hundred": taken with the word before
            last = index
            while last + 1 < len(tokens) and tokens[last + 1].text.casefold() in _SCALES and \
                    plain[tokens[last].end:tokens[last + 1].start] == " ":
                last += 1  # "fifteen hundred", "one hundred", "two million"
            following = tokens[last + 1] if last + 1 < len(tokens) else None
            if following is not None and plain[tokens[last].end:following.start] == " " and \
                    following.text.isalpha() and following.text.casefold() not in _NEVER:
                found.append(Candidate(token.start, tokens[last].end, plain[token.start:tokens[last].end],
                                       "number"))
    return found


_ERA_AFTER = re.compile(r" (?:BC|BCE|AD|CE)\b")
_YEAR_BEFORE = re.compile(r"(?:\b(?:[Ii]n|[Bb]y|until|since|from|to)(?: about| around| c\.)?|\bAD) \Z")


def _early_year(plain: str, token: _Token) -> bool:
    """A year before 1000: beside an era ("196 BC", "AD 79"), or after "in" and before the clause ends ("in 751,")."""
    if not re.fullmatch(r"\d{1,4}", token.text):
        return False
    if _ERA_AFTER.match(plain, token.end) or plain[max(0, token.start - 3):token.start] == "AD ":
        return True
    return len(token.text) == 3 and _YEAR_BEFORE.search(plain, max(0, token.start - 16), token.start) is not None \
        and re.match(r"[.,;:)]|\s*\Z|\n| and \d| to \d", plain[token.end:token.end + 6]) is not None


_SPEECH = r"(?:said|says|say|told|tells|added|adds|asked|asks|explained|explains|confided|replied|recalled|wrote)"
_QUOTE_BEFORE = re.compile(r"[”\"]\s*,?\s*(?:" + _SPEECH + r"\s+)?(?:the\s+)?\Z")
_SPEECH_AFTER = re.compile(r"\s+" + _SPEECH + r"\b")
_SPEECH_THEN_QUOTE = re.compile(r"\s+" + _SPEECH + r"\b[^“”\"\n]{0,30}[“\"]")


def _once_per_speaker(found: list[Candidate], plain: str) -> list[Candidate]:
    """A person named in a quotation's speaker attribution ("…,” said Armstrong; Armstrong said: “…”) is tagged
    there once: every later attribution to the same person would ask the same thing about each quotation."""
    seen: set[str] = set()
    kept = []
    for candidate in found:
        if _is_person(candidate.type) and _attributes_speech(plain, candidate):
            who = candidate.alias_of or candidate.text
            if who in seen:
                continue
            seen.add(who)
        kept.append(candidate)
    return kept


def _attributes_speech(plain: str, candidate: Candidate) -> bool:
    before, after = plain[max(0, candidate.start - 40):candidate.start], plain[candidate.end:candidate.end + 60]
    quoted_before = _QUOTE_BEFORE.search(before) is not None
    return (quoted_before and (_SPEECH_AFTER.match(after) is not None or re.search(_SPEECH + r"\s+\Z", before)
                               is not None)) or _SPEECH_THEN_QUOTE.match(after) is not None


def _one_type_per_name(found: list[Candidate]) -> list[Candidate]:
    """The same name has one type in one article: the first typed mention's. A name no rule could type
    ("name") takes the type of another mention, or is dropped."""
    types: dict[str, str] = {}
    for candidate in found:
        if candidate.type != "name":
            types.setdefault(candidate.text, candidate.type)
    out = []
    for candidate in found:
        type_ = types.get(candidate.text)
        if type_ is None:
            if candidate.type != "name":
                out.append(candidate)
            continue
        out.append(candidate if candidate.type == type_ else replace(candidate, type=type_))
    return [c for c in out if c.type != "name"] + [c for c in _surname_mentions(found, types)]


def _surname_mentions(found: list[Candidate], types: dict[str, str]) -> list[Candidate]:
    """Single untyped words that are a person's surname: kept as "name" here, typed by _link_surnames."""
    people = {language.surname(c.text) for c in found if _is_person(c.type)} - {None}
    return [c for c in found if c.type == "name" and c.text not in types and c.text in people]


def _is_person(type_: str) -> bool:
    return type_ == "person" or language.is_person_type(type_)


_SURNAME_MENTIONS = 2


def _few_surnames(found: list[Candidate]) -> list[Candidate]:
    """A surname linked to its full name is kept at its first _SURNAME_MENTIONS mentions: a surname said five
    times would ask about the same person five times."""
    linked: dict[str, int] = {}
    kept = []
    for candidate in found:
        if candidate.alias_of is not None and candidate.alias_of != candidate.text:
            linked[candidate.alias_of] = linked.get(candidate.alias_of, 0) + 1
            if linked[candidate.alias_of] > _SURNAME_MENTIONS:
                continue
        kept.append(candidate)
    return kept


def _link_surnames(found: list[Candidate]) -> list[Candidate]:
    """A surname alone gets the person's type and is= the full name (when one person in the article has that
    surname)."""
    full_names: dict[str, set[str]] = {}
    types: dict[str, str] = {}
    for candidate in found:
        if _is_person(candidate.type):
            last = language.surname(candidate.text)
            if last and last != candidate.text:
                full_names.setdefault(last, set()).add(candidate.text)
                types.setdefault(last, candidate.type)
    out = []
    for candidate in sorted(found, key=lambda c: c.start):
        names = full_names.get(candidate.text)
        if names is not None and len(names) == 1:
            out.append(replace(candidate, type=types[candidate.text], alias_of=next(iter(names))))
        elif candidate.type != "name":
            out.append(candidate)
    return out
