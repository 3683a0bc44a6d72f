// Progressive enhancement: suggestions under the search box while typing. Without this file the box is a plain
// search field and the form works the same. A native datalist keeps keyboard and screen-reader behaviour to the browser.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-forslag";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    var timer = 0;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || q === asked) return;
      timer = setTimeout(function () {
        asked = q;
        fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            if (input.value.trim() !== q) return;
            list.replaceChildren.apply(list, items.map(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              option.label = item.kind;
              return option;
            }));
          })
          .catch(function () { /* No suggestions; the search itself still works. */ });
      }, 150);
    });
  });
})();
