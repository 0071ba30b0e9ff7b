"""The pack cache gives back exactly the pack the reader would, and never a stale or damaged one."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.model import PackError
from orbitquiz.readers import load_pack
from orbitquiz.readers.cache import PackCache, code_version
from orbitquiz.readers.library import bundled_folders, pack_files

BUNDLED = pack_files(bundled_folders())


def every_field(value: object) -> object:
    """A value with all of its fields, those left out of ``==`` (rivals, distractors) included."""
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, *(every_field(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(every_field(item) for item in value)
    if isinstance(value, dict):
        return {key: every_field(item) for key, item in value.items()}
    return value


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_a_cached_pack_is_the_parsed_pack_in_every_field(path: Path, tmp_path: Path) -> None:
    cache = PackCache(tmp_path)
    parsed = load_pack(path)
    first = load_pack(path, cache)  # a miss: parsed and kept
    assert len(cache_files(tmp_path)) == 1
    second = load_pack(path, cache)  # a hit: read back
    assert every_field(first) == every_field(parsed)
    assert every_field(second) == every_field(parsed)


ARTICLE = """---
title: {title}
distractors:
  person: [Ada Lovelace, Grace Hopper, Alan Turing]
---
[{answer}]{{.person hint="{hint}"}} flew on [Soyuz]{{.craft wrong="Progress|Dragon|Shenzhou"}} for [12]{{.number}} days.
"""

text = st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters='"[]{}\\\n:#&*!|>\'%@`,-?'),
               min_size=1, max_size=20).map(str.strip).filter(bool)


@given(title=text, answer=text, hint=text)
def test_any_article_comes_back_from_the_cache_unchanged(tmp_path_factory, title, answer, hint) -> None:
    folder = tmp_path_factory.mktemp("cache")
    path = folder / "article.md"
    path.write_text(ARTICLE.format(title=title, answer=answer, hint=hint), encoding="utf-8")
    try:
        parsed = load_pack(path)
    except PackError as error:
        for _ in range(2):  # a miss, then (if anything plays) a hit
            with pytest.raises(PackError) as cached_error:
                load_pack(path, PackCache(folder / "cache"))
            assert cached_error.value.problems == error.problems
            assert every_field(cached_error.value.pack) == every_field(error.pack)
        # A pack with nothing to play is never cached; one that plays without its broken spans is.
        assert len(cache_files(folder / "cache")) == (error.pack is not None)
        return
    load_pack(path, PackCache(folder / "cache"))
    assert every_field(load_pack(path, PackCache(folder / "cache"))) == every_field(parsed)


def test_a_pack_that_plays_without_a_broken_span_comes_back_from_the_cache_with_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE.format(title="Part", answer="Yuri Gagarin", hint="first") +
                    'And [Titov]{.person colour="red"} flew second.\n', encoding="utf-8")
    with pytest.raises(PackError) as parsed:
        load_pack(path)
    cache = PackCache(tmp_path / "cache")
    with pytest.raises(PackError):
        load_pack(path, cache)  # a miss: parsed and kept
    [file] = cache_files(tmp_path / "cache")
    entry = json.loads(file.read_text(encoding="utf-8"))
    entry["pack"]["title"] = "Title from the cache"
    file.write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(PackError) as cached:
        load_pack(path, cache)  # a hit: read from the file, not parsed
    assert cached.value.problems == parsed.value.problems
    assert cached.value.pack.title == "Title from the cache"
    assert every_field(dataclasses.replace(cached.value.pack, title="Part")) == every_field(parsed.value.pack)
    assert parsed.value.pack.left_out == 1 and parsed.value.pack.errors


def test_an_edited_pack_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE.format(title="Before", answer="Yuri Gagarin", hint="first"), encoding="utf-8")
    cache = PackCache(tmp_path / "cache")
    assert load_pack(path, cache).title == "Before"
    path.write_text(ARTICLE.format(title="After", answer="Yuri Gagarin", hint="first"), encoding="utf-8")
    assert load_pack(path, cache).title == "After"
    assert len(cache_files(tmp_path / "cache")) == 1  # one entry per pack file, replaced, never piling up


def test_a_cache_hit_is_read_from_the_file_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE.format(title="Real", answer="Yuri Gagarin", hint="first"), encoding="utf-8")
    cache = PackCache(tmp_path / "cache")
    load_pack(path, cache)
    [file] = cache_files(tmp_path / "cache")
    entry = json.loads(file.read_text(encoding="utf-8"))
    entry["pack"]["title"] = "Title from the cache"
    file.write_text(json.dumps(entry), encoding="utf-8")
    assert load_pack(path, cache).title == "Title from the cache"


DAMAGE = {
    "garbage": b"\x00\xff not json at all",
    "truncated": None,  # the real entry cut in half
    "wrong shape": b'{"key": "x", "pack": 5}',
    "right key, wrong shape": None,  # the real key with a pack that is not a pack
    "empty": b"",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_entry_is_a_miss_and_is_replaced(damage: str, tmp_path: Path) -> None:
    path = BUNDLED[0]
    cache = PackCache(tmp_path)
    expected = every_field(load_pack(path))
    load_pack(path, cache)
    [file] = cache_files(tmp_path)
    good = file.read_bytes()
    if damage == "truncated":
        file.write_bytes(good[: len(good) // 2])
    elif damage == "right key, wrong shape":
        file.write_text(json.dumps({"key": json.loads(good)["key"], "pack": [1, 2, 3]}), encoding="utf-8")
    else:
        file.write_bytes(DAMAGE[damage])
    assert every_field(load_pack(path, cache)) == expected
    assert file.read_bytes() == good  # the damaged entry was rewritten


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_cache_folder_that_cannot_be_written_only_costs_a_parse(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert every_field(load_pack(BUNDLED[0], PackCache(folder))) == every_field(load_pack(BUNDLED[0]))
        assert cache_files(folder) == []
    finally:
        folder.chmod(0o700)


def test_a_cache_in_place_of_a_file_only_costs_a_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    assert every_field(load_pack(BUNDLED[0], PackCache(blocker))) == every_field(load_pack(BUNDLED[0]))


def test_the_code_version_covers_every_module_of_orbitquiz() -> None:
    package = Path(__import__("orbitquiz").__file__).parent
    modules = [*package.glob("*.py"), *(package / "readers").glob("*.py")]
    assert modules and all(f"/{module.name}:" in code_version() for module in modules)


def test_the_code_version_covers_the_modules_of_every_reader_package() -> None:
    """A reader split into a package (readers/gift/) is code too: editing any of its modules makes a new version."""
    readers = Path(__import__("orbitquiz").__file__).parent / "readers"
    modules = [path for path in readers.glob("*/*.py") if path.parent.name != "__pycache__"]
    assert modules and all(f"/{module.parent.name}/{module.name}:" in code_version() for module in modules)


def test_a_cached_article_starts_without_the_yaml_and_tag_readers(tmp_path: Path) -> None:
    """What the cache is for: a returning player's round starts without importing PyYAML or the tag reader."""
    path = BUNDLED[0]
    assert path.suffix == ".md"
    load_pack(path, PackCache(tmp_path))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from orbitquiz.readers import load_pack\n"
        "from orbitquiz.readers.cache import PackCache\n"
        f"pack = load_pack({str(path)!r}, PackCache(Path({str(tmp_path)!r})))\n"
        "print(len(pack.facts), 'yaml' in sys.modules, 'orbitquiz.readers.tagged' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(len(load_pack(path).facts)), "False", "False"]
