// orbitquiz's page: show why a game ended (the server's reason, e.g. "the game is full") and restart on request.
// Loaded before textual.js, which opens the websocket through window.WebSocket.
(() => {
  "use strict";
  const NativeWebSocket = window.WebSocket;

  class ExplainingWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener("close", (event) => {
        const message = document.getElementById("closed-message");
        if (message) {
          message.textContent = event.reason ||
            (event.code === 1006 ? "The connection to the game was lost." : "This game has ended.");
        }
      });
    }
  }

  window.WebSocket = ExplainingWebSocket;

  // textual.js starts the terminal from window.onload. Hold that until every face of the terminal's font is
  // loaded: a glyph drawn before its font arrived would stay a box, as the terminal keeps what it has drawn.
  const GLYPHS = "A\u23F1\u2B51\u2B58\u{1F50E}";
  window.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button.restart")) {
      button.addEventListener("click", () => window.location.reload());
    }
    const start = window.onload;
    if (typeof start !== "function" || !document.fonts) {
      return;
    }
    window.onload = null;
    window.addEventListener("load", (event) => {
      const faces = ["400", "700"].map((weight) => document.fonts.load(`${weight} 16px "Roboto Mono"`, GLYPHS));
      Promise.allSettled(faces).then(() => {
        start.call(window, event);
        focusTerminal();
      });
    });
  });

  // The terminal takes the keyboard as soon as it exists: a player types their name without clicking first.
  function focusTerminal(triesLeft = 200) {
    const input = document.querySelector(".xterm-helper-textarea");
    if (input) {
      input.focus();
    } else if (triesLeft > 0) {
      window.setTimeout(() => focusTerminal(triesLeft - 1), 50);
    }
  }
})();
