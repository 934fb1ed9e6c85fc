// The warning before a signed-in session ends (s3partnership/session_expiry.py). The page
// says, in data attributes, how many seconds are left before the session ends for want of
// activity and at the latest; a few minutes before the earlier of the two, this script asks
// the server again (activity in another tab or an autosave may have moved the end) and, if
// the end is still near, shows a modal alert dialog: "Stay signed in" posts to extend the
// idle window, which the lifetime's end cannot be. Once the session is over, the dialog says
// so; the page and what was typed on it stay as they are.
(function () {
  "use strict";

  const dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function") return;

  const WARNING_MS = Number(dialog.dataset.warningSeconds) * 1000;
  // A check that could not reach the server is tried again this much later.
  const RETRY_MS = 30000;
  // After the end, the server is asked once it has certainly passed there too.
  const GRACE_MS = 1000;
  const form = dialog.querySelector("form");
  let idleEnds = 0;
  let lifetimeEnds = 0;
  let timer = null;
  let ended = false;
  let focusBefore = null;

  function learn(seconds) {
    const now = Date.now();
    idleEnds = now + seconds.idle * 1000;
    lifetimeEnds = now + seconds.lifetime * 1000;
  }

  function later(action, delay) {
    clearTimeout(timer);
    timer = setTimeout(action, Math.max(0, delay));
  }

  function formatTime(timestamp) {
    return new Date(timestamp).toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  }

  function show(state) {
    dialog.querySelectorAll("[data-session-state]").forEach(function (part) {
      part.hidden = part.dataset.sessionState !== state;
    });
    dialog.setAttribute("aria-labelledby", "session-" + state + "-title");
    dialog.setAttribute("aria-describedby", "session-" + state + "-text");
    const endsAt = formatTime(Math.min(idleEnds, lifetimeEnds));
    dialog.querySelectorAll("[data-session-end]").forEach(function (slot) {
      slot.textContent = endsAt;
    });
    if (!dialog.open) {
      focusBefore = document.activeElement;
      dialog.showModal();
    }
    const focus = dialog.querySelector("[data-session-state='" + state + "'] [data-session-focus]");
    if (focus) focus.focus();
  }

  function hide() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", function () {
    if (focusBefore && typeof focusBefore.focus === "function") focusBefore.focus();
    focusBefore = null;
  });
  dialog.querySelectorAll("[data-session-close]").forEach(function (button) {
    button.addEventListener("click", hide);
  });

  // Waits until the warning is due, shows it, or, past the end, asks whether it has come.
  function schedule() {
    if (ended) return;
    const left = Math.min(idleEnds, lifetimeEnds) - Date.now();
    if (left > WARNING_MS) {
      hide();
      later(check, left - WARNING_MS);
      return;
    }
    show(idleEnds <= lifetimeEnds ? "idle" : "lifetime");
    later(check, left + GRACE_MS);
  }

  function end() {
    ended = true;
    clearTimeout(timer);
    show("ended");
  }

  // The server's answer: {signed_in, idle_seconds, lifetime_seconds}.
  function update(response) {
    if (response.status === 401) return end();
    if (!response.ok) return later(check, RETRY_MS);
    return response.json().then(function (status) {
      if (!status.signed_in) return end();
      learn({ idle: status.idle_seconds, lifetime: status.lifetime_seconds });
      schedule();
    });
  }

  function check() {
    fetch(dialog.dataset.statusUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(update)
      .catch(function () { later(check, RETRY_MS); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        // Refused (signed out meanwhile, or a sign-in elsewhere changed the form's token):
        // the check says which.
        if (!response.ok) return check();
        hide();
        return update(response);
      })
      .catch(function () { later(check, RETRY_MS); });
  });

  // Timers stand still while the computer sleeps: a page looked at again checks at once.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !ended) check();
  });

  learn({
    idle: Number(dialog.dataset.idleSeconds),
    lifetime: Number(dialog.dataset.lifetimeSeconds),
  });
  schedule();
})();
