"""Work-arounds of Textual and textual-serve are checked against the versions installed: an upgrade fails here until
each one is checked again against its issue (still needed: raise its version; fixed: delete it)."""

from __future__ import annotations

from importlib.metadata import version

from orbitquiz.tui import textual_fixes


def test_textuals_work_arounds_were_checked_against_the_installed_textual():
    assert textual_fixes.FIXES, "each work-around is listed with its issue"
    for fix in textual_fixes.FIXES:
        assert fix.issue.startswith("https://github.com/Textualize/textual/"), fix
        assert fix.checked_with == version("textual"), (
            f"Textual is {version('textual')}: is {fix.name} still needed? See {fix.issue}; then raise "
            "checked_with, or delete the work-around")


def test_textual_serves_private_methods_overridden_were_checked_against_the_installed_textual_serve():
    from orbitquiz import web

    assert web.TEXTUAL_SERVE_CHECKED_WITH == version("textual-serve"), (
        f"textual-serve is {version('textual-serve')}: check web.Session's and web.GameServer's overrides of its "
        "private methods (web.TEXTUAL_SERVE_OVERRIDES), then raise TEXTUAL_SERVE_CHECKED_WITH")
    for cls, names in web.TEXTUAL_SERVE_OVERRIDES.items():
        for name in names:
            base = cls.__mro__[1]
            assert hasattr(base, name), f"textual-serve's {base.__name__} has no {name} any more: {cls.__name__}'s " \
                "override is dead code"
            assert name in vars(cls), f"{cls.__name__} does not override {name}"


def test_the_render_cache_fix_is_applied_once_the_app_is_imported():
    from textual._styles_cache import StylesCache

    import orbitquiz.tui  # noqa: F401  (the one place the fixes are applied)

    assert StylesCache.get_inner_outer.__module__ == textual_fixes.__name__
