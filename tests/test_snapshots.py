"""Snapshots of the main screens: fixed seed, fixed size, fake clock, no blinking cursor.

After an intended change of the look, refresh them with `pytest tests/test_snapshots.py --snapshot-update` and
look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from orbitquiz.game import Mode
from orbitquiz.tui.app import OrbitQuizApp, StartRequest

SIZE = (80, 24)


class FakeClock:
    def __call__(self) -> float:
        return 1000.0


def app_for(tmp_path: Path, start: bool) -> OrbitQuizApp:
    request = StartRequest("first-film", Mode.CLASSIC, 11, 10) if start else None
    app = OrbitQuizApp(tmp_path / "data", start=request, player="Ann")
    app.clock = FakeClock()
    return app


async def steady(pilot) -> None:
    """No blinking cursor, nothing left to lay out."""
    await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_home(snap_compare, tmp_path):
    assert snap_compare(app_for(tmp_path, start=False), terminal_size=SIZE, run_before=steady)


def test_question(snap_compare, tmp_path):
    assert snap_compare(app_for(tmp_path, start=True), terminal_size=SIZE, run_before=steady)


def test_choice_question(snap_compare, tmp_path):
    async def to_a_choice(pilot):
        await pilot.pause()
        while pilot.app.screen.play.round.current.kind != "choice":  # skip typed questions, and their feedback
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        await steady(pilot)

    assert snap_compare(app_for(tmp_path, start=True), terminal_size=SIZE, run_before=to_a_choice)


@pytest.mark.parametrize("keys", [["escape"], ["escape", "enter", "escape", "enter", "f9", "enter"]],
                         ids=["feedback", "results"])
def test_after_answers(snap_compare, tmp_path, keys):
    async def play(pilot):
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await steady(pilot)

    assert snap_compare(app_for(tmp_path, start=True), terminal_size=SIZE, run_before=play)


def test_help(snap_compare, tmp_path):
    async def open_help(pilot):
        await pilot.pause()
        pilot.app.action_help()
        await steady(pilot)

    assert snap_compare(app_for(tmp_path, start=False), terminal_size=SIZE, run_before=open_help)
