"""SQLite storage: players, rounds, answers, review cards and settings. The only package that touches the database.

One file per data dir, in WAL mode with ``synchronous=FULL`` so an answer is on disk once ``record_answer``
returns, even if the game is killed the next instant. Every write is one ``BEGIN IMMEDIATE`` transaction, retried
with backoff while another process (the browser version runs one per tab) holds the lock. A file this code does
not understand — not SQLite, damaged, or from a newer orbitquiz — is reported and left exactly as it is; a damaged
one is first copied beside itself (``orbitquiz-damaged-….sqlite3``), so whatever the player does next loses nothing.
A full disk or a read-only folder is a ``StoreError`` with a message saying so, never a raw SQLite error.

Times are stored as UTC ISO-8601 strings of fixed width (so they sort as text); ``now`` is always passed in.

This module opens the file and runs each transaction; the rest is one job per module: ``schema`` (migrations),
``errors`` (StoreError and SQLite's result codes), ``damage`` (files it does not understand, and their copies),
``answers`` (players, rounds, answers), ``review_cards``, ``settings`` and ``queries`` (what the game and the
reports read). ``Store`` is those parts in one object.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar

import platformdirs

from orbitquiz.store.answers import Answers
from orbitquiz.store.damage import Damaged, check_header, damaged_error, inspect, open_error, wal_has_frames
from orbitquiz.store.errors import DAMAGED_CODES, DISK_CODES, StoreError, busy, disk_problem, is_busy, result_code
from orbitquiz.store.queries import Queries
from orbitquiz.store.review_cards import ReviewCards
from orbitquiz.store.schema import MIGRATIONS, SCHEMA_VERSION, examine, statements, version_and_objects
from orbitquiz.store.settings import Settings, SettingValue

__all__ = ["DB_NAME", "MIGRATIONS", "SCHEMA_VERSION", "SettingValue", "Store", "StoreError", "default_data_dir"]

DB_NAME = "orbitquiz.sqlite3"
T = TypeVar("T")

# Bounded retries on top of busy_timeout: the busy handler is not called in every case (WAL recovery after a
# crash, a COMMIT that meets a reader in rollback mode), and a player must never see "database is locked".
_RETRIES = 8
_BACKOFF = 0.05  # seconds, doubled each attempt, with jitter so waiting processes do not wake in lockstep


def default_data_dir() -> Path:
    """``$ORBITQUIZ_HOME`` if set, else the platform's user data dir (``~/.local/share/orbitquiz`` on Linux)."""
    home = os.environ.get("ORBITQUIZ_HOME")
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir("orbitquiz", appauthor=False))


class Store(Answers, Settings, ReviewCards, Queries):
    """An open orbitquiz database. Use ``Store.open()``; close it, or use it as a context manager.

    Safe to share between threads (a lock serialises use of the one connection) and between processes (SQLite's
    own locking, plus retries). Every ``player`` argument is an id from ``player()`` or ``find_player()``.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._lock = threading.RLock()
        self._jitter = random.Random()

    # -- opening ---------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path | None = None) -> Store:
        """Open (creating if needed) ``orbitquiz.sqlite3`` in ``data_dir`` (default: ``default_data_dir()``)."""
        directory = default_data_dir() if data_dir is None else Path(data_dir)
        path = directory / DB_NAME
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                path, f"{directory}: cannot create the data directory ({error.strerror or error}) — "
                "fix its permissions, or use --data-dir to put the scores elsewhere"
            ) from None
        if check_header(path) and wal_has_frames(path):
            inspect(path, len(MIGRATIONS))
        try:
            connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise disk_problem(path, error) from None
        store = cls(connection, path)
        try:
            store._prepare()
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self) -> None:
        db, path = self._db, self.path
        # Connection-level settings only, until the file is known to be ours: nothing below writes to it.
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA foreign_keys=ON")
        try:
            examine(self._read(version_and_objects), path, len(MIGRATIONS))
            problems = self._read(lambda db: [row[0] for row in db.execute("PRAGMA quick_check").fetchall()])
            if problems != ["ok"]:
                raise damaged_error(path, "; ".join(problems[:3]))
            # Only now change the file: WAL lets readers and one writer work at once (one process per tab);
            # FULL syncs the WAL on every commit, so a confirmed answer survives a kill or a power cut.
            self._retry(lambda: db.execute("PRAGMA journal_mode=WAL").fetchone())
            db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except Damaged as error:
            raise damaged_error(path, error.detail) from None
        except sqlite3.DatabaseError as error:
            raise open_error(path, error) from None

    def _migrate(self) -> None:
        def step(db: sqlite3.Connection) -> bool:
            # Read the version under the write lock: another process may have migrated while we waited.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version >= len(MIGRATIONS):
                return False
            migration = MIGRATIONS[version]
            try:
                if isinstance(migration, str):
                    for statement in statements(migration):
                        db.execute(statement)
                else:
                    migration(db)
            except sqlite3.Error as error:
                if isinstance(error, sqlite3.OperationalError) and is_busy(error):
                    raise
                # Not damage: our own upgrade failed. The transaction rolls back, so the file keeps its version.
                raise StoreError(
                    self.path, f"{self.path}: could not upgrade the database from schema {version} to "
                    f"{version + 1} ({error}); the file was left as it was — please report this, and meanwhile use "
                    "the previous orbitquiz or --data-dir for a separate file"
                ) from None
            db.execute(f"PRAGMA user_version={version + 1}")
            return True

        # One transaction per migration, so a crash leaves the file at a version it really has.
        while self._write(step):
            pass

    # -- transactions ----------------------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, kind: str = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` (writes: take the write lock up front, so no deadlock on upgrade) or ``BEGIN``
        (reads: one consistent snapshot) ... ``COMMIT``; ``ROLLBACK`` on any error."""
        self._db.execute(f"BEGIN {kind}")
        try:
            yield self._db
        except BaseException:
            self._rollback()
            raise
        try:
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite may have rolled back already; the original error is the one to report

    def _retry(self, action: Callable[[], T]) -> T:
        """Run ``action``, again after a growing pause each time SQLite says the database is locked or busy."""
        for attempt in range(_RETRIES):
            try:
                with self._lock:
                    return action()
            except sqlite3.OperationalError as error:
                if not is_busy(error) or attempt == _RETRIES - 1:
                    raise
            time.sleep(_BACKOFF * 2**attempt * (0.5 + self._jitter.random()))
        raise AssertionError("unreachable")

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._run("IMMEDIATE", work)

    def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._run("DEFERRED", work)

    def _run(self, kind: str, work: Callable[[sqlite3.Connection], T]) -> T:
        def attempt() -> T:
            with self._transaction(kind) as db:
                return work(db)

        try:
            return self._retry(attempt)
        except sqlite3.OperationalError as error:
            if is_busy(error):
                raise StoreError(self.path, busy(self.path)) from None
            if result_code(error) in DISK_CODES:
                raise disk_problem(self.path, error) from None  # rolled back: no half-written answer
            if result_code(error) in DAMAGED_CODES:
                raise Damaged(self.path, str(error)) from None
            raise
        except sqlite3.DatabaseError as error:
            if result_code(error) in DAMAGED_CODES:
                raise Damaged(self.path, str(error)) from None
            raise

    # -- closing ---------------------------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
