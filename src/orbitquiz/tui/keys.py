"""The key bar (Textual's Footer) of the screens a player waits for, mounted once their first frame is out.

Building a Footer costs a first frame a noticeable part of its time (a widget per key, each with its styles); the
question (or the name box of a browser tab) is what the player waits for, and the keys follow a frame later.
"""

from __future__ import annotations

from textual.screen import Screen


def key_bar_after_first_frame(screen: Screen[object]) -> None:
    async def mount() -> None:
        from textual.widgets import Footer

        if not screen.is_attached:
            return  # the screen went away as its first frame went out
        await screen.mount(Footer())
        screen.refresh_bindings()  # the bar shows the keys of the focus it finds, set before it existed

    screen.call_after_refresh(mount)
