"""The browser face: ``orbitquiz serve`` runs the game in browser tabs through textual-serve, safe by default.

textual-serve 1.1 leaves safety to its user; :class:`GameServer` (a subclass of its ``Server``) adds it:

- it binds 127.0.0.1 unless told otherwise (``orbitquiz serve`` warns when it listens beyond this computer);
- each tab's game is started directly with ``asyncio.create_subprocess_exec`` (no shell), its command line built
  only from the server's own settings and the pack library's own name for a pack, never from the request;
- a request whose ``Host`` is a name the server does not answer to is refused (this is what stops DNS rebinding),
  and a websocket whose ``Origin`` is not the page's own is refused before any process starts; behind a TLS proxy,
  ``--public-url`` or ``ORBITQUIZ_PUBLIC_URL`` (``https://quiz.example.org``) names the one public address the page
  is also served at;
- at most ``max_sessions`` games run at once; the next tab is told the game is full;
- a tab that closes, or a server that stops, ends its game: asked to quit, then SIGTERM, then SIGKILL, all
  within about 3 seconds even if the game hangs;
- the page loads nothing from another host (the font is served from here, a Content-Security-Policy forbids the
  rest), and the browser gets no route to the server's files beyond this face's own fixed assets.

The game itself learns it is in a browser from ``App.is_web``: it asks for the player's name first, and it offers
no command that reloads files from disk or deletes anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import shlex
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from orbitquiz.readers.library import PackEntry, library_folders, load_library, pack_files
from orbitquiz.store import Store, StoreError, default_data_dir

__all__ = ["DEFAULT_HOST", "DEFAULT_MAX_SESSIONS", "DEFAULT_PORT", "GameServer", "ServeError", "Session"]

log = logging.getLogger("orbitquiz.web")

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
#: The terminal size a tab may ask for (a huge one would make its game allocate a huge screen).
WIDTH_RANGE = (20, 400)
HEIGHT_RANGE = (8, 200)

ASSETS = Path(__file__).with_name("web_assets")
_SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
#: The only files the browser can fetch from textual-serve's package: its terminal and the terminal's CSS.
_SERVE_FILES = {"textual.js": _SERVE_STATIC / "js" / "textual.js", "xterm.css": _SERVE_STATIC / "css" / "xterm.css"}

FULL = "The game is full: {n} players are playing. Try again when one of them has finished."
#: The page and its scripts, styles, fonts and websocket come from this server only.
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
        "img-src 'self' data:; connect-src 'self' {ws}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class ServeError(Exception):
    """The server cannot start as asked; the message says what to do."""


def is_loopback(host: str) -> bool:
    """Does binding to ``host`` keep the game on this computer?"""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _clamp(value: object, low: int, high: int, default: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


class Session(AppService):
    """One tab's game: a process started directly from an argument list (no shell), stopped within seconds.

    textual-serve's ``AppService`` runs its command through a shell and, to stop, asks the app to quit and waits
    for ever; a game that hangs would outlive its tab. Here quitting is asked, then insisted on.
    """

    def __init__(self, argv: Sequence[str], **kwargs) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self._stopping: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
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
                    await process.wait()
        if self._task is not None:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 2)
            self._task = None

    @staticmethod
    async def _exited(process: asyncio.subprocess.Process, seconds: float) -> bool:
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), seconds)
        except TimeoutError:
            return False
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
                 public_url: str | None = None) -> None:
        """``pack``: the pack a tab opened at ``/`` goes straight into. ``app_argv``: serve another program
        instead of orbitquiz, the same way (the benchmark serves a minimal Textual app with it). ``public_url``
        (default: $ORBITQUIZ_PUBLIC_URL): the https address of a proxy in front."""
        if max_sessions < 1:
            raise ServeError("--max-sessions must be at least 1")
        self.public = _public_origin(public_url if public_url is not None else os.environ.get(PUBLIC_URL_ENV, ""))
        super().__init__("orbitquiz", host=host, port=port, title="orbitquiz", statics_path=_SERVE_STATIC,
                         templates_path=ASSETS / "templates")
        self.data_dir = (default_data_dir() if data_dir is None else Path(data_dir)).expanduser().resolve()
        self.pack_folders = [Path(folder).expanduser().resolve() for folder in pack_folders]
        self.max_sessions = max_sessions
        self.app_argv = list(app_argv) if app_argv is not None else None
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS / "templates"), autoescape=True)
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
        """The game's command line: this Python, orbitquiz, the server's data dir and pack folders, and a pack name
        taken from the library (never a string from the request)."""
        if self.app_argv is not None:
            return list(self.app_argv)
        argv = [sys.executable, "-m", "orbitquiz", "--data-dir", str(self.data_dir)]
        for folder in self.pack_folders:
            argv += ["--packs", str(folder)]
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
        """Is ``Host`` a name this server answers to? An IP address always is; a name only if it is this computer's
        (a page from another site whose name was made to point here would carry its own name)."""
        name = urlsplit(f"//{host_header}").hostname or ""
        if _is_ip(name):
            return True
        known = {"localhost", self.host.lower()}
        if self.public is not None:
            known.add(urlsplit(f"//{self.public[1]}").hostname or "")
        if not is_loopback(self.host):
            known |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        return name.lower() in known

    def seen_as(self, request: web.Request) -> tuple[str, str]:
        """(scheme, host) of the address the browser used: the proxy's public one when the request names it."""
        if self.public is not None and request.host.lower() == self.public[1]:
            return self.public
        return ("https" if request.secure else "http"), request.host.lower()

    def same_origin(self, request: web.Request) -> bool:
        """Is the websocket opened by this server's own page? (The Host was checked by the guard.)"""
        origin = request.headers.get("Origin")
        if not origin:
            return False
        scheme, host = self.seen_as(request)
        return origin.lower().rstrip("/") == f"{scheme}://{host}"

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        if not self.allowed_host(request.host):
            log.warning("refused a request for host %r", request.host)
            return self._page(421, "Wrong address", [
                f"This game does not answer to the name {request.host!r}.",
                "Open it with this computer's IP address, or with the name given to orbitquiz serve --host."])
        try:
            response = await handler(request)
        except web.HTTPNotFound:
            # A mistyped or crafted address (`/pack/../../etc/passwd` arrives as /etc/passwd) gets the same clear
            # page as an unknown pack, not aiohttp's bare "404: Not Found".
            packs = await asyncio.to_thread(self.pack_names)
            response = self._page(404, "Not found", ["There is nothing at this address.",
                                                     "Pick a pack:" if packs else "There are no packs."], packs)
        except web.HTTPMethodNotAllowed:
            response = self._page(405, "Not allowed", ["This game only answers to pages opened in a browser."])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def _page(self, status: int, title: str, lines: Sequence[str], packs: Sequence[str] = ()) -> web.Response:
        text = self.templates.get_template("message.html").render(title=title, lines=lines, packs=packs,
                                                                  quote=quote)
        response = web.Response(status=status, text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = _CSP.format(ws="")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        name = request.match_info.get("name")
        if name is not None and await self.find_pack(name) is None:
            packs = await asyncio.to_thread(self.pack_names)
            return self._page(404, "No such pack", [f"There is no playable pack named {name!r}.",
                                                    "Pick one of these:" if packs else "There are no packs."],
                              packs)
        if len(self.sessions) >= self.max_sessions:
            return self._page(503, "The game is full", [FULL.format(n=len(self.sessions))])
        page_scheme, host = self.seen_as(request)
        scheme = "wss" if page_scheme == "https" else "ws"
        websocket_url = f"{scheme}://{host}/ws" + (f"/pack/{quote(name, safe='')}" if name else "")
        font_size = _clamp(request.query.get("fontsize", "16"), 8, 48, 16)
        text = self.templates.get_template("index.html").render(
            title=f"orbitquiz · {name}" if name else "orbitquiz", websocket_url=websocket_url, font_size=font_size)
        response = web.Response(text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = _CSP.format(ws=f"{scheme}://{host}")
        response.headers["Cache-Control"] = "no-store"
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
        if len(self.sessions) >= self.max_sessions:
            log.warning("refused a player: the game is full (%d)", len(self.sessions))
            await websocket.prepare(request)
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER,
                                  message=FULL.format(n=len(self.sessions)).encode())
            return websocket
        # Counted from here, before any await, so two tabs at once cannot both take the last place.
        session = Session(self.session_argv(entry.name if entry else None), write_bytes=websocket.send_bytes,
                          write_str=websocket.send_str, close=websocket.close,
                          download_manager=self.download_manager, debug=self.debug)
        self.sessions[session] = websocket
        try:
            await websocket.prepare(request)
            width = _clamp(request.query.get("width"), *WIDTH_RANGE, 80)
            height = _clamp(request.query.get("height"), *HEIGHT_RANGE, 24)
            await session.start(width, height)
            log.info("game %s started (%d of %d playing)", session.pid, len(self.sessions), self.max_sessions)
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("a game's connection failed")
        finally:
            await session.stop()
            del self.sessions[session]
            with contextlib.suppress(Exception):
                await websocket.close()
            log.info("game %s ended (%d playing)", session.pid, len(self.sessions))
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """The browser's keys, sizes and focus, passed on to the game; anything else is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind = envelope[0]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and len(envelope) > 1 and isinstance(envelope[1], str):
                await app_service.send_bytes(envelope[1].encode("utf-8"))
            elif kind == "resize" and len(envelope) > 1 and isinstance(envelope[1], dict):
                size = envelope[1]
                await app_service.set_terminal_size(_clamp(size.get("width"), *WIDTH_RANGE, 80),
                                                    _clamp(size.get("height"), *HEIGHT_RANGE, 24))
            elif kind == "ping" and len(envelope) > 1:
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

    async def run(self, started: Callable[[str], None] | None = None) -> None:
        """Serve until SIGINT or SIGTERM, then end every game. ``started`` gets the URL (with the real port if
        the port asked for was 0)."""
        app = await self._make_app()
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=QUIT_GRACE + TERM_GRACE + 2)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            try:
                await site.start()
            except OSError as error:
                raise ServeError(f"cannot listen on {self.host}:{self.port} ({error.strerror or error}) — is another "
                                 "server using that port? Pick another with --port") from None
            port = runner.addresses[0][1]
            host = f"[{self.host}]" if ":" in self.host else self.host
            self.url = f"http://{host}:{port}"
            if started is not None:
                started(self.url)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            try:
                await stop.wait()
            finally:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(sig)
        finally:
            await runner.cleanup()

    def serve(self, debug: bool = False) -> None:
        """Serve from the command line: say where, warn if beyond this computer, stop on Ctrl+C."""
        self.debug = debug
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
        self.check_store()
        if not is_loopback(self.host):
            print(f"orbitquiz: warning: --host {self.host} lets other computers reach the game: anyone who can "
                  "reach this port can play, with no password. Use it only on a network you trust (a classroom), "
                  "and stop the server when the lesson ends.", file=sys.stderr, flush=True)

        def started(url: str) -> None:
            where = [f"{url}/"] + ([f"{url}/pack/{quote(self.default_pack, safe='')}"] if self.default_pack else [])
            if self.public is not None:
                where.append(f"{self.public[0]}://{self.public[1]}/ (through the proxy)")
            print(f"orbitquiz: serving on {' and '.join(where)} — up to {self.max_sessions} players, scores in "
                  f"{self.data_dir}. Ctrl+C stops the server and every game.", flush=True)

        asyncio.run(self.run(started))


def _public_origin(url: str) -> tuple[str, str] | None:
    """``https://quiz.example.org`` as ("https", "quiz.example.org"); None for no URL."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if (parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or parts.path.strip("/")
            or parts.query or parts.fragment):
        raise ServeError(f"the public URL {url!r} is not an address like https://quiz.example.org")
    return parts.scheme, parts.netloc.lower()


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)

