"""The key bar: the keys the screen offers, drawn as one line of text, looking and working as Textual's Footer.

Textual's Footer is a container of one widget per key, and it removes and mounts them all again whenever the
screen's bindings change: on every change of screen or of focus, several times a question. That was about half of
a round's CPU in a game (bench/README.md, "The key bar"), which thirty games share two cores for. This bar is one
widget: it works out which keys to show (the same rules as Footer's), and redraws its one line only when they are
not the ones it shows already. A click on a key presses it; hovering over one lights it and shows its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class Key:
    """One key as the bar shows it."""

    key: str  # what a click presses
    display: str  # how the key is written ("1–4", "f2", "^p")
    description: str
    enabled: bool
    tooltip: str


@dataclass(frozen=True, slots=True)
class Keys:
    """What the bar shows: the keys on its left, and the command palette's key on its right (if it has one)."""

    left: tuple[Key, ...] = ()
    palette: Key | None = None

    def all(self) -> tuple[Key, ...]:
        return (*self.left, self.palette) if self.palette is not None else self.left


def keys_of(screen: Screen[Any]) -> Keys:
    """The keys Textual's Footer (8.2.8) would show for ``screen`` as it is now: the bindings shown, the first of
    each action, and the command palette's key apart. (Footer also groups a binding group's keys; no screen of the
    game has a group, so a grouped key is shown as any other.)"""
    app = screen.app
    active = screen.active_bindings
    first_of_action: dict[str, Key] = {}
    for _, binding, enabled, tooltip in active.values():
        if binding.show and binding.action not in first_of_action:
            first_of_action[binding.action] = Key(binding.key, app.get_key_display(binding), binding.description,
                                                  enabled, tooltip)
    palette = None
    if app.ENABLE_COMMAND_PALETTE and (found := active.get(app.COMMAND_PALETTE_BINDING)) is not None:
        _, binding, enabled, _ = found
        palette = Key(binding.key, app.get_key_display(binding), binding.description, enabled,
                      binding.tooltip or binding.description)
    return Keys(tuple(first_of_action.values()), palette)


class KeyBar(Widget):
    """The screen's keys in one line at the bottom (see the module's docstring)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover", "key-bar--separator"}
    # The colours are Footer's (the theme's footer variables), so the bar looks the same in every theme.
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: What the bar shows; nothing until the screen's bindings are first known (as with Footer).
        self.keys = Keys()
        self._spans: list[tuple[int, int, Key]] = []  # where each key was drawn: start and end column
        self._hovered: Key | None = None
        self._update_pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)  # a focus set before the bar was mounted changed nothing it saw

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Once the refresh is done, like Footer: several changes in one go (a new question, its focus) are one.
        if not self._update_pending and self.is_attached and screen is self.screen:
            self._update_pending = True
            self.call_after_refresh(self._show_current_keys)

    def _show_current_keys(self) -> None:
        self._update_pending = False
        # While the app has no focus (a browser tab in the background) Textual drops the focused widget's keys:
        # the bar keeps showing them, as Footer does.
        if not self.is_attached or not self.app.app_focus:
            return
        keys = keys_of(self.screen)
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    # --- drawing --------------------------------------------------------------------------------------------

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        base = self.rich_style
        blank = Style(bgcolor=base.bgcolor)  # the bar's background where no key is (no colour, as Footer's)

        def piece(key: Key, *parts: tuple[str, Style]) -> Text:
            text = Text.assemble(*parts)
            text.stylize_before(base)
            if key == self._hovered:  # lit as a hovered FooterKey is: its background, under the key's colours
                text.stylize(Style(bgcolor=self.get_component_rich_style("key-bar--hover").bgcolor))
            if not key.enabled:
                text.stylize_before(Style(dim=True))
            return text

        # Footer's spacing: " key description " on the left; "▏key description " on the right (its palette key
        # is compact and has a border on its left).
        left = [piece(key, (f" {key.display} ", key_style), (f"{key.description} ", description_style))
                if key.description else piece(key, (key.display, key_style)) for key in self.keys.left]
        palette = self.keys.palette
        right = piece(palette, ("▏", self.get_component_rich_style("key-bar--separator")),
                      (palette.display, key_style),
                      (f" {palette.description}" if palette.description else "", description_style),
                      (" ", blank)) if palette is not None else Text()
        width = self.size.width
        room = max(0, width - right.cell_len)
        line = Text(no_wrap=True, end="")
        self._spans = []
        for key, text in zip(self.keys.left, left, strict=True):
            start = line.cell_len
            if start + text.cell_len > room:
                line.append_text(text[: room - start])  # cut, as Footer's keys are by its palette key
                self._spans.append((start, room, key))
                break
            line.append_text(text)
            self._spans.append((start, line.cell_len, key))
        line.append(" " * (room - line.cell_len), blank)
        if palette is not None and width >= right.cell_len:
            self._spans.append((room, width, palette))
            line.append_text(right)
        return line

    def key_at(self, x: int) -> Key | None:
        """The key drawn at column ``x`` of the bar, if any."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    # --- the mouse ------------------------------------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, key: Key | None) -> None:
        if key != self._hovered:
            self._hovered = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()


def key_bar_after_first_frame(screen: Screen[Any]) -> None:
    async def mount() -> None:
        if not screen.is_attached:
            return  # the screen went away as its first frame went out
        await screen.mount(KeyBar())

    screen.call_after_refresh(mount)
