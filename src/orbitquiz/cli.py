"""The command line: ``orbitquiz [COMMAND]``. A thin face over the core; the game itself is in ``tui``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence

from orbitquiz import generate, load_pack
from orbitquiz.model import PackError, Question


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orbitquiz", description="A trivia game made from facts tagged in articles.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    preview = commands.add_parser("questions", help="show the questions a pack produces")
    preview.add_argument("path", metavar="PATH", help="a pack file, e.g. seeds/first-film.md")
    preview.add_argument("--seed", type=int, default=0, help="the seed that picks wrong options (default 0)")
    preview.add_argument("--json", action="store_true", help="print the questions as a JSON list")
    preview.set_defaults(run=_questions)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except BrokenPipeError:  # `orbitquiz questions x.md | head` is fine
        sys.stderr.close()
        return 0


def _questions(args: argparse.Namespace) -> int:
    try:
        pack = load_pack(args.path)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    for warning in pack.warnings:
        print(warning, file=sys.stderr)
    questions = generate(pack, args.seed)
    if args.json:
        json.dump([question_record(q) for q in questions], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(questions_table(questions, shutil.get_terminal_size().columns))
    return 0


def question_record(question: Question) -> dict:
    """The fields a teacher checks, as JSON-ready data."""
    return {
        "id": question.id,
        "kind": question.kind,
        "prompt": question.prompt,
        "options": list(question.options),
        "answer": question.answer,
        "accepted": list(question.accepted),
        "type": question.type,
        "hint": question.hint,
        "source": {"path": question.source.path, "line": question.source.line,
                   "sentence": question.source.sentence},
    }


def questions_table(questions: list[Question], width: int = 100) -> str:
    """One row per question: where it comes from, its kind and type, the prompt, the answer and the options."""
    width = max(width, 60)
    head = f"{'line':>5}  {'kind':<6}  {'type':<12}  "
    body_width = width - len(head)
    rows = [head + "question / answer", "-" * width]
    for q in questions:
        lines = textwrap.wrap(q.prompt, body_width) or [""]
        answer = f"= {q.answer}" + (f"   (also: {', '.join(q.accepted)})" if q.accepted else "")
        lines += textwrap.wrap(answer, body_width)
        if q.options:
            lines += textwrap.wrap("options: " + " | ".join(q.options), body_width)
        if q.hint:
            lines += textwrap.wrap(f"hint: {q.hint}", body_width)
        rows.append(f"{q.source.line:>5}  {q.kind:<6}  {q.type[:12]:<12}  {lines[0]}")
        rows += [" " * len(head) + line for line in lines[1:]]
    rows.append(f"{len(questions)} questions")
    return "\n".join(rows)
