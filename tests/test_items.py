"""Item analysis: a small made-up class played through the real Store into a real SQLite file, its figures checked
against values worked out by hand; and hypothesis laws that hold for any class."""

from __future__ import annotations

import math
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orbitquiz import store as store_module
from orbitquiz.grading import grade
from orbitquiz.items import MIN_EVIDENCE, AnswerRow, FlagKind, analyse
from orbitquiz.model import Question, Source
from orbitquiz.store import DB_NAME, Store

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
PACK = "space"


def choice(qid: str, fact: str, answer: str, options: tuple[str, ...]) -> Question:
    return Question(id=qid, kind="choice", prompt=f"Which one? ({qid})", options=options, answer=answer,
                    accepted=(), type="craft", hint=None, source=Source("space.md", 1, "s"), fact_id=fact)


def fill(qid: str, fact: str, answer: str) -> Question:
    return Question(id=qid, kind="fill", prompt=f"Name it ({qid})", options=(), answer=answer, accepted=(),
                    type="person", hint=None, source=Source("space.md", 1, "s"), fact_id=fact)


SOYUZ = ("Soyuz", "Progress", "Dragon", "Vostok")
MIR = ("Mir", "Skylab", "Salyut", "Tiangong")
MIR_OTHER_ROUND = ("Mir", "Skylab", "Salyut", "Almaz")  # another seed drew another wrong option

#: Who answered what (None: skipped). Fact f1 is asked both ways; eve's round showed q2c with other options.
CLASS = {
    "ana": [(choice("q1c", "f1", "Soyuz", SOYUZ), "Soyuz"), (fill("q1f", "f1", "Soyuz"), "soyuz"),
            (choice("q2c", "f2", "Mir", MIR), "Skylab"), (fill("q3f", "f3", "Yulia Peresild"), "Yulia Peresild"),
            (fill("q4f", "f4", "1961"), "1962")],
    "ben": [(choice("q1c", "f1", "Soyuz", SOYUZ), "Soyuz"), (choice("q2c", "f2", "Mir", MIR), "Mir"),
            (fill("q3f", "f3", "Yulia Peresild"), "Peresild"), (fill("q4f", "f4", "1961"), "1962")],
    "cy": [(choice("q1c", "f1", "Soyuz", SOYUZ), "Progress"), (choice("q2c", "f2", "Mir", MIR), "Mir"),
           (fill("q3f", "f3", "Yulia Peresild"), "peresild."), (fill("q4f", "f4", "1961"), "1960")],
    "dee": [(choice("q1c", "f1", "Soyuz", SOYUZ), "Progress"), (choice("q2c", "f2", "Mir", MIR), None),
            (fill("q3f", "f3", "Yulia Peresild"), "Gagarin"), (fill("q4f", "f4", "1961"), None)],
    "eve": [(choice("q1c", "f1", "Soyuz", SOYUZ), "Soyuz"), (fill("q1f", "f1", "Soyuz"), "Soyus"),
            (choice("q2c", "f2", "Mir", MIR_OTHER_ROUND), "Mir"),
            (fill("q3f", "f3", "Yulia Peresild"), "Yulia Peresild"), (fill("q4f", "f4", "1961"), "1962")],
}


def play_class(store: Store) -> None:
    minute = 0
    for name, answers in CLASS.items():
        round_id = store.start_round(store.player(name), PACK, "classic", 1, T0 + timedelta(minutes=minute))
        for question, response in answers:
            minute += 1
            verdict = None if response is None else grade(question, response)
            store.record_answer(round_id, question, response or "", verdict, 0, False, response is None,
                                T0 + timedelta(minutes=minute))
        store.finish_round(round_id, 0, 0, T0 + timedelta(minutes=minute), T0.date())


@pytest.fixture
def class_store(tmp_path: Path):
    with Store.open(tmp_path) as store:
        play_class(store)
        yield store


def test_the_made_up_class_gives_the_figures_worked_out_by_hand(class_store: Store) -> None:
    analysis = analyse(class_store.item_answers(PACK))
    q = {stats.question_id: stats for stats in analysis.questions}
    assert list(q) == ["q1c", "q1f", "q2c", "q3f", "q4f"]
    assert [(s.attempts, s.right, s.players) for s in q.values()] == [(5, 3, 5), (2, 2, 2), (5, 3, 5), (5, 2, 5),
                                                                     (5, 0, 5)]
    assert [s.difficulty for s in q.values()] == [0.6, 1.0, 0.6, 0.4, 0.0]

    # q1c: item 1,1,0,0,1 (ana..eve) against the rest (facts f2-f4): 1/3, 1/3, 1/3, 0, 2/3 -> r = √15 / 6.
    assert q["q1c"].discrimination.value == pytest.approx(math.sqrt(15) / 6)
    # q2c: item 0,1,1,0,1 against 3/4, 1/3, 0, 0, 3/4 -> in twelfths r = -0.2 / √(1.2 · 81.2).
    assert q["q2c"].discrimination.value == pytest.approx(-0.2 / math.sqrt(1.2 * 81.2))
    # q3f: item 1,0,0,0,1 against 1/2, 2/3, 1/3, 0, 3/4 -> in twelfths r = 4.2 / √(1.2 · 51.2).
    assert q["q3f"].discrimination.value == pytest.approx(4.2 / math.sqrt(1.2 * 51.2))
    assert str(q["q1f"].discrimination) == "undefined (everyone right)"
    assert str(q["q4f"].discrimination) == "undefined (everyone wrong)"

    # Options: picks out of showings (eve's round showed Almaz instead of Tiangong).
    assert [(o.option, o.shown, o.picked, o.correct) for o in q["q1c"].options] == [
        ("Soyuz", 5, 3, True), ("Progress", 5, 2, False), ("Dragon", 5, 0, False), ("Vostok", 5, 0, False)]
    assert [(o.option, o.shown, o.picked) for o in q["q2c"].options] == [
        ("Mir", 5, 3), ("Skylab", 5, 1), ("Almaz", 1, 0), ("Salyut", 5, 0), ("Tiangong", 4, 0)]
    assert q["q2c"].options_recorded == 5 and q["q3f"].options == ()

    # Wrong typed answers, grouped as the grader compares them; a skip is no typed answer.
    assert [(w.text, w.count, w.players) for w in q["q3f"].wrong_answers] == [("Peresild", 2, 2), ("Gagarin", 1, 1)]
    assert [(w.text, w.count) for w in q["q4f"].wrong_answers] == [("1962", 3), ("1960", 1)]

    flags = {qid: [(f.kind, f.paste) for f in s.flags] for qid, s in q.items()}
    assert flags == {
        "q1c": [(FlagKind.UNPICKED_OPTION, ()), (FlagKind.UNPICKED_OPTION, ())],
        "q1f": [],  # right twice is too few attempts to call it too easy
        "q2c": [(FlagKind.NEGATIVE, ()), (FlagKind.UNPICKED_OPTION, ())],  # Tiangong shown 4 times: too few
        "q3f": [(FlagKind.FAIR_ANSWER, ('accept="Peresild"', "=Peresild"))],
        "q4f": [(FlagKind.TOO_HARD, ())],  # 1962 is not fair for 1961: the numbers differ
    }
    assert "'Dragon' was shown 5 times and never picked" in q["q1c"].flags[0].message
    assert "'Salyut'" in q["q2c"].flags[1].message

    f = {stats.fact_id: stats for stats in analysis.facts}
    assert [(s.attempts, s.right, s.question_ids) for s in f.values()] == [
        (7, 5, ("q1c", "q1f")), (5, 3, ("q2c",)), (5, 2, ("q3f",)), (5, 0, ("q4f",))]
    # f1: ana 2/2, ben 1/1, cy 0/1, dee 0/1, eve 2/2 -> the same item scores and rest as q1c.
    assert f["f1"].discrimination.value == pytest.approx(math.sqrt(15) / 6)
    assert [flag.kind for flag in f["f4"].flags] == [FlagKind.TOO_HARD]


def test_filters_pick_the_pack_and_the_day(class_store: Store) -> None:
    other = class_store.start_round(class_store.player("ana"), "rivers", "classic", 1, T0 + timedelta(days=3))
    class_store.record_answer(other, fill("r1", "rf1", "Nile"), "Nile", grade(fill("r1", "rf1", "Nile"), "Nile"),
                              20, False, False, T0 + timedelta(days=3))
    assert {row.pack for row in class_store.item_answers()} == {PACK, "rivers"}
    assert [row.question_id for row in class_store.item_answers("rivers")] == ["r1"]
    assert [row.pack for row in class_store.item_answers(since=(T0 + timedelta(days=1)).date())] == ["rivers"]
    assert len(class_store.item_answers(PACK, since=T0.date())) == 22  # 5 + 4 + 4 + 4 + 5


def test_answers_stored_before_options_were_kept_count_without_them(tmp_path: Path) -> None:
    """A schema-3 file migrates to 4: its answers have no options (NULL) and still count as attempts."""
    db = sqlite3.connect(tmp_path / DB_NAME)
    for migration in store_module.MIGRATIONS[:3]:
        db.executescript(migration)
    db.execute("PRAGMA user_version=3")
    db.execute("INSERT INTO players(name) VALUES ('ana')")
    db.execute("INSERT INTO rounds(player_id, pack, mode, seed, started_at) VALUES (1, 'space', 'classic', 1, 't')")
    db.execute("INSERT INTO answers(round_id, question_id, fact_id, pack, kind, fact_type, prompt, expected, "
               "response, correct, credit, how, points, hinted, skipped, answered_at) "
               "VALUES (1, 'q1c', 'f1', 'space', 'choice', 'craft', 'p', 'Soyuz', 'Soyuz', 1, 1, 'exact', 10, 0, 0, "
               "'2026-11-01T00:00:00.000000+00:00')")
    db.commit()
    db.close()
    with Store.open(tmp_path) as store:
        store.record_answer(1, choice("q1c", "f1", "Soyuz", SOYUZ), "Dragon",
                            grade(choice("q1c", "f1", "Soyuz", SOYUZ), "Dragon"), 0, False, False, T0)
        rows = store.item_answers()
    assert [row.options for row in rows] == [None, SOYUZ]
    (stats,) = analyse(rows).questions
    assert (stats.attempts, stats.right, stats.options_recorded) == (2, 1, 1)
    assert [(o.option, o.shown, o.picked) for o in stats.options][:1] == [("Dragon", 1, 1)]


# --- laws ---------------------------------------------------------------------------------------------------------

POOL = ("Soyuz", "Progress", "Dragon", "Vostok", "Shenzhou")


@st.composite
def answer_rows(draw) -> list[AnswerRow]:
    rows = []
    for _ in range(draw(st.integers(0, 40))):
        player = draw(st.integers(0, 5))
        fact = draw(st.sampled_from(["f1", "f2", "f3"]))
        kind = draw(st.sampled_from(["choice", "fill"]))
        expected = {"f1": "Soyuz", "f2": "Progress", "f3": "Dragon"}[fact]
        skipped = draw(st.booleans()) and draw(st.booleans())
        if kind == "choice":
            wrong = draw(st.lists(st.sampled_from([p for p in POOL if p != expected]), min_size=1, max_size=3,
                                  unique=True))
            options = tuple(draw(st.permutations([expected, *wrong])))
            response = "" if skipped else draw(st.sampled_from(options))
            correct = response == expected
            recorded = options if draw(st.integers(0, 4)) else None  # some stored before options were kept
        else:
            response = "" if skipped else draw(st.sampled_from([expected, expected.lower(), "Mir", "x", " "]))
            correct = not skipped and response.lower() == expected.lower()
            recorded = None
        rows.append(AnswerRow(player, draw(st.sampled_from(["a", "b"])), f"{fact}-{kind}", fact, kind, "p",
                              expected, response, correct, skipped, recorded))
    return rows


@given(answer_rows())
def test_every_figure_is_in_range_and_every_attempt_counted(rows: list[AnswerRow]) -> None:
    analysis = analyse(rows)
    assert sum(q.attempts for q in analysis.questions) == len(rows) == sum(f.attempts for f in analysis.facts)
    for q in analysis.questions:
        assert 0 <= q.right <= q.attempts and 0 <= q.difficulty <= 1
        value = q.discrimination.value
        assert (value is None) == bool(q.discrimination.reason)
        assert value is None or (-1 <= value <= 1 and not math.isnan(value))
        assert "nan" not in str(q.discrimination).lower()
        assert sum(o.picked for o in q.options) <= q.options_recorded <= q.attempts
        for option in q.options:
            assert 0 <= option.share <= 1 and 0 <= option.picked <= option.shown <= q.options_recorded
            if option.picked == 0:
                assert option.share == 0
        assert all(w.count >= w.players >= 1 for w in q.wrong_answers)


@given(answer_rows())
def test_a_question_everyone_got_right_has_no_discrimination_and_says_so(rows: list[AnswerRow]) -> None:
    everyone_right = [AnswerRow(r.player, r.pack, r.question_id, r.fact_id, r.kind, r.prompt, r.expected,
                                r.expected, True, False, r.options) for r in rows]
    for q in analyse(everyone_right).questions:
        assert q.discrimination.value is None and str(q.discrimination) == "undefined (everyone right)"
        assert all(o.share == 0 for o in q.options if not o.correct)
        assert [f.kind for f in q.flags if f.kind in (FlagKind.TOO_EASY, FlagKind.NEGATIVE)] == (
            [FlagKind.TOO_EASY] if q.attempts >= MIN_EVIDENCE else [])


@given(answer_rows(), st.permutations(range(6)))
def test_the_figures_do_not_depend_on_who_is_called_what(rows: list[AnswerRow], names: list[int]) -> None:
    renamed = [AnswerRow(names[r.player], *[getattr(r, f) for f in AnswerRow.__slots__[1:]]) for r in rows]
    assert analyse(renamed) == analyse(rows)


def test_date_filter_is_a_day(class_store: Store) -> None:
    assert class_store.item_answers(since=date(2026, 11, 3)) == []
