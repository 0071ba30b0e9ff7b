"""`orbitquiz report --html FILE`, opened in a real Chromium: nothing fetched from anywhere, no console error, no
script, every name and answer shown as the text it is; and the numbers on the page read back against the
database (queried here with plain SQL and fsrs, not through orbitquiz's own figures)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from orbitquiz.grading import grade
from orbitquiz.store import DB_NAME, Store
from tests.test_items import MIR, SOYUZ, T0, choice, fill, play_class
from tests.webtools import launch_browser

HOSTILE_NAME = '<img src="http://evil.example/n.png">Zoë & "Co"'
HOSTILE_ANSWER = "<script>fetch('http://evil.example/a')</script>"


def orbitquiz(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORBITQUIZ_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, text=True, env=env,
                          check=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, Path, datetime]:
    """The made-up class on 2 November, two players again on 3 November, a hostile player on 4 November; the
    report written by a real process."""
    home = tmp_path_factory.mktemp("home")
    with Store.open(home) as store:
        play_class(store)
        day2 = T0 + timedelta(days=1)
        for name, answers in {"ana": [(choice("q2c", "f2", "Mir", MIR), "Mir"), (fill("q4f", "f4", "1961"), "1961")],
                              "dee": [(choice("q1c", "f1", "Soyuz", SOYUZ), "Soyuz")]}.items():
            round_id = store.start_round(store.player(name), "space", "classic", 2, day2)
            for question, response in answers:
                store.record_answer(round_id, question, response, grade(question, response), 10, False, False, day2)
            store.finish_round(round_id, 30, 2, day2, day2.date())
        day3 = T0 + timedelta(days=2)
        round_id = store.start_round(store.player(HOSTILE_NAME), "space", "classic", 3, day3)
        question = fill("q3f", "f3", "Yulia Peresild")
        store.record_answer(round_id, question, HOSTILE_ANSWER, grade(question, HOSTILE_ANSWER), 0, False, False, day3)
    report = home / "class.html"
    before = datetime.now(timezone.utc)
    result = orbitquiz("report", "--html", str(report), home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{report}: the class's report (6 players, 5 questions) — open it in a browser\n"
    return report, home / DB_NAME, before


@pytest.fixture(scope="module")
def page(written):
    report, _, _ = written
    with launch_browser() as browser:
        page = browser.new_page()
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: problems.append(f"{message.type}: {message.text}")
                if message.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        page.requests, page.problems = requests, problems
        yield page
        page.close()


def texts(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def test_the_page_fetches_nothing_runs_nothing_and_logs_no_error(page, written) -> None:
    report, _, _ = written
    assert page.requests == [report.as_uri()]
    assert page.problems == []
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert page.locator("svg").count() >= 1 + 9 + 6  # the class's chart, a bar per option shown, a line per player
    html = report.read_text(encoding="utf-8")
    # No element that could load or run anything, and no CSS that could fetch (names and answers are in it,
    # escaped: "&lt;img src=…" is text).
    assert not re.search(r"<(script|img|link|iframe|object|embed|video|audio|source|image|use|a)\b", html, re.I)
    assert "url(" not in html and "@import" not in html


def test_names_and_answers_are_shown_as_the_text_they_are(page) -> None:
    assert HOSTILE_NAME in texts(page, "#players td.name")
    assert HOSTILE_ANSWER in texts(page, "#items .wrong-answers .answer")


def test_the_class_figures_are_the_databases(page, written) -> None:
    _, database, _ = written
    db = sqlite3.connect(database)
    players = db.execute("SELECT count(*) FROM players").fetchone()[0]
    rounds = db.execute("SELECT count(*) FROM rounds WHERE finished_at IS NOT NULL").fetchone()[0]
    answers, right = db.execute("SELECT count(*), sum(correct) FROM answers").fetchone()
    figures = [page.inner_text(f"#class-{figure}") for figure in ("players", "rounds", "answers", "accuracy")]
    assert figures == [str(players), str(rounds), str(answers), f"{right / answers:.0%}"]
    days = db.execute("SELECT substr(answered_at, 1, 10), count(*), sum(correct) FROM answers GROUP BY 1 ORDER BY 1")
    shown = [row.split("\t") for row in texts(page, "#days tbody tr")]
    assert shown == [[day, str(n), str(r), f"{r / n:.0%}"] for day, n, r in days]
    assert len(shown) == 3 and page.locator("#accuracy-chart circle").count() == 3

    per_player = db.execute(
        "SELECT p.name, (SELECT count(*) FROM rounds r WHERE r.player_id = p.id AND finished_at IS NOT NULL), "
        "count(a.id), ifnull(sum(a.correct), 0) FROM players p JOIN rounds r ON r.player_id = p.id "
        "LEFT JOIN answers a ON a.round_id = r.id GROUP BY p.id").fetchall()
    rows = {cells[0]: cells[1:] for cells in (row.split("\t") for row in texts(page, "#players tbody tr"))}
    for name, finished, n, r in per_player:
        assert rows[name][0] == str(finished) and rows[name][2:5] == [str(n), str(r), f"{r / n:.0%}"], name


def test_each_question_and_option_bar_is_the_databases(page, written) -> None:
    _, database, _ = written
    db = sqlite3.connect(database)
    articles = page.locator("#items article.item")
    assert articles.count() == db.execute("SELECT count(DISTINCT question_id) FROM answers").fetchone()[0]
    for index in range(articles.count()):
        article = articles.nth(index)
        question = article.get_attribute("data-question")
        attempts, right = db.execute("SELECT count(*), sum(correct) FROM answers WHERE question_id = ?",
                                     (question,)).fetchone()
        assert (article.locator(".attempts").inner_text(), article.locator(".right").inner_text()) == (
            str(attempts), str(right)), question
        for row in article.locator("tr.option").all():
            option = row.locator("td.label").inner_text().removesuffix(" (key)")
            picked = db.execute("SELECT count(*) FROM answers WHERE question_id = ? AND response = ? AND skipped = 0",
                                (question, option)).fetchone()[0]
            shown = db.execute("SELECT count(*) FROM answers, json_each(answers.options) WHERE question_id = ? "
                               "AND json_each.value = ?", (question, option)).fetchone()[0]
            assert (row.locator(".picked").inner_text(), row.locator(".shown").inner_text()) == (
                str(picked), str(shown)), (question, option)
            # The bar's length is the share picked of the times shown.
            bar = row.locator("svg.bar rect").nth(1)
            assert int(bar.get_attribute("width")) == round(picked / shown * 220)
    facts = page.locator("#items table.facts tr.fact").all()
    assert len(facts) == db.execute("SELECT count(DISTINCT fact_id) FROM answers").fetchone()[0]
    for row in facts:
        attempts, right = db.execute("SELECT count(*), sum(correct) FROM answers WHERE fact_id = ?",
                                     (row.get_attribute("data-fact"),)).fetchone()
        assert (row.locator(".attempts").inner_text(), row.locator(".right").inner_text()) == (str(attempts),
                                                                                              str(right))
    q1c = page.locator('#items article[data-question="q1c"]')
    assert q1c.locator(".discrimination").inner_text().startswith(("+", "-"))
    assert page.locator('#items article[data-question="q1f"] .discrimination').inner_text() == (
        "undefined (everyone right)")


def test_the_facts_being_forgotten_are_the_schedules(page, written) -> None:
    from fsrs import Card, Scheduler

    _, database, before = written
    db = sqlite3.connect(database)
    scheduler = Scheduler(enable_fuzzing=False)
    rows = page.locator("#forgetting tr.fact").all()
    assert rows
    recalls = []
    for row in rows:
        fact = row.get_attribute("data-fact")
        cards = [(Card.from_json(card), datetime.fromisoformat(due)) for card, due in
                 db.execute("SELECT card_json, due FROM review_cards WHERE fact_id = ?", (fact,))]
        chances = [scheduler.get_card_retrievability(card, before) for card, _ in cards]
        assert row.locator(".players").inner_text() == str(len(cards))
        assert row.locator(".due").inner_text() == str(sum(due <= before for _, due in cards))
        shown = int(row.locator(".recall").inner_text().removesuffix("%"))
        assert abs(shown - 100 * sum(chances) / len(chances)) <= 1, fact  # the page's clock ran a moment later
        recalls.append(shown)
    assert recalls == sorted(recalls)  # the most forgotten first
