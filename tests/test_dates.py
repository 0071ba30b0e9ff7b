"""Dates as people write them: read into day, month and year, written back in the same form."""

from __future__ import annotations

import calendar
import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.dates import FORMS, WrittenDate, format_date, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("20 February 1986", WrittenDate(20, 2, 1986, "D Month Y")),
    ("February 20, 1986", WrittenDate(20, 2, 1986, "Month D, Y")),
    ("20 Feb 1986", WrittenDate(20, 2, 1986, "D Mon Y")),
    ("20th February 1986", WrittenDate(20, 2, 1986, "Dth Month Y")),
    ("February 1986", WrittenDate(None, 2, 1986, "Month Y")),
    ("20 February", WrittenDate(20, 2, None, "D Month")),
    ("Thursday, 20 February 1986", WrittenDate(20, 2, 1986, "Weekday, D Month Y")),
    ("Thu 20 Feb. 1986", WrittenDate(20, 2, 1986, "Wkd D Mon. Y")),
    ("  april 24 1990 ", WrittenDate(24, 4, 1990, "Month D Y")),
    ("Sept 1, 1939", WrittenDate(1, 9, 1939, "Mon D, Y")),
    ("4 September 476", WrittenDate(4, 9, 476, "D Month Y")),
])
def test_the_common_english_forms_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "2/3/1986", "1986-02-20", "20.02.1986", "1986", "20", "February", "20 Febuary 1986", "31 April 1990",
    "29 February 1900", "0 May 2000", "May 5, 86", "Friday, 20 February 1986",  # 20 February 1986 was a Thursday
    "Thursday, 20 February", "20 February 1986 rocket", ", 20 February 1986", "20 February 1986,", "20 20 1986",
    "February 20 21", "1st", "20th 1986", "the 20 February 1986", "",
])
def test_what_is_not_only_a_real_date_is_none(text):
    assert parse_date(text) is None


def test_29_february_is_a_date_in_leap_years_and_without_a_year():
    assert parse_date("29 February 2000") == WrittenDate(29, 2, 2000, "D Month Y")
    assert parse_date("29 February") == WrittenDate(29, 2, None, "D Month")
    assert parse_date("29 February 2001") is None


def test_a_date_is_written_back_in_its_own_form():
    assert format_date(WrittenDate(25, 4, 1990, "Month D, Y")) == "April 25, 1990"
    assert format_date(WrittenDate(1, 9, 1939, "Dth Month Y")) == "1st September 1939"
    assert format_date(WrittenDate(22, 9, 1939, "Month Dth, Y")) == "September 22nd, 1939"
    assert format_date(WrittenDate(13, 9, None, "Dth Mon")) == "13th Sep"
    assert format_date(WrittenDate(21, 2, 1986, "Weekday, D Month Y")) == "Friday, 21 February 1986"
    assert format_date(WrittenDate(None, 3, 1986, "Month Y")) == "March 1986"
    with pytest.raises(ValueError, match="day"):
        format_date(WrittenDate(None, 3, 1986, "D Month Y"))


@st.composite
def written_dates(draw) -> WrittenDate:
    form = draw(st.sampled_from(FORMS))
    day = draw(st.dates(datetime.date(100, 1, 1)))
    if day.month == 5:  # May's short name is its name: "1 May 2000" is read as the form "D Month Y"
        form = re.sub(r"\bMon\b", "Month", form)
    return WrittenDate(day.day if "D" in form else None, day.month, day.year if "Y" in form else None, form)


@given(written_dates())
def test_reading_a_written_date_gives_it_back(date):
    assert parse_date(format_date(date)) == date


@given(st.integers(-1, 40), st.integers(1, 12), st.integers(100, 9999), st.sampled_from(["D Month Y", "Month D, Y"]))
def test_only_real_dates_are_read(day, month, year, form):
    text = format_date(WrittenDate(day, month, year, form))
    real = 1 <= day <= calendar.monthrange(year, month)[1]
    assert (parse_date(text) is not None) == real


def test_a_form_with_dots_and_a_weekday_writes_back_the_same_text():
    for text in ("Thu 20 Feb. 1986", "Thursday, February 20th, 1986", "Sept. 1986"):
        date = parse_date(text)
        assert date is not None and format_date(date) == text.replace("Sept.", "Sep.")
    with pytest.raises(ValueError, match="not a key"):
        format_date(WrittenDate(1, 1, 2000, "D Month Year"))
