// Reordering blocks in the page: drag a block by its handle with the mouse, or take it up with Space on the handle,
// move it with the arrow keys and put it down with Space (Escape puts it back). The form's field names carry each
// block's position (Blocks[2].heading), so every move renumbers them; a save then stores the new order, exactly as
// the "Flyt op"/"Flyt ned" buttons would.

function items(list) {
  return [...list.querySelectorAll(":scope > li[data-block]")];
}

const attributes = ["name", "id", "for", "aria-describedby", "aria-labelledby", "aria-controls"];

// Renumbers one block from its old position to its new one, in names, ids, button values and the texts that say "blok 3".
function renumber(li, to) {
  const from = Number(li.dataset.block);
  if (from === to) return;
  const nameFrom = `Blocks[${from}]`;
  const nameTo = `Blocks[${to}]`;
  const idFrom = new RegExp(`^block-${from}-`);
  const valueFrom = new RegExp(`^(op|ned|fjern|raekke|fjern-raekke|kopier):${from}(?=$|:)`);
  const textFrom = new RegExp(`\\b(blok|Blok) ${from + 1}\\b`, "g");
  [li, ...li.querySelectorAll("*")].forEach((node) => {
    attributes.forEach((a) => {
      const value = node.getAttribute(a);
      if (!value) return;
      const next = a === "name"
        ? value.split(nameFrom).join(nameTo)
        : value.split(" ").map((v) => v.replace(idFrom, `block-${to}-`)).join(" ");
      if (next !== value) node.setAttribute(a, next);
    });
    if (node.tagName === "BUTTON" && node.value) node.value = node.value.replace(valueFrom, (m, op) => `${op}:${to}`);
  });
  const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement && (n.parentElement.closest("[data-block-title], button, .visually-hidden, legend, label") && !n.parentElement.closest(".richtext__content")) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    n.textContent = n.textContent.replace(textFrom, (m, word) => `${word} ${to + 1}`);
  }
  li.dataset.block = String(to);
}

function renumberAll(list) {
  const all = items(list);
  all.forEach((li, i) => renumber(li, i));
  all.forEach((li, i) => {
    const up = li.querySelector(`button[value="op:${i}"]`);
    const down = li.querySelector(`button[value="ned:${i}"]`);
    if (up) up.disabled = i === 0;
    if (down) down.disabled = i === all.length - 1;
  });
  const form = list.closest("form");
  if (form) form.dispatchEvent(new Event("change", { bubbles: true }));
}

export function enhanceBlockList(root) {
  root.querySelectorAll("[data-block-list]").forEach((container) => {
    const list = container.querySelector(".block-editors");
    if (!list || container.dataset.enhanced) return;
    container.dataset.enhanced = "true";
    const status = container.querySelector("[data-block-status]");
    const say = (text) => { if (status) status.textContent = text; };

    const tools = container.querySelector("[data-block-tools]");
    if (tools) {
      tools.hidden = false;
      tools.querySelectorAll("[data-fold]").forEach((b) => b.addEventListener("click", () => {
        const open = b.dataset.fold === "open";
        list.querySelectorAll("details.block-editor").forEach((d) => (d.open = open));
      }));
    }

    let dragged = null;
    let grabbed = null;
    let grabbedFrom = -1;
    let moving = false;

    items(list).forEach((li) => {
      const handle = li.querySelector("[data-block-handle]");
      if (!handle) return;
      handle.hidden = false;
      handle.setAttribute("aria-pressed", "false");
      // Only the handle starts a mouse drag, so text in the fields can still be selected.
      handle.addEventListener("pointerdown", () => (li.draggable = true));
      li.addEventListener("dragstart", (e) => {
        dragged = li;
        li.classList.add("is-dragging");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", li.dataset.block);
      });
      li.addEventListener("dragend", () => {
        li.draggable = false;
        li.classList.remove("is-dragging");
        if (dragged) {
          renumberAll(list);
          say(`Blokken er flyttet til plads ${items(list).indexOf(li) + 1} af ${items(list).length}.`);
        }
        dragged = null;
      });

      handle.addEventListener("keydown", (e) => {
        const all = items(list);
        const at = all.indexOf(li);
        if (e.key === " " || e.key === "Enter") {
          e.preventDefault();
          if (grabbed === li) {
            grabbed = null;
            handle.setAttribute("aria-pressed", "false");
            li.classList.remove("is-grabbed");
            renumberAll(list);
            say(`Blokken er sat på plads ${at + 1} af ${all.length}. Gem for at beholde rækkefølgen.`);
          } else {
            grabbed = li;
            grabbedFrom = at;
            handle.setAttribute("aria-pressed", "true");
            li.classList.add("is-grabbed");
            say(`Blok på plads ${at + 1} af ${all.length} er taget op. Brug pil op og pil ned, og tryk mellemrum for at sætte den.`);
          }
        } else if (grabbed === li && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
          e.preventDefault();
          const to = e.key === "ArrowUp" ? at - 1 : at + 1;
          if (to < 0 || to >= all.length) return;
          // Moving the element takes focus from the handle; that blur must not put the block down.
          moving = true;
          if (to < at) list.insertBefore(li, all[to]);
          else list.insertBefore(li, all[to].nextSibling);
          handle.focus();
          moving = false;
          say(`Plads ${to + 1} af ${all.length}.`);
        } else if (grabbed === li && e.key === "Escape") {
          e.preventDefault();
          const rest = items(list).filter((x) => x !== li);
          moving = true;
          list.insertBefore(li, rest[grabbedFrom] || null);
          moving = false;
          grabbed = null;
          handle.setAttribute("aria-pressed", "false");
          li.classList.remove("is-grabbed");
          handle.focus();
          say(`Flytningen er fortrudt. Blokken står på plads ${grabbedFrom + 1}.`);
        }
      });
      handle.addEventListener("blur", () => {
        if (grabbed === li && !moving) {
          grabbed = null;
          handle.setAttribute("aria-pressed", "false");
          li.classList.remove("is-grabbed");
          renumberAll(list);
        }
      });
    });

    list.addEventListener("dragover", (e) => {
      if (!dragged) return;
      e.preventDefault();
      const over = e.target.closest && e.target.closest("li[data-block]");
      if (!over || over === dragged || over.parentElement !== list) return;
      const box = over.getBoundingClientRect();
      const after = e.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", (e) => dragged && e.preventDefault());
  });
}
