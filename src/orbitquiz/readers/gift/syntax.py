"""What GIFT's reader and writer agree on: the default category, the text formats, the metadata comment, the
arrow of a matching pair, and how a number is written."""

from __future__ import annotations

import re
from typing import Any, TypedDict, TypeGuard

#: Question.type of questions before any ``$CATEGORY:`` line (and of a category that names only the root).
DEFAULT_TYPE = "gift"
#: The formats a ``[format]`` prefix may name (Moodle's ``parse_text_with_format``).
FORMATS = ("moodle", "html", "plain", "markdown")
#: Starts the ``// orbitquiz: {...}`` comment in which the writer keeps what GIFT cannot say (a Meta, as JSON).
META_PREFIX = "orbitquiz:"
#: Moodle reads ``->`` in a short-answer block as a matching question; the writer breaks it with a word joiner.
ARROW, SAFE_ARROW = "->", "-\u2060>"
#: A number as GIFT's numeric answers write it.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")


class Meta(TypedDict, total=False):
    """What the ``// orbitquiz:`` comment keeps of a question, each only when it differs from what GIFT says."""

    hint: str
    #: When it is not the question's id (its ``::title::``).
    fact_id: str
    #: The sentence the question came from, and where its fact is in it.
    sentence: str
    start: int | None
    end: int | None
    #: A choice or numeric question's other accepted answers.
    accepted: list[str]


def is_meta(data: Any) -> TypeGuard[Meta]:
    """Whether JSON read from an ``// orbitquiz:`` comment is a Meta: every key it has of the right type."""
    if not isinstance(data, dict):
        return False

    def text(key: str) -> bool:
        return key not in data or isinstance(data[key], str)

    def index(key: str) -> bool:
        return key not in data or data[key] is None or (isinstance(data[key], int) and not isinstance(data[key], bool))

    accepted = data.get("accepted", [])
    return (text("hint") and text("fact_id") and text("sentence") and index("start") and index("end")
            and isinstance(accepted, list) and all(isinstance(a, str) for a in accepted))
