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

from orbitquiz.model import Pack, PackError, Problem
from orbitquiz.readers import parse_bytes

#: Bump when the JSON layout changes (the model's to_dict): an entry of another layout is a miss, never misread.
LAYOUT = 5
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
                found = Pack.from_dict(stored["pack"]), [Problem.from_dict(p) for p in stored.get("problems", ())]
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
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
                self._store(file, {"key": key, "pack": error.pack.to_dict(),
                                   "problems": [problem.to_dict() for problem in error.problems]})
            raise
        self._store(file, {"key": key, "pack": pack.to_dict()})
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
    # The package's own modules (the model, grading ...) and every reader, those in packages (gift/) included.
    readers = sorted(str(path.parent) for path in (PACKAGE / "readers").glob("**/__init__.py"))
    for folder in (str(PACKAGE), *readers):
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                stamps.append(f"{os.path.relpath(folder, PACKAGE.parent)}/{entry.name}:{stat.st_mtime_ns}:"
                              f"{stat.st_size}")
    return f"{LAYOUT};" + ";".join(stamps)
