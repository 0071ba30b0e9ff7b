"""What orbitquiz knows of English: closed word classes and small tests on words, behind plain functions.

The generator asks these questions of a sentence ("is this word an auxiliary?", "is this type a kind of person?",
"is this a Roman numeral?") and never keeps word lists of its own, so the knowledge can be tested and replaced in
one place. Everything here is a closed class or a short list a reader can check; no model, no download.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final, Literal

#: Auxiliaries a question can be made by moving to the front: "The station was launched" -> "was the station launched".
AUXILIARIES = frozenset(
    "am is are was were has have had will would can could shall should may might must does did do".split())

#: Words that make a sentence's subject something said before: the stem then has to name it.
PERSONAL_PRONOUNS = {"he": "subject", "she": "subject", "him": "object", "his": "possessive", "her": "possessive"}
THING_PRONOUNS = {"it": "subject", "its": "possessive"}
PLURAL_PRONOUNS = {"they": "subject", "them": "object", "their": "possessive"}

#: Openings that place a sentence in time relative to the one before: (pattern, years after the last year named).
#: None: the years are in the pattern's group ("two years later"), or cannot be told ("some four centuries later");
#: DROP: no year can be named ("weeks later").
class _Drop(Enum):
    DROP = "drop"


DROP: Final = _Drop.DROP
TIME_ANAPHORS: tuple[tuple[re.Pattern[str], int | Literal[_Drop.DROP] | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), shift) for pattern, shift in (
        (r"(?:later|earlier) (?:that|the same|in the same) year,?\s*", 0),
        (r"(?:in )?(?:that|the same|that same) year,?\s*", 0),
        (r"at (?:that|the) time,?\s*", 0),
        (r"(?:the )?(?:following|next) year,?\s*", 1),
        (r"(?:the )?(?:previous year|year before),?\s*", -1),
        # "Twenty years later", "A decade later", "Some four centuries later" (which no year can be named for)
        (r"((?:(?:some|about|around|roughly|nearly|almost|over|more than|less than|just|only) )?"
         r"(?:a|an|one|\d+|[a-z]+(?:-[a-z]+)?) (?:years?|decades?|century|centuries)) (?:later|afterwards|on),?\s*",
         None),
        # with what "after" or "before" counts from, to its comma: "Three days after the Cape Town operation, "
        (r"(?:\w+ )?(?:hours?|days?|weeks?|months?) (?:later|earlier|(?:before|after)(?: [^,]{1,60},)?),?\s*", DROP),
        (r"(?:the )?(?:next|following|previous) (?:day|week|month|spring|summer|autumn|winter),?\s*", DROP),
        (r"(?:soon|shortly) (?:afterwards|after(?: [^,]{1,60},)?),?\s*", DROP),
        (r"(?:straight away|right away|at once|immediately),?\s*", DROP),  # after what? (review W)
    ))

#: Past tenses that do not end in "-ed", with their bare forms ("did she become ..."). "showed" is regular.
IRREGULAR_PAST = {
    "became": "become", "began": "begin", "beat": "beat", "bore": "bear", "brought": "bring", "built": "build",
    "bought": "buy", "came": "come", "caught": "catch", "chose": "choose", "did": "do", "drew": "draw",
    "drove": "drive", "ate": "eat", "fell": "fall", "felt": "feel", "fought": "fight", "found": "find",
    "flew": "fly", "forgot": "forget", "froze": "freeze", "gave": "give", "went": "go", "grew": "grow",
    "hung": "hang", "had": "have", "heard": "hear", "hid": "hide", "held": "hold", "hit": "hit", "kept": "keep",
    "knew": "know", "laid": "lay", "led": "lead", "left": "leave", "lent": "lend", "let": "let", "lay": "lie",
    "lit": "light", "lost": "lose", "made": "make", "meant": "mean", "met": "meet", "paid": "pay", "put": "put",
    "quit": "quit", "ran": "run", "rang": "ring", "rose": "rise", "said": "say", "saw": "see", "sought": "seek",
    "sold": "sell", "sent": "send", "set": "set", "shook": "shake", "shone": "shine", "shot": "shoot",
    "shut": "shut", "sang": "sing", "sank": "sink", "sat": "sit", "slept": "sleep", "spoke": "speak",
    "spent": "spend", "spun": "spin", "stood": "stand", "stole": "steal", "struck": "strike", "swam": "swim",
    "swore": "swear", "took": "take", "taught": "teach", "tore": "tear", "told": "tell", "thought": "think",
    "threw": "throw", "understood": "understand", "woke": "wake", "wore": "wear", "won": "win", "wrote": "write",
    "overtook": "overtake", "withdrew": "withdraw", "undertook": "undertake", "oversaw": "oversee",
    "broke": "break", "rode": "ride", "fled": "flee", "fed": "feed", "dug": "dig", "stuck": "stick",
    "swung": "swing", "blew": "blow", "arose": "arise", "forgave": "forgive", "bent": "bend", "dealt": "deal",
    "sped": "speed", "shed": "shed", "slid": "slide", "wept": "weep", "forbade": "forbid", "overcame": "overcome",
    "sprang": "spring", "strode": "stride", "strove": "strive", "wove": "weave", "shrank": "shrink",
    "crept": "creep", "swept": "sweep", "knelt": "kneel", "foresaw": "foresee", "upheld": "uphold",
    "cut": "cut", "spread": "spread", "cast": "cast", "burst": "burst", "split": "split",
}

_VOWELS = "aeiou"
#: Endings of a bare verb that keeps them before "-ed" with no "e" to restore: "launched", "wanted", "stayed".
_KEPT_ENDINGS = ("ch", "sh", "ck", "ll", "ss", "ff", "nd", "rd", "ld", "nt", "st", "rt", "lt", "ct", "pt", "ft",
                 "xt", "mp", "lp", "sk", "sp", "rm", "rn", "wn", "lm", "gn", "rk", "nk", "lk", "ow", "aw", "ew",
                 "ay", "ey", "oy", "er", "en", "rst", "sm", "wd")
#: Endings that lost an "e" before "-ed": "moved", "produced", "continued", "merged", "located", "cured".
_E_ENDINGS = ("v", "c", "u", "rg", "dg", "lg", "ir", "ur")


#: Regular past tenses the spelling rules below cannot tell, common in history writing.
_REGULAR_BUT_UNRULY = {"died": "die", "tied": "tie", "lied": "lie", "used": "use", "sued": "sue", "added": "add"}


def base_of_past(word: str) -> str | None:
    """The bare form of a past-tense verb ("stayed" -> "stay", "flew" -> "fly"), or None when spelling alone
    cannot tell ("created" -> create but "treated" -> treat; "visited" but "united"): then no question that needs
    "did" is made. Checked against lemminflect's lemmas in the tests."""
    lower = word.casefold()
    if lower in IRREGULAR_PAST:
        return IRREGULAR_PAST[lower]
    if lower in _REGULAR_BUT_UNRULY:
        return _REGULAR_BUT_UNRULY[lower]
    if not lower.isalpha() or not lower.endswith("ed") or len(lower) < 5:
        return None
    if lower.endswith("ied"):
        return lower[:-3] + "y"  # carried, studied
    if lower.endswith(("eed", "ued")):
        return lower[:-1]  # agreed, freed, sued, pursued, issued
    stem = lower[:-2]
    last, before = stem[-1], stem[-2]
    if last == before and last in "bgmnprt" and stem[-3] in _VOWELS:
        return stem[:-1]  # stopped, planned, admitted, occurred
    if stem.endswith(("ell", "oll")) and _syllables(stem) > 1:
        return stem[:-1]  # quarrelled, travelled, controlled: British English doubles the "l" (review W)
    if stem.endswith(_KEPT_ENDINGS) and not stem.endswith(("ng", "nc")):
        return stem
    if stem.endswith("our"):
        return stem  # honoured, coloured, favoured (British spelling)
    if stem.endswith("us") and _syllables(stem) > 1:
        return None  # "focused" but "amused"
    if stem.endswith(_E_ENDINGS) or (last in "sz" and before in _VOWELS):
        return stem + "e"  # moved, produced, argued, merged, cured, caused, raised, organized
    if stem.endswith("at") and not stem.endswith("eat") and _syllables(stem) > 1:
        return stem + "e"  # located, dominated (but "treated", "seated")
    if last not in _VOWELS and before in _VOWELS and stem[-3:-2] not in tuple(_VOWELS):
        # named, hoped, voted; "opened" cannot be told, but few verbs end in one vowel and "b" or "d" with no "e"
        # after it: described, decided, included, invaded, exploded
        return stem + "e" if _syllables(stem) == 1 or last in "bd" else None
    if stem.endswith("eat"):
        return None  # "created" but "treated"
    if stem.endswith("uad"):
        return stem + "e"  # persuaded, dissuaded: the "ua" is two syllables (review V: "persuad a guide")
    if before in _VOWELS and stem[-3:-2] in tuple(_VOWELS):
        return stem  # seemed, gained, joined, looked, claimed
    if last == "l" and before not in _VOWELS:
        return stem + "e"  # settled, handled, struggled
    return None


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


#: Fact types that name people: "Who ...?" asks for them and "he"/"she" may refer to them.
PERSON_TYPES = frozenset("""
    person people actor actress architect artist astronaut athlete author chemist commander composer cosmonaut
    cyclist director doctor emperor engineer explorer filmmaker founder general inventor king leader
    mathematician monarch musician painter philosopher physician physicist pilot player poet politician pope
    president queen rider ruler saint scientist senator singer writer biologist astronomer novelist playwright
    scholar officer soldier researcher nurse surgeon teacher student professor priest bishop captain admiral
    sailor explorer emperor empress pharaoh prince princess duke lord lady minister premier governor mayor judge
    lawyer banker merchant farmer designer builder manager coach runner swimmer footballer winner champion
    traveller traveler missionary monk nun knight warrior chief wrestler boxer printer publisher financier
    archbishop naturalist apothecary navigator sculptor photographer journalist editor patron
    regent curate vicar abbot baron chancellor ambassador diplomat dentist obstetrician patient interpreter
    guide climber mountaineer member trader settler colonist emir sultan shah tsar czar consul dictator
    reporter broadcaster correspondent geographer surveyor aviator
    """.split())
#: Endings of a type that names people whatever the word: "physicist", "historian", "bacteriologist",
#: "clergyman", "stateswoman".
_PERSON_ENDINGS = ("ist", "ian", "ologist", "man", "woman")

#: Types that name places: "Where ...?" asks for them after "in" or "at".
PLACE_TYPES = frozenset("place city country state region continent island river ocean sea lake mountain town".split())

#: Endings of nationality words: English, Chinese, Italian, American, French, Thai.
NATIONALITY_ENDINGS = ("ish", "ese", "ian", "an", "ch", "i")
#: Those of them that few place names share ("Milan", "Capri" end in the others).
_SURELY_NATIONALITY_ENDINGS = ("ish", "ese", "ian", "ch")

#: Titles written before a name ("Pope Benedict XVI", "Senator Mikulski"): a role, never a surname.
NAME_TITLES = frozenset("""
    pope saint st sir dame lord lady king queen prince princess emperor empress president senator governor
    mayor general admiral captain colonel commander doctor dr professor prof mr mrs ms miss father sister
    brother cardinal bishop archbishop rabbi imam chancellor minister judge justice
    """.split())
_GENERATIONAL = frozenset("jr jr. sr sr. junior senior".split())
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\Z")

#: Words that are never a role next to a name: function words and the verbs that follow a subject most often.
#: Prepositions: a phrase one opens ("In 1799, …") is no subject, and none of them is a role.
PREPOSITIONS = frozenset("""
    in on at by for from to with without into onto over under about after before during since until of as through
    across near along around throughout despite within beyond behind below above between among against toward
    towards upon via per like unlike except inside outside beside beneath underneath amid alongside
    """.split())
#: Words that start a clause of their own: a subject with one of them in it is not a plain noun phrase.
CLAUSE_WORDS = frozenset("when while if because that which who whom whose where although though since until "
                         "unless whether".split())

_NOT_ROLES = PREPOSITIONS | frozenset("""
    a an the and or but nor than that this these those which who whom whose what when where while is are was were be
    been being has have had do does did will would can could shall should may might must not no it its he she
    his her they their them we our you your i my me said says told added became become made went came took got
    gave left saw found also only just both all each every some any many much more most such there here then
    so very again later earlier first last next new old own same other another one two three four five six
    seven eight nine ten s instead too alone together abroad ahead afterwards once twice still yet even ever never
    nearby today now meanwhile off up down out away back
    """.split())

_MONTHS = ("january february march april may june july august september october november december").split()
MONTH_NAMES = frozenset(_MONTHS) | frozenset(month[:3] for month in _MONTHS) | {"sept"}

#: Qualifiers before a number that make a sentence true for every value on one side of it.
AT_LEAST = ("more than", "over", "at least", "upwards of", "in excess of", "no fewer than", "no less than")
AT_MOST = ("fewer than", "less than", "under", "up to", "at most", "no more than")
#: Qualifiers that make a sentence nearly true for values close to the number.
ROUGHLY = ("about", "around", "nearly", "almost", "roughly", "approximately", "some", "close to", "just over",
           "just under", "more or less")


#: Words that say what kind of natural feature or building a name is: "Uhuru Peak", "Mount Everest", "the Missouri
#: River", "the Necker Hospital", "St Paul's Cathedral", "the Smithsonian Institution".
FEATURE_WORDS = frozenset("""peak river mountains island islands lake mount bay desert glacier falls peninsula
    valley volcano strait hospital cathedral church abbey palace castle bridge institution institute""".split())


#: Words that are no name without the word after them: "Tower Bridge" is no "Tower".
_NO_NAME_ALONE = frozenset("tower new old great royal national city state grand central general main".split())


def without_feature_word(name: str) -> str | None:
    """A feature's name without the word for its kind ("Uhuru" of "Uhuru Peak", "Everest" of "Mount Everest",
    "Necker" of "Necker Hospital": review U), or None when it has none, nothing would be left, or what is left is a
    nationality or a common word ("British" of "British Hospital", "Tower" of "Tower Bridge")."""
    words = name.split()
    if len(words) < 2:
        return None
    if words[-1].casefold() in FEATURE_WORDS:
        nationality = words[0].endswith(_SURELY_NATIONALITY_ENDINGS)
        if len(words) == 2 and (nationality or words[0].casefold() in _NO_NAME_ALONE):
            return None
        return " ".join(words[:-1])
    if words[0].casefold() in ("mount", "lake"):
        return " ".join(words[1:])
    return None


def is_person_type(type_: str) -> bool:
    return type_ in PERSON_TYPES or (type_.endswith(_PERSON_ENDINGS) and type_ not in ("christian",))


def is_place_type(type_: str) -> bool:
    return type_ in PLACE_TYPES


def is_roman_numeral(word: str) -> bool:
    return bool(word) and _ROMAN.match(word) is not None


def is_name_title(word: str) -> bool:
    return word.casefold().rstrip(".") in NAME_TITLES


def surname(name: str) -> str | None:
    """The family name of a person's name: "Yulia Peresild" -> "Peresild"; None for "Benedict XVI", "Pope Pius" or
    "Alfred the Great".

    Titles before the name, Roman numerals and "Jr." after it are not surnames; a name of one word left has none.
    """
    words = name.split()
    while words and is_name_title(words[0]):
        words.pop(0)
    while words and (is_roman_numeral(words[-1]) or words[-1].casefold() in _GENERATIONAL):
        words.pop()
    if len(words) < 2 or any(is_roman_numeral(word) or word == "the" for word in name.split()):
        return None  # a regnal name ("Benedict XVI") or an epithet ("Constantine the Great") has no surname
    return words[-1].rstrip(",")


def could_be_role(word: str) -> bool:
    """Whether a word next to a name may say what kind of thing it is ("shuttle", "Pope", "module")."""
    plain = word.casefold().strip(".,;:!?“”\"'()")
    return (len(plain) > 2 and plain.isalpha() and plain not in _NOT_ROLES and plain not in MONTH_NAMES
            and not plain.endswith("ed") and not plain.endswith("ly"))


#: How many years a unit of time after a count is: "two decades" are twenty years.
YEARS_IN_UNIT = {"year": 1, "years": 1, "decade": 10, "decades": 10, "century": 100, "centuries": 100}


def indefinite_article(word: str) -> str:
    """The article a word takes as written, by its first letter: "an" before a vowel letter, else "a"; a number by
    how it is said: "an 8", "an 11", "an 18,000", "a 12"."""
    number = re.match(r"\d+", word.replace(",", ""))
    if number is not None:
        whole = number.group()
        said_with_eleven = len(whole) % 3 == 2 and whole[:2] in ("11", "18")  # eleven, eighteen (thousand …)
        return "an" if whole[0] == "8" or said_with_eleven else "a"
    return "an" if word[:1].casefold() in "aeiou" else "a"
