"""The tagged-Markdown reader: exact error positions, every fact's fields, decoding, and property tests.

Tests marked ``xfail(strict=True)`` pin down bugs that are reported but not fixed yet: when the fix lands they
start passing, strict xfail turns that into a failure, and the marker should be removed.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitquiz.model import Fact, Pack, PackError, Problem
from orbitquiz.readers import decode, load_pack, parse
from orbitquiz.readers.tagged import ABBREVIATIONS, ATTRIBUTES

FM = "---\ntitle: Test\n---\n"  # the body starts on line 4


def read(text: str) -> Pack:
    return parse(text, "a.md")


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(PackError) as info:
        read(text)
    return info.value.problems


def errors_of(text: str) -> list[Problem]:
    return [p for p in problems_of(text) if p.severity == "error"]


def one_error(text: str) -> Problem:
    errors = errors_of(text)
    assert len(errors) == 1, [str(e) for e in errors]
    assert errors[0].path == "a.md"
    return errors[0]


def summary(fact: Fact) -> tuple:
    s = fact.source
    return (fact.answer, fact.type, s.line, fact.column, s.sentence, s.start, s.end)


# --- errors in spans: exact positions and a fix in every message -----------------------------------------------


SPAN_ERRORS = [
    # (id, body line 4, column, words the message must contain)
    ("unknown attribute", 'He flew [Soyuz]{.craft colour="red"} today.', 24,  # at 'colour'
     ["unknown attribute 'colour'", "allowed:", *ATTRIBUTES]),
    ("no class", 'He flew [Soyuz]{wrong="Progress"} today.', 16,  # at '{'
     ["no type", "{.person}"]),
    ("empty attributes", "He flew [Soyuz]{} today.", 16, ["no type", "{.person}"]),
    ("two classes", "He flew [Soyuz]{.craft .ship} today.", 16, ["2 types", ".craft", ".ship", "keep exactly one"]),
    ("class not a type name", "He flew [Soyuz]{.Craft} today.", 17,  # at '.Craft'
     ["'.Craft' is not a fact type", "lowercase"]),
    ("unterminated span: no ]", "He flew [Soyuz{.craft} today.", 9,  # at '['
     ["unterminated span", "[text]{.type}"]),
    ("unterminated span: no }", "He flew [Soyuz]{.craft today.", 16,  # at '{'
     ["unterminated span", "'{' is not closed", "'}'"]),
    ("unterminated quote", 'He flew [Soyuz]{.craft hint="a rocket} today.', 29,  # at the opening '"'
     ["unterminated quote", 'close the attribute value with "']),
    ("unquoted value", "He flew [Soyuz]{.craft hint=rocket} today.", 24,  # at 'hint=rocket'
     ["cannot read 'hint=rocket'", 'double-quoted']),
    ("attribute twice", 'He flew [Soyuz]{.craft hint="a" hint="b"} today.', 33,  # at the second 'hint'
     ["'hint' is given twice", "keep one"]),
    ("empty span", "He flew []{.craft} today.", 9, ["empty span", "put the answer between the brackets"]),
    ("stray ]{", "He flew Soyuz]{.craft} today.", 14, ["never opened", "[text]{.type}"]),
]


@pytest.mark.parametrize(("body", "column", "words"), [c[1:] for c in SPAN_ERRORS], ids=[c[0] for c in SPAN_ERRORS])
def test_span_error_position_and_fix(body, column, words):
    error = one_error(FM + body + "\n")
    assert (error.line, error.column) == (4, column)
    for word in words:
        assert word in error.message
    assert str(error).startswith(f"a.md:4:{column}: ")


def test_pack_error_exposes_the_first_error():
    with pytest.raises(PackError) as info:
        read(FM + "Fine line.\nHe flew [Soyuz]{.craft colour=\"red\"} today.\n")
    error = info.value
    assert (error.path, error.line, error.column) == ("a.md", 5, 24)
    assert str(error).startswith("a.md:5:24: unknown attribute 'colour'")


def test_unterminated_span_across_a_paragraph_break_points_at_the_bracket():
    error = one_error(FM + "Intro.\nShe met [Yulia\n\nPeresild]{.person} there.\n")
    assert (error.line, error.column) == (5, 9)
    assert "unterminated span" in error.message and "[text]{.type}" in error.message


def test_line_break_inside_the_attributes_is_an_error_at_the_brace():
    error = one_error(FM + 'A [x]{.person\nhint="h"} here.\n')
    assert (error.line, error.column) == (4, 6)
    assert "line breaks" in error.message


def test_all_errors_are_reported_in_order():
    text = FM + (
        'A [x]{.person bad="1"} one.\n'          # line 4: unknown attribute at column 15
        "\n"
        "B [y]{} two.\n"                          # line 6: no class at column 6
        "C [z]{.c .d} three [w{.e} x.\n"          # line 7: two classes at 6, unterminated '[' at 20
    )
    problems = problems_of(text)
    assert [(p.line, p.column) for p in problems] == [(4, 15), (6, 6), (7, 6), (7, 20)]
    assert all(p.severity == "error" for p in problems)
    assert "unknown attribute" in problems[0].message
    assert "no type" in problems[1].message
    assert "2 types" in problems[2].message
    assert "unterminated span" in problems[3].message


def test_two_broken_spans_on_different_lines_give_two_problems():
    problems = problems_of(FM + "First [a]{.x .y} here.\nSecond [b]{.z oops=\"1\"} there.\n")
    assert [(p.line, p.column) for p in problems] == [(4, 10), (5, 15)]


def test_two_problems_in_one_span_are_both_reported():
    problems = problems_of(FM + 'A [x]{.Person foo="1"} here.\n')
    assert [(p.line, p.column) for p in problems] == [(4, 7), (4, 15)]


def test_front_matter_error_and_body_errors_are_all_reported():
    problems = problems_of("---\nsource: s\n---\nA [x]{.person bad=\"1\"}.\n")
    assert [(p.line, p.column) for p in problems] == [(2, 1), (4, 15)]


# --- front matter ------------------------------------------------------------------------------------------------


def test_no_front_matter_is_a_missing_title_at_1_1():
    error = one_error("Just [x]{.person} text.\n")
    assert (error.line, error.column) == (1, 1)
    assert "missing title" in error.message and "'---'" in error.message


def test_empty_file_is_a_missing_title():
    error = one_error("")
    assert (error.line, error.column) == (1, 1)
    assert "missing title" in error.message


def test_front_matter_without_title_points_at_its_first_line():
    error = one_error("---\nsource: s\nlanguage: ru\n---\nA.\n")
    assert (error.line, error.column) == (2, 1)
    assert "missing title" in error.message and "title: ..." in error.message


def test_empty_title_points_at_the_title_line():
    error = one_error('---\nsource: s\nlanguage: ru\ntitle: "  "\n---\nA.\n')
    assert (error.line, error.column) == (4, 1)
    assert "missing title" in error.message


def test_unclosed_front_matter():
    error = one_error("---\ntitle: T\nA [x]{.person}.\n")
    assert (error.line, error.column) == (1, 1)
    assert "not closed" in error.message and "'---'" in error.message


@pytest.mark.parametrize(
    ("front", "line", "column"),
    [
        ("title: T\nsource: a: b\n", 3, 10),               # the second ':' on line 3
        ("title: T\nsource: s\n\tlanguage: en\n", 4, 1),   # the tab on line 4
        ("title: T\n  bad: x\n", 3, 6),                    # ':' of an indented key on line 3
        ("title: T\ndistractors:\n  person: [a, b\n  craft: [c]\n", 5, 8),
    ],
    ids=["mapping value", "tab", "indentation", "unclosed list"],
)
def test_invalid_yaml_points_at_the_line_in_the_file(front, line, column):
    error = one_error(f"---\n{front}---\nA.\n")
    assert (error.line, error.column) == (line, column)
    assert "front matter is not valid YAML" in error.message and "fix the YAML" in error.message


def test_front_matter_that_is_not_a_mapping():
    error = one_error("---\n- a\n- b\n---\nA.\n")
    assert (error.line, error.column) == (2, 1)
    assert "'key: value'" in error.message


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ("title: T\nsource: [a]\n", 3, ["'source' must be text"]),
        ("title: T\nlanguage: 5\n", 3, ["'language' must be text"]),
        ("title: T\nsource: s\ndistractors: 5\n", 4, ["'distractors' must map", "person: ["]),
        ("title: T\ndistractors:\n  person: {a: 1}\n", 3, ["distractors for 'person'", "[A, B, C]"]),
    ],
)
def test_front_matter_values_of_the_wrong_kind(front, line, words):
    error = one_error(f"---\n{front}---\nA.\n")
    assert (error.line, error.column) == (line, 1)
    for word in words:
        assert word in error.message


def test_unknown_front_matter_key_is_a_warning_at_its_line():
    pack = read("---\ntitle: T\nsource: s\nauthor: me\n---\n[A]{.x}.\n")
    front_matter = [w for w in pack.warnings if w.line < 6]  # line 6 is the body's (its type has one candidate)
    assert [(w.line, w.column, w.severity) for w in front_matter] == [(4, 1, "warning")]
    assert "'author'" in pack.warnings[0].message and "title, source, language, distractors" in pack.warnings[0].message


def test_front_matter_values_reach_the_pack():
    pack = read("---\ntitle: '  Orbit  '\nsource: News\nlanguage: ru\ndistractors:\n  person: [A, ' B ', A, 7]\n"
                "---\n[Hi]{.x}.\n")
    assert (pack.title, pack.source, pack.language) == ("Orbit", "News", "ru")
    assert pack.distractors == {"person": ("A", "B", "7")}
    assert read(FM + "[Hi]{.x}.\n").language == "en"


def test_deeply_nested_front_matter_is_a_pack_error():
    text = "---\ntitle: T\nx: " + "[" * 1000 + "]" * 1000 + "\n---\nA.\n"
    problems_of(text)


@pytest.mark.parametrize("separator", ["\u2028", "\x85"])
def test_yaml_error_line_counts_only_newlines(separator):
    text = f"---\ntitle: T{separator * 5}source: [\n---\nA.\n"  # 5 lines by the reader's count
    error = one_error(text)
    assert error.line in (2, 3)  # the line of the '[' or the closing '---' (now 8: outside the text)


def test_a_carriage_return_is_a_line_break_in_front_matter_too():
    error = one_error("---\ntitle: T\r\r\r\r\rsource: [\n---\nA.\n")
    assert error.line == 8  # the closing '---', counting each CR as a line break as the reader does


# --- warnings ----------------------------------------------------------------------------------------------------


def test_thin_type_is_a_warning_with_a_position_and_the_pack_loads():
    pack = read(FM + "Intro.\nThen [Ann]{.person} met [Bob]{.person}.\n")
    assert [f.answer for f in pack.facts] == ["Ann", "Bob"]
    assert len(pack.warnings) == 1
    warning = pack.warnings[0]
    assert (warning.line, warning.column, warning.severity) == (5, 6, "warning")
    assert "'person'" in warning.message and "2 candidate" in warning.message
    assert "distractors: person:" in warning.message and 'wrong="..."' in warning.message
    assert str(warning).startswith("a.md:5:6: warning: ")


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\ndistractors:\n  person: [Cy, Di]\n---\n[Ann]{.person} met [Bob]{.person}.\n",
        FM + '[Ann]{.person wrong="Cy|Di|Ed"} met.\n',
        FM + "It took [12]{.number} days in [1961]{.year}.\n",
        FM + "It began on [12 April 1961]{.date} and ended on [16 June 1963]{.date}.\n",
    ],
    ids=["front-matter pool", "wrong=", "numeric types", "dates (their wrong options are computed)"],
)
def test_enough_candidates_give_no_warning(text):
    pack = read(text)
    assert pack.facts and pack.warnings == ()


# --- plain text: links, escapes, stray brackets --------------------------------------------------------------------


def test_a_link_is_plain_text():
    pack = read(FM + "See [the site](http://example.org/a) about [Soyuz]{.craft}.\n")
    assert [summary(f) for f in pack.facts] == [("Soyuz", "craft", 4, 44, "See the site about Soyuz.", 19, 24)]


def test_a_link_alone_is_no_fact_and_no_error_of_its_own():
    # The only problem is that nothing is tagged, said once after the front matter.
    (problem,) = problems_of(FM + "See [the site](http://example.org) now.\n")
    assert (problem.line, problem.column) == (4, 1) and "no fact is tagged" in problem.message


def test_escaped_brackets_are_plain_text():
    pack = read(FM + "A \\[note\\] and \\[x\\]{.person} and [Soyuz]{.craft}.\n")
    assert [f.answer for f in pack.facts] == ["Soyuz"]
    assert pack.facts[0].source.sentence == "A [note] and [x]{.person} and Soyuz."


def test_literal_brackets_are_plain_text():
    pack = read(FM + "A [sic] word and [outer [x]{.person} text].\n")
    assert [summary(f) for f in pack.facts] == [("x", "person", 4, 25, "A [sic] word and [outer x text].", 24, 25)]


# --- facts -------------------------------------------------------------------------------------------------------


def test_a_fact_carries_every_attribute():
    pack = read(FM + 'Intro.\nIt was [Peresild]{.person is="Yulia  Peresild" accept="Yulia| Peresild ||Yulia" '
                'wrong="Ann|Bob" hint="An actress" ask="Who flew?"} there.\n')
    (fact,) = pack.facts
    assert (fact.answer, fact.type, fact.source.line, fact.column) == ("Peresild", "person", 5, 8)
    assert fact.alias_of == "Yulia Peresild"
    assert fact.accept == ("Yulia", "Peresild")
    assert fact.wrong == ("Ann", "Bob")
    assert (fact.hint, fact.ask) == ("An actress", "Who flew?")
    assert fact.source.path == "a.md"


def test_absent_or_empty_attributes_are_none_or_empty():
    (fact,) = read(FM + 'A [x]{.person hint="" is=""} b.\n').facts
    assert (fact.accept, fact.wrong, fact.hint, fact.ask, fact.alias_of) == ((), (), None, None, None)


def test_escapes_inside_attribute_values_and_span_text():
    (fact,) = read(FM + 'A [a\\]b]{.person hint="say \\"hi\\" {now}"} b.\n').facts
    assert fact.answer == "a]b"
    assert fact.hint == 'say "hi" {now}'
    assert fact.source.sentence[fact.source.start : fact.source.end] == "a]b"


def test_facts_keep_their_order_lines_columns_and_sentences():
    text = FM + (
        "\n"
        "The [Russian]{.nationality} crew flew. Actress [Yulia Peresild]{.person} and\n"
        "filmmaker [Klim Shipenko]{.person} left on [Tuesday]{.weekday}!\n"
        "\n"
        "They stayed [12]{.number} days?\n"
    )
    pack = read(text)
    assert [summary(f) for f in pack.facts] == [
        ("Russian", "nationality", 5, 5, "The Russian crew flew.", 4, 11),
        ("Yulia Peresild", "person", 5, 48, "Actress Yulia Peresild and filmmaker Klim Shipenko left on Tuesday!", 8, 22),
        ("Klim Shipenko", "person", 6, 11, "Actress Yulia Peresild and filmmaker Klim Shipenko left on Tuesday!", 37, 50),
        ("Tuesday", "weekday", 6, 44, "Actress Yulia Peresild and filmmaker Klim Shipenko left on Tuesday!", 59, 66),
        ("12", "number", 8, 13, "They stayed 12 days?", 12, 14),
    ]
    for fact in pack.facts:
        assert fact.source.sentence[fact.source.start : fact.source.end] == fact.answer


def test_a_span_over_a_line_break():
    (fact,) = read(FM + "Intro.\nShe met [Yulia\n   Peresild]{.person} there.\n").facts
    assert summary(fact) == ("Yulia Peresild", "person", 5, 9, "She met Yulia Peresild there.", 8, 22)


def test_punctuation_right_after_a_fact_is_kept_tight():
    (fact,) = read(FM + "Launched from [Kazakhstan]{.country}, it rose.\n").facts
    assert fact.source.sentence == "Launched from Kazakhstan, it rose."
    assert fact.source.sentence[fact.source.start : fact.source.end] == "Kazakhstan"


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        ("# Launch of [Soyuz]{.craft}\n", "Launch of Soyuz"),
        ("### Launch of [Soyuz]{.craft}\n", "Launch of Soyuz"),
        ("A **bold** and *odd* `code` [Soyuz]{.craft}.\n", "A bold and odd code Soyuz."),
        ("- item [Soyuz]{.craft} here.\n", "item Soyuz here."),
        ("1. item [Soyuz]{.craft} here.\n", "item Soyuz here."),
        ("> quoted [Soyuz]{.craft} here.\n", "quoted Soyuz here."),
    ],
    ids=["h1", "h3", "emphasis", "bullet", "numbered", "quote"],
)
def test_markdown_markers_do_not_leak_into_sentences(body, sentence):
    (fact,) = read(FM + body).facts
    assert fact.source.sentence == sentence
    assert fact.source.sentence[fact.source.start : fact.source.end] == "Soyuz"
    assert (fact.source.line, fact.column) == (4, body.index("[") + 1)


def test_a_heading_is_its_own_sentence():
    pack = read(FM + "## The [launch]{.event}\n\nIt left from [Baikonur]{.place}.\n")
    assert [f.source.sentence for f in pack.facts] == ["The launch", "It left from Baikonur."]
    assert [f.source.line for f in pack.facts] == [4, 6]


def test_underscore_emphasis_does_not_leak():
    (fact,) = read(FM + "A _small_ and __big__ [Soyuz]{.craft}.\n").facts
    assert fact.source.sentence == "A small and big Soyuz."


def test_emphasis_around_a_span_keeps_the_spaces():
    (fact,) = read(FM + "A **[x]{.person}** here.\n").facts
    assert fact.source.sentence == "A x here."


def test_emphasis_inside_a_span_matches_the_sentence():
    (fact,) = read(FM + "A [**x**]{.person} here.\n").facts
    assert fact.source.sentence[fact.source.start : fact.source.end] == fact.answer


def test_a_sentence_end_inside_a_span_keeps_the_whole_answer_in_the_sentence():
    (fact,) = read(FM + "It was [St. Petersburg]{.place} then. Next.\n").facts
    assert fact.source.sentence == "It was St. Petersburg then."
    assert fact.source.sentence[fact.source.start : fact.source.end] == "St. Petersburg"


def test_list_items_are_separate_sentences():
    pack = read(FM + "- the [Vostok]{.craft}\n- the [Soyuz]{.craft}\n")
    assert [f.source.sentence for f in pack.facts] == ["the Vostok", "the Soyuz"]


# --- bytes: UTF-8, BOM, line endings -----------------------------------------------------------------------------


ARTICLE = (
    "---\ntitle: Orbit\ndistractors:\n  person: [Cy, Di]\n---\n"
    "# The [launch]{.event}\n"
    "\n"
    "Actress [Yulia\nPeresild]{.person wrong=\"A|B\"} and [Klim Shipenko]{.person} left.\n"
    "Then [Peresild]{.person is=\"Yulia Peresild\"} spoke in [Baikonur]{.place}.\n"
)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.replace("\n", "\r\n").encode(),
        lambda t: b"\xef\xbb\xbf" + t.encode(),
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
        lambda t: t.replace("\n", "\r").encode(),
    ],
    ids=["CRLF", "BOM", "BOM+CRLF", "CR"],
)
def test_line_endings_and_bom_give_the_same_pack_as_lf(tmp_path, encode):
    path = tmp_path / "a.md"
    path.write_bytes(ARTICLE.encode())
    expected = load_pack(path)
    assert len(expected.facts) == 5
    path.write_bytes(encode(ARTICLE))
    pack = load_pack(path)
    assert pack.facts == expected.facts
    assert (pack.title, pack.warnings) == (expected.title, expected.warnings)


@pytest.mark.parametrize(
    ("data", "line", "column", "byte"),
    [
        (b"---\ntitle: T\n---\nCaf\xc3\xa9 \xff.\n", 4, 6, "0xff"),            # columns count characters
        (b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nab\xfec\r\n", 4, 3, "0xfe"),  # BOM and CRLF
        (b"---\ntitle: T\n---\nab\xe2\x82", 4, 3, "0xe2"),                    # truncated at the end
        (b"\xc0\x80", 1, 1, "0xc0"),                                           # overlong encoding
    ],
    ids=["LF", "BOM+CRLF", "truncated", "overlong"],
)
def test_invalid_utf8_points_at_the_bad_byte(tmp_path, data, line, column, byte):
    path = tmp_path / "a.md"
    path.write_bytes(data)
    with pytest.raises(PackError) as info:
        load_pack(path)
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column) == (str(path), line, column)
    assert "not UTF-8" in problem.message and byte in problem.message and "save it as UTF-8" in problem.message


def test_invalid_utf8_on_the_first_line_after_a_bom(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfab\xff\n")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert (info.value.line, info.value.column) == (1, 3)


def test_invalid_utf8_in_a_cr_only_file(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\rtitle: T\r---\rab\xff\r")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert (info.value.line, info.value.column) == (4, 3)


# --- property: generated well-formed articles ----------------------------------------------------------------------

# Words start with a letter, so no line can begin like a numbered list item ("12. ").
WORD = st.builds(str.__add__, st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                 st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", max_size=6))
TYPE = st.from_regex(r"[a-z][a-z0-9-]{0,7}", fullmatch=True)
# Attribute values may hold anything but a line break; '"' and '\' are escaped when written.
VALUE = st.text("abcXYZ09 .,;:!?'()[]{}-=_*#\"\\éß“", max_size=12)
PART = st.text("abcXYZ09 .,'()[]{}-=\"\\é", max_size=8)  # one alternative of accept=/wrong= (no '|')


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def squash(value: str) -> str:
    return " ".join(value.split())


@st.composite
def spans(draw):
    """A span's source and the fact fields it should give."""
    words = draw(st.lists(WORD, min_size=1, max_size=3))
    breaks = [draw(st.sampled_from([" ", " ", "\n"])) for _ in words[1:]]
    source_text = words[0] + "".join(b + w for b, w in zip(breaks, words[1:]))
    type_ = draw(TYPE)
    names = draw(st.lists(st.sampled_from(ATTRIBUTES), unique=True, max_size=len(ATTRIBUTES)))
    values: dict[str, str] = {}
    items = [f".{type_}"]
    for name in names:
        if name in ("accept", "wrong"):
            parts = draw(st.lists(PART, max_size=4))
            values[name] = "|".join(parts)
        else:
            values[name] = draw(VALUE)
        items.append(f"{name}{draw(st.sampled_from(['=', '=', ' = ']))}{quoted(values[name])}")
    items = draw(st.permutations(items))
    attrs = "".join(draw(st.sampled_from([" ", "  "])) + item for item in items).lstrip()

    def split(name):
        return tuple(dict.fromkeys(p.strip() for p in squash(values.get(name, "")).split("|") if p.strip()))

    expected = {
        "answer": " ".join(words), "type": type_, "accept": split("accept"), "wrong": split("wrong"),
        "hint": squash(values.get("hint", "")) or None, "ask": squash(values.get("ask", "")) or None,
        "alias_of": squash(values.get("is", "")) or None,
    }
    return f"[{source_text}]{{{attrs}}}", expected


@st.composite
def articles(draw):
    """A well-formed article and, for each span in order, the fact it should become."""
    text = "---\ntitle: Generated\n" + draw(st.sampled_from(["", "source: Somewhere\n", "language: ru\n"])) + "---\n"
    expected = []
    paragraphs = draw(st.lists(st.lists(st.lists(st.one_of(WORD, spans()), min_size=1, max_size=6),
                                        min_size=1, max_size=3), min_size=1, max_size=3))
    for p, sentences in enumerate(paragraphs):
        text += "\n" if p else ""
        for s, items in enumerate(sentences):
            if s:
                text += draw(st.sampled_from([" ", "\n"]))
            plain_words, pending = [], []
            for i, item in enumerate(items):
                if i:
                    text += draw(st.sampled_from([" ", "\n"]))
                if isinstance(item, str):
                    text += item
                    plain_words.append(item)
                    continue
                source, fields = item
                line = text.count("\n") + 1
                column = len(text) - (text.rfind("\n") + 1) + 1
                start = len(" ".join(plain_words)) + (1 if plain_words else 0)
                text += source
                plain_words.append(fields["answer"])
                pending.append((fields, line, column, start))
            # a full stop after "St" or "Dr" ends no sentence ("St. Louis": test_question_quality has the examples)
            end = draw(st.sampled_from(".!?" if plain_words[-1].split()[-1].casefold() not in ABBREVIATIONS else "!?"))
            text += end
            sentence = " ".join(plain_words) + end
            for fields, line, column, start in pending:
                expected.append(dict(fields, line=line, column=column, sentence=sentence, start=start,
                                     end=start + len(fields["answer"])))
        text += "\n"
    return text, expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_generated_articles_parse_into_exactly_their_facts(article):
    text, expected = article
    if not expected:  # an article with no tag at all is an error, said after its front matter
        assert "no fact is tagged" in problems_of(text)[0].message
        return
    pack = read(text)
    assert pack.title == "Generated"
    assert all(w.severity == "warning" for w in pack.warnings)
    got = [
        {"answer": f.answer, "type": f.type, "accept": f.accept, "wrong": f.wrong, "hint": f.hint, "ask": f.ask,
         "alias_of": f.alias_of, "line": f.source.line, "column": f.column, "sentence": f.source.sentence,
         "start": f.source.start, "end": f.source.end}
        for f in pack.facts
    ]
    assert got == expected
    for fact in pack.facts:
        assert fact.source.sentence[fact.source.start : fact.source.end] == fact.answer


# --- property: anything else parses or fails with a position inside the text ---------------------------------------


def assert_inside(text: str, line: int, column: int) -> None:
    lines = text.split("\n")
    assert 1 <= line <= len(lines), (line, len(lines))
    assert 1 <= column <= len(lines[line - 1]) + 1, (line, column, lines[line - 1])


def parses_or_fails_cleanly(text: str) -> None:
    try:
        pack = read(text)
    except PackError as error:
        assert any(p.severity == "error" for p in error.problems)
        for problem in error.problems:
            assert problem.path == "a.md" and problem.message
            assert_inside(text, problem.line, problem.column)
        return
    for problem in pack.warnings:
        assert problem.severity == "warning"
        assert_inside(text, problem.line, problem.column)
    lines = text.split("\n")
    for fact in pack.facts:
        assert_inside(text, fact.source.line, fact.column)
        assert lines[fact.source.line - 1][fact.column - 1] == "["
        assert fact.answer and fact.type


BASE = (
    "---\n"
    "title: The first film shot in space\n"
    "source: \"News, 2021\"\n"
    "distractors:\n"
    "  person: [Oleg Novitsky, Pyotr Dubrov]\n"
    "---\n"
    "\n"
    "# The [launch]{.event}\n"
    "\n"
    "Actress [Yulia Peresild]{.person hint=\"born in Pskov\"} and [filmmaker]{.job} [Klim\n"
    "Shipenko]{.person} left on the [Soyuz]{.craft wrong=\"Progress|Dragon\"} (see [TASS](http://tass.ru)).\n"
    "They spent [12]{.number ask=\"How many \\\"days\\\"?\"} days in [2021]{.year}. A \\[sic\\] note.\n"
    "\n"
    "- [Peresild]{.person is=\"Yulia Peresild\" accept=\"Yulia|Peresild\"} said it was hard.\n"
)
MUTATION_CHARS = list('[]{}"\\\n.= |')


@st.composite
def mutated(draw):
    text = BASE
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and at < len(text):
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + draw(st.sampled_from(MUTATION_CHARS)) + text[at:]
    return text


def test_the_base_article_for_mutations_is_valid():
    pack = read(BASE)
    assert [f.answer for f in pack.facts] == ["launch", "Yulia Peresild", "filmmaker", "Klim Shipenko", "Soyuz", "12",
                                               "2021", "Peresild"]


@settings(max_examples=400, deadline=None)
@given(mutated())
def test_mutated_articles_parse_or_fail_with_a_position_inside_the_text(text):
    parses_or_fails_cleanly(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_parses_or_fails_with_a_position_inside_the_text(text):
    parses_or_fails_cleanly(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='[]{}()\\"=.|#*-_ \nab\t', max_size=80))
def test_arbitrary_markup_after_front_matter_parses_or_fails_cleanly(body):
    parses_or_fails_cleanly(FM + body)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60))
def test_arbitrary_bytes_decode_and_parse_or_fail_with_a_position(data):
    data = b"---\ntitle: T\n---\n" + data
    try:
        text = decode(data, "a.md")
    except PackError as error:
        (problem,) = error.problems
        assert "not UTF-8" in problem.message
        lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")  # the reader's line breaks
        assert 1 <= problem.line <= len(lines)
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1
        return
    assert "\r" not in text and not text.startswith("\ufeff")
    parses_or_fails_cleanly(text)


def test_a_link_inside_a_span_is_an_error_not_a_lost_fact():
    error = one_error(FM + "A [[t](u)]{.person} here.\n")
    assert (error.line, error.column) == (4, 10) and "link" in error.message


def test_an_unclosed_yaml_list_points_where_it_opened():
    error = one_error("---\ntitle: T\ndistractors: [a, b\n---\nA.\n")
    assert (error.line, error.column) == (3, 14)


@pytest.mark.parametrize("broken", ['[a]{.p hint="x ', '[a]{.p hint="x\n', "[a{.p} "])
def test_every_one_of_many_broken_spans_is_reported(broken):
    problems = errors_of(FM + broken * 3000)
    assert len(problems) == 3000
    assert len({(p.line, p.column) for p in problems}) == 3000


# --- a wrong= option that is a right answer in other words -----------------------------------------------------


def test_a_wrong_option_that_is_the_answer_in_other_words_is_a_warning_at_its_span():
    # Typed, "seven hundred" is right (the grader reads number words): offered as wrong, picking it would be wrong.
    body = ('It cost [700]{.number wrong="seven hundred|800"} dollars. '
            '[Paris]{.city accept="Lutetia" wrong="LUTETIA|Lyon|Rome"} and [Rome]{.city wrong="Lutetia"} fell.\n')
    pack = read("---\ntitle: T\n---\n" + body)
    found = [(w.line, w.column, w.message.split(" — ")[0]) for w in pack.warnings if "other words" in w.message]
    assert found == [
        (4, body.index("[700]") + 1, "wrong option 'seven hundred' is the answer '700' in other words, so it would "
         "be marked wrong when picked"),
        (4, body.index("[Paris]") + 1, "wrong option 'LUTETIA' is the answer 'Paris' in other words, so it would "
         "be marked wrong when picked"),
    ]  # Rome's "Lutetia" is another city's name, a fair wrong option
    assert all(w.severity == "warning" for w in pack.warnings)


@settings(max_examples=40)
@given(st.integers(0, 10**6))
def test_a_number_written_in_words_as_a_wrong_option_is_always_caught(value):
    from orbitquiz.grading import spell_number

    pack = read(f"---\ntitle: T\n---\nIt took [{value}]{{.number wrong=\"{spell_number(value)}\"}} days.\n")
    assert [w.column for w in pack.warnings if "in other words" in w.message] == [9]


def test_an_article_with_no_tagged_fact_is_an_error_after_its_front_matter(tmp_path):
    # Found by the truncation fuzzer: a file cut just after its front matter was a pack with nothing to ask.
    from orbitquiz import load_pack
    from orbitquiz.model import PackError

    article = tmp_path / "empty.md"
    article.write_text("---\ntitle: Nothing yet\n---\nAn article still to be tagged.\n", encoding="utf-8")
    try:
        load_pack(article)
    except PackError as error:
        assert (error.line, error.column) == (4, 1) and "no fact is tagged" in error.message
    else:
        raise AssertionError("an article with no tag loaded as a pack")
