"""What the server says: where players can reach it and what is fixed for the class, a warning when it listens
beyond this computer, and a log in which an error repeated many times is one line a minute."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from orbitquiz.netsafety import flood_log


def host_warning(host: str) -> str:
    return (f"orbitquiz: warning: --host {host} lets other computers reach the game: anyone who can reach this port "
            "can play, with no password. Use it only on a network you trust (a classroom), and stop the server "
            "when the lesson ends.")


def serving(where: Sequence[str], max_sessions: int, questions: int | None, seconds: int | None,
            data_dir: Path) -> str:
    """The line that says the server is up: its addresses, its players, what the class has fixed, the scores."""
    fixed = [f"{questions} questions a round"] if questions is not None else []
    if seconds is not None:
        fixed.append(f"{seconds} seconds a question" if seconds else "no timer")
    return (f"orbitquiz: serving on {' and '.join(where)} — up to {max_sessions} players"
            + (f" ({', '.join(fixed)}, fixed)" if fixed else "")
            + f", scores in {data_dir}. Ctrl+C stops the server and every game.")


class Repeats(logging.Filter):
    """For errors (and what a flood of connections makes the server say): the first of a run of the same message
    (same logger, level and format) goes through; the next ones within a minute are counted, and the first after it
    says how many there were. A flood of one error is a line a minute, not megabytes. (What happens to each player,
    a game started or refused, is logged every time.)"""

    def __init__(self, every: float = 60.0) -> None:
        super().__init__()
        self.every = every
        self.runs: OrderedDict[tuple[str, int, str], list] = OrderedDict()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR and record.name != flood_log.name:
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = time.monotonic()
        run = self.runs.get(key)
        if run is not None and now - run[0] < self.every:
            run[1] += 1
            return False
        if run is not None and run[1]:
            record.msg = f"{record.msg} (and {run[1]} more like it in the last {now - run[0]:.0f} s)"
        self.runs[key] = [now, 0, record.getMessage().splitlines()[0] if record.msg else ""]
        self.runs.move_to_end(key)
        while len(self.runs) > 256:
            self.runs.popitem(last=False)
        return True

    def flush(self) -> None:
        """Say how many were held back since each one last went through (the server is stopping)."""
        now = time.monotonic()
        runs, self.runs = self.runs, OrderedDict()
        for (name, level, _), (since, count, first) in runs.items():
            if count:
                logging.getLogger(name).log(level, "%d more like %r in the last %.0f s", count, first, now - since)
