"""The key bar (tui/keys.py) is one widget that looks and works as Textual's Footer: the same line in every theme and
width, the same key lit under the mouse with the same tooltip, the same key pressed by a click; and it redraws only
when the keys it shows change. Textual's own Footer is the oracle, in the same app, by Pilot."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, Static
from textual.widgets._footer import FooterKey

from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.screens.question import QuestionScreen
from tests.test_game_ui import settle
from tests.test_tui import make_app, skip_to

SIZE = (80, 6)


class Keys(App[None]):
    """Keys of every kind: with a tooltip, disabled, without a description, two for one action, one hidden, the
    focused widget's; and the command palette's on the right."""

    BINDINGS = [
        Binding("f2", "hint", "Hint", tooltip="show the hint"),
        Binding("h", "hint", "Hint again"),  # a second key of one action: not shown
        Binding("f3", "locked", "Locked", tooltip="not now"),
        Binding("f4", "bare", ""),  # Textual shows no key without a description
        Binding("f5", "hidden", "Hidden", show=False),
        Binding("f9", "quit_round", "End round"),
    ]

    def __init__(self, bar: type[Footer] | type[KeyBar], theme: str = "textual-dark", many: bool = False) -> None:
        super().__init__()
        self.bar, self.start_theme, self.many = bar, theme, many
        self.actions: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield Input(placeholder="focus")
        yield self.bar()

    def on_mount(self) -> None:
        self.theme = self.start_theme
        if self.many:
            for n in range(6):
                self.bind(f"f{n + 10}", "other", description=f"Other key {n}")
        self.query_one(Input).focus()
        self.screen.refresh_bindings()  # (Footer shows nothing until the bindings change once it is mounted)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "locked" else True  # None: shown, but disabled

    def bell(self) -> None:
        self.bells += 1

    def action_hint(self) -> None:
        self.actions.append("hint")

    def action_bare(self) -> None:
        self.actions.append("bare")

    def action_quit_round(self) -> None:
        self.actions.append("quit_round")

    def action_other(self) -> None:
        self.actions.append("other")

    def action_command_palette(self) -> None:
        self.actions.append("palette")


def bottom_line(app: App) -> list[tuple[str, object, object, bool, bool]]:
    """The bar's line as a player sees it, cell by cell: the character, its background, its colour (none for a
    blank, whose colour nobody sees), bold, dim."""
    strip = app.screen._compositor.render_strips()[-1]
    cells = []
    for segment in strip:
        style = segment.style
        for char in segment.text:
            cells.append((char, style.bgcolor, style.color if char.strip() else None, bool(style.bold),
                          bool(style.dim)))
    return cells


async def seen(bar: type[Footer] | type[KeyBar], size=SIZE, hover: int | None = None, **options) -> tuple:
    app = Keys(bar, **options)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        tooltip = None
        if hover is not None:
            await pilot.hover(None, offset=(hover, size[1] - 1))
            await settle(pilot)
            under = app.screen.get_widget_at(hover, size[1] - 1)[0]
            tooltip = under.tooltip
        return bottom_line(app), tooltip


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_the_bar_draws_the_line_textuals_footer_draws(theme):
    footer, _ = await seen(Footer, theme=theme)
    ours, _ = await seen(KeyBar, theme=theme)
    assert "".join(cell[0] for cell in footer).strip(), "Footer drew nothing to compare with"
    assert ours == footer


async def test_a_narrow_bar_cuts_its_keys_where_footer_does():
    footer, _ = await seen(Footer, size=(40, 6), many=True)
    ours, _ = await seen(KeyBar, size=(40, 6), many=True)
    assert ours == footer


@pytest.mark.parametrize("x", [2, 8, 13, 25, 50, 68, 75])  # on f2 Hint, f3 Locked, End round; blank; palette
async def test_the_key_under_the_mouse_is_lit_and_shows_its_tooltip_as_with_footer(x):
    footer, footer_tooltip = await seen(Footer, hover=x)
    ours, our_tooltip = await seen(KeyBar, hover=x)
    assert ours == footer
    assert our_tooltip == footer_tooltip


async def test_a_hovered_key_is_lit():
    plain, _ = await seen(KeyBar)
    lit, tooltip = await seen(KeyBar, hover=2)
    assert tooltip == "show the hint"
    assert lit[2][1] != plain[2][1], "the hovered key's background did not change"


async def footer_key_edges() -> list[int]:
    """The first and last column of each key Textual's Footer draws, and a blank column between its keys."""
    app = Keys(Footer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        regions = sorted(key.region for key in app.screen.query(FooterKey))
    return sorted({x for region in regions for x in (region.x, region.right - 1)} | {regions[-2].right + 5})


async def clicks(bar: type[Footer] | type[KeyBar], xs: list[int]) -> list[tuple[list[str], int]]:
    app = Keys(bar)
    results = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for x in xs:
            app.actions.clear()
            app.bells = 0
            await pilot.click(None, offset=(x, SIZE[1] - 1))
            await settle(pilot)
            results.append((list(app.actions), app.bells))
    return results


async def test_a_click_on_a_key_presses_it_as_with_footer():
    xs = await footer_key_edges()
    ours = await clicks(KeyBar, xs)
    assert ours == await clicks(Footer, xs)
    pressed = {action for actions, _ in ours for action in actions}
    assert pressed == {"hint", "quit_round", "palette"}
    assert any(bells for _, bells in ours), "a click on the disabled key rings the bell"
    assert ([], 0) in ours, "a click between the keys presses nothing"


async def test_the_bar_is_one_widget_and_redraws_only_when_its_keys_change(tmp_path):
    """On a multiple-choice question, moving between the options changes the focus (and so the bindings) but not
    the keys shown: the bar stays one widget, and draws its line once; a new theme draws it again."""
    app = make_app(tmp_path, questions=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await skip_to(pilot, app, "choice")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        bar = screen.query_one(KeyBar)
        assert not bar.children and not list(screen.query(FooterKey))
        drawn = []
        render = bar.render
        bar.render = lambda: drawn.append(1) or render()  # type: ignore[method-assign]
        for key in ("down", "down", "up"):
            await pilot.press(key)
            await settle(pilot)
        assert drawn == [], "the bar drew its line again though its keys did not change"
        app.theme = "textual-light"  # new colours: the line is drawn again
        await settle(pilot)
        assert drawn
