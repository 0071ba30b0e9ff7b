"""Moodle XML, the format Moodle's question bank imports with every answer's grade and feedback
(``question/format/xml/format.php``, ``qformat_xml``).

    <quiz>
      <question type="category"><category><text>$course$/top/planet</text></category></question>
      <question type="multichoice">
        <name><text>Q1</text></name>
        <questiontext format="html"><text>Which planet is largest?</text></questiontext>
        <generalfeedback format="html"><text>...</text></generalfeedback>
        ...
        <answer fraction="100" format="html"><text>Jupiter</text><feedback format="html">...</feedback></answer>
      </question>
    </quiz>

Each question becomes the type Moodle grades as orbitquiz does: a choice of True and False is ``truefalse``, any
other choice ``multichoice`` (one answer to pick; choose-all-that-apply is a ``multichoice`` that is not
``single``, its weights as fractions), a matching question ``matching`` (a ``subquestion`` a pair), a typed
answer with numeric ranges ``numerical`` (each range as its middle and tolerance), any other typed answer
``shortanswer``. Fractions are percentages of the question's
mark (a credit of 0.5 is ``fraction="50"``). Texts Moodle reads as HTML are escaped, so that they show as written;
short answers and numbers are plain text there, so they are written as they are (a ``*`` in a plain short answer
as ``\\*``, which Moodle would read as a wildcard).
"""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from orbitquiz.model import AnswerKey, Question

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PICTURES = {chr(code): chr(0x2400 + code) for code in range(0x20)} | {"\r": "\n"}

#: Moodle's own default penalty for each wrong try (a third of the mark), as its export writes it.
PENALTY = "0.3333333"


def write(questions: Iterable[Question], title: str | None = None) -> str:
    quiz = ET.Element("quiz")
    if title and title.strip():  # for people: Moodle reads no comment ("--" may not appear in one)
        quiz.append(ET.Comment(f" {' '.join(title.split())} ".replace("--", "- -")))
    current = None
    for question in questions:
        if question.type != current:
            current = question.type
            category = ET.SubElement(ET.SubElement(quiz, "question", type="category"), "category")
            _text(category, f"$course$/top/{_category_name(question.type)}")
        quiz.append(_question(question))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def moodle_type(question: Question) -> str:
    """The Moodle question type a question is written as."""
    if question.kind == "choice":
        return "truefalse" if _is_true_false(question) else "multichoice"
    if question.kind == "multi":
        return "multichoice"
    if question.kind == "match":
        return "matching"
    if question.keys and all(k.low is not None and k.high is not None for k in question.keys):
        return "numerical"
    return "shortanswer"


def fraction(credit: float) -> str:
    """A credit as Moodle's fraction attribute: 1.0 is "100", 0.5 is "50", 1/3 is "33.3333333"."""
    text = f"{credit * 100:.7f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def html_of(text: str) -> str:
    """Plain text as HTML that shows it as written: markup escaped, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>\n")


# --- one question ---------------------------------------------------------------------------------------------


def _question(q: Question) -> ET.Element:
    kind = moodle_type(q)
    element = ET.Element("question", type=kind)
    _text(ET.SubElement(element, "name"), q.id or q.prompt[:250])
    _text(ET.SubElement(element, "questiontext", format="html"), html_of(q.prompt))
    _text(ET.SubElement(element, "generalfeedback", format="html"), html_of(q.explanation or ""))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = PENALTY
    ET.SubElement(element, "hidden").text = "0"
    if kind == "truefalse":
        _true_false(element, q)
    elif kind == "matching":
        _matching(element, q)
    elif kind == "multichoice":
        ET.SubElement(element, "single").text = "false" if q.kind == "multi" else "true"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        for option in q.options:
            key = _key(q, option)
            credit = key.credit if key else (1.0 if option == q.answer else 0.0)
            _answer(element, html_of(option), credit, key.feedback if key else None, "html")
    elif kind == "numerical":
        for key in q.keys:
            _numeric_answer(element, key)
    else:
        ET.SubElement(element, "usecase").text = "0"
        for text, credit, feedback in _short_answers(q):
            _answer(element, text, credit, feedback, "moodle_auto_format")
    if q.hint:
        _text(ET.SubElement(element, "hint", format="html"), html_of(q.hint))
    return element


def _matching(element: ET.Element, q: Question) -> None:
    """A subquestion a pair (its item HTML, its match plain text, as Moodle reads them), then one with no text
    for each extra match: Moodle's way of offering a wrong match."""
    ET.SubElement(element, "shuffleanswers").text = "true"
    matched = {match for _, match in q.pairs}
    for item, match in [*q.pairs, *(("", extra) for extra in q.options if extra not in matched)]:
        sub = ET.SubElement(element, "subquestion", format="html")
        _text(sub, html_of(item))
        _text(ET.SubElement(sub, "answer"), match)


def _true_false(element: ET.Element, q: Question) -> None:
    for option in ("True", "False"):
        key = _key(q, option)
        _answer(element, option.lower(), 1.0 if option == q.answer else 0.0, key.feedback if key else None,
                "moodle_auto_format")


def _short_answers(q: Question) -> list[tuple[str, float, str | None]]:
    """The answer and the accepted ones (full marks), then the keyed ones; a literal '*' escaped."""
    out: list[tuple[str, float, str | None]] = []
    seen: set[str] = set()
    keyed: dict[str, AnswerKey] = {}
    for key in q.keys:  # the first key of a text is the one grading finds; a repeat of it is never reached
        if key.text is not None:
            keyed.setdefault(key.text, key)
    for text in (q.answer, *q.accepted):
        graded: AnswerKey | None = keyed.pop(text, None)
        if text not in seen:
            seen.add(text)
            out.append((text.replace("*", "\\*"), graded.credit if graded else 1.0,
                        graded.feedback if graded else None))
    for key in q.keys:
        if key.pattern is not None:
            out.append((key.pattern, key.credit, key.feedback))
        elif key.text is not None and key.text not in seen:
            seen.add(key.text)
            out.append((key.text.replace("*", "\\*"), key.credit, key.feedback))
    return out


def _numeric_answer(element: ET.Element, key: AnswerKey) -> None:
    low, high = key.low, key.high
    assert low is not None and high is not None
    if low == -math.inf and high == math.inf:
        answer = _answer(element, "*", key.credit, key.feedback, "moodle_auto_format")  # Moodle's "any number"
        ET.SubElement(answer, "tolerance").text = "0"
        return
    if not (math.isfinite(low) and math.isfinite(high)):
        return  # a half-open range: Moodle's numerical answers are a value and a tolerance
    middle, tolerance = (low + high) / 2, (high - low) / 2
    answer = _answer(element, _number(middle), key.credit, key.feedback, "moodle_auto_format")
    ET.SubElement(answer, "tolerance").text = _number(tolerance)


def _answer(parent: ET.Element, text: str, credit: float, feedback: str | None, fmt: str) -> ET.Element:
    answer = ET.SubElement(parent, "answer", fraction=fraction(credit), format=fmt)
    _text(answer, text)
    _text(ET.SubElement(answer, "feedback", format="html"), html_of(feedback or ""))
    return answer


def _text(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "text").text = xml_safe(text)


def xml_safe(text: str) -> str:
    """Text XML 1.0 can hold: a control character (which no XML file may contain, not even as a character
    reference) becomes its visible picture, as orbitquiz shows it ("\x08" → "␈"); a carriage return a line break."""
    return _NOT_XML.sub(lambda found: _PICTURES.get(found.group(), "\ufffd"), text.replace("\r\n", "\n"))


def _key(q: Question, option: str) -> AnswerKey | None:
    return next((key for key in q.keys if key.text == option), None)


def _is_true_false(q: Question) -> bool:
    if set(q.options) != {"True", "False"} or len(q.options) != 2:
        return False
    # Moodle's true/false gives one of the two full marks and the other none: anything else is a multichoice.
    return all(key.text in q.options and key.credit == (1.0 if key.text == q.answer else 0.0) for key in q.keys)


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if math.isfinite(value) else "0"


def _category_name(name: str) -> str:
    """A category name in a Moodle path: '/' doubled (as Moodle's own export writes it)."""
    return " ".join(name.split()).replace("/", "//") or "orbitquiz"
