"""Who may reach the server, and how many at once: a request whose Host is a name it answers to, a websocket from
its own page, no more connections than the open-file limit leaves room for, and a request that arrives whole in
time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from orbitquiz.netsafety import Connections, allowed_host, safe_headers, same_origin
from orbitquiz.web.pages import Pages

log = logging.getLogger("orbitquiz.web")

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


class Guard:
    """The server's checks of each request (``middleware``) and websocket (``same_origin``)."""

    def __init__(self, host: str, public: tuple[str, str] | None, pages: Pages,
                 pack_names: Callable[[], list[str]]) -> None:
        self.host, self.public, self.pages, self.pack_names = host, public, pages, pack_names
        #: The connections open, once the server listens (none before).
        self.connections: Connections | None = None

    def allowed_host(self, host_header: str) -> bool:
        """Is ``Host`` a name this server answers to? (netsafety.allowed_host)"""
        return allowed_host(host_header, self.host, self.public)

    def seen_as(self, request: web.Request) -> tuple[str, str]:
        """(scheme, host) of the address the browser used: the proxy's public one when the request names it."""
        if self.public is not None and request.host.lower() == self.public[1]:
            return self.public
        return ("https" if request.secure else "http"), request.host.lower()

    def same_origin(self, request: web.Request) -> bool:
        """Is the websocket opened by this server's own page? (The Host was checked by ``middleware``.)"""
        return same_origin(request.headers.get("Origin"), *self.seen_as(request))

    @web.middleware
    async def middleware(self, request: web.Request,
                         handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        if not self.allowed_host(request.host):
            log.warning("refused a request for host %r", request.host)
            return self.pages.message(421, "Wrong address", [
                f"This game does not answer to the name {request.host!r}.",
                "Open it with this computer's IP address, or with the name given to orbitquiz serve --host."])
        try:
            with self.connections.serving(request.protocol) if self.connections else contextlib.nullcontext():
                response = await handler(request)
        except web.HTTPNotFound:
            # A mistyped or crafted address (`/pack/../../etc/passwd` arrives as /etc/passwd) gets the same clear
            # page as an unknown pack, not aiohttp's bare "404: Not Found".
            packs = await asyncio.to_thread(self.pack_names)
            response = self.pages.message(404, "Not found", ["There is nothing at this address.",
                                                             "Pick a pack:" if packs else "There are no packs."],
                                          packs)
        except web.HTTPMethodNotAllowed:
            response = self.pages.message(405, "Not allowed",
                                          ["This game only answers to pages opened in a browser."])
        if not response.prepared:
            safe_headers(response)
        return response
