/* The live desk's update form: never lose what a reporter typed.
 *
 * What is typed is kept in the browser (localStorage) until a post
 * succeeds, so a closed tab or a dropped connection loses nothing. A post
 * that fails for want of a network (or a 5xx) is retried a few times with
 * the same idempotency key, which the server uses to make the update once
 * however many attempts arrive. A refusal (4xx) is shown and the text kept.
 * Without JavaScript the form posts as a plain form.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-desk]");
  if (!form) { return; }
  var status = form.querySelector("[data-live-status]");
  var errorBox = form.querySelector("[data-live-error]");
  var title = form.elements.namedItem("title");
  var body = form.elements.namedItem("body");
  var editing = form.elements.namedItem("update").value;
  var storeKey = "newsroom-live-draft:" + location.pathname + (editing ? ":" + editing : "");
  var RETRIES = [1000, 2000, 4000, 8000];

  function say(text) { status.textContent = text; }

  function keep() {
    try {
      localStorage.setItem(storeKey, JSON.stringify({ title: title.value, body: body.value }));
    } catch (e) { /* private mode: the form still works */ }
  }

  function forget() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  }

  try {
    var kept = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (kept && kept.body && kept.body !== body.value && !errorBox.textContent.trim()) {
      title.value = kept.title || "";
      body.value = kept.body;
      say(gettext("Text not yet posted was restored from this device."));
    }
  } catch (e) { /* nothing kept */ }

  title.addEventListener("input", keep);
  body.addEventListener("input", keep);

  function send(data, attempt) {
    return fetch(form.action || location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (response.status >= 500) {
        throw new Error(interpolate(gettext("server %(status)s"), { status: response.status }, true));
      }
      return response.json().then(function (answer) {
        return { ok: response.ok, answer: answer };
      });
    }).catch(function (problem) {
      if (attempt >= RETRIES.length) { throw problem; }
      say(interpolate(gettext("Not sent yet (%(problem)s): trying again…"),
        { problem: problem.message }, true));
      return new Promise(function (resolve) {
        setTimeout(function () { resolve(send(data, attempt + 1)); }, RETRIES[attempt]);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    keep();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    errorBox.hidden = true;
    say(gettext("Sending…"));
    send(data, 0).then(function (result) {
      if (result.ok) {
        forget();
        say(gettext("Posted."));
        location.assign(location.pathname);
        return;
      }
      errorBox.textContent = result.answer.error || gettext("The update was refused.");
      errorBox.hidden = false;
      say("");
    }).catch(function () {
      say(gettext("Could not reach the newsroom. Your text is kept on this device: press the button again when you have a connection."));
    }).then(function () {
      buttons.forEach(function (button) { button.disabled = false; });
    });
  });
}());
