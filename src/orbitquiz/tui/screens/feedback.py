"""After each answer: right or wrong, the right answer, how it was judged, and the sentence it came from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from orbitquiz.game import Outcome
from orbitquiz.grading import describe
from orbitquiz.model import Match
from orbitquiz.play import Play
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.text import literal, visible


def verdict_line(outcome: Outcome) -> Content:
    """One line: ✓ or ✗, the points, and how the answer was judged."""
    question = outcome.question
    if outcome.skipped:
        return Content.assemble(("✗ Skipped", "bold $error"), literal(f" — the answer was {question.answer}"))
    verdict = outcome.verdict
    how = describe(verdict)
    if verdict.correct:
        return Content.assemble(("✓ Right", "bold $success"), literal(f" (+{outcome.points}) — {how}"))
    extra = f" (+{outcome.points})" if outcome.points else ""
    return Content.assemble(("✗ Wrong", "bold $error"), literal(f"{extra} — the answer is {question.answer}"),
                            literal(f" ({how})" if verdict.match not in (Match.WRONG, Match.NO_ANSWER) else ""))


def source_sentence(outcome: Outcome) -> Content:
    """The sentence the fact comes from, the fact highlighted (text from the pack, never markup)."""
    source = outcome.question.source
    sentence = literal(source.sentence)  # one character for one: the offsets still hold
    if source.start is not None and source.end is not None:
        sentence = sentence.stylize("bold reverse", source.start, source.end)
    return sentence


class FeedbackScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter", "next", "Next"),
        Binding("space", "next", show=False),
        Binding("n", "next", show=False),
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
                yield Static(literal(f"You answered: {outcome.response}"), id="response")
            feedback = outcome.verdict.feedback if outcome.verdict else None
            for text in (feedback, outcome.question.explanation):
                if text:
                    yield Static(literal(text), classes="explanation")
            yield Static(Content.assemble(("From ", "dim"), (visible(f"{self.source_name()}:", one_line=True), "dim")),
                         classes="from")
            yield Static(source_sentence(outcome), id="sentence")
            yield Static(Content(f"Score {self.play.round.score} · Streak {self.play.round.streak}"), id="tally")
            yield Button("Next", id="next", variant="primary")
        yield KeyBar()

    def source_name(self) -> str:
        source = self.outcome.question.source
        return f"{source.path.rsplit('/', 1)[-1]} line {source.line}"

    def on_mount(self) -> None:
        self.query_one("#next").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_next()

    def action_next(self) -> None:
        self.dismiss(None)
