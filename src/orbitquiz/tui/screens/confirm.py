"""Asked before a round ends early: F9 (or q) is easy to press by mistake, and a round cannot be resumed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from orbitquiz.tui.keys import KeyBar


class ConfirmEndScreen(ModalScreen[bool]):
    """True if the player ends the round, False if they play on."""

    HELP_PLACE = "End round?"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y,f9", "end", "End round", tooltip="end the round now (what was answered is kept)"),
        Binding("escape,n", "keep", "Keep playing", tooltip="back to the question"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static("End the round now? What you answered is kept; the questions left are not asked.")
            with Horizontal(id="confirm-buttons"):
                yield Button("End round", id="end", variant="primary")
                yield Button("Keep playing", id="keep")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#end").focus()  # Enter ends, as the question asks; Esc plays on

    @on(Button.Pressed, "#end")
    def action_end(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)
