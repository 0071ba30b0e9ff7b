"""Parsed packs kept on disk, so that starting a round reads a small JSON file instead of parsing the pack again.

Parsing a tagged article needs PyYAML and the tag reader, which together cost more start-up time than the rest of
the game's own code; a pack is parsed once and read back from here until its file or orbitquiz's code changes.

One cache file per pack path (``<folder>/<hash of the path>.json``), holding the key it was made for: the hash of
the pack file's bytes, its path and orbitquiz's own code. A pack that plays without some broken questions is kept
with its problems and raised again as the same PackError. A cache that is missing, stale, unreadable or damaged is
simply a miss — the pack is parsed as if there were no cache — and a cache that cannot be written (a full disk,
a read-only folder) is skipped. JSON rather than pickle: a file in the cache can only ever be data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from orbitquiz.model import AnswerKey, Fact, Pack, PackError, Problem, Question, Source
from orbitquiz.readers import parse_bytes

#: Bump when the JSON layout below changes.
LAYOUT = 4
PACKAGE = Path(__file__).resolve().parent.parent


class PackCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def parse(self, name: str, data: bytes) -> Pack:
        """The pack in ``data`` (the bytes of the file ``name``): read back from the cache, or parsed and kept."""
        key = hashlib.blake2b(b"\0".join([code_version().encode(), name.encode(), data])).hexdigest()
        file = self.folder / (hashlib.blake2b(name.encode(), digest_size=16).hexdigest() + ".json")
        found = None
        try:
            stored = json.loads(file.read_bytes())
            if stored["key"] == key:
                found = _pack(stored["pack"]), [Problem(*problem) for problem in stored.get("problems", ())]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            pass  # no usable entry: parse below
        if found is not None:
            pack, problems = found
            if problems:
                raise PackError(problems, pack)
            return pack
        try:
            pack = parse_bytes(data, name)
        except PackError as error:
            # What still plays is kept with every problem; a pack with nothing to play is rare and re-checked.
            if error.pack is not None:
                listed = [[p.path, p.line, p.column, p.message, p.severity] for p in error.problems]
                self._store(file, {"key": key, "pack": _json(error.pack), "problems": listed})
            raise
        self._store(file, {"key": key, "pack": _json(pack)})
        return pack

    def _store(self, file: Path, entry: dict[str, Any]) -> None:
        temporary = file.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, file)  # readers never see half a file
        except OSError:  # a cache that cannot be written costs the next start a parse, nothing more
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


@cache
def code_version() -> str:
    """Changes whenever any of orbitquiz's modules does, so a new reader never serves an old reader's packs."""
    stamps = []
    for folder in (PACKAGE, PACKAGE / "readers"):
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                stamps.append(f"{folder.name}/{entry.name}:{stat.st_mtime_ns}:{stat.st_size}")
    return f"{LAYOUT};" + ";".join(stamps)


# --- Pack ⇄ JSON: field by field, so the file holds nothing but strings, numbers and lists ----------------------

def _json(pack: Pack) -> list[Any]:
    return [pack.path, pack.title, [_fact_json(fact) for fact in pack.facts],
            [_question_json(question) for question in pack.questions], pack.source, pack.language,
            {kind: list(words) for kind, words in pack.distractors.items()},
            [[p.path, p.line, p.column, p.message, p.severity] for p in pack.warnings],
            [[p.path, p.line, p.column, p.message, p.severity] for p in pack.errors], pack.left_out]


def _pack(data: list[Any]) -> Pack:
    path, title, facts, questions, source, language, distractors, warnings, errors, left_out = data
    return Pack(path, title, tuple(_fact(fact) for fact in facts), tuple(_question(q) for q in questions), source,
                language, {kind: tuple(words) for kind, words in distractors.items()},
                tuple(Problem(*warning) for warning in warnings), tuple(Problem(*error) for error in errors),
                int(left_out))


def _source_json(source: Source) -> list[Any]:
    return [source.path, source.line, source.sentence, source.start, source.end, source.previous]


def _fact_json(fact: Fact) -> list[Any]:
    return [fact.answer, fact.type, _source_json(fact.source), fact.column, list(fact.accept), list(fact.wrong),
            fact.hint, fact.ask, fact.alias_of]


def _fact(data: list[Any]) -> Fact:
    answer, kind, source, column, accept, wrong, hint, ask, alias_of = data
    return Fact(answer, kind, Source(*source), column, tuple(accept), tuple(wrong), hint, ask, alias_of)


def _question_json(question: Question) -> list[Any]:
    keys = [[key.text, key.low, key.high, key.credit, key.feedback, key.pattern] for key in question.keys]
    return [question.id, question.kind, question.prompt, list(question.options), question.answer,
            list(question.accepted), question.type, question.hint, _source_json(question.source), question.fact_id,
            question.explanation, keys, sorted(question.rivals), [list(pair) for pair in question.pairs]]


def _question(data: list[Any]) -> Question:
    id_, kind, prompt, options, answer, accepted, type_, hint, source, fact_id, explanation, keys, rivals, pairs = data
    return Question(id_, kind, prompt, tuple(options), answer, tuple(accepted), type_, hint, Source(*source),
                    fact_id, explanation, tuple(AnswerKey(*key) for key in keys), frozenset(rivals),
                    tuple((item, match) for item, match in pairs))

