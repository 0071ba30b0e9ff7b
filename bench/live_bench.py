"""A live class game under load: 100 websocket players against ``orbitquiz host``'s server, on this machine.

The host screen (HostApp, headless under Textual's Pilot) runs the server in its loop, as ``orbitquiz host`` does;
the players are another process (aiohttp's client, one websocket each), so their work does not sit in the host's
loop. For every question the clock starts as the host's Enter is pressed and stops, per player, when that
player's websocket has the question (CLOCK_MONOTONIC is one clock for every process of the machine). Every player
answers every question; "answers lost" is the answers sent minus the answers the store holds at the end.
Target (issue 15): p95 ≤ 300 ms, no answer lost.

Run: ``.venv/bin/python bench/live_bench.py [--players N] [--questions K]``. This machine has two cores shared
with other work: the figures move with its load, so it prints the load average with them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]

CODE = "314159"


async def players(url: str, count: int, questions: int) -> None:
    """The players' process: join, answer every question when it arrives, print when each one arrived."""
    import aiohttp

    arrived: dict[str, dict[int, float]] = {}
    revealed: dict[str, dict[int, float]] = {}
    sent = 0

    async def play(client: aiohttp.ClientSession, index: int) -> None:
        nonlocal sent
        name = f"Player {index:03d}"
        seen = arrived.setdefault(name, {})
        told = revealed.setdefault(name, {})
        async with client.ws_connect(url + "/ws", headers={"Origin": url}) as socket:
            await socket.send_json({"type": "join", "code": CODE, "nickname": name})
            async for message in socket:
                event = json.loads(message.data)
                if event["type"] != "state":
                    continue
                view = event["view"]
                if view["phase"] == "question" and view["question"]["number"] not in seen:
                    number = view["question"]["number"]
                    seen[number] = time.monotonic()
                    options = view["question"]["options"]
                    await socket.send_json({"type": "answer", "response": options[index % len(options)]
                                            if options else f"guess {index}"})
                    sent += 1
                if view["phase"] == "reveal" and view["question"]["number"] not in told:
                    told[view["question"]["number"]] = time.monotonic()
                if view["phase"] == "podium":
                    return

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as client:
        await asyncio.gather(*(play(client, i) for i in range(count)))
    print(json.dumps({"arrived": arrived, "revealed": revealed, "sent": sent}), flush=True)


async def host(count: int, questions: int, data_dir: Path) -> dict:
    from orbitquiz import generate, load_pack
    from orbitquiz.game import Mode, Rules, choose_questions
    from orbitquiz.live.session import LiveSession
    from orbitquiz.live.state import LiveGame
    from orbitquiz.store import Store
    from orbitquiz.tui.host import HostApp

    chosen = choose_questions(generate(load_pack(REPO / "seeds" / "first-film.md"), 2), Mode.CLASSIC, 2,
                              Rules(questions_per_round=questions))
    store = Store.open(data_dir)
    session = LiveSession(LiveGame(chosen, code=CODE, max_players=count), store, "first-film", 2)
    app = HostApp(session, port=0)
    pressed: dict[int, float] = {}
    reveal_pressed: dict[int, float] = {}
    game = session.game
    async with app.run_test(size=(120, 45)) as pilot:
        client = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--players-of", app.server.url, "--players", str(count),
            "--questions", str(len(chosen)), stdout=subprocess.PIPE)
        while len(game.players) < count:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # the last joins' views are out
        for number in range(1, len(chosen) + 1):
            pressed[number] = time.monotonic()
            await pilot.press("enter")  # the question
            deadline = time.monotonic() + 30
            while game.waiting_for() and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            reveal_pressed[number] = time.monotonic()
            await pilot.press("enter")  # the reveal
            await pilot.press("enter")  # the leaderboard, or the podium after the last
        output, _ = await asyncio.wait_for(client.communicate(), 60)
    store.close()
    result = json.loads(output)
    stored = sqlite3.connect(data_dir / "orbitquiz.sqlite3").execute(
        "SELECT count(*) FROM answers WHERE skipped = 0").fetchone()[0]
    by_question: dict[int, list[float]] = {}
    for seen in result["arrived"].values():
        for number, at in seen.items():
            by_question.setdefault(int(number), []).append((at - pressed[int(number)]) * 1000)
    reveals = [(at - reveal_pressed[int(number)]) * 1000 for seen in result["revealed"].values()
               for number, at in seen.items()]
    expected = count * len(chosen)
    return {"by_question": by_question, "reveals": sorted(reveals), "sent": result["sent"], "stored": stored, "expected": expected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--players-of", metavar="URL", help=argparse.SUPPRESS)  # the players' process
    args = parser.parse_args()
    if args.players_of:
        asyncio.run(players(args.players_of, args.players, args.questions))
        return
    with tempfile.TemporaryDirectory() as data:
        started = time.monotonic()
        figures = asyncio.run(host(args.players, args.questions, Path(data)))
    delays = sorted(d for per in figures["by_question"].values() for d in per)
    p50 = statistics.median(delays)
    p95 = delays[min(len(delays) - 1, int(0.95 * len(delays)))]
    lost = figures["expected"] - figures["stored"]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"live game: {args.players} websocket players, {args.questions} questions, {len(delays)} question "
          f"deliveries in {time.monotonic() - started:.1f} s")
    print(f"host key -> question on the page: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {delays[-1]:.0f} ms "
          f"(target p95 <= 300 ms: {'met' if p95 <= 300 else 'NOT met'})")
    print("per question (p50/max ms): " + ", ".join(
        f"{n}: {statistics.median(d):.0f}/{max(d):.0f}" for n, d in sorted(figures["by_question"].items())))
    reveals = figures["reveals"]
    print(f"host key -> reveal on the page (the store keeps {args.players} answers first): "
          f"p50 {statistics.median(reveals):.0f} ms, p95 {reveals[int(0.95 * (len(reveals) - 1))]:.0f} ms")
    print(f"answers: {figures['sent']} sent, {figures['stored']} in the store, {lost} lost")
    print(f"machine: {os.cpu_count()} cores shared with other work, load average {load} (figures move with it)")


if __name__ == "__main__":
    main()
