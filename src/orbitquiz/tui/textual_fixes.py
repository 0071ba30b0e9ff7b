"""Every work-around of Textual (pinned in pyproject.toml) in one place, each with its issue.

:data:`FIXES` lists them with the Textual version each was checked against; tests/test_textual_fixes.py fails on any
other version, so an upgrade checks each against its issue again: still needed (raise ``checked_with``) or fixed
(delete it). :func:`apply` patches Textual, once, when the face is imported (tui/__init__.py); the other is
called where it is needed (the app's hang-up poll).
"""

from __future__ import annotations

import select
import sys
from dataclasses import dataclass
from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@dataclass(frozen=True, slots=True)
class Fix:
    name: str
    issue: str
    checked_with: str  # the Textual version it was last found needed in
    gone_when: str  # how to tell it is no longer needed


FIXES = (
    Fix("release_dead_widgets_render_caches", "https://github.com/Textualize/textual/issues/6665", "8.2.8",
        "StylesCache.get_inner_outer is no lru_cache on a method any more (then it patches nothing)"),
    Fix("terminal_hung_up", "https://github.com/Textualize/textual/pull/6690", "8.2.8",
        "LinuxDriver.run_input_thread stops at an empty read from a terminal (the pull request merged)"),
)


def apply() -> None:
    """Patch Textual with what must be in place before any app runs (each patch does nothing twice)."""
    release_dead_widgets_render_caches()


def release_dead_widgets_render_caches() -> None:
    """``StylesCache.get_inner_outer`` is an ``lru_cache`` on a method, so its 1024 entries keep the StylesCache of
    the last 1024 widgets drawn, each with its widget's rendered lines, long after the widget is gone: a game grew
    by ~0.8 MiB a round for ~25 rounds (~20 MiB) before the cache was full (Textual issue #6665, open). The same
    cache, keyed by the colours alone. Once Textual's method is no longer an lru_cache, this does nothing."""
    cached = StylesCache.get_inner_outer
    if not hasattr(cached, "cache_clear") or not hasattr(cached, "__wrapped__"):
        return  # not Textual's lru_cache: fixed upstream, or patched already

    @lru_cache(1024)
    def inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
        return cached.__wrapped__(None, base_background, background)  # its first argument is unused

    def get_inner_outer(self: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
        return inner_outer(base_background, background)

    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign,assignment]  # the patch itself


def terminal_hung_up() -> bool:
    """Whether the terminal the game read from at its start has gone (closed window, killed tmux session).

    Textual 8.2.8's LinuxDriver reads such a terminal's end of file in a loop that never blocks, so a game that
    no SIGHUP reached (started by make, say) would spin at full speed for ever (Textual pull request #6690, open);
    the app polls this instead.
    """
    try:
        events = select.poll()
        events.register(sys.stdin.fileno(), select.POLLIN)
        return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events.poll(0))
    except (OSError, ValueError):
        return True  # no terminal to read from any more
