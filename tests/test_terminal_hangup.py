"""A game whose terminal goes away ends, even when no SIGHUP reaches it (started by make, say)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path


def test_a_game_whose_terminal_hangs_up_ends_instead_of_spinning(tmp_path: Path) -> None:
    master, slave = os.openpty()
    # The pty is the game's terminal but not its controlling one, so closing it sends no SIGHUP: the game must
    # notice by itself (Textual 8.2.8 alone reads the hung-up terminal's end of file in a loop for ever).
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    game = subprocess.Popen([sys.executable, "-m", "orbitquiz", "--data-dir", str(tmp_path)],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    try:
        drawn, deadline = b"", time.monotonic() + 30
        while b"name" not in drawn and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    drawn += os.read(master, 65536)
                except OSError:
                    break
        assert b"name" in drawn, drawn[-500:]  # the start screen asks for the player's name
        os.close(master)
        assert game.wait(timeout=15) is not None  # ended by itself within seconds of the hang-up
    finally:
        if game.poll() is None:
            game.kill()
            game.wait()
