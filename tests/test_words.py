"""The one plural helper every printed count goes through."""

from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.words import plural


def test_one_is_singular_every_other_count_plural() -> None:
    assert plural(1, "file") == "1 file"
    assert plural(0, "file") == "0 files"
    assert plural(2, "round") == "2 rounds"
    assert plural(1, "box", "boxes") == "1 box" and plural(3, "box", "boxes") == "3 boxes"


@given(st.integers(-5, 10_000).filter(lambda n: n != 1))
def test_any_count_but_one_takes_the_plural(count: int) -> None:
    assert plural(count, "candidate answer") == f"{count} candidate answers"
