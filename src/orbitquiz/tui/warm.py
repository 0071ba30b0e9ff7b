"""The warm parent of ``orbitquiz serve --start fork``: one process that has imported what a game needs and forks a
game per browser tab, so a tab's game starts in milliseconds and shares the parent's memory instead of importing
Textual and orbitquiz from scratch (as gunicorn's preload, Android's zygote and multiprocessing's forkserver do).

The server (orbitquiz.forking) starts it as ``python -m orbitquiz.tui.warm FD`` with the games' own environment,
FD being its end of a SOCK_SEQPACKET socket pair. It imports the game, freezes its heap (``gc.freeze()``: the
children's collections then never write to the shared pages), says ``ready`` and waits. Each request is a JSON
object {"args": [the game's command-line arguments], "env": {its environment}} with three file descriptors (the
game's stdin, stdout and stderr pipes); the server builds it from its own settings and the library's name for a
pack only. The answer is {"pid": N} with a pidfd of the game (the server watches it to know when the game has
gone), or {"error": "..."}.

No thread and no event loop ever run here before a fork; the kernel reaps the children (SIGCHLD is ignored), so
none is left a zombie; the parent exits when the server's end of the socket closes (the server stopped or was
killed). A game forked here runs in its own session (its process group is what the server signals), with its own
pipes, environment and terminal size, exactly as ``python -m orbitquiz ARGS`` would, and exits the same way.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import socket
import sys
import threading
from collections.abc import Sequence

READY = b"ready"
#: The largest request: a game's environment and arguments.
MAX_REQUEST = 1 << 20


#: What a game imports by its first round's end (measured with PYTHONPROFILEIMPORTTIME on a spawned game, and by
#: the modules a forked game had that its warm parent had not): the app, its screens and driver, and what they
#: import only when first needed (grading, review, Textual's pilot that App.run_async imports; the pack readers are
#: imported by :func:`preload`).
PRELOAD = ("textual.drivers.web_driver", "textual.pilot", "textual.layouts.factory", "textual.layouts.horizontal",
           "textual.layouts.stream", "orbitquiz.cli", "orbitquiz.tui.app", "orbitquiz.tui.web_driver",
           "orbitquiz.tui.screens.confirm", "orbitquiz.tui.screens.feedback", "orbitquiz.tui.screens.help",
           "orbitquiz.tui.screens.home", "orbitquiz.tui.screens.name", "orbitquiz.tui.screens.question",
           "orbitquiz.tui.screens.results", "orbitquiz.tui.screens.settings", "orbitquiz.tui.screens.stats",
           "orbitquiz.readers", "orbitquiz.grading", "orbitquiz.review", "orbitquiz.store", "orbitquiz.play",
           "yaml", "rapidfuzz", "fsrs", "resource")


def preload() -> argparse.ArgumentParser:
    """Import everything a game imports (:data:`PRELOAD`, and every pack reader), load the character widths Rich
    measures text with, and parse the CSS of every widget and screen with the default theme (tui/parsed_css.py):
    each game would do all of it again. Returns orbitquiz's command-line parser, for the games to share."""
    import importlib

    import rich.cells

    from orbitquiz.readers import READERS

    for module in [*PRELOAD, *(f"orbitquiz.readers.{name}" for name in sorted(set(READERS.values())))]:
        importlib.import_module(module)
    rich.cells.cell_len("✓ Right")  # (its width table is imported when first needed: every game draws a ✓)
    from orbitquiz.tui.app import OrbitQuizApp
    from orbitquiz.tui.parsed_css import parse_in_advance

    parse_in_advance(OrbitQuizApp().get_css_variables())  # (an app object only: no loop, no thread)
    from orbitquiz.cli import build_parser

    return build_parser()  # (argparse keeps nothing of a parse: each game parses its own command line with it)


def serve(sock: socket.socket) -> dict | None:
    """Fork a game for each request until the server goes. Returns in a forked child only (its request), or None
    once the server has gone."""
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, 3)
        except (ConnectionError, OSError):
            return None
        if not message:
            return None  # the server has gone
        try:
            request = json.loads(message)
            if len(fds) != 3 or not isinstance(request.get("args"), list) or not isinstance(request.get("env"), dict):
                raise ValueError("a request is its args, its env and three pipes")
            pid, pidfd = fork_game(fds)
        except Exception as error:  # the server hears why and starts that game another way
            for fd in fds:
                os.close(fd)
            _reply(sock, {"error": f"{type(error).__name__}: {error}"})
            continue
        if pid == 0:
            sock.close()
            return become_game(request)
        try:
            _reply(sock, {"pid": pid}, [pidfd])
        finally:
            os.close(pidfd)


def fork_game(fds: list[int]) -> tuple[int, int]:
    """Fork; in the child, give it its own session and the request's pipes as stdin, stdout and stderr. Returns
    (0, -1) in the child, (pid, pidfd) in the parent once the child has its own session (so the server's signals to
    its process group reach it from the first moment)."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready_r)
            os.setsid()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the game's own children are its own to reap
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            os.close(ready_w)
            gc.enable()  # the game collects its own garbage; the frozen heap it shares stays untouched
        except BaseException:
            os._exit(127)  # never a second warm parent
        return 0, -1
    os.close(ready_w)
    for fd in fds:
        os.close(fd)
    try:
        pidfd = os.pidfd_open(pid)
        os.read(ready_r, 1)  # end of file: the child has its session and its pipes (or has died)
    finally:
        os.close(ready_r)
    return pid, pidfd


def become_game(request: dict) -> dict:
    """The forked child's own environment and command line (Textual reads the terminal size from the environment
    when its driver starts)."""
    os.environ.clear()
    os.environ.update({str(key): str(value) for key, value in request["env"].items()})
    sys.argv = ["orbitquiz", *map(str, request["args"])]
    return request


def play(request: dict, parser: argparse.ArgumentParser) -> int:
    from orbitquiz.cli import main

    return main([str(arg) for arg in request["args"]], parser)


def _reply(sock: socket.socket, answer: dict, fds: Sequence[int] = ()) -> None:
    try:
        socket.send_fds(sock, [json.dumps(answer).encode()], list(fds))
    except OSError:
        pass  # the server has gone: the next receive says so


def main() -> int:
    sock = socket.socket(fileno=int(sys.argv[1]))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the games: no zombie, no waiting here
    # No collection while importing: it would leave freed holes in the heap's pages, which the games' allocations
    # would then fill, copying those pages (the gc module's advice for fork without exec).
    gc.disable()
    parser = preload()
    assert threading.active_count() == 1, "the warm parent must start no thread before it forks"
    gc.freeze()
    try:
        sock.sendall(READY)
    except OSError:
        return 0
    request = serve(sock)
    if request is None:
        return 0
    return play(request, parser)  # a forked game: it exits as `python -m orbitquiz` would


if __name__ == "__main__":
    sys.exit(main())
