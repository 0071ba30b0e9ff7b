"""Real parts for the browser face's tests and benchmark: ``orbitquiz serve`` on a free port, its game processes,
headless Chromium reading the terminal's own buffer, and a websocket player (no browser) with a screen model.

Used by tests/test_web.py, tests/test_web_security.py, tests/test_web_crowd.py and bench/serve_bench.py.
"""

from __future__ import annotations

import asyncio
import codecs
import concurrent.futures
import contextlib
import os
import queue
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "src" / "orbitquiz" / "web_assets" / "static" / "fonts"
#: What the two vendored symbol subsets hold (fonts/README.md); DejaVu's own cmap is read from its file.
SUBSET_GLYPHS = {0x23F1, 0x2B51, 0x2B58, 0x1F50E}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright runs this in every page before the page's own scripts. textual.js keeps its xterm.js terminal in a
# closure (``this.terminal = new Terminal(...)``); a setter on Object.prototype sees that assignment and keeps the
# terminal where page.evaluate can read its buffer: what is on the screen, cell by cell.
TERMINAL_HOOK = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.onData) window.__orbitquizTerminal = value;
  },
});
"""
SCREEN_JS = """() => {
  const t = window.__orbitquizTerminal;
  if (!t) return null;
  const b = t.buffer.active, lines = [];
  for (let i = 0; i < t.rows; i++) {
    const line = b.getLine(b.viewportY + i);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


def chromium_path() -> str | None:
    """Debian's Chromium, or one on PATH."""
    for candidate in (os.environ.get("ORBITQUIZ_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


# --- the server ---------------------------------------------------------------------------------------------------


@dataclass
class Served:
    """A running ``orbitquiz serve``."""

    process: subprocess.Popen
    url: str
    data_dir: Path
    log: Path
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return self.url.split("//", 1)[1]

    def games(self) -> list[int]:
        """The game processes: the server's children (no shell in between), and the ones its warm parent forked."""
        return games_of(self.process.pid)

    def warm_parent(self) -> int | None:
        """The warm parent's pid (``--start fork``), or None."""
        return next((pid for pid in children(self.process.pid) if is_warm_parent(pid)), None)

    def output(self) -> str:
        """Everything the server has printed to stdout so far: textual-serve copies there what a game printed to
        its stderr (when the game ends), so a game's traceback or "database is locked" shows up here."""
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                return "".join(self.seen)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def is_warm_parent(pid: int) -> bool:
    """Is this process the warm parent (orbitquiz.tui.warm), which forks games and is no game itself?"""
    try:
        return WARM_MODULE in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False


WARM_MODULE = b"orbitquiz.tui.warm"


def games_of(server: int) -> list[int]:
    """A server's games: its children, the warm parent's children in place of the warm parent."""
    found: list[int] = []
    for pid in children(server):
        found += children(pid) if is_warm_parent(pid) else [pid]
    return found


def alive(pid: int) -> bool:
    """Is there still a process (a zombie counts) with this id?"""
    return Path(f"/proc/{pid}").exists()


def wait_until(condition, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


@contextlib.contextmanager
def serve(data_dir: Path, *args: str, command: Sequence[str] | None = None, log: Path | None = None,
          env: dict[str, str] | None = None, packs: Path | None = None) -> Iterator[Served]:
    """``orbitquiz --data-dir DATA [--packs PACKS] serve --port 0 ARGS`` (or ``command``), until the block ends
    (then Ctrl+C)."""
    folders = ["--packs", str(packs)] if packs is not None else []
    argv = list(command) if command is not None else [
        sys.executable, "-m", "orbitquiz", "--data-dir", str(data_dir), *folders, "serve", "--port", "0", *args]
    log = log or data_dir.parent / f"serve-{os.getpid()}-{time.monotonic_ns()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as stderr:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                   env={**os.environ, **(env or {})})
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    served = None
    try:
        deadline = time.monotonic() + 30
        while served is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"the server did not start: {log.read_text()}") from None
            if match := re.search(r"serving on (http://\S+?)/? ", line):
                served = Served(process, match.group(1).rstrip("/"), data_dir, log, lines, [line])
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class ChildWatch:
    """Counts a server's games (:func:`games_of`) every few milliseconds in a thread, to catch the most ever running
    at once (a cap that is overrun for an instant, or a process started and ended between two looks by the test)."""

    def __init__(self, pid: int, interval: float = 0.005) -> None:
        self.pid, self.interval = pid, interval
        self.most = 0
        self.ever: set[int] = set()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            now = games_of(self.pid)
            self.ever.update(now)
            self.most = max(self.most, len(now))
            self.samples += 1
            time.sleep(self.interval)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def pss_kib(pid: int) -> int | None:
    """A process's proportional set size in KiB (its private memory plus its share of what it shares), or None once
    it has gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


# --- the browser --------------------------------------------------------------------------------------------------


def browser_or_skip(api: str) -> str:
    """Chromium's path, with Playwright's ``api`` ("sync_api" or "async_api") importable; else skip saying why
    (under CI=true: fail, as .ci/run installs Chromium)."""
    import importlib

    import pytest

    def unavailable(reason: str) -> None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} — under CI the browser tests must run (.ci/run installs Chromium)")
        pytest.skip(reason)

    try:
        importlib.import_module(f"playwright.{api}")
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        unavailable("no Chromium: apt-get install chromium (or set ORBITQUIZ_CHROMIUM to its path)")
    return path


@contextlib.contextmanager
def launch_browser():
    """Debian's Chromium under Playwright (sync API), or skip saying why (see browser_or_skip)."""
    path = browser_or_skip("sync_api")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screen(page) -> str:
    """What the page's terminal shows, one line per row (an empty string before the terminal exists)."""
    return page.evaluate(SCREEN_JS) or ""


def wait_for_screen(page, *patterns: str, timeout: float = 20, absent: str | None = None,
                    ready: Callable[[str], object] | None = None) -> str:
    """Wait until the screen matches every pattern (regexes), and not ``absent``, and ``ready(screen)`` if given,
    and stays so for a moment (a change can reach the terminal in more than one piece); return the screen."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen(page)
        if matches(text, patterns, absent) and (ready is None or ready(text)):
            time.sleep(0.06)
            again = screen(page)
            if again == text:
                return text
            continue
        time.sleep(0.03)
    raise AssertionError(f"the screen never showed {patterns!r}" + (f" without {absent!r}" if absent else "")
                         + f"; it shows:\n{text}")


def matches(text: str, patterns: Sequence[str], absent: str | None) -> bool:
    return all(re.search(p, text) for p in patterns) and not (absent and re.search(absent, text))


def new_page(browser, requests: list[str] | None = None, **options):
    page = browser.new_page(**options)
    page.add_init_script(TERMINAL_HOOK)
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    return page


def focus_terminal(page) -> None:
    page.locator(".xterm-helper-textarea").focus()


# --- fonts --------------------------------------------------------------------------------------------------------


def ttf_codepoints(path: Path) -> set[int]:
    """The characters a TrueType font maps (its cmap's format 4 and 12 subtables)."""
    data = path.read_bytes()
    _, tables = struct.unpack(">IH", data[:6])
    offsets = {data[12 + 16 * i: 16 + 16 * i]: struct.unpack(">I", data[20 + 16 * i: 24 + 16 * i])[0]
               for i in range(tables)}
    cmap = offsets[b"cmap"]
    count = struct.unpack(">H", data[cmap + 2: cmap + 4])[0]
    found: set[int] = set()
    for i in range(count):
        offset = cmap + struct.unpack(">I", data[cmap + 8 + 8 * i: cmap + 12 + 8 * i])[0]
        kind = struct.unpack(">H", data[offset: offset + 2])[0]
        if kind == 4:
            segments = struct.unpack(">H", data[offset + 6: offset + 8])[0] // 2
            ends = struct.unpack(f">{segments}H", data[offset + 14: offset + 14 + 2 * segments])
            start_at = offset + 16 + 2 * segments
            starts = struct.unpack(f">{segments}H", data[start_at: start_at + 2 * segments])
            deltas_at = start_at + 2 * segments
            deltas = struct.unpack(f">{segments}h", data[deltas_at: deltas_at + 2 * segments])
            ranges_at = deltas_at + 2 * segments
            range_offsets = struct.unpack(f">{segments}H", data[ranges_at: ranges_at + 2 * segments])
            for seg, (start, end) in enumerate(zip(starts, ends, strict=True)):
                for code in range(start, end + 1):
                    if code == 0xFFFF:
                        continue
                    if range_offsets[seg] == 0:
                        glyph = (code + deltas[seg]) & 0xFFFF
                    else:
                        at = ranges_at + 2 * seg + range_offsets[seg] + 2 * (code - start)
                        glyph = struct.unpack(">H", data[at: at + 2])[0]
                        glyph = (glyph + deltas[seg]) & 0xFFFF if glyph else 0
                    if glyph:
                        found.add(code)
        elif kind == 12:
            groups = struct.unpack(">I", data[offset + 12: offset + 16])[0]
            for g in range(groups):
                start, end, _ = struct.unpack(">III", data[offset + 16 + 12 * g: offset + 28 + 12 * g])
                found.update(range(start, end + 1))
    return found


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` that none of the page's fonts has."""
    have = ttf_codepoints(FONTS / "DejaVuSansMono.ttf") | SUBSET_GLYPHS
    return {ch for ch in text if ord(ch) >= 0x20 and ord(ch) not in have}


# --- a player without a browser -----------------------------------------------------------------------------------


class ScreenModel:
    """Enough of a terminal for Textual's output: cursor moves, text, erase; colours and modes ignored."""

    CSI = re.compile(r"\x1b\[([0-9;?<>=$]*)([ -/]*)([@-~])")

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self.decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self.pending = ""

    TOKEN = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]PX^_]"
                       r"|[\r\n\b]|[^\x1b\r\n\b]+")

    def feed(self, data: bytes) -> None:
        from rich.cells import cell_len, get_character_cell_size

        text = self.pending + self.decode(data)
        self.pending = ""
        at = 0
        for match in self.TOKEN.finditer(text):
            if match.start() != at:  # an escape sequence cut at the end of this packet: keep it for the next
                break
            token = match.group()
            at = match.end()
            first = token[0]
            if first == "\x1b":
                if token.startswith("\x1b["):
                    csi = self.CSI.fullmatch(token)
                    if csi:
                        self.control(csi.group(1), csi.group(3))
            elif first == "\r":
                self.x = 0
            elif first == "\n":
                self.y = min(self.y + 1, self.height - 1)
            elif first == "\b":
                self.x = max(self.x - 1, 0)
            elif 0 <= self.y < self.height:
                row = self.rows[self.y]
                if token.isascii() or cell_len(token) == len(token):
                    end = min(self.x + len(token), self.width)
                    if self.x < end:
                        row[self.x:end] = token[: end - self.x]
                    self.x += len(token)
                    continue
                for ch in token:
                    size = get_character_cell_size(ch)
                    if size and self.x < self.width:
                        row[self.x] = ch
                        if size == 2 and self.x + 1 < self.width:
                            row[self.x + 1] = ""
                    self.x += size
        self.pending = text[at:]

    def control(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params and params[0].isdigit() else []
        if final in "Hf":
            row = numbers[0] if numbers else 1
            col = numbers[1] if len(numbers) > 1 else 1
            self.y, self.x = max(row, 1) - 1, max(col, 1) - 1
        elif final == "J" and (numbers[:1] or [0])[0] == 2:
            self.rows = [[" "] * self.width for _ in range(self.height)]
        elif final == "K" and 0 <= self.y < self.height:
            mode = (numbers[:1] or [0])[0]
            row = self.rows[self.y]
            span = range(self.x, self.width) if mode == 0 else range(self.x + 1) if mode == 1 else range(self.width)
            for x in span:
                if x < self.width:
                    row[x] = " "

    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.rows)


@dataclass
class WebsocketPlayer:
    """One tab's game driven over the websocket, as textual.js would (JSON envelopes in, terminal bytes out)."""

    url: str
    width: int = 100
    height: int = 40
    origin: str | None = None
    latencies: list[float] = field(default_factory=list)

    async def __aenter__(self) -> Self:
        import aiohttp

        self.screen = ScreenModel(self.width, self.height)
        self.received = bytearray()  # everything the game drew, escape sequences (colours) and all
        self.changed = asyncio.Event()
        self.sent_at: float | None = None
        self.closed: tuple[int | None, str] | None = None
        self.session = aiohttp.ClientSession()
        base = self.url.replace("http://", "ws://", 1)
        origin = self.origin or self.url.split("/", 3)[:3]
        origin = origin if isinstance(origin, str) else "/".join(origin)
        self.ws = await self.session.ws_connect(f"{base}?width={self.width}&height={self.height}",
                                                headers={"Origin": origin}, autoping=True)
        self.reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader
        await self.session.close()

    async def _read(self) -> None:
        import aiohttp

        reason = ""
        while True:
            message = await self.ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                if self.sent_at is not None:
                    self.latencies.append(time.perf_counter() - self.sent_at)
                    self.sent_at = None
                self.received += message.data
                self.screen.feed(message.data)
                self.changed.set()
            elif message.type == aiohttp.WSMsgType.CLOSE:
                reason = str(message.extra or "")
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):
                break
        self.closed = (self.ws.close_code, reason)
        self.changed.set()

    async def press(self, keys: str) -> None:
        """Send keys as the browser does; the time to the next screen update is one latency sample."""
        self.sent_at = time.perf_counter()
        await self.ws.send_json(["stdin", keys])

    async def wait_for(self, *patterns: str, timeout: float = 30, absent: str | None = None,
                       ready: Callable[[str], object] | None = None) -> str:
        """Wait until the screen matches every pattern, and not ``absent``, and ``ready(screen)`` if given, with no
        output for a moment."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen.text()
            if matches(text, patterns, absent) and (ready is None or ready(text)):
                self.changed.clear()
                try:
                    async with asyncio.timeout(0.06):  # (asyncio.wait_for could swallow a cancellation)
                        await self.changed.wait()
                except TimeoutError:
                    return text
                continue
            if self.closed is not None:
                raise AssertionError(f"the game closed {self.closed} before showing {patterns!r}:\n{text}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"the screen never showed {patterns!r}; it shows:\n{text}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(left, 0.5)):
                    await self.changed.wait()


VERDICT = r"✓ Right|✗ Wrong|✗ Skipped"


def prompt_on(text: str) -> str:
    """The question's prompt as the screen shows it: inside the rounded box, lines joined, spaces collapsed."""
    inside = [line[line.index("│") + 1: line.rindex("│")] for line in text.splitlines() if line.count("│") >= 2]
    return " ".join(" ".join(inside).split())


def question_on_screen(text: str, questions: Sequence) -> object | None:
    """Which of the round's questions the screen shows, once its prompt and its answer area (the answer box, or
    every option) are drawn; None while the screen is between two questions."""
    prompt = prompt_on(text)
    typed = "Type your answer" in text
    for question in questions:
        if " ".join(question.prompt.split()) != prompt:
            continue
        if question.kind != "choice" and typed:
            return question
        if question.kind == "choice" and not typed and all(
                f"{index + 1}  {option}"[:24] in text for index, option in enumerate(question.options)):
            return question
    return None


def run_async(coroutine):
    """Run a coroutine on a loop in a thread of its own: Playwright's sync API may hold this thread's loop (a
    module-scoped browser fixture stays up while other tests run on the same worker)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]
