"""``GameServer``: textual-serve's server with orbitquiz's safe defaults (see the package's docstring): its
routes behind the guard, a websocket per game with the messages a tab may send, and its running and stopping."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from orbitquiz.forking import WarmParent, fork_unavailable
from orbitquiz.netsafety import STOP_SIGNALS, BoundedSite, Connections, ServeError, addresses, is_loopback, \
    public_origin
from orbitquiz.readers.library import PackEntry, library_folders, load_library, pack_files
from orbitquiz.store import Store, StoreError, default_data_dir
from orbitquiz.tui.web_driver import clamp, clamp_size
from orbitquiz.web.guard import BACKLOG, DEFAULT_MAX_CONNECTIONS, REQUEST_TIMEOUT, Guard, connection_limit
from orbitquiz.web.pages import ASSETS, FULL, SERVE_STATIC, Pages, download_response, textual_file
from orbitquiz.web.printing import Repeats, host_warning, serving
from orbitquiz.web.session import QUIT_GRACE, TERM_GRACE, Session

log = logging.getLogger("orbitquiz.web")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: A class of thirty and a few more; each game is one Python process of some 50 MB.
DEFAULT_MAX_SESSIONS = 40
#: The address a reverse proxy serves the game at (``https://quiz.example.org``): its name is answered to, its
#: origin may open websockets, and a page asked for under it connects back with its scheme (wss behind https).
PUBLIC_URL_ENV = "ORBITQUIZ_PUBLIC_URL"

#: How games are started: forked from a warm parent (the default), or each a fresh ``python -m orbitquiz``.
START_METHODS = ("fork", "spawn")


class GameServer(Server):
    """textual-serve's server with orbitquiz's safe defaults (see the package's docstring)."""

    def __init__(self, *, data_dir: Path | None = None, pack_folders: Sequence[Path] = (),
                 host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, max_sessions: int = DEFAULT_MAX_SESSIONS,
                 pack: str | None = None, app_argv: Sequence[str] | None = None,
                 public_url: str | None = None, questions: int | None = None, seconds: int | None = None,
                 max_connections: int = DEFAULT_MAX_CONNECTIONS, start: str = "fork") -> None:
        """``start``: "fork" (games forked from a warm parent, where the platform can) or "spawn" (each game a
        fresh process). ``pack``: the pack a tab opened at ``/`` goes straight into. ``app_argv``: serve another program
        instead of orbitquiz, the same way (the benchmark serves a minimal Textual app with it). ``public_url``
        (default: $ORBITQUIZ_PUBLIC_URL): the https address of a proxy in front. ``questions`` and ``seconds``: the
        class's round length and per-question timer (0: none), fixed for every tab."""
        if max_sessions < 1:
            raise ServeError("--max-sessions must be at least 1")
        if questions is not None and questions < 1:
            raise ServeError("--questions must be at least 1")
        if seconds is not None and seconds < 0:
            raise ServeError("--seconds must be 0 (no timer) or more")
        if max_connections < max_sessions:
            raise ServeError("--max-connections must be at least --max-sessions (each game is a connection)")
        if start not in START_METHODS:
            raise ServeError(f"--start must be one of {', '.join(START_METHODS)}")
        self.start_method = start
        self.warm: WarmParent | None = None
        self.questions, self.seconds = questions, seconds
        self.max_connections = max_connections
        self.public = public_origin(public_url if public_url is not None else os.environ.get(PUBLIC_URL_ENV, ""))
        super().__init__("orbitquiz", host=host, port=port, title="orbitquiz", statics_path=SERVE_STATIC,
                         templates_path=ASSETS / "templates")
        self.data_dir = (default_data_dir() if data_dir is None else Path(data_dir)).expanduser().resolve()
        self.pack_folders = [Path(folder).expanduser().resolve() for folder in pack_folders]
        self.max_sessions = max_sessions
        self.app_argv = list(app_argv) if app_argv is not None else None
        self.pages = Pages()
        self.guard = Guard(self.host, self.public, self.pages, self.pack_names)
        self.sessions: dict[Session, web.WebSocketResponse] = {}
        self.url = ""
        self._library: tuple[tuple, list[PackEntry]] | None = None
        self.default_pack: str | None = None
        if pack is not None:
            entry = self._find(self._load_library(), pack)
            if entry is None:
                names = ", ".join(self.pack_names()) or "none"
                raise ServeError(f"no playable pack named {pack!r} — use one of: {names} (as `orbitquiz packs` "
                                 "lists them; --packs DIR adds a folder)")
            self.default_pack = entry.name

    # --- packs ----------------------------------------------------------------------------------------------

    def folders(self) -> list[Path]:
        """Where the games look for packs: the same folders, in the same order, as the app's library."""
        return library_folders(self.data_dir, self.pack_folders)

    def _load_library(self) -> list[PackEntry]:
        """The pack library, read again only when a pack file was added, removed or changed."""
        files = pack_files(self.folders())
        signature = tuple((str(path), *_stat(path)) for path in files)
        if self._library is None or self._library[0] != signature:
            self._library = (signature, load_library(self.folders()))
        return self._library[1]

    @staticmethod
    def _find(library: list[PackEntry], name: str) -> PackEntry | None:
        """A playable pack by its exact name. Never a path: a name from a URL reaches no file by itself."""
        return next((entry for entry in library if entry.name == name and not entry.broken), None)

    def pack_names(self) -> list[str]:
        return [entry.name for entry in self._load_library() if not entry.broken]

    async def find_pack(self, name: str) -> PackEntry | None:
        library = await asyncio.to_thread(self._load_library)
        return self._find(library, name)

    def session_argv(self, pack: str | None) -> list[str]:
        """The game's command line: this Python, orbitquiz and :meth:`game_args`."""
        if self.app_argv is not None:
            return list(self.app_argv)
        return [sys.executable, "-m", "orbitquiz", *self.game_args(pack)]

    def game_args(self, pack: str | None) -> list[str]:
        """orbitquiz's arguments for a game: the server's data dir and pack folders, and a pack name taken from
        the library (never a string from the request)."""
        argv = ["--data-dir", str(self.data_dir)]
        for folder in self.pack_folders:
            argv += ["--packs", str(folder)]
        if self.questions is not None:
            argv += ["--class-questions", str(self.questions)]
        if self.seconds is not None:
            argv += ["--class-seconds", str(self.seconds)]
        if pack is not None:
            argv += ["play", "--", pack]
        return argv

    # --- the web application --------------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware], client_max_size=64 * 1024)
        app.add_routes([
            web.get("/", self.handle_index),
            web.get("/pack/{name}", self.handle_index),
            web.get("/ws", self.handle_websocket),
            web.get("/ws/pack/{name}", self.handle_websocket),
            web.get("/download/{key}", self.handle_download),  # files the game itself delivers (a screenshot)
            web.get("/static/{file}", self.handle_textual_static),
            web.static("/assets", ASSETS / "static", show_index=False, follow_symlinks=False),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        name = request.match_info.get("name")
        if name is not None and await self.find_pack(name) is None:
            packs = await asyncio.to_thread(self.pack_names)
            return self.pages.message(404, "No such pack", [f"There is no playable pack named {name!r}.",
                                                            "Pick one of these:" if packs else "There are no packs."],
                                      packs)
        if self.playing >= self.max_sessions:
            return self.pages.message(503, "The game is full", [FULL.format(n=self.playing)])
        page_scheme, host = self.guard.seen_as(request)
        scheme = "wss" if page_scheme == "https" else "ws"
        websocket_url = f"{scheme}://{host}/ws" + (f"/pack/{quote(name, safe='')}" if name else "")
        font_size = clamp(request.query.get("fontsize", "16"), 8, 48, 16)
        return self.pages.game(f"orbitquiz · {name}" if name else "orbitquiz", websocket_url, f"{scheme}://{host}",
                               font_size)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the game delivers (a screenshot), with the same headers as every page: they must be set before
        the response starts, which textual-serve's own handler does not do."""
        try:
            meta = await self.download_manager.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound() from None
        response = download_response(meta)
        await response.prepare(request)
        async for chunk in self.download_manager.download(request.match_info["key"]):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def handle_textual_static(self, request: web.Request) -> web.StreamResponse:
        path = textual_file(request.match_info["file"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    # textual-serve's handler returns a WebSocketResponse only; a refused one gets a plain response.
    async def handle_websocket(  # type: ignore[override]
            self, request: web.Request) -> web.WebSocketResponse | web.Response:
        if not self.guard.same_origin(request):
            log.warning("refused a websocket from origin %r", request.headers.get("Origin"))
            return web.Response(status=403, text="orbitquiz: this game only plays in its own page.\n")
        name = request.match_info.get("name") or self.default_pack
        entry = None if name is None else await self.find_pack(name)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        if name is not None and entry is None:
            await websocket.prepare(request)
            await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=f"No pack named {name!r}."[:120].encode())
            return websocket
        if self.playing >= self.max_sessions:
            log.warning("refused a player: the game is full (%d)", self.playing)
            await websocket.prepare(request)
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER,
                                  message=FULL.format(n=self.playing).encode())
            return websocket
        # Counted from here, before any await, so two tabs at once cannot both take the last place.
        pack = entry.name if entry else None
        forked = self.warm is not None and self.app_argv is None
        session = Session(self.session_argv(pack), warm=self.warm, game_args=self.game_args(pack) if forked else None,
                          write_bytes=websocket.send_bytes,
                          write_str=websocket.send_str, close=websocket.close,
                          download_manager=self.download_manager, debug=self.debug)
        self.sessions[session] = websocket
        try:
            await websocket.prepare(request)
            await session.start(*clamp_size(request.query.get("width"), request.query.get("height")))
            log.info("game %s started (%d of %d playing)", session.pid, self.playing, self.max_sessions)
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("a game's connection failed")
        finally:
            # Shielded: a lost connection cancels this handler (so a game's place never waits on a dead socket),
            # and the cancellation must not cut its own clean-up short and keep the place taken.
            await asyncio.shield(self._end(session, websocket))
        return websocket

    @property
    def playing(self) -> int:
        """The places taken: games starting or running. A game whose process has exited gives its place back at
        once, while its handler still closes its pipes and its socket."""
        return sum(not session.ended for session in self.sessions)

    async def _end(self, session: Session, websocket: web.WebSocketResponse) -> None:
        try:
            await session.stop()
        finally:
            del self.sessions[session]
            log.info("game %s ended (%d playing)", session.pid, self.playing)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(websocket.close(), 2)

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """The browser's keys, sizes and focus, passed on to the game; anything malformed is dropped quietly.
        Each is passed on only once the game has taken the one before (the pipe's drain): a flood waits here, and
        behind us in the socket, not in the game's memory."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind = envelope[0]
            except (ValueError, TypeError, IndexError, KeyError, RecursionError):
                continue
            if not isinstance(envelope, list) or len(envelope) < 1 or not isinstance(kind, str):
                continue
            if kind == "stdin" and len(envelope) > 1 and isinstance(envelope[1], str):
                keys = _keys(envelope[1])
                if keys:
                    await app_service.send_bytes(keys)
            elif kind == "resize" and len(envelope) > 1 and isinstance(envelope[1], dict):
                size = envelope[1]
                await app_service.set_terminal_size(*clamp_size(size.get("width"), size.get("height")))
            elif kind == "ping" and len(envelope) > 1 and isinstance(envelope[1], (str, int)) \
                    and not isinstance(envelope[1], bool):
                await websocket.send_json(["pong", str(envelope[1])[:32]])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    # --- running --------------------------------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        pass  # textual-serve prints its logo here; `run` says where the game is instead

    async def on_shutdown(self, app: web.Application) -> None:
        """The server is stopping: end every game, and tell its tab why."""
        async def end(session: Session, websocket: web.WebSocketResponse) -> None:
            with contextlib.suppress(Exception):  # first, so the tab hears why (not just that its game quit)
                await asyncio.wait_for(websocket.close(code=WSCloseCode.GOING_AWAY,
                                                       message=b"The server has stopped."), 1)
            await session.stop()

        await asyncio.gather(*(end(s, ws) for s, ws in list(self.sessions.items())), return_exceptions=True)

    def check_store(self) -> None:
        """Open the database once before any game does: a problem is reported now, and the schema is created
        by one process instead of by every tab at once."""
        try:
            Store.open(self.data_dir).close()
        except StoreError as error:
            raise ServeError(str(error)) from None

    def game_environment(self) -> dict[str, str]:
        """The environment every game starts with, its terminal size aside (the warm parent imports the game in
        it: Textual reads its settings from the environment once, when it is imported)."""
        async def nothing(*_: object) -> None:
            pass

        return Session([], write_bytes=nothing, write_str=nothing, close=nothing,
                       download_manager=self.download_manager, debug=self.debug)._build_environment()

    async def start_warm_parent(self) -> None:
        """With ``start="fork"``: the warm parent, before anything else runs (no game is ever forked from a
        process with a thread or a loop of its own); where that cannot be, games start the old way, and the log says
        so."""
        if self.start_method != "fork" or self.app_argv is not None:
            return
        reason = fork_unavailable()
        if reason is not None:
            log.warning("cannot fork games here (%s): each game starts as a separate process", reason)
            return
        warm = WarmParent(self.game_environment())
        if await warm.start():
            self.warm = warm

    async def run(self, started: Callable[[str], None] | None = None) -> None:
        """Serve until SIGINT, SIGTERM or SIGHUP (its terminal closed), then end every game. ``started`` gets the
        URL (with the real port if the port asked for was 0)."""
        try:
            await self.start_warm_parent()
            await self._run(started)
        finally:
            if self.warm is not None:
                await self.warm.close()

    async def _run(self, started: Callable[[str], None] | None) -> None:
        app = await self._make_app()
        # A request must arrive whole within REQUEST_TIMEOUT of its connection's opening (or of the previous
        # response); a handler whose connection is lost is cancelled, so a game's place never waits on a socket
        # that is gone.
        runner = web.AppRunner(app, handle_signals=False, access_log=None, handler_cancellation=True,
                               keepalive_timeout=REQUEST_TIMEOUT, shutdown_timeout=QUIT_GRACE + TERM_GRACE + 2)
        await runner.setup()
        try:
            assert runner.server is not None
            limit = connection_limit(self.max_sessions, self.max_connections)
            if limit < self.max_sessions + 8:  # a game is a connection; its page needs a few more
                log.warning("the open-file limit leaves room for %d connections only: fewer than --max-sessions %d "
                            "games can play (raise it with `ulimit -n`)", limit, self.max_sessions)
            self.guard.connections = Connections(runner.server, limit)
            site = BoundedSite(runner, self.host, self.port, self.guard.connections, BACKLOG)
            try:
                await site.start()
            except OSError as error:
                raise ServeError(f"cannot listen on {self.host}:{self.port} ({error.strerror or error}) — is another "
                                 "server using that port? Pick another with --port") from None
            self.port = runner.addresses[0][1]
            host = f"[{self.host}]" if ":" in self.host else self.host
            self.url = f"http://{host}:{self.port}"
            if started is not None:
                started(self.url)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in STOP_SIGNALS:
                loop.add_signal_handler(sig, stop.set)
            try:
                await stop.wait()
            finally:
                for sig in STOP_SIGNALS:
                    loop.remove_signal_handler(sig)
        finally:
            await runner.cleanup()

    def addresses(self) -> list[str]:
        """The addresses a player can type to reach this server (netsafety.addresses)."""
        return addresses(self.host)

    def serve(self, debug: bool = False) -> None:
        """Serve from the command line: say where, warn if beyond this computer, stop on Ctrl+C."""
        self.debug = debug
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
        repeats = Repeats()
        for handler in logging.getLogger().handlers:
            handler.addFilter(repeats)
        self.check_store()
        if not is_loopback(self.host):
            print(host_warning(self.host), file=sys.stderr, flush=True)

        def started(url: str) -> None:
            bases = [f"http://{f'[{a}]' if ':' in a else a}:{self.port}" for a in self.addresses()]
            where = [f"{base}/" for base in bases]
            if self.default_pack:
                where += [f"{base}/pack/{quote(self.default_pack, safe='')}" for base in bases[:1]]
            if self.public is not None:
                where.append(f"{self.public[0]}://{self.public[1]}/ (through the proxy)")
            print(serving(where, self.max_sessions, self.questions, self.seconds, self.data_dir), flush=True)

        try:
            asyncio.run(self.run(started))
        finally:
            repeats.flush()



def _keys(text: str) -> bytes:
    """What the browser typed, as the game reads it; text that is not UTF-8 (a lone surrogate) is dropped, not an
    error. (A size report typed as keys is clamped by the game's driver, as every size is.)"""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return b""


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)
