"""A live class game as a pure state machine: players, the question on the board, answers, reveal, scores.

The teacher's host screen and the players' pages only feed it events (join, rejoin, answer, advance, kick, skip,
end) and show one of its views. Time is passed in (``now``, seconds from any fixed origin), so games are
reproducible in tests. Scoring is the game's own :class:`~orbitquiz.game.Rules` and grading its own
:func:`~orbitquiz.grading.grade`: a live answer scores what the same answer scores in a round, speed points only
when the teacher asked for them.

What a player is sent is built by :meth:`LiveGame.player_view` from the question's prompt and options alone until
the reveal: the right answer, the source sentence and other players' answers are not in it by construction.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from orbitquiz.game import Rules
from orbitquiz.grading import describe, grade, normalize
from orbitquiz.model import Question, Verdict
from orbitquiz.plain import clean_name

#: A nickname's length at most, in characters: it has to fit a leaderboard row on a phone.
NICKNAME_LIMIT = 20
#: A typed answer's length at most; more is cut (no answer is longer).
RESPONSE_LIMIT = 200
#: How many of the most common wrong typed answers the reveal shows.
COMMON_WRONG = 3


def _utf8(text: str) -> bytes:
    """Text as UTF-8, a lone surrogate (which JSON can carry) as "?"."""
    return text.encode("utf-8", "replace")


class Phase(StrEnum):
    LOBBY = "lobby"
    QUESTION = "question"
    REVEAL = "reveal"
    LEADERBOARD = "leaderboard"
    PODIUM = "podium"


class LiveError(Exception):
    """An event the game refuses; the message is shown to whoever sent it."""


class WrongCode(LiveError):
    """A join with a code that is not this game's (the server counts these against guessing)."""


@dataclass(frozen=True, slots=True)
class LiveAnswer:
    """One player's answer to one question, graded when given (what it scores is counted at the reveal)."""

    question: int  # index into the game's questions
    response: str
    verdict: Verdict
    points: int
    seconds: float
    streak: int  # the player's answer streak after this answer


@dataclass(slots=True)
class Player:
    nickname: str
    token: str
    #: The first question this player may answer: a player who joins while a question is open waits for the next.
    first_question: int
    score: int = 0
    streak: int = 0
    best_streak: int = 0
    connected: bool = True
    kicked: bool = False
    answers: dict[int, LiveAnswer] = field(default_factory=dict)

    def may_answer(self, question: int) -> bool:
        return not self.kicked and question >= self.first_question


class LiveGame:
    """The game: one board, many players. Every event either changes the state or raises :class:`LiveError`."""

    def __init__(self, questions: Sequence[Question], *, code: str | None = None, rules: Rules = Rules(),
                 seconds: float | None = None, speed_points: bool = False, max_players: int = 100,
                 token: Callable[[], str] = lambda: secrets.token_urlsafe(18)) -> None:
        if not questions:
            raise ValueError("a live game needs at least one question")
        if max_players < 1:
            raise ValueError("a live game needs room for at least one player")
        if seconds is not None and seconds <= 0:
            raise ValueError("a question's time limit must be more than 0 seconds")
        self.questions = list(questions)
        self.code = code if code is not None else f"{secrets.randbelow(10**6):06d}"
        self.rules = rules
        self.seconds = seconds
        self.speed_points = speed_points
        self.max_players = max_players
        self._token = token
        self.phase = Phase.LOBBY
        self.index = -1  # the question on the board (or last on it); -1 in the lobby
        self.asked_at = 0.0
        self.skipped: list[int] = []
        #: The teacher ended the game with questions still to ask.
        self.ended_early = False
        self.players: dict[str, Player] = {}  # by token
        #: Called at the reveal with (player, question index, answer) for every player who could answer it (answer
        #: None for one who did not): what the store keeps, so a skipped question leaves nothing there.
        self.on_answer: Callable[[Player, int, LiveAnswer | None], None] | None = None

    # --- players ---------------------------------------------------------------------------------------------

    @property
    def active(self) -> list[Player]:
        return [player for player in self.players.values() if not player.kicked]

    # What a player's page sent, as it came (checked here): ``object``, not the ``str`` it should be.
    def join(self, code: object, nickname: object) -> Player:
        if not isinstance(code, str) or not secrets.compare_digest(_utf8(code.strip()), _utf8(self.code)):
            raise WrongCode("That is not this game's join code.")
        if self.phase is Phase.PODIUM:
            raise LiveError("This game has ended.")
        name = clean_name(nickname) if isinstance(nickname, str) else ""
        if not name:
            raise LiveError("Type a nickname.")
        if len(name) > NICKNAME_LIMIT:
            raise LiveError(f"A nickname has at most {NICKNAME_LIMIT} characters.")
        if not name.isprintable():
            raise LiveError("A nickname can only have letters, digits, spaces and punctuation.")
        if any(self._same_name(p.nickname, name) for p in self.players.values()):
            raise LiveError(f"Someone in this game is already called {name}: pick another nickname.")
        if len(self.active) >= self.max_players:
            raise LiveError(f"The game is full: {self.max_players} players have joined.")
        # A question already on the board is not theirs: they come in at the next one (the first, in the lobby).
        player = Player(name, self._token(), self.index + 1)
        self.players[player.token] = player
        return player

    @staticmethod
    def _same_name(one: str, other: str) -> bool:
        """Names a class would read as one ("Zoë", "zoe", "ZOE!"); names of punctuation alone only if identical."""
        plain = normalize(one)
        return one.casefold() == other.casefold() or (bool(plain) and plain == normalize(other))

    def rejoin(self, token: object) -> Player:
        """A player whose page lost its connection comes back: same place, same score."""
        player = self.players.get(token) if isinstance(token, str) else None
        if player is None:
            raise LiveError("This game does not know you: join again with the code.")
        if player.kicked:
            raise LiveError("The teacher removed you from this game.")
        player.connected = True
        return player

    def disconnect(self, token: str) -> None:
        if token in self.players:
            self.players[token].connected = False

    def kick(self, nickname: str) -> Player:
        player = next((p for p in self.active if p.nickname == nickname), None)
        if player is None:
            raise LiveError(f"No player is called {nickname}.")
        player.kicked = True
        player.connected = False
        return player

    # --- answers ---------------------------------------------------------------------------------------------

    def answer(self, token: object, response: object, now: float) -> LiveAnswer:
        player = self.players.get(token) if isinstance(token, str) else None
        if player is None or player.kicked:
            raise LiveError("You are not in this game.")
        if self.phase is not Phase.QUESTION:
            raise LiveError("No question is open.")
        if not player.may_answer(self.index):
            raise LiveError("You joined during this question: you come in at the next one.")
        if self.index in player.answers:
            raise LiveError("You have already answered this question.")
        if self.time_left(now) == 0:
            raise LiveError("Time is up for this question.")
        if not isinstance(response, str) or not response.strip():
            raise LiveError("Type an answer, or pick one.")
        question = self.questions[self.index]
        response = _utf8(response[:RESPONSE_LIMIT]).decode()  # what the store can keep: no lone surrogates
        verdict = grade(question, response)
        streak = player.streak + 1 if verdict.correct else 0
        seconds = max(0.0, now - self.asked_at)
        points = self.rules.points(question, verdict, streak, False, seconds if self.speed_points else None)
        answer = LiveAnswer(self.index, response, verdict, points, seconds, streak)
        player.answers[self.index] = answer
        return answer

    def time_left(self, now: float) -> float | None:
        """Seconds left on the open question when the teacher set a limit; None without one (or no question)."""
        if self.seconds is None or self.phase is not Phase.QUESTION:
            return None
        return max(0.0, self.seconds - (now - self.asked_at))

    def waiting_for(self) -> list[Player]:
        """The players who may answer the open question and have not."""
        if self.phase is not Phase.QUESTION:
            return []
        return [p for p in self.active if p.may_answer(self.index) and self.index not in p.answers]

    # --- the teacher's events --------------------------------------------------------------------------------

    def advance(self, now: float) -> Phase:
        """Enter or Space: lobby → question → reveal → leaderboard → next question … → podium."""
        if self.phase is Phase.LOBBY:
            self._ask(0, now)
        elif self.phase is Phase.QUESTION:
            self._reveal()
        elif self.phase is Phase.REVEAL:
            self.phase = Phase.LEADERBOARD if self.index + 1 < len(self.questions) else Phase.PODIUM
        elif self.phase is Phase.LEADERBOARD:
            self._ask(self.index + 1, now)
        else:
            raise LiveError("The game has ended.")
        return self.phase

    def time_up(self, now: float) -> bool:
        """Apply the clock: the open question's time has run out, so it is revealed. True if that happened."""
        if self.time_left(now) == 0:
            self._reveal()
            return True
        return False

    def skip(self, now: float) -> Phase:
        """Drop the open question (a bad one): its answers do not count, and the next one is asked."""
        if self.phase is not Phase.QUESTION:
            raise LiveError("Only an open question can be skipped.")
        self.skipped.append(self.index)
        for player in self.players.values():
            player.answers.pop(self.index, None)
        if self.index + 1 < len(self.questions):
            self._ask(self.index + 1, now)
        else:
            self.phase = Phase.PODIUM
        return self.phase

    def end(self) -> Phase:
        """End the game now: an open question is dropped unrevealed; the podium follows."""
        if self.phase is not Phase.PODIUM:  # only the last question's reveal leaves nothing unasked
            self.ended_early = self.phase is not Phase.REVEAL or self.index + 1 < len(self.questions)
        if self.phase is Phase.QUESTION:
            self.skipped.append(self.index)
            for player in self.players.values():
                player.answers.pop(self.index, None)
        self.phase = Phase.PODIUM
        return self.phase

    def _ask(self, index: int, now: float) -> None:
        self.phase = Phase.QUESTION
        self.index = index
        self.asked_at = now

    def _reveal(self) -> None:
        """Count the open question: its answers' points go to the scores; a player who could answer and did not
        loses the streak, as a skip does."""
        self.phase = Phase.REVEAL
        for player in self.active:
            if not player.may_answer(self.index):
                continue
            answer = player.answers.get(self.index)
            if answer is None:
                player.streak = 0
            else:
                player.score += answer.points
                player.streak = answer.streak
                player.best_streak = max(player.best_streak, player.streak)
            if self.on_answer is not None:
                self.on_answer(player, self.index, answer)

    # --- what each audience sees -----------------------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return self.phase in (Phase.REVEAL, Phase.LEADERBOARD, Phase.PODIUM)

    def ranking(self) -> list[tuple[int, Player]]:
        """(rank, player), best first; equal scores share a rank; then by nickname, so the order is stable."""
        players = sorted(self.active, key=lambda p: (-p.score, p.nickname.casefold()))
        ranked: list[tuple[int, Player]] = []
        for position, player in enumerate(players, 1):
            rank = ranked[-1][0] if ranked and ranked[-1][1].score == player.score else position
            ranked.append((rank, player))
        return ranked

    def _question_view(self) -> dict | None:
        """The open question as everyone may see it before the reveal: words and options, nothing that tells."""
        if self.index < 0 or self.phase is Phase.LOBBY:
            return None
        question = self.questions[self.index]
        return {"number": self.index + 1, "total": len(self.questions), "kind": question.kind,
                "prompt": question.prompt, "options": list(question.options) if question.kind == "choice" else []}

    def _reveal_view(self) -> dict | None:
        """What the reveal shows everyone: the right answer, its sentence, how the class answered."""
        if self.phase is not Phase.REVEAL or self.index in self.skipped:
            return None
        question = self.questions[self.index]
        answers = [p.answers[self.index] for p in self.active if self.index in p.answers]
        view = {"answer": question.answer, "sentence": question.source.sentence,
                "explanation": question.explanation or "", "answered": len(answers),
                "right": sum(a.verdict.correct for a in answers),
                "missing": [p.nickname for p in self.active
                            if p.may_answer(self.index) and self.index not in p.answers]}
        if question.kind == "choice":
            counts = Counter(a.response for a in answers)
            view["options"] = [{"option": option, "count": counts.get(option, 0), "right": option == question.answer}
                               for option in question.options]
        else:
            wrong = Counter(normalize(a.response) for a in answers if not a.verdict.correct)
            spelled: dict[str, str] = {}  # each wrong answer as it was first written
            for a in answers:
                spelled.setdefault(normalize(a.response), a.response.strip())
            view["accepted"] = sorted({a.response.strip() for a in answers if a.verdict.correct})
            # Only answers two or more gave: one student's text is not put on the class's screen.
            view["common_wrong"] = [{"response": spelled[text], "count": n}
                                    for text, n in wrong.most_common(COMMON_WRONG) if text and n >= 2]
        return view

    def board_view(self, now: float) -> dict:
        """What the class sees on the projector (/screen) and the teacher's screen shows: no player's answer by
        name, no right answer before the reveal."""
        waiting = self.waiting_for()
        return {
            "phase": self.phase.value, "code": self.code, "question": self._question_view(),
            "time_left": self.time_left(now), "players": [p.nickname for p in self.active],
            "answered": (len([p for p in self.active if p.may_answer(self.index)]) - len(waiting)
                         if self.phase is Phase.QUESTION else None),
            "waiting": [p.nickname for p in waiting],
            "reveal": self._reveal_view(),
            "ranking": ([{"rank": rank, "nickname": p.nickname, "score": p.score} for rank, p in self.ranking()]
                        if self.revealed else []),
        }

    def player_view(self, token: str, now: float) -> dict:
        """What one player's page shows: the question, their own answer and, after the reveal only, its verdict."""
        player = self.players[token]
        view: dict = {"phase": self.phase.value, "nickname": player.nickname, "question": self._question_view(),
                      "time_left": self.time_left(now), "kicked": player.kicked,
                      "waiting_next": self.phase is Phase.QUESTION and not player.may_answer(self.index)}
        mine = player.answers.get(self.index)
        view["your_answer"] = mine.response if mine is not None else None
        if self.revealed:
            rank = next((rank for rank, p in self.ranking() if p is player), None)
            view |= {"score": player.score, "rank": rank, "players": len(self.active), "streak": player.streak}
            if self.phase is Phase.REVEAL and self.index not in self.skipped:
                question = self.questions[self.index]
                view["result"] = {
                    "answer": question.answer, "sentence": question.source.sentence,
                    "correct": mine is not None and mine.verdict.correct,
                    "how": describe(mine.verdict) if mine is not None else "no answer",
                    "points": mine.points if mine is not None else 0}
            if self.phase is Phase.PODIUM:
                view["podium"] = [{"rank": rank, "nickname": p.nickname, "score": p.score}
                                  for rank, p in self.ranking()[:3]]
        return view
