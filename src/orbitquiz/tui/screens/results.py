"""The end of a round: score, accuracy, streak, personal best, and the questions missed with their answers."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from orbitquiz.game import Mode
from orbitquiz.play import Play, Results, utc_now
from orbitquiz.readers.library import PackEntry
from orbitquiz.reports import LeaderboardRow
from orbitquiz.review import due_in
from orbitquiz.selections import shown
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.quiz import quiz_app
from orbitquiz.tui.text import literal, visible
from orbitquiz.words import plural


def leaderboard_text(rows: list[LeaderboardRow], player: str) -> Content:
    """One line per player, best score first; the one playing now in bold."""
    lines = []
    for rank, row in enumerate(rows, start=1):
        accuracy = f" · {row.accuracy:.0%} right" if row.accuracy is not None else ""
        line = literal(f"{rank}. {row.player} — best {row.best_score} · {plural(row.rounds, 'round')}{accuracy}",
                       one_line=True)
        lines.append(line.stylize("bold") if row.player == player else line)
    return Content("\n").join(lines)


class ResultsScreen(Screen[None]):
    HELP_PLACE = "Results"
    BINDINGS = [
        Binding("a", "again", "Play again", tooltip="the same pack and mode again"),
        Binding("v", "review", "Review missed", tooltip="a review round of the facts you missed"),
        Binding("escape", "home", "Home", tooltip="back to the start screen"),
    ]

    def __init__(self, results: Results, play: Play, entry: PackEntry) -> None:
        super().__init__()
        self.results = results
        self.play = play
        self.entry = entry

    def compose(self) -> ComposeResult:
        r = self.results
        # A plain bar, not Textual's Header: a Header stays subscribed to the app's title after its screen is
        # gone (Textual 8.2.8, issue #6666), so one per round would keep every finished round's screen in memory.
        mode = self.play.mode
        yield Static(literal(f"Round over · {self.entry.name} · {mode.label}", one_line=True), classes="bar")
        with VerticalScroll(id="results"):
            yield Static(Content.assemble(("Score ", "bold"), (str(r.score), "bold $accent")), id="score")
            # A best is a best of its mode: a timed score with speed points is no classic one.
            best = (f"New personal best in {mode.label.lower()}!" if r.new_best
                    else f"Your best in {mode.label.lower()}: {r.personal_best}" if r.personal_best is not None
                    else "")
            yield Static(Content(f"{r.correct} of {r.answered} right ({r.accuracy:.0%}) · best streak "
                                 f"{r.best_streak}" + (f" · {best}" if best else "")), id="summary")
            if r.ended_early:
                left = len(self.play.round.questions) - r.answered
                asked = "" if mode in (Mode.TIMED, Mode.SUDDEN_DEATH) else f": {plural(left, 'question')} not asked"
                yield Static(Content(f"Ended early{asked}"), id="ended-early", classes="warning")
            if self.play.store_problem:
                yield Static(literal(self.play.store_problem.capitalize()), classes="warning")
            leaders = quiz_app(self).leaderboard(self.entry.name, mode)
            if leaders:
                yield Static(f"Leaderboard · {mode.label.lower()}", classes="field")
                yield Static(leaderboard_text(leaders, quiz_app(self).player), id="leaderboard")
            if r.missed:
                yield Static("Missed", classes="field")
                for outcome in r.missed:
                    said = ("time's up" + (f", you had typed {outcome.response}" if outcome.response else "")
                            if outcome.timed_out else "skipped" if outcome.skipped else
                            f"you said {shown(outcome.question, outcome.response)}")
                    yield Static(Content.assemble(("✗ ", "$error"), literal(outcome.question.prompt), "\n  ",
                                                  ("→ ", "dim"), (visible(outcome.question.answer), "bold"),
                                                  (visible(f"  ({said})"), "dim")), classes="missed")
            else:
                yield Static("No misses. Well played!", classes="field")
            if mode is Mode.REVIEW and self.play.due:
                yield Static("Coming back for review", classes="field")
                yield Static(self.coming_back(), id="coming-back")
            with Horizontal(id="results-buttons"):
                yield Button("Play again", id="do-again", variant="primary")
                yield Button("Review missed", id="do-review", disabled=not r.missed)
                yield Button("Home", id="do-home")
        yield KeyBar()

    def coming_back(self) -> Content:
        """Each fact this review round asked, soonest back first: when it is due again, and its answer."""
        now = utc_now()
        asked = {outcome.question.fact_id or outcome.question.id: outcome.question for outcome in
                 self.play.round.outcomes}
        lines = [Content.assemble((f"{due_in(due, now)}: ", "dim"), literal(asked[fact].answer, one_line=True))
                 for fact, due in sorted(self.play.due.items(), key=lambda item: item[1]) if fact in asked]
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.query_one("#do-again").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.results.missed) if action == "review" else True

    @on(Button.Pressed, "#do-again")
    async def action_again(self) -> None:
        self.app.pop_screen()
        await quiz_app(self).start_round(self.entry, self.play.mode)

    @on(Button.Pressed, "#do-review")
    async def action_review(self) -> None:
        if self.results.missed:
            self.app.pop_screen()
            if not await quiz_app(self).start_round(self.entry, Mode.REVIEW):
                quiz_app(self).action_home()  # the store could not say what to review (and said why)

    @on(Button.Pressed, "#do-home")
    def action_home(self) -> None:
        quiz_app(self).action_home()
