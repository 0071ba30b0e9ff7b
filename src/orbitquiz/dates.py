"""Dates as people write them in English: read into day, month and year, and written back in the same form.

"20 February 1986", "February 20, 1986", "20 Feb 1986", "20th February 1986", "February 1986", "20 February",
each with or without a weekday ("Thursday, 20 February 1986"). The all-digit forms (2/3/1986) are not read:
whether they mean 2 March or February 3 depends on who wrote them.

A date's ``form`` is a small template that ``format_date`` fills in: the keys below, separated by the spaces,
commas and dots the text had ("D Mon. Y", "Weekday, Month D, Y").

    D        the day                      20
    Dth      the day as an ordinal        20th
    Month    the month's name             February
    Mon      the month's short name       Feb
    Y        the year                     1986
    Weekday  the day of the week          Thursday
    Wkd      its short name               Thu
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["FORMS", "WrittenDate", "format_date", "parse_date"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: The forms most often met, for callers that pick one (every form ``parse_date`` reads is a template like these).
FORMS = ("D Month Y", "Month D, Y", "D Mon Y", "Mon D, Y", "Dth Month Y", "Month Dth, Y", "Month Y", "Mon Y",
         "D Month", "Month D", "D Mon", "Mon D", "Weekday, D Month Y", "Weekday, Month D, Y")


@dataclass(frozen=True)
class WrittenDate:
    day: int | None
    month: int
    year: int | None
    #: How it was written, as a template of the keys above: "D Month Y", "Month D, Y", "Month Y" ...
    form: str


_KEYS = ("D", "Dth", "Month", "Mon", "Y", "Weekday", "Wkd")
# Names, lower-cased, to (key, number): the short ones as people write them, with or without a dot.
_MONTH_NAMES = {name.lower(): ("Month", n) for n, name in enumerate(MONTHS, start=1)}
_MONTH_SHORT = {name[:3].lower(): ("Mon", n) for n, name in enumerate(MONTHS, start=1)} | {"sept": ("Mon", 9)}
_WEEKDAY_NAMES = {name.lower(): ("Weekday", n) for n, name in enumerate(WEEKDAYS)}
_WEEKDAY_SHORT = {name[:3].lower(): ("Wkd", n) for n, name in enumerate(WEEKDAYS)} | {
    "tues": ("Wkd", 1), "thur": ("Wkd", 3), "thurs": ("Wkd", 3)}

_TOKEN = re.compile(r"\s*(?:(?P<word>[^\W\d_]+)(?P<dot>\.)?|(?P<number>\d+)(?P<suffix>st|nd|rd|th)?|(?P<comma>,))",
                    re.IGNORECASE)
# The order of the parts, by key (the weekday is checked apart): day and month either way round, a year after.
_ORDERS = re.compile(r"(D|Dth) (Month|Mon)( Y)?|(Month|Mon) (D|Dth)( Y)?|(Month|Mon) Y")


def parse_date(text: str) -> WrittenDate | None:
    """The date ``text`` is, if it is only a date, and a real one (no 31 April, no 29 February 1900)."""
    if not any(char.isdigit() for char in text):
        return None  # every form has a day or a year: most answers are turned away here
    parts = _parts(text.strip())
    if parts is None:
        return None
    form = "".join(part.separator + part.key + part.dot for part in parts)
    weekday = parts.pop(0).value if parts[0].key in ("Weekday", "Wkd") else None
    if not _ORDERS.fullmatch(" ".join(part.key for part in parts)):
        return None
    day = next((part.value for part in parts if part.key in ("D", "Dth")), None)
    month = next(part.value for part in parts if part.key in ("Month", "Mon"))
    year = next((part.value for part in parts if part.key == "Y"), None)
    if not _is_real(day, month, year):
        return None
    if weekday is not None and (day is None or year is None or datetime.date(year, month, day).weekday() != weekday):
        return None  # a weekday is only checked against a whole date; a wrong one means the text is not a date
    return WrittenDate(day, month, year, form)


def format_date(date: WrittenDate) -> str:
    """The date written in its ``form``: WrittenDate(20, 2, 1986, "Month D, Y") → "February 20, 1986"."""

    def fill(key: re.Match[str]) -> str:
        name = key.group()
        if name not in _KEYS:
            raise ValueError(f"{name!r} in the form {date.form!r} is not a key of a date form")
        if name in ("D", "Dth", "Weekday", "Wkd") and date.day is None:
            raise ValueError(f"the form {date.form!r} needs a day")
        if name in ("Y", "Weekday", "Wkd") and date.year is None:
            raise ValueError(f"the form {date.form!r} needs a year")
        if name in ("Weekday", "Wkd"):
            assert date.year is not None and date.day is not None  # both checked just above
            weekday = WEEKDAYS[datetime.date(date.year, date.month, date.day).weekday()]
            return weekday if name == "Weekday" else weekday[:3]
        month = MONTHS[date.month - 1]
        return {"D": str(date.day), "Dth": _ordinal(date.day or 0), "Month": month, "Mon": month[:3],
                "Y": str(date.year)}[name]

    return re.sub(r"[A-Za-z]+", fill, date.form)


class _Part(NamedTuple):
    key: str  # "D", "Month" ... as in a form
    value: int  # the day, the month's number, the year, the weekday (0 = Monday)
    separator: str  # what the form puts before it: "" first, else " " or ", "
    dot: str  # "." after a short name that had one ("Feb."), else ""


def _parts(text: str) -> list[_Part] | None:
    """The text as parts of a date, or None if some word or number is not a piece of one."""
    parts: list[_Part] = []
    comma = False
    position = 0
    while position < len(text):
        token = _TOKEN.match(text, position)
        if token is None:
            return None
        position = token.end()
        if token["comma"]:
            if not parts or comma:
                return None  # a comma first, or two in a row
            comma = True
            continue
        found = _key_and_value(token)
        if found is None:
            return None
        separator = (", " if comma else " ") if parts else ""
        parts.append(_Part(*found, separator, token["dot"] or ""))
        comma = False
    if comma or not parts:
        return None  # a comma last, or nothing at all
    return parts


def _key_and_value(token: re.Match[str]) -> tuple[str, int] | None:
    """("Month", 2) for "February", ("Dth", 20) for "20th", ("Y", 1986) for "1986"; None for anything else."""
    if token["word"]:
        word = token["word"].lower()
        if token["dot"]:  # only a short name takes a dot: "Feb.", "Thu."
            return _MONTH_SHORT.get(word) or _WEEKDAY_SHORT.get(word)
        return _MONTH_NAMES.get(word) or _MONTH_SHORT.get(word) or _WEEKDAY_NAMES.get(word) or _WEEKDAY_SHORT.get(word)
    digits = token["number"]
    if len(digits) <= 2:
        return ("Dth" if token["suffix"] else "D"), int(digits)
    if len(digits) <= 4 and not token["suffix"]:
        return "Y", int(digits)
    return None


def _is_real(day: int | None, month: int, year: int | None) -> bool:
    if year is not None and not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return False
    if day is None:
        return True
    return 1 <= day <= calendar.monthrange(2000 if year is None else year, month)[1]  # 2000: 29 February is real


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"
