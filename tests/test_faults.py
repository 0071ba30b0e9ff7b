"""Faults: nothing the player was shown is lost. SIGKILL mid-round, a full disk, a read-only data folder, a database
from a newer orbitquiz or a damaged one, and clocks and calendars that misbehave. Real SQLite files, real processes
and signals, real mounts where the test runs as root.

Figures (kills, answers checked) are printed; run with ``-s`` to see them. ``ORBITQUIZ_FAULT_SEED`` replays a run.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz.model import Question, Source, Verdict
from orbitquiz.store import DB_NAME, SCHEMA_VERSION, Store, StoreError
from orbitquiz.streaks import DailyStreak, daily_streak

SRC = Path(__file__).resolve().parents[1] / "src"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def fault_seed() -> int:
    seed = int(os.environ.get("ORBITQUIZ_FAULT_SEED") or random.randrange(2**32))
    print(f"\nORBITQUIZ_FAULT_SEED={seed}")
    return seed


def question(n: int) -> Question:
    return Question(
        id=f"q{n}", kind="fill", prompt=f"Which craft? ({n})", options=(), answer=f"A{n}", accepted=(),
        type="craft", hint=None, source=Source("space.md", n, "sentence"), fact_id=f"f{n}",
    )


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def invariants(db: sqlite3.Connection) -> None:
    """What one answer's transaction keeps true: a round's counters match its answers, every answered fact has its
    review card, no row points at nothing, and the file is sound."""
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    mismatched = db.execute(
        "SELECT r.id, r.answered, r.correct, count(a.id), ifnull(sum(a.correct), 0) FROM rounds r "
        "LEFT JOIN answers a ON a.round_id = r.id GROUP BY r.id "
        "HAVING r.answered <> count(a.id) OR r.correct <> ifnull(sum(a.correct), 0)"
    ).fetchall()
    assert mismatched == [], "round counters out of step with the round's answers"
    orphans = db.execute(
        "SELECT a.id FROM answers a JOIN rounds r ON r.id = a.round_id LEFT JOIN review_cards c "
        "ON c.player_id = r.player_id AND c.pack = a.pack AND c.fact_id = a.fact_id WHERE c.fact_id IS NULL"
    ).fetchall()
    assert orphans == [], "an answer stored without its review card"


# --- SIGKILL at random points during real rounds ------------------------------------------------------------------

# A zygote imports the game once, then forks one player per kill: the kill lands in a real process running the
# real app (headless, driven by Pilot), and no time goes on starting Python and Textual 25 times over.
DRIVER = r'''
import asyncio, os, random, sys, traceback
from pathlib import Path

from textual.widgets import Input

from orbitquiz.game import Mode
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.question import QuestionScreen
from orbitquiz.tui.screens.results import ResultsScreen


async def play(data_dir: Path, seed: int, out: int) -> None:
    rng = random.Random(seed)
    mode = rng.choice([Mode.CLASSIC, Mode.CLASSIC, Mode.TIMED])  # timed: the verdict is a line, no feedback screen
    app = OrbitQuizApp(data_dir, start=StartRequest("first-film", mode, seed, rng.choice([3, 5, 8])), player="Kim")

    def emit(line: str) -> None:
        os.write(out, (line + "\n").encode())  # a write(2): in the kernel before the next step, kill or no kill

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        emit("ready")
        while True:
            screen = app.screen
            if isinstance(screen, ResultsScreen):
                await pilot.press("a")  # play again
                await pilot.pause()
                continue
            if isinstance(screen, FeedbackScreen):
                await pilot.press("enter")
                await pilot.pause()
                continue
            assert isinstance(screen, QuestionScreen), screen
            game = screen.play.round
            current = game.current
            if current is None:
                await pilot.pause()
                continue
            n = len(game.outcomes)
            how = rng.choice(["right", "right", "wrong", "skip"])
            if how == "skip":
                await pilot.press("escape")
            elif current.kind == "choice":
                index = current.options.index(current.answer)
                await pilot.press(str((index + (how == "wrong")) % len(current.options) + 1))
            else:
                screen.query_one("#answer", Input).value = current.answer if how == "right" else "zzzz qqqq"
                await pilot.press("enter")
            await pilot.pause()
            if len(game.outcomes) == n:
                continue  # the key did not answer (e.g. the timed round just ended)
            # Confirmed on screen: the feedback screen's verdict, or the timed mode's verdict line.
            shown = app.screen.query_one("#verdict" if isinstance(app.screen, FeedbackScreen) else "#last")
            verdict = str(shown.render())
            assert verdict.startswith(("✓", "✗")), verdict
            outcome = game.outcomes[n]
            problem = screen.play.store_problem
            emit(f"confirmed {screen.play.round_id} {n} {current.id} {int(outcome.correct)} {int(outcome.skipped)} "
                 f"{problem!r}")


def child(data_dir: Path, seed: int, out_path: str) -> None:
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    errors = os.open(out_path + ".err", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(errors, 1)
    os.dup2(errors, 2)
    try:
        asyncio.run(play(data_dir, seed, out))
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


data_dir = Path(sys.argv[1])
print("zygote ready", flush=True)
for command in sys.stdin:
    _, seed, out_path = command.split()
    pid = os.fork()
    if pid == 0:
        child(data_dir, int(seed), out_path)
    print("pid", pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print("exit", pid, os.waitstatus_to_exitcode(status), flush=True)
'''


class Zygote:
    def __init__(self, directory: Path, data_dir: Path) -> None:
        script = directory / "driver.py"
        script.write_text(DRIVER, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(SRC), "ORBITQUIZ_HOME": str(data_dir)}
        self.process = subprocess.Popen([sys.executable, str(script), str(data_dir)], env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next() == "zygote ready"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put("EOF")

    def next(self) -> str:
        try:
            line = self.lines.get(timeout=120)  # a hang bound only
        except queue.Empty:
            raise AssertionError("the driver stopped answering") from None
        if line == "EOF":
            self.process.wait(10)
            assert self.process.stderr is not None
            raise AssertionError(f"the driver died: {self.process.stderr.read()}")
        return line

    def spawn(self, seed: int, out: Path) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(f"run {seed} {out}\n")
        self.process.stdin.flush()
        word, pid = self.next().split()
        assert word == "pid"
        return int(pid)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)


def wait_for(condition: Callable[[], bool], bound: float = 60.0) -> None:
    deadline = time.monotonic() + bound  # a hang bound only
    while not condition():
        assert time.monotonic() < deadline, "the game never showed its first question"
        time.sleep(0.01)


def confirmed_lines(out: Path) -> list[tuple[int, int, str, int, int]]:
    confirmed = []
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.startswith("confirmed "):
            _, round_id, n, question_id, correct, skipped, problem = line.split(" ", 6)
            assert problem == "None", f"the game stopped keeping scores: {problem}"
            confirmed.append((int(round_id), int(n), question_id, int(correct), int(skipped)))
    return confirmed


@pytest.mark.soak
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the driver forks one player per kill (POSIX only)")
def test_sigkill_at_random_points_loses_no_confirmed_answer(tmp_path: Path) -> None:
    """Kill a player's game with SIGKILL at a random moment, many times over, on one database; after each kill the
    file is sound and holds every answer whose verdict was on screen. ``ORBITQUIZ_KILLS`` sets the number of kills;
    ``ORBITQUIZ_SOAK_SECONDS`` (``make soak``) keeps killing for that long."""
    kills = int(os.environ.get("ORBITQUIZ_KILLS", "20"))
    soak_until = time.monotonic() + float(os.environ.get("ORBITQUIZ_SOAK_SECONDS", "0"))
    seed = fault_seed()
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    path = data_dir / DB_NAME
    zygote = Zygote(tmp_path, data_dir)
    survived = checked = before_ready = migrations_killed = 0
    try:
        kill = 0
        while kill < kills or time.monotonic() < soak_until:
            index, out = kill, tmp_path / f"child-{kill}.txt"
            pid = zygote.spawn(rng.randrange(2**31), out)
            if rng.random() < 0.2:
                # Early: opening the file, creating the schema, starting the round.
                time.sleep(rng.uniform(0.0, 0.8))
            else:
                # Mid-round: after 0-2 verdicts shown (counted, not timed: a loaded machine plays slowly), then at
                # a random instant of the next answer, its write, its feedback screen or the next round's start.
                shown = rng.randrange(3)
                wait_for(lambda out=out, shown=shown: out.exists() and "ready" in (
                    text := out.read_text(encoding="utf-8")) and text.count("confirmed ") >= shown)
                time.sleep(rng.uniform(0.0, 0.5))
            os.kill(pid, signal.SIGKILL)
            word, reaped, code = zygote.next().split()
            assert (word, int(reaped)) == ("exit", pid)
            errors = Path(f"{out}.err").read_text(encoding="utf-8") if Path(f"{out}.err").exists() else ""
            assert int(code) == -signal.SIGKILL, f"kill {index} (seed {seed}): the game ended by itself:\n{errors}"
            text = out.read_text(encoding="utf-8") if out.exists() else ""
            before_ready += "ready" not in text
            confirmed = confirmed_lines(out) if out.exists() else []
            survived += 1
            kill += 1

            if path.exists():
                db = raw(path)
                try:
                    if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                        # Killed while creating the schema: one transaction, so no half of it either.
                        assert db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] == 0
                        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                        assert not confirmed
                        migrations_killed += 1
                        continue
                    invariants(db)
                    for round_id, n, question_id, correct, skipped in confirmed:
                        stored = db.execute(
                            "SELECT question_id, correct, skipped FROM answers WHERE round_id = ? ORDER BY id "
                            "LIMIT 1 OFFSET ?", (round_id, n)
                        ).fetchone()
                        assert stored == (question_id, correct, skipped), (
                            f"kill {index} (seed {seed}): answer {n} of round {round_id} was shown, then lost")
                finally:
                    db.close()
            else:
                assert not confirmed
            checked += len(confirmed)
    finally:
        zygote.close()

    with Store.open(data_dir) as store:  # and the game opens it again, as the player's next start would
        rounds = store._db.execute("SELECT count(*) FROM rounds").fetchone()[0]
        stored = store._db.execute("SELECT count(*) FROM answers").fetchone()[0]
    print(f"SIGKILL: {survived} kills survived ({before_ready} before the first question, {migrations_killed} while "
          f"creating the schema), {checked} confirmed "
          f"answers checked, 0 lost; {rounds} rounds and {stored} answers in the file")
    assert survived >= kills
    assert checked > 0, "no kill came after an answer: nothing was tested"
    assert stored >= checked


# --- shared helpers for the games below ---------------------------------------------------------------------------


def game_app(data_dir: Path, questions: int = 4, seed: int = 5):
    from orbitquiz.game import Mode
    from orbitquiz.tui.app import OrbitQuizApp, StartRequest

    app = OrbitQuizApp(data_dir, start=StartRequest("first-film", Mode.CLASSIC, seed, questions), player="Ann")
    app.clock = lambda: 1000.0  # no per-question timer runs out on a slow machine
    return app


async def play_through(app, pilot, limit: int = 60) -> list[str]:
    """Answer every question (right, by keys) to the results screen; the status line seen at each question."""
    from textual.widgets import Input

    from orbitquiz.tui.screens.feedback import FeedbackScreen
    from orbitquiz.tui.screens.question import QuestionScreen
    from orbitquiz.tui.screens.results import ResultsScreen

    statuses = []
    for _ in range(limit):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, ResultsScreen):
            return statuses
        if isinstance(screen, FeedbackScreen):
            await pilot.press("enter")
            continue
        assert isinstance(screen, QuestionScreen), screen
        statuses.append(screen.status_text)
        current = screen.play.round.current
        if current.kind == "choice":
            await pilot.press(str(current.options.index(current.answer) + 1))
        else:
            screen.query_one("#answer", Input).value = current.answer
            await pilot.press("enter")
    raise AssertionError("the round never reached its results")


def stored_answers(path: Path) -> list[tuple[int, str]]:
    db = raw(path)
    try:
        invariants(db)
        return db.execute("SELECT round_id, question_id FROM answers ORDER BY id").fetchall()
    finally:
        db.close()


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    """Mount points made by a test, unmounted (lazily, if still busy) however the test ends."""
    made: list[Path] = []
    yield made
    for point in reversed(made):
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def mount(mounts: list[Path], *args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip()}): needs root and a kernel that allows mounts")
    mounts.append(Path(args[-1]))


# --- a full disk ----------------------------------------------------------------------------------------------------


def test_sqlite_full_fails_one_write_cleanly_and_says_so(tmp_path: Path) -> None:
    """SQLITE_FULL for real (``max_page_count`` caps the file): the write that does not fit is rolled back whole,
    the error says the disk is full, and everything written before it is intact."""
    with Store.open(tmp_path) as store:
        round_id = store.start_round(store.player("ana"), "space", "classic", 1, T0)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count={pages}")
        kept = 0
        with pytest.raises(StoreError) as caught:
            for n in range(10_000):
                store.record_answer(round_id, question(n), "x" * 300, Verdict(n % 2 == 0, "exact", "x"), 10, False,
                                    False, T0 + timedelta(seconds=n))
                kept += 1
        assert "the disk is full" in str(caught.value) and "--data-dir" in str(caught.value)
        assert str(store.path) in str(caught.value)
        assert not store._db.in_transaction
    print(f"\nSQLITE_FULL after {kept} answers")
    assert kept > 0
    assert [q for _, q in stored_answers(tmp_path / DB_NAME)] == [f"q{n}" for n in range(kept)]


async def test_disk_full_mid_round_the_game_plays_on(tmp_path: Path) -> None:
    """The store fills up mid-round: the round goes on to its results, the status line and the results say the
    scores are not kept and why, and the file holds exactly the answers given before, each whole."""
    from orbitquiz.tui.screens.results import ResultsScreen

    data = tmp_path / "data"
    app = game_app(data, questions=12)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        store = app.store
        game_round = app.screen.play.round_id
        asked = len(app.screen.play.round.questions)  # up to 12: a round never asks what it has shown
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count={pages}")  # the file may not grow by a single page
        # An earlier round's answers fill the file to its last byte, so this round's first answer cannot fit.
        earlier = store.start_round(store.player("Ann"), "first-film", "classic", 1, T0)
        with pytest.raises(StoreError, match="disk is full"):
            for n in range(10_000):
                store.record_answer(earlier, question(n), "x" * 200, None, 0, False, True, T0)
        statuses = await play_through(app, pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        problem = results.play.store_problem
        warning = " ".join(str(w.render()) for w in results.query(".warning"))
        answered = results.results.answered
    assert problem is not None and "the disk is full" in problem, problem
    assert "disk is full" in warning
    assert answered == asked > 1
    assert "scores not kept" not in statuses[0] and all("scores not kept" in s for s in statuses[1:])
    stored = stored_answers(data / DB_NAME)  # and the invariants: no answer without its round's counters or card
    assert [q for round_id, q in stored if round_id == game_round] == [], "an answer written after the disk filled"
    assert len(stored) > 0
    db = raw(data / DB_NAME)
    assert db.execute("SELECT answered, finished_at FROM rounds WHERE id = ?", (game_round,)).fetchone() == (0, None)
    db.close()
    print(f"\ndisk full (max_page_count): first answer refused, round played on to 12; {len(stored)} earlier "
          "answers intact")


@pytest.mark.skipif(not IS_ROOT, reason="a tmpfs needs root to mount; the max_page_count tests cover SQLITE_FULL")
async def test_a_really_full_disk_mid_round(tmp_path: Path, mounts: list[Path]) -> None:
    """A tiny tmpfs as the data folder, filled to the last byte once the game has started: the game plays on."""
    from orbitquiz.tui.screens.results import ResultsScreen

    disk = tmp_path / "disk"
    disk.mkdir()
    mount(mounts, "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk))
    data = disk / "data"
    app = game_app(data, questions=8)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.store is not None
        asked = len(app.screen.play.round.questions)  # up to 8: a round never asks what it has shown
        with (disk / "filler").open("wb", buffering=0) as filler:  # every block the tmpfs has left
            try:
                while True:
                    filler.write(b"\xff" * 4096)
            except OSError:
                pass
        statuses = await play_through(app, pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen) and results.results.answered == asked > 1
        problem = results.play.store_problem
    assert problem is not None and "disk is full" in problem, problem
    assert any("scores not kept" in status for status in statuses)
    (disk / "filler").unlink()
    stored = stored_answers(data / DB_NAME)
    print(f"\ntmpfs full: {len(stored)} answers kept of 8; then: {problem}")
    assert len(stored) < 8


# --- a read-only data folder ------------------------------------------------------------------------------------------


def make_read_only(folder: Path, mounts: list[Path]) -> None:
    """Really read-only: as root (CI may run so) chmod stops nothing, so a read-only bind mount of the folder; as
    anyone else, chmod does stop writes."""
    if IS_ROOT:
        mount(mounts, "--bind", str(folder), str(folder))
        mount(mounts, "-o", "remount,bind,ro", str(folder))  # the second entry is the same point: unmounted twice
    else:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
    with pytest.raises(OSError):
        (folder / "probe").write_text("x")


async def test_read_only_data_folder_the_game_plays_without_scores(tmp_path: Path, mounts: list[Path]) -> None:
    data = tmp_path / "data"
    app = game_app(data, questions=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await play_through(app, pilot)
    before = {p.name: p.read_bytes() for p in data.glob(f"{DB_NAME}*")}
    make_read_only(data, mounts)

    app = game_app(data, questions=3, seed=6)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.store is None
        problem = app.store_problem
        shown = [n.message for n in app._notifications]
        statuses = await play_through(app, pilot)
        answered = app.screen.results.answered
    assert "read-only" in problem and str(data / DB_NAME) in problem and "--data-dir" in problem, problem
    assert "damaged" not in problem  # it was once called damaged, and a player would have thrown the scores away
    assert any("scores are not kept" in message for message in shown)
    assert answered == 3 and all("scores not kept" in status for status in statuses)
    assert {p.name: p.read_bytes() for p in data.glob(f"{DB_NAME}*")} == before
    print(f"\nread-only folder ({'bind mount' if IS_ROOT else 'chmod'}): played 3 answers; {problem}")


# --- a database from a newer orbitquiz, a damaged one ------------------------------------------------------------------


def filled_store(data: Path, answers: int = 200) -> Path:
    with Store.open(data) as store:
        round_id = store.start_round(store.player("ana"), "space", "classic", 1, T0)
        for n in range(answers):
            store.record_answer(round_id, question(n), "answer " * 20, Verdict(True, "exact", "x"), 10, False, False,
                                T0 + timedelta(seconds=n))
        store.finish_round(round_id, 10 * answers, answers, T0 + timedelta(hours=1), T0.date())
    return data / DB_NAME


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()}


async def test_a_newer_database_is_named_left_unchanged_and_the_game_plays(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = filled_store(data, answers=3)
    db = raw(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    before = snapshot(data)
    app = game_app(data, questions=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        problem = app.store_problem
        statuses = await play_through(app, pilot)
    assert f"schema {SCHEMA_VERSION + 1}, this one knows {SCHEMA_VERSION}" in problem, problem
    assert "upgrade orbitquiz" in problem and str(path) in problem
    assert all("scores not kept" in status for status in statuses)
    assert {k: v for k, v in snapshot(data).items() if k.startswith(DB_NAME)} == before  # bytes and mtime
    assert not list(data.glob("*damaged*")), "a newer file is not damage: nothing to copy"
    print(f"\nnewer database: {problem}")


def damage_random(path: Path, rng: random.Random) -> None:
    path.write_bytes(rng.randbytes(path.stat().st_size))


def damage_truncated(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(16, len(data) // 2)])  # the header survives, most pages do not


def damage_pages(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    first = rng.randrange(2, len(data) // page - 1)
    data[first * page: (first + 1) * page] = rng.randbytes(page)  # a valid header, one page of noise
    path.write_bytes(bytes(data))


def damage_zeros(path: Path, rng: random.Random) -> None:
    path.write_bytes(bytes(path.stat().st_size))  # what a power cut leaves on some file systems


@pytest.mark.parametrize("damage", [damage_random, damage_truncated, damage_pages, damage_zeros],
                         ids=["random-bytes", "truncated", "damaged-pages", "zeros"])
def test_a_damaged_database_is_copied_before_anything_else(tmp_path: Path, damage) -> None:
    seed = fault_seed()
    data = tmp_path / "data"
    path = filled_store(data)
    damage(path, random.Random(seed))
    original = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(data)
    message, backup = str(caught.value), caught.value.backup
    assert backup is not None, message
    assert backup.read_bytes() == original, "the copy is the file as it was found"
    assert str(backup) in message and str(path) in message
    assert "left it untouched" in message and "move it aside" in message.replace("the file", "it")
    assert path.read_bytes() == original
    # The way forward the message gives: move the damaged file aside, and the game starts a fresh one.
    path.rename(data / "moved-aside.sqlite3")
    with Store.open(data) as store:
        assert store.players() == []
    assert backup.read_bytes() == original
    print(f"\n{damage.__name__} (seed {seed}): {message}")


async def test_a_damaged_database_the_game_plays_and_says_where_the_copy_is(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = filled_store(data)
    damage_pages(path, random.Random(1))
    original = path.read_bytes()
    app = game_app(data, questions=2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        shown = " ".join(str(n.message) for n in app._notifications)
        statuses = await play_through(app, pilot)
    (backup,) = data.glob("orbitquiz-damaged-*.sqlite3")
    assert str(backup) in shown and "damaged" in shown and "scores are not kept" in shown
    assert backup.read_bytes() == original == path.read_bytes()
    assert all("scores not kept" in status for status in statuses)
    # Started again: the same damage is not copied twice.
    with pytest.raises(StoreError):
        Store.open(data)
    assert list(data.glob("orbitquiz-damaged-*.sqlite3")) == [backup]


# --- clocks and calendars ---------------------------------------------------------------------------------------------


@contextmanager
def time_zones() -> Iterator[Callable[[str], None]]:
    """Set the computer's time zone (TZ, read again by the C library) for this process; restored afterwards."""
    saved = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    try:
        yield set_zone
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


@pytest.fixture
def zone() -> Iterator[Callable[[str], None]]:
    with time_zones() as set_zone:
        yield set_zone


def play_a_round(store: Store, moment: datetime, answers: int = 1) -> None:
    """A real Play of a real round, its wall clock stopped at ``moment``: what the game stores at that instant."""
    from orbitquiz.game import Mode, Round
    from orbitquiz.play import Play

    play = Play(Round([question(n) for n in range(answers)], Mode.CLASSIC, now=0.0), store, "ana", "space", 1,
                clock=lambda: 1.0, wall=lambda: moment)
    for n in range(answers):
        play.show()
        play.answer(f"A{n}")
    play.finish()
    assert play.store_problem is None


def local(text: str, where: str) -> datetime:
    """A wall-clock time in a zone; "+fold" is the second of a time that happens twice (summer time ending)."""
    text, fold = text.removesuffix("+fold"), text.endswith("+fold")
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(where), fold=int(fold))


CALENDAR_CASES = {
    # name: [(local time, zone), ...], the zone the stats are read in, their local day, expected DailyStreak
    "23:59 then 00:01 are two days": (
        [("2024-05-01 23:59", "Europe/Berlin"), ("2024-05-02 00:01", "Europe/Berlin")],
        "Europe/Berlin", date(2024, 5, 2), DailyStreak(2, 2)),
    "spring forward, Berlin: a 23-hour day counts once": (
        [("2024-03-30 12:00", "Europe/Berlin"), ("2024-03-31 01:59", "Europe/Berlin"),
         ("2024-03-31 03:01", "Europe/Berlin"), ("2024-04-01 00:30", "Europe/Berlin")],
        "Europe/Berlin", date(2024, 4, 1), DailyStreak(3, 3)),
    "fall back, New York: 01:30 twice is one day": (
        [("2024-11-02 23:00", "America/New_York"), ("2024-11-03 01:30", "America/New_York"),
         ("2024-11-03 01:30+fold", "America/New_York"), ("2024-11-04 00:10", "America/New_York")],
        "America/New_York", date(2024, 11, 4), DailyStreak(3, 3)),
    "fall back, Berlin: the 25-hour day, 02:30 twice": (
        [("2024-10-26 20:00", "Europe/Berlin"), ("2024-10-27 02:30", "Europe/Berlin"),
         ("2024-10-27 02:30+fold", "Europe/Berlin"), ("2024-10-27 23:59", "Europe/Berlin")],
        "Europe/Berlin", date(2024, 10, 28), DailyStreak(2, 2)),
    "east to west: Tokyo late, New York next evening (UTC would skip a day)": (
        [("2024-05-01 23:00", "Asia/Tokyo"), ("2024-05-02 20:00", "America/New_York")],
        "America/New_York", date(2024, 5, 2), DailyStreak(2, 2)),
    "west across midnight: Berlin's 2 May, then New York's 1 May evening": (
        [("2024-04-30 21:00", "Europe/Berlin"), ("2024-05-01 00:30", "Europe/Berlin"),
         ("2024-04-30 19:00", "America/New_York")],
        "America/New_York", date(2024, 4, 30), DailyStreak(2, 2)),
}


@pytest.mark.parametrize("case", list(CALENDAR_CASES), ids=list(CALENDAR_CASES))
def test_daily_streaks_count_local_calendar_days(tmp_path: Path, zone, case: str) -> None:
    rounds, reader_zone, today, expected = CALENDAR_CASES[case]
    with Store.open(tmp_path) as store:
        for text, where in rounds:
            moment = local(text, where)
            zone(where)  # the computer is where the player is
            play_a_round(store, moment.astimezone(UTC))
        zone(reader_zone)
        stats = store.stats(store.player("ana"), today)
        stored_days = [r[0] for r in store._db.execute("SELECT local_day FROM rounds ORDER BY id")]
        instants = [r[0] for r in store._db.execute("SELECT finished_at FROM rounds ORDER BY id")]
    assert len(set(instants)) == len(rounds), "each round at its own instant (a repeated hour is two instants)"
    assert stored_days == [local(text, where).date().isoformat() for text, where in rounds]
    assert stats.daily == expected, case


def test_a_clock_that_jumps_back_neither_double_counts_nor_breaks_the_streak(tmp_path: Path, zone) -> None:
    zone("Europe/Berlin")
    with Store.open(tmp_path) as store:
        for day in (1, 2):
            play_a_round(store, local(f"2024-05-0{day} 18:00", "Europe/Berlin"))
        play_a_round(store, local("2024-05-03 00:01", "Europe/Berlin"), answers=2)
        ana = store.player("ana")
        due_before = dict(store._db.execute("SELECT fact_id, due FROM review_cards"))
        # The clock is put back three minutes, across midnight: another round, answers "before" the last ones.
        play_a_round(store, local("2024-05-02 23:58", "Europe/Berlin"), answers=2)
        times = [t for (t,) in store._db.execute("SELECT answered_at FROM answers ORDER BY id")]
        assert times[-1] < times[-3], "the test did make time run backwards"
        for today in (date(2024, 5, 2), date(2024, 5, 3)):  # whichever day the clock now says
            assert store.stats(ana, today).daily == DailyStreak(3, 3)
        assert sum(row.asked for row in store.report()) == 6  # every answer once
        due_after = dict(store._db.execute("SELECT fact_id, due FROM review_cards"))
    # Right again, so each card's next review is no sooner than the one already set: time did not run backwards.
    assert all(due_after[fact] >= due_before[fact] for fact in due_before)


ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe", "Pacific/Apia", "UTC",
         "America/St_Johns", "Asia/Kathmandu"]
instants = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2025, 12, 31),
                        timezones=st.just(UTC))


@settings(max_examples=30)  # each example is a real database and real rounds
@given(rounds=st.lists(st.tuples(instants, st.sampled_from(ZONES)), min_size=1, max_size=12),
       reader=st.sampled_from(ZONES))
def test_any_rounds_in_any_zones_give_the_local_days_streak(tmp_path_factory, rounds, reader) -> None:
    """Whatever the instants, zones and order (a clock that jumps about): the streak is that of the set of local
    calendar days the rounds were finished on, each day once."""
    with time_zones() as zone, Store.open(tmp_path_factory.mktemp("cal")) as store:
        for moment, where in rounds:
            zone(where)
            play_a_round(store, moment)
        days = [moment.astimezone(ZoneInfo(where)).date() for moment, where in rounds]
        zone(reader)
        today = max(moment for moment, _ in rounds).astimezone(ZoneInfo(reader)).date()
        streak = store.stats(store.player("ana"), today).daily
    assert streak == daily_streak(days, today)
    distinct = set(days)
    assert streak.best <= len(distinct)
    # Every day really played in a row up to today (or yesterday) counts, whatever the clock did after.
    end = today if today in distinct else today - timedelta(days=1)
    run = 0
    while end - timedelta(days=run) in distinct:
        run += 1
    assert streak.current >= run


WAL_WRITER = """
import sys, time
from datetime import UTC, datetime
from orbitquiz.model import Question, Source, Verdict
from orbitquiz.store import Store

store = Store.open(sys.argv[1])
store._db.execute("PRAGMA wal_autocheckpoint=0")  # the newest answers stay in the WAL, as after a crash
t0 = datetime(2024, 5, 2, tzinfo=UTC)
round_id = store.start_round(store.player("bo"), "space", "classic", 2, t0)
for n in range(40):
    q = Question(f"w{n}", "fill", "?", (), "A", (), "craft", None, Source("s.md", 1, "s"), f"w{n}")
    store.record_answer(round_id, q, "A", Verdict(True, "exact", "A"), 1, False, False, t0)
print("written", flush=True)
time.sleep(120)
"""


def test_a_damaged_database_whose_newest_answers_are_in_the_wal_is_not_changed(tmp_path: Path) -> None:
    """Killed with answers still in the WAL, then a page of the main file damaged: refusing the file must not
    checkpoint that WAL into it (a read-write connection does so when closed), and the copy has both files."""
    data = tmp_path / "data"
    path = filled_store(data, answers=300)
    child = subprocess.Popen([sys.executable, "-c", WAL_WRITER, str(data)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(SRC)})
    assert child.stdout is not None and child.stdout.readline().strip() == "written"
    child.kill()
    child.wait(30)
    wal = data / f"{DB_NAME}-wal"
    assert wal.stat().st_size > 0
    pages = path.stat().st_size // 4096
    clean, clean_wal = path.read_bytes(), wal.read_bytes()
    for page in range(pages - 1, 1, -1):  # a page the WAL does not hold a newer copy of
        damaged = bytearray(clean)
        damaged[page * 4096:(page + 1) * 4096] = b"\xa5" * 4096
        path.write_bytes(bytes(damaged))
        wal.write_bytes(clean_wal)  # as the crash left it (a healthy open below checkpoints it away)
        Path(f"{path}-shm").unlink(missing_ok=True)
        before = (path.read_bytes(), wal.read_bytes())
        try:
            Store.open(data).close()
        except StoreError as error:
            backup = error.backup
            break
    else:
        pytest.fail("no damaged page was noticed")
    assert (path.read_bytes(), wal.read_bytes()) == before, "the refused file was changed"
    assert backup is not None
    assert (backup.read_bytes(), Path(f"{backup}-wal").read_bytes()) == before


def test_a_clock_put_back_days_does_not_bring_a_fact_due_sooner() -> None:
    from fsrs import Rating

    from orbitquiz.review import schedule

    card, _ = schedule(None, Rating.Good, T0)
    _, later = schedule(card, Rating.Again, T0 + timedelta(minutes=30))
    _, back = schedule(card, Rating.Again, T0 - timedelta(days=3))  # answered "three days before" its last review
    assert back == schedule(card, Rating.Again, T0)[1] >= T0
    assert later > back
