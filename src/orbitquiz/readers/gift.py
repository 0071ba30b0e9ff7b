"""Moodle's GIFT format: a reader that follows Moodle's own importer (qformat_gift), and a writer.

    // Questions are separated by blank lines.
    $CATEGORY: Space race/Firsts

    ::Gagarin:: Who was the first human in space? {
        =Yuri Gagarin#Right: Vostok 1, 12 April 1961.
        ~Alan Shepard#He was the first American, three weeks later.
        ~%50%Gagarin#Give his full name.
        ####He orbited Earth once, in 108 minutes.
    }

    The first satellite, {=Sputnik 1 ~Explorer 1}, was launched in 1957.
    Apollo 13 landed on the Moon.{F}
    How many minutes did Vostok 1 fly? {#108:2}

Multiple choice, short answer, true/false and numeric questions become ready-made Questions; matching, essay,
description and multiple-answer questions are skipped with a warning. Every error is reported with the line and
column of the character at fault, all of them at once, as ``what is wrong — how to fix it``; a question with an
error is left out and the others still play (PackError.pack). Short answers may use Moodle's ``*`` wildcard
(AnswerKey.pattern); text in Moodle's default format is HTML, shown as text.

Moodle's importer works on the text of a question with its escapes (``\\{``) replaced by placeholders; here each
question becomes a ``_Src``: the text with escapes resolved, a mask in which escaped characters can never match
GIFT's special characters, and the file offset of every character, so every error can point at its character.

The writer produces GIFT that Moodle imports and that this reader reads back to the same questions. What GIFT
cannot say (a hint, a fact id, the sentence a question came from) travels in a comment Moodle ignores::

    // orbitquiz: {"hint": "Think of Vostok"}
"""

from __future__ import annotations

import bisect
import dataclasses
import html
import json
import math
import re
from collections.abc import Iterable
from typing import Any, overload
from decimal import Decimal
from html.parser import HTMLParser

from orbitquiz.model import BLANK, AnswerKey, Kind, Pack, Problem, Question, Source
from orbitquiz.readers.common import answer_key, digest, finish, pack_title
from orbitquiz.selections import answer_text

#: Question.type of questions before any ``$CATEGORY:`` line (and of a category that names only the root).
DEFAULT_TYPE = "gift"
FORMATS = ("moodle", "html", "plain", "markdown")
#: The characters a backslash escapes, as Moodle's ``escapedchar_pre`` lists them (plus ``\\n``, a line break).
ESCAPABLE = "~=#{}:\\"
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
META_PREFIX = "orbitquiz:"
#: Moodle reads ``->`` in a short-answer block as a matching question; the writer breaks it with a word joiner.
_ARROW, _SAFE_ARROW = "->", "-\u2060>"
_TITLE_COMMENT = re.compile(r"//\s*title\s*:\s*(.*)\Z", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_WEIGHT_LIKE = re.compile(r"%\s*[-+]?[\d.]")
_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")
_ROOT_CONTEXT = re.compile(r"\$[a-z]+\$\Z")
#: A star that is Moodle's short-answer wildcard (``\\*`` is a plain asterisk).
_WILDCARD = re.compile(r"(?<!\\)\*")


# --- positions and escapes ------------------------------------------------------------------------------------


class _Offsets:
    """The file offset of every character of a question's text, stored as runs: a list of one int per character
    took 36 bytes a character (a 50 MB question needed 1.8 GB, twice over with escapes). A run starts at each
    line and at each escape; ``offsets[i]`` and slices (which share the runs) work as on a list.
    """

    __slots__ = ("bases", "high", "low", "starts")

    def __init__(self, starts: list[int], bases: list[int], low: int, high: int) -> None:
        #: Index (into the whole text) where each run begins, and the file offset of that character.
        self.starts, self.bases, self.low, self.high = starts, bases, low, high

    @classmethod
    def contiguous(cls, offset: int, length: int) -> _Offsets:
        return cls([0], [offset], 0, length)

    def __len__(self) -> int:
        return self.high - self.low

    @overload
    def __getitem__(self, item: int) -> int: ...

    @overload
    def __getitem__(self, item: slice) -> _Offsets: ...

    def __getitem__(self, item: int | slice) -> _Offsets | int:
        if isinstance(item, slice):
            start, stop, _ = item.indices(len(self))  # only steps of 1 are ever taken
            return _Offsets(self.starts, self.bases, self.low + start, self.low + max(start, stop))
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError(item)
        index = self.low + item
        run = bisect.bisect_right(self.starts, index) - 1
        return self.bases[run] + index - self.starts[run]


class _Src:
    """Part of a question: text with escapes resolved, a mask of active characters, and file offsets.

    ``mask`` is ``text`` with every escaped character replaced by NUL, so searching the mask for ``{`` finds only
    braces that mean something. Slicing keeps the three aligned.
    """

    __slots__ = ("anchor", "mask", "pos", "text")

    def __init__(self, text: str, mask: str, pos: _Offsets, anchor: int = 0) -> None:
        self.text, self.mask, self.pos = text, mask, pos
        #: Where the text would be if it is empty (a missing number after '..' is reported there).
        self.anchor = pos[0] if pos else anchor

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, item: slice) -> _Src:
        start = item.indices(len(self.pos))[0]
        anchor = self.pos[start] if start < len(self.pos) else (self.pos[-1] + 1 if self.pos else self.anchor)
        return _Src(self.text[item], self.mask[item], self.pos[item], anchor)

    def strip(self) -> _Src:
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        return self[start:max(start, end)]

    def find(self, sub: str, start: int = 0, end: int | None = None) -> int:
        return self.mask.find(sub, start, len(self.mask) if end is None else end)

    def at(self, index: int) -> int:
        """The file offset of character ``index`` (the last character's, past the end)."""
        if not self.pos:
            return self.anchor
        return self.pos[min(max(index, 0), len(self.pos) - 1)]

    def flat(self) -> str:
        """The text with the file's own line breaks as spaces; a ``\\n`` escape stays a line break."""
        if "\n" not in self.mask:
            return self.text
        parts, done = [], 0
        for match in re.finditer("\n", self.mask):
            parts.append(self.text[done : match.start()])
            done = match.end()
        parts.append(self.text[done:])
        return " ".join(parts)

    def split_at(self, marks: str) -> list[tuple[int, _Src]]:
        """The pieces that start at each active character in ``marks``, with the offset of that character;
        the piece before the first mark comes first with offset -1."""
        cuts = [i for i, char in enumerate(self.mask) if char in marks]
        pieces = [(-1, self[: cuts[0] if cuts else len(self)])]
        for n, cut in enumerate(cuts):
            pieces.append((cut, self[cut + 1 : cuts[n + 1] if n + 1 < len(cuts) else len(self)]))
        return pieces


_ESCAPE = re.compile(r"\\([~=#{}:\\\\n])")


def _cook(lines: list[tuple[int, int, str]], escapes: bool = True) -> _Src:
    """A question's lines joined by line breaks, with backslash escapes resolved as Moodle does:
    ``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n``; any other backslash stays as it is. An escape never spans
    lines (a line break is not escapable), so each line is cooked on its own."""
    text: list[str] = []
    mask: list[str] = []
    starts: list[int] = []
    bases: list[int] = []
    length = 0

    def run(piece: str, piece_mask: str, offset: int) -> None:
        nonlocal length
        text.append(piece)
        mask.append(piece_mask)
        starts.append(length)
        bases.append(offset)
        length += len(piece)

    for number, (_, offset, line) in enumerate(lines):
        if number:
            text.append("\n")  # continues the previous line's run: its offset is that line's end
            mask.append("\n")
            length += 1
        if not escapes or "\\" not in line:
            run(line, line, offset)
            continue
        done = 0
        for match in _ESCAPE.finditer(line):
            if match.start() > done:
                piece = line[done : match.start()]
                run(piece, piece, offset + done)
            run("\n" if match.group(1) == "n" else match.group(1), "\0", offset + match.start())
            done = match.end()
        if done < len(line):
            piece = line[done:]
            run(piece, piece, offset + done)
    joined = "".join(text)
    return _Src(joined, "".join(mask), _Offsets(starts, bases, 0, length))


class _Lines:
    """Line and column (both 1-based) of a file offset."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


# --- text formats ---------------------------------------------------------------------------------------------


def _split_format(text: str, default: str) -> tuple[str, str]:
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
        return _markdown_text(text)
    if fmt == "moodle":
        return _moodle_text(text)
    return text.strip()


def _render(text: str, flat: str, default: str) -> tuple[str, str]:
    """The format of a piece of text (its ``[format]`` prefix, else ``default``) and what a player sees of it.

    ``flat`` is the same text with the file's line breaks as spaces (``_Src.flat``): Moodle's default format
    reads them so, as HTML does.
    """
    fmt, body = _split_format(text.strip(), default)
    if fmt == "moodle":
        body = _split_format(flat.strip(), default)[1]  # the same cut: flat differs only at line breaks
    return fmt, _plain(body, fmt)


def _moodle_text(text: str) -> str:
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


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.*)$", re.MULTILINE)
_MD_LINE = re.compile(r"^[ \t]*(?:>[ \t]?|[-*+][ \t]+)", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w\\])[*_](?=\S)|(?<=[^\s\\])[*_](?!\w)|`")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _markdown_text(text: str) -> str:
    text = text.replace(BLANK, "\ue001")  # the blank of a missing-word question is not emphasis
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\n\1\n", text)  # a heading is a paragraph of its own
    text = _MD_LINE.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip()).replace("\ue001", BLANK)


# --- reading --------------------------------------------------------------------------------------------------


class _Block:
    """One question's lines: those that are not comments, and the comments."""

    __slots__ = ("comments", "lines")

    def __init__(self) -> None:
        self.lines: list[tuple[int, int, str]] = []  # (line number, offset of the first character, text)
        self.comments: list[tuple[int, int, str]] = []


class _Skip(Exception):
    """A question the game cannot play, or cannot read: its problem is already recorded."""


def read(text: str, path: str) -> Pack:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(text, path)
    questions = reader.run()
    problems = reader.problems
    if not questions and not any(p.severity == "error" for p in problems):
        problems.append(Problem(path, 1, 1, "no playable question in the file — add one, e.g. "
                                "'Who flew first? {=Yuri Gagarin}'"))
    pack = Pack(path=path, title=reader.title or pack_title(path), questions=tuple(questions))
    return finish(pack, problems, reader.left_out)


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.lines = _Lines(text)
        self.problems: list[Problem] = []
        self.title: str | None = None
        self.type = DEFAULT_TYPE
        self.ids: set[str] = set()
        self.suffixes: dict[str, int] = {}  # the next number to try after an id already taken
        self.errors = 0  # problems that are errors, so far
        self.left_out = 0  # questions left out for an error

    # -- reporting

    def problem(self, offset: int, message: str, severity: str = "error") -> None:
        line, column = self.lines.position(offset)
        self.problems.append(Problem(self.path, line, column, message, severity))  # type: ignore[arg-type]
        self.errors += severity == "error"

    def fail(self, offset: int, message: str) -> _Skip:
        self.problem(offset, message)
        return _Skip()

    def skip(self, offset: int, message: str) -> _Skip:
        self.problem(offset, message, "warning")
        return _Skip()

    # -- the file

    def blocks(self) -> Iterable[_Block]:
        block = _Block()
        offset = 0
        for number, raw in enumerate(self.text.split("\n"), start=1):
            stripped = raw.strip()
            if not stripped:
                if block.lines or block.comments:
                    yield block
                    block = _Block()
            else:
                entry = (number, offset + len(raw) - len(raw.lstrip()), stripped)
                (block.comments if stripped.startswith("//") else block.lines).append(entry)
            offset += len(raw) + 1
        if block.lines or block.comments:
            yield block

    def run(self) -> list[Question]:
        questions: list[Question] = []
        seen_question = False
        for block in self.blocks():
            if not seen_question and self.title is None:
                for _, _, comment in block.comments:
                    found = _TITLE_COMMENT.match(comment)
                    if found and found.group(1).strip():
                        self.title = found.group(1).strip()
                        break
            if not block.lines:
                continue
            seen_question = True
            errors = self.errors
            try:
                question = self.question(block)
            except _Skip:
                # A question skipped for an error, not with a warning (a broken $CATEGORY line is no question).
                self.left_out += self.errors > errors and not block.lines[0][2].startswith("$CATEGORY:")
                continue
            if question is not None:
                questions.append(question)
        return questions

    # -- one question

    def question(self, block: _Block) -> Question | None:
        if block.lines[0][2].startswith("$CATEGORY:"):  # Moodle reads the path as it is: no escapes
            self.category(_cook(block.lines, escapes=False))
            return None
        src = _cook(block.lines)
        start = src.at(0)

        title: str | None = None
        if src.mask.startswith("::"):
            close = src.find("::", 2)
            brace = src.find("{", 2, close if close != -1 else None)
            if close == -1 or (brace != -1 and src.find("}", brace, close) != -1):
                raise self.fail(start, "'::' opens a title that is never closed — end the title with '::'")
            title = " ".join(src.text[2:close].split()) or None
            src = src[close + 2 :].strip()

        open_, close_ = src.find("{"), src.find("}")
        if open_ == -1 and close_ == -1:
            raise self.skip(start, "text without answers is a description, skipped — add answers in {...} to "
                            "make it a question")
        if close_ != -1 and (open_ == -1 or close_ < open_):
            raise self.fail(src.at(close_), "'}' has no '{' before it — remove it, or write \\} for a brace")
        if close_ == -1:
            raise self.fail(src.at(open_), "'{' opens answers that are never closed — end them with '}' (a blank "
                            "line ends a question, so none may appear inside its answers)")
        inner = src.find("{", open_ + 1, close_)
        if inner != -1:
            raise self.fail(src.at(inner), "'{' inside the answers — close the answers with '}' first, or write "
                            "\\{ for a brace")
        extra = min((i for i in (src.find("{", close_ + 1), src.find("}", close_ + 1)) if i != -1), default=-1)
        if extra != -1:
            if src.mask[extra] == "{":
                raise self.fail(src.at(extra), "a second answer block — a question has one {...}: split it into "
                                "two questions with a blank line between, or write \\{ for a brace")
            raise self.fail(src.at(extra), "'}' has no '{' before it — remove it, or write \\} for a brace")

        at_end = close_ == len(src) - 1
        question_text = src.text[:open_] + ("" if at_end else BLANK + src.text[close_ + 1 :])
        flat = src.flat()
        flat_text = flat[:open_] + ("" if at_end else BLANK + flat[close_ + 1 :])
        fmt, prompt = _render(question_text, flat_text, "moodle")
        answers = src[open_ + 1 : close_].strip()

        general = answers.mask.rfind("####")
        explanation = None
        if general != -1:
            general_part = answers[general + 4 :]
            explanation = _render(general_part.text, general_part.flat(), fmt)[1] or None
            answers = answers[:general].strip()

        brace_at = src.at(open_)
        mask = answers.mask
        if not mask:
            raise self.skip(start, "essay question ({}) skipped — orbitquiz cannot grade essays; put the answers "
                            "inside the braces to make it a question")
        if not prompt:
            raise self.fail(start, "the question has no text — write the question before its answers")
        common: dict[str, Any] = {"prompt": prompt, "explanation": explanation, "start": start, "fmt": fmt}
        if mask.startswith("#"):
            made = self.numeric(answers, **common)
        elif "~" in mask:
            made = self.choice(answers, brace_at, **common)
        elif "=" in mask and "->" in mask:
            made = self.matching(answers, brace_at, **common)
        else:
            check = answers[: answers.find("#")] if answers.find("#") > 0 else answers
            value = check.strip().text
            if check.strip().mask in TRUE_FALSE:
                made = self.true_false(answers, TRUE_FALSE[value], **common)
            else:
                if value.upper() in TRUE_FALSE and "=" not in check.mask:
                    self.problem(answers.at(0), f"'{{{value}}}' is a short answer '{value}', not true/false — "
                                 "write {T} or {TRUE} in capitals for a true/false question", "warning")
                made = self.short_answer(answers, **common)
        return self.finish(made, title, block)

    def finish(self, question: Question, title: str | None, block: _Block) -> Question:
        base = title or digest(question.prompt)
        id_, n = base, self.suffixes.get(base, 2)
        while id_ in self.ids:
            id_, n = f"{base}.{n}", n + 1
        self.suffixes[base] = n
        self.ids.add(id_)
        changes: dict = {"id": id_, "fact_id": id_}
        meta = self.meta(block)
        if meta:
            changes.update(fact_id=meta.get("fact_id", id_), hint=meta.get("hint"))
            if "accepted" in meta:
                changes["accepted"] = tuple(meta["accepted"])
            source = question.source
            changes["source"] = Source(source.path, source.line, meta.get("sentence", source.sentence),
                                       meta.get("start"), meta.get("end"))
        return _replace(question, **changes)

    def meta(self, block: _Block) -> dict:
        """What the writer kept in an ``// orbitquiz: {...}`` comment; a comment it cannot read is ignored."""
        for _, offset, comment in block.comments:
            body = comment[2:].strip()
            if not body.startswith(META_PREFIX):
                continue
            try:
                meta = json.loads(body[len(META_PREFIX) :])
            except (ValueError, RecursionError):
                meta = None
            if isinstance(meta, dict) and _valid_meta(meta):
                return meta
            self.problem(offset, "cannot read the 'orbitquiz:' comment, ignored — it holds one line of JSON "
                         "written by orbitquiz; remove it or export the pack again", "warning")
        return {}

    def category(self, src: _Src) -> None:
        newline = src.text.find("\n")
        if newline != -1:
            raise self.fail(src.at(newline + 1), "'$CATEGORY:' must stand alone — add a blank line after it")
        path = src.text[len("$CATEGORY:") :].strip()
        if not path:
            raise self.fail(src.at(0), "'$CATEGORY:' names no category — write a path, e.g. "
                            "$CATEGORY: Space race/Firsts")
        names = [name.strip().replace("//", "/") for name in _CATEGORY_SPLIT.split(path)]
        if names and _ROOT_CONTEXT.match(names[0]):
            names = names[1:]
        if names and names[0] == "top":
            names = names[1:]
        self.type = names[-1] if names and names[-1] else DEFAULT_TYPE

    def base(self, kind: Kind, prompt: str, answer: str, start: int, explanation: str | None, **fields) -> Question:
        line, _ = self.lines.position(start)
        return Question(id="", kind=kind, prompt=prompt, options=fields.pop("options", ()), answer=answer,
                        accepted=fields.pop("accepted", ()), type=self.type, hint=None,
                        source=Source(self.path, line, prompt), explanation=explanation, **fields)

    # -- answers

    def weight(self, piece: _Src, default: float) -> tuple[float, _Src]:
        """A leading ``%50%`` weight as a credit (0.5), and the rest of the answer."""
        found = _WEIGHT.match(piece.mask)
        if found is None:
            if _WEIGHT_LIKE.match(piece.mask):
                raise self.fail(piece.at(0), "cannot read the weight — write it between percent signs right "
                                "before the answer, e.g. ~%50%Paris")
            return default, piece
        value = Decimal(found.group(1))
        if not -100 <= value <= 100:
            raise self.fail(piece.at(0), f"weight {found.group(1)}% is out of range — use a value from -100 to 100")
        return float(value / 100), piece[found.end() :].strip()

    def feedback(self, piece: _Src) -> tuple[_Src, _Src | None]:
        hash_ = piece.find("#")
        if hash_ == -1:
            return piece, None
        return piece[:hash_].strip(), piece[hash_ + 1 :].strip()

    @staticmethod
    def formatted(piece: _Src | None, fmt: str) -> str | None:
        if piece is None:
            return None
        return _render(piece.text, piece.flat(), fmt)[1] or None

    def choice(self, answers: _Src, brace: int, prompt: str, explanation: str | None, start: int,
               fmt: str) -> Question:
        entries: list[tuple[str, float, str | None, int]] = []
        failed = False
        for marker, piece in answers.split_at("~="):
            piece = piece.strip()
            if marker == -1:
                if piece.text:
                    failed = True
                    self.problem(piece.at(0), f"'{_short(piece.text)}' is not marked as an answer — start every "
                                 "answer with '=' (right) or '~' (wrong)")
                continue
            at = answers.at(marker)
            sign = answers.mask[marker]
            try:
                if sign == "=":
                    if _WEIGHT_LIKE.match(piece.mask):
                        raise self.fail(piece.at(0), "a weight after '=' — '=' always means 100%: write "
                                        "~%50%answer for partial credit")
                    credit = 1.0
                else:
                    credit, piece = self.weight(piece, 0.0)
            except _Skip:
                failed = True
                continue
            text_part, feedback_part = self.feedback(piece)
            text = self.formatted(text_part, fmt)
            if not text:
                failed = True
                self.problem(at, f"empty answer after '{sign}' — write the answer after it, or remove the '{sign}'")
                continue
            entries.append((text, credit, self.formatted(feedback_part, fmt), at))
        if failed:
            raise _Skip()
        if len(entries) < 2:
            raise self.fail(brace, "a multiple-choice question needs at least two answers — add a wrong one "
                            "with '~'")
        right = [text for text, credit, _, _ in entries if credit >= 1]
        if not right:
            positive = sum(credit for _, credit, _, _ in entries if credit > 0)
            # Moodle's multiple-answer question: no '=', and positive weights that add up to 100% (to 2 decimals,
            # as Moodle checks: three of 33.33333% do).
            if "=" not in answers.mask and round(positive, 2) == 1:
                return self.choose_all(entries, brace, prompt, explanation, start)
            raise self.fail(brace, "no right answer among the choices — mark the right one with '=' (or give "
                            "weights that add up to 100%)")
        offered = self.offered(entries, right)
        if len(offered) < 2:
            raise self.fail(brace, "a multiple-choice question needs at least two different answers — add a "
                            "wrong one with '~'")
        answer = right[0]
        keys = tuple(AnswerKey(text=text, credit=credit, feedback=feedback)
                     for text, credit, feedback in offered
                     if feedback is not None or credit not in (0.0, 1.0) or (credit == 1.0 and text != answer))
        return self.base("choice", prompt, answer, start, explanation,
                         options=tuple(text for text, _, _ in offered), keys=keys)

    def choose_all(self, entries: list[tuple[str, float, str | None, int]], brace: int, prompt: str,
                   explanation: str | None, start: int) -> Question:
        """A multiple-answer question (choose all that apply): every option keeps its weight and feedback."""
        offered = self.offered(entries, [])
        if len(offered) < 2:
            raise self.fail(brace, "a multiple-answer question needs at least two different answers — add "
                            "another with '~'")
        keys = tuple(AnswerKey(text=text, credit=credit, feedback=feedback) for text, credit, feedback in offered
                     if credit != 0.0 or feedback is not None)
        options = tuple(text for text, _, _ in offered)
        right = [text for text, credit, _ in offered if credit > 0]
        return self.base("multi", prompt, answer_text("multi", right, ()), start, explanation, options=options,
                         keys=keys)

    def matching(self, answers: _Src, brace: int, prompt: str, explanation: str | None, start: int,
                 fmt: str) -> Question:
        """``{=item -> match =item -> match = -> extra match}``: items in the question's format, matches plain
        text (as Moodle has them); a pair with no item adds a wrong match to choose from."""
        pairs: list[tuple[str, str]] = []
        matches: list[str] = []
        failed = False
        for marker, piece in answers.split_at("="):
            piece = piece.strip()
            if marker == -1:
                if piece.text:
                    failed = True
                    self.problem(piece.at(0), f"'{_short(piece.text)}' is not a pair — start every pair of a "
                                 "matching question with '=', e.g. =Canada -> Ottawa")
                continue
            at = answers.at(marker)
            arrow = piece.find(_ARROW)
            if arrow == -1:
                failed = True
                self.problem(at, "a pair without '->' — write the item, '->' and its match, e.g. =Canada -> Ottawa")
                continue
            item = (self.formatted(piece[:arrow].strip(), fmt) or "").replace(_SAFE_ARROW, _ARROW)
            match = " ".join(piece[arrow + 2 :].text.split())
            if not match:
                failed = True
                self.problem(at, "empty match after '->' — write what the item matches")
                continue
            if item and any(item == other for other, _ in pairs):
                self.problem(at, f"the item '{_short(item)}' is given twice — the repeat is left out; remove one",
                             "warning")
                continue
            if item:
                pairs.append((item, match))
            if match not in matches:
                matches.append(match)
        if failed:
            raise _Skip()
        if len(pairs) < 2:
            raise self.fail(brace, "a matching question needs at least two pairs — write each as =item -> match")
        return self.base("match", prompt, answer_text("match", (), pairs), start, explanation,
                         options=tuple(matches), pairs=tuple(pairs))

    def offered(self, entries: list[tuple[str, float, str | None, int]],
                right: list[str]) -> list[tuple[str, float, str | None]]:
        """The choices the game offers: one that is not fully right but is a right answer as the grader compares
        answers (``{=Paris ~paris}``: picking what is the answer would be marked wrong), or repeats another choice
        word for word, is left out with a warning. ("GB" and "Gb", both wrong, are two choices.)"""
        rights = {answer_key(text): text for text in right}
        seen: set[str] = set()
        offered = []
        for text, credit, feedback, at in entries:
            same = rights.get(answer_key(text)) if credit < 1 else None
            if same is not None:
                self.problem(at, f"the answer '{_short(text)}' is the right answer '{_short(same)}' in other words, "
                             "so picking it would be marked wrong — it is left out of the options; write a "
                             "different wrong answer", "warning")
            elif text in seen:
                self.problem(at, f"the answer '{_short(text)}' is given twice — the repeat is left out of the "
                             "options; remove one", "warning")
            else:
                seen.add(text)
                offered.append((text, credit, feedback))
        return offered

    def true_false(self, answers: _Src, truth: bool, prompt: str, explanation: str | None, start: int,
                   fmt: str) -> Question:
        # The answer, feedback for a wrong reply, feedback for a right one (Moodle's split_truefalse_comment).
        cuts = [i for i, char in enumerate(answers.mask) if char == "#"][:2]
        bounds = [0, *[c + 1 for c in cuts]]
        parts = [answers[bounds[i] : (cuts[i] if i < len(cuts) else len(answers))].strip() for i in range(len(bounds))]
        wrong = self.formatted(parts[1], fmt) if len(parts) > 1 else None
        right = self.formatted(parts[2], fmt) if len(parts) > 2 else None
        answer, other = ("True", "False") if truth else ("False", "True")
        feedback = {answer: right, other: wrong}
        keys = []
        for option in ("True", "False"):
            if feedback[option] is not None:
                keys.append(AnswerKey(text=option, credit=1.0 if option == answer else 0.0,
                                      feedback=feedback[option]))
        return self.base("choice", prompt, answer, start, explanation, options=("True", "False"),
                         keys=tuple(keys))

    def short_answer(self, answers: _Src, prompt: str, explanation: str | None, start: int,
                     fmt: str) -> Question:
        entries: list[tuple[str, float, str | None]] = []
        wildcards: list[bool] = []  # whether each entry's text is a pattern
        failed = False
        for marker, piece in answers.split_at("="):
            piece = piece.strip()
            if marker == -1 and not piece.text:
                continue
            at = piece.at(0) if marker == -1 else answers.at(marker)
            try:
                credit, piece = self.weight(piece, 1.0)
            except _Skip:
                failed = True
                continue
            text_part, feedback_part = self.feedback(piece)
            text = _split_format(text_part.text, fmt)[1].strip().replace(_SAFE_ARROW, _ARROW)
            if not text:
                failed = True
                self.problem(at, "empty answer after '=' — write the answer after it, or remove the '='")
                continue
            feedback = self.formatted(feedback_part, fmt)
            if _WILDCARD.search(text):
                wild = True
            else:
                wild, text = False, text.replace("\\*", "*")  # Moodle's \* is an asterisk
            entries.append((text, credit, feedback.replace(_SAFE_ARROW, _ARROW) if feedback else None))
            wildcards.append(wild)
        if failed:
            raise _Skip()
        right = [text for text, credit, _ in entries if credit >= 1]
        if not right:
            raise self.fail(answers.at(0), "no answer gets full marks — give at least one answer without a weight "
                            "(or with %100%)")
        if any(wildcards):
            return self.wildcard_answer(entries, wildcards, prompt, explanation, start)
        keys = tuple(AnswerKey(text=text, credit=credit, feedback=feedback)
                     for text, credit, feedback in entries if feedback is not None or credit != 1.0)
        return self.base("fill", prompt, right[0], start, explanation, accepted=tuple(right[1:]), keys=keys)

    def wildcard_answer(self, entries: list[tuple[str, float, str | None]], wildcards: list[bool], prompt: str,
                        explanation: str | None, start: int) -> Question:
        """A short answer with Moodle's ``*`` wildcard (``=*manually*``, ``=%0%*#Wrong``).

        Moodle tries the answers in their order and the first that matches decides, so every answer becomes a key,
        in order; a wildcard one as a pattern. The answer shown is the first right one, its stars spaces (Moodle's
        ``clean_response``); the right answers without a wildcard are also accepted as usual.
        """
        if any(credit >= 1 and wild and not _wildcard_text(text)
               for (text, credit, _), wild in zip(entries, wildcards, strict=True)):
            raise self.skip(start, "an answer of only '*' is right whatever is typed, so the question cannot be "
                            "missed: skipped — write the answer, or give '*' a weight of %0% for catch-all feedback")
        keys = []
        shown = []
        for (text, credit, feedback), wild in zip(entries, wildcards, strict=True):
            keys.append(AnswerKey(text=None if wild else text, credit=credit, feedback=feedback,
                                  pattern=text if wild else None))
            if credit >= 1:
                shown.append(_wildcard_text(text) if wild else text)
        plain = [text for (text, credit, _), wild in zip(entries, wildcards, strict=True) if credit >= 1 and not wild]
        accepted = tuple(text for text in plain if text != shown[0])
        return self.base("fill", prompt, shown[0], start, explanation, accepted=accepted, keys=tuple(keys))

    def numeric(self, answers: _Src, prompt: str, explanation: str | None, start: int, fmt: str) -> Question:
        body = answers[1:]
        catch_all = None
        tilde = body.find("~")
        if tilde != -1:
            _, feedback_part = self.feedback(body[tilde + 1 :])
            catch_all = self.formatted(feedback_part, fmt)
            body = body[:tilde]
        entries: list[tuple[str, float, float, float, str | None]] = []
        failed = False
        for marker, piece in body.split_at("="):
            piece = piece.strip()
            if marker == -1 and not piece.text:
                continue
            at = piece.at(0) if marker == -1 else body.at(marker)
            try:
                credit, piece = self.weight(piece, 1.0)
                value_part, feedback_part = self.feedback(piece)
                if _split_format(value_part.text, "")[0]:  # a format prefix, meaningless before a number
                    value_part = value_part[value_part.find("]") + 1 :].strip()
                if not value_part.text:
                    raise self.fail(at, "empty numeric answer — write a number, e.g. =1822 or =1822:5")
                written, low, high = self.number_range(value_part)
            except _Skip:
                failed = True
                continue
            entries.append((written, low, high, credit, self.formatted(feedback_part, fmt)))
        if failed:
            raise _Skip()
        if not entries:
            raise self.fail(answers.at(0), "no numeric answer after '#' — write one, e.g. {#1822} or {#1822:5}")
        right = [written for written, _, _, credit, _ in entries if credit >= 1]
        if not right:
            raise self.fail(answers.at(0), "no answer gets full marks — give at least one answer without a weight "
                            "(or with %100%)")
        keys = [AnswerKey(low=low, high=high, credit=credit, feedback=feedback)
                for _, low, high, credit, feedback in entries]
        if catch_all:
            keys.append(AnswerKey(low=-math.inf, high=math.inf, credit=0.0, feedback=catch_all))
        return self.base("fill", prompt, right[0], start, explanation, keys=tuple(keys))

    def number_range(self, part: _Src) -> tuple[str, float, float]:
        """``1822``, ``1822:5`` or ``1817..1827``: the answer as written and the range it accepts."""
        dots = part.find("..")
        if dots > 0:
            low_part, high_part = part[:dots].strip(), part[dots + 2 :].strip()
            low, high = self.number(low_part), self.number(high_part)
            if low > high:
                raise self.fail(part.at(0), f"the range {part.text} runs backwards — write the smaller number "
                                "first, e.g. 1..5")
            return f"{low_part.text}..{high_part.text}", self.finite(low, part), self.finite(high, part)
        colon = part.find(":")
        if colon > 0:
            value_part, tolerance_part = part[:colon].strip(), part[colon + 1 :].strip()
            value = self.number(value_part)
            if not tolerance_part.text:
                raise self.fail(part.at(colon), "no tolerance after ':' — write value:tolerance, e.g. 1822:5")
            tolerance = self.number(tolerance_part)
            if tolerance < 0:
                raise self.fail(tolerance_part.at(0), "the tolerance is negative — write how far off an answer "
                                "may be, e.g. 1822:5")
            try:
                low, high = value - tolerance, value + tolerance
            except ArithmeticError:
                raise self.fail(part.at(0), "the number is too large — write a smaller one") from None
            return value_part.text, self.finite(low, part), self.finite(high, part)
        value = self.number(part)
        return part.text, self.finite(value, part), self.finite(value, part)

    def number(self, part: _Src) -> Decimal:
        if not _NUMBER.match(part.text):
            what = f"'{_short(part.text)}' is not a number" if part.text else "a number is missing"
            raise self.fail(part.at(0), f"{what} — write digits with '.' for decimals, e.g. 1822 or 3.14")
        try:
            return Decimal(part.text)
        except ArithmeticError:
            raise self.fail(part.at(0), "the number is too large — write a smaller one") from None

    def finite(self, value: Decimal, part: _Src) -> float:
        number = float(value)
        if not math.isfinite(number):
            raise self.fail(part.at(0), "the number is too large — write a smaller one")
        return number


def _valid_meta(meta: dict) -> bool:
    def text(key: str) -> bool:
        return key not in meta or isinstance(meta[key], str)

    def index(key: str) -> bool:
        return key not in meta or meta[key] is None or (isinstance(meta[key], int) and not isinstance(meta[key], bool))

    accepted = meta.get("accepted", [])
    return (text("hint") and text("fact_id") and text("sentence") and index("start") and index("end")
            and isinstance(accepted, list) and all(isinstance(a, str) for a in accepted))


def _wildcard_text(pattern: str) -> str:
    """A wildcard answer as a player reads it: each run of stars a space, ``\\*`` an asterisk (``clean_response``)."""
    return " ".join(" ".join(piece.replace("\\*", "*") for piece in re.split(r"(?<!\\)\*+", pattern)).split())


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _replace(question: Question, **changes) -> Question:
    return dataclasses.replace(question, **changes)


# --- writing --------------------------------------------------------------------------------------------------


def write(questions: Iterable[Question], title: str | None = None) -> str:
    """GIFT text for these questions, which Moodle imports and :func:`read` reads back to the same questions.

    Each question's id becomes its ``::title::``; a change of type starts a ``$CATEGORY:``; what GIFT cannot hold
    (a hint, a fact id, the source sentence, a choice question's accepted answers) goes in an ``// orbitquiz:``
    comment, which Moodle ignores.
    """
    out: list[str] = []
    if title is not None and title.strip():
        out.append(f"// title: {' '.join(title.split())}\n")
    current = DEFAULT_TYPE
    for question in questions:
        type_ = " ".join(question.type.split()) or DEFAULT_TYPE
        if type_ != current:
            out.append(f"$CATEGORY: $course$/top/{_category_name(type_)}\n")
            current = type_
        out.append(_write_question(question))
    return "\n".join(out)


def _category_name(name: str) -> str:
    """A category name in a Moodle path: '/' doubled, and kept off the ends (``assemble_category_path``)."""
    name = name.replace("/", "//")
    if name.startswith("/"):
        name = " " + name
    if name.endswith("/"):
        name += " "
    return name


def _escape(text: str) -> str:
    """Text with GIFT's special characters escaped and line breaks written as ``\\n`` (Moodle's ``repchar``)."""
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "\\n").replace("\n", "\\n")


def _piece(text: str, fmt: str, answer: bool = False) -> str:
    """An answer or feedback, escaped, and prefixed with the question's own format when its start would
    otherwise be read as a format (``[html]...``) or, for an answer, as a weight (``%50%...``)."""
    if text.startswith("[") or (answer and text.startswith("%")):
        return f"[{fmt}]" + _escape(text)
    return _escape(text)


def _is_numeric(q: Question) -> bool:
    return q.kind == "fill" and bool(q.keys) and all(k.low is not None and k.high is not None for k in q.keys)


def _write_question(q: Question) -> str:
    texts = [q.prompt, q.explanation or "", *q.options, q.answer, *q.accepted, *(item for item, _ in q.pairs),
             *(k.feedback or "" for k in q.keys), *(k.text or "" for k in q.keys)]
    # Moodle's default format reads HTML; text it would show otherwise than written is marked plain.
    fmt = "moodle" if all(_moodle_text(t) == t for t in texts) else "plain"
    general = f"####{_piece(q.explanation, fmt)}" if q.explanation else ""
    if q.kind == "choice" and (tf := _true_false(q, fmt)) is not None:
        opening, entries = "{", [tf + general]
        general = ""
    elif q.kind == "choice":
        opening, entries = "{", _choice_entries(q, fmt)
    elif q.kind == "multi":
        opening, entries = "{", _choose_all_entries(q, fmt)
    elif q.kind == "match":
        opening, entries = "{", _matching_entries(q, fmt)
    elif _is_numeric(q):
        opening, entries = "{#", _numeric_entries(q, fmt)
    else:
        opening, entries = "{", _fill_entries(q, fmt)
    if general:
        entries.append(general)

    lines: list[str] = []
    meta = _meta(q)
    if meta:
        lines.append(f"// {META_PREFIX} {json.dumps(meta, ensure_ascii=True, sort_keys=True)}")
    head = f"::{_escape(' '.join(q.id.split()))}::" if q.id.split() else ""
    head += f"[{fmt}]" if fmt != "moodle" or q.prompt.startswith("[") else ""
    blank = q.prompt.find(BLANK)
    after = q.prompt[blank + len(BLANK) :] if blank != -1 else ""
    if after.strip():  # the answers go where the blank is, as Moodle's missing-word format has them
        block = opening + " ".join(entries) + "}"
        lines.append(head + _escape(q.prompt[:blank]) + block + _escape(after))
    elif len(entries) == 1 and len(entries[0]) < 60:
        lines.append(f"{head}{_escape(q.prompt)} {opening}{entries[0]}}}")
    else:
        lines.append(f"{head}{_escape(q.prompt)} {opening}")
        lines.extend(f"\t{entry}" for entry in entries)
        lines.append("}")
    return "\n".join(lines) + "\n"


def _meta(q: Question) -> dict:
    meta: dict = {}
    if q.hint is not None:
        meta["hint"] = q.hint
    if q.fact_id != " ".join(q.id.split()):
        meta["fact_id"] = q.fact_id
    if q.source.sentence != q.prompt or q.source.start is not None or q.source.end is not None:
        meta["sentence"] = q.source.sentence
        if q.source.start is not None:
            meta["start"] = q.source.start
        if q.source.end is not None:
            meta["end"] = q.source.end
    if q.accepted and (q.kind == "choice" or _is_numeric(q)):
        meta["accepted"] = list(q.accepted)
    return meta


def _decimal(value: Decimal) -> str:
    value = value.normalize()
    text = f"{value:f}" if -20 < value.adjusted() < 20 else str(value)
    return "0" if text == "-0" else text


def _weight(credit: float) -> str:
    """A credit as Moodle's percentage weight, exact: 0.1 is ``%10%``, read back as 0.1."""
    return f"%{_decimal(Decimal(repr(credit)) * 100)}%"


def _true_false(q: Question, fmt: str) -> str | None:
    """``TRUE#feedback for a wrong reply#feedback for a right one``, if the question is a plain true/false."""
    if q.options != ("True", "False") or q.answer not in q.options:
        return None
    feedback: dict[str | None, str] = {}
    for key in q.keys:
        expected = 1.0 if key.text == q.answer else 0.0
        if key.text not in q.options or key.text in feedback or key.credit != expected or not key.feedback:
            return None
        feedback[key.text] = key.feedback
    out = "TRUE" if q.answer == "True" else "FALSE"
    wrong, right = feedback.get("False" if q.answer == "True" else "True"), feedback.get(q.answer)
    if wrong or right:
        out += "#" + (_piece(wrong, fmt) if wrong else "")
    if right:
        out += "#" + _piece(right, fmt)
    return out


def _choice_entries(q: Question, fmt: str) -> list[str]:
    options = list(q.options) if q.answer in q.options else [*q.options, q.answer]
    keys = list(q.keys)
    entries = []
    for option in options:
        key = next((k for k in keys if k.text == option), None)
        if key is not None:
            keys.remove(key)
            credit, feedback = key.credit, key.feedback
        else:
            credit, feedback = (1.0 if option == q.answer else 0.0), None
        mark = "=" if credit == 1.0 else "~" if credit == 0.0 else "~" + _weight(credit)
        entry = mark + _piece(option, fmt, answer=True)
        if feedback:
            entry += "#" + _piece(feedback, fmt)
        entries.append(entry)
    return entries


def _choose_all_entries(q: Question, fmt: str) -> list[str]:
    """Every option with its weight (no '=': that is what makes Moodle read a multiple-answer question)."""
    keys = {key.text: key for key in q.keys}
    entries = []
    for option in q.options:
        key = keys.get(option)
        credit = key.credit if key else 0.0
        entry = "~" + (_weight(credit) if credit else "") + _piece(option, fmt, answer=True)
        if key and key.feedback:
            entry += "#" + _piece(key.feedback, fmt)
        entries.append(entry)
    return entries


def _matching_entries(q: Question, fmt: str) -> list[str]:
    """``=item -> match`` for each pair, then ``= -> match`` for each extra match; an arrow in an item is kept
    from ending it by a word joiner (Moodle cuts a pair at its first '->')."""
    matched = {match for _, match in q.pairs}
    entries = [f"={_piece(item, fmt).replace(_ARROW, _SAFE_ARROW)} -> {_escape(match)}" for item, match in q.pairs]
    entries += [f"= -> {_escape(match)}" for match in q.options if match not in matched]
    return entries


def _fill_entries(q: Question, fmt: str) -> list[str]:
    """The answer, the accepted ones and the keyed ones, in an order that reads back to the same question:
    the answer first of those with full marks, and the keys in their own order. A question with a wildcard
    answer is written as its keys, in their order: the reader made every answer of such a question a key."""
    if any(key.pattern is not None for key in q.keys):
        return [_fill_entry(key.pattern or key.text or "", key.credit, key.feedback, fmt, key.pattern is not None)
                for key in q.keys if key.pattern or key.text]
    right = [q.answer, *q.accepted]
    keyed = {key.text for key in q.keys if key.credit == 1.0}
    lead = next((i for i, text in enumerate(right) if text in keyed), len(right))
    entries: list[tuple[str, float, str | None]] = [(text, 1.0, None) for text in right[:lead]]
    right = right[lead:]
    for key in q.keys:
        if key.text is None:
            continue
        if key.credit == 1.0 and key.text in right:
            index = right.index(key.text)
            entries.extend((text, 1.0, None) for text in right[:index])
            entries.append((key.text, 1.0, key.feedback))
            right = right[index + 1 :]
        else:
            entries.append((key.text, key.credit, key.feedback))
    entries.extend((text, 1.0, None) for text in right)
    return [_fill_entry(text, credit, feedback, fmt) for text, credit, feedback in entries]


def _fill_entry(text: str, credit: float, feedback: str | None, fmt: str, pattern: bool = False) -> str:
    """One short answer; a '*' in a plain one is written \\* so that Moodle does not read it as a wildcard."""
    text = text if pattern else text.replace("*", "\\*")
    entry = "=" + (_weight(credit) if credit != 1.0 else "") + _piece(text, fmt, answer=True)
    if feedback:
        entry += "#" + _piece(feedback, fmt)
    # Moodle reads '->' in a short-answer block as a matching question: a word joiner keeps it apart.
    return entry.replace(_ARROW, _SAFE_ARROW)


def _numeric_entries(q: Question, fmt: str) -> list[str]:
    out = []
    catch_all = None
    first = True
    for key in q.keys:
        low, high = key.low, key.high
        assert low is not None and high is not None
        if low == -math.inf and high == math.inf and key.credit == 0.0:
            catch_all = key.feedback
            continue
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            continue  # nothing GIFT can say
        written = None
        if first and key.credit == 1.0:
            first = False
            written = _answer_range(q.answer, low, high)
        entry = "=" + (_weight(key.credit) if key.credit != 1.0 else "") + (written or _range_text(low, high))
        if key.feedback:
            entry += "#" + _piece(key.feedback, fmt)
        out.append(entry)
    if catch_all:
        out.append("~#" + _piece(catch_all, fmt))
    return out


def _reads_as(text: str, low: float, high: float) -> bool:
    """Whether the reader turns ``text`` (``1822``, ``1822:5`` or ``1817..1827``) into exactly this range."""
    if not text or not re.fullmatch(r"[0-9eE+\-.: ]+", text):
        return False
    try:
        _, got_low, got_high = _Reader("", "").number_range(_Src(text, text, _Offsets.contiguous(0, len(text))))
    except _Skip:
        return False
    return (got_low, got_high) == (low, high)


def _answer_range(answer: str, low: float, high: float) -> str | None:
    """The question's answer as written for its first right range: ``1822``, ``1822:5`` or ``3.141..3.142``."""
    if _reads_as(answer, low, high):
        return answer
    if _NUMBER.match(answer):
        try:
            value = Decimal(answer)
            tolerances = (Decimal(repr(high)) - value, value - Decimal(repr(low)))
        except ArithmeticError:
            return None
        for tolerance in tolerances:
            text = f"{answer}:{_decimal(tolerance)}"
            if _reads_as(text, low, high):
                return text
    return None


def _range_text(low: float, high: float) -> str:
    """``value:tolerance`` when that reads back exactly, otherwise ``low..high``."""
    lo, hi = Decimal(repr(low)), Decimal(repr(high))
    if lo == hi:
        return _decimal(lo)
    text = f"{_decimal((lo + hi) / 2)}:{_decimal((hi - lo) / 2)}"
    return text if _reads_as(text, low, high) else f"{_decimal(lo)}..{_decimal(hi)}"
