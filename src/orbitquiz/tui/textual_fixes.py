"""Work-arounds for Textual (pinned at 8.2.8 in pyproject.toml): a long game's memory kept flat, and a game that
ends with its terminal.

Each says what it works around and how to tell it is no longer needed; the key bar's own fix is keys.KeyBar.
"""

from __future__ import annotations

import select
import sys
from functools import lru_cache

from rich.style import Style
from textual._styles_cache import StylesCache
from textual.color import Color


def release_dead_widgets_render_caches() -> None:
    """``StylesCache.get_inner_outer`` is an ``lru_cache`` on a method, so its 1024 entries keep the StylesCache of
    the last 1024 widgets drawn, each with its widget's rendered lines, long after the widget is gone: a game grew
    by ~0.8 MiB a round for ~25 rounds (~20 MiB) before the cache was full (Textual issue #6665, open). The same
    cache, keyed by the colours alone. Once Textual's method is no longer an lru_cache, this does nothing."""
    cached = StylesCache.get_inner_outer
    if not hasattr(cached, "cache_clear") or not hasattr(cached, "__wrapped__"):
        return

    @lru_cache(1024)
    def inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
        return cached.__wrapped__(None, base_background, background)  # its first argument is unused

    def get_inner_outer(self: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
        return inner_outer(base_background, background)

    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign]


def terminal_hung_up() -> bool:
    """Whether the terminal the game read from at its start has gone (closed window, killed tmux session).

    Textual 8.2.8's LinuxDriver reads such a terminal's end of file in a loop that never blocks, so a game that
    no SIGHUP reached (started by make, say) would spin at full speed for ever; the app polls this instead. No
    longer needed once ``LinuxDriver.run_input_thread`` stops at an empty read from a terminal.
    """
    try:
        events = select.poll()
        events.register(sys.stdin.fileno(), select.POLLIN)
        return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events.poll(0))
    except (OSError, ValueError):
        return True  # no terminal to read from any more
