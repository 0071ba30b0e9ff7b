"""The browser face against a minimal Textual app served the same way, in the same run: page load to the first
question visible, and memory per session (PSS and RSS of the game's process tree).

Both are served by orbitquiz's own launcher (``GameServer``, the same page, font and process handling); the minimal
app is an Input for the name that shows "Question 1/10" once Enter is pressed. Each run opens a fresh tab in
headless Chromium, types a name as soon as the name box is drawn, and stops the clock when the question is on the
terminal's screen (read from xterm's buffer). Runs alternate between the two; figures are medians.
Targets: orbitquiz ≤ 1.2× the time and ≤ 1.3× the memory of the minimal app.

Run: ``.venv/bin/python bench/serve_bench.py [--runs N]``. Needs Chromium (``/usr/bin/chromium``) and Playwright.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]

NAME_BOX = "Type your name"
QUESTION = r"Question 1/\d+"  # (first-film gives a round of 6: no question whose answer an earlier one showed)


def minimal_app() -> None:
    """The minimal Textual app: a name box, then the first question's status line."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input, Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(placeholder=NAME_BOX, id="name")
            yield Static(id="question")

        def on_input_submitted(self, event: Input.Submitted) -> None:
            self.query_one("#question", Static).update("Question 1/10")

    Minimal().run()


def minimal_server(data_dir: str) -> None:
    """orbitquiz's launcher serving the minimal app instead of orbitquiz."""
    from orbitquiz.web import GameServer

    GameServer(data_dir=Path(data_dir), port=0,
               app_argv=[sys.executable, str(Path(__file__).resolve()), "--minimal-app"]).serve()


def tree_memory(pid: int) -> tuple[int, int]:
    """PSS and RSS in kB of a process and its descendants."""
    from tests.webtools import children

    pss = rss = 0
    for member in [pid, *descendants(pid, children)]:
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if key == "Pss":
                pss += int(value.split()[0])
            elif key == "Rss":
                rss += int(value.split()[0])
    return pss, rss


def descendants(pid: int, children) -> list[int]:
    found = []
    for child in children(pid):
        found += [child, *descendants(child, children)]
    return found


def wait_js(page, pattern: str, timeout: float = 30) -> None:
    """Wait, checking on every animation frame, until the terminal's screen matches ``pattern``."""
    from tests.webtools import SCREEN_JS

    page.wait_for_function(f"() => {{ const text = ({SCREEN_JS})(); return text !== null && "
                           f"new RegExp({pattern!r}).test(text); }}", polling="raf", timeout=timeout * 1000)


def one_tab(browser, served, path: str) -> tuple[float, float, int, int]:
    """Seconds to the name box and to the first question, and the game's PSS and RSS (kB) at that moment."""
    from tests.webtools import focus_terminal, new_page

    page = new_page(browser, viewport={"width": 1100, "height": 820})
    started = time.perf_counter()
    page.goto(served.url + path)
    wait_js(page, NAME_BOX)
    name_box = time.perf_counter() - started
    focus_terminal(page)
    page.keyboard.type("Bench")
    page.keyboard.press("Enter")
    wait_js(page, QUESTION)
    question = time.perf_counter() - started
    [pid] = served.games()
    time.sleep(0.3)  # let the game settle (a frame being written) before its memory is read
    pss, rss = tree_memory(pid)
    page.close()
    deadline = time.monotonic() + 10
    while served.games() and time.monotonic() < deadline:
        time.sleep(0.05)
    return name_box, question, pss, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--minimal-app", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--minimal-server", metavar="DATA_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.minimal_app:
        return minimal_app()
    if args.minimal_server:
        return minimal_server(args.minimal_server)

    from playwright.sync_api import sync_playwright
    from bytecode import compile_orbitquiz
    from tests.webtools import CHROMIUM_ARGS, chromium_path, serve

    chromium = chromium_path()
    if chromium is None:
        sys.exit("serve_bench: no Chromium (apt-get install chromium)")
    compile_orbitquiz()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        data = Path(tmp) / "data"
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        minimal_command = [sys.executable, str(Path(__file__).resolve()), "--minimal-server", str(Path(tmp) / "m")]
        with serve(data) as orbitquiz, serve(Path(tmp) / "m", command=minimal_command) as minimal:
            targets = {"minimal": (minimal, "/"), "orbitquiz": (orbitquiz, "/pack/first-film")}
            for served, path in targets.values():  # warm the file cache, byte-code and browser for both
                one_tab(browser, served, path)
            results: dict[str, list[tuple[float, float, int, int]]] = {name: [] for name in targets}
            for _ in range(args.runs):
                for name, (served, path) in targets.items():
                    results[name].append(one_tab(browser, served, path))
        browser.close()

    medians = {name: [statistics.median(run[i] for run in runs) for i in range(4)] for name, runs in results.items()}
    print(f"{'':10} {'name box':>10} {'1st question':>13} {'PSS':>9} {'RSS':>9}   (medians of {args.runs} runs)")
    for name, (box, question, pss, rss) in medians.items():
        print(f"{name:10} {box * 1000:8.0f} ms {question * 1000:10.0f} ms {pss / 1024:6.1f} MB {rss / 1024:6.1f} MB")
    ratio_time = medians["orbitquiz"][1] / medians["minimal"][1]
    ratio_pss = medians["orbitquiz"][2] / medians["minimal"][2]
    ratio_rss = medians["orbitquiz"][3] / medians["minimal"][3]
    print(f"page load to first question: orbitquiz / minimal = {ratio_time:.2f}  (target ≤ 1.20: "
          f"{'met' if ratio_time <= 1.2 else 'NOT met'})")
    print(f"memory per session: PSS {ratio_pss:.2f}, RSS {ratio_rss:.2f}  (target ≤ 1.30: "
          f"{'met' if max(ratio_pss, ratio_rss) <= 1.3 else 'NOT met'})")


if __name__ == "__main__":
    main()
