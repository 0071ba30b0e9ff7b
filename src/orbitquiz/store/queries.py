"""What the store reports: bests, stats, leaderboards, rows per player and question, and what item analysis and
the class report read. Read-only, each from one snapshot."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING

from orbitquiz import streaks
from orbitquiz.store.base import Access

if TYPE_CHECKING:
    from orbitquiz.class_report import AnsweredMark, CardRow, FinishedRound
    from orbitquiz.items import AnswerRow
    from orbitquiz.reports import LeaderboardRow, ModeStats, ReportRow, Stats


class Queries(Access):
    """What the stats screen, the leaderboards, the reports and item analysis read."""

    def best_score(self, player: int, pack: str, mode: str | None = None) -> int | None:
        """The best score of the player's finished rounds of ``pack`` (of ``mode``: a best is kept per mode, as a
        timed score with speed points is no classic one), or None if they have finished none."""
        row = self._read(
            lambda db: db.execute(
                "SELECT max(score) FROM rounds WHERE player_id = ? AND pack = ? AND finished_at IS NOT NULL "
                "AND (? IS NULL OR mode = ?)",
                (player, pack, mode, mode),
            ).fetchone()
        )
        return None if row[0] is None else int(row[0])

    def stats(self, player: int, today: date) -> Stats:
        """The player's figures: per pack (finished rounds), accuracy per fact type (every answer), streaks.
        ``today`` is the player's local calendar day."""
        from orbitquiz.reports import PackStats, Stats, TypeAccuracy

        def work(db: sqlite3.Connection) -> Stats:
            finished = db.execute(
                "SELECT pack, mode, score, best_streak, ended_early FROM rounds WHERE player_id = ? "
                "AND finished_at IS NOT NULL ORDER BY pack, finished_at, id",
                (player,),
            ).fetchall()
            by_pack: dict[str, list[tuple[str, int, int, bool]]] = {}
            for pack, mode, score, best_streak, ended_early in finished:
                by_pack.setdefault(pack, []).append((mode, score, best_streak or 0, bool(ended_early)))
            packs = tuple(
                PackStats(
                    pack=pack,
                    scores=tuple(score for _, score, _, _ in rounds),
                    rounds=len(rounds),
                    best_score=max(score for _, score, _, _ in rounds),
                    best_streak=max(streak for _, _, streak, _ in rounds),
                    modes=_mode_stats(rounds),
                )
                for pack, rounds in by_pack.items()
            )
            per_type = (
                "SELECT {pack} a.fact_type, count(*), sum(a.correct) FROM answers a JOIN rounds r ON r.id = a.round_id "
                "WHERE r.player_id = ? GROUP BY {pack} a.fact_type ORDER BY {pack} a.fact_type"
            )
            accuracy = tuple(
                TypeAccuracy(type=fact_type, answered=answered, correct=correct)
                for fact_type, answered, correct in db.execute(per_type.format(pack=""), (player,))
            )
            pack_accuracy = tuple(
                TypeAccuracy(type=fact_type, answered=answered, correct=correct, pack=pack)
                for pack, fact_type, answered, correct in db.execute(per_type.format(pack="a.pack,"), (player,))
            )
            days = [
                date.fromisoformat(day)
                for (day,) in db.execute(
                    "SELECT DISTINCT local_day FROM rounds WHERE player_id = ? AND local_day IS NOT NULL", (player,)
                )
            ]
            round_accuracy = tuple(correct / answered for answered, correct in db.execute(
                "SELECT answered, correct FROM rounds WHERE player_id = ? AND answered > 0 ORDER BY started_at, id",
                (player,)))
            return Stats(
                packs=packs,
                accuracy=accuracy,
                best_streak=max((p.best_streak for p in packs), default=0),
                daily=streaks.daily_streak(days, today),
                pack_accuracy=pack_accuracy,
                round_accuracy=round_accuracy,
            )

        return self._read(work)

    def leaderboard(self, pack: str | None, limit: int = 10, mode: str | None = None) -> list[LeaderboardRow]:
        """Players with a finished round (of ``pack``, or of any pack; of ``mode``, or of any), best score first,
        then accuracy, then name."""
        from orbitquiz.reports import LeaderboardRow

        sql = """
            WITH best AS (
                SELECT player_id, max(score) AS best_score, count(*) AS rounds FROM rounds
                WHERE finished_at IS NOT NULL AND (:pack IS NULL OR pack = :pack) AND (:mode IS NULL OR mode = :mode)
                GROUP BY player_id
            ), hits AS (
                SELECT r.player_id, count(*) AS answered, sum(a.correct) AS correct
                FROM answers a JOIN rounds r ON r.id = a.round_id
                WHERE (:pack IS NULL OR r.pack = :pack) AND (:mode IS NULL OR r.mode = :mode) GROUP BY r.player_id
            )
            SELECT p.name, best.best_score, best.rounds, hits.answered, hits.correct
            FROM best JOIN players p ON p.id = best.player_id LEFT JOIN hits ON hits.player_id = best.player_id
            ORDER BY best.best_score DESC, 1.0 * hits.correct / hits.answered DESC, p.name
            LIMIT :limit
        """
        rows = self._read(lambda db: db.execute(sql, {"pack": pack, "mode": mode, "limit": limit}).fetchall())
        return [
            LeaderboardRow(name, best, rounds, accuracy=correct / answered if answered else None)
            for name, best, rounds, answered, correct in rows
        ]

    def report(self, pack: str | None = None, player: int | None = None, since: date | None = None) -> list[ReportRow]:
        """Per player and per question: times asked and answered right, and the last response. Filters are
        optional; ``since`` keeps answers given on or after that day (UTC)."""
        from orbitquiz.reports import ReportRow

        sql = """
            WITH asked AS (
                SELECT r.player_id, a.pack, a.question_id, count(*) AS asked, sum(a.correct) AS correct,
                       max(a.id) AS last_id
                FROM answers a JOIN rounds r ON r.id = a.round_id
                WHERE (:pack IS NULL OR a.pack = :pack) AND (:player IS NULL OR r.player_id = :player)
                  AND (:since IS NULL OR a.answered_at >= :since)
                GROUP BY r.player_id, a.pack, a.question_id
            )
            SELECT p.name, asked.pack, asked.question_id, last.prompt, last.expected, asked.asked, asked.correct,
                   last.response
            FROM asked JOIN answers last ON last.id = asked.last_id JOIN players p ON p.id = asked.player_id
            ORDER BY p.name, asked.pack, asked.question_id
        """
        params = {"pack": pack, "player": player, "since": None if since is None else since.isoformat()}
        rows = self._read(lambda db: db.execute(sql, params).fetchall())
        return [ReportRow(*row) for row in rows]

    def item_answers(self, pack: str | None = None, since: date | None = None) -> list[AnswerRow]:
        """Every answer (of ``pack``; given on or after ``since``, UTC), oldest first, as item analysis reads
        them (``items.analyse``)."""
        from orbitquiz.items import AnswerRow

        sql = """
            SELECT r.player_id, a.pack, a.question_id, a.fact_id, a.kind, a.prompt, a.expected, a.response,
                   a.correct, a.skipped, a.options
            FROM answers a JOIN rounds r ON r.id = a.round_id
            WHERE (:pack IS NULL OR a.pack = :pack) AND (:since IS NULL OR a.answered_at >= :since)
            ORDER BY a.id
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, since)).fetchall())
        return [AnswerRow(player, pack_, question, fact, kind, prompt, expected, response, bool(correct),
                          bool(skipped), None if options is None else tuple(json.loads(options)))
                for player, pack_, question, fact, kind, prompt, expected, response, correct, skipped, options in rows]

    def class_answers(self, pack: str | None = None, since: date | None = None) -> list[AnsweredMark]:
        """Every answer (of ``pack``; given on or after ``since``, UTC) as who, pack, day (UTC) and right, oldest
        first."""
        from orbitquiz.class_report import AnsweredMark

        sql = """
            SELECT p.name, a.pack, substr(a.answered_at, 1, 10), a.correct
            FROM answers a JOIN rounds r ON r.id = a.round_id JOIN players p ON p.id = r.player_id
            WHERE (:pack IS NULL OR a.pack = :pack) AND (:since IS NULL OR a.answered_at >= :since)
            ORDER BY a.id
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, since)).fetchall())
        return [AnsweredMark(name, pack_, date.fromisoformat(day), bool(correct)) for name, pack_, day, correct in rows]

    def class_rounds(self, pack: str | None = None, since: date | None = None) -> list[FinishedRound]:
        """Every finished round (of ``pack``; finished on or after ``since``, UTC): who, pack and score."""
        from orbitquiz.class_report import FinishedRound

        sql = """
            SELECT p.name, r.pack, r.score FROM rounds r JOIN players p ON p.id = r.player_id
            WHERE r.finished_at IS NOT NULL AND (:pack IS NULL OR r.pack = :pack)
              AND (:since IS NULL OR r.finished_at >= :since)
            ORDER BY r.id
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, since)).fetchall())
        return [FinishedRound(*row) for row in rows]

    def class_cards(self, pack: str | None = None) -> list[CardRow]:
        """Every player's review card (of ``pack``), with its fact's question and answer as last asked."""
        from orbitquiz.class_report import CardRow

        sql = """
            WITH last AS (SELECT pack, fact_id, max(id) AS id FROM answers GROUP BY pack, fact_id)
            SELECT p.name, c.pack, c.fact_id, c.card_json, c.due, a.prompt, a.expected
            FROM review_cards c JOIN players p ON p.id = c.player_id
            JOIN last ON last.pack = c.pack AND last.fact_id = c.fact_id JOIN answers a ON a.id = last.id
            WHERE :pack IS NULL OR c.pack = :pack
            ORDER BY c.pack, c.fact_id, p.name
        """
        rows = self._read(lambda db: db.execute(sql, _filters(pack, None)).fetchall())
        return [CardRow(name, pack_, fact, card, datetime.fromisoformat(due), prompt, expected)
                for name, pack_, fact, card, due, prompt, expected in rows]


def _filters(pack: str | None, since: date | None) -> dict[str, str | None]:
    return {"pack": pack, "since": None if since is None else since.isoformat()}


def _mode_stats(rounds: list[tuple[str, int, int, bool]]) -> tuple[ModeStats, ...]:
    """Per mode (in the order the modes were first played), from ``(mode, score, best streak, ended early)``."""
    from orbitquiz.reports import ModeStats

    by_mode: dict[str, list[tuple[int, int, bool]]] = {}
    for mode, score, streak, early in rounds:
        by_mode.setdefault(mode, []).append((score, streak, early))
    return tuple(
        ModeStats(mode=mode, scores=tuple(score for score, _, _ in played), rounds=len(played),
                  ended_early=sum(early for _, _, early in played), best_score=max(score for score, _, _ in played),
                  best_streak=max(streak for _, streak, _ in played))
        for mode, played in by_mode.items()
    )
