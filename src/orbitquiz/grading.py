"""Lenient grading of typed answers, and the normalisation every comparison in orbitquiz goes through.

What does not matter: case, accents, punctuation, surrounding or repeated spaces, curly quotes, a leading
"the/a/an", digits against English number words. Small typos are forgiven by Damerau-Levenshtein distance
(rapidfuzz), except in numbers and when the response is itself another answer of the same type in the pack.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from orbitquiz.model import NUMERIC_TYPES, AnswerKey, Question, Verdict

ARTICLES = frozenset({"the", "a", "an"})
# Each starts with its comma or point, which the regex engine can skip to, instead of with a look-behind that it
# would try at every character.
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"\.(?<=\d\.)(?=\d)")
_DIGIT_MARK = re.compile(r"[.,](?<=\d[.,])(?=\d)")  # a digit, a point or comma, a digit
_POINT = "\uf8ff"  # a private-use character stands in for a decimal point while punctuation is removed
_NUMERAL = re.compile(r"\s*([-+−]?)\s*(\d[\d,]*(?:\.\d+)?)\s*\Z")


class _WordCharacters(dict):
    """A ``str.translate`` table, filled in per character on first sight: punctuation, symbols, separators and
    control characters become spaces, and (unless accents are kept) combining accents disappear."""

    def __init__(self, keep_accents: bool) -> None:
        super().__init__()
        self.keep_accents = keep_accents

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char == _POINT:
            value = char
        elif unicodedata.category(char)[0] in "PSZC":
            value = " "
        elif not self.keep_accents and unicodedata.combining(char):
            value = ""
        else:
            value = char
        self[code] = value
        return value


_TABLES = {False: _WordCharacters(keep_accents=False), True: _WordCharacters(keep_accents=True)}
# ASCII text, by far the most common, is normalised as bytes: nothing to decompose, casefold is lower-casing,
# and a byte table does the lower-casing and the punctuation at once. Byte 0x80, never in ASCII, stands in for a
# decimal point.
_ASCII_THOUSANDS = re.compile(_THOUSANDS.pattern.encode())
_ASCII_DECIMAL_POINT = re.compile(_DECIMAL_POINT.pattern.encode())
_ASCII_POINT = b"\x80"
_ASCII_WORDS = bytes(ord(_TABLES[False][code].lower()) for code in range(128)) + b"." + b" " * 127


@lru_cache(maxsize=65536)
def normalize(text: str, *, keep_accents: bool = False) -> str:
    """The form answers are compared in: casefolded, unaccented, punctuation-free, single-spaced, no article."""
    if text.isascii():
        data = text.encode()
        if b"." in data or b"," in data:  # "1,000" is 1000 and "3.5" keeps its point
            data = _ASCII_DECIMAL_POINT.sub(_ASCII_POINT, _ASCII_THOUSANDS.sub(b"", data))
        words = data.translate(_ASCII_WORDS).decode().split()
    else:
        text = text.replace(_POINT, " ")  # the stand-in must only ever mean a decimal point
        if _DIGIT_MARK.search(text):  # "1,000" is 1000 and "3.5" keeps its point
            text = _DECIMAL_POINT.sub(_POINT, _THOUSANDS.sub("", text))
        # Decompose (é → e + ◌́, ﬁ → fi) so accents can be dropped one character at a time.
        text = unicodedata.normalize("NFKD", text).casefold().translate(_TABLES[keep_accents])
        if keep_accents:
            text = unicodedata.normalize("NFC", text)
        words = text.replace(_POINT, ".").split()
    leading = 0  # counted, then cut once: deleting one at a time was quadratic in "the the the … x"
    while leading < len(words) - 1 and words[leading] in ARTICLES:
        leading += 1
    return " ".join(words[leading:])


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
def number_words(value: Decimal) -> str | None:
    """English words for a number, normalised: 21 → "twenty one", -3.5 → "minus three point five".

    None for numbers too large to be said in words (a trillion and up).
    """
    whole, _, decimals = f"{abs(value):f}".partition(".")
    if int(whole) >= 10**12:
        return None
    words = ["minus"] if value < 0 else []
    words += spell_number(int(whole)).split()
    if decimals.strip("0"):
        words += ["point", *(_ONES[int(digit)] for digit in decimals.rstrip("0"))]
    return normalize(" ".join(words))


def _spoken(text: str) -> str:
    """Number words compared without "and": "one hundred and one" = "one hundred one"."""
    return " ".join(word for word in normalize(text).split() if word != "and")


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TEN_WORDS = ("", "", *"twenty thirty forty fifty sixty seventy eighty ninety".split())
_UNITS = {word: n for n, word in enumerate(_ONES)}
_TENS = {word: 10 * n for n, word in enumerate(_TEN_WORDS) if word}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


def spelled_number(text: str) -> int | None:
    """The value of whole-number English words: "twenty-one" → 21, "one hundred and five" → 105."""
    words = _spoken(text).split()
    if not words or not all(w in _UNITS or w in _TENS or w in _SCALES or w == "hundred" for w in words):
        return None  # the common case, decided without loading num2words
    total = current = 0
    for word in words:
        if word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total, current = total + (current or 1) * _SCALES[word], 0
        else:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
    value = total + current
    # Only well-formed words count ("two three" is not 5): they must read back as the same words.
    return value if number_words(Decimal(value)) == " ".join(words) else None


def spell_number(value: int) -> str:
    """A whole number below a trillion in English words as people write them: 1021 → "one thousand twenty-one".

    Written here rather than taken from num2words: a few lines, and the game starts faster without it (the
    tests check these words against num2words).
    """
    if value < 0:
        return "minus " + spell_number(-value)
    if value < 20:
        return _ONES[value]
    if value < 100:
        return _TEN_WORDS[value // 10] + (f"-{_ONES[value % 10]}" if value % 10 else "")
    if value < 1000:
        return f"{_ONES[value // 100]} hundred" + (f" {spell_number(value % 100)}" if value % 100 else "")
    for scale, word in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if value >= scale:
            rest = value % scale
            return f"{spell_number(value // scale)} {word}" + (f" {spell_number(rest)}" if rest else "")
    raise AssertionError("unreachable")


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
            exact = key.text is not None or as_number(response) == as_number(expected)
            return _keyed(question, key, "exact" if exact else "within the accepted range")

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
    from rapidfuzz.distance import DamerauLevenshtein  # loaded on the first typo check, not at start-up

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
    if key.pattern is not None:
        return wildcard_matches(key.pattern, response)
    if key.text is not None:
        return plain == normalize(key.text)
    value = as_number(response)
    return value is not None and key.low is not None and key.high is not None and key.low <= float(value) <= key.high  # floats both: Decimal('9.8') > 9.8 as a float


def wildcard_matches(pattern: str, response: str) -> bool:
    """Moodle's short-answer wildcard (``compare_string_with_wildcard``): ``*`` is any run of characters, ``\\*`` an
    asterisk; case is ignored and the response's spaces are squeezed.

    Matched piece by piece, each found leftmost after the one before (which is right when everything between
    pieces is free): a regular expression of many ``.*`` would backtrack for ages on a long response.
    """
    first, *middle = (piece.replace("\\*", "*").casefold() for piece in re.split(r"(?<!\\)\*+", pattern))
    text = " ".join(response.split()).casefold()
    if not middle:
        return text == first
    *middle, last = middle
    if not text.startswith(first):
        return False
    at = len(first)
    for piece in middle:
        found = text.find(piece, at)
        if found == -1:
            return False
        at = found + len(piece)
    return text.endswith(last, at)


def _same_number(response: str, form: str) -> str | None:
    """How a response and an answer name the same number, if they do ("number written as a word")."""
    said, meant = as_number(response), as_number(form)
    if said is not None and meant is not None:
        return "exact" if said == meant else None
    if meant is not None and _spoken(response) == (number_words(meant) or "\0"):
        return "number written as a word"
    if said is not None and _spoken(form) == (number_words(said) or "\0"):
        return "number written in digits"
    return None


def _closer_rival(plain: str, rivals: frozenset[str], distance: int) -> bool:
    """Whether the response is strictly nearer another answer of this type than to its own."""
    if distance == 0 or not rivals:
        return False
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    return process.extractOne(plain, rivals, scorer=DamerauLevenshtein.distance, score_cutoff=distance - 1) is not None
