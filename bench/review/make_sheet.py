"""Make a blind-review sheet: generated and teacher questions about the same facts, mixed so none can be told apart.

    python bench/review/make_sheet.py --seed N --per-article K --out DIR

For each article in bench/review/articles/ (tagged Markdown) and its teacher's questions in
bench/review/teacher/<slug>.json, K facts are drawn at random (seeded) among those the generator asks about too;
each gives two items of the same kind, the generator's question and the teacher's, the kinds alternating from
fact to fact. All items are shuffled together (seeded) and written as

    DIR/sheet.md         numbered items: article title, question, options or "(typed answer)", expected answer
    DIR/key.json         item number -> {"source": "generated"|"teacher", "article", "kind", "fact": {line, answer}}
    DIR/articles/*.md    the articles as plain prose (tags and front matter removed), for checking facts
    DIR/ratings.json     a blank rating for every item, for the reviewer to fill in
    DIR/reviewer_instructions.md   a copy of what the reviewer is told

Both sources are shown the same way: only the stem, the options (in a fresh seeded order, so the right answer's
place tells nothing) and the expected answer. Hints and other accepted answers are left out, as only one side has
them in a form the other does not. Exit status 2, with path: message, for a teacher file that does not match its
article.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from orbitquiz import PackError, generate, load_pack
from orbitquiz.model import Fact, Kind, Question
# The reader's own tokeniser, so that the plain copy drops exactly the spans the reader reads as facts.
from orbitquiz.readers.tagged import TOKEN

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
TEACHER = HERE / "teacher"
KINDS: tuple[Kind, Kind] = ("choice", "fill")
LETTERS = "ABCDEFGH"
#: Words that would tell a reviewer who wrote an item; no item may contain them.
TELLING = re.compile(r"generat\w*|teacher\w*", re.IGNORECASE)


class KitError(Exception):
    """Material of the kit that cannot make a fair sheet; the message starts with the file's path."""


@dataclass(frozen=True)
class Item:
    """One question on the sheet, with what the key needs to know about it."""

    source: str  # "generated" | "teacher"
    article: str  # the article's slug
    title: str
    line: int  # the fact's line in the article
    fact: str  # the fact's tagged text
    kind: Kind
    stem: str
    options: tuple[str, ...]  # empty for a typed answer
    answer: str


def build_items(seed: int, per_article: int, articles: Path = ARTICLES, teacher: Path = TEACHER) -> list[Item]:
    """Every article's pairs of items, all shuffled together; the same arguments always give the same list."""
    items: list[Item] = []
    for path in sorted(articles.glob("*.md")):
        items.extend(_article_items(path, teacher / f"{path.stem}.json", seed, per_article))
    random.Random(f"{seed}:sheet").shuffle(items)
    return items


def _article_items(path: Path, teacher_path: Path, seed: int, per_article: int) -> list[Item]:
    try:
        pack = load_pack(path)
    except PackError as error:
        raise KitError(str(error)) from None
    by_teacher = _teacher_questions(teacher_path, pack.facts)
    by_generator: dict[int, dict[str, Question]] = {}  # fact index -> kind -> the generator's question
    where = {fact.source: i for i, fact in enumerate(pack.facts)}  # a fact's Source is its questions' Source
    for question in generate(pack, seed=seed):
        if question.source in where:
            by_generator.setdefault(where[question.source], {})[question.kind] = question
    both = [i for i in range(len(pack.facts)) if i in by_generator and i in by_teacher]

    rng = random.Random(f"{seed}:{path.stem}")
    chosen = rng.sample(both, min(per_article, len(both)))
    first = rng.randrange(2)
    # A fact the generator asks in one kind only (too few wrong options: fill-in; an answer too long to type:
    # multiple choice) is asked in that kind; the others even the kinds out, alternating where they are even.
    forced = {i: next(iter(by_generator[i])) for i in chosen if len(by_generator[i]) == 1}
    counts = Counter(forced.values())
    items = []
    for n, i in enumerate(chosen):
        fact = pack.facts[i]
        if i in forced:
            kind = forced[i]
        else:
            alternate = KINDS[(first + n) % 2]
            kind = min(KINDS, key=lambda k: (counts[k], k != alternate))
            counts[kind] += 1
        machine, teacher = by_generator[i][kind], by_teacher[i][kind]
        common = dict(article=path.stem, title=pack.title, line=fact.source.line, fact=fact.answer, kind=kind)
        items.append(Item("generated", stem=machine.prompt, options=_shuffled(machine.options, rng),
                          answer=machine.answer, **common))
        items.append(Item("teacher", stem=teacher["stem"], options=_shuffled(teacher.get("options", ()), rng),
                          answer=teacher["answer"], **common))
    for item in items:
        if word := TELLING.search(" ".join((item.stem, *item.options, item.answer))):
            where = f"{path}:{item.line}" if item.source == "generated" else f"{teacher_path}: line {item.line}"
            raise KitError(f"{where}: a question about {item.fact!r} says {word.group()!r}, which the sheet must "
                           "never say (it hints at who wrote an item) — reword it")
    return items


def _shuffled(options, rng: random.Random) -> tuple[str, ...]:
    options = list(options)
    rng.shuffle(options)
    return tuple(options)


def _teacher_questions(path: Path, facts: tuple[Fact, ...]) -> dict[int, dict[str, dict]]:
    """The teacher's questions by fact index; KitError for an entry that names no fact or is malformed."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KitError(f"{path}: no teacher's questions for this article — write them first") from None
    except json.JSONDecodeError as error:
        raise KitError(f"{path}:{error.lineno}:{error.colno}: {error.msg}") from None
    index: dict[tuple[int, str], int] = {}
    for i, fact in enumerate(facts):
        key = (fact.source.line, fact.answer)
        if key in index:  # a teacher's entry names a fact by line and text, so these must tell facts apart
            raise KitError(f"{fact.source.path}:{fact.source.line}:{fact.column}: a second {fact.answer!r} on this "
                           "line — put it on a line of its own so the teacher's questions can name it")
        index[key] = i
    questions: dict[int, dict[str, dict]] = {}
    for n, entry in enumerate(entries, 1):
        where = f"{path}: entry {n}"
        try:
            key = (entry["line"], entry["answer"])
            choice, fill = entry["choice"], entry["fill"]
            texts = (choice["stem"], choice["answer"], *choice["options"], fill["stem"], fill["answer"])
        except (KeyError, TypeError) as error:
            raise KitError(f"{where}: missing or malformed field {error} — see bench/review/README.md") from None
        if not all(isinstance(text, str) and text.strip() for text in texts):
            raise KitError(f"{where}: every stem, option and answer must be a non-empty string")
        if choice["answer"] not in choice["options"]:
            raise KitError(f"{where}: the multiple-choice answer {choice['answer']!r} is not among its options")
        if key not in index:
            raise KitError(f"{where}: line {key[0]} has no fact {key[1]!r} — use the line and text of a tagged span")
        if index[key] in questions:
            raise KitError(f"{where}: a second entry for line {key[0]} {key[1]!r}")
        questions[index[key]] = {"choice": choice, "fill": fill}
    return questions


def render_sheet(items: list[Item], seed: int) -> str:
    """The reviewer's sheet: every item laid out the same way, whoever wrote it."""
    articles = sorted({item.title for item in items})
    lines = ["# Question review sheet", "",
             f"{len(items)} questions (seed {seed}) about {len(articles)} articles, which are in the folder "
             "`articles/` next to this sheet. Rate every question as `reviewer_instructions.md` says.", ""]
    for number, item in enumerate(items, 1):
        lines += [f"## {number}", "", f"Article: {item.title}", f"Question: {_one_line(item.stem)}"]
        if item.options:
            lines.append("Options:")
            lines += [f"{letter}. {_one_line(option)}" for letter, option in zip(LETTERS, item.options)]
        else:
            lines.append("Options: (typed answer)")
        lines += [f"Expected answer: {_one_line(item.answer)}", ""]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def key_of(items: list[Item]) -> dict[str, dict]:
    return {str(number): {"source": item.source, "article": item.article, "kind": item.kind,
                          "fact": {"line": item.line, "answer": item.fact}}
            for number, item in enumerate(items, 1)}


def plain_article(text: str, title: str) -> str:
    """The article as a reader sees it: no front matter, every tag reduced to its text, the title on top."""
    body = text.replace("\r\n", "\n")
    if body.startswith("---\n"):
        end = body.find("\n---\n", 4)
        body = body[end + 5 :] if end >= 0 else body
    unescape = re.compile(r"\\(.)")

    def plain(match: re.Match) -> str:
        if match["escape"]:
            return match["escape"][1]
        if match["attrs"] is not None:
            return unescape.sub(r"\1", match["text"])
        return match.group()  # a link, or a bracket that is just a bracket

    body = TOKEN.sub(plain, body).strip()
    if not body.startswith(f"# {title}\n"):
        body = f"# {title}\n\n{body}"
    return body + "\n"


def write(out: Path, seed: int, per_article: int, articles: Path = ARTICLES, teacher: Path = TEACHER) -> list[Item]:
    items = build_items(seed, per_article, articles, teacher)  # everything is checked before anything is written
    (out / "articles").mkdir(parents=True, exist_ok=True)
    for path in sorted(articles.glob("*.md")):
        title = load_pack(path).title
        (out / "articles" / path.name).write_text(plain_article(path.read_text(encoding="utf-8"), title),
                                                   encoding="utf-8")
    (out / "sheet.md").write_text(render_sheet(items, seed), encoding="utf-8")
    (out / "key.json").write_text(json.dumps(key_of(items), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    blank = {str(number): {"rating": None, "guess": None, "why": ""} for number in range(1, len(items) + 1)}
    (out / "ratings.json").write_text(json.dumps(blank, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(HERE / "reviewer_instructions.md", out / "reviewer_instructions.md")
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True, help="draws the facts, the options and the order")
    parser.add_argument("--per-article", type=int, required=True, metavar="K", help="facts drawn from each article")
    parser.add_argument("--out", type=Path, required=True, help="folder for sheet.md, key.json and articles/")
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="folder of tagged articles (default: ours)")
    parser.add_argument("--teacher", type=Path, default=TEACHER, help="folder of teacher's <slug>.json files")
    args = parser.parse_args(argv)
    if args.per_article < 1:
        parser.error("--per-article must be at least 1")
    try:
        items = write(args.out, args.seed, args.per_article, args.articles, args.teacher)
    except KitError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{args.out / 'sheet.md'}: {len(items)} items; key in {args.out / 'key.json'} (keep it from the reviewer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
