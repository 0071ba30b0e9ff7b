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

if TYPE_CHECKING:
    from rich.text import Text

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_PICTURES |= {code: "\ufffd" for code in range(0x80, 0xA0)}
_PICTURES[ord("\t")] = " "
_MULTI_LINE = str.maketrans(_PICTURES | {ord("\n"): "\n"})
_ONE_LINE = str.maketrans(_PICTURES | {ord("\n"): "\u2424"})


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in (see the module's docstring)."""
    return text.translate(_ONE_LINE if one_line else _MULTI_LINE)


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
