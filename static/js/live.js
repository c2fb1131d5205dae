/* A live story's page: "5 min ago" beside each update, and new updates without a reload.
 *
 * Every data-poll-seconds the script asks the story's polling address
 * (data-live-poll) for the newest updates, with the ETag of its last answer,
 * so nothing-new costs a 304. It waits while the tab is hidden. New updates
 * are not pushed in under the reader's eyes: a "3 new updates" button shows
 * them when pressed. Corrections replace the update in place; removed ones
 * go. When the coverage ends the page says so and the polling stops.
 * Without JavaScript the page is complete and a reload shows the latest.
 * The words come from the site's JavaScript catalog (/jsi18n/), loaded
 * before this script; without it they stay in English.
 */
(function () {
  "use strict";
  var live = document.querySelector("section.live");
  if (!live) { return; }
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  };

  // --- "5 min ago" -----------------------------------------------------------
  function ago(moment) {
    var seconds = Math.max(0, (Date.now() - moment.getTime()) / 1000);
    if (seconds < 60) { return gettext("just now"); }
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return interpolate(ngettext("%(count)s min ago", "%(count)s min ago", minutes),
        { count: minutes }, true);
    }
    var hours = Math.floor(minutes / 60);
    if (hours < 24) {
      return interpolate(ngettext("%(count)s hour ago", "%(count)s hours ago", hours),
        { count: hours }, true);
    }
    return "";
  }

  function relativeTimes(root) {
    root.querySelectorAll("time[data-relative]").forEach(function (time) {
      var label = time.nextElementSibling;
      if (!label || !label.classList.contains("live-update__ago")) {
        label = document.createElement("span");
        label.className = "live-update__ago";
        time.insertAdjacentElement("afterend", label);
      }
      label.textContent = ago(new Date(time.getAttribute("datetime")));
    });
  }
  relativeTimes(live);
  setInterval(function () { relativeTimes(live); }, 30000);

  // --- Polling ---------------------------------------------------------------
  var url = live.dataset.livePoll;
  if (!url) { return; }
  var every = Math.max(1, parseFloat(live.dataset.pollSeconds) || 20) * 1000;
  var stream = live.querySelector("[data-live-stream]");
  var button = live.querySelector("[data-live-new]");
  var ended = live.querySelector("[data-live-ended]");
  var etag = null;
  var pending = [];
  var timer = null;
  var stopped = false;

  function shownOn(id) { return document.getElementById("update-" + id); }

  function newestShown() {
    var newest = 0;
    live.querySelectorAll("[data-update-id]").forEach(function (element) {
      newest = Math.max(newest, Date.parse(element.dataset.published));
    });
    return newest;
  }

  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;  // server-rendered, sanitised on save
    return holder.firstElementChild;
  }

  function showButton() {
    if (!pending.length) { button.hidden = true; return; }
    button.textContent = interpolate(
      ngettext("%(count)s new update", "%(count)s new updates", pending.length),
      { count: pending.length }, true);
    button.hidden = false;
  }

  function apply(answer) {
    var newest = newestShown();
    var inWindow = {};
    var oldest = Infinity;
    answer.updates.forEach(function (update) {
      inWindow[update.id] = true;
      var published = Date.parse(update.published);
      oldest = Math.min(oldest, published);
      var element = shownOn(update.id);
      if (element) {
        if (element.dataset.version !== update.version) {
          var fresh = fragment(update.html);
          element.replaceWith(fresh);
          relativeTimes(fresh);
        }
      } else if (published > newest && !pending.some(function (p) { return p.id === update.id; })) {
        pending.push(update);
      }
    });
    // Removed since: shown, within the answer's window of time, yet not in it.
    live.querySelectorAll("[data-update-id]").forEach(function (element) {
      var id = element.dataset.updateId;
      if (!inWindow[id] && Date.parse(element.dataset.published) >= oldest) { element.remove(); }
    });
    pending = pending.filter(function (update) { return inWindow[update.id]; });
    showButton();
    if (answer.ended) {
      ended.hidden = false;
      stop();
    }
  }

  button.addEventListener("click", function () {
    pending.sort(function (a, b) { return Date.parse(a.published) - Date.parse(b.published); });
    var first = null;
    pending.forEach(function (update) {
      var element = fragment(update.html);
      stream.insertAdjacentElement("afterbegin", element);
      relativeTimes(element);
      first = element;
    });
    var empty = stream.querySelector(".live__empty");
    if (empty) { empty.remove(); }
    pending = [];
    showButton();
    if (first) { first.focus(); }
  });

  function poll() {
    timer = null;
    if (stopped || document.visibilityState === "hidden") { return; }
    var headers = { Accept: "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(url, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(apply);
        }
        return null;
      })
      .catch(function () { /* offline for now: the next round tries again */ })
      .then(schedule);
  }

  function schedule() {
    if (!stopped && timer === null && document.visibilityState !== "hidden") {
      timer = setTimeout(poll, every);
    }
  }

  function stop() {
    stopped = true;
    if (timer !== null) { clearTimeout(timer); timer = null; }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (timer !== null) { clearTimeout(timer); timer = null; }
    } else if (!stopped && timer === null) {
      poll();
    }
  });
  schedule();
}());
