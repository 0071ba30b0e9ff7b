"""The span scanner: one pass of a single regular expression finds every span, link, escape and stray bracket,
so reading stays linear in the size of the file. Each broken span is reported at its character and left out."""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from orbitquiz.model import Problem
from orbitquiz.readers.common import TYPE_NAME, LineIndex
from orbitquiz.readers.markdown import EMPHASIS, LINE_START

ATTRIBUTES = ("accept", "wrong", "hint", "ask", "is")
#: The suggester (orbitquiz.suggest) splits an article into spans, links, escapes and text with this same pattern.
TOKEN = re.compile(
    r"""
      (?P<escape>\\.)
    | \[(?P<text>[^\[\]\\]*(?:\\.[^\[\]\\]*)*)\]
      (?: \{(?P<attrs>[^{}"\n]*(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"[^{}"\n]*)*)\}   # a span
        | (?P<link>\([^()\s]*\)) )                                   # a link: plain text
    | (?P<open>\[)
    | (?P<stray>\]\{)
    """,
    re.VERBOSE | re.DOTALL,
)
#: The most common attribute lists, which _attributes would read without a problem: a type, then perhaps one known
#: attribute whose value has no escapes.
_SIMPLE_ATTRIBUTES = re.compile(r'\.([a-z][a-z0-9-]*)(?: +(accept|wrong|hint|ask|is)="([^"\\]*)")? *\Z')
_ATTRIBUTE = re.compile(r'\s*(?:\.(?P<cls>[^\s"=}]*)|(?P<key>[^\s"=]+)\s*=\s*"(?P<value>(?:[^"\\]|\\.)*)"|(?P<junk>\S+))')
_UNESCAPE = re.compile(r"\\(.)")
#: How far a search for the rest of a broken span looks: no answer or attribute list is longer.
_REACH = 1000
_ATTRIBUTES_START = re.compile(r"\{\s*\.")


class Attributes(NamedTuple):
    """What a span's ``{...}`` says: its type and the attributes it may have (``is=`` is ``alias_of``)."""

    type: str
    accept: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    hint: str | None = None
    ask: str | None = None
    alias_of: str | None = None


class Span(NamedTuple):
    """A span found by the scan: its answer and attributes, where its text is in the plain text (``start`` to
    ``end``), and the line and column of its '['."""

    answer: str
    attributes: Attributes
    start: int
    end: int
    line: int
    column: int


def scan(body: str, path: str, lines: LineIndex, problems: list[Problem]) -> tuple[str, list[Span], int]:
    """The article as plain text (tags replaced by their text), the spans found in it, and how many of the errors
    reported are a broken span's second or later (so errors less these count the spans left out)."""
    repeated = 0
    pieces: list[str] = []
    emit = pieces.append
    length = 0  # of the plain text so far
    spans: list[Span] = []
    add_span = spans.append
    done = 0
    unclosed: int | None = None  # offset of a '[' that may start a span nobody closed
    explained: int | None = None  # offset of a ']' whose broken span was already reported
    paragraphs: _Paragraphs | None = None  # only needed around brackets that are not spans
    # Attribute lists repeat ("{.person}"): each distinct one is read once. Only lists read without a problem are
    # remembered, so every broken one is still reported at its own position.
    known: dict[str, Attributes] = {}
    # The line of each span is counted on from the previous one, so finding it costs nothing like a search.
    line, line_start, counted = lines.first_line, 0, 0
    count, rfind = body.count, body.rfind
    emphasis = EMPHASIS.sub

    for match in TOKEN.finditer(body):
        start = match.start()
        if start != done:
            text = body[done:start]
            emit(text)
            length += len(text)
        done = match.end()
        kind = match.lastgroup
        if kind == "attrs":
            text, raw = match.group(2, 3)
            breaks = count("\n", counted, start)
            if breaks:
                line += breaks
                line_start = rfind("\n", counted, start) + 1
            counted = start
            column = start - line_start + 1
            if "\n" in text and "\n\n" in text.replace(" ", "").replace("\t", ""):
                problems.append(Problem(path, line, column, "unterminated span: '[' is not closed before the "
                                        "paragraph ends — close it as [text]{.type}"))
                emit(text)
                length += len(text)
                continue
            if "\\" in text:
                text = unescape(text)
            if "*" in text or "`" in text or "_" in text or LINE_START in text:
                answer = " ".join(emphasis("", text).split())
            else:
                answer = " ".join(text.split())
            emit(text)
            plain_start = length
            length += len(text)
            attrs = known.get(raw)
            if attrs is None:
                simple = _SIMPLE_ATTRIBUTES.match(raw)
                if simple is not None:  # what _attributes gives for such a list, without looking at it twice
                    type_, key, value = simple.groups()
                    value = " ".join(value.split()) if key else None
                    attrs = Attributes(type_, _split(value) if key == "accept" else (),
                                       _split(value) if key == "wrong" else (),
                                       value or None if key == "hint" else None,
                                       value or None if key == "ask" else None,
                                       value or None if key == "is" else None)
                else:
                    reported = len(problems)
                    attrs = _attributes(raw, match.start(3), path, lines, problems)
                    if attrs is None:
                        repeated += len(problems) - reported - 1
                        continue
                known[raw] = attrs
            if not answer:
                problems.append(Problem(path, line, column, "empty span — put the answer between the brackets"))
                continue
            add_span(Span(answer, attrs, plain_start, length, line, column))
        elif kind == "escape":
            emit(match.group()[1])
            length += 1
        elif kind == "link":
            text = unescape(match.group("text"))
            emit(text)
            length += len(text)
        elif kind == "open":
            unclosed = start
            emit("[")
            length += 1
            if paragraphs is None:
                paragraphs = _Paragraphs(body)
            explained = _diagnose_open(body, start, paragraphs, path, lines, problems)
        else:  # "]{" that no span pattern took
            if paragraphs is None:
                paragraphs = _Paragraphs(body)
            if unclosed is None or paragraphs.index(unclosed) != paragraphs.index(start):
                problems.append(Problem(path, *lines.position(start), "']{' closes a span that was never opened — "
                                        "write [text]{.type}"))
            elif start != explained and body.startswith((".", " ."), done):
                problems.append(Problem(path, *lines.position(start), "a span's text cannot contain brackets or a "
                                        "link — write the answer as plain text: [text]{.type}"))
            emit(match.group())
            length += 2
    emit(body[done:])
    return "".join(pieces), spans, repeated


class _Paragraphs:
    """Which paragraph an offset is in, and where it ends, in O(log n): a broken span never costs a rescan."""

    def __init__(self, body: str) -> None:
        self.breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", body)]
        self.length = len(body)

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.breaks, offset)

    def end(self, offset: int) -> int:
        index = self.index(offset)
        return self.breaks[index] if index < len(self.breaks) else self.length


def _diagnose_open(body: str, offset: int, paragraphs: _Paragraphs, path: str, lines: LineIndex,
                   problems: list[Problem]) -> int | None:
    """A '[' that starts neither a span nor a link: plain text, unless it looks like a broken span.

    Returns the offset of the ']' of a span whose attributes it reported as broken.

    Every search stops within _REACH characters: a file full of broken brackets stays linear to check.
    """
    limit = min(paragraphs.end(offset), offset + _REACH)
    close = body.find("]", offset + 1, limit)
    if close == -1:
        # "[Soyuz{.craft}": attributes follow but the bracket never closes.
        following = body.find("[", offset + 1, limit)
        if _ATTRIBUTES_START.search(body, offset + 1, limit if following == -1 else following):
            line, column = lines.position(offset)
            problems.append(Problem(path, line, column, "unterminated span: '[' has no closing ']' — write "
                                    "[text]{.type}"))
        return None
    if body.find("[", offset + 1, close) != -1 or not body.startswith("{", close + 1):
        return None  # literal text such as "[sic]", or an outer bracket around a span
    # "[text]{..." whose attributes the span pattern could not read: find out why, on this line only.
    brace, quote, first_quote = close + 1, None, None
    line_end = body.find("\n", brace)
    for index in range(brace + 1, min(len(body) if line_end == -1 else line_end, brace + _REACH)):
        char = body[index]
        if char == '"' and body[index - 1] != "\\":
            quote = None if quote is not None else index
            first_quote = index if first_quote is None else first_quote
        elif char == "}" and quote is None:
            line, column = lines.position(brace)
            problems.append(Problem(path, line, column, "cannot read the span's attributes — write "
                                    '{.type name="value"} with no braces or line breaks inside'))
            return close
    if quote is not None and first_quote is not None:  # an odd number of quotes: the first is taken as unclosed
        line, column = lines.position(first_quote)
        problems.append(Problem(path, line, column, 'unterminated quote — close the attribute value with "'))
    else:
        line, column = lines.position(brace)
        problems.append(Problem(path, line, column, "unterminated span: '{' is not closed on its line — end the "
                                "attributes with '}', with no line breaks inside"))
    return close


def _attributes(raw: str, offset: int, path: str, lines: LineIndex,
                problems: list[Problem]) -> Attributes | None:
    """The type and attributes of ``{.type key="value"}``, or None after reporting what is wrong."""
    classes: list[str] = []
    values: dict[str, str] = {}
    ok = True
    for match in _ATTRIBUTE.finditer(raw):
        whole = match.group()
        if not whole.strip():
            continue
        name, key, value = match.group("cls", "key", "value")
        if name is not None:
            if not TYPE_NAME.match(name):
                problems.append(Problem(path, *_at(lines, offset, match), f"'.{name}' is not a fact type — use "
                                        "lowercase letters, digits and '-', starting with a letter, e.g. .person"))
                ok = False
            classes.append(name)
        elif key is not None:
            if key not in ATTRIBUTES:
                problems.append(Problem(path, *_at(lines, offset, match), f"unknown attribute '{key}' — allowed: "
                                        + ", ".join(ATTRIBUTES)))
                ok = False
            elif key in values:
                problems.append(Problem(path, *_at(lines, offset, match), f"attribute '{key}' is given twice — "
                                        "keep one"))
                ok = False
            else:
                values[key] = " ".join((unescape(value) if "\\" in value else value).split())
        else:
            junk = match.group("junk")
            hint = ('values must be double-quoted, e.g. hint="..."' if "=" in junk
                    else "write the type as .type and attributes as name=\"value\"")
            problems.append(Problem(path, *_at(lines, offset, match), f"cannot read '{junk}' in the span's "
                                    f"attributes — {hint}"))
            ok = False
    if not classes:
        problems.append(Problem(path, *lines.position(offset - 1), "span has no type — add one class, e.g. "
                                "{.person}"))
        return None
    if len(classes) > 1:
        problems.append(Problem(path, *lines.position(offset - 1), f"span has {len(classes)} types ("
                                + ", ".join("." + c for c in classes) + ") — keep exactly one"))
        return None
    if not ok:
        return None
    get = values.get
    return Attributes(classes[0], _split(get("accept")), _split(get("wrong")), get("hint") or None,
                      get("ask") or None, get("is") or None)


def _at(lines: LineIndex, offset: int, match: re.Match) -> tuple[int, int]:
    """Line and column of an attribute's first non-blank character (looked up only to report a problem)."""
    whole = match.group()
    return lines.position(offset + match.start() + len(whole) - len(whole.lstrip()))


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split("|") if part.strip()))
