"""Moodle's Aiken format: multiple-choice questions in a plain text file.

    Which planet is closest to the Sun?
    A. Venus
    B) Mercury
    C. Mars
    ANSWER: B

A question's text may wrap over several lines, up to its first option. Options are a capital letter, then ``.``
or ``)``, then the text, after a space or not (``A)Venus``, as Moodle reads it); letters run A, B, C, ... and a
question has at least two. The ``ANSWER:`` line (any case, any spacing) names the right option's letter and ends
the question. Blank lines separate questions; a blank line between a question's text and its options, or between
its options, is allowed.

Options are kept as written, in the file's order: ``generate()`` shuffles them per seed. A wrong option that is the
answer as the grader compares answers ("the Moon" for "Moon"), or repeats another word for word, is left out with a
warning. Problems are collected, not
raised one at a time, so ``orbitquiz check`` can list them all; a question with an error is left out and the
others still play (PackError carries them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orbitquiz.model import Pack, Problem, Question, Source
from orbitquiz.readers.common import QuestionIds, finish, normalised_option, pack_title

TYPE = "aiken"
_OPTION = re.compile(r"(?P<indent>[ \t]*)(?P<letter>[A-Z])[.)](?P<space>[ \t]*)(?P<text>.*)")
_ANSWER = re.compile(r"(?P<indent>[ \t]*)answer[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\Z", re.IGNORECASE)
_HOW = "write 'ANSWER: X' on the line after the last option"


@dataclass
class _Option:
    letter: str
    text: str
    line: int
    column: int  # of the letter
    key: str = ""  # normalised_option of the text
    #: The earlier option of its question with the same text, if any ("GB" and "Gb" are two options).
    twin: _Option | None = None


@dataclass
class _Block:
    """A question being read: its text lines, then its options."""

    line: int
    text: list[str]
    options: list[_Option] = field(default_factory=list)
    #: The text of each option → the option, so a repeat is found without comparing with every option again
    #: (a block of a million option lines stays linear to read).
    texts: dict[str, _Option] = field(default_factory=dict)
    #: Set after a problem: the rest of the question is read but it makes no Question.
    broken: bool = False


def read(text: str, path: str) -> Pack:
    problems: list[Problem] = []
    questions: list[Question] = []
    ids = QuestionIds(path)
    block: _Block | None = None
    after_blank = False  # a blank line since the block's last line
    orphan = False  # inside options that came before any question text
    left_out = 0  # questions (or the pieces of one) left out for an error

    def unfinished(current: _Block) -> None:
        nonlocal left_out
        left_out += 1
        if current.options:
            problems.append(Problem(path, current.options[-1].line + 1, 1, "missing ANSWER line for the question "
                                    f"on line {current.line} — {_HOW}"))
        else:
            problems.append(Problem(path, current.line, 1, "question has no options — add at least two lines "
                                    "'A. ...' and 'B. ...' after it, then 'ANSWER: X'"))

    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            after_blank = True
            continue
        option = _OPTION.match(raw)
        if option is not None and option["text"] and not option["space"] and (
                block is None or option["letter"] != _next_letter(block)):
            # "A)Venus" is an option where one is due; "U.S. astronauts ..." or "B.C. ..." is question text.
            option = None
        answer = _ANSWER.match(raw)
        if answer is not None:
            if block is None:
                problems.append(Problem(path, number, len(answer["indent"]) + 1, "ANSWER line with no question "
                                        "before it — write the question and its options above it"))
                left_out += not orphan  # options with no question and their ANSWER are one question left out
            elif not block.options:
                unfinished(block)
            else:
                question = _finish(block, answer, number, path, problems)
                if question is None:
                    left_out += 1
                else:
                    questions.append(ids.add(question, 1, problems))
            block, orphan, after_blank = None, False, False
            continue
        if option is not None:
            letter, column = option["letter"], len(option["indent"]) + 1
            if block is None:
                if not orphan:
                    problems.append(Problem(path, number, column, f"option {letter} comes before any question "
                                            "text — write the question on the line above its options"))
                    left_out += 1
                orphan, after_blank = True, False
                continue
            expected = _next_letter(block)
            if letter != expected and not block.broken:
                fix = f"this option should be {expected}" if expected <= "Z" else "keep to 26 options, A to Z"
                problems.append(Problem(path, number, column, f"option letter {letter} is out of order — {fix}"))
                block.broken = True
            _add_option(block, _Option(letter, option["text"].strip(), number, column), path, problems)
            after_blank = False
            continue
        # Question text: a new question, or more of the one whose options have not started.
        if block is not None and not block.options and not after_blank:
            block.text.append(raw.strip())
            continue
        if block is not None:
            unfinished(block)
        block, orphan, after_blank = _Block(number, [raw.strip()]), False, False
    if block is not None:
        unfinished(block)
    empty = Problem(path, 1, 1, "the file has no questions — write a question, its options 'A. ...', 'B. ...' and "
                    "'ANSWER: X'")
    return finish(Pack(path=path, title=pack_title(path), questions=tuple(questions)), problems, left_out, empty)


def _next_letter(block: _Block) -> str:
    return chr(ord(block.options[-1].letter) + 1) if block.options else "A"


def _add_option(block: _Block, option: _Option, path: str, problems: list[Problem]) -> None:
    if not option.text:
        problems.append(Problem(path, option.line, option.column, f"option {option.letter} is empty — write the "
                                f"option after '{option.letter}. '"))
        block.broken = True
    else:
        option.key = normalised_option(option.text)
        twin = block.texts.setdefault(" ".join(option.text.split()), option)
        option.twin = None if twin is option else twin
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
    options = _offered(block, chosen, path, problems)
    if len(options) < 2:
        problems.append(Problem(path, block.line, 1, "question has only one option once those that repeat its "
                                "answer are left out — add a different wrong answer"))
        return None
    prompt = " ".join(" ".join(block.text).split())
    return Question(
        id="",
        kind="choice",
        prompt=prompt,
        options=tuple(o.text for o in options),
        answer=chosen.text,
        accepted=(),
        type=TYPE,
        hint=None,
        source=Source(path, block.line, prompt),
    )


def _offered(block: _Block, chosen: _Option, path: str, problems: list[Problem]) -> list[_Option]:
    """The options the game offers: a wrong one that is the answer as the grader compares answers ("mars" for
    "Mars", so picking what is the answer would be marked wrong), or repeats an earlier one word for word, is left
    out with a warning."""
    offered = []
    for option in block.options:
        if option is not chosen and option.key == chosen.key:
            problems.append(Problem(path, option.line, option.column, f"option {option.letter} '{option.text}' is "
                                    f"the answer {chosen.letter} '{chosen.text}' in other words — it is left out "
                                    "of the options; write a different wrong answer", "warning"))
        elif option is not chosen and option.twin is not None:
            problems.append(Problem(path, option.line, option.column, f"option {option.letter} repeats option "
                                    f"{option.twin.letter} '{option.twin.text}' — it is left out of the options; "
                                    "make every option different", "warning"))
        else:
            offered.append(option)
    return offered
