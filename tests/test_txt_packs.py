"""Moodle names its Aiken and GIFT files ``.txt``: ``questions.aiken.txt``, ``questions.gift.txt``, and a plain
``.txt`` whose text is recognisably one of the two are read as such; other text files beside the packs are not
packs."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz.model import PackError
from orbitquiz.readers import load_pack, parse, sniff
from orbitquiz.readers.library import load_library, pack_files

AIKEN = "Which planet is closest to the Sun?\nA. Venus\nB)Mercury\nC. Mars\nANSWER: B\n"
GIFT = "// title: Firsts\n::Q1:: Who flew first? {=Gagarin ~Shepard}\n\nApollo 13 landed.{F}\n"


def same(a, b) -> bool:
    """The same questions, whichever file they were read from."""
    def strip(pack):
        return [dataclasses.replace(q, source=dataclasses.replace(q.source, path="")) for q in pack.questions]
    return strip(a) == strip(b)


@pytest.mark.parametrize(("name", "text", "like", "title"), [
    ("questions.aiken.txt", AIKEN, "x.aiken", "Questions"), ("QUESTIONS.AIKEN.TXT", AIKEN, "x.aiken", "QUESTIONS"),
    ("questions.gift.txt", GIFT, "x.gift", "Firsts"),
    ("planets.txt", AIKEN, "x.aiken", "Planets"), ("firsts.txt", GIFT, "x.gift", "Firsts"),
])
def test_moodles_txt_names_are_read_as_their_format(tmp_path, name, text, like, title):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    pack = load_pack(path)
    assert same(pack, parse(text, like)) and pack.title == title


def test_a_txt_file_that_is_neither_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Bring a pencil on Monday.\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert (info.value.line, info.value.column) == (1, 1)
    assert "cannot tell whether this .txt file is Aiken or GIFT" in info.value.message
    assert ".aiken.txt or .gift.txt" in info.value.message


def test_a_folder_lists_the_txt_packs_and_not_the_other_text_files(tmp_path):
    (tmp_path / "planets.txt").write_text(AIKEN, encoding="utf-8")
    (tmp_path / "firsts.gift.txt").write_text(GIFT, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Bring a pencil on Monday.\n", encoding="utf-8")
    (tmp_path / "README.txt").write_text(AIKEN, encoding="utf-8")
    assert [p.name for p in pack_files([tmp_path])] == ["firsts.gift.txt", "planets.txt"]
    assert [(e.name, e.broken) for e in load_library([tmp_path])] == [("firsts", False), ("planets", False)]


def test_check_of_a_folder_checks_its_txt_packs(tmp_path):
    (tmp_path / "planets.aiken.txt").write_text(AIKEN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Bring a pencil.\n", encoding="utf-8")
    env = {**os.environ, "ORBITQUIZ_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-m", "orbitquiz", "check", str(tmp_path)], capture_output=True,
                            text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout
    assert f"{tmp_path / 'planets.aiken.txt'}: ok — 1 questions" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 file checked: 0 errors, 0 warnings"


words = st.text(st.sampled_from("abcdefgh xyz?"), min_size=1, max_size=12).map(lambda t: " ".join(t.split())).filter(
    lambda t: t and t[0].islower())


@settings(max_examples=40)
@given(st.lists(st.tuples(words, st.lists(words, min_size=2, max_size=5, unique=True)), min_size=1, max_size=4))
def test_any_aiken_file_is_recognised_as_aiken(questions):
    text = "\n".join(f"{q}\n" + "".join(f"{chr(65 + i)}. {o}\n" for i, o in enumerate(opts)) + "ANSWER: A\n"
                     for q, opts in questions)
    assert sniff(text) == "aiken"


@settings(max_examples=40)
@given(st.lists(st.tuples(words, words, words), min_size=1, max_size=4))
def test_any_gift_file_is_recognised_as_gift(questions):
    text = "\n".join(f"{q} {{={right} ~{wrong}}}\n" for q, right, wrong in questions)
    assert sniff(text) == "gift"
