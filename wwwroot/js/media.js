// The media library's focal point: a click on the image fills the two percentage fields, which work on their own
// without this file. Loaded only on /redaktion/medier pages.
(function () {
  "use strict";
  var picker = document.querySelector("[data-focal-picker]");
  var inputX = document.getElementById("FocalX");
  var inputY = document.getElementById("FocalY");
  if (!picker || !inputX || !inputY) return;
  var image = picker.querySelector("img");
  var status = document.querySelector("[data-focal-status]");
  var lines = picker.querySelectorAll("line");

  function round(value) {
    return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
  }

  function show(x, y) {
    lines.forEach(function (line) {
      if (line.getAttribute("y1") === "0") {
        line.setAttribute("x1", x);
        line.setAttribute("x2", x);
      } else {
        line.setAttribute("y1", y);
        line.setAttribute("y2", y);
      }
    });
  }

  picker.classList.add("focal__picker--active");
  picker.addEventListener("click", function (e) {
    var box = image.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    var x = round((e.clientX - box.left) / box.width * 100);
    var y = round((e.clientY - box.top) / box.height * 100);
    inputX.value = String(x);
    inputY.value = String(y);
    show(x, y);
    if (status) {
      status.textContent = "Fokuspunktet er sat til " + String(x).replace(".", ",") + " % fra venstre og " +
        String(y).replace(".", ",") + " % fra toppen. Tryk Gem for at gemme det.";
    }
  });

  function typed() {
    var x = parseFloat(inputX.value.replace(",", "."));
    var y = parseFloat(inputY.value.replace(",", "."));
    if (isFinite(x) && isFinite(y)) show(round(x), round(y));
  }

  inputX.addEventListener("input", typed);
  inputY.addEventListener("input", typed);
})();
