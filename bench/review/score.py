"""Score a blind review: per source, how the reviewer rated the items; overall, how well they guessed the source.

    python bench/review/score.py DIR/key.json RATINGS.json

RATINGS.json is {"<item>": {"rating": 1-5, "guess": "generated"|"teacher", "why": "..."}} for every item of the
key. Prints a table (items, mean rating, share rated <= 2, share rated >= 4, per source), the share of guesses
that were right, and a one-line verdict against the targets for generated questions: mean >= 4.0, at most 10%
rated <= 2, guesses right at most 60% of the time. Exit status: 0 targets met, 1 targets missed, 2 bad input
(every problem printed as path: item N: what is wrong, or path:line:column for broken JSON).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SOURCES = ("generated", "teacher")
SOURCES_TEXT = '"generated" or "teacher"'
MEAN_AT_LEAST = 4.0
POOR_AT_MOST = 0.10  # share of generated items rated <= 2
GUESSED_AT_MOST = 0.60  # share of all items whose source the reviewer guessed right


class BadInput(Exception):
    """Problems with the files, one line each."""


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BadInput(f"{path}: cannot read the file: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise BadInput(f"{path}:{error.lineno}:{error.colno}: {error.msg}") from None
    if not isinstance(data, dict):
        raise BadInput(f"{path}:1:1: expected an object of items, {{\"1\": {{...}}, ...}}")
    return data


def read(key_path: Path, ratings_path: Path) -> list[tuple[str, int, str]]:
    """(true source, rating, guess) for every item; BadInput listing every problem found."""
    key, ratings = _load(key_path), _load(ratings_path)
    problems = []
    for item in sorted(set(ratings) - set(key), key=_order):
        problems.append(f"{ratings_path}: item {item}: not in the key {key_path}")
    rows = []
    for item in sorted(key, key=_order):
        source = key[item].get("source") if isinstance(key[item], dict) else None
        if source not in SOURCES:
            problems.append(f"{key_path}: item {item}: source must be {SOURCES_TEXT}, not {json.dumps(source)}")
            continue
        entry = ratings.get(item)
        if not isinstance(entry, dict):
            problems.append(f"{ratings_path}: item {item}: no rating — every item of the sheet must be rated")
            continue
        rating, guess = entry.get("rating"), entry.get("guess")
        if type(rating) is not int or not 1 <= rating <= 5:
            problems.append(f"{ratings_path}: item {item}: rating must be a whole number from 1 to 5, "
                            f"not {json.dumps(rating)}")
        if guess not in SOURCES:
            problems.append(f"{ratings_path}: item {item}: guess must be {SOURCES_TEXT}, not {json.dumps(guess)}")
        rows.append((source, rating, guess))
    if problems:
        raise BadInput("\n".join(problems))
    return rows


def _order(item: str) -> tuple[int, str]:
    return (int(item), "") if item.isdigit() else (sys.maxsize, item)


def _share(count: int, total: int) -> str:
    return f"{count}/{total} ({100 * count / total:.1f}%)" if total else "0/0 (-)"


def report(rows: list[tuple[str, int, str]]) -> tuple[str, bool]:
    """The printed figures and whether the generated questions meet every target."""
    lines = [f"{'source':<10} {'items':>5}  {'mean':>4}  {'rated <= 2':<14} {'rated >= 4':<14} guessed right"]
    figures = {}
    for source in SOURCES:
        ratings = [rating for true, rating, _ in rows if true == source]
        right = sum(1 for true, _, guess in rows if true == source and guess == true)
        n = len(ratings)
        mean = sum(ratings) / n if n else float("nan")
        poor, good = sum(1 for r in ratings if r <= 2), sum(1 for r in ratings if r >= 4)
        figures[source] = (n, mean, poor)
        lines.append(f"{source:<10} {n:>5}  {mean:4.2f}  {_share(poor, n):<14} {_share(good, n):<14} "
                     f"{_share(right, n)}")
    right = sum(1 for true, _, guess in rows if guess == true)
    lines.append(f"guesses right: {_share(right, len(rows))}")

    n, mean, poor = figures["generated"]
    guessed = right / len(rows) if rows else 1.0
    poor_share = poor / n if n else 1.0
    checks = [
        (n > 0 and mean >= MEAN_AT_LEAST, f"mean {mean:.2f} {'>=' if mean >= MEAN_AT_LEAST else '<'} {MEAN_AT_LEAST}"),
        (poor_share <= POOR_AT_MOST,
         f"{100 * poor_share:.1f}% rated <= 2 {'<=' if poor_share <= POOR_AT_MOST else '>'} {POOR_AT_MOST:.0%}"),
        (guessed <= GUESSED_AT_MOST,
         f"{100 * guessed:.1f}% guessed {'<=' if guessed <= GUESSED_AT_MOST else '>'} {GUESSED_AT_MOST:.0%}"),
    ]
    met = all(ok for ok, _ in checks)
    lines.append(f"verdict: targets {'met' if met else 'missed'} for generated questions: "
                 + "; ".join(text for _, text in checks))
    return "\n".join(lines), met


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python bench/review/score.py DIR/key.json RATINGS.json", file=sys.stderr)
        return 2
    try:
        rows = read(Path(args[0]), Path(args[1]))
    except BadInput as error:
        print(error, file=sys.stderr)
        return 2
    text, met = report(rows)
    print(text)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
