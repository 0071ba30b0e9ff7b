"""The teacher's host screen for a live class game (``orbitquiz host``): a Textual app that runs the game's server
in its own asyncio loop and shows the board.

The lobby shows the addresses students type, the join code, a QR code of the address and the players as they
join; Enter or Space moves the game on; k kicks a player, s skips the open question, e ends the game (each asks
first where a slip would cost the class). Everything shown comes from :meth:`LiveGame.board_view`: the host screen
only shows the state and feeds it events. Nicknames and pack text are drawn literally (control characters made
visible, never markup).
"""

from __future__ import annotations

import functools
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from orbitquiz.live.server import LiveServer
from orbitquiz.live.session import LiveSession
from orbitquiz.live.state import LiveError, Phase
from orbitquiz.netsafety import ServeError, addresses, url_host
from orbitquiz.plain import visible
from orbitquiz.tui.keys import KeyBar

#: The widest bar of the reveal, in cells.
BAR = 30
#: Light modules around a QR code: the quiet zone its standard asks for, which a dark terminal does not give.
QR_BORDER = 4


@functools.lru_cache(maxsize=4)
def qr_text(data: str) -> Text:
    """A QR code of ``data`` in half blocks, two modules a character cell, dark on light (as scanners want)."""
    import segno  # only the lobby needs it

    rows = [list(row) for row in segno.make(data, error="m").matrix_iter(scale=1, border=QR_BORDER)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    glyphs = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
    lines = ["".join(glyphs[(bool(top), bool(bottom))] for top, bottom in zip(upper, lower, strict=True))
             for upper, lower in zip(rows[0::2], rows[1::2], strict=True)]
    return Text("\n".join(lines), style="black on white", no_wrap=True)


def shown(text: str) -> str:
    """Text from a pack or a player, as the terminal may draw it."""
    return visible(text, one_line=True)


class ConfirmScreen(ModalScreen[bool]):
    """Asked before what the class cannot take back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,y", "yes", "Yes"), Binding("escape,n", "no", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
        yield KeyBar()

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class KickScreen(ModalScreen[str | None]):
    """Pick the player to remove (Enter), or Esc for none."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, nicknames: list[str]) -> None:
        super().__init__()
        self.nicknames = nicknames

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Remove which player from the game? (Enter removes, Esc cancels)")
            yield OptionList(*(Option(shown(name), id=str(i)) for i, name in enumerate(self.nicknames)), id="kick")
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.nicknames[int(event.option.id or 0)])  # every option has its index as its id

    def action_cancel(self) -> None:
        self.dismiss(None)


class HostApp(App[None]):
    TITLE = "orbitquiz host"
    CSS = """
    #top { height: auto; padding: 0 1; background: $panel; }
    #main { height: 1fr; }
    #board { width: 1fr; padding: 1 2; }
    #side { width: 42; padding: 1 1; border-left: solid $panel-lighten-2; }
    ConfirmScreen, KickScreen { align: center middle; }
    .dialog { width: 64; height: auto; max-height: 80%; border: thick $accent; background: $surface; padding: 1 2; }
    #kick { height: auto; max-height: 20; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter and Space move the game on; one binding a step, so the key bar names what the next step is.
        Binding("enter,space", "start", "Start", tooltip="ask the first question"),
        Binding("enter,space", "reveal", "Reveal", tooltip="show the answer and how the class answered"),
        Binding("enter,space", "leaderboard", "Leaderboard", tooltip="show the ranking"),
        Binding("enter,space", "podium", "Podium", tooltip="end with the podium"),
        Binding("enter,space", "next_question", "Next question", tooltip="ask the next question"),
        Binding("k", "kick", "Kick", tooltip="remove a player from the game"),
        Binding("s", "skip", "Skip question", tooltip="drop the open question; its answers do not count"),
        Binding("e", "end", "End game", tooltip="go to the podium now"),
        Binding("ctrl+q", "quit", "Quit", tooltip="stop the server and the game"),
    ]

    def __init__(self, session: LiveSession, *, host: str = "127.0.0.1", port: int = 8000) -> None:
        super().__init__()
        self.session = session
        self.server = LiveServer(session, host=host, port=port)
        self.problem: str | None = None  # why the server could not start, for the command line to print
        self._redraw_soon: Timer | None = None

    # --- layout ----------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="top")
        with Horizontal(id="main"):
            with VerticalScroll(id="board-scroll"):
                yield Static(id="board")
            with VerticalScroll(id="side"):
                yield Static(id="qr")
                yield Static(id="players")
        yield KeyBar()

    async def on_mount(self) -> None:
        try:
            await self.server.start()
        except ServeError as error:
            self.problem = str(error)
            self.exit()
            return
        self.session.listeners.append(self.changed)
        if self.session.game.seconds is not None:
            self.set_interval(0.5, self.redraw)  # the countdown
        self.redraw()

    async def on_unmount(self) -> None:
        if self.server.url and self.session.game.phase is not Phase.PODIUM:
            self.session.end()  # quit mid-game: every player's round is kept as ended early, not left open
        await self.server.stop()

    # --- what the teacher sees -------------------------------------------------------------------------------

    def join_urls(self) -> list[str]:
        return [f"http://{url_host(address)}:{self.server.port}/" for address in addresses(self.server.host)]

    def changed(self, token: str | None) -> None:
        """The game changed from the network (a join, an answer): redraw a moment later, once for a burst of them,
        so a class of a hundred joining or answering at once does not queue a hundred redraws before the teacher's
        next key."""
        if self._redraw_soon is None:
            self._redraw_soon = self.set_timer(0.1, self.redraw)

    def redraw(self) -> None:
        self._redraw_soon = None
        if not self.server.url or not self.is_running:
            # Not serving yet (a timer runs only once the app is mounted), or closing: a redraw timed by the last
            # change can fire after the screen's widgets are gone and before the app's timers stop.
            return
        view = self.session.board_view()
        phase = Phase(view["phase"])
        urls = self.join_urls()
        top = Text()
        top.append(f"Join at {' or '.join(urls)}  ", style="bold")
        top.append(f"code {view['code']}", style="bold reverse")
        top.append(f"   screen for a projector: {urls[0]}screen?key={self.server.screen_key}")
        if self.session.store_problem:
            top.append(f"\n{self.session.store_problem}", style="bold red")
        self.query_one("#top", Static).update(top)
        self.query_one("#board", Static).update(self.board(view))
        qr = self.query_one("#qr", Static)
        qr.display = phase is Phase.LOBBY
        if phase is Phase.LOBBY:
            qr.update(qr_text(f"{urls[0]}?code={view['code']}"))
        players = Text(f"{len(view['players'])} player{'s' if len(view['players']) != 1 else ''}\n", style="bold")
        for name in view["players"]:
            waiting = name in view["waiting"]
            players.append(("… " if waiting else "  ") + shown(name) + "\n", style="dim" if waiting else "")
        self.query_one("#players", Static).update(players)
        self.refresh_bindings()

    def board(self, view: dict) -> Text:
        phase = Phase(view["phase"])
        text = Text()
        question = view["question"]
        if phase is Phase.LOBBY:
            text.append("Lobby\n\n", style="bold")
            text.append("Students open the address above (or scan the code) and type the join code and a nickname.\n"
                        "Press Enter or Space to start.")
            return text
        if phase is Phase.PODIUM:
            return self.podium(view)
        text.append(f"Question {question['number']} of {question['total']}\n\n", style="bold")
        text.append(shown(question["prompt"]) + "\n\n", style="bold")
        if phase is Phase.QUESTION:
            for number, option in enumerate(question["options"], 1):
                text.append(f"  {number}. {shown(option)}\n")
            text.append(f"\n{view['answered']} answered, {len(view['waiting'])} to go")
            if view["time_left"] is not None:
                text.append(f" · {view['time_left']:.0f} s left")
            text.append(". Enter reveals the answer.")
            return text
        reveal = view["reveal"]
        if phase is Phase.REVEAL and reveal is not None:
            text.append("Answer: ", style="bold")
            text.append(shown(reveal["answer"]) + "\n", style="bold green")
            text.append(shown(reveal["sentence"]) + "\n\n", style="italic")
            text.append(f"{reveal['right']} of {reveal['answered']} right\n")
            if "options" in reveal:
                most = max([1, *(row["count"] for row in reveal["options"])])
                width = max(len(shown(row["option"])) for row in reveal["options"])
                for row in reveal["options"]:
                    mark = "✔" if row["right"] else " "
                    bar = "█" * round(BAR * row["count"] / most)
                    text.append(f"{mark} {shown(row['option']):<{width}} ")
                    text.append(bar or "▏", style="green" if row["right"] else "blue")
                    text.append(f" {row['count']}\n")
            else:
                if reveal["accepted"]:
                    text.append("Right: " + ", ".join(shown(a) for a in reveal["accepted"]) + "\n", style="green")
                for row in reveal["common_wrong"]:
                    text.append(f"  ✘ {shown(row['response'])}: {row['count']}\n")
            if reveal["missing"]:
                text.append("\nNo answer from: " + ", ".join(shown(n) for n in reveal["missing"]) + "\n", style="dim")
            return text
        text.append("Leaderboard\n\n", style="bold")
        for row in view["ranking"][:10]:
            text.append(f"{row['rank']:>3}. {shown(row['nickname'])}  {row['score']}\n")
        return text

    @staticmethod
    def podium(view: dict) -> Text:
        text = Text("Podium\n\n", style="bold")
        places = {1: "1st", 2: "2nd", 3: "3rd"}
        for row in view["ranking"][:3]:
            text.append(f"  {places.get(row['rank'], row['rank'])}  {shown(row['nickname'])}  {row['score']}\n",
                        style="bold")
        if len(view["ranking"]) > 3:
            text.append("\nEveryone\n", style="bold")
            for row in view["ranking"]:
                text.append(f"{row['rank']:>3}. {shown(row['nickname'])}  {row['score']}\n")
        text.append("\nThe scores are saved. Ctrl+Q stops the server.")
        return text

    # --- keys ------------------------------------------------------------------------------------------------

    def advance_step(self) -> str | None:
        """What Enter/Space does now: the action of one of its bindings."""
        game = self.session.game
        last = game.index + 1 >= len(game.questions)
        return {Phase.LOBBY: "start", Phase.QUESTION: "reveal", Phase.REVEAL: "podium" if last else "leaderboard",
                Phase.LEADERBOARD: "next_question"}.get(game.phase)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The key bar shows the keys that do something now."""
        phase = self.session.game.phase
        if action in ("start", "reveal", "leaderboard", "podium", "next_question"):
            return action == self.advance_step()
        if action in ("skip",):
            return phase is Phase.QUESTION
        if action in ("end", "kick"):
            return phase is not Phase.PODIUM and (action == "end" or bool(self.session.game.active))
        return True

    def action_start(self) -> None:
        self._act(self.session.advance)

    action_reveal = action_leaderboard = action_podium = action_next_question = action_start

    def action_skip(self) -> None:
        self._act(self.session.skip)

    def action_end(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._act(self.session.end)

        self.push_screen(ConfirmScreen("End the game now and show the podium? (Enter: yes, Esc: no)"), answered)

    def action_kick(self) -> None:
        def chosen(nickname: str | None) -> None:
            if nickname is not None:
                self._act(lambda: self.session.kick(nickname))

        self.push_screen(KickScreen([p.nickname for p in self.session.game.active]), chosen)

    def _act(self, event) -> None:
        try:
            event()
        except LiveError as error:
            self.notify(str(error), severity="warning")
        self.redraw()  # the teacher's own key shows at once
