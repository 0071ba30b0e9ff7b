"""Issue 18: Textual CSS parsed once (tui/parsed_css.py), by the warm parent for every game it forks.

Real apps under Pilot: a game with the default theme finds every CSS source it brings already parsed; what was
parsed in advance is what Textual's own parser makes of each source; a theme changed in one game is parsed with
its own colours and reaches no later game.
"""

from __future__ import annotations

from textual.color import Color
from textual.css.parse import parse
from textual.css.tokenize import tokenize_values
from textual.theme import BUILTIN_THEMES

from orbitquiz.tui import parsed_css, warm
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.parsed_css import PARSED, parse_in_advance
from orbitquiz.tui.screens.question import QuestionScreen

PACK = "first-film"


def meaning(rule) -> tuple:
    """What a rule set says: its selectors, its declarations and its priority."""
    return (rule.selector_set, {key: repr(value) for key, value in rule.styles.get_rules().items()},
            rule.tie_breaker, rule.is_default_rules,
            rule.selector_names, rule.pseudo_classes)


def default_variables() -> dict[str, str]:
    return OrbitQuizApp().get_css_variables()


async def test_a_game_with_the_default_theme_parses_no_css_once_the_warm_parent_has_parsed_it(tmp_path):
    warm.preload()  # what the warm parent does before it forks: import the game, parse its CSS
    parsed = set(PARSED)
    assert len(parsed) > 50  # the app's .tcss, its screens' and its widgets' CSS
    app = OrbitQuizApp(tmp_path / "data", start=StartRequest(PACK))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        for key in ("f1", "escape"):  # the help, a screen with widgets of its own
            await pilot.press(key)
            await pilot.pause()
        app.action_settings()  # and the settings' (selects, switches)
        await pilot.pause()
        app.action_stats()
        await pilot.pause()
        assert len(app.stylesheet.source) > 20
    assert set(PARSED) == parsed, f"parsed during the game: {[key[1] for key in set(PARSED) - parsed]}"


def test_what_is_parsed_in_advance_is_what_textual_parses():
    variables = default_variables()
    parse_in_advance(variables)
    tokens = tokenize_values(variables)
    checked = 0
    for (css, read_from, is_default, tie_breaker, scope, keyed_variables), rules in list(PARSED.items()):
        if keyed_variables != tuple(variables.items()):
            continue  # (another test's theme)
        again = list(parse(scope, css, read_from, variable_tokens=tokens, is_default_rules=is_default,
                           tie_breaker=tie_breaker))
        assert list(map(meaning, rules)) == list(map(meaning, again)), read_from
        checked += 1
    assert checked > 50


async def test_a_theme_changed_in_one_game_is_parsed_with_its_colours_and_reaches_no_later_game(tmp_path):
    parse_in_advance(default_variables())
    nord = Color.parse(BUILTIN_THEMES["nord"].background)

    async def background(theme: str | None, data: str) -> Color:
        app = OrbitQuizApp(tmp_path / data, start=StartRequest(PACK))  # (a theme chosen is kept in the store)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            if theme is not None:
                app.theme = theme
                await pilot.pause()
            return app.screen.styles.background

    default = await background(None, "first")
    assert default != nord
    assert await background("nord", "second") == nord  # parsed again, with nord's variables
    assert await background(None, "third") == default  # the next game: the default theme's rules, not nord's
    assert any(dict(key[5]).get("background") == BUILTIN_THEMES["nord"].background for key in PARSED)


def test_the_shared_rules_stay_bounded_however_many_themes_a_game_goes_through(monkeypatch):
    from textual.css.stylesheet import Stylesheet

    monkeypatch.setattr(parsed_css, "LIMIT", 8)
    for n in range(20):  # twenty themes' worth of one source
        sheet = Stylesheet(variables={"accent": f"#0000{n:02x}"})
        sheet.add_source("Label { color: $accent; }", read_from=("test", "Label"))
        assert sheet.rules[0].styles.color == Color(0, 0, n)
        assert len(PARSED) <= 8


def test_a_stylesheet_given_new_variables_parses_with_them():
    from textual.css.stylesheet import Stylesheet

    parsed_css.share_parsed_css()
    sheet = Stylesheet(variables={"accent": "#102030"})
    sheet.add_source("Label { color: $accent; }", read_from=("test", "Label.new-variables"))
    assert sheet.rules[0].styles.color == Color(16, 32, 48)
    sheet.set_variables({"accent": "#405060"})  # as App.refresh_css does when the theme changes
    sheet.parse()
    assert sheet.rules[0].styles.color == Color(64, 80, 96)
