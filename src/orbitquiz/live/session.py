"""A live game being played: the state machine plus the clock, the store and whoever shows it.

Both faces (the host screen and the server that talks to the players' pages) drive one LiveSession in one
asyncio loop, so the game needs no locks. Every player gets a round of mode "live" in the store, with every
question they could answer kept at its reveal (as ``record_answer`` keeps a round's), so ``orbitquiz report``,
the leaderboard and review include live games. If the store fails the game goes on and ``store_problem`` says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from orbitquiz.live.state import LiveAnswer, LiveGame, Phase, Player
from orbitquiz.play import KeepsScores, local_day, utc_now
from orbitquiz.store import Store

#: The store's mode for a live game's rounds.
LIVE_MODE = "live"


class LiveSession(KeepsScores):
    def __init__(self, game: LiveGame, store: Store | None, pack: str, seed: int,
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], datetime] = utc_now) -> None:
        self.game = game
        self.store = store
        self.pack = pack
        self.seed = seed
        self.clock = clock
        self.wall = wall
        self.store_problem: str | None = None if store else "scores are not being kept"
        self.rounds: dict[str, int] = {}  # the store's round of each player, by token
        self._answers: list[tuple] = []  # a reveal's answers, kept in one transaction once it is over
        self._finished = False
        #: Called after every change of the game's state with the token of the one player it concerns, or None
        #: when it concerns everyone (a face redraws, the server sends the new views).
        self.listeners: list[Callable[[str | None], None]] = []
        game.on_answer = self._keep

    # --- events ----------------------------------------------------------------------------------------------

    def join(self, code: object, nickname: object) -> Player:  # as a page sent them: LiveGame checks
        player = self.game.join(code, nickname)
        self._save(lambda store: self._start(store, player))
        self._changed(player.token)
        return player

    def rejoin(self, token: object) -> Player:
        player = self.game.rejoin(token)
        self._changed(player.token)
        return player

    def disconnect(self, token: str) -> None:
        self.game.disconnect(token)
        self._changed(token)

    def answer(self, token: str, response: object) -> LiveAnswer:
        answer = self.game.answer(token, response, self.clock())
        self._changed(token)
        return answer

    def advance(self) -> Phase:
        return self._after(self.game.advance(self.clock()))

    def skip(self) -> Phase:
        return self._after(self.game.skip(self.clock()))

    def end(self) -> Phase:
        return self._after(self.game.end())

    def kick(self, nickname: str) -> Player:
        player = self.game.kick(nickname)
        self._changed()
        return player

    def tick(self) -> bool:
        """Apply the clock (call it a few times a second): True if time ran out and the question was revealed."""
        if self.game.time_up(self.clock()):
            self._keep_answers()
            self._changed()
            return True
        return False

    def board_view(self) -> dict:
        return self.game.board_view(self.clock())

    def player_view(self, token: str) -> dict:
        return self.game.player_view(token, self.clock())

    # --- the store -------------------------------------------------------------------------------------------

    def _after(self, phase: Phase) -> Phase:
        self._keep_answers()
        if phase is Phase.PODIUM:
            self._finish()
        self._changed()
        return phase

    def _changed(self, token: str | None = None) -> None:
        for listener in list(self.listeners):
            listener(token)

    def _start(self, store: Store, player: Player) -> None:
        player_id = store.player(player.nickname)
        self.rounds[player.token] = store.start_round(player_id, self.pack, LIVE_MODE, self.seed, self.wall())

    def _keep(self, player: Player, index: int, answer: LiveAnswer | None) -> None:
        """The reveal counted this player's answer (None: not answered, kept as a skip, as a round keeps a question
        whose time ran out)."""
        round_id = self.rounds.get(player.token)
        if round_id is None:
            return
        question = self.game.questions[index]
        if answer is None:
            self._answers.append((round_id, question, "", None, 0, False, True, self.wall()))
        else:
            self._answers.append((round_id, question, answer.response, answer.verdict, answer.points, False, False,
                                  self.wall()))

    def _keep_answers(self) -> None:
        """A whole class's answers to a question in one transaction: one write to disk, not one per player."""
        answers, self._answers = self._answers, []
        if answers:
            self._save(lambda store: store.record_answers(answers))

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        moment = self.wall()
        day = local_day(moment)  # from the very instant stored, so the two never straddle midnight
        rounds = [(round_id, self.game.players[token].score, self.game.players[token].best_streak, moment, day,
                   self.game.ended_early) for token, round_id in self.rounds.items()]
        if rounds:
            self._save(lambda store: store.finish_rounds(rounds))

