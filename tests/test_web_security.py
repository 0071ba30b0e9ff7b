"""Intruders against a real ``orbitquiz serve``: websockets from other origins, crafted paths and unknown packs, a
burst of 200 connection attempts against a cap of 5, and a look at every websocket frame a real Chromium receives
to check that a fill-in question's answer is never sent before the player has answered.

"Opens nothing" is checked on the server's own children (/proc/PID/task/*/children), sampled every few
milliseconds in a thread while the attempts run, so a game started and ended between two looks is still seen.
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
from pathlib import Path

import pytest

from orbitquiz import generate, load_pack
from orbitquiz.store import Store
from orbitquiz.web import GameServer, ServeError
from tests.webtools import (
    ChildWatch,
    focus_terminal,
    new_page,
    prompt_on,
    run_async,
    serve,
    wait_for_screen,
    wait_until,
)

#: A pack whose answers (and accepted forms) are words found nowhere else: not in the game, the page or the other
#: fact's sentence, so any sight of them in a frame is a leak. Each fact has a type of its own and no wrong options,
#: so every question is a fill-in.
PROBE = """---
title: Leak probe
language: en
---

The survey ship was named [Vexquorlin]{.shipname accept="Vexquorlin Star|Quorlinvex"}.

The ship's cook grew a fruit called [Plumbrazzik]{.fruitname accept="Plumbrazzik berry|Zikplumbraz"}.
"""
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]PX^_]")


def probe_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "probe.md").write_text(PROBE)
    return folder


def http_get(address: str, target: str, headers: str = "", host: str | None = None) -> tuple[int, str]:
    """A GET sent as raw bytes, so the path reaches the server exactly as written (an HTTP client or a browser
    would resolve the ``..`` itself first); ``host`` is the Host header a browser (or a proxy) would send."""
    hostname, port = address.rsplit(":", 1)
    with socket.create_connection((hostname, int(port)), timeout=30) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: {host or address}\r\n{headers}Connection: close\r\n\r\n"
                           .encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


async def open_websocket(url: str, origin: str | None, host: str | None = None) -> tuple[int, int | None, str]:
    """Try a websocket as a page at ``origin`` would. Returns (HTTP status, close code, close message): 101 and
    None if the game started and sent its screen."""
    import aiohttp

    headers = {"Origin": origin} if origin is not None else {}
    if host is not None:
        headers["Host"] = host
    async with aiohttp.ClientSession(skip_auto_headers=["Origin"]) as session:
        try:
            async with session.ws_connect(url, headers=headers) as ws:
                message = await ws.receive(timeout=60)
                if message.type == aiohttp.WSMsgType.BINARY:
                    return 101, None, ""
                return 101, ws.close_code, str(message.extra or "")
        except aiohttp.WSServerHandshakeError as error:
            return error.status, None, ""


# --- other sites' pages --------------------------------------------------------------------------------------------


def test_cross_origin_websockets_are_refused_before_any_game_starts(tmp_path):
    folder = probe_pack(tmp_path)
    with serve(tmp_path / "data", "--pack", "probe", packs=folder) as server:
        port = server.host.rsplit(":", 1)[1]
        own = f"http://{server.host}"
        # Origins that merely look like this server's: another port, scheme or name; the server's address as a
        # prefix or as user info of another host; the literal "null" of a sandboxed page or a file://.
        foreign = [None, "null", "http://evil.example", f"https://{server.host}", f"http://localhost:{port}",
                   f"http://127.0.0.1:{int(port) + 1}", f"{own}.evil.example", f"http://{server.host}@evil.example",
                   f"{own} http://evil.example", "file://", f"ws://{server.host}"]
        routes = ["/ws", "/ws/pack/probe", "/ws?width=80&height=24"]

        async def attempts() -> list[tuple[str, str | None, tuple]]:
            tries = [(route, origin, open_websocket(f"ws://{server.host}{route}", origin))
                     for route in routes for origin in foreign]
            # DNS rebinding: the page's own origin, but under a name that is not this server's.
            tries.append(("/ws", "rebound", open_websocket(f"ws://{server.host}/ws", f"http://evil.example:{port}",
                                                           host=f"evil.example:{port}")))
            results = await asyncio.gather(*(attempt for *_, attempt in tries))
            return [(route, origin, result) for (route, origin, _), result in zip(tries, results, strict=True)]

        with ChildWatch(server.process.pid) as watch:
            results = run_async(attempts())
            time.sleep(0.3)  # a game that started late would show up here
        refused = [r for r in results if r[2][0] in (403, 421)]
        print(f"\n{len(results)} cross-origin websocket attempts: {len(refused)} refused, "
              f"{watch.most} game processes at most over {watch.samples} looks")
        assert [(route, origin, result) for route, origin, result in results if result[0] not in (403, 421)] == []
        assert all(result[0] == 421 for route, origin, result in results if origin == "rebound")
        assert watch.most == 0 and watch.ever == set()
        # The page's own origin still plays (the refusals above were for their origin, not for everyone).
        assert run_async(open_websocket(f"ws://{server.host}/ws", own))[:2] == (101, None)
        assert wait_until(lambda: server.games() == [], 10)


# --- crafted paths and unknown packs -------------------------------------------------------------------------------


TRAVERSALS = ["/pack/../../etc/passwd", "/pack/..%2F..%2Fetc%2Fpasswd", "/pack/%2e%2e/%2e%2e/etc/passwd",
              "/pack/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/pack/probe/../../../etc/passwd", "/pack/..",
              "/pack/%2e%2e", "/pack/~root", "/pack/probe.md", "/pack//etc/passwd", "/pack/%00",
              "/pack/nope", "/pack/PROBE", "/pack/probe%20", "/pack/" + "x" * 2000, "/pack/<script>alert(1)</script>",
              "/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/textual.js/../../../etc/passwd", "/etc/passwd",
              "/download/..%2f..%2fetc%2fpasswd"]


def test_crafted_paths_and_unknown_packs_get_a_clear_page_and_open_nothing(browser, tmp_path):
    folder = probe_pack(tmp_path)
    with serve(tmp_path / "data", packs=folder) as server, ChildWatch(server.process.pid) as watch:
        for target in TRAVERSALS:
            status, body = http_get(server.host, target)
            assert status == 404, (target, status, body[:300])
            # A page of this game that says what happened and offers the real packs, never the file asked for.
            title = re.search(r"<h1>(.*?)</h1>", body)
            assert title and title.group(1) in ("No such pack", "Not found"), (target, body[:300])
            assert 'href="/pack/probe"' in body, target
            assert "root:" not in body and "<script>alert" not in body, target

        # The same through the websocket route: refused with a reason, no game.
        own = f"http://{server.host}"
        for name in ["..%2F..%2Fetc%2Fpasswd", "nope", "probe.md", "PROBE", "%00"]:
            status, code, reason = run_async(open_websocket(f"ws://{server.host}/ws/pack/{name}", own))
            assert (status, code) == (101, 1008) and reason.startswith("No pack named"), (name, status, code, reason)

        # And in a real browser, which resolves the dots itself before asking.
        page = new_page(browser)
        response = page.goto(f"{server.url}/pack/../../etc/passwd")
        assert response.status == 404
        assert page.inner_text("h1") == "Not found"
        assert "probe" in page.inner_text("ul")
        response = page.goto(f"{server.url}/pack/nope")
        assert response.status == 404 and page.inner_text("h1") == "No such pack"
        page.close()
        time.sleep(0.3)
    print(f"\n{len(TRAVERSALS)} crafted paths and 5 websocket pack names: all 404 pages, {watch.most} processes "
          f"started over {watch.samples} looks")
    assert watch.most == 0 and watch.ever == set()
    assert "Traceback" not in server.log.read_text()


# --- a burst against the cap ---------------------------------------------------------------------------------------

CAP = 5
BURST = 200


def test_the_session_cap_holds_under_a_burst_of_200_attempts(browser, tmp_path):
    import aiohttp

    folder = probe_pack(tmp_path)
    with serve(tmp_path / "data", "--max-sessions", str(CAP), packs=folder) as server:
        url, own = f"ws://{server.host}/ws/pack/probe", f"http://{server.host}"

        async def burst() -> tuple[list[tuple[str, int | None, str]], tuple[int, str]]:
            everyone_answered = asyncio.Event()
            answered = 0
            connector = aiohttp.TCPConnector(limit=0)  # all 200 at once, not 100 at a time
            async with aiohttp.ClientSession(connector=connector) as session:

                async def attempt() -> tuple[str, int | None, str]:
                    nonlocal answered
                    try:
                        async with session.ws_connect(url, headers={"Origin": own}) as ws:
                            message = await ws.receive(timeout=90)
                            answered += 1
                            if answered == BURST:
                                everyone_answered.set()
                            if message.type == aiohttp.WSMsgType.BINARY:
                                # Playing: keep the place until every attempt has had its answer.
                                await asyncio.wait_for(everyone_answered.wait(), 120)
                                return "played", None, ""
                            return "refused", ws.close_code, str(message.extra or "")
                    except (aiohttp.ClientError, OSError, TimeoutError) as error:
                        answered += 1
                        if answered == BURST:
                            everyone_answered.set()
                        return "failed", None, repr(error)

                tasks = [asyncio.create_task(attempt()) for _ in range(BURST)]
                # While the places are taken, a new tab is told so by the page itself.
                while answered < BURST:
                    await asyncio.sleep(0.05)
                async with session.get(f"http://{server.host}/pack/probe") as response:
                    page = (response.status, await response.text())
                return [await task for task in tasks], page

        with ChildWatch(server.process.pid) as watch:
            outcomes, page = run_async(burst())
            assert wait_until(lambda: server.games() == [], 15)
        played = [o for o in outcomes if o[0] == "played"]
        refused = [o for o in outcomes if o[0] == "refused"]
        print(f"\nburst of {BURST} websocket attempts against a cap of {CAP}: {len(played)} played, "
              f"{len(refused)} refused (1013, 'The game is full'), {BURST - len(played) - len(refused)} failed; "
              f"at most {watch.most} games at once, {len(watch.ever)} started in all")
        assert [o for o in outcomes if o[0] == "failed"] == []
        assert len(played) == CAP and len(refused) == BURST - CAP
        assert all(code == 1013 and reason.startswith(f"The game is full: {CAP} players") for _, code, reason in refused)
        assert watch.most <= CAP and len(watch.ever) == CAP  # a refused attempt never started a process
        assert page[0] == 503 and "The game is full" in page[1]

        # Afterwards the server is as good as new: a normal tab plays.
        tab = new_page(browser)
        tab.goto(f"{server.url}/pack/probe")
        wait_for_screen(tab, r"Type your name", timeout=60)
        assert len(server.games()) == 1
        tab.close()
        assert wait_until(lambda: server.games() == [], 10)
    log = server.log.read_text()
    assert "Traceback" not in log and log.count("refused a player: the game is full") == BURST - CAP


# --- what the frames carry -----------------------------------------------------------------------------------------


def test_a_fill_in_answer_is_never_sent_before_the_player_answers(browser, tmp_path):
    folder = probe_pack(tmp_path)
    questions = generate(load_pack(folder / "probe.md"), 0)
    assert {q.kind for q in questions} == {"fill"}
    secrets = {q.prompt: [q.answer, *q.accepted, *re.findall(r'accept="([^"]*)"', PROBE)[i].split("|")]
               for i, q in enumerate(questions)}
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.set_setting("questions_per_round", len(questions))

    frames: list[bytes] = []

    def on_websocket(ws) -> None:
        # textual-serve sends the terminal's bytes as binary frames and its own messages as JSON text frames.
        ws.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes)
                                                              else payload.encode("utf-8")))

    def leaks(chunk: list[bytes], forms: list[str]) -> list[str]:
        """Which forms appear in the frames: raw, decoded and case-folded, and with every escape sequence taken
        out (a word split by a colour change), in each frame and across frame boundaries."""
        raw = b"".join(chunk)
        texts = [raw, ANSI.sub(b"", raw)] + [ANSI.sub(b"", frame) for frame in chunk]
        decoded = [text.decode("utf-8", "replace").casefold() for text in texts]
        squeezed = [re.sub(r"\s+", "", text) for text in decoded]  # a word cut by a line break
        found = []
        for form in forms:
            if form.encode() in raw or any(form.casefold() in text for text in decoded) or any(
                    re.sub(r"\s+", "", form.casefold()) in text for text in squeezed):
                found.append(form)
        return found

    checked_frames = scanned = 0
    with serve(data, packs=folder) as server:
        page = new_page(browser)
        page.on("websocket", on_websocket)
        page.goto(f"{server.url}/pack/probe")
        wait_for_screen(page, r"Type your name")
        focus_terminal(page)
        page.keyboard.type("Mallory")
        page.keyboard.press("Enter")
        unanswered = dict(secrets)
        for number in range(1, len(questions) + 1):
            text = wait_for_screen(page, rf"Question {number}/{len(questions)}", r"Type your answer",
                                   absent=r"✓ Right|✗ Wrong")
            prompt = " ".join(prompt_on(text).split())
            assert prompt in unanswered, (prompt, list(unanswered))
            page.keyboard.type("zzzz qqqq")  # a wrong answer: the verdict then shows the right one
            wait_for_screen(page, r"zzzz qqqq")
            before = list(frames)
            # Before Enter: no answer of this question or of any still to come has been sent, in any form.
            every_form = [form for forms in unanswered.values() for form in forms]
            assert leaks(before, every_form) == [], f"question {number}: sent before it was answered"
            checked_frames, scanned = len(before), sum(map(len, before))
            page.keyboard.press("Enter")
            wait_for_screen(page, r"✗ Wrong")
            forms = unanswered.pop(prompt)
            assert wait_until(lambda forms=forms: forms[0] in leaks(list(frames), forms), 5), \
                "the capture saw no answer even after answering: it would not see a leak either"
            page.keyboard.press("Enter")
        wait_for_screen(page, r"Play again")
        page.close()
    print(f"\n{len(questions)} fill-in questions: {checked_frames} websocket frames ({scanned} bytes) received before "
          f"the last answer was submitted, none carrying an answer or an accepted form; each answer seen after")
    assert checked_frames > 10


# --- behind a TLS proxy --------------------------------------------------------------------------------------------


def test_behind_a_tls_proxy_only_the_public_origin_plays(tmp_path):
    # What a reverse proxy (Caddy, nginx) forwards for https://quiz.example.test: the browser's Host and Origin,
    # over plain HTTP to 127.0.0.1. There is no real proxy here; the requests carry what one would pass on.
    public = "quiz.example.test"
    folder = probe_pack(tmp_path)

    with serve(tmp_path / "plain", packs=folder) as server:
        # Without --public-url the proxy's name is refused (as any name the server does not know).
        assert http_get(server.host, "/pack/probe", host=public)[0] == 421
    with serve(tmp_path / "data", "--public-url", f"https://{public}", packs=folder) as server:
        status, body = http_get(server.host, "/pack/probe", host=public)
        assert status == 200 and f'data-session-websocket-url="wss://{public}/ws/pack/probe"' in body
        status, body = http_get(server.host, "/pack/probe")  # the direct address still works as before
        assert status == 200 and f'data-session-websocket-url="ws://{server.host}/ws/pack/probe"' in body
        assert http_get(server.host, "/pack/probe", host="other.example.test")[0] == 421

        url = f"ws://{server.host}/ws/pack/probe"
        with ChildWatch(server.process.pid) as watch:
            refused = [run_async(open_websocket(url, origin, host=public))[0]
                       for origin in (f"http://{public}", "https://evil.example", f"https://{public}.evil.example",
                                      f"https://{server.host}", None)]
        assert refused == [403] * 5 and watch.most == 0
        assert run_async(open_websocket(url, f"https://{public}", host=public))[:2] == (101, None)
        assert wait_until(lambda: server.games() == [], 10)


@pytest.mark.parametrize("url", ["quiz.example.test", "ftp://quiz.example.test", "https://", "https://quiz.example.test/quiz"])
def test_a_public_url_that_is_not_an_address_is_refused_at_start(url):
    with pytest.raises(ServeError, match="is not an address like https://quiz.example.org"):
        GameServer(public_url=url)


def test_the_public_url_defaults_to_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ORBITQUIZ_PUBLIC_URL", "https://Quiz.Example.Test:8443/")
    assert GameServer(data_dir=tmp_path).public == ("https", "quiz.example.test:8443")
    assert GameServer(data_dir=tmp_path, public_url="https://other.example.test").public == (
        "https", "other.example.test")
