"""What every part of the store builds on: the file's path, one transaction at a time, and how times are kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class Access:
    """A part of the store (answers, settings, queries ...): ``Store`` gives it the file and its transactions."""

    path: Path

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in one write transaction (``BEGIN IMMEDIATE``), retried while another process writes."""
        raise NotImplementedError

    def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in one read transaction: one consistent snapshot."""
        raise NotImplementedError


def iso(moment: datetime) -> str:
    """A time as stored: UTC ISO-8601 of fixed width, so that times sort as text."""
    # Refuse naive times instead of guessing whether they are local or UTC.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
