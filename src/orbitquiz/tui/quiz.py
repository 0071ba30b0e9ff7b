"""What the game's screens ask of the app, typed, without importing it: tui/app.py imports the screens, the
screens import this (so there is no import cycle to hold apart)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from textual.message import Message

from orbitquiz.game import Mode, Rules
from orbitquiz.settings import PlayerSettings, SettingName, Settings

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from orbitquiz.readers.library import PackEntry
    from orbitquiz.reports import LeaderboardRow
    from orbitquiz.store import Store


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StartRequest:
    """``orbitquiz play PACK --mode M --seed N --questions K``: go straight into a round."""

    pack: str | None = None
    mode: Mode = Mode.CLASSIC
    seed: int | None = None
    questions: int | None = None


class PacksReloaded(Message):
    """The app read the packs folders again: a screen that lists packs shows them anew."""


class QuizApp(Protocol):
    """The app's side the screens use (OrbitQuizApp is the one); Textual's own side is ``self.app``."""

    store: Store | None
    settings: Settings
    player: str

    @property
    def packs(self) -> list[PackEntry]: ...

    def find_pack(self, name: str) -> PackEntry | None: ...

    def rules(self, questions: int | None = None) -> Rules: ...

    def player_settings(self, defaults: PlayerSettings = PlayerSettings()) -> PlayerSettings: ...

    def save_setting(self, name: SettingName, value: str | int | bool) -> None: ...

    async def best_scores(self, packs: Sequence[str], mode: Mode) -> dict[str, int]: ...

    def leaderboard(self, pack: str, mode: Mode, limit: int = 5) -> list[LeaderboardRow]: ...

    async def start_round(self, entry: PackEntry, mode: Mode, seed: int | None = None,
                          questions: int | None = None) -> bool: ...

    async def store_call_in_thread(self, work: Callable[[], T], default: T) -> T: ...

    def action_home(self) -> None: ...

    def action_help(self) -> None: ...

    def action_reload_packs(self) -> None: ...


def quiz_app(node: DOMNode) -> QuizApp:
    """The game's app of ``node`` (a screen or widget of the game, which only an OrbitQuizApp runs), typed."""
    return cast("QuizApp", node.app)
