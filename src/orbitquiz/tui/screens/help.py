"""Every key of the game, screen by screen, and the rules: made from the screens' own bindings and from ``Rules``,
so the help cannot say a key or a number the game does not have."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Markdown

from orbitquiz.game import Mode, Rules
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.quiz import quiz_app
from orbitquiz.tui.screens.confirm import ConfirmEndScreen
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.home import HomeScreen
from orbitquiz.tui.screens.question import CheckLine, MatchLine, OptionLine, QuestionScreen, ToggleLine
from orbitquiz.tui.screens.results import ResultsScreen
from orbitquiz.tui.screens.settings import SettingsScreen
from orbitquiz.tui.screens.stats import StatsScreen


def key_rows(owner: type[DOMNode], app: App[object]) -> list[tuple[str, str]]:
    """``(keys, what they do)`` for each action ``owner`` binds, in the order of its ``BINDINGS``.

    Keys of one action are listed together. An action whose every binding lacks words is left out: it is one of
    a family shown by another binding's key display (``1–4`` stands for choose(0) … choose(3)). On a screen with a
    text box (``TEXT_BOX``), a letter key is typed into the box while it has the focus, and the row says so.
    """
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    text_box = getattr(owner, "TEXT_BOX", None)
    for binding in Binding.make_bindings(owner.BINDINGS):
        keys, words = grouped.setdefault(binding.action, ([], []))
        keys.append(app.get_key_display(binding))
        words.append(binding.tooltip or binding.description)
    rows = []
    for keys, words in grouped.values():
        if any(words):
            typed = [key for key in keys if len(key) == 1 and key.isalpha()] if text_box else []
            note = f" ({' and '.join(typed)} not while typing {text_box})" if typed else ""
            rows.append((" / ".join(keys), next(w for w in words if w) + note))
    return rows


def help_text(app: App[object], rules: Rules) -> str:
    """The help of ``app``'s keys (its screens' and its own) and of the modes and scoring under ``rules``."""
    rows: list[tuple[str, str, str]] = []
    for owner in (HomeScreen, QuestionScreen, OptionLine, ToggleLine, MatchLine, CheckLine, FeedbackScreen,
                  ConfirmEndScreen, ResultsScreen, StatsScreen, SettingsScreen, HelpScreen):
        place = owner.HELP_PLACE
        rows += [(place, keys, what) for keys, what in getattr(owner, "HELP_KEYS", ())]
        rows += [(place, keys, what) for keys, what in key_rows(owner, app)]
    rows += [("Anywhere", keys, what) for keys, what in key_rows(type(app), app)]
    palette = app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "command_palette"))
    rows.append(("Anywhere", palette, "the command palette: new round, stats, help, settings, theme, screenshot"))
    table = "\n".join(f"| {place} | {keys} | {what} |" for place, keys, what in rows)
    modes = "\n".join(f"- **{mode.label}**: {rules.describe(mode)}." for mode in Mode)
    return (f"# Keys\n\n| Where | Key | What it does |\n|---|---|---|\n{table}\n\n# Modes\n\n{modes}\n\n"
            f"The timer in the settings gives every question of the other modes {rules.timer_seconds:.0f} seconds.\n\n"
            f"# Scoring\n\n{rules.scoring()}\n")


class HelpScreen(ModalScreen[None]):
    HELP_PLACE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", tooltip="back")]

    def compose(self) -> ComposeResult:
        self.text = help_text(self.app, quiz_app(self).rules())
        with VerticalScroll(id="help"):
            yield Markdown(self.text)
        yield KeyBar()

    async def on_screen_resume(self) -> None:
        # Textual keeps the screen (push_screen("help")): shown again, it says the round length set since.
        text = help_text(self.app, quiz_app(self).rules())
        if text != self.text:
            self.text = text
            await self.query_one(Markdown).update(text)
