"""`orbitquiz report --items [--pack P] [--since D] [--csv]` run as a teacher runs it: a real process on a real
SQLite file holding the made-up class of test_items (whose figures were worked out by hand)."""

from __future__ import annotations

import csv
import io
import math
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from orbitquiz.grading import grade
from orbitquiz.store import Store
from tests.test_items import T0, fill, play_class


def orbitquiz(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORBITQUIZ_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, text=True, env=env,
                          check=False)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    with Store.open(tmp_path) as store:
        play_class(store)
        # A player's hostile answers: an escape code, and a cell that a spreadsheet would run.
        hostile = store.start_round(store.player("zed"), "hostile", "classic", 1, T0 + timedelta(days=2))
        for question, response in ((fill("h1", "hf1", "Paris"), "\x1b[2Jgone"),
                                   (fill("h2", "hf2", "Rome"), '=HYPERLINK("http://x")')):
            store.record_answer(hostile, question, response, grade(question, response), 0, False, False,
                                T0 + timedelta(days=2))
    return tmp_path


def test_the_table_gives_each_question_its_figures_options_wrong_answers_and_flags(home: Path) -> None:
    result = orbitquiz("report", "--items", "--pack", "space", home=home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Item analysis · space · 5 questions, 4 flagged\n"
                          "discrimination: point-biserial r (question vs rest of pack)\n")
    blocks = out.split("\n\n")[1].split("\n")
    # Hardest first: q4f (0%), q3f (40%), q1c and q2c (60%), q1f (100%).
    heads = [line for line in blocks if not line.startswith(" ")]
    assert heads == [
        "q4f · fill · 5 attempts by 5 players · 0% right · discrimination undefined (everyone wrong)",
        f"q3f · fill · 5 attempts by 5 players · 40% right · discrimination +{4.2 / math.sqrt(1.2 * 51.2):.2f}",
        f"q1c · choice · 5 attempts by 5 players · 60% right · discrimination +{math.sqrt(15) / 6:.2f}",
        "q2c · choice · 5 attempts by 5 players · 60% right · discrimination -0.02",
        "q1f · fill · 2 attempts by 2 players · 100% right · discrimination undefined (everyone right)",
    ]
    assert "    options: Mir (key) 3/5 · Skylab 1/5 · Almaz 0/1 · Salyut 0/5 · Tiangong 0/4" in blocks
    assert "    wrong answers: Peresild ×2 · Gagarin ×1" in blocks
    assert "      paste: accept=\"Peresild\"" in blocks and "      paste: =Peresild" in blocks
    assert any(line.startswith("    ! too hard: 0% right of 5 attempts") for line in blocks)
    assert "f1 (Soyuz) · 7 · 71% · +0.65 · q1c, q1f" in out  # a fact across its two kinds


def test_the_csv_has_a_row_per_question_and_per_fact_with_numbers_a_spreadsheet_reads(home: Path) -> None:
    result = orbitquiz("report", "--items", "--csv", "--pack", "space", home=home)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    questions = {row["id"]: row for row in rows if row["level"] == "question"}
    facts = {row["id"]: row for row in rows if row["level"] == "fact"}
    assert list(questions) == ["q1c", "q1f", "q2c", "q3f", "q4f"] and list(facts) == ["f1", "f2", "f3", "f4"]
    assert float(questions["q1c"]["discrimination"]) == pytest.approx(math.sqrt(15) / 6, abs=1e-4)
    assert float(questions["q2c"]["discrimination"]) == pytest.approx(-0.2 / math.sqrt(1.2 * 81.2), abs=1e-4)
    assert questions["q1c"]["discrimination_note"] == "point-biserial r (question vs rest of pack)"
    # Undefined is an empty cell with the reason beside it: never a 0 or NaN a spreadsheet would average.
    assert questions["q1f"]["discrimination"] == "" and questions["q1f"]["discrimination_note"] == (
        "undefined: everyone right")
    q3f = questions["q3f"]
    assert (q3f["attempts"], q3f["right"], q3f["difficulty"]) == ("5", "2", "0.4")
    assert questions["q3f"]["paste"] == 'accept="Peresild"; =Peresild'
    assert questions["q2c"]["flags"] == "negative discrimination; wrong option nobody picks"
    assert (facts["f1"]["attempts"], facts["f1"]["right"]) == ("7", "5")


def test_filters_and_errors(home: Path) -> None:
    since = orbitquiz("report", "--items", "--since", (T0 + timedelta(days=1)).date().isoformat(), home=home)
    assert "Item analysis · hostile" in since.stdout and "space" not in since.stdout
    unknown = orbitquiz("report", "--items", "--pack", "nope", home=home)
    assert unknown.returncode == 1 and "no answers recorded for a pack named 'nope'" in unknown.stderr
    nothing = orbitquiz("report", "--items", "--pack", "space", "--since", "2030-01-01", home=home)
    assert (nothing.returncode, nothing.stdout) == (0, "No answers recorded for these filters.\n")
    with_player = orbitquiz("report", "--items", "--player", "ana", home=home)
    assert with_player.returncode == 2 and "--player cannot be used" in with_player.stderr
    both = orbitquiz("report", "--items", "--html", str(home / "r.html"), home=home)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_an_html_report_that_cannot_be_written_says_so_and_leaves_the_old_file(home: Path) -> None:
    (home / "locked").mkdir()
    old = home / "locked" / "r.html"
    old.write_text("the report of last week", encoding="utf-8")
    (home / "locked").chmod(0o500)
    try:
        result = orbitquiz("report", "--html", str(old), home=home)
    finally:
        (home / "locked").chmod(0o700)
    if os.geteuid() != 0:  # root may write anywhere
        assert result.returncode == 1 and f"cannot write {old}" in result.stderr
        assert old.read_text(encoding="utf-8") == "the report of last week"
    missing = orbitquiz("report", "--html", str(home / "no" / "such" / "r.html"), home=home)
    assert missing.returncode == 1 and "cannot write" in missing.stderr
    unknown = orbitquiz("report", "--html", str(home / "r.html"), "--pack", "nope", home=home)
    assert unknown.returncode == 1 and "no answers recorded for a pack named 'nope'" in unknown.stderr
    assert not (home / "r.html").exists()


def test_players_answers_are_shown_literally_and_never_run(home: Path) -> None:
    table = orbitquiz("report", "--items", "--pack", "hostile", home=home).stdout
    assert "\x1b" not in table and "␛[2Jgone ×1" in table
    rows = list(csv.DictReader(io.StringIO(orbitquiz("report", "--items", "--csv", "--pack", "hostile",
                                                     home=home).stdout)))
    assert [row["wrong_answers"] for row in rows if row["level"] == "question"] == [
        "␛[2Jgone ×1", "'=HYPERLINK(\"http://x\") ×1"]
