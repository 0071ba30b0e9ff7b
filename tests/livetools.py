"""Real parts for the live game's tests and benchmark: a LiveServer on a free port with a real store, and
websocket players (aiohttp's client) that keep every message they were sent, as it came over the wire."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from orbitquiz import generate, load_pack
from orbitquiz.game import Mode, Rules, choose_questions
from orbitquiz.live.server import LiveServer
from orbitquiz.live.session import LiveSession
from orbitquiz.live.state import LiveGame
from orbitquiz.model import Question
from orbitquiz.store import Store

SEED = Path(__file__).resolve().parent.parent / "seeds" / "first-film.md"
CODE = "424242"


def questions(count: int = 5, kind: str | None = None) -> list[Question]:
    every = generate(load_pack(SEED), 1)
    if kind is not None:
        return [q for q in every if q.kind == kind][:count]
    return choose_questions(every, Mode.CLASSIC, 1, Rules(questions_per_round=count))


@contextlib.asynccontextmanager
async def live_server(data_dir: Path, chosen: Sequence[Question], **game) -> AsyncIterator[LiveServer]:
    store = Store.open(data_dir)
    session = LiveSession(LiveGame(chosen, code=CODE, **game), store, "first-film", 1)
    server = LiveServer(session, port=0)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
        store.close()


@dataclass
class Player:
    """A websocket player: what it was sent (raw text and parsed), in order."""

    socket: aiohttp.ClientWebSocketResponse
    wire: list[str] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    token: str | None = None
    _reader: asyncio.Task | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def start(self) -> None:
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            self.wire.append(message.data)
            parsed = json.loads(message.data)
            self.messages.append(parsed)
            if parsed["type"] == "welcome":
                self.token = parsed["token"]
            self._arrived.set()

    async def send(self, **message) -> None:
        await self.socket.send_str(json.dumps(message))

    async def wait_for(self, test, timeout: float = 5.0) -> dict:
        """The first message (already come or still to come) that passes ``test``."""
        async def look() -> dict:
            seen = 0
            while True:
                for message in self.messages[seen:]:
                    if test(message):
                        return message
                seen = len(self.messages)
                self._arrived.clear()
                if self.socket.closed and self._reader is not None and self._reader.done():
                    raise ConnectionError("closed")
                await self._arrived.wait()
        return await asyncio.wait_for(look(), timeout)

    async def state(self, phase: str, timeout: float = 5.0, number: int | None = None) -> dict:
        message = await self.wait_for(lambda m: m["type"] == "state" and m["view"]["phase"] == phase and (
            number is None or (m["view"]["question"] or {}).get("number") == number), timeout)
        return message["view"]

    async def error(self, timeout: float = 5.0) -> str:
        return (await self.wait_for(lambda m: m["type"] == "error", timeout))["message"]

    async def close(self) -> None:
        await self.socket.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await self._reader


async def connect(client: aiohttp.ClientSession, url: str, path: str = "/ws", **headers) -> Player:
    socket = await client.ws_connect(url + path, headers={"Origin": url, **headers}, max_msg_size=1 << 20)
    player = Player(socket)
    player.start()
    return player


async def join(client: aiohttp.ClientSession, url: str, nickname: str, code: str = CODE) -> Player:
    player = await connect(client, url)
    await player.send(type="join", code=code, nickname=nickname)
    await player.wait_for(lambda m: m["type"] == "welcome")
    return player


@contextlib.asynccontextmanager
async def async_browser():
    """Debian's Chromium under Playwright's async API (so it shares the test's loop with the host app and its
    server), or skip saying why (see tests/webtools.browser_or_skip)."""
    from tests.webtools import CHROMIUM_ARGS, browser_or_skip

    path = browser_or_skip("async_api")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()
