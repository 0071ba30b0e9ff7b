"""The stats screen's chart of the player's own accuracy, round by round, on a fixed 0–100% scale: rounds written
through the real Store into a real SQLite file, the screen opened by keys in a Pilot."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.model import Question, Source, Verdict
from orbitquiz.store import Store
from orbitquiz.tui.app import OrbitQuizApp
from orbitquiz.tui.chart import bars
from orbitquiz.tui.screens.stats import StatsScreen

T0 = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_bars_fill_eighths_of_cells_on_a_fixed_scale() -> None:
    assert bars([0, 0.5, 1, 0.25], 4) == ["  █ ", "  █ ", " ██ ", " ███"]
    assert bars([0.5, 0.55, 0.6], 2) == [" ▁▂", "███"]  # close shares look close, not bottom and top
    assert bars([0.0625], 2) == [" ", "▁"]  # one eighth of two rows


@given(st.lists(st.floats(0, 1), max_size=30), st.integers(1, 6))
def test_a_column_holds_its_share_of_the_height_to_an_eighth(values: list[float], height: int) -> None:
    rows = bars(values, height)
    assert len(rows) == height and all(len(row) == len(values) for row in rows)
    for column, value in enumerate(values):
        eighths = sum(" ▁▂▃▄▅▆▇█".index(row[column]) for row in rows)
        assert abs(eighths - value * height * 8) <= 0.5


async def test_the_stats_screen_charts_the_players_accuracy_per_round(tmp_path) -> None:
    question = Question("q1-fill", "fill", "_____ flew.", (), "Soyuz", (), "craft", None, Source("p", 1, "s"), "q1")
    with Store.open(tmp_path / "data") as store:
        ann = store.player("Ann")
        other = store.player("Bob")  # another player's rounds are not Ann's
        for minute, (player, right, wrong) in enumerate([(ann, 0, 2), (ann, 1, 1), (other, 3, 0), (ann, 2, 0),
                                                         (ann, 1, 3)]):
            moment = T0 + timedelta(minutes=minute)
            round_id = store.start_round(player, "first-film", "classic", 1, moment)
            for correct in [True] * right + [False] * wrong:
                verdict = Verdict(correct, "exact" if correct else "wrong", "Soyuz")
                store.record_answer(round_id, question, "Soyuz" if correct else "no", verdict, 0, False, False,
                                    moment)
            store.finish_round(round_id, 0, 0, moment, date(2026, 11, 20))
    app = OrbitQuizApp(tmp_path / "data", player="Ann")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        caption = str(app.screen.query_one("#accuracy-caption").render())
        assert caption == ("Accuracy per round, newest at the right: last 25% · average 44% over 4 rounds")
        chart = str(app.screen.query_one("#accuracy-bars").render()).splitlines()
        # Ann's rounds: 0%, 50%, 100%, 25% on four rows (a full cell is a quarter).
        assert chart == ["100% │  █ ", "     │  █ ", "     │ ██ ", "  0% │ ███"]
