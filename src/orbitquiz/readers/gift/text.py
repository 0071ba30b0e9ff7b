"""GIFT's text formats as a player sees them: HTML, Markdown and Moodle's default format become plain text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from orbitquiz.readers.gift.syntax import FORMATS
from orbitquiz.readers.markdown import markdown_text


def split_format(text: str, default: str) -> tuple[str, str]:
    """A leading ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]`` and the text after it (Moodle's
    ``parse_text_with_format``): any other bracketed word is part of the text."""
    if text.startswith("["):
        end = text.find("]")
        if end != -1 and text[1:end] in FORMATS:
            return text[1:end], text[end + 1 :].strip()
    return default, text


def _plain(text: str, fmt: str) -> str:
    """The text a player sees: HTML, Markdown and Moodle's default format become plain text; plain text stays as
    written."""
    if fmt == "html":
        return html_text(text)
    if fmt == "markdown":
        return markdown_text(text)
    if fmt == "moodle":
        return moodle_text(text)
    return text.strip()


def render(text: str, flat: str, default: str) -> tuple[str, str]:
    """The format of a piece of text (its ``[format]`` prefix, else ``default``) and what a player sees of it.

    ``flat`` is the same text with the file's line breaks as spaces (``Src.flat``): Moodle's default format
    reads them so, as HTML does.
    """
    fmt, body = split_format(text.strip(), default)
    if fmt == "moodle":
        body = split_format(flat.strip(), default)[1]  # the same cut: flat differs only at line breaks
    return fmt, _plain(body, fmt)


def moodle_text(text: str) -> str:
    """Moodle's default format, as it shows: its HTML as text (``<p>respuesta 1</p>`` is "respuesta 1"), and a
    line break only where one was asked for (a ``\\n`` escape)."""
    if "<" not in text and "&" not in text:  # no markup: what the parser would give, without it
        lines = (" ".join(line.split()) for line in text.split("\n"))
        return "\n".join(line for line in lines if line)
    return html_text(text.replace("\n", "<br>"))


class _HTMLText(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
                        "blockquote", "pre", "hr", "dd", "dt"})
    HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))  # a line break in HTML source is a space


_COMMENT_CLOSE = re.compile(r"--\s*>")
_SECTION_CLOSE = re.compile(r"]\s*>")


def _closed_markup(text: str) -> str:
    """The HTML with every '<' that starts markup never closed written as ``&lt;``, which reads the same.

    html.parser (before Python 3.14) reads each unclosed '<' of a broken page again to the end of the text when
    it closes: 40,000 of "<!--" took 25 s, quadratic. Markup whose end exists further on is left to it.
    """
    if "<" not in text:
        return text
    last_close = text.rfind(">")
    comment = max((m.start() for m in _COMMENT_CLOSE.finditer(text)), default=-1)
    section = max((m.start() for m in _SECTION_CLOSE.finditer(text)), default=-1)
    pieces: list[str] = []
    done = 0
    at = text.find("<")
    while at != -1:
        if text.startswith("<!--", at):
            closed = comment >= at + 4
        elif text.startswith("<![", at):
            closed = section >= at + 3
        else:
            closed = last_close > at
        if not closed:
            pieces.append(text[done:at])
            pieces.append("&lt;")
            done = at + 1
        at = text.find("<", at + 1)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def html_text(text: str) -> str:
    text = _closed_markup(text)
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
        joined = "".join(parser.parts)
    except (AssertionError, ValueError):  # html.parser still asserts on some broken markup ("<![ ")
        joined = html.unescape(re.sub(r"<[^>]*>", " ", text))
    lines = (" ".join(line.split()) for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)
