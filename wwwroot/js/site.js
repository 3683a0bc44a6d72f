// Progressive enhancement only: every page reads and works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Collapse the main menu behind a button on narrow screens.
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("hovedmenu");
  if (toggle && list) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // Videos load from their provider only when the visitor presses play.
  document.querySelectorAll(".block--video[data-embed]").forEach(function (figure) {
    var play = figure.querySelector(".video__play");
    if (!play) return;
    play.addEventListener("click", function (e) {
      e.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = figure.getAttribute("data-embed");
      frame.title = figure.getAttribute("data-title") || "Video";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "video__frame";
      var placeholder = figure.querySelector(".video__placeholder");
      placeholder.replaceWith(frame);
      frame.focus();
    });
  });

  // Copy buttons (e.g. a page's address or an embed snippet).
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        var status = button.nextElementSibling;
        if (status && status.matches("[role=status]")) status.textContent = "Kopieret";
      });
    });
  });
})();

// A preview of a chosen photo before it is uploaded.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-preview]").forEach(function (input) {
    var preview = document.getElementById(input.getAttribute("data-preview"));
    if (!preview || !window.URL) return;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !/^image\/(jpeg|png|webp)$/.test(file.type)) { preview.hidden = true; return; }
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
    });
  });
})();

// Editors are warned before leaving a form with changes they have not saved.
(function () {
  "use strict";
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var changed = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (e) {
      if (!changed) return;
      e.preventDefault();
      e.returnValue = "";
    });
  });
})();
