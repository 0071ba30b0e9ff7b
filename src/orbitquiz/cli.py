"""The command line: ``orbitquiz [COMMAND]``. A thin face over the core; the game itself is in ``tui``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence

from pathlib import Path

from orbitquiz import generate, load_pack
from orbitquiz.game import Mode
from orbitquiz.model import PackError, Question


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orbitquiz", description="A trivia game made from facts tagged in articles.")
    parser.add_argument("--data-dir", type=Path, help="where scores are kept (default: $ORBITQUIZ_HOME or the "
                        "user data folder)")
    parser.add_argument("--packs", type=Path, action="append", default=[], metavar="DIR",
                        help="another folder of packs (may be repeated)")
    parser.set_defaults(run=_play)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="start a round straight away")
    play.add_argument("pack", nargs="?", metavar="PACK", help="a pack's name or a file's path")
    play.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.CLASSIC.value)
    play.add_argument("--seed", type=int, help="the same seed gives the same round")
    play.add_argument("--questions", type=int, metavar="K", help="questions in a classic or review round")
    play.add_argument("--player", help="who is playing (default: the last player)")
    play.set_defaults(run=_play)

    stats = commands.add_parser("stats", help="print your history, accuracy and streaks")
    stats.add_argument("--player", help="whose stats (default: the last player)")
    stats.set_defaults(run=_stats)

    preview = commands.add_parser("questions", help="show the questions a pack produces")
    preview.add_argument("path", metavar="PATH", help="a pack file, e.g. seeds/first-film.md")
    preview.add_argument("--seed", type=int, default=0, help="the seed that picks wrong options (default 0)")
    preview.add_argument("--json", action="store_true", help="print the questions as a JSON list")
    preview.set_defaults(run=_questions)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `orbitquiz questions x.md | head` is fine
        sys.stderr.close()
        return 0


def _play(args: argparse.Namespace) -> int:
    from orbitquiz.tui.app import OrbitQuizApp, StartRequest  # Textual loads only for the game itself

    start = None
    if args.command == "play":
        if args.questions is not None and args.questions < 1:
            print("orbitquiz: --questions must be at least 1", file=sys.stderr)
            return 2
        start = StartRequest(args.pack, Mode(args.mode), args.seed, args.questions)
    OrbitQuizApp(args.data_dir, args.packs, start, getattr(args, "player", None)).run()
    return 0


def _stats(args: argparse.Namespace) -> int:
    from orbitquiz.play import local_today
    from orbitquiz.store import Store, StoreError

    try:
        with Store.open(args.data_dir) as store:
            name = args.player or store.get_setting("last_player")
            player = store.find_player(name) if name else None
            if player is None:
                print(f"orbitquiz: no rounds played by {name!r} yet" if name else "orbitquiz: no player yet",
                      file=sys.stderr)
                return 1
            print(stats_text(name, store.stats(player, local_today())))
    except StoreError as error:
        print(f"orbitquiz: {error}", file=sys.stderr)
        return 1
    return 0


def stats_text(player: str, stats) -> str:
    """The stats screen's figures as plain text, for scripts."""
    lines = [f"player: {player}",
             f"daily streak: {stats.daily.current} (best {stats.daily.best})",
             f"best answer streak: {stats.best_streak}", "", "pack\trounds\tbest\tbest streak\tscores"]
    lines += [f"{p.pack}\t{p.rounds}\t{p.best_score}\t{p.best_streak}\t{' '.join(map(str, p.scores))}"
              for p in stats.packs]
    lines += ["", "type\tanswered\tright\taccuracy"]
    lines += [f"{a.type}\t{a.answered}\t{a.correct}\t{a.accuracy:.0%}" for a in stats.accuracy]
    return "\n".join(lines)


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
