"""An article's front matter: YAML between two '---' lines, read safely (no aliases, no control characters, a
bounded size) and checked key by key, each problem at its line and column."""

from __future__ import annotations

from typing import Any

import yaml

from orbitquiz.model import Problem
from orbitquiz.readers.common import LineIndex

FRONT_MATTER_KEYS = ("title", "source", "language", "distractors")
#: Characters of front matter read as YAML: a few lines are the norm; a thousand distractors fit many times over.
MAX_FRONT_MATTER = 256_000


def split_front_matter(text: str, path: str) -> tuple[dict | None, str, list[Problem]]:
    """The validated front matter (None if it is broken or missing), the body after it, and the problems found.

    For the suggester, which keeps a teacher's front matter when it adds tags to an article (and gives ``text``
    with its line breaks made ``\\n``, as every reader gets it)."""
    problems: list[Problem] = []
    meta, body, _ = front_matter(text, path, problems)
    return meta, body, problems


def front_matter(text: str, path: str, problems: list[Problem]) -> tuple[dict | None, str, int]:
    """The validated front matter, the body after it, and the body's first line number."""
    how = "start the file with front matter: a '---' line, 'title: ...', and another '---' line"
    if not text.startswith("---\n"):
        problems.append(Problem(path, 1, 1, f"missing title — {how}"))
        return None, text, 1
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        problems.append(Problem(path, 1, 1, "front matter is not closed — add a '---' line after it"))
        return None, text, 1
    source, body = text[4 : end + 1], text[end + 5 :]
    body_line = source.count("\n") + 3
    if len(source) > MAX_FRONT_MATTER:
        # PyYAML reads some 40,000 lines a second here: a front matter of megabytes would stall the game.
        problems.append(Problem(path, 2, 1, f"the front matter is {len(source) / 1e6:.1f} MB; it may be at most "
                                f"{MAX_FRONT_MATTER // 1000} KB — keep it to a title, a source and distractor lists"))
        return None, body, body_line

    def place(index: int) -> tuple[int, int]:
        # YAML also breaks lines at \x85 and \u2028; count only the reader's own line breaks.
        index = max(0, min(index, len(source)))
        return source.count("\n", 0, index) + 2, index - (source.rfind("\n", 0, index) + 1) + 1

    loader = None
    try:
        loader = _FrontMatterLoader(source)  # refuses a NUL or other control character at once
        node = loader.get_single_node()
        keys = _key_offsets(node)
        meta = None if node is None else loader.construct_document(node)
    except RecursionError:
        problems.append(Problem(path, 2, 1, "front matter nests too deeply — keep it to plain 'key: value' lines"))
        return None, body, body_line
    except _AliasError as error:
        problems.append(Problem(path, *place(error.index), f"front matter uses the YAML alias '{_short(error.name)}' "
                                "— write the value out in full (aliases are refused: a few lines of them can "
                                "stand for billions of values)"))
        return None, body, body_line
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = getattr(error, "context_mark", None)
        if mark is not None and context is not None and mark.index >= len(source.rstrip()):
            mark = context  # "found end of stream": the unclosed bracket or quote is where the trouble began
        # A character YAML refuses (NUL, other control characters) is a ReaderError, which has no mark.
        index = mark.index if mark else getattr(error, "position", 0)
        if isinstance(error, yaml.reader.ReaderError):
            code = error.character if isinstance(error.character, int) else ord(error.character[:1] or "\0")
            what = f"the character U+{code:04X} is not allowed in it"
        else:
            what = getattr(error, "problem", None) or "invalid YAML"
        problems.append(Problem(path, *place(index), f"front matter is not valid YAML: {what} — fix the YAML"))
        return None, body, body_line
    finally:
        if loader is not None:
            loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Problem(path, 2, 1, "front matter must be 'key: value' lines — start with 'title: ...'"))
        return None, body, body_line

    # Keys are found by the offsets YAML gave them: searching the text once per key made a front matter of many
    # unknown keys take minutes (quadratic). Lines are counted on from the previous key for the same reason.
    lines = LineIndex(source, 2)

    def at(key: object) -> tuple[int, int]:
        index = keys.get(str(key))
        return (2, 1) if index is None else lines.position(index)

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            problems.append(
                Problem(path, *at(key), f"unknown front matter key '{_short(str(key))}' is ignored — known keys: "
                        + ", ".join(FRONT_MATTER_KEYS), "warning")
            )
    ok = True
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(path, *at("title"), "missing title — add 'title: ...' to the front matter"))
        ok = False
    for key in ("source", "language"):
        if key in meta and not isinstance(meta[key], str):
            problems.append(Problem(path, *at(key), f"'{key}' must be text — quote it"))
            ok = False
    pools: dict[str, tuple[str, ...]] = {}
    raw = meta.get("distractors", {}) or {}
    if not isinstance(raw, dict):
        problems.append(Problem(path, *at("distractors"), "'distractors' must map a fact type to a list of wrong "
                                "answers, e.g. 'person: [Oleg Novitsky, Pyotr Dubrov]'"))
        ok = False
    else:
        for type_, values in raw.items():
            if isinstance(values, (str, int, float)):
                values = [values]
            if not isinstance(values, list) or not all(isinstance(v, (str, int, float)) for v in values):
                problems.append(Problem(path, *at("distractors"), f"distractors for '{type_}' must be a list of "
                                        "answers, e.g. [A, B, C]"))
                ok = False
                continue
            pools[str(type_)] = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    if not ok:
        return None, body, body_line
    assert isinstance(title, str)  # checked above: not ok otherwise
    meta["title"] = title.strip()
    meta["distractors"] = pools
    return meta, body, body_line


class _AliasError(yaml.YAMLError):
    def __init__(self, name: str, index: int) -> None:
        super().__init__(name)
        self.name, self.index = name, index


class _FrontMatterLoader(yaml.SafeLoader):
    """safe_load, refusing aliases and reporting a value Python cannot hold at its position."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # An alias makes the data a graph whose tree is exponentially larger than the text ("billion laughs"):
        # whatever walks it later (a check, a copy, a cache in JSON) would run out of time or memory.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasError("*" + str(event.anchor), event.start_mark.index)
        return super().compose_node(parent, index)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, ArithmeticError, TypeError) as error:
            # An int of more than 4,300 digits, a date such as 2021-13-45: PyYAML lets Python's error through.
            raise yaml.constructor.ConstructorError(None, None, f"cannot read this value ({_short(str(error))})",
                                                    node.start_mark) from None


def _key_offsets(node: yaml.Node | None) -> dict[str, int]:
    """Where each top-level key of the front matter starts (its first occurrence), by its text."""
    offsets: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                offsets.setdefault(key.value, key.start_mark.index)
    return offsets


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
