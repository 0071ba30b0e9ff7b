"""One broken question never takes a pack down: the questions that are fine still play, the errors are still
reported at their positions (and `check` still fails), and everyone is told how many were left out and why."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz.model import Pack, PackError
from orbitquiz.readers import load_pack, parse
from orbitquiz.readers.library import load_library

# A good question, a broken one (its error at the given line and column), and another good one, per format.
FILES = {
    "quiz.gift": ("Who flew first? {=Gagarin ~Shepard}\n\nWho was second? {=Titov ~}\n\nWhich year? {#1961}\n",
                  (3, 25), ["Who flew first?", "Which year?"]),
    "quiz.aiken": ("Who flew first?\nA. Gagarin\nB. Shepard\nANSWER: A\n\nWho was second?\nA. Titov\nB. Glenn\n"
                   "ANSWER: E\n\nWho was third?\nA. Nikolayev\nB. Carpenter\nANSWER: A\n",
                   (9, 9), ["Who flew first?", "Who was third?"]),
    "quiz.csv": ("question,answer,wrong1,type\nWho flew first?,Gagarin,Shepard,\nWho was second?,,Glenn,\n"
                 "Who was third?,Nikolayev,Carpenter,\n", (3, 17), ["Who flew first?", "Who was third?"]),
}
ARTICLE = ("---\ntitle: Firsts\n---\n[Gagarin]{.person} flew first. [Titov]{.person colour=\"red\"} was second. "
           "[Nikolayev]{.person} was third.\n")


def orbitquiz(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORBITQUIZ_HOME": str(home)}
    env.pop("ORBITQUIZ_PACKS", None)
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, text=True, env=env,
                          check=False)


@pytest.mark.parametrize("name", FILES)
def test_a_broken_question_is_left_out_and_the_others_still_play(name):
    text, (line, column), prompts = FILES[name]
    with pytest.raises(PackError) as info:
        parse(text, name)
    error = info.value
    assert (error.line, error.column) == (line, column)
    pack = error.pack
    assert pack is not None and [q.prompt for q in pack.questions] == prompts
    assert pack.left_out == 1 and [(p.line, p.column) for p in pack.errors] == [(line, column)]
    assert all(p.severity == "error" for p in pack.errors) and all(p.severity == "warning" for p in pack.warnings)


def test_an_article_with_a_broken_span_plays_its_other_facts():
    with pytest.raises(PackError) as info:
        parse(ARTICLE, "firsts.md")
    pack = info.value.pack
    assert pack is not None and [f.answer for f in pack.facts] == ["Gagarin", "Nikolayev"]
    assert pack.left_out == 1 and [(p.line, p.column) for p in pack.errors] == [(4, 48)]


def test_an_article_with_broken_front_matter_plays_nothing():
    with pytest.raises(PackError) as info:
        parse("---\ntitle: [\n---\n[Gagarin]{.person} flew first.\n", "x.md")
    assert info.value.pack is None


def test_a_file_whose_every_question_is_broken_plays_nothing():
    with pytest.raises(PackError) as info:
        parse("Who was second? {=Titov ~}\n", "x.gift")
    assert info.value.pack is None


def test_the_library_plays_a_pack_with_a_broken_question(tmp_path):
    for name, (text, _, _) in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    entries = load_library([tmp_path])
    assert [entry.name for entry in entries] == ["quiz", "quiz", "quiz"]  # one name: the later two clash
    first = entries[0]
    assert not first.broken and len(first.pack.questions) == 2 and first.problem.line == 9  # quiz.aiken


def test_packs_says_how_many_were_left_out_and_why(tmp_path):
    own = tmp_path / "home" / "packs"
    own.mkdir(parents=True)
    (own / "firsts.gift").write_text(FILES["quiz.gift"][0], encoding="utf-8")
    result = orbitquiz("packs", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("firsts ")]
    assert "BROKEN" not in row
    assert f"2 questions, 1 question left out: {own / 'firsts.gift'}:3:25: empty answer after '~'" in row


def test_check_prints_every_error_says_what_plays_and_still_exits_1(tmp_path):
    path = tmp_path / "firsts.gift"
    path.write_text(FILES["quiz.gift"][0], encoding="utf-8")
    result = orbitquiz("check", str(path), home=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:3:25: empty answer after '~'")
    assert f"{path}: 2 questions play, 1 question left out for the errors above" in lines
    assert lines[-1] == "1 file checked: 1 error, 0 warnings"


def test_questions_lists_what_plays_and_exits_1_with_the_errors_on_stderr(tmp_path):
    path = tmp_path / "firsts.md"
    path.write_text(ARTICLE, encoding="utf-8")
    result = orbitquiz("questions", str(path), "--json", home=tmp_path)
    assert result.returncode == 1
    answers = {record["answer"] for record in json.loads(result.stdout)}
    assert answers == {"Gagarin", "Nikolayev"}
    assert f"{path}:4:48: unknown attribute 'colour'" in result.stderr
    assert "1 span left out for the errors above; the rest plays" in result.stderr


async def test_the_game_plays_the_questions_that_are_fine(tmp_path):
    from orbitquiz.game import Mode
    from orbitquiz.tui.app import OrbitQuizApp, StartRequest
    from orbitquiz.tui.screens.feedback import FeedbackScreen
    from orbitquiz.tui.screens.question import QuestionScreen
    from orbitquiz.tui.screens.results import ResultsScreen

    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "firsts.aiken").write_text(FILES["quiz.aiken"][0], encoding="utf-8")
    app = OrbitQuizApp(tmp_path / "data", [packs], StartRequest("firsts", Mode.CLASSIC, 1, 10), "Ann")
    asked = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while isinstance(app.screen, QuestionScreen):
            question = app.screen.play.round.current
            asked.append(question.prompt)
            await pilot.press(str(question.options.index(question.answer) + 1))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.screen.results.correct == 2
    assert sorted(asked) == ["Who flew first?", "Who was third?"]


# --- the rule, for any file ------------------------------------------------------------------------------------

GOOD = {
    ".gift": lambda n: f"Question {n}? {{=right{n} ~wrong{n}}}\n",
    ".aiken": lambda n: f"Question {n}?\nA. right{n}\nB. wrong{n}\nANSWER: A\n",
    ".csv": lambda n: f"Question {n}?,right{n},wrong{n}\n",
}
BROKEN = {
    ".gift": ["Broken? {=a ~}\n", "Broken? {~a ~b}\n", "Broken? {=a ~b\n", "Broken? {#x}\n", "::t Broken? {=a}\n"],
    ".aiken": ["Broken?\nA. a\nANSWER: A\n", "Broken?\nA. a\nC. b\nANSWER: A\n", "Broken?\nA. a\nB. b\nANSWER: Q\n",
               "Broken?\nA. a\nB. b\n", "A. orphan\nANSWER: A\n"],
    ".csv": ["Broken?,,x\n", ",a,b\n", "Broken?,a,b,c\n"],
}


def build(extension: str, good: list[str], broken: str | None, at: int) -> str:
    blocks = [GOOD[extension](n) for n in good]
    if broken is not None:
        blocks.insert(at, broken)
    joiner = "" if extension == ".csv" else "\n"
    head = "question,answer,wrong1\n" if extension == ".csv" else ""
    return head + joiner.join(blocks)


def read(text: str, path: str) -> Pack:
    try:
        return parse(text, path)
    except PackError as error:
        assert error.pack is not None, error
        return error.pack


@settings(max_examples=60)
@given(st.sampled_from(sorted(GOOD)), st.lists(st.integers(0, 999), min_size=1, max_size=6, unique=True), st.data())
def test_a_broken_question_anywhere_leaves_exactly_the_others_playing(extension, good, data):
    broken = data.draw(st.sampled_from(BROKEN[extension]))
    at = data.draw(st.integers(0, len(good)))
    path = f"x{extension}"
    clean = parse(build(extension, good, None, 0), path)
    with pytest.raises(PackError) as info:
        parse(build(extension, good, broken, at), path)
    partial = info.value.pack
    assert partial is not None and partial.left_out == 1
    # The same questions as the file without the broken one, with the same ids; only their lines moved.
    assert [(q.id, q.prompt, q.options, q.answer) for q in partial.questions] == \
        [(q.id, q.prompt, q.options, q.answer) for q in clean.questions]
    broken_lines = range(len(build(extension, good[:at], None, 0).splitlines()) + 1,
                         len(build(extension, good, broken, at).splitlines()) + 2)
    assert partial.errors and all(p.line in broken_lines for p in partial.errors), (partial.errors, broken_lines)


@pytest.mark.parametrize(("name", "text", "playing", "left_out"), [
    # A broken category line is no question: every question plays, under the category before it.
    ("x.gift", "$CATEGORY:\n\nWho flew first? {=Gagarin ~Shepard}\n", 1, 0),
    # A quote never closed: the rows before it play, the rest of the file cannot be read (counted once).
    ("x.csv", 'question,answer\nQ1?,a\nQ2?,"b\nQ3?,c\n', 1, 1),
    # Two errors in one span are one span left out.
    ("x.md", '---\ntitle: T\n---\n[A]{.p} [B]{.p colour="x" size="y"} [C]{.p}\n', 2, 1),
    # Options with no question, and their ANSWER line, are one question left out.
    ("x.aiken", "A. a\nB. b\nANSWER: A\n\nQ?\nA. a\nB. b\nANSWER: A\n", 1, 1),
])
def test_left_out_counts_the_questions_not_the_errors(name, text, playing, left_out):
    with pytest.raises(PackError) as info:
        parse(text, name)
    pack = info.value.pack
    assert len(pack.questions or pack.facts) == playing and pack.left_out == left_out
