"""Text from pack files is shown literally: markup in a pack is text, never styling, links or actions."""

from __future__ import annotations

import csv
from pathlib import Path

from orbitquiz.game import Mode
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.home import HomeScreen
from orbitquiz.tui.screens.question import OptionLine, QuestionScreen

QUIT = "[@click=app.quit]Quit now[/]"
PROMPT = f"Which tag is [bold]bold[/bold]? {QUIT} [link=https://example.com]a link[/link]"
ANSWER = "[b]strong[/b]"
WRONGS = ["[red]red[/red]", "[@click=app.bell]ring[/]", "$accent [reverse]x"]
HINT = "[blink]never[/blink] [@click=app.quit]hint[/]"
EXPLANATION = "[italic]why[/italic] \\[escaped] [/]"


def write_pack(folder: Path) -> Path:
    path = folder / "markup.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["question", "answer", "wrong1", "wrong2", "wrong3", "hint", "explanation"])
        writer.writerow([PROMPT, ANSWER, *WRONGS, HINT, EXPLANATION])
    return path


def screen_text(app: OrbitQuizApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static, Button"))


async def test_question_options_hint_and_feedback_show_markup_literally(tmp_path):
    pack = write_pack(tmp_path)
    app = OrbitQuizApp(tmp_path / "data", start=StartRequest(str(pack), Mode.CLASSIC, 1, 1), player="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert PROMPT in str(app.screen.query_one("#prompt").render())
        options = [str(option.render()) for option in app.screen.query(OptionLine)]
        assert sorted(option.split("  ", 1)[1] for option in options) == sorted([ANSWER, *WRONGS])
        await pilot.press("f2")
        await pilot.pause()
        assert HINT in str(app.screen.query_one("#hint").render())
        await pilot.click("#prompt")  # clicking where a live @click would be does nothing
        await pilot.click(OptionLine, offset=(8, 0))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, FeedbackScreen)
        text = screen_text(app)
        assert EXPLANATION in text
        assert app.screen.query_one("#sentence").render().spans == []  # no style came from the text itself


async def test_a_broken_pack_error_and_a_title_with_markup_show_literally(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "broken.md").write_text("---\ntitle: x\n---\nThe [Soyuz]{.craft [bold]=\"1\"} flew.\n", encoding="utf-8")
    (folder / "titled.md").write_text("---\ntitle: \"[@click=app.quit]Title[/]\"\n---\n[A]{.l} [B]{.l} [C]{.l}\n",
                                      encoding="utf-8")
    app = OrbitQuizApp(tmp_path / "data", pack_folders=[folder], player="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        packs = app.screen.query_one("#packs")
        lines = [str(packs.get_option_at_index(i).prompt) for i in range(packs.option_count)]
        assert any("[@click=app.quit]Title[/]" in line for line in lines)
        broken = next(line for line in lines if line.startswith("broken"))
        assert "broken.md:4:" in broken and "[bold]" in broken
        await pilot.click("#packs")
        await pilot.pause()
        assert app.is_running
