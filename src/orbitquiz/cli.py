"""The command line: ``orbitquiz [COMMAND]``. A thin face over the core; the game itself is in ``tui``."""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from orbitquiz import generate, load_pack
from orbitquiz.game import Mode, Rules, choose_questions
from orbitquiz.model import Pack, PackError, Question
from orbitquiz.plain import spreadsheet_cell, visible
from orbitquiz.words import plural


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orbitquiz", description="A trivia game made from facts tagged in articles.")
    parser.add_argument("--version", action=_Version, help="print orbitquiz's version and exit")
    parser.add_argument("--data-dir", type=Path, help="where scores are kept (default: $ORBITQUIZ_HOME or the "
                        "user data folder)")
    parser.add_argument("--packs", type=Path, action="append", default=[], metavar="DIR",
                        help="another folder of packs (may be repeated)")
    # What `orbitquiz serve --questions K --seconds S` fixes for every tab's game (not for a player to type).
    parser.add_argument("--class-questions", type=int, metavar="K", help=argparse.SUPPRESS)
    parser.add_argument("--class-seconds", type=int, metavar="S", help=argparse.SUPPRESS)
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
    preview.add_argument("path", metavar="PACK", help="a pack's name or a file's path, e.g. seeds/first-film.md")
    preview.add_argument("--seed", type=int, default=0, help="the seed that picks wrong options (default 0)")
    preview.add_argument("--json", action="store_true", help="print the questions as a JSON list")
    preview.add_argument("--round", action="store_true",
                         help="only the questions a round with this seed asks, in the order it asks them")
    preview.add_argument("--mode", choices=[m.value for m in Mode if m is not Mode.REVIEW], default=Mode.CLASSIC.value,
                         help="the round's mode, with --round (default classic)")
    preview.add_argument("--questions", type=int, metavar="K", help="questions in a classic round, with --round")
    preview.set_defaults(run=_questions)

    check = commands.add_parser("check", help="check pack files: every problem as path:line:column, exit 1 on errors")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="pack files, or folders of them")
    check.set_defaults(run=_check)

    export = commands.add_parser("export", help="write a pack in another format, to standard output or a file")
    export.add_argument("pack", metavar="PACK", help="a pack's name or a file's path")
    export.add_argument("--to", choices=["gift", "moodle-xml", "anki", "quizlet", "csv"], required=True,
                        help="the format: gift or moodle-xml (Moodle), anki (an .apkg deck, needs -o), quizlet "
                             "(its paste-in text), csv (orbitquiz's own)")
    export.add_argument("-o", "--output", type=Path, metavar="OUT", help="write to this file (default: standard "
                        "output)")
    export.add_argument("--seed", type=int, default=0, help="the seed that picks wrong options (default 0)")
    export.set_defaults(run=_export)

    suggest = commands.add_parser("suggest", help="propose tags for a plain article: a tagged article to review")
    suggest.add_argument("article", type=Path, metavar="ARTICLE", help="a plain text or Markdown article (UTF-8); "
                         "an article already tagged keeps its tags")
    suggest.add_argument("-o", "--output", type=Path, metavar="OUT.md", help="where to write the tagged article "
                         "(default: standard output; with --review, ARTICLE's name ending in .tagged.md)")
    suggest.add_argument("--review", action="store_true", help="accept, drop, retype or widen each suggested span "
                         "on a screen before the file is written")
    suggest.add_argument("--serve", action="store_true", help="with --review: open the review in a browser tab "
                         "instead (one tab at a time, on this computer unless --host says otherwise)")
    suggest.add_argument("--host", default="127.0.0.1", help="with --serve: the address to listen on")
    suggest.add_argument("--port", type=int, default=8000, help="with --serve: default 8000")
    suggest.set_defaults(run=_suggest)

    report = commands.add_parser("report", help="results per player and per question, from the local scores")
    report.add_argument("--pack", help="only this pack")
    report.add_argument("--player", help="only this player")
    report.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="only answers from this day on (UTC)")
    report.add_argument("--csv", action="store_true", help="one row per player and question, for a spreadsheet")
    view = report.add_mutually_exclusive_group()
    view.add_argument("--items", action="store_true", help="item analysis: per question and fact, how hard it is, "
                      "how well it separates strong from weak players, its options and wrong answers, and flags")
    view.add_argument("--html", type=Path, metavar="FILE", help="write the class's report as one HTML file")
    report.set_defaults(run=_report)

    packs = commands.add_parser("packs", help="list the packs and the folders they are found in")
    packs.set_defaults(run=_packs)

    serve = commands.add_parser("serve", help="play in browser tabs: each tab its own game, scores shared")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this "
                       "computer only; 0.0.0.0 lets the class's computers in)")
    serve.add_argument("--port", type=int, default=8000, help="default 8000")
    serve.add_argument("--max-sessions", type=int, default=40, metavar="N",
                       help="games at once; the next tab is told the game is full (default 40)")
    serve.add_argument("--pack", metavar="P", help="the pack a tab at / goes straight into (http://HOST:PORT/pack/"
                       "NAME opens any pack)")
    serve.add_argument("--public-url", metavar="URL", help="the https address of a proxy in front, e.g. "
                       "https://quiz.example.org: the page is also served there (default: $ORBITQUIZ_PUBLIC_URL)")
    serve.add_argument("--questions", type=int, metavar="K", help="fix the class's round length: every tab plays K "
                       "questions a round (classic and review) and cannot change it")
    serve.add_argument("--seconds", type=int, metavar="S", help="fix the class's timer: S seconds per question "
                       "(0: no timer) in every tab, which cannot change it")
    serve.add_argument("--max-connections", type=int, default=1000, metavar="N",
                       help="connections at once, games included; kept under the open-file limit (default 1000)")
    serve.add_argument("--start", choices=("fork", "spawn"), default="fork",
                       help="how each tab's game starts: fork (default: from a warm parent that has the game loaded "
                       "already; where the platform cannot fork, spawn) or spawn (a fresh process each)")
    serve.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="where scores are kept")
    serve.set_defaults(run=_serve)

    host = commands.add_parser("host", help="host a live class game: you pace it, the class answers on phones")
    host.add_argument("pack", nargs="?", metavar="PACK", help="a pack's name or a file's path (default: the first "
                      "pack `orbitquiz packs` lists)")
    host.add_argument("--questions", type=int, default=Rules().questions_per_round, metavar="K",
                      help=f"questions in the game (default {Rules().questions_per_round})")
    host.add_argument("--seconds", type=int, default=0, metavar="S",
                      help="seconds to answer each question (default 0: no time limit)")
    host.add_argument("--speed-points", action="store_true", help="add points for answering fast (off by default: "
                      "the game is scored on knowledge)")
    host.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this "
                      "computer only; 0.0.0.0 lets the class's phones and computers in)")
    host.add_argument("--port", type=int, default=8000, help="default 8000")
    host.add_argument("--max-players", type=int, default=100, metavar="N", help="players at most (default 100)")
    host.add_argument("--seed", type=int, help="the same seed asks the same questions")
    host.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="where scores are kept")
    host.set_defaults(run=_host)
    return parser


class _Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked for (start-up stays quick)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001 - argparse's own
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("orbitquiz")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "(not installed)"
        print(f"orbitquiz {number}")
        parser.exit()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-09-01") from None


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    """``parser``: one :func:`build_parser` made beforehand (the warm parent's, shared by the games it forks)."""
    args = (parser or build_parser()).parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `orbitquiz questions x.md | head` is fine
        sys.stderr.close()
        return 0


def _play(args: argparse.Namespace) -> int:
    from orbitquiz.settings import FixedSettings
    from orbitquiz.tui.app import OrbitQuizApp, StartRequest  # Textual loads only for the game itself

    start = None
    if args.command == "play":
        if args.questions is not None and args.questions < 1:
            print("orbitquiz: --questions must be at least 1", file=sys.stderr)
            return 2
        start = StartRequest(args.pack, Mode(args.mode), args.seed, args.questions)
    try:
        fixed = FixedSettings(args.class_questions, args.class_seconds)
    except ValueError as error:
        print(f"orbitquiz: {error}", file=sys.stderr)
        return 2
    OrbitQuizApp(args.data_dir, args.packs, start, getattr(args, "player", None), fixed).run()
    return 0


def _stats(args: argparse.Namespace) -> int:
    from orbitquiz.play import local_today
    from orbitquiz.store import Store, StoreError

    try:
        with Store.open(args.data_dir) as store:
            name = args.player or str(store.get_setting("last_player") or "")  # a name, as the game saved it
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
    lines = [f"player: {shown(player)}",
             f"daily streak: {stats.daily.current} (best {stats.daily.best})",
             f"best answer streak: {stats.best_streak}", "", "pack\trounds\tbest\tbest streak\tscores"]
    lines += [f"{shown(p.pack)}\t{p.rounds}\t{p.best_score}\t{p.best_streak}\t{' '.join(map(str, p.scores))}"
              for p in stats.packs]
    lines += ["", "type\tanswered\tright\taccuracy"]
    lines += [f"{shown(a.type)}\t{a.answered}\t{a.correct}\t{a.accuracy:.0%}" for a in stats.accuracy]
    return "\n".join(lines)


def _library_folders(args: argparse.Namespace) -> list[Path]:
    from orbitquiz.readers.library import library_folders
    from orbitquiz.store import default_data_dir

    return library_folders(args.data_dir or default_data_dir(), args.packs)


def _load(args: argparse.Namespace, pack: str) -> Pack | None:
    """A pack by name or path, its warnings printed; None (problems printed) if it is broken or unknown."""
    from orbitquiz.readers.library import load_named

    entry = load_named(_library_folders(args), pack)
    if entry is None:
        print(f"orbitquiz: no pack named {pack!r} and no such file — `orbitquiz packs` lists the packs",
              file=sys.stderr)
        return None
    if entry.pack is None:
        try:
            load_pack(entry.path)  # again, for every problem rather than the first
        except PackError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
        return None
    for problem in sorted((*entry.pack.warnings, *entry.pack.errors), key=lambda p: (p.line, p.column)):
        print(problem, file=sys.stderr)
    if entry.pack.errors:
        print(f"orbitquiz: {_left_out(entry.pack)} for the errors above; the rest plays", file=sys.stderr)
    return entry.pack


def _questions(args: argparse.Namespace) -> int:
    pack = _load(args, args.path)
    if pack is None:
        return 1
    questions = generate(pack, args.seed)
    if args.round:
        rules = Rules() if args.questions is None else Rules(questions_per_round=max(1, args.questions))
        questions = choose_questions(questions, Mode(args.mode), args.seed, rules)
    if args.json:
        json.dump([question_record(q) for q in questions], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(questions_table(questions, shutil.get_terminal_size().columns))
    return 1 if pack.errors else 0


#: Each kind of question in a teacher's words.
KIND_NAMES = {"choice": "multiple-choice", "fill": "fill-in", "multi": "choose-all-that-apply", "match": "matching"}


def question_record(question: Question) -> dict:
    """The fields a teacher checks, as JSON-ready data."""
    return {
        "id": question.id,
        "kind": question.kind,
        "prompt": question.prompt,
        "options": list(question.options),
        "answer": question.answer,
        "accepted": list(question.accepted),
        **({"pairs": [list(pair) for pair in question.pairs]} if question.pairs else {}),
        **({"weights": {key.text: key.credit for key in question.keys if key.text is not None}}
           if question.kind == "multi" else {}),
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


def _check(args: argparse.Namespace) -> int:
    from orbitquiz.advice import advice
    from orbitquiz.readers.library import pack_files

    files: list[Path] = []
    for path in args.paths:
        found = pack_files([path]) if path.is_dir() else [path]
        if path.is_dir() and not found:
            print(f"{path}: no pack files in this folder", file=sys.stderr)
        files += found
    errors = warnings = 0
    for path in files:
        pack: Pack | None
        try:
            pack = load_pack(path)
            problems = (*pack.warnings, *advice(pack))
        except PackError as error:
            pack, problems = error.pack, error.problems
        for problem in problems:
            print(problem)
        errors += sum(p.severity == "error" for p in problems)
        warnings += sum(p.severity == "warning" for p in problems)
        if pack is not None and pack.errors:
            print(f"{path}: {_size(pack)} play, {_left_out(pack)} for the errors above")
        elif pack is not None:
            print(f"{path}: ok — {_size(pack)}")
    print(f"{plural(len(files), 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    return 1 if errors or not files else 0


def _size(pack: Pack) -> str:
    if pack.facts:
        return f"{len(pack.facts)} facts"
    return f"{len(pack.questions)} questions"


def _left_out(pack: Pack) -> str:
    """How much of a pack its errors left out: questions, or an article's spans (none: a broken category line)."""
    what = ("span" if pack.facts else "question") + ("s" if pack.left_out != 1 else "")
    return f"{pack.left_out or 'no'} {what} left out"


def _export(args: argparse.Namespace) -> int:
    from orbitquiz.export import BINARY, export_deck, export_text, left_out
    from orbitquiz.readers.common import pack_name
    from orbitquiz.words import plural

    if args.to in BINARY and args.output is None:
        print(f"orbitquiz: an Anki deck is a file — add -o FILE.apkg, e.g. -o {Path(args.pack).stem}.apkg",
              file=sys.stderr)
        return 2
    pack = _load(args, args.pack)
    if pack is None:
        return 1
    questions = generate(pack, args.seed)
    dropped = left_out(questions, args.to)
    for question in dropped:
        print(f"{question.source.path}:{question.source.line}:1: warning: {args.to} has no place for a "
              f"{KIND_NAMES[question.kind]} question — left out; export to gift or moodle-xml to keep it",
              file=sys.stderr)
    questions = [question for question in questions if question not in dropped]
    if args.to in BINARY:
        data = export_deck(questions, name=pack_name(pack.path), title=pack.title)
    else:
        data = export_text(questions, args.to, pack.title).encode()
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            args.output.write_bytes(data)
        except OSError as error:
            print(f"orbitquiz: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"orbitquiz: {plural(len(questions), 'question')} written to {args.output}", file=sys.stderr)
    return 1 if pack.errors else 0


def _suggest(args: argparse.Namespace) -> int:
    from orbitquiz.readers import MAX_PACK_BYTES, decode, parse
    from orbitquiz.suggest import SuggestError, suggest_text  # its gazetteer loads only for this command

    name = str(args.article)
    try:
        with open(args.article, "rb") as file:
            data = file.read(MAX_PACK_BYTES + 1)
        if len(data) > MAX_PACK_BYTES:
            print(f"{name}:1:1: the file is larger than {MAX_PACK_BYTES / 1e6:.0f} MB — split the article",
                  file=sys.stderr)
            return 1
        suggestion = suggest_text(decode(data, name), name)
    except OSError as error:
        print(f"{name}:1:1: cannot read the file: {error.strerror or error}", file=sys.stderr)
        return 1
    except PackError as error:  # not UTF-8
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except SuggestError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{name}: fix the front matter first: the suggestions keep it", file=sys.stderr)
        return 1
    output = args.output
    if args.serve and not args.review:
        print("orbitquiz: --serve goes with --review", file=sys.stderr)
        return 2
    if args.review:
        output = output or args.article.with_name(args.article.stem + ".tagged.md")
        if args.serve:
            return _serve_review(args, output)
        from orbitquiz.tui.review_app import review  # Textual loads only for the review

        if not review(suggestion, output):
            print("Nothing written.", file=sys.stderr)
            return 1
    else:
        if output is None:
            sys.stdout.write(suggestion.write())
        else:
            try:
                suggestion.save(output)
            except OSError as error:
                print(f"{output}: cannot write the file: {error.strerror or error}", file=sys.stderr)
                return 1
    if output is not None:
        shown_name = str(output)
        try:
            pack = parse(output.read_text(encoding="utf-8"), shown_name)
            problems = list(pack.warnings)
        except PackError as error:
            problems = list(error.problems)
        for problem in problems:
            print(problem, file=sys.stderr)
        count = len(suggestion.candidates)
        print(f"{shown_name}: {count} suggested span{'s' if count != 1 else ''} written — review them, then "
              f"`orbitquiz questions {shown_name}`", file=sys.stderr)
        return 1 if any(p.severity == "error" for p in problems) else 0
    return 0


def _serve_review(args: argparse.Namespace, output: Path) -> int:
    """The review in a browser tab: the same command, run by orbitquiz serve's launcher for one tab at a time."""
    from orbitquiz.web import GameServer, ServeError

    argv = [sys.executable, "-m", "orbitquiz", "suggest", str(args.article.resolve()), "--review", "-o",
            str(output.resolve())]
    try:
        GameServer(host=args.host, port=args.port, max_sessions=1, app_argv=argv, data_dir=args.data_dir).serve()
    except ServeError as error:
        print(f"orbitquiz: {error}", file=sys.stderr)
        return 1
    return 0


def _report(args: argparse.Namespace) -> int:
    from orbitquiz.store import Store, StoreError

    if (args.items or args.html) and args.player:
        print("orbitquiz: --items and --html report on the whole class: --player cannot be used with them",
              file=sys.stderr)
        return 2
    if args.items:
        return _report_items(args)
    if args.html:
        return _report_html(args)
    try:
        with Store.open(args.data_dir) as store:
            player = None
            if args.player:
                player = store.find_player(args.player)
                if player is None:
                    print(f"orbitquiz: no player named {args.player!r}", file=sys.stderr)
                    return 1
            rows = store.report(pack=args.pack, player=player, since=args.since)
            if not rows and args.pack and not store.report(pack=args.pack):
                # One rule for both filters: a name the scores do not know is an error, as for --player.
                print(f"orbitquiz: no answers recorded for a pack named {args.pack!r} — `orbitquiz packs` lists "
                      "the packs", file=sys.stderr)
                return 1
            leaders = [] if args.player or args.since else store.leaderboard(args.pack, limit=1000)
    except StoreError as error:
        print(f"orbitquiz: {error}", file=sys.stderr)
        return 1
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["player", "pack", "question_id", "prompt", "expected", "asked", "correct", "last_response"])
        writer.writerows([spreadsheet_cell(cell) for cell in (r.player, r.pack, r.question_id, r.prompt, r.expected,
                                                               r.asked, r.correct, r.last_response)]
                         for r in rows)
    elif not rows:
        print("No answers recorded" + (" for these filters." if args.pack or args.player or args.since else " yet."))
    else:
        if leaders:
            print(leaderboard_text(leaders) + "\n")
        # Wrapped to a terminal's width; piped or saved, every row whole on its line.
        print(report_text(rows, shutil.get_terminal_size().columns if sys.stdout.isatty() else None))
    return 0


def _report_items(args: argparse.Namespace) -> int:
    from orbitquiz.items import analyse
    from orbitquiz.store import Store, StoreError

    try:
        with Store.open(args.data_dir) as store:
            rows = store.item_answers(pack=args.pack, since=args.since)
            if not rows and args.pack and not store.item_answers(pack=args.pack):
                print(f"orbitquiz: no answers recorded for a pack named {args.pack!r} — `orbitquiz packs` lists "
                      "the packs", file=sys.stderr)
                return 1
    except StoreError as error:
        print(f"orbitquiz: {error}", file=sys.stderr)
        return 1
    analysis = analyse(rows)
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows([spreadsheet_cell(cell) for cell in row] for row in items_csv_rows(analysis))
    elif not rows:
        print("No answers recorded" + (" for these filters." if args.pack or args.since else " yet."))
    else:
        print(items_text(analysis))
    return 0


def _report_html(args: argparse.Namespace) -> int:
    from orbitquiz import class_report, html_report
    from orbitquiz.items import analyse
    from orbitquiz.play import utc_now
    from orbitquiz.store import Store, StoreError

    try:
        with Store.open(args.data_dir) as store:
            answers = store.class_answers(pack=args.pack, since=args.since)
            if not answers and args.pack and not store.class_answers(pack=args.pack):
                print(f"orbitquiz: no answers recorded for a pack named {args.pack!r} — `orbitquiz packs` lists "
                      "the packs", file=sys.stderr)
                return 1
            items = analyse(store.item_answers(args.pack, args.since))
            report = class_report.build(answers, store.class_rounds(args.pack, args.since),
                                        store.class_cards(args.pack), items, utc_now(), args.pack, args.since)
    except StoreError as error:
        print(f"orbitquiz: {error}", file=sys.stderr)
        return 1
    target: Path = args.html
    partial = target.with_name(target.name + ".part")
    try:
        # Whole or not at all: a failed write leaves the file that was there before.
        partial.write_text(html_report.write(report), encoding="utf-8")
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        print(f"orbitquiz: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"{target}: the class's report ({plural(report.players, 'player')}, "
          f"{plural(len(report.items.questions), 'question')}) — open it in a browser")
    return 0


ITEMS_CSV_HEADER = ["level", "pack", "id", "fact_id", "kind", "prompt", "expected", "attempts", "right",
                    "difficulty", "discrimination", "discrimination_note", "options", "wrong_answers", "flags",
                    "paste"]


def items_csv_rows(analysis) -> list[list[object]]:
    """A row per question, then a row per fact (``level``); discrimination is a number or empty, with the reason
    in ``discrimination_note`` and the method in the header's rows never guessed."""
    rows: list[list[object]] = [list(ITEMS_CSV_HEADER)]
    for q in analysis.questions:
        rows.append(["question", q.pack, q.question_id, q.fact_id, q.kind, q.prompt, q.expected, q.attempts, q.right,
                     round(q.difficulty, 4), *_discrimination_cells(q.discrimination, analysis.method),
                     "; ".join(f"{o.option} {o.picked}/{o.shown}" for o in q.options),
                     "; ".join(f"{w.text} ×{w.count}" for w in q.wrong_answers),
                     "; ".join(f.kind.value for f in q.flags),
                     "; ".join(line for f in q.flags for line in f.paste)])
    for f in analysis.facts:
        rows.append(["fact", f.pack, f.fact_id, f.fact_id, "", "", f.expected, f.attempts, f.right,
                     round(f.difficulty, 4), *_discrimination_cells(f.discrimination, analysis.method), "", "",
                     "; ".join(flag.kind.value for flag in f.flags), ""])
    return rows


def _discrimination_cells(discrimination, method: str) -> list[object]:
    if discrimination.value is None:
        return ["", f"undefined: {discrimination.reason}"]
    return [round(discrimination.value, 4), method]


def items_text(analysis) -> str:
    """Per pack: each question (hardest first) with its figures, options, wrong answers and flags; then its facts."""
    lines: list[str] = []
    for pack, (questions, facts) in analysis.by_pack().items():
        flagged = sum(bool(q.flags) for q in questions)
        lines += [f"Item analysis · {shown(pack)} · {plural(len(questions), 'question')}, {flagged} flagged",
                  f"discrimination: {analysis.method}", ""]
        for q in questions:
            lines.append(f"{shown(q.question_id)} · {q.kind} · {plural(q.attempts, 'attempt')} by "
                         f"{plural(q.players, 'player')} · {q.difficulty:.0%} right · discrimination "
                         f"{q.discrimination}")
            lines.append(f"    {shown(q.prompt)} — {shown(q.expected)}")
            if q.options:
                lines.append("    options: " + " · ".join(
                    f"{shown(o.option)}{' (key)' if o.correct else ''} {o.picked}/{o.shown}" for o in q.options)
                    + (f"  (options recorded for {q.options_recorded} of {q.attempts} attempts)"
                       if q.options_recorded < q.attempts else ""))
            if q.wrong_answers:
                lines.append("    wrong answers: " + " · ".join(f"{shown(w.text)} ×{w.count}"
                                                                for w in q.wrong_answers))
            for flag in q.flags:
                lines.append(f"    ! {flag.kind}: {shown(flag.message)}")
                lines += [f"      paste: {shown(line)}" for line in flag.paste]
        lines += ["", "fact · attempts · right · discrimination · questions"]
        for f in facts:
            marks = "".join(f"  ! {flag.kind}" for flag in f.flags)
            lines.append(f"{shown(f.fact_id)} ({shown(f.expected)}) · {f.attempts} · {f.difficulty:.0%} · "
                         f"{f.discrimination} · {', '.join(map(shown, f.question_ids))}{marks}")
        lines.append("")
    return "\n".join(lines).rstrip()


def leaderboard_text(leaders) -> str:
    """The class's ranking: best score of a finished round, then accuracy (the in-game leaderboard's order)."""
    names = max((len(shown(row.player)) for row in leaders), default=0)
    names = max(names, 20)  # names are never cut: two players must never read the same
    lines = [f"{'rank':>4}  {'player':<{names}} {'best':>6} {'rounds':>6} {'accuracy':>8}"]
    lines += [f"{rank:>4}  {shown(row.player):<{names}} {row.best_score:>6} {row.rounds:>6} "
              f"{'' if row.accuracy is None else format(row.accuracy, '.0%'):>8}"
              for rank, row in enumerate(leaders, start=1)]
    return "\n".join(lines)


def shown(text: str) -> str:
    """A field of a report, as a terminal must be sent it: every control character visible, on one line."""
    return visible(text, one_line=True)


def report_text(rows, width: int | None = 100) -> str:
    """A summary per player, then one line per player and question (hardest first).

    Nothing a teacher tells rows apart by is ever cut: names get the width of the longest, and the question's text
    is wrapped to ``width`` (a terminal's) or, with ``width`` None, kept whole on its line.
    """
    players: dict[str, list[int]] = {}
    for row in rows:
        totals = players.setdefault(shown(row.player), [0, 0])
        totals[0] += row.asked
        totals[1] += row.correct
    names = max(20, *(len(name) for name in players))
    packs = max(16, *(len(shown(row.pack)) for row in rows))
    lines = [f"{'player':<{names}} {'answered':>8} {'right':>6} {'accuracy':>8}"]
    lines += [f"{name:<{names}} {asked:>8} {right:>6} {right / asked:>8.0%}" for name, (asked, right) in players.items()]
    indent = names + packs + 12  # where the question's text starts
    if width is not None and width - indent < 30:
        indent = 4  # long names leave the text too little room beside them: it goes on the lines below
    heading = "question — expected (last answer)"
    lines += ["", f"{'player':<{names}} {'pack':<{packs}} {'right':>7}" + (f"\n    {heading}" if indent == 4
                                                                            else f"  {heading}")]
    for row in sorted(rows, key=lambda r: (r.player, r.correct / r.asked, r.pack, r.question_id)):
        text = shown(f"{row.prompt} — {row.expected} ({row.last_response or 'skipped'})")
        parts = [text] if width is None else textwrap.wrap(text, max(width - indent, 30)) or [""]
        if indent == 4:
            parts.insert(0, "")
        head = f"{shown(row.player):<{names}} {shown(row.pack):<{packs}} {row.correct:>3}/{row.asked:<3}"
        lines.append(f"{head}  {parts[0]}".rstrip())
        lines += [" " * indent + part for part in parts[1:]]
    return "\n".join(lines)


def _packs(args: argparse.Namespace) -> int:
    from orbitquiz.readers.library import load_library, user_packs_folder
    from orbitquiz.store import default_data_dir

    folders = _library_folders(args)
    own = user_packs_folder(args.data_dir or default_data_dir())
    try:
        own.mkdir(parents=True, exist_ok=True)  # the folder it names must be there to drop files in
    except OSError as error:
        print(f"orbitquiz: cannot create the packs folder {own}: {error.strerror or error}", file=sys.stderr)
    print(f"Your packs folder: {own}  (drop pack files here; they show up at the next start)")
    print("Folders searched: " + ", ".join(str(f) for f in folders))
    entries = load_library(folders)
    for entry in entries:
        if entry.pack is None:
            status = f"BROKEN {entry.problem}"
        elif entry.pack.errors:
            status = f"{entry.pack.title} · {_size(entry.pack)}, {_left_out(entry.pack)}: {entry.problem}"
        else:
            status = f"{entry.pack.title} · {_size(entry.pack)}"
        print(f"{entry.name:<24} {status}")
    if not entries:
        print("No packs found.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from orbitquiz.web import GameServer, ServeError  # textual-serve and aiohttp load only for this command

    if not 0 <= args.port <= 65535:
        print("orbitquiz: --port must be from 0 to 65535", file=sys.stderr)
        return 2
    try:
        server = GameServer(data_dir=args.data_dir, pack_folders=args.packs, host=args.host, port=args.port,
                            max_sessions=args.max_sessions, pack=args.pack, public_url=args.public_url,
                            questions=args.questions, seconds=args.seconds, max_connections=args.max_connections,
                            start=args.start)
        server.serve()
    except ServeError as error:
        print(f"orbitquiz: {error}", file=sys.stderr)
        return 1
    return 0


def _host(args: argparse.Namespace) -> int:
    """``orbitquiz host``: the live class game, with the host screen in this terminal."""
    import random

    from orbitquiz.live.session import LiveSession
    from orbitquiz.live.state import LiveGame
    from orbitquiz.netsafety import is_loopback
    from orbitquiz.store import Store, StoreError

    for wrong, message in ((not 0 <= args.port <= 65535, "--port must be from 0 to 65535"),
                           (args.questions < 1, "--questions must be at least 1"),
                           (args.seconds < 0, "--seconds must be 0 (no time limit) or more"),
                           (args.max_players < 1, "--max-players must be at least 1")):
        if wrong:
            print(f"orbitquiz: {message}", file=sys.stderr)
            return 2
    name = args.pack
    if name is None:
        from orbitquiz.readers.library import load_library

        name = next((entry.name for entry in load_library(_library_folders(args)) if entry.pack), None)
        if name is None:
            print("orbitquiz: no pack to play — `orbitquiz packs` says where to put one", file=sys.stderr)
            return 1
    pack = _load(args, name)
    if pack is None:
        return 1
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    chosen = choose_questions(generate(pack, seed), Mode.CLASSIC, seed, Rules(questions_per_round=args.questions))
    if not chosen:
        print(f"orbitquiz: {name} has no questions to ask", file=sys.stderr)
        return 1
    try:
        store = Store.open(args.data_dir)
    except StoreError as error:
        print(f"orbitquiz: {error} — the game plays without keeping scores", file=sys.stderr)
        store = None
    if not is_loopback(args.host):
        print(f"orbitquiz: warning: --host {args.host} lets other computers reach the game: anyone who can reach "
              "this port can join with the code. Use it only on a network you trust (a classroom).",
              file=sys.stderr, flush=True)
    from orbitquiz.tui.host import HostApp  # Textual and aiohttp load only for this command

    game = LiveGame(chosen, seconds=args.seconds or None, speed_points=args.speed_points,
                    max_players=args.max_players)
    app = HostApp(LiveSession(game, store, _pack_name(name), seed), host=args.host, port=args.port)
    try:
        app.run()
    finally:
        if store is not None:
            store.close()
    if app.problem:
        print(f"orbitquiz: {app.problem}", file=sys.stderr)
        return 1
    return 0


def _pack_name(name_or_path: str) -> str:
    """The name a pack's rounds are stored under: its library name, or its file's for a path."""
    from orbitquiz.readers.common import pack_name

    return pack_name(Path(name_or_path)) if Path(name_or_path).is_file() else name_or_path
