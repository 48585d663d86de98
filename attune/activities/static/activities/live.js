// Keeps two phones on the same step: asks every second whether the run for two has moved on,
// and reloads the page when it has. Without this file, the Refresh link does the same by hand.
(function () {
  "use strict";

  var box = document.querySelector(".live[data-live-url]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-live-url");
  var seen = box.getAttribute("data-version");
  var every = parseInt(box.getAttribute("data-every"), 10) || 1000;
  var timer = null;
  var asking = false;
  var leaving = false;

  function schedule() {
    if (!leaving && timer === null) { timer = window.setTimeout(ask, every); }
  }

  function catchUp() {
    leaving = true;
    window.location.reload();
  }

  function ask() {
    timer = null;
    // A hidden tab stops asking; it asks at once when it is shown again.
    if (leaving || asking || document.visibilityState === "hidden") { return; }
    asking = true;
    // No cookies: the signed address is the only credential, so a poll costs one query and
    // never keeps a session alive that would otherwise time out.
    fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (response) {
        if (response.status === 404) { return { gone: true }; }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        asking = false;
        if (data && (data.gone || String(data.version) !== seen)) { catchUp(); return; }
        schedule();
      })
      .catch(function () {
        asking = false;
        schedule();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { ask(); }
  });
  // The person's own press leads to the new page; no need to reload under it.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () { leaving = true; });
  });
  schedule();
})();
