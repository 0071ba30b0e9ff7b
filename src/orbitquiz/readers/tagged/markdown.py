"""Markdown that should not reach a question's prompt: heading marks, quote marks, list bullets, emphasis."""

from __future__ import annotations

import re

#: Stands in for Markdown line markers ("## ", "- ", "> ") so that offsets stay true.
LINE_START = "\ue000"
# Markdown that should not reach a question's prompt: heading marks, quotes, list bullets, emphasis.
LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+\.[ \t]+)", re.MULTILINE)
EMPHASIS = re.compile(r"\*\*|\*|`|(?<!\w)__?(?=\S)|(?<=\S)__?(?!\w)|\ue000")


def mark_lines(body: str) -> str:
    """Heading marks, quote marks and bullets become LINE_START marks of the same length: offsets stay true, and a
    new list item or heading still starts a new sentence."""
    return LINE_MARKUP.sub(lambda m: LINE_START * len(m.group()), body)
