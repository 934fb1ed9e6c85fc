// The annexes' page: an upload sent in the background, with its progress shown. Without
// this script (or when the background send cannot tell what happened, a sign-in that ended
// for one) the form is sent as a plain form, which does all the same.
(function () {
  "use strict";
  const section = document.querySelector("[data-annex-upload]");
  if (!section || !window.FormData || !window.XMLHttpRequest) return;
  const form = document.getElementById(section.dataset.annexUpload);
  if (!form) return;
  const progress = section.querySelector(".annex-progress");
  const bar = section.querySelector("progress");
  const status = section.querySelector(".annex-upload-status");
  let sending = false;

  function plainly() {
    // The browser's own submission: the server answers with a page, refusals included.
    sending = true;
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener("submit", function (event) {
    if (sending) return;
    const file = Array.from(form.elements).find(function (element) { return element.type === "file"; });
    if (!file || !file.files.length) return; // the server says what is missing
    event.preventDefault();
    const data = new FormData(form);
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.pathname);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.responseType = "json";
    request.upload.addEventListener("progress", function (progressEvent) {
      if (!progressEvent.lengthComputable) return;
      bar.value = Math.round((100 * progressEvent.loaded) / progressEvent.total);
    });
    request.addEventListener("load", function () {
      const answer = request.response;
      if (answer && answer.redirect) {
        window.location.assign(answer.redirect);
      } else if (answer && answer.error) {
        progress.hidden = true;
        status.textContent = answer.error;
        status.classList.add("text-danger");
        sending = false;
      } else {
        plainly(); // not an answer of ours (the sign-in page): let the server show the way
      }
    });
    request.addEventListener("error", function () {
      progress.hidden = true;
      status.textContent = section.dataset.failedText || "";
      sending = false;
    });
    sending = true;
    progress.hidden = false;
    bar.value = 0;
    status.textContent = "";
    status.classList.remove("text-danger");
    request.send(data);
  });
})();
