"""The Textual face. Textual's work-arounds are applied here, once, before any of its apps (the game, the live
game's host screen, the tag review) or a tab's driver runs: see textual_fixes."""

from orbitquiz.tui import textual_fixes

textual_fixes.apply()
