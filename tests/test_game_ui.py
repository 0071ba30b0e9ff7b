"""The game behaving as it says (issue 13, "In the game"), played by keys with Textual's Pilot on a real SQLite file."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Button, Markdown, OptionList, RadioButton, Sparkline

from orbitquiz.game import Mode
from orbitquiz.tui.app import OrbitQuizApp, StartRequest
from orbitquiz.tui.keys import KeyBar
from orbitquiz.tui.screens.confirm import ConfirmEndScreen
from orbitquiz.tui.screens.feedback import FeedbackScreen
from orbitquiz.tui.screens.help import HelpScreen
from orbitquiz.tui.screens.home import HomeScreen
from orbitquiz.tui.screens.question import QuestionScreen
from orbitquiz.tui.screens.results import ResultsScreen
from orbitquiz.tui.screens.settings import SettingsScreen
from orbitquiz.tui.screens.stats import StatsScreen
from tests.test_tui import SEED, answer, make_app, next_question, rows, skip_to


def text_of(widget) -> str:
    return str(widget.render())


def notifications(app) -> list[str]:
    return [notification.message for notification in app._notifications]


def help_source(app) -> str:
    assert isinstance(app.screen, HelpScreen)
    return app.screen.query_one(Markdown).source


def footer_keys(screen) -> dict[str, str]:
    """What the screen's key bar shows: each key as written, and what it does."""
    return {key.display: key.description for bar in screen.query(KeyBar) for key in bar.keys.all()}


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def set_round_length_to_5(pilot) -> None:
    """On the start screen (the pack list focused): o, then the size box: Tab, Enter, ↑ (10 → 5), Enter, Esc."""
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    await pilot.press("tab", "enter")
    await settle(pilot)
    await pilot.press("up", "enter")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)


async def turn_the_timer_on(pilot) -> None:
    await pilot.press("o")
    await settle(pilot)
    await pilot.press("tab", "tab", "space")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)


# --- mode text and help from the rules and the bindings -------------------------------------------------------------


async def test_the_mode_line_and_the_help_say_the_round_length_the_settings_chose(tmp_path):
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await set_round_length_to_5(pilot)
        assert isinstance(app.screen, HomeScreen)
        labels = [str(button.label) for button in app.screen.query(RadioButton)]
        assert labels[0] == "Classic — up to 5 questions, both kinds mixed, no answer shown before it is asked"
        assert labels[3].startswith("Review — up to 5 questions")
        await pilot.press("f1")
        await settle(pilot)
        assert "**Classic**: up to 5 questions" in help_source(app)
        await pilot.press("escape", "p")
        await settle(pilot)
        assert len(app.screen.play.round.questions) == 5


async def test_help_settings_and_stats_shown_again_show_what_is_current(tmp_path):
    """They are screens opened by name, which Textual keeps: each time one is shown again it shows the round length,
    the player and the figures of that moment, and opening the settings writes nothing."""
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert "**Classic**: up to 10 questions" in help_source(app)
        await pilot.press("escape")
        await set_round_length_to_5(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert "**Classic**: up to 5 questions" in help_source(app)
        await pilot.press("escape")
        await pilot.press("s")
        await settle(pilot)
        assert "Stats · Ann" in text_of(app.screen.query_one("#stats-bar"))
        await pilot.press("escape")
        written = rows(tmp_path, "SELECT player_id, key, value FROM settings ORDER BY 1, 2")
        app.player = "Ben"  # as the home screen's Play does with the name typed
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.query_one("#size").value == 10  # Ben's own, not Ann's 5
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "Stats · Ben" in text_of(app.screen.query_one("#stats-bar"))
    assert rows(tmp_path, "SELECT player_id, key, value FROM settings ORDER BY 1, 2") == written


async def test_the_help_lists_each_screens_own_keys_and_says_where_letters_are_typed(tmp_path):
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        source = help_source(app)
    # Every key a screen binds with words is in the help, as the key bar shows it.
    for screen in (QuestionScreen, FeedbackScreen, ResultsScreen, ConfirmEndScreen):
        for binding in Binding.make_bindings(screen.BINDINGS):
            if binding.description:
                assert app.get_key_display(binding) in source, (screen.__name__, binding.key)
    assert "| Question | f2 / h | show the hint (the question then scores half) (h not while typing an answer) |" \
        in source
    assert "| Feedback | ⏎ / space / n / esc | next question |" in source
    assert "F2 or h" not in source and "| Start | p / s / ? / o / r |" not in source


# --- F1 and ? ---------------------------------------------------------------------------------------------------------


async def test_question_mark_on_the_start_screen_opens_the_help_not_the_name_box(tmp_path):
    app = make_app(tmp_path, player="", start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.focused.id == "name"
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # ? closes it again, as Esc does
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen.query_one("#name").value == ""
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_f1_opens_the_help_in_a_question_and_question_mark_is_text_in_a_typed_answer(tmp_path):
    app = make_app(tmp_path, questions=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await skip_to(pilot, app, "fill")
        await pilot.press("a", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.query_one("#answer").value == "a?"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await skip_to(pilot, app, "choice")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


# --- time's up, Esc on feedback, F9 asks ------------------------------------------------------------------------------


async def test_a_question_whose_time_ran_out_says_times_up_and_what_was_typed(tmp_path):
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await turn_the_timer_on(pilot)
        random.seed(SEED)  # the round's seed is drawn at random: one whose round has a fill-in (30 in 3,000 have none)
        await pilot.press("p")
        await settle(pilot)
        await skip_to(pilot, app, "fill")
        await pilot.press(*"Soy")
        app.clock.now += 31
        for _ in range(20):
            if isinstance(app.screen, FeedbackScreen):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, FeedbackScreen)
        verdict = text_of(app.screen.query_one("#verdict"))
        assert verdict.startswith("✗ Time's up — the answer is ") and "Skipped" not in verdict
        assert text_of(app.screen.query_one("#response")) == "You had typed: Soy"
    assert rows(tmp_path, "SELECT response, skipped FROM answers ORDER BY id DESC LIMIT 1") == [("Soy", 1)]


async def test_only_a_clocked_rounds_question_screen_ticks(tmp_path):
    """The question screen's clock tick (4 a second) runs in timed mode and with the timer on, not otherwise: thirty
    tabs of a class would tick for nothing."""

    def ticking(screen) -> bool:
        return any(getattr(timer._callback, "__func__", None) is QuestionScreen.tick for timer in screen._timers)

    for mode, timer in ((Mode.CLASSIC, False), (Mode.SUDDEN_DEATH, False), (Mode.TIMED, False), (Mode.CLASSIC, True)):
        app = make_app(tmp_path / f"{mode.value}-{timer}", mode=mode, start=not timer)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            if timer:
                await turn_the_timer_on(pilot)
                await pilot.press("p")  # play
                await settle(pilot)
            assert isinstance(app.screen, QuestionScreen)
            assert ticking(app.screen) == (mode is Mode.TIMED or timer), (mode, timer)


async def test_the_feedback_goes_on_by_its_one_line_next_clicked_or_by_enter(tmp_path):
    """The feedback's way on for the mouse is one focused line (no Button: bench/README.md, the key bar), which a
    click or Enter takes; the key bar says Enter does it."""
    app = make_app(tmp_path, questions=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for how in ("click", "enter"):
            await answer(pilot, "wrong")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FeedbackScreen)
            assert not list(screen.query(Button))
            line = screen.query_one("#next")
            assert line.size.height == 1 and screen.focused is line
            assert "Next question" in text_of(line)
            assert footer_keys(screen).get("⏎") == "Next"
            if how == "click":
                await pilot.click("#next")
            else:
                await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, QuestionScreen), how
        assert len(app.screen.play.round.outcomes) == 2


async def test_every_button_does_what_its_label_says(tmp_path):
    """Clicked, as a mouse player does: the start screen's, the feedback's, the end-round question's, the results'."""
    app = make_app(tmp_path, start=False, questions=2)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for button, screen in (("#do-stats", StatsScreen), ("#do-help", HelpScreen), ("#do-settings", SettingsScreen)):
            await pilot.click(button)
            await settle(pilot)
            assert isinstance(app.screen, screen), button
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
        await pilot.click("#do-play")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        await answer(pilot, "wrong")
        await settle(pilot)
        await pilot.click("#next")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and len(app.screen.play.round.outcomes) == 1
        await pilot.press("f9")
        await settle(pilot)
        await pilot.click("#keep")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmEndScreen)
        await pilot.click("#end")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen) and app.screen.results.ended_early
        await pilot.click("#do-review")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.play.mode is Mode.REVIEW
        await pilot.press("f9")
        await settle(pilot)
        await pilot.click("#end")
        await settle(pilot)
        await pilot.click("#do-again")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.play.mode is Mode.REVIEW
        await pilot.press("f9")
        await settle(pilot)
        await pilot.click("#end")
        await settle(pilot)
        await pilot.click("#do-home")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_escape_closes_the_feedback_box_as_enter_does(tmp_path):
    app = make_app(tmp_path, questions=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.screen.play.round.current
        await answer(pilot, "wrong")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        game = app.screen.play.round
        assert len(game.outcomes) == 1 and game.current is not first, "Esc closed the box; it skipped nothing"


async def test_f9_asks_before_ending_the_round_and_an_early_end_is_shown_and_kept(tmp_path):
    app = make_app(tmp_path, questions=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer(pilot, "right")
        await next_question(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmEndScreen)
        await pilot.press("escape")  # keep playing
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and not app.screen.play.round.over
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert text_of(app.screen.query_one("#ended-early")) == "Ended early: 4 questions not asked"
    assert rows(tmp_path, "SELECT ended_early, mode FROM rounds") == [(1, "classic")]


# --- bests per mode, review rounds -------------------------------------------------------------------------------


async def test_a_timed_score_is_not_a_classic_best(tmp_path):
    timed = make_app(tmp_path, mode=Mode.TIMED, questions=None)
    async with timed.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timed.clock.now += 1
        await answer(pilot, "right")  # 10 or 20, plus the speed bonus
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        timed_score = timed.screen.results.score
        assert timed_score > 0
        assert "New personal best in timed!" in text_of(timed.screen.query_one("#summary"))
    app = make_app(tmp_path, questions=2)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for how in ("right", "wrong"):
            await answer(pilot, how)
            await next_question(pilot)
        assert isinstance(app.screen, ResultsScreen) and app.screen.results.personal_best is None
        classic_score = app.screen.results.score
        assert "Round over · first-film · Classic" == text_of(app.screen.query_one(".bar"))
        await pilot.press("escape")
        await settle(pilot)
        pack_line = app.screen.query_one("#packs", OptionList).get_option_at_index(0).prompt
        assert str(pack_line).endswith(f"best {classic_score}")
        await pilot.press("tab", "down", "down", "enter")  # the mode list: Timed
        await settle(pilot)
        pack_line = app.screen.query_one("#packs", OptionList).get_option_at_index(0).prompt
        assert str(pack_line).endswith(f"best {timed_score}")


async def test_review_says_when_a_fact_is_due_and_does_not_ask_it_again_at_once(tmp_path):
    app = make_app(tmp_path, questions=2)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        for how in ("wrong", "right"):
            await answer(pilot, how)
            await next_question(pilot)
        await pilot.press("v")  # review the missed fact
        await settle(pilot)
        assert app.screen.play.mode is Mode.REVIEW and len(app.screen.play.round.questions) == 1
        assert text_of(app.screen.query_one("#status")).startswith("Review  ·  Question 1/1")
        await answer(pilot, "right")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        due = text_of(app.screen.query_one("#due"))
        assert due.startswith("Next review of this fact: in ") and due.split()[-1] in ("minutes", "hour", "hours")
        await next_question(pilot)
        assert isinstance(app.screen, ResultsScreen)
        reviewed = app.screen.play.round.questions[0]
        back = text_of(app.screen.query_one("#coming-back"))
        assert back.startswith("in ") and back.endswith(f": {reviewed.answer}")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "down", "down", "down", "enter", "p")  # Review, from the start screen
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen), "the fact just answered right is not asked again at once"
        assert any(message.startswith("Nothing to review in this pack now: the next fact is due in ")
                   for message in notifications(app))


# --- the question screen ------------------------------------------------------------------------------------------


async def test_the_question_header_shows_the_mode_and_a_true_false_question_says_1_2(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "tf.gift").write_text("// title: True or false\n::moon:: The Moon is a planet. {F}\n\n"
                                    "::sun:: The Sun is a star. {T}\n", encoding="utf-8")
    app = OrbitQuizApp(tmp_path / "data", pack_folders=[folder], player="Ann",
                       start=StartRequest("tf", Mode.SUDDEN_DEATH, 1, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 5)
        assert text_of(app.screen.query_one("#status")).startswith("Sudden death  ·  Question 1")
        keys = footer_keys(app.screen)
        assert keys.get("1–2") == "Answer" and "1–4" not in keys


async def test_a_four_option_question_still_says_1_4(tmp_path):
    app = make_app(tmp_path, questions=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await skip_to(pilot, app, "choice")
        await settle(pilot)
        assert footer_keys(app.screen).get(f"1–{len(app.screen.play.round.current.options)}") == "Answer"


# --- the start screen, screenshots, modal screens ---------------------------------------------------------------


async def test_the_pack_list_uses_the_height_it_has(tmp_path):
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        packs = app.screen.query_one("#packs", OptionList)
        assert packs.option_count >= 5
        assert packs.max_scroll_y == 0, f"{packs.option_count} packs in {packs.size.height} rows: some hidden"
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        packs = app.screen.query_one("#packs", OptionList)
        assert packs.size.height >= 4 and app.screen.query_one("#do-play").region.bottom <= 23, \
            "at 80x24 the list still leaves the buttons on screen"


async def test_screenshot_from_the_palette_goes_to_the_data_folder_and_says_where(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # a machine without ~/Downloads
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Screenshot")
        await settle(pilot)
        await pilot.press("enter")
        for _ in range(30):
            if list((tmp_path / "data" / "screenshots").glob("*.svg")) if (tmp_path / "data" / "screenshots").exists() \
                    else False:
                break
            await pilot.pause(0.1)
        await settle(pilot)
        saved = list((tmp_path / "data" / "screenshots").glob("*.svg"))
        assert len(saved) == 1 and saved[0].read_text(encoding="utf-8").startswith("<svg")
        assert f"Saved in {saved[0]}" in notifications(app)


async def test_dialogs_hide_the_screen_under_them_and_the_settings_box_has_no_empty_row(tmp_path):
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, screen in (("o", SettingsScreen), ("f1", HelpScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen)
            assert app.screen.styles.background.a == 1, f"{screen.__name__} shows the start screen through"
            if screen is SettingsScreen:
                box = app.screen.query_one("#settings")
                assert box.border_title == "Settings"
                assert box.query(".field").first().region.y == box.content_region.y, "an empty row above Theme"
            await pilot.press("escape")
            await settle(pilot)


# --- words ---------------------------------------------------------------------------------------------------------


async def test_feedback_says_the_answer_is_and_that_a_hint_halved_the_points(tmp_path):
    app = make_app(tmp_path, questions=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer(pilot, "skip")
        await settle(pilot)
        assert " — the answer is " in text_of(app.screen.query_one("#verdict"))
        await next_question(pilot)
        while not app.screen.play.round.current.hint:
            await answer(pilot, "skip")
            await next_question(pilot)
        await answer(pilot, "hint")
        await settle(pilot)
        outcome = app.screen.outcome
        assert outcome.hinted and outcome.correct
        verdict = text_of(app.screen.query_one("#verdict"))
        assert verdict.startswith(f"✓ Right (+{outcome.points}, halved by the hint)")


def test_check_says_1_file_checked(tmp_path):
    result = subprocess.run([sys.executable, "-m", "orbitquiz", "check", "seeds/first-film.md"], capture_output=True,
                            text=True, cwd=Path(__file__).resolve().parents[1])
    assert "1 file checked:" in result.stdout, result.stdout


def test_a_type_with_one_candidate_says_1_candidate_answer(tmp_path):
    from orbitquiz import load_pack

    article = tmp_path / "one.md"
    article.write_text("---\ntitle: One\n---\nThe [Soyuz]{.craft} flew, and [Sergei Korolev]{.person} built it. "
                       "[Yuri Gagarin]{.person} flew first and [Gherman Titov]{.person} second, then "
                       "[Valentina Tereshkova]{.person}.\n", encoding="utf-8")
    messages = [problem.message for problem in load_pack(article).warnings]
    assert any("only 1 candidate answer," in message for message in messages), messages


# --- the stats screen ------------------------------------------------------------------------------------------------


async def test_stats_show_rounds_per_mode_no_block_for_one_round_and_types_per_pack(tmp_path):
    for first in (True, False):  # two classic rounds, the first followed by a review round
        app = make_app(tmp_path, questions=2)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            for how in ("right", "wrong"):
                await answer(pilot, how)
                await next_question(pilot)
            if first:
                await pilot.press("v")
                await settle(pilot)
                await answer(pilot, "right")
                await next_question(pilot)
    app = make_app(tmp_path, start=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        lines = [text_of(line) for line in app.screen.query(".pack-line")]
        assert lines[0].startswith("first-film · classic: 2 rounds · best ")
        assert lines[1].startswith("first-film · review: 1 round · best ")
        assert len(app.screen.query(Sparkline)) == 1, "the classic line's two rounds, none for the one review"
        table = app.screen.query_one("#accuracy")
        assert [str(column.label) for column in table.columns.values()][:2] == ["Pack", "Type"]
        assert {str(table.get_row_at(n)[0]) for n in range(table.row_count)} == {"first-film"}


async def test_a_pack_of_one_question_says_1_question(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "one.gift").write_text("// title: One\n::moon:: The Moon is a planet. {F}\n", encoding="utf-8")
    app = OrbitQuizApp(tmp_path / "data", pack_folders=[folder], player="Ann")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        packs = app.screen.query_one("#packs", OptionList)
        lines = [str(packs.get_option_at_index(n).prompt) for n in range(packs.option_count)]
        assert "one — One · 1 question" in lines, lines
