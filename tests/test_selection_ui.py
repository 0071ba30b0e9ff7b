"""Choose-all-that-apply and matching questions played in the terminal with Textual's Pilot, by keys and by the
mouse, every answer kept in a real SQLite file with its partial credit."""

from __future__ import annotations

import json
from pathlib import Path

from orbitquiz.game import Mode
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.help import HelpScreen
from orbitquiz.tui.screens.question import CheckLine, MatchLine, QuestionScreen, ToggleLine
from tests.test_game_ui import footer_keys, settle, text_of
from tests.test_tui import rows

CONTINENTS = ("// title: Continents\n::continents:: Which of these are continents? {\n"
              "  ~%33.33333%Africa#Yes.\n  ~%33.33333%Asia\n  ~%-100%China#A country.\n"
              "  ~%33.33333%Antarctica\n}\n")
CAPITALS = ("// title: Capitals\n::capitals:: Match the countries with their capitals. {\n"
            "  =Canada -> Ottawa\n  =Italy -> Rome\n  =Japan -> Tokyo\n  = -> Sydney\n}\n")
RIGHT_CONTINENTS = {"Africa", "Asia", "Antarctica"}


def app_for(tmp_path: Path, name: str, text: str, seed: int = 3) -> OrbitQuizApp:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.gift").write_text(text, encoding="utf-8")
    return OrbitQuizApp(tmp_path / "data", pack_folders=[folder], player="Ann",
                        start=StartRequest(name, Mode.CLASSIC, seed, None))


def stored(tmp_path: Path) -> list[tuple]:
    return rows(tmp_path, "SELECT kind, response, correct, round(credit, 4), how, points FROM answers ORDER BY id")


def verdict_text(app) -> str:
    assert isinstance(app.screen, FeedbackScreen)
    return text_of(app.screen.query_one("#verdict"))


# --- choose all that apply -------------------------------------------------------------------------------------


async def test_choose_all_by_number_keys_and_enter_scores_full_marks(tmp_path):
    app = app_for(tmp_path, "continents", CONTINENTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        options = screen.play.round.current.options
        assert [line.text for line in screen.query(ToggleLine)] == list(options)
        assert footer_keys(screen).get(f"1–{len(options)}") == "Tick"
        for n, option in enumerate(options, start=1):
            if option in RIGHT_CONTINENTS:
                await pilot.press(str(n))
        await settle(pilot)
        assert [text_of(line).startswith("[x]") for line in screen.query(ToggleLine)] == [
            option in RIGHT_CONTINENTS for option in options]
        await pilot.press("enter")
        await settle(pilot)
        assert verdict_text(app).startswith("✓ Right (+10)")
    [(kind, response, correct, credit, how, points)] = stored(tmp_path)
    assert (kind, correct, credit, how, points) == ("multi", 1, 1.0, "exact", 10)
    assert set(json.loads(response)) == RIGHT_CONTINENTS


async def test_choose_all_by_space_and_arrows_earns_partial_credit_and_says_what_was_chosen(tmp_path):
    app = app_for(tmp_path, "continents", CONTINENTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        options = app.screen.play.round.current.options
        wanted = [option for option in options if option in RIGHT_CONTINENTS][:2]
        for option in options:  # walk down the options, ticking two of the three continents
            if option in wanted:
                await pilot.press("space")
            await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.focused, CheckLine)  # after the last option
        await pilot.press("enter")
        await settle(pilot)
        assert verdict_text(app).startswith("✗ Wrong (+6)") and "67% credit" in verdict_text(app)
        said = text_of(app.screen.query_one("#response"))
        assert said == "You answered: " + ", ".join(wanted)  # words, not the stored JSON
    [(kind, response, correct, credit, how, points)] = stored(tmp_path)
    assert (kind, correct, credit, how, points) == ("multi", 0, 0.6667, "partly right (67% credit)", 6)
    assert json.loads(response) == wanted


async def test_choose_all_by_the_mouse_with_a_penalty_clamped_at_nothing(tmp_path):
    app = app_for(tmp_path, "continents", CONTINENTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = list(app.screen.query(ToggleLine))
        for line in lines:
            if line.text in ("China", "Asia"):
                await pilot.click(line)
        await pilot.click(lines[0])  # ticked ...
        await pilot.click(lines[0])  # ... and unticked again
        await settle(pilot)
        assert {line.text for line in lines if line.ticked} == {"China", "Asia"}
        await pilot.click(CheckLine)
        await settle(pilot)
        assert verdict_text(app).startswith("✗ Wrong")
        assert "A country." in " ".join(text_of(s) for s in app.screen.query(".explanation"))
    [(kind, _, correct, credit, how, points)] = stored(tmp_path)
    assert (kind, correct, credit, how, points) == ("multi", 0, 0.0, "wrong", 0)  # 1/3 − 1, never below 0


# --- matching --------------------------------------------------------------------------------------------------


async def test_matching_by_number_keys_moves_from_item_to_item_and_scores_full_marks(tmp_path):
    app = app_for(tmp_path, "capitals", CAPITALS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        question = app.screen.play.round.current
        items = list(app.screen.query(MatchLine))
        assert [line.item for line in items] == ["Canada", "Italy", "Japan"] and app.focused is items[0]
        assert footer_keys(app.screen).get(f"1–{len(question.options)}") == "Match"
        for _, match in question.pairs:
            await pilot.press(str(question.options.index(match) + 1))  # then the next item has the focus
        await settle(pilot)
        assert [text_of(line) for line in items] == [
            f"{item}  →  {question.options.index(match) + 1} {match}" for item, match in question.pairs]
        assert isinstance(app.focused, CheckLine)
        await pilot.press("enter")
        await settle(pilot)
        assert verdict_text(app).startswith("✓ Right (+10)")
    [(kind, response, correct, credit, how, points)] = stored(tmp_path)
    assert (kind, correct, credit, how, points) == ("match", 1, 1.0, "exact", 10)
    assert json.loads(response) == [["Canada", "Ottawa"], ["Italy", "Rome"], ["Japan", "Tokyo"]]


async def test_matching_by_space_and_by_the_mouse_earns_the_share_matched_right(tmp_path):
    app = app_for(tmp_path, "capitals", CAPITALS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        question = app.screen.play.round.current
        items = list(app.screen.query(MatchLine))
        ottawa = question.options.index("Ottawa")
        for _ in range(ottawa + 1):  # space steps through the matches: Canada gets Ottawa
            await pilot.press("space")
        sydney = question.options.index("Sydney")
        for _ in range(sydney + 1):  # a click does the same: Italy gets Sydney
            await pilot.click(items[1])
        await settle(pilot)
        assert (items[0].choice, items[1].choice, items[2].choice) == (ottawa, sydney, None)
        await pilot.click(CheckLine)
        await settle(pilot)
        assert "33% credit" in verdict_text(app)
        assert text_of(app.screen.query_one("#response")) == "You answered: Canada → Ottawa; Italy → Sydney"
    [(kind, response, correct, credit, how, points)] = stored(tmp_path)
    assert (kind, correct, credit, how, points) == ("match", 0, 0.3333, "partly right (33% credit)", 3)


async def test_the_help_lists_the_keys_of_both_kinds(tmp_path):
    app = app_for(tmp_path, "capitals", CAPITALS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        from textual.widgets import Markdown

        source = app.screen.query_one(Markdown).source
        assert "tick or untick the highlighted option" in source and "the next match for the highlighted item" in source


# --- in a served tab: the same app, by keys in a real Chromium ---------------------------------------------------


def test_both_kinds_play_by_keys_in_a_browser_tab(tmp_path):
    import re

    from tests.webtools import focus_terminal, launch_browser, new_page, serve, wait_for_screen

    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "sel.gift").write_text(CONTINENTS.split("\n", 1)[1] + "\n" + CAPITALS.split("\n", 1)[1],
                                     encoding="utf-8")
    data = tmp_path / "data"
    with launch_browser() as browser, serve(data, "--pack", "sel", packs=folder) as server:
        page = new_page(browser, viewport={"width": 1100, "height": 820})
        page.goto(f"{server.url}/")
        wait_for_screen(page, r"Type your name")
        focus_terminal(page)
        page.keyboard.type("Tab Player")
        page.keyboard.press("Enter")
        for number in (1, 2):
            text = wait_for_screen(page, rf"Question {number}/2", r"Check my answer")
            if "continents" in text:
                for key, option in re.findall(r"\[ \] (\d)  (\w+)", text):
                    if option in RIGHT_CONTINENTS:
                        page.keyboard.press(key)
                wait_for_screen(page, *(rf"\[x\] \d  {option}" for option in RIGHT_CONTINENTS))
            else:
                matches = dict((name, key) for key, name in re.findall(r"(\d)  (\w+)", text.split("Matches:")[1]))
                for capital in ("Ottawa", "Rome", "Tokyo"):  # Canada, Italy, Japan in turn
                    page.keyboard.press(matches[capital])
                wait_for_screen(page, r"Japan  →  \d Tokyo")
            page.keyboard.press("Enter")
            assert "✓ Right" in wait_for_screen(page, r"✓ Right|✗ Wrong")
            page.keyboard.press("Enter")
        wait_for_screen(page, r"Play again")
        page.close()
    answers = {kind: (json.loads(response), correct, credit, how) for kind, response, correct, credit, how, _ in
               stored(tmp_path)}
    assert answers["match"] == ([["Canada", "Ottawa"], ["Italy", "Rome"], ["Japan", "Tokyo"]], 1, 1.0, "exact")
    assert (set(answers["multi"][0]), *answers["multi"][1:]) == (RIGHT_CONTINENTS, 1, 1.0, "exact")
