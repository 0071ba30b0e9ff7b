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

from orbitquiz.settings import PlayerSettings
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.quiz import quiz_app

ROUND_SIZES = (5, 10, 15, 20, 30)
FIXED = " — fixed by your teacher"


class SettingsScreen(ModalScreen[None]):
    HELP_PLACE = "Settings"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="back (every change is kept at once)")]

    def shown(self) -> PlayerSettings:
        """What the screen shows: the player's settings now (another player's, the next time it is shown)."""
        return quiz_app(self).player_settings()

    def compose(self) -> ComposeResult:
        app = quiz_app(self)
        fixed = app.settings.fixed
        rules = app.rules()
        size = rules.questions_per_round
        self.showing = self.shown()
        seconds = fixed.question_seconds(self.showing, rules)
        fixed_size, fixed_timer = fixed.is_fixed("questions_per_round"), fixed.is_fixed("timer")
        with Vertical(id="settings") as box:
            box.border_title = "Settings"
            yield Label("Theme", classes="field")
            yield Select(((name, name) for name in sorted(self.app.available_themes)), value=self.app.theme,
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

    async def on_screen_resume(self) -> None:
        # Textual keeps the screen (push_screen("settings")): shown again, it shows the settings as they are now.
        if self.shown() != self.showing:
            await self.recompose()

    # A Select and a Switch say Changed once mounted too, with the value shown: that is no change to save.
    def on_select_changed(self, event: Select.Changed) -> None:
        app = quiz_app(self)
        if event.select.id == "theme":
            self.app.theme = str(event.value)  # saved by the app, if it is another theme
        elif event.select.id == "size" and isinstance(event.value, int) and \
                event.value != app.rules().questions_per_round:
            app.save_setting("questions_per_round", event.value)
        self.showing = self.shown()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        app = quiz_app(self)
        if event.value != app.player_settings().timer:
            app.save_setting("timer", event.value)
        self.showing = self.shown()
