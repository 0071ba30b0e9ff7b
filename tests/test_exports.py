"""`orbitquiz export PACK --to gift|moodle-xml|anki|quizlet|csv`: every export read back where orbitquiz reads that
format gives the same questions; the Moodle XML holds what Moodle's importer (qformat_xml) reads; the .apkg is a
zip with an Anki collection whose notes are the pack's questions, with ids that stay the same across exports."""

from __future__ import annotations

import dataclasses
import html
import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz import generate
from orbitquiz.export import export_deck, export_text
from orbitquiz.export.anki import MODEL_ID, deck_id
from orbitquiz.export.moodle_xml import html_of, xml_safe
from orbitquiz.model import AnswerKey, Question, Source
from orbitquiz.readers import load_pack, parse
from orbitquiz.readers.gift import html_text
from tests.test_gift import questions as gift_questions
from tests.test_spreadsheet import COLUMNS, spreadsheet_rows
from tests.test_spreadsheet import write as write_rows

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted([*(ROOT / "seeds").glob("*.md"), *(p for p in (ROOT / "questions").iterdir()
                                                     if p.suffix != ".md" or p.name != "README.md")])


def questions_of(path: Path) -> list[Question]:
    return generate(load_pack(path), 0)


def orbitquiz(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ORBITQUIZ_HOME": str(home)}
    env.pop("ORBITQUIZ_PACKS", None)
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, env=env, check=False)


def same_text(text: str) -> str:
    return " ".join(text.split())


# --- orbitquiz's CSV ------------------------------------------------------------------------------------------


def csv_fields(q: Question) -> tuple:
    return (q.prompt, q.kind, q.answer, tuple(sorted(q.options)), q.accepted, q.hint, q.explanation, q.type)


@settings(max_examples=40)
@given(spreadsheet_rows(), st.permutations(COLUMNS))
def test_a_csv_pack_exported_as_csv_reads_back_to_the_same_questions(rows, columns):
    pack = parse(write_rows(rows, list(columns), ",")[0], "x.csv")
    again = parse(export_text(pack.questions, "csv", pack.title), "x.csv")
    # The same questions, options in the same order (the answer first), ids included (a hash of the text).
    assert [(q.id, q.options, *csv_fields(q)) for q in again.questions] == \
        [(q.id, q.options, *csv_fields(q)) for q in pack.questions]
    assert again.warnings == ()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_pack_exported_as_csv_reads_back_with_the_same_questions(path):
    questions = questions_of(path)
    again = parse(export_text(questions, "csv", "t"), "x.csv").questions
    assert len(again) == len(questions)
    for before, after in zip(questions, again, strict=True):
        hint = before.hint.strip() if before.hint else None
        assert csv_fields(after)[:4] == (same_text(before.prompt), before.kind, before.answer,
                                         tuple(sorted(before.options)))
        assert (after.hint, after.explanation) == (hint, before.explanation)
        assert after.type == (before.type if before.type.islower() and " " not in before.type else after.type)


# --- Quizlet's paste-in text ----------------------------------------------------------------------------------


_side = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=25).filter(lambda s: s.split())


@given(st.lists(st.tuples(_side, _side), min_size=1, max_size=6, unique_by=lambda card: same_text(card[0])))
def test_quizlet_text_reads_back_to_the_same_cards_whatever_their_characters(cards):
    questions = [Question(id=str(n), kind="fill", prompt=front, options=(), answer=back, accepted=(), type="card",
                          hint=None, source=Source("x", 1, front)) for n, (front, back) in enumerate(cards)]
    text = export_text(questions, "quizlet", None)
    assert text.count("\n") == len(cards) and all(line.count("\t") >= 1 for line in text.splitlines())
    again = parse(text, "cards.txt").questions
    assert [(q.prompt, q.answer) for q in again] == [(same_text(f), same_text(b)) for f, b in cards]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_pack_as_quizlet_text_reads_back_to_its_questions_and_answers(path):
    questions = questions_of(path)
    again = parse(export_text(questions, "quizlet", None), "x.txt").questions
    assert [(q.prompt, q.answer) for q in again] == [(same_text(q.prompt), same_text(q.answer)) for q in questions]


# --- GIFT (its own round trips are in test_gift.py): the command's new options ----------------------------------


def test_export_writes_to_a_file_with_o_and_says_how_many(tmp_path):
    out = tmp_path / "stations.gift"
    result = orbitquiz("export", str(ROOT / "questions" / "space-stations.csv"), "--to", "gift", "-o", str(out),
                       home=tmp_path)
    assert result.returncode == 0 and result.stdout == b""
    questions = questions_of(ROOT / "questions" / "space-stations.csv")
    assert f"{len(questions)} questions written to".encode() in result.stderr
    again = parse(out.read_text(encoding="utf-8"), "again.gift").questions
    assert [q.prompt for q in again] == [q.prompt for q in questions]


# --- Moodle XML -----------------------------------------------------------------------------------------------

MOODLE_TYPES = {"category", "multichoice", "truefalse", "shortanswer", "numerical", "matching"}


def moodle_import(text: str) -> list[dict]:
    """What qformat_xml's import reads of each question (question/format/xml/format.php), checked as it checks:
    <quiz> holds <question type=...>; every question has a <name><text> (its 'xmlimportnoname' error) and a
    <questiontext><text>; answers carry a numeric fraction attribute and a <text>; a single-answer multichoice
    needs a full-marks answer; true/false answers are the words 'true' and 'false'; numerical answers carry a
    <tolerance>."""
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    found = []
    for element in root.findall("question"):
        kind = element.get("type")
        assert kind in MOODLE_TYPES, kind
        if kind == "category":
            assert element.findtext("category/text", "").startswith("$course$/top/")
            continue
        name = element.findtext("name/text")
        assert name and name.strip() and len(name) <= 255
        assert element.find("questiontext").get("format") == "html"
        question = {"type": kind, "prompt": html_text(element.findtext("questiontext/text")),
                    "explanation": html_text(element.findtext("generalfeedback/text", "")) or None,
                    "hint": html_text(element.findtext("hint/text", "")) or None, "answers": []}
        if kind == "matching":
            # import_match: each subquestion's text (HTML) and its answer's text (plain); Moodle needs two or more
            # with a text, and one with none is an extra answer to choose from.
            subs = [(html_text(sub.findtext("text", "")), sub.findtext("answer/text")) for sub in
                    element.findall("subquestion")]
            assert all(match for _, match in subs) and sum(bool(item) for item, _ in subs) >= 2
            question["pairs"] = [(item, match) for item, match in subs if item]
            question["extra"] = [match for item, match in subs if not item]
            found.append(question)
            continue
        for answer in element.findall("answer"):
            credit = float(answer.get("fraction")) / 100
            assert -1 <= credit <= 1
            raw = answer.findtext("text")
            assert raw is not None
            text = html_text(raw) if answer.get("format") == "html" else raw
            feedback = html_text(answer.findtext("feedback/text", "")) or None
            entry = {"text": text, "credit": credit, "feedback": feedback}
            if kind == "numerical":
                entry["tolerance"] = float(answer.findtext("tolerance"))
            question["answers"].append(entry)
        assert question["answers"], "Moodle imports no question without answers"
        if kind == "multichoice":
            assert element.findtext("single") in ("true", "false")
            if element.findtext("single") == "true":
                assert max(a["credit"] for a in question["answers"]) == 1.0
            else:  # Moodle's rule for several answers: the positive grades add up to 100%
                assert round(sum(a["credit"] for a in question["answers"] if a["credit"] > 0), 2) == 1.0
        if kind == "truefalse":
            assert sorted(a["text"] for a in question["answers"]) == ["false", "true"]
        if kind == "shortanswer":
            assert element.findtext("usecase") in ("0", "1")
        found.append(question)
    return found


def visible_in_xml(q: Question) -> Question:
    """The question as XML can hold it: its control characters as their pictures (checked on its own below)."""
    def safe(text):
        return None if text is None else xml_safe(text)

    keys = tuple(dataclasses.replace(k, text=safe(k.text), feedback=safe(k.feedback), pattern=safe(k.pattern))
                 for k in q.keys)
    return dataclasses.replace(q, id=safe(q.id), prompt=safe(q.prompt), options=tuple(map(safe, q.options)),
                               answer=safe(q.answer), accepted=tuple(map(safe, q.accepted)), hint=safe(q.hint),
                               explanation=safe(q.explanation), keys=keys,
                               pairs=tuple((safe(a), safe(b)) for a, b in q.pairs))


def test_control_characters_go_to_moodle_xml_as_their_pictures():
    q = Question("a\x08b", "fill", "Bell\x07 and\x00 nul?", (), "x\x1by", (), "t", None, Source("x", 1, ""))
    text = export_text([q], "moodle-xml", None)
    root = ET.fromstring(text)  # well-formed: XML 1.0 has no place for these characters
    question = root.findall("question")[1]
    assert question.findtext("name/text") == "a␈b" and "Bell␇ and␀ nul?" in question.findtext("questiontext/text")
    assert question.findtext("answer/text") == "x␛y"


def expected_answers(q: Question) -> list[dict]:
    """What each question's answers are in Moodle's terms: the same credits and feedback orbitquiz grades by."""
    if q.kind == "multi":
        credits = {k.text: k for k in q.keys}
        return [{"text": shows(option), "credit": credits[option].credit if option in credits else 0.0,
                 "feedback": credits[option].feedback if option in credits else None} for option in q.options]
    if q.kind == "choice":
        if set(q.options) == {"True", "False"}:
            options = ["True", "False"]
        else:
            options = list(q.options)
        out = []
        for option in options:
            key = next((k for k in q.keys if k.text == option), None)
            credit = key.credit if key else (1.0 if option == q.answer else 0.0)
            text = option.lower() if set(q.options) == {"True", "False"} else shows(option)
            out.append({"text": text, "credit": credit, "feedback": key.feedback if key else None})
        return out
    if q.keys and all(k.low is not None for k in q.keys):
        return [{"text": "*" if k.low == float("-inf") else str((k.low + k.high) / 2).removesuffix(".0"),
                 "credit": k.credit, "feedback": k.feedback,
                 "tolerance": 0.0 if k.low == float("-inf") else (k.high - k.low) / 2} for k in q.keys]
    out = [{"text": t.replace("*", "\\*"), "credit": 1.0, "feedback": None} for t in dict.fromkeys((q.answer,
                                                                                                  *q.accepted))]
    texts = set()
    for key in q.keys:
        if key.pattern is None and key.text in texts:
            continue  # grading finds the first key of a text: a repeat is never reached, nor written
        texts.add(key.text)
        text = key.pattern if key.pattern is not None else key.text.replace("*", "\\*")
        entry = {"text": text, "credit": key.credit, "feedback": key.feedback}
        same = next((e for e in out if e["text"] == text and e["credit"] == 1.0 and e["feedback"] is None), None)
        if same is not None and key.pattern is None:
            same.update(entry)
        else:
            out.append(entry)
    return out


def shows(text: str) -> str:
    """What Moodle shows of a text orbitquiz wrote as HTML (html_of), read back as the GIFT reader reads HTML. That
    it is the text as written, markup and all, is checked on examples (test_moodle_xml_types_...)."""
    return html_text(html_of(text))


def check_moodle(questions: list[Question]) -> None:
    questions = [visible_in_xml(q) for q in questions]
    imported = moodle_import(export_text(questions, "moodle-xml", "A pack"))
    assert len(imported) == len(questions)
    for q, got in zip(questions, imported, strict=True):
        assert got["prompt"] == shows(q.prompt)
        assert got["explanation"] == (shows(q.explanation) or None if q.explanation else None)
        assert got["hint"] == (shows(q.hint) or None if q.hint else None)
        if q.kind == "match":
            assert got["type"] == "matching" and got["pairs"] == [(shows(item), match) for item, match in q.pairs]
            assert sorted([*(m for _, m in q.pairs), *got["extra"]]) == sorted([*(m for _, m in q.pairs),
                                                                            *(o for o in q.options if o not in
                                                                              {m for _, m in q.pairs})])
            continue
        want = expected_answers(q)
        for answer in want:
            if answer["feedback"] is not None:
                answer["feedback"] = shows(answer["feedback"]) or None
        # Fractions are written to 7 decimals of a percent, as Moodle's own export has them: compared to 5.
        for answer in (*got["answers"], *want):
            answer["credit"] = round(answer["credit"] * 100, 5)
        assert sorted(got["answers"], key=json.dumps) == sorted(want, key=json.dumps)


@settings(max_examples=100)
@given(gift_questions())
def test_any_questions_gift_holds_go_to_moodle_xml_as_moodle_imports_them(questions):
    check_moodle(questions)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_pack_as_moodle_xml_holds_its_questions_as_moodle_imports_them(path):
    check_moodle(questions_of(path))


def test_moodle_xml_types_fractions_and_feedback():
    source = Source("x", 1, "")
    questions = [
        Question("tf", "choice", "The Sun is a star.", ("True", "False"), "True", (), "t", None, source,
                 keys=(AnswerKey(text="False", credit=0.0, feedback="It is."),)),
        Question("mc", "choice", "Pick <b>one</b> & see", ("Paris", "Lyon", "Nice"), "Paris", (), "t", "A hint",
                 source, explanation="Paris is the capital.",
                 keys=(AnswerKey(text="Lyon", credit=0.5, feedback="Close"),)),
        Question("num", "fill", "Year?", (), "1961", (), "t", None, source,
                 keys=(AnswerKey(low=1960.0, high=1962.0), AnswerKey(low=1950.0, high=1970.0, credit=0.25))),
        Question("sa", "fill", "Who flew first?", (), "Gagarin", ("Yuri Gagarin",), "t", None, source,
                 keys=(AnswerKey(pattern="*cosmonaut*", credit=0.1, feedback="Name him"),)),
    ]
    text = export_text(questions, "moodle-xml", "T")
    root = ET.fromstring(text)
    kinds = [q.get("type") for q in root.findall("question")]
    assert kinds == ["category", "truefalse", "multichoice", "numerical", "shortanswer"]
    mc = root.findall("question")[2]
    assert [(a.get("fraction"), a.findtext("text")) for a in mc.findall("answer")] == [
        ("100", "Paris"), ("50", "Lyon"), ("0", "Nice")]
    assert mc.findtext("questiontext/text") == "Pick &lt;b&gt;one&lt;/b&gt; &amp; see"  # shown as written
    numerical = root.findall("question")[3]
    assert [(a.findtext("text"), a.findtext("tolerance"), a.get("fraction")) for a in numerical.findall("answer")] \
        == [("1961", "1", "100"), ("1960", "10", "25")]
    short = root.findall("question")[4]
    assert [(a.findtext("text"), a.get("fraction")) for a in short.findall("answer")] == [
        ("Gagarin", "100"), ("Yuri Gagarin", "100"), ("*cosmonaut*", "10")]
    check_moodle(questions)


# --- Anki -----------------------------------------------------------------------------------------------------


def notes_of(apkg: bytes, folder: Path) -> tuple[list[tuple[str, list[str], str, int]], dict, dict]:
    """The notes (guid, fields, tags, model id), decks and models of an .apkg, read with sqlite3."""
    with zipfile.ZipFile(__import__("io").BytesIO(apkg)) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", folder)
    connection = sqlite3.connect(folder / "collection.anki2")
    try:
        notes = [(guid, fields.split("\x1f"), tags.strip(), mid) for guid, fields, tags, mid in
                 connection.execute("SELECT guid, flds, tags, mid FROM notes ORDER BY id")]
        decks, models = connection.execute("SELECT decks, models FROM col").fetchone()
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        connection.close()
    assert cards == len(notes)
    return notes, json.loads(decks), json.loads(models)


def test_the_anki_deck_holds_one_note_a_question_with_its_text(tmp_path):
    path = ROOT / "questions" / "space-stations.csv"
    pack = load_pack(path)
    questions = generate(pack, 0)
    out = tmp_path / "stations.apkg"
    result = orbitquiz("export", str(path), "--to", "anki", "-o", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    notes, decks, models = notes_of(out.read_bytes(), tmp_path / "a")
    assert [[html_text(field) if field else "" for field in fields] for _, fields, _, _ in notes] == [
        [same_text(q.prompt), "\n".join(q.options) if q.kind == "choice" else "", q.answer,
         same_text(q.explanation or "")] for q in questions]
    assert {tags for _, _, tags, _ in notes} == {q.type for q in questions}
    assert {mid for *_, mid in notes} == {MODEL_ID} and str(MODEL_ID) in models
    assert decks[str(deck_id("space-stations"))]["name"] == pack.title


def test_an_export_again_keeps_every_id_so_anki_updates_the_notes(tmp_path):
    questions = questions_of(ROOT / "questions" / "space-stations.csv")
    first, _, _ = notes_of(export_deck(questions, "space-stations", "Space stations"), tmp_path / "a")
    edited = [questions[0].__class__(**{**{f: getattr(questions[0], f) for f in questions[0].__slots__},
                                        "answer": "Salyut One"}), *questions[1:]]
    again, decks, _ = notes_of(export_deck(edited, "space-stations", "Space stations"), tmp_path / "b")
    assert [guid for guid, *_ in again] == [guid for guid, *_ in first]  # same notes: Anki updates them
    assert again[0][1][2] == "Salyut One"
    other, other_decks, _ = notes_of(export_deck(questions, "other-pack", "Other"), tmp_path / "c")
    assert not {guid for guid, *_ in other} & {guid for guid, *_ in first}  # another pack: other notes
    assert str(deck_id("space-stations")) in decks and str(deck_id("other-pack")) in other_decks
    assert deck_id("space-stations") != deck_id("other-pack")


def test_markup_in_a_question_is_shown_as_written_in_anki(tmp_path):
    q = Question("q", "fill", "What is <b>bold</b> & [red]?", (), "<i>", (), "a b", None, Source("x", 1, ""))
    [(_, fields, tags, _)] = notes_of(export_deck([q], "p", "P"), tmp_path)[0]
    assert fields[0] == "What is &lt;b&gt;bold&lt;/b&gt; &amp; [red]?" and fields[2] == "&lt;i&gt;"
    assert tags == ""  # "a b" is no Anki tag


def test_an_anki_export_without_o_says_to_give_a_file(tmp_path):
    result = orbitquiz("export", str(ROOT / "seeds" / "first-film.md"), "--to", "anki", home=tmp_path)
    assert result.returncode == 2 and b"add -o FILE.apkg" in result.stderr and result.stdout == b""


# --- choose-all-that-apply and matching ---------------------------------------------------------------------------

SELECTIONS = ("Which are continents? {\n  ~%50%Africa#Yes.\n  ~%50%Asia\n  ~%-100%China#A country.\n}\n\n"
              "::capitals:: Match the capitals. {\n  =Canada -> Ottawa\n  =Italy -> Rome\n  = -> Sydney\n}\n")


def test_choose_all_and_matching_go_to_moodle_xml_as_moodle_imports_them():
    questions = parse(SELECTIONS, "x.gift").questions
    check_moodle(list(questions))
    root = ET.fromstring(export_text(questions, "moodle-xml", "T"))
    multi, match = root.findall("question")[1:]
    assert (multi.get("type"), multi.findtext("single")) == ("multichoice", "false")
    assert [(a.get("fraction"), a.findtext("text")) for a in multi.findall("answer")] == [
        ("50", "Africa"), ("50", "Asia"), ("-100", "China")]
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in match.findall("subquestion")] == [
        ("Canada", "Ottawa"), ("Italy", "Rome"), ("", "Sydney")]


def test_csv_leaves_out_what_it_cannot_hold_and_says_so_at_each_question(tmp_path):
    pack = tmp_path / "sel.gift"
    pack.write_text(SELECTIONS + "\nOk? {=yes ~no}\n", encoding="utf-8")
    result = orbitquiz("export", str(pack), "--to", "csv", home=tmp_path)
    assert result.returncode == 0
    assert [line.split(": warning: ")[0].rsplit(":", 2)[1:] for line in result.stderr.decode().splitlines()] == [
        ["1", "1"], ["7", "1"]]
    assert "choose-all-that-apply" in result.stderr.decode() and "matching" in result.stderr.decode()
    assert [q.prompt for q in parse(result.stdout.decode(), "x.csv").questions] == ["Ok?"]


def test_quizlet_and_anki_hold_both_kinds_as_a_question_and_its_answer(tmp_path):
    questions = parse(SELECTIONS, "x.gift").questions
    cards = parse(export_text(questions, "quizlet", None), "x.txt").questions
    assert [(c.prompt, c.answer) for c in cards] == [("Which are continents?", "Africa, Asia"),
                                                     ("Match the capitals.", "Canada → Ottawa; Italy → Rome")]
    notes, _, _ = notes_of(export_deck(questions, "sel", "Sel"), tmp_path)
    assert [html_text(fields[2]) for _, fields, _, _ in notes] == ["Africa, Asia", "Canada → Ottawa; Italy → Rome"]
    assert [html_text(fields[1]) for _, fields, _, _ in notes] == [
        "\n".join(questions[0].options), "Canada\nItaly\nMatches: Ottawa, Rome, Sydney"]
