"""Finding packs on disk: the bundled ones, the player's packs folder, and any folders given.

A pack's name is its file name without the format's extension (``seeds/first-film.md`` → ``first-film``). Names
are unique: a second file with a name already taken is listed as broken, naming the first, never shadowing it.
A broken pack is listed with its first error; it never stops the others from loading. A pack whose errors are
confined to some questions (or spans) plays the rest: its entry has the pack and its first error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from orbitquiz.model import Pack, PackError, Problem
from orbitquiz.readers import load_pack, looks_like_pack
from orbitquiz.readers.cache import PackCache
from orbitquiz.readers.common import pack_name

PACKAGE = Path(__file__).resolve().parent.parent
# In an installed wheel the bundled packs live inside the package; in a checkout, at the repository's top.
BUNDLED = [PACKAGE / "bundled" / "seeds", PACKAGE / "bundled" / "questions"]
CHECKOUT = [PACKAGE.parent.parent / "seeds", PACKAGE.parent.parent / "questions"]


@dataclass(frozen=True, slots=True)
class PackEntry:
    name: str
    path: Path
    pack: Pack | None = None
    #: The first error of a broken pack, or of one that plays without the questions its errors left out.
    problem: Problem | None = None

    @property
    def broken(self) -> bool:
        return self.pack is None


def bundled_folders() -> list[Path]:
    found = [folder for folder in BUNDLED if folder.is_dir()]
    return found or [folder for folder in CHECKOUT if folder.is_dir()]


def user_packs_folder(data_dir: Path) -> Path:
    return data_dir / "packs"


def library_folders(data_dir: Path, extra: Sequence[Path] = ()) -> list[Path]:
    """Where packs are looked for, in this order: bundled, ``--packs`` folders, ``$ORBITQUIZ_PACKS``, then the
    player's own packs folder. The first file to take a name keeps it."""
    return [*bundled_folders(), *extra, *env_folders(), user_packs_folder(data_dir)]


def env_folders() -> list[Path]:
    """Folders named in ``$ORBITQUIZ_PACKS`` (separated like PATH)."""
    value = os.environ.get("ORBITQUIZ_PACKS", "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part]


def pack_files(folders: Iterable[Path]) -> list[Path]:
    """Pack files in these folders (not their subfolders), in a stable order, skipping READMEs and .txt files that
    are neither Aiken nor GIFT."""
    files = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.stem.upper() != "README" and looks_like_pack(path):
                files.append(path)
    return files


def library_files(folders: Sequence[Path]) -> list[tuple[str, Path, Problem | None]]:
    """Every pack file with its name, without parsing any: a name already taken comes with its problem."""
    found: list[tuple[str, Path, Problem | None]] = []
    taken: dict[str, Path] = {}
    for path in pack_files(folders):
        name = pack_name(path)
        clash = None
        if name in taken:
            clash = Problem(str(path), 1, 1, f"a pack named '{name}' already exists ({taken[name]}) — rename "
                            "this file")
        else:
            taken[name] = path
        found.append((name, path, clash))
    return found


def load_entry(name: str, path: Path, cache: PackCache | None = None) -> PackEntry:
    try:
        return PackEntry(name, path, load_pack(path, cache))
    except PackError as error:
        first = next(p for p in error.problems if p.severity == "error")
        return PackEntry(name, path, error.pack, first)


def load_library(folders: Sequence[Path], cache: PackCache | None = None) -> list[PackEntry]:
    """Every pack in these folders, parsed; broken ones carry their first error."""
    return [PackEntry(name, path, None, clash) if clash else load_entry(name, path, cache)
            for name, path, clash in library_files(folders)]


def load_named(folders: Sequence[Path], name_or_path: str, cache: PackCache | None = None) -> PackEntry | None:
    """One pack by its name (parsing only that file) or by a file's path; None if there is no such pack."""
    for name, path, clash in library_files(folders):
        if name == name_or_path and clash is None:
            return load_entry(name, path, cache)
    return _from_path(name_or_path, cache)


def find(entries: Sequence[PackEntry], name_or_path: str, cache: PackCache | None = None) -> PackEntry | None:
    """A pack by its name, or by a file's path (loaded on the spot if it is not in the library)."""
    for entry in entries:
        if entry.name == name_or_path:
            return entry
    return _from_path(name_or_path, cache)


def _from_path(name_or_path: str, cache: PackCache | None) -> PackEntry | None:
    path = Path(name_or_path)
    return load_entry(pack_name(path), path, cache) if path.is_file() else None
