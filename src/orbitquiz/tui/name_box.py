"""The box a player types their name in: an Input that leaves "?" to the help (a name never needs one)."""

from __future__ import annotations

from textual.widgets import Input

from orbitquiz.tui.text import CONTROL_PICTURES


class NameBox(Input):
    def __init__(self, placeholder: str) -> None:
        super().__init__(placeholder=placeholder, id="name", max_length=40, highlighter=CONTROL_PICTURES)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # An Input takes every printable key before the app's bindings see it; "?" opens the help instead.
        return character != "?" and super().check_consume_key(key, character)
