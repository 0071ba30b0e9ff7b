"""Your history: your accuracy round by round (a chart), per pack and mode your rounds and bests (with a sparkline
of scores), accuracy per pack and fact type, best and daily streaks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Sparkline, Static

from orbitquiz.play import local_today
from orbitquiz.reports import ModeStats, Stats
from orbitquiz.tui.chart import ShareChart
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.quiz import quiz_app
from orbitquiz.tui.text import literal, visible
from orbitquiz.words import plural


def mode_line(pack: str, figures: ModeStats) -> str:
    """``first-film · classic: 3 rounds (1 ended early) · best 80 · best streak 5``."""
    label = figures.mode.replace("-", " ")  # Mode.label's words, and a mode this orbitquiz does not know still reads
    early = f" ({figures.ended_early} ended early)" if figures.ended_early else ""
    return (f"{pack} · {label}: {plural(figures.rounds, 'round')}{early} · best {figures.best_score} · "
            f"best streak {figures.best_streak}")


class StatsScreen(Screen[None]):
    HELP_PLACE = "Stats"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="back")]

    def compose(self) -> ComposeResult:
        yield Static(id="stats-bar", classes="bar", markup=False)  # not a Header: see ResultsScreen
        with VerticalScroll(id="stats"):
            yield Static(id="streaks", markup=False)
            yield Static(id="accuracy-caption", classes="field", markup=False)
            yield Vertical(id="accuracy-chart")
            yield Static("Packs and modes", classes="field")
            yield VerticalScroll(id="pack-history")
            yield Static("Accuracy per pack and fact type", classes="field")
            yield DataTable(id="accuracy", zebra_stripes=True, cursor_type="none")
        yield KeyBar()

    async def on_screen_resume(self) -> None:
        # Textual keeps the screen (push_screen("stats")): each time it is shown, it shows the figures anew.
        await self.query_one("#accuracy-chart").remove_children()
        await self.query_one("#pack-history").remove_children()
        self.query_one("#accuracy", DataTable).clear(columns=True)
        self.query_one("#accuracy-caption").display = False
        await self.show()

    async def show(self) -> None:
        app = quiz_app(self)
        store, name = app.store, app.player
        self.query_one("#stats-bar", Static).update(literal(f"Stats · {name or 'no player yet'}", one_line=True))
        streaks = self.query_one("#streaks", Static)
        if store is None:
            streaks.update("Scores are not being kept.")
            return

        def read() -> Stats | str:
            player = store.find_player(name) if name else None
            return "No rounds played yet." if player is None else store.stats(player, local_today())

        stats: Stats | str = await app.store_call_in_thread(read, "Your scores could not be read.")
        if isinstance(stats, str):
            streaks.update(stats)
            return
        self.query_one("#streaks", Static).update(
            f"Daily streak {stats.daily.current} (best {stats.daily.best}) · best answer streak {stats.best_streak}")
        self._show_accuracy(stats.round_accuracy)
        history = self.query_one("#pack-history")
        for pack in stats.packs:
            for figures in pack.modes:
                line = Static(literal(mode_line(pack.pack, figures), one_line=True), classes="pack-line")
                # One score makes no line: a sparkline of one value is a solid block.
                spark = [Sparkline(list(figures.scores), summary_function=max, classes="pack-spark")] \
                    if figures.rounds > 1 else []
                history.mount(Horizontal(line, *spark, classes="pack-row"))
        table = self.query_one("#accuracy", DataTable)
        table.add_columns("Pack", "Type", "Answered", "Right", "Accuracy")
        for row in stats.pack_accuracy:
            # A type is the pack's own word (a GIFT category, a CSV column): a Text, which the table never parses
            # as markup (a str it would).
            table.add_row(Text(visible(row.pack or "", one_line=True)), Text(visible(row.type, one_line=True)),
                          row.answered, row.correct, f"{row.accuracy:.0%}")

    def _show_accuracy(self, shares: tuple[float, ...]) -> None:
        caption = self.query_one("#accuracy-caption", Static)
        caption.display = bool(shares)
        if not shares:
            return
        average = sum(shares) / len(shares)
        caption.update(
            f"Accuracy per round, newest at the right: last {shares[-1]:.0%} · average {average:.0%} over "
            f"{plural(len(shares), 'round')}")
        self.query_one("#accuracy-chart").mount(ShareChart(shares, id="accuracy-bars"))
