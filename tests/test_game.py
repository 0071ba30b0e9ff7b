"""The round as a state machine, driven by hypothesis through random sequences of player actions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from orbitquiz import generate
from orbitquiz.game import Mode, Round, RoundOver, Rules, choose_questions
from orbitquiz.model import Match, Question, Source, Verdict
from tests.strategies import packs

RULES = Rules()


def question(kind="choice", answer="Soyuz", hint="a hint", fact="f") -> Question:
    options = ("Soyuz", "Dragon", "Vostok", "Progress") if kind == "choice" else ()
    return Question(f"{fact}-{kind}", kind, "The _____ flew.", options, answer, (), "craft", hint,
                    Source("p.md", 1, "The Soyuz flew."), fact_id=fact)


class RoundMachine(RuleBasedStateMachine):
    @initialize(pack=packs(), seed=st.integers(0, 1000), mode=st.sampled_from(list(Mode)),
                limit=st.sampled_from([None, 10.0]))
    def start(self, pack, seed, mode, limit):
        questions = generate(pack, seed)
        due = [q.fact_id for q in questions][::3]
        self.round = Round(choose_questions(questions, mode, seed, RULES, due), mode, now=0.0, question_limit=limit)
        self.now = 0.0
        self.expected_streak = 0
        self.scores = [0]

    @precondition(lambda self: not self.round.over)
    @rule(right=st.booleans(), hint=st.booleans(), wait=st.floats(0, 30))
    def answer(self, right, hint, wait):
        self.now += wait
        question = self.round.current
        if hint:
            self.round.take_hint()
        response = question.answer if right else "definitely not it"
        late = self.round.question_limit is not None and self.now - self.round.asked_at > self.round.question_limit
        try:
            outcome = self.round.answer(response, self.now)
        except RoundOver:
            assert self.round.mode is Mode.TIMED and self.now >= RULES.timed_seconds
            return
        if late:  # past the question's time limit: it counts as skipped, whatever was typed
            assert outcome.skipped and self.round.streak == 0
            self.expected_streak = 0
            self.scores.append(self.round.score)
            return
        assert outcome.correct == right
        self.expected_streak = self.expected_streak + 1 if right else 0
        assert outcome.points >= 0
        if not right:
            assert outcome.points == 0 and self.round.streak == 0
        self.scores.append(self.round.score)

    @precondition(lambda self: not self.round.over)
    @rule()
    def skip(self):
        try:
            outcome = self.round.skip(self.now)
        except RoundOver:
            return
        assert outcome.points == 0 and outcome.skipped
        self.expected_streak = 0
        assert self.round.streak == 0

    @rule(seconds=st.floats(0, 20))
    def time_passes(self, seconds):
        self.now += seconds
        left = self.round.time_left(self.now)
        clocked = self.round.mode is Mode.TIMED or self.round.question_limit is not None
        assert (left is None) == (not clocked)
        assert left is None or 0 <= left <= RULES.timed_seconds
        outcome = self.round.time_up(self.now)
        if outcome is not None:  # the question's own clock ran out: a skip
            assert outcome.skipped and left == 0 and self.round.mode is not Mode.TIMED
            self.expected_streak = 0
        if left == 0 and self.round.mode is Mode.TIMED:
            assert self.round.over

    @invariant()
    def streaks_and_score_hold(self):
        if not hasattr(self, "round"):
            return
        assert self.round.score >= 0
        assert self.round.best_streak >= self.round.streak
        assert self.round.streak == self.expected_streak
        assert self.scores == sorted(self.scores), "score never goes down"
        assert self.round.score == sum(o.points for o in self.round.outcomes)
        if self.round.mode is Mode.SUDDEN_DEATH and any(not o.correct for o in self.round.outcomes):
            assert self.round.over
        if self.round.mode in (Mode.CLASSIC, Mode.REVIEW):
            assert len(self.round.questions) <= RULES.questions_per_round
        facts = [q.fact_id for q in self.round.questions]
        assert len(facts) == len(set(facts)), "no fact twice in a round"


TestRoundMachine = RoundMachine.TestCase
TestRoundMachine.settings = settings(max_examples=40, stateful_step_count=15, deadline=None)


@given(packs(), st.integers(0, 2**32), st.sampled_from(list(Mode)))
def test_the_same_seed_gives_the_same_round(pack, seed, mode):
    questions = generate(pack, seed)
    assert choose_questions(questions, mode, seed) == choose_questions(questions, mode, seed)


def test_review_asks_due_facts_first_in_their_order():
    questions = [question(fact=f, answer=f"Ship {f}") for f in "abcdef"]  # a round asks no answer twice
    chosen = choose_questions(questions, Mode.REVIEW, 1, due=["e", "b", "zz", "a"])
    assert [q.fact_id for q in chosen] == ["e", "b", "a"]


def test_scoring_rules():
    right = Verdict(True, "exact", "Soyuz")
    wrong = Verdict(False, "wrong", "Soyuz")
    assert RULES.points(question("fill"), right, 1, False, None) > RULES.points(question("choice"), right, 1, False,
                                                                              None)
    assert RULES.points(question("choice"), right, 1, False, None) == 10
    assert RULES.points(question("choice"), right, 3, False, None) == 14
    assert RULES.points(question("choice"), right, 100, False, None) == 20, "the streak bonus is capped"
    assert RULES.points(question("choice"), right, 1, True, None) == 5, "a hint halves the points"
    assert RULES.points(question("choice"), wrong, 0, False, None) == 0
    assert RULES.points(question("choice"), right, 1, False, 2.5) == 17, "speed bonus in timed mode"
    partial = Verdict(False, Match.PARTIAL, "Soyuz", credit=0.5)
    assert RULES.points(question("fill"), partial, 0, False, None) == 10


def test_sudden_death_ends_at_the_first_miss_and_skip_breaks_the_streak():
    game = Round([question(fact=f) for f in "abc"], Mode.SUDDEN_DEATH, now=0)
    game.answer("Soyuz", 1)
    assert game.streak == 1 and not game.over
    game.answer("Dragon", 2)
    assert game.over and game.current is None
    with pytest.raises(RoundOver):
        game.answer("Soyuz", 3)

    classic = Round([question(fact=f) for f in "abc"], Mode.CLASSIC, now=0)
    classic.answer("Soyuz", 1)
    classic.skip(2)
    assert classic.streak == 0 and classic.best_streak == 1 and not classic.over


def test_timed_round_stops_accepting_answers_after_sixty_seconds():
    game = Round([question(fact=f) for f in "abcdefgh"], Mode.TIMED, now=100)
    assert game.time_left(130) == 30
    game.answer("Soyuz", 159)
    with pytest.raises(RoundOver):
        game.answer("Soyuz", 161)
    assert game.over and game.time_left(200) == 0 and len(game.outcomes) == 1


@given(st.sampled_from(list(Mode)), st.none() | st.floats(1, 600), st.floats(0, 1e6), st.floats(0, 1e6))
def test_a_round_is_clocked_exactly_when_it_has_time_left_to_show(mode, limit, start, now):
    """A face ticks only a clocked round (QuestionScreen): no clock must ever run out unseen."""
    game = Round([question(fact=f) for f in "abc"], mode, now=start, question_limit=limit)
    assert game.clocked == (game.time_left(now) is not None)
    assert game.clocked == (mode is Mode.TIMED or limit is not None)


def test_hint_halves_only_the_question_it_was_taken_for():
    game = Round([question(fact=f) for f in "ab"], Mode.CLASSIC, now=0)
    assert game.take_hint() == "a hint"
    first = game.answer("Soyuz", 1)
    second = game.answer("Soyuz", 2)
    assert (first.hinted, first.points) == (True, 5)
    assert (second.hinted, second.points) == (False, 12)


def test_mode_descriptions_follow_the_rules():
    assert Rules(questions_per_round=5).describe(Mode.CLASSIC) == "up to 5 questions, both kinds mixed, no answer shown before it is asked"
    assert Rules(questions_per_round=1).describe(Mode.REVIEW) == "up to 1 question on facts you missed, due ones first"
    assert Rules(timed_seconds=90).describe(Mode.TIMED).startswith("90 seconds for as many as you can")
    scoring = Rules(choice_points=7, streak_bonus_cap=4).scoring()
    assert "scores 7" in scoring and "up to 4 extra" in scoring


def test_a_question_whose_time_ran_out_keeps_what_was_typed():
    game = Round([question("fill", fact=f) for f in "abc"], Mode.CLASSIC, now=0, question_limit=10)
    assert game.time_up(5, "Soy") is None
    ran_out = game.time_up(11, "Soy")
    assert ran_out.timed_out and ran_out.skipped and ran_out.response == "Soy" and ran_out.points == 0
    game.show(20)
    late = game.answer("Soyuz", 31)  # submitted after the limit: not graded, but what was typed is kept
    assert late.timed_out and late.response == "Soyuz" and not late.correct
    assert not game.skip(32).timed_out, "a skip by the player is no time-out"


def test_a_round_stopped_with_questions_left_ended_early():
    stopped = Round([question(fact=f) for f in "abc"], Mode.CLASSIC, now=0)
    stopped.answer("Soyuz", 1)
    stopped.end()
    assert stopped.ended_early and stopped.over
    played = Round([question(fact=f) for f in "ab"], Mode.CLASSIC, now=0)
    played.answer("Soyuz", 1)
    played.answer("Soyuz", 2)
    played.end()
    assert not played.ended_early
    sudden = Round([question(fact=f) for f in "abc"], Mode.SUDDEN_DEATH, now=0)
    sudden.answer("Dragon", 1)  # the mode ended it: not early
    sudden.end()
    assert not sudden.ended_early
    timed = Round([question(fact=f) for f in "abc"], Mode.TIMED, now=0)
    timed.time_up(61)
    timed.end()
    assert not timed.ended_early
