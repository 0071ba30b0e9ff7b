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

One job a file: session.py (a tab's game process: started, stopped), guard.py (who may reach the server, and how
many at once), pages.py (what a browser is sent besides the game), server.py (GameServer: the routes, the
websocket, running), printing.py (what the server prints and logs).
"""

from __future__ import annotations

from orbitquiz.netsafety import ServeError, is_loopback, network_addresses
from orbitquiz.web.server import DEFAULT_HOST, DEFAULT_MAX_SESSIONS, DEFAULT_PORT, GameServer
from orbitquiz.web.session import Session

__all__ = ["DEFAULT_HOST", "DEFAULT_MAX_SESSIONS", "DEFAULT_PORT", "TEXTUAL_SERVE_CHECKED_WITH",
           "TEXTUAL_SERVE_OVERRIDES", "GameServer", "ServeError", "Session", "is_loopback", "network_addresses"]

#: textual-serve's private methods this face overrides (Session, GameServer), and the textual-serve they were read in;
#: tests/test_textual_fixes.py fails on another version until each override is checked against it again.
TEXTUAL_SERVE_CHECKED_WITH = "1.1.3"
TEXTUAL_SERVE_OVERRIDES: dict[type, tuple[str, ...]] = {
    Session: ("_build_environment", "_open_app_process"),  # its environment and process: no shell, a fork
    GameServer: ("_make_app", "_process_messages"),  # its routes behind the guard, and the bounded messages
}

