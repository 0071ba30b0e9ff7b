"""Time from process start to the first question painted (headless), orbitquiz against a minimal Textual app.

Both run in this same benchmark, interleaved, several times each; the figures are medians. The target is
orbitquiz ≤ 1.2× the minimal app, for a returning player (a data folder with the database and the pack cache that
an earlier start made); a player's very first start is printed too. Run: `.venv/bin/python bench/startup_bench.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_orbitquiz

TARGET = Path(__file__).with_name("startup_target.py")


def once(command: list[str]) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, str(TARGET), *command], capture_output=True, text=True, check=True).stdout
    painted = float(out.strip().splitlines()[-1])
    return painted - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    compile_orbitquiz()
    with tempfile.TemporaryDirectory(prefix="orbitquiz-bench-") as returning:
        commands = {
            "minimal": ["minimal"],
            # The player's second and later starts: the database exists and the pack was parsed before.
            "orbitquiz": ["orbitquiz", returning],
            # The very first start on a machine: a new database, the pack parsed from its text.
            "first start": ["orbitquiz"],
        }
        for command in commands.values():
            once(command)  # warm the file cache; the returning player's folder gets its database and pack cache
        times: dict[str, list[float]] = {which: [] for which in commands}
        for _ in range(args.runs):
            for which, command in commands.items():
                times[which].append(once(command))
    medians = {which: statistics.median(values) for which, values in times.items()}
    for which, values in times.items():
        print(f"{which:12} median {medians[which] * 1000:7.1f} ms   "
              f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, runs {len(values)})")
    ratio = medians["orbitquiz"] / medians["minimal"]
    print(f"ratio orbitquiz / minimal: {ratio:.2f}  (target ≤ 1.20: {'met' if ratio <= 1.2 else 'NOT met'})")
    print(f"ratio first start / minimal: {medians['first start'] / medians['minimal']:.2f}  (for information)")


if __name__ == "__main__":
    main()
