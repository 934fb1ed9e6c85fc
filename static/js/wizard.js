// The report wizard's enhancements. Without JavaScript every action still works through
// plain form posts; with it, long texts save themselves, empty table rows stay out of the
// way, NUTS regions are suggested as you type, and leaving with unsaved changes warns.
(function () {
  "use strict";

  const form = document.getElementById("step-form");
  if (!form) return;

  const AUTOSAVE_DELAY_MS = 3000;
  const status = form.querySelector(".autosave-status");
  const versionInput = form.querySelector("input[name=version]");
  const csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let dirty = false;
  let submitting = false;

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("text-danger", Boolean(isError));
  }

  // --- Unsaved changes -------------------------------------------------------------------
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  document.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- Autosave of long texts ------------------------------------------------------------
  const autosaveFields = Array.from(form.querySelectorAll("textarea[data-autosave]"));
  let timer = null;
  let pending = new Set();

  function autosave() {
    if (!pending.size) return;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken);
    body.append("version", versionInput.value);
    const sent = new Map();
    pending.forEach(function (field) {
      body.append(field.name, field.value);
      sent.set(field, field.value);
    });
    pending = new Set();
    say(form.dataset.savingText || "Saving…");
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (result.ok) {
          versionInput.value = result.data.version;
          say((form.dataset.savedText || "Saved at") + " " + result.data.saved_at);
          // Only what was typed since the request left is still unsaved.
          const stillDirty = autosaveFields.some(function (field) {
            return sent.has(field) && sent.get(field) !== field.value;
          }) || pending.size > 0;
          dirty = stillDirty || dirty && formHasOtherChanges();
          return;
        }
        sent.forEach(function (_value, field) { pending.add(field); });
        const message = result.data.error || Object.values(result.data.errors || {}).flat().join(" ");
        say(message, true);
      })
      .catch(function () {
        sent.forEach(function (_value, field) { pending.add(field); });
        say(form.dataset.offlineText || "Not saved: the server cannot be reached. Your text is still here.", true);
      });
  }

  // Whether anything other than the autosaved texts was changed since the page loaded.
  const initialValues = new Map();
  Array.from(form.elements).forEach(function (element) {
    if (element.name && !element.matches("textarea[data-autosave]")) {
      initialValues.set(element, element.type === "checkbox" || element.type === "radio" ? element.checked : element.value);
    }
  });
  function formHasOtherChanges() {
    for (const [element, value] of initialValues) {
      const now = element.type === "checkbox" || element.type === "radio" ? element.checked : element.value;
      if (now !== value) return true;
    }
    return false;
  }

  autosaveFields.forEach(function (field) {
    field.addEventListener("input", function () {
      pending.add(field);
      clearTimeout(timer);
      timer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
    });
  });

  // --- Character counters ----------------------------------------------------------------
  form.querySelectorAll("textarea[maxlength]").forEach(function (field) {
    const counter = document.createElement("div");
    counter.className = "form-text text-end char-counter";
    counter.setAttribute("aria-live", "off");
    field.insertAdjacentElement("afterend", counter);
    function update() {
      counter.textContent = field.value.length.toLocaleString() + " / " + Number(field.maxLength).toLocaleString();
    }
    field.addEventListener("input", update);
    update();
  });

  // --- Table rows: show filled rows and one blank row, add more on demand ----------------
  function rowIsBlank(row) {
    return Array.from(row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea, select"))
      .every(function (input) { return !input.value.trim(); });
  }

  form.querySelectorAll("[data-rows-table] tbody, [data-rows-list] .region-rows").forEach(function (container) {
    const rows = Array.from(container.querySelectorAll("[data-row]"));
    let shownBlank = false;
    rows.forEach(function (row) {
      if (rowIsBlank(row) && !row.querySelector(".invalid-feedback")) {
        if (shownBlank) row.hidden = true;
        shownBlank = true;
      }
    });
    if (!rows.some(function (row) { return row.hidden; })) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-primary add-row";
    button.textContent = form.dataset.addRowText || "Add a row";
    button.addEventListener("click", function () {
      const next = rows.find(function (row) { return row.hidden; });
      if (!next) return;
      next.hidden = false;
      const input = next.querySelector("input:not([type=hidden]):not([type=checkbox]), textarea, select");
      if (input) input.focus();
      if (!rows.some(function (row) { return row.hidden; })) button.remove();
    });
    const holder = container.closest("table") || container;
    holder.insertAdjacentElement("afterend", button);
  });

  // --- NUTS region suggestions -----------------------------------------------------------
  const datalist = document.getElementById("nuts-suggestions");
  if (datalist) {
    let searchTimer = null;
    form.querySelectorAll(".region-entry").forEach(function (input) {
      input.addEventListener("input", function () {
        clearTimeout(searchTimer);
        const query = input.value.trim();
        if (query.length < 2) return;
        searchTimer = setTimeout(function () {
          fetch(form.dataset.regionSearchUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) {
              datalist.replaceChildren.apply(datalist, data.results.map(function (result) {
                const option = document.createElement("option");
                option.value = result.label;
                if (result.national) option.label = result.national;
                return option;
              }));
            });
        }, 250);
      });
    });
  }
})();
