/* Article change form: autosave what is typed, and say who else has it open.
 *
 * Every few seconds, if the headline, standfirst, body or byline changed
 * since the last autosave, they are posted (with the CSRF token) to the
 * user's draft buffer on the server. The reply also lists anyone else who
 * has had the article open in the last minutes. Without JavaScript the form
 * works as before; restoring unsaved text is a plain link.
 */
(function () {
  "use strict";
  var panel = document.getElementById("autosave");
  if (!panel) { return; }
  var form = document.getElementById("article_form");
  var status = document.getElementById("autosave-status");
  var presence = document.getElementById("presence");
  var url = panel.dataset.url;
  var every = parseInt(panel.dataset.interval, 10) || 5000;
  var names = ["headline", "standfirst", "body", "byline"];
  var lastSent = null;

  function current() {
    if (window.tinymce && window.tinymce.triggerSave) { window.tinymce.triggerSave(); }
    var data = new FormData();
    names.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) { data.append(name, field.value); }
    });
    data.append("edit_version", form.elements.namedItem("edit_version").value);
    return data;
  }

  function fingerprint(data) {
    return names.map(function (name) { return data.get(name); }).join("\u0000");
  }

  function showPresence(others) {
    if (!presence) { return; }
    presence.textContent = others.length
      ? interpolate(ngettext(
        "%(names)s has this article open too. Save often; the later save will be refused if you both change it.",
        "%(names)s have this article open too. Save often; the later save will be refused if you both change it.",
        others.length), { names: others.join(", ") }, true)
      : "";
    presence.hidden = !others.length;
  }

  function send(force) {
    var data = current();
    var print = fingerprint(data);
    if (!force && print === lastSent) { return; }
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": form.elements.namedItem("csrfmiddlewaretoken").value },
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (reply) {
      lastSent = print;
      if (reply.saved_at) {
        status.textContent = interpolate(gettext("Unsaved changes kept as a draft at %(time)s."),
          { time: reply.saved_at }, true);
      }
      showPresence(reply.others || []);
    }).catch(function () {
      status.textContent = gettext("Autosave failed; your text is still here. Save to keep it.");
    });
  }

  lastSent = fingerprint(current());
  // TinyMCE writes the body back in its own form (a line break between
  // paragraphs) once it is up: that is not typing. Without this the first
  // tick after opening the form sent the stored text as a "draft", over the
  // unsaved text the page was offering to restore.
  (function rebaseBodyWhenEditorIsUp(triesLeft) {
    var editor = window.tinymce && window.tinymce.get("id_body");
    if (editor && editor.initialized) {
      var opened = lastSent.split("\u0000");
      opened[names.indexOf("body")] = current().get("body");
      lastSent = opened.join("\u0000");
    } else if (triesLeft > 0) {
      window.setTimeout(function () { rebaseBodyWhenEditorIsUp(triesLeft - 1); }, 100);
    }
  })(100);
  var ticks = 0;
  // Unchanged text is not resent, but every sixth tick still tells the
  // server (and so the others) that this form is open.
  window.setInterval(function () { ticks += 1; send(ticks % 6 === 0); }, every);
})();
