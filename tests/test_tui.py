"""The terminal game played by key presses (Textual's Pilot), then checked in the real SQLite file it wrote."""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path

import pytest

from orbitquiz.game import Mode
from orbitquiz.grading import normalize, typo_allowance
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.home import HomeScreen
from orbitquiz.tui.screens.question import QuestionScreen
from orbitquiz.tui.screens.results import ResultsScreen

SEED = 5


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_app(tmp_path: Path, mode: Mode = Mode.CLASSIC, questions: int | None = 5, player: str = "Ann",
             start: bool = True, seed: int = SEED) -> OrbitQuizApp:
    request = StartRequest("first-film", mode, seed, questions) if start else None
    app = OrbitQuizApp(tmp_path / "data", start=request, player=player)
    app.clock = FakeClock()
    return app


def rows(tmp_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "data" / "orbitquiz.sqlite3") as db:
        return db.execute(sql).fetchall()


async def answer(pilot, how: str) -> None:
    """Answer the current question by keys: right, wrong, typo, hint (then right) or skip."""
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    question = screen.play.round.current
    if how == "skip":
        await pilot.press("escape")
        return
    if how == "hint":
        await pilot.press("f2")
        how = "right"
    if question.kind == "choice":
        index = question.options.index(question.answer)
        if how == "wrong":
            index = (index + 1) % len(question.options)
        await pilot.press(str(index + 1))
        return
    text = {"right": question.answer, "wrong": "zzzz qqqq"}.get(how)
    if how == "typo":
        text = question.answer[:-1] + ("x" if question.answer[-1] != "x" else "y")
    await pilot.press(*text)
    await pilot.press("enter")


async def next_question(pilot) -> None:
    await pilot.pause()
    if isinstance(pilot.app.screen, FeedbackScreen):
        await pilot.press("enter")
        await pilot.pause()


async def skip_to(pilot, app, kind: str) -> None:
    """Skip questions until the round's current one is of this kind ("fill" or "choice")."""
    while app.screen.play.round.current.kind != kind:
        await answer(pilot, "skip")
        await next_question(pilot)


async def test_classic_round_by_keys_is_stored_answer_by_answer(tmp_path):
    app = make_app(tmp_path, questions=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        done: list[str] = []
        asked = len(app.screen.play.round.questions)  # up to 10: a round never asks what it has shown
        assert asked >= 5
        for n in range(1, asked + 1):
            has_hint = bool(app.screen.play.round.current.hint)
            how = ["right", "wrong", "skip"][n - 1] if n <= 3 else "hint" if has_hint and "hint" not in done \
                else "right"
            await answer(pilot, how)
            done.append(how)
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)
            # Stored before the player even leaves the feedback screen.
            assert rows(tmp_path, "SELECT count(*) FROM answers") == [(n,)]
            await next_question(pilot)
        assert isinstance(app.screen, ResultsScreen)
        results = app.screen.results
    assert "hint" in done
    stored = rows(tmp_path, "SELECT correct, hinted, skipped, points FROM answers ORDER BY id")
    expected = {"right": (1, 0, 0), "wrong": (0, 0, 0), "skip": (0, 0, 1), "hint": (1, 1, 0)}
    assert [(c, h, s) for c, h, s, _ in stored] == [expected[how] for how in done]
    assert [p for *_, p in stored][1:3] == [0, 0], "wrong and skipped score nothing"
    (score, best_streak, finished), = rows(tmp_path, "SELECT score, best_streak, finished_at FROM rounds")
    assert score == results.score == sum(p for *_, p in stored) and best_streak == asked - 3 and finished
    assert rows(tmp_path, "SELECT name FROM players") == [("Ann",)]


async def test_typo_is_accepted_and_said_so(tmp_path):
    app = make_app(tmp_path, questions=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(10):
            question = app.screen.play.round.current
            if question.kind == "fill" and typo_allowance(normalize(question.answer)) and not \
                    question.answer[-1].isdigit():
                await answer(pilot, "typo")
                await pilot.pause()
                assert "1 typo — the spelling is" in str(app.screen.query_one("#verdict").render())
                break
            await answer(pilot, "skip")
            await next_question(pilot)
        else:
            pytest.fail("no fill-in question to make a typo in")
    (how, correct), = rows(tmp_path, "SELECT how, correct FROM answers WHERE how LIKE '%typo%'")
    assert correct == 1 and how.startswith("1 typo")


async def test_options_answer_by_mouse_and_by_arrows_and_enter(tmp_path):
    """The two other ways to pick an option: a click on its line, and moving to it with ↓ then Enter."""
    app = make_app(tmp_path, questions=30, seed=8)  # a round of this seed has five multiple-choice questions
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picked: list[tuple[str, str]] = []
        for how in ("click", "keys", "click", "keys"):
            await skip_to(pilot, app, "choice")
            question = app.screen.play.round.current
            target = (question.options.index(question.answer) + len(picked)) % len(question.options)
            if how == "click":
                await pilot.click(list(app.screen.query(".option"))[target])
            else:
                for _ in range(target):
                    await pilot.press("down")
                await pilot.press("enter")
            picked.append((question.id, question.options[target]))
            await next_question(pilot)
        given = [(outcome.question.id, outcome.response) for outcome in app.screen.play.round.outcomes
                 if not outcome.skipped]
        assert given == picked


async def test_sudden_death_ends_at_the_first_miss(tmp_path):
    app = make_app(tmp_path, mode=Mode.SUDDEN_DEATH, questions=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "right")
        await next_question(pilot)
        await answer(pilot, "right")
        await next_question(pilot)
        await answer(pilot, "wrong")
        await next_question(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.results.answered == 3 and app.screen.results.best_streak == 2
    assert rows(tmp_path, "SELECT mode, best_streak FROM rounds") == [("sudden-death", 2)]


async def test_timed_round_ends_when_the_clock_runs_out(tmp_path):
    app = make_app(tmp_path, mode=Mode.TIMED, questions=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "⏱ 60 s" in str(app.screen.query_one("#status").render())
        app.clock.now += 3
        await answer(pilot, "right")  # timed mode shows no feedback screen: the clock keeps running
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "✓ Right" in str(app.screen.query_one("#last").render())
        app.clock.now += 61
        for _ in range(50):  # the next clock tick (every 0.25 s) ends the round; a busy machine may be slow
            if isinstance(app.screen, ResultsScreen):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause()  # let the results screen's header finish mounting before the app shuts down
    (points,), = rows(tmp_path, "SELECT points FROM answers")
    assert points > 10, "a fast right answer earns a speed bonus"


async def test_review_mode_asks_the_missed_facts(tmp_path):
    app = make_app(tmp_path, questions=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        missed = []
        for how in ("wrong", "right", "skip"):
            missed.append(app.screen.play.round.current.fact_id)
            await answer(pilot, how)
            await next_question(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.play.mode is Mode.REVIEW
        asked = [q.fact_id for q in app.screen.play.round.questions]
        assert sorted(asked) == sorted([missed[0], missed[2]])
        for _ in asked:
            await answer(pilot, "right")
            await next_question(pilot)
        assert isinstance(app.screen, ResultsScreen) and app.screen.results.correct == 2
    assert rows(tmp_path, "SELECT mode FROM rounds ORDER BY id") == [("classic",), ("review",)]


async def test_home_screen_starts_a_round_and_remembers_the_player(tmp_path):
    app = make_app(tmp_path, player="", start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(*"Zoë", "enter")  # name, then the focus moves to the pack list
        await pilot.press("enter")  # choose the highlighted pack: classic round
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("f9")  # end the round (q would be typed into a fill-in answer)
        await pilot.pause()
        await pilot.press("enter")  # yes, end it
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    again = make_app(tmp_path, player="", start=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.screen.query_one("#name").value == "Zoë"


async def test_pack_text_is_shown_literally_never_as_markup(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    body = "".join(f"[red]Line {n}[/red] the [\\[@click=app.quit\\]x{n}\\[/\\]]{{.thing}} is [@click=app.quit]here[/].\n\n"
                   for n in range(4))
    (folder / "markup.md").write_text(
        '---\ntitle: Markup\ndistractors:\n  thing: ["[red]A[/red]", "[@click=app.quit]B[/]", "[link=x]C"]\n'
        f"---\n{body}", encoding="utf-8")
    app = OrbitQuizApp(tmp_path / "data", pack_folders=[folder], player="Ann",
                       start=StartRequest("markup", Mode.CLASSIC, 1, 4))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert str(screen.query_one("#prompt").render()).startswith("[red]Line")
        while screen.play.round.current.kind != "choice":
            await answer(pilot, "skip")
            await next_question(pilot)
        labels = [str(option.render()) for option in screen.query(".option")]
        question = screen.play.round.current
        assert labels == [f"{n}  {option}" for n, option in enumerate(question.options, 1)]
        assert question.answer.startswith("[@click=app.quit]x")
        await pilot.click(list(screen.query(".option"))[0])
        await pilot.pause()
        assert app.is_running, "a [@click=...] in a pack triggered nothing"


async def test_settings_and_theme_persist_across_launches(tmp_path):
    from textual.widgets import Select, Switch

    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_settings()
        await pilot.pause()
        app.screen.query_one("#theme", Select).value = "nord"
        app.screen.query_one("#size", Select).value = 5
        app.screen.query_one("#timer", Switch).value = True
        await pilot.pause()
        await pilot.press("escape")
    again = make_app(tmp_path, start=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        await pilot.press("p")
        await pilot.pause()
        play = again.screen.play
        assert len(play.round.questions) == 5 and play.round.question_limit == 30
        assert "⏱ 30 s" in str(again.screen.query_one("#status").render())
        again.clock.now += 31  # the per-question timer runs out: the question counts as skipped
        await pilot.pause(0.5)
        assert play.round.outcomes[0].skipped
    assert rows(tmp_path, "SELECT skipped FROM answers") == [(1,)]


async def test_a_start_keeps_the_saved_theme_as_it_was(tmp_path):
    """Loading the saved theme is no change of the player's: a global theme (saved before settings were per
    player) stays everyone's default and is not written as the player's own, and nothing else is written."""
    from orbitquiz.store import Store

    with Store.open(tmp_path / "data") as store:
        store.player("Ann")
        store.set_setting("theme", "nord")
    before = rows(tmp_path, "SELECT player_id, key, value FROM settings ORDER BY 1, 2")
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    assert rows(tmp_path, "SELECT player_id, key, value FROM settings ORDER BY 1, 2") == before


async def test_a_corrupt_database_is_reported_and_the_game_still_plays(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "orbitquiz.sqlite3").write_bytes(b"this is not a database" * 100)
    before = (data / "orbitquiz.sqlite3").read_bytes()
    app = make_app(tmp_path, questions=2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.store is None and "orbitquiz.sqlite3" in app.store_problem
        assert isinstance(app.screen, QuestionScreen)
        assert "scores not kept" in str(app.screen.query_one("#status").render())
        await answer(pilot, "right")
        await next_question(pilot)
        await answer(pilot, "right")
        await next_question(pilot)
        assert isinstance(app.screen, ResultsScreen) and app.screen.results.correct == 2
    assert (data / "orbitquiz.sqlite3").read_bytes() == before, "never silently replaced"


def break_the_database(tmp_path: Path) -> None:
    """Damage every page but the first (the schema) of the game's SQLite file while the game has it open; another
    process's write then makes the game read the pages again, so its next read fails as a damaged file's does."""
    path = tmp_path / "data" / "orbitquiz.sqlite3"
    with sqlite3.connect(path) as other:  # what the game wrote, from its WAL into the file
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE IF NOT EXISTS other_process(x)")


def said(app) -> str:
    return " ".join(str(notification.message) for notification in app._notifications)


async def play_a_round_with_a_miss(pilot) -> None:
    await answer(pilot, "wrong")
    await next_question(pilot)
    while isinstance(pilot.app.screen, QuestionScreen):
        await answer(pilot, "right")
        await next_question(pilot)
    assert isinstance(pilot.app.screen, ResultsScreen)


async def test_a_database_damaged_mid_game_the_start_screen_lists_the_packs_and_says_so(tmp_path):
    app = make_app(tmp_path, questions=2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await play_a_round_with_a_miss(pilot)
        break_the_database(tmp_path)
        await pilot.press("escape")  # home: its list shows each pack's best
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [option.id for option in app.screen.query_one("#packs").options] == [e.name for e in app.packs]
        assert "orbitquiz.sqlite3" in said(app) and "damaged" in said(app)
        await pilot.press("p")  # and a round still plays
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_a_database_damaged_mid_game_a_review_says_so_and_the_game_goes_home(tmp_path):
    app = make_app(tmp_path, questions=2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await play_a_round_with_a_miss(pilot)
        break_the_database(tmp_path)
        await pilot.press("v")  # review the missed fact: its card is in the damaged file
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert "orbitquiz.sqlite3" in said(app) and "damaged" in said(app)


async def test_a_database_damaged_mid_game_the_stats_screen_says_so(tmp_path):
    app = make_app(tmp_path, questions=2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await play_a_round_with_a_miss(pilot)
        await pilot.press("escape")
        await pilot.pause()
        break_the_database(tmp_path)
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "StatsScreen"
        assert str(app.screen.query_one("#streaks").render()) == "Your scores could not be read."
        assert "orbitquiz.sqlite3" in said(app) and "damaged" in said(app)


async def test_command_palette_offers_the_games_commands(tmp_path):
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"New round", "Stats", "Help", "Settings", "Reload packs"} <= set(titles)
        assert any("theme" in title.lower() for title in titles)


def test_stats_command_prints_the_stats_screens_figures(tmp_path):
    import subprocess
    import sys
    from datetime import date, datetime, timezone

    from orbitquiz.model import Question, Source, Verdict
    from orbitquiz.store import Store

    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    q = Question("q1-fill", "fill", "_____ flew.", (), "Soyuz", (), "craft", None, Source("p", 1, "s"), "q1")
    with Store.open(tmp_path / "data") as store:
        player = store.player("Ann")
        store.set_setting("last_player", "Ann")
        for score in (30, 50):
            round_id = store.start_round(player, "first-film", "classic", 1, now)
            store.record_answer(round_id, q, "Soyuz", Verdict(True, "exact", "Soyuz"), score, False, False, now)
            store.finish_round(round_id, score, 1, now, date(2026, 11, 24))
    result = subprocess.run([sys.executable, "-m", "orbitquiz", "--data-dir", str(tmp_path / "data"), "stats"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "player: Ann" in result.stdout
    assert "first-film\t2\t50\t1\t30 50" in result.stdout
    assert "craft\t2\t2\t100%" in result.stdout


async def test_stats_screen_shows_the_round_just_played(tmp_path):
    from orbitquiz.tui.screens.stats import StatsScreen

    app = make_app(tmp_path, questions=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for how in ("right", "wrong"):
            await answer(pilot, how)
            await next_question(pilot)
        score = app.screen.results.score
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert "Daily streak 1 (best 1)" in str(app.screen.query_one("#streaks").render())
        line = str(app.screen.query_one(".pack-line").render())
        assert f"first-film · classic: 1 round · best {score} · best streak 1" == line
        app.save_screenshot(str(tmp_path / "stats.svg"))
        table = app.screen.query_one("#accuracy")
        assert table.row_count >= 1


async def test_results_show_the_class_leaderboard_of_the_pack(tmp_path):
    for player, how in (("Ann", "right"), ("Bob", "wrong")):
        app = make_app(tmp_path, questions=2, player=player)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            for _ in range(2):
                await answer(pilot, how)
                await next_question(pilot)
            assert isinstance(app.screen, ResultsScreen)
            board = str(app.screen.query_one("#leaderboard").render()).splitlines()
            await pilot.pause()
    assert board[0].startswith("1. Ann — best ") and board[0].endswith("1 round · 100% right")
    assert board[1] == "2. Bob — best 0 · 1 round · 0% right"
