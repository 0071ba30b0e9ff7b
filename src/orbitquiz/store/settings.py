"""Settings in the database: global ones, and each player's own, kept as JSON."""

from __future__ import annotations

import json
import sqlite3

from orbitquiz.store.base import Access

SettingValue = str | int | float | bool | None


class Settings(Access):
    """Global settings and each player's own."""

    def get_setting(self, key: str, player: int | None = None, default: SettingValue = None) -> SettingValue:
        """A player's setting (``player`` given) or a global one; ``default`` if it was never set."""
        row = self._read(
            lambda db: db.execute(
                "SELECT value FROM settings WHERE player_id IS ? AND key = ?", (player, key)
            ).fetchone()
        )
        if row is None:
            return default
        value: SettingValue = json.loads(row[0])
        return value

    def set_setting(self, key: str, value: SettingValue, player: int | None = None) -> None:
        encoded = json.dumps(value)

        def work(db: sqlite3.Connection) -> None:
            # UPDATE-then-INSERT rather than an upsert: the unique index is on an expression. Safe, as the
            # IMMEDIATE transaction holds the write lock throughout.
            cursor = db.execute(
                "UPDATE settings SET value = ? WHERE player_id IS ? AND key = ?", (encoded, player, key)
            )
            if cursor.rowcount == 0:
                db.execute("INSERT INTO settings(player_id, key, value) VALUES (?, ?, ?)", (player, key, encoded))

        self._write(work)
