"""The blind-review kit (bench/review/): its articles and teacher questions, the sheet it makes and the scores it gives.

The sheet is what a reviewer sees, so the tests read it back as text: nothing in it may say, or give away by its
layout, which items the generator wrote; and every fact is asked once by each side, about the same fact.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitquiz import generate, load_pack

REVIEW = Path(__file__).resolve().parent.parent / "bench" / "review"
ARTICLES = sorted((REVIEW / "articles").glob("*.md"))
SLUGS = [path.stem for path in ARTICLES]


@functools.cache
def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"review_{name}", REVIEW / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REVIEW / script), *args], capture_output=True, text=True, timeout=120)


def _teacher(slug: str) -> list[dict]:
    return json.loads((REVIEW / "teacher" / f"{slug}.json").read_text(encoding="utf-8"))


def _generated(slug: str, seed: int) -> dict[tuple[int, str], dict[str, object]]:
    """The generator's questions by fact (line, tagged text) and kind: a fact's questions share its Source."""
    pack = load_pack(REVIEW / "articles" / f"{slug}.md")
    facts = {fact.source: (fact.source.line, fact.answer) for fact in pack.facts}
    questions: dict[tuple[int, str], dict[str, object]] = {}
    for question in generate(pack, seed=seed):
        questions.setdefault(facts[question.source], {})[question.kind] = question
    return questions


def _items(sheet: str) -> dict[int, str]:
    """The sheet's items by number: the text under each "## N" heading."""
    parts = re.split(r"^## (\d+)\n", sheet, flags=re.MULTILINE)
    return {int(number): body for number, body in zip(parts[1::2], parts[2::2])}


def _labels(body: str) -> list[str]:
    """An item's layout: its labelled lines and option lines with the text taken out."""
    layout = []
    for line in body.splitlines():
        if match := re.match(r"([A-Z][a-z ]*):", line):
            layout.append(match.group(1))
        elif re.match(r"[A-D]\. ", line):
            layout.append("option")
    return layout


# The kit's own material ------------------------------------------------------------------------------------------


def test_there_are_three_articles():
    assert len(ARTICLES) == 3


@pytest.mark.parametrize("path", ARTICLES, ids=SLUGS)
def test_each_article_is_a_teachers_article_that_checks_clean(path, tmp_path):
    env = {**os.environ, "ORBITQUIZ_HOME": str(tmp_path)}  # nothing of the user's is read or written
    check = subprocess.run([sys.executable, "-m", "orbitquiz", "check", str(path)], capture_output=True, text=True,
                           env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors, 0 warnings" in check.stdout
    pack = load_pack(path)
    assert 15 <= len(pack.facts) <= 25
    assert not any(fact.ask for fact in pack.facts), "ask= would replace the generator's own stems"
    prose = _module("make_sheet").plain_article(path.read_text(encoding="utf-8"), pack.title)
    words = len(re.findall(r"\w[\w'’.,-]*", prose))
    assert 350 <= words <= 600, words


@pytest.mark.parametrize("slug", SLUGS)
def test_the_teacher_asks_about_every_tagged_fact_once(slug):
    pack = load_pack(REVIEW / "articles" / f"{slug}.md")
    teacher = _teacher(slug)
    assert sorted((entry["line"], entry["answer"]) for entry in teacher) == sorted(
        (fact.source.line, fact.answer) for fact in pack.facts)
    for entry in teacher:
        choice, fill = entry["choice"], entry["fill"]
        assert len(choice["options"]) == 4 and len(set(choice["options"])) == 4, entry
        assert choice["answer"] in choice["options"], entry
        assert choice["stem"].strip() and fill["stem"].strip() and fill["answer"].strip(), entry
        assert isinstance(fill["accepted"], list), entry


# make_sheet.py ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheet_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    made = _run("make_sheet.py", "--seed", "7", "--per-article", "6", "--out", str(out))
    assert made.returncode == 0, made.stderr
    return out


def test_the_sheet_never_says_who_wrote_an_item(sheet_dir):
    sheet = (sheet_dir / "sheet.md").read_text(encoding="utf-8")
    assert not re.search(r"generat|teacher|machine|human", sheet, re.IGNORECASE)
    key = json.loads((sheet_dir / "key.json").read_text(encoding="utf-8"))
    # No id or type of a generated question leaks into the sheet either.
    for slug in SLUGS:
        for question in generate(load_pack(REVIEW / "articles" / f"{slug}.md"), seed=7):
            assert question.id not in sheet and question.fact_id not in sheet
    assert {entry["source"] for entry in key.values()} == {"generated", "teacher"}
    # What the reviewer fills in: a blank for every item and nothing else.
    blank = json.loads((sheet_dir / "ratings.json").read_text(encoding="utf-8"))
    assert blank == {number: {"rating": None, "guess": None, "why": ""} for number in key}
    assert (sheet_dir / "reviewer_instructions.md").read_bytes() == (REVIEW / "reviewer_instructions.md").read_bytes()


def test_every_item_has_the_same_layout_whoever_wrote_it(sheet_dir):
    items = _items((sheet_dir / "sheet.md").read_text(encoding="utf-8"))
    key = json.loads((sheet_dir / "key.json").read_text(encoding="utf-8"))
    assert sorted(items) == sorted(int(number) for number in key) == list(range(1, len(items) + 1))
    layouts: dict[str, set[tuple[str, ...]]] = {"generated": set(), "teacher": set()}
    for number, body in items.items():
        labels = [label for label in _labels(body) if label != "option"]
        layouts[key[str(number)]["source"]].add(tuple(labels))
    assert layouts["generated"] == layouts["teacher"] == {("Article", "Question", "Options", "Expected answer")}
    typed = [body for body in items.values() if "(typed answer)" in body]
    chosen = [body for body in items.values() if re.search(r"^A\. ", body, re.MULTILINE)]
    assert typed and chosen and len(typed) + len(chosen) == len(items)


def test_each_fact_is_asked_once_by_each_side_in_the_same_kind(sheet_dir):
    items = _items((sheet_dir / "sheet.md").read_text(encoding="utf-8"))
    key = json.loads((sheet_dir / "key.json").read_text(encoding="utf-8"))
    pairs: dict[tuple, dict[str, int]] = {}
    for number, entry in key.items():
        fact = (entry["article"], entry["fact"]["line"], entry["fact"]["answer"])
        sides = pairs.setdefault(fact, {})
        assert entry["source"] not in sides, f"{fact} asked twice by the same side"
        sides[entry["source"]] = int(number)
    assert all(set(sides) == {"generated", "teacher"} for sides in pairs.values())
    per_article = {slug: sum(1 for fact in pairs if fact[0] == slug) for slug in SLUGS}
    assert per_article == {slug: 6 for slug in SLUGS}

    teacher = {(slug, e["line"], e["answer"]): e for slug in SLUGS for e in _teacher(slug)}
    generated = {(slug, *fact): questions for slug in SLUGS for fact, questions in _generated(slug, 7).items()}
    for fact, sides in pairs.items():
        slug, line, answer = fact
        gen_entry, teach_entry = key[str(sides["generated"])], key[str(sides["teacher"])]
        assert gen_entry["kind"] == teach_entry["kind"]
        kind = gen_entry["kind"]
        gen_body, teach_body = items[sides["generated"]], items[sides["teacher"]]
        title = load_pack(REVIEW / "articles" / f"{slug}.md").title
        assert f"Article: {title}\n" in gen_body and f"Article: {title}\n" in teach_body
        # The generated item is the generator's own question about this fact, the other the teacher's.
        question = generated[fact][kind]
        assert f"Question: {' '.join(question.prompt.split())}\n" in gen_body
        assert f"Expected answer: {question.answer}\n" in gen_body
        ours = teacher[fact][kind]
        assert f"Question: {ours['stem']}\n" in teach_body
        assert f"Expected answer: {ours['answer']}\n" in teach_body
        for body, options in ((gen_body, question.options), (teach_body, ours.get("options", ()))):
            shown = re.findall(r"^[A-D]\. (.*)$", body, re.MULTILINE)
            assert sorted(shown) == sorted(options)


def test_kinds_alternate_within_an_article(sheet_dir):
    key = json.loads((sheet_dir / "key.json").read_text(encoding="utf-8"))
    for slug in SLUGS:
        kinds = [e["kind"] for e in key.values() if e["article"] == slug and e["source"] == "teacher"]
        assert abs(kinds.count("choice") - kinds.count("fill")) <= 1, (slug, kinds)


def test_the_reviewers_articles_are_plain_prose_with_every_fact(sheet_dir):
    for slug in SLUGS:
        plain = (sheet_dir / "articles" / f"{slug}.md").read_text(encoding="utf-8")
        pack = load_pack(REVIEW / "articles" / f"{slug}.md")
        assert not re.search(r"\]\{|\{\.|distractors:|^---$", plain, re.MULTILINE)
        assert plain.startswith(f"# {pack.title}\n")
        for fact in pack.facts:
            assert fact.answer in plain
            # Each fact's own sentence reads the same without its tags.
            assert fact.source.sentence in " ".join(plain.split())


def test_the_same_seed_makes_the_same_sheet_and_another_seed_another(sheet_dir, tmp_path):
    again = _run("make_sheet.py", "--seed", "7", "--per-article", "6", "--out", str(tmp_path / "again"))
    other = _run("make_sheet.py", "--seed", "8", "--per-article", "6", "--out", str(tmp_path / "other"))
    assert again.returncode == other.returncode == 0, again.stderr + other.stderr
    for name in ("sheet.md", "key.json"):
        assert (tmp_path / "again" / name).read_bytes() == (sheet_dir / name).read_bytes()
        assert (tmp_path / "other" / name).read_bytes() != (sheet_dir / name).read_bytes()


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32), per_article=st.integers(1, 30))
def test_any_seed_pairs_every_fact_and_hides_the_source(seed, per_article):
    make_sheet = _module("make_sheet")
    items = make_sheet.build_items(seed, per_article)
    sheet = make_sheet.render_sheet(items, seed)
    assert not re.search(r"generat|teacher", sheet, re.IGNORECASE)
    by_fact: dict[tuple, list] = {}
    for item in items:
        by_fact.setdefault((item.article, item.line, item.fact), []).append(item)
    for pair in by_fact.values():
        assert sorted(item.source for item in pair) == ["generated", "teacher"]
        assert pair[0].kind == pair[1].kind
    for slug in SLUGS:
        asked = len(_generated(slug, seed))  # facts the generator asks about (the teacher asks about all)
        assert sum(1 for fact in by_fact if fact[0] == slug) == min(per_article, asked)


def test_make_sheet_refuses_a_teacher_entry_that_names_no_fact(tmp_path):
    teacher = tmp_path / "teacher"
    teacher.mkdir()
    broken = SLUGS[0]  # whichever articles the current round has
    for slug in SLUGS:
        entries = _teacher(slug)
        if slug == broken:
            line = entries[3]["line"]
            entries[3]["answer"] = "Streptococcus"  # tagged in no article of any round
        (teacher / f"{slug}.json").write_text(json.dumps(entries), encoding="utf-8")
    made = _run("make_sheet.py", "--seed", "1", "--per-article", "3", "--out", str(tmp_path / "out"),
                "--teacher", str(teacher), "--articles", str(REVIEW / "articles"))
    assert made.returncode == 2
    assert f"{broken}.json: entry 4: line {line} has no fact 'Streptococcus'" in made.stderr
    assert not (tmp_path / "out" / "sheet.md").exists()


def test_make_sheet_refuses_two_facts_it_could_not_tell_apart(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "teacher").mkdir()
    (tmp_path / "articles" / "twice.md").write_text(
        "---\ntitle: Twice\n---\nShe studied in [Oxford]{.city} and later taught in [Oxford]{.city} too.\n",
        encoding="utf-8")
    (tmp_path / "teacher" / "twice.json").write_text("[]", encoding="utf-8")
    made = _run("make_sheet.py", "--seed", "1", "--per-article", "3", "--out", str(tmp_path / "out"),
                "--teacher", str(tmp_path / "teacher"), "--articles", str(tmp_path / "articles"))
    assert made.returncode == 2, made.stdout
    assert f"{tmp_path / 'articles' / 'twice.md'}:4:52: a second 'Oxford' on this line" in made.stderr
    assert not (tmp_path / "out").exists()


def test_make_sheet_refuses_material_that_would_say_who_wrote_an_item(tmp_path):
    articles, teacher = tmp_path / "articles", tmp_path / "teacher"
    articles.mkdir()
    teacher.mkdir()
    # One fact the generator asks about, alone in its sentence, gets the telling word both in the article (just
    # before its span, so the generator's question about it says it) and in the teacher's stems about it; every
    # other item stays clean. The fact must not open its sentence, where the word would be capitalised, nor be
    # in a sentence another question shows before its own (that question would say the word too), and the
    # generator must still ask about it with the word in place (a word before a span can change what it asks).
    slug = SLUGS[0]
    facts, asked = load_pack(REVIEW / "articles" / f"{slug}.md").facts, _generated(slug, 1)

    def with_word(fact) -> str:
        lines = (REVIEW / "articles" / f"{slug}.md").read_text(encoding="utf-8").split("\n")
        row, at = fact.source.line - 1, fact.column - 1
        lines[row] = lines[row][:at] + "teacher " + lines[row][at:]
        return "\n".join(lines)

    def still_asked(fact) -> bool:
        probe = tmp_path / "probe" / f"{slug}.md"
        probe.parent.mkdir(exist_ok=True)
        probe.write_text(with_word(fact), encoding="utf-8")
        pack = load_pack(probe)
        source = next(f.source for f in pack.facts if (f.source.line, f.answer) == (fact.source.line, fact.answer))
        return any(question.source == source for question in generate(pack, seed=1))

    fact = next(f for f in facts if (f.source.line, f.answer) in asked
                and sum(g.source.sentence == f.source.sentence for g in facts) == 1
                and not f.source.sentence.startswith(f.answer)
                and not any(f.source.sentence[:40] in question.prompt for key, kinds in asked.items()
                            if key != (f.source.line, f.answer) for question in kinds.values())
                and still_asked(f))
    for name in SLUGS:
        text = (REVIEW / "articles" / f"{name}.md").read_text(encoding="utf-8")
        entries = _teacher(name)
        if name == slug:
            text = with_word(fact)
            entry = next(e for e in entries if (e["line"], e["answer"]) == (fact.source.line, fact.answer))
            entry["choice"]["stem"] += " (asked by a teacher)"
            entry["fill"]["stem"] += " (asked by a teacher)"
        (articles / f"{name}.md").write_text(text, encoding="utf-8")
        (teacher / f"{name}.json").write_text(json.dumps(entries), encoding="utf-8")
    made = _run("make_sheet.py", "--seed", "1", "--per-article", "25", "--out", str(tmp_path / "out"),
                "--teacher", str(teacher), "--articles", str(articles))
    assert made.returncode == 2, made.stdout
    line, about = fact.source.line, f"a question about {fact.answer!r} says"
    assert made.stderr.startswith((f"{articles / f'{slug}.md'}:{line}: {about} 'teacher'",
                                   f"{teacher / f'{slug}.json'}: line {line}: {about}")), made.stderr
    assert not (tmp_path / "out").exists()


# score.py --------------------------------------------------------------------------------------------------------


def _score(tmp_path: Path, key: dict, ratings: dict | str) -> subprocess.CompletedProcess:
    (tmp_path / "key.json").write_text(json.dumps(key), encoding="utf-8")
    text = ratings if isinstance(ratings, str) else json.dumps(ratings)
    (tmp_path / "ratings.json").write_text(text, encoding="utf-8")
    return _run("score.py", str(tmp_path / "key.json"), str(tmp_path / "ratings.json"))


def _key(sources: list[str]) -> dict:
    return {str(n): {"source": source, "article": "a", "kind": "fill", "fact": {"line": n, "answer": f"x{n}"}}
            for n, source in enumerate(sources, 1)}


def test_score_gives_the_figures_a_person_would_work_out(tmp_path):
    # Generated items rated 5, 4, 2, 3: mean 3.5, one of four (25%) rated <= 2, two of four (50%) rated >= 4.
    # Teacher items rated 5, 5, 4, 1: mean 3.75, 25% <= 2, 75% >= 4. Guesses: 5 of 8 right (62.5%).
    key = _key(["generated", "teacher", "generated", "teacher", "generated", "teacher", "generated", "teacher"])
    ratings = {
        "1": {"rating": 5, "guess": "teacher", "why": "reads well"},      # wrong guess
        "2": {"rating": 5, "guess": "teacher", "why": "clear"},           # right
        "3": {"rating": 4, "guess": "generated", "why": "a bit flat"},    # right
        "4": {"rating": 5, "guess": "generated", "why": "odd options"},   # wrong
        "5": {"rating": 2, "guess": "generated", "why": "ambiguous"},     # right
        "6": {"rating": 4, "guess": "teacher", "why": "fine"},            # right
        "7": {"rating": 3, "guess": "generated", "why": "blank is odd"},  # right
        "8": {"rating": 1, "guess": "generated", "why": "wrong answer"},  # wrong
    }
    scored = _score(tmp_path, key, ratings)
    assert scored.returncode == 1, scored.stdout + scored.stderr  # the targets are missed
    out = scored.stdout
    assert re.search(r"^generated\s+4\s+3\.50\s+1/4 \(25\.0%\)\s+2/4 \(50\.0%\)", out, re.MULTILINE), out
    assert re.search(r"^teacher\s+4\s+3\.75\s+1/4 \(25\.0%\)\s+3/4 \(75\.0%\)", out, re.MULTILINE), out
    assert "guesses right: 5/8 (62.5%)" in out
    verdict = out.strip().splitlines()[-1]
    assert verdict.startswith("verdict: targets missed")
    assert "mean 3.50 < 4.0" in verdict and "25.0% rated <= 2 > 10%" in verdict and "62.5% guessed > 60%" in verdict


def test_score_says_when_the_targets_are_met(tmp_path):
    # Ten generated items: nine rated 4 or 5 (mean (5*5 + 4*4 + 2) / 10 = 4.3), one rated 2 (10%, the limit).
    # Teacher items all 5. Guesses: 12 of 20 right (60%, the limit).
    sources = ["generated"] * 10 + ["teacher"] * 10
    gen_ratings = [5, 5, 5, 5, 5, 4, 4, 4, 4, 2]
    ratings = {}
    for n, source in enumerate(sources, 1):
        rating = gen_ratings[n - 1] if source == "generated" else 5
        right = n <= 12
        guess = source if right else ("teacher" if source == "generated" else "generated")
        ratings[str(n)] = {"rating": rating, "guess": guess, "why": "-"}
    scored = _score(tmp_path, _key(sources), ratings)
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert re.search(r"^generated\s+10\s+4\.30\s+1/10 \(10\.0%\)\s+9/10 \(90\.0%\)", scored.stdout, re.MULTILINE)
    assert "guesses right: 12/20 (60.0%)" in scored.stdout
    assert scored.stdout.strip().splitlines()[-1].startswith("verdict: targets met")


def test_score_names_what_is_wrong_with_bad_ratings(tmp_path):
    key = _key(["generated", "teacher", "generated"])
    broken = '{\n  "1": {"rating": 5, "guess": "teacher", "why": ""},\n  "2": {"rating": 5 "guess": "teacher"}\n}\n'
    scored = _score(tmp_path, key, broken)
    assert scored.returncode == 2
    assert f"{tmp_path / 'ratings.json'}:3:" in scored.stderr and "Expecting ','" in scored.stderr

    incomplete = {"1": {"rating": 6, "guess": "teacher", "why": ""}, "2": {"rating": 3, "guess": "robot", "why": ""}}
    scored = _score(tmp_path, key, incomplete)
    assert scored.returncode == 2
    assert "item 1: rating must be a whole number from 1 to 5, not 6" in scored.stderr
    assert "item 2: guess must be \"generated\" or \"teacher\", not \"robot\"" in scored.stderr
    assert "item 3: no rating" in scored.stderr
    assert scored.stdout == ""
