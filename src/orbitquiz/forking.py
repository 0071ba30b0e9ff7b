"""The server's side of the warm parent (tui/warm.py): start it, ask it for a game, watch the game, restart it.

``orbitquiz serve --start fork`` (the default) starts games this way; ``--start spawn`` starts each game as a fresh
``python -m orbitquiz`` as before, and so does a server that cannot fork (no ``os.fork``, ``os.pidfd_open`` or
``socket.send_fds``: another platform, or a kernel older than 5.3), or whose warm parent cannot be started; it
says so in its log. A game forked by the warm parent is its child, not the server's: the server knows the game
has gone when its pidfd (sent by the warm parent) becomes readable, and the warm parent's kernel reaps it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Mapping, Sequence

log = logging.getLogger("orbitquiz.web")

#: Seconds the warm parent gets to import the game and say it is ready.
READY_TIMEOUT = 60.0
#: Restarts within :data:`RESTART_WINDOW` seconds after which the warm parent is given up (games then start the
#: old way).
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0
#: Seconds the warm parent gets to answer a request (a fork takes milliseconds).
REQUEST_TIMEOUT = 10.0
#: What a game forked by the warm parent reports as its exit status: the warm parent's kernel reaps it, and the
#: status is not passed on (nothing here needs it).
ENDED = -1


def fork_unavailable() -> str | None:
    """Why games cannot be forked here, or None if they can."""
    missing = [name for name, there in (("os.fork", hasattr(os, "fork")), ("os.pidfd_open", hasattr(os, "pidfd_open")),
                                        ("socket.send_fds", hasattr(socket, "send_fds")),
                                        ("AF_UNIX", hasattr(socket, "AF_UNIX"))) if not there]
    if missing:
        return f"{', '.join(missing)} not available on this platform"
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError as error:
        return f"pidfd_open failed ({error.strerror or error}): the kernel is older than 5.3"
    return None


class WarmUnavailable(Exception):
    """The warm parent cannot fork a game now (it is restarting, or gone)."""


class ForkedGame:
    """A game forked by the warm parent, seen as much like an ``asyncio.subprocess.Process`` as textual-serve's
    ``AppService`` and :class:`orbitquiz.web.Session` use: pid, returncode, stdin, stdout, stderr, wait()."""

    def __init__(self, pid: int, pidfd: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin: asyncio.StreamWriter | None = None
        self.stdout: asyncio.StreamReader | None = None
        self.stderr: asyncio.StreamReader | None = None
        self._pidfd = pidfd
        self._gone = asyncio.Event()
        self._transports: list[asyncio.BaseTransport] = []
        asyncio.get_running_loop().add_reader(pidfd, self._exited)

    def _exited(self) -> None:
        """The pidfd is readable: the process has exited (whatever its pipes do)."""
        self._close_pidfd()
        self.returncode = ENDED
        self._gone.set()

    def _close_pidfd(self) -> None:
        if self._pidfd >= 0:
            asyncio.get_running_loop().remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = -1

    async def connect(self, stdin: int, stdout: int, stderr: int) -> None:
        """Wrap the server's ends of the game's pipes in streams, as asyncio's subprocesses do."""
        loop = asyncio.get_running_loop()
        transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, open(stdin, "wb", 0))
        self._transports.append(transport)
        self.stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        self.stdout = await self._reader(stdout)
        self.stderr = await self._reader(stderr)

    async def _reader(self, fd: int) -> asyncio.StreamReader:
        loop = asyncio.get_running_loop()
        stream = asyncio.StreamReader(loop=loop)
        transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream, loop=loop),
                                                    open(fd, "rb", 0))
        self._transports.append(transport)
        return stream

    async def wait(self) -> int:
        await self._gone.wait()
        assert self.returncode is not None
        return self.returncode

    def close(self) -> None:
        """Close the server's ends of the pipes, whatever is left in them."""
        for transport in self._transports:
            with contextlib.suppress(Exception):
                transport.close()
        if self.returncode is not None:
            self._close_pidfd()


class WarmParent:
    """The warm parent process, restarted when it dies (see the module's docstring)."""

    def __init__(self, environment: Mapping[str, str]) -> None:
        self.environment = dict(environment)
        self.process: asyncio.subprocess.Process | None = None
        self._socket: socket.socket | None = None
        self._lock = asyncio.Lock()
        self._watcher: asyncio.Task[None] | None = None
        self._closing = False
        self._starts: list[float] = []
        #: Set while the warm parent is ready, and once it is given up (then nothing waits for it any more).
        self._up = asyncio.Event()
        self.given_up = False

    @property
    def available(self) -> bool:
        """Will games be forked (now, or once a restarted warm parent is ready)?"""
        return not (self.given_up or self._closing)

    async def start(self) -> bool:
        """Start the warm parent and wait until it has imported the game. False (and logged) if it cannot."""
        self._starts = [t for t in self._starts if time.monotonic() - t < RESTART_WINDOW] + [time.monotonic()]
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "orbitquiz.tui.warm", str(theirs.fileno()), pass_fds=(theirs.fileno(),),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, env=self.environment,
                start_new_session=True)  # Ctrl+C reaches the server, which stops the games and then this
        except OSError as error:
            ours.close()
            log.warning("cannot start the warm parent (%s): games start as separate processes", error)
            return False
        finally:
            theirs.close()
        ours.setblocking(False)
        try:
            async with asyncio.timeout(READY_TIMEOUT):
                said = await asyncio.get_running_loop().sock_recv(ours, 64)
        except (TimeoutError, OSError):
            said = b""
        if said != b"ready":
            ours.close()
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
            log.warning("the warm parent did not start (exit status %s): games start as separate processes",
                        process.returncode)
            return False
        self.process, self._socket = process, ours
        self._up.set()
        self._watcher = asyncio.create_task(self._watch(process))
        log.info("warm parent %d ready: games are forked from it", process.pid)
        return True

    async def _watch(self, process: asyncio.subprocess.Process) -> None:
        """Restart the warm parent when it dies (games it forked play on: they are not its to end)."""
        await process.wait()
        if self._closing or self.process is not process:
            return
        async with self._lock:
            self._drop()
        log.warning("the warm parent %d died (exit status %s); restarting it", process.pid, process.returncode)
        while not self._closing:
            if len(self._starts) >= MAX_RESTARTS:
                log.error("the warm parent died %d times within %.0f s: games start as separate processes from now "
                          "on", len(self._starts), RESTART_WINDOW)
                self.given_up = True
                self._up.set()  # nothing waits for it any more
                return
            if await self.start():
                return

    def _drop(self) -> None:
        """Forget the warm parent's socket: games wait for the next one (see :meth:`fork`)."""
        self._up.clear()
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    async def fork(self, args: Sequence[str], environment: Mapping[str, str]) -> ForkedGame:
        """A new game running ``orbitquiz ARGS`` with ``environment``, its pipes connected to streams here. While a
        warm parent is being restarted, this waits for it: that takes less than starting a game the old way."""
        if not self._up.is_set() and self.available:
            try:
                async with asyncio.timeout(READY_TIMEOUT):
                    await self._up.wait()
            except TimeoutError:
                raise WarmUnavailable("the warm parent is not ready") from None
        # A request once sent is seen through even if the tab that asked has gone (its handler cancelled): an answer
        # left unread would be read as the next request's, and its game would be nobody's. That game is ended.
        forking = asyncio.ensure_future(self._fork(args, environment))
        try:
            return await asyncio.shield(forking)
        except asyncio.CancelledError:
            forking.add_done_callback(_end_unwanted)
            raise

    async def _fork(self, args: Sequence[str], environment: Mapping[str, str]) -> ForkedGame:
        pipes = [os.pipe() for _ in range(3)]
        theirs = [pipes[0][0], pipes[1][1], pipes[2][1]]
        ours = [pipes[0][1], pipes[1][0], pipes[2][0]]
        try:
            request = json.dumps({"args": list(args), "env": dict(environment)}).encode()
            async with self._lock:
                if self._socket is None:
                    raise WarmUnavailable("the warm parent is not running")
                try:
                    async with asyncio.timeout(REQUEST_TIMEOUT):
                        answer, fds = await self._ask(self._socket, request, theirs)
                except (OSError, TimeoutError, EOFError) as error:
                    self._drop()  # the watcher restarts it once its process has gone
                    if self.process is not None:
                        with contextlib.suppress(ProcessLookupError):
                            self.process.kill()
                    raise WarmUnavailable(f"the warm parent did not answer ({error!r})") from None
        finally:
            for fd in theirs:
                os.close(fd)
        if "pid" not in answer or len(fds) != 1:
            for fd in [*fds, *ours]:
                os.close(fd)
            raise WarmUnavailable(f"the warm parent could not fork a game: {answer.get('error')}")
        game = ForkedGame(int(answer["pid"]), fds[0])
        try:
            await game.connect(*ours)
        except BaseException:
            game.close()
            raise
        return game

    @staticmethod
    async def _ask(sock: socket.socket, request: bytes, fds: list[int]) -> tuple[dict, list[int]]:
        loop = asyncio.get_running_loop()
        await _ready(loop, sock, write=True)
        socket.send_fds(sock, [request], fds)
        while True:
            try:
                message, received, _, _ = socket.recv_fds(sock, 4096, 1)
                break
            except BlockingIOError:
                await _ready(loop, sock, write=False)
        if not message:
            raise EOFError("the warm parent has gone")
        return json.loads(message), received

    async def close(self) -> None:
        """Stop the warm parent (its end of the socket closes; it exits; the games it forked are ended by the
        server, one by one)."""
        self._closing = True
        self._drop()
        self._up.set()
        process = self.process
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 2)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
        if self._watcher is not None:
            self._watcher.cancel()


def _end_unwanted(forking: asyncio.Future[ForkedGame]) -> None:
    """A game forked for a tab that went away while it was being forked: killed, its pipes closed."""
    if forking.cancelled() or forking.exception() is not None:
        return
    game = forking.result()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(game.pid, signal.SIGKILL)
    game.close()


async def _ready(loop: asyncio.AbstractEventLoop, sock: socket.socket, write: bool) -> None:
    """Wait until the socket can be written (or read)."""
    future = loop.create_future()
    add, remove = (loop.add_writer, loop.remove_writer) if write else (loop.add_reader, loop.remove_reader)
    def ready() -> None:
        if not future.done():
            future.set_result(None)

    add(sock.fileno(), ready)
    try:
        await future
    finally:
        remove(sock.fileno())
