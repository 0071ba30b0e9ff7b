"""Settings: theme, questions per round, and the per-question timer (off by default) — the player's own.

A class's round length and timer, when its teacher fixed them (``orbitquiz serve --questions K --seconds S``), are
shown as they are and cannot be changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Switch

from orbitquiz.tui.keys import KeyBar

ROUND_SIZES = (5, 10, 15, 20, 30)
FIXED = " — fixed by your teacher"


class SettingsScreen(ModalScreen[None]):
    HELP_PLACE = "Settings"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="back (every change is kept at once)")]

    def compose(self) -> ComposeResult:
        app = self.app
        fixed = app.settings.fixed
        rules = app.rules()
        size = rules.questions_per_round
        seconds = fixed.question_seconds(app.player_settings(), rules)
        fixed_size, fixed_timer = fixed.is_fixed("questions_per_round"), fixed.is_fixed("timer")
        with Vertical(id="settings") as box:
            box.border_title = "Settings"
            yield Label("Theme", classes="field")
            yield Select(((name, name) for name in sorted(app.available_themes)), value=app.theme,
                         allow_blank=False, id="theme")
            yield Label("Questions per round (classic and review)" + (FIXED if fixed_size else ""), classes="field")
            yield Select(((str(n), n) for n in sorted({*ROUND_SIZES, size})), value=size, allow_blank=False,
                         id="size", disabled=fixed_size)
            with Horizontal(classes="switch-row"):
                yield Switch(value=seconds is not None, id="timer", disabled=fixed_timer)
                if fixed_timer:
                    text = (f"Timer: {seconds:.0f} seconds per question" if seconds else "No timer") + \
                        " in classic, sudden death and review" + FIXED
                else:
                    text = (f"Timer: {rules.timer_seconds:.0f} seconds per question in classic, sudden death and "
                            "review (the timed mode always has its clock)")
                yield Label(text, id="timer-label")
        yield KeyBar()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme":
            self.app.theme = str(event.value)
        elif event.select.id == "size":
            self.app.save_setting("questions_per_round", int(event.value))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.app.save_setting("timer", event.value)
