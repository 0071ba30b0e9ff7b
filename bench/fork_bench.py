"""Issue 18: games forked from a warm parent (``orbitquiz serve --start fork``) against games started as fresh
processes (``--start spawn``), in the same run.

For each way, a real ``orbitquiz serve --questions 5`` and 30 websocket players (tests/webtools.py, no browser on
the machine) that connect at once:

- name box: seconds from the players' connecting (all at once) to each one's name box drawn, p50 and p95;
- keypress-to-verdict: the players answer each question together (one answer each, all sent at once); seconds from
  a player's key to its verdict on its screen, p50 and p95 over every answer of the round;
- the round's CPU per game: each game's CPU time from the last name box drawn to its results screen, median (what
  keypress-to-verdict with 30 players follows);
- CPU per game to its name box: each game's CPU time (/proc/PID/schedstat) once every name box is drawn, median
  (the figure the name box's p95 follows: 30 games share two cores; it moves less than the times do with what
  else the machine is doing, but it does move: 65-75 ms at a load average of 5-13, ~100 ms at 22);
- PSS per game: each game's proportional set size (its process tree, as bench/serve_bench.py measures it) once all
  30 have finished their first round and sit on the results screen, median and max (PSS shares a page among the
  processes that map it: the warm parent's pages are shared by all 30 games and the parent).

Then a single tab in headless Chromium (bench/serve_bench.py's ``one_tab``): page load to the first question, median
of ``--runs`` runs, orbitquiz forked and spawned against the minimal Textual app served the old way.

Targets (issue 18): name box p95 ≤ 1.5 s with 30 players; PSS per game ≤ 15 MB; a single tab's first question
≤ 1.0× the minimal app's. The machine may be shared: the load average is printed with the figures.

Run: ``.venv/bin/python bench/fork_bench.py [--players 30] [--runs 5] [--modes fork]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src"), str(REPO / "bench")]

QUESTIONS = 5
MODES = ("spawn", "fork")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has had (its threads' included), from /proc/PID/schedstat (nanoseconds)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except OSError:
        return float("nan")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy, all cores (/proc/stat: all but idle and I/O wait)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(field) for field in
                                                                 Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class Shares:
    """Who has had the CPU so far: the server, its warm parent, this benchmark (its players), the machine."""

    def __init__(self, served) -> None:
        warm = served.warm_parent()
        self.server = cpu_seconds(served.process.pid)
        self.warm = cpu_seconds(warm) if warm is not None else 0.0
        self.players = time.process_time()
        self.machine = machine_busy_seconds()
        self.wall = time.perf_counter()

    def since(self, before: Shares, games: float) -> str:
        wall = self.wall - before.wall
        return (f"{wall:.1f} s; CPU meanwhile: the games {games:.1f} s, the server {self.server - before.server:.1f} s, "
                f"the warm parent {self.warm - before.warm:.2f} s, these players (the benchmark) "
                f"{self.players - before.players:.1f} s, the whole machine {self.machine - before.machine:.1f} s of "
                f"{wall * (os.cpu_count() or 1):.1f}")


async def class_at_once(served, players: int) -> dict[str, object]:
    """Name-box seconds of each player, each game's CPU seconds by the last name box, every keypress-to-verdict of
    the round (30 answering together), each game's CPU seconds from the last name box to the results, and who
    else had the CPU in each part (the server, its warm parent, these players, the machine)."""
    from tests.webtools import VERDICT, WebsocketPlayer

    at_start = Shares(served)
    started = time.perf_counter()
    tabs = [WebsocketPlayer(f"{served.url}/ws/pack/first-film") for _ in range(players)]
    await asyncio.gather(*(tab.__aenter__() for tab in tabs))

    async def name_box(tab) -> float:
        await tab.wait_for(r"Type your name", timeout=300)
        return time.perf_counter() - started

    boxes = await asyncio.gather(*(name_box(tab) for tab in tabs))
    pids = served.games()
    cpu = [cpu_seconds(pid) for pid in pids]
    at_boxes = Shares(served)
    await asyncio.gather(*(tab.press(f"Player {n:02d}\r") for n, tab in enumerate(tabs)))
    verdicts: list[float] = []

    async def answer(tab, number: int) -> str:
        text = await tab.wait_for(rf"Question {number}/{QUESTIONS}", absent=VERDICT, timeout=300,
                                  ready=lambda text: "Type your answer" in text or "1  " in text)
        return text

    async def verdict(tab, text: str) -> float:
        sent = time.perf_counter()
        await tab.press("zzzz\r" if "Type your answer" in text else "1")
        await tab.wait_for(VERDICT, timeout=300)
        return time.perf_counter() - sent

    for number in range(1, QUESTIONS + 1):
        texts = await asyncio.gather(*(answer(tab, number) for tab in tabs))
        verdicts += await asyncio.gather(*(verdict(tab, text) for tab, text in zip(tabs, texts, strict=True)))
        await asyncio.gather(*(tab.press("\r") for tab in tabs))
    await asyncio.gather(*(tab.wait_for(r"Play again", timeout=300) for tab in tabs))
    round_cpu = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu, strict=True)]
    return {"boxes": list(boxes), "cpu": cpu, "verdicts": verdicts, "round_cpu": round_cpu, "tabs": tabs,
            "during": f"to the last name box {at_boxes.since(at_start, sum(cpu))};\n          the round "
                      f"{Shares(served).since(at_boxes, sum(round_cpu))}"}


def crowd(mode: str, players: int, tmp: Path) -> dict[str, object]:
    from serve_bench import tree_memory
    from tests.webtools import percentile, serve

    with serve(tmp / mode, "--start", mode, "--questions", str(QUESTIONS), "--max-sessions", str(players + 5)) \
            as server:
        time.sleep(1)  # (the warm parent is ready before the server says it is serving)
        before = load()

        async def run() -> dict[str, object]:
            figures = await class_at_once(server, players)
            figures["pss"] = [tree_memory(pid)[0] for pid in server.games()]
            for tab in figures.pop("tabs"):
                await tab.__aexit__(None, None, None)
            return figures

        figures = asyncio.run(run())
        figures["load"] = f"{before}; after: {load()}"
    boxes, cpu, verdicts, pss = figures["boxes"], figures["cpu"], figures["verdicts"], figures["pss"]
    round_cpu = figures["round_cpu"]
    figures["line"] = (f"{mode:6} name box p50 {percentile(boxes, 0.5):5.2f} s  p95 {percentile(boxes, 0.95):5.2f} s"
                       f" (CPU per game by then: median {statistics.median(cpu) * 1000:4.0f} ms)"
                       f" | keypress-to-verdict p50 {percentile(verdicts, 0.5):5.2f} s  p95 "
                       f"{percentile(verdicts, 0.95):5.2f} s ({len(verdicts)} answers; the round's CPU per game: "
                       f"median {statistics.median(round_cpu) * 1000:4.0f} ms) | PSS per game after round 1:"
                       f" median {statistics.median(pss) / 1024:5.1f} MB  max {max(pss) / 1024:5.1f} MB "
                       f"({len(pss)} games)\n         ({figures['during']})")
    return figures


def single_tab(runs: int, tmp: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright
    from serve_bench import one_tab
    from tests.webtools import CHROMIUM_ARGS, chromium_path, serve

    chromium = chromium_path()
    if chromium is None:
        sys.exit("fork_bench: no Chromium (apt-get install chromium)")
    minimal_command = [sys.executable, str(REPO / "bench" / "serve_bench.py"), "--minimal-server", str(tmp / "m")]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        with serve(tmp / "tab-fork", "--start", "fork") as forked, serve(tmp / "tab-spawn", "--start", "spawn") \
                as spawned, serve(tmp / "m", command=minimal_command) as minimal:
            targets = {"minimal": (minimal, "/"), "spawn": (spawned, "/pack/first-film"),
                       "fork": (forked, "/pack/first-film")}
            for served, path in targets.values():  # warm the file cache, byte-code and browser for each
                one_tab(browser, served, path)
            results: dict[str, list[float]] = {name: [] for name in targets}
            for _ in range(runs):
                for name, (served, path) in targets.items():
                    results[name].append(one_tab(browser, served, path)[1])
        browser.close()
    return {name: statistics.median(times) for name, times in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5, help="single-tab runs per way (medians)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES),
                        help="the ways of starting games whose crowd is measured (fork alone: to compare two versions)")
    args = parser.parse_args()
    from bytecode import compile_orbitquiz

    compile_orbitquiz()
    with tempfile.TemporaryDirectory() as tmp:
        crowds = {mode: crowd(mode, args.players, Path(tmp)) for mode in args.modes}
        print(f"{args.players} websocket players connecting at once, {QUESTIONS} questions answered together:")
        for mode, figures in crowds.items():
            print(f"  {figures['line']}\n         ({figures['load']})")
        tab = single_tab(args.runs, Path(tmp))
    print(f"a single tab, page load to first question (Chromium, medians of {args.runs}; {load()}):")
    for name, seconds in tab.items():
        print(f"  {name:8} {seconds * 1000:6.0f} ms")
    from tests.webtools import percentile

    if "fork" not in crowds:
        return
    box95 = percentile(crowds["fork"]["boxes"], 0.95)
    pss = statistics.median(crowds["fork"]["pss"]) / 1024
    ratio = tab["fork"] / tab["minimal"]
    print(f"targets: name box p95 ≤ 1.5 s: {box95:.2f} s {'met' if box95 <= 1.5 else 'NOT met'}; "
          f"PSS per game ≤ 15 MB: {pss:.1f} MB {'met' if pss <= 15 else 'NOT met'}; "
          f"single tab ≤ 1.0× minimal: {ratio:.2f}× {'met' if ratio <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
