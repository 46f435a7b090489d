/* Time limits of the sign-in pages (RGAA 13.1, WCAG 2.2.1).
   A Keycloak form page expires when nothing reached the server for data-form-timeout seconds
   (the realm's login timeouts). Here:
   - while the family types, the page is kept alive in the background (the form's own address,
     read again), at most once a minute;
   - before it expires unattended, a dialog says so; one key (Enter, Space or Escape) keeps it,
     and the focus goes back where it was;
   - what was typed (never a password) is kept in this tab; if the page expired anyway and the
     family comes back to the same form (or to the sign-in page, for the sign-up form), it is
     offered back.
   Without JavaScript the forms work as before. */
(function () {
  "use strict";

  var MINUTE = 60 * 1000;
  var DRAFT_PREFIX = "pf-draft:";
  var DRAFT_LIFE = 2 * 60 * MINUTE;
  var REGISTRATION = "kc-register-form";
  var body = document.body;
  var timeout = Number(body.dataset.formTimeout || 0) * 1000;
  var FAMILY = "kc-family-info-form";
  // The page's form; on the family information page, the family's (not the dossier number's).
  var form = document.getElementById(FAMILY) || document.querySelector("main form[method=post][id]");
  var dialog = document.getElementById("pf-time-dialog");

  function kept(field) {
    return field.name && field.type !== "password" && field.type !== "hidden" && field.type !== "submit"
      && field.type !== "button" && field.name !== "altcha";
  }

  // ---- What was typed, kept in this tab ----

  function readDraft(id) {
    try {
      var draft = JSON.parse(sessionStorage.getItem(DRAFT_PREFIX + id) || "null");
      return draft && Date.now() - draft.at < DRAFT_LIFE ? draft : null;
    } catch (e) {
      return null;
    }
  }

  function saveDraft() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (kept(field)) fields[field.name] = field.type === "checkbox" ? field.checked : field.value;
    });
    var count = form.elements.namedItem("childCount");
    try {
      sessionStorage.setItem(DRAFT_PREFIX + form.id, JSON.stringify({at: Date.now(), fields: fields,
        childCount: count ? count.value : null}));
    } catch (e) { /* storage full or refused: nothing kept, nothing broken */ }
  }

  function forget(id) {
    try { sessionStorage.removeItem(DRAFT_PREFIX + id); } catch (e) { /* nothing kept */ }
  }

  function hasValues(draft) {
    return Object.keys(draft.fields).some(function (name) { return draft.fields[name] && draft.fields[name] !== true; });
  }

  function blank(target) {
    return Array.prototype.every.call(target.elements, function (field) {
      return !kept(field) || (field.type === "checkbox" ? !field.checked : !field.value);
    });
  }

  function restore(draft) {
    var missing = [];
    Object.keys(draft.fields).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field) { missing.push(name); return; }
      if (field.type === "checkbox") field.checked = draft.fields[name]; else field.value = draft.fields[name];
    });
    var count = form.elements.namedItem("childCount");
    if (missing.length && count && draft.childCount) {
      // More children than rows on the page: the server draws them all again ("keep").
      missing.forEach(function (name) { addHidden(name, draft.fields[name]); });
      count.value = draft.childCount;
      addHidden("action", "keep");
      form.submit();
      return;
    }
    var first = Array.prototype.find.call(form.elements, kept);
    if (first) first.focus();
  }

  function addHidden(name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  function offer(kind, draft) {
    var notice = document.getElementById("pf-draft-notice").content.firstElementChild.cloneNode(true);
    notice.querySelector(kind === "form" ? "[data-login]" : "[data-form]").remove();
    notice.querySelector(kind === "form" ? "[data-resume]" : "[data-restore]").remove();
    var close = function () { notice.remove(); };
    notice.querySelector("[data-discard]").addEventListener("click", function () {
      forget(kind === "form" ? form.id : REGISTRATION);
      close();
    });
    if (kind === "form") {
      notice.querySelector("[data-restore]").addEventListener("click", function () { close(); restore(draft); });
      form.parentNode.insertBefore(notice, form);
    } else {
      var register = document.getElementById("pf-register-link");
      notice.querySelector("[data-resume]").href = register.href;
      var panel = document.querySelector(".pf-panel__block");
      panel.insertBefore(notice, panel.querySelector("form"));
    }
  }

  // ---- The page's own time limit ----

  var deadline = Date.now() + timeout;
  var lastRefresh = Date.now();
  var lastActivity = 0;
  var returnFocus = null;
  var expired = false;

  function refresh() {
    lastRefresh = Date.now();
    return fetch(form.action, {credentials: "same-origin", cache: "no-store"})
      .then(function (answer) { return answer.ok ? answer.text() : ""; })
      .then(function (html) {
        var again = new DOMParser().parseFromString(html, "text/html").getElementById(form.id);
        if (!again) throw new Error("the form is gone: the flow started again");
        form.action = again.getAttribute("action");
        deadline = Date.now() + timeout;
        return true;
      })
      .catch(function () { return false; });
  }

  function text(id, key) {
    var node = document.getElementById(id);
    node.textContent = node.dataset[key];
  }

  function warn() {
    returnFocus = document.activeElement;
    dialog.showModal();
  }

  function showExpired() {
    expired = true;
    saveDraft();
    text("pf-time-title", "expired");
    text("pf-time-text", "expired");
    text("pf-time-continue", "expired");
    if (!dialog.open) warn();
  }

  function keep() {
    if (expired) {
      // The next step depends on Keycloak: the same form, or sign-in again; what was typed is offered back.
      window.location.assign(form.action);
      return;
    }
    dialog.close();
    refresh().then(function (alive) { if (!alive) showExpired(); });
  }

  function tick() {
    var now = Date.now();
    if (expired) return;
    if (now >= deadline) { showExpired(); return; }
    if (lastActivity > lastRefresh && now - lastRefresh >= MINUTE) refresh();
    if (!dialog.open && now >= deadline - Math.min(2 * MINUTE, timeout / 5)) warn();
  }

  function start() {
    if (!form) {
      // Sign-up accepted (the activation page): its draft has served. The sign-in page after a
      // restart offers the sign-up form back.
      if (body.dataset.pageId === "login-login-verify-email.ftl") forget(REGISTRATION);
      return;
    }
    var draft = readDraft(form.id);
    if (form.id === REGISTRATION || form.id === FAMILY) {
      if (draft && hasValues(draft) && blank(form)) offer("form", draft);
      form.addEventListener("input", saveDraft);
      form.addEventListener("change", saveDraft);
    }
    var registration = readDraft(REGISTRATION);
    if (form.id === "kc-form-login" && "flowRestarted" in body.dataset && registration && hasValues(registration)
        && document.getElementById("pf-register-link")) {
      offer("login", registration);
    }
    if (!timeout || !dialog || typeof dialog.showModal !== "function") return;
    ["input", "keydown", "pointerdown"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (!dialog.contains(event.target)) lastActivity = Date.now();
      }, true);
    });
    document.getElementById("pf-time-continue").addEventListener("click", keep);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); keep(); });
    dialog.addEventListener("close", function () {
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    });
    setInterval(tick, 5000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
