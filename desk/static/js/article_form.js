/* The article change form, better with JavaScript:
 *
 * - "Preview changes" posts the form (unsaved) into a panel beside it, with
 *   phone and desktop widths, instead of a new tab (without JavaScript the
 *   button's formtarget opens one).
 * - The search and social fields show live how a search result and a link
 *   card will read, and count characters against what search engines show.
 *
 * Its words are in the site's language from the catalog that every desk page
 * loads first (/jsi18n/, templates/admin/base_site.html).
 */
(function () {
  "use strict";
  var form = document.getElementById("article_form");
  if (!form) { return; }

  var LIMITS = {
    headline: {limit: 60, what: gettext("a search result shows about 60 characters of a title")},
    seo_title: {limit: 60, what: gettext("a search result shows about 60 characters")},
    meta_description: {limit: 155, what: gettext("a search result shows about 155 characters")},
    social_headline: {limit: 70, what: gettext("a link card shows about 70 characters")},
  };

  function field(name) { return form.elements.namedItem(name); }
  function value(name) {
    var element = field(name);
    return element ? element.value.trim() : "";
  }
  function cut(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1).trimEnd() + "\u2026" : text;
  }

  // --- Character counters ------------------------------------------------
  function counterFor(name) {
    var element = field(name);
    if (!element) { return null; }
    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.id = "id_" + name + "_counter";
    counter.setAttribute("aria-live", "polite");
    // Under the field (the admin lays label and field out in a row).
    (element.closest(".flex-container") || element).insertAdjacentElement("afterend", counter);
    var described = element.getAttribute("aria-describedby");
    element.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    return counter;
  }
  var counters = {};
  Object.keys(LIMITS).forEach(function (name) { counters[name] = counterFor(name); });

  function updateCounters() {
    Object.keys(counters).forEach(function (name) {
      var counter = counters[name];
      if (!counter) { return; }
      var length = field(name).value.trim().length;
      var limit = LIMITS[name].limit;
      var over = length > limit;
      if (name === "headline" && value("seo_title")) {
        counter.textContent = interpolate(ngettext(
          "%(length)s character (search results use the SEO title).",
          "%(length)s characters (search results use the SEO title).",
          length), {length: length}, true);
        counter.classList.remove("char-counter--over");
        return;
      }
      counter.textContent = over
        ? interpolate(gettext("%(length)s of %(limit)s characters: %(excess)s too many, %(reason)s."),
          {length: length, limit: limit, excess: length - limit, reason: LIMITS[name].what}, true)
        : interpolate(gettext("%(length)s of %(limit)s characters."),
          {length: length, limit: limit}, true);
      counter.classList.toggle("char-counter--over", over);
    });
  }

  // --- Search result and link card --------------------------------------
  var previews = document.querySelector("[data-seo-previews]");
  function show(slot, text) {
    var element = previews.querySelector('[data-preview="' + slot + '"]');
    if (element) { element.textContent = text; }
  }
  function updatePreviews() {
    if (!previews) { return; }
    var title = value("seo_title") || value("headline");
    var description = value("meta_description") || value("standfirst");
    show("search-title", cut(title, 60));
    show("search-description", cut(description, 155));
    show("card-title", cut(value("social_headline") || value("headline"), 70));
    show("card-description", cut(description, 110));
    var slug = value("slug");
    if (slug) { show("url", previews.getAttribute("data-site-url") + " \u203a " + slug); }
  }

  function update() {
    updateCounters();
    updatePreviews();
  }
  ["headline", "slug", "standfirst", "seo_title", "meta_description", "social_headline"].forEach(function (name) {
    var element = field(name);
    if (element) {
      element.addEventListener("input", update);
      element.addEventListener("change", update);
    }
  });
  update();

  // --- Preview of the unsaved form, beside it ------------------------------
  var button = form.querySelector("[data-preview-button]");
  if (!button) { return; }
  var WIDTHS = {phone: 375, desktop: 1280};
  var panel = document.createElement("aside");
  panel.className = "preview-panel";
  panel.setAttribute("aria-label", gettext("Preview of unsaved changes"));
  panel.hidden = true;
  var bar = document.createElement("div");
  bar.className = "preview-panel__bar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", gettext("Preview width"));
  var heading = document.createElement("h2");
  heading.className = "preview-panel__title";
  heading.textContent = gettext("Preview (not saved)");
  bar.appendChild(heading);
  var sizeButtons = {};
  Object.keys(WIDTHS).forEach(function (size) {
    var sizeButton = document.createElement("button");
    sizeButton.type = "button";
    sizeButton.className = "button";
    sizeButton.textContent = size === "phone" ? gettext("Phone") : gettext("Desktop");
    sizeButton.setAttribute("aria-pressed", "false");
    sizeButton.setAttribute("data-width", size);
    sizeButton.addEventListener("click", function () { setWidth(size); });
    sizeButtons[size] = sizeButton;
    bar.appendChild(sizeButton);
  });
  var close = document.createElement("button");
  close.type = "button";
  close.className = "button preview-panel__close";
  close.textContent = gettext("Close preview");
  close.addEventListener("click", function () {
    panel.hidden = true;
    document.body.classList.remove("has-preview-panel");
    button.focus();
  });
  bar.appendChild(close);
  var stage = document.createElement("div");
  stage.className = "preview-panel__stage";
  var frame = document.createElement("iframe");
  frame.name = button.getAttribute("formtarget");
  frame.title = gettext("Preview of the story with the readers' page");
  frame.className = "preview-panel__frame";
  stage.appendChild(frame);
  panel.appendChild(bar);
  panel.appendChild(stage);
  document.body.appendChild(panel);
  var width = "desktop";

  function fit() {
    var pixels = WIDTHS[width];
    var room = stage.clientWidth || pixels;
    var scale = Math.min(1, room / pixels);
    frame.style.width = pixels + "px";
    frame.style.height = Math.round(stage.clientHeight / scale) + "px";
    frame.style.transform = "scale(" + scale + ")";
  }
  function setWidth(size) {
    width = size;
    Object.keys(sizeButtons).forEach(function (name) {
      sizeButtons[name].setAttribute("aria-pressed", String(name === size));
    });
    frame.setAttribute("data-width", String(WIDTHS[size]));
    fit();
  }
  window.addEventListener("resize", function () { if (!panel.hidden) { fit(); } });

  button.addEventListener("click", function () {
    // TinyMCE copies its text into the form on submit; the form posts into the frame.
    panel.hidden = false;
    document.body.classList.add("has-preview-panel");
    setWidth(width);
  });
})();
