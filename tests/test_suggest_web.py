"""`orbitquiz suggest --review --serve`: the review screen in a real Chromium tab, on a real server."""

from __future__ import annotations

import sys

from orbitquiz.readers import tagged
from tests.webtools import focus_terminal, new_page, serve, wait_for_screen, wait_until
from tests.test_suggest_review import ARTICLE


def test_the_review_works_in_a_served_tab(browser, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "article.md"
    command = [sys.executable, "-m", "orbitquiz", "--data-dir", str(tmp_path / "data"), "suggest", str(article),
               "--review", "--serve", "--port", "0", "-o", str(output)]
    with serve(tmp_path / "data", command=command) as server:
        page = new_page(browser, viewport={"width": 1100, "height": 820})
        page.goto(server.url + "/")
        wait_for_screen(page, r"Span 1 of 8 \(0 accepted\): “Actress” \.job", r"Questions it would make")
        focus_terminal(page)
        page.keyboard.press("d")  # drop "Actress"
        wait_for_screen(page, r"Span 1 of 7 \(0 accepted\): “Yulia Peresild” \.person")
        page.keyboard.press("t")
        wait_for_screen(page, r"A new type for the span")
        page.keyboard.type("actress")
        page.keyboard.press("Enter")
        wait_for_screen(page, r"“Yulia Peresild” \.actress")
        page.keyboard.press("m")  # a word the suggester missed: "rocket", three free words on
        wait_for_screen(page, r"Marked for a new span: “flew”")
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        wait_for_screen(page, r"Marked for a new span: “rocket”")
        page.keyboard.press("Enter")
        wait_for_screen(page, r"A type for the new span “rocket”")
        page.keyboard.type("vehicle")
        page.keyboard.press("Enter")
        wait_for_screen(page, r"“rocket” \.vehicle — accepted")
        page.keyboard.press("s")
        assert wait_until(output.exists, 20)
    pack = tagged.read(output.read_text(encoding="utf-8"), str(output))
    facts = [(f.answer, f.type) for f in pack.facts]
    assert ("Actress", "job") not in facts and ("Yulia Peresild", "actress") in facts and len(facts) == 8
    assert ("Peresild", "actress") in facts and ("rocket", "vehicle") in facts
