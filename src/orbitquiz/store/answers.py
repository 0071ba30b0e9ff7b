"""Players, rounds and answers: each answer stored as given, in one transaction with its fact's review card."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime

from orbitquiz import review
from orbitquiz.grading import describe
from orbitquiz.model import Question, Verdict
from orbitquiz.plain import clean_name
from orbitquiz.store.base import Access, iso
from orbitquiz.store.review_cards import reschedule


class Answers(Access):
    """Players, their rounds and every answer given."""

    def player(self, name: str) -> int:
        """The id of the player called ``name`` (trimmed; case kept), created if new."""
        name = _player_name(name)

        def work(db: sqlite3.Connection) -> int:
            db.execute("INSERT INTO players(name) VALUES (?) ON CONFLICT(name) DO NOTHING", (name,))
            return int(db.execute("SELECT id FROM players WHERE name = ?", (name,)).fetchone()[0])

        return self._write(work)

    def find_player(self, name: str) -> int | None:
        """The id of an existing player, or None (never creates one: for reports and lookups)."""
        name = _player_name(name)
        row = self._read(lambda db: db.execute("SELECT id FROM players WHERE name = ?", (name,)).fetchone())
        return None if row is None else int(row[0])

    def players(self) -> list[str]:
        """Every player's name, sorted."""
        return self._read(lambda db: [r[0] for r in db.execute("SELECT name FROM players ORDER BY name")])

    def start_round(self, player: int, pack: str, mode: str, seed: int, now: datetime) -> int:
        started = iso(now)

        def work(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                "INSERT INTO rounds(player_id, pack, mode, seed, started_at) VALUES (?, ?, ?, ?, ?)",
                (player, pack, mode, seed, started),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return self._write(work)

    def record_answer(
        self,
        round_id: int,
        question: Question,
        response: str,
        verdict: Verdict | None,
        points: int,
        hinted: bool,
        skipped: bool,
        now: datetime,
    ) -> datetime:
        """Store one answer and reschedule its fact for review, in one transaction committed before returning.
        Returns when the fact is due for review next (UTC).

        ``verdict`` is None for a question that was not answered (skipped, time ran out): it counts as wrong.
        """
        return self._write(self._answer_work(round_id, question, response, verdict, points, hinted, skipped, now))

    def record_answers(self, answers: Sequence[tuple[int, Question, str, Verdict | None, int, bool, bool, datetime]],
                       ) -> list[datetime]:
        """Several answers (each given as ``record_answer``'s arguments) in one transaction, all or none: a live
        game's reveal keeps a whole class's answers with one write to disk instead of one each."""
        works = [self._answer_work(*answer) for answer in answers]
        return self._write(lambda db: [work(db) for work in works])

    def _answer_work(self, round_id: int, question: Question, response: str, verdict: Verdict | None, points: int,
                     hinted: bool, skipped: bool, now: datetime) -> Callable[[sqlite3.Connection], datetime]:
        """What storing one answer does inside a transaction (see ``record_answer``)."""
        answered_at = iso(now)
        judged = verdict if not skipped else None
        correct = judged is not None and judged.correct
        credit = judged.credit if judged is not None else 0.0
        how = describe(judged) if judged is not None else ("skipped" if skipped else "")
        matched = judged.match.value if judged is not None else None
        options = json.dumps(list(question.options), ensure_ascii=False) if question.options else None
        # A question without a fact id is its own fact (review schedules facts, not questions).
        fact_id = question.fact_id or question.id
        rating = review.rating_for(judged, hinted)

        def work(db: sqlite3.Connection) -> datetime:
            row = db.execute("SELECT player_id, pack FROM rounds WHERE id = ?", (round_id,)).fetchone()
            if row is None:
                raise LookupError(f"no round {round_id} in {self.path}")
            player_id, pack = row
            db.execute(
                "INSERT INTO answers(round_id, question_id, fact_id, pack, kind, fact_type, prompt, expected, "
                "response, correct, credit, how, matched, points, hinted, skipped, answered_at, options) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (round_id, question.id, fact_id, pack, question.kind, question.type, question.prompt,
                 question.answer, response, int(correct), float(credit), how, matched, int(points), int(hinted),
                 int(skipped), answered_at, options),
            )
            db.execute(
                "UPDATE rounds SET answered = answered + 1, correct = correct + ? WHERE id = ?",
                (int(correct), round_id),
            )
            return reschedule(db, player_id, pack, fact_id, rating, now)  # in the same transaction

        return work

    def finish_round(self, round_id: int, score: int, best_streak: int, now: datetime, local_day: date,
                     ended_early: bool = False) -> None:
        """Mark a round finished (``ended_early``: stopped by the player with questions left). ``local_day`` is the
        player's calendar day (daily streaks follow the player's clock, not UTC)."""
        self._write(self._finish_work(round_id, score, best_streak, now, local_day, ended_early))

    def finish_rounds(self, rounds: Sequence[tuple[int, int, int, datetime, date, bool]]) -> None:
        """Several rounds finished (each given as ``finish_round``'s arguments) in one transaction, all or none: the
        end of a live game finishes every player's round with one write to disk."""
        works = [self._finish_work(*round_) for round_ in rounds]
        self._write(lambda db: [work(db) for work in works])

    def _finish_work(self, round_id: int, score: int, best_streak: int, now: datetime, local_day: date,
                     ended_early: bool) -> Callable[[sqlite3.Connection], None]:
        finished = iso(now)

        def work(db: sqlite3.Connection) -> None:
            cursor = db.execute(
                "UPDATE rounds SET finished_at = ?, local_day = ?, score = ?, best_streak = ?, ended_early = ? "
                "WHERE id = ?",
                (finished, local_day.isoformat(), int(score), int(best_streak), int(ended_early), round_id),
            )
            if cursor.rowcount == 0:
                raise LookupError(f"no round {round_id} in {self.path}")

        return work


def _player_name(name: str) -> str:
    # NFC so "Zoë" typed in two terminals that compose accents differently is still one player; case is kept. No
    # control characters: a pasted ESC would reach the terminal `orbitquiz report` prints to (plain.clean_name).
    cleaned = clean_name(name)
    if not cleaned:
        raise ValueError("a player name cannot be empty")
    return cleaned
