"""The key bar: Textual's Footer without its leak, and mounted once the first frame of a screen is out.

Building a Footer costs a first frame a noticeable part of its time (a widget per key, each with its styles); the
question (or the name box of a browser tab) is what the player waits for, and the keys follow a frame later.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyBar(Footer):
    """Textual's Footer, which forgets the keys it no longer shows.

    Each key the Footer composes binds to the bar's ``compact`` (``data_bind``), which registers a watcher on the
    bar; Textual (8.2) drops a watcher of a removed widget only when the watched value changes, and ``compact`` never
    does. So every recompose (a change of focus or of bindings) kept the previous keys, their styles and caches
    alive as long as the bar: about 1 MiB a round on a browser tab's name screen, which lives as long as the tab.
    """

    async def recompose(self) -> None:
        await super().recompose()
        for watchers in getattr(self, "__watchers", {}).values():  # where Textual's reactive.py keeps them
            watchers[:] = [(node, callback) for node, callback in watchers if not node._closing]


def key_bar_after_first_frame(screen: Screen[object]) -> None:
    async def mount() -> None:
        if not screen.is_attached:
            return  # the screen went away as its first frame went out
        await screen.mount(KeyBar())
        screen.refresh_bindings()  # the bar shows the keys of the focus it finds, set before it existed

    screen.call_after_refresh(mount)
