"""Where one forked game's CPU goes through a round (issue 18): a real ``orbitquiz serve --questions 5`` and
websocket players (tests/webtools.py), the first game sampled by py-spy from its name box to its results.

It prints each game's CPU time (/proc/PID/schedstat) by phase, medians over the players: to the name box, name typed
to the first question, each answer's key to its verdict, each Enter to the next question, and the whole round (name
typed to the results); then, from py-spy's samples of the first game, the functions that hold the most of them
(inclusive: a sample counts for every function on its stack, once) and where the samples' own frames are.

Run: ``.venv/bin/python bench/game_profile.py [--players N] [--rate HZ] [--top K] [--only-orbitquiz]``
(py-spy from PyPI: ``.venv/bin/pip install py-spy``; it needs to be allowed to ptrace the game, as root is).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src"), str(REPO / "bench")]

QUESTIONS = 5


def cpu_ms(pid: int) -> float:
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6


async def play(url: str, players: int, games, start_sampler) -> dict[str, list[float]]:
    from tests.webtools import VERDICT, WebsocketPlayer

    tabs = [WebsocketPlayer(f"{url}/ws/pack/first-film") for _ in range(players)]
    await asyncio.gather(*(tab.__aenter__() for tab in tabs))
    await asyncio.gather(*(tab.wait_for(r"Type your name", timeout=120) for tab in tabs))
    pids = sorted(games())
    phases: dict[str, list[float]] = collections.defaultdict(list)

    def mark(name: str, before: list[float]) -> list[float]:
        now = [cpu_ms(pid) for pid in pids]
        phases[name] += [after - start for after, start in zip(now, before, strict=True)]
        return now

    zero = [0.0] * len(pids)
    cpu = mark("to the name box", zero)
    start_sampler(pids[0])
    typed = cpu
    await asyncio.gather(*(tab.press(f"Player {n:02d}\r") for n, tab in enumerate(tabs)))
    for number in range(1, QUESTIONS + 1):
        texts = await asyncio.gather(*(
            tab.wait_for(rf"Question {number}/{QUESTIONS}", absent=VERDICT, timeout=120,
                         ready=lambda text: "Type your answer" in text or "1  " in text) for tab in tabs))
        cpu = mark("name typed to question 1" if number == 1 else "Enter to the next question", cpu)
        await asyncio.gather(*(tab.press("zzzz\r" if "Type your answer" in text else "1")
                               for tab, text in zip(tabs, texts, strict=True)))
        await asyncio.gather(*(tab.wait_for(VERDICT, timeout=120) for tab in tabs))
        cpu = mark("key to verdict", cpu)
        await asyncio.gather(*(tab.press("\r") for tab in tabs))
    await asyncio.gather(*(tab.wait_for(r"Play again", timeout=120) for tab in tabs))
    mark("last Enter to the results", cpu)
    mark("the round (name typed to results)", typed)
    for tab in tabs:
        await tab.__aexit__(None, None, None)
    return phases


def report(raw: Path, top: int, only_ours: bool) -> None:
    """py-spy's raw (collapsed) stacks: ``frame;frame;… count`` per line, the outermost frame first."""
    inclusive: collections.Counter[str] = collections.Counter()
    ours_first: collections.Counter[str] = collections.Counter()  # the innermost orbitquiz frame of each sample
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        total += samples
        frames = [frame.rsplit(":", 1)[0] + ")" for frame in stack.split(";")]  # "function (path)"
        for frame in set(frames):
            inclusive[frame] += samples
        # What runs inside the app's loop: orbitquiz's own frames after Textual's App.run (the ones before it are
        # the warm parent and the command line starting the game).
        inside = frames[next((n for n, frame in enumerate(frames) if frame.startswith("App.run ")), 0):]
        ours = [frame for frame in inside if "(orbitquiz/" in frame]
        ours_first[ours[-1] if ours else "(no orbitquiz frame: Textual's own work)"] += samples
    print(f"py-spy: {total} samples of the first game, name box to results")
    print(f"  top {top} functions by inclusive share:")
    shown = 0
    for frame, samples in inclusive.most_common():
        if only_ours and "(orbitquiz/" not in frame:
            continue
        print(f"    {samples / total:6.1%}  {frame}")
        shown += 1
        if shown >= top:
            break
    print("  the innermost orbitquiz function of each sample (what of ours the work was done for):")
    for frame, samples in ours_first.most_common(top):
        print(f"    {samples / total:6.1%}  {frame}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=1)
    parser.add_argument("--rate", type=int, default=500, help="py-spy samples per second")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--only-orbitquiz", action="store_true", help="list orbitquiz's functions only")
    parser.add_argument("--keep", type=Path, help="also copy py-spy's raw stacks to this file")
    args = parser.parse_args()
    from bytecode import compile_orbitquiz
    from tests.webtools import serve

    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    compile_orbitquiz()
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "stacks.txt"
        sampler: list[subprocess.Popen] = []

        def start_sampler(pid: int) -> None:
            sampler.append(subprocess.Popen([py_spy, "record", "--pid", str(pid), "--rate", str(args.rate),
                                             "--format", "raw", "--output", str(raw), "--nonblocking"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            time.sleep(0.5)  # py-spy attaches

        with serve(Path(tmp) / "data", "--questions", str(QUESTIONS), "--max-sessions", str(args.players + 5)) \
                as server:
            time.sleep(1)
            phases = asyncio.run(play(server.url, args.players, server.games, start_sampler))
            for process in sampler:
                process.send_signal(signal.SIGINT)
                process.wait(30)
        print(f"CPU per game by phase, median of {args.players} game(s) (ms; each answer's and question's "
              f"phases: median over all of them):")
        for name, values in phases.items():
            print(f"  {name:36} {statistics.median(values):7.1f}")
        if raw.exists():
            if args.keep:
                shutil.copy(raw, args.keep)
            report(raw, args.top, args.only_orbitquiz)
        else:
            print("py-spy wrote nothing (is it installed, and allowed to ptrace?)")


if __name__ == "__main__":
    main()
