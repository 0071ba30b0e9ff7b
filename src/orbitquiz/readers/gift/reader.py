"""Reading GIFT as Moodle's own importer (qformat_gift) does: a file split into questions at blank lines, each
question's answers read by its kind (multiple choice, choose all, matching, true/false, short answer, numeric).

Every error is reported with the line and column of the character at fault, all of them at once, as ``what is
wrong — how to fix it``; a question with an error is left out and the others still play (PackError.pack).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from orbitquiz.model import BLANK, AnswerKey, Kind, Pack, Problem, Question, Source
from orbitquiz.readers.common import LineIndex, QuestionIds, excerpt, finish, normalised_option, pack_title
from orbitquiz.readers.gift.numbers import NumberError, number_range
from orbitquiz.readers.gift.positions import Src, cook
from orbitquiz.readers.gift.syntax import ARROW, DEFAULT_TYPE, META_PREFIX, SAFE_ARROW, Meta, is_meta
from orbitquiz.readers.gift.text import render, split_format
from orbitquiz.selections import answer_text

TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_TITLE_COMMENT = re.compile(r"//\s*title\s*:\s*(.*)\Z", re.IGNORECASE)
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_WEIGHT_LIKE = re.compile(r"%\s*[-+]?[\d.]")
_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")
_ROOT_CONTEXT = re.compile(r"\$[a-z]+\$\Z")
#: A star that is Moodle's short-answer wildcard (``\\*`` is a plain asterisk).
_WILDCARD = re.compile(r"(?<!\\)\*")


class _Block:
    """One question's lines: those that are not comments, and the comments."""

    __slots__ = ("comments", "lines")

    def __init__(self) -> None:
        self.lines: list[tuple[int, int, str]] = []  # (line number, offset of the first character, text)
        self.comments: list[tuple[int, int, str]] = []


class _Skip(Exception):
    """A question the game cannot play, or cannot read: its problem is already recorded."""


def read(text: str, path: str) -> Pack:
    reader = _Reader(text, path)
    questions = reader.run()
    empty = Problem(path, 1, 1, "no playable question in the file — add one, e.g. 'Who flew first? {=Yuri Gagarin}'")
    pack = Pack(path=path, title=reader.title or pack_title(path), questions=tuple(questions))
    return finish(pack, reader.problems, reader.left_out, empty)


class _Reader:
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

    def weight(self, piece: Src, default: float) -> tuple[float, Src]:
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

    def feedback(self, piece: Src) -> tuple[Src, Src | None]:
        hash_ = piece.find("#")
        if hash_ == -1:
            return piece, None
        return piece[:hash_].strip(), piece[hash_ + 1 :].strip()

    @staticmethod
    def formatted(piece: Src | None, fmt: str) -> str | None:
        if piece is None:
            return None
        return render(piece.text, piece.flat(), fmt)[1] or None

    def choice(self, answers: Src, brace: int, prompt: str, explanation: str | None, start: int,
               fmt: str) -> Question:
        entries: list[tuple[str, float, str | None, int]] = []
        failed = False
        for marker, piece in answers.split_at("~="):
            piece = piece.strip()
            if marker == -1:
                if piece.text:
                    failed = True
                    self.problem(piece.at(0), f"'{excerpt(piece.text)}' is not marked as an answer — start every "
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

    def matching(self, answers: Src, brace: int, prompt: str, explanation: str | None, start: int,
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
                    self.problem(piece.at(0), f"'{excerpt(piece.text)}' is not a pair — start every pair of a "
                                 "matching question with '=', e.g. =Canada -> Ottawa")
                continue
            at = answers.at(marker)
            arrow = piece.find(ARROW)
            if arrow == -1:
                failed = True
                self.problem(at, "a pair without '->' — write the item, '->' and its match, e.g. =Canada -> Ottawa")
                continue
            item = (self.formatted(piece[:arrow].strip(), fmt) or "").replace(SAFE_ARROW, ARROW)
            match = " ".join(piece[arrow + 2 :].text.split())
            if not match:
                failed = True
                self.problem(at, "empty match after '->' — write what the item matches")
                continue
            if item and any(item == other for other, _ in pairs):
                self.problem(at, f"the item '{excerpt(item)}' is given twice — the repeat is left out; remove one",
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
        rights = {normalised_option(text): text for text in right}
        seen: set[str] = set()
        offered = []
        for text, credit, feedback, at in entries:
            same = rights.get(normalised_option(text)) if credit < 1 else None
            if same is not None:
                self.problem(at, f"the answer '{excerpt(text)}' is the right answer '{excerpt(same)}' in other words, "
                             "so picking it would be marked wrong — it is left out of the options; write a "
                             "different wrong answer", "warning")
            elif text in seen:
                self.problem(at, f"the answer '{excerpt(text)}' is given twice — the repeat is left out of the "
                             "options; remove one", "warning")
            else:
                seen.add(text)
                offered.append((text, credit, feedback))
        return offered

    def true_false(self, answers: Src, truth: bool, prompt: str, explanation: str | None, start: int,
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

    def short_answer(self, answers: Src, prompt: str, explanation: str | None, start: int,
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
            text = split_format(text_part.text, fmt)[1].strip().replace(SAFE_ARROW, ARROW)
            if not text:
                failed = True
                self.problem(at, "empty answer after '=' — write the answer after it, or remove the '='")
                continue
            feedback = self.formatted(feedback_part, fmt)
            if _WILDCARD.search(text):
                wild = True
            else:
                wild, text = False, text.replace("\\*", "*")  # Moodle's \* is an asterisk
            entries.append((text, credit, feedback.replace(SAFE_ARROW, ARROW) if feedback else None))
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

    def numeric(self, answers: Src, prompt: str, explanation: str | None, start: int, fmt: str) -> Question:
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
                if split_format(value_part.text, "")[0]:  # a format prefix, meaningless before a number
                    value_part = value_part[value_part.find("]") + 1 :].strip()
                if not value_part.text:
                    raise self.fail(at, "empty numeric answer — write a number, e.g. =1822 or =1822:5")
                try:
                    written, low, high = number_range(value_part)
                except NumberError as error:
                    raise self.fail(error.offset, error.message) from None
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


def _wildcard_text(pattern: str) -> str:
    """A wildcard answer as a player reads it: each run of stars a space, ``\\*`` an asterisk (``clean_response``)."""
    return " ".join(" ".join(piece.replace("\\*", "*") for piece in re.split(r"(?<!\\)\*+", pattern)).split())
