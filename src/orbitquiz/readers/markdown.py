"""Markdown as the readers take it out of what a player reads, in the one place that knows Markdown.

Two uses, two functions: a tagged article keeps every offset true while its marks go (``mark_lines``, then
``EMPHASIS`` per sentence: a span's position in its sentence must not move), and a GIFT question written in
``[markdown]`` becomes plain text as Moodle shows it (``markdown_text``: links, images, escapes and paragraphs too).
"""

from __future__ import annotations

import re

from orbitquiz.model import BLANK

#: Stands in for Markdown line markers ("## ", "- ", "> ") so that offsets stay true.
LINE_START = "\ue000"
# Markdown that should not reach a question's prompt: heading marks, quotes, list bullets, emphasis.
LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+\.[ \t]+)", re.MULTILINE)
EMPHASIS = re.compile(r"\*\*|\*|`|(?<!\w)__?(?=\S)|(?<=\S)__?(?!\w)|\ue000")


def mark_lines(body: str) -> str:
    """Heading marks, quote marks and bullets become LINE_START marks of the same length: offsets stay true, and a
    new list item or heading still starts a new sentence."""
    return LINE_MARKUP.sub(lambda m: LINE_START * len(m.group()), body)


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.*)$", re.MULTILINE)
_MD_LINE = re.compile(r"^[ \t]*(?:>[ \t]?|[-*+][ \t]+)", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w\\])[*_](?=\S)|(?<=[^\s\\])[*_](?!\w)|`")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_text(text: str) -> str:
    """Markdown as the plain text it shows: marks, links and images gone, a paragraph a line."""
    text = text.replace(BLANK, "\ue001")  # the blank of a missing-word question is not emphasis
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\n\1\n", text)  # a heading is a paragraph of its own
    text = _MD_LINE.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip()).replace("\ue001", BLANK)
