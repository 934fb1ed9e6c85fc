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
  const text = form.dataset;

  function say(message, isError) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("text-danger", Boolean(isError));
  }

  // Only the fields the server saves in the background (the step's autosave_fields); other
  // long texts are saved with the page, and leaving before that warns.
  const autosaveNames = new Set((text.autosaveFields || "").split(" ").filter(Boolean));
  const autosaveFields = Array.from(form.querySelectorAll("textarea[data-autosave]"))
    .filter(function (field) { return autosaveNames.has(field.name); });

  // --- Unsaved changes -------------------------------------------------------------------
  // What each field held when the page was loaded, or when its text was last autosaved.
  const saved = new Map();
  function valueOf(element) {
    return element.type === "checkbox" || element.type === "radio" ? element.checked : element.value;
  }
  function remember(element) {
    saved.set(element, valueOf(element));
  }
  // Hidden inputs are bookkeeping (the version, row counts), changed by this script itself.
  Array.from(form.elements).forEach(function (element) {
    if (element.name && !["submit", "button", "hidden"].includes(element.type)) remember(element);
  });
  // A page shown after a refused save holds what was typed, not what is stored.
  const shownUnsaved = "unsaved" in form.dataset;
  function hasUnsavedChanges() {
    if (shownUnsaved) return true;
    for (const [element, value] of saved) {
      if (valueOf(element) !== value) return true;
    }
    return false;
  }

  let submitting = false;
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && hasUnsavedChanges()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Back from the back/forward cache, the page warns again until it is submitted again.
  window.addEventListener("pageshow", function () { submitting = false; });

  // --- Autosave of long texts ------------------------------------------------------------
  let timer = null;
  let inFlight = null; // the running request's promise
  let stopped = false; // after a version conflict: only a full Save can sort it out
  const pending = new Set();

  function schedule(field) {
    pending.add(field);
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
  }

  function autosave() {
    clearTimeout(timer);
    if (!pending.size || stopped || submitting) return Promise.resolve();
    if (inFlight) {
      // One request at a time: each carries the version the previous one returned.
      return inFlight.then(autosave);
    }
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken);
    body.append("version", versionInput.value);
    const sent = new Map();
    pending.forEach(function (field) {
      body.append(field.name, field.value);
      sent.set(field, field.value);
    });
    pending.clear();
    say(text.savingText || "Saving…");

    function failed(message) {
      sent.forEach(function (_value, field) { pending.add(field); });
      say(message, true);
    }

    inFlight = fetch(text.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, status: response.status, data: data }; },
          function () { return { ok: false, status: response.status, data: {} }; }
        );
      })
      .then(function (result) {
        if (result.ok) {
          versionInput.value = result.data.version;
          // What was sent is saved now; what was typed since is still pending.
          sent.forEach(function (value, field) { saved.set(field, value); });
          say((text.savedText || "Saved at") + " " + result.data.saved_at);
          return;
        }
        if (result.status === 409 && result.data.conflict) stopped = true;
        const data = result.data;
        const message = data.error || Object.values(data.errors || {}).flat().join(" ");
        failed(message || text.failedText || "Not saved automatically. Press Save.");
      })
      .catch(function () {
        failed(text.offlineText || "Not saved: the server cannot be reached. Your text is still here.");
      })
      .finally(function () {
        inFlight = null;
        if (pending.size && !stopped && !submitting) {
          clearTimeout(timer);
          timer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
        }
      });
    return inFlight;
  }

  autosaveFields.forEach(function (field) {
    field.addEventListener("input", function () { schedule(field); });
  });

  // Saving the page. A background save still running would make the page's version stale
  // (and the server would then, rightly, report a conflict with oneself): wait for it,
  // then submit with the version it returned, pressing the same button.
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inFlight) {
      event.preventDefault();
      const submitter = event.submitter;
      inFlight.then(function () {
        if (typeof form.requestSubmit === "function" && submitter) {
          form.requestSubmit(submitter);
        } else {
          if (submitter && submitter.name) {
            const action = document.createElement("input");
            action.type = "hidden";
            action.name = submitter.name;
            action.value = submitter.value;
            form.appendChild(action);
          }
          submitting = true;
          form.submit();
        }
      });
      return;
    }
    submitting = true;
  });

  // --- Character counters ----------------------------------------------------------------
  // Long texts always show theirs, on the line of the help text that states the limit; a
  // table cell only when it nears its limit.
  form.querySelectorAll("textarea[maxlength]").forEach(function (field, index) {
    const max = Number(field.maxLength);
    if (!max || max < 0) return;
    const inRow = Boolean(field.closest("[data-row]"));
    const help = inRow ? null : document.getElementById(field.id + "_helptext");
    const counter = document.createElement(help ? "span" : "div");
    counter.className = "char-counter";
    counter.id = (field.id || "textarea-" + index) + "-counter";
    if (help) {
      help.classList.add("has-counter");
      help.appendChild(counter);
    } else {
      field.insertAdjacentElement("afterend", counter);
    }
    const describedBy = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    function update() {
      const length = field.value.length;
      const near = length >= max * 0.8;
      counter.hidden = inRow && !near;
      counter.classList.toggle("is-near-limit", near);
      counter.textContent = length.toLocaleString() + " / " + max.toLocaleString() + (help ? "" : " " + (text.counterText || "characters"));
      if (!help) {
        const ids = describedBy.concat(counter.hidden ? [] : [counter.id]);
        if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
      }
    }
    field.addEventListener("input", update);
    update();
  });

  // --- Rows: show the filled ones and one blank row; add more on demand -------------------
  function visibleInputs(row) {
    return Array.from(row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea, select"));
  }
  function rowIsBlank(row) {
    return visibleInputs(row).every(function (input) { return !input.value.trim(); });
  }

  // A copy of a blank row with the next form index, for lists that may grow beyond the
  // blank rows the server sent (region lists: up to MAX_NUM_FORMS).
  function cloneRow(container, template) {
    const fieldset = container.closest("fieldset") || form;
    const total = fieldset.querySelector("input[name$='-TOTAL_FORMS']");
    const maxInput = fieldset.querySelector("input[name$='-MAX_NUM_FORMS']");
    if (!total) return null;
    const index = Number(total.value);
    if (maxInput && index >= Number(maxInput.value)) return null;
    const prefix = total.name.slice(0, -"-TOTAL_FORMS".length);
    const pattern = new RegExp("^(id_)?" + prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-\\d+-");
    const copy = template.cloneNode(true);
    copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (element) {
      ["name", "id", "for"].forEach(function (attribute) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(pattern, function (_match, id) { return (id || "") + prefix + "-" + index + "-"; }));
      });
      const describedBy = element.getAttribute("aria-describedby");
      if (describedBy) {
        element.setAttribute("aria-describedby", describedBy.split(" ").filter(function (id) { return !/-link$|-counter$/.test(id); }).join(" "));
      }
    });
    copy.querySelectorAll("input, textarea, select").forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else input.value = "";
      input.classList.remove("is-invalid");
    });
    copy.querySelectorAll(".invalid-feedback, .region-row-meta, .char-counter, .badge").forEach(function (element) { element.remove(); });
    copy.classList.remove("row-carried-over");
    // The row's accessible name says which row it is.
    const number = container.querySelectorAll("[data-row]").length + 1;
    copy.querySelectorAll("label.visually-hidden").forEach(function (label) {
      label.textContent = label.textContent.replace(/\d+(\)?)\s*$/, number + "$1");
    });
    total.value = String(index + 1);
    copy.hidden = false;
    container.appendChild(copy);
    copy.querySelectorAll("input:not([type=hidden]), textarea, select").forEach(remember);
    wireRegionInput(copy.querySelector(".region-entry"));
    return copy;
  }

  form.querySelectorAll("[data-rows-table] tbody, [data-rows-list] .region-rows").forEach(function (container) {
    const rows = Array.from(container.querySelectorAll("[data-row]"));
    const growable = container.matches(".region-rows");
    const template = rows.filter(rowIsBlank).pop();
    let shownBlank = false;
    rows.forEach(function (row) {
      if (rowIsBlank(row) && !row.querySelector(".invalid-feedback")) {
        if (shownBlank) row.hidden = true;
        shownBlank = true;
      }
    });
    if (!growable && !rows.some(function (row) { return row.hidden; })) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-primary add-row";
    button.textContent = text.addRowText || "Add a row";
    const legend = container.closest("fieldset") && container.closest("fieldset").querySelector("legend");
    if (legend) {
      const hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = ": " + legend.textContent.trim();
      button.appendChild(hint);
    }
    button.addEventListener("click", function () {
      let next = Array.from(container.querySelectorAll("[data-row]")).find(function (row) { return row.hidden; });
      if (next) {
        next.hidden = false;
      } else if (growable && template) {
        next = cloneRow(container, template);
      }
      if (!next) {
        button.remove();
        return;
      }
      const input = visibleInputs(next)[0];
      if (input) input.focus();
      const more = Array.from(container.querySelectorAll("[data-row]")).some(function (row) { return row.hidden; });
      if (!more && !growable) button.remove();
    });
    const holder = container.closest(".rows-container") || container;
    holder.insertAdjacentElement("afterend", button);
  });

  // --- NUTS region suggestions -----------------------------------------------------------
  const datalist = document.getElementById("nuts-suggestions");
  let searchTimer = null;
  let latestQuery = 0;
  function wireRegionInput(input) {
    if (!datalist || !input) return;
    input.addEventListener("input", function (event) {
      clearTimeout(searchTimer);
      // Picking a suggestion fires "input" too; it needs no new search.
      if (event.inputType === "insertReplacementText" || !event.inputType) return;
      const query = input.value.trim();
      if (query.length < 2) return;
      searchTimer = setTimeout(function () {
        const ticket = ++latestQuery;
        fetch(text.regionSearchUrl + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (ticket !== latestQuery) return; // a later search has been sent since
            datalist.replaceChildren.apply(datalist, (data.results || []).map(function (result) {
              const option = document.createElement("option");
              option.value = result.label;
              if (result.national && result.national !== result.label) option.label = result.national;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience: typing still works */ });
      }, 250);
    });
  }
  form.querySelectorAll(".region-entry").forEach(wireRegionInput);
})();
