"""Settings: each player's own (theme, questions per round, timer), and the ones a teacher fixed for a class.

A setting belongs to the player who set it: it is kept in the store under that player, so nothing one browser tab
does changes another player's game, or the teacher's terminal. A value saved before settings were per player (a
global one) is everyone's default. Until a tab's player has typed a name, what they set is kept for that tab only
and saved under their name once they have one. ``orbitquiz serve --questions K --seconds S`` fixes a class's round
length and timer: those cannot be changed, and every tab shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from orbitquiz.game import Rules
from orbitquiz.store import SettingValue, Store

#: Seconds per question when a player turns the timer on (the timed mode has its own clock).
QUESTION_SECONDS = 30
QUESTIONS = "questions_per_round"
TIMER = "timer"
THEME = "theme"


@dataclass(frozen=True, slots=True)
class FixedSettings:
    """A class's settings, fixed by its teacher; None: each player's own."""

    questions: int | None = None
    #: Seconds per question; 0: no timer.
    seconds: int | None = None

    def __post_init__(self) -> None:
        if self.questions is not None and self.questions < 1:
            raise ValueError("a round has at least 1 question")
        if self.seconds is not None and self.seconds < 0:
            raise ValueError("seconds per question cannot be negative")


class Settings:
    """The settings of whoever is playing now (see the module's docstring). Store errors are the caller's."""

    def __init__(self, store: Store | None, fixed: FixedSettings = FixedSettings()) -> None:
        self.store = store
        self.fixed = fixed
        self.player: str | None = None
        self._unsaved: dict[str, SettingValue] = {}

    def play_as(self, name: str | None) -> None:
        """From now on, the settings are ``name``'s; what was set before anyone had a name is saved as theirs."""
        self.player = name or None
        if self.player is not None and self._unsaved and self.store is not None:
            unsaved, self._unsaved = self._unsaved, {}
            player = self.store.player(self.player)
            for key, value in unsaved.items():
                self.store.set_setting(key, value, player=player)

    def get(self, key: str, default: SettingValue = None) -> SettingValue:
        if key in self._unsaved:
            return self._unsaved[key]
        if self.store is None:
            return default
        player = self.store.find_player(self.player) if self.player else None
        if player is not None:
            own = self.store.get_setting(key, player=player)
            if own is not None:
                return own
        return self.store.get_setting(key, default=default)

    def set(self, key: str, value: SettingValue) -> bool:
        """Keep ``value`` as the player's; False (and nothing kept) if the class has it fixed."""
        if self.is_fixed(key):
            return False
        if self.player is None or self.store is None:
            self._unsaved[key] = value
        else:
            self.store.set_setting(key, value, player=self.store.player(self.player))
        return True

    def is_fixed(self, key: str) -> bool:
        return (key == QUESTIONS and self.fixed.questions is not None) or \
            (key == TIMER and self.fixed.seconds is not None)

    def questions_per_round(self) -> int:
        if self.fixed.questions is not None:
            return self.fixed.questions
        return int(self.get(QUESTIONS, Rules().questions_per_round))  # type: ignore[arg-type]

    def question_seconds(self) -> int | None:
        """Seconds per question in classic, sudden death and review; None: no timer."""
        if self.fixed.seconds is not None:
            return self.fixed.seconds or None
        return QUESTION_SECONDS if self.get(TIMER, False) else None
