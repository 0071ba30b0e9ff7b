"""The live game's server: the players' page, the projector's ``/screen`` and a websocket for each, in one process.

It runs inside the host screen's asyncio loop (``orbitquiz host``), so the one :class:`LiveSession` it feeds needs
no locks; no process per player. Safe as ``orbitquiz serve`` is (netsafety.py): loopback unless told, Host checked
on every request, websockets only from its own page, a Content-Security-Policy that loads nothing from elsewhere,
bounded messages and connections. What a player can do is join, rejoin and answer: the events that move the game
on (advance, skip, kick, end) have no message at all, so no page can send them.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import WSCloseCode, WSMsgType, web

from orbitquiz.live.session import LiveSession
from orbitquiz.live.state import LiveError, WrongCode
from orbitquiz.netsafety import (
    CSP,
    BoundedSite,
    Connections,
    ServeError,
    allowed_host,
    safe_headers,
    same_origin,
    url_host,
)

log = logging.getLogger("orbitquiz.live")

STATIC = Path(__file__).with_name("static")
#: The only files a browser can fetch: the two pages and what they load.
FILES = {"player.js": "application/javascript", "screen.js": "application/javascript", "live.css": "text/css"}
#: A message from a page is a join, a rejoin or an answer: a few hundred bytes.
MESSAGE_LIMIT = 4096
#: Wrong join codes one connection may try before it is closed, and one address (a device) in a minute: a code
#: is 6 digits, so guessing it from one device would take a year.
CODE_TRIES = 5
CODE_TRIES_A_MINUTE = 10
#: Projector pages at once.
SCREEN_LIMIT = 8
#: Websockets that have not joined yet, beyond the players' places (pages opened but not joined).
SPARE_CONNECTIONS = 16
#: How often the clock is applied (a question's time limit), in seconds.
TICK = 0.2
#: Connections beyond the websockets' places: page loads. A request must arrive whole within REQUEST_TIMEOUT
#: seconds; past the limit, the oldest connection that is not serving is closed for room (netsafety.Connections).
SPARE_REQUESTS = 32
REQUEST_TIMEOUT = 10.0
BACKLOG = 128


class LiveServer:
    def __init__(self, session: LiveSession, *, host: str = "127.0.0.1", port: int = 8000,
                 screen_key: str | None = None) -> None:
        self.session = session
        #: What /screen must be opened with (``/screen?key=...``): the board shows the join code, so a page that
        #: anyone on the network could open would hand it to them. The host screen prints the address with it.
        self.screen_key = screen_key if screen_key is not None else secrets.token_urlsafe(9)
        self.host, self.port = host, port
        self.players: dict[web.WebSocketResponse, str | None] = {}  # each page's websocket and its player's token
        self.screens: set[web.WebSocketResponse] = set()
        self.wrong_codes: dict[str, collections.deque[float]] = {}  # by remote address: when each was tried
        self.url = ""
        self._runner: web.AppRunner | None = None
        self.connections: Connections | None = None
        self._ticker: asyncio.Task | None = None
        self._flush: asyncio.Task | None = None
        self._everyone = False  # every page's view is out of date
        self._pending: set[str] = set()  # these players' views are
        session.listeners.append(self.changed)

    # --- running ---------------------------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen (in the running loop) and return the URL; ServeError if the address cannot be had."""
        app = web.Application(middlewares=[self._guard], client_max_size=MESSAGE_LIMIT)
        app.add_routes([web.get("/", self.page), web.get("/screen", self.page), web.get("/live/{file}", self.asset),
                        web.get("/ws", self.player_socket), web.get("/ws/screen", self.screen_socket)])
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, handler_cancellation=True,
                                     keepalive_timeout=REQUEST_TIMEOUT, shutdown_timeout=1)
        await self._runner.setup()
        assert self._runner.server is not None
        limit = self.session.game.max_players + SPARE_CONNECTIONS + SCREEN_LIMIT + SPARE_REQUESTS
        self.connections = Connections(self._runner.server, limit)
        site = BoundedSite(self._runner, self.host, self.port, self.connections, BACKLOG)
        try:
            await site.start()
        except OSError as error:
            await self._runner.cleanup()
            raise ServeError(f"cannot listen on {self.host}:{self.port} ({error.strerror or error}) — is another "
                             "server using that port? Pick another with --port") from None
        self.port = self._runner.addresses[0][1]
        self.url = f"http://{url_host(self.host)}:{self.port}"
        self._ticker = asyncio.ensure_future(self._tick())
        return self.url

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        for websocket in [*self.players, *self.screens]:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(code=WSCloseCode.GOING_AWAY, message=b"The game has ended."),
                                       1)
        if self._runner is not None:
            await self._runner.cleanup()

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            self.session.tick()

    # --- telling everyone ------------------------------------------------------------------------------------

    def changed(self, token: str | None) -> None:
        """The game's state changed (for one player only, or for everyone when ``token`` is None): send the screens
        and those players their new views, once however many changes come at once."""
        if token is None:
            self._everyone = True
        else:
            self._pending.add(token)
        if self._flush is None or self._flush.done():
            self._flush = asyncio.ensure_future(self._send_all())

    async def _send_all(self) -> None:
        while self._everyone or self._pending:
            everyone, pending = self._everyone, self._pending
            self._everyone, self._pending = False, set()
            board = json.dumps({"type": "state", "view": self.session.board_view()})
            sends = [self._send(ws, board) for ws in self.screens]
            for websocket, token in list(self.players.items()):
                if token is not None and (everyone or token in pending):
                    sends.append(self._send(websocket, self._player_state(token)))
                    if self.session.game.players[token].kicked:
                        sends.append(self._let_go(websocket, "The teacher removed you from this game."))
            await asyncio.gather(*sends)

    async def _let_go(self, websocket: web.WebSocketResponse, why: str) -> None:
        self.players[websocket] = None  # a page let go acts for nobody, even before it has closed
        with contextlib.suppress(Exception):
            await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=why.encode())

    def _player_state(self, token: str) -> str:
        return json.dumps({"type": "state", "view": self.session.player_view(token)})

    @staticmethod
    async def _send(websocket: web.WebSocketResponse, text: str) -> None:
        with contextlib.suppress(Exception):  # a page gone is dropped by its own handler
            await websocket.send_str(text)

    # --- pages -----------------------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        response: web.StreamResponse
        if not allowed_host(request.host, self.host):
            log.warning("refused a request for host %r", request.host)
            response = web.Response(status=421, text="This game does not answer to that name: open it with this "
                                                     "computer's IP address.\n")
        else:
            try:
                # A websocket is served for as long as it is open: never closed to make room.
                with self.connections.serving(request.protocol) if self.connections else contextlib.nullcontext():
                    response = await handler(request)
            except web.HTTPException as error:
                response = web.Response(status=error.status, text=f"{error.reason}\n")
        if not response.prepared:
            safe_headers(response)
        return response

    @property
    def screen_url(self) -> str:
        return f"{self.url}/screen?key={self.screen_key}"

    def _screen_key_given(self, request: web.Request) -> bool:
        return secrets.compare_digest(request.query.get("key", "").encode(), self.screen_key.encode())

    async def page(self, request: web.Request) -> web.StreamResponse:
        name = "screen.html" if request.path == "/screen" else "player.html"
        if name == "screen.html" and not self._screen_key_given(request):
            return web.Response(status=403, text="orbitquiz: open the screen with the address the host screen shows "
                                                 "(it ends in ?key=...).\n")
        scheme = "wss" if request.secure else "ws"
        response = web.Response(body=(STATIC / name).read_bytes(), content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = CSP.format(ws=f"{scheme}://{request.host}")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def asset(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["file"]
        if name not in FILES:
            raise web.HTTPNotFound()
        return web.Response(body=(STATIC / name).read_bytes(), content_type=FILES[name], charset="utf-8")

    def _own_page(self, request: web.Request) -> bool:
        return same_origin(request.headers.get("Origin"), "https" if request.secure else "http",
                           request.host.lower())

    # --- websockets ------------------------------------------------------------------------------------------

    async def screen_socket(self, request: web.Request) -> web.StreamResponse:
        """The projector: it is sent the board and nothing it says is read."""
        if not self._own_page(request) or not self._screen_key_given(request):
            return web.Response(status=403, text="orbitquiz: this game only plays in its own page.\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MESSAGE_LIMIT)
        await websocket.prepare(request)
        if len(self.screens) >= SCREEN_LIMIT:
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"Too many screens are open.")
            return websocket
        self.screens.add(websocket)
        try:
            await self._send(websocket, json.dumps({"type": "state", "view": self.session.board_view()}))
            async for _ in websocket:
                pass
        finally:
            self.screens.discard(websocket)
        return websocket

    async def player_socket(self, request: web.Request) -> web.StreamResponse:
        if not self._own_page(request):
            log.warning("refused a websocket from origin %r", request.headers.get("Origin"))
            return web.Response(status=403, text="orbitquiz: this game only plays in its own page.\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MESSAGE_LIMIT)
        await websocket.prepare(request)
        if len(self.players) >= self.session.game.max_players + SPARE_CONNECTIONS:
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"The game is full.")
            return websocket
        self.players[websocket] = None
        tries = 0
        try:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    event = json.loads(message.data)
                    kind = event["type"] if isinstance(event, dict) else None
                except (ValueError, KeyError, TypeError, RecursionError):
                    continue
                try:
                    if kind == "join" and self._guessing(request.remote or ""):
                        raise LiveError("Too many wrong codes from this device: wait a minute and try again.")
                    await self._handle(websocket, kind, event)
                except LiveError as error:
                    await websocket.send_json({"type": "error", "message": str(error)})
                    if isinstance(error, WrongCode):
                        self.wrong_codes.setdefault(request.remote or "", collections.deque()).append(
                            time.monotonic())
                        tries += 1
                        if tries >= CODE_TRIES:
                            await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"Too many wrong codes.")
        finally:
            token = self.players.pop(websocket, None)
            if token is not None and token not in self.players.values():
                self.session.disconnect(token)
        return websocket

    def _guessing(self, address: str) -> bool:
        """Has this address tried CODE_TRIES_A_MINUTE wrong codes in the last minute?"""
        now = time.monotonic()
        if len(self.wrong_codes) > 4096:  # forget the addresses that have stopped
            self.wrong_codes = {a: d for a, d in self.wrong_codes.items() if d and now - d[-1] < 60}
        tried = self.wrong_codes.get(address)
        while tried and now - tried[0] >= 60:
            tried.popleft()
        return tried is not None and len(tried) >= CODE_TRIES_A_MINUTE

    async def _handle(self, websocket: web.WebSocketResponse, kind: object, event: dict) -> None:
        """A join, a rejoin or an answer; nothing else is a player's to send."""
        token = self.players.get(websocket)
        if kind == "answer" and token is not None:
            self.session.answer(token, event.get("response"))
        elif kind in ("join", "rejoin") and token is None:
            if kind == "join":
                player = self.session.join(event.get("code"), event.get("nickname"))
            else:
                player = self.session.rejoin(event.get("token"))
            for other, their in list(self.players.items()):  # one page per player: an older one is let go
                if their == player.token and other is not websocket:
                    await self._let_go(other, "You opened the game on another page.")
            self.players[websocket] = player.token
            await websocket.send_json({"type": "welcome", "token": player.token, "nickname": player.nickname})
            self.changed(player.token)
        elif kind == "answer":
            raise LiveError("Join the game first.")
        elif kind in ("join", "rejoin") and token is None:
            raise LiveError("You have already joined.")
        else:
            raise LiveError("Players can join and answer; the teacher moves the game on.")
