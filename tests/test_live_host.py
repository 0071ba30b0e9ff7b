"""The host screen, played by keys (Textual's Pilot) while websocket players (aiohttp's client) play on the real
server it runs in its own loop: lobby with addresses, code, QR code and players; Enter/Space through the game;
kick, skip and end; the reveal's bars; the podium."""

from __future__ import annotations

import aiohttp
import segno

from orbitquiz.live.session import LiveSession
from orbitquiz.live.state import LiveGame, Phase
from orbitquiz.store import Store
from orbitquiz.tui.host import QR_BORDER, HostApp
from tests.livetools import CODE, connect, join, questions


def text(app: HostApp, selector: str) -> str:
    return str(app.query_one(selector).render())


async def shown(pilot, app: HostApp, selector: str, words: str, within: float = 10.0) -> str:
    """The widget's text once it holds ``words``: the host draws a moment after its mount or a network event, later
    on a loaded machine (a fixed pause failed under a full run's load). Fails after ``within`` seconds."""
    for _ in range(int(within / 0.05)):
        found = app.screen.query(selector)
        if found and words in (drawn := str(found.first().render())):
            return drawn
        await pilot.pause(0.05)
    raise AssertionError(f"{selector} never showed {words!r}")


def footer_keys(app: HostApp) -> set[str]:
    return {binding.description for (_, binding, enabled, _) in app.active_bindings.values()
            if enabled and binding.show}


def host_app(tmp_path, count=3, kind: str | None = "choice", **game) -> tuple[HostApp, Store]:
    store = Store.open(tmp_path)
    session = LiveSession(LiveGame(questions(count, kind=kind), code=CODE, **game), store, "first-film", 1)
    return HostApp(session, port=0), store


async def test_the_teacher_runs_a_game_by_keys(tmp_path):
    app, store = host_app(tmp_path)
    game = app.session.game
    async with app.run_test(size=(120, 45)) as pilot, aiohttp.ClientSession() as client:
        url = app.server.url
        assert url and url.split("//")[1] in await shown(pilot, app, "#top", f"code {CODE}")
        ana = await join(client, url, "Ana")
        ben = await join(client, url, "Ben\x1b[31m")  # the escape is taken out of the name, the rest is literal
        players = await shown(pilot, app, "#players", "2 players")
        assert "2 players" in players and "Ana" in players and "Ben[31m" in players and "\x1b" not in players
        assert footer_keys(app) >= {"Start", "Kick", "End game"} and "Reveal" not in footer_keys(app)

        await pilot.press("enter")
        assert game.phase is Phase.QUESTION
        question = game.questions[0]
        view = await ana.state("question")
        assert view["question"]["prompt"] == question.prompt
        assert question.prompt in text(app, "#board") and "0 answered, 2 to go" in text(app, "#board")
        assert "Reveal" in footer_keys(app) and "Skip question" in footer_keys(app)
        wrong = next(option for option in question.options if option != question.answer)
        await ana.send(type="answer", response=question.answer)
        await ben.send(type="answer", response=wrong)
        await ben.wait_for(lambda m: m["type"] == "state" and m["view"]["your_answer"] == wrong)
        assert "2 answered, 0 to go" in await shown(pilot, app, "#board", "2 answered")

        await pilot.press("space")  # the reveal: the answer, the sentence, a bar per option
        board = text(app, "#board")
        assert game.phase is Phase.REVEAL and f"Answer: {question.answer}" in board
        assert question.source.sentence in board and "1 of 2 right" in board
        bars = [line for line in board.splitlines() if line.rstrip().endswith((" 1", " 0"))]
        assert len(bars) == len(question.options)
        assert any(line.startswith("✔") and question.answer in line and "█" in line for line in bars)

        await pilot.press("enter")
        assert game.phase is Phase.LEADERBOARD and "1. Ana" in text(app, "#board")
        await pilot.press("k")  # kick Ben: the second in the list
        await pilot.press("down", "enter")
        assert [p.nickname for p in game.active] == ["Ana"]
        await ben.wait_for(lambda m: m["type"] == "state" and m["view"]["kicked"])

        await pilot.press("enter")
        assert game.phase is Phase.QUESTION and game.index == 1
        await pilot.press("s")  # skip: the next question at once
        assert game.index == 2 and game.skipped == [1]
        await pilot.press("e")
        await pilot.press("escape")  # asked first: Esc keeps playing
        assert game.phase is Phase.QUESTION
        await pilot.press("e", "enter")
        assert game.phase is Phase.PODIUM
        assert "Podium" in text(app, "#board") and "1st  Ana" in text(app, "#board")
        assert (await ana.state("podium"))["podium"][0]["nickname"] == "Ana"
        assert footer_keys(app) & {"Start", "Reveal", "Skip question", "End game"} == set()
    store.close()


async def test_the_lobby_qr_code_is_the_join_address(tmp_path):
    app, store = host_app(tmp_path, count=1)
    async with app.run_test(size=(120, 50)):
        wanted = segno.make(f"{app.server.url}/?code={CODE}", error="m")
        rows = [list(row) for row in wanted.matrix_iter(scale=1, border=QR_BORDER)]
        drawn = text(app, "#qr").splitlines()
        bits = {" ": (0, 0), "▀": (1, 0), "▄": (0, 1), "█": (1, 1)}
        decoded = []
        for line in drawn:
            pairs = [bits[c] for c in line]
            decoded += [[top for top, _ in pairs], [bottom for _, bottom in pairs]]
        assert decoded[:len(rows)] == [[int(bool(b)) for b in row] for row in rows]
    store.close()


async def test_a_busy_port_is_reported_not_a_traceback(tmp_path):
    app, store = host_app(tmp_path, count=1)
    async with app.run_test():
        busy = HostApp(LiveSession(LiveGame(questions(1), code=CODE), None, "first-film", 1), port=app.server.port)
        async with busy.run_test():
            pass
        assert busy.problem and "cannot listen" in busy.problem and "--port" in busy.problem
    store.close()


async def test_a_screen_page_gets_the_board(tmp_path):
    app, store = host_app(tmp_path, count=1)
    async with app.run_test() as pilot, aiohttp.ClientSession() as client:
        screen = await connect(client, app.server.url, f"/ws/screen?key={app.server.screen_key}")
        await join(client, app.server.url, "Ana")
        await screen.wait_for(lambda m: m["view"]["players"] == ["Ana"])
        await pilot.press("enter")
        view = (await screen.wait_for(lambda m: m["view"]["phase"] == "question"))["view"]
        assert view["reveal"] is None and view["waiting"] == ["Ana"]
        await screen.send(type="advance")  # read-only: nothing it says is read
        await pilot.pause(0.2)
        assert app.session.game.phase is Phase.QUESTION
    store.close()


def test_the_host_command_refuses_what_cannot_play(tmp_path, capsys):
    from orbitquiz.cli import main

    assert main(["--data-dir", str(tmp_path), "host", "first-film", "--questions", "0"]) == 2
    assert "--questions must be at least 1" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "host", "first-film", "--seconds", "-1"]) == 2
    assert main(["--data-dir", str(tmp_path), "host", "first-film", "--max-players", "0"]) == 2
    assert main(["--data-dir", str(tmp_path), "host", "no-such-pack"]) == 1
    assert "no pack named 'no-such-pack'" in capsys.readouterr().err


async def test_on_the_classroom_network_the_lobby_shows_this_computers_addresses(tmp_path):
    from orbitquiz.netsafety import network_addresses

    store = Store.open(tmp_path)
    app = HostApp(LiveSession(LiveGame(questions(1), code=CODE), store, "first-film", 1), host="0.0.0.0", port=0)
    async with app.run_test(size=(160, 40)):
        top = text(app, "#top")
        assert "0.0.0.0" not in top
        for address in network_addresses() or ["127.0.0.1"]:
            assert f"http://{address}:{app.server.port}/" in top
    store.close()


async def test_quitting_mid_game_keeps_every_round_as_ended_early(tmp_path):
    import sqlite3

    app, store = host_app(tmp_path, count=3)
    async with app.run_test() as pilot, aiohttp.ClientSession() as client:
        ana = await join(client, app.server.url, "Ana")
        await pilot.press("enter")
        question = app.session.game.questions[0]
        await ana.send(type="answer", response=question.answer)
        await ana.wait_for(lambda m: m["type"] == "state" and m["view"]["your_answer"] == question.answer)
        await pilot.press("enter", "enter", "enter")  # reveal, leaderboard, question 2
        await pilot.press("ctrl+q")
    store.close()
    db = sqlite3.connect(tmp_path / "orbitquiz.sqlite3")
    assert db.execute("SELECT finished_at IS NOT NULL, ended_early, answered, correct FROM rounds").fetchall() == \
        [(1, 1, 1, 1)]


async def test_with_a_time_limit_the_host_shows_the_countdown_and_the_clock_reveals(tmp_path):
    app, store = host_app(tmp_path, count=2, seconds=2)
    async with app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as client:
        await join(client, app.server.url, "Ana")
        await pilot.press("enter")
        assert " s left" in text(app, "#board")
        await pilot.pause(2.6)
        assert app.session.game.phase is Phase.REVEAL and "Answer: " in text(app, "#board")
        assert "No answer from: Ana" in text(app, "#board")
    store.close()


async def test_pack_text_is_drawn_literally(tmp_path):
    import dataclasses

    question = questions(1, kind="choice")[0]
    hostile = dataclasses.replace(question, prompt="Which [bold red]markup[/] \x1b]0;title\x07 is it?",
                                  options=("[b]one", *question.options[1:]))
    store = Store.open(tmp_path)
    app = HostApp(LiveSession(LiveGame([hostile], code=CODE), store, "first-film", 1), port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        board = text(app, "#board")
        assert "Which [bold red]markup[/] ␛]0;title␇ is it?" in board and "1. [b]one" in board
        assert "\x1b" not in board
    store.close()


async def test_a_redraw_timed_by_the_last_change_draws_nothing_once_the_app_closes(tmp_path):
    """A change just before the teacher quits times a redraw; the app's widgets go before its timers stop, so the
    redraw can fire with no board to draw on (a full run's load made it fire there)."""
    app, store = host_app(tmp_path, count=1)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        assert app.session.game.phase is Phase.QUESTION
    app.redraw()  # as the timer does when it fires during the close; before the fix: NoMatches '#top'
    assert not app.is_running
    store.close()
