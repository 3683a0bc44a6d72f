// The media picker: a dialog over the media library (search, folders, upload in place) that fills an image block's
// id, alternative text and caption, or a download's address, title, type and size. Without it the fields take a
// pasted address from the library.
let dialog;
let state = { kind: "billede", folder: null, q: "", onPick: null, opener: null };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(props).forEach(([k, v]) => {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  });
  children.flat().forEach((c) => node.append(c));
  return node;
}

function token() {
  const input = document.querySelector("input[name=__RequestVerificationToken]");
  return input ? input.value : "";
}

function build() {
  dialog = el("dialog", { class: "picker", "aria-labelledby": "picker-title" });
  dialog.innerHTML = `
    <div class="picker__head">
      <h2 id="picker-title">Vælg et billede</h2>
      <button type="button" class="button button--small button--secondary" data-close>Luk</button>
    </div>
    <form class="picker__search" role="search" novalidate>
      <label for="picker-q">Søg i mediebiblioteket</label>
      <input id="picker-q" type="search" autocomplete="off" maxlength="100">
      <button type="submit" class="button button--small">Søg</button>
    </form>
    <nav class="picker__path" aria-label="Mapper i mediebiblioteket"><ol data-path></ol></nav>
    <p class="picker__status" role="status" data-status></p>
    <ul class="picker__folders" data-folders></ul>
    <ul class="picker__grid" data-items></ul>
    <details class="picker__upload">
      <summary>Upload en ny fil her</summary>
      <form class="picker__upload-form" novalidate>
        <div class="field">
          <label for="picker-file">Fil</label>
          <input id="picker-file" name="file" type="file" aria-describedby="picker-file-hint">
          <p id="picker-file-hint" class="hint" data-file-hint></p>
        </div>
        <div class="field" data-alt-field>
          <label for="picker-alt">Alternativ tekst</label>
          <input id="picker-alt" name="AltText" maxlength="300" aria-describedby="picker-alt-hint">
          <p id="picker-alt-hint" class="hint">Beskriv billedet for dem, der ikke kan se det.</p>
        </div>
        <div class="field">
          <label for="picker-caption">Billedtekst</label>
          <input id="picker-caption" name="Caption" maxlength="500" aria-describedby="picker-caption-hint">
          <p id="picker-caption-hint" class="hint">Valgfri.</p>
        </div>
        <div class="error-summary" role="alert" data-upload-errors hidden></div>
        <button type="submit" class="button button--secondary">Upload og vælg</button>
      </form>
    </details>`;
  document.body.append(dialog);
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => state.opener && state.opener.focus());
  dialog.querySelector(".picker__search").addEventListener("submit", (e) => {
    e.preventDefault();
    state.q = dialog.querySelector("#picker-q").value.trim();
    load();
  });
  dialog.querySelector(".picker__upload-form").addEventListener("submit", upload);
}

async function load() {
  const status = dialog.querySelector("[data-status]");
  status.textContent = "Henter …";
  const params = new URLSearchParams({ type: state.kind });
  if (state.q) params.set("q", state.q);
  else if (state.folder) params.set("mappe", state.folder);
  const response = await fetch("/redaktion/medier/vaelg?" + params, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (!response.ok) {
    status.textContent = "Mediebiblioteket kunne ikke hentes. Prøv igen.";
    return;
  }
  render(await response.json());
}

function render(data) {
  const path = dialog.querySelector("[data-path]");
  path.innerHTML = "";
  const crumbs = [{ id: null, name: "Medier" }].concat(data.path);
  crumbs.forEach((f, i) => {
    const last = i === crumbs.length - 1 && !state.q;
    path.append(el("li", {}, last
      ? el("span", { "aria-current": "location" }, f.name)
      : el("button", { type: "button", class: "link-button", onclick: () => { state.folder = f.id; state.q = ""; dialog.querySelector("#picker-q").value = ""; load(); } }, f.name)));
  });
  if (state.q) path.append(el("li", {}, el("span", { "aria-current": "location" }, `Søgning: "${state.q}"`)));

  const folders = dialog.querySelector("[data-folders]");
  folders.innerHTML = "";
  data.folders.forEach((f) => folders.append(el("li", {}, el("button", {
    type: "button", class: "picker__folder",
    onclick: () => { state.folder = f.id; load(); },
  }, el("span", { "aria-hidden": "true", class: "picker__folder-icon" }), f.name))));

  const items = dialog.querySelector("[data-items]");
  items.innerHTML = "";
  data.items.forEach((item) => {
    const label = state.kind === "billede" ? `${item.name}: ${item.alt || ""}` : `${item.name} (PDF, ${item.size})`;
    items.append(el("li", {}, el("button", {
      type: "button", class: "picker__item", "aria-label": "Vælg " + label,
      onclick: () => pick(item),
    },
    item.thumb ? el("img", { src: item.thumb, alt: "", width: "120", height: "120", loading: "lazy" }) : el("span", { class: "picker__pdf", "aria-hidden": "true" }, "PDF"),
    el("span", { class: "picker__name" }, item.name))));
  });
  const count = data.items.length;
  const what = state.kind === "billede" ? (count === 1 ? "billede" : "billeder") : (count === 1 ? "PDF" : "PDF'er");
  dialog.querySelector("[data-status]").textContent = count === 0 && data.folders.length === 0
    ? (state.q ? "Intet fundet. Prøv et andet ord, eller upload filen herunder." : "Mappen er tom. Upload en fil herunder.")
    : `${count} ${what}` + (data.folders.length ? `, ${data.folders.length} ${data.folders.length === 1 ? "mappe" : "mapper"}` : "");
}

function pick(item) {
  const done = state.onPick;
  dialog.close();
  done(item);
}

async function upload(e) {
  e.preventDefault();
  const form = e.target;
  const errors = dialog.querySelector("[data-upload-errors]");
  errors.hidden = true;
  const body = new FormData(form);
  body.append("__RequestVerificationToken", token());
  const url = "/redaktion/medier/upload" + (state.folder ? "?mappe=" + encodeURIComponent(state.folder) : "");
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  // The upload page answers a stored file with a redirect to it, and a refusal with the form and its messages.
  const stored = response.ok && /\/redaktion\/medier\/([0-9a-f-]{36})$/i.exec(new URL(response.url).pathname);
  if (!stored) {
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const messages = [...page.querySelectorAll(".error-summary li, .error-summary p")].map((n) => n.textContent.trim()).filter(Boolean);
    errors.innerHTML = "";
    errors.append(el("h3", {}, "Filen er ikke uploadet"), el("ul", {}, messages.map((m) => el("li", {}, m))));
    errors.hidden = false;
    return;
  }
  form.reset();
  state.q = "";
  const params = new URLSearchParams({ type: state.kind });
  if (state.folder) params.set("mappe", state.folder);
  const list = await (await fetch("/redaktion/medier/vaelg?" + params, { credentials: "same-origin" })).json();
  const item = list.items.find((i) => i.id === stored[1]);
  if (item) pick(item);
  else load();
}

export function openPicker(kind, opener, onPick) {
  if (!dialog) build();
  state = { kind, folder: state.folder, q: "", onPick, opener };
  dialog.querySelector("#picker-title").textContent = kind === "billede" ? "Vælg et billede" : "Vælg en PDF";
  dialog.querySelector("#picker-q").value = "";
  dialog.querySelector("[data-alt-field]").hidden = kind !== "billede";
  dialog.querySelector("[data-file-hint]").textContent = kind === "billede" ? "JPEG, PNG eller WebP." : "En PDF på højst 20 MB.";
  dialog.querySelector("[data-upload-errors]").hidden = true;
  dialog.showModal();
  dialog.querySelector("#picker-q").focus();
  load();
}

// Another field of the same block (or the same row of a list), by its name: "Blocks[2].alt", "Blocks[1].items[0].title".
function sibling(input, field) {
  const name = input.name.replace(/\.[A-Za-z]+$/, "." + field);
  return input.form ? input.form.elements.namedItem(name) : null;
}

function fill(input, value, replaceIf) {
  if (!input || value === undefined || value === null) return;
  if (!input.value.trim() || input.value === replaceIf) {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

export function enhanceMediaFields(root) {
  root.querySelectorAll("[data-media-field]").forEach((box) => {
    if (box.dataset.enhanced) return;
    box.dataset.enhanced = "true";
    const kind = box.dataset.mediaField;
    const input = box.querySelector("input");
    const label = document.querySelector(`label[for="${input.id}"]`);
    if (label && !label.id) label.id = input.id + "-label";
    box.setAttribute("role", "group");
    if (label) box.setAttribute("aria-labelledby", label.id);
    if (input.getAttribute("aria-describedby")) box.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    input.type = "hidden";
    let thumb = box.querySelector("img");
    const chosen = el("p", { class: "media-field__chosen" });
    const choose = el("button", { type: "button", class: "button button--small button--secondary" });
    const remove = el("button", { type: "button", class: "button button--small button--danger" }, "Fjern billedet");
    const crop = sibling(input, "crop");
    let lastAlt = null;

    function show() {
      const id = input.value.trim();
      choose.textContent = id ? (kind === "billede" ? "Vælg et andet billede" : "Vælg en anden PDF") : (kind === "billede" ? "Vælg billede" : "Vælg PDF");
      remove.hidden = !id;
      if (thumb) thumb.remove();
      thumb = null;
      if (id && kind === "billede") {
        const name = crop && crop.value ? crop.value : "hero";
        thumb = el("img", { src: `/media/${id}/${name}.webp`, alt: "", class: "media-field__thumb", loading: "lazy" });
        box.prepend(thumb);
      }
      chosen.textContent = id ? "" : "Intet billede valgt.";
    }

    choose.addEventListener("click", () => openPicker(kind, choose, (item) => {
      input.value = item.id;
      const alt = sibling(input, "alt");
      fill(alt, item.alt, lastAlt);
      lastAlt = item.alt;
      fill(sibling(input, "caption"), item.caption);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      show();
      chosen.textContent = `Valgt: ${item.name}`;
      choose.focus();
    }));
    remove.addEventListener("click", () => {
      input.value = "";
      input.dispatchEvent(new Event("change", { bubbles: true }));
      show();
      choose.focus();
    });
    if (crop) crop.addEventListener("change", show);
    box.append(chosen, el("div", { class: "media-field__buttons" }, choose, remove));
    show();
  });

  root.querySelectorAll("input[data-media-link]").forEach((input) => {
    if (input.dataset.enhanced) return;
    input.dataset.enhanced = "true";
    const kind = input.dataset.mediaLink;
    const choose = el("button", { type: "button", class: "button button--small button--secondary media-link__button" }, kind === "pdf" ? "Vælg PDF" : "Vælg fil");
    const label = document.querySelector(`label[for="${input.id}"]`);
    choose.append(el("span", { class: "visually-hidden" }, label ? " til " + label.textContent.trim().toLowerCase() + " " + (input.id.match(/-(\d+)-url$/) ? Number(input.id.match(/-(\d+)-url$/)[1]) + 1 : "") : ""));
    input.insertAdjacentElement("afterend", choose);
    choose.addEventListener("click", () => openPicker(kind, choose, (item) => {
      input.value = item.url;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      fill(sibling(input, "title"), item.name.replace(/\.pdf$/i, ""));
      fill(sibling(input, "fileType"), "PDF");
      fill(sibling(input, "size"), item.size);
      choose.focus();
    }));
  });
}
