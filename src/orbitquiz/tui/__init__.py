"""The Textual face. What it changes in Textual is applied here, once, before any of its apps (the game, the live
game's host screen, the tag review) or a tab's driver runs: the work-arounds of textual_fixes, and parsed_css's
sharing of parsed CSS between Stylesheets (and, through the warm parent, between forked games)."""

from orbitquiz.tui import parsed_css, textual_fixes

textual_fixes.apply()
parsed_css.share_parsed_css()
