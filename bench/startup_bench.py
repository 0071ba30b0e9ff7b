"""Time from process start to the first question painted (headless), orbitquiz against a minimal Textual app.

Both run in this same benchmark, interleaved, several times each; the figures are medians. The target is
orbitquiz ≤ 1.2× the minimal app. Run: `.venv/bin/python bench/startup_bench.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bytecode import compile_orbitquiz

TARGET = Path(__file__).with_name("startup_target.py")


def once(which: str) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, str(TARGET), which], capture_output=True, text=True, check=True).stdout
    painted = float(out.strip().splitlines()[-1])
    return painted - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    compile_orbitquiz()
    once("minimal"), once("orbitquiz")  # warm the file cache and byte-code for both
    times: dict[str, list[float]] = {"minimal": [], "orbitquiz": []}
    for _ in range(args.runs):
        for which in times:
            times[which].append(once(which))
    medians = {which: statistics.median(values) for which, values in times.items()}
    for which, values in times.items():
        print(f"{which:10} median {medians[which] * 1000:7.1f} ms   "
              f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, runs {len(values)})")
    ratio = medians["orbitquiz"] / medians["minimal"]
    print(f"ratio orbitquiz / minimal: {ratio:.2f}  (target ≤ 1.20: {'met' if ratio <= 1.2 else 'NOT met'})")


if __name__ == "__main__":
    main()
