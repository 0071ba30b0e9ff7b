// orbitquiz live, a player's page: join with the code and a nickname, answer, hear the verdict.
// Everything from the server is put in the page as text (textContent), never as HTML.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const KEY = "orbitquiz-live-token";
  let socket = null, token = localStorage.getItem(KEY), view = null, retry = 500, countdown = null, gone = false;
  let rejoining = false;

  const say = (text) => { $("status").textContent = text; };
  const error = (text) => { $("error").textContent = text || ""; };

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws`);
    socket.onopen = () => {
      retry = 500;
      if (token) { rejoining = true; send({type: "rejoin", token}); }
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "welcome") {
        rejoining = false;
        token = message.token;
        localStorage.setItem(KEY, token);
        error("");
      } else if (message.type === "error") {
        if (rejoining) {  // this game does not know the token (an earlier game's, or removed): join again
          rejoining = false;
          token = null;
          localStorage.removeItem(KEY);
          $("join").hidden = false;
          $("game").hidden = true;
          if (!view) return;  // a first visit: nothing to say
          view = null;
        }
        error(message.message);
      } else if (message.type === "state") {
        show(message.view);
      }
    };
    socket.onclose = (event) => {
      if (event.code === 1008 || gone) {  // removed, or let go for another page: do not come back by itself
        say(event.reason || "The game has closed this page.");
        return;
      }
      if (view && view.phase === "podium") return;
      say(token ? "Connection lost: reconnecting…" : "");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else error("Not connected yet: try again in a moment.");
  }

  $("join").addEventListener("submit", (event) => {
    event.preventDefault();
    error("");
    send({type: "join", code: $("code").value.trim(), nickname: $("nickname").value});
  });
  $("typed").addEventListener("submit", (event) => {
    event.preventDefault();
    const response = $("response").value;
    if (response.trim()) send({type: "answer", response});
  });

  function option(text, chosen, locked) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.setAttribute("aria-pressed", String(chosen));
    button.disabled = locked;
    button.addEventListener("click", () => send({type: "answer", response: text}));
    return button;
  }

  function show(next) {
    const previous = view;
    view = next;
    $("join").hidden = true;
    $("game").hidden = false;
    error("");
    $("me").textContent = `You are ${next.nickname}` + (next.score !== undefined
      ? ` · ${next.score} points · rank ${next.rank} of ${next.players}` : "");
    const q = next.question;
    const newQuestion = !previous || !previous.question || !q || previous.question.number !== q.number
      || previous.phase !== next.phase;
    $("progress").textContent = q ? `Question ${q.number} of ${q.total}` : "";
    $("prompt").textContent = next.phase === "lobby" ? "You're in! Wait for the teacher to start."
      : next.phase === "podium" ? "The game is over." : (q ? q.prompt : "");
    const open = next.phase === "question" && !next.waiting_next;
    const answered = next.your_answer !== null && next.your_answer !== undefined;
    const options = $("options");
    options.replaceChildren();
    if (q && q.kind === "choice" && next.phase === "question") {
      for (const text of q.options) options.append(option(text, next.your_answer === text, !open || answered));
    }
    $("typed").hidden = !(q && q.kind === "fill" && next.phase === "question");
    $("response").disabled = $("typed").querySelector("button").disabled = !open || answered;
    if (newQuestion && next.phase === "question") $("response").value = "";
    timer(next.time_left, open && !answered);

    const result = next.result;
    let verdict = "";
    $("result").hidden = !result;
    $("status").className = result ? "verdict " + (result.correct ? "right" : "wrong") : "";
    if (result) {
      verdict = result.correct
        ? `Right (${result.how}): +${result.points} points.`
        : (answered ? `Not right (${result.how}). The answer: ${result.answer}.` : `No answer. The answer: ${result.answer}.`);
      $("sentence").textContent = result.sentence;
    }
    const podium = $("podium");
    podium.hidden = !next.podium;
    podium.replaceChildren(...(next.podium || []).map((row) => {
      const item = document.createElement("li");
      item.textContent = `${row.nickname}: ${row.score} points`;
      return item;
    }));

    if (next.kicked) { gone = true; say("The teacher removed you from this game."); }
    else if (next.phase === "lobby") say("Joined. Wait for the teacher to start.");
    else if (next.waiting_next) say("You joined during this question: you come in at the next one.");
    else if (next.phase === "question") say(answered ? `Answer sent: ${next.your_answer}. Wait for the reveal.`
      : (newQuestion ? `Question ${q.number} of ${q.total}: ${q.prompt}` : $("status").textContent));
    else if (next.phase === "reveal" && result) say(`${verdict} You have ${next.score} points, rank ${next.rank} of ${next.players}.`);
    else if (next.phase === "leaderboard") say(`You have ${next.score} points, rank ${next.rank} of ${next.players}.`);
    else if (next.phase === "podium") say(`The game is over. You finished with ${next.score} points, rank ${next.rank} of ${next.players}.`);
    if (newQuestion && next.phase === "question" && open) {
      const first = options.querySelector("button") || $("response");
      first.focus();
    }
  }

  function timer(left, running) {
    clearInterval(countdown);
    const shown = $("timer");
    shown.hidden = left === null || left === undefined;
    if (shown.hidden) return;
    const end = Date.now() + left * 1000;
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      shown.textContent = `${seconds} seconds left`;
      if (!seconds) clearInterval(countdown);
    };
    tick();
    if (running) countdown = setInterval(tick, 1000);
  }

  const code = new URLSearchParams(location.search).get("code");  // the QR code's address carries it
  if (code) $("code").value = code;
  (code ? $("nickname") : $("code")).focus();  // the first box still to fill, so typing starts at once
  connect();
})();
