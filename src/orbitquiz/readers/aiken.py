"""Moodle's Aiken format: multiple-choice questions in a plain text file.

    Which planet is closest to the Sun?
    A. Venus
    B) Mercury
    C. Mars
    ANSWER: B

A question's text may wrap over several lines, up to its first option. Options are a capital letter, then ``.``
or ``)``, then a space; letters run A, B, C, ... and a question has at least two. The ``ANSWER:`` line (any case,
any spacing) names the right option's letter and ends the question. Blank lines separate questions; a blank line
between a question's text and its options, or between its options, is allowed.

Options are kept as written, in the file's order: ``generate()`` shuffles them per seed. Problems are collected,
not raised one at a time, so ``orbitquiz questions`` can list them all; the reader raises PackError at the end if
there are any errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orbitquiz.model import Pack, PackError, Problem, Question, Source
from orbitquiz.readers.common import QuestionIds, answer_key, pack_title

TYPE = "aiken"
_OPTION = re.compile(r"(?P<indent>[ \t]*)(?P<letter>[A-Z])[.)](?:[ \t]+(?P<text>.*)|[ \t]*\Z)")
_ANSWER = re.compile(r"(?P<indent>[ \t]*)answer[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\Z", re.IGNORECASE)
_HOW = "write 'ANSWER: X' on the line after the last option"


@dataclass
class _Option:
    letter: str
    text: str
    line: int
    column: int  # of the letter


@dataclass
class _Block:
    """A question being read: its text lines, then its options."""

    line: int
    text: list[str]
    options: list[_Option] = field(default_factory=list)
    #: answer_key of each option → the option, so a repeat is found without comparing with every option again
    #: (a block of a million option lines stays linear to read).
    keys: dict[str, _Option] = field(default_factory=dict)
    #: Set after a problem: the rest of the question is read but it makes no Question.
    broken: bool = False


def read(text: str, path: str) -> Pack:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    questions: list[Question] = []
    ids = QuestionIds(path)
    block: _Block | None = None
    after_blank = False  # a blank line since the block's last line
    orphan = False  # inside options that came before any question text

    def missing_answer(current: _Block) -> None:
        problems.append(Problem(path, current.options[-1].line + 1, 1, "missing ANSWER line for the question on "
                                f"line {current.line} — {_HOW}"))

    def no_options(current: _Block) -> None:
        problems.append(Problem(path, current.line, 1, "question has no options — add at least two lines "
                                "'A. ...' and 'B. ...' after it, then 'ANSWER: X'"))

    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            after_blank = True
            continue
        option = _OPTION.match(raw)
        answer = _ANSWER.match(raw)
        if answer is not None:
            if block is None:
                if not orphan:
                    problems.append(Problem(path, number, len(answer["indent"]) + 1, "ANSWER line with no "
                                            "question before it — write the question and its options above it"))
            elif not block.options:
                no_options(block)
            else:
                question = _finish(block, answer, number, path, problems)
                if question is not None:
                    questions.append(ids.add(question, 1, problems))
            block, orphan, after_blank = None, False, False
            continue
        if option is not None:
            letter, column = option["letter"], len(option["indent"]) + 1
            if block is None:
                if not orphan:
                    problems.append(Problem(path, number, column, f"option {letter} comes before any question "
                                            "text — write the question on the line above its options"))
                orphan, after_blank = True, False
                continue
            expected = chr(ord(block.options[-1].letter) + 1) if block.options else "A"
            if letter != expected and not block.broken:
                fix = f"this option should be {expected}" if expected <= "Z" else "keep to 26 options, A to Z"
                problems.append(Problem(path, number, column, f"option letter {letter} is out of order — {fix}"))
                block.broken = True
            _add_option(block, _Option(letter, (option["text"] or "").strip(), number, column), path, problems)
            after_blank = False
            continue
        # Question text: a new question, or more of the one whose options have not started.
        if block is not None and not block.options and not after_blank:
            block.text.append(raw.strip())
            continue
        if block is not None:
            if block.options:
                missing_answer(block)
            else:
                no_options(block)
        block, orphan, after_blank = _Block(number, [raw.strip()]), False, False
    if block is not None:
        if block.options:
            missing_answer(block)
        else:
            no_options(block)
    if not questions and not any(p.severity == "error" for p in problems):
        problems.append(Problem(path, 1, 1, "the file has no questions — write a question, its options 'A. ...', "
                                "'B. ...' and 'ANSWER: X'"))
    problems.sort(key=lambda p: (p.line, p.column))
    if any(p.severity == "error" for p in problems):
        raise PackError(problems)
    return Pack(path=path, title=pack_title(path), questions=tuple(questions), warnings=tuple(problems))


def _add_option(block: _Block, option: _Option, path: str, problems: list[Problem]) -> None:
    if not option.text:
        problems.append(Problem(path, option.line, option.column, f"option {option.letter} is empty — write the "
                                f"option after '{option.letter}. '"))
        block.broken = True
    else:
        key = answer_key(option.text)
        twin = block.keys.setdefault(key, option)
        if twin is not option:
            problems.append(Problem(path, option.line, option.column, f"option {option.letter} repeats option "
                                    f"{twin.letter} '{twin.text}' — make every option different"))
            block.broken = True
    block.options.append(option)


def _finish(block: _Block, answer: re.Match, number: int, path: str, problems: list[Problem]) -> Question | None:
    """The question of a block ended by its ANSWER line, or None after reporting what is wrong."""
    value = answer["value"]
    column = answer.start("value") + 1
    letters = f"{block.options[0].letter}–{block.options[-1].letter}"
    chosen = None
    if len(value) != 1 or not value.isascii() or not value.isalpha():
        problems.append(Problem(path, number, column, "ANSWER must name one option letter — write e.g. "
                                f"'ANSWER: {block.options[0].letter}'"))
    else:
        chosen = next((o for o in block.options if o.letter == value.upper()), None)
        if chosen is None:
            problems.append(Problem(path, number, column, f"ANSWER names {value.upper()} but there is no option "
                                    f"{value.upper()} — use one of {letters}"))
    if len(block.options) < 2:
        problems.append(Problem(path, block.line, 1, "question has only one option — add at least one more "
                                "option after it"))
        return None
    if chosen is None or block.broken:
        return None
    prompt = " ".join(" ".join(block.text).split())
    return Question(
        id="",
        kind="choice",
        prompt=prompt,
        options=tuple(o.text for o in block.options),
        answer=chosen.text,
        accepted=(),
        type=TYPE,
        hint=None,
        source=Source(path, block.line, prompt),
    )
