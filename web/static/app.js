// Small progressive enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var slider = document.getElementById("min-score");
  var out = document.getElementById("min-score-out");
  if (slider && out) {
    slider.addEventListener("input", function () { out.textContent = Number(slider.value).toFixed(2); });
  }
});
