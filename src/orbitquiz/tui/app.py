"""The Textual app: screens for each place in the game, all state kept in the core (Play, Store, library)."""

from __future__ import annotations

import asyncio
import getpass
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from orbitquiz import review
from orbitquiz.game import Mode, Round, Rules, choose_questions
from orbitquiz.generate import generate
from orbitquiz.play import Play, utc_now
from orbitquiz.readers.cache import PackCache
from orbitquiz.readers.library import PackEntry, find, library_folders, load_library, load_named
from orbitquiz.settings import FixedSettings, PlayerSettings, SettingName, Settings
from orbitquiz.store import SettingValue, Store, StoreError, default_data_dir
from orbitquiz.tui.quiz import PacksReloaded, StartRequest
from orbitquiz.tui.text import visible
from orbitquiz.tui.textual_fixes import terminal_hung_up
from orbitquiz.words import plural

if TYPE_CHECKING:
    from orbitquiz.reports import LeaderboardRow

__all__ = ["OrbitQuizApp", "StartRequest"]  # StartRequest lives in tui/quiz.py, which the screens share

T = TypeVar("T")

#: The web fonts of Rich's SVG export (one or more url(...) format(...) entries of a @font-face), and ours.
_REMOTE_FONT = re.compile(r'url\("https?://[^"]*"\)\s*format\("[^"]*"\)(?:,\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\))*')
_LOCAL_FONT = 'url("/assets/fonts/DejaVuSansMono{}.ttf") format("truetype")'

HANG_UP_CHECK_SECONDS = 1.0  # how soon a game whose terminal has gone notices and ends
#: The terminal's default player for its next game; a global setting (a tab never writes it).
LAST_PLAYER = "last_player"


# The screens opened by name (push_screen("help")). Each module is imported when its screen is first shown, so
# the first frame waits for none of them (the help's Markdown alone takes 0.1 s to import, the stats' table 40 ms).
# Textual keeps a named screen once made: each shows what is current when it is shown again (on_screen_resume).
def _home_screen() -> Screen[None]:
    from orbitquiz.tui.screens.home import HomeScreen

    return HomeScreen()


def _help_screen() -> Screen[None]:
    from orbitquiz.tui.screens.help import HelpScreen

    return HelpScreen()


def _stats_screen() -> Screen[None]:
    from orbitquiz.tui.screens.stats import StatsScreen

    return StatsScreen()


def _settings_screen() -> Screen[None]:
    from orbitquiz.tui.screens.settings import SettingsScreen

    return SettingsScreen()


class OrbitQuizApp(App[None]):
    CSS_PATH = Path(__file__).with_name("orbitquiz.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "orbitquiz"
    SCREENS = {"home": _home_screen, "help": _help_screen, "stats": _stats_screen, "settings": _settings_screen}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # F1 reaches the app from anywhere (no widget takes it); shown in the key bar by the start screen only, so
        # the other screens' bars stay as short as they were. "?" is a priority binding, so it comes before the
        # focused widget: a text box still takes it as text (an answer, the palette's search), but the name box
        # leaves it to the help (NameBox).
        Binding("f1", "help", "Help", show=False,
                tooltip="this list of keys and rules (in a typed answer ? is text: use f1 there)"),
        Binding("question_mark", "help", show=False, priority=True),
    ]

    def __init__(self, data_dir: Path | None = None, pack_folders: Sequence[Path] = (),
                 start: StartRequest | None = None, player: str | None = None,
                 fixed: FixedSettings = FixedSettings()) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.pack_folders = list(pack_folders)
        self.start = start
        self.store: Store | None = None
        self.store_problem: str | None = None
        self._packs: list[PackEntry] | None = None  # the library is parsed when first needed
        self._store_problems_said: set[str] = set()
        #: The settings of whoever is playing (``player``), and the class's fixed ones.
        self.settings = Settings(None, fixed)
        #: True while the app shows a saved theme: that is no choice of the player's, so nothing is saved.
        self._showing_saved_theme = False
        self._player = ""
        self.player = player or ""
        #: Seconds for the game's clocks; tests replace it to make time pass on demand.
        self.clock: Callable[[], float] = time.monotonic

    # --- lifecycle ------------------------------------------------------------------------------------------

    def _end_if_terminal_gone(self) -> None:
        if terminal_hung_up():
            self.exit()  # every answer given is in the store already

    async def on_mount(self) -> None:
        try:
            self.store = Store.open(self.data_dir)
        except StoreError as error:
            self.store_problem = str(error)
            self.notify(f"{visible(str(error))}\nThe game still plays, but scores are not kept.", title="Scores",
                        severity="error", timeout=15, markup=False)
        self.settings.store = self.store
        if not self.is_web and not self.is_headless and sys.stdin is not None and sys.stdin.isatty():
            self.set_interval(HANG_UP_CHECK_SECONDS, self._end_if_terminal_gone)
        if not self.is_web:  # a browser tab asks who is playing: the last player is someone else's name
            self.player = self.player or self.last_player()
        self.show_saved_theme(self.player_settings().theme)
        if self.start is not None:
            # Straight into the round, parsing only the pack asked for; the home screen and the rest of the
            # library wait until the player goes there.
            entry = load_named(self.pack_folders_in_use(), self.start.pack, self.pack_cache) if self.start.pack \
                else next(iter(self.playable()), None)
            if entry is not None and not entry.broken:
                if self.is_web and not self.player:
                    from orbitquiz.tui.screens.name import NameScreen  # only a browser tab's first screen

                    # A browser tab asks for the name first, then goes straight into this round.
                    self.push_screen(NameScreen(entry, self.start))
                    return
                self.player = self.player or getpass.getuser()
                if await self.start_round(entry, self.start.mode, self.start.seed, self.start.questions):
                    return
            else:
                self.notify(f"No playable pack named {self.start.pack!r}." if self.start.pack else
                            "There is no playable pack.", severity="error", markup=False)
        self.action_home()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def watch_theme(self, theme: str) -> None:
        # A theme the player picks (settings, command palette) is theirs; one loaded from the store is not.
        if not self._showing_saved_theme:
            self.save_setting("theme", theme)

    def show_saved_theme(self, theme: str) -> None:
        """Show ``theme`` (the player's saved one) without saving it again as the player's own."""
        if theme not in self.available_themes:
            return
        self._showing_saved_theme = True
        try:
            self.theme = theme  # Textual calls the watchers at once
        finally:
            self._showing_saved_theme = False

    @property
    def player(self) -> str:
        """Who is playing: their name, or "" while a browser tab waits for it. Settings follow the player."""
        return self._player

    @player.setter
    def player(self, name: str) -> None:
        changed = name != self._player
        self._player = name
        self.store_call(lambda: self.settings.play_as(name), None)
        if changed and name:
            self.show_saved_theme(self.player_settings(PlayerSettings(theme=self.theme)).theme)  # their own

    def last_player(self) -> str:
        store = self.store
        if store is None:
            return ""
        def read() -> SettingValue:
            return store.get_setting(LAST_PLAYER)

        return str(self.store_call(read, None) or "")

    # --- the store: the one way the screens read and write it ------------------------------------------------

    def store_call(self, work: Callable[[], T], default: T) -> T:
        """``work()`` (something the store does) now, on the UI thread: for what the next frame cannot go without.
        A StoreError is said once and gives ``default``: the game plays on."""
        try:
            return work()
        except StoreError as error:
            self.say_store_problem(error)
            return default

    async def store_call_in_thread(self, work: Callable[[], T], default: T) -> T:
        """``work()`` in a worker thread, for what a screen can wait for: the store may wait up to 30 s for another
        process's lock, and the game's clocks and keys must not. A StoreError is said once and gives ``default``."""
        try:
            return await asyncio.to_thread(work)
        except StoreError as error:
            self.say_store_problem(error)
            return default

    def say_store_problem(self, error: StoreError) -> None:
        message = visible(str(error))
        if message not in self._store_problems_said:  # a broken file fails every read: once is enough
            self._store_problems_said.add(message)
            self.notify(message, severity="error", markup=False)

    # --- packs and settings ---------------------------------------------------------------------------------

    @property
    def packs(self) -> list[PackEntry]:
        if self._packs is None:
            self._packs = load_library(self.pack_folders_in_use(), self.pack_cache)
        return self._packs

    def pack_folders_in_use(self) -> list[Path]:
        return library_folders(self.data_dir or default_data_dir(), self.pack_folders)

    @property
    def pack_cache(self) -> PackCache:
        return PackCache((self.data_dir or default_data_dir()) / "cache" / "packs")

    def reload_packs(self, quiet: bool = False) -> None:
        self._packs = load_library(self.pack_folders_in_use(), self.pack_cache)
        if not quiet:
            broken = sum(entry.broken for entry in self.packs)
            self.notify(f"{plural(len(self.packs), 'pack')} found" + (f", {broken} broken" if broken else ""))
        self.screen.post_message(PacksReloaded())

    def playable(self) -> list[PackEntry]:
        return [entry for entry in self.packs if not entry.broken]

    def find_pack(self, name: str) -> PackEntry | None:
        return find(self.packs, name, self.pack_cache)

    def player_settings(self, defaults: PlayerSettings = PlayerSettings()) -> PlayerSettings:
        """The player's settings (see orbitquiz.settings); ``defaults`` for those never set or not readable."""
        return self.store_call(lambda: self.settings.current(defaults), defaults)

    def save_setting(self, name: SettingName, value: str | int | bool) -> None:
        """Keep a setting as the player's own (never another player's); a class's fixed one stays as it is."""
        self.store_call(lambda: self.settings.set(name, value), False)

    def leaderboard(self, pack: str, mode: Mode, limit: int = 5) -> list[LeaderboardRow]:
        """The pack's best players at ``mode`` on this machine (every terminal and browser tab writes to the same
        store)."""
        store = self.store
        return [] if store is None else self.store_call(lambda: store.leaderboard(pack, limit, mode.value), [])

    async def best_scores(self, packs: Sequence[str], mode: Mode) -> dict[str, int]:
        """The player's best in each of ``packs`` at ``mode`` (a best is kept per mode) that has one."""
        store, name = self.store, self.player
        if store is None or not name:
            return {}

        def read() -> dict[str, int]:
            player = store.find_player(name)
            bests = {pack: store.best_score(player, pack, mode.value) for pack in packs} if player is not None else {}
            return {pack: best for pack, best in bests.items() if best is not None}

        return await self.store_call_in_thread(read, {})

    def rules(self, questions: int | None = None) -> Rules:
        """The rules a round starts with: the settings' round length unless ``questions`` says otherwise."""
        return self.settings.fixed.rules(self.player_settings(), questions)

    # --- rounds ---------------------------------------------------------------------------------------------

    async def start_round(self, entry: PackEntry, mode: Mode, seed: int | None = None,
                          questions: int | None = None) -> bool:
        """Build a round of the pack and go to its first question (False if it has none to ask)."""
        from orbitquiz.tui.screens.question import QuestionScreen  # not before a round: the home screen comes sooner

        assert entry.pack is not None
        seed = random.randrange(2**31) if seed is None else seed
        own = self.player_settings()
        rules = self.settings.fixed.rules(own, questions)
        due: list[str] = []
        cards: list[tuple[str, datetime, bool]] = []
        store, name = self.store, self.player
        if mode is Mode.REVIEW and store is not None:
            def review_queue() -> list[tuple[str, datetime, bool]]:
                player = store.find_player(name)
                return store.review_cards(player, entry.name) if player is not None else []

            cards = await self.store_call_in_thread(review_queue, [])
            due = review.to_ask(cards, utc_now())
        chosen = choose_questions(generate(entry.pack, seed), mode, seed, rules, due)
        if not chosen:
            self.notify(self.nothing_to_ask(mode, cards), severity="warning", markup=False)
            return False
        seconds = self.settings.fixed.question_seconds(own, rules)
        game = Round(chosen, mode, now=self.clock(), rules=rules, question_limit=seconds)
        play = Play(game, self.store, self.player, entry.name, seed, clock=self.clock)
        if play.store_problem and self.store is not None:
            self.notify(visible(play.store_problem), severity="error", markup=False)
        self.push_screen(QuestionScreen(play, entry))
        if not self.is_web and store is not None:  # a browser tab's player is not the terminal's next default
            await self.store_call_in_thread(lambda: store.set_setting(LAST_PLAYER, name), None)
        return True

    @staticmethod
    def nothing_to_ask(mode: Mode, cards: list[tuple[str, datetime, bool]]) -> str:
        """Why a round of ``mode`` has no question; for review, when the next fact comes back."""
        if mode is not Mode.REVIEW:
            return "This pack has no questions."
        if not cards:
            return "Nothing to review in this pack yet: missed questions come back here."
        soonest = min(due for _, due, _ in cards)
        return f"Nothing to review in this pack now: the next fact is due {review.due_in(soonest, utc_now())}."

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """Textual's SVG screenshot; in a browser tab, with its fonts from the server: Rich's loads Fira Code from a
        CDN, which the server's Content-Security-Policy forbids; ``orbitquiz serve`` serves DejaVu Sans Mono at
        /assets/fonts. (A terminal's screenshot is a file opened anywhere: it keeps Rich's fonts.)"""
        svg = super().export_screenshot(title=title, simplify=simplify)
        if not self.is_web:
            return svg
        return _REMOTE_FONT.sub(lambda match: _LOCAL_FONT.format(
            "-Bold" if "Bold" in match.group() else ""), svg)

    # --- commands -------------------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New round", "Go to the start screen to pick a pack and a mode", self.action_home)
        yield SystemCommand("Stats", "Your history, accuracy and streaks", self.action_stats)
        yield SystemCommand("Help", "Every key of the game", self.action_help)
        yield SystemCommand("Settings", "Theme, questions per round, timer", self.action_settings)
        if not self.is_web:  # a browser session never reloads files from the server's disk
            yield SystemCommand("Reload packs", "Look for new or changed pack files", self.action_reload_packs)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Ctrl+P → Screenshot: a browser tab downloads it; a terminal saves it in the data folder (Textual's
        default, ~/Downloads, is missing on many machines, and its failure said no more than "failed") and says
        where, or why it could not."""
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        folder = Path(path) if path else (self.data_dir or default_data_dir()) / "screenshots"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(filename, str(folder), time_format)
        except OSError as error:
            self.notify(f"Could not save a screenshot in {visible(str(folder))}: {error.strerror or error}",
                        title="Screenshot", severity="error", markup=False)
            return None
        self.notify(f"Saved in {visible(saved)}", title="Screenshot", markup=False)
        return None

    def action_reload_packs(self) -> None:
        if not self.is_web:
            self.reload_packs()

    def action_home(self) -> None:
        home = self.get_screen("home")
        while len(self.screen_stack) > 1 and self.screen is not home:
            self.pop_screen()
        if self.screen is not home:
            self.push_screen(home)

    def action_stats(self) -> None:
        self.push_screen("stats")

    def action_help(self) -> None:
        """Open the help, or close it if it is open (F1 and ? both toggle it)."""
        if self.screen is self.get_screen("help"):
            self.pop_screen()
        else:
            self.push_screen("help")

    def action_settings(self) -> None:
        self.push_screen("settings")
