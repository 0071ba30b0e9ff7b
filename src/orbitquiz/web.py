"""The browser face: ``orbitquiz serve`` runs the game in browser tabs through textual-serve, safe by default.

textual-serve 1.1 leaves safety to its user; :class:`GameServer` (a subclass of its ``Server``) adds it:

- it binds 127.0.0.1 unless told otherwise (``orbitquiz serve`` warns when it listens beyond this computer);
- each tab's game is forked from a warm parent that has already imported the game (forking.py, tui/warm.py), or
  with ``--start spawn`` (and where fork is unavailable) started directly with ``asyncio.create_subprocess_exec``;
  never through a shell, its command line built only from the server's own settings and the pack library's own
  name for a pack, never from the request;
- a request whose ``Host`` is a name the server does not answer to is refused (this is what stops DNS rebinding),
  and a websocket whose ``Origin`` is not the page's own is refused before any process starts; behind a TLS proxy,
  ``--public-url`` or ``ORBITQUIZ_PUBLIC_URL`` (``https://quiz.example.org``) names the one public address the page
  is also served at;
- at most ``max_sessions`` games run at once; the next tab is told the game is full;
- a tab that closes, or a server that stops, ends its game: asked to quit, then SIGTERM, then SIGKILL, all
  within about 3 seconds even if the game hangs; its place is free once its process is gone, whatever its pipes
  do; a game whose server is gone (killed, or its terminal closed) ends by itself (tui/web_driver.py);
- what a tab sends is bounded: sizes are clamped however they arrive, a key flood waits in the pipes instead of
  growing the game (which also has a memory cap), malformed messages are dropped without a word;
- connections are bounded (below the open-file limit, raised as far as it goes) and a request must arrive whole
  within :data:`REQUEST_TIMEOUT` seconds, so slow clients cannot starve the players; an error repeated many times
  is logged once with a count;
- the page loads nothing from another host (the font is served from here, a Content-Security-Policy forbids the
  rest), and the browser gets no route to the server's files beyond this face's own fixed assets.

The game itself learns it is in a browser from ``App.is_web``: it asks for the player's name first, and it offers
no command that reloads files from disk or deletes anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
import sys
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from urllib.parse import quote

import jinja2
import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from orbitquiz.forking import ForkedGame, WarmParent, WarmUnavailable, fork_unavailable
from orbitquiz.netsafety import (
    CSP,
    STOP_SIGNALS,
    BoundedSite,
    Connections,
    ServeError,
    addresses,
    allowed_host,
    flood_log,
    is_loopback,
    network_addresses,
    public_origin,
    safe_headers,
    same_origin,
)
from orbitquiz.readers.library import PackEntry, library_folders, load_library, pack_files
from orbitquiz.store import Store, StoreError, default_data_dir
from orbitquiz.tui.web_driver import MEMORY_LIMIT_ENV, clamp, clamp_size

__all__ = ["DEFAULT_HOST", "DEFAULT_MAX_SESSIONS", "DEFAULT_PORT", "GameServer", "ServeError", "Session",
           "is_loopback", "network_addresses"]

log = logging.getLogger("orbitquiz.web")
#: What a flood of connections makes the server say: logged through :class:`Repeats`, as errors are.

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: A class of thirty and a few more; each game is one Python process of some 50 MB.
DEFAULT_MAX_SESSIONS = 40
#: The address a reverse proxy serves the game at (``https://quiz.example.org``): its name is answered to, its
#: origin may open websockets, and a page asked for under it connects back with its scheme (wss behind https).
PUBLIC_URL_ENV = "ORBITQUIZ_PUBLIC_URL"
#: Seconds a game gets to quit by itself, then to end on SIGTERM, before SIGKILL: 1.5 s in all, well under the 5 s
#: a closed tab is allowed.
QUIT_GRACE = 1.0
TERM_GRACE = 0.5
#: A game's address space, in MiB: some 120 at rest (measured: mostly mapped, not used), so this is far above what
#: a game needs and far below what a flood of input once made it take (3.7 GB).
MEMORY_LIMIT_MB = 512
#: Seconds a connection has to send a whole request (from its opening, or from the previous response): a browser
#: takes milliseconds; a client that sends its headers a byte at a time is closed.
REQUEST_TIMEOUT = 10.0
#: Connections at once (games' websockets included) at most; also kept under the open-file limit (see
#: :func:`connection_limit`).
DEFAULT_MAX_CONNECTIONS = 1000
#: Open files a game costs the server beyond its websocket (its three pipes), and what the server itself needs.
FILES_PER_GAME = 3
FILES_RESERVED = 64
#: Connections waiting to be accepted. asyncio accepts up to this many at once before any is counted, and the ones
#: closed for room hold their files until the next turn of the loop: twice as many open files are kept free.
BACKLOG = 32

ASSETS = Path(__file__).with_name("web_assets")
_SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
#: The only files the browser can fetch from textual-serve's package: its terminal and the terminal's CSS.
_SERVE_FILES = {"textual.js": _SERVE_STATIC / "js" / "textual.js", "xterm.css": _SERVE_STATIC / "css" / "xterm.css"}

#: How games are started: forked from a warm parent (the default), or each a fresh ``python -m orbitquiz``.
START_METHODS = ("fork", "spawn")

FULL = "The game is full: {n} players are playing. Try again when one of them has finished."

def connection_limit(max_sessions: int, wanted: int = DEFAULT_MAX_CONNECTIONS) -> int:
    """How many connections to allow: ``wanted``, raising the open-file limit as far as it goes (the usual 1024 is
    soft), and lowered to what still leaves every game its pipes and the server its own files."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    reserved = FILES_PER_GAME * max_sessions + FILES_RESERVED + 2 * BACKLOG
    need = wanted + reserved
    if soft != resource.RLIM_INFINITY and soft < need:
        raised = need if hard == resource.RLIM_INFINITY else min(need, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - reserved))


class Session(AppService):
    """One tab's game: a process started directly from an argument list (no shell), stopped within seconds.

    textual-serve's ``AppService`` runs its command through a shell and, to stop, asks the app to quit and waits
    for ever; a game that hangs would outlive its tab. Here quitting is asked, then insisted on, and a game counts
    as ended when its process is gone: Python 3.11's ``Process.wait()`` also waits for its pipes to close, which
    never happens while the output nobody reads any more is held up in them.
    """

    def __init__(self, argv: Sequence[str], *, warm: WarmParent | None = None, game_args: Sequence[str] | None = None,
                 **kwargs) -> None:
        """``argv``: the game's command line. ``warm`` and ``game_args``: the warm parent to fork the game from,
        with orbitquiz's arguments (``argv`` after ``python -m orbitquiz``); without them, ``argv`` is started."""
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self.warm = warm if game_args is not None else None
        self.game_args = list(game_args) if game_args is not None else None
        self._stopping: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def ended(self) -> bool:
        """Whether the game's process has exited (its clean-up may still be under way)."""
        return self._process is not None and self._process.returncode is not None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = "orbitquiz.tui.web_driver:GameWebDriver"  # bounded input, ends with us
        environment[MEMORY_LIMIT_ENV] = str(MEMORY_LIMIT_MB)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        if self.warm is not None and self.warm.available and self.game_args is not None:
            try:
                forked = await self.warm.fork(self.game_args, environment)
            except WarmUnavailable as error:
                log.warning("%s: this game starts as a separate process", error)
            else:
                self._process = forked  # type: ignore[assignment]  # a Process as far as AppService goes
                assert forked.stdin is not None
                self._stdin = forked.stdin
                return forked  # type: ignore[return-value]
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            # Its own process group: Ctrl+C at the server's terminal reaches the server, which ends every game, and
            # a signal to the group reaches anything the game may have started.
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the game's output until it ends, then close its tab's websocket: a game that crashed or was killed
        frees its place at once, and the tab says it has ended instead of waiting for ever."""
        await super().run()
        with contextlib.suppress(Exception):
            await self.remote_close()

    async def stop(self) -> None:
        """End the game (once, however often it is called), and wait until it has."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            deadline = time.monotonic() + QUIT_GRACE  # asking and waiting share one grace period
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_GRACE)
            if not await self._exited(process, max(deadline - time.monotonic(), 0.1)):
                log.warning("game %s did not quit; terminating it", process.pid)
                self._signal(process, signal.SIGTERM)
                if not await self._exited(process, TERM_GRACE):
                    self._signal(process, signal.SIGKILL)
                    await self._exited(process, 60)
        if process is not None and process.returncode is not None:
            with contextlib.suppress(Exception):  # its pipes too, whatever is left in them
                if isinstance(process, ForkedGame):
                    process.close()
                else:
                    process._transport.close()  # type: ignore[attr-defined]
        if self._task is not None:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 2)
            self._task = None

    @staticmethod
    async def _exited(process: asyncio.subprocess.Process, seconds: float) -> bool:
        """Has the process ended within ``seconds``? Its exit status is known as soon as the child watcher reaps
        it, pipes or no pipes (see the class's docstring)."""
        deadline = time.monotonic() + seconds
        while process.returncode is None:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    @staticmethod
    def _signal(process: asyncio.subprocess.Process, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)


class GameServer(Server):
    """textual-serve's server with orbitquiz's safe defaults (see the module's docstring)."""

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
        super().__init__("orbitquiz", host=host, port=port, title="orbitquiz", statics_path=_SERVE_STATIC,
                         templates_path=ASSETS / "templates")
        self.data_dir = (default_data_dir() if data_dir is None else Path(data_dir)).expanduser().resolve()
        self.pack_folders = [Path(folder).expanduser().resolve() for folder in pack_folders]
        self.max_sessions = max_sessions
        self.app_argv = list(app_argv) if app_argv is not None else None
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS / "templates"), autoescape=True)
        self.sessions: dict[Session, web.WebSocketResponse] = {}
        self.url = ""
        self.connections: Connections | None = None
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
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
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

    def allowed_host(self, host_header: str) -> bool:
        """Is ``Host`` a name this server answers to? (netsafety.allowed_host)"""
        return allowed_host(host_header, self.host, self.public)

    def seen_as(self, request: web.Request) -> tuple[str, str]:
        """(scheme, host) of the address the browser used: the proxy's public one when the request names it."""
        if self.public is not None and request.host.lower() == self.public[1]:
            return self.public
        return ("https" if request.secure else "http"), request.host.lower()

    def same_origin(self, request: web.Request) -> bool:
        """Is the websocket opened by this server's own page? (The Host was checked by the guard.)"""
        return same_origin(request.headers.get("Origin"), *self.seen_as(request))

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        if not self.allowed_host(request.host):
            log.warning("refused a request for host %r", request.host)
            return self._page(421, "Wrong address", [
                f"This game does not answer to the name {request.host!r}.",
                "Open it with this computer's IP address, or with the name given to orbitquiz serve --host."])
        try:
            with self.connections.serving(request.protocol) if self.connections else contextlib.nullcontext():
                response = await handler(request)
        except web.HTTPNotFound:
            # A mistyped or crafted address (`/pack/../../etc/passwd` arrives as /etc/passwd) gets the same clear
            # page as an unknown pack, not aiohttp's bare "404: Not Found".
            packs = await asyncio.to_thread(self.pack_names)
            response = self._page(404, "Not found", ["There is nothing at this address.",
                                                     "Pick a pack:" if packs else "There are no packs."], packs)
        except web.HTTPMethodNotAllowed:
            response = self._page(405, "Not allowed", ["This game only answers to pages opened in a browser."])
        if not response.prepared:
            safe_headers(response)
        return response

    def _page(self, status: int, title: str, lines: Sequence[str], packs: Sequence[str] = ()) -> web.Response:
        text = self.templates.get_template("message.html").render(title=title, lines=lines, packs=packs,
                                                                  quote=quote)
        response = web.Response(status=status, text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = CSP.format(ws="")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_index(self, request: web.Request) -> web.Response:
        name = request.match_info.get("name")
        if name is not None and await self.find_pack(name) is None:
            packs = await asyncio.to_thread(self.pack_names)
            return self._page(404, "No such pack", [f"There is no playable pack named {name!r}.",
                                                    "Pick one of these:" if packs else "There are no packs."],
                              packs)
        if self.playing >= self.max_sessions:
            return self._page(503, "The game is full", [FULL.format(n=self.playing)])
        page_scheme, host = self.seen_as(request)
        scheme = "wss" if page_scheme == "https" else "ws"
        websocket_url = f"{scheme}://{host}/ws" + (f"/pack/{quote(name, safe='')}" if name else "")
        font_size = clamp(request.query.get("fontsize", "16"), 8, 48, 16)
        text = self.templates.get_template("index.html").render(
            title=f"orbitquiz · {name}" if name else "orbitquiz", websocket_url=websocket_url, font_size=font_size)
        response = web.Response(text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = CSP.format(ws=f"{scheme}://{host}")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the game delivers (a screenshot), with the same headers as every page: they must be set before
        the response starts, which textual-serve's own handler does not do."""
        try:
            meta = await self.download_manager.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound() from None
        response = web.StreamResponse()
        response.content_type = meta.mime_type or "application/octet-stream"
        if meta.encoding:
            response.charset = meta.encoding
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(meta.file_name)}"
        response.headers["Content-Security-Policy"] = CSP.format(ws="")
        response.headers["Cache-Control"] = "no-store"
        safe_headers(response)
        await response.prepare(request)
        async for chunk in self.download_manager.download(request.match_info["key"]):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def handle_textual_static(self, request: web.Request) -> web.StreamResponse:
        path = _SERVE_FILES.get(request.match_info["file"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse | web.Response:  # type: ignore[override]
        if not self.same_origin(request):
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
            self.connections = Connections(runner.server, limit)
            site = BoundedSite(runner, self.host, self.port, self.connections, BACKLOG)
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
            print(f"orbitquiz: warning: --host {self.host} lets other computers reach the game: anyone who can "
                  "reach this port can play, with no password. Use it only on a network you trust (a classroom), "
                  "and stop the server when the lesson ends.", file=sys.stderr, flush=True)

        def started(url: str) -> None:
            bases = [f"http://{f'[{a}]' if ':' in a else a}:{self.port}" for a in self.addresses()]
            where = [f"{base}/" for base in bases]
            if self.default_pack:
                where += [f"{base}/pack/{quote(self.default_pack, safe='')}" for base in bases[:1]]
            if self.public is not None:
                where.append(f"{self.public[0]}://{self.public[1]}/ (through the proxy)")
            fixed = [f"{self.questions} questions a round"] if self.questions is not None else []
            if self.seconds is not None:
                fixed.append(f"{self.seconds} seconds a question" if self.seconds else "no timer")
            print(f"orbitquiz: serving on {' and '.join(where)} — up to {self.max_sessions} players"
                  + (f" ({', '.join(fixed)}, fixed)" if fixed else "")
                  + f", scores in {self.data_dir}. Ctrl+C stops the server and every game.", flush=True)

        try:
            asyncio.run(self.run(started))
        finally:
            repeats.flush()


class Repeats(logging.Filter):
    """For errors (and what a flood of connections makes the server say): the first of a run of the same message
    (same logger, level and format) goes through; the next ones within a minute are counted, and the first after it
    says how many there were. A flood of one error is a line a minute, not megabytes. (What happens to each player,
    a game started or refused, is logged every time.)"""

    def __init__(self, every: float = 60.0) -> None:
        super().__init__()
        self.every = every
        self.runs: OrderedDict[tuple[str, int, str], list] = OrderedDict()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR and record.name != flood_log.name:
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = time.monotonic()
        run = self.runs.get(key)
        if run is not None and now - run[0] < self.every:
            run[1] += 1
            return False
        if run is not None and run[1]:
            record.msg = f"{record.msg} (and {run[1]} more like it in the last {now - run[0]:.0f} s)"
        self.runs[key] = [now, 0, record.getMessage().splitlines()[0] if record.msg else ""]
        self.runs.move_to_end(key)
        while len(self.runs) > 256:
            self.runs.popitem(last=False)
        return True

    def flush(self) -> None:
        """Say how many were held back since each one last went through (the server is stopping)."""
        now = time.monotonic()
        runs, self.runs = self.runs, OrderedDict()
        for (name, level, _), (since, count, first) in runs.items():
            if count:
                logging.getLogger(name).log(level, "%d more like %r in the last %.0f s", count, first, now - since)


#: textual-serve's private methods this face overrides (Session, GameServer), and the textual-serve they were read in;
#: tests/test_textual_fixes.py fails on another version until each override is checked against it again.
TEXTUAL_SERVE_CHECKED_WITH = "1.1.3"
TEXTUAL_SERVE_OVERRIDES: dict[type, tuple[str, ...]] = {
    Session: ("_build_environment", "_open_app_process"),  # its environment and process: no shell, a fork
    GameServer: ("_make_app", "_process_messages"),  # its routes behind the guard, and the bounded messages
}


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

