"""The live game's laws, hammered by hypothesis: a random class plays a random game of events against
orbitquiz.live.state.LiveGame, and a simple model of the rules (written here from the README's scoring, through
the game's own Rules and grade) says what every score must be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from orbitquiz import generate, grade, load_pack
from orbitquiz.game import Mode, Rules, choose_questions
from orbitquiz.live.state import NICKNAME_LIMIT, LiveError, LiveGame, Phase

SEED = Path(__file__).parent.parent / "seeds" / "first-film.md"
QUESTIONS = choose_questions(generate(load_pack(SEED), 3), Mode.CLASSIC, 3, Rules(questions_per_round=6))
CODE = "123456"
RULES = Rules()


def right(question) -> str:
    return question.answer


def responses(question):
    """What a player may send: the right answer, a wrong option, or a typed guess."""
    wrong = [o for o in question.options if o != question.answer] or ["nothing like it"]
    return st.sampled_from([question.answer, *wrong, question.answer.lower(), "zzz"])


class LiveGameLaws(RuleBasedStateMachine):
    @initialize(speed=st.booleans())
    def start(self, speed):
        self.now = 0.0
        self.game = LiveGame(QUESTIONS, code=CODE, speed_points=speed, max_players=6)
        self.tokens: list[str] = []
        # The model: per token, the points each revealed answer is worth, by the rules, and the streak.
        self.expected: dict[str, int] = {}
        self.streak: dict[str, int] = {}
        self.kicked: set[str] = set()
        self.counted: dict[str, set[int]] = {}

    @rule(name=st.text(min_size=0, max_size=NICKNAME_LIMIT + 3))
    def join(self, name):
        before = len(self.game.players)
        try:
            player = self.game.join(CODE, name)
        except LiveError:
            assert len(self.game.players) == before
            return
        self.tokens.append(player.token)
        self.expected[player.token] = 0
        self.streak[player.token] = 0
        self.counted[player.token] = set()
        assert player.first_question == self.game.index + 1  # late joiners come in at the next question

    @rule(name=st.sampled_from(["Ana", "ana", "ANA "]))
    def nicknames_are_unique(self, name):
        names = {p.nickname.casefold() for p in self.game.players.values()}
        try:
            self.game.join(CODE, name)
        except LiveError:
            assert "ana" in names or len(self.game.active) >= self.game.max_players or self.game.phase is Phase.PODIUM
        else:
            assert "ana" not in names
            self.tokens.append(list(self.game.players)[-1])
            token = self.tokens[-1]
            self.expected[token], self.streak[token], self.counted[token] = 0, 0, set()

    @rule(code=st.text(max_size=8))
    def wrong_code_is_refused(self, code):
        if code.strip() == CODE:
            return
        before = dict(self.game.players)
        with pytest.raises(LiveError):
            self.game.join(code, "Somebody")
        assert self.game.players == before

    @precondition(lambda self: self.tokens)
    @rule(data=st.data(), seconds=st.floats(0, 20))
    def answer(self, data, seconds):
        self.now += seconds
        token = data.draw(st.sampled_from(self.tokens))
        player = self.game.players[token]
        phase, index = self.game.phase, self.game.index
        question = self.game.questions[max(index, 0)]
        response = data.draw(responses(question))
        had = dict(player.answers)
        others = {t: self.game.player_view(t, self.now) for t in self.tokens if t != token}
        try:
            answer = self.game.answer(token, response, self.now)
        except LiveError:
            # Refused: not open, already answered, kicked, or joined during this question. Nothing changed.
            assert player.answers == had
            assert (phase is not Phase.QUESTION or index in had or token in self.kicked
                    or not player.may_answer(index))
            return
        assert phase is Phase.QUESTION and index not in had and token not in self.kicked
        # One player's answer reaches no other player's page.
        assert {t: self.game.player_view(t, self.now) for t in others} == others
        verdict = grade(question, response)
        assert answer.verdict == verdict
        streak = self.streak[token] + 1 if verdict.correct else 0
        speed = answer.seconds if self.game.speed_points else None
        assert answer.points == RULES.points(question, verdict, streak, False, speed)

    @rule(seconds=st.floats(0, 20))
    def advance(self, seconds):
        self.now += seconds
        phase, index = self.game.phase, self.game.index
        if phase is Phase.PODIUM:
            with pytest.raises(LiveError):
                self.game.advance(self.now)
            return
        answers = {t: p.answers.get(index) for t, p in self.game.players.items()}
        self.game.advance(self.now)
        if phase is Phase.QUESTION:  # the reveal: the model counts what the rules say
            for token, answer in answers.items():
                player = self.game.players[token]
                if token in self.kicked or not player.may_answer(index):
                    continue
                if answer is None:
                    self.streak[token] = 0
                else:
                    self.streak[token] = answer.streak
                    self.expected[token] += answer.points
                    assert index not in self.counted[token]  # an answer counts once
                    self.counted[token].add(index)

    @precondition(lambda self: self.game.phase is Phase.QUESTION)
    @rule()
    def skip(self):
        index = self.game.index
        self.game.skip(self.now)
        assert all(index not in p.answers for p in self.game.players.values())

    @precondition(lambda self: self.game.active)
    @rule(data=st.data())
    def kick(self, data):
        player = data.draw(st.sampled_from(self.game.active))
        self.game.kick(player.nickname)
        self.kicked.add(player.token)
        with pytest.raises(LiveError):
            self.game.rejoin(player.token)

    @precondition(lambda self: self.tokens)
    @rule(data=st.data())
    def drop_and_rejoin(self, data):
        token = data.draw(st.sampled_from(self.tokens))
        player = self.game.players[token]
        score, answers = player.score, dict(player.answers)
        self.game.disconnect(token)
        if token in self.kicked:
            with pytest.raises(LiveError):
                self.game.rejoin(token)
            return
        again = self.game.rejoin(token)
        assert again is player and again.connected
        assert (again.score, again.answers) == (score, answers)  # a rejoin keeps the place and the score

    @rule()
    def end(self):
        self.game.end()
        assert self.game.phase is Phase.PODIUM

    @invariant()
    def scores_are_the_sum_of_the_rules(self):
        for token, points in self.expected.items():
            assert self.game.players[token].score == points

    @invariant()
    def no_player_view_tells_the_answer_before_the_reveal(self):
        if self.game.revealed or self.game.phase is Phase.LOBBY:
            return
        question = self.game.questions[self.game.index]
        for token in self.tokens:
            view = self.game.player_view(token, self.now)
            wire = json.dumps(view)
            assert "result" not in view and "score" not in view
            assert question.source.sentence not in wire
            if question.kind == "fill":
                assert json.dumps(question.answer) not in wire or view["your_answer"] == question.answer
        board = json.dumps(self.game.board_view(self.now))
        assert self.game.board_view(self.now)["reveal"] is None and question.source.sentence not in board


TestLiveGameLaws = LiveGameLaws.TestCase
TestLiveGameLaws.settings = settings(max_examples=150, stateful_step_count=40, deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])


def test_a_whole_game_by_hand():
    game = LiveGame(QUESTIONS[:2], code=CODE)
    ana = game.join(CODE, "Ana")
    ben = game.join(CODE, " Ben\x1b[2J ")
    assert ben.nickname == "Ben[2J"  # control characters out, the rest literal
    assert game.advance(0) is Phase.QUESTION
    first = QUESTIONS[0]
    game.answer(ana.token, right(first), 3)
    with pytest.raises(LiveError, match="already answered"):
        game.answer(ana.token, right(first), 4)
    late = game.join(CODE, "Cleo")
    with pytest.raises(LiveError, match="next one"):
        game.answer(late.token, right(first), 4)
    assert [p.nickname for p in game.waiting_for()] == ["Ben[2J"]
    assert ana.score == 0  # nothing counts before the reveal
    assert game.advance(5) is Phase.REVEAL
    expected = RULES.points(first, grade(first, right(first)), 1, False, None)
    assert ana.score == expected and ben.score == 0 and ben.streak == 0
    with pytest.raises(LiveError, match="No question is open"):
        game.answer(ben.token, right(first), 6)
    reveal = game.board_view(6)["reveal"]
    assert reveal["answer"] == first.answer and reveal["missing"] == ["Ben[2J"]
    assert game.player_view(ana.token, 6)["result"]["correct"] is True
    assert game.advance(7) is Phase.LEADERBOARD
    assert game.advance(8) is Phase.QUESTION
    game.answer(late.token, right(QUESTIONS[1]), 9)  # the late joiner plays from here
    assert game.advance(10) is Phase.REVEAL and late.score > 0
    assert game.advance(11) is Phase.PODIUM and not game.ended_early
    podium = game.player_view(ben.token, 11)["podium"]
    assert [row["nickname"] for row in podium][:1] == ["Ana"] or podium[0]["score"] >= podium[-1]["score"]


def test_the_cap_and_the_names():
    game = LiveGame(QUESTIONS, code=CODE, max_players=2)
    game.join(CODE, "Ana")
    with pytest.raises(LiveError, match="already called"):
        game.join(CODE, "ANA")
    with pytest.raises(LiveError, match="at most"):
        game.join(CODE, "x" * (NICKNAME_LIMIT + 1))
    with pytest.raises(LiveError, match="join code"):
        game.join("654321", "Ben")
    with pytest.raises(LiveError, match="already called"):
        game.join(CODE, "ána!")  # read as the same name
    game.join(CODE, "???")
    game.max_players = 3
    game.join(CODE, "!!!")  # punctuation alone is not the same as other punctuation
    game.max_players = 2
    with pytest.raises(LiveError, match="full"):
        game.join(CODE, "Cleo")


def test_time_limit_and_speed_points():
    question = QUESTIONS[0]
    game = LiveGame([question], code=CODE, seconds=10, speed_points=True)
    fast, slow = game.join(CODE, "Fast"), game.join(CODE, "Slow")
    game.advance(100)
    game.answer(fast.token, right(question), 101)
    with pytest.raises(LiveError, match="Time is up"):
        game.answer(slow.token, right(question), 111)
    assert game.time_up(111) and game.phase is Phase.REVEAL
    verdict = grade(question, right(question))
    assert fast.score == RULES.points(question, verdict, 1, False, 1.0) > RULES.points(question, verdict, 1, False,
                                                                                        None)


def test_the_reveal_of_a_typed_question_shows_the_common_wrong_answers_only():
    question = next(q for q in generate(load_pack(SEED), 3) if q.kind == "fill")
    game = LiveGame([question], code=CODE)
    players = [game.join(CODE, name) for name in ("Ana", "Ben", "Cleo", "Dev", "Esme")]
    game.advance(0)
    for player, response in zip(players, [question.answer, "Moscow", "moscow ", "Paris", "something rude"],
                                strict=True):
        game.answer(player.token, response, 1)
    game.advance(2)
    reveal = game.board_view(2)["reveal"]
    assert reveal["accepted"] == [question.answer] and reveal["right"] == 1
    assert reveal["common_wrong"] == [{"response": "Moscow", "count": 2}]  # a wrong answer one student gave is not shown
