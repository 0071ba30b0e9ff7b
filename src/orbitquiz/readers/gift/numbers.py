"""GIFT's numeric answers: ``1822``, ``1822:5`` (a value and a tolerance) or ``1817..1827`` (a range), read into
the range of numbers they accept. The reader reports a NumberError at its character; the writer asks whether a
range it is about to write reads back as itself."""

from __future__ import annotations

import math
from decimal import Decimal

from orbitquiz.readers.common import excerpt
from orbitquiz.readers.gift.positions import Src
from orbitquiz.readers.gift.syntax import NUMBER


class NumberError(Exception):
    """A numeric answer that cannot be read: what is wrong, and the file offset of the character at fault."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset, self.message = offset, message


def number_range(part: Src) -> tuple[str, float, float]:
    """``1822``, ``1822:5`` or ``1817..1827``: the answer as written and the range it accepts."""
    dots = part.find("..")
    if dots > 0:
        low_part, high_part = part[:dots].strip(), part[dots + 2 :].strip()
        low, high = _number(low_part), _number(high_part)
        if low > high:
            raise NumberError(part.at(0), f"the range {part.text} runs backwards — write the smaller number "
                              "first, e.g. 1..5")
        return f"{low_part.text}..{high_part.text}", _finite(low, part), _finite(high, part)
    colon = part.find(":")
    if colon > 0:
        value_part, tolerance_part = part[:colon].strip(), part[colon + 1 :].strip()
        value = _number(value_part)
        if not tolerance_part.text:
            raise NumberError(part.at(colon), "no tolerance after ':' — write value:tolerance, e.g. 1822:5")
        tolerance = _number(tolerance_part)
        if tolerance < 0:
            raise NumberError(tolerance_part.at(0), "the tolerance is negative — write how far off an answer "
                              "may be, e.g. 1822:5")
        try:
            low, high = value - tolerance, value + tolerance
        except ArithmeticError:
            raise NumberError(part.at(0), "the number is too large — write a smaller one") from None
        return value_part.text, _finite(low, part), _finite(high, part)
    value = _number(part)
    return part.text, _finite(value, part), _finite(value, part)


def _number(part: Src) -> Decimal:
    if not NUMBER.match(part.text):
        what = f"'{excerpt(part.text)}' is not a number" if part.text else "a number is missing"
        raise NumberError(part.at(0), f"{what} — write digits with '.' for decimals, e.g. 1822 or 3.14")
    try:
        return Decimal(part.text)
    except ArithmeticError:
        raise NumberError(part.at(0), "the number is too large — write a smaller one") from None


def _finite(value: Decimal, part: Src) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise NumberError(part.at(0), "the number is too large — write a smaller one")
    return number
