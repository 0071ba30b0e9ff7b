"""`orbitquiz suggest --review` by keys (Pilot): accept, drop, retype, widen, write; the file is read back with the
real tagged reader."""

from __future__ import annotations

from pathlib import Path

from orbitquiz.readers import tagged
from orbitquiz.suggest import suggest_text
from orbitquiz.tui.review_app import ReviewApp

ARTICLE = ("Actress Yulia Peresild flew aboard the Soyuz rocket from Kazakhstan on Tuesday.\n\n"
           "Peresild stayed for 12 days on the International Space Station.\n")


def info(app) -> str:
    return str(app.screen.query_one("#span-info").render())


async def review(tmp_path: Path, *keys: str, size=(100, 30)):
    output = tmp_path / "out.md"
    suggestion = suggest_text(ARTICLE, "a.txt")
    app = ReviewApp(suggestion, output)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = info(app)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            if app.is_running and app.screen.query("#span-info"):
                shown = info(app)  # the last the teacher saw before the file was written
    return app, output, shown


def facts_of(output: Path) -> list[tuple[str, str, str | None]]:
    pack = tagged.read(output.read_text(encoding="utf-8"), str(output))
    return [(f.answer, f.type, f.alias_of) for f in pack.facts]


async def test_the_first_span_and_its_questions_are_shown(tmp_path):
    app, output, shown = await review(tmp_path)
    assert shown.startswith("Span 1 of 8 (0 accepted): “Actress” .job — suggested")
    assert "Questions it would make:" in shown and "= Actress" in shown
    assert not output.exists()


async def test_write_without_changes_writes_every_suggestion(tmp_path):
    app, output, _ = await review(tmp_path, "s")
    assert app.return_value is True
    assert output.read_text(encoding="utf-8") == suggest_text(ARTICLE, "a.txt").write()


async def test_drop_removes_the_span_and_keeps_its_text(tmp_path):
    app, output, shown = await review(tmp_path, "d", "s")
    facts = facts_of(output)
    assert ("Actress", "job", None) not in facts and len(facts) == 7
    assert "\nActress [Yulia Peresild]{.person} flew" in output.read_text(encoding="utf-8")


async def test_accept_moves_on_and_counts(tmp_path):
    app, output, shown = await review(tmp_path, "a", "a")
    assert shown.startswith("Span 3 of 8 (2 accepted)")


async def test_retype_by_typing_a_new_type(tmp_path):
    # Span 2 is "Yulia Peresild": typed as an actress.
    app, output, shown = await review(tmp_path, "right", "t", *"actress", "enter", "s")
    assert ("Yulia Peresild", "actress", None) in facts_of(output)


async def test_retype_refuses_a_type_the_reader_would_refuse(tmp_path):
    output = tmp_path / "out.md"
    app = ReviewApp(suggest_text(ARTICLE, "a.txt"), output)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t", *"Big Job", "enter")
        await pilot.pause()
        assert "'Big Job' is not a type" in str(app.screen.query_one("#retype-problem").render())
        await pilot.press("escape")
        await pilot.pause()
        assert info(app).startswith("Span 1 of 8 (0 accepted): “Actress” .job")


async def test_widen_takes_in_the_next_word(tmp_path):
    # Span 3 is "Soyuz": widened to "Soyuz rocket".
    app, output, shown = await review(tmp_path, "right", "right", "w", "s")
    assert "“Soyuz rocket”" in shown
    assert ("Soyuz rocket", "rocket", None) in facts_of(output)
    assert output.read_text(encoding="utf-8").count("[Soyuz rocket]{.rocket}") == 1


async def test_quit_needs_two_presses_and_writes_nothing(tmp_path):
    output = tmp_path / "out.md"
    app = ReviewApp(suggest_text(ARTICLE, "a.txt"), output)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value is False and not output.exists()


async def test_the_articles_text_is_shown_literally(tmp_path):
    text = "Neil Armstrong read [bold]this[/bold] and [red]that\x1b[2J aloud.\n"
    app = ReviewApp(suggest_text(text, "a.txt"), tmp_path / "out.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#paragraph-0").render())
    assert "[bold]this[/bold] and [red]that␛[2J aloud." in shown


async def test_an_article_with_no_span_left_can_still_be_written(tmp_path):
    output = tmp_path / "out.md"
    app = ReviewApp(suggest_text("Neil Armstrong flew.\n", "a.txt"), output)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert info(app).startswith("No span is suggested any more")
        await pilot.press("a", "w", "t", "right")  # nothing to act on: no error
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert app.return_value is True
    assert output.read_text(encoding="utf-8").endswith("---\nNeil Armstrong flew.\n")


async def test_accepted_spans_are_drawn_apart_from_suggested_ones(tmp_path):
    app = ReviewApp(suggest_text(ARTICLE, "a.txt"), tmp_path / "out.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a", "right")  # accept "Actress", pass over "Yulia Peresild"
        await pilot.pause()
        content = app.screen._paragraph(*app.screen.paragraphs[0], [c for c in app.screen.spans
                                                                   if c.start < app.screen.paragraphs[0][1]],
                                        app.screen.current)
        styles = {content.plain[span.start:span.end]: str(span.style) for span in content.spans}
    assert styles["Actress"] == "bold underline"
    assert styles["Yulia Peresild"] == "underline"
    assert styles["Soyuz"] == "reverse"  # the cursor


# --- a span the suggester missed, and one type per person ----------------------------------------------------

async def keys(app, pilot, *pressed: str) -> str:
    for key in pressed:
        await pilot.press(key)
        await pilot.pause()
    return info(app) if app.screen.query("#span-info") else ""


async def test_a_word_the_suggester_missed_is_marked_and_typed(tmp_path):
    output = tmp_path / "out.md"
    suggestion = suggest_text("Yulia Peresild trained her heart for the flight.\n", "a.txt")
    assert [c.text for c in suggestion.candidates] == ["Yulia Peresild"]  # "heart" is missed
    app = ReviewApp(suggestion, output)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = await keys(app, pilot, "m")
        assert shown.startswith("Marked for a new span: “trained”")
        shown = await keys(app, pilot, "right", "right")  # "her", then "heart"
        assert shown.startswith("Marked for a new span: “heart”")
        await keys(app, pilot, "enter")
        assert "A type for the new span “heart”" in str(app.screen.query_one("Static").render())
        shown = await keys(app, pilot, *"organ", "enter")
        assert shown.startswith("Span 2 of 2 (1 accepted): “heart” .organ — accepted")
        await keys(app, pilot, "s")
    assert app.return_value is True
    assert ("heart", "organ", None) in facts_of(output)
    assert "trained her [heart]{.organ} for" in output.read_text(encoding="utf-8")


async def test_marked_words_extend_both_ways_and_escape_leaves_them_plain(tmp_path):
    output = tmp_path / "out.md"
    app = ReviewApp(suggest_text("Yulia Peresild filmed in low Earth orbit.\n", "a.txt"), output)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = await keys(app, pilot, "m", "right", "right", "w", "w")
        assert shown.startswith("Marked for a new span: “low Earth orbit”")  # the full stop stays outside
        shown = await keys(app, pilot, "W")
        assert shown.startswith("Marked for a new span: “in low Earth orbit”")
        shown = await keys(app, pilot, "escape")  # the mark goes; the span keys are back
        assert shown.startswith("Span 1 of 1 (0 accepted): “Yulia Peresild”")
        assert app.is_running  # Esc left the marking, not the review
        await keys(app, pilot, "m", "right", "right", "w", "w", "enter", *"orbit", "enter", "s")
    facts = facts_of(output)
    assert ("low Earth orbit", "orbit", None) in facts and len(facts) == 2


async def test_a_mark_cannot_take_in_a_span_or_cross_a_line(tmp_path):
    output = tmp_path / "out.md"
    app = ReviewApp(suggest_text("He met Yulia Peresild there.\nShe left.\n", "a.txt"), output)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = await keys(app, pilot, "m")  # after the only span: "there"
        assert shown.startswith("Marked for a new span: “there”")
        assert (await keys(app, pilot, "W")).startswith("Marked for a new span: “there”")  # a span is on its left
        assert (await keys(app, pilot, "w")).startswith("Marked for a new span: “there”")  # the line ends
        await keys(app, pilot, "escape", "s")
    assert facts_of(output) == [("Yulia Peresild", "person", None)]


async def test_retyping_a_person_retypes_the_surnames_linked_to_them(tmp_path):
    # Span 2 is "Yulia Peresild"; "Peresild" in the second paragraph is linked to her with is=.
    app, output, shown = await review(tmp_path, "right", "t", *"actress", "enter", "s")
    facts = facts_of(output)
    assert ("Yulia Peresild", "actress", None) in facts and ("Peresild", "actress", "Yulia Peresild") in facts
    # Retyping a surname retypes the full name with it.
    app, output, shown = await review(tmp_path, *["right"] * 5, "t", *"cosmonaut", "enter", "s")
    assert "“Peresild” .cosmonaut" in shown
    facts = facts_of(output)
    assert ("Yulia Peresild", "cosmonaut", None) in facts and ("Peresild", "cosmonaut", "Yulia Peresild") in facts
