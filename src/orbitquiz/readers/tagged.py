"""Tagged Markdown articles: YAML front matter, then facts as Pandoc bracketed spans.

    ---
    title: The first feature film shot in space
    distractors:
      craft: [Progress, Dragon]
    ---
    Actress [Yulia Peresild]{.person} departed aboard the [Soyuz]{.craft wrong="Shenzhou"} rocket ...

One pass of a single regular expression finds every span, link, escape and stray bracket, so parsing stays
linear in the size of the file. Problems are collected, not raised one at a time, so ``orbitquiz check`` can
list them all. A broken span is left out and the rest of the article still plays: the reader raises PackError at
the end if any problem is an error, carrying the facts that are fine (unless the front matter is broken).
"""

from __future__ import annotations

import bisect
import dataclasses
import re

import yaml

from orbitquiz.grading import grade
from orbitquiz.model import NUMERIC_TYPES, Fact, Pack, PackError, Problem, Question, Source
from orbitquiz.readers.common import finish
from orbitquiz.words import plural

ATTRIBUTES = ("accept", "wrong", "hint", "ask", "is")
FRONT_MATTER_KEYS = ("title", "source", "language", "distractors")
#: Characters of front matter read as YAML: a few lines are the norm; a thousand distractors fit many times over.
MAX_FRONT_MATTER = 256_000
TYPE_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
#: A multiple-choice question has the right answer and three wrong ones.
OPTIONS = 4

_TOKEN = re.compile(
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
#: The suggester (orbitquiz.suggest) splits an article into spans, links, escapes and text with this same pattern.
TOKEN = _TOKEN
#: The most common attribute lists, which _attributes would read without a problem: a type, then perhaps one known
#: attribute whose value has no escapes.
_SIMPLE_ATTRIBUTES = re.compile(r'\.([a-z][a-z0-9-]*)(?: +(accept|wrong|hint|ask|is)="([^"\\]*)")? *\Z')
_ATTRIBUTE = re.compile(r'\s*(?:\.(?P<cls>[^\s"=}]*)|(?P<key>[^\s"=]+)\s*=\s*"(?P<value>(?:[^"\\]|\\.)*)"|(?P<junk>\S+))')
_UNESCAPE = re.compile(r"\\(.)")
#: Stands in for Markdown line markers ("## ", "- ", "> ") so that offsets stay true.
_LINE_START = "\ue000"
# A sentence ends at . ! ? (and any closing quotes or brackets) before whitespace, at a blank line, or where a
# list item, heading or quote begins. The end mark is matched, not looked behind for, so that the regex engine can
# skip to the next candidate; the break itself (the "end" group) starts after it.
_SENTENCE_END = re.compile(r"""[.!?](?P<end>["'”’)\]]*\s+)|\n\s*\n|\n(?=\ue000)""")
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
    before = sum(p.severity == "error" for p in problems)
    plain, spans, repeated = _scan(body, path, lines, problems)
    facts = _facts(plain, spans, path)
    if meta is None:
        raise PackError(problems)  # every problem of the file, front matter and body, at once
    if not spans and not any(p.severity == "error" for p in problems):
        line, column = lines.position(0)
        problems.append(Problem(path, line, column, "no fact is tagged — tag one with Pandoc's span syntax, e.g. "
                                                    "[Soyuz]{.craft}"))
        raise PackError(problems)
    distractors = meta.get("distractors", {})
    problems.extend(_thin_types(facts, distractors, path))
    problems.extend(_wrong_is_right(facts, path))
    problems.sort(key=lambda p: (p.line, p.column))
    broken_spans = sum(p.severity == "error" for p in problems) - before - repeated
    pack = Pack(
        path=path,
        title=meta["title"],
        source=meta.get("source"),
        language=meta.get("language", "en"),
        facts=tuple(facts),
        distractors=distractors,
    )
    return finish(pack, problems, broken_spans)


# --- front matter ---------------------------------------------------------------------------------------------


def split_front_matter(text: str, path: str) -> tuple[dict | None, str, list[Problem]]:
    """The validated front matter (None if it is broken or missing), the body after it, and the problems found.

    For the suggester, which keeps a teacher's front matter when it adds tags to an article."""
    problems: list[Problem] = []
    meta, body, _ = _front_matter(text.replace("\r\n", "\n").replace("\r", "\n"), path, problems)
    return meta, body, problems


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
    if len(source) > MAX_FRONT_MATTER:
        # PyYAML reads some 40,000 lines a second here: a front matter of megabytes would stall the game.
        problems.append(Problem(path, 2, 1, f"the front matter is {len(source) / 1e6:.1f} MB; it may be at most "
                                f"{MAX_FRONT_MATTER // 1000} KB — keep it to a title, a source and distractor lists"))
        return None, body, body_line

    def place(index: int) -> tuple[int, int]:
        # YAML also breaks lines at \x85 and \u2028; count only the reader's own line breaks.
        index = max(0, min(index, len(source)))
        return source.count("\n", 0, index) + 2, index - (source.rfind("\n", 0, index) + 1) + 1

    loader = None
    try:
        loader = _FrontMatterLoader(source)  # refuses a NUL or other control character at once
        node = loader.get_single_node()
        keys = _key_offsets(node)
        meta = None if node is None else loader.construct_document(node)
    except RecursionError:
        problems.append(Problem(path, 2, 1, "front matter nests too deeply — keep it to plain 'key: value' lines"))
        return None, body, body_line
    except _AliasError as error:
        problems.append(Problem(path, *place(error.index), f"front matter uses the YAML alias '{_short(error.name)}' "
                                "— write the value out in full (aliases are refused: a few lines of them can "
                                "stand for billions of values)"))
        return None, body, body_line
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = getattr(error, "context_mark", None)
        if mark is not None and context is not None and mark.index >= len(source.rstrip()):
            mark = context  # "found end of stream": the unclosed bracket or quote is where the trouble began
        # A character YAML refuses (NUL, other control characters) is a ReaderError, which has no mark.
        index = mark.index if mark else getattr(error, "position", 0)
        if isinstance(error, yaml.reader.ReaderError):
            code = error.character if isinstance(error.character, int) else ord(error.character[:1] or "\0")
            what = f"the character U+{code:04X} is not allowed in it"
        else:
            what = getattr(error, "problem", None) or "invalid YAML"
        problems.append(Problem(path, *place(index), f"front matter is not valid YAML: {what} — fix the YAML"))
        return None, body, body_line
    finally:
        if loader is not None:
            loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Problem(path, 2, 1, "front matter must be 'key: value' lines — start with 'title: ...'"))
        return None, body, body_line

    # Keys are found by the offsets YAML gave them: searching the text once per key made a front matter of many
    # unknown keys take minutes (quadratic). Lines are counted on from the previous key for the same reason.
    lines = _LineIndex(source, 2)

    def at(key: object) -> tuple[int, int]:
        index = keys.get(str(key))
        return (2, 1) if index is None else lines.position(index)

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            problems.append(
                Problem(path, *at(key), f"unknown front matter key '{_short(str(key))}' is ignored — known keys: "
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
    meta["title"] = title.strip()  # type: ignore[union-attr]  # a missing or empty title returned above
    meta["distractors"] = pools
    return meta, body, body_line


class _AliasError(yaml.YAMLError):
    def __init__(self, name: str, index: int) -> None:
        super().__init__(name)
        self.name, self.index = name, index


class _FrontMatterLoader(yaml.SafeLoader):
    """safe_load, refusing aliases and reporting a value Python cannot hold at its position."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's own signature
        # An alias makes the data a graph whose tree is exponentially larger than the text ("billion laughs"):
        # whatever walks it later (a check, a copy, a cache in JSON) would run out of time or memory.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasError("*" + str(event.anchor), event.start_mark.index)
        return super().compose_node(parent, index)

    def construct_object(self, node, deep=False):  # noqa: ANN001, ANN201
        try:
            return super().construct_object(node, deep)
        except (ValueError, ArithmeticError, TypeError) as error:
            # An int of more than 4,300 digits, a date such as 2021-13-45: PyYAML lets Python's error through.
            raise yaml.constructor.ConstructorError(None, None, f"cannot read this value ({_short(str(error))})",
                                                    node.start_mark) from None


def _key_offsets(node: yaml.Node | None) -> dict[str, int]:
    """Where each top-level key of the front matter starts (its first occurrence), by its text."""
    offsets: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                offsets.setdefault(key.value, key.start_mark.index)
    return offsets


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- spans ----------------------------------------------------------------------------------------------------


class _LineIndex:
    """Line and column (both 1-based) of an offset into the body, in O(log n).

    Built on the first question: the scan tracks the line of every span itself, so a clean file never needs it.
    """

    def __init__(self, body: str, first_line: int) -> None:
        self.body = body
        self.starts: list[int] | None = None
        self.first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        if self.starts is None:
            self.starts = [0] + [m.end() for m in re.finditer("\n", self.body)]
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1


#: A span found by the scan: answer, type, attributes (as _attributes returns them), start and end in the plain
#: text, line and column of its '['.
_Span = tuple[str, str, tuple, int, int, int, int]


def _scan(body: str, path: str, lines: _LineIndex, problems: list[Problem]) -> tuple[str, list[_Span], int]:
    """The article as plain text (tags replaced by their text), the spans found in it, and how many of the errors
    reported are a broken span's second or later (so errors less these count the spans left out)."""
    repeated = 0
    pieces: list[str] = []
    emit = pieces.append
    length = 0  # of the plain text so far
    spans: list[_Span] = []
    add_span = spans.append
    done = 0
    unclosed: int | None = None  # offset of a '[' that may start a span nobody closed
    explained: int | None = None  # offset of a ']' whose broken span was already reported
    paragraphs: _Paragraphs | None = None  # only needed around brackets that are not spans
    # Attribute lists repeat ("{.person}"): each distinct one is read once. Only lists read without a problem are
    # remembered, so every broken one is still reported at its own position.
    known: dict[str, tuple] = {}
    # The line of each span is counted on from the previous one, so finding it costs nothing like a search.
    line, line_start, counted = lines.first_line, 0, 0
    count, rfind = body.count, body.rfind
    emphasis = _EMPHASIS.sub

    for match in _TOKEN.finditer(body):
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
                text = _unescape(text)
            if "*" in text or "`" in text or "_" in text or _LINE_START in text:
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
                    attrs = (type_, _split(value) if key == "accept" else (), _split(value) if key == "wrong" else (),
                             value or None if key == "hint" else None, value or None if key == "ask" else None,
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
            add_span((answer, attrs[0], attrs, plain_start, length, line, column))
        elif kind == "escape":
            emit(match.group()[1])
            length += 1
        elif kind == "link":
            text = _unescape(match.group("text"))
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
        line, column = lines.position(first_quote)  # type: ignore[arg-type]  # set with the first quote
        problems.append(Problem(path, line, column, 'unterminated quote — close the attribute value with "'))
    else:
        line, column = lines.position(brace)
        problems.append(Problem(path, line, column, "unterminated span: '{' is not closed on its line — end the "
                                "attributes with '}', with no line breaks inside"))
    return close


def _attributes(raw: str, offset: int, path: str, lines: _LineIndex,
                problems: list[Problem]) -> tuple[str, tuple[str, ...], tuple[str, ...], str | None, str | None,
                                                  str | None] | None:
    """The type and attributes of ``{.type key="value"}`` as (type, accept, wrong, hint, ask, is), or None after
    reporting what is wrong."""
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
                values[key] = " ".join((_unescape(value) if "\\" in value else value).split())
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
    return (classes[0], _split(get("accept")), _split(get("wrong")), get("hint") or None, get("ask") or None,
            get("is") or None)


def _at(lines: _LineIndex, offset: int, match: re.Match) -> tuple[int, int]:
    """Line and column of an attribute's first non-blank character (looked up only to report a problem)."""
    whole = match.group()
    return lines.position(offset + match.start() + len(whole) - len(whole.lstrip()))


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split("|") if part.strip()))


# --- facts ----------------------------------------------------------------------------------------------------


def _facts(plain: str, spans: list[_Span], path: str) -> list[Fact]:
    """Turn spans into facts, each with the sentence it stands in.

    A sentence is cleaned once for all the facts in it when that gives exactly what _clean_sentence gives around
    each of them (see _cleaned); otherwise, and for a long sentence cut to a window around each fact, per fact.
    """
    boundaries = _sentence_boundaries(plain, spans)
    facts: list[Fact] = []
    add = facts.append
    index = 0
    current = -1  # start of the sentence whose cleaned form is at hand
    raw = ""
    sentence: str | None = None
    marked = False
    previous = ""  # the sentence before the current one, for what its pronouns refer to
    for answer, type_, attrs, plain_start, plain_end, line, column in spans:
        while boundaries[index + 1] <= plain_start:
            index += 1
        start, end = boundaries[index], boundaries[index + 1]
        if start != current:
            before = plain[boundaries[index - 1]:start] if index else ""
            previous = " ".join(_EMPHASIS.sub("", before[-_LONGEST_SENTENCE:]).split())
        offset_start, offset_end = plain_start - start, plain_end - start
        if end - start > _LONGEST_SENTENCE:  # keep the cost per fact bounded: a window around it
            start = max(start, plain.rfind(" ", start, max(start, plain_start - _LONGEST_SENTENCE // 2)) + 1)
            cut = plain.find(" ", min(end, plain_end + _LONGEST_SENTENCE // 2), end)
            end = end if cut == -1 else cut
            source = _source(path, line, *_clean_sentence(plain[start:end], plain_start - start, plain_end - start),
                             previous)
        else:
            if start != current:
                current, raw = start, plain[start:end]
                sentence, marked = _cleaned(raw)
            if marked:  # the marks before the fact and inside it are not in the sentence
                marks_before = _marks(raw, 0, offset_start)
                offset_end -= marks_before + _marks(raw, offset_start, offset_end)
                offset_start -= marks_before
            if sentence is not None and offset_end - offset_start == len(answer):
                source = _source(path, line, sentence, offset_start, offset_end, previous)
            else:  # an irregular sentence, or the fact's text starts or ends with a space
                source = _source(path, line, *_clean_sentence(raw, plain_start - start, plain_end - start), previous)
        add(_fact(answer, type_, source, column, *attrs[1:]))
    return facts


def _cleaned(raw: str) -> tuple[str | None, bool]:
    """The sentence as _clean_sentence gives it for any fact in it, if that is the same for all of them, and
    whether emphasis marks were dropped from it.

    That holds when the emphasis marks in it are only '*', '`' and line-start marks, which go wherever they are
    ('_' counts only next to certain characters, so cutting the text around a fact can change what it does), and
    its spaces are single plain spaces or line breaks, so that squeezing them moves no fact. Then a fact that
    neither starts nor ends with a space is found in the cleaned sentence at its own offset less the marks before
    it, whatever else is in the sentence.
    """
    if "_" in raw:
        return None, False
    marked = "*" in raw or "`" in raw or _LINE_START in raw
    if marked:
        raw = raw.replace("*", "").replace("`", "").replace(_LINE_START, "")
    sentence = raw.rstrip().replace("\n", " ")
    # No space first or two in a row, and none but " " (every other whitespace character is unprintable).
    if sentence[:1] == " " or "  " in sentence or not sentence.isprintable():
        return None, marked
    return sentence, marked


def _marks(raw: str, start: int, end: int) -> int:
    """How many emphasis marks ('*', '`', line-start marks) there are in raw[start:end]."""
    return raw.count("*", start, end) + raw.count("`", start, end) + raw.count(_LINE_START, start, end)


def _sentence_boundaries(plain: str, spans: list[_Span]) -> list[int]:
    """Where sentences start, never inside a span ("[St. Petersburg]" is one answer in one sentence)."""
    boundaries = [0]
    inside = 0  # index of the first span that may still contain a boundary
    count = len(spans)
    for match in _SENTENCE_END.finditer(plain):
        at = match.end()
        begin = match.start("end")
        if begin < 0:  # a blank line or a line mark
            begin = match.start()
        while inside < count and spans[inside][4] <= begin:
            inside += 1
        if inside < count and spans[inside][3] < at and begin < spans[inside][4]:
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


def _wrong_is_right(facts: list[Fact], path: str) -> list[Problem]:
    """Warn about a wrong= option that is the answer or an accept= form in other words ("seven hundred" for 700):
    right when typed, it would be marked wrong when picked. (The generator never offers it.)"""
    warnings = []
    judged: dict[tuple, list[str]] = {}  # the same tag repeats: each distinct one is judged once
    for fact in facts:
        if not fact.wrong:
            continue
        key = (fact.answer, fact.accept, fact.wrong)
        if key not in judged:
            answers = (fact.answer, *fact.accept)
            judged[key] = [w for w in fact.wrong if _same_answer(w, answers)]
        for wrong in judged[key]:
            warnings.append(Problem(path, fact.source.line, fact.column, f"wrong option '{wrong}' is the answer "
                                    f"'{fact.answer}' in other words, so it would be marked wrong when picked — "
                                    "remove it from wrong=", "warning"))
    return warnings


def _same_answer(option: str, answers: tuple[str, ...]) -> bool:
    """Whether typing ``option`` would be graded right when ``answers`` are the right ones, typos aside.

    An option that is the answer in other words ("paris" for "Paris", "seven hundred" for "700") is right when
    typed, so offering it as a wrong option would mark a right answer wrong. The grader decides, as it does for a
    typed answer; a numeric type turns its typo allowance off (a near miss is a fair wrong option).
    """
    if not answers:
        return False
    probe = Question(id="", kind="fill", prompt="", options=(), answer=answers[0], accepted=tuple(answers[1:]),
                     type="number", hint=None, source=_NOWHERE)
    return grade(probe, option).correct


_NOWHERE = Source("", 0, "")


def _thin_types(facts: list[Fact], pools: dict[str, tuple[str, ...]], path: str) -> list[Problem]:
    """Warn, once per type, about a type with too few distinct answers to fill a 4-option question."""
    # A type stops being looked at once its own answers are enough, so a long article costs one look per fact.
    answers: dict[str, set[str]] = {}
    enough: set[str] = set(NUMERIC_TYPES)
    for fact in facts:
        type_ = fact.type
        if type_ in enough:
            continue
        seen = answers.get(type_)
        if seen is None:
            seen = answers[type_] = set()
        seen.add((fact.alias_of or fact.answer).casefold())
        if len(seen) >= OPTIONS:
            enough.add(type_)
    warnings = []
    for type_, seen in answers.items():  # in the order the types first appear, as before
        if type_ in enough:
            continue
        candidates = seen | {p.casefold() for p in pools.get(type_, ())}
        if len(candidates) >= OPTIONS:
            continue
        members = [f for f in facts if f.type == type_]
        lacking = next((f for f in members if len(candidates | {w.casefold() for w in f.wrong}) < OPTIONS), None)
        if lacking is not None:
            warnings.append(Problem(
                path, lacking.source.line, lacking.column,
                f"type '{type_}' has only {plural(len(candidates), 'candidate answer')}, too few for a "
                f"{OPTIONS}-option "
                f"question — add wrong answers under 'distractors: {type_}:' in the front matter or wrong=\"...\"",
                "warning",
            ))
    return warnings


# --- building the dataclasses ---------------------------------------------------------------------------------
# A long article makes hundreds of thousands of Facts and Sources. A frozen dataclass's __init__ writes each field
# through object.__setattr__; writing the slots directly gives the same objects for a fraction of the cost. Done
# only while the classes are what this code expects (slotted, these fields, no __post_init__), else __init__.


def _slot_writers(cls: type, names: tuple[str, ...]) -> tuple | None:
    fields = tuple(f.name for f in dataclasses.fields(cls))
    if fields != names or hasattr(cls, "__post_init__") or "__slots__" not in vars(cls):
        return None
    return tuple(vars(cls)[name].__set__ for name in names)


_SOURCE_FIELDS = ("path", "line", "sentence", "start", "end", "previous")
_FACT_FIELDS = ("answer", "type", "source", "column", "accept", "wrong", "hint", "ask", "alias_of")
_source_writers = _slot_writers(Source, _SOURCE_FIELDS)
_fact_writers = _slot_writers(Fact, _FACT_FIELDS)

if _source_writers is not None and _fact_writers is not None:
    _new = object.__new__
    _set_path, _set_line, _set_sentence, _set_start, _set_end, _set_previous = _source_writers
    (_set_answer, _set_type, _set_source, _set_column, _set_accept, _set_wrong, _set_hint, _set_ask,
     _set_alias_of) = _fact_writers

    def _source(path: str, line: int, sentence: str, start: int, end: int, previous: str) -> Source:
        source = _new(Source)
        _set_path(source, path)
        _set_line(source, line)
        _set_sentence(source, sentence)
        _set_start(source, start)
        _set_end(source, end)
        _set_previous(source, previous)
        return source

    def _fact(answer: str, type_: str, source: Source, column: int, accept: tuple[str, ...], wrong: tuple[str, ...],
              hint: str | None, ask: str | None, alias_of: str | None) -> Fact:
        fact = _new(Fact)
        _set_answer(fact, answer)
        _set_type(fact, type_)
        _set_source(fact, source)
        _set_column(fact, column)
        _set_accept(fact, accept)
        _set_wrong(fact, wrong)
        _set_hint(fact, hint)
        _set_ask(fact, ask)
        _set_alias_of(fact, alias_of)
        return fact

else:  # pragma: no cover - the model changed: the plain constructors, by keyword

    def _source(path: str, line: int, sentence: str, start: int, end: int, previous: str) -> Source:
        return Source(path=path, line=line, sentence=sentence, start=start, end=end, previous=previous)

    def _fact(answer: str, type_: str, source: Source, column: int, accept: tuple[str, ...], wrong: tuple[str, ...],
              hint: str | None, ask: str | None, alias_of: str | None) -> Fact:
        return Fact(answer=answer, type=type_, source=source, column=column, accept=accept, wrong=wrong, hint=hint,
                    ask=ask, alias_of=alias_of)
