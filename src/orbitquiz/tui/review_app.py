"""The app `orbitquiz suggest --review` runs: the review screen alone, in a terminal or a served browser tab."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from orbitquiz.suggest import Suggestion
from orbitquiz.tui.screens.review_tags import ReviewTagsScreen


class ReviewApp(App[bool]):
    TITLE = "orbitquiz suggest"
    # Textual's palette offers a screenshot saved on the machine that runs the app: not for a served tab.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, suggestion: Suggestion, output: Path) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.output = output

    def on_mount(self) -> None:
        self.push_screen(ReviewTagsScreen(self.suggestion, self.output), self.exit)


def review(suggestion: Suggestion, output: Path) -> bool:
    """Run the review; True if the teacher wrote the file."""
    return ReviewApp(suggestion, output).run() is True
