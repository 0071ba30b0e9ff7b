"""What a browser is sent besides the game's own terminal: the game's page, the pages that say what is wrong, the
two files of textual-serve's terminal, and the headers a delivered file gets. Every page has its
Content-Security-Policy and is never cached."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import jinja2
import textual_serve
from aiohttp import web
from textual_serve.download_manager import Download

from orbitquiz.netsafety import CSP, safe_headers

ASSETS = Path(__file__).parent.parent / "web_assets"
SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
#: The only files the browser can fetch from textual-serve's package: its terminal and the terminal's CSS.
_SERVE_FILES = {"textual.js": SERVE_STATIC / "js" / "textual.js", "xterm.css": SERVE_STATIC / "css" / "xterm.css"}

FULL = "The game is full: {n} players are playing. Try again when one of them has finished."


class Pages:
    """The pages, from the templates in web_assets/ (autoescaped: a pack's name is text, never markup)."""

    def __init__(self) -> None:
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS / "templates"), autoescape=True)

    def message(self, status: int, title: str, lines: Sequence[str], packs: Sequence[str] = ()) -> web.Response:
        """A short page: what is wrong (``lines``), and the packs to pick from, if any."""
        text = self.templates.get_template("message.html").render(title=title, lines=lines, packs=packs,
                                                                  quote=quote)
        response = web.Response(status=status, text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = CSP.format(ws="")
        response.headers["Cache-Control"] = "no-store"
        return response

    def game(self, title: str, websocket_url: str, websocket_origin: str, font_size: int) -> web.Response:
        """The game's page: textual-serve's terminal, connecting to ``websocket_url`` (and nowhere else)."""
        text = self.templates.get_template("index.html").render(title=title, websocket_url=websocket_url,
                                                                font_size=font_size)
        response = web.Response(text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = CSP.format(ws=websocket_origin)
        response.headers["Cache-Control"] = "no-store"
        return response


def textual_file(name: str) -> Path | None:
    """One of textual-serve's two files the page loads, by its name; None for any other name."""
    return _SERVE_FILES.get(name)


def download_response(meta: Download) -> web.StreamResponse:
    """The response for a file the game delivers (a screenshot), with the same headers as every
    page: they must be set before the response starts, which textual-serve's own handler does not do."""
    response = web.StreamResponse()
    response.content_type = meta.mime_type or "application/octet-stream"
    if meta.encoding:
        response.charset = meta.encoding
    disposition = "inline" if meta.open_method == "browser" else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(meta.file_name)}"
    response.headers["Content-Security-Policy"] = CSP.format(ws="")
    response.headers["Cache-Control"] = "no-store"
    safe_headers(response)
    return response
