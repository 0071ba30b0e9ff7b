"""Hostile input for every reader: whatever the file holds, reading it gives a Pack or a PackError with a position.

Never another exception, never a hang, never unbounded memory. The properties here try a few dozen examples each
in the default suite; ``make fuzz`` (ORBITQUIZ_HYPOTHESIS=fuzz) tries thousands and reads the big files at 50 MB.
The big cases run in a subprocess under an address-space limit and a timeout: the timeout is a hang bound, not a
speed claim (speed is measured in bench/, not asserted).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from orbitquiz.model import Pack, PackError
from orbitquiz.readers import MAX_PACK_BYTES, decode, load_pack, parse

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = [path for path in [ROOT / "seeds/first-film.md", *sorted((ROOT / "questions").iterdir())]
           if path.suffix in (".md", ".gift", ".aiken", ".csv") and path.name != "README.md"]
EXTENSIONS = [".md", ".gift", ".aiken", ".csv", ".tsv", ".txt", ".xlsx"]  # a .txt: Aiken, GIFT or cards
FUZZ = os.environ.get("ORBITQUIZ_HYPOTHESIS") == "fuzz"
#: Each property draws a whole file and reads it: few examples in `make test`, the profile's many in `make fuzz`.
FEW = settings(max_examples=settings.default.max_examples if FUZZ else 30,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                      HealthCheck.filter_too_much, HealthCheck.data_too_large])


# --- the invariant --------------------------------------------------------------------------------------------


def reader_lines(text: str) -> int:
    """How many lines the readers see in text (their line breaks: \\n, \\r\\n, \\r)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check_outcome(read, path: str, lines: int) -> Pack | PackError:
    """Call ``read``; a PackError must place every problem in the file, a Pack must be well-formed."""
    try:
        pack = read()
    except PackError as error:
        assert error.problems and any(p.severity == "error" for p in error.problems)
        for problem in error.problems:
            assert problem.path == path and problem.message
            assert 1 <= problem.line <= lines + 1, (problem, lines)
            assert problem.column >= 1, problem
        return error
    assert isinstance(pack, Pack) and pack.path == path
    assert isinstance(pack.title, str) and pack.title.strip()
    assert pack.facts or pack.questions
    for fact in pack.facts:
        assert fact.answer.strip() and fact.type and fact.answer == " ".join(fact.answer.split())
        assert 1 <= fact.source.line <= lines and fact.column >= 1
        assert fact.source.sentence[fact.source.start : fact.source.end] == fact.answer
    for question in pack.questions:
        assert question.prompt and question.kind in ("choice", "fill", "multi", "match") and question.id
        assert 1 <= question.source.line <= lines
        if question.kind == "choice":
            assert len(question.options) >= 2 and question.answer in question.options
        if question.kind == "multi":  # every weight belongs to an option, and the positive ones make 100%
            assert len(question.options) >= 2 and {k.text for k in question.keys} <= set(question.options)
            assert round(sum(k.credit for k in question.keys if k.credit > 0), 2) == 1
        if question.kind == "match":
            assert len(question.pairs) >= 2 and {match for _, match in question.pairs} <= set(question.options)
    assert len({q.id for q in pack.questions}) == len(pack.questions)
    for warning in pack.warnings:
        assert warning.severity == "warning" and warning.path == path
        assert 1 <= warning.line <= lines + 1 and warning.column >= 1
    return pack


def check_text(text: str, path: str) -> Pack | PackError:
    return check_outcome(lambda: parse(text, path), path, reader_lines(text))


def check_file(data: bytes, folder: Path, name: str) -> Pack | PackError:
    """load_pack on a real file, so decoding is read too; lines are counted as decode counts them."""
    file = folder / name
    file.write_bytes(data)
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    return check_outcome(lambda: load_pack(file), str(file), lines)


# --- input strategies -----------------------------------------------------------------------------------------

#: Characters that mean something to some reader, or to YAML, or to a decoder.
SPECIAL = [*"[]{}()<>\\\"'=~#:%.,;|*_`-!?&/$\t\n\r ", "\x00", "\ufeff", "\x85", "\u2028", "\ue000", "\u2060", "é",
           "\U0001f680"]
TOKENS = {
    ".md": ["---\n", "title: T\n", "distractors:\n", "  person: [a, b]\n", "[Soyuz]{.craft}", "[x]{.p wrong=\"a|b\"}",
            "[", "]", "{", "}", "]{.", "{.", "hint=\"", "\\[", "](u)", "\n\n", "# ", "- ", "> ", "&a ", "*a",
            "!!python/object:os.system ", "[[", "]]", "{{", "}}", ". ", "St. "],
    ".gift": ["::t::", "{", "}", "=", "~", "#", "####", "%50%", "{#", "1..2", "3:1", "$CATEGORY: a/b\n", "[html]",
              "[markdown]", "<p>", "<!--", "<a", "</", "<![", "&amp;", "\\{", "\\n", "//", "\n\n", "TRUE", "->"],
    ".aiken": ["Q?\n", "A. a\n", "B) b\n", "C. c\n", "ANSWER: A\n", "answer:b\n", "Z. z\n", "\n", "A.\n", "the "],
    ".csv": ["question,answer,wrong1,accept,hint,type\n", "question;answer\n", "question\tanswer\n", ",", ";", "\t",
             '"', '""', "\n", "Q?", "a", "|", "x",
             # Kahoot's template and Anki's export
             ",Question,Answer 1,Answer 2,Answer 3,Correct answer(s)\n", "Option 1", "Correct Answer", "1,3", "9",
             "#separator:tab\n", "#separator:Pipe\n", "#html:true\n", "#tags column:3\n", "#guid column:1\n"],
}
TOKENS[".tsv"] = TOKENS[".xlsx"] = TOKENS[".csv"]
TOKENS[".txt"] = TOKENS[".aiken"] + TOKENS[".gift"] + ["\t", "#separator:semicolon\n", "#html:true\n"]


def format_like(extension: str) -> st.SearchStrategy[str]:
    """Text made of the format's own pieces, special characters and arbitrary text."""
    piece = st.sampled_from(TOKENS[extension]) | st.sampled_from(SPECIAL) | st.text(max_size=6)
    return st.lists(piece, max_size=60).map("".join)


def bundled_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- arbitrary text and bytes ---------------------------------------------------------------------------------


@FEW
@given(st.sampled_from(EXTENSIONS), st.data())
def test_arbitrary_text_in_every_format_is_a_pack_or_a_placed_error(extension, data):
    text = data.draw(st.text() | format_like(extension))
    check_text(text, "fuzz" + extension)


@FEW
@given(st.sampled_from(BUNDLED), st.data())
def test_a_bundled_pack_with_hostile_edits_is_a_pack_or_a_placed_error(path, data):
    """Insert and delete special pieces anywhere in a real pack: most of the file stays valid around them."""
    text = bundled_text(path)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()) and at < len(text):
            text = text[:at] + text[at + data.draw(st.integers(1, 20)) :]
        else:
            piece = data.draw(st.sampled_from(TOKENS[path.suffix]) | st.sampled_from(SPECIAL))
            text = text[:at] + piece + text[at:]
    check_text(text, path.name)


@FEW
@given(st.sampled_from(EXTENSIONS), st.binary(max_size=300))
def test_arbitrary_bytes_through_load_pack_are_a_pack_or_a_placed_error(tmp_path, extension, data):
    check_file(data, tmp_path, "fuzz" + extension)


@FEW
@given(st.sampled_from(BUNDLED), st.data())
def test_every_truncation_of_a_bundled_pack_is_a_pack_or_a_placed_error(tmp_path, path, data):
    raw = path.read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    outcome = check_file(raw[:cut], tmp_path, path.name)
    if isinstance(outcome, PackError) and outcome.message.startswith("the file is not UTF-8"):
        assert raw[:cut].decode("utf-8", errors="ignore").encode() != raw[:cut]  # only a character cut in half


# --- line endings, BOM, NUL, mixed encodings ------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
@pytest.mark.parametrize(("bom", "newline"), [(b"\xef\xbb\xbf", b"\n"), (b"", b"\r\n"), (b"", b"\r"),
                                             (b"\xef\xbb\xbf", b"\r\n")])
def test_a_bom_and_crlf_or_cr_line_endings_read_as_the_plain_file(tmp_path, path, bom, newline):
    file = tmp_path / path.name
    file.write_bytes(bom + path.read_bytes().replace(b"\n", newline))
    assert isinstance(check_file(file.read_bytes(), tmp_path, path.name), Pack)
    plain = parse(decode(path.read_bytes(), path.name), path.name)  # the same name: Sources compare equal
    again = parse(decode(file.read_bytes(), path.name), path.name)
    assert (again.facts, again.questions, again.title) == (plain.facts, plain.questions, plain.title)
    assert [(w.line, w.column, w.message) for w in again.warnings] == [(w.line, w.column, w.message)
                                                                       for w in plain.warnings]


@FEW
@given(st.sampled_from(BUNDLED), st.data())
def test_crlf_or_cr_in_text_already_in_memory_reads_as_lf(path, data):
    """parse() gets text without decode's help (the benchmark, the cache): each reader handles \\r itself."""
    text = bundled_text(path)
    # One ending per file: a "\r" line before an empty "\n" line would make a CRLF, one break where LF has two.
    ending = data.draw(st.sampled_from(["\r\n", "\r"]))
    mixed = "".join(line + ending for line in text.split("\n")[:-1])
    plain = parse(text.rstrip("\n") + "\n", path.name)
    again = check_text(mixed, path.name)
    assert isinstance(again, Pack) and (again.facts, again.questions) == (plain.facts, plain.questions)


#: Bytes other encodings put where UTF-8 has a character: latin-1 é, cp1252 curly quotes and dash, a lone
#: continuation byte, an overlong form, a surrogate, the start of a 4-byte sequence cut short.
FOREIGN = [b"\xe9", b"\x92", b"\x93\x94", b"\x96", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf0\x9f"]


@FEW
@given(st.sampled_from(BUNDLED), st.sampled_from(FOREIGN), st.data())
def test_a_foreign_byte_inside_utf8_is_reported_where_it_is(tmp_path, path, foreign, data):
    text = bundled_text(path)
    at = data.draw(st.integers(0, len(text)))
    before = text[:at]
    error = check_file(before.encode() + foreign + text[at:].encode(), tmp_path, path.name)
    assert isinstance(error, PackError) and "not UTF-8" in error.message
    line = before.count("\n") + 1
    assert (error.line, error.column) == (line, len(before) - (before.rfind("\n") + 1) + 1)


@FEW
@given(st.sampled_from(BUNDLED), st.lists(st.integers(min_value=0), min_size=1, max_size=5),
       st.sampled_from(["\x00", "\ufeff", "\x85", "\u2028", "\x0b", "\x1b"]))
def test_nul_and_other_odd_characters_anywhere_are_a_pack_or_a_placed_error(path, places, char):
    text = bundled_text(path)
    for place in places:
        at = place % (len(text) + 1)
        text = text[:at] + char + text[at:]
    check_text(text, path.name)


# --- nesting --------------------------------------------------------------------------------------------------

FM = "---\ntitle: T\n---\n"


@FEW
@given(st.integers(1, 3000 if FUZZ else 400), st.sampled_from(["{", "[", "[[x]{.p}", "{=a ~", "]{.", "{.", "[x]{"]),
       st.sampled_from(EXTENSIONS[:3]))
def test_deeply_nested_brackets_and_braces_are_a_pack_or_a_placed_error(depth, piece, extension):
    head = {".md": FM + "A ", ".gift": "Q? ", ".aiken": "Q?\nA. "}[extension]
    text = head + piece * depth + "x" + "]{.x}" * depth + "}" * depth + "\n"
    check_text(text, "deep" + extension)


# --- front matter ---------------------------------------------------------------------------------------------

YAML_VALUES = [
    "T", "'quoted'", '"esc \\x00 \\u2028"', "[a, b]", "{a: b}", "&a [x, y]", "*a", "&b x", "*b", "!!python/object"
    "/apply:os.system [echo]", "!!python/name:os.system", "!!binary aGk=", "!!set {a, b}", "!!float 1e9999",
    "1" * 5000, "0x" + "f" * 5000, "2021-13-45", "2021-02-30 10:00:00", "1:2:3:4:5", "|\n  block\n  text",
    ">-\n  folded", "null", "~", "true", "[" * 50, "{" * 50 + "a", "? complex\n: key", "<<: {title: X}",
    "- item", "\x00", "\t", "%YAML 1.1", "--- x", "... ", "@", "`", "x" * 2000, "é" * 300,
]


@st.composite
def front_matter(draw) -> str:
    keys = st.sampled_from(["title", "source", "language", "distractors", "person", "x", "&a k", "*a", "? [a]",
                            "1", "true", "<<", "-"])
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        indent = draw(st.sampled_from(["", "", "  ", "\t"]))
        lines.append(f"{indent}{draw(keys)}: {draw(st.sampled_from(YAML_VALUES))}")
    return "---\n" + "\n".join(lines) + draw(st.sampled_from(["\n---\n", "\n", "\n---", "\n--- \n"])) + draw(
        st.sampled_from(["A [b]{.c}.\n", "", "[[x]{.p}\n"]))


@FEW
@given(front_matter() | st.builds(lambda s: "---\n" + s + "\n---\nA [b]{.c}.\n", st.text()))
def test_hostile_front_matter_is_a_pack_or_a_placed_error(text):
    check_text(text, "front.md")


BILLION_LAUGHS = (
    "---\n"
    "title: T\n"
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
    "distractors: {person: *i}\n"
    "---\n"
    "A [b]{.person}.\n"
)


def one_problem(text: str, path: str = "a.md"):
    with pytest.raises(PackError) as info:
        parse(text, path)
    return info.value


def test_a_yaml_bomb_is_refused_at_its_first_alias():
    error = one_problem(BILLION_LAUGHS)
    assert (error.line, error.column) == (4, 8) and "alias '*a'" in error.message


def test_an_alias_of_a_title_is_refused_too():
    error = one_problem("---\nx: &t Title\ntitle: *t\n---\nA [b]{.c}.\n")
    assert (error.line, error.column) == (3, 8) and "write the value out in full" in error.message


@pytest.mark.parametrize(("value", "words"), [
    ("1" * 5000, "Exceeds the limit"),  # was a ValueError out of PyYAML
    ("2021-13-45", "month must be in 1..12"),  # was a ValueError
    ("2021-02-30 10:00:00", "day is out of range"),
    ("!!python/object/apply:os.system [echo]", "could not determine a constructor"),
])
def test_a_yaml_value_python_cannot_hold_is_an_error_at_the_value(value, words):
    error = one_problem(f"---\ntitle: T\nn: {value}\n---\nA [b]{{.c}}.\n")
    assert (error.line, error.column) == (3, 4) and words in error.message


def test_a_nul_in_front_matter_is_reported_where_it_is():
    error = one_problem("---\ntitle: T\nsource: a\x00b\n---\nA [b]{.c}.\n")  # was reported at 2:1
    assert (error.line, error.column) == (3, 10) and "U+0000" in error.message


def test_unknown_keys_are_placed_by_the_yaml_not_by_a_search():
    pack = parse('---\ntitle: T\n"quoted key": 1\n  # comment\nother: 2\n---\nA [b]{.c} [d]{.c} [e]{.c} [f]{.c}.\n',
                 "a.md")
    assert [(w.line, w.column) for w in pack.warnings] == [(3, 1), (5, 1)]


# --- regressions found by the fuzzers (positions exact) -------------------------------------------------------


def test_many_distinct_options_out_of_order_are_reported_once_each_block():
    """A repeat was looked for by comparing with every earlier option: 20,000 option lines took 100 s."""
    text = "Q?\n" + "".join(f"A. a{i}\n" for i in range(3000)) + "ANSWER: A\n"
    error = one_problem(text, "x.aiken")
    assert [(p.line, p.column) for p in error.problems] == [(3, 1)]
    assert "option letter A is out of order" in error.message


def test_a_repeated_option_far_down_a_long_block_is_still_found():
    # A repeat is a warning now (the repeat is left out), found in the block's index of options, not by a rescan.
    text = "Q?\n" + "".join(f"{chr(65 + i)}. a{i}\n" for i in range(25)) + "Z. a7\nANSWER: A\n"
    pack = parse(text, "x.aiken")
    assert [(p.line, p.column, p.severity) for p in pack.warnings] == [(27, 1, "warning")]
    assert "option Z repeats option H 'a7'" in pack.warnings[0].message
    assert len(pack.questions[0].options) == 25


@pytest.mark.parametrize("markup", ["<!--", "<a", "<![", "</"])
def test_unclosed_html_markup_in_gift_is_text(markup):
    """html.parser read every unclosed '<' again to the end of the text: 40,000 '<!--' took 25 s."""
    pack = parse(f"[html]Question {markup * 3} here {{=yes ~no}}\n", "x.gift")
    assert pack.questions[0].prompt == f"Question {markup * 3} here"


def test_closed_html_markup_in_gift_is_still_read_as_html():
    pack = parse("[html]<p>Who <!-- not this --><b>flew</b>&amp;<br>landed?</p> {=Gagarin ~Glenn}\n", "x.gift")
    assert pack.questions[0].prompt == "Who flew&\nlanded?"


def test_gift_positions_after_escapes_on_later_lines_are_exact():
    """Offsets are kept as runs per line and per escape: the error still points at its own character."""
    text = "Q \\{ \\n \\\\ one\n  two \\: \\~ {=a\n ~b =c =}\n"
    error = one_problem(text, "x.gift")
    assert (error.line, error.column) == (3, 8) and "empty answer after '='" in error.message


# --- the big cases, each in a subprocess under a memory limit -------------------------------------------------

#: Address-space limit for one big read: 2 GiB. The largest read measured (a 50 MB tagged article of a million
#: facts) peaks near 1 GB resident; Python, PyYAML and the regex engine map a few hundred MB more. A reader that
#: keeps several copies of a 50 MB file as lists of ints (36 bytes a character) fails this at once.
MEMORY_LIMIT = 2 * 1024**3
#: The hang bound: far above any linear read of these inputs on a loaded 2-core box, far below a quadratic one.
TIMEOUT = 300 if FUZZ else 120
#: The size of the big files: 50 MB under `make fuzz`; 2 MB in `make test`, where each read must take seconds.
BIG = 50_000_000 if FUZZ else 200_000
#: How many tags, levels, keys or lines the huge cases have: 100,000 under `make fuzz`, 2,000 in `make test`.
N = 100_000 if FUZZ else 2_000
#: A pack file over the limit: 50 MB under `make fuzz`, just over the limit in `make test`.
OVER = 50_000_000 if FUZZ else MAX_PACK_BYTES + 500_000

CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
n = {n}
from orbitquiz.model import PackError
from orbitquiz.readers import load_pack, parse
{build}
started = time.perf_counter()
try:
    pack = {call}
    outcome = {{"kind": "pack", "facts": len(pack.facts), "questions": len(pack.questions), "title": pack.title}}
except PackError as error:
    outcome = {{"kind": "error", "problems": [[p.path, p.line, p.column, p.severity, p.message[:200]]
                                               for p in error.problems[:20]], "count": len(error.problems),
               "first": [error.line, error.column, error.message[:200]]}}
outcome["seconds"] = time.perf_counter() - started
outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
outcome["lines"] = text.count("\\n") + 1
print(json.dumps(outcome))
"""


def run_child(build: str, call: str) -> dict:
    """Run ``build`` (which sets ``text`` and ``path``, and may use ``n``, the scale) then ``call`` in a fresh Python under the limits."""
    code = CHILD.format(limit=MEMORY_LIMIT, n=N, build=textwrap.dedent(build), call=call)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.splitlines()[-1])
    print(outcome)  # the measurements, for `pytest -s`
    if outcome["kind"] == "error":
        for path, line, column, _, _ in outcome["problems"]:
            assert path and 1 <= line <= outcome["lines"] + 1 and column >= 1
    return outcome


def repeat_to(name: str, size: int) -> str:
    """Build code: a bundled pack's questions repeated to ``size`` bytes (the header and front matter once)."""
    return f"""
        source = open({str(ROOT / name)!r}, encoding="utf-8").read()
        if {name!r}.endswith(".md"):
            end = source.index("\\n---\\n", 4) + 5
            head, body = source[:end], source[end:] + "\\n"
        elif {name!r}.endswith(".csv"):
            head, body = source.split("\\n", 1)[0] + "\\n", source.split("\\n", 1)[1]
        else:
            head, body = "", source + "\\n\\n"
        text = head + body * ({size} // len(body) + 1)
        path = {Path(name).name!r}
    """


@pytest.mark.parametrize("name", ["seeds/first-film.md", "questions/space-race.gift", "questions/planets.aiken",
                                  "questions/space-stations.csv"])
def test_a_big_pack_in_memory_is_read_within_the_bounds(name):
    outcome = run_child(repeat_to(name, BIG), "parse(text, path)")
    assert outcome["kind"] == "pack" and (outcome["facts"] or outcome["questions"])


@pytest.mark.parametrize("name", ["seeds/first-film.md", "questions/space-race.gift", "questions/planets.aiken",
                                  "questions/space-stations.csv"])
def test_a_pack_file_over_the_limit_is_refused_with_its_size(tmp_path, name):
    file = tmp_path / Path(name).name
    build = repeat_to(name, OVER) + f"""
        path = {str(file)!r}
        open(path, "w", encoding="utf-8").write(text)
    """
    outcome = run_child(build, "load_pack(path)")
    assert outcome["kind"] == "error" and outcome["count"] == 1
    line, column, message = outcome["first"]
    assert (line, column) == (1, 1)
    assert message.startswith(f"the file is {OVER // 1_000_000}.") and f"at most {MAX_PACK_BYTES // 1_000_000} MB" in message


def test_a_pack_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path):
    file = tmp_path / "big.aiken"
    file.write_bytes(b"x" * (MAX_PACK_BYTES - 1) + b"\xff")  # read to its last byte: cheap to decode, not to parse
    with pytest.raises(PackError) as info:
        load_pack(file)
    assert (info.value.line, info.value.column) == (1, MAX_PACK_BYTES) and "not UTF-8" in info.value.message
    file.write_bytes(b"x" * (MAX_PACK_BYTES + 1))
    with pytest.raises(PackError) as info:
        load_pack(file)
    assert (info.value.line, info.value.column) == (1, 1) and info.value.message.startswith("the file is 16.0 MB")


HUGE_CASES = {
    "n tags on one line": ("""
        text = "---\\ntitle: T\\n---\\n" + " ".join(f"[w{i}]{{.word}}" for i in range(n)) + ".\\n"
        path = "line.md"
    """, "pack"),
    "n nested brackets in an article": ("""
        text = "---\\ntitle: T\\n---\\nA " + "[" * n + "x" + "]{.x}" * n + "\\n"
        path = "deep.md"
    """, None),
    "n nested brackets in front matter": ("""
        text = "---\\ntitle: " + "[" * n + "\\n---\\nA [b]{.c}.\\n"
        path = "deep.md"
    """, "error"),
    "n nested braces in GIFT": ("""
        text = "Q? " + "{" * n + "=a" + "}" * n + "\\n"
        path = "deep.gift"
    """, "error"),
    "5,000 unknown front matter keys": ("""
        text = "---\\ntitle: T\\n" + "".join(f"k{i}: v\\n" for i in range(5_000)) + "---\\nA [b]{.c}.\\n"
        path = "keys.md"
    """, "pack"),
    "100,000 unknown front matter keys": ("""
        text = "---\\ntitle: T\\n" + "".join(f"k{i}: v\\n" for i in range(100_000)) + "---\\nA [b]{.c}.\\n"
        path = "keys.md"
    """, "error"),
    "a 10 MB title": ("""
        text = "---\\ntitle: " + "x" * 10_000_000 + "\\n---\\nA [b]{.c}.\\n"
        path = "title.md"
    """, "error"),
    "a YAML bomb of 30 levels": ("""
        lines = ["---", "title: T", "l0: &l0 [lol, lol]"]
        lines += [f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]" for i in range(1, 30)]
        text = "\\n".join(lines) + "\\ndistractors: {person: *l29}\\n---\\nA [b]{.person}.\\n"
        path = "bomb.md"
    """, "error"),
    "10n option lines": ("""
        text = "Q?\\n" + "".join(f"A. a{i}\\n" for i in range(10 * n)) + "ANSWER: A\\n"
        path = "options.aiken"
    """, "error"),
    "a GIFT question of 20n words in one block": ("""
        text = "Q \\\\{ " + "word \\\\: " * 20 * n + "{=a ~b}\\n"
        path = "one.gift"
    """, "pack"),
    "10n unclosed HTML comments": ("""
        text = "[html]Q " + "<!--" * 10 * n + " {=a ~b}\\n"
        path = "html.gift"
    """, "pack"),
    "a CSV row of 10n cells": ("""
        text = "question,answer\\n" + "Q?,a," + ",".join("x" * 10 * n) + "\\n"
        path = "wide.csv"
    """, "error"),
    "a CSV quote never closed over 10n lines": ("""
        text = "question,answer\\nQ?,\\"" + "a,b\\n" * 10 * n
        path = "quote.csv"
    """, "error"),
}


@pytest.mark.parametrize("case", HUGE_CASES, ids=list(HUGE_CASES))
def test_huge_and_deep_inputs_are_read_within_the_bounds(case):
    build, expected = HUGE_CASES[case]
    outcome = run_child(build, "parse(text, path)")
    assert expected is None or outcome["kind"] == expected, outcome


@example(b"\xef\xbb\xbf" + FM.encode() + b"A [b]{.c}\r\n")
@FEW
@given(st.binary(max_size=200))
def test_decode_places_an_undecodable_byte_on_its_line(data):
    try:
        text = decode(data, "d.md")
    except PackError as error:
        (problem,) = error.problems
        lines = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        assert 1 <= problem.line <= len(lines) and 1 <= problem.column <= len(lines[problem.line - 1]) + 1
        return
    assert "\r" not in text and not text.startswith("\ufeff")
