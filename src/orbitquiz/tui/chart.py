"""A bar chart of shares (0..1) on a fixed 0–100% scale, one column per value, newest at the right.

Textual's Sparkline stretches its data between the smallest and the largest value, so rounds of 50% and 60% would
look like nothing and everything; a player reading their accuracy needs the scale to stay put.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

_EIGHTHS = " ▁▂▃▄▅▆▇█"
_AXIS = ("100%", "  0%")


def bars(values: Sequence[float], height: int) -> list[str]:
    """The chart's rows, top first: each value a column of eighths of a cell, 100% filling all ``height`` rows."""
    rows = []
    for row in reversed(range(height)):
        cells = (min(max(round(value * height * 8) - row * 8, 0), 8) for value in values)
        rows.append("".join(_EIGHTHS[filled] for filled in cells))
    return rows


class ShareChart(Widget):
    """The last values that fit the width, on a fixed scale, with 100% and 0% marked on the left."""

    DEFAULT_CSS = "ShareChart { height: 4; color: $primary; }"

    def __init__(self, values: Sequence[float], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.values = tuple(values)

    def render(self) -> Text:
        height = max(self.size.height, 2)
        room = max(self.size.width - len(_AXIS[0]) - 2, 1)
        rows = bars(self.values[-room:], height)
        labels = [_AXIS[0], *[" " * len(_AXIS[0])] * (height - 2), _AXIS[1]]
        return Text("\n".join(f"{label} │{row}" for label, row in zip(labels, rows, strict=True)))
