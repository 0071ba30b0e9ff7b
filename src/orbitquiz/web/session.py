"""A tab's game: its process, started from an argument list or forked from the warm parent, and stopped within
seconds whatever the game does."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
import time
from collections.abc import Sequence

from textual_serve.app_service import AppService

from orbitquiz.forking import ForkedGame, WarmParent, WarmUnavailable
from orbitquiz.tui.web_driver import MEMORY_LIMIT_ENV

log = logging.getLogger("orbitquiz.web")

#: Seconds a game gets to quit by itself, then to end on SIGTERM, before SIGKILL: 1.5 s in all, well under the 5 s
#: a closed tab is allowed.
QUIT_GRACE = 1.0
TERM_GRACE = 0.5
#: A game's address space, in MiB: some 120 at rest (measured: mostly mapped, not used), so this is far above what
#: a game needs and far below what a flood of input once made it take (3.7 GB).
MEMORY_LIMIT_MB = 512


class Session(AppService):
    """One tab's game: a process started directly from an argument list (no shell), stopped within seconds.

    textual-serve's ``AppService`` runs its command through a shell and, to stop, asks the app to quit and waits
    for ever; a game that hangs would outlive its tab. Here quitting is asked, then insisted on, and a game counts
    as ended when its process is gone: Python 3.11's ``Process.wait()`` also waits for its pipes to close, which
    never happens while the output nobody reads any more is held up in them.
    """

    def __init__(self, argv: Sequence[str], *, warm: WarmParent | None = None, game_args: Sequence[str] | None = None,
                 **kwargs) -> None:
        """``argv``: the game's command line. ``warm`` and ``game_args``: the warm parent to fork the game from,
        with orbitquiz's arguments (``argv`` after ``python -m orbitquiz``); without them, ``argv`` is started."""
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self.warm = warm if game_args is not None else None
        self.game_args = list(game_args) if game_args is not None else None
        self._stopping: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def ended(self) -> bool:
        """Whether the game's process has exited (its clean-up may still be under way)."""
        return self._process is not None and self._process.returncode is not None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = "orbitquiz.tui.web_driver:GameWebDriver"  # bounded input, ends with us
        environment[MEMORY_LIMIT_ENV] = str(MEMORY_LIMIT_MB)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        if self.warm is not None and self.warm.available and self.game_args is not None:
            try:
                forked = await self.warm.fork(self.game_args, environment)
            except WarmUnavailable as error:
                log.warning("%s: this game starts as a separate process", error)
            else:
                self._process = forked  # type: ignore[assignment]  # a Process as far as AppService goes
                assert forked.stdin is not None
                self._stdin = forked.stdin
                return forked  # type: ignore[return-value]
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            # Its own process group: Ctrl+C at the server's terminal reaches the server, which ends every game, and
            # a signal to the group reaches anything the game may have started.
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the game's output until it ends, then close its tab's websocket: a game that crashed or was killed
        frees its place at once, and the tab says it has ended instead of waiting for ever."""
        await super().run()
        with contextlib.suppress(Exception):
            await self.remote_close()

    async def stop(self) -> None:
        """End the game (once, however often it is called), and wait until it has."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            deadline = time.monotonic() + QUIT_GRACE  # asking and waiting share one grace period
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_GRACE)
            if not await self._exited(process, max(deadline - time.monotonic(), 0.1)):
                log.warning("game %s did not quit; terminating it", process.pid)
                self._signal(process, signal.SIGTERM)
                if not await self._exited(process, TERM_GRACE):
                    self._signal(process, signal.SIGKILL)
                    await self._exited(process, 60)
        if process is not None and process.returncode is not None:
            with contextlib.suppress(Exception):  # its pipes too, whatever is left in them
                if isinstance(process, ForkedGame):
                    process.close()
                else:
                    process._transport.close()  # type: ignore[attr-defined]
        if self._task is not None:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 2)
            self._task = None

    @staticmethod
    async def _exited(process: asyncio.subprocess.Process, seconds: float) -> bool:
        """Has the process ended within ``seconds``? Its exit status is known as soon as the child watcher reaps
        it, pipes or no pipes (see the class's docstring)."""
        deadline = time.monotonic() + seconds
        while process.returncode is None:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    @staticmethod
    def _signal(process: asyncio.subprocess.Process, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
