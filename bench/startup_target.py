"""Started by startup_bench.py: run one app headless, print the wall-clock time of its first painted question.

Usage: startup_target.py minimal | startup_target.py orbitquiz [DATA_DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def minimal() -> None:
    from textual.app import App
    from textual.widgets import Label

    class Minimal(App[None]):
        def compose(self):
            yield Label("What was the name of the rocket?")

        def on_mount(self) -> None:
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            print(time.time(), flush=True)
            self.exit()

    Minimal().run(headless=True)


def orbitquiz() -> None:
    from orbitquiz.game import Mode
    from orbitquiz.tui.app import OrbitQuizApp, StartRequest

    class Measured(OrbitQuizApp):
        def on_mount(self) -> None:  # Textual also runs OrbitQuizApp.on_mount: handlers run for each class
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            from orbitquiz.tui.screens.question import QuestionScreen

            if not isinstance(self.screen, QuestionScreen) or not self.screen.query_one("#prompt").render():
                self.call_after_refresh(self.painted)
                return
            print(time.time(), flush=True)
            self.exit()

    # A returning player's data folder (database and pack cache) when given, else a first start ever.
    data = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="orbitquiz-bench-"))
    Measured(data, start=StartRequest("first-film", Mode.CLASSIC, 1), player="bench").run(headless=True)


if __name__ == "__main__":
    {"minimal": minimal, "orbitquiz": orbitquiz}[sys.argv[1]]()
