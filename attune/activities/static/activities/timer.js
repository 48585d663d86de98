// A countdown for steps with a timer. Without this file the page simply states the minutes.
(function () {
  "use strict";

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setUp(box) {
    var minutes = parseInt(box.getAttribute("data-minutes"), 10);
    var clock = box.querySelector(".timer-clock");
    var done = box.querySelector(".timer-done");
    var button = box.querySelector(".timer-start");
    if (!minutes || !clock || !button) { return; }
    var left = minutes * 60;
    var ticking = null;
    clock.textContent = format(left);
    clock.hidden = false;
    button.hidden = false;

    function stop() {
      window.clearInterval(ticking);
      ticking = null;
    }

    button.addEventListener("click", function () {
      if (ticking) {
        stop();
        button.textContent = "Carry on with the timer";
        return;
      }
      if (left <= 0) { left = minutes * 60; }
      done.textContent = "";
      button.textContent = "Pause the timer";
      ticking = window.setInterval(function () {
        left -= 1;
        clock.textContent = format(Math.max(left, 0));
        if (left <= 0) {
          stop();
          done.textContent = "Time is up. Carry on whenever you are ready.";
          button.textContent = "Start the timer again";
        }
      }, 1000);
    });
  }

  document.querySelectorAll(".timer[data-minutes]").forEach(setUp);
})();
