"""End to end: the teacher's host screen (Pilot, by keys), three players in Chromium at a phone's width (found by
role and accessible name, as a screen reader finds them) and twenty websocket players play a five-question game;
the database holds every answer."""

from __future__ import annotations

import asyncio
import sqlite3

import aiohttp
from playwright.async_api import expect

from orbitquiz.live.state import Phase
from tests.livetools import CODE, async_browser, join
from tests.test_live_host import host_app

PHONE = {"width": 390, "height": 844}
BOTS = 20


async def test_a_class_plays_a_live_game_in_chromium(tmp_path):
    app, store = host_app(tmp_path, count=5, kind=None, max_players=30)
    game = app.session.game
    kinds = {q.kind for q in game.questions}
    async with app.run_test(size=(120, 45)) as pilot, aiohttp.ClientSession() as client, async_browser() as browser:
        url = app.server.url
        pages = {}
        for name in ("Ana", "Ben", "Cleo"):
            page = await browser.new_page(viewport=PHONE)
            await page.goto(url + "/")
            await page.get_by_label("Join code").fill(CODE)
            await page.get_by_label("Nickname").fill(name)
            await page.get_by_role("button", name="Join").click()
            await expect(page.get_by_role("status")).to_contain_text("Joined")
            pages[name] = page
        bots = await asyncio.gather(*(join(client, url, f"Bot {i}") for i in range(BOTS)))
        projector = await browser.new_page(viewport={"width": 1280, "height": 720})
        await projector.goto(app.server.screen_url)
        await expect(projector.get_by_text(f"with the code {CODE}")).to_be_visible()
        await expect(projector.get_by_text("23 players")).to_be_visible()

        for number, question in enumerate(game.questions, 1):
            await pilot.press("enter")
            assert game.phase is Phase.QUESTION
            for name, page in pages.items():
                await expect(page.get_by_role("heading", name=question.prompt, exact=True)).to_be_visible()
                response = question.answer if name != "Ben" else "certainly not this"
                if question.kind == "choice":
                    if name == "Ben":
                        response = next(o for o in question.options if o != question.answer)
                    await page.get_by_role("button", name=response, exact=True).click()
                elif name == "Ana":  # by keyboard alone: the answer box has the focus, Enter sends
                    await expect(page.get_by_label("Your answer")).to_be_focused()
                    await page.keyboard.type(response)
                    await page.keyboard.press("Enter")
                else:
                    await page.get_by_label("Your answer").fill(response)
                    await page.get_by_role("button", name="Answer").click()
                await expect(page.get_by_role("status")).to_contain_text("Answer sent")

            async def bot_answers(index, bot):
                await bot.state("question", number=number)
                await bot.send(type="answer", response=question.answer if index % 2 else "a wrong guess")
            await asyncio.gather(*(bot_answers(i, bot) for i, bot in enumerate(bots)))
            for _ in range(100):
                if not game.waiting_for():
                    break
                await asyncio.sleep(0.05)
            assert not game.waiting_for()

            await pilot.press("space")
            assert game.phase is Phase.REVEAL
            await expect(pages["Ana"].get_by_role("status")).to_contain_text("Right")
            await expect(pages["Cleo"].get_by_role("status")).to_contain_text("Right")
            await expect(pages["Ben"].get_by_role("status")).to_contain_text("Not right")
            await expect(projector.get_by_text(f"The answer: {question.answer} (")).to_be_visible()
            assert question.source.sentence in await projector.inner_text("body")
            if number == 2:  # Cleo's phone reloads the page: her place and score come back
                score = game.players[next(t for t, p in game.players.items() if p.nickname == "Cleo")].score
                await pages["Cleo"].reload()
                await expect(pages["Cleo"].get_by_text(f"You are Cleo · {score} points")).to_be_visible()
            await pilot.press("enter")  # the leaderboard, or after the last the podium
        assert game.phase is Phase.PODIUM
        for page in pages.values():
            await expect(page.get_by_role("status")).to_contain_text("The game is over")
        await expect(pages["Ana"].get_by_role("list")).to_contain_text("Ana")
    store.close()

    db = sqlite3.connect(tmp_path / "orbitquiz.sqlite3")
    per_player = dict(db.execute("SELECT p.name, count(a.id) FROM rounds r JOIN players p ON p.id = r.player_id "
                                 "LEFT JOIN answers a ON a.round_id = r.id WHERE r.mode = 'live' GROUP BY p.name"))
    assert len(per_player) == 3 + BOTS  # the reload made no second Cleo and set(per_player.values()) == {len(game.questions)}
    assert db.execute("SELECT count(*) FROM rounds WHERE finished_at IS NULL").fetchone() == (0,)
    rights = dict(db.execute("SELECT p.name, sum(a.correct) FROM answers a JOIN rounds r ON r.id = a.round_id "
                             "JOIN players p ON p.id = r.player_id GROUP BY p.name"))
    assert rights["Ana"] == rights["Cleo"] == len(game.questions) and rights["Ben"] == 0
    assert kinds == {"choice", "fill"}  # answered by a button and by typing


async def test_a_page_from_an_earlier_game_joins_the_new_one(tmp_path):
    """The server restarted (a new game at the same address): the page's saved place is not this game's, so it
    shows the join form again instead of a game that is gone."""
    from orbitquiz.live.server import LiveServer
    from orbitquiz.live.session import LiveSession
    from orbitquiz.live.state import LiveGame
    from tests.livetools import live_server, questions

    async with async_browser() as browser:
        page = await browser.new_page(viewport=PHONE)
        async with live_server(tmp_path / "first", questions(2)) as server:
            await page.goto(server.url + "/")
            await page.get_by_label("Join code").fill(CODE)
            await page.get_by_label("Nickname").fill("Ana")
            await page.get_by_role("button", name="Join").click()
            await expect(page.get_by_role("status")).to_contain_text("Joined")
            port = server.port
        again = LiveServer(LiveSession(LiveGame(questions(2), code="111111"), None, "first-film", 1), port=port)
        await again.start()
        try:
            await expect(page.get_by_label("Join code")).to_be_visible(timeout=10_000)
            await expect(page.get_by_role("alert")).to_contain_text("join again")
            await page.reload()
            await expect(page.get_by_label("Join code")).to_be_visible()
            await expect(page.get_by_role("alert")).to_have_text("")
        finally:
            await again.stop()
