/* Article sharing without any third-party script. Without JS the links still work: the page's
   own address and a mailto: link. With JS, "Copy link" copies the address, and "Share…" opens
   the browser's share sheet where it has one (Web Share API). */
(function () {
  "use strict";
  var status = document.querySelector("[data-share-status]");
  function say(text) { if (status) { status.textContent = text; } }

  var copy = document.querySelector("[data-copy-link]");
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.textContent = "Copy link";
    copy.setAttribute("role", "button");
    copy.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(copy.href).then(
        function () { say("Link copied."); },
        function () { say("Could not copy. Press and hold the link to copy it instead."); }
      );
    });
  }

  var share = document.querySelector("[data-share]");
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ title: document.querySelector("h1").textContent, url: copy ? copy.href : location.href })
        .catch(function () { /* the person closed the share sheet: nothing to do */ });
    });
  }
})();
