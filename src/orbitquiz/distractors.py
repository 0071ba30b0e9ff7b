"""Wrong options a teacher would offer: of the answer's kind and form, none of them defensibly right.

- Numbers (``number_options``): values on a step that suits the answer (round answers get round steps: forty is
  offered thirty, fifty, sixty), inside what makes sense where it stands (a day of the month 1–31, an hour before
  "am" 1–12, a percentage 0–100), far enough apart after "about" or "nearly"; none at all after "more than" or
  "fewer than", where every value on one side would make the sentence true. The answer's rank among the options
  is drawn uniformly from the ranks that fit.
- Dates (``date_options``): the same date shifted by days, months or years, still real, in the answer's format.
  The years of a date's or a year's options are ones the article allows (``years_allowed``): none still to come,
  a death's after every earlier year the article names, a birth's before every later one.
- Names (``name_candidates``): other answers of the fact's type and its pool, in the answer's role first ("Pope",
  "architect", "shuttle"), then in no known role, then in other roles; each level by likeness of shape, and a
  country or capital's by its neighbours and its continent first.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import itertools
import math
import random
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from orbitquiz import gazetteer, language
from orbitquiz.dates import WrittenDate, format_date, parse_date
from orbitquiz.grading import spell_number, spelled_number
from orbitquiz.model import OPTIONS

WRONG_OPTIONS = OPTIONS - 1


# --- numbers --------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NumberForm:
    """The written form of a number — prefix, sign, digits, decimals, thousands commas, unit — to copy."""

    value: Decimal
    prefix: str = ""
    suffix: str = ""
    sign: str = ""
    commas: bool = False
    places: int = 0
    spelled: bool = False

    _PATTERN = re.compile(r"(?P<prefix>\D*?)(?P<sign>[-+−]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)"
                          r"(?:\.(?P<decimals>\d+))?(?P<suffix>\D*)\Z")

    @classmethod
    def parse(cls, text: str) -> NumberForm | None:
        match = cls._PATTERN.match(text.strip())
        if match is None:
            spelled = spelled_number(text)
            return None if spelled is None else cls(Decimal(spelled), spelled=True)
        decimals = match["decimals"] or ""
        magnitude = Decimal(match["digits"].replace(",", "") + (f".{decimals}" if decimals else ""))
        value = -magnitude if match["sign"] in ("-", "−") else magnitude
        return cls(value=value, prefix=match["prefix"], suffix=match["suffix"], sign=match["sign"],
                   commas="," in match["digits"], places=len(decimals))

    def format(self, value: Decimal) -> str:
        if self.spelled:
            return spell_number(int(value))
        sign = ("−" if self.sign == "−" else "-") if value < 0 else ("+" if self.sign == "+" else "")
        digits = f"{abs(value):{',' if self.commas else ''}.{self.places}f}"
        return f"{self.prefix}{sign}{digits}{self.suffix}"

    @property
    def roundness(self) -> Decimal:
        """The place of the answer's last significant digit: 1 for 437, 10 for 40, 100 for 1,500, 0.1 for 2.4."""
        if self.places:
            return Decimal(1).scaleb(-self.places)
        whole = abs(int(self.value))
        unit = 1
        while whole and whole % (unit * 10) == 0:
            unit *= 10
        return Decimal(unit)


@dataclass(frozen=True, slots=True)
class NumberSetting:
    """What the words around a number allow: its bounds, and whether the sentence qualifies it."""

    low: Decimal | None
    high: Decimal | None
    #: "more than" / "fewer than": every value on one side is true too, so no options can be offered.
    one_sided: bool = False
    #: "about" / "nearly": values close to the answer are nearly true, so options are spread wider.
    rough: bool = False
    #: A person's age: options a few years apart, as a teacher offers them (review S: 35 and 50 for a man of 94).
    age: bool = False


# A death comes after everything the article tells before it, a birth before everything after it: against "Higgs
# died on 8 April 2024", the Nobel Prize he shared in 2013 rules out every year up to 2013 (review S).
_LIFE_ENDS = re.compile(r"\b(?:died|dies|death|executed|hanged|beheaded|murdered|buried|funeral)\b", re.IGNORECASE)
_LIFE_STARTS = re.compile(r"\b(?:born|birth)\b", re.IGNORECASE)
_WORDS_OF_A_LIFE = 8  # "died at the age of 94 in [2024]": how far before the span the verb may stand


def years_allowed(sentence: str, start: int, year: int, article_years: Sequence[int]) -> tuple[int, int]:
    """The first and last year a wrong option of a year or date may have: none still to come for what has happened
    (review O: 2028 offered for a plan of 2013), none up to the article's last earlier year for a death, and none
    from its first later year on for a birth. ``article_years``: every year the article names, sorted."""
    earliest, latest = 1, max(datetime.date.today().year, year)
    lead = " ".join(sentence[:start].split()[-_WORDS_OF_A_LIFE:])
    if _LIFE_ENDS.search(lead) and (before := bisect.bisect_left(article_years, year)):
        earliest = article_years[before - 1] + 1
    elif _LIFE_STARTS.search(lead) and (after := bisect.bisect_right(article_years, year)) < len(article_years):
        latest = article_years[after] - 1
    return earliest, latest


def number_setting(sentence: str, start: int, end: int, form: NumberForm, type_: str,
                   article_years: Sequence[int] = ()) -> NumberSetting:
    """Read the number's setting from the words before and after it in its sentence (for a year, also from the
    years the article names: ``years_allowed``)."""
    before = " " + sentence[:start].casefold().rstrip() + " "
    after = sentence[end:].casefold().lstrip(" ")
    next_word = re.match(r"[\w.’']*", after).group().rstrip(".") if after else ""  # type: ignore[union-attr]
    previous_word = before.split()[-1] if before.split() else ""
    rough = any(before.endswith(f" {words} ") for words in language.ROUGHLY)  # first: "just over" is rough
    one_sided = not rough and any(before.endswith(f" {words} ") for words in (*language.AT_LEAST, *language.AT_MOST))
    if form.value < 0:
        low, high = None, Decimal(-1).scaleb(-form.places) if form.places else Decimal(-1)
    else:
        low, high = (Decimal(1).scaleb(-form.places) if form.places else Decimal(1)), None
    if type_ == "year" and not form.places:
        digits = len(str(abs(int(form.value))))
        earliest, latest = years_allowed(sentence, start, int(form.value), article_years)
        low, high = Decimal(max(earliest, 10 ** (digits - 1))), Decimal(min(10**digits - 1, latest))
    elif next_word in language.MONTH_NAMES or previous_word in language.MONTH_NAMES:
        low, high = Decimal(1), Decimal(31)  # a day of the month
    elif next_word in ("am", "pm", "a.m", "p.m", "o’clock", "o'clock"):
        low, high = Decimal(1), Decimal(12)
    elif form.suffix.strip() == "%" or next_word in ("percent", "per"):
        high = Decimal(100)  # and, like every positive answer, above nothing
    age = type_ == "number" and not form.places and (before.endswith((" age of ", " aged "))
                                                     or after.startswith(("-year-old", "years old", "year-old")))
    if age:
        high = Decimal(120)
    return NumberSetting(low=low, high=high, one_sided=one_sided, rough=rough, age=age)


def number_options(form: NumberForm, setting: NumberSetting, type_: str, rng: random.Random) -> list[str]:
    """WRONG_OPTIONS wrong values in the answer's form; none when the setting admits no false ones.

    The step between options is the first of _steps at which the answer can take any of the four places (so its
    rank says nothing), else the first at which it can take the most; its rank is drawn uniformly from those places.
    Both among the steps as round as the answer, if any fit.
    """
    if setting.one_sided:
        return []
    value = form.value
    fitting = [(step, ranks) for step in _steps(form, setting, type_, rng) if (ranks := _ranks(value, step, setting))]
    if not fitting:
        return []
    # Among the steps no finer than the answer's roundness (nor, after "about", nearer than a third of it), the
    # first at which the most ranks fit: every rank if it can (Lewis, who died in 1809 after an expedition of
    # 1804-1806, is offered 1807, 1811 and 1813, not always the lowest of 1819, 1829, 1839); else the first that
    # fits at all (the 20th of a month: 5, 10 and 15).
    floor = max(_roundness(form, setting), _wanted(form, setting)) if setting.rough else _roundness(form, setting)
    round_enough = [(step, ranks) for step, ranks in fitting if step >= floor]
    step, ranks = max(round_enough, key=lambda fit: len(fit[1])) if round_enough else fitting[0]
    rank = rng.choice(ranks)
    options = [value + (i - rank) * step for i in range(WRONG_OPTIONS + 1) if i != rank]
    if form.roundness < step:
        jittered = [_jittered(option, step, form.roundness, setting, rng) for option in options]
        if setting.rough:  # after "about", one moved nearly true keeps its even place, and only it
            jittered = [moved if abs(moved - value) >= _ROUGH_GAP * abs(value) else option
                        for option, moved in zip(options, jittered)]
        # years (and ages) evenly spaced look "mechanical" (review M), but two a year apart test one digit
        # (reviews H, L), and none goes further from the answer than the even spacing would
        in_years = type_ == "year" or setting.age
        if not in_years or (min(abs(a - b) for a, b in itertools.combinations([value, *jittered], 2)) >= 2
                            and max(abs(option - value) for option in jittered) <= WRONG_OPTIONS * step):
            options = jittered
    return [form.format(option) for option in options]


_NEAR_YEARS = 50
_ROUGH_GAP = Decimal("0.3")  # after "about", no option within this share of the answer: it would be nearly true


def with_the_articles_years(options: list[str], form: NumberForm, years: Sequence[int], setting: NumberSetting,
                            sentence: str, rng: random.Random, most: int = 2) -> list[str]:
    """Year options with up to ``most`` of them swapped for other years the article names (``years``, sorted),
    each for an option on the same side of the answer, so its rank stays as drawn: against 1959, the 1930 of the
    same story is a wrong option a reader must know, where 1958 only tests exact memory. Only years within
    _NEAR_YEARS of the answer and the setting's bounds count (1542 is no wrong option for 2007), and none the
    sentence shows."""
    answer = int(form.value)
    low = max(answer - _NEAR_YEARS, int(setting.low or 1))
    high = min(answer + _NEAR_YEARS, int(setting.high)) if setting.high is not None else answer + _NEAR_YEARS
    near = years[bisect.bisect_left(years, low):bisect.bisect_right(years, high)]
    others = [Decimal(year) for year in near if len(str(year)) == len(str(answer))]
    return _with_the_articles(options, form, others, sentence, rng, most)


class GivenNumbers:
    """The distinct numbers an article gives with one unit ("miles"): sorted, so those near an answer are found by
    bisection (scanning them all for every number fact made a long article's "days" quadratic), and each with its
    place in the order the article first gives them, the order they are drawn in."""

    def __init__(self, numbers: Iterable[Decimal]) -> None:
        self._first: dict[Decimal, int] = {}
        for number in numbers:
            self._first.setdefault(number, len(self._first))
        self._sorted = sorted(self._first)

    def between(self, low: Decimal, high: Decimal) -> list[Decimal]:
        """The numbers from ``low`` to ``high`` (both included), in the order the article first gives them."""
        near = self._sorted[bisect.bisect_left(self._sorted, low):bisect.bisect_right(self._sorted, high)]
        return sorted(near, key=self._first.__getitem__)


def with_the_articles_numbers(options: list[str], form: NumberForm, numbers: GivenNumbers,
                              setting: NumberSetting, sentence: str, rng: random.Random, most: int = 2) -> list[str]:
    """Number options with up to ``most`` swapped for other numbers the article gives of the same unit
    (``numbers``): against a footpath of 84 miles, the wall's own 73 miles (review N: "arbitrary numbers"). Only
    numbers within a factor of three of the answer count, inside the setting's bounds, and after "about" none
    within a tenth of it (it would be nearly true)."""
    answer = abs(form.value)
    others = [number for number in numbers.between(answer / 3, answer * 3)
              if (setting.low is None or number >= setting.low) and (setting.high is None or number <= setting.high)
              and not (setting.rough and abs(number - answer) <= answer / 10)]
    return _with_the_articles(options, form, others, sentence, rng, most)


def _with_the_articles(options: list[str], form: NumberForm, others: Sequence[Decimal], sentence: str,
                       rng: random.Random, most: int) -> list[str]:
    """Up to ``most`` of the options swapped for values of ``others``, each on the same side of the answer as the
    option it replaces (so the answer's drawn rank stays), none equal to an option or shown in the sentence."""
    parsed = [NumberForm.parse(option) for option in options]
    shown = {number.value for number in parsed if number is not None}
    candidates = [value for value in dict.fromkeys(others)
                  if value != form.value and value not in shown and form.format(value) not in sentence]
    swaps = [index for index, number in enumerate(parsed) if number is not None]
    rng.shuffle(swaps)
    options = list(options)
    swapped = 0
    for index in swaps:
        below = parsed[index].value < form.value  # type: ignore[union-attr]  # swaps holds parsed options only
        side = [value for value in candidates if (value < form.value) == below]
        if side and swapped < most:
            value = rng.choice(side)
            candidates.remove(value)
            options[index] = form.format(value)
            swapped += 1
    return options


def _jittered(option: Decimal, step: Decimal, unit: Decimal, setting: NumberSetting, rng: random.Random) -> Decimal:
    """An option moved by less than half a step (a quarter after "about", so none comes nearly true), in the
    answer's own last digit, so the options do not all end in the answer's digits (3,428 is not offered 2,428,
    4,428 and 5,428: "mechanical", reviews J and N); their order is kept."""
    reach = math.ceil(step / ((4 if setting.rough else 2) * unit)) - 1
    moved = option + rng.randint(-reach, reach) * unit
    if (setting.low is not None and moved < setting.low) or (setting.high is not None and moved > setting.high):
        return option
    return moved


def _ranks(value: Decimal, step: Decimal, setting: NumberSetting) -> list[int]:
    """The places the answer can take among options ``step`` apart, all inside the setting's bounds."""
    return [rank for rank in range(WRONG_OPTIONS + 1)
            if (setting.low is None or value - rank * step >= setting.low)
            and (setting.high is None or value + (WRONG_OPTIONS - rank) * step <= setting.high)]


def _roundness(form: NumberForm, setting: NumberSetting) -> Decimal:
    """The finest step the options may take: the answer's own roundness (forty is offered thirty, fifty), but an
    age is exact (twenty is offered eighteen, not thirty)."""
    return Decimal(1).scaleb(-form.places) if setting.age else form.roundness


def _wanted(form: NumberForm, setting: NumberSetting) -> Decimal:
    if setting.age:  # a few years, but never one apart: that tests one digit (as years: reviews H, L)
        return max(Decimal(2), abs(form.value) * Decimal("0.05"))
    return abs(form.value) * Decimal("0.34" if setting.rough else "0.15")


def _steps(form: NumberForm, setting: NumberSetting, type_: str, rng: random.Random) -> list[Decimal]:
    """Distances between options to try, best first: about a sixth of the answer (a third after "about"), never
    finer than the answer's own last digit (forty is offered thirty, fifty), on a 1-2-5 scale so options look like
    numbers a teacher would write; then finer ones, down to one unit, for an answer inside narrow bounds (a day of
    the month)."""
    if type_ == "year" and not form.places:  # never a year apart: "a memory test of one digit" (reviews H, L)
        first = Decimal(10) if form.value % 10 == 0 else Decimal(rng.choice((5, 10)))
        return list(dict.fromkeys((first, Decimal(5), Decimal(2))))  # then finer, never a step of one
    unit = Decimal(1).scaleb(-form.places)
    steps = [unit * multiple * 10**power for power in range(13) for multiple in (1, 2, 5)]
    wanted = _wanted(form, setting)
    best = next((step for step in steps if step >= _roundness(form, setting) and step >= wanted), steps[-1])
    return [step for step in reversed(steps) if step <= best]


# --- dates ----------------------------------------------------------------------------------------------------

def the_articles_dates(answer: WrittenDate, dates: Sequence[tuple[int | None, int, int | None]], sentence: str,
                       rng: random.Random, years: tuple[int, int] | None = None) -> list[str]:
    """Three other dates the article gives (``dates``: their distinct (day, month, year), sorted), written in the
    answer's form, when it gives that many with the answer's parts and not in the sentence asked: against
    14 October 1066, the 25 September and 5 January of the same story; else none (the computed ones then serve).
    ``years``: the first and last year an option may have (``years_allowed``). At most _DATES_LOOKED_AT are looked
    at, so a long article's many dates cost no more than a few."""
    looked_at = rng.sample(dates, min(len(dates), _DATES_LOOKED_AT))
    written = [format_date(replace(answer, day=day, month=month, year=year)) for day, month, year in looked_at
               if (day is None) == (answer.day is None) and (year is None) == (answer.year is None)
               and (day, month, year) != (answer.day, answer.month, answer.year)
               and (year is None or years is None or years[0] <= year <= years[1])]
    written = [text for text in written if text not in sentence]
    return written[:WRONG_OPTIONS] if len(written) >= WRONG_OPTIONS else []


_DATES_LOOKED_AT = 12


def date_options(answer: str, rng: random.Random, keep_year: bool = False,
                 years: tuple[int, int] | None = None) -> list[str]:
    """Three real dates in the answer's own form, each with every shown part its own: with the answer 24 April 1990,
    say 11 June 1993, 3 February 1988 and 29 May 1991. No part is shown twice, so none stands out as the one the
    options agree on, and the options are no grid of two days and two months, which reviewers N and O called
    mechanical; nor all in one year, which reviewer Q called "pure day recall". With ``keep_year`` (the article's
    other dates are in the answer's year, and the question asks which of them) a full date keeps its year.
    ``years``: the first and last year an option may have (``years_allowed``); where they cut off one side, the
    years come from further on the other."""
    date = parse_date(answer)
    if date is None:
        return []
    parts = [part for part, value in (("day", date.day), ("month", date.month), ("year", date.year))
             if value is not None and not (part == "year" and date.day is not None and keep_year)]
    if len(parts) < 2 and not (parts == ["month"] and date.day is None):
        return []
    # Each part's values near the answer's, three of each drawn without repeats and put together in turn; drawn
    # again where that makes no real date (31 April). Drawing from what exists, rather than shifting at random and
    # retrying, never runs out near a month's or year's end (1 January).
    nearby = {part: _nearby(date, part, years) for part in parts}
    if any(len(values) < WRONG_OPTIONS for values in nearby.values()):
        return []
    for _ in range(20):
        drawn: list[WrittenDate | None] = [date] * WRONG_OPTIONS
        for part in parts:
            drawn = [_with(option, part, value) if option is not None else None
                     for option, value in zip(drawn, rng.sample(nearby[part], WRONG_OPTIONS))]
        if all(option is not None for option in drawn):
            return [format_date(option) for option in drawn if option is not None]
    return []


_STEPS = {"day": 10, "month": 5, "year": 6}  # how far a date's wrong options move each part (years: see _nearby)


def _nearby(date: WrittenDate, part: str, years: tuple[int, int] | None) -> list[int]:
    """The values a wrong option's ``part`` may take: the days within 10 of the answer's and the months within 5
    that still make real dates, nearest first; and the 12 years nearest the answer's with as many digits (1903
    never becomes 903) inside ``years``, so that where those cut off one side, the years come from the other."""
    value = getattr(date, part)
    reach = _STEPS[part] if part != "year" else 4 * _STEPS[part]
    # a month or year is checked without the day, which moves too (31 January may become 21 April)
    undated = date if part == "day" else replace(date, day=None)

    def fits(moved: int) -> bool:
        if _with(undated, part, moved) is None:
            return False
        return part != "year" or (len(str(moved)) == len(str(value))
                                  and (years is None or years[0] <= moved <= years[1]))

    found = (moved for step in range(1, reach + 1) for moved in (value - step, value + step) if fits(moved))
    return list(itertools.islice(found, 2 * _STEPS[part]))


def _with(date: WrittenDate, part: str, value: int) -> WrittenDate | None:
    """The date with ``part`` ("day", "month", "year") set to ``value``, if that is a real date."""
    moved = replace(date, **{part: value})  # type: ignore[arg-type]  # part is "day", "month" or "year": ints
    if not 1 <= moved.month <= 12 or (moved.year is not None and moved.year < 1):
        return None
    if moved.day is not None and not 1 <= moved.day <= calendar.monthrange(moved.year or 2000, moved.month)[1]:
        return None
    return moved


# --- names ----------------------------------------------------------------------------------------------------

#: A group of names larger than this gives this many, drawn at random, so the cost per fact stays bounded.
SAMPLE = 16


def name_candidates(answer: str, role: str | None, named: Mapping[str | None, Sequence[str]], everyone: Sequence[str],
                    pool: Sequence[str], rng: random.Random, is_place: bool = False) -> Iterator[str]:
    """Other names of the type, most like the answer first: in its role, then in no known role (and the pool),
    then any of the article's. ``named`` holds the article's names of the type by the role they are named in
    (None: no role known), ``everyone`` all of them.

    At each of those levels, names of the answer's shape come first, then of its word count, then any; and at
    each shape the article's own names before the pool's, in random order. For a place (``is_place``) that is a
    country or a capital, its neighbours come before all of those, then names on its continent.
    """
    if role is None:
        levels = [[(everyone, 0), (pool, 1)]]
    else:
        levels = [[(named.get(role, ()), 0)], [(named.get(None, ()), 0), (pool, 1)], [(everyone, 0)]]
    shape = _shape(answer)
    where = gazetteer.place(answer) if is_place else None
    for groups in levels:
        drawn = _draw(groups, rng)
        # a country or capital next to the answer's first, then on its continent (review M: "Denmark and Sweden for
        # a harbour in South America"), then by shape
        drawn.sort(key=lambda entry: (0 if where is None else _distance(entry[0], where),
                                      _likeness(_shape(entry[0]), shape), entry[1]))
        yield from (name for name, _ in drawn)


def _distance(name: str, answers: gazetteer.Place) -> int:
    """0 for a neighbour of the answer's country, 1 for a country or capital on its continent, 2 for anything else."""
    if name in answers.neighbours:
        return 0
    where = gazetteer.place(name)
    return 1 if where is not None and where.continent == answers.continent else 2


def _draw(groups: list[tuple[Sequence[str], int]], rng: random.Random) -> list[tuple[str, int]]:
    """The names of the groups (with each group's source rank) in random order; at most SAMPLE of them, drawn
    uniformly over all the groups' names, when they hold more."""
    total = sum(len(names) for names, _ in groups)
    picks = range(total) if total <= SAMPLE else rng.sample(range(total), SAMPLE)
    drawn = []
    for pick in picks:
        for names, source in groups:
            if pick < len(names):
                drawn.append((names[pick], source))
                break
            pick -= len(names)
    rng.shuffle(drawn)
    return drawn


@lru_cache(maxsize=65536)  # a type's names are compared with every answer of the type
def _shape(text: str) -> tuple[int, tuple[bool, ...]]:
    """Word count and which words are capitalised: "Klim Shipenko" looks like (2, (True, True))."""
    words = text.split()
    return len(words), tuple(word[:1].isupper() for word in words)


def _likeness(shape: tuple[int, tuple[bool, ...]], answer: tuple[int, tuple[bool, ...]]) -> int:
    """0 for the answer's exact shape, 1 for its word count, 2 for anything else (a stable sort keeps the draw)."""
    return 0 if shape == answer else 1 if shape[0] == answer[0] else 2


def dressed_like(candidate: str, answer: str, type_: str, opens_sentence: bool, surname: bool = True) -> str | None:
    """A wrong option written as the answer is, so its look gives nothing away; None if it cannot be.

    A surname answer gets surnames ("Peresild" against "Shipenko"; never "XVI" from "Benedict XVI"); a person the
    article names by one word only (``surname`` false: "Pachacuti") gets whole names ("Huayna Capac", not "Capac":
    review S); a lowercase answer gets lowercase options, and a capitalised first word of a sentence capitalised ones.
    """
    if language.is_person_type(type_) and " " not in answer and " " in candidate and surname:
        family = language.surname(candidate)
        if family is None:
            return None
        candidate = family
    if answer.islower() and candidate[:1].isupper() and candidate[1:].islower():
        return candidate[0].lower() + candidate[1:]
    if opens_sentence and answer[:1].isupper() and answer[1:].islower() and candidate.islower():
        return candidate[0].upper() + candidate[1:]
    return candidate
