"""Issue 18, a class of tabs at once: `orbitquiz serve` forks each tab's game from a warm parent (tui/warm.py).

Real servers, real websocket players (tests/webtools.py) and a real Chromium: a forked game plays, has its own
session, terminal size and pipes, leaves no zombie when its tab closes (even hung), outlives a warm parent killed
with -9 (which is restarted), dies with a killed server; where fork is unavailable the server says so and starts
games the old way; `--start spawn` is the old way.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from pathlib import Path

from orbitquiz.store import Store
from tests.webtools import (
    VERDICT,
    WebsocketPlayer,
    alive,
    children,
    launch_browser,
    new_page,
    run_async,
    serve,
    wait_for_screen,
    wait_until,
)

PACK = "first-film"


def parent_of(pid: int) -> int:
    """The parent pid, from /proc/PID/stat (the field after the command's closing parenthesis)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2:].split()[1])


def cmdline(pid: int) -> list[bytes]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:-1]


def border_width(text: str) -> int:
    """The width of the question's box (its top border) as drawn."""
    [top] = [line for line in text.splitlines() if "╭" in line][:1]
    return len(top.strip())


def test_a_forked_game_plays_with_its_own_session_size_and_pipes(tmp_path):
    with serve(tmp_path / "data") as server:
        warm = server.warm_parent()
        assert warm is not None, "the server started no warm parent"
        assert cmdline(warm) == [sys.executable.encode(), b"-m", b"orbitquiz.tui.warm", cmdline(warm)[3]]
        assert "warm parent" in Path(server.log).read_text()
        # It imported the game, parsed its CSS and built an app object, and runs no thread (Python's or a library's)
        # to fork from: one task in the kernel's eyes.
        assert [task.name for task in Path(f"/proc/{warm}/task").iterdir()] == [str(warm)]

        async def two_players() -> tuple[list[int], list[int]]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}", width=60, height=30) as narrow, \
                    WebsocketPlayer(f"{server.url}/ws/pack/{PACK}", width=120, height=40) as wide:
                for player in (narrow, wide):
                    await player.wait_for(r"Type your name")
                games = server.games()
                for player, name in ((narrow, "Narrow"), (wide, "Wide")):
                    await player.press(f"{name}\r")
                texts = [await player.wait_for(r"Question 1/") for player in (narrow, wide)]
                widths = [border_width(text) for text in texts]
                await narrow.press("1" if "Type your answer" not in texts[0] else "zzzz\r")
                await narrow.wait_for(VERDICT)
                return games, widths

        games, widths = run_async(two_players())
        assert len(games) == 2
        assert widths[0] < 60 < widths[1] <= 120  # each game drew for its own terminal's size
        # (both gone by now: their tabs closed; checked while they ran below)
        assert wait_until(lambda: server.games() == [], 5)
        assert not any(alive(pid) for pid in games)  # and no zombie was left: alive() counts one

    # While a forked game runs: it is the warm parent's child, in a session and process group of its own.
    with serve(tmp_path / "data2") as server:
        async def one() -> tuple[int, int, int, int]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                [game] = server.games()
                return game, parent_of(game), os.getsid(game), os.getpgid(game)

        game, parent, session, group = run_async(one())
        assert parent == server.warm_parent()
        assert session == group == game


def test_a_closed_tabs_forked_game_ends_within_seconds_even_hung_and_leaves_no_zombie(tmp_path):
    with serve(tmp_path / "data") as server:
        async def hang_then_close() -> tuple[int, float]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                [game] = server.games()
                assert parent_of(game) == server.warm_parent()  # a forked game
                os.kill(game, signal.SIGSTOP)  # a game that answers nothing any more
            closed = time.monotonic()
            while alive(game) and time.monotonic() - closed < 10:
                await asyncio.sleep(0.05)
            return game, time.monotonic() - closed

        game, took = run_async(hang_then_close())
        assert not alive(game) and took < 5, f"the hung game outlived its tab by {took:.1f} s"
        assert children(server.warm_parent()) == []
        assert "did not quit; terminating it" in Path(server.log).read_text()


def test_a_warm_parent_killed_is_restarted_and_its_games_play_on(tmp_path):
    with serve(tmp_path / "data") as server:
        first = server.warm_parent()

        async def kill_the_warm_parent_mid_game() -> str:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                os.kill(first, signal.SIGKILL)
                assert wait_until(lambda: server.warm_parent() not in (None, first), 20)
                await player.press("Orphan\r")
                text = await player.wait_for(r"Question 1/")
                await player.press("1" if "Type your answer" not in text else "zzzz\r")
                await player.wait_for(VERDICT)  # the game forked by the dead parent plays on
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                [game] = server.games()
                return str(parent_of(game))

        parent = run_async(kill_the_warm_parent_mid_game())
        assert int(parent) == server.warm_parent() != first  # the new game came from the new warm parent
        assert not alive(first)  # the dead warm parent was reaped: no zombie
        log = Path(server.log).read_text()
        assert re.search(rf"the warm parent {first} died .*; restarting it", log), log


def test_a_killed_server_leaves_neither_games_nor_its_warm_parent(tmp_path):
    with serve(tmp_path / "data") as server:
        warm = server.warm_parent()

        async def play_then_kill() -> tuple[list[int], float]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                games = server.games()
                assert [parent_of(pid) for pid in games] == [warm]  # a forked game
                os.kill(server.process.pid, signal.SIGKILL)
                killed = time.monotonic()
                while any(alive(pid) for pid in [*games, warm]) and time.monotonic() - killed < 10:
                    await asyncio.sleep(0.05)
                return games, time.monotonic() - killed

        games, took = run_async(play_then_kill())
    assert len(games) == 1
    assert not any(alive(pid) for pid in [*games, warm]) and took < 5


def test_where_fork_is_unavailable_games_start_the_old_way_and_the_log_says_so(tmp_path):
    data = tmp_path / "data"
    # Another platform: no os.fork (the rest of orbitquiz is the installed one).
    command = [sys.executable, "-c", "import os, sys; del os.fork; from orbitquiz.cli import main; "
               f"sys.exit(main(['--data-dir', {str(data)!r}, 'serve', '--port', '0']))"]
    with serve(data, command=command) as server:
        assert server.warm_parent() is None

        async def play() -> list[int]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                return server.games()

        [game] = run_async(play())
        assert "cannot fork games here (os.fork not available" in Path(server.log).read_text()
        assert cmdline(game)[:3] == [sys.executable.encode(), b"-m", b"orbitquiz"]


def test_start_spawn_is_the_old_way(tmp_path):
    with serve(tmp_path / "data", "--start", "spawn") as server:
        assert server.warm_parent() is None

        async def play() -> list[int]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                return server.games()

        [game] = run_async(play())
        assert parent_of(game) == server.process.pid
        assert cmdline(game)[-3:] == [b"play", b"--", PACK.encode()]


def test_a_forked_game_plays_in_chromium(tmp_path):
    with launch_browser() as browser, serve(tmp_path / "data") as server:
        page = new_page(browser, viewport={"width": 1100, "height": 820})
        page.goto(f"{server.url}/pack/{PACK}")
        wait_for_screen(page, r"Type your name")
        [game] = server.games()
        assert parent_of(game) == server.warm_parent()
        page.keyboard.type("Chromium")
        page.keyboard.press("Enter")
        wait_for_screen(page, r"Question 1/")
        page.close()
        assert wait_until(lambda: not alive(game), 5)


def test_tabs_gone_while_their_game_is_forked_leave_no_game_and_the_next_tab_plays(tmp_path):
    with serve(tmp_path / "data") as server:
        async def come_and_go(delay: float) -> None:
            import aiohttp

            async with aiohttp.ClientSession() as session:
                await session.ws_connect(f"{server.url.replace('http', 'ws', 1)}/ws/pack/{PACK}",
                                         headers={"Origin": server.url})
                await asyncio.sleep(delay)
            # (the session's end drops the connection: no closing handshake that would wait for the game)

        async def burst_then_play() -> None:
            # Closed within milliseconds of opening, some of them while the warm parent is forking their game.
            await asyncio.gather(*(come_and_go(n % 10 / 1000) for n in range(60)))
            # And tabs that go while the warm parent is slow to answer (stopped here, then let go).
            warm = server.warm_parent()
            os.kill(warm, signal.SIGSTOP)
            try:
                await asyncio.gather(*(come_and_go(0.3) for _ in range(5)))
                await asyncio.sleep(0.5)
            finally:
                os.kill(warm, signal.SIGCONT)
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as player:
                await player.wait_for(r"Type your name")
                await player.press("After\r")
                await player.wait_for(r"Question 1/")

        run_async(burst_then_play())
        assert wait_until(lambda: server.games() == [], 10), server.games()
        assert children(server.warm_parent()) == []
        assert "Traceback" not in server.output() + Path(server.log).read_text()


#: The background each theme draws, as the game writes it (textual-dark's #121212, nord's #2E3440).
DARK = b"48;2;18;18;18m"
NORD = b"48;2;46;52;64m"


def test_a_theme_one_forked_game_changes_reaches_no_other_game(tmp_path):
    # The warm parent parsed the CSS with the default theme before forking (tui/parsed_css.py); a game whose player
    # has a theme of their own parses it again in its own copy.
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.set_setting("theme", "nord", player=store.player("Ann"))
    with serve(data) as server:
        async def three_games() -> tuple[bytes, bytes, bytes]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as ann, \
                    WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as ben:
                for player in (ann, ben):
                    await player.wait_for(r"Type your name")
                assert [parent_of(pid) for pid in server.games()] == [server.warm_parent()] * 2  # forked games
                await ann.press("Ann\r")
                await ann.wait_for(r"Question 1/")
                await ben.press("Ben\r")
                await ben.wait_for(r"Question 1/")
                async with WebsocketPlayer(f"{server.url}/ws/pack/{PACK}") as cat:  # forked after Ann's change
                    await cat.wait_for(r"Type your name")
                    await cat.press("Cat\r")
                    await cat.wait_for(r"Question 1/")
                    return bytes(ann.received), bytes(ben.received), bytes(cat.received)

        ann, ben, cat = run_async(three_games())
    assert NORD in ann[ann.rindex(b"Question 1/"):]  # Ann's game took her theme
    for other in (ben, cat):
        assert DARK in other and NORD not in other
