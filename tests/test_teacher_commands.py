"""The teachers' commands — check, packs, report, export — run as a teacher runs them: real processes, real files,
a real SQLite file."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from orbitquiz import generate, grade, load_pack
from orbitquiz.store import Store

REPO = Path(__file__).parent.parent
SEED = REPO / "seeds" / "first-film.md"
GOOD = "---\ntitle: Tiny\n---\n[Paris]{.city} is big. [Rome]{.city} is old. [Oslo]{.city} is cold.\n"
BROKEN = "---\ntitle: Broken\n---\nThe [Soyuz]{.craft colour=\"red\"} flew.\n"


def orbitquiz(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORBITQUIZ_HOME": str(home)}
    env.pop("ORBITQUIZ_PACKS", None)
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, text=True, env=env,
                          check=False)


# --- check ------------------------------------------------------------------------------------------------------


def test_check_prints_every_problem_at_its_position_and_exits_1(tmp_path):
    (tmp_path / "broken.md").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    result = orbitquiz("check", str(tmp_path / "broken.md"), str(tmp_path / "good.md"), home=tmp_path / "home")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'broken.md'}:4:20: unknown attribute 'colour'")
    assert f"{tmp_path / 'good.md'}: ok — 3 facts" in lines
    assert lines[-1] == "2 files checked: 1 error, 1 warning"
    assert any(line.startswith(f"{tmp_path / 'good.md'}:") and "warning:" in line for line in lines)


def test_check_of_a_folder_checks_each_pack_and_passes_when_all_are_good(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD.replace("Tiny", "Other"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a pack", encoding="utf-8")
    result = orbitquiz("check", str(tmp_path), home=tmp_path / "home")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "2 files checked: 0 errors, 2 warnings"


def test_check_of_every_bundled_pack_finds_no_problem(tmp_path):
    result = orbitquiz("check", str(REPO / "seeds"), str(REPO / "questions"), home=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].endswith("0 errors, 0 warnings")


def test_check_reports_an_unknown_extension_and_a_missing_file(tmp_path):
    (tmp_path / "quiz.docx").write_text("x", encoding="utf-8")
    result = orbitquiz("check", str(tmp_path / "quiz.docx"), str(tmp_path / "gone.md"), home=tmp_path)
    assert result.returncode == 1
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith(f"{tmp_path / 'quiz.docx'}:1:1: unknown pack format")
    assert second.startswith(f"{tmp_path / 'gone.md'}:1:1: cannot read the file")


# --- packs ------------------------------------------------------------------------------------------------------


def test_packs_lists_bundled_and_own_packs_and_reports_a_clash(tmp_path):
    own = tmp_path / "home" / "packs"
    own.mkdir(parents=True)
    (own / "tiny.md").write_text(GOOD, encoding="utf-8")
    (own / "first-film.md").write_text(GOOD, encoding="utf-8")  # a name the bundled seed already has
    (own / "broken.md").write_text(BROKEN, encoding="utf-8")
    result = orbitquiz("packs", home=tmp_path / "home")
    assert result.returncode == 0
    assert f"Your packs folder: {own}" in result.stdout
    rows: dict[str, list[str]] = {}
    for line in result.stdout.splitlines()[2:]:
        rows.setdefault(line.split()[0], []).append(line)
    bundled, clash = rows["first-film"]  # the bundled seed keeps the name; the later file is the broken one
    assert "The first feature film shot in space" in bundled
    assert "BROKEN" in clash and f"{own / 'first-film.md'}:1:1: a pack named 'first-film' already exists" in clash
    assert "Tiny · 3 facts" in rows["tiny"][0]
    assert "BROKEN" in rows["broken"][0] and ":4:20: unknown attribute" in rows["broken"][0]


def test_packs_creates_the_packs_folder_it_names(tmp_path):
    own = tmp_path / "home" / "packs"
    result = orbitquiz("packs", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert f"Your packs folder: {own}" in result.stdout
    assert own.is_dir()


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    result = orbitquiz("--version", home=REPO)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"orbitquiz {version('orbitquiz')}\n", "")


def test_a_pack_named_on_the_command_line_is_found_in_the_library(tmp_path):
    result = orbitquiz("questions", "first-film", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    missing = orbitquiz("questions", "no-such-pack", home=tmp_path)
    assert missing.returncode == 1
    assert "no pack named 'no-such-pack'" in missing.stderr


# --- report -----------------------------------------------------------------------------------------------------


def _play_round(store: Store, name: str, pack_name: str, answers: list[tuple[int, str]], day: date) -> None:
    """Answer the pack's questions by index, as the game records them."""
    questions = generate(load_pack(SEED))
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    player = store.player(name)
    round_id = store.start_round(player, pack_name, "classic", 0, moment)
    for index, response in answers:
        question = questions[index]
        verdict = grade(question, response)
        store.record_answer(round_id, question, response, verdict, 10 if verdict.correct else 0, False, False,
                            moment)
    store.finish_round(round_id, 10, 1, moment, day)


@pytest.fixture
def played(tmp_path) -> Path:
    questions = generate(load_pack(SEED))
    right, wrong = questions[0].answer, "Nobody at all"
    with Store.open(tmp_path) as store:
        _play_round(store, "Ada", "first-film", [(0, right), (2, wrong)], date(2026, 9, 1))
        _play_round(store, "Ada", "first-film", [(0, wrong)], date(2026, 9, 3))
        _play_round(store, "Bob", "first-film", [(0, right)], date(2026, 9, 5))
    return tmp_path


def test_report_csv_has_a_row_per_player_and_question(played):
    result = orbitquiz("report", "--csv", home=played)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    first = generate(load_pack(SEED))[0]
    by_key = {(r["player"], r["question_id"]): r for r in rows}
    assert len(rows) == 3
    ada = by_key[("Ada", first.id)]
    assert (ada["asked"], ada["correct"], ada["last_response"]) == ("2", "1", "Nobody at all")
    assert ada["expected"] == first.answer and ada["pack"] == "first-film"
    assert by_key[("Bob", first.id)]["correct"] == "1"


def test_report_filters_by_player_and_date(played):
    only_bob = list(csv.DictReader(io.StringIO(orbitquiz("report", "--csv", "--player", "Bob", home=played).stdout)))
    assert {r["player"] for r in only_bob} == {"Bob"}
    since = list(csv.DictReader(io.StringIO(orbitquiz("report", "--csv", "--since", "2026-09-03",
                                                      home=played).stdout)))
    assert sorted((r["player"], r["asked"]) for r in since) == [("Ada", "1"), ("Bob", "1")]
    assert orbitquiz("report", "--player", "Nobody", home=played).returncode == 1
    bad_date = orbitquiz("report", "--since", "yesterday", home=played)
    assert bad_date.returncode == 2 and "is not a date" in bad_date.stderr


def test_report_table_sums_up_each_player_then_lists_questions(played):
    result = orbitquiz("report", "--pack", "first-film", home=played)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["rank", "player", "best", "rounds", "accuracy"]  # the class's leaderboard first
    assert lines[1].split() == ["1", "Bob", "10", "1", "100%"]  # a tie on the best score: accuracy decides
    assert lines[2].split() == ["2", "Ada", "10", "2", "33%"]
    assert lines[3] == ""
    assert lines[4].split() == ["player", "answered", "right", "accuracy"]
    assert lines[5].split() == ["Ada", "3", "1", "33%"]
    assert lines[6].split() == ["Bob", "1", "1", "100%"]
    assert any(line.startswith("Ada") and "1/2" in line for line in lines[8:])
    nothing_since = orbitquiz("report", "--pack", "first-film", "--since", "2030-01-01", home=played)
    assert nothing_since.returncode == 0
    assert nothing_since.stdout.strip() == "No answers recorded for these filters."


def test_report_of_a_pack_the_scores_do_not_know_fails_as_an_unknown_player_does(played):
    # One rule for both filters: a name nothing was recorded for is an error (exit 1) that names it.
    pack = orbitquiz("report", "--pack", "nope", home=played)
    player = orbitquiz("report", "--player", "Nobody", home=played)
    assert (pack.returncode, player.returncode) == (1, 1)
    assert pack.stdout == player.stdout == ""
    assert "no answers recorded for a pack named 'nope'" in pack.stderr
    assert "no player named 'Nobody'" in player.stderr


LONG = "Which of these craft, launched from Baikonur in the autumn of the year the station was finished, "


@pytest.fixture
def long_rows(tmp_path) -> Path:
    """Two questions whose text differs only after 100 characters, and two players named alike past 20."""
    gift = tmp_path / "long.gift"
    gift.write_text(f"{LONG}docked first? {{=Soyuz ~Progress}}\n\n{LONG}undocked last? {{=Progress ~Soyuz}}\n",
                    encoding="utf-8")
    questions = load_pack(gift).questions
    moment = datetime(2026, 9, 1, 12, tzinfo=UTC)
    with Store.open(tmp_path) as store:
        for name in ("Alexandra Konstantinopoulou", "Alexandra Konstantinopoulos"):
            round_id = store.start_round(store.player(name), "long", "classic", 0, moment)
            for question in questions:
                store.record_answer(round_id, question, "Soyuz", grade(question, "Soyuz"), 0, False, False, moment)
            store.finish_round(round_id, 10, 1, moment, date(2026, 9, 1))
    return tmp_path


def test_report_piped_keeps_every_row_whole(long_rows):
    result = orbitquiz("report", "--pack", "long", home=long_rows)  # piped: not a terminal
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for name in ("Alexandra Konstantinopoulou", "Alexandra Konstantinopoulos"):
        assert any(line.startswith(name + " ") for line in lines if f"{LONG}docked first?" in line)
        assert sum(line.startswith(name + " ") for line in lines) == 3  # the summary and two questions
        assert sum(line.endswith(f"  {name}     10      1      50%") for line in lines) == 1  # the leaderboard
    assert sum(f"{LONG}docked first? — Soyuz (Soyuz)" in line for line in lines) == 2
    assert sum(f"{LONG}undocked last? — Progress (Soyuz)" in line for line in lines) == 2
    assert not any("…" in line for line in lines)


def test_report_on_a_terminal_wraps_to_its_width_and_cuts_nothing(long_rows):
    from orbitquiz.cli import report_text

    with Store.open(long_rows) as store:
        rows = store.report(pack="long")
    for width in (80, 120, 200):
        text = report_text(rows, width)
        assert max(len(line) for line in text.splitlines()) <= width
        flat = " ".join(text.split())
        assert flat.count(f"{LONG}docked first? — Soyuz (Soyuz)") == 2
        assert flat.count(f"{LONG}undocked last? — Progress (Soyuz)") == 2
        assert "…" not in text


# --- export -----------------------------------------------------------------------------------------------------


def _without_place(questions):
    """Questions as compared after a trip through a file: only where they were read from, and the order of their
    answer keys (which follows the options' order as written), may differ."""
    return [dataclasses.replace(q, source=dataclasses.replace(q.source, path="", line=0),
                                keys=tuple(sorted(q.keys, key=repr))) for q in questions]


@pytest.mark.parametrize("pack", ["first-film", "space-race", "planets", "space-stations", "moon-landing"])
def test_export_to_gift_reads_back_as_the_same_questions(tmp_path, pack):
    result = orbitquiz("export", pack, "--to", "gift", home=tmp_path)
    assert result.returncode == 0, result.stderr
    exported = tmp_path / f"{pack}.gift"
    exported.write_text(result.stdout, encoding="utf-8")
    read_back = load_pack(exported).questions  # as written: generate() would shuffle the options once more
    original = next(p for p in [*(REPO / "seeds").iterdir(), *(REPO / "questions").iterdir()]
                    if p.name.split(".")[0] == pack)
    assert _without_place(read_back) == _without_place(generate(load_pack(original), 0))


def test_export_of_an_unknown_pack_says_so(tmp_path):
    result = orbitquiz("export", "nothing-here", "--to", "gift", home=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "no pack named 'nothing-here'" in result.stderr
