"""Escape codes never reach the teacher's terminal, and a report opened in a spreadsheet runs no formula (issue 13,
"Under attack"): a name pasted with ESC in it is cleaned when stored, `orbitquiz report` shows every control
character of what it prints as a visible symbol, and `report --csv` neutralises cells that start like a formula.

Real SQLite files and the real command; a name that an older orbitquiz stored raw is written with plain SQL.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual import events

from orbitquiz import generate, grade, load_pack
from orbitquiz.plain import clean_name, spreadsheet_cell, visible
from orbitquiz.store import Store
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.screens.question import QuestionScreen

SEED = Path(__file__).parent.parent / "seeds" / "first-film.md"
#: Clears the screen, sets the window title, writes the clipboard (OSC 52), rings, a C1 CSI, and reorders the text.
ATTACK = "\x1b[2J\x1b]0;owned\x07\x1b]52;c;ZWNobyBvd25lZA==\x07\x9b31m\u202eevil"
PASTED = "\x1b[2J\x1b]0;x\x07\x9b31m\u202eevil"  # short enough for the name box (40 characters)
CONTROLS = {chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}


def orbitquiz(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORBITQUIZ_HOME": str(home), "COLUMNS": "400"}  # wide: no answer cut short
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, text=True, env=env,
                          check=False)


def play(store: Store, name: str, responses: list[str]) -> None:
    questions = generate(load_pack(SEED))
    moment = datetime(2026, 9, 1, 12, tzinfo=UTC)
    round_id = store.start_round(store.player(name), "first-film", "classic", 0, moment)
    for question, response in zip(questions, responses, strict=False):
        store.record_answer(round_id, question, response, grade(question, response), 0, False, False, moment)
    store.finish_round(round_id, 0, 0, moment, date(2026, 9, 1))


# --- names ---------------------------------------------------------------------------------------------------------


@given(st.text())
def test_a_clean_name_has_no_control_or_reordering_character_and_stays_clean(name):
    cleaned = clean_name(name)
    assert not any(unicodedata.category(ch) == "Cc" for ch in cleaned)
    assert not set(cleaned) & {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                               "\u2069", "\u200e", "\u200f", "\u061c"}
    assert clean_name(cleaned) == cleaned and cleaned == cleaned.strip()


@given(st.text())
def test_visible_text_has_no_control_character_but_line_breaks(text):
    assert not (set(visible(text)) & CONTROLS) - {"\n"}
    assert not set(visible(text, one_line=True)) & CONTROLS
    assert len(visible(text)) == len(text)  # one stand-in for one character: widths are kept


async def test_a_name_pasted_with_escape_codes_is_stored_clean(tmp_path):
    class BrowserApp(OrbitQuizApp):
        @property
        def is_web(self) -> bool:
            return True

    data = tmp_path / "data"
    app = BrowserApp(data, start=StartRequest("first-film"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ann ")
        app.screen.query_one("#name").post_message(events.Paste(PASTED))  # what a bracketed paste delivers
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
    with Store.open(data) as store:
        assert store.players() == ["Ann [2J]0;x31mevil"]
        assert store.find_player("Ann " + PASTED) is not None  # the name as typed still finds its player


# --- orbitquiz report ----------------------------------------------------------------------------------------------


def test_report_shows_escape_codes_of_old_names_and_answers_as_symbols(tmp_path):
    with Store.open(tmp_path) as store:
        play(store, "Old", [f"answer {ATTACK}"])
    with sqlite3.connect(tmp_path / "orbitquiz.sqlite3") as db:  # as an older orbitquiz stored a pasted name
        db.execute("UPDATE players SET name = ? WHERE name = 'Old'", (f"Old {ATTACK}",))
    for args in (("report",), ("report", "--pack", "first-film")):
        result = orbitquiz(*args, home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert not (set(result.stdout) & CONTROLS) - {"\n", "\t"}, (args, result.stdout)
        assert "Old ␛[2J" in result.stdout, args
    assert "answer ␛[2J␛]0;owned␇" in orbitquiz("report", home=tmp_path).stdout


def test_report_csv_neutralises_cells_that_start_like_a_formula(tmp_path):
    names = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "Plain"]
    with Store.open(tmp_path) as store:
        for name in names:
            play(store, name, ["=1+1"])
    result = orbitquiz("report", "--csv", home=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(row["player"] for row in rows) == sorted(["'" + n for n in names[:4]] + ["Plain"])
    assert {row["last_response"] for row in rows} == {"'=1+1"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    assert {row["asked"] for row in rows} == {"1"}  # numbers stay numbers
    assert spreadsheet_cell(-3) == -3 and spreadsheet_cell("\t=x") == "' =x" and spreadsheet_cell("a=b") == "a=b"
