"""A live game's answers in the store (a real SQLite file): every player a round of mode "live", every question
they could answer kept at its reveal, so report, the leaderboard and review include live games."""

from __future__ import annotations

import sqlite3

import pytest

from orbitquiz.live.session import LIVE_MODE, LiveSession
from orbitquiz.live.state import LiveError, LiveGame
from orbitquiz.store import Store
from tests.livetools import CODE, questions


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def test_every_answer_of_a_live_game_is_in_the_store(tmp_path):
    chosen = questions(3)
    store = Store.open(tmp_path)
    session = LiveSession(LiveGame(chosen, code=CODE), store, "first-film", 5, clock=Clock())
    ana, ben = session.join(CODE, "Ana"), session.join(CODE, "Ben")
    session.advance()
    session.answer(ana.token, chosen[0].answer)
    session.answer(ben.token, "not the answer")
    late = session.join(CODE, "Cleo")  # comes in at question 2
    session.advance()  # reveal 1
    session.advance()  # leaderboard
    session.advance()  # question 2
    session.skip()  # dropped by the teacher: nothing of it is kept
    session.answer(ana.token, chosen[2].answer)
    session.answer(late.token, chosen[2].answer)
    session.advance()  # reveal 3
    session.advance()  # podium
    store.close()

    db = sqlite3.connect(tmp_path / "orbitquiz.sqlite3")
    rounds = db.execute("SELECT p.name, r.mode, r.pack, r.score, r.finished_at IS NOT NULL, r.ended_early, "
                        "r.answered FROM rounds r JOIN players p ON p.id = r.player_id ORDER BY p.name").fetchall()
    assert rounds == [("Ana", LIVE_MODE, "first-film", ana.score, 1, 0, 2),
                      ("Ben", LIVE_MODE, "first-film", 0, 1, 0, 2),
                      ("Cleo", LIVE_MODE, "first-film", late.score, 1, 0, 1)]
    answers = db.execute("SELECT p.name, a.prompt, a.response, a.correct, a.points, a.skipped FROM answers a "
                         "JOIN rounds r ON r.id = a.round_id JOIN players p ON p.id = r.player_id "
                         "ORDER BY p.name, a.id").fetchall()
    assert answers == [
        ("Ana", chosen[0].prompt, chosen[0].answer, 1, ana.answers[0].points, 0),
        ("Ana", chosen[2].prompt, chosen[2].answer, 1, ana.answers[2].points, 0),
        ("Ben", chosen[0].prompt, "not the answer", 0, 0, 0),
        ("Ben", chosen[2].prompt, "", 0, 0, 1),  # did not answer: kept as a skip
        ("Cleo", chosen[2].prompt, chosen[2].answer, 1, late.answers[2].points, 0),
    ]
    assert sum(row[4] for row in answers) == ana.score + late.score  # the scores are what the store holds
    with Store.open(tmp_path) as again:
        board = {(row.player, row.best_score) for row in again.leaderboard("first-film", mode=LIVE_MODE)}
        assert board == {("Ana", ana.score), ("Ben", 0), ("Cleo", late.score)}
        assert {row.player for row in again.report("first-film")} == {"Ana", "Ben", "Cleo"}
        ben_id = again.find_player("Ben")
        assert chosen[0].fact_id in again.missed_fact_ids(ben_id, "first-film")  # review asks it again


def test_a_game_ended_early_says_so(tmp_path):
    store = Store.open(tmp_path)
    session = LiveSession(LiveGame(questions(3), code=CODE), store, "first-film", 5)
    session.join(CODE, "Ana")
    session.advance()
    session.end()
    store.close()
    db = sqlite3.connect(tmp_path / "orbitquiz.sqlite3")
    assert db.execute("SELECT ended_early, finished_at IS NOT NULL, answered FROM rounds").fetchall() == [(1, 1, 0)]


def test_a_reveals_answers_are_kept_all_or_none(tmp_path):
    from datetime import datetime, timezone

    question = questions(1)[0]
    now = datetime.now(timezone.utc)
    with Store.open(tmp_path) as store:
        first = store.start_round(store.player("Ana"), "first-film", LIVE_MODE, 1, now)
        try:
            store.record_answers([(first, question, "x", None, 0, False, True, now),
                                  (first + 99, question, "y", None, 0, False, True, now)])  # no such round
        except LookupError:
            pass
        else:
            raise AssertionError("a batch with a round that does not exist was accepted")
        assert store.report("first-film") == []  # the first answer was rolled back with the second
        store.record_answers([(first, question, "x", None, 0, False, True, now)])
        assert [row.last_response for row in store.report("first-film")] == ["x"]


def test_text_no_store_can_keep_is_refused_or_made_keepable(tmp_path):
    """JSON carries lone surrogates; SQLite cannot keep them. A page that sends them gets a clear refusal (a code, a
    nickname) or has its answer kept with "?" in their place, and the reveal goes on."""
    chosen = questions(1, kind="fill")
    store = Store.open(tmp_path)
    session = LiveSession(LiveGame(chosen, code=CODE), store, "first-film", 5)
    with pytest.raises(LiveError, match="join code"):
        session.join("\ud800", "Ana")
    with pytest.raises(LiveError, match="letters, digits"):
        session.join(CODE, "An\udc00a")
    ana = session.join(CODE, "Ana")
    session.advance()
    session.answer(ana.token, "Mos\ud800cow")
    session.advance()
    assert session.store_problem is None
    assert [row.last_response for row in store.report("first-film")] == ["Mos?cow"]
    store.close()
