"""SQLite storage: players, rounds, answers, review cards and settings. The only module that touches the database.

One file per data dir, in WAL mode with ``synchronous=FULL`` so an answer is on disk once ``record_answer``
returns, even if the game is killed the next instant. Every write is one ``BEGIN IMMEDIATE`` transaction, retried
with backoff while another process (the browser version runs one per tab) holds the lock. A file this code does
not understand — not SQLite, damaged, or from a newer orbitquiz — is reported and left exactly as it is; a damaged
one is first copied beside itself (``orbitquiz-damaged-….sqlite3``), so whatever the player does next loses nothing.
A full disk or a read-only folder is a ``StoreError`` with a message saying so, never a raw SQLite error.

Times are stored as UTC ISO-8601 strings of fixed width (so they sort as text); ``now`` is always passed in.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

import platformdirs

from orbitquiz import review, streaks
from orbitquiz.grading import describe
from orbitquiz.plain import clean_name
from orbitquiz.model import Question, Verdict

if TYPE_CHECKING:
    from orbitquiz.class_report import AnsweredMark, CardRow, FinishedRound
    from orbitquiz.items import AnswerRow
    from orbitquiz.reports import LeaderboardRow, ModeStats, ReportRow, Stats

__all__ = ["DB_NAME", "SCHEMA_VERSION", "SettingValue", "Store", "StoreError", "default_data_dir"]

DB_NAME = "orbitquiz.sqlite3"
SettingValue = str | int | float | bool | None
T = TypeVar("T")

_SQLITE_HEADER = b"SQLite format 3\x00"
# Bounded retries on top of busy_timeout: the busy handler is not called in every case (WAL recovery after a
# crash, a COMMIT that meets a reader in rollback mode), and a player must never see "database is locked".
_RETRIES = 8
_BACKOFF = 0.05  # seconds, doubled each attempt, with jitter so waiting processes do not wake in lockstep


class StoreError(Exception):
    """The database cannot be used; the message names the file and says what to do. The file is left untouched.

    ``backup`` is the copy made of a damaged file before anything else happened to it (None otherwise)."""

    def __init__(self, path: Path, message: str, backup: Path | None = None) -> None:
        self.path = path
        self.backup = backup
        super().__init__(message)


class _Damaged(StoreError):
    """SQLite found damage while the game was using the file (reported as is; the next start copies the file)."""

    def __init__(self, path: Path, detail: str) -> None:
        self.detail = detail
        super().__init__(path, _damaged(path, detail))


# --- schema -------------------------------------------------------------------------------------------------------

_V1 = """
CREATE TABLE players (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '' AND name = trim(name))
);
CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    player_id   INTEGER NOT NULL REFERENCES players(id),
    pack        TEXT NOT NULL,
    mode        TEXT NOT NULL,
    seed        INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    local_day   TEXT,               -- the player's calendar day when finished, YYYY-MM-DD (daily streaks)
    score       INTEGER,
    answered    INTEGER NOT NULL DEFAULT 0,
    correct     INTEGER NOT NULL DEFAULT 0,
    best_streak INTEGER
);
CREATE INDEX rounds_by_player_pack ON rounds(player_id, pack);
CREATE INDEX rounds_by_pack ON rounds(pack);
CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    question_id TEXT NOT NULL,
    fact_id     TEXT NOT NULL,
    pack        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    fact_type   TEXT NOT NULL,
    prompt      TEXT NOT NULL,
    expected    TEXT NOT NULL,
    response    TEXT NOT NULL,
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    credit      REAL NOT NULL,
    how         TEXT NOT NULL,
    points      INTEGER NOT NULL,
    hinted      INTEGER NOT NULL CHECK (hinted IN (0, 1)),
    skipped     INTEGER NOT NULL CHECK (skipped IN (0, 1)),
    answered_at TEXT NOT NULL
);
CREATE INDEX answers_by_round ON answers(round_id);
CREATE INDEX answers_by_pack_question ON answers(pack, question_id);
CREATE TABLE review_cards (
    player_id INTEGER NOT NULL REFERENCES players(id),
    pack      TEXT NOT NULL,
    fact_id   TEXT NOT NULL,
    card_json TEXT NOT NULL,        -- fsrs's own Card.to_json()
    due       TEXT NOT NULL,
    PRIMARY KEY (player_id, pack, fact_id)
) WITHOUT ROWID;
CREATE TABLE settings (
    player_id INTEGER REFERENCES players(id),   -- NULL: a global setting
    key       TEXT NOT NULL,
    value     TEXT NOT NULL                     -- JSON, so numbers and booleans come back as such
);
-- NULLs are distinct in a UNIQUE index, so the global scope is folded to 0 (never a player id).
CREATE UNIQUE INDEX settings_by_scope_key ON settings(ifnull(player_id, 0), key);
"""

# Version 2: what matched, as data (the value of grading's Match: 'exact', 'typo' ...; NULL for a skipped
# question), so that nothing has to read the words a player was shown. Answers stored before are given theirs
# from those words, which until then named each kind in one way.
_V2 = """
ALTER TABLE answers ADD COLUMN matched TEXT;
UPDATE answers SET matched = CASE
    WHEN how IN ('exact', 'wrong', 'no answer') THEN how
    WHEN how = 'accent ignored' THEN 'accents'
    WHEN how = 'accepted alternative' THEN 'alternative'
    WHEN how = 'number written as a word' THEN 'number word'
    WHEN how = 'number written in digits' THEN 'number digits'
    WHEN how = 'within the accepted range' THEN 'in range'
    WHEN how = 'not one of the options' THEN 'not an option'
    WHEN how LIKE 'partly right (%' THEN 'partial credit'
    WHEN how LIKE '_ typo% — the spelling is %' THEN 'typo'
END;
"""

# Version 3: a round the player stopped while it still had questions: its score is not a full round's (results, stats).
_V3 = """
ALTER TABLE rounds ADD COLUMN ended_early INTEGER NOT NULL DEFAULT 0 CHECK (ended_early IN (0, 1));
"""

# Version 4: the options a multiple-choice question showed, in order, as a JSON list (NULL for a fill-in question
# and for answers stored before): a round draws its wrong options from its seed, so only this says which options a
# player saw — item analysis counts an option's picks out of its showings, and finds the ones nobody picks.
_V4 = """
ALTER TABLE answers ADD COLUMN options TEXT;
"""

Migration = str | Callable[[sqlite3.Connection], None]

#: ``MIGRATIONS[i]`` takes a file from schema version i to i + 1 (a SQL script, or a function for what SQL alone
#: cannot do). Append only; never edit one that has been released.
MIGRATIONS: list[Migration] = [_V1, _V2, _V3, _V4]
#: The schema version this code writes (``PRAGMA user_version``).
SCHEMA_VERSION = len(MIGRATIONS)


def _statements(script: str) -> Iterator[str]:
    # executescript() would COMMIT first, ending our transaction: feed complete statements one by one instead.
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:60]!r}")


# --- helpers --------------------------------------------------------------------------------------------------------


def default_data_dir() -> Path:
    """``$ORBITQUIZ_HOME`` if set, else the platform's user data dir (``~/.local/share/orbitquiz`` on Linux)."""
    home = os.environ.get("ORBITQUIZ_HOME")
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir("orbitquiz", appauthor=False))


def _iso(moment: datetime) -> str:
    # Refuse naive times instead of guessing whether they are local or UTC.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _player_name(name: str) -> str:
    # NFC so "Zoë" typed in two terminals that compose accents differently is still one player; case is kept. No
    # control characters: a pasted ESC would reach the terminal `orbitquiz report` prints to (plain.clean_name).
    cleaned = clean_name(name)
    if not cleaned:
        raise ValueError("a player name cannot be empty")
    return cleaned


def _is_busy(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _code(error: sqlite3.Error) -> int:
    # The primary result code (the low byte of the extended one); 0 if SQLite gave none.
    return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF


_DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_NO_WRITE_CODES = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM})
_DISK_CODES = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR}) | _NO_WRITE_CODES


# --- the store ------------------------------------------------------------------------------------------------------


class Store:
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
        if _check_header(path) and _wal_has_frames(path):
            _inspect(path)
        try:
            connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise _disk_problem(path, error) from None
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
            _examine(self._read(_version_and_objects), path)
            problems = self._read(lambda db: [row[0] for row in db.execute("PRAGMA quick_check").fetchall()])
            if problems != ["ok"]:
                raise _damaged_error(path, "; ".join(problems[:3]))
            # Only now change the file: WAL lets readers and one writer work at once (one process per tab);
            # FULL syncs the WAL on every commit, so a confirmed answer survives a kill or a power cut.
            self._retry(lambda: db.execute("PRAGMA journal_mode=WAL").fetchone())
            db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except _Damaged as error:
            raise _damaged_error(path, error.detail) from None
        except sqlite3.DatabaseError as error:
            raise _open_error(path, error) from None

    def _migrate(self) -> None:
        def step(db: sqlite3.Connection) -> bool:
            # Read the version under the write lock: another process may have migrated while we waited.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version >= len(MIGRATIONS):
                return False
            migration = MIGRATIONS[version]
            try:
                if isinstance(migration, str):
                    for statement in _statements(migration):
                        db.execute(statement)
                else:
                    migration(db)
            except sqlite3.Error as error:
                if isinstance(error, sqlite3.OperationalError) and _is_busy(error):
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
                if not _is_busy(error) or attempt == _RETRIES - 1:
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
            if _is_busy(error):
                raise StoreError(self.path, _busy(self.path)) from None
            if _code(error) in _DISK_CODES:
                raise _disk_problem(self.path, error) from None  # rolled back: no half-written answer
            if _code(error) in _DAMAGED_CODES:
                raise _Damaged(self.path, str(error)) from None
            raise
        except sqlite3.DatabaseError as error:
            if _code(error) in _DAMAGED_CODES:
                raise _Damaged(self.path, str(error)) from None
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

    # -- players and rounds ----------------------------------------------------------------------------------------

    def player(self, name: str) -> int:
        """The id of the player called ``name`` (trimmed; case kept), created if new."""
        name = _player_name(name)

        def work(db: sqlite3.Connection) -> int:
            db.execute("INSERT INTO players(name) VALUES (?) ON CONFLICT(name) DO NOTHING", (name,))
            return int(db.execute("SELECT id FROM players WHERE name = ?", (name,)).fetchone()[0])

        return self._write(work)

    def find_player(self, name: str) -> int | None:
        """The id of an existing player, or None (never creates one: for reports and lookups)."""
        name = _player_name(name)
        row = self._read(lambda db: db.execute("SELECT id FROM players WHERE name = ?", (name,)).fetchone())
        return None if row is None else int(row[0])

    def players(self) -> list[str]:
        """Every player's name, sorted."""
        return self._read(lambda db: [r[0] for r in db.execute("SELECT name FROM players ORDER BY name")])

    def start_round(self, player: int, pack: str, mode: str, seed: int, now: datetime) -> int:
        started = _iso(now)

        def work(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                "INSERT INTO rounds(player_id, pack, mode, seed, started_at) VALUES (?, ?, ?, ?, ?)",
                (player, pack, mode, seed, started),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return self._write(work)

    def record_answer(
        self,
        round_id: int,
        question: Question,
        response: str,
        verdict: Verdict | None,
        points: int,
        hinted: bool,
        skipped: bool,
        now: datetime,
    ) -> datetime:
        """Store one answer and reschedule its fact for review, in one transaction committed before returning.
        Returns when the fact is due for review next (UTC).

        ``verdict`` is None for a question that was not answered (skipped, time ran out): it counts as wrong.
        """
        return self._write(self._answer_work(round_id, question, response, verdict, points, hinted, skipped, now))

    def record_answers(self, answers: Sequence[tuple[int, Question, str, Verdict | None, int, bool, bool, datetime]],
                       ) -> list[datetime]:
        """Several answers (each given as ``record_answer``'s arguments) in one transaction, all or none: a live
        game's reveal keeps a whole class's answers with one write to disk instead of one each."""
        works = [self._answer_work(*answer) for answer in answers]
        return self._write(lambda db: [work(db) for work in works])

    def _answer_work(self, round_id: int, question: Question, response: str, verdict: Verdict | None, points: int,
                     hinted: bool, skipped: bool, now: datetime) -> Callable[[sqlite3.Connection], datetime]:
        """What storing one answer does inside a transaction (see ``record_answer``)."""
        answered_at = _iso(now)
        judged = verdict if not skipped else None
        correct = judged is not None and judged.correct
        credit = judged.credit if judged is not None else 0.0
        how = describe(judged) if judged is not None else ("skipped" if skipped else "")
        matched = judged.match.value if judged is not None else None
        options = json.dumps(list(question.options), ensure_ascii=False) if question.options else None
        # A question without a fact id is its own fact (review schedules facts, not questions).
        fact_id = question.fact_id or question.id
        rating = review.rating_for(judged, hinted)

        def work(db: sqlite3.Connection) -> datetime:
            row = db.execute("SELECT player_id, pack FROM rounds WHERE id = ?", (round_id,)).fetchone()
            if row is None:
                raise LookupError(f"no round {round_id} in {self.path}")
            player_id, pack = row
            db.execute(
                "INSERT INTO answers(round_id, question_id, fact_id, pack, kind, fact_type, prompt, expected, "
                "response, correct, credit, how, matched, points, hinted, skipped, answered_at, options) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (round_id, question.id, fact_id, pack, question.kind, question.type, question.prompt,
                 question.answer, response, int(correct), float(credit), how, matched, int(points), int(hinted),
                 int(skipped), answered_at, options),
            )
            db.execute(
                "UPDATE rounds SET answered = answered + 1, correct = correct + ? WHERE id = ?",
                (int(correct), round_id),
            )
            card = db.execute(
                "SELECT card_json FROM review_cards WHERE player_id = ? AND pack = ? AND fact_id = ?",
                (player_id, pack, fact_id),
            ).fetchone()
            card_json, due = review.schedule(None if card is None else card[0], rating, now)
            db.execute(
                "INSERT INTO review_cards(player_id, pack, fact_id, card_json, due) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(player_id, pack, fact_id) DO UPDATE SET card_json = excluded.card_json, "
                "due = excluded.due",
                (player_id, pack, fact_id, card_json, _iso(due)),
            )
            return due

        return work

    def finish_round(self, round_id: int, score: int, best_streak: int, now: datetime, local_day: date,
                     ended_early: bool = False) -> None:
        """Mark a round finished (``ended_early``: stopped by the player with questions left). ``local_day`` is the
        player's calendar day (daily streaks follow the player's clock, not UTC)."""
        self._write(self._finish_work(round_id, score, best_streak, now, local_day, ended_early))

    def finish_rounds(self, rounds: Sequence[tuple[int, int, int, datetime, date, bool]]) -> None:
        """Several rounds finished (each given as ``finish_round``'s arguments) in one transaction, all or none: the
        end of a live game finishes every player's round with one write to disk."""
        works = [self._finish_work(*round_) for round_ in rounds]
        self._write(lambda db: [work(db) for work in works])

    def _finish_work(self, round_id: int, score: int, best_streak: int, now: datetime, local_day: date,
                     ended_early: bool) -> Callable[[sqlite3.Connection], None]:
        finished = _iso(now)

        def work(db: sqlite3.Connection) -> None:
            cursor = db.execute(
                "UPDATE rounds SET finished_at = ?, local_day = ?, score = ?, best_streak = ?, ended_early = ? "
                "WHERE id = ?",
                (finished, local_day.isoformat(), int(score), int(best_streak), int(ended_early), round_id),
            )
            if cursor.rowcount == 0:
                raise LookupError(f"no round {round_id} in {self.path}")

        return work

    # -- settings --------------------------------------------------------------------------------------------------

    def get_setting(self, key: str, player: int | None = None, default: SettingValue = None) -> SettingValue:
        """A player's setting (``player`` given) or a global one; ``default`` if it was never set."""
        row = self._read(
            lambda db: db.execute(
                "SELECT value FROM settings WHERE player_id IS ? AND key = ?", (player, key)
            ).fetchone()
        )
        if row is None:
            return default
        value: SettingValue = json.loads(row[0])
        return value

    def set_setting(self, key: str, value: SettingValue, player: int | None = None) -> None:
        encoded = json.dumps(value)

        def work(db: sqlite3.Connection) -> None:
            # UPDATE-then-INSERT rather than an upsert: the unique index is on an expression. Safe, as the
            # IMMEDIATE transaction holds the write lock throughout.
            cursor = db.execute(
                "UPDATE settings SET value = ? WHERE player_id IS ? AND key = ?", (encoded, player, key)
            )
            if cursor.rowcount == 0:
                db.execute("INSERT INTO settings(player_id, key, value) VALUES (?, ?, ?)", (player, key, encoded))

        self._write(work)

    # -- queries ---------------------------------------------------------------------------------------------------

    def best_score(self, player: int, pack: str, mode: str | None = None) -> int | None:
        """The best score of the player's finished rounds of ``pack`` (of ``mode``: a best is kept per mode, as a
        timed score with speed points is no classic one), or None if they have finished none."""
        row = self._read(
            lambda db: db.execute(
                "SELECT max(score) FROM rounds WHERE player_id = ? AND pack = ? AND finished_at IS NOT NULL "
                "AND (? IS NULL OR mode = ?)",
                (player, pack, mode, mode),
            ).fetchone()
        )
        return None if row[0] is None else int(row[0])

    def missed_fact_ids(self, player: int, pack: str) -> set[str]:
        """Facts of ``pack`` the player has ever got wrong or skipped."""
        return self._read(lambda db: _missed(db, player, pack))

    def review_queue(self, player: int, pack: str, now: datetime) -> list[str]:
        """The missed-ever facts of ``pack`` a review asks at ``now``, in order (``review.to_ask``)."""
        return review.to_ask(self.review_cards(player, pack), now)

    def review_cards(self, player: int, pack: str) -> list[tuple[str, datetime, bool]]:
        """``(fact_id, due, last answer right)`` of every fact of ``pack`` the player has ever missed."""

        def work(db: sqlite3.Connection) -> list[tuple[str, datetime, bool]]:
            missed = _missed(db, player, pack)
            last_right = dict(db.execute(
                "SELECT a.fact_id, a.correct FROM answers a JOIN rounds r ON r.id = a.round_id "
                "WHERE r.player_id = ? AND r.pack = ? ORDER BY a.id", (player, pack)))  # the last answer wins
            rows = db.execute(
                "SELECT fact_id, due FROM review_cards WHERE player_id = ? AND pack = ?", (player, pack)
            ).fetchall()
            return [(fact_id, datetime.fromisoformat(due), bool(last_right.get(fact_id)))
                    for fact_id, due in rows if fact_id in missed]

        return self._read(work)

    def stats(self, player: int, today: date) -> Stats:
        """The player's figures: per pack (finished rounds), accuracy per fact type (every answer), streaks.
        ``today`` is the player's local calendar day."""
        from orbitquiz.reports import PackStats, Stats, TypeAccuracy

        def work(db: sqlite3.Connection) -> Stats:
            finished = db.execute(
                "SELECT pack, mode, score, best_streak, ended_early FROM rounds WHERE player_id = ? "
                "AND finished_at IS NOT NULL ORDER BY pack, finished_at, id",
                (player,),
            ).fetchall()
            by_pack: dict[str, list[tuple[str, int, int, bool]]] = {}
            for pack, mode, score, best_streak, ended_early in finished:
                by_pack.setdefault(pack, []).append((mode, score, best_streak or 0, bool(ended_early)))
            packs = tuple(
                PackStats(
                    pack=pack,
                    scores=tuple(score for _, score, _, _ in rounds),
                    rounds=len(rounds),
                    best_score=max(score for _, score, _, _ in rounds),
                    best_streak=max(streak for _, _, streak, _ in rounds),
                    modes=_mode_stats(rounds),
                )
                for pack, rounds in by_pack.items()
            )
            per_type = (
                "SELECT {pack} a.fact_type, count(*), sum(a.correct) FROM answers a JOIN rounds r ON r.id = a.round_id "
                "WHERE r.player_id = ? GROUP BY {pack} a.fact_type ORDER BY {pack} a.fact_type"
            )
            accuracy = tuple(
                TypeAccuracy(type=fact_type, answered=answered, correct=correct)
                for fact_type, answered, correct in db.execute(per_type.format(pack=""), (player,))
            )
            pack_accuracy = tuple(
                TypeAccuracy(type=fact_type, answered=answered, correct=correct, pack=pack)
                for pack, fact_type, answered, correct in db.execute(per_type.format(pack="a.pack,"), (player,))
            )
            days = [
                date.fromisoformat(day)
                for (day,) in db.execute(
                    "SELECT DISTINCT local_day FROM rounds WHERE player_id = ? AND local_day IS NOT NULL", (player,)
                )
            ]
            round_accuracy = tuple(correct / answered for answered, correct in db.execute(
                "SELECT answered, correct FROM rounds WHERE player_id = ? AND answered > 0 ORDER BY started_at, id",
                (player,)))
            return Stats(
                packs=packs,
                accuracy=accuracy,
                best_streak=max((p.best_streak for p in packs), default=0),
                daily=streaks.daily_streak(days, today),
                pack_accuracy=pack_accuracy,
                round_accuracy=round_accuracy,
            )

        return self._read(work)

    def leaderboard(self, pack: str | None, limit: int = 10, mode: str | None = None) -> list[LeaderboardRow]:
        """Players with a finished round (of ``pack``, or of any pack; of ``mode``, or of any), best score first,
        then accuracy, then name."""
        from orbitquiz.reports import LeaderboardRow

        sql = """
            WITH best AS (
                SELECT player_id, max(score) AS best_score, count(*) AS rounds FROM rounds
                WHERE finished_at IS NOT NULL AND (:pack IS NULL OR pack = :pack) AND (:mode IS NULL OR mode = :mode)
                GROUP BY player_id
            ), hits AS (
                SELECT r.player_id, count(*) AS answered, sum(a.correct) AS correct
                FROM answers a JOIN rounds r ON r.id = a.round_id
                WHERE (:pack IS NULL OR r.pack = :pack) AND (:mode IS NULL OR r.mode = :mode) GROUP BY r.player_id
            )
            SELECT p.name, best.best_score, best.rounds, hits.answered, hits.correct
            FROM best JOIN players p ON p.id = best.player_id LEFT JOIN hits ON hits.player_id = best.player_id
            ORDER BY best.best_score DESC, 1.0 * hits.correct / hits.answered DESC, p.name
            LIMIT :limit
        """
        rows = self._read(lambda db: db.execute(sql, {"pack": pack, "mode": mode, "limit": limit}).fetchall())
        return [
            LeaderboardRow(name, best, rounds, accuracy=correct / answered if answered else None)
            for name, best, rounds, answered, correct in rows
        ]

    def report(self, pack: str | None = None, player: int | None = None, since: date | None = None) -> list[ReportRow]:
        """Per player and per question: times asked and answered right, and the last response. Filters are
        optional; ``since`` keeps answers given on or after that day (UTC)."""
        from orbitquiz.reports import ReportRow

        sql = """
            WITH asked AS (
                SELECT r.player_id, a.pack, a.question_id, count(*) AS asked, sum(a.correct) AS correct,
                       max(a.id) AS last_id
                FROM answers a JOIN rounds r ON r.id = a.round_id
                WHERE (:pack IS NULL OR a.pack = :pack) AND (:player IS NULL OR r.player_id = :player)
                  AND (:since IS NULL OR a.answered_at >= :since)
                GROUP BY r.player_id, a.pack, a.question_id
            )
            SELECT p.name, asked.pack, asked.question_id, last.prompt, last.expected, asked.asked, asked.correct,
                   last.response
            FROM asked JOIN answers last ON last.id = asked.last_id JOIN players p ON p.id = asked.player_id
            ORDER BY p.name, asked.pack, asked.question_id
        """
        params = {"pack": pack, "player": player, "since": None if since is None else since.isoformat()}
        rows = self._read(lambda db: db.execute(sql, params).fetchall())
        return [ReportRow(*row) for row in rows]

    def item_answers(self, pack: str | None = None, since: date | None = None) -> list[AnswerRow]:
        """Every answer (of ``pack``; given on or after ``since``, UTC), oldest first, as item analysis reads
        them (``items.analyse``)."""
        from orbitquiz.items import AnswerRow

        sql = """
            SELECT r.player_id, a.pack, a.question_id, a.fact_id, a.kind, a.prompt, a.expected, a.response,
                   a.correct, a.skipped, a.options
            FROM answers a JOIN rounds r ON r.id = a.round_id
            WHERE (:pack IS NULL OR a.pack = :pack) AND (:since IS NULL OR a.answered_at >= :since)
            ORDER BY a.id
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, since)).fetchall())
        return [AnswerRow(player, pack_, question, fact, kind, prompt, expected, response, bool(correct),
                          bool(skipped), None if options is None else tuple(json.loads(options)))
                for player, pack_, question, fact, kind, prompt, expected, response, correct, skipped, options in rows]

    def class_answers(self, pack: str | None = None, since: date | None = None) -> list[AnsweredMark]:
        """Every answer (of ``pack``; given on or after ``since``, UTC) as who, pack, day (UTC) and right, oldest
        first."""
        from orbitquiz.class_report import AnsweredMark

        sql = """
            SELECT p.name, a.pack, substr(a.answered_at, 1, 10), a.correct
            FROM answers a JOIN rounds r ON r.id = a.round_id JOIN players p ON p.id = r.player_id
            WHERE (:pack IS NULL OR a.pack = :pack) AND (:since IS NULL OR a.answered_at >= :since)
            ORDER BY a.id
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, since)).fetchall())
        return [AnsweredMark(name, pack_, date.fromisoformat(day), bool(correct)) for name, pack_, day, correct in rows]

    def class_rounds(self, pack: str | None = None, since: date | None = None) -> list[FinishedRound]:
        """Every finished round (of ``pack``; finished on or after ``since``, UTC): who, pack and score."""
        from orbitquiz.class_report import FinishedRound

        sql = """
            SELECT p.name, r.pack, r.score FROM rounds r JOIN players p ON p.id = r.player_id
            WHERE r.finished_at IS NOT NULL AND (:pack IS NULL OR r.pack = :pack)
              AND (:since IS NULL OR r.finished_at >= :since)
            ORDER BY r.id
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, since)).fetchall())
        return [FinishedRound(*row) for row in rows]

    def class_cards(self, pack: str | None = None) -> list[CardRow]:
        """Every player's review card (of ``pack``), with its fact's question and answer as last asked."""
        from orbitquiz.class_report import CardRow

        sql = """
            WITH last AS (SELECT pack, fact_id, max(id) AS id FROM answers GROUP BY pack, fact_id)
            SELECT p.name, c.pack, c.fact_id, c.card_json, c.due, a.prompt, a.expected
            FROM review_cards c JOIN players p ON p.id = c.player_id
            JOIN last ON last.pack = c.pack AND last.fact_id = c.fact_id JOIN answers a ON a.id = last.id
            WHERE :pack IS NULL OR c.pack = :pack
            ORDER BY c.pack, c.fact_id, p.name
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, None)).fetchall())
        return [CardRow(name, pack_, fact, card, datetime.fromisoformat(due), prompt, expected)
                for name, pack_, fact, card, due, prompt, expected in rows]


def _filters(pack: str | None, since: date | None) -> dict[str, str | None]:
    return {"pack": pack, "since": None if since is None else since.isoformat()}


def _mode_stats(rounds: list[tuple[str, int, int, bool]]) -> tuple[ModeStats, ...]:
    """Per mode (in the order the modes were first played), from ``(mode, score, best streak, ended early)``."""
    from orbitquiz.reports import ModeStats

    by_mode: dict[str, list[tuple[int, int, bool]]] = {}
    for mode, score, streak, early in rounds:
        by_mode.setdefault(mode, []).append((score, streak, early))
    return tuple(
        ModeStats(mode=mode, scores=tuple(score for score, _, _ in played), rounds=len(played),
                  ended_early=sum(early for _, _, early in played), best_score=max(score for score, _, _ in played),
                  best_streak=max(streak for _, streak, _ in played))
        for mode, played in by_mode.items()
    )


def _missed(db: sqlite3.Connection, player: int, pack: str) -> set[str]:
    rows = db.execute(
        "SELECT DISTINCT a.fact_id FROM answers a JOIN rounds r ON r.id = a.round_id "
        "WHERE r.player_id = ? AND r.pack = ? AND a.correct = 0",
        (player, pack),
    )
    return {fact_id for (fact_id,) in rows}


def _version_and_objects(db: sqlite3.Connection) -> tuple[int, int]:
    # From one snapshot: another process may be creating the schema right now.
    return (db.execute("PRAGMA user_version").fetchone()[0],
            db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])


def _examine(version_and_objects: tuple[int, int], path: Path) -> None:
    version, objects = version_and_objects
    known = len(MIGRATIONS)
    if version > known:
        raise StoreError(
            path, f"{path} was written by a newer orbitquiz (schema {version}, this one knows {known}) — orbitquiz "
            "left it untouched; upgrade orbitquiz to keep using it, or use --data-dir for a separate file"
        )
    if version == 0 and objects:
        raise StoreError(
            path, f"{path}: a SQLite database, but not one orbitquiz wrote (it has tables and no orbitquiz schema "
            "version) — orbitquiz left it untouched; move it aside, or use --data-dir for a separate file"
        )


def _wal_has_frames(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _inspect(path: Path) -> None:
    """Check a file whose WAL holds answers (left by a crash, or another game is running) through a read-only
    connection, before opening it for writing. A read-write connection would change even a file it then refuses:
    the last one to close checkpoints the WAL into the main file and deletes it. (With an empty WAL that changes
    nothing, and a read-only connection would leave its -wal and -shm behind: hence only here.)"""
    try:
        db = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, timeout=30, isolation_level=None)
    except sqlite3.Error as error:
        raise _disk_problem(path, error) from None
    try:
        db.execute("BEGIN")
        _examine(_version_and_objects(db), path)
        problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
        db.execute("COMMIT")
        if problems != ["ok"]:
            raise _damaged_error(path, "; ".join(problems[:3]))
    except sqlite3.DatabaseError as error:
        raise _open_error(path, error) from None
    finally:
        db.close()


def _check_header(path: Path) -> bool:
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


def _damaged(path: Path, detail: str, backup: Path | None = None) -> str:
    return (
        f"{path}: the database is damaged ({detail}) — orbitquiz left it untouched{_kept_at(backup)}; try "
        f"`sqlite3 {backup or path} .recover` to rescue the scores, or move the file aside to start afresh, or use "
        "--data-dir for a separate file"
    )


def _open_error(path: Path, error: sqlite3.DatabaseError) -> StoreError:
    """What an error met while opening or checking the file means for the player."""
    if isinstance(error, sqlite3.OperationalError) and _is_busy(error):
        return StoreError(path, _busy(path))
    if _code(error) in _DISK_CODES:
        return _disk_problem(path, error)
    # CORRUPT, NOTADB, or anything else SQLite could not read: treat the file as damaged, never guess it is fine.
    return _damaged_error(path, str(error))


def _damaged_error(path: Path, detail: str) -> StoreError:
    """The error for a damaged file, made once the file is copied (before anything can change it)."""
    backup = _backup(path)
    return StoreError(path, _damaged(path, detail, backup), backup)


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


def _disk_problem(path: Path, error: sqlite3.Error) -> StoreError:
    """A full disk, a read-only folder or file, a disk error: say which, in the player's words."""
    code = _code(error)
    if code == sqlite3.SQLITE_FULL:
        return StoreError(path, f"{path}: the disk is full, so scores cannot be saved — free some space, or use "
                          "--data-dir to keep them on another disk")
    if code in _NO_WRITE_CODES or not os.access(path.parent, os.W_OK):
        return StoreError(path, f"{path}: orbitquiz may not write there ({error}; the folder or the file is "
                          "read-only), so scores cannot be saved — fix its permissions, or use --data-dir to keep "
                          "them elsewhere")
    return StoreError(path, f"{path}: the disk reported an error ({error}), so scores cannot be saved — check the "
                      "disk, or use --data-dir to keep them elsewhere")


def _busy(path: Path) -> str:
    return f"{path}: another program kept the database locked for too long — close other orbitquiz windows and retry"
