"""The database's schema as forward migrations: ``MIGRATIONS[i]`` takes a file from schema version i to i + 1,
and ``PRAGMA user_version`` says which version a file has."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from orbitquiz.store.errors import StoreError

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


def statements(script: str) -> Iterator[str]:
    # executescript() would COMMIT first, ending our transaction: feed complete statements one by one instead.
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:60]!r}")



def version_and_objects(db: sqlite3.Connection) -> tuple[int, int]:
    # From one snapshot: another process may be creating the schema right now.
    return (db.execute("PRAGMA user_version").fetchone()[0],
            db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])


def examine(version_and_objects: tuple[int, int], path: Path, known: int) -> None:
    """Refuse a file from a newer orbitquiz (a version above ``known``, the number of migrations this code has) or
    a SQLite file that is not orbitquiz's."""
    version, objects = version_and_objects
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
