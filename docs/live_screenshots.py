"""Draws the host screen's pictures in docs/ (the lobby and a reveal) from a real game: the host app headless
under Textual's Pilot, its server on a free port, a few websocket players. Run: .venv/bin/python docs/live_screenshots.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]

NAMES = ["Amara", "Ben", "Chloé", "Dev", "Esme", "Farid", "Grace"]


async def main() -> None:
    import aiohttp

    from orbitquiz.live.session import LiveSession
    from orbitquiz.live.state import LiveGame
    from orbitquiz.store import Store
    from orbitquiz.tui.host import HostApp
    from tests.livetools import CODE, join, questions

    with tempfile.TemporaryDirectory() as data:
        store = Store.open(Path(data))
        chosen = questions(3, kind="choice")
        app = HostApp(LiveSession(LiveGame(chosen, code=CODE), store, "first-film", 1), port=0)
        async with app.run_test(size=(110, 36)) as pilot, aiohttp.ClientSession() as client:
            players = [await join(client, app.server.url, name) for name in NAMES]
            await pilot.pause(0.3)
            app.save_screenshot("live-host-lobby.svg", str(REPO / "docs"))
            await pilot.press("enter")
            question = chosen[0]
            wrong = [o for o in question.options if o != question.answer]
            for index, player in enumerate(players[:-1]):
                await player.send(type="answer", response=question.answer if index % 3 else wrong[index % len(wrong)])
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.2)
            app.save_screenshot("live-host-reveal.svg", str(REPO / "docs"))
        store.close()


if __name__ == "__main__":
    asyncio.run(main())
