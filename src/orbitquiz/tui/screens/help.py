"""Every key of the game, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from orbitquiz.tui.keys import KeyBar

KEYS = """\
# Keys

| Where | Key | What it does |
|---|---|---|
| Start | type | your name (it is remembered) |
| Start | ↑ ↓, Enter | pick a pack and start |
| Start | Tab | move between name, packs, mode and buttons |
| Start | p / s / ? / o / r | play, stats, help, settings, reload packs (when not typing your name) |
| Question | 1 2 3 4 | answer a multiple-choice question (or click an option) |
| Question | type, Enter | answer a fill-in question |
| Question | F2 or h | show the hint (the question then scores half) |
| Question | Esc or s | skip (scores 0 and breaks your streak) |
| Question | F9 (or q when not typing) | end the round now |
| Feedback | Enter, Space, n | next question |
| Results | a / v / Esc | play again, review the missed questions, home |
| Stats, Help, Settings | Esc | back |
| Anywhere | Ctrl+P | command palette: new round, stats, help, settings, theme |
| Anywhere | Ctrl+Q | quit |

# Scoring

A multiple-choice answer scores 10, a typed one 20. Each right answer in a row after the first adds 2 more,
up to 10. A hint halves the question's points; a skip or a wrong answer scores 0 and resets the streak. Only
the timed mode adds a speed bonus: one point per second under 10.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("question_mark", "app.pop_screen", show=False)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(KEYS)
        yield KeyBar()
