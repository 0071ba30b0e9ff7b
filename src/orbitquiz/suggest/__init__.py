"""`orbitquiz suggest`: a reader in reverse. A plain (or partly tagged) article in, a tagged article out.

    suggestion = suggest_text(text, "first-film.txt")   # the article split up, with its candidate spans
    tagged = suggestion.write()                          # the tagged Markdown, front matter and all

The article is split the way the tagged reader splits it (its TOKEN pattern): text, spans a teacher already made,
links and escapes. Candidates are found in the plain text the reader would see, and only in plain text: a teacher's
span, a link or a heading is never touched, so suggesting again keeps every tag the teacher made or edited, and
suggesting twice gives the same file. Every span written is text of the article at its place: nothing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from orbitquiz.model import OPTIONS, Problem
from orbitquiz.readers import tagged
from orbitquiz.readers.common import line_breaks
from orbitquiz import gazetteer
from orbitquiz.suggest.finder import Candidate, find

__all__ = ["Candidate", "Suggestion", "SuggestError", "suggest_text"]

_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


class SuggestError(Exception):
    """The article cannot be suggested for (its front matter is broken): the problems, path:line:column."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class _Piece:
    raw: str  # as in the file
    plain: str  # as the reader reads it
    start: int  # of plain, in the whole plain text
    kind: str  # "text", or "kept" for a span, link or escape


@dataclass(slots=True)
class Suggestion:
    """An article with its candidate spans, which a teacher may change before it is written."""

    meta: dict
    pieces: list[_Piece]
    plain: str
    candidates: list[Candidate]
    teacher_types: dict[str, str] = field(default_factory=dict)  # answer -> type of the spans already there
    front: str | None = None  # the teacher's front matter as written, "---" lines included
    blocked: list[tuple[int, int]] = field(default_factory=list)  # headings and the title line: no span there

    def write(self) -> str:
        """The tagged article: front matter (a pool of real wrong answers for each closed type that lacks them),
        then the body with every candidate as a span."""
        return self.write_front_matter() + self._body()

    def save(self, path: Path) -> None:
        """Write the tagged article to ``path``, all of it or none: a teacher's earlier file is never left half
        overwritten."""
        partial = path.with_name(path.name + ".partial")
        partial.write_text(self.write(), encoding="utf-8")
        partial.replace(path)

    def write_front_matter(self) -> str:
        """The teacher's own front matter as written (comments and all) with any new pools added to it, or one
        made for the article: title, source, language and pools."""
        new = self._new_pools()
        if self.front is not None:
            if not new:
                return self.front
            added = _with_pools(self.front, new)
            if added is not None:
                return added
        meta = dict(self.meta)
        pools = {**{k: list(v) for k, v in (meta.get("distractors") or {}).items()}, **new}
        if pools:
            meta["distractors"] = pools
        else:
            meta.pop("distractors", None)
        front = yaml.dump(meta, Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True, width=1000)
        return "---\n" + front + "---\n"

    def _new_pools(self) -> dict[str, list[str]]:
        """Pools of real wrong answers for the closed types with too few answers here and no pool yet."""
        pools = self.meta.get("distractors") or {}
        answers: dict[str, list[str]] = {}
        for type_, answer in [*((t, a) for a, t in self.teacher_types.items()),
                              *((c.type, c.alias_of or c.text) for c in self.candidates)]:
            bucket = answers.setdefault(type_, [])
            if answer.casefold() not in {a.casefold() for a in bucket}:
                bucket.append(answer)
        new = {}
        for type_ in gazetteer.CLOSED_TYPES:
            own = answers.get(type_, [])
            if own and type_ not in pools and len(own) < OPTIONS:
                extra = gazetteer.pool(type_, own)
                if extra:
                    new[type_] = extra
        return new

    def _body(self) -> str:
        out: list[str] = []
        spans = sorted(self.candidates, key=lambda c: c.start)
        index = 0
        for piece in self.pieces:
            if piece.kind != "text":
                out.append(piece.raw)
                continue
            at = 0  # in piece.plain
            while index < len(spans) and spans[index].start < piece.start + len(piece.plain):
                span = spans[index]
                local = span.start - piece.start
                out.append(_escape(piece.plain[at:local]))
                out.append(_span(span, piece.plain[local:local + span.end - span.start]))
                at = local + span.end - span.start
                index += 1
            out.append(_escape(piece.plain[at:]))
        return "".join(out)

    def retype(self, candidate: Candidate, type_: str) -> None:
        """The span and every span of the same person or thing (its surnames linked with is=, or the full name
        and the other surnames of a surname) get the new type: one name has one type in one article."""
        name = candidate.alias_of or candidate.text
        for other in list(self.candidates):
            if other is candidate or other.alias_of == name or (other.alias_of is None and other.text == name):
                self._swap(other, replace(other, type=type_))

    def free_word(self, after: int, step: int = 1) -> tuple[int, int] | None:
        """The nearest word of free plain text (no span, link, heading or title line) starting after ``after``
        (``step`` 1) or ending before it (-1), round the article's end; None if there is none."""
        words = self._free_words()
        if not words:
            return None
        if step > 0:
            return next((w for w in words if w[0] >= after), words[0])
        return next((w for w in reversed(words) if w[1] <= after), words[-1])

    def grown(self, start: int, end: int, side: str = "right",
              ignore: Candidate | None = None) -> tuple[int, int] | None:
        """The range grown by the next word of the article on that side ("right" or "left"), if that word is free
        plain text on the same line; None when it cannot grow. ``ignore``: the span being grown."""
        piece = next((p for p in self.pieces if p.kind == "text" and p.start <= start < p.start + len(p.plain)), None)
        if piece is None:
            return None
        here = Candidate(start, end, self.plain[start:end], "")
        if side == "right":
            wider = _grow_right(self.plain, here, piece.start + len(piece.plain))
        else:
            wider = _grow_left(self.plain, here, piece.start)
        if wider == (start, end) or "\n" in self.plain[wider[0]:wider[1]] or not self._free(*wider, ignore):
            return None
        return wider

    def add(self, start: int, end: int, type_: str) -> Candidate:
        """A span the teacher marked: the article's own text at that place, typed by the teacher. ValueError if
        the range is not free plain text on one line."""
        text = self.plain[start:end]
        if not text.strip() or text != text.strip() or "\n" in text or not self._free(start, end) or \
                not any(p.kind == "text" and p.start <= start and end <= p.start + len(p.plain) for p in self.pieces):
            raise ValueError(f"no span can be made of {text!r} here")
        candidate = Candidate(start, end, text, type_)
        self.candidates.append(candidate)
        return candidate

    def _free(self, start: int, end: int, ignore: Candidate | None = None) -> bool:
        taken = [(c.start, c.end) for c in self.candidates if c is not ignore] + self.blocked
        return all(end <= s or start >= e for s, e in taken)

    def _free_words(self) -> list[tuple[int, int]]:
        words = []
        for piece in self.pieces:
            if piece.kind != "text":
                continue
            for match in _A_WORD.finditer(piece.plain):
                start, end = piece.start + match.start(), piece.start + match.end()
                if self._free(start, end):
                    words.append((start, end))
        return words

    def drop(self, candidate: Candidate) -> None:
        self.candidates.remove(candidate)

    def widen(self, candidate: Candidate, side: str = "right") -> Candidate:
        """The span grown by the next word of the article on that side ("right" or "left"), if that word is free
        plain text on the same line; the same candidate when it cannot grow."""
        grown = self.grown(candidate.start, candidate.end, side, ignore=candidate)
        if grown is None:
            return candidate
        start, end = grown
        wider = replace(candidate, start=start, end=end, text=self.plain[start:end], accept=())
        self._swap(candidate, wider)
        return wider

    def line_of(self, candidate: Candidate) -> int:
        """The line of the written file the candidate's span is on."""
        front = self.write_front_matter().count("\n")
        return front + self.plain.count("\n", 0, candidate.start) + 1

    def _swap(self, old: Candidate, new: Candidate) -> None:
        self.candidates[self.candidates.index(old)] = new


#: A word as the teacher marks one: letters and digits, without the punctuation around them.
_A_WORD = re.compile(r"[^\W_](?:[^\s\[\]\\{}*_`~]*[^\W_])?")  # Markdown's marks are no part of a word
_DISTRACTORS_LINE = re.compile(r"^distractors:[ \t]*(?:#.*)?\n", re.MULTILINE)


def _with_pools(front: str, pools: dict[str, list[str]]) -> str | None:
    """The teacher's front matter with pools added as lines of its own: under its 'distractors:' block, or in a new
    one at the end. None when that cannot be done as lines (a flow-style mapping) or YAML would read it otherwise."""
    lines = "".join(yaml.dump({k: v}, Dumper=_FrontMatterDumper, allow_unicode=True, width=1000) for k, v in
                    pools.items())
    inner = front[4:-4]  # between the "---" lines
    block = _DISTRACTORS_LINE.search(inner)
    if block is None:
        if re.search(r"^distractors\s*:", inner, re.MULTILINE):
            return None  # a flow mapping or an odd spelling: written afresh instead
        result = inner + "distractors:\n" + "".join("  " + line for line in lines.splitlines(keepends=True))
    else:
        following = inner[block.end():].split("\n", 1)[0]
        indent = following[: len(following) - len(following.lstrip(" "))] or "  "
        result = inner[:block.end()] + "".join(indent + line for line in lines.splitlines(keepends=True)) + \
            inner[block.end():]
    try:
        read = yaml.safe_load(result) or {}
    except yaml.YAMLError:
        return None
    expected = {k: list(v) for k, v in pools.items()}
    got = read.get("distractors") if isinstance(read, dict) else None
    if not isinstance(got, dict) or any(got.get(k) != v for k, v in expected.items()):
        return None
    return "---\n" + result + "---\n"


class _FrontMatterDumper(yaml.SafeDumper):
    """Block style for the keys, a list on one line (`craft: [Progress, Dragon]`), as teachers write them."""


_FrontMatterDumper.add_representer(
    list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


#: Punctuation and Markdown marks around a word, which a span grown by that word leaves outside.
_AROUND_WORDS = ".,;:!?“”‘’\"'()"


def _grow_right(plain: str, candidate: Candidate, limit: int) -> tuple[int, int]:
    # The next word, if nothing but a space stands between (no "*", quote or bracket would be cut in two).
    match = re.match(r" ?([^\s\[\]\\{}*_`~]+)", plain[candidate.end:limit])
    if not match or not match.group(1)[0].isalnum():
        return candidate.start, candidate.end
    return candidate.start, candidate.end + len(match.group().rstrip(_AROUND_WORDS))


def _grow_left(plain: str, candidate: Candidate, limit: int) -> tuple[int, int]:
    match = re.search(r"([^\s\[\]\\{}*_`~]+) ?\Z", plain[limit:candidate.start])
    if not match or not match.group(1)[-1].isalnum():
        return candidate.start, candidate.end
    return candidate.start - len(match.group().lstrip(_AROUND_WORDS)), candidate.end


def _escape(text: str) -> str:
    # Brackets in plain text become escapes, so that no "[" or "]{" is ever read as a broken span.
    return text.replace("[", "\\[").replace("]", "\\]")


def _span(candidate: Candidate, text: str) -> str:
    attributes = [f".{candidate.type}"]
    if candidate.alias_of:
        attributes.append(f'is="{_quote(candidate.alias_of)}"')
    if candidate.accept:
        attributes.append(f'accept="{_quote("|".join(candidate.accept))}"')
    return f"[{text}]{{{' '.join(attributes)}}}"


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def suggest_text(text: str, path: str) -> Suggestion:
    """The article's candidate spans; raises SuggestError if the article's own front matter is broken."""
    text = line_breaks(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    front = None
    if text.startswith("---\n"):
        meta, body, problems = tagged.split_front_matter(text, path)
        if meta is None:
            raise SuggestError([p for p in problems if p.severity == "error"])
        front = text[: len(text) - len(body)]
        if not front.endswith("\n"):  # the file ends at the closing "---"
            front += "\n"
        meta["distractors"] = {k: list(v) for k, v in meta.get("distractors", {}).items()}
    else:
        meta, body = {}, text
    meta = {"title": meta.get("title") or _title(body, path), "source": meta.get("source") or Path(path).name,
            "language": meta.get("language") or "en", **{k: v for k, v in meta.items()
                                                          if k not in ("title", "source", "language")}}
    if not meta.get("distractors"):
        meta.pop("distractors", None)
    pieces, blocked, spans, teacher_types = _split(body)
    plain = "".join(p.plain for p in pieces)
    first = re.match(r"\s*([^\n]*)", plain)
    if first and " ".join(first.group(1).strip(" *_`#>-").split()) == meta["title"]:
        blocked.append(first.span(1))  # the title on a line of its own is a heading: no fact to ask
    candidates = [_teacher_typed(c, teacher_types) for c in find(plain, blocked, spans)]
    return Suggestion(meta, pieces, plain, candidates, teacher_types, front, blocked)


def _teacher_typed(candidate: Candidate, teacher_types: dict[str, str]) -> Candidate:
    # A name the teacher tagged elsewhere keeps the teacher's type here too.
    type_ = teacher_types.get(candidate.alias_of or candidate.text)
    return candidate if type_ is None or type_ == candidate.type else replace(candidate, type=type_)


def _split(body: str) -> tuple[list[_Piece], list[tuple[int, int]], list[tuple[int, int]], dict[str, str]]:
    """The body as pieces; the plain ranges no suggestion may touch: links, escapes and headings, then the
    teacher's spans; the types of the teacher's spans by answer."""
    pieces: list[_Piece] = []
    blocked: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    teacher_types: dict[str, str] = {}
    length = done = 0

    def text(raw: str) -> None:
        nonlocal length
        if raw:
            pieces.append(_Piece(raw, raw, length, "text"))
            length += len(raw)

    for match in tagged.TOKEN.finditer(body):
        text(body[done:match.start()])
        done = match.end()
        kind = match.lastgroup
        if kind == "attrs":
            plain = tagged.unescape(match.group("text"))
            type_ = match.group("attrs").strip().split()[0:1]
            if not (type_ and type_[0].startswith(".")):
                text(tagged.unescape(match.group()))  # "[ ]{ }" tags nothing: its text, escaped when written
                continue
            teacher_types.setdefault(" ".join(plain.split()), type_[0][1:])
        elif kind == "link":
            plain = tagged.unescape(match.group("text"))
        elif kind == "escape":
            plain = match.group()[1]
        else:  # a lone "[" or "]{": plain text, escaped when written
            text(match.group())
            continue
        pieces.append(_Piece(match.group(), plain, length, "kept"))
        (spans if kind == "attrs" else blocked).append((length, length + len(plain)))
        length += len(plain)
    text(body[done:])
    plain = "".join(p.plain for p in pieces)
    blocked.extend((m.start(), m.end()) for m in _HEADING.finditer(plain))
    return pieces, blocked, spans, teacher_types


def _title(body: str, path: str) -> str:
    """The first heading, else the first line if it is short enough to be a title, else the file's name."""
    heading = _HEADING.search(body)
    if heading:
        title = " ".join(heading.group(1).strip(" *_`").split())
        if title:
            return title
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    first = " ".join(first.strip(" *_`#>-").split())
    if first and len(first) <= 100 and not first.endswith((".", ",", ";", ":")):
        return first
    name = " ".join(Path(path).stem.replace("-", " ").replace("_", " ").split()).capitalize()
    return name or "Untitled article"
