"""What can go wrong with the database, in the player's words: ``StoreError`` names the file and says what to do;
SQLite's own errors are sorted by their result codes into busy, disk and damage."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The database cannot be used; the message names the file and says what to do. The file is left untouched.

    ``backup`` is the copy made of a damaged file before anything else happened to it (None otherwise)."""

    def __init__(self, path: Path, message: str, backup: Path | None = None) -> None:
        self.path = path
        self.backup = backup
        super().__init__(message)


def is_busy(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def result_code(error: sqlite3.Error) -> int:
    # The primary result code (the low byte of the extended one); 0 if SQLite gave none.
    return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF


DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
NO_WRITE_CODES = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM})
DISK_CODES = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR}) | NO_WRITE_CODES


def disk_problem(path: Path, error: sqlite3.Error) -> StoreError:
    """A full disk, a read-only folder or file, a disk error: say which, in the player's words."""
    code = result_code(error)
    if code == sqlite3.SQLITE_FULL:
        return StoreError(path, f"{path}: the disk is full, so scores cannot be saved — free some space, or use "
                          "--data-dir to keep them on another disk")
    if code in NO_WRITE_CODES or not os.access(path.parent, os.W_OK):
        return StoreError(path, f"{path}: orbitquiz may not write there ({error}; the folder or the file is "
                          "read-only), so scores cannot be saved — fix its permissions, or use --data-dir to keep "
                          "them elsewhere")
    return StoreError(path, f"{path}: the disk reported an error ({error}), so scores cannot be saved — check the "
                      "disk, or use --data-dir to keep them elsewhere")


def busy(path: Path) -> str:
    return f"{path}: another program kept the database locked for too long — close other orbitquiz windows and retry"
