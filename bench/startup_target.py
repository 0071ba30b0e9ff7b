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
        def push_screen(self, screen, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
            from orbitquiz.tui.screens.question import QuestionScreen

            if isinstance(screen, QuestionScreen):
                # Asked of the question screen itself: Textual runs it once that screen has been painted. (Asked of
                # the app's first screen, it would wait for a refresh of a screen no longer shown.)
                screen.call_after_refresh(self.painted)
            return super().push_screen(screen, *args, **kwargs)

        def painted(self) -> None:
            if not self.screen.query_one("#prompt").render():
                raise SystemExit("the question screen was painted without its question")
            print(time.time(), flush=True)
            self.exit()

    # A returning player's data folder (database and pack cache) when given, else a first start ever.
    data = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="orbitquiz-bench-"))
    Measured(data, start=StartRequest("first-film", Mode.CLASSIC, 1), player="bench").run(headless=True)


if __name__ == "__main__":
    {"minimal": minimal, "orbitquiz": orbitquiz}[sys.argv[1]]()
