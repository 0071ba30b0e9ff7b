"""Reading GIFT as Moodle's own importer (qformat_gift) does: a file split into questions at blank lines, each
question's answers read by its kind (multiple choice, choose all, matching, true/false, short answer, numeric).

Every error is reported with the line and column of the character at fault, all of them at once, as ``what is
wrong — how to fix it``; a question with an error is left out and the others still play (PackError.pack).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from typing import Any

from orbitquiz.model import BLANK, Kind, Pack, Problem, Question, Source
from orbitquiz.readers.common import LineIndex, QuestionIds, finish, pack_title
from orbitquiz.readers.gift.answers import Answers, Skip
from orbitquiz.readers.gift.positions import Src, cook
from orbitquiz.readers.gift.syntax import DEFAULT_TYPE, META_PREFIX, Meta, is_meta
from orbitquiz.readers.gift.text import render

TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_TITLE_COMMENT = re.compile(r"//\s*title\s*:\s*(.*)\Z", re.IGNORECASE)
_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")
_ROOT_CONTEXT = re.compile(r"\$[a-z]+\$\Z")


class _Block:
    """One question's lines: those that are not comments, and the comments."""

    __slots__ = ("comments", "lines")

    def __init__(self) -> None:
        self.lines: list[tuple[int, int, str]] = []  # (line number, offset of the first character, text)
        self.comments: list[tuple[int, int, str]] = []


def read(text: str, path: str) -> Pack:
    reader = _Reader(text, path)
    questions = reader.run()
    empty = Problem(path, 1, 1, "no playable question in the file — add one, e.g. 'Who flew first? {=Yuri Gagarin}'")
    pack = Pack(path=path, title=reader.title or pack_title(path), questions=tuple(questions))
    return finish(pack, reader.problems, reader.left_out, empty)


class _Reader(Answers):
    """A GIFT file read question by question: blocks of lines, each question's title, text and answers."""

    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.lines = LineIndex(text)
        self.problems: list[Problem] = []
        self.title: str | None = None
        self.type = DEFAULT_TYPE
        self.ids = QuestionIds(path, warn_repeats=False)  # GIFT names its questions; repeats are not warned of
        self.errors = 0  # problems that are errors, so far
        self.left_out = 0  # questions left out for an error

    # -- reporting

    def problem(self, offset: int, message: str, severity: str = "error") -> None:
        line, column = self.lines.position(offset)
        self.problems.append(Problem(self.path, line, column, message, severity))  # type: ignore[arg-type]
        self.errors += severity == "error"

    def fail(self, offset: int, message: str) -> Skip:
        self.problem(offset, message)
        return Skip()

    def skip(self, offset: int, message: str) -> Skip:
        self.problem(offset, message, "warning")
        return Skip()

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
            except Skip:
                # A question skipped for an error, not with a warning (a broken $CATEGORY line is no question).
                self.left_out += self.errors > errors and not block.lines[0][2].startswith("$CATEGORY:")
                continue
            if question is not None:
                questions.append(question)
        return questions

    # -- one question

    def question(self, block: _Block) -> Question | None:
        if block.lines[0][2].startswith("$CATEGORY:"):  # Moodle reads the path as it is: no escapes
            self.category(cook(block.lines, escapes=False))
            return None
        src = cook(block.lines)
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
        fmt, prompt = render(question_text, flat_text, "moodle")
        answers = src[open_ + 1 : close_].strip()

        general = answers.mask.rfind("####")
        explanation = None
        if general != -1:
            general_part = answers[general + 4 :]
            explanation = render(general_part.text, general_part.flat(), fmt)[1] or None
            answers = answers[:general].strip()

        brace_at = src.at(open_)
        mask = answers.mask
        if not mask:
            raise self.skip(start, "essay question ({}) skipped — orbitquiz cannot grade essays; put the answers "
                            "inside the braces to make it a question")
        if not prompt:
            raise self.fail(start, "the question has no text — write the question before its answers")
        if mask.startswith("#"):
            made = self.numeric(answers, prompt=prompt, explanation=explanation, start=start, fmt=fmt)
        elif "~" in mask:
            made = self.choice(answers, brace_at, prompt=prompt, explanation=explanation, start=start, fmt=fmt)
        elif "=" in mask and "->" in mask:
            made = self.matching(answers, brace_at, prompt=prompt, explanation=explanation, start=start, fmt=fmt)
        else:
            check = answers[: answers.find("#")] if answers.find("#") > 0 else answers
            value = check.strip().text
            if check.strip().mask in TRUE_FALSE:
                made = self.true_false(answers, TRUE_FALSE[value], prompt=prompt, explanation=explanation,
                                       start=start, fmt=fmt)
            else:
                if value.upper() in TRUE_FALSE and "=" not in check.mask:
                    self.problem(answers.at(0), f"'{{{value}}}' is a short answer '{value}', not true/false — "
                                 "write {T} or {TRUE} in capitals for a true/false question", "warning")
                made = self.short_answer(answers, prompt=prompt, explanation=explanation, start=start, fmt=fmt)
        return self.finish(made, title, block)

    def finish(self, question: Question, title: str | None, block: _Block) -> Question:
        question = self.ids.add(question, 1, self.problems, name=title)
        changes: dict[str, Any] = {}
        meta = self.meta(block)
        if meta:
            changes.update(fact_id=meta.get("fact_id", question.id), hint=meta.get("hint"))
            if "accepted" in meta:
                changes["accepted"] = tuple(meta["accepted"])
            source = question.source
            changes["source"] = Source(path=source.path, line=source.line,
                                       sentence=meta.get("sentence", source.sentence), start=meta.get("start"),
                                       end=meta.get("end"))
        return dataclasses.replace(question, **changes)

    def meta(self, block: _Block) -> Meta:
        """What the writer kept in an ``// orbitquiz: {...}`` comment; a comment it cannot read is ignored."""
        for _, offset, comment in block.comments:
            body = comment[2:].strip()
            if not body.startswith(META_PREFIX):
                continue
            try:
                meta = json.loads(body[len(META_PREFIX) :])
            except (ValueError, RecursionError):
                meta = None
            if is_meta(meta):
                return meta
            self.problem(offset, "cannot read the 'orbitquiz:' comment, ignored — it holds one line of JSON "
                         "written by orbitquiz; remove it or export the pack again", "warning")
        return {}

    def category(self, src: Src) -> None:
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

    def base(self, kind: Kind, prompt: str, answer: str, start: int, explanation: str | None,
             **fields: Any) -> Question:
        line, _ = self.lines.position(start)
        return Question(id="", kind=kind, prompt=prompt, options=fields.pop("options", ()), answer=answer,
                        accepted=fields.pop("accepted", ()), type=self.type, hint=None,
                        source=Source(path=self.path, line=line, sentence=prompt), explanation=explanation,
                        **fields)

    # -- answers
