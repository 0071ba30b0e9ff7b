"""Writing GIFT that Moodle imports and that the reader reads back to the same questions. What GIFT cannot say (a
hint, a fact id, the sentence a question came from) travels in a comment Moodle ignores::

    // orbitquiz: {"hint": "Think of Vostok"}
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from decimal import Decimal

from orbitquiz.model import BLANK, Question
from orbitquiz.readers.gift.numbers import NumberError, number_range
from orbitquiz.readers.gift.positions import Src
from orbitquiz.readers.gift.syntax import ARROW, DEFAULT_TYPE, META_PREFIX, NUMBER, SAFE_ARROW, Meta
from orbitquiz.readers.gift.text import moodle_text


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


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped and line breaks written as ``\\n`` (Moodle's ``repchar``)."""
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "\\n").replace("\n", "\\n")


def _piece(text: str, fmt: str, answer: bool = False) -> str:
    """An answer or feedback, escaped, and prefixed with the question's own format when its start would
    otherwise be read as a format (``[html]...``) or, for an answer, as a weight (``%50%...``)."""
    if text.startswith("[") or (answer and text.startswith("%")):
        return f"[{fmt}]" + escape(text)
    return escape(text)


def _is_numeric(q: Question) -> bool:
    return q.kind == "fill" and bool(q.keys) and all(k.low is not None and k.high is not None for k in q.keys)


def _write_question(q: Question) -> str:
    texts = [q.prompt, q.explanation or "", *q.options, q.answer, *q.accepted, *(item for item, _ in q.pairs),
             *(k.feedback or "" for k in q.keys), *(k.text or "" for k in q.keys)]
    # Moodle's default format reads HTML; text it would show otherwise than written is marked plain.
    fmt = "moodle" if all(moodle_text(t) == t for t in texts) else "plain"
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
    head = f"::{escape(' '.join(q.id.split()))}::" if q.id.split() else ""
    head += f"[{fmt}]" if fmt != "moodle" or q.prompt.startswith("[") else ""
    blank = q.prompt.find(BLANK)
    after = q.prompt[blank + len(BLANK) :] if blank != -1 else ""
    if after.strip():  # the answers go where the blank is, as Moodle's missing-word format has them
        block = opening + " ".join(entries) + "}"
        lines.append(head + escape(q.prompt[:blank]) + block + escape(after))
    elif len(entries) == 1 and len(entries[0]) < 60:
        lines.append(f"{head}{escape(q.prompt)} {opening}{entries[0]}}}")
    else:
        lines.append(f"{head}{escape(q.prompt)} {opening}")
        lines.extend(f"\t{entry}" for entry in entries)
        lines.append("}")
    return "\n".join(lines) + "\n"


def _meta(q: Question) -> Meta:
    meta: Meta = {}
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
    entries = [f"={_piece(item, fmt).replace(ARROW, SAFE_ARROW)} -> {escape(match)}" for item, match in q.pairs]
    entries += [f"= -> {escape(match)}" for match in q.options if match not in matched]
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
    return entry.replace(ARROW, SAFE_ARROW)


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
        _, got_low, got_high = number_range(Src.plain(text))
    except NumberError:
        return False
    return (got_low, got_high) == (low, high)


def _answer_range(answer: str, low: float, high: float) -> str | None:
    """The question's answer as written for its first right range: ``1822``, ``1822:5`` or ``3.141..3.142``."""
    if _reads_as(answer, low, high):
        return answer
    if NUMBER.match(answer):
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
