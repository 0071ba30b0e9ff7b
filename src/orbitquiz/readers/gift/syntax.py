"""What GIFT's reader and writer agree on: the default category, the text formats, the metadata comment, the
arrow of a matching pair, and how a number is written."""

from __future__ import annotations

import re

#: Question.type of questions before any ``$CATEGORY:`` line (and of a category that names only the root).
DEFAULT_TYPE = "gift"
#: The formats a ``[format]`` prefix may name (Moodle's ``parse_text_with_format``).
FORMATS = ("moodle", "html", "plain", "markdown")
#: Starts the ``// orbitquiz: {...}`` comment in which the writer keeps what GIFT cannot say.
META_PREFIX = "orbitquiz:"
#: Moodle reads ``->`` in a short-answer block as a matching question; the writer breaks it with a word joiner.
ARROW, SAFE_ARROW = "->", "-\u2060>"
#: A number as GIFT's numeric answers write it.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
