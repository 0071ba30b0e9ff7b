"""Parse + generate benchmark for tagged Markdown articles of 1,000, 10,000 and 100,000 facts.

    PYTHONPATH=src .venv/bin/python bench/generate_bench.py            # full run (about a minute)
    PYTHONPATH=src .venv/bin/python bench/generate_bench.py --quick    # smoke run, a few seconds
    PYTHONPATH=src .venv/bin/python bench/generate_bench.py --profile  # also cProfile the largest size
    PYTHONPATH=src .venv/bin/python bench/generate_bench.py --unit days  # a unit after every number

The article is built in memory (not timed), then ``orbitquiz.readers.parse`` and ``orbitquiz.generate`` are
timed separately with ``time.perf_counter``; each size runs several times and the medians are reported.
A benchmark reports, it does not assert: the exit status is 0 whatever the numbers are.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import random
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1] / "src"))  # a checkout works without PYTHONPATH

from orbitquiz import generate  # noqa: E402
from orbitquiz.readers import parse  # noqa: E402

FACTS_PER_SENTENCE = 4
SENTENCES_PER_PARAGRAPH = 5
MAX_GROWTH = 12.0  # "10x the facts <= 12x the time"
LIMITS = {2_000: 0.5, 100_000: 20.0}  # seconds, parse + generate: issue 12's targets

SYLLABLES = ("ka ra mi to lo vy shen ko ba nur pe sild an ton zo ly dre va gor in es ul mar tek "
             "sa ri bo lev na dim os ya fe chu").split()
FILLER = ("the a crew then later mission from with near over after before launched reached joined "
          "filmed met flew saw left carried watched returned studied into about team rocket film").split()
# (type, how its answers look, weight): ten types, person/place/number/year the most common.
TYPES = (
    ("person", "name2", 5), ("place", "name1", 4), ("number", "number", 3), ("year", "year", 3),
    ("country", "name1", 2), ("craft", "name1", 2), ("station", "name2", 1), ("job", "lower1", 2),
    ("agency", "name3", 1), ("title", "title", 1),
)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def _answer(look: str, rng: random.Random) -> str:
    if look == "number":
        return rng.choice((str(rng.randint(2, 999)), f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}",
                           f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"))
    if look == "year":
        return str(rng.randint(1900, 2030))
    if look == "lower1":
        return _word(rng)
    if look == "title":
        return " ".join([_word(rng).capitalize(), *(_word(rng) for _ in range(rng.randint(0, 2)))])
    words = {"name1": 1, "name2": 2, "name3": 3}[look]
    return " ".join(_word(rng).capitalize() for _ in range(words))


def build_article(facts: int, seed: int = 1, unit: str | None = None) -> str:
    """A realistic tagged article with ``facts`` spans: ~4 per sentence, a vocabulary that grows with the size;
    with ``unit``, that word after every number ("[437]{.number} days"), as real articles write them."""
    rng = random.Random(seed)
    names, weights = [t[0] for t in TYPES], [t[2] for t in TYPES]
    looks = {t[0]: t[1] for t in TYPES}
    # Distinct answers per type grow with the article (about one new name per five facts of a type).
    vocab_size = max(20, facts // 25)
    vocab = {name: list(dict.fromkeys(_answer(looks[name], rng) for _ in range(vocab_size))) for name in names}
    lines = ["---", f"title: Synthetic article with {facts} facts", "source: orbitquiz benchmark", "distractors:"]
    for name in names:
        if looks[name] not in ("number", "year"):
            pool = ", ".join(_answer(looks[name], rng) for _ in range(12))
            lines.append(f"  {name}: [{pool}]")
    lines += ["---", ""]

    first_person: list[str] = []
    written = 0
    sentence_no = 0
    while written < facts:
        if sentence_no % (SENTENCES_PER_PARAGRAPH * 8) == 0:
            lines += [f"## Part {sentence_no // (SENTENCES_PER_PARAGRAPH * 8) + 1}", ""]
        paragraph: list[str] = []
        for _ in range(SENTENCES_PER_PARAGRAPH):
            words = [rng.choice(FILLER).capitalize()]
            for _ in range(min(FACTS_PER_SENTENCE + rng.randint(-1, 1), facts - written)):
                words += [rng.choice(FILLER) for _ in range(rng.randint(1, 4))]
                type_ = rng.choices(names, weights)[0]
                answer = rng.choice(vocab[type_])
                attrs = [f".{type_}"]
                roll = rng.random()
                if type_ == "person" and first_person and roll < 0.1:
                    full = rng.choice(first_person)
                    answer, attrs = full.split()[-1], [f".{type_}", f'is="{full}"']
                elif roll < 0.2:
                    wrong = "|".join(_answer(looks[type_], rng) for _ in range(3))
                    attrs.append(f'wrong="{wrong}"')
                elif roll < 0.3:
                    attrs.append(f'hint="A {rng.choice(FILLER)} {rng.choice(FILLER)} clue"')
                elif roll < 0.35:
                    attrs.append(f'accept="{answer.lower()}"')
                if type_ == "person" and len(first_person) < 200 and " " in answer:
                    first_person.append(answer)
                span = f"[{answer}]{{{' '.join(attrs)}}}"
                if unit is not None and type_ == "number":
                    span += f" {unit}"
                words.append(span)
                written += 1
            words += [rng.choice(FILLER) for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.1:
                words[-1] = f"*{words[-1]}*"  # some emphasis for the reader to strip
            paragraph.append(" ".join(words) + rng.choice(".....!?"))
            sentence_no += 1
            if written >= facts:
                break
        lines += _wrap(" ".join(paragraph), 100) + [""]
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at spaces outside spans, so a line break never falls inside a span's attributes."""
    lines, line, depth = [], [], 0
    for token in text.split(" "):
        depth_before = depth
        depth += token.count("{") - token.count("}")
        line.append(token)
        if depth_before == 0 and depth == 0 and sum(len(t) + 1 for t in line) > width:
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    return lines


def clear_caches() -> None:
    """Empty orbitquiz's functools caches (normalize's among them) so every run starts cold, as a fresh process
    does: otherwise a size whose strings fit in a cache is timed warm after its first run and a larger one cold."""
    for name, module in list(sys.modules.items()):
        if name == "orbitquiz" or name.startswith("orbitquiz."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


def run_once(text: str) -> tuple[float, float, int, int, float]:
    clear_caches()
    gc.collect()
    c0 = time.process_time()
    t0 = time.perf_counter()
    pack = parse(text, "bench.md")
    t1 = time.perf_counter()
    questions = generate(pack, seed=7)
    t2 = time.perf_counter()
    # CPU time too: on a shared machine the wall clock also counts what other processes ran meanwhile.
    return t1 - t0, t2 - t1, len(pack.facts), len(questions), time.process_time() - c0


def measure(size: int, runs: int, unit: str | None = None) -> dict:
    text = build_article(size, unit=unit)
    samples = [run_once(text) for _ in range(runs)]
    parse_s = statistics.median(s[0] for s in samples)
    generate_s = statistics.median(s[1] for s in samples)
    total_s = statistics.median(s[0] + s[1] for s in samples)
    cpu_s = statistics.median(s[4] for s in samples)
    return {"size": size, "chars": len(text), "facts": samples[0][2], "questions": samples[0][3], "runs": runs,
            "parse": parse_s, "generate": generate_s, "total": total_s, "cpu": cpu_s}


def profile(size: int, top: int = 10, unit: str | None = None) -> None:
    text = build_article(size, unit=unit)
    profiler = cProfile.Profile()
    profiler.enable()
    generate(parse(text, "bench.md"), seed=7)
    profiler.disable()
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key).print_stats(top)
        body = out.getvalue()
        print(f"\n--- cProfile, {size:,} facts, top {top} by {key} ---")
        print(body[body.find("   ncalls"):].rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 100 and 1,000 facts, 2 runs each")
    parser.add_argument("--runs", type=int, default=None, help="runs per size (default 5; 3 for 100,000)")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size afterwards")
    parser.add_argument("--unit", metavar="WORD", help="put WORD after every number (e.g. days): the wrong options "
                        "from the article's other numbers of that unit, which the default article never asks for")
    args = parser.parse_args(argv)
    sizes = [100, 2_000] if args.quick else [2_000, 20_000, 100_000]

    results: dict[int, dict] = {}
    load = f"; load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    print(f"orbitquiz parse + generate, Python {sys.version.split()[0]}; medians of N runs, times in ms{load}")
    print(f"{'facts':>8} {'chars':>10} {'questions':>10} {'N':>3} {'parse':>10} {'generate':>10} {'total':>10}"
          f" {'µs/fact':>8} {'cpu':>10}")
    for size in sizes:
        runs = args.runs or (2 if args.quick else (3 if size >= 100_000 else 5))
        try:
            r = results[size] = measure(size, runs, args.unit)
        except Exception:  # a benchmark reports: show what broke and carry on
            print(f"{size:>8}  failed:")
            traceback.print_exc(file=sys.stdout)
            continue
        print(f"{r['facts']:>8,} {r['chars']:>10,} {r['questions']:>10,} {r['runs']:>3} {r['parse'] * 1e3:>10.1f}"
              f" {r['generate'] * 1e3:>10.1f} {r['total'] * 1e3:>10.1f} {r['total'] / r['facts'] * 1e6:>8.1f}"
              f" {r['cpu'] * 1e3:>10.1f}")

    print("\ngrowth t(10x)/t(x)      parse  generate     total   requirement: total <= "
          f"{MAX_GROWTH:g}x")
    for small, big in zip(sizes, sizes[1:]):
        if small in results and big in results:
            a, b = results[small], results[big]
            ratios = [b[k] / a[k] if a[k] else float("inf") for k in ("parse", "generate", "total")]
            verdict = "OK" if ratios[2] <= MAX_GROWTH else "FAILS"
            print(f"  {small:>7,} -> {big:<8,} {ratios[0]:>8.2f} {ratios[1]:>9.2f} {ratios[2]:>9.2f}   {verdict}")
    for size, limit in LIMITS.items():
        if size in results:
            total = results[size]["total"]
            verdict = "OK" if total < limit else "FAILS"
            print(f"{size:,} facts: {total:.3f} s total (median; {results[size]['cpu']:.3f} s of CPU)   "
                  f"requirement: < {limit:g} s   {verdict}")
        else:
            print(f"{size:,} facts: not measured in this run   requirement: < {limit:g} s")

    if args.profile and results:
        profile(max(results), unit=args.unit)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
    sys.exit(0)
