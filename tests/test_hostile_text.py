"""Text hostile to a terminal, from a pack or a player, is shown literally and leaves the 80×24 layout intact.

ESC and the C1 controls would otherwise reach the terminal (``ESC [2J`` clears it, OSC 8 makes a link): every
control character must arrive as a visible stand-in, through ``orbitquiz.tui.text`` alone.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.geometry import Region
from textual.widgets import Input, Static

from orbitquiz.game import Mode
from orbitquiz.plain import clean_name
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.home import HomeScreen
from orbitquiz.tui.screens.question import OptionLine, QuestionScreen
from orbitquiz.tui.screens.results import ResultsScreen
from orbitquiz.tui.screens.stats import StatsScreen
from orbitquiz.tui.text import literal, visible

SIZE = (80, 24)
HOSTILE = {
    "ansi colour": "\x1b[31mred\x1b[0m",
    "osc 8 link": "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    "clear screen": "\x1b[2J",
    "bell, backspace, C1 CSI": "a\x07b\x08c\x9bd\x85e\x7f",
    "long word": "W" * 300,
    "right to left": "مرحبا بالعالم שלום \u202eevil\u202c",
    "combining marks": "Z̷̢̛a̴l̸g̵o̶",
    "wide": "漢字テスト 👩‍👩‍👧 🇯🇵 😀",
}
#: Short enough for the name box (40 characters at most), and still full of controls.
HOSTILE_NAME = "\x1b[2J\x1b[31mZ̷a̴\x07\x9b漢👩‍👩‍👧\u202eRLO"


def in_input(text: str) -> str:
    """What an Input draws: Rich drops BEL, BS, VT, FF and CR before the highlighter sees them; the rest shows."""
    return visible(text.translate(dict.fromkeys([7, 8, 11, 12, 13])), one_line=True)


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def screen_lines(app: OrbitQuizApp) -> list[tuple[str, int]]:
    """The text and width in cells of every row Textual would send to the terminal for the whole screen."""
    rows = []
    for chops in app.screen._compositor.render_full_update().strips:
        segments = [segment for strip in chops for segment in strip]
        rows.append(("".join(segment.text for segment in segments), sum(segment.cell_length for segment in segments)))
    return rows


def widget_text(app: OrbitQuizApp) -> str:
    """The whole text of every Static and option on screen, scrolled into view or not, unwrapped."""
    texts = [str(widget.render()) for widget in app.screen.query(Static)]
    for options in app.screen.query("OptionList"):
        texts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(texts)


def assert_safe_and_intact(app: OrbitQuizApp, *, on_screen: bool = True) -> None:
    """No control character reaches the terminal, every row is the screen's width, every widget is on screen."""
    rows = screen_lines(app)
    assert len(rows) == SIZE[1]
    found = sorted({f"U+{ord(c):04X}" for line, _ in rows for c in line if is_control(c)})
    assert found == [], f"{type(app.screen).__name__} sends control characters {found}"
    assert {width for _, width in rows} == {SIZE[0]}  # wide and zero-width characters measured, nothing spills
    screen = Region(0, 0, *SIZE)
    for widget in app.screen._compositor.visible_widgets if on_screen else ():
        assert screen.contains_region(widget.region), f"{widget!r} at {widget.region} is off the screen"


def write_pack(folder: Path, name: str = "hostile") -> Path:
    path = folder / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["question", "answer", "wrong1", "wrong2", "wrong3", "hint", "explanation"])
        for n, text in enumerate(HOSTILE.values()):
            writer.writerow([f"Q{n} {text} end", f"A{n} {text}", f"B{n} {text}", "C", "D", f"H {text}",
                             f"E {text}"])
    return path


def test_control_characters_become_visible_one_for_one():
    text = "\x1b[2J\x00\x07\x08\t\r\n\x7f\x85\x9b ok"
    assert visible(text) == "␛[2J␀␇␈ ␍\n␡\ufffd\ufffd ok"
    assert visible(text, one_line=True) == "␛[2J␀␇␈ ␍␤␡\ufffd\ufffd ok"
    assert literal("[bold]x[/] \x1b[0m").plain == "[bold]x[/] ␛[0m"  # markup stays text too


@given(st.text())
def test_literal_shows_any_text_without_control_characters(text):
    shown = literal(text).plain
    assert len(shown) == len(text)  # one for one, so offsets into the text (a highlighted fact) still hold
    assert not any(is_control(c) for c in shown if c != "\n")
    assert [i for i, c in enumerate(shown) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    for before, after in zip(text, shown, strict=True):
        if not is_control(before):
            assert after == before  # everything else, RTL, combining marks and emoji included, is untouched
    assert not any(is_control(c) for c in literal(text, one_line=True).plain)


async def test_pack_text_is_visible_and_the_layout_holds_on_every_screen(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    pack = write_pack(folder, "evil\x1b[2Jpack")  # a file name is text from the pack too
    player = "P " + " ".join(HOSTILE.values())  # a name given on the command line has no length limit
    app = OrbitQuizApp(tmp_path / "data", start=StartRequest(str(pack), Mode.CLASSIC, 1, len(HOSTILE)),
                       player=player)
    seen: set[str] = set()
    answers: list[str] = []  # as the reader keeps them (it tidies whitespace, NEL included)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in HOSTILE:
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            question = screen.play.round.current
            await pilot.press("f2")
            await pilot.pause()
            # The long word's own layout is test_a_long_word_leaves_every_option_on_screen (it fails today).
            # The reader tidies whitespace (NEL included) in a prompt, not in a hint: find the row by its number.
            text = list(HOSTILE.values())[int(question.prompt[1:question.prompt.index(" ")])]
            fits = text != HOSTILE["long word"]
            assert_safe_and_intact(app, on_screen=fits)
            seen.add(text)
            answers.append(question.answer)
            shown = widget_text(app)
            for part in (question.prompt, f"H {text}", *question.options):
                assert visible(part) in shown
            visible_widgets = app.screen._compositor.visible_widgets
            assert screen.query_one("#prompt") in visible_widgets
            assert fits <= all(option in visible_widgets for option in screen.query(OptionLine))
            wrong = next(i for i, option in enumerate(question.options) if option != question.answer)
            await pilot.press(str(wrong + 1))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)
            assert_safe_and_intact(app)
            shown = widget_text(app)
            for part in (question.answer, question.options[wrong], f"E {text}"):
                assert visible(part) in shown
            await pilot.press("enter")
            await pilot.pause()
        assert seen == set(HOSTILE.values())
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert_safe_and_intact(app)
        shown = widget_text(app)
        assert visible("evil\x1b[2Jpack") in shown
        assert clean_name(player) in shown  # the leaderboard: the name as stored, its controls taken out
        assert all(visible(answer) in shown for answer in answers)  # every question was missed
        app.action_stats()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert_safe_and_intact(app)
        shown = widget_text(app)
        assert visible(f"Stats · {unicodedata.normalize('NFC', player)}", one_line=True) in shown
        assert visible("evil\x1b[2Jpack · classic: 1 round ·") in shown


async def test_a_hostile_name_typed_in_the_name_box_shows_on_results_and_stats(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder)
    (folder / "titled.md").write_text('---\ntitle: "\\e[31mTitle\\e[0m \\x9b\\a"\n---\n[A]{.l} [B]{.l} [C]{.l}\n',
                                      encoding="utf-8")
    app = OrbitQuizApp(tmp_path / "data", pack_folders=[folder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert_safe_and_intact(app)
        assert visible("\x1b[31mTitle\x1b[0m \x9b\x07") in widget_text(app)
        box = app.screen.query_one("#name", Input)
        box.focus()
        await pilot.press(*"Ann ")  # typed keys, then the hostile rest pasted: a key press cannot carry ESC
        box.post_message(events.Paste(HOSTILE_NAME))
        await pilot.pause()
        assert box.value == "Ann " + HOSTILE_NAME  # the name is kept as typed: only showing it is made safe
        assert_safe_and_intact(app)  # the name box itself draws what was pasted
        assert any(in_input("Ann " + HOSTILE_NAME) in line for line, _ in screen_lines(app))
        await pilot.press("enter")  # from the name box to the pack list
        packs = app.screen.query_one("#packs")
        packs.highlighted = next(i for i in range(packs.option_count) if packs.get_option_at_index(i).id == "hostile")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.player == "Ann " + HOSTILE_NAME
        await pilot.press("q")  # end the round at once: the results and the leaderboard are what matter here
        await pilot.pause()
        await pilot.press("enter")  # yes, end it
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert_safe_and_intact(app)
        stored = clean_name("Ann " + HOSTILE_NAME)  # names are stored without their control characters
        assert stored == "Ann [2J[31mZ̷a̴漢👩‍👩‍👧RLO"
        assert f"1. {stored} — best" in str(app.screen.query_one("#leaderboard").render())
        name = visible(unicodedata.normalize("NFC", "Ann " + HOSTILE_NAME), one_line=True)
        app.action_stats()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert_safe_and_intact(app)
        assert f"Stats · {name}" in widget_text(app)


async def test_a_long_word_leaves_every_option_within_reach(tmp_path):
    """A question taller than the screen scrolls: moving to each option brings it wholly into view."""
    word = HOSTILE["long word"]
    path = tmp_path / "long.csv"
    path.write_text(f"question,answer,wrong1,wrong2,wrong3\n{word},A {word},B {word},C,D\n", encoding="utf-8")
    app = OrbitQuizApp(tmp_path / "data", start=StartRequest(str(path), Mode.CLASSIC, 1, 1), player="Ann")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert_safe_and_intact(app, on_screen=False)
        options = list(app.screen.query(OptionLine))
        column = app.screen.query_one("#question")
        assert column.virtual_size.height > column.size.height  # the case this test is about: it does not fit
        screen = Region(0, 0, *SIZE)
        for index, option in enumerate(options):
            if index:
                await pilot.press("down")
            await pilot.pause()
            assert app.focused is option
            region = option.region
            assert region.area and screen.contains_region(region), f"option {index + 1} at {region} is out of view"


async def test_a_pasted_answer_is_graded_as_given_and_shown_visibly(tmp_path):
    path = tmp_path / "fill.csv"
    path.write_text("question,answer\nWhich colour?,red\n", encoding="utf-8")
    pasted = "\x1b[31mred\x1b[0m\x9b"
    app = OrbitQuizApp(tmp_path / "data", start=StartRequest(str(path), Mode.CLASSIC, 1, 1), player="Ann")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#answer", Input)
        box.post_message(events.Paste(pasted))
        await pilot.pause()
        assert box.value == pasted
        assert_safe_and_intact(app)
        assert any(in_input(pasted) in line for line, _ in screen_lines(app))
        play = app.screen.play
        await pilot.press("enter")
        await pilot.pause()
        outcome = play.round.outcomes[-1]
        assert outcome.response == pasted  # graded on what was given, not on its drawing
        assert isinstance(app.screen, FeedbackScreen)
        assert_safe_and_intact(app)
        assert f"You answered: {visible(pasted)}" in widget_text(app)


async def test_the_browser_tab_name_screen_shows_a_hostile_pack_and_name_visibly(tmp_path):
    from orbitquiz.tui.screens.name import NameScreen

    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder, "evil\x1b[2Jpack")
    app = OrbitQuizApp(tmp_path / "data", pack_folders=[folder], player="Ann")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        entry = app.find_pack("evil\x1b[2Jpack")
        await app.push_screen(NameScreen(entry, StartRequest(entry.name, Mode.CLASSIC, 1, 1)))
        await pilot.pause()
        app.screen.query_one("#name", Input).post_message(events.Paste(HOSTILE_NAME))
        await pilot.pause()
        assert_safe_and_intact(app)
        rows = "\n".join(line for line, _ in screen_lines(app))
        assert visible("orbitquiz · evil\x1b[2Jpack") in rows and in_input(HOSTILE_NAME) in rows
