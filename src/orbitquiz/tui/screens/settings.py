"""Settings: theme, questions per round, and the per-question timer (off by default)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Switch

from orbitquiz.game import Rules
from orbitquiz.tui.app import QUESTION_SECONDS
from orbitquiz.tui.keys import KeyBar

ROUND_SIZES = (5, 10, 15, 20, 30)


class SettingsScreen(ModalScreen[None]):
    HELP_PLACE = "Settings"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="back (every change is kept at once)")]

    def compose(self) -> ComposeResult:
        app = self.app
        size = int(app.setting("questions_per_round", Rules().questions_per_round))
        with Vertical(id="settings") as box:
            box.border_title = "Settings"
            yield Label("Theme", classes="field")
            yield Select(((name, name) for name in sorted(app.available_themes)), value=app.theme,
                         allow_blank=False, id="theme")
            yield Label("Questions per round (classic and review)", classes="field")
            yield Select(((str(n), n) for n in sorted({*ROUND_SIZES, size})), value=size, allow_blank=False,
                         id="size")
            with Horizontal(classes="switch-row"):
                yield Switch(value=bool(app.setting("timer", False)), id="timer")
                yield Label(f"Timer: {QUESTION_SECONDS:.0f} seconds per question in classic, sudden death and "
                            "review (the timed mode always has its clock)")
        yield KeyBar()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme":
            self.app.theme = str(event.value)
        elif event.select.id == "size":
            self.app.save_setting("questions_per_round", int(event.value))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.app.save_setting("timer", event.value)
