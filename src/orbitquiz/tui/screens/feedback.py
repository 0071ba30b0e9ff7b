"""After each answer: right or wrong, the right answer, how it was judged, and the sentence it came from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from orbitquiz.game import Mode, Outcome
from orbitquiz.grading import describe
from orbitquiz.model import Match
from orbitquiz.play import Play, utc_now
from orbitquiz.review import due_in
from orbitquiz.selections import shown
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.text import literal, visible


def points_text(outcome: Outcome) -> str:
    """`` (+5, halved by the hint)``: the points, and why they are fewer when a hint was taken."""
    return f" (+{outcome.points}, halved by the hint)" if outcome.hinted else f" (+{outcome.points})"


def verdict_line(outcome: Outcome) -> Content:
    """One line: ✓ or ✗, the points, and how the answer was judged. The right answer is always "the answer is"."""
    question = outcome.question
    if outcome.skipped:
        label = "✗ Time's up" if outcome.timed_out else "✗ Skipped"
        return Content.assemble((label, "bold $error"), literal(f" — the answer is {question.answer}"))
    verdict = outcome.verdict
    assert verdict is not None  # only a skip has none
    how = describe(verdict)
    if verdict.correct:
        return Content.assemble(("✓ Right", "bold $success"), literal(f"{points_text(outcome)} — {how}"))
    extra = points_text(outcome) if outcome.points else ""
    return Content.assemble(("✗ Wrong", "bold $error"), literal(f"{extra} — the answer is {question.answer}"),
                            literal(f" ({how})" if verdict.match not in (Match.WRONG, Match.NO_ANSWER) else ""))


def source_sentence(outcome: Outcome) -> Content:
    """The sentence the fact comes from, the fact highlighted (text from the pack, never markup)."""
    source = outcome.question.source
    sentence = literal(source.sentence)  # one character for one: the offsets still hold
    if source.start is not None and source.end is not None:
        sentence = sentence.stylize("bold reverse", source.start, source.end)
    return sentence


class NextLine(Static, can_focus=True):
    """The line that goes on to the next question, for the mouse; the screen's keys (Enter …) do it too.

    A line rather than a Button, as a question's options are: a Button (three rows, bordered, with large CSS) made
    about a tenth of each question's CPU in a game, mounted with every verdict (bench/README.md)."""

    def __init__(self) -> None:
        super().__init__(literal("→ Next question (Enter)"), id="next", classes="option")

    async def on_click(self) -> None:
        await self.run_action("screen.next")


class FeedbackScreen(ModalScreen[None]):
    HELP_PLACE = "Feedback"
    # Focused by Textual once composed; a focus from on_mount failed when a quick key had closed the box already
    AUTO_FOCUS = "#next"
    BINDINGS = [
        Binding("enter", "next", "Next", tooltip="next question"),
        Binding("space", "next", show=False),
        Binding("n", "next", show=False),
        Binding("escape", "next", show=False),  # closes the box, as Esc closes every other box
    ]

    def __init__(self, outcome: Outcome, play: Play) -> None:
        super().__init__()
        self.outcome = outcome
        self.play = play

    def compose(self) -> ComposeResult:
        outcome = self.outcome
        right = outcome.correct
        with Vertical(id="feedback", classes="right" if right else "wrong"):
            yield Static(verdict_line(outcome), id="verdict")
            if outcome.response and not right:
                said = "You had typed" if outcome.timed_out else "You answered"
                yield Static(literal(f"{said}: {shown(outcome.question, outcome.response)}"), id="response")
            feedback = outcome.verdict.feedback if outcome.verdict else None
            for text in (feedback, outcome.question.explanation):
                if text:
                    yield Static(literal(text), classes="explanation")
            yield Static(Content.assemble(("From ", "dim"), (visible(f"{self.source_name()}:", one_line=True), "dim")),
                         classes="from")
            yield Static(source_sentence(outcome), id="sentence")
            due = self.play.due.get(outcome.question.fact_id or outcome.question.id)
            if due is not None and self.play.mode is Mode.REVIEW:
                yield Static(Content(f"Next review of this fact: {due_in(due, utc_now())}"), id="due")
            yield Static(Content(f"Score {self.play.round.score} · Streak {self.play.round.streak}"), id="tally")
            yield NextLine()
        yield KeyBar()

    def source_name(self) -> str:
        source = self.outcome.question.source
        return f"{source.path.rsplit('/', 1)[-1]} line {source.line}"

    def action_next(self) -> None:
        self.dismiss(None)
