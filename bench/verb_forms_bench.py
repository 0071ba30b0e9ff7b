"""Whether a real lemmatiser would give better questions than orbitquiz's own verb-form rules (issue 12).

    .venv/bin/python bench/verb_forms_bench.py

A question that needs "did" ("In what year did Fust sue Gutenberg …?") needs the bare form of the sentence's verb;
``language.base_of_past`` gets it from spelling rules and answers None where spelling cannot tell. This generates
the fill-in stems of every past review article twice, with those rules and with lemminflect's lemmas in their
place (lemminflect is a test dependency: it ships its data, so nothing is downloaded), and prints how many stems
become questions each way, the stems that differ, and what loading lemminflect costs. A benchmark reports, it does
not assert.
"""

from __future__ import annotations

import glob
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # a checkout works without PYTHONPATH

from orbitquiz import generate, language, load_pack  # noqa: E402


def fill_stems(packs) -> dict[tuple[str, str], str]:
    return {(pack.path, q.fact_id): q.prompt for pack in packs for q in generate(pack, 1) if q.kind == "fill"}


def main() -> int:
    packs = [load_pack(Path(path)) for path in sorted(glob.glob(str(ROOT / "bench/review/past/*/articles/*.md")))]
    by_rules = fill_stems(packs)
    started = time.perf_counter()
    import lemminflect
    lemminflect.getLemma("went", upos="VERB")  # its tables load on the first call
    load = time.perf_counter() - started
    rules = language.base_of_past

    def lemma(word: str) -> str | None:
        lower = word.casefold()
        if lower in language.IRREGULAR_PAST or not lower.isalpha() or not lower.endswith("ed"):
            return rules(word)  # the same words are verbs either way: only their bare form may differ
        found = lemminflect.getLemma(lower, upos="VERB")
        return found[0] if found and found[0] != lower else None

    language.base_of_past = lemma
    try:
        by_lemmas = fill_stems(packs)
    finally:
        language.base_of_past = rules
    asked = {name: sum(stem.endswith("?") for stem in stems.values())
             for name, stems in (("rules", by_rules), ("lemminflect", by_lemmas))}
    print(f"{len(packs)} articles, {len(by_rules)} fill-in stems; asked as questions: rules {asked['rules']}, "
          f"lemminflect {asked['lemminflect']}; lemminflect's load: {load:.2f} s")
    for key, stem in by_rules.items():
        if by_lemmas.get(key) != stem:
            print(f"  rules:       {stem}\n  lemminflect: {by_lemmas.get(key)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
