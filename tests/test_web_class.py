"""A class in browser tabs (issue 13, "In a class"): settings belong to the player who set them, a teacher can fix a
class's round length and timer, a tab takes the keyboard at once, games end with their server, and the server says
the addresses students can type.

Settings are checked by Pilot (the app as a tab and as the teacher's terminal, on one real SQLite file) and by two
real Chromium tabs on a real server; the server's ends by signals sent to a real ``orbitquiz serve``.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import time
import urllib.request
from pathlib import Path

import pytest
from textual.widgets import Label, Select, Switch

from orbitquiz.settings import FixedSettings
from orbitquiz.store import Store
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.screens.question import QuestionScreen
from orbitquiz.tui.screens.settings import SettingsScreen
from tests.webtools import (
    VERDICT,
    WebsocketPlayer,
    alive,
    launch_browser,
    new_page,
    run_async,
    serve,
    wait_for_screen,
)

PACK = "class-quiz"
CITIES = ("Lisbon Madrid Paris Berlin Vienna Prague Warsaw Oslo Stockholm Helsinki Dublin London Rome Athens Sofia "
          "Bucharest Budapest Riga Vilnius Tallinn Copenhagen Brussels Amsterdam Bern").split()


def class_data(tmp_path: Path) -> Path:
    """A data folder whose packs folder holds a quiz of 24 facts, one a sentence: long enough for any round
    length a class may be given (a round never asks what an earlier question showed, so the bundled articles,
    whose sentences hold several tags each, give rounds of seven or eight)."""
    data = tmp_path / "data"
    (data / "packs").mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(f"Ship number {n} of the fleet docked at [{city}]{{.city}} in the morning."
                        for n, city in enumerate(CITIES, start=1))
    (data / "packs" / f"{PACK}.md").write_text(f"---\ntitle: A class quiz\n---\n{body}\n", encoding="utf-8")
    return data


class BrowserApp(OrbitQuizApp):
    """The app as textual-serve runs it: Textual's web driver is what sets is_web."""

    @property
    def is_web(self) -> bool:
        return True


def rows(data: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(data / "orbitquiz.sqlite3") as db:
        return db.execute(sql, params).fetchall()


async def round_length(app: OrbitQuizApp) -> tuple[int, float | None]:
    """(questions, seconds per question) of the round the app starts."""
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen), app.screen
        game = app.screen.play.round
        return len(game.questions), game.question_limit


# --- settings, by Pilot --------------------------------------------------------------------------------------------


async def test_settings_belong_to_the_player_who_set_them(tmp_path):
    data = class_data(tmp_path)
    with Store.open(data) as store:
        store.set_setting("last_player", "Teacher")
    ann = BrowserApp(data, start=StartRequest(PACK), player="Ann")  # a tab whose player has a name
    async with ann.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        ann.action_settings()
        await pilot.pause()
        ann.screen.query_one("#size", Select).value = 15
        ann.screen.query_one("#timer", Switch).value = True
        await pilot.pause()
    # Another tab, and the teacher's terminal: their rounds are as they were.
    assert await round_length(BrowserApp(data, start=StartRequest(PACK), player="Bob")) == (10, None)
    assert await round_length(OrbitQuizApp(data, start=StartRequest(PACK))) == (10, None)  # the terminal's Teacher
    # Ann's next game has hers.
    assert await round_length(BrowserApp(data, start=StartRequest(PACK), player="Ann")) == (15, 30)
    assert rows(data, "SELECT key FROM settings WHERE player_id IS NULL AND key != 'last_player'") == []


async def test_what_a_tab_sets_before_its_name_is_kept_for_that_player(tmp_path):
    data = class_data(tmp_path)
    tab = BrowserApp(data, start=StartRequest(PACK))
    async with tab.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        tab.action_settings()
        await pilot.pause()
        tab.screen.query_one("#size", Select).value = 5
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press(*"Zoë", "enter")
        await pilot.pause()
        assert len(tab.screen.play.round.questions) == 5
    assert await round_length(BrowserApp(data, start=StartRequest(PACK), player="Yann")) == (10, None)
    assert await round_length(BrowserApp(data, start=StartRequest(PACK), player="Zoë")) == (5, None)


async def test_a_tab_takes_its_players_own_theme_once_named_and_keeps_it(tmp_path):
    data = class_data(tmp_path)
    with Store.open(data) as store:
        store.set_setting("theme", "nord", player=store.player("Ann"))
    tab = BrowserApp(data, start=StartRequest(PACK))
    async with tab.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert tab.theme == "textual-dark"  # nobody's yet
        await pilot.press(*"Ann", "enter")
        await pilot.pause()
        assert tab.theme == "nord"
    with Store.open(data) as store:
        assert store.get_setting("theme", player=store.find_player("Ann")) == "nord"
        assert store.get_setting("theme") is None  # and nobody else's changed


async def test_a_class_round_length_and_timer_are_fixed_and_shown(tmp_path):
    data = class_data(tmp_path)
    with Store.open(data) as store:
        store.set_setting("questions_per_round", 15, player=store.player("Ann"))
    fixed = FixedSettings(questions=3, seconds=20)
    app = BrowserApp(data, start=StartRequest(PACK, questions=7), player="Ann", fixed=fixed)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        game = app.screen.play.round
        assert (len(game.questions), game.question_limit) == (3, 20)
        assert "⏱ 20 s" in str(app.screen.query_one("#status").render())
        app.action_settings()
        await pilot.pause()
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        size, timer = settings.query_one("#size", Select), settings.query_one("#timer", Switch)
        assert size.disabled and timer.disabled and size.value == 3 and timer.value is True
        shown = " ".join(str(label.render()) for label in settings.query(Label))
        assert "fixed by your teacher" in shown and "20 seconds per question" in shown
        size.value = 5  # even if it could be changed, it is not kept
        timer.value = False
        await pilot.pause()
    with Store.open(data) as store:
        ann = store.find_player("Ann")
        assert store.get_setting("questions_per_round", player=ann) == 15
        assert store.get_setting("timer", player=ann) is None
    # Without the class's settings Ann plays her own again.
    assert await round_length(BrowserApp(data, start=StartRequest(PACK), player="Ann")) == (15, None)


def test_serve_refuses_settings_that_are_not_a_round(tmp_path):
    import subprocess
    import sys

    for flag, value, message in (("--questions", "0", "--questions must be at least 1"),
                                 ("--seconds", "-1", "--seconds must be 0")):
        result = subprocess.run([sys.executable, "-m", "orbitquiz", "--data-dir", str(tmp_path), "serve", "--port",
                                 "0", flag, value], capture_output=True, text=True, timeout=30, check=False)
        assert result.returncode == 1 and message in result.stderr, result.stderr
    game = subprocess.run([sys.executable, "-m", "orbitquiz", "--data-dir", str(tmp_path), "--class-questions", "0",
                           "play"], capture_output=True, text=True, timeout=30, check=False)
    assert game.returncode == 2 and "a round has at least 1 question" in game.stderr and "Traceback" not in game.stderr


# --- a class in real Chromium ---------------------------------------------------------------------------------------


def test_a_class_in_real_chromium_two_tabs_own_settings_and_a_name_typed_without_a_click(tmp_path):
    data = class_data(tmp_path)
    with serve(data, "--seconds", "20") as server, launch_browser() as browser:
        assert "20 seconds a question, fixed" in server.output()
        ann, bob = new_page(browser), new_page(browser)
        for tab in (ann, bob):
            tab.goto(f"{server.url}/pack/{PACK}")
        for tab, name in ((ann, "Ann"), (bob, "Bob")):
            wait_for_screen(tab, r"Type your name")
            tab.keyboard.type(name)  # no click, no focus() first: the terminal has the keyboard
            wait_for_screen(tab, rf"▊\s+{name}\s")

        ann.keyboard.press("Control+p")  # Ann changes her round to 15 questions
        ann.keyboard.type("settings")
        wait_for_screen(ann, r"Theme, questions per round")
        ann.keyboard.press("Enter")
        text = wait_for_screen(ann, r"Questions per round", r"fixed by your teacher")
        assert "Timer: 20 seconds per question" in text
        ann.keyboard.press("Tab")
        ann.keyboard.press("Enter")
        wait_for_screen(ann, r"\b15\b", r"\b30\b")
        ann.keyboard.press("ArrowDown")
        ann.keyboard.press("Enter")
        wait_for_screen(ann, r"Questions per round", ready=lambda text: re.search(r"▊ *15 ", text))
        ann.keyboard.press("Escape")
        wait_for_screen(ann, r"Your name", absent="Questions per round")
        ann.keyboard.press("Enter")
        text = wait_for_screen(ann, r"Question 1/\d+", r"⏱ \d+ s")
        assert "Question 1/15" in text and re.search(r"⏱ (20|19|18) s", text)

        bob.keyboard.press("Enter")  # Bob's round is as it was
        text = wait_for_screen(bob, r"Question 1/\d+", r"⏱ \d+ s")
        assert "Question 1/10" in text
        assert re.search(r"⏱ (20|19|18) s", text)
        ann.close()
        bob.close()
    [(ann_id,)] = rows(data, "SELECT id FROM players WHERE name = 'Ann'")
    assert rows(data, "SELECT player_id, key, value FROM settings WHERE key = 'questions_per_round'") == \
        [(ann_id, "questions_per_round", "15")]


# --- games end with their server -----------------------------------------------------------------------------------


def test_games_end_within_seconds_when_their_server_is_killed_keeping_what_was_answered(tmp_path):
    data = class_data(tmp_path)
    with serve(data) as server:

        async def play_then_kill() -> tuple[list[int], float]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player, \
                    WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as idle:
                await idle.wait_for(r"Type your name")
                await player.wait_for(r"Type your name")
                await player.press("Zoë\r")
                text = await player.wait_for(r"Question 1/10")
                await player.press("1" if "Type your answer" not in text else "zzzz\r")
                await player.wait_for(VERDICT)
                games = server.games()
                assert len(games) == 2
                os.kill(server.process.pid, signal.SIGKILL)  # no goodbye to anyone
                killed = time.monotonic()
                while any(alive(pid) for pid in games) and time.monotonic() - killed < 10:
                    await asyncio.sleep(0.05)
                return games, time.monotonic() - killed

        games, took = run_async(play_then_kill())
    print(f"\ngames ended {took:.1f} s after their server was killed")
    assert not any(alive(pid) for pid in games) and took < 5
    assert rows(data, "SELECT count(*) FROM answers") == [(1,)]


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
def test_sighup_and_sigterm_stop_the_server_as_ctrl_c_does(tmp_path, sig):
    with serve(class_data(tmp_path)) as server:

        async def stop_while_playing() -> tuple[list[int], int, float]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                games = server.games()
                started = time.monotonic()
                code = await asyncio.to_thread(server.stop, sig, 10)
                return games, code, time.monotonic() - started

        games, code, took = run_async(stop_while_playing())
    assert code == 0 and took < 5, (code, took)
    assert len(games) == 1 and not alive(games[0])


# --- where students connect ----------------------------------------------------------------------------------------


def test_listening_on_every_address_prints_addresses_students_can_type(tmp_path):
    from orbitquiz.web import network_addresses

    with serve(class_data(tmp_path), "--host", "0.0.0.0") as server:
        line = next(line for line in server.output().splitlines() if "serving on" in line)
        urls = re.findall(r"http://[^\s/]+/", line)
        assert urls and "0.0.0.0" not in line, line
        for url in urls:
            with urllib.request.urlopen(url, timeout=10) as response:  # each one reaches this server
                assert response.status == 200
        if network_addresses():  # a computer on a network gives its network addresses, not loopback
            assert all(not url.startswith("http://127.") for url in urls), line
    print(f"\n{line}")
