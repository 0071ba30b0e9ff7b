"""A class at once: 30 websocket players (as textual.js talks, no browser), each its own game process, each playing a
classic round against one real ``orbitquiz serve`` and one SQLite file. Every round must be recorded, none lost, no
error; the keypress-to-screen latency (key sent → the next terminal bytes back) is printed as p50/p95.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time

from orbitquiz.store import Store
from tests.webtools import REPO, WebsocketPlayer, percentile, play_round, run_async, serve

PACK = REPO / "seeds" / "first-film.md"
PLAYERS = 30
#: A short round (the settings' questions_per_round): each answer costs a game some 0.3 s of CPU, and 30 games share
#: two cores here; the server's part (start, relay, stop) is the same for any length.
QUESTIONS = 3


def test_thirty_players_at_once_all_rounds_recorded(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.set_setting("questions_per_round", QUESTIONS)
    with serve(data, "--max-sessions", str(PLAYERS)) as server:
        started = time.monotonic()

        async def one(number: int) -> tuple[list[bool], list[float]]:
            async with WebsocketPlayer(f"{server.url}/ws/pack/first-film", width=80, height=24) as player:
                meant = await play_round(player, f"Player {number:02d}", QUESTIONS, data, PACK, timeout=120)
                return meant, player.latencies

        async def everyone() -> list[tuple[list[bool], list[float]]]:
            async with asyncio.TaskGroup() as group:  # the first failure stops the others
                tasks = [group.create_task(one(n)) for n in range(PLAYERS)]
            return [task.result() for task in tasks]

        played = run_async(everyone())
        latencies = [sample for _, samples in played for sample in samples]
        elapsed = time.monotonic() - started
        log = server.log.read_text()
    assert "Traceback" not in log and "ERROR" not in log, log
    with sqlite3.connect(data / "orbitquiz.sqlite3") as db:
        rounds = db.execute("SELECT p.name, r.finished_at, r.answered, r.correct FROM rounds r "
                            "JOIN players p ON p.id = r.player_id ORDER BY p.name").fetchall()
        answers = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    assert [name for name, *_ in rounds] == [f"Player {n:02d}" for n in range(PLAYERS)]
    assert all(finished is not None and answered == QUESTIONS for _, finished, answered, _ in rounds)
    assert [correct for *_, correct in rounds] == [sum(meant) for meant, _ in played]
    assert answers == PLAYERS * QUESTIONS
    # The shared scores: one leaderboard and one report over the whole class.
    with Store.open(data) as store:
        board = store.leaderboard("first-film", limit=100)
    assert len(board) == PLAYERS
    report = subprocess.run([sys.executable, "-m", "orbitquiz", "--data-dir", str(data), "report", "--pack",
                             "first-film", "--csv"], capture_output=True, text=True, check=True).stdout
    assert all(f"Player {n:02d}" in report for n in range(PLAYERS))
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(f"\n{PLAYERS} players × {QUESTIONS} questions in {elapsed:.1f} s: keypress-to-screen latency "
          f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms over {len(latencies)} keys")
