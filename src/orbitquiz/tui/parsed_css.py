"""Textual CSS parsed once per process, and once for every game the warm parent forks.

Textual 8.2.8 parses each CSS source (the app's .tcss file, every widget class's DEFAULT_CSS, a screen's CSS) per
Stylesheet object, and ``Stylesheet.reparse`` (run whenever a screen brings CSS of its own) parses every source
again in a fresh Stylesheet: about a tenth of a browser game's CPU until its name box is drawn. Parsing is a pure
function of the source, where it came from, its tie-breaker, its scope and the theme's variables, so its result is
kept here for the whole process under exactly those (:func:`share_parsed_css`); the warm parent fills it before it
forks (:func:`parse_in_advance`), so a forked game with the default theme parses no CSS at all.

The rule sets kept are never changed once parsed (Textual's own per-Stylesheet cache shares them the same way); a
forked game's copy of them is its own (fork copies a page on its first write), so nothing one game does reaches
another game or the warm parent. No longer needed once Textual caches parsed CSS across its Stylesheets.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from textual._path import _css_path_type_as_list, _make_path_object_relative
from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen

#: Parsed rule sets by (css, read_from, is_default_rules, tie_breaker, scope, the theme's variables).
PARSED: dict[tuple, list[RuleSet]] = {}
#: Each theme's variables, once (the last part of every key of :data:`PARSED`).
THEMES: dict[tuple, tuple] = {}
#: Entries at most: some 300 sources for each theme a game has used; a terminal switching themes for ever would
#: otherwise keep every theme's rules.
LIMIT = 4096


def share_parsed_css() -> None:
    """Make every Stylesheet of this process look its sources up in :data:`PARSED` before parsing them."""
    parse_rules = Stylesheet._parse_rules
    if getattr(parse_rules, "shares_parsed_css", False):
        return

    def _parse_rules(self: Stylesheet, css: str, read_from: tuple[str, str], is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, _theme(self))
        rules = PARSED.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)  # raises if invalid
            if len(PARSED) >= LIMIT:
                PARSED.clear()
                THEMES.clear()
            PARSED[key] = rules
        return rules

    _parse_rules.shares_parsed_css = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


def _theme(sheet: Stylesheet) -> tuple[tuple[str, str], ...]:
    """The stylesheet's variables as a key: one tuple for each theme, made once per stylesheet (Textual gives a
    stylesheet new variables by replacing its dict, in ``set_variables``)."""
    variables = sheet._variables
    made = sheet.__dict__.get("_parsed_css_theme")
    if made is not None and made[0] is variables:
        return made[1]
    theme = tuple(variables.items())
    theme = THEMES.setdefault(theme, theme)  # every key of one theme holds the same tuple
    sheet.__dict__["_parsed_css_theme"] = (variables, theme)
    return theme


def parse_in_advance(variables: dict[str, str]) -> int:
    """Parse, with the theme ``variables``, every CSS source a node class imported so far can bring to a
    stylesheet (see :func:`css_sources`). Returns how many sources were parsed."""
    share_parsed_css()
    sheet = Stylesheet(variables=variables)
    count = 0
    for css, read_from, is_default_rules, tie_breaker, scope in set(css_sources()):
        sheet._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        count += 1
    return count


def css_sources() -> Iterator[tuple[str, tuple[str, str], bool, int, str]]:
    """(css, read_from, is_default_rules, tie_breaker, scope) as Textual's App and Screen add them to their
    stylesheet, for every DOMNode class imported: each class's DEFAULT_CSS and its bases' (one tie-breaker for each
    class they can be mounted as), an App's or a Screen's CSS and the files of its CSS_PATH."""
    for cls in _subclasses(DOMNode):
        node: DOMNode = object.__new__(cls)  # what Textual reads is the class's (its __class__ and class variables)
        for read_from, css, tie_breaker, scope in node._get_default_css():
            yield css, read_from, True, tie_breaker, scope
        css = getattr(cls, "CSS", "") if issubclass(cls, (App, Screen)) else ""
        if css:  # (an App's CSS is never scoped; a Screen's is unless it says otherwise)
            scoped = issubclass(cls, Screen) and cls.SCOPED_CSS
            yield css, (_file_of(cls), f"{cls.__name__}.CSS"), False, 0, node._css_type_name if scoped else ""
        if issubclass(cls, (App, Screen)) and cls.CSS_PATH is not None:
            for path in _css_path_type_as_list(cls.CSS_PATH):
                try:
                    filename = os.path.abspath(_make_path_object_relative(path, node))
                    with open(filename, encoding="utf-8") as file:
                        text = file.read()
                except (OSError, TypeError):
                    continue  # Textual reports it when the game starts
                yield text, (filename, ""), False, 0, ""


def _file_of(cls: type) -> str:
    import inspect

    try:
        return inspect.getfile(cls)
    except (TypeError, OSError):
        return ""


def _subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    stack: list[type[DOMNode]] = [cls]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                stack.append(sub)
    return found
