"""The store, always on a real SQLite file: durability under SIGKILL, many processes at once, files it must refuse
and leave untouched, migrations, and the figures the stats, leaderboard and report screens show."""

from __future__ import annotations

import inspect
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitquiz import store as store_module
from orbitquiz.model import Match, Question, Source, Verdict
from orbitquiz.store import DB_NAME, SCHEMA_VERSION, SettingValue, Store, StoreError, default_data_dir

SRC = Path(__file__).resolve().parents[1] / "src"
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)



def question(n: int, type: str = "craft", fact: str | None = None) -> Question:
    return Question(
        id=f"q{n}", kind="fill", prompt=f"Which craft? ({n})", options=(), answer=f"A{n}", accepted=(),
        type=type, hint=None, source=Source("space.md", n, "sentence"), fact_id=fact or f"f{n}",
    )


# Child processes get the same helper, so they build exactly the questions the parent checks for.
CHILD_PRELUDE = (
    "from __future__ import annotations\n"
    "from orbitquiz.model import Question, Source, Verdict\n\n" + inspect.getsource(question)
)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def right() -> Verdict:
    return Verdict(True, Match.EXACT, "x")


def typo() -> Verdict:
    return Verdict(True, Match.TYPO, "x", typos=1, spelling="Soyuz")


def wrong() -> Verdict:
    return Verdict(False, "wrong", "x")


def run_child(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = CHILD_PRELUDE + textwrap.dedent(script)
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def files_in(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path) as opened:
        yield opened


# --- opening ------------------------------------------------------------------------------------------------------


def test_open_creates_the_directory_and_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "deep" / "er"
    with Store.open(data_dir) as store:
        assert store.path == data_dir / DB_NAME
    db = raw(data_dir / DB_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert {"players", "rounds", "answers", "review_cards", "settings"} <= tables


def test_connection_settings(store: Store) -> None:
    db = store._db
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 30000


def test_default_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ORBITQUIZ_HOME", str(tmp_path / "home"))
    assert default_data_dir() == tmp_path / "home"
    with Store.open() as store:
        assert store.path == tmp_path / "home" / DB_NAME
    monkeypatch.delenv("ORBITQUIZ_HOME")
    assert default_data_dir().name == "orbitquiz"


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.player("ana")
    db = raw(tmp_path / DB_NAME)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 3}")
    db.close()
    before = files_in(tmp_path)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / DB_NAME) in message
    assert f"newer orbitquiz (schema {SCHEMA_VERSION + 3}, this one knows {SCHEMA_VERSION})" in message
    assert "--data-dir" in message
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("content", [b"not a database at all\n" * 200, b"\x00" * 4096, b"SQLite format 2\x00xxxx"],
                         ids=["text", "zeros", "sqlite-2"])
def test_a_file_that_is_not_sqlite_is_refused_left_untouched_and_copied(tmp_path: Path, content: bytes) -> None:
    (tmp_path / DB_NAME).write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    assert str(tmp_path / DB_NAME) in str(caught.value)
    assert "left it untouched" in str(caught.value)
    backup = caught.value.backup
    assert backup is not None and str(backup) in str(caught.value)
    assert files_in(tmp_path) == {DB_NAME: content, backup.name: content}  # no -wal or -shm either
    with pytest.raises(StoreError) as again:  # started again: the same copy, not a second one
        Store.open(tmp_path)
    assert again.value.backup == backup and len(files_in(tmp_path)) == 2


def test_a_damaged_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        round_id = store.start_round(store.player("ana"), "space", "classic", 1, T0)
        for n in range(200):
            store.record_answer(round_id, question(n), "answer " * 20, right(), 10, False, False, at(n))
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    page_size = 4096
    assert len(data) > 6 * page_size
    data[3 * page_size : 5 * page_size] = b"\xa5" * (2 * page_size)  # two pages of the answers table
    path.write_bytes(bytes(data))
    before = files_in(tmp_path)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    assert str(path) in str(caught.value)
    assert "damaged" in str(caught.value) and ".recover" in str(caught.value)
    assert files_in(tmp_path)[DB_NAME] == before[DB_NAME]
    backup = caught.value.backup
    assert backup is not None and str(backup) in str(caught.value)
    assert backup.read_bytes() == before[DB_NAME]


def test_someone_elses_sqlite_file_is_refused(tmp_path: Path) -> None:
    db = raw(tmp_path / DB_NAME)
    db.execute("CREATE TABLE recipes(name TEXT)")
    db.close()
    before = files_in(tmp_path)
    with pytest.raises(StoreError, match="not one orbitquiz wrote"):
        Store.open(tmp_path)
    assert files_in(tmp_path) == before


# --- migrations ---------------------------------------------------------------------------------------------------


def test_migrates_from_version_0(tmp_path: Path) -> None:
    db = raw(tmp_path / DB_NAME)
    db.execute("CREATE TABLE scratch(x)")
    db.execute("DROP TABLE scratch")  # a real SQLite file, version 0, no tables
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    db.close()
    with Store.open(tmp_path) as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.player("ana") == 1
    with Store.open(tmp_path) as store:  # opening again migrates nothing
        assert store.player("ana") == 1


def test_answers_stored_before_verdicts_were_data_get_what_matched(tmp_path: Path) -> None:
    """A schema-1 file: its answers keep their words and are given the Match those words named, so the store
    never has to read the words again; the answers given after are stored with theirs."""
    db = raw(tmp_path / DB_NAME)
    db.executescript(store_module.MIGRATIONS[0])
    db.execute("PRAGMA user_version=1")
    db.execute("INSERT INTO players(name) VALUES ('ana')")
    db.execute("INSERT INTO rounds(player_id, pack, mode, seed, started_at) VALUES (1, 'space', 'classic', 1, 't')")
    old = ["exact", "accent ignored", "accepted alternative", "1 typo — the spelling is Shkaplerov",
           "2 typos — the spelling is International Space Station", "number written as a word",
           "number written in digits", "within the accepted range", "partly right (50% credit)", "wrong",
           "no answer", "not one of the options", "skipped", ""]
    for how in old:
        db.execute("INSERT INTO answers(round_id, question_id, fact_id, pack, kind, fact_type, prompt, expected, "
                   "response, correct, credit, how, points, hinted, skipped, answered_at) "
                   "VALUES (1, 'q', 'f', 'space', 'fill', 'craft', 'p', 'e', 'r', 0, 0, ?, 0, 0, 0, 't')", (how,))
    db.close()
    with Store.open(tmp_path) as store:
        rows = store._db.execute("SELECT how, matched FROM answers ORDER BY id").fetchall()
        assert rows == list(zip(old, ["exact", "accents", "alternative", "typo", "typo", "number word",
                                      "number digits", "in range", "partial credit", "wrong", "no answer",
                                      "not an option", None, None], strict=True))
        assert {matched for _, matched in rows} - {None} <= {match.value for match in Match}
        store.record_answer(1, question(1), "A1x", typo(), 10, False, False, T0)
        assert store._db.execute("SELECT how, matched FROM answers ORDER BY id DESC").fetchone() == (
            "1 typo — the spelling is Soyuz", "typo")


def test_a_new_migration_runs_once_and_keeps_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path) as store:
        store.set_setting("theme", "dark")
    calls: list[int] = []

    def copy_theme(db: sqlite3.Connection) -> None:
        calls.append(1)
        db.execute("INSERT INTO notes SELECT value FROM settings WHERE key = 'theme'")

    migrations = [*store_module.MIGRATIONS, "CREATE TABLE notes(text TEXT);\n", copy_theme]
    monkeypatch.setattr(store_module, "MIGRATIONS", migrations)
    for _ in range(2):
        with Store.open(tmp_path) as store:
            assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 2
            assert store._db.execute("SELECT text FROM notes").fetchall() == [('"dark"',)]
            assert store.get_setting("theme") == "dark"
    assert calls == [1]


def test_a_failing_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path) as store:
        store.player("ana")
    broken = "CREATE TABLE half(x);\nINSERT INTO no_such_table VALUES (1);\n"
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, broken])
    with pytest.raises(StoreError, match=f"could not upgrade the database from schema {SCHEMA_VERSION}"):
        Store.open(tmp_path)
    db = raw(tmp_path / DB_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").fetchone()[0] == 0


# --- durability and concurrency -----------------------------------------------------------------------------------

KILLED_CHILD = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from orbitquiz.store import Store

t0 = datetime(2024, 5, 1, tzinfo=timezone.utc)
store = Store.open(Path(sys.argv[1]))
round_id = store.start_round(store.player("kim"), "space", "classic", 1, t0)
n = 0
while True:  # until killed
    verdict = Verdict(n % 3 != 0, "exact", "x")
    store.record_answer(round_id, question(n, fact=f"f{n % 7}"), f"r{n}", verdict, 10, False, False,
                        t0 + timedelta(seconds=n))
    print(n, flush=True)  # only once record_answer has returned
    n += 1
"""


def test_every_confirmed_answer_survives_sigkill(tmp_path: Path) -> None:
    child = run_child(KILLED_CHILD, str(tmp_path))
    assert child.stdout is not None
    confirmed: list[int] = []
    for line in child.stdout:
        confirmed.append(int(line))
        if len(confirmed) == 40:
            break
    child.send_signal(signal.SIGKILL)  # mid-round, quite possibly mid-transaction
    rest, errors = child.communicate(timeout=10)
    confirmed += [int(line) for line in rest.split()]
    assert child.returncode == -signal.SIGKILL, errors

    db = raw(tmp_path / DB_NAME)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    stored = {row[0] for row in db.execute("SELECT question_id FROM answers")}
    assert {f"q{n}" for n in confirmed} <= stored
    # Each answer and its round counters and review card were one transaction: all there or none.
    answered, correct = db.execute("SELECT answered, correct FROM rounds").fetchone()
    assert answered == len(stored)
    assert correct == db.execute("SELECT count(*) FROM answers WHERE correct = 1").fetchone()[0]
    cards = db.execute("SELECT count(*) FROM review_cards").fetchone()[0]
    assert cards == min(7, len(stored))
    db.close()
    with Store.open(tmp_path) as store:  # and the game opens it again
        assert store.missed_fact_ids(1, "space")


WRITER_CHILD = """
import sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from orbitquiz.store import Store

data_dir, gate, me, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print("ready", flush=True)
while not gate.exists():
    time.sleep(0.002)
t0 = datetime(2024, 5, 1, tzinfo=timezone.utc)
with Store.open(data_dir) as store:  # all open together: creation and migration race too
    player = store.player("shared")
    round_id = store.start_round(player, "space", "classic", me, t0)
    for n in range(count):
        store.record_answer(round_id, question(n, fact=f"f{n % 10}"), f"p{me} r{n}", Verdict(n % 2 == 0, "exact", "x"),
                            10, False, False, t0 + timedelta(seconds=n))
        store.set_setting("last", n, player)
    store.finish_round(round_id, count, 1, t0 + timedelta(hours=1), t0.date())
"""


def test_many_processes_write_at_once(tmp_path: Path) -> None:
    processes, answers = 4, 50
    gate = tmp_path / "go"
    data_dir = tmp_path / "data"
    children = [run_child(WRITER_CHILD, str(data_dir), str(gate), str(me), str(answers)) for me in range(processes)]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    gate.touch()
    for child in children:
        _, errors = child.communicate(timeout=60)
        assert child.returncode == 0, errors
        assert errors == ""

    with Store.open(data_dir) as store:
        db = store._db
        assert db.execute("SELECT count(*) FROM players").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == processes * answers
        assert db.execute("SELECT answered FROM rounds").fetchall() == [(answers,)] * processes
        assert db.execute("SELECT count(*) FROM review_cards").fetchone()[0] == 10
        stats = store.stats(1, T0.date())
        assert stats.packs[0].rounds == processes
        assert stats.accuracy[0].correct == processes * answers // 2
        for me in range(processes):
            assert db.execute("SELECT count(*) FROM answers WHERE response LIKE ?", (f"p{me} %",)).fetchone()[0] == 50


def test_waits_for_another_writer_instead_of_failing(store: Store) -> None:
    round_id = store.start_round(store.player("ana"), "space", "classic", 1, T0)
    other = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    store.record_answer(round_id, question(1), "A1", right(), 10, False, False, T0)
    assert time.monotonic() - started >= 0.25
    release.join()
    other.close()
    assert store.report()[0].asked == 1


def test_retries_when_sqlite_reports_busy(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "_BACKOFF", 0.001)
    failures = iter(["database is locked", "database is busy"])

    def flaky() -> str:
        message = next(failures, None)
        if message:
            raise sqlite3.OperationalError(message)
        return "done"

    assert store._retry(flaky) == "done"

    def always_locked(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(StoreError, match="locked for too long"):
        store._write(always_locked)

    def other_error(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("no such table: nope")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):  # a bug, not contention: no retry
        store._write(other_error)
    assert not store._db.in_transaction


# --- the API ------------------------------------------------------------------------------------------------------


def test_a_round_recorded_and_read_back(store: Store) -> None:
    ana = store.player("  Ana ")
    assert store.player("Ana") == ana
    assert store.player("ana") != ana  # case-sensitive, as typed
    assert store.find_player("Ana") == ana
    assert store.find_player("nobody") is None
    round_id = store.start_round(ana, "space", "classic", 42, at(0))
    q = question(1)
    store.record_answer(round_id, q, "A1", right(), 10, False, False, at(1))
    store.record_answer(round_id, question(2), "B", wrong(), 0, True, False, at(2))
    store.record_answer(round_id, question(3), "", None, 0, False, True, at(3))
    store.finish_round(round_id, 10, 1, at(4), date(2024, 5, 1))

    row = store._db.execute(
        "SELECT player_id, pack, mode, seed, started_at, finished_at, local_day, score, answered, correct, "
        "best_streak FROM rounds"
    ).fetchone()
    assert row == (ana, "space", "classic", 42, "2024-05-01T12:00:00.000000+00:00",
                   "2024-05-01T12:04:00.000000+00:00", "2024-05-01", 10, 3, 1, 1)
    answers = store._db.execute(
        "SELECT round_id, question_id, fact_id, pack, kind, fact_type, prompt, expected, response, correct, credit, "
        "how, points, hinted, skipped, answered_at, matched FROM answers ORDER BY id"
    ).fetchall()
    assert answers[0] == (round_id, "q1", "f1", "space", "fill", "craft", "Which craft? (1)", "A1", "A1", 1, 1.0,
                          "exact", 10, 0, 0, "2024-05-01T12:01:00.000000+00:00", "exact")
    assert answers[1][9:15] == (0, 0.0, "wrong", 0, 1, 0) and answers[1][16] == "wrong"
    assert answers[2][8:15] == ("", 0, 0.0, "skipped", 0, 0, 1) and answers[2][16] is None
    assert store.best_score(ana, "space") == 10
    assert store.missed_fact_ids(ana, "space") == {"f2", "f3"}


def test_times_are_stored_in_utc_and_naive_ones_refused(store: Store) -> None:
    ana = store.player("ana")
    tokyo = timezone(timedelta(hours=9))
    round_id = store.start_round(ana, "space", "classic", 1, datetime(2024, 5, 1, 21, 0, tzinfo=tokyo))
    assert store._db.execute("SELECT started_at FROM rounds").fetchone()[0] == "2024-05-01T12:00:00.000000+00:00"
    with pytest.raises(ValueError, match="timezone-aware"):
        store.record_answer(round_id, question(1), "A1", right(), 10, False, False, datetime(2024, 5, 1))
    assert store._db.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_unknown_rounds_and_bad_names(store: Store) -> None:
    with pytest.raises(LookupError):
        store.record_answer(99, question(1), "A1", right(), 10, False, False, T0)
    with pytest.raises(LookupError):
        store.finish_round(99, 1, 1, T0, T0.date())
    with pytest.raises(ValueError):
        store.player("   ")
    assert store._db.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_question_without_fact_id_is_its_own_fact(store: Store) -> None:
    round_id = store.start_round(store.player("ana"), "space", "classic", 1, T0)
    q = Question(id="solo", kind="choice", prompt="?", options=("a", "b"), answer="a", accepted=(), type="craft",
                 hint=None, source=Source("s.md", 1, "s"))
    store.record_answer(round_id, q, "b", wrong(), 0, False, False, T0)
    assert store.missed_fact_ids(1, "space") == {"solo"}


def test_review_card_ratings(store: Store) -> None:
    """Skip → Again, typo or hint → Hard, else Good: the stored due times follow fsrs for those ratings."""
    from fsrs import Rating

    from orbitquiz.review import schedule

    round_id = store.start_round(store.player("ana"), "space", "classic", 1, T0)
    cases = [
        (question(1), right(), False, False, Rating.Good),
        (question(2), typo(), False, False, Rating.Hard),
        (question(3), right(), True, False, Rating.Hard),
        (question(4), wrong(), False, False, Rating.Again),
        (question(5), None, False, True, Rating.Again),
        (question(6), right(), False, True, Rating.Again),  # a skip is a skip, whatever the verdict
    ]
    for q, verdict, hinted, skipped, _ in cases:
        store.record_answer(round_id, q, "", verdict, 0, hinted, skipped, T0)
    due = dict(store._db.execute("SELECT fact_id, due FROM review_cards").fetchall())
    for q, *_, rating in cases:
        expected = schedule(None, rating, T0)[1]
        assert datetime.fromisoformat(due[q.fact_id]) == expected, q.id


def test_review_queue_lists_missed_facts_due_first(store: Store) -> None:
    ana = store.player("ana")
    first = store.start_round(ana, "space", "classic", 1, at(0))
    store.record_answer(first, question(1), "x", wrong(), 0, False, False, at(0))  # due in minutes
    store.record_answer(first, question(2), "A2", right(), 10, False, False, at(0))  # never missed
    second = store.start_round(ana, "space", "classic", 2, at(60 * 24 * 3))
    store.record_answer(second, question(3), "x", wrong(), 0, False, False, at(60 * 24 * 3))
    store.record_answer(second, question(1), "A1", right(), 10, False, False, at(60 * 24 * 3))  # now due later
    queue = store.review_queue(ana, "space", at(60 * 24 * 3 + 30))
    assert queue == ["f3", "f1"]
    assert store.review_queue(ana, "other pack", at(0)) == []


def test_settings(store: Store) -> None:
    ana, ben = store.player("ana"), store.player("ben")
    assert store.get_setting("theme") is None
    assert store.get_setting("theme", default="dark") == "dark"
    store.set_setting("theme", "light")
    store.set_setting("theme", "gruvbox", ana)
    store.set_setting("questions", 15, ana)
    store.set_setting("timer", False, ana)
    store.set_setting("last_player", "ana")
    store.set_setting("theme", "nord")  # overwrite, not a second row
    assert store.get_setting("theme") == "nord"
    assert store.get_setting("theme", ana) == "gruvbox"
    assert store.get_setting("theme", ben, default="x") == "x"
    assert store.get_setting("questions", ana) == 15
    assert store.get_setting("timer", ana) is False
    assert store._db.execute("SELECT count(*) FROM settings").fetchone()[0] == 5


# --- figures, against values worked out by hand -------------------------------------------------------------------


@pytest.fixture
def fixture_store(store: Store) -> Store:
    """Ana: space twice (1 and 2 May), rivers once (2 May), one abandoned space round (5 May). Ben: space once."""
    ana, ben = store.player("Ana"), store.player("Ben")

    def year(n: int) -> Question:
        return question(n, type="year")

    r1 = store.start_round(ana, "space", "classic", 1, at(0))
    store.record_answer(r1, question(1), "A1", right(), 10, False, False, at(1))
    store.record_answer(r1, year(2), "1960", wrong(), 0, False, False, at(2))
    store.record_answer(r1, question(3), "A3x", typo(), 10, False, False, at(3))
    store.finish_round(r1, 20, 1, at(4), date(2024, 5, 1))

    r2 = store.start_round(ana, "space", "classic", 2, at(1440))
    store.record_answer(r2, question(1), "A1 again", right(), 10, False, False, at(1441))
    store.record_answer(r2, year(2), "A2", right(), 15, False, False, at(1442))
    store.record_answer(r2, question(3), "", None, 0, False, True, at(1443))
    store.finish_round(r2, 25, 2, at(1444), date(2024, 5, 2))

    r3 = store.start_round(ana, "rivers", "classic", 3, at(1450))
    store.record_answer(r3, question(9, type="river"), "A9", right(), 5, False, False, at(1451))
    store.finish_round(r3, 5, 1, at(1452), date(2024, 5, 2))

    r4 = store.start_round(ana, "space", "classic", 4, at(4 * 1440))  # 5 May, never finished
    store.record_answer(r4, year(2), "1970", wrong(), 0, False, False, at(4 * 1440 + 1))

    r5 = store.start_round(ben, "space", "classic", 5, at(10))
    store.record_answer(r5, question(1), "nope", wrong(), 0, False, False, at(11))
    store.record_answer(r5, year(2), "A2", right(), 30, False, False, at(12))
    store.finish_round(r5, 30, 1, at(13), date(2024, 5, 1))
    return store


def test_stats(fixture_store: Store) -> None:
    from orbitquiz.reports import ModeStats, PackStats, TypeAccuracy
    from orbitquiz.streaks import DailyStreak

    stats = fixture_store.stats(fixture_store.player("Ana"), date(2024, 5, 3))
    assert stats.packs == (
        PackStats("rivers", scores=(5,), rounds=1, best_score=5, best_streak=1,
                  modes=(ModeStats("classic", (5,), rounds=1, ended_early=0, best_score=5, best_streak=1),)),
        PackStats("space", scores=(20, 25), rounds=2, best_score=25, best_streak=2,
                  modes=(ModeStats("classic", (20, 25), rounds=2, ended_early=0, best_score=25, best_streak=2),)),
    )
    assert stats.accuracy == (
        TypeAccuracy("craft", answered=4, correct=3),
        TypeAccuracy("river", answered=1, correct=1),
        TypeAccuracy("year", answered=3, correct=1),
    )
    assert stats.accuracy[0].accuracy == 0.75
    assert stats.best_streak == 2
    assert stats.daily == DailyStreak(current=2, best=2)  # 1 and 2 May; not yet played on the 3rd
    assert fixture_store.stats(fixture_store.player("Ana"), date(2024, 5, 4)).daily == DailyStreak(0, 2)

    nobody = fixture_store.stats(fixture_store.player("Cy"), date(2024, 5, 3))
    assert nobody.packs == () and nobody.accuracy == () and nobody.best_streak == 0
    assert nobody.daily == DailyStreak(0, 0)


def test_best_score_and_missed(fixture_store: Store) -> None:
    ana, ben = fixture_store.player("Ana"), fixture_store.player("Ben")
    assert fixture_store.best_score(ana, "space") == 25
    assert fixture_store.best_score(ana, "rivers") == 5
    assert fixture_store.best_score(ana, "moons") is None
    assert fixture_store.best_score(ben, "space") == 30
    assert fixture_store.missed_fact_ids(ana, "space") == {"f2", "f3"}
    assert fixture_store.missed_fact_ids(ben, "space") == {"f1"}
    assert fixture_store.missed_fact_ids(ana, "rivers") == set()


def test_leaderboard(fixture_store: Store) -> None:
    from orbitquiz.reports import LeaderboardRow

    assert fixture_store.leaderboard("space") == [
        LeaderboardRow("Ben", best_score=30, rounds=1, accuracy=1 / 2),
        LeaderboardRow("Ana", best_score=25, rounds=2, accuracy=4 / 7),  # the abandoned round's answer counts
    ]
    assert fixture_store.leaderboard(None) == [
        LeaderboardRow("Ben", best_score=30, rounds=1, accuracy=1 / 2),
        LeaderboardRow("Ana", best_score=25, rounds=3, accuracy=5 / 8),
    ]
    assert fixture_store.leaderboard("rivers") == [LeaderboardRow("Ana", 5, 1, 1.0)]
    assert fixture_store.leaderboard("space", limit=1) == [LeaderboardRow("Ben", 30, 1, 0.5)]
    assert fixture_store.leaderboard("moons") == []


def test_report(fixture_store: Store) -> None:
    from orbitquiz.reports import ReportRow

    space = fixture_store.report(pack="space")
    assert space == [
        ReportRow("Ana", "space", "q1", "Which craft? (1)", "A1", asked=2, correct=2, last_response="A1 again"),
        ReportRow("Ana", "space", "q2", "Which craft? (2)", "A2", asked=3, correct=1, last_response="1970"),
        ReportRow("Ana", "space", "q3", "Which craft? (3)", "A3", asked=2, correct=1, last_response=""),
        ReportRow("Ben", "space", "q1", "Which craft? (1)", "A1", asked=1, correct=0, last_response="nope"),
        ReportRow("Ben", "space", "q2", "Which craft? (2)", "A2", asked=1, correct=1, last_response="A2"),
    ]
    ana = fixture_store.find_player("Ana")
    assert [(r.pack, r.question_id) for r in fixture_store.report(player=ana)] == [
        ("rivers", "q9"), ("space", "q1"), ("space", "q2"), ("space", "q3")
    ]
    assert fixture_store.report(since=date(2024, 5, 4)) == [
        ReportRow("Ana", "space", "q2", "Which craft? (2)", "A2", asked=1, correct=0, last_response="1970")
    ]
    assert len(fixture_store.report()) == 6
    assert fixture_store.report(pack="moons") == []


# --- properties -----------------------------------------------------------------------------------------------------

answers_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # which fact
        st.sampled_from(["right", "typo", "wrong", "skip"]),
        st.booleans(),  # hinted
        st.sampled_from(["space", "rivers"]),
    ),
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers_strategy)
def test_stored_answers_match_recorded(
    tmp_path_factory: pytest.TempPathFactory, answers: list[tuple[int, str, bool, str]]
) -> None:
    with Store.open(tmp_path_factory.mktemp("prop")) as store:
        player = store.player("ana")
        rounds = {pack: store.start_round(player, pack, "classic", 1, T0) for pack in ("space", "rivers")}
        missed: dict[str, set[str]] = {"space": set(), "rivers": set()}
        for n, (fact, outcome, hinted, pack) in enumerate(answers):
            verdict = {"right": right(), "typo": typo(), "wrong": wrong(), "skip": None}[outcome]
            store.record_answer(rounds[pack], question(fact, type=pack), "r", verdict, 1, hinted, outcome == "skip",
                                at(n))
            if outcome in ("wrong", "skip"):
                missed[pack].add(f"f{fact}")
        for round_id in rounds.values():
            store.finish_round(round_id, 0, 0, at(100), T0.date())

        assert store._db.execute("SELECT count(*) FROM answers").fetchone()[0] == len(answers)
        total = sum(r.answered for r in store.stats(player, T0.date()).accuracy)
        assert total == len(answers)
        for entry in store.stats(player, T0.date()).accuracy:
            assert 0.0 <= entry.accuracy <= 1.0
        for pack in rounds:
            assert store.missed_fact_ids(player, pack) == missed[pack]
            # A review asks the missed facts still answered wrong last, and those due; not one just answered right.
            last_right = {f"f{fact}": outcome in ("right", "typo") for fact, outcome, _, p in answers if p == pack}
            due = {fact_id: when for fact_id, when, _ in store.review_cards(player, pack)}
            assert sorted(store.review_queue(player, pack, at(100))) == sorted(
                fact for fact in missed[pack] if not last_right[fact] or due[fact] <= at(100))
            cards = store._db.execute("SELECT count(*) FROM review_cards WHERE pack = ?", (pack,)).fetchone()[0]
            assert cards == len({f for f, _, _, p in answers if p == pack})
        for row in store.leaderboard(None):
            assert row.accuracy is None or 0.0 <= row.accuracy <= 1.0
        assert sum(r.asked for r in store.report()) == len(answers)
        assert sum(r.correct for r in store.report()) == sum(o in ("right", "typo") for _, o, _, _ in answers)


names = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None)
@given(name=names.filter(lambda s: s.strip()), value=st.one_of(
    st.text(max_size=10), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False)
))
def test_players_and_settings_round_trip(
    tmp_path_factory: pytest.TempPathFactory, name: str, value: SettingValue
) -> None:
    with Store.open(tmp_path_factory.mktemp("names")) as store:
        player = store.player(name)
        assert store.player(f"  {name}\t") == player
        assert store.find_player(name.strip()) == player
        store.set_setting("k", value, player)
        assert store.get_setting("k", player) == value
        assert store.get_setting("k", default="unset") == "unset"


def test_the_core_does_not_import_textual_or_rich() -> None:
    code = (
        "import sys, orbitquiz.store, orbitquiz.review, orbitquiz.streaks; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(SRC)}, check=True)


# --- bests per mode, rounds ended early, review timing --------------------------------------------------------------


def test_a_version_1_file_gains_ended_early_and_keeps_its_rounds(tmp_path: Path) -> None:
    db = raw(tmp_path / DB_NAME)
    db.executescript(store_module.MIGRATIONS[0])
    db.execute("PRAGMA user_version=1")
    db.execute("INSERT INTO players(name) VALUES ('ana')")
    db.execute("INSERT INTO rounds(player_id, pack, mode, seed, started_at, finished_at, score) "
               "VALUES (1, 'space', 'classic', 1, 'x', 'y', 40)")
    db.close()
    with Store.open(tmp_path) as store:
        assert store._db.execute("SELECT score, ended_early FROM rounds").fetchall() == [(40, 0)]
        assert store.best_score(1, "space", "classic") == 40


def test_bests_are_kept_per_mode_and_rounds_ended_early_are_counted(store: Store) -> None:
    from orbitquiz.reports import LeaderboardRow, ModeStats

    ana, ben = store.player("Ana"), store.player("Ben")
    for player, mode, score, early in (
        (ana, "classic", 40, False), (ana, "timed", 95, False), (ana, "classic", 10, True), (ana, "review", 20, False),
        (ben, "timed", 70, False),
    ):
        round_id = store.start_round(player, "space", mode, 1, at(0))
        store.record_answer(round_id, question(1), "A1", right(), score, False, False, at(1))
        store.finish_round(round_id, score, 1, at(2), T0.date(), ended_early=early)
    assert store.best_score(ana, "space", "classic") == 40, "the timed score with its speed points is not counted"
    assert store.best_score(ana, "space", "timed") == 95
    assert store.best_score(ana, "space", "sudden-death") is None
    assert store.best_score(ana, "space") == 95  # over every mode, as before
    (space,) = store.stats(ana, T0.date()).packs
    assert space.modes == (
        ModeStats("classic", (40, 10), rounds=2, ended_early=1, best_score=40, best_streak=1),
        ModeStats("timed", (95,), rounds=1, ended_early=0, best_score=95, best_streak=1),
        ModeStats("review", (20,), rounds=1, ended_early=0, best_score=20, best_streak=1),
    )
    assert store.leaderboard("space", mode="classic") == [LeaderboardRow("Ana", 40, 2, 1.0)]
    assert [row.player for row in store.leaderboard("space", mode="timed")] == ["Ana", "Ben"]


def test_accuracy_per_pack_keeps_each_packs_types_apart(store: Store) -> None:
    from orbitquiz.reports import TypeAccuracy

    ana = store.player("Ana")
    for pack, type_, verdict in (("space", "craft", right()), ("quiz", "aiken", wrong()), ("space", "aiken", right())):
        round_id = store.start_round(ana, pack, "classic", 1, at(0))
        store.record_answer(round_id, question(1, type=type_), "A1", verdict, 0, False, False, at(1))
    assert store.stats(ana, T0.date()).pack_accuracy == (
        TypeAccuracy("aiken", 1, 0, pack="quiz"),
        TypeAccuracy("aiken", 1, 1, pack="space"),
        TypeAccuracy("craft", 1, 1, pack="space"),
    )


def test_review_leaves_a_fact_just_answered_right_until_it_is_due(store: Store) -> None:
    ana = store.player("ana")
    first = store.start_round(ana, "space", "classic", 1, at(0))
    store.record_answer(first, question(1), "x", wrong(), 0, False, False, at(0))
    store.record_answer(first, question(2), "x", wrong(), 0, False, False, at(0))
    review = store.start_round(ana, "space", "review", 2, at(1))
    due = store.record_answer(review, question(1), "A1", right(), 10, False, False, at(1))
    assert due > at(2), "a right answer sends the fact away for a while"
    assert store.review_queue(ana, "space", at(2)) == ["f2"], "f1 was just answered right; f2 is still wrong"
    assert store.review_queue(ana, "space", due) == ["f2", "f1"], "once due it comes back (f2 has waited longer)"
    assert dict((f, d) for f, d, _ in store.review_cards(ana, "space"))["f1"] == due
