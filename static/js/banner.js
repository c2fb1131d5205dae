/* Close the top banner at once and remember it, without a page load.
   The cookie holds the key of what was closed (an announcement, or the
   date-only banner), so a newly published announcement shows again.
   Without JavaScript the same button submits a POST form that sets the
   cookie on the server and redirects back. */
(function () {
  "use strict";
  var COOKIE = "banner_closed";
  var ONE_YEAR = 365 * 24 * 60 * 60;

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-banner-close]");
    if (!button) return;
    var banner = button.closest(".top-banner");
    if (!banner) return;
    event.preventDefault();
    var key = banner.getAttribute("data-banner-key") || "date";
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = COOKIE + "=" + encodeURIComponent(key) + "; Max-Age=" + ONE_YEAR +
      "; Path=/; SameSite=Lax" + secure;
    banner.hidden = true;
    var main = document.getElementById("main");
    // Focus follows the reader to the content without scrolling the masthead away.
    if (main) main.focus({ preventScroll: true });
  });
})();
