// The link dialog of the rich text editor: an address, or a page of the site chosen from a search.
let dialog;

function build() {
  dialog = document.createElement("dialog");
  dialog.className = "picker picker--link";
  dialog.setAttribute("aria-labelledby", "link-dialog-title");
  dialog.innerHTML = `
    <div class="picker__head">
      <h2 id="link-dialog-title">Link</h2>
      <button type="button" class="button button--small button--secondary" data-close>Luk</button>
    </div>
    <form class="picker__form" method="dialog" novalidate>
      <div class="field">
        <label for="link-dialog-href">Adresse</label>
        <input id="link-dialog-href" name="href" inputmode="url" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="link-dialog-hint">
        <p id="link-dialog-hint" class="hint">En side på sitet, fx /faa-hjaelp, eller en adresse, der starter med https://. Du kan også søge en side frem herunder.</p>
      </div>
      <div class="field">
        <label for="link-dialog-q">Find en side</label>
        <input id="link-dialog-q" type="search" autocomplete="off">
      </div>
      <p class="visually-hidden" role="status" data-status></p>
      <ul class="picker__pages" data-pages></ul>
      <p class="field-error" role="alert" data-error hidden></p>
      <div class="form-actions">
        <button type="submit" class="button" value="ok">Indsæt link</button>
        <button type="button" class="button button--danger" data-remove>Fjern link</button>
      </div>
    </form>`;
  document.body.append(dialog);
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
}

function safe(href) {
  if (/^\/(?![\/\\])/.test(href) || href.startsWith("#")) return true;
  try {
    const url = new URL(href);
    return ["https:", "http:", "mailto:", "tel:"].includes(url.protocol);
  } catch {
    return false;
  }
}

let pages;
async function loadPages() {
  if (!pages) {
    const response = await fetch("/redaktion/indhold/vaelg", { headers: { Accept: "application/json" }, credentials: "same-origin" });
    pages = response.ok ? await response.json() : [];
  }
  return pages;
}

export function openLinkDialog(current, done, closed) {
  if (!dialog) build();
  const form = dialog.querySelector("form");
  const href = dialog.querySelector("#link-dialog-href");
  const search = dialog.querySelector("#link-dialog-q");
  const list = dialog.querySelector("[data-pages]");
  const status = dialog.querySelector("[data-status]");
  const error = dialog.querySelector("[data-error]");
  href.value = current;
  search.value = "";
  list.innerHTML = "";
  error.hidden = true;
  dialog.querySelector("[data-remove]").hidden = !current;

  const show = async () => {
    const all = await loadPages();
    const q = search.value.trim().toLowerCase();
    const found = q ? all.filter((p) => p.name.toLowerCase().includes(q) || p.url.includes(q)).slice(0, 12) : [];
    list.innerHTML = "";
    found.forEach((p) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "picker__page";
      button.textContent = p.name + " ";
      const where = document.createElement("span");
      where.className = "muted";
      where.textContent = p.url;
      button.append(where);
      button.addEventListener("click", () => {
        href.value = p.url;
        href.focus();
      });
      li.append(button);
      list.append(li);
    });
    status.textContent = q ? found.length + (found.length === 1 ? " side fundet" : " sider fundet") : "";
  };
  search.oninput = show;
  form.onsubmit = (e) => {
    e.preventDefault();
    const value = href.value.trim();
    if (value && !safe(value)) {
      error.textContent = "Linket skal være en side på sitet (fx /faa-hjaelp) eller en adresse, der starter med https://.";
      error.hidden = false;
      href.focus();
      return;
    }
    dialog.close();
    done(value);
  };
  dialog.querySelector("[data-remove]").onclick = () => {
    dialog.close();
    done("");
  };
  dialog.onclose = () => closed && closed();
  dialog.showModal();
  href.focus();
}
