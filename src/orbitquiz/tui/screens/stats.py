"""Your history: per pack a sparkline of scores, accuracy per fact type, best and daily streaks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Sparkline, Static

from orbitquiz.play import local_today
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.text import literal


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(id="stats-bar", classes="bar", markup=False)  # not a Header: see ResultsScreen
        with VerticalScroll(id="stats"):
            yield Static(id="streaks", markup=False)
            yield Static("Packs", classes="field")
            yield VerticalScroll(id="pack-history")
            yield Static("Accuracy per fact type", classes="field")
            yield DataTable(id="accuracy", zebra_stripes=True, cursor_type="none")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#stats-bar", Static).update(
            literal(f"Stats · {self.app.player or 'no player yet'}", one_line=True))
        store = self.app.store
        player = store.find_player(self.app.player) if store and self.app.player else None
        if player is None:
            self.query_one("#streaks", Static).update("No rounds played yet." if store else
                                                      "Scores are not being kept.")
            return
        stats = store.stats(player, local_today())
        self.query_one("#streaks", Static).update(
            f"Daily streak {stats.daily.current} (best {stats.daily.best}) · best answer streak {stats.best_streak}")
        history = self.query_one("#pack-history")
        for pack in stats.packs:
            history.mount(Horizontal(
                Static(literal(f"{pack.pack}: {pack.rounds} rounds · best {pack.best_score} · best streak "
                               f"{pack.best_streak}", one_line=True), classes="pack-line"),
                Sparkline(list(pack.scores), summary_function=max, classes="pack-spark"),
                classes="pack-row",
            ))
        table = self.query_one("#accuracy", DataTable)
        table.add_columns("Type", "Answered", "Right", "Accuracy")
        for row in stats.accuracy:
            # Fact types are [a-z0-9-] by the tag format: no markup can hide in them.
            table.add_row(row.type, row.answered, row.correct, f"{row.accuracy:.0%}")
