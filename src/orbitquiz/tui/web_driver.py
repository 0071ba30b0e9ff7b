"""A browser tab's driver: Textual's WebDriver with the limits a game played over the network needs.

``orbitquiz serve`` starts every tab's game with ``TEXTUAL_DRIVER=orbitquiz.tui.web_driver:GameWebDriver``. Over
Textual's own driver it:

- clamps every terminal size, however it arrives (the environment at start, a resize from the server, or the
  in-band report ``ESC[48;H;W;…t`` typed as keys), to :data:`WIDTH_RANGE` × :data:`HEIGHT_RANGE`;
- reads no more input while the game has :data:`MAX_PENDING` events it has not handled yet: a flood of keys stays
  in the pipe (and, behind it, in the server's socket buffers) instead of piling up in the game's memory;
- keeps at most :data:`MAX_PASTE` characters of a bracketed paste (Textual holds a paste until it ends, and one
  that never ends would grow without bound; no box of the game takes more than a line);
- ends the game when its input closes (the server is gone: killed, or its terminal closed), within
  :data:`EXIT_GRACE` seconds even if the game cannot end cleanly; every answer is already on disk;
- caps the game's address space at ``$ORBITQUIZ_MEMORY_LIMIT_MB`` (set by the server), so a game that grows
  anyway fails alone instead of taking the machine.
"""

from __future__ import annotations

import os
import threading
import time
from codecs import getincrementaldecoder

from textual import events, messages
from textual._xterm_parser import XTermParser
from textual.drivers._byte_stream import ByteStream
from textual.drivers.web_driver import WebDriver, _ExitInput
from textual.geometry import Size

#: The terminal size a tab may have (a huge one would make its game allocate a huge screen).
WIDTH_RANGE = (20, 400)
HEIGHT_RANGE = (8, 200)
#: Events posted to the game and not yet handled, past which input waits. A person types a few keys a second.
MAX_PENDING = 64
#: Characters of one paste the game is given; the rest of it is dropped.
MAX_PASTE = 4096
#: Seconds a game whose server has gone gets to end by itself before it is ended.
EXIT_GRACE = 3.0
MEMORY_LIMIT_ENV = "ORBITQUIZ_MEMORY_LIMIT_MB"


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size within the ranges; anything that is not a finite number becomes 80 × 24."""
    return clamp(width, *WIDTH_RANGE, 80), clamp(height, *HEIGHT_RANGE, 24)


def clamp(value: object, low: int, high: int, default: int) -> int:
    """``value`` as an int within [low, high]; ``default`` for what is not a finite number (``1e400``, NaN, text,
    ``true``)."""
    if isinstance(value, bool):
        return default
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default
    return max(low, min(high, number))


def limit_memory() -> None:
    """Cap this process's address space at $ORBITQUIZ_MEMORY_LIMIT_MB, if set."""
    megabytes = clamp(os.environ.get(MEMORY_LIMIT_ENV), 0, 1 << 20, 0)
    if megabytes:
        import resource

        limit = megabytes << 20
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class PasteLimit:
    """Cuts every bracketed paste in the input to its first ``limit`` characters, its markers kept. It follows the
    markers character by character, so a marker split across pieces of input is still seen, and nothing is held
    back (an Escape key goes through at once)."""

    START, END = "\x1b[200~", "\x1b[201~"

    def __init__(self, limit: int = MAX_PASTE) -> None:
        self.limit = limit
        self.inside = False
        self.matched = 0  # characters of the next marker seen so far
        self.taken = 0  # characters of this paste so far
        self.shown = 0  # of the end marker's characters matched so far, how many were passed on

    def feed(self, text: str) -> str:
        if not self.inside and not self.matched and "\x1b" not in text:
            return text  # typing: no paste begins here
        out: list[str] = []
        at = 0
        while at < len(text):
            if not self.matched:  # up to the next ESC nothing can be a marker: take it whole
                escape = text.find("\x1b", at)
                plain = text[at:] if escape == -1 else text[at:escape]
                if self.inside:
                    out.append(plain[: max(self.limit - self.taken, 0)])
                    self.taken += len(plain)
                else:
                    out.append(plain)
                if escape == -1:
                    break
                at = escape
            ch = text[at]
            at += 1
            marker = self.END if self.inside else self.START
            if ch == marker[self.matched]:
                self.matched += 1
            else:  # (an ESC is where both markers begin, and nowhere else in them)
                self.matched, self.shown = (1 if ch == "\x1b" else 0), 0
            if not self.inside:
                out.append(ch)
                if self.matched == len(marker):
                    self.inside, self.matched, self.taken, self.shown = True, 0, 0, 0
                continue
            if self.matched == len(marker):
                out.append(marker[self.shown:])  # the end of the paste, whatever of it was cut
                self.inside, self.matched, self.shown = False, 0, 0
                continue
            keep = self.taken < self.limit
            self.taken += 1
            if keep:
                out.append(ch)
                self.shown += bool(self.matched)
        return "".join(out)


class GameWebDriver(WebDriver):
    """Textual's WebDriver, bounded (see the module's docstring)."""

    def __init__(self, app, *, debug: bool = False, mouse: bool = True, size: tuple[int, int] | None = None):
        limit_memory()
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        width, height = self._size if self._size is not None else (80, 24)
        self._size = clamp_size(width, height)
        self._pending = threading.BoundedSemaphore(MAX_PENDING)

    def send_message(self, message: messages.Message) -> None:
        """Post to the game, waiting while it has too much to do (runs in the input thread)."""
        while not self._pending.acquire(timeout=0.1):
            if self.exit_event.is_set():
                return
        while self._app._message_queue.qsize() > MAX_PENDING and not self.exit_event.is_set():
            time.sleep(0.01)
        self._loop.call_soon_threadsafe(self._post, message)

    def _post(self, message: messages.Message) -> None:
        try:
            self._app.post_message(message)
        finally:
            self._pending.release()

    def process_message(self, message: messages.Message) -> None:
        if isinstance(message, events.Resize):  # the in-band size report, typed as keys or not
            size = Size(*clamp_size(message.size.width, message.size.height))
            message = events.Resize(size, size)
        super().process_message(message)

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "resize":
            payload = {**payload, **dict(zip(("width", "height"),
                                             clamp_size(payload.get("width"), payload.get("height")), strict=True))}
        super().on_meta(packet_type, payload)

    def run_input_thread(self) -> None:
        """Textual's input loop, ending the game when the input closes."""
        input_reader = self._input_reader
        parser = XTermParser(debug=self._debug)
        decode = getincrementaldecoder("utf-8")("replace").decode
        paste = PasteLimit()
        byte_stream = ByteStream()
        try:
            for data in input_reader:
                if data:
                    for packet_type, payload in byte_stream.feed(data):
                        if packet_type == "D":
                            text = paste.feed(decode(payload))
                            if text:  # (the parser takes "" for the end of its input)
                                for event in parser.feed(text):
                                    self.process_message(event)
                        else:
                            self._on_meta(packet_type, payload)
                for event in parser.tick():
                    self.process_message(event)
        except _ExitInput:
            return
        except Exception:
            from traceback import format_exc

            from textual import log

            log(format_exc())
        finally:
            input_reader.close()
        if not self.exit_event.is_set():  # the input closed: nobody is there any more
            self._end_orphaned_game()

    def _end_orphaned_game(self) -> None:
        deadline = threading.Timer(EXIT_GRACE, os._exit, (0,))  # a game stuck on its way out goes anyway
        deadline.daemon = True
        deadline.start()
        self._loop.call_soon_threadsafe(self._app.post_message, messages.ExitApp())
