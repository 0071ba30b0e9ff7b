"""Lenient grading of typed answers, and the normalisation every comparison in orbitquiz goes through.

What does not matter: case, accents, punctuation, surrounding or repeated spaces, curly quotes, a leading
"the/a/an", digits against English number words, the form a date is written in, words taken from around the
answer in the question ("Pope Benedict XVI", "437 days", "in 1991"). Small typos are forgiven by
Damerau-Levenshtein distance (rapidfuzz), in letters only: numbers, signs and Roman numerals must be right, a
word changed into another real word of the answer's kind ("North" for "South") is not a typo, and neither is a
response that is another answer offered in the pack.

A verdict says what matched as data (``Match``); ``describe`` makes the words the player sees from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from orbitquiz import selections
from orbitquiz.dates import MONTHS, WEEKDAYS, parse_date
from orbitquiz.model import BLANK, AnswerKey, Match, Question, Verdict

ARTICLES = frozenset({"the", "a", "an"})
# Marks between digits, found before punctuation goes. Each pattern starts with its own character, which the regex
# engine can skip to, instead of with a look-behind that it would try at every character.
# A comma before exactly three digits separates thousands ("1,000"); any other comma or point between digits is
# a decimal point ("2.4", "2,4").
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"[.,](?<=\d[.,])(?=\d)")
# A minus sign: a dash before a digit that does not follow a letter or digit ("-1822", but "Kvant-2", "1990-91").
_MINUS = re.compile(r"[-\u2212](?<!\w[-\u2212])(?=\d)")
# Single letters each followed by a point: "U.N.E.S.C.O." is "UNESCO".
_DOTTED = re.compile(r"(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")
_POINT = "\uf8ff"  # private-use characters stand in for a decimal point and a minus while punctuation is removed
_SIGN = "\uf8fe"
_NUMERAL = re.compile(r"\s*([-+\u2212]?)(\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d+))?\s*\Z")


class _WordCharacters(dict):
    """A ``str.translate`` table, filled in per character on first sight: punctuation, symbols, separators and
    control characters become spaces, and (unless accents are kept) combining accents disappear."""

    def __init__(self, keep_accents: bool) -> None:
        super().__init__()
        self.keep_accents = keep_accents

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in (_POINT, _SIGN):
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
# and a byte table does the lower-casing and the punctuation at once. Bytes 0x80 and 0x81, never in ASCII, stand
# in for a decimal point and a minus.
_ASCII_THOUSANDS = re.compile(_THOUSANDS.pattern.encode())
_ASCII_DECIMAL_POINT = re.compile(_DECIMAL_POINT.pattern.encode())
_ASCII_MINUS = re.compile(_MINUS.pattern.replace("\\u2212", "").encode())
_ASCII_DOTTED = re.compile(_DOTTED.pattern.encode())
_ASCII_POINT, _ASCII_SIGN = b"\x80", b"\x81"
_ASCII_WORDS = bytes(ord(_TABLES[False][code].lower()) for code in range(128)) + b".-" + b" " * 126


# Sized to hold every distinct string a 100,000-fact article normalises (about 186,000 with parsing: its names, words
# and stems): at 65,536 such an article overflowed it and normalised its names again and again.
@lru_cache(maxsize=2**18)
def normalize(text: str, *, keep_accents: bool = False) -> str:
    """The form answers are compared in: casefolded, unaccented, punctuation-free, single-spaced, no article.

    What punctuation means is kept: a decimal point or comma ("2.4", "2,4" → "2.4"), a thousands comma goes
    ("1,000" → "1000"), a minus stays ("-42"), dotted initials close up ("U.N." → "un").
    """
    if text.isascii():
        data = text.encode()
        if b"." in data or b"," in data:
            data = _ASCII_DOTTED.sub(lambda initials: initials[0].replace(b".", b""), data)
            data = _ASCII_DECIMAL_POINT.sub(_ASCII_POINT, _ASCII_THOUSANDS.sub(b"", data))
        if b"-" in data:
            data = _ASCII_MINUS.sub(_ASCII_SIGN, data)
        words = data.translate(_ASCII_WORDS).decode().split()
    else:
        text = text.replace(_POINT, " ").replace(_SIGN, " ")  # the stand-ins must only ever mean their marks
        if "." in text or "," in text:
            text = _DOTTED.sub(lambda initials: initials[0].replace(".", ""), text)
            text = _DECIMAL_POINT.sub(_POINT, _THOUSANDS.sub("", text))
        text = _MINUS.sub(_SIGN, text)
        # Decompose (é → e + ◌́, ﬁ → fi) so accents can be dropped one character at a time.
        text = unicodedata.normalize("NFKD", text).casefold().translate(_TABLES[keep_accents])
        if keep_accents:
            text = unicodedata.normalize("NFC", text)
        words = text.replace(_POINT, ".").replace(_SIGN, "-").split()
    leading = 0  # counted, then cut once: deleting one at a time was quadratic in "the the the … x"
    while leading < len(words) - 1 and words[leading] in ARTICLES:
        leading += 1
    plain = " ".join(words[leading:])
    # a digit looked for first: most texts have none, and the era's pattern is tried at every character
    return _era_written_one_way(plain) if _DIGIT.search(plain) and _ERA_WORD.search(plain) else plain


#: An era word beside a year, as people write it: "9 BC", "9 BCE", "9bc", "AD 40", "40 AD", "40 CE".
_ERA_WORD = re.compile(r"\d ?(?:bce?|ad|ce)\b|\b(?:ad|ce) \d")
_DIGIT = re.compile(r"\d")
_BEFORE = re.compile(r"\b(\d+) ?bce?\b")
_AFTER = re.compile(r"\b(?:(\d+) ?(?:ad|ce)|(?:ad|ce) (\d+))\b")


def _era_written_one_way(plain: str) -> str:
    """Every way of writing a year's era as one: "9 bce" and "9bc" are "9 bc"; "40 ad", "40 ce" and "ce 40" are
    "ad 40" (review V: "typed '9 BC' format may trip students")."""
    return _AFTER.sub(lambda match: f"ad {match.group(1) or match.group(2)}", _BEFORE.sub(r"\1 bc", plain))


def as_number(text: str) -> Decimal | None:
    """The value of a numeral such as "12", "-3.5", "1,000" or "2,4" (not of number words)."""
    match = _NUMERAL.match(text)
    if not match:
        return None
    sign, whole, decimals = match.groups()
    value = Decimal(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
    return -value if sign in ("-", "\u2212") else value


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


#: Words that come in contrasting families, with every number word, month and weekday: one changed into another
#: names something else ("North Pacific Ocean" is not "South Pacific Ocean"), so such a change is never a typo.
#: The words of the answers offered in the pack (``Question.rivals``) are real words too (``_real_words``).
CONTRASTS = frozenset("""
    north south east west northern southern eastern western northeast northwest southeast southwest central
    left right upper lower inner outer top bottom front back high low higher early late earlier later
    old new older newer elder younger senior junior major minor greater lesser great little big small
    first last second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth hundredth
    before after up down male female hundred
""".split()) | {*_ONES, *_TENS, *_SCALES} | {name.lower() for name in (*MONTHS, *WEEKDAYS)}
#: Words a response may start with that are not part of the answer ("in 1991", "on 24 April 1990").
PREPOSITIONS = frozenset({"in", "on", "at", "by"})
# A Roman numeral from 1 to 3999, as it is written: "xvi", not "xiiiiii".
_ROMAN = re.compile(r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CAPITALS = re.compile(r"\b[IVXLCDM]+\b")

_DESCRIPTIONS = {
    Match.EXACT: "exact",
    Match.ACCENTS: "accent ignored",
    Match.ALTERNATIVE: "accepted alternative",
    Match.NUMBER_WORD: "number written as a word",
    Match.NUMBER_DIGITS: "number written in digits",
    Match.DATE_FORM: "the same date written another way",
    Match.EXTRA_WORDS: "extra words ignored",
    Match.IN_RANGE: "within the accepted range",
    Match.WRONG: "wrong",
    Match.NO_ANSWER: "no answer",
    Match.NOT_AN_OPTION: "not one of the options",
}


def describe(verdict: Verdict) -> str:
    """What the player is told about how the answer was judged: "exact", "1 typo — the spelling is Shkaplerov".

    The one place these words are made; everything else reads ``verdict.match``.
    """
    if verdict.match is Match.TYPO:
        return f"{verdict.typos} typo{'s' if verdict.typos != 1 else ''} — the spelling is {verdict.spelling}"
    if verdict.match is Match.PARTIAL:
        return f"partly right ({verdict.credit:.0%} credit)"
    return _DESCRIPTIONS[verdict.match]


def grade(question: Question, response: str) -> Verdict:
    """Judge a response: an option's text for multiple choice, whatever was typed for fill-in, the chosen options
    or matches (selections.py) for choose-all-that-apply and matching."""
    if question.kind in ("multi", "match"):
        return selections.grade(question, response)
    if question.kind == "choice":
        return _grade_choice(question, response)
    return _grade_fill(question, response)


def _grade_choice(question: Question, response: str) -> Verdict:
    key = next((k for k in question.keys if k.text == response), None)
    if key is not None:
        return _keyed(question, key, Match.EXACT)
    right = response == question.answer
    if not right and response not in question.options:
        return Verdict(False, Match.NOT_AN_OPTION, question.answer)
    return Verdict(right, Match.EXACT if right else Match.WRONG, question.answer)


def _keyed(question: Question, key: AnswerKey, match: Match) -> Verdict:
    if key.credit >= 1:
        return Verdict(True, match, question.answer, 1.0, key.feedback)
    if key.credit > 0:
        return Verdict(False, Match.PARTIAL, question.answer, key.credit, key.feedback)
    return Verdict(False, Match.WRONG, question.answer, 0.0, key.feedback)


def _grade_fill(question: Question, response: str) -> Verdict:
    plain = normalize(response)
    if not plain:
        return Verdict(False, Match.NO_ANSWER, question.answer)
    verdict = _judge(question, plain, normalize(response, keep_accents=True), response)
    if verdict.correct:
        return verdict
    # Not the answer as typed: perhaps the answer with words from around it ("Pope Benedict XVI", "437 days").
    core = _without_context(question, plain)
    if core == plain:
        return verdict
    inner = _judge(question, core, None, None)
    if inner.credit <= verdict.credit:
        return verdict
    return replace(inner, match=Match.EXTRA_WORDS) if inner.match is Match.EXACT else inner


def _judge(question: Question, plain: str, loose: str | None, response: str | None) -> Verdict:
    """Grade a normalised response (``loose``: the same with accents kept, ``response``: as typed; None if
    unknown)."""
    expected = question.answer
    for key in question.keys:
        if _key_matches(key, plain, response):
            exact = key.text is not None or as_number(plain) == as_number(expected)
            return _keyed(question, key, Match.EXACT if exact else Match.IN_RANGE)

    forms = (expected, *question.accepted)
    for index, form in enumerate(forms):
        if loose is not None and loose == normalize(form, keep_accents=True):
            return Verdict(True, Match.EXACT if index == 0 else Match.ALTERNATIVE, expected)
        if plain == normalize(form):
            unaccented = Match.ACCENTS if loose is not None else Match.EXACT
            return Verdict(True, unaccented if index == 0 else Match.ALTERNATIVE, expected)
    for form in forms:
        match = _same_number(plain, form)
        if match is not None:
            return Verdict(True, match, expected)
    said = parse_date(plain)
    meant = [date for date in map(parse_date, forms) if date is not None]
    if said is not None and meant:
        # A date against a date is decided as dates: another day is never a typo.
        same = any((said.day, said.month, said.year) == (date.day, date.month, date.year) for date in meant)
        return Verdict(same, Match.DATE_FORM if same else Match.WRONG, expected)

    own = {normalize(form) for form in forms}
    if plain in question.rivals and plain not in own:
        return Verdict(False, Match.WRONG, expected)  # another answer offered in the pack, however close
    return _typo(question, plain, forms, own) or Verdict(False, Match.WRONG, expected)


def _typo(question: Question, plain: str, forms: tuple[str, ...], own: set[str]) -> Verdict | None:
    """The response as the answer with typos in its letters, within the allowance: the nearest spelling."""
    from rapidfuzz.distance import DamerauLevenshtein  # loaded on the first typo check, not at start-up

    best: tuple[int, str] | None = None
    for spelling in (spelling for form in forms for spelling in _spellings(form)):
        target = normalize(spelling)
        allowance = typo_allowance(target)
        distance = DamerauLevenshtein.distance(plain, target, score_cutoff=allowance)
        if distance <= allowance and (best is None or distance < best[0]) and \
                _only_letters_differ(plain, spelling, _real_words(question.rivals)):
            best = (distance, spelling)
    if best is None or _closer_rival(plain, question.rivals - own, best[0]):
        return None
    distance, spelling = best
    return Verdict(True, Match.TYPO, question.answer, typos=distance, spelling=spelling)


def _spellings(form: str) -> tuple[str, ...]:
    """How an answer can be spelt: as written, and a numeral also in words ("fourty" is a typo of 40)."""
    value = as_number(form)
    words = number_words(value) if value is not None else None
    return (form, words) if words else (form,)


def _only_letters_differ(said: str, spelling: str, real_words: frozenset[str]) -> bool:
    """Whether the normalised response ``said`` may be ``spelling`` mistyped. Typos are in letters: the numbers
    must be the same, in the same order ("Kvant-2" is not "Kvant-1"), a Roman numeral written in capitals must be
    there as it is ("Benedict XV" is not "Benedict XVI"), and no word may have been changed into another real
    word of its kind, a Roman numeral or a letter on its own ("North" for "South", "sixty" for "six", "Vitamin
    D" for "Vitamin B")."""
    meant = normalize(spelling)
    if not any(char.isalpha() for char in meant) or _NUMBER.findall(said) != _NUMBER.findall(meant):
        return False
    said_words, meant_words = said.split(), set(meant.split())
    if any(numeral.lower() not in said_words for numeral in _CAPITALS.findall(spelling)
           if _ROMAN.fullmatch(numeral.lower())):
        return False
    return not any(word in real_words or len(word) == 1 or _ROMAN.fullmatch(word)
                   for word in said_words if word not in meant_words)


@lru_cache(maxsize=256)
def _real_words(rivals: frozenset[str]) -> frozenset[str]:
    """CONTRASTS and the words of the other answers of a type (cached: every question of a type shares them)."""
    return CONTRASTS.union(*(rival.split() for rival in rivals))


def _without_context(question: Question, plain: str) -> str:
    """The response without the words it took from around the answer: the words just before the blank (or the
    tagged answer), a preposition before them, and the words just after it ("437 days", "Pope Benedict XVI",
    "in 1991"). At least one word is left."""
    befores, afters = [], []
    source = question.source
    if source.start is not None and source.end is not None:
        befores.append(normalize(source.sentence[: source.start]).split())
        afters.append(normalize(source.sentence[source.end :]).split())
    blank = question.prompt.find(BLANK)
    if blank != -1:
        befores.append(normalize(question.prompt[:blank]).split())
        afters.append(normalize(question.prompt[blank + len(BLANK) :]).split())
    words = plain.split()
    if len(words) > 1 and words[0] in PREPOSITIONS:
        words = words[1:]
    words = words[max((_lead_taken(words, before) for before in befores), default=0):]
    return " ".join(words[: len(words) - max((_tail_taken(words, after) for after in afters), default=0)])


def _lead_taken(words: list[str], before: list[str]) -> int:
    """How many of the first words are the last words of ``before`` (always leaving one word)."""
    return next((size for size in range(min(len(words) - 1, len(before)), 0, -1) if words[:size] == before[-size:]),
                0)


def _tail_taken(words: list[str], after: list[str]) -> int:
    """How many of the last words are the first words of ``after`` (always leaving one word)."""
    return next((size for size in range(min(len(words) - 1, len(after)), 0, -1) if words[-size:] == after[:size]),
                0)


def _key_matches(key: AnswerKey, plain: str, response: str | None) -> bool:
    """Whether a response meets an answer key: its text, its numeric range, or its wildcard pattern (matched
    against the response as typed when there is one, as Moodle does)."""
    if key.pattern is not None:
        return wildcard_matches(key.pattern, plain if response is None else response)
    if key.text is not None:
        return plain == normalize(key.text)
    value = as_number(plain)
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


def _same_number(plain: str, form: str) -> Match | None:
    """How a response and an answer name the same number, if they do ("twelve" for 12: Match.NUMBER_WORD)."""
    said, meant = as_number(plain), as_number(form)
    if said is not None and meant is not None:
        return Match.EXACT if said == meant else None
    if meant is not None and _spoken(plain) == (number_words(meant) or "\0"):
        return Match.NUMBER_WORD
    if said is not None and _spoken(form) == (number_words(said) or "\0"):
        return Match.NUMBER_DIGITS
    return None


def _closer_rival(plain: str, rivals: frozenset[str], distance: int) -> bool:
    """Whether the response is strictly nearer another answer of this type than to its own."""
    if distance == 0 or not rivals:
        return False
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    return process.extractOne(plain, rivals, scorer=DamerauLevenshtein.distance, score_cutoff=distance - 1) is not None
