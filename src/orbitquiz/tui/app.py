"""The Textual app: screens for each place in the game, all state kept in the core (Play, Store, library)."""

from __future__ import annotations

import getpass
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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
from orbitquiz.settings import QUESTIONS, THEME, FixedSettings, Settings
from orbitquiz.store import Store, StoreError, default_data_dir
from orbitquiz.tui.parsed_css import share_parsed_css
from orbitquiz.tui.text import visible
from orbitquiz.tui.textual_fixes import release_dead_widgets_render_caches, terminal_hung_up
from orbitquiz.words import plural

if TYPE_CHECKING:
    from orbitquiz.reports import LeaderboardRow

release_dead_widgets_render_caches()
share_parsed_css()

T = TypeVar("T")
#: The web fonts of Rich's SVG export (one or more url(...) format(...) entries of a @font-face), and ours.
_REMOTE_FONT = re.compile(r'url\("https?://[^"]*"\)\s*format\("[^"]*"\)(?:,\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\))*')
_LOCAL_FONT = 'url("/assets/fonts/DejaVuSansMono{}.ttf") format("truetype")'

DEFAULT_THEME = "textual-dark"
HANG_UP_CHECK_SECONDS = 1.0  # how soon a game whose terminal has gone notices and ends
#: The terminal's default player for its next game; a global setting (a tab never writes it).
LAST_PLAYER = "last_player"


@dataclass(frozen=True, slots=True)
class StartRequest:
    """``orbitquiz play PACK --mode M --seed N --questions K``: go straight into a round."""

    pack: str | None = None
    mode: Mode = Mode.CLASSIC
    seed: int | None = None
    questions: int | None = None


class OrbitQuizApp(App[None]):
    CSS_PATH = Path(__file__).with_name("orbitquiz.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "orbitquiz"
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
        #: The settings of whoever is playing (``player``), and the class's fixed ones.
        self.settings = Settings(None, fixed)
        self._player = ""
        self.player = player or ""
        #: Seconds for the game's clocks; tests replace it to make time pass on demand.
        self.clock: Callable[[], float] = time.monotonic

    # --- lifecycle ------------------------------------------------------------------------------------------

    def _end_if_terminal_gone(self) -> None:
        if terminal_hung_up():
            self.exit()  # every answer given is in the store already

    def on_mount(self) -> None:
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
        self.theme = str(self.setting(THEME, DEFAULT_THEME))
        if self.start is not None:
            # Straight into the round, parsing only the pack asked for; the home screen and the rest of the
            # library wait until the player goes there.
            entry = load_named(self.pack_folders_in_use(), self.start.pack, self.pack_cache) if self.start.pack \
                else next(iter(self.playable()), None)
            if entry is not None and not entry.broken:
                if self.is_web and not self.player:
                    from orbitquiz.tui.screens.name import NameScreen

                    # A browser tab asks for the name first, then goes straight into this round.
                    self.push_screen(NameScreen(entry, self.start))
                    return
                self.player = self.player or getpass.getuser()
                if self.start_round(entry, self.start.mode, self.start.seed, self.start.questions):
                    return
            else:
                self.notify(f"No playable pack named {self.start.pack!r}." if self.start.pack else
                            "There is no playable pack.", severity="error", markup=False)
        self.action_home()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted:
            self.save_setting(THEME, theme)

    @property
    def player(self) -> str:
        """Who is playing: their name, or "" while a browser tab waits for it. Settings follow the player."""
        return self._player

    @player.setter
    def player(self, name: str) -> None:
        changed = name != self._player
        self._player = name
        try:
            self.settings.play_as(name)
        except StoreError as error:
            self.notify(visible(str(error)), severity="error", markup=False)
        if changed and self.is_mounted and name:
            theme = str(self.setting(THEME, self.theme))  # the player's own theme
            if theme in self.available_themes and theme != self.theme:
                self.theme = theme

    def last_player(self) -> str:
        if self.store is None:
            return ""
        try:
            return str(self.store.get_setting(LAST_PLAYER, default="") or "")
        except StoreError:
            return ""

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
        from orbitquiz.tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.show_packs()

    def playable(self) -> list[PackEntry]:
        return [entry for entry in self.packs if not entry.broken]

    def find_pack(self, name: str) -> PackEntry | None:
        return find(self.packs, name, self.pack_cache)

    def setting(self, key: str, default: object = None) -> object:
        """The player's setting (see orbitquiz.settings)."""
        try:
            return self.settings.get(key, default=default)  # type: ignore[arg-type]
        except StoreError:
            return default

    def save_setting(self, key: str, value: object) -> None:
        """Keep a setting as the player's own (never another player's); a class's fixed one stays as it is."""
        try:
            self.settings.set(key, value)  # type: ignore[arg-type]
        except StoreError as error:
            self.notify(visible(str(error)), severity="error", markup=False)

    def leaderboard(self, pack: str, mode: Mode, limit: int = 5) -> list[LeaderboardRow]:
        """The pack's best players at ``mode`` on this machine (every terminal and browser tab writes to the same
        store)."""
        if self.store is None:
            return []
        try:
            return self.store.leaderboard(pack, limit, mode.value)
        except StoreError:
            return []

    def best_score(self, pack: str, mode: Mode) -> int | None:
        """The player's best in ``pack`` at ``mode`` (a best is kept per mode)."""
        if self.store is None or not self.player:
            return None
        player = self.store.find_player(self.player)
        return None if player is None else self.store.best_score(player, pack, mode.value)

    def rules(self, questions: int | None = None) -> Rules:
        """The rules a round starts with: the settings' round length unless ``questions`` says otherwise."""
        if questions and not self.settings.is_fixed(QUESTIONS):
            return Rules(questions_per_round=questions)
        return Rules(questions_per_round=self.settings_value(self.settings.questions_per_round,
                                                             Rules().questions_per_round))

    def settings_value(self, read: Callable[[], T], default: T) -> T:
        try:
            return read()
        except (StoreError, ValueError, TypeError):
            return default

    # --- rounds ---------------------------------------------------------------------------------------------

    def start_round(self, entry: PackEntry, mode: Mode, seed: int | None = None,
                    questions: int | None = None) -> bool:
        """Build a round of the pack and go to its first question (False if it has none to ask)."""
        from orbitquiz.tui.screens.question import QuestionScreen

        assert entry.pack is not None
        seed = random.randrange(2**31) if seed is None else seed
        rules = self.rules(questions)
        due: list[str] = []
        cards: list[tuple[str, datetime, bool]] = []
        if mode is Mode.REVIEW and self.store is not None:
            player = self.store.find_player(self.player)
            cards = self.store.review_cards(player, entry.name) if player is not None else []
            due = review.to_ask(cards, utc_now())
        chosen = choose_questions(generate(entry.pack, seed), mode, seed, rules, due)
        if not chosen:
            self.notify(self.nothing_to_ask(mode, cards), severity="warning", markup=False)
            return False
        seconds = self.settings_value(self.settings.question_seconds, None)
        game = Round(chosen, mode, now=self.clock(), rules=rules,
                     question_limit=float(seconds) if seconds else None)
        play = Play(game, self.store, self.player, entry.name, seed, clock=self.clock)
        if play.store_problem and self.store is not None:
            self.notify(visible(play.store_problem), severity="error", markup=False)
        if not self.is_web and self.store is not None:  # a browser tab's player is not the terminal's next default
            try:
                self.store.set_setting(LAST_PLAYER, self.player)
            except StoreError as error:
                self.notify(visible(str(error)), severity="error", markup=False)
        self.push_screen(QuestionScreen(play, entry))
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
        from orbitquiz.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def action_stats(self) -> None:
        from orbitquiz.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_help(self) -> None:
        """Open the help, or close it if it is open (F1 and ? both toggle it)."""
        from orbitquiz.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen())

    def action_settings(self) -> None:
        from orbitquiz.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())
