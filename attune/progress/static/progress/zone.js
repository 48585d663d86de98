// Fill in the device's time zone when the field still holds the default, so most people need
// not type it. Without JS the field is simply typed in.
(function () {
  "use strict";
  var field = document.querySelector("input[data-detect-zone]");
  if (!field || (field.value && field.value !== "UTC")) {
    return;
  }
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      field.value = zone;
    }
  } catch (error) {
    // An old browser without Intl: the person types their zone.
  }
})();
