"""The key bar: Textual's Footer without its leak, and mounted once the first frame of a screen is out.

Building a Footer costs a first frame a noticeable part of its time (a widget per key, each with its styles); the
question (or the name box of a browser tab) is what the player waits for, and the keys follow a frame later.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

from orbitquiz.tui.textual_fixes import forget_removed_watchers


class KeyBar(Footer):
    """Textual's Footer, which forgets the keys it no longer shows (textual_fixes.forget_removed_watchers): each
    recompose (a change of focus or of bindings) kept the previous keys alive as long as the bar."""

    async def recompose(self) -> None:
        await super().recompose()
        forget_removed_watchers(self)


def key_bar_after_first_frame(screen: Screen[Any]) -> None:
    async def mount() -> None:
        if not screen.is_attached:
            return  # the screen went away as its first frame went out
        await screen.mount(KeyBar())
        screen.refresh_bindings()  # the bar shows the keys of the focus it finds, set before it existed

    screen.call_after_refresh(mount)
