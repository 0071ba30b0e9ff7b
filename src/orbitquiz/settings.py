"""Settings: each player's own (theme, questions per round, timer), and the ones a teacher fixed for a class.

``PlayerSettings`` is the one place a setting and its default are written. A setting belongs to the player who set
it: it is kept in the store under that player, so nothing one browser tab does changes another player's game, or
the teacher's terminal. A value saved before settings were per player (a global one) is everyone's default. Until
a tab's player has typed a name, what they set is kept for that tab only and saved under their name once they have
one. ``orbitquiz serve --questions K --seconds S`` fixes a class's round length and timer (``FixedSettings``):
those cannot be changed, and every tab shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from orbitquiz.game import Rules
from orbitquiz.store import SettingValue, Store

#: A setting's name: a field of PlayerSettings, and its key in the store.
SettingName = Literal["theme", "questions_per_round", "timer"]


@dataclass(frozen=True, slots=True)
class PlayerSettings:
    """A player's settings; each default is what a player who never set it plays with."""

    theme: str = "textual-dark"  # Textual's own default theme
    questions_per_round: int = Rules().questions_per_round  # classic and review
    #: The per-question timer (``Rules.timer_seconds``) in classic, sudden death and review.
    timer: bool = False


def _number(value: SettingValue, default: int) -> int:
    try:
        return default if value is None else int(value)
    except ValueError:  # a value no orbitquiz wrote
        return default


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

    def is_fixed(self, name: SettingName) -> bool:
        return (name == "questions_per_round" and self.questions is not None) or \
            (name == "timer" and self.seconds is not None)

    def rules(self, own: PlayerSettings, requested: int | None = None, base: Rules = Rules()) -> Rules:
        """The rules a round starts with: the class's round length, else the one asked for (``orbitquiz play
        --questions K``), else the player's."""
        questions = self.questions or requested or own.questions_per_round
        return replace(base, questions_per_round=questions)

    def question_seconds(self, own: PlayerSettings, rules: Rules = Rules()) -> float | None:
        """Seconds per question in classic, sudden death and review; None: no timer."""
        if self.seconds is not None:
            return float(self.seconds) or None
        return rules.timer_seconds if own.timer else None


class Settings:
    """The settings of whoever is playing now (see the module's docstring). Store errors are the caller's."""

    def __init__(self, store: Store | None, fixed: FixedSettings = FixedSettings()) -> None:
        self.store = store
        self.fixed = fixed
        self.player: str | None = None
        self._unsaved: dict[SettingName, SettingValue] = {}

    def play_as(self, name: str | None) -> None:
        """From now on, the settings are ``name``'s; what was set before anyone had a name is saved as theirs."""
        self.player = name or None
        if self.player is not None and self._unsaved and self.store is not None:
            unsaved, self._unsaved = self._unsaved, {}
            player = self.store.player(self.player)
            for key, value in unsaved.items():
                self.store.set_setting(key, value, player=player)

    def current(self, defaults: PlayerSettings = PlayerSettings()) -> PlayerSettings:
        """The player's settings (a class's fixed ones apply through ``fixed``); ``defaults`` for those never set."""
        player = self.store.find_player(self.player) if self.store is not None and self.player else None
        theme, questions, timer = (self._saved("theme", player), self._saved("questions_per_round", player),
                                   self._saved("timer", player))
        return PlayerSettings(theme=defaults.theme if theme is None else str(theme),
                              questions_per_round=_number(questions, defaults.questions_per_round),
                              timer=defaults.timer if timer is None else bool(timer))

    def _saved(self, name: SettingName, player: int | None) -> SettingValue:
        """What was set: for this tab before it had a name, by the player (``player``'s id), or for everyone;
        None: never."""
        if name in self._unsaved:
            return self._unsaved[name]
        if self.store is None:
            return None
        if player is not None:
            own = self.store.get_setting(name, player=player)
            if own is not None:
                return own
        return self.store.get_setting(name)

    def set(self, name: SettingName, value: SettingValue) -> bool:
        """Keep ``value`` as the player's; False (and nothing kept) if the class has it fixed."""
        if self.fixed.is_fixed(name):
            return False
        if self.player is None or self.store is None:
            self._unsaved[name] = value
        else:
            self.store.set_setting(name, value, player=self.store.player(self.player))
        return True
