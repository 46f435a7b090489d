/* The staff session's time limit (RGAA 13.1, WCAG 2.2.1), on every signed-in page of the bridge.
   The session ends after a time without any request (BRIDGE_SESSION_IDLE_SECONDS). Here:
   - while the agent types (a decision's message, a news item), the session is extended in the
     background, at most once a minute;
   - two minutes before it ends unattended, a dialog says so; one key (Enter, Space or Escape)
     extends it, and the focus goes back where it was, with everything typed still on the page;
   - the other tabs of the same session count: each page drawn or session extended tells them
     (BroadcastChannel), and the server is asked before the session is said to be over;
   - if it ended anyway, the dialog says how to sign in again in another tab; once that tab is
     signed in, this page takes up the new session (fresh form tokens), nothing typed is lost.
   The page's <body> carries the addresses and the time left (templates/base.html). No inline
   script: the Content-Security-Policy allows only the bridge's own files. */
(function () {
  "use strict";

  var MINUTE = 60 * 1000;
  var WARN_BEFORE = 2 * MINUTE;
  var body = document.body;
  var stateUrl = body.dataset.sessionState;
  var extendUrl = body.dataset.sessionExtend;
  var dialog = document.getElementById("session-dialog");
  if (!stateUrl || !extendUrl || !dialog || typeof dialog.showModal !== "function") return;

  var extendButton = document.getElementById("session-dialog-extend");
  var signInLink = document.getElementById("session-dialog-sign-in");
  var tokenMeta = document.querySelector("meta[name=csrf-token]");
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("pf-staff-session") : null;
  var deadline = Date.now() + Number(body.dataset.sessionSecondsLeft) * 1000;
  var lastExtend = Date.now();
  var lastActivity = 0;
  var returnFocus = null;
  var ended = false;
  var busy = false;

  function renewTokens(token) {
    if (!token) return;
    if (tokenMeta) tokenMeta.content = token;
    Array.prototype.forEach.call(document.querySelectorAll("input[name=csrf_token]"), function (input) {
      input.value = token;
    });
  }

  // The server's answer: seconds left (and fresh form tokens), or null when the session is over.
  function read(answer) {
    if (answer.status === 401) return null;
    if (!answer.ok) throw new Error("session answer " + answer.status);
    return answer.json().then(function (data) {
      renewTokens(data.csrf_token);
      return data.seconds_left;
    });
  }

  function heard(seconds, tell) {
    if (seconds === null || seconds === undefined || seconds <= 0) { end(); return; }
    deadline = Date.now() + seconds * 1000;
    if (tell && channel) channel.postMessage({secondsLeft: seconds});
    if (ended || dialog.open) { ended = false; dialog.close(); }
  }

  function call(url, options) {
    busy = true;
    return fetch(url, Object.assign({credentials: "same-origin", cache: "no-store"}, options))
      .then(read)
      .then(function (seconds) { heard(seconds, options.method === "POST"); })
      .catch(function () { /* bridge unreachable for now: the next tick tries again */ })
      .finally(function () { busy = false; });
  }

  function extend() {
    lastExtend = Date.now();
    return call(extendUrl, {method: "POST", headers: {"X-CSRFToken": tokenMeta ? tokenMeta.content : "",
                                                       "Accept": "application/json"}});
  }

  function ask() {
    return call(stateUrl, {method: "GET", headers: {"Accept": "application/json"}});
  }

  function show(state) {
    ["session-dialog-title", "session-dialog-text"].forEach(function (id) {
      var node = document.getElementById(id);
      node.textContent = node.dataset[state];
    });
    extendButton.hidden = state !== "warning";
    signInLink.hidden = state !== "ended";
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
    }
    (state === "warning" ? extendButton : signInLink).focus();
  }

  function end() {
    ended = true;
    show("ended");
  }

  function keep() {
    if (ended) return;
    dialog.close();
    extend();
  }

  function tick() {
    if (ended || busy) return;
    var now = Date.now();
    if (lastActivity > lastExtend && now - lastExtend >= MINUTE && now < deadline) { extend(); return; }
    if (now >= deadline) { ask(); return; }  // over here; the server has the last word
    if (!dialog.open && now >= deadline - WARN_BEFORE) show("warning");
  }

  ["input", "keydown", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (!dialog.contains(event.target)) lastActivity = Date.now();
    }, true);
  });
  extendButton.addEventListener("click", keep);
  dialog.addEventListener("cancel", function (event) {
    // Escape keeps the session; once it has ended, it only closes the dialog.
    event.preventDefault();
    if (ended) dialog.close(); else keep();
  });
  dialog.addEventListener("close", function () {
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  });
  if (channel) {
    channel.addEventListener("message", function (event) {
      // Another tab drew a page or extended the session; after an end, it signed in again:
      // the server gives this page its form tokens for the new session.
      if (ended) ask(); else heard(event.data.secondsLeft, false);
    });
    channel.postMessage({secondsLeft: Number(body.dataset.sessionSecondsLeft)});
  }
  window.addEventListener("focus", function () { if (ended) ask(); });
  setInterval(tick, 5000);
})();
