"""Small English helpers for the words the game prints: a count with its noun in the right number."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``, ``0 files``; ``many`` for a noun whose plural is not noun + "s" (``1 box, 2 boxes``)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
