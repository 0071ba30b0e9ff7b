"""A question: the prompt, then options to pick (1–4 or the mouse), options to tick (choose all that apply: space
or their number, then Enter), items to match (each item's match by its number, space or a click, then Enter), or
an answer to type (Enter)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from orbitquiz.game import Mode, Outcome
from orbitquiz.model import Question
from orbitquiz.play import Play
from orbitquiz.readers.library import PackEntry
from orbitquiz.tui.keys import key_bar_after_first_frame
from orbitquiz.tui.text import CONTROL_PICTURES, literal, visible

#: What the number keys do, by the kind of question on screen (the key bar says it).
ANSWER_WORDS = {"choice": "Answer", "multi": "Tick", "match": "Match"}

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.widgets import Input  # imported when the first fill-in question needs one


class OptionLine(Static, can_focus=True):
    """One option of a multiple-choice question, its text shown literally: click it, or focus it and press Enter.

    A line rather than a Button: four buttons of three rows each crowd an 80×24 screen, and cost the first
    question a noticeable part of its start-up time."""

    HELP_PLACE = "Question"
    BINDINGS = [
        Binding("enter,space", "choose", "Answer", show=False, tooltip="answer with the highlighted option"),
        Binding("up", "app.focus_previous", show=False, tooltip="move between the options"),
        Binding("down", "app.focus_next", show=False),
    ]

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str) -> None:
        super().__init__(literal(f"{index + 1}  {text}"), classes="option")
        self.index = index

    def on_click(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.index))


class ToggleLine(Static, can_focus=True):
    """One option of a choose-all-that-apply question: space, its number or a click ticks it (or unticks it);
    Enter checks the answer with the options ticked."""

    HELP_PLACE = "Question"
    BINDINGS = [
        Binding("space", "tick", "Tick", tooltip="tick or untick the highlighted option (choose all that apply)"),
        Binding("enter", "submit", "Check", tooltip="check the answer: the options ticked"),
        Binding("up", "app.focus_previous", show=False, tooltip="move between the options"),
        Binding("down", "app.focus_next", show=False),
    ]

    class Toggled(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str) -> None:
        super().__init__(classes="option")
        self.index, self.text, self.ticked = index, text, False
        self.show_state()

    def show_state(self) -> None:
        self.update(literal(f"[{'x' if self.ticked else ' '}] {self.index + 1}  {self.text}"))

    def toggle(self) -> None:
        self.ticked = not self.ticked
        self.show_state()

    def on_click(self) -> None:
        self.action_tick()

    def action_tick(self) -> None:  # not action_toggle: every DOMNode has one, which toggles an attribute
        self.post_message(self.Toggled(self.index))

    def action_submit(self) -> None:
        self.post_message(Submitted())


class MatchLine(Static, can_focus=True):
    """One item of a matching question and the match chosen for it: the match's number, or space (or a click)
    for the next match, left for the one before; Enter checks the answer."""

    HELP_PLACE = "Question"
    BINDINGS = [
        Binding("space", "step(1)", "Next match", tooltip="the next match for the highlighted item (or click it)"),
        Binding("right", "step(1)", show=False),
        Binding("left", "step(-1)", show=False, tooltip="the match before, for the highlighted item"),
        Binding("enter", "submit", "Check", tooltip="check the answer: the matches chosen"),
        Binding("up", "app.focus_previous", show=False, tooltip="move between the items"),
        Binding("down", "app.focus_next", show=False),
    ]

    def __init__(self, index: int, item: str, matches: tuple[str, ...]) -> None:
        super().__init__(classes="option")
        self.index, self.item, self.matches = index, item, matches
        self.choice: int | None = None
        self.show_state()

    def show_state(self) -> None:
        match = "?" if self.choice is None else f"{self.choice + 1} {self.matches[self.choice]}"
        self.update(literal(f"{self.item}  →  {match}"))

    def choose(self, choice: int) -> None:
        self.choice = choice
        self.show_state()

    def on_click(self) -> None:
        self.action_step(1)

    def action_step(self, step: int) -> None:
        start = -1 if self.choice is None and step > 0 else 0 if self.choice is None else self.choice
        self.choose((start + step) % len(self.matches))

    def action_submit(self) -> None:
        self.post_message(Submitted())


class CheckLine(Static, can_focus=True):
    """The line that checks a choose-all or matching answer, for the mouse (and Enter)."""

    HELP_PLACE = "Question"
    BINDINGS = [Binding("enter,space", "submit", "Check", show=False, tooltip="check the answer")]

    def __init__(self) -> None:
        super().__init__(literal("✓ Check my answer (Enter)"), classes="option check")

    def on_click(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        self.post_message(Submitted())


class Submitted(Message):
    """The player checks a choose-all or matching answer as it stands."""


class QuestionScreen(Screen[None]):
    HELP_PLACE = "Question"
    TEXT_BOX = "an answer"  # the letter keys below are typed into a fill-in question's answer box
    HELP_KEYS = (("type, Enter", "answer a fill-in question"),)
    BINDINGS = [
        # The key bar shows "1–N" for the question on screen (active_bindings); the help shows the most there is.
        Binding("1", "choose(0)", "Answer", key_display="1–9",
                tooltip="answer a multiple-choice question (or click an option); tick an option of a choose-all "
                        "question; match the highlighted item"),
        Binding("2", "choose(1)", show=False),
        Binding("3", "choose(2)", show=False),
        Binding("4", "choose(3)", show=False),
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(5, 10)),  # more options than four
        Binding("f2", "hint", "Hint", tooltip="show the hint (the question then scores half)"),
        Binding("h", "hint", show=False),
        Binding("escape", "skip", "Skip", tooltip="skip (scores 0 and breaks your streak)"),
        Binding("s", "skip", show=False),
        Binding("f9", "quit_round", "End round", tooltip="end the round now (asks first)"),
        Binding("q", "quit_round", show=False),
    ]

    def __init__(self, play: Play, entry: PackEntry) -> None:
        super().__init__()
        self.play = play
        self.entry = entry
        self.finished = False
        self.status_text = ""  # what the status line shows
        self.sub_title = visible(entry.name, one_line=True)

    def compose(self) -> ComposeResult:
        # The first question is composed with the screen, so its first frame is complete: mounting it afterwards
        # would lay out and draw the screen again before the player sees anything.
        first = self.play.round.current
        yield Static(id="status", markup=False)
        with Vertical(id="question"):
            yield Static(literal(first.prompt) if first else "", id="prompt", markup=False)
            yield Static(id="hint", markup=False)
            with Vertical(id="options"):
                if first is not None and first.kind != "fill":
                    yield from self.option_lines(first)
            # The answer box is built only when a question needs it: a round of multiple-choice never does.
            if first is not None and first.kind == "fill":
                yield self.answer_box()
            yield Static(id="last", markup=False)

    @staticmethod
    def option_lines(question: Question) -> list[Static]:
        """The lines a question offers: options to pick, options to tick, or items to match (then what checks)."""
        if question.kind == "multi":
            return [*(ToggleLine(index, text) for index, text in enumerate(question.options)), CheckLine()]
        if question.kind == "match":
            matches = "   ".join(f"{n}  {text}" for n, text in enumerate(question.options, start=1))
            return [*(MatchLine(index, item, question.options) for index, (item, _) in enumerate(question.pairs)),
                    Static(literal(f"Matches:   {matches}"), classes="matches", markup=False), CheckLine()]
        return [OptionLine(index, text) for index, text in enumerate(question.options)]

    @staticmethod
    def answer_box() -> Input:
        from textual.widgets import Input

        return Input(placeholder="Type your answer, then Enter", id="answer", max_length=200,
                     highlighter=CONTROL_PICTURES)

    def answer_box_mounted(self) -> Input | None:
        """The answer box, once a fill-in question has needed one (the one widget with that id)."""
        return cast("Input | None", self.query_one_optional("#answer"))

    def on_mount(self) -> None:
        if self.play.round.clocked:  # else nothing to tick for (and thirty tabs would, four times a second)
            self.set_interval(0.25, self.tick)
        if self.play.round.current is None:
            self.finish()
            return
        self.present()
        key_bar_after_first_frame(self)

    # --- showing --------------------------------------------------------------------------------------------

    async def show_question(self) -> None:
        """Replace the question on screen with the round's current one."""
        question = self.play.round.current
        if question is None:
            self.finish()
            return
        self.query_one("#prompt", Static).update(literal(question.prompt))
        self.query_one("#hint", Static).update("")
        options = self.query_one("#options", Vertical)
        await options.remove_children()  # before the new ones arrive, so keys never reach an old option
        answer = self.answer_box_mounted()
        if question.kind != "fill":
            await options.mount_all(self.option_lines(question))
        elif answer is None:
            await self.query_one("#question", Vertical).mount(self.answer_box(), before="#last")
        self.present()

    def present(self) -> None:
        """The current question's widgets are in place: show the right ones, focus, and start its clock."""
        question = self.play.round.current
        assert question is not None
        choice = question.kind != "fill"  # options on screen, of whichever kind
        self.query_one("#options", Vertical).display = choice
        answer = self.answer_box_mounted()
        if answer is not None:
            answer.value = ""
            answer.display = not choice
        if choice:
            self.set_focus(self.query("#options > .option").first())  # at once: the next key may be its own
        elif answer is not None:
            answer.focus()
        self.play.show()
        self.refresh_bindings()
        self.update_status()

    def update_status(self) -> None:
        game = self.play.round
        number = min(len(game.outcomes) + 1, len(game.questions))
        total = "" if game.mode in (Mode.TIMED, Mode.SUDDEN_DEATH) else f"/{len(game.questions)}"
        parts = [game.mode.label, f"Question {number}{total}", f"Score {game.score}", f"Streak {game.streak}"]
        left = game.time_left(self.play.clock())
        if left is not None:
            parts.append(f"⏱ {int(left + 0.999)} s")
        if self.play.store_problem:
            parts.append("scores not kept")
        status = "  ·  ".join(parts)
        if status != self.status_text:  # the clock ticks four times a second: draw only what changed
            self.status_text = status
            self.query_one("#status", Static).update(status)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's keys, the answer key saying how many options this question has ("1–2" for True/False)."""
        bindings = super().active_bindings
        question = self.play.round.current
        first = bindings.get("1")
        if first is not None and question is not None and question.kind != "fill":
            shown = replace(first.binding, key_display=f"1–{len(question.options)}",
                            description=ANSWER_WORDS[question.kind])
            bindings["1"] = first._replace(binding=shown)
        return bindings

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        question = self.play.round.current
        if action == "choose":
            index = parameters[0]
            return question is not None and question.kind != "fill" and isinstance(index, int) and \
                index < len(question.options)
        if action == "hint":
            return question is not None and bool(question.hint)
        return True

    # --- playing --------------------------------------------------------------------------------------------

    async def tick(self) -> None:
        if self.app.screen is not self or self.finished:
            return  # the feedback screen is up; the question's clock was already settled
        answer = self.answer_box_mounted()
        typed = answer.value if answer is not None and answer.display else ""
        outcome = self.play.time_up(typed)
        if outcome is not None:
            await self.answered(outcome)
        elif self.play.round.over:
            self.finish()
        else:
            self.update_status()

    async def action_choose(self, index: int) -> None:
        """A number key: picks that option, ticks it (choose all), or makes it the highlighted item's match."""
        question = self.play.round.current
        if question is None or question.kind == "fill" or index >= len(question.options):
            return
        if question.kind == "multi":
            self.query(ToggleLine)[index].toggle()
        elif question.kind == "match":
            lines = list(self.query(MatchLine))
            line = self.focused if isinstance(self.focused, MatchLine) else next(
                (item for item in lines if item.choice is None), lines[0])
            line.choose(index)
            later = lines[lines.index(line) + 1 :]
            # On to the next item, at once: keys typed fast (a browser tab sends them together) must each reach
            # the item after the one before, and Widget.focus would only move the focus after them.
            self.set_focus(later[0] if later else self.query_one(CheckLine))
        else:
            await self.answered(self.play.answer(question.options[index]))

    def on_toggle_line_toggled(self, event: ToggleLine.Toggled) -> None:
        self.query(ToggleLine)[event.index].toggle()

    async def on_submitted(self, event: Submitted) -> None:
        """Check a choose-all or matching answer: the options ticked, or the match chosen for each item."""
        from orbitquiz.selections import matches_response, selection_response

        question = self.play.round.current
        if question is None or self.app.screen is not self:
            return
        if question.kind == "multi":
            response = selection_response(line.text for line in self.query(ToggleLine) if line.ticked)
        elif question.kind == "match":
            response = matches_response({line.item: line.matches[line.choice] for line in self.query(MatchLine)
                                         if line.choice is not None})
        else:
            return
        await self.answered(self.play.answer(response))

    async def on_option_line_chosen(self, event: OptionLine.Chosen) -> None:
        await self.action_choose(event.index)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() and self.play.round.current is not None:
            await self.answered(self.play.answer(event.value))

    def action_hint(self) -> None:
        hint = self.play.round.take_hint()
        if hint:
            self.query_one("#hint", Static).update(literal(f"Hint: {hint}  (this question now scores half)"))

    async def action_skip(self) -> None:
        if self.play.round.current is not None:
            await self.answered(self.play.skip())

    def action_quit_round(self) -> None:
        from orbitquiz.tui.screens.confirm import ConfirmEndScreen

        def ended(end: bool | None) -> None:
            if end:
                self.finish()

        self.app.push_screen(ConfirmEndScreen(), ended)

    async def answered(self, outcome: Outcome) -> None:
        """Show how the answer was judged: a feedback screen, or a line in timed mode where the clock runs."""
        from orbitquiz.tui.screens.feedback import FeedbackScreen, verdict_line

        if self.play.mode is Mode.TIMED:
            self.query_one("#last", Static).update(verdict_line(outcome))
            await self.show_question()
        else:
            self.app.push_screen(FeedbackScreen(outcome, self.play), lambda _: self.show_question())

    def finish(self) -> None:
        from orbitquiz.tui.screens.results import ResultsScreen

        if self.finished:
            return  # a clock tick may come before the switch to the results screen completes
        self.finished = True
        results = self.play.finish()
        self.app.switch_screen(ResultsScreen(results, self.play, self.entry))
