"""Home: who is playing, which pack, which mode."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.scalar import Scalar
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, OptionList, RadioButton, RadioSet
from textual.widgets.option_list import Option

from orbitquiz.game import Mode
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.name_box import NameBox
from orbitquiz.tui.quiz import PacksReloaded, quiz_app
from orbitquiz.tui.text import literal, visible
from orbitquiz.words import plural


def mode_of(button: RadioButton) -> Mode:
    assert button.name is not None  # each mode's button is named after its mode (compose)
    return Mode(button.name)


class HomeScreen(Screen[None]):
    HELP_PLACE = "Start"
    TEXT_BOX = "your name"  # the letter keys below are typed into it while it has the focus
    HELP_KEYS = (("type", "your name (it is remembered)"), ("↑ ↓, Enter", "pick a pack and start"),
                 ("Tab", "move between name, packs, mode and buttons"))
    BINDINGS = [
        Binding("p", "play", "Play", tooltip="play the highlighted pack in the chosen mode"),
        Binding("s", "stats", "Stats", tooltip="your history, accuracy and streaks"),
        Binding("o", "settings", "Settings", tooltip="theme, questions per round, timer"),
        Binding("r", "reload", "Reload packs", tooltip="look for new or changed pack files"),
        Binding("f1", "app.help", "Help", tooltip="every key and rule (so does f1 on any screen)"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Label("Your name", classes="field")
            yield NameBox("Type your name")
            yield Label("Pack", classes="field")
            yield OptionList(id="packs")
            yield Label("Mode", classes="field")
            with RadioSet(id="mode"):
                for index, mode in enumerate(Mode):
                    yield RadioButton(self.mode_text(mode), value=index == 0, name=mode.value)
            with Horizontal(id="home-buttons"):
                yield Button("Play", id="do-play", variant="primary")
                yield Button("Stats", id="do-stats")
                yield Button("Help", id="do-help")
                yield Button("Settings", id="do-settings")
        yield KeyBar()

    def on_mount(self) -> None:
        name = self.query_one("#name", Input)
        name.value = quiz_app(self).player  # the pack list is filled on_screen_resume, which follows the first mount
        if not name.value:
            name.focus()
        else:
            self.query_one("#packs").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):
            return False  # letter keys belong to the name box while it has the focus
        return not (action == "reload" and self.app.is_web)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    async def on_screen_resume(self) -> None:
        # Back from the settings, perhaps with another round length: the modes and bests say what a round is now.
        for button in self.query_one("#mode", RadioSet).query(RadioButton):
            button.label = self.mode_text(mode_of(button))
        await self.show_packs()

    async def on_packs_reloaded(self, event: PacksReloaded) -> None:
        await self.show_packs()

    def mode_text(self, mode: Mode) -> Content:
        return Content(f"{mode.label} — {quiz_app(self).rules().describe(mode)}")

    def chosen_mode(self) -> Mode:
        pressed = self.query_one("#mode", RadioSet).pressed_button
        return mode_of(pressed) if pressed is not None else Mode.CLASSIC

    async def on_radio_set_changed(self) -> None:
        await self.show_packs()  # the bests shown are the chosen mode's

    async def show_packs(self) -> None:
        """List every pack: its size and your best score at the chosen mode, or why it is broken."""
        app = quiz_app(self)
        mode = self.chosen_mode()
        bests = await app.best_scores([entry.name for entry in app.packs if not entry.broken], mode)
        packs = self.query_one("#packs", OptionList)
        highlighted = packs.highlighted
        packs.clear_options()
        for entry in app.packs:
            if entry.broken or entry.pack is None:
                text = Content.assemble((visible(entry.name, one_line=True), "bold"), " — broken: ",
                                        literal(str(entry.problem)))
                packs.add_option(Option(text, id=entry.name, disabled=True))
                continue
            facts, questions = len(entry.pack.facts), len(entry.pack.questions)
            size = plural(facts, "fact") if facts else plural(questions, "question")
            best = bests.get(entry.name)
            text = Content.assemble((visible(entry.name, one_line=True), "bold"),
                                    literal(f" — {entry.pack.title} · {size}", one_line=True),
                                    f" · best {best}" if best is not None else "")
            packs.add_option(Option(text, id=entry.name))
        if packs.option_count:
            packs.highlighted = highlighted if highlighted is not None else 0
            if packs.get_option_at_index(packs.highlighted).disabled:
                packs.action_cursor_down()
        self.call_after_refresh(self.fit_packs)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_packs)

    def fit_packs(self) -> None:
        """The list takes the rows to spare (height 1fr in the CSS), but no more than its packs need: a list of five
        is not a box of thirty rows."""
        packs = self.query_one("#packs", OptionList)
        needed = packs.virtual_size.height + packs.styles.gutter.height
        if packs.virtual_size.height and packs.styles.max_height != Scalar.from_number(needed):
            packs.styles.max_height = needed

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#packs").focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        await self.action_play()

    # The screen's own actions, not the app's: check_action hides them from the key bar while a name is typed.
    @on(Button.Pressed, "#do-stats")
    def action_stats(self) -> None:
        self.app.push_screen("stats")

    @on(Button.Pressed, "#do-help")
    def action_help(self) -> None:
        quiz_app(self).action_help()

    @on(Button.Pressed, "#do-settings")
    def action_settings(self) -> None:
        self.app.push_screen("settings")

    def action_reload(self) -> None:
        quiz_app(self).action_reload_packs()

    @on(Button.Pressed, "#do-play")
    async def action_play(self) -> None:
        name = " ".join(self.query_one("#name", Input).value.split())
        if not name:
            self.notify("Type your name first.", severity="warning")
            self.query_one("#name").focus()
            return
        packs = self.query_one("#packs", OptionList)
        if packs.highlighted is None:
            self.notify("There is no playable pack.", severity="warning")
            return
        app = quiz_app(self)
        pack_name = packs.get_option_at_index(packs.highlighted).id
        entry = app.find_pack(pack_name) if pack_name is not None else None
        if entry is None or entry.broken:
            return
        app.player = name
        await app.start_round(entry, self.chosen_mode())
