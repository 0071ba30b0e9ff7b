"""Lenient grading of typed answers, and the normalisation every comparison in orbitquiz goes through.

What does not matter: case, accents, punctuation, surrounding or repeated spaces, curly quotes, a leading
"the/a/an", digits against English number words. Small typos are forgiven by Damerau-Levenshtein distance
(rapidfuzz), except in numbers and when the response is itself another answer of the same type in the pack.
"""

from __future__ import annotations

import re
import string
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from orbitquiz.model import NUMERIC_TYPES, AnswerKey, Question, Verdict

ARTICLES = frozenset({"the", "a", "an"})
_ASCII_PUNCTUATION = str.maketrans({c: " " for c in string.punctuation})
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_POINT = "\uf8ff"  # a private-use character stands in for a decimal point while punctuation is removed
_NUMERAL = re.compile(r"\s*([-+−]?)\s*(\d[\d,]*(?:\.\d+)?)\s*\Z")


@lru_cache(maxsize=65536)
def normalize(text: str, *, keep_accents: bool = False) -> str:
    """The form answers are compared in: casefolded, unaccented, punctuation-free, single-spaced, no article."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DECIMAL_POINT.sub(_POINT, _THOUSANDS.sub("", text)).casefold()
    if not keep_accents:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if text.isascii():
        text = text.translate(_ASCII_PUNCTUATION)
    else:
        # Punctuation, symbols, separators and control characters all separate words.
        text = "".join(" " if c != _POINT and unicodedata.category(c)[0] in "PSZC" else c for c in text)
        text = unicodedata.normalize("NFC", text)
    words = text.replace(_POINT, ".").split()
    while len(words) > 1 and words[0] in ARTICLES:
        del words[0]
    return " ".join(words)


def as_number(text: str) -> Decimal | None:
    """The value of a numeral such as "12", "-3.5" or "1,000" (not of number words)."""
    match = _NUMERAL.match(text)
    if not match:
        return None
    try:
        value = Decimal(match.group(2).replace(",", ""))
    except InvalidOperation:
        return None
    return -value if match.group(1) in ("-", "−") else value


@lru_cache(maxsize=4096)
def number_words(value: Decimal) -> str:
    """English words for a number, normalised: 21 → "twenty one", 3.5 → "three point five"."""
    from num2words import num2words  # imported on first use: only fill-in answers with numbers need it

    return _spoken(num2words(value if value != value.to_integral_value() else int(value), lang="en"))


def _spoken(text: str) -> str:
    """Number words compared without "and": "one hundred and one" = "one hundred one"."""
    return " ".join(word for word in normalize(text).split() if word != "and")


@lru_cache(maxsize=1)
def _spelled_numbers() -> dict[str, int]:
    return {number_words(Decimal(n)): n for n in range(1001)}


def spelled_number(text: str) -> int | None:
    """The value of English number words from zero to one thousand: "twenty-one" → 21."""
    return _spelled_numbers().get(_spoken(text))


def spell_number(value: int) -> str:
    """A whole number in English words as people write them: 21 → "twenty-one"."""
    from num2words import num2words

    return num2words(value, lang="en")


def typo_allowance(answer: str) -> int:
    """How many edits a typed answer of this (normalised) length may have and still count."""
    length = len(answer)
    return 0 if length < 4 else 1 if length <= 8 else 2


def grade(question: Question, response: str) -> Verdict:
    """Judge a response: an option's text for multiple choice, whatever was typed for fill-in."""
    if question.kind == "choice":
        return _grade_choice(question, response)
    return _grade_fill(question, response)


def _grade_choice(question: Question, response: str) -> Verdict:
    key = next((k for k in question.keys if k.text == response), None)
    if key is not None:
        return _keyed(question, key, "exact")
    right = response == question.answer
    if not right and response not in question.options:
        return Verdict(False, "not one of the options", question.answer)
    return Verdict(right, "exact" if right else "wrong", question.answer)


def _keyed(question: Question, key: AnswerKey, how: str) -> Verdict:
    if key.credit >= 1:
        return Verdict(True, how, question.answer, 1.0, key.feedback)
    if key.credit > 0:
        return Verdict(False, f"partly right ({key.credit:.0%} credit)", question.answer, key.credit, key.feedback)
    return Verdict(False, "wrong", question.answer, 0.0, key.feedback)


def _grade_fill(question: Question, response: str) -> Verdict:
    expected = question.answer
    plain = normalize(response)
    if not plain:
        return Verdict(False, "no answer", expected)
    for key in question.keys:
        if _key_matches(key, response, plain):
            return _keyed(question, key, "exact")

    forms = (expected, *question.accepted)
    loose = normalize(response, keep_accents=True)
    for index, form in enumerate(forms):
        if loose == normalize(form, keep_accents=True):
            return Verdict(True, "exact" if index == 0 else "accepted alternative", expected)
        if plain == normalize(form):
            return Verdict(True, "accent ignored" if index == 0 else "accepted alternative", expected)
    for form in forms:
        how = _same_number(response, form)
        if how:
            return Verdict(True, how, expected)

    if question.type in NUMERIC_TYPES or as_number(expected) is not None or as_number(response) is not None:
        return Verdict(False, "wrong", expected)  # 13 is not 12: no typos in numbers
    own = {normalize(form) for form in forms}
    if plain in question.rivals and plain not in own:
        return Verdict(False, "wrong", expected)  # another answer of this type, however close
    best: tuple[int, str] | None = None
    for form in forms:
        target = normalize(form)
        distance = DamerauLevenshtein.distance(plain, target, score_cutoff=typo_allowance(target))
        if distance <= typo_allowance(target) and (best is None or distance < best[0]):
            best = (distance, form)
    if best is None or _closer_rival(plain, question.rivals - own, best[0]):
        return Verdict(False, "wrong", expected)
    distance, form = best
    return Verdict(True, f"{distance} typo{'s' if distance > 1 else ''} — the spelling is {form}", expected)


def _key_matches(key: AnswerKey, response: str, plain: str) -> bool:
    if key.text is not None:
        return plain == normalize(key.text)
    value = as_number(response)
    return value is not None and key.low is not None and key.high is not None and key.low <= value <= key.high


def _same_number(response: str, form: str) -> str | None:
    """How a response and an answer name the same number, if they do ("number written as a word")."""
    said, meant = as_number(response), as_number(form)
    if said is not None and meant is not None:
        return "exact" if said == meant else None
    if meant is not None and _spoken(response) == number_words(meant):
        return "number written as a word"
    if said is not None and _spoken(form) == number_words(said):
        return "number written in digits"
    return None


def _closer_rival(plain: str, rivals: frozenset[str], distance: int) -> bool:
    """Whether the response is strictly nearer another answer of this type than to its own."""
    if distance == 0 or not rivals:
        return False
    return process.extractOne(plain, rivals, scorer=DamerauLevenshtein.distance, score_cutoff=distance - 1) is not None
