// orbitquiz live, the projector's page: the board, read-only. Everything is put in the page as text.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const item = (text, className) => {
    const li = document.createElement("li");
    li.textContent = text;
    if (className) li.className = className;
    return li;
  };

  function show(view) {
    $("join").textContent = view.phase === "lobby" ? `Join at ${location.host} with the code ${view.code}` : `Code ${view.code}`;
    const q = view.question, reveal = view.reveal;
    $("prompt").textContent = view.phase === "lobby" ? "Waiting for players…" : view.phase === "podium" ? "Podium" : (q ? q.prompt : "");
    $("progress").textContent = q && view.phase !== "podium" ? `Question ${q.number} of ${q.total}`
      + (view.answered !== null ? ` · ${view.answered} answered` : "") : "";
    const bars = $("options");
    bars.replaceChildren();
    if (reveal && reveal.options) {
      const most = Math.max(1, ...reveal.options.map((o) => o.count));
      for (const o of reveal.options) {
        const li = item(`${o.option}${o.right ? " ✔" : ""}: ${o.count}`, o.right ? "right" : "");
        const bar = document.createElement("span");
        bar.className = "bar";
        bar.style.width = `${(100 * o.count) / most}%`;
        li.append(bar);
        bars.append(li);
      }
    } else if (reveal && reveal.common_wrong) {
      for (const w of reveal.common_wrong) bars.append(item(`${w.response}: ${w.count}`));
    } else if (q && view.phase === "question") {
      for (const o of q.options) bars.append(item(o));
    }
    $("reveal").hidden = !reveal;
    if (reveal) {
      $("answer").textContent = `The answer: ${reveal.answer} (${reveal.right} of ${reveal.answered} right)`;
      $("sentence").textContent = reveal.sentence;
      $("missing").textContent = reveal.missing.length ? `No answer from ${reveal.missing.join(", ")}` : "";
    }
    const ranking = view.phase === "podium" ? view.ranking : view.phase === "leaderboard" ? view.ranking.slice(0, 10) : [];
    $("ranking").replaceChildren(...ranking.map((r) => item(`${r.rank}. ${r.nickname}: ${r.score}`)));
    $("players").textContent = `${view.players.length} players: ${view.players.join(", ")}`;
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const key = new URLSearchParams(location.search).get("key") || "";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/screen?key=${encodeURIComponent(key)}`);
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "state") show(message.view);
    };
    socket.onclose = () => { $("status").textContent = "Reconnecting…"; setTimeout(connect, 1000); };
    socket.onopen = () => { $("status").textContent = ""; };
  }
  connect();
})();
