// The report wizard's enhancements. Without JavaScript every action still works through
// plain form posts; with it:
// - what is typed and not yet confirmed by the server is kept in the browser's storage and
//   offered back after a reload, a crash, a network drop or a sign-out (never on the
//   confidential step, whose answers stay in the page's memory only);
// - the step buttons check that the server can be reached before leaving the page, and
//   while it cannot, they keep the work here and save it when the connection returns;
// - long texts save themselves, empty table rows stay out of the way, NUTS regions are
//   suggested as you type, dates say how they were read, and leaving with unsaved
//   changes warns.
(function () {
  "use strict";

  const wizard = document.querySelector("[data-wizard]");
  if (!wizard) return;
  const form = document.getElementById("step-form");
  const text = form ? form.dataset : {};
  const notices = document.getElementById("draft-notices");
  const stepSlug = wizard.dataset.step;

  // --- The browser's copy of unsaved text -------------------------------------------------
  // One record per step and browser tab, under the page's prefix (user and report):
  // {version, at, token, entries: [{name, value, row}]}. `row` is the saved row's id for a
  // table cell ("" for a row not saved yet), so that a cell is restored into its own row
  // even if rows moved since. `token` names the page's last save: once the server shows it
  // among its confirmed saves, the record is forgotten.
  const drafts = (function () {
    const prefix = wizard.dataset.draftPrefix;
    let storage = null;
    try {
      storage = prefix ? window.localStorage : null;
      if (storage) storage.getItem(prefix);
    } catch (error) {
      storage = null; // storage refused (private mode, policy): the page still works
    }
    let tab = "";
    try {
      tab = window.sessionStorage.getItem("s3pm-tab") || "";
      if (!tab) {
        tab = Math.random().toString(36).slice(2, 10);
        window.sessionStorage.setItem("s3pm-tab", tab);
      }
    } catch (error) {
      tab = Math.random().toString(36).slice(2, 10);
    }

    function keys(step) {
      if (!storage) return [];
      const start = prefix + (step ? step + ":" : "");
      const found = [];
      for (let index = 0; index < storage.length; index += 1) {
        const key = storage.key(index);
        if (key && key.indexOf(start) === 0) found.push(key);
      }
      return found;
    }
    function read(key) {
      try {
        const record = JSON.parse(storage.getItem(key));
        return record && Array.isArray(record.entries) ? record : null;
      } catch (error) {
        return null;
      }
    }
    return {
      enabled: Boolean(storage),
      mine: prefix + stepSlug + ":" + tab,
      // [{key, step, record}] of this report's drafts, of one step or of all.
      all: function (step) {
        return keys(step).map(function (key) {
          return { key: key, step: key.slice(prefix.length).split(":")[0], record: read(key) };
        }).filter(function (draft) { return draft.record; });
      },
      write: function (record) {
        if (!storage) return;
        try {
          storage.setItem(this.mine, JSON.stringify(record));
        } catch (error) { /* storage full: the page itself still holds the text */ }
      },
      remove: function (key) {
        if (storage) storage.removeItem(key);
      },
    };
  })();

  // Saves the server has confirmed: their drafts are safe to forget, on every step.
  const confirmed = new Set((wizard.dataset.confirmedTokens || "").split(" ").filter(Boolean));
  drafts.all().forEach(function (draft) {
    if (draft.record.token && confirmed.has(draft.record.token)) drafts.remove(draft.key);
  });

  function formatTime(timestamp) {
    const when = new Date(timestamp);
    const language = document.documentElement.lang || undefined;
    const sameDay = when.toDateString() === new Date().toDateString();
    return sameDay
      ? when.toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      : when.toLocaleString(language, { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  }

  // Other steps with unsaved text: said on every page of the report, with a link to each.
  (function listDraftsElsewhere() {
    const template = document.getElementById("drafts-elsewhere-template");
    if (!template || !notices) return;
    const latest = {};
    drafts.all().forEach(function (draft) {
      if (draft.step === stepSlug || !draft.record.entries.length) return;
      latest[draft.step] = Math.max(latest[draft.step] || 0, draft.record.at || 0);
    });
    const steps = Object.keys(latest);
    if (!steps.length) return;
    const section = template.content.firstElementChild.cloneNode(true);
    const list = section.querySelector("ul");
    steps.forEach(function (step) {
      const item = wizard.querySelector(".wizard-step[data-step-slug='" + step + "']");
      if (!item) return;
      const entry = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.dataset.stepUrl;
      link.textContent = item.querySelector(".step-title").textContent.trim();
      entry.appendChild(link);
      entry.appendChild(document.createTextNode(" (" + formatTime(latest[step]) + ")"));
      list.appendChild(entry);
    });
    if (list.children.length) notices.appendChild(section);
  })();

  if (!form) return;

  const AUTOSAVE_DELAY_MS = 3000;
  const RETRY_DELAY_MS = 5000;
  const PING_TIMEOUT_MS = 8000;
  const status = form.querySelector(".autosave-status");
  const versionInput = form.querySelector("input[name=version]");
  const tokenInput = form.querySelector("input[name=save_token]");
  const csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const keepsDrafts = drafts.enabled && !("confidential" in form.dataset);

  function say(message, isError) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("text-danger", Boolean(isError));
  }

  function newToken() {
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  // --- What the form holds --------------------------------------------------------------
  // {name: value}: a text's value, or the list of ticked values of a group of boxes or radios;
  // `asServed`: as the server sent them, not as typed since (even before this script ran).
  function isAnswer(element) {
    return element.name && !element.disabled &&
      !["submit", "button", "reset", "hidden", "file"].includes(element.type);
  }
  function servedValue(element) {
    if (element.tagName !== "SELECT") return element.defaultValue;
    const chosen = Array.from(element.options).find(function (option) { return option.defaultSelected; });
    return (chosen || element.options[0] || { value: "" }).value;
  }
  function fieldValues(asServed) {
    const values = {};
    Array.from(form.elements).forEach(function (element) {
      if (!isAnswer(element)) return;
      if (element.type === "checkbox" || element.type === "radio") {
        values[element.name] = values[element.name] || [];
        if (asServed ? element.defaultChecked : element.checked) values[element.name].push(element.value);
      } else {
        values[element.name] = asServed ? servedValue(element) : element.value;
      }
    });
    return values;
  }
  function same(first, second) {
    return JSON.stringify(first) === JSON.stringify(second);
  }
  function blankValue(value) {
    return Array.isArray(value) ? [] : "";
  }

  // What the server has, as far as the page knows: the values the page was loaded with. A
  // page shown after a refused save holds what was typed, not what is saved: there the
  // server's answers are unknown, and every answer counts as unsaved until it is saved.
  const shownUnsaved = "unsaved" in form.dataset;
  let baseline = {};

  function unsavedNames() {
    const values = fieldValues();
    return Object.keys(values).filter(function (name) {
      if (!(name in baseline)) return shownUnsaved || !same(values[name], blankValue(values[name]));
      return !same(values[name], baseline[name]);
    });
  }

  let offlinePending = null; // the button pressed while the server could not be reached
  function hasUnsavedChanges() {
    return Boolean(offlinePending) || unsavedNames().length > 0;
  }

  // --- Table rows: a cell's row and its saved id ------------------------------------------
  function rowOf(name) {
    const match = /^(.+)-(\d+)-([^-]+)$/.exec(name);
    if (!match || !form.querySelector("input[name='" + match[1] + "-TOTAL_FORMS']")) return null;
    const idInput = form.elements[match[1] + "-" + match[2] + "-row_id"];
    return {
      prefix: match[1],
      index: Number(match[2]),
      cell: match[3],
      id: idInput && idInput.value ? idInput.value : "",
    };
  }

  // Offered drafts not yet restored or discarded: kept in the browser while the prompt is up.
  let offered = [];
  let token = null;

  function updateDraft() {
    if (!keepsDrafts) return;
    const values = fieldValues();
    const entries = unsavedNames().map(function (name) {
      const row = rowOf(name);
      return { name: name, value: values[name], row: row ? row.id : undefined };
    });
    const all = offered.concat(entries);
    if (!all.length && !token) {
      drafts.remove(drafts.mine);
      return;
    }
    drafts.write({ version: versionInput.value, at: Date.now(), token: token, entries: all });
  }

  // --- Leaving the page -----------------------------------------------------------------
  let submitting = false;
  window.addEventListener("beforeunload", function (event) {
    if (submitting) return;
    updateDraft();
    if (hasUnsavedChanges()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Back from the back/forward cache, the page warns again until it is submitted again.
  // Only then: Chromium fires the first pageshow as a task of its own after "load", which
  // can come after a quick press of Save, and would make leaving the page ask "Leave site?".
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) submitting = false;
  });
  window.addEventListener("pagehide", updateDraft);

  // --- Autosave of long texts ------------------------------------------------------------
  // Only the fields the server saves in the background (the step's autosave_fields); other
  // answers are saved with the page, and leaving before that warns.
  const autosaveNames = new Set((text.autosaveFields || "").split(" ").filter(Boolean));
  let timer = null;
  let inFlight = null; // the running request's promise
  let stopped = false; // after a version conflict or a sign-out: only a full Save sorts it out
  const pending = new Set();

  function schedule(name) {
    if (!autosaveNames.has(name)) return;
    pending.add(name);
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
    const values = fieldValues();
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken);
    body.append("version", versionInput.value);
    body.append("save_token", newToken());
    const sent = {};
    pending.forEach(function (name) {
      body.append(name, values[name]);
      sent[name] = values[name];
    });
    pending.clear();
    say(text.savingText || "Saving…");

    function failed(message) {
      Object.keys(sent).forEach(function (name) { pending.add(name); });
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
          // What was sent is saved now; what was typed since is still unsaved.
          Object.keys(sent).forEach(function (name) { baseline[name] = sent[name]; });
          updateDraft();
          say((text.savedText || "Saved at") + " " + result.data.saved_at);
          return;
        }
        const data = result.data;
        if ((result.status === 409 && data.conflict) || result.status === 401 || data.signed_out) {
          stopped = true;
        }
        const message = data.error || Object.values(data.errors || {}).flat().join(" ");
        failed(message || text.failedText || "Not saved automatically. Press Save.");
      })
      .catch(function () {
        failed(text.offlineText || "Not saved: the server cannot be reached.");
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

  function changed(event) {
    const target = event.target;
    if (!target || !target.name || !isAnswer(target)) return;
    schedule(target.name);
    updateDraft();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // --- Saving the page --------------------------------------------------------------------
  // The step buttons (and the list of steps, whose buttons belong to this form) post the
  // page. First: a background save still running would make the page's version stale, so
  // it is waited for; then the server is asked whether it can be reached. If not, the page
  // stays, says so, and posts when the connection is back.
  function reachable() {
    const controller = new AbortController();
    const timeout = setTimeout(function () { controller.abort(); }, PING_TIMEOUT_MS);
    return fetch(text.pingUrl, { cache: "no-store", credentials: "same-origin", signal: controller.signal })
      .then(function () { return true; }, function () { return false; })
      .finally(function () { clearTimeout(timeout); });
  }

  function post(submitter) {
    token = newToken();
    tokenInput.value = token;
    updateDraft();
    if (submitter && submitter.name) {
      const action = document.createElement("input");
      action.type = "hidden";
      action.name = submitter.name;
      action.value = submitter.value;
      form.appendChild(action);
    }
    submitting = true;
    HTMLFormElement.prototype.submit.call(form);
  }

  let retryTimer = null;
  function retryWhenOnline() {
    clearTimeout(retryTimer);
    if (!offlinePending) return;
    reachable().then(function (ok) {
      if (!offlinePending) return;
      if (ok) {
        const submitter = offlinePending;
        offlinePending = null;
        say(text.savingText || "Saving…");
        post(submitter);
      } else {
        retryTimer = setTimeout(retryWhenOnline, RETRY_DELAY_MS);
      }
    });
  }
  window.addEventListener("online", retryWhenOnline);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (submitting) return;
    const submitter = event.submitter || null;
    clearTimeout(timer);
    // A later press replaces an earlier one that is waiting for the connection.
    const waiting = Boolean(offlinePending);
    offlinePending = null;
    Promise.resolve(inFlight).then(reachable).then(function (ok) {
      if (ok) {
        post(submitter);
        return;
      }
      offlinePending = submitter || form;
      updateDraft();
      say(text.offlineSubmitText || "The server cannot be reached.", true);
      if (!waiting) retryTimer = setTimeout(retryWhenOnline, RETRY_DELAY_MS);
    });
  });

  // --- Character counters ----------------------------------------------------------------
  // Long texts always show theirs, on the line of the help text that states the limit; a
  // table cell only when it nears its limit.
  function addCounter(field, index) {
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
  }
  form.querySelectorAll("textarea[maxlength]").forEach(addCounter);

  // --- Rows: show the filled ones and one blank row; add more on demand -------------------
  function visibleInputs(row) {
    return Array.from(row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, select"));
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
        element.setAttribute("aria-describedby", describedBy.split(" ").filter(function (id) { return !/-link$|-counter$|_error$/.test(id); }).join(" "));
      }
    });
    copy.querySelectorAll("input, textarea, select").forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else input.value = "";
      input.classList.remove("is-invalid");
    });
    copy.querySelectorAll(".invalid-feedback, .region-row-meta, .char-counter, .badge, .region-suggestions").forEach(function (element) { element.remove(); });
    copy.classList.remove("row-carried-over");
    // The row's accessible name says which row it is.
    const number = container.querySelectorAll("[data-row]").length + 1;
    copy.querySelectorAll("label.visually-hidden").forEach(function (label) {
      label.textContent = label.textContent.replace(/\d+(\)?)\s*$/, number + "$1");
    });
    total.value = String(index + 1);
    copy.hidden = false;
    container.appendChild(copy);
    wireRegionInput(copy.querySelector(".region-entry"));
    wireDateInput(copy.querySelector("[data-date-input]"));
    return copy;
  }

  // addRow(container) shows the next hidden row or adds one; null when the table is full.
  const adders = new Map();
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
    const holder = container.closest(".rows-container") || container;
    let button = null;
    function addRow() {
      let next = Array.from(container.querySelectorAll("[data-row]")).find(function (row) { return row.hidden; });
      if (next) {
        next.hidden = false;
      } else if (growable && template) {
        next = cloneRow(container, template);
      }
      const more = Array.from(container.querySelectorAll("[data-row]")).some(function (row) { return row.hidden; });
      if (button && (!next || (!more && !growable))) button.remove();
      return next;
    }
    const fieldset = container.closest("fieldset");
    const total = fieldset && fieldset.querySelector("input[name$='-TOTAL_FORMS']");
    if (total) adders.set(total.name.slice(0, -"-TOTAL_FORMS".length), addRow);
    if (!growable && !rows.some(function (row) { return row.hidden; })) return;
    button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-primary add-row";
    button.textContent = text.addRowText || "Add a row";
    const legend = fieldset && fieldset.querySelector("legend");
    if (legend) {
      const hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = ": " + legend.textContent.trim();
      button.appendChild(hint);
    }
    button.addEventListener("click", function () {
      const next = addRow();
      const input = next && visibleInputs(next)[0];
      if (input) input.focus();
    });
    holder.insertAdjacentElement("afterend", button);
  });

  // --- NUTS region suggestions ---------------------------------------------------------
  // Each region field is a combobox (WAI-ARIA 1.2, "list autocomplete"): from two letters
  // typed, the matching NUTS regions are listed under it; ArrowDown and ArrowUp move through
  // them, Enter takes the one moved to (and does not submit the page), Escape closes the
  // list, a click takes one too. What is typed stays the field's value until one is taken:
  // the server matches any name when the page is saved.
  const SEARCH_DELAY_MS = 250;
  function wireRegionInput(input) {
    if (!input || !text.regionSearchUrl) return;
    const listbox = document.createElement("ul");
    listbox.id = input.id + "-suggestions";
    listbox.className = "region-suggestions";
    listbox.setAttribute("role", "listbox");
    if (input.labels && input.labels.length) listbox.setAttribute("aria-label", input.labels[0].textContent.trim());
    listbox.hidden = true;
    // Under the field's line, in the flow of the page: an open list moves what follows down
    // rather than cover it (the next row, "Add a row", Save).
    (input.closest(".region-row-main") || input).insertAdjacentElement("afterend", listbox);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    let active = -1;
    let searchTimer = null;
    let latestQuery = 0;

    function options() { return Array.from(listbox.children); }
    function setActive(index) {
      active = index;
      options().forEach(function (option, position) {
        option.setAttribute("aria-selected", String(position === index));
      });
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", listbox.children[index].id);
      listbox.children[index].scrollIntoView({ block: "nearest" });
    }
    function open() {
      if (!listbox.children.length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }
    function take(option) {
      input.value = option.dataset.value;
      close();
      // As if typed: the page keeps it as unsaved, saves it and warns before leaving.
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function show(results) {
      listbox.replaceChildren.apply(listbox, results.map(function (result, index) {
        const option = document.createElement("li");
        option.id = listbox.id + "-" + index;
        option.setAttribute("role", "option");
        option.dataset.value = result.label;
        option.textContent = result.label;
        if (result.national && result.national !== result.label) {
          const national = document.createElement("span");
          national.className = "region-suggestion-national";
          national.textContent = result.national;
          option.append(" ", national);
        }
        return option;
      }));
      setActive(-1);
      if (results.length && document.activeElement === input) open();
      else close();
    }

    input.addEventListener("input", function (event) {
      clearTimeout(searchTimer);
      // A suggestion taken or a kept draft restored (no inputType) needs no new search.
      if (!event.inputType) return;
      const query = input.value.trim();
      if (query.length < 2) {
        show([]);
        return;
      }
      searchTimer = setTimeout(function () {
        const ticket = ++latestQuery;
        fetch(text.regionSearchUrl + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (ticket === latestQuery) show(data.results || []); // else a later search was sent
          })
          .catch(function () { /* suggestions are a convenience: typing still works */ });
      }, SEARCH_DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      const count = listbox.children.length;
      if ((event.key === "ArrowDown" || event.key === "ArrowUp") && count) {
        event.preventDefault();
        const wasClosed = listbox.hidden;
        open();
        if (wasClosed && event.altKey) return; // Alt+ArrowDown only opens the list
        const forward = event.key === "ArrowDown";
        if (active < 0) setActive(forward ? 0 : count - 1);
        else setActive((active + (forward ? 1 : count - 1)) % count);
      } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
        event.preventDefault(); // takes the suggestion instead of submitting the page
        take(listbox.children[active]);
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
    // Pressing on a suggestion must not move the focus away (which would close the list).
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    listbox.addEventListener("click", function (event) {
      const option = event.target.closest("[role=option]");
      if (option) take(option);
    });
  }
  form.querySelectorAll(".region-entry").forEach(wireRegionInput);

  // --- Dates: say how the typed date was read ---------------------------------------------
  // The server reads it (reports/dates.py), so the page says exactly what will be stored.
  function wireDateInput(input) {
    const output = input && document.getElementById(input.id + "-understood");
    if (!output || !text.readDateUrl) return;
    let dateTimer = null;
    let latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(dateTimer);
      const typed = input.value.trim();
      if (!typed) {
        output.textContent = "";
        output.classList.remove("is-error");
        return;
      }
      dateTimer = setTimeout(function () {
        const ticket = ++latest;
        fetch(text.readDateUrl + "?q=" + encodeURIComponent(typed), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
          .then(function (data) {
            if (ticket !== latest) return;
            const hint = data.error && input.dataset.dateHint ? " " + input.dataset.dateHint : "";
            output.textContent = (data.words || data.error || "") + hint;
            output.classList.toggle("is-error", Boolean(data.error));
          })
          .catch(function () {
            if (ticket !== latest) return;
            output.textContent = text.dateUncheckedText || "";
            output.classList.remove("is-error");
          });
      }, 300);
    });
  }
  form.querySelectorAll("[data-date-input]").forEach(wireDateInput);

  // --- Restoring what the browser kept -----------------------------------------------------
  const empty = notices ? notices.dataset.emptyText || "—" : "—";

  function elementsNamed(name) {
    return Array.from(form.elements).filter(function (element) { return element.name === name; });
  }
  function questionOf(name) {
    const element = elementsNamed(name)[0];
    if (!element) return name;
    if (element.getAttribute("aria-label")) return element.getAttribute("aria-label");
    if (element.type === "radio" || element.type === "checkbox") {
      const rowHeader = element.closest("tr") && element.closest("tr").querySelector("th");
      if (rowHeader && element.closest(".matrix")) return rowHeader.textContent.trim();
      const legend = element.closest("fieldset") && element.closest("fieldset").querySelector("legend");
      if (legend) return legend.textContent.trim();
    }
    const label = element.id && form.querySelector("label[for='" + element.id + "']");
    return label ? label.textContent.trim().replace(/\s*\*$/, "") : name;
  }
  function shown(name, value) {
    if (!Array.isArray(value)) return value || empty;
    const labels = value.map(function (choice) {
      const option = elementsNamed(name).find(function (element) { return element.value === choice; });
      const label = option && (option.closest("label") || form.querySelector("label[for='" + option.id + "']"));
      return label ? label.textContent.trim() : choice;
    });
    return labels.join(", ") || empty;
  }
  function setValue(name, value) {
    const elements = elementsNamed(name);
    elements.forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = Array.isArray(value) && value.includes(element.value);
      } else {
        element.value = value;
      }
      const row = element.closest("[data-row]");
      if (row) row.hidden = false;
    });
    if (elements.length) {
      elements[0].dispatchEvent(new Event(elements[0].type === "radio" || elements[0].type === "checkbox" ? "change" : "input", { bubbles: true }));
    }
  }

  // Where a kept entry goes now: its row is found by its saved id; a row not saved then
  // goes into a blank row (added if need be), the same one for all its cells.
  function placer() {
    const newRows = {};
    const used = new Set();
    function blankRow(prefix) {
      const total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      for (let index = 0; index < Number(total.value); index += 1) {
        const idInput = form.elements[prefix + "-" + index + "-row_id"];
        const row = idInput && idInput.closest("[data-row]");
        if (!used.has(prefix + index) && (!idInput || !idInput.value) && row && rowIsBlank(row)) return index;
      }
      const add = adders.get(prefix);
      return add && add() ? Number(total.value) - 1 : null;
    }
    return function place(entry, draftKey) {
      const row = rowOf(entry.name);
      if (!row) return elementsNamed(entry.name).length ? entry.name : null;
      let index = null;
      if (entry.row) {
        const total = Number(form.querySelector("input[name='" + row.prefix + "-TOTAL_FORMS']").value);
        for (let candidate = 0; candidate < total; candidate += 1) {
          const idInput = form.elements[row.prefix + "-" + candidate + "-row_id"];
          if (idInput && idInput.value === entry.row) index = candidate;
        }
      }
      if (index === null) {
        const key = draftKey + "|" + row.prefix + "|" + (entry.row || "new" + row.index);
        if (!(key in newRows)) newRows[key] = blankRow(row.prefix);
        index = newRows[key];
      }
      if (index === null) return null;
      used.add(row.prefix + index);
      return row.prefix + "-" + index + "-" + row.cell;
    };
  }

  // The values the page came with are what the server has (unless shownUnsaved): counted
  // once the rows are laid out, before any kept text is restored. As served, not as shown: on
  // a slow connection a person may type before this script runs.
  if (!shownUnsaved) baseline = fieldValues(true);

  (function offerDrafts() {
    const template = document.getElementById("draft-restore-template");
    if (!keepsDrafts || !template) return;
    const kept = drafts.all(stepSlug).sort(function (first, second) {
      return (first.record.at || 0) - (second.record.at || 0);
    });
    if (!kept.length) return;
    const place = placer();
    // The latest kept text of each answer, where it differs from what the page shows.
    const byTarget = new Map();
    let newest = 0;
    let older = false;
    kept.forEach(function (draft) {
      draft.record.entries.forEach(function (entry) {
        const target = place(entry, draft.key);
        if (!target) return;
        byTarget.set(target, entry.value);
      });
      newest = Math.max(newest, draft.record.at || 0);
      if (Number(draft.record.version) < Number(versionInput.value)) older = true;
    });
    const current = fieldValues();
    const differing = Array.from(byTarget.entries()).filter(function (pair) {
      return !same(pair[1], current[pair[0]]);
    });
    kept.forEach(function (draft) { if (draft.key !== drafts.mine) drafts.remove(draft.key); });
    if (!differing.length) {
      drafts.remove(drafts.mine);
      return;
    }
    offered = differing.map(function (pair) {
      const row = rowOf(pair[0]);
      return { name: pair[0], value: pair[1], row: row ? row.id : undefined };
    });
    updateDraft();

    const panel = template.content.firstElementChild.cloneNode(true);
    panel.querySelector(".draft-restore-when").textContent =
      (notices.dataset.timeText || "{time}").replace("{time}", formatTime(newest));
    panel.querySelector(".draft-restore-older").hidden = !older;
    const list = panel.querySelector(".draft-restore-list");
    const itemTemplate = document.getElementById("draft-item-template");

    function done(entry, item) {
      offered = offered.filter(function (other) { return other !== entry; });
      item.remove();
      updateDraft();
      if (!offered.length) panel.remove();
    }
    offered.forEach(function (entry) {
      const item = itemTemplate.content.firstElementChild.cloneNode(true);
      item.querySelector(".draft-item-label").textContent = questionOf(entry.name);
      item.querySelector(".draft-server").textContent = shown(entry.name, current[entry.name]);
      item.querySelector(".draft-typed").textContent = shown(entry.name, entry.value);
      item.querySelector("[data-draft-action=restore-one]").addEventListener("click", function () {
        setValue(entry.name, entry.value);
        done(entry, item);
      });
      item.entry = entry;
      list.appendChild(item);
    });
    panel.querySelector("[data-draft-action=restore-all]").addEventListener("click", function () {
      Array.from(list.children).forEach(function (item) {
        setValue(item.entry.name, item.entry.value);
        done(item.entry, item);
      });
      const first = form.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    });
    panel.querySelector("[data-draft-action=discard]").addEventListener("click", function () {
      offered = [];
      panel.remove();
      updateDraft();
    });
    notices.insertBefore(panel, notices.firstChild);
  })();

  // A page that shows what was typed and not saved keeps all of it from the start; what was
  // typed before this script ran is kept and saved as if typed now.
  if (!shownUnsaved) unsavedNames().forEach(schedule);
  if (shownUnsaved || unsavedNames().length) updateDraft();
})();
