"""A file the store does not understand is reported and left as it is: not SQLite, damaged, or from a newer
orbitquiz. A damaged one is first copied beside itself (``orbitquiz-damaged-….sqlite3``), so that whatever the
player does next loses nothing."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from orbitquiz.store.errors import DISK_CODES, StoreError, busy, disk_problem, is_busy, result_code
from orbitquiz.store.schema import examine, version_and_objects

_SQLITE_HEADER = b"SQLite format 3\x00"


class Damaged(StoreError):
    """SQLite found damage while the game was using the file (reported as is; the next start copies the file)."""

    def __init__(self, path: Path, detail: str) -> None:
        self.detail = detail
        super().__init__(path, damaged_message(path, detail))


def wal_has_frames(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def inspect(path: Path, known: int) -> None:
    """Check a file whose WAL holds answers (left by a crash, or another game is running) through a read-only
    connection, before opening it for writing. A read-write connection would change even a file it then refuses:
    the last one to close checkpoints the WAL into the main file and deletes it. (With an empty WAL that changes
    nothing, and a read-only connection would leave its -wal and -shm behind: hence only here.)"""
    try:
        db = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, timeout=30, isolation_level=None)
    except sqlite3.Error as error:
        raise disk_problem(path, error) from None
    try:
        db.execute("BEGIN")
        examine(version_and_objects(db), path, known)
        problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
        db.execute("COMMIT")
        if problems != ["ok"]:
            raise damaged_error(path, "; ".join(problems[:3]))
    except sqlite3.DatabaseError as error:
        raise open_error(path, error) from None
    finally:
        db.close()


def check_header(path: Path) -> bool:
    """True if the file exists and is not empty (and so starts as SQLite's files do)."""
    # Look before SQLite does: it would call a foreign file "not a database" only once it tries to change it.
    try:
        with path.open("rb") as file:
            header = file.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StoreError(path, f"{path}: cannot read the database ({error.strerror or error}) — check the file's "
                         "permissions, or use --data-dir for a separate file") from None
    if header and header != _SQLITE_HEADER:
        # Garbage, or zeros where a crash or a failing disk lost the page: damage, or someone else's file. Either
        # way it is copied first, so moving it aside (as the message suggests) can lose nothing.
        backup = _backup(path)
        raise StoreError(
            path, f"{path}: not a SQLite database, so not orbitquiz's scores — orbitquiz left it untouched"
            f"{_kept_at(backup)}; move it aside to start afresh, or use --data-dir for a separate file",
            backup,
        )
    return bool(header)


def damaged_message(path: Path, detail: str, backup: Path | None = None) -> str:
    return (
        f"{path}: the database is damaged ({detail}) — orbitquiz left it untouched{_kept_at(backup)}; try "
        f"`sqlite3 {backup or path} .recover` to rescue the scores, or move the file aside to start afresh, or use "
        "--data-dir for a separate file"
    )


def open_error(path: Path, error: sqlite3.DatabaseError) -> StoreError:
    """What an error met while opening or checking the file means for the player."""
    if isinstance(error, sqlite3.OperationalError) and is_busy(error):
        return StoreError(path, busy(path))
    if result_code(error) in DISK_CODES:
        return disk_problem(path, error)
    # CORRUPT, NOTADB, or anything else SQLite could not read: treat the file as damaged, never guess it is fine.
    return damaged_error(path, str(error))


def damaged_error(path: Path, detail: str) -> StoreError:
    """The error for a damaged file, made once the file is copied (before anything can change it)."""
    backup = _backup(path)
    return StoreError(path, damaged_message(path, detail, backup), backup)


def _kept_at(backup: Path | None) -> str:
    return f", and kept a copy as it was in {backup}" if backup else " (it could not make a copy: keep one yourself)"


def _backup(path: Path) -> Path | None:
    """Copy ``path`` (and its WAL, which holds its latest answers) to ``orbitquiz-damaged-TIME.sqlite3`` beside it.
    The same bytes are copied once, however often the game is started. None if no copy could be made (a full disk,
    a read-only folder): the original is still untouched."""
    try:
        data = path.read_bytes()
        wal = path.with_name(path.name + "-wal")
        wal_data = (wal.read_bytes() or None) if wal.exists() else None  # an empty WAL holds nothing to keep
        for earlier in path.parent.glob(f"{path.stem}-damaged-*{path.suffix}"):
            earlier_wal = earlier.with_name(earlier.name + "-wal")
            earlier_wal_data = (earlier_wal.read_bytes() or None) if earlier_wal.exists() else None
            if earlier.read_bytes() == data and earlier_wal_data == wal_data:
                return earlier
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
        number = 1
        while backup.exists():
            number += 1
            backup = path.with_name(f"{path.stem}-damaged-{stamp}-{number}{path.suffix}")
        if wal_data is not None:
            _write_durably(backup.with_name(backup.name + "-wal"), wal_data)
        # The main file last, under its final name only once complete: a copy that exists is a whole copy.
        _write_durably(backup, data)
        return backup
    except OSError:
        return None


def _write_durably(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
