"""Tagged Markdown articles: YAML front matter, then facts as Pandoc bracketed spans.

    ---
    title: The first feature film shot in space
    distractors:
      craft: [Progress, Dragon]
    ---
    Actress [Yulia Peresild]{.person} departed aboard the [Soyuz]{.craft wrong="Shenzhou"} rocket ...

One pass of a single regular expression finds every span, link, escape and stray bracket, so parsing stays
linear in the size of the file. Problems are collected, not raised one at a time, so ``orbitquiz check`` can
list them all; the reader raises PackError at the end if any of them is an error.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

import yaml

from orbitquiz.model import NUMERIC_TYPES, Fact, Pack, PackError, Problem, Source

ATTRIBUTES = ("accept", "wrong", "hint", "ask", "is")
FRONT_MATTER_KEYS = ("title", "source", "language", "distractors")
TYPE_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
#: A multiple-choice question has the right answer and three wrong ones.
OPTIONS = 4

_TOKEN = re.compile(
    r"""
      (?P<escape>\\.)
    | \[(?P<text>[^\[\]\\]*(?:\\.[^\[\]\\]*)*)\]
      (?: \{(?P<attrs>[^{}"\n]*(?:"(?:[^"\\\n]|\\.)*"[^{}"\n]*)*)\}   # a span
        | (?P<link>\([^()\s]*\)) )                                   # a link: plain text
    | (?P<open>\[)
    | (?P<stray>\]\{)
    """,
    re.VERBOSE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r'\s*(?:\.(?P<cls>[^\s"=}]*)|(?P<key>[^\s"=]+)\s*=\s*"(?P<value>(?:[^"\\]|\\.)*)"|(?P<junk>\S+))')
_UNESCAPE = re.compile(r"\\(.)")
#: Stands in for Markdown line markers ("## ", "- ", "> ") so that offsets stay true.
_LINE_START = "\ue000"
# A sentence ends at . ! ? (and any closing quotes or brackets) before whitespace, at a blank line, or where a
# list item, heading or quote begins.
_SENTENCE_END = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+|\n\s*\n|\n(?=\ue000)""")
#: How far a search for the rest of a broken span looks: no answer or attribute list is longer.
_REACH = 1000
_ATTRIBUTES_START = re.compile(r"\{\s*\.")
#: Sentences longer than this (a list with no full stops, a wall of tags) are cut to a window around the fact.
_LONGEST_SENTENCE = 400
# Markdown that should not reach a question's prompt: heading marks, quotes, list bullets, emphasis.
_LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+\.[ \t]+)", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|\*|`|(?<!\w)__?(?=\S)|(?<=\S)__?(?!\w)|\ue000")


def read(text: str, path: str) -> Pack:
    problems: list[Problem] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, body_line = _front_matter(text, path, problems)

    lines = _LineIndex(body, body_line)
    # Heading marks, quote marks and bullets become marks of the same length: offsets stay true, and a new
    # list item or heading still starts a new sentence.
    body = _LINE_MARKUP.sub(lambda m: _LINE_START * len(m.group()), body)
    plain, spans = _scan(body, path, lines, problems)
    facts = _facts(plain, spans, path)
    if meta is None or any(p.severity == "error" for p in problems):
        raise PackError(problems)  # every problem of the file, front matter and body, at once
    distractors = meta.get("distractors", {})
    problems.extend(_thin_types(facts, distractors, path))
    return Pack(
        path=path,
        title=meta["title"],
        source=meta.get("source"),
        language=meta.get("language", "en"),
        facts=tuple(facts),
        distractors=distractors,
        warnings=tuple(problems),
    )


# --- front matter ---------------------------------------------------------------------------------------------


def _front_matter(text: str, path: str, problems: list[Problem]) -> tuple[dict | None, str, int]:
    """The validated front matter, the body after it, and the body's first line number."""
    how = "start the file with front matter: a '---' line, 'title: ...', and another '---' line"
    if not text.startswith("---\n"):
        problems.append(Problem(path, 1, 1, f"missing title — {how}"))
        return None, text, 1
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        problems.append(Problem(path, 1, 1, "front matter is not closed — add a '---' line after it"))
        return None, text, 1
    source, body = text[4 : end + 1], text[end + 5 :]
    body_line = source.count("\n") + 3
    try:
        meta = yaml.safe_load(source)
    except RecursionError:
        problems.append(Problem(path, 2, 1, "front matter nests too deeply — keep it to plain 'key: value' lines"))
        return None, body, body_line
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = getattr(error, "context_mark", None)
        if mark is not None and context is not None and mark.index >= len(source.rstrip()):
            mark = context  # "found end of stream": the unclosed bracket or quote is where the trouble began
        # YAML also breaks lines at \x85 and \u2028; count only the reader's own line breaks.
        index = min(mark.index, len(source)) if mark else 0
        line = source.count("\n", 0, index) + 2
        column = index - (source.rfind("\n", 0, index) + 1) + 1
        what = getattr(error, "problem", None) or "invalid YAML"
        problems.append(Problem(path, line, column, f"front matter is not valid YAML: {what} — fix the YAML"))
        return None, body, body_line
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Problem(path, 2, 1, "front matter must be 'key: value' lines — start with 'title: ...'"))
        return None, body, body_line

    def at(key: str) -> tuple[int, int]:
        found = re.search(rf"^{re.escape(str(key))}\s*:", source, re.MULTILINE)
        return (source.count("\n", 0, found.start()) + 2, 1) if found else (2, 1)

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            problems.append(
                Problem(path, *at(key), f"unknown front matter key '{key}' is ignored — known keys: "
                        + ", ".join(FRONT_MATTER_KEYS), "warning")
            )
    ok = True
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(path, *at("title"), "missing title — add 'title: ...' to the front matter"))
        ok = False
    for key in ("source", "language"):
        if key in meta and not isinstance(meta[key], str):
            problems.append(Problem(path, *at(key), f"'{key}' must be text — quote it"))
            ok = False
    pools: dict[str, tuple[str, ...]] = {}
    raw = meta.get("distractors", {}) or {}
    if not isinstance(raw, dict):
        problems.append(Problem(path, *at("distractors"), "'distractors' must map a fact type to a list of wrong "
                                "answers, e.g. 'person: [Oleg Novitsky, Pyotr Dubrov]'"))
        ok = False
    else:
        for kind, values in raw.items():
            if isinstance(values, (str, int, float)):
                values = [values]
            if not isinstance(values, list) or not all(isinstance(v, (str, int, float)) for v in values):
                problems.append(Problem(path, *at("distractors"), f"distractors for '{kind}' must be a list of "
                                        "answers, e.g. [A, B, C]"))
                ok = False
                continue
            pools[str(kind)] = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    if not ok:
        return None, body, body_line
    meta["title"] = title.strip()
    meta["distractors"] = pools
    return meta, body, body_line


# --- spans ----------------------------------------------------------------------------------------------------


class _LineIndex:
    """Line and column (both 1-based) of an offset into the body, in O(log n)."""

    def __init__(self, body: str, first_line: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self.first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1


class _Span:
    __slots__ = ("answer", "type", "attrs", "plain_start", "plain_end", "line", "column")

    def __init__(self, answer, type_, attrs, plain_start, plain_end, line, column):
        self.answer, self.type, self.attrs = answer, type_, attrs
        self.plain_start, self.plain_end, self.line, self.column = plain_start, plain_end, line, column


def _scan(body: str, path: str, lines: _LineIndex, problems: list[Problem]) -> tuple[str, list[_Span]]:
    """The article as plain text (tags replaced by their text) and the spans found in it."""
    pieces: list[str] = []
    length = 0  # of the plain text so far
    spans: list[_Span] = []
    done = 0
    unclosed: int | None = None  # offset of a '[' that may start a span nobody closed
    explained: int | None = None  # offset of a ']' whose broken span was already reported
    paragraphs = _Paragraphs(body)

    def emit(text: str) -> None:
        nonlocal length
        pieces.append(text)
        length += len(text)

    for match in _TOKEN.finditer(body):
        emit(body[done : match.start()])
        done = match.end()
        kind = match.lastgroup
        if kind == "escape":
            emit(match.group()[1])
        elif match.group("link") is not None:
            emit(_unescape(match.group("text")))
        elif match.group("attrs") is not None:
            text = match.group("text")
            line, column = lines.position(match.start())
            if "\n\n" in text.replace(" ", "").replace("\t", ""):
                problems.append(Problem(path, line, column, "unterminated span: '[' is not closed before the "
                                        "paragraph ends — close it as [text]{.type}"))
                emit(text)
                continue
            answer = " ".join(_EMPHASIS.sub("", _unescape(text)).split())
            start = length
            emit(_unescape(text))
            attrs = _attributes(match.group("attrs"), match.start("attrs"), path, lines, problems)
            if attrs is None:
                continue
            type_, values = attrs
            if not answer:
                problems.append(Problem(path, line, column, "empty span — put the answer between the brackets"))
                continue
            spans.append(_Span(answer, type_, values, start, length, line, column))
        elif kind == "open":
            unclosed = match.start()
            emit("[")
            explained = _diagnose_open(body, match.start(), paragraphs, path, lines, problems)
        else:  # "]{" that no span pattern took
            line, column = lines.position(match.start())
            if unclosed is None or paragraphs.index(unclosed) != paragraphs.index(match.start()):
                problems.append(Problem(path, line, column, "']{' closes a span that was never opened — "
                                        "write [text]{.type}"))
            elif match.start() != explained and body.startswith((".", " ."), match.end()):
                problems.append(Problem(path, line, column, "a span's text cannot contain brackets or a link — "
                                        "write the answer as plain text: [text]{.type}"))
            emit(match.group())
    emit(body[done:])
    return "".join(pieces), spans


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


def _diagnose_open(body: str, offset: int, paragraphs: _Paragraphs, path: str, lines: _LineIndex,
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
    if quote is not None:  # an odd number of quotes: this span's own first one is taken as never closed
        line, column = lines.position(first_quote)
        problems.append(Problem(path, line, column, 'unterminated quote — close the attribute value with "'))
    else:
        line, column = lines.position(brace)
        problems.append(Problem(path, line, column, "unterminated span: '{' is not closed on its line — end the "
                                "attributes with '}', with no line breaks inside"))
    return close


def _attributes(raw: str, offset: int, path: str, lines: _LineIndex,
                problems: list[Problem]) -> tuple[str, dict[str, str]] | None:
    """The class and attributes of ``{.type key="value"}``, or None after reporting what is wrong."""
    classes: list[str] = []
    values: dict[str, str] = {}
    ok = True
    for match in _ATTRIBUTE.finditer(raw):
        if not match.group().strip():
            continue
        line, column = lines.position(offset + match.start() + len(match.group()) - len(match.group().lstrip()))
        if match.group("cls") is not None:
            name = match.group("cls")
            if not TYPE_NAME.match(name):
                problems.append(Problem(path, line, column, f"'.{name}' is not a fact type — use lowercase "
                                        "letters, digits and '-', starting with a letter, e.g. .person"))
                ok = False
            classes.append(name)
        elif match.group("key") is not None:
            key = match.group("key")
            if key not in ATTRIBUTES:
                problems.append(Problem(path, line, column, f"unknown attribute '{key}' — allowed: "
                                        + ", ".join(ATTRIBUTES)))
                ok = False
            elif key in values:
                problems.append(Problem(path, line, column, f"attribute '{key}' is given twice — keep one"))
                ok = False
            else:
                values[key] = " ".join(_unescape(match.group("value")).split())
        else:
            junk = match.group("junk")
            hint = ('values must be double-quoted, e.g. hint="..."' if "=" in junk
                    else "write the type as .type and attributes as name=\"value\"")
            problems.append(Problem(path, line, column, f"cannot read '{junk}' in the span's attributes — {hint}"))
            ok = False
    line, column = lines.position(offset - 1)
    if not classes:
        problems.append(Problem(path, line, column, "span has no type — add one class, e.g. {.person}"))
        return None
    if len(classes) > 1:
        problems.append(Problem(path, line, column, f"span has {len(classes)} types ("
                                + ", ".join("." + c for c in classes) + ") — keep exactly one"))
        return None
    return (classes[0], values) if ok else None


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split("|") if part.strip()))


# --- facts ----------------------------------------------------------------------------------------------------


def _facts(plain: str, spans: list[_Span], path: str) -> list[Fact]:
    """Turn spans into facts, each with the sentence it stands in."""
    boundaries = _sentence_boundaries(plain, spans)
    facts = []
    for span in spans:
        index = bisect.bisect_right(boundaries, span.plain_start) - 1
        start, end = boundaries[index], boundaries[index + 1]
        if end - start > _LONGEST_SENTENCE:  # keep the cost per fact bounded: a window around it
            start = max(start, plain.rfind(" ", start, max(start, span.plain_start - _LONGEST_SENTENCE // 2)) + 1)
            cut = plain.find(" ", min(end, span.plain_end + _LONGEST_SENTENCE // 2), end)
            end = end if cut == -1 else cut
        sentence, offset_start, offset_end = _clean_sentence(plain[start:end], span.plain_start - start,
                                                             span.plain_end - start)
        attrs = span.attrs
        facts.append(
            Fact(
                answer=span.answer,
                type=span.type,
                source=Source(path, span.line, sentence, offset_start, offset_end),
                column=span.column,
                accept=_split(attrs.get("accept")),
                wrong=_split(attrs.get("wrong")),
                hint=attrs.get("hint") or None,
                ask=attrs.get("ask") or None,
                alias_of=attrs.get("is") or None,
            )
        )
    return facts


def _sentence_boundaries(plain: str, spans: list[_Span]) -> list[int]:
    """Where sentences start, never inside a span ("[St. Petersburg]" is one answer in one sentence)."""
    boundaries = [0]
    inside = 0  # index of the first span that may still contain a boundary
    for match in _SENTENCE_END.finditer(plain):
        at = match.end()
        while inside < len(spans) and spans[inside].plain_end <= match.start():
            inside += 1
        if inside < len(spans) and spans[inside].plain_start < at and match.start() < spans[inside].plain_end:
            continue
        boundaries.append(at)
    boundaries.append(len(plain))
    return boundaries


def _clean_sentence(raw: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop emphasis marks and extra whitespace, keeping the fact's offsets inside the sentence right."""
    before, fact, after = (_EMPHASIS.sub("", part) for part in (raw[:start], raw[start:end], raw[end:]))
    # Keep the space that separated the fact from its neighbours ("in [Kazakhstan]," has none after it).
    space_before, space_after = before[-1:].isspace(), after[:1].isspace()
    before, fact, after = (" ".join(part.split()) for part in (before, fact, after))
    if before and space_before:
        before += " "
    if after and space_after:
        after = " " + after
    return before + fact + after, len(before), len(before) + len(fact)


def _thin_types(facts: list[Fact], pools: dict[str, tuple[str, ...]], path: str) -> list[Problem]:
    """Warn, once per type, about a type with too few distinct answers to fill a 4-option question."""
    by_type: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.type not in NUMERIC_TYPES:
            by_type[fact.type].append(fact)
    warnings = []
    for type_, members in by_type.items():
        candidates = {(f.alias_of or f.answer).casefold() for f in members}
        candidates |= {p.casefold() for p in pools.get(type_, ())}
        if len(candidates) >= OPTIONS:
            continue
        lacking = next((f for f in members if len(candidates | {w.casefold() for w in f.wrong}) < OPTIONS), None)
        if lacking is not None:
            warnings.append(Problem(
                path, lacking.source.line, lacking.column,
                f"type '{type_}' has only {len(candidates)} candidate answers, too few for a {OPTIONS}-option "
                f"question — add wrong answers under 'distractors: {type_}:' in the front matter or wrong=\"...\"",
                "warning",
            ))
    return warnings
