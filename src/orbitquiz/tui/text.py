"""The one boundary between text from packs or players and the screen: shown literally, never obeyed.

Markup is already text in a ``Content``; what this adds is control characters. Textual drops a few (BEL, BS,
VT, FF, CR) and passes the rest (ESC, the C1 set) to the terminal, where ``ESC [2J`` clears the screen and an
OSC 8 sequence makes a link. Every control character becomes a visible stand-in of one character instead: the
C0 ones their Unicode control picture (ESC → ␛), DEL ␡, a C1 one the replacement character, so the layout
Textual measures is the layout the terminal draws. A tab is a space; a line break is kept where the text may
span lines and is ␤ where it may not. An Input draws its own value: give it ``highlighter=CONTROL_PICTURES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.highlighter import Highlighter
from textual.content import Content

from orbitquiz.plain import visible  # the one rule for what a terminal is shown (also orbitquiz report's)

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["CONTROL_PICTURES", "ControlPictures", "literal", "visible"]


def literal(text: str, *, one_line: bool = False) -> Content:
    """Text from a pack or a player, to show exactly as written: no markup, no control characters."""
    return Content(visible(text, one_line=one_line))


class ControlPictures(Highlighter):
    """For an Input: what was typed, pasted or preset is drawn with its control characters made visible.

    Only the drawing changes, one character for one: the Input's value (a name, an answer to grade) stays as given.
    """

    def highlight(self, text: Text) -> None:
        shown = visible(text.plain, one_line=True)
        if shown != text.plain:
            text.plain = shown


CONTROL_PICTURES = ControlPictures()
