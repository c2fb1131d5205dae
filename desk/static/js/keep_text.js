/* Article change form: what was typed stays in this browser until a save succeeds.
 *
 * When the form is sent, and every few seconds while it changes, its fields
 * (the TinyMCE body included) are copied into localStorage. If the save
 * fails (the database is unavailable, the browser crashed, the tab was
 * closed), the next time this form is opened it offers the copy back. A
 * save that succeeded says so with a short-lived cookie (set by the desk on
 * its redirect), and the copy is dropped on the page it lands on. Needs
 * nothing from the server while it is down: the server-side autosave cannot
 * help then. Without JavaScript the form works as before.
 */
(function () {
  "use strict";
  var PREFIX = "newsroom:kept:";
  var SAVED_COOKIE = "newsroom_kept_saved";
  var EVERY_MS = 5000;
  var KEEP_DAYS = 14;

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function forgetSaved(store) {
    // The desk names the form it has just saved; its copy is no longer needed.
    document.cookie.split(";").forEach(function (part) {
      var pair = part.trim().split("=");
      if (pair[0] !== SAVED_COOKIE) { return; }
      store.removeItem(PREFIX + decodeURIComponent(pair[1] || ""));
      // Set for the admin's root, the first part of this page's path.
      var root = "/" + window.location.pathname.split("/")[1] + "/";
      document.cookie = SAVED_COOKIE + "=; Max-Age=0; Path=" + root + "; SameSite=Lax";
    });
    // Copies nobody came back for.
    var oldest = Date.now() - KEEP_DAYS * 86400000;
    for (var i = store.length - 1; i >= 0; i -= 1) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX) === 0) {
        try {
          if (JSON.parse(store.getItem(name)).at < oldest) { store.removeItem(name); }
        } catch (error) { store.removeItem(name); }
      }
    }
  }

  function keptFields(form) {
    // The article's own fields: not the CSRF token, the buttons or the byline rows.
    return Array.prototype.filter.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.name.indexOf("-") !== -1) { return false; }
      if (field.name === "csrfmiddlewaretoken" || field.name.charAt(0) === "_") { return false; }
      if (field.tagName === "TEXTAREA" || field.tagName === "SELECT") { return true; }
      if (field.tagName !== "INPUT") { return false; }
      if (field.type === "hidden") { return field.name === "edit_version"; }
      return ["button", "submit", "reset", "file", "image", "password"].indexOf(field.type) === -1;
    });
  }

  function read(form) {
    if (window.tinymce && window.tinymce.triggerSave) { window.tinymce.triggerSave(); }
    var values = {};
    keptFields(form).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) { (values[field.name] = values[field.name] || []).push(field.value); }
        else if (!(field.name in values)) { values[field.name] = []; }
      } else if (field.tagName === "SELECT" && field.multiple) {
        values[field.name] = Array.prototype.filter.call(field.options, function (option) {
          return option.selected;
        }).map(function (option) { return option.value; });
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function write(form, values) {
    keptFields(form).forEach(function (field) {
      if (!(field.name in values)) { return; }
      var value = values[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = value.indexOf(option.value) !== -1;
        });
      } else {
        field.value = value;
        var editor = window.tinymce && field.id && window.tinymce.get(field.id);
        if (editor) { editor.setContent(value); }
      }
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function comparable(values) {
    // Whitespace between tags and runs of spaces are how an editor serialises, not what was typed.
    var plain = {};
    Object.keys(values).forEach(function (name) {
      if (name === "edit_version") { return; }
      var value = values[name];
      plain[name] = typeof value === "string" ? value.replace(/>\s+</g, "><").replace(/\s+/g, " ").trim() : value;
    });
    return JSON.stringify(plain, Object.keys(plain).sort());
  }

  function whenEditorsReady(callback) {
    // Compare like with like: TinyMCE's own serialisation of the body on both sides.
    var deadline = Date.now() + 5000;
    (function check() {
      var pending = Array.prototype.some.call(document.querySelectorAll("textarea.tinymce"), function (area) {
        var editor = window.tinymce && window.tinymce.get(area.id);
        return !(editor && editor.initialized);
      });
      if (pending && Date.now() < deadline) { window.setTimeout(check, 100); } else { callback(); }
    })();
  }

  function start() {
    var store = storage();
    if (!store) { return; }
    forgetSaved(store);
    var panel = document.getElementById("kept-text");
    var form = document.getElementById("article_form");
    if (!panel || !form) { return; }
    var key = PREFIX + panel.dataset.key;
    var offered = null;  // a copy from before, not yet restored or discarded
    var openedWith = null;

    function keep(sent) {
      var values = read(form);
      if (!sent && (offered || !openedWith)) { return; }  // never over an offered copy
      if (!sent && comparable(values) === comparable(openedWith)) {
        store.removeItem(key);  // nothing typed, or all of it undone
        return;
      }
      try {
        store.setItem(key, JSON.stringify({ at: Date.now(), sent: sent, values: values }));
      } catch (error) { /* storage full or forbidden: nothing else to do */ }
    }

    form.addEventListener("submit", function () { keep(true); });
    whenEditorsReady(function () {
      openedWith = read(form);
      var previous = null;
      try { previous = JSON.parse(store.getItem(key)); } catch (error) { previous = null; }
      if (previous && previous.values && comparable(previous.values) !== comparable(openedWith)) {
        offered = previous;
        panel.querySelector("[data-kept-time]").textContent = new Date(previous.at).toLocaleString();
        panel.hidden = false;
        panel.querySelector("[data-kept-restore]").addEventListener("click", function () {
          // With the version it was typed on: a save made in between is refused, not overwritten.
          write(form, offered.values);
          offered = null;
          panel.hidden = true;
        });
        panel.querySelector("[data-kept-discard]").addEventListener("click", function () {
          store.removeItem(key);
          offered = null;
          panel.hidden = true;
        });
      }
      window.setInterval(function () { keep(false); }, EVERY_MS);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
