"""A browser tab opened at a pack's address (``/pack/NAME``): the player's name, then straight into the round.

Kept apart from the home screen, whose pack list and mode choice it does not need: a tab's first frame comes sooner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from orbitquiz.tui.keys import key_bar_after_first_frame
from orbitquiz.tui.name_box import NameBox
from orbitquiz.tui.quiz import quiz_app
from orbitquiz.tui.text import literal, visible

if TYPE_CHECKING:
    from orbitquiz.readers.library import PackEntry
    from orbitquiz.tui.quiz import StartRequest


class NameScreen(Screen[None]):
    """A browser tab opened at ``/pack/NAME``: the player's name, then straight into that pack's round."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.home", "All packs")]

    def __init__(self, entry: PackEntry, request: StartRequest) -> None:
        super().__init__()
        self.entry = entry
        self.request = request

    def compose(self) -> ComposeResult:
        assert self.entry.pack is not None
        # Not a Header: see ResultsScreen.
        yield Static(literal(f"orbitquiz · {self.entry.name}", one_line=True), classes="bar")
        with Vertical(id="home"):
            yield Label("Your name", classes="field")
            yield NameBox("Type your name, then Enter to start")
            yield Label("Pack", classes="field")
            yield Static(Content.assemble((visible(self.entry.name, one_line=True), "bold"),
                                          literal(f" — {self.entry.pack.title}", one_line=True)), id="pack")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        key_bar_after_first_frame(self)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if not name:
            self.notify("Type your name first.", severity="warning")
            return
        app = quiz_app(self)
        app.player = name
        await app.start_round(self.entry, self.request.mode, self.request.seed, self.request.questions)
