"""Text from packs and players, made safe for where it goes: a terminal, a player's name, a spreadsheet cell.

A terminal obeys the control characters it is sent: ``ESC [2J`` clears the screen, an OSC sequence sets the window's
title or writes to the clipboard. So:

- :func:`visible` draws every control character as a visible stand-in of one character (ESC as ␛, a C1 one as the
  replacement character), for anything printed to a terminal (the game's screens and ``orbitquiz report``);
- :func:`clean_name` is a player's name as it is kept: control characters and the invisible marks that reorder
  text (bidirectional overrides and isolates) taken out, so a pasted name cannot act on a teacher's terminal or
  disguise itself in a report;
- :func:`spreadsheet_cell` keeps a cell that starts like a formula (``= + - @``) from being run as one by the
  spreadsheet that opens ``orbitquiz report --csv`` (CSV injection).
"""

from __future__ import annotations

import unicodedata

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_PICTURES |= {code: "\ufffd" for code in range(0x80, 0xA0)}
_PICTURES[ord("\t")] = " "
_MULTI_LINE = str.maketrans(_PICTURES | {ord("\n"): "\n"})
_ONE_LINE = str.maketrans(_PICTURES | {ord("\n"): "\u2424"})

#: Control characters (white space among them becomes a space) and the marks that reorder text on screen.
_REORDERING = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_NAME = str.maketrans({code: None for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), *_REORDERING]}
                      | {ord(space): " " for space in "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85"})

_FORMULA_STARTS = ("=", "+", "-", "@")


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in; a tab is a space, and a line break is
    kept (or drawn as ␤ with ``one_line``)."""
    return text.translate(_ONE_LINE if one_line else _MULTI_LINE)


def clean_name(name: str) -> str:
    """A player's name as kept: NFC (one player however the accents were composed), control and reordering
    characters taken out (a control that is white space becomes a space), no spaces around; case is kept. "" if
    nothing is left."""
    return unicodedata.normalize("NFC", name).translate(_NAME).strip()


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will show, not run: text starting with ``= + - @`` (after any spaces, which a
    spreadsheet may drop) gets a leading apostrophe; control characters are made visible (a tab is a space).
    Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = visible(value)
    return "'" + text if text.lstrip().startswith(_FORMULA_STARTS) else text
