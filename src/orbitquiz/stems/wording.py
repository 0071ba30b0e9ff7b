"""How the stems read a sentence's wording: its words, its quotations, its verbs, plurals and years.

The tests every step shares (naming what a sentence refers back to, forming a question, making the blank), by
spelling alone; the word classes they rest on are in ``language``.
"""

from __future__ import annotations

import re

from orbitquiz import language

WORD = re.compile(r"[\w’'-]+")
OWN_CLAUSE_WORDS = 7  # "Charles Best, then 22, won." is too short to say what it is about
#: A year of our era as a text writes it ("1853"; not "1200 BC"): the one rule for the years a sentence names.
YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b(?! ?(?:BC|BCE)\b)")
#: The pronouns that stand for a person or thing named elsewhere.
PRONOUN_WORDS = frozenset("he she him his her it its they them their".split())
PRONOUN = re.compile(r"\b(?:he|she|him|his|her|it|its|they|them|their)\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    """The words of a text as the stems see them: "Armstrong’s", "Jean-François" and "1969" are one word each."""
    return WORD.findall(text)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def unquoted(text: str) -> str:
    """The text with what its quotations say blanked out, offsets kept: a name in a quotation names nobody outside
    it, and a pronoun in one is the speaker's."""
    if "“" not in text and '"' not in text:
        return text  # the common case: no quotation, nothing to search
    return re.sub(r"“[^”]*”?|\"[^\"]*\"", lambda match: " " * len(match.group()), text)


def inside_quotes(text: str) -> bool:
    """Whether ``text`` ends inside a quotation it opened."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def unquoted_person_pronoun(text: str) -> re.Match[str] | None:
    """The first he/she/him/his/her of ``text`` outside quotation marks."""
    depth = 0
    for match in _QUOTE_OR_PERSON_PRONOUN.finditer(text):
        mark = match.group()
        if mark == "“":
            depth += 1
        elif mark == "”":
            depth = max(0, depth - 1)
        elif mark == '"':
            depth = 1 - depth
        elif depth == 0:
            return match
    return None


_QUOTE_OR_PERSON_PRONOUN = re.compile(r"[“”\"]|\b(?:he|she|him|his|her)\b", re.IGNORECASE)


def is_verb(word: str) -> bool:
    lower = word.casefold().strip(".,")
    if lower in language.AUXILIARIES or lower in language.IRREGULAR_PAST:
        return True
    return len(lower) > 3 and lower.endswith("ed")


def is_participle(word: str) -> bool:
    lower = word.casefold()
    return lower in ("been", "born") or (lower.endswith(("ed", "en", "wn")) and lower not in _IRREGULAR_PLURALS) \
        or lower in language.IRREGULAR_PAST  # "the seventy men at the Lion Brewery": "men" is no participle


def has_verb(text: str) -> bool:
    """Whether a clause has a verb of its own (a clause cut to a fragment has none: "The stone, found at Rashid")."""
    return any(is_verb(word) for word in text.split())


def has_plural(text: str) -> bool:
    """Whether a text names more than one of something: "the astronauts", "women", "Banting, Best and Collip"."""
    return _NAMES_JOINED.search(text) is not None or any(
        word in _IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith("ss")
                                       and word not in _NOT_PLURAL)
        for word in re.findall(r"\b[a-z]+\b", text.casefold()))


_NAMES_JOINED = re.compile(r"\b[A-Z][\w-]+,? and [A-Z]")
_IRREGULAR_PLURALS = frozenset("men women children people".split())
#: Words ending in "s" that are no plural a "they" could stand for.
_NOT_PLURAL = frozenset("was has does this his its is as us thus plus yes always perhaps whereas across unless "
                        "towards besides afterwards sometimes onwards backwards forwards upwards downwards "
                        "outwards inwards".split())
