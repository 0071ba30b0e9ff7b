"""``orbitquiz serve`` with real parts: the server on a free port, a game process per tab, SQLite in tmp_path, and
Debian's Chromium (headless, driven by Playwright) reading the terminal's own buffer.

Without Chromium or Playwright the browser tests skip and say why; under CI (CI=true) they fail instead, as
.ci/run installs Chromium. The game's browser-only behaviour is also checked with Textual's Pilot, which needs
neither.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import http.server
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual._styles_cache import StylesCache
from textual.screen import Screen
from textual.widget import Widget

from orbitquiz import generate, load_pack
from orbitquiz.store import Store
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.home import HomeScreen
from orbitquiz.tui.screens.name import NameScreen
from orbitquiz.tui.screens.question import QuestionScreen
from orbitquiz.tui.screens.results import ResultsScreen
from tests.webtools import (
    REPO,
    VERDICT,
    WebsocketPlayer,
    alive,
    children,
    focus_terminal,
    missing_glyphs,
    new_page,
    question_on_screen,
    run_async,
    screen,
    serve,
    wait_for_screen,
    wait_until,
)

PACK = REPO / "seeds" / "first-film.md"


def rows(data_dir: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(data_dir / "orbitquiz.sqlite3") as db:
        return db.execute(sql, params).fetchall()


def shot(page, path: Path) -> None:
    """A screenshot in tmp_path, and in $ORBITQUIZ_SCREENSHOTS too when that is set (to look at it)."""
    page.screenshot(path=path)
    if folder := os.environ.get("ORBITQUIZ_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


# --- the game's browser behaviour, by Pilot ------------------------------------------------------------------------


class BrowserApp(OrbitQuizApp):
    """The app as textual-serve runs it: Textual's web driver is what sets is_web."""

    @property
    def is_web(self) -> bool:
        return True


async def test_a_browser_tab_asks_for_the_name_then_starts_the_packs_round(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(PACK, folder / "zz-last.md")
    with Store.open(tmp_path / "data") as store:
        store.set_setting("last_player", "Teacher")
    app = BrowserApp(tmp_path / "data", [folder], StartRequest("zz-last"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        assert app.screen.query_one("#name").value == ""  # not the last player's name, not the login name
        assert app.screen.focused is app.screen.query_one("#name")
        assert "zz-last" in str(app.screen.query_one("#pack").render())
        await pilot.press("enter")  # no name yet: the round waits
        assert isinstance(app.screen, NameScreen)
        await pilot.press(*"Zoë", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.entry.name == "zz-last"
        assert app.player == "Zoë"
    with Store.open(tmp_path / "data") as store:
        assert store.get_setting("last_player") == "Teacher"  # a tab's player is not the terminal's default
        assert store.players() == ["Zoë"]


async def test_a_browser_tab_without_a_pack_starts_at_home_with_an_empty_name(tmp_path):
    with Store.open(tmp_path / "data") as store:
        store.set_setting("last_player", "Teacher")
    app = BrowserApp(tmp_path / "data", start=StartRequest("first-film"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # from the name screen to every pack
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#name").value == ""
    app = BrowserApp(tmp_path / "data")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#name").value == ""


async def test_a_browser_tab_offers_no_file_commands(tmp_path):
    app = BrowserApp(tmp_path / "data")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Reload packs" not in titles and "New round" in titles
        await pilot.click("#packs")  # off the name box, where letter keys are bindings
        assert app.screen.check_action("reload", ()) is False
        packs_before = app.packs
        await pilot.press("r")
        assert app.packs is packs_before


async def test_a_browser_tabs_rounds_leave_no_widgets_in_memory(tmp_path):
    # A tab lives for many rounds. Two things in Textual 8.2 kept what a round drew: Textual's Footer as the key bar
    # of the name screen (which lives as long as the tab) kept every key it had ever shown (Textual issue #6666),
    # and a cache kept the rendered lines of the last 1024 widgets drawn (tui/textual_fixes.py); together ~1 MiB
    # a round in a tab.
    with Store.open(tmp_path / "data") as store:
        store.set_setting("questions_per_round", 1)  # a round is a question: ten rounds in a few seconds
    app = BrowserApp(tmp_path / "data", start=StartRequest("first-film"))

    async def until(screen_type: type | tuple[type, ...]) -> Screen:
        for _ in range(500):
            if isinstance(app.screen, screen_type):
                return app.screen
            await pilot.pause(0.01)
        raise AssertionError(f"not {screen_type}: {app.screen}")

    left_behind: list[int] = []
    # Widgets another test's app left in this process (the live host app's, which lives on until its server's
    # tasks are collected) are not this tab's: only widgets made during this test count.
    gc.collect()
    before = {id(thing) for thing in gc.get_objects() if isinstance(thing, Widget)}
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Zoë", "enter")
        for _ in range(10):
            while not isinstance(app.screen, ResultsScreen):
                question = (await until(QuestionScreen)).play.round.current
                if question.kind == "choice":
                    await pilot.press(str(question.options.index(question.answer) + 1))
                else:
                    await pilot.press(*question.answer, "enter")
                await until(FeedbackScreen)
                await pilot.press("enter")
                await until((QuestionScreen, ResultsScreen))
            results = app.screen
            await pilot.pause(0.1)
            gc.collect()
            bars = [bar for screen in app.screen_stack for bar in screen.query(KeyBar)]
            shown = {id(widget) for screen in app.screen_stack for widget in screen.walk_children(with_self=True)}
            left_behind.append(sum(isinstance(thing, Widget) and id(thing) not in shown and id(thing) not in before
                                   for thing in gc.get_objects()))
            for bar in bars:
                watching = [node for watchers in getattr(bar, "__watchers", {}).values() for node, _ in watchers]
                assert all(node.is_attached for node in watching), f"{bar.screen}'s bar watches keys it dropped"
            things = gc.get_objects()
            widgets = sum(isinstance(thing, Widget) for thing in things)
            render_caches = sum(isinstance(thing, StylesCache) for thing in things)
            del things
            assert render_caches <= widgets, "render caches of widgets gone are kept"  # one for each widget
            await pilot.press("a")
            while app.screen is results:
                await pilot.pause(0.01)
    # At most the widgets of the screens on their way out (a closed screen lives until its timers' tasks end: a
    # question screen is nine widgets, its feedback box as many); Textual's Footer as the name screen's bar, a widget
    # per key, kept dozens by now, more every round.
    assert max(left_behind) <= 20, left_behind


# --- the command and the server, without a browser -----------------------------------------------------------------


def orbitquiz(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_serve_refuses_an_unknown_pack_and_a_zero_cap(tmp_path):
    result = orbitquiz("--data-dir", str(tmp_path), "serve", "--port", "0", "--pack", "no-such-pack")
    assert result.returncode == 1
    assert "no playable pack named 'no-such-pack'" in result.stderr and "first-film" in result.stderr
    result = orbitquiz("--data-dir", str(tmp_path), "serve", "--port", "0", "--max-sessions", "0")
    assert result.returncode == 1 and "--max-sessions must be at least 1" in result.stderr


def test_serve_binds_loopback_by_default_and_warns_beyond_it(tmp_path):
    with serve(tmp_path / "data") as server:
        assert server.url.startswith("http://127.0.0.1:")
    assert "warning" not in server.log.read_text()
    with serve(tmp_path / "data", "--host", "0.0.0.0") as server:
        assert wait_until(lambda: "lets other computers reach the game" in server.log.read_text(), 5)


def get(url: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def test_the_pages_reach_nothing_but_their_own_assets(tmp_path):
    with serve(tmp_path / "data", "--pack", "first-film") as server:
        status, headers, body = get(f"{server.url}/")
        assert status == 200
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert f"connect-src 'self' ws://{server.host}" in headers["Content-Security-Policy"]
        assert "googleapis" not in body and "http" not in body.replace(f"ws://{server.host}/ws", "")
        status, _, body = get(f"{server.url}/pack/first-film")
        assert status == 200 and f'data-session-websocket-url="ws://{server.host}/ws/pack/first-film"' in body
        status, _, body = get(f"{server.url}/pack/no-such-pack")
        assert status == 404
        assert "There is no playable pack named &#39;no-such-pack&#39;." in body
        assert '<a href="/pack/first-film">first-film</a>' in body
        status, _, body = get(f"{server.url}/pack/%3Cb%3Ex")
        assert status == 404 and "<b>" not in body  # a name from the URL is escaped
        assert get(f"{server.url}/static/textual.js")[0] == 200
        assert get(f"{server.url}/assets/fonts/DejaVuSansMono.ttf")[0] == 200
        for path in ("/static/", "/static/js/textual.js", "/static/..%2Fserver.py", "/assets/", "/assets/fonts/",
                     "/assets/..%2F..%2Fweb.py", "/static/%2E%2E/app_service.py", "/download/anything"):
            assert get(f"{server.url}{path}")[0] in (403, 404), path  # no listing, no way out of the assets
        # A page from a name that was made to point here (DNS rebinding) gets nothing.
        assert get(f"{server.url}/", host=f"attacker.example:{server.url.rsplit(':', 1)[1]}")[0] == 421
    assert "Traceback" not in server.log.read_text()


def test_the_wheel_ships_the_page_and_its_fonts(tmp_path):
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)], cwd=REPO,
                   check=True, capture_output=True)
    [wheel] = tmp_path.glob("orbitquiz-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    assets = REPO / "src" / "orbitquiz" / "web_assets"
    files = {f"orbitquiz/web_assets/{path.relative_to(assets)}" for path in assets.rglob("*") if path.is_file()}
    assert {"orbitquiz/web_assets/templates/index.html", "orbitquiz/web_assets/static/fonts/DejaVuSansMono.ttf",
            "orbitquiz/web_assets/static/fonts/LICENSE-DejaVu.txt"} <= files
    assert files <= shipped


# --- in a real browser ----------------------------------------------------------------------------------------------


def test_a_round_in_a_real_browser(browser, tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.set_setting("last_player", "Teacher")  # the browser must not offer it
        store.set_setting("questions_per_round", 5)  # the teacher's round size (a classic round is 10 otherwise)
    requests: list[str] = []
    sockets: list[str] = []
    with serve(data) as server:
        page = new_page(browser, requests, viewport={"width": 1100, "height": 820})
        page.on("websocket", lambda websocket: sockets.append(websocket.url))
        response = page.goto(f"{server.url}/pack/first-film")
        assert "default-src 'none'" in response.headers["content-security-policy"]
        seen = [wait_for_screen(page, r"Type your name")]  # the placeholder: the name box is empty
        shot(page, tmp_path / "web-name.png")
        assert "Teacher" not in seen[0] and os.environ.get("USER", "\0") not in seen[0].split()
        assert page.evaluate("() => [...document.fonts].every(face => face.status === 'loaded')")
        assert len(server.games()) == 1

        focus_terminal(page)
        page.keyboard.press("Control+p")  # the command palette: its search icon must render; no reload offered
        page.keyboard.type("reload")
        seen.append(wait_for_screen(page, r"🔎"))
        time.sleep(0.3)
        assert "Reload packs" not in screen(page)
        shot(page, tmp_path / "web-palette.png")
        page.keyboard.press("Escape")
        wait_for_screen(page, r"Type your name", absent="🔎")

        page.keyboard.type("Zoë Browser")
        page.keyboard.press("Enter")
        wait_for_screen(page, r"Question 1/5")
        (seed,) = rows(data, "SELECT seed FROM rounds")[0]
        questions = generate(load_pack(PACK), seed)  # the round's own questions: the same seed, the same ones
        plan = ["right", "wrong", "skip", "right", "right"]
        for number, how in enumerate(plan, start=1):
            text = wait_for_screen(page, rf"Question {number}/5", absent=VERDICT,
                                   ready=lambda text: question_on_screen(text, questions))
            seen.append(text)
            question = question_on_screen(text, questions)
            if how == "skip":
                page.keyboard.press("Escape")
            elif question.kind == "choice":
                right = question.options.index(question.answer)
                index = right if how == "right" else (right + 1) % len(question.options)
                page.keyboard.press(str(index + 1))
            else:
                page.keyboard.type(question.answer if how == "right" else "zzzz qqqq")
                page.keyboard.press("Enter")
            verdict = wait_for_screen(page, VERDICT)
            seen.append(verdict)
            if number == 2:
                shot(page, tmp_path / "web-feedback.png")
            assert ("✓ Right" in verdict) == (how == "right"), (how, verdict)
            assert ("✗ Skipped" in verdict) == (how == "skip")
            page.keyboard.press("Enter")
        results = wait_for_screen(page, r"Play again")
        seen.append(results)
        score = int(re.search(r"Score (\d+)", results).group(1))
        shot(page, tmp_path / "web-results.png")
        page.close()

    [(player, finished, stored_score, answered, correct)] = rows(
        data, "SELECT p.name, r.finished_at, r.score, r.answered, r.correct FROM rounds r "
              "JOIN players p ON p.id = r.player_id")
    assert (player, stored_score, answered, correct) == ("Zoë Browser", score, len(plan), plan.count("right"))
    assert finished is not None
    assert [c for (c,) in rows(data, "SELECT correct FROM answers ORDER BY id")] == [h == "right" for h in plan]
    with Store.open(data) as store:
        assert store.get_setting("last_player") == "Teacher"
        [row] = store.leaderboard("first-film")
        assert (row.player, row.best_score) == ("Zoë Browser", score)
    assert missing_glyphs("".join(seen)) == set()
    origin = server.url + "/"
    assert requests and all(url.startswith(origin) for url in requests), requests
    assert sockets and all(url.startswith(f"ws://{server.host}/ws/pack/first-film?") for url in sockets), sockets


@contextlib.contextmanager
def another_site() -> Iterator[str]:
    """A page on another origin of this computer (another port): what a second site open in the browser is."""
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!DOCTYPE html><title>another site</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_cross_origin_websocket_is_refused(browser, tmp_path):
    with serve(tmp_path / "data") as server, another_site() as elsewhere:
        page = new_page(browser)
        page.goto(f"{elsewhere}/")
        outcome = page.evaluate("""(url) => new Promise((resolve) => {
            const socket = new WebSocket(url);
            socket.onopen = () => resolve("open");
            socket.onclose = (event) => resolve("closed " + event.code);
        })""", f"ws://{server.host}/ws")
        assert outcome == "closed 1006"  # the handshake failed: the server answered 403
        assert wait_until(lambda: f"refused a websocket from origin '{elsewhere}'" in server.log.read_text(), 5)
        page.close()

        async def raw(origin: str | None, host: str | None = None) -> int:
            import aiohttp

            headers = {"Origin": origin} if origin else {}
            if host:
                headers["Host"] = host
            async with aiohttp.ClientSession(skip_auto_headers=["Origin"]) as session:
                try:
                    async with session.ws_connect(f"ws://{server.host}/ws", headers=headers):
                        return 101
                except aiohttp.WSServerHandshakeError as error:
                    return error.status

        port = server.host.rsplit(":", 1)[1]
        assert run_async(raw("http://evil.example")) == 403
        assert run_async(raw(None)) == 403
        assert run_async(raw("null")) == 403
        assert run_async(raw(f"http://localhost:{port}")) == 403  # another origin, even on this computer
        assert run_async(raw(f"http://evil.example:{port}", host=f"evil.example:{port}")) == 421  # rebinding
        assert server.games() == []  # no process was started for any of them


def test_the_session_cap_holds(browser, tmp_path):
    with serve(tmp_path / "data", "--max-sessions", "2") as server:
        tabs = [new_page(browser) for _ in range(2)]
        for tab in tabs:
            tab.goto(f"{server.url}/pack/first-film")
            wait_for_screen(tab, r"Your name")
        assert len(server.games()) == 2
        third = new_page(browser)
        response = third.goto(f"{server.url}/pack/first-film")
        assert response.status == 503
        assert "The game is full: 2 players are playing" in third.inner_text("body")
        shot(third, tmp_path / "web-full.png")

        async def another() -> tuple[int | None, str]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/first-film") as player:
                for _ in range(100):
                    if player.closed:
                        break
                    await asyncio.sleep(0.05)
                return player.closed

        code, reason = run_async(another())
        assert code == 1013 and reason.startswith("The game is full")
        assert len(server.games()) == 2

        tabs[0].close()  # a place comes free once that tab's game has ended
        assert wait_until(lambda: len(server.games()) == 1, 5)
        third.goto(f"{server.url}/pack/first-film")
        wait_for_screen(third, r"Your name")
        assert len(server.games()) == 2


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_games_end_with_their_tab_even_if_hung_and_all_end_with_the_server(browser, tmp_path, start):
    with serve(tmp_path / "data", "--start", start) as server:
        first = new_page(browser)
        first.goto(f"{server.url}/pack/first-film")
        wait_for_screen(first, r"Your name")
        [hung] = server.games()
        argv = Path(f"/proc/{hung}/cmdline").read_bytes().split(b"\0")
        if start == "spawn":
            assert argv[:3] == [sys.executable.encode(), b"-m", b"orbitquiz"]  # the game itself: no shell in between
            assert argv[-4:] == [b"play", b"--", b"first-film", b""]
        else:  # forked by the warm parent, itself started with no shell in between (its arguments: the same)
            warm = server.warm_parent()
            assert hung in children(warm)
            assert argv[:3] == [sys.executable.encode(), b"-m", b"orbitquiz.tui.warm"]
            assert Path(f"/proc/{warm}/cmdline").read_bytes() == b"\0".join(argv)
        os.kill(hung, signal.SIGSTOP)  # a game that answers nothing any more

        others = [new_page(browser) for _ in range(2)]
        for page in others:
            page.goto(f"{server.url}/pack/first-film")
            wait_for_screen(page, r"Your name")
        rest = [pid for pid in server.games() if pid != hung]
        assert len(rest) == 2

        started = time.monotonic()
        first.close()
        assert wait_until(lambda: not alive(hung), 5), "the hung game outlived its tab by 5 seconds"
        assert time.monotonic() - started < 5
        assert sorted(server.games()) == sorted(rest)

        os.kill(rest[1], signal.SIGKILL)  # a game that died: its place comes free, its tab says so
        assert wait_until(lambda: server.games() == [rest[0]], 5)
        assert wait_until(lambda: sum(page.evaluate("document.body.classList.contains('-closed')")
                                      for page in others) == 1, 5)
        [survivor] = [page for page in others if not page.evaluate("document.body.classList.contains('-closed')")]

        os.kill(rest[0], signal.SIGSTOP)  # stopping the server ends a hung game too
        started = time.monotonic()
        assert server.stop(signal.SIGINT, timeout=10) == 0
        assert time.monotonic() - started < 5
        assert not any(alive(pid) for pid in rest)
        survivor.wait_for_selector("body.-closed", timeout=5000)  # and its tab says why
        assert survivor.inner_text("#closed-message") == "The server has stopped."
