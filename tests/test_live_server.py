"""The live game's server, against a real aiohttp server on a free port with a real SQLite store, played by
websocket players (aiohttp's client): joining, playing, rejoining, and everything a player must not be able to do."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from orbitquiz.live.state import Phase
from tests.livetools import CODE, connect, join, live_server, questions


@pytest.fixture
async def client():
    async with aiohttp.ClientSession() as session:
        yield session


async def test_a_class_plays_and_a_dropped_phone_gets_its_place_back(tmp_path, client):
    chosen = questions(2)
    async with live_server(tmp_path, chosen) as server:
        ana, ben = await join(client, server.url, "Ana"), await join(client, server.url, "Ben")
        assert (await ana.state("lobby"))["nickname"] == "Ana"
        server.session.advance()
        view = await ana.state("question")
        assert view["question"]["prompt"] == chosen[0].prompt
        await ana.send(type="answer", response=chosen[0].answer)
        await ana.wait_for(lambda m: m["type"] == "state" and m["view"]["your_answer"] == chosen[0].answer)
        server.session.advance()
        result = (await ana.state("reveal"))["result"]
        assert result["correct"] is True and result["points"] > 0 and result["how"]
        assert (await ben.state("reveal"))["result"]["correct"] is False
        score = server.session.game.players[ana.token].score
        assert score == result["points"]

        await ana.close()  # the phone loses its connection
        await asyncio.sleep(0.1)
        assert not server.session.game.players[ana.token].connected
        again = await connect(client, server.url)
        await again.send(type="rejoin", token=ana.token)
        view = await again.state("reveal")
        assert view["nickname"] == "Ana" and view["score"] == score and view["rank"] == 1
        assert server.session.game.players[ana.token].connected


async def test_the_right_answer_is_not_on_the_wire_before_the_reveal(tmp_path, client):
    chosen = questions(3, kind="fill")
    async with live_server(tmp_path, chosen) as server:
        ana = await join(client, server.url, "Ana")
        screen = await connect(client, server.url, f"/ws/screen?key={server.screen_key}")
        for number, question in enumerate(chosen, 1):
            server.session.advance()
            await ana.state("question", number=number)
            await screen.wait_for(lambda m: m["view"]["phase"] == "question")
            await ana.send(type="answer", response="not it at all")
            await ana.wait_for(lambda m: m["type"] == "state" and m["view"]["your_answer"] == "not it at all")
            before = "\n".join(ana.wire + screen.wire)
            for secret in (question.answer, question.source.sentence, *question.accepted):
                assert secret not in before, secret
            server.session.advance()
            assert (await ana.state("reveal"))["result"]["answer"] == question.answer
            await screen.wait_for(lambda m: m["view"]["phase"] == "reveal")
            assert question.answer in ana.wire[-1]
            server.session.advance()  # to the leaderboard (or the podium)
            for page in (ana, screen):
                page.wire.clear()
                page.messages.clear()


async def test_a_player_cannot_move_the_game_on_nor_kick_nor_read_others_answers(tmp_path, client):
    chosen = questions(2)
    async with live_server(tmp_path, chosen) as server:
        ana, ben = await join(client, server.url, "Ana"), await join(client, server.url, "Ben")
        server.session.advance()
        await ana.state("question")
        for event in ({"type": "advance"}, {"type": "kick", "nickname": "Ben"}, {"type": "skip"}, {"type": "end"},
                      {"type": "join", "code": CODE, "nickname": "Ana2"}, {"type": "rejoin", "token": ben.token}):
            await ana.send(**event)
            assert await ana.error()
            ana.messages.clear()
        assert server.session.game.phase is Phase.QUESTION
        assert [p.nickname for p in server.session.game.active] == ["Ana", "Ben"]
        assert server.session.game.players[ben.token].connected
        secret = "Ben's own secret guess"
        await ben.send(type="answer", response=secret)
        await ben.wait_for(lambda m: m["type"] == "state" and m["view"]["your_answer"] == secret)
        server.session.advance()
        await ana.state("reveal")
        server.session.advance()
        await ana.state("leaderboard")
        assert not any(secret in text for text in ana.wire)
        assert ana.token not in "".join(ben.wire) and ben.token not in "".join(ana.wire)


async def test_wrong_codes_names_and_a_full_game_are_refused(tmp_path, client):
    async with live_server(tmp_path, questions(2), max_players=2) as server:
        guesser = await connect(client, server.url)
        for attempt in range(5):
            await guesser.send(type="join", code=f"{attempt:06d}", nickname="Eve")
            assert "join code" in await guesser.error()
            guesser.messages.clear()
        await asyncio.wait_for(guesser.socket.receive(), 5) if not guesser.socket.closed else None
        await asyncio.sleep(0.1)
        assert guesser.socket.closed  # five wrong codes and the connection is closed
        assert not server.session.game.players
        again = await connect(client, server.url)  # a new connection from the same device: five more, then none
        for attempt in range(5):
            await again.send(type="join", code=f"{attempt + 5:06d}", nickname="Eve")
            assert "join code" in await again.error()
            again.messages.clear()
        third = await connect(client, server.url)
        await third.send(type="join", code=CODE, nickname="Eve")  # even the right code, for a minute
        assert "wait a minute" in await third.error()
        assert not server.session.game.players
        server.wrong_codes.clear()  # a minute later

        await join(client, server.url, "Ana")
        taken = await connect(client, server.url)
        await taken.send(type="join", code=CODE, nickname="ana")
        assert "already called" in await taken.error()
        await taken.send(type="join", code=CODE, nickname="Bob\u202e")  # a reordering mark is taken out
        await taken.wait_for(lambda m: m["type"] == "welcome" and m["nickname"] == "Bob")
        full = await connect(client, server.url)
        await full.send(type="join", code=CODE, nickname="Cleo")
        assert "full" in await full.error()
        assert len(server.session.game.players) == 2


async def test_a_kicked_player_is_let_go_and_cannot_come_back(tmp_path, client):
    async with live_server(tmp_path, questions(2)) as server:
        ana = await join(client, server.url, "Ana")
        await ana.state("lobby")
        server.session.kick("Ana")
        await ana.wait_for(lambda m: m["type"] == "state" and m["view"]["kicked"])
        await asyncio.sleep(0.2)
        assert ana.socket.closed and ana.socket.close_code == aiohttp.WSCloseCode.POLICY_VIOLATION
        back = await connect(client, server.url)
        await back.send(type="rejoin", token=ana.token)
        assert "removed" in await back.error()
        server.session.advance()
        back.messages.clear()
        await back.send(type="answer", response="x")
        assert "Join the game first" in await back.error()


async def test_other_sites_pages_and_names_are_refused(tmp_path, client):
    async with live_server(tmp_path, questions(1)) as server:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(server.url + "/ws", headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await client.ws_connect(server.url + "/ws")  # no Origin at all
        async with client.get(server.url + "/", headers={"Host": "evil.example"}) as response:
            assert response.status == 421
        async with client.get(server.url + "/") as response:
            page = await response.text()
            assert response.status == 200 and 'aria-live="polite"' in page
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Frame-Options"] == "DENY"
        for key in ("", "?key=", "?key=wrong"):  # the board shows the join code: not for anyone on the network
            async with client.get(server.url + "/screen" + key) as response:
                assert response.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await client.ws_connect(server.url + "/ws/screen" + key, headers={"Origin": server.url})
        async with client.get(server.screen_url) as response:
            assert response.status == 200 and "screen.js" in await response.text()
        async with client.get(server.url + "/live/../server.py") as response:
            assert response.status == 404
        async with client.get(server.url + "/live/player.js") as response:
            assert response.status == 200 and "textContent" in await response.text()


async def test_the_connection_cap_holds(tmp_path, client):
    from orbitquiz.live.server import SPARE_CONNECTIONS

    async with live_server(tmp_path, questions(1), max_players=1) as server:
        pages = [await connect(client, server.url) for _ in range(1 + SPARE_CONNECTIONS)]
        extra = await connect(client, server.url)
        message = await asyncio.wait_for(extra.socket.receive(), 5) if not extra.socket.closed else None
        await asyncio.sleep(0.1)
        assert extra.socket.closed and extra.socket.close_code == aiohttp.WSCloseCode.TRY_AGAIN_LATER, message
        assert len(server.players) == 1 + SPARE_CONNECTIONS
        for page in pages:
            await page.close()


async def test_with_a_time_limit_the_question_is_revealed_when_time_is_up(tmp_path, client):
    async with live_server(tmp_path, questions(2), seconds=1) as server:
        ana = await join(client, server.url, "Ana")
        server.session.advance()
        view = await ana.state("question")
        assert 0 < view["time_left"] <= 1
        await ana.state("reveal", timeout=3)  # no key pressed: the clock did it
        assert server.session.game.phase is Phase.REVEAL
        await ana.send(type="answer", response="too late")
        assert "No question is open" in await ana.error()


async def test_without_a_time_limit_there_is_no_clock(tmp_path, client):
    async with live_server(tmp_path, questions(1)) as server:
        ana = await join(client, server.url, "Ana")
        server.session.advance()
        assert (await ana.state("question"))["time_left"] is None
        await asyncio.sleep(0.5)
        assert server.session.game.phase is Phase.QUESTION


async def test_a_flood_of_idle_connections_does_not_shut_players_out(tmp_path, client):
    async with live_server(tmp_path, questions(1), max_players=1) as server:
        ana = await join(client, server.url, "Ana")
        limit = server.connections.limit
        host, port = server.url.split("//")[1].rsplit(":", 1)
        idle = [await asyncio.open_connection(host, int(port)) for _ in range(limit + 10)]  # never send a byte
        await asyncio.sleep(1.2)  # past the grace a new connection has to send its request
        async with client.get(server.url + "/", headers={"Connection": "close"}) as response:
            assert response.status == 200  # an idle connection was closed to make room
        assert server.connections.closed_for_room >= 1
        assert len(server.session.game.players) == 1 and not ana.socket.closed  # the player's websocket stayed
        server.session.advance()
        assert (await ana.state("question"))["question"]
        for _, writer in idle:
            writer.close()
