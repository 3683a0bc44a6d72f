// The back office's shell, as progressive enhancement: without this file the tree's toggles are links, moving is
// done with the Op/Ned/Flyt buttons and the move page, and the presence notice shows what the server saw on load.
(function () {
  "use strict";

  function token() {
    var input = document.querySelector(".bo-user__signout input[name=__RequestVerificationToken]");
    return input ? input.value : "";
  }

  function post(url, fields) {
    var body = new URLSearchParams(fields);
    body.append("__RequestVerificationToken", token());
    return fetch(url, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" });
  }

  // Narrow screens: the tree folds behind a button.
  var sideToggle = document.querySelector(".bo-side__toggle");
  if (sideToggle) {
    sideToggle.hidden = false;
    sideToggle.addEventListener("click", function () {
      sideToggle.setAttribute("aria-expanded", String(sideToggle.getAttribute("aria-expanded") !== "true"));
    });
  }

  // Opening a page in the tree loads its children once.
  var tree = document.getElementById("bo-tree");
  function enhanceTwisties(root) {
    root.querySelectorAll(".bo-tree__twisty").forEach(function (twisty) {
      twisty.setAttribute("role", "button");
      var label = twisty.querySelector(".visually-hidden");
      twisty.addEventListener("click", function (e) {
        e.preventDefault();
        var item = twisty.closest(".bo-tree__item");
        var open = twisty.getAttribute("aria-expanded") === "true";
        var list = item.querySelector(":scope > .bo-tree__list");
        var name = item.querySelector(".bo-tree__link").firstChild.textContent;
        function set(expanded) {
          twisty.setAttribute("aria-expanded", String(expanded));
          if (label) label.textContent = (expanded ? "Skjul" : "Vis") + " undersider til " + name;
        }
        if (open) { if (list) list.hidden = true; set(false); return; }
        if (list) { list.hidden = false; set(true); return; }
        fetch(twisty.getAttribute("data-children"), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
          .then(function (html) {
            var holder = document.createElement("div");
            holder.innerHTML = html;
            var loaded = holder.querySelector(".bo-tree__list");
            if (!loaded) return;
            item.appendChild(loaded);
            enhanceTwisties(loaded);
            enhanceDragging(loaded);
            set(true);
          })
          .catch(function () { window.location.href = twisty.href; });
      });
    });
  }

  // Drag and drop: drop on the upper or lower edge of a page to place it before or after, on its middle to put it inside.
  var status = document.getElementById("bo-tree-status");
  var dragged = null;
  function say(text) { if (status) status.textContent = text; }
  function clear() {
    document.querySelectorAll(".drop-before, .drop-after, .drop-inside, .drop-refused").forEach(function (el) {
      el.classList.remove("drop-before", "drop-after", "drop-inside", "drop-refused");
    });
  }
  function placement(row, e) {
    var box = row.getBoundingClientRect();
    var y = (e.clientY - box.top) / box.height;
    return y < 0.3 ? "before" : y > 0.7 ? "after" : "inside";
  }
  function target(item, where) {
    // The parent the page would land under, and its place among that parent's children.
    if (where === "inside") {
      var list = item.querySelector(":scope > .bo-tree__list");
      return { parent: item, index: list ? list.children.length : 9999 };
    }
    var parent = item.parentElement.closest(".bo-tree__item");
    var siblings = Array.prototype.filter.call(item.parentElement.children, function (li) { return li !== dragged; });
    var index = siblings.indexOf(item) + (where === "after" ? 1 : 0);
    return { parent: parent, index: index };
  }
  function allowed(t) {
    if (!t.parent || !dragged) return false;
    if (dragged.contains(t.parent)) return false;
    return (" " + t.parent.getAttribute("data-allowed") + " ").indexOf(" " + dragged.getAttribute("data-type") + " ") >= 0;
  }
  function enhanceDragging(root) {
    if (!tree) return;
    root.querySelectorAll(".bo-tree__item").forEach(function (item) {
      var row = item.querySelector(":scope > .bo-tree__row");
      if (item.getAttribute("draggable") === "true") {
        item.addEventListener("dragstart", function (e) {
          e.stopPropagation();
          dragged = item;
          item.classList.add("is-dragging");
          e.dataTransfer.effectAllowed = "move";
          e.dataTransfer.setData("text/plain", item.getAttribute("data-id"));
        });
        item.addEventListener("dragend", function () { item.classList.remove("is-dragging"); dragged = null; clear(); });
      }
      row.addEventListener("dragover", function (e) {
        if (!dragged || dragged === item) return;
        var where = placement(row, e);
        clear();
        if (allowed(target(item, where))) {
          e.preventDefault();
          row.classList.add("drop-" + where);
        } else {
          row.classList.add("drop-refused");
        }
      });
      row.addEventListener("dragleave", clear);
      row.addEventListener("drop", function (e) {
        if (!dragged) return;
        e.preventDefault();
        var t = target(item, placement(row, e));
        clear();
        if (!allowed(t)) { say("Siden kan ikke ligge der."); return; }
        var id = dragged.getAttribute("data-id");
        post("/redaktion/indhold/" + id + "/flyt", { parentId: t.parent.getAttribute("data-id"), index: String(t.index) })
          .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
          .then(function (result) {
            say(result.body.message || "");
            if (result.ok) window.location.reload();
          })
          .catch(function () { say("Siden kunne ikke flyttes. Prøv igen, eller brug Flyt-knappen."); });
      });
    });
  }
  if (tree) {
    enhanceTwisties(tree);
    if (tree.querySelector("[draggable=true]")) enhanceDragging(tree);
  }

  // The create form offers only the page types the chosen parent allows.
  var parentSelect = document.querySelector("select[data-filters-types]");
  var typeSelect = document.getElementById(parentSelect ? parentSelect.getAttribute("data-filters-types") : "");
  if (parentSelect && typeSelect) {
    var filter = function () {
      var allowedTypes = (parentSelect.selectedOptions[0] && parentSelect.selectedOptions[0].getAttribute("data-allowed") || "").split(" ");
      var firstAllowed = null;
      Array.prototype.forEach.call(typeSelect.options, function (option) {
        var ok = allowedTypes.indexOf(option.value) >= 0;
        option.hidden = !ok;
        option.disabled = !ok;
        if (ok && !firstAllowed) firstAllowed = option;
      });
      if (typeSelect.selectedOptions[0] && typeSelect.selectedOptions[0].disabled && firstAllowed) firstAllowed.selected = true;
    };
    var templateSelect = document.querySelector("select[data-template-for]");
    var filterTemplates = function () {
      if (!templateSelect) return;
      var allowedTypes = (parentSelect.selectedOptions[0] && parentSelect.selectedOptions[0].getAttribute("data-allowed") || "").split(" ");
      Array.prototype.forEach.call(templateSelect.options, function (option) {
        var type = option.getAttribute("data-type");
        var ok = !type || allowedTypes.indexOf(type) >= 0;
        option.hidden = !ok;
        option.disabled = !ok;
        if (!ok && option.selected) templateSelect.value = "";
      });
    };
    parentSelect.addEventListener("change", function () { filter(); filterTemplates(); });
    filter();
    filterTemplates();
  }

  // Someone else editing the same page: a heartbeat every 20 seconds keeps this editor's presence and shows others'.
  var presence = document.querySelector("[data-presence-url]");
  if (presence) {
    var url = presence.getAttribute("data-presence-url");
    var text = presence.querySelector("[data-presence-text]");
    var beat = function () {
      post(url, {}).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
        if (!body) return;
        presence.hidden = !body.message;
        if (text && text.textContent !== (body.message || "")) text.textContent = body.message || "";
      }).catch(function () { /* The next beat tries again. */ });
    };
    beat();
    window.setInterval(beat, 20000);
    window.addEventListener("pagehide", function () {
      var data = new FormData();
      data.append("__RequestVerificationToken", token());
      if (navigator.sendBeacon) navigator.sendBeacon(url + "?handler=Leave", data);
    });
  }
})();
