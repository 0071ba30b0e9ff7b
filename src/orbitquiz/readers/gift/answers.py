"""The answers of a GIFT question, read by its kind: multiple choice, choose all that apply, matching,
true/false, short answer (with Moodle's wildcard) and numeric. Every problem is reported at its character."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from orbitquiz.model import AnswerKey, Kind, Question
from orbitquiz.readers.common import excerpt, normalised_option
from orbitquiz.readers.gift.numbers import NumberError, number_range
from orbitquiz.readers.gift.positions import Src
from orbitquiz.readers.gift.syntax import ARROW, SAFE_ARROW
from orbitquiz.readers.gift.text import render, split_format
from orbitquiz.selections import answer_text

_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_WEIGHT_LIKE = re.compile(r"%\s*[-+]?[\d.]")
#: A star that is Moodle's short-answer wildcard (``\\*`` is a plain asterisk).
_WILDCARD = re.compile(r"(?<!\\)\*")


class Skip(Exception):
    """A question the game cannot play, or cannot read: its problem is already recorded."""


class Answers:
    """Reads each kind's answers into a Question. The question reader gives it where problems go (``problem``,
    ``fail``, ``skip``) and how a question of the file is made (``base``)."""

    def problem(self, offset: int, message: str, severity: str = "error") -> None:
        raise NotImplementedError

    def fail(self, offset: int, message: str) -> Skip:
        raise NotImplementedError

    def skip(self, offset: int, message: str) -> Skip:
        raise NotImplementedError

    def base(self, kind: Kind, prompt: str, answer: str, start: int, explanation: str | None,
             **fields: Any) -> Question:
        raise NotImplementedError

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
            except Skip:
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
            raise Skip()
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
            raise Skip()
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
            except Skip:
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
            raise Skip()
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
            except Skip:
                failed = True
                continue
            entries.append((written, low, high, credit, self.formatted(feedback_part, fmt)))
        if failed:
            raise Skip()
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
