"""What every orbitquiz server needs to be safe on a classroom network, in one place: ``orbitquiz serve`` (web.py)
and ``orbitquiz host`` (live/server.py) both use it.

- :func:`is_loopback`: does an address keep the server on this computer (the default)?
- :func:`allowed_host`: is a request's ``Host`` a name the server answers to? (This is what stops DNS rebinding: a
  page from another site whose name was made to point here carries its own name.)
- :func:`same_origin`: was a websocket opened by the server's own page?
- :data:`CSP` and :func:`safe_headers`: the page loads nothing from another host and is never framed.
- :func:`addresses`: what students type to reach a server listening on every interface.
- :class:`Connections` and :class:`BoundedSite`: at most so many connections at once, slow or idle ones closed for
  room first, so a flood of them cannot starve the players.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

#: The page and its scripts, styles, fonts and websocket come from this server only (``{ws}``: the websocket's
#: own origin, which some browsers want named).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
       "img-src 'self' data:; connect-src 'self' {ws}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

#: What a flood of connections makes a server say (web/printing.py's Repeats counts these as it counts errors).
flood_log = logging.getLogger("orbitquiz.web.flood")

#: What stops a server as Ctrl+C does: SIGTERM (a service manager, kill), SIGHUP (its terminal closed).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


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


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def allowed_host(host_header: str, bind_host: str, public: tuple[str, str] | None = None) -> bool:
    """Is ``Host`` a name a server bound to ``bind_host`` answers to? An IP address always is; a name only if it is
    this computer's, or the public proxy's (``public``: its scheme and host)."""
    name = urlsplit(f"//{host_header}").hostname or ""
    if is_ip(name):
        return True
    known = {"localhost", bind_host.lower()}
    if public is not None:
        known.add(urlsplit(f"//{public[1]}").hostname or "")
    if not is_loopback(bind_host):
        known |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return name.lower() in known


def same_origin(origin: str | None, scheme: str, host: str) -> bool:
    """Is a websocket's ``Origin`` the page's own, ``scheme://host``? (The Host has been checked already.)"""
    return origin is not None and origin.lower().rstrip("/") == f"{scheme}://{host}"


def addresses(bind_host: str) -> list[str]:
    """The addresses a player can type to reach a server bound to ``bind_host``: for ``0.0.0.0`` (or ``::``) this
    computer's network addresses (loopback last), not the wildcard itself."""
    try:
        wildcard = ipaddress.ip_address(bind_host.strip("[]")).is_unspecified
    except ValueError:
        wildcard = False
    if not wildcard:
        return [bind_host]
    found = network_addresses(ipv6=":" in bind_host)
    return found + (["127.0.0.1"] if not found else [])


def url_host(address: str) -> str:
    """An address as it goes in a URL: IPv6 in brackets."""
    return f"[{address}]" if ":" in address else address


def network_addresses(ipv6: bool = False) -> list[str]:
    """This computer's addresses on its networks (not loopback, not link-local): what students can type."""
    found: list[str] = []

    def add(text: str) -> None:
        with contextlib.suppress(ValueError):
            address = ipaddress.ip_address(text.split("%")[0])
            if not (address.is_loopback or address.is_link_local or address.is_unspecified) \
                    and str(address) not in found:
                found.append(str(address))

    with contextlib.suppress(OSError):  # the address of the default route (a UDP "connect" sends nothing)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))
            add(probe.getsockname()[0])
    if sys.platform.startswith("linux"):  # every interface's
        import fcntl
        import struct

        for _, name in socket.if_nameindex():
            with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                reply = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name.encode()[:15]))  # SIOCGIFADDR
                add(socket.inet_ntoa(reply[20:24]))
    with contextlib.suppress(OSError):
        for *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            add(str(sockaddr[0]))  # an IPv4 address (AF_INET)
    if ipv6:
        with contextlib.suppress(OSError):
            for line in Path("/proc/net/if_inet6").read_text().splitlines():
                raw = line.split()[0]
                add(":".join(raw[i:i + 4] for i in range(0, 32, 4)))
    return found


def safe_headers(response: web.StreamResponse) -> None:
    """Headers every response of ours carries: no sniffing, no referrer, never in a frame."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")


def public_origin(url: str) -> tuple[str, str] | None:
    """``https://quiz.example.org`` as ("https", "quiz.example.org"); None for no URL."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if (parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or parts.path.strip("/")
            or parts.query or parts.fragment):
        raise ServeError(f"the public URL {url!r} is not an address like https://quiz.example.org")
    return parts.scheme, parts.netloc.lower()


class Connections:
    """The protocol factory of the listening socket: at most ``limit`` connections at once. A connection past the
    limit takes the place of the oldest one that is not in a request and has had a second to send one (a slow
    client still sending its headers, or an idle keep-alive, which a browser reopens by itself); if there is none
    (every place is a game, or just opened), it is refused."""

    #: Seconds a new connection is safe from being closed for room: a browser's request arrives within them.
    GRACE = 1.0

    def __init__(self, server: web.Server, limit: int) -> None:
        self.server, self.limit = server, limit
        self.busy: dict[object, int] = {}
        self.opened: dict[object, float] = {}
        self.closed_for_room = 0

    def __call__(self) -> asyncio.Protocol:
        connections = self.server.connections  # oldest first
        now = time.monotonic()
        if len(self.opened) > 2 * self.limit:  # forget the ones gone
            alive_now = set(connections)
            self.opened = {handler: at for handler, at in self.opened.items() if handler in alive_now}
        if len(connections) >= self.limit:
            idle = next((handler for handler in connections if handler not in self.busy
                         and now - self.opened.get(handler, 0.0) >= self.GRACE), None)
            if idle is None:
                flood_log.warning("refused a connection: %d connections are in use", len(connections))
                return _Refused()
            self.closed_for_room += 1
            idle.force_close()
        handler = self.server()
        self.opened[handler] = now
        return handler

    @contextlib.contextmanager
    def serving(self, protocol: object) -> Iterator[None]:
        """A request is being handled on this connection (a game's websocket: for the whole game)."""
        self.busy[protocol] = self.busy.get(protocol, 0) + 1
        try:
            yield
        finally:
            if self.busy[protocol] == 1:
                del self.busy[protocol]
            else:
                self.busy[protocol] -= 1

class _Refused(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.abort()  # type: ignore[attr-defined]


class BoundedSite(web.TCPSite):
    """aiohttp's TCP site, listening through :class:`Connections`."""

    def __init__(self, runner: web.AppRunner, host: str, port: int, factory: Connections, backlog: int) -> None:
        super().__init__(runner, host, port)
        self._factory, self._backlog = factory, backlog

    async def start(self) -> None:
        await web.BaseSite.start(self)
        self._server = await asyncio.get_running_loop().create_server(
            self._factory, self._host, self._port, backlog=self._backlog, reuse_address=True)
