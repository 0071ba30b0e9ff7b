"""Review cards in the database: each missed fact's fsrs card, rescheduled with every answer, and what a review
asks (``review.to_ask``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from orbitquiz import review
from orbitquiz.store.base import Access, iso

if TYPE_CHECKING:
    from fsrs import Rating


def reschedule(db: sqlite3.Connection, player_id: int, pack: str, fact_id: str, rating: Rating,
               now: datetime) -> datetime:
    """Schedule the fact's card after an answer rated ``rating``, inside the answer's transaction; when it is due."""
    card = db.execute(
        "SELECT card_json FROM review_cards WHERE player_id = ? AND pack = ? AND fact_id = ?",
        (player_id, pack, fact_id),
    ).fetchone()
    card_json, due = review.schedule(None if card is None else card[0], rating, now)
    db.execute(
        "INSERT INTO review_cards(player_id, pack, fact_id, card_json, due) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(player_id, pack, fact_id) DO UPDATE SET card_json = excluded.card_json, "
        "due = excluded.due",
        (player_id, pack, fact_id, card_json, iso(due)),
    )
    return due


class ReviewCards(Access):
    """The facts a player has missed, and when each is due again."""

    def missed_fact_ids(self, player: int, pack: str) -> set[str]:
        """Facts of ``pack`` the player has ever got wrong or skipped."""
        return self._read(lambda db: _missed_facts(db, player, pack))

    def review_queue(self, player: int, pack: str, now: datetime) -> list[str]:
        """The missed-ever facts of ``pack`` a review asks at ``now``, in order (``review.to_ask``)."""
        return review.to_ask(self.review_cards(player, pack), now)

    def review_cards(self, player: int, pack: str) -> list[tuple[str, datetime, bool]]:
        """``(fact_id, due, last answer right)`` of every fact of ``pack`` the player has ever missed."""

        def work(db: sqlite3.Connection) -> list[tuple[str, datetime, bool]]:
            missed = _missed_facts(db, player, pack)
            last_right = dict(db.execute(
                "SELECT a.fact_id, a.correct FROM answers a JOIN rounds r ON r.id = a.round_id "
                "WHERE r.player_id = ? AND r.pack = ? ORDER BY a.id", (player, pack)))  # the last answer wins
            rows = db.execute(
                "SELECT fact_id, due FROM review_cards WHERE player_id = ? AND pack = ?", (player, pack)
            ).fetchall()
            return [(fact_id, datetime.fromisoformat(due), bool(last_right.get(fact_id)))
                    for fact_id, due in rows if fact_id in missed]

        return self._read(work)


def _missed_facts(db: sqlite3.Connection, player: int, pack: str) -> set[str]:
    rows = db.execute(
        "SELECT DISTINCT a.fact_id FROM answers a JOIN rounds r ON r.id = a.round_id "
        "WHERE r.player_id = ? AND r.pack = ? AND a.correct = 0",
        (player, pack),
    )
    return {fact_id for (fact_id,) in rows}
