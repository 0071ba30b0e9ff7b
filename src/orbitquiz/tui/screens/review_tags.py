"""`orbitquiz suggest --review`: the article with its suggested spans, and the questions the one under the cursor
would make; the teacher accepts, drops, retypes or widens each span, marks a span the suggester missed, then writes
the file.

The screen only shows the suggestion and passes the teacher's keys to it (orbitquiz.suggest.Suggestion does the
changes); the questions come from the real reader and generator on the file as it would be written now.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from orbitquiz.suggest import Candidate, Suggestion
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.text import CONTROL_PICTURES, literal, visible

_SUGGESTED = "underline"
_ACCEPTED = "bold underline"
_CURRENT = "reverse"
_MARKED = "reverse italic"


class ReviewTagsScreen(Screen[bool]):
    """Dismissed with True once the file is written, False when the teacher leaves without writing."""

    HELP_PLACE = "Review suggested tags"
    DEFAULT_CSS = """
    ReviewTagsScreen #article { height: 1fr; border: round $primary; padding: 0 1; }
    ReviewTagsScreen .paragraph { margin-bottom: 1; }
    ReviewTagsScreen #span-info { height: auto; max-height: 12; border: round $secondary; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "move(1)", "Next", tooltip="the next suggested span"),
        Binding("left,p", "move(-1)", "Previous", tooltip="the span before"),
        Binding("a", "accept", "Accept", tooltip="keep this span as it is and go to the next"),
        Binding("d,delete", "drop", "Drop", tooltip="remove this span: its text stays plain"),
        Binding("t", "retype", "Retype", tooltip="give the span another type"),
        Binding("w", "widen('right')", "Widen", tooltip="take in the next word on the right"),
        Binding("W", "widen('left')", "Widen left", show=False, tooltip="take in the word on the left"),
        Binding("m", "mark", "Mark new", tooltip="mark a word the suggester missed: → ← move, w W extend, Enter types"),
        Binding("enter", "add", "Type it", tooltip="give the marked words a type: a new span"),
        Binding("s,ctrl+s", "write", "Write file", tooltip="write the tagged article and close"),
        Binding("escape", "cancel_mark", "Cancel", tooltip="leave the marked words as they are"),
        Binding("q,escape", "leave", "Quit", tooltip="close without writing (press twice)"),
    ]
    #: What each key does while words are marked; the span keys wait.
    _WHILE_MARKING = {"move", "widen", "add", "cancel_mark", "write"}
    _ONLY_MARKING = {"add", "cancel_mark"}

    def __init__(self, suggestion: Suggestion, output: Path) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.output = output
        self.index = 0
        self.accepted: set[tuple[int, int]] = set()  # (start, end) of the spans the teacher accepted
        self._leaving = False
        self.mark: tuple[int, int] | None = None  # the words marked for a new span, (start, end) in the plain text
        self._version = 0  # of the suggestion: the questions are made again only after a change
        self._made: tuple[int, list] | None = None
        self._drawn_at: int | None = None  # the paragraph drawn with the cursor in it
        # Paragraphs of the plain text: (start, end), each drawn by its own widget so the view can scroll to one.
        self.paragraphs: list[tuple[int, int]] = []
        start = 0
        plain = suggestion.plain
        while start < len(plain):
            end = plain.find("\n\n", start)
            end = len(plain) if end == -1 else end
            if plain[start:end].strip():
                self.paragraphs.append((start, end))
            start = end + 2

    # --- drawing ---

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="article"):
            for number, _ in enumerate(self.paragraphs):
                yield Static(id=f"paragraph-{number}", classes="paragraph")
        yield Static(id="span-info")
        yield KeyBar()

    def on_mount(self) -> None:
        self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.mark is not None:
            return action in self._WHILE_MARKING or action not in _SCREEN_ACTIONS
        return action not in self._ONLY_MARKING

    @property
    def current(self) -> Candidate | None:
        spans = self.spans
        return spans[self.index] if spans and self.mark is None else None

    @property
    def spans(self) -> list[Candidate]:
        return sorted(self.suggestion.candidates, key=lambda c: c.start)

    def redraw(self, changed: bool = True) -> None:
        """Draw the spans again: every paragraph after a change, only the two the cursor left and reached after a
        move (a long article stays quick to move through)."""
        spans = self.spans
        self.index = max(0, min(self.index, len(spans) - 1))
        current = self.current
        if changed:
            self._version += 1
        reached = self._paragraph_at(self.mark[0] if self.mark else current.start if current else None)
        redrawn = range(len(self.paragraphs)) if changed else \
            {number for number in (self._drawn_at, reached) if number is not None}
        for number in redrawn:
            start, end = self.paragraphs[number]
            inside = [c for c in spans if start <= c.start < end]
            self.query_one(f"#paragraph-{number}", Static).update(self._paragraph(start, end, inside, current))
        self._drawn_at = reached
        self.query_one("#span-info", Static).update(
            self._marked_info() if self.mark else self._info(current, len(spans)))
        if reached is not None:
            self.query_one(f"#paragraph-{reached}").scroll_visible(animate=False)

    def _redraw_paragraph_of(self, candidate: Candidate) -> None:
        """An accepted span is drawn as accepted at once, though the cursor may have left its paragraph."""
        number = self._paragraph_of(candidate)
        if number is not None:
            start, end = self.paragraphs[number]
            inside = [c for c in self.spans if start <= c.start < end]
            self.query_one(f"#paragraph-{number}", Static).update(self._paragraph(start, end, inside, self.current))

    def _paragraph_of(self, candidate: Candidate | None) -> int | None:
        return None if candidate is None else self._paragraph_at(candidate.start)

    def _paragraph_at(self, at: int | None) -> int | None:
        if at is None:
            return None
        starts = [start for start, _ in self.paragraphs]
        number = bisect.bisect_right(starts, at) - 1
        return number if number >= 0 and at < self.paragraphs[number][1] else None

    def _paragraph(self, start: int, end: int, inside: list[Candidate], current: Candidate | None) -> Content:
        plain = self.suggestion.plain
        parts: list[str | tuple[str, str]] = []
        at = start
        marked = [self.mark] if self.mark is not None and start <= self.mark[0] < end else []
        pieces: list[Candidate | tuple[int, int]] = [*inside, *marked]
        for piece in sorted(pieces, key=lambda p: p[0] if isinstance(p, tuple) else p.start):
            if isinstance(piece, tuple):  # the words marked for a new span
                parts.append(visible(plain[at:piece[0]]))
                parts.append((visible(plain[piece[0]:piece[1]], one_line=True), _MARKED))
                parts.append(("·new", "dim"))
                at = piece[1]
                continue
            candidate = piece
            parts.append(visible(plain[at:candidate.start]))
            style = _CURRENT if candidate == current else (
                _ACCEPTED if (candidate.start, candidate.end) in self.accepted else _SUGGESTED)
            parts.append((visible(candidate.text, one_line=True), style))
            parts.append((f"·{candidate.type}", "dim"))
            at = candidate.end
        parts.append(visible(plain[at:end]))
        return Content.assemble(*parts)

    def _marked_info(self) -> Content:
        assert self.mark is not None  # shown only while words are marked
        start, end = self.mark
        text = visible(self.suggestion.plain[start:end], one_line=True)
        return literal(f"Marked for a new span: “{text}”\n→ ← move to another word, w (W) takes in the word on "
                       "the right (left), Enter gives it a type, Esc leaves it plain.")

    def _info(self, current: Candidate | None, count: int) -> Content:
        if current is None:
            return Content("No span is suggested any more: s writes the article as it is, q leaves.")
        reviewed = sum((c.start, c.end) in self.accepted for c in self.suggestion.candidates)
        state = "accepted" if (current.start, current.end) in self.accepted else "suggested"
        lines = [f"Span {self.index + 1} of {count} ({reviewed} accepted): “{visible(current.text, one_line=True)}” "
                 f".{current.type} — {state}"]
        if current.alias_of:
            lines.append(f"is: {visible(current.alias_of, one_line=True)}")
        if current.accept:
            lines.append("accepts: " + " | ".join(visible(a, one_line=True) for a in current.accept))
        questions = self._questions(current)
        lines.append("Questions it would make:" if questions else "It would make no question (the sentence is "
                     "not asked: see the README's rules).")
        lines.extend(f"  {visible(q, one_line=True)}" for q in questions)
        return literal("\n".join(lines))

    def _questions(self, candidate: Candidate) -> list[str]:
        line = self.suggestion.line_of(candidate)
        answers = {" ".join(candidate.text.split()), candidate.alias_of}
        shown = []
        for question in self._made_questions():
            if question.source.line == line and question.answer in answers:
                kind = "choice" if question.kind == "choice" else "typed"
                options = f"  [{' | '.join(question.options)}]" if question.options else ""
                shown.append(f"{kind}: {question.prompt} = {question.answer}{options}")
        return shown

    def _made_questions(self) -> list:
        """The questions of the file as it would be written now (the real reader and generator), made once per
        change of the suggestion."""
        if self._made is None or self._made[0] != self._version:
            from orbitquiz import generate
            from orbitquiz.model import Pack, PackError
            from orbitquiz.readers import tagged

            pack: Pack | None
            try:
                pack = tagged.read(self.suggestion.write(), str(self.output))
            except PackError as error:
                pack = error.pack
            self._made = (self._version, [] if pack is None else generate(pack, 0))
        return self._made[1]

    # --- the teacher's keys ---

    def action_move(self, step: int) -> None:
        self._leaving = False
        if self.mark is not None:
            word = self.suggestion.free_word(self.mark[1] if step > 0 else self.mark[0], step)
            self.mark = word or self.mark
            self.redraw(changed=False)
            return
        if self.spans:
            self.index = (self.index + step) % len(self.spans)
        self.redraw(changed=False)

    def action_accept(self) -> None:
        current = self.current
        if current is None:
            return
        self.accepted.add((current.start, current.end))
        if len(self.accepted & {(c.start, c.end) for c in self.suggestion.candidates}) == len(self.spans):
            self.notify("Every span is reviewed: s writes the file.")
        else:
            self.index += 1
        self._redraw_paragraph_of(current)
        self.redraw(changed=False)

    def action_drop(self) -> None:
        current = self.current
        if current is not None:
            self.suggestion.drop(current)
            self.accepted.discard((current.start, current.end))
            self.redraw()

    def action_retype(self) -> None:
        current = self.current
        if current is None:
            return

        def retyped(type_: str | None) -> None:
            if type_ and self.current == current:
                self.suggestion.retype(current, type_)
                self.redraw()

        self.app.push_screen(RetypeScreen(current.type), retyped)

    def action_widen(self, side: str) -> None:
        if self.mark is not None:
            grown = self.suggestion.grown(*self.mark, side)
            if grown is None:
                self.notify("The marked words cannot grow that way (a line's end, a link or a span).",
                            severity="warning")
            self.mark = grown or self.mark
            self.redraw(changed=False)
            return
        current = self.current
        if current is None:
            return
        wider = self.suggestion.widen(current, side)
        if wider == current:
            self.notify("The span cannot grow that way (a line's end, a link or another span).", severity="warning")
        else:
            self.accepted.discard((current.start, current.end))
            self.index = self.spans.index(wider)
        self.redraw()

    def action_mark(self) -> None:
        """Mark the first free word after the span under the cursor: the start of a span the suggester missed."""
        current = self.current
        word = self.suggestion.free_word(current.end if current else 0)
        if word is None:
            self.notify("Every word of the article is in a span already.", severity="warning")
            return
        self._leaving = False
        self.mark = word
        self.refresh_bindings()
        self.redraw(changed=False)

    def action_cancel_mark(self) -> None:
        self.mark = None
        self.refresh_bindings()
        self.redraw(changed=False)

    def action_add(self) -> None:
        mark = self.mark
        if mark is None:
            return
        text = self.suggestion.plain[mark[0]:mark[1]]

        def typed(type_: str | None) -> None:
            if type_ and self.mark == mark:
                added = self.suggestion.add(*mark, type_)
                self.accepted.add((added.start, added.end))  # the teacher's own: reviewed already
                self.mark = None
                self.index = self.spans.index(added)
                self.refresh_bindings()
                self.redraw()

        self.app.push_screen(RetypeScreen("", new=text), typed)

    def action_write(self) -> None:
        try:
            self.suggestion.save(self.output)
        except OSError as error:
            self.notify(f"{self.output}: cannot write the file: {error.strerror or error}", severity="error")
            return
        self.dismiss(True)

    def action_leave(self) -> None:
        if self._leaving:
            self.dismiss(False)
            return
        self._leaving = True
        self.notify("Nothing is written yet: q again leaves without writing, s writes the file.")


_SCREEN_ACTIONS = {binding.action.split("(")[0] for binding in ReviewTagsScreen.BINDINGS
                   if isinstance(binding, Binding)}


class RetypeScreen(ModalScreen[str | None]):
    """Asks for a span's new type: lowercase letters, digits and '-', as the tagged reader takes it."""

    DEFAULT_CSS = """
    RetypeScreen { align: center middle; }
    RetypeScreen #retype { width: 60; height: auto; border: round $primary; padding: 0 1; background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", tooltip="keep the type")]

    def __init__(self, type_: str, new: str | None = None) -> None:
        super().__init__()
        self.type_ = type_
        self.new = new  # the text of a span being made, or None when an existing one is retyped

    def compose(self) -> ComposeResult:
        with Vertical(id="retype"):
            if self.new is None:
                asked = (f"A new type for the span, now .{self.type_} (e.g. person, place, craft); Enter changes "
                         "it, Esc keeps it:")
            else:
                asked = (f"A type for the new span “{visible(self.new, one_line=True)}” (e.g. person, place, "
                         "number); Enter makes the span, Esc leaves the words plain:")
            yield Static(literal(asked))
            yield Input(placeholder=self.type_ or "person", id="type", highlighter=CONTROL_PICTURES, max_length=40)
            yield Static(id="retype-problem")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from orbitquiz.readers.tagged import TYPE_NAME

        value = event.value.strip()
        if not value:
            self.dismiss(None)
        elif TYPE_NAME.match(value):
            self.dismiss(value)
        else:
            self.query_one("#retype-problem", Static).update(literal(
                f"'{value}' is not a type: use lowercase letters, digits and '-', starting with a letter"))

    def action_cancel(self) -> None:
        self.dismiss(None)
