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

Multiple choice, choose all that apply, matching, short answer, true/false and numeric questions become
ready-made Questions; essays and descriptions are skipped with a warning. Short answers may use Moodle's ``*``
wildcard (AnswerKey.pattern); text in Moodle's default format is HTML, shown as text.

One job per module: ``syntax`` (what reader and writer agree on), ``positions`` (each character's place in the
file), ``text`` (markup to plain text), ``numbers`` (numeric answers), ``reader`` (a file into questions),
``answers`` (each kind's answers) and ``writer``.
"""

from __future__ import annotations

from orbitquiz.readers.gift.reader import read
from orbitquiz.readers.gift.text import html_text
from orbitquiz.readers.gift.writer import escape, write

__all__ = ["escape", "html_text", "read", "write"]
