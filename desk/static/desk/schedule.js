// "Save and schedule" shows beside "Save and publish" while the publication
// time is still to come. Without JavaScript the server decides on each page.
(function () {
  "use strict";
  var row = document.querySelector(".workflow-actions[data-now]");
  var button = row && row.querySelector("[data-schedule]");
  var date = document.getElementById("id_published_at_0");
  var time = document.getElementById("id_published_at_1");
  if (!button || !date || !time) {
    return;
  }
  function pad(n) {
    return String(n).padStart(2, "0");
  }
  function isoDate(text) {
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text) || null;
    if (m) {
      return m[1] + "-" + pad(m[2]) + "-" + pad(m[3]);
    }
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    return m ? m[3] + "-" + pad(m[2]) + "-" + pad(m[1]) : "";
  }
  function isoTime(text) {
    var m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    return m ? pad(m[1]) + ":" + m[2] + ":" + (m[3] || "00") : "00:00:00";
  }
  function update() {
    var day = isoDate(date.value.trim());
    // Both are the newsroom's wall-clock time, so they compare as text.
    button.hidden = !day || day + "T" + isoTime(time.value.trim()) <= row.dataset.now;
  }
  ["input", "change"].forEach(function (name) {
    date.addEventListener(name, update);
    time.addEventListener(name, update);
  });
  document.addEventListener("click", function () {
    window.setTimeout(update, 0); // the calendar and clock pickers set values by script
  });
  update();
})();
