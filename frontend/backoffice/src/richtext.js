import { Editor } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { openLinkDialog } from "./linkdialog.js";

// What the design allows, and so what the server's allow-list keeps (RichTextHtml.cs): h2-h4, bold, italic,
// links, bulleted and numbered lists, quotes. Everything else in StarterKit is switched off, so pasted text is
// reduced to this in the editor already.
const extensions = [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    underline: false,
    link: {
      openOnClick: false,
      autolink: true,
      defaultProtocol: "https",
      protocols: ["mailto", "tel"],
      HTMLAttributes: { target: null, rel: null, class: null },
    },
  }),
];

const buttons = [
  { name: "H2", label: "H2 mellemoverskrift", run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive("heading", { level: 2 }) },
  { name: "H3", label: "H3 underoverskrift", run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive("heading", { level: 3 }) },
  { name: "H4", label: "H4 lille overskrift", run: (e) => e.chain().focus().toggleHeading({ level: 4 }).run(), active: (e) => e.isActive("heading", { level: 4 }) },
  { name: "Fed", run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive("bold"), key: "Ctrl+B" },
  { name: "Kursiv", run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive("italic"), key: "Ctrl+I" },
  { name: "Link", run: editLink, active: (e) => e.isActive("link"), key: "Ctrl+K" },
  { name: "Punktliste", run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive("bulletList") },
  { name: "Nummereret liste", run: (e) => e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive("orderedList") },
  { name: "Citat", run: (e) => e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive("blockquote") },
];

function editLink(editor) {
  const current = editor.getAttributes("link").href || "";
  openLinkDialog(current, (href) => {
    const chain = editor.chain().focus().extendMarkRange("link");
    if (href) {
      if (editor.state.selection.empty && !editor.isActive("link")) {
        chain.insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] }).run();
      } else {
        chain.setLink({ href }).run();
      }
    } else {
      chain.unsetLink().run();
    }
  }, () => editor.commands.focus());
}

export function enhanceRichText(root) {
  root.querySelectorAll("textarea[data-richtext]").forEach((textarea) => {
    if (textarea.dataset.enhanced) return;
    textarea.dataset.enhanced = "true";
    const label = textarea.id ? document.querySelector(`label[for="${textarea.id}"]`) : null;
    if (label && !label.id) label.id = textarea.id + "-label";

    const wrapper = document.createElement("div");
    wrapper.className = "richtext";
    const toolbar = document.createElement("div");
    toolbar.className = "richtext__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatering" + (label ? " af " + label.textContent.trim().toLowerCase() : ""));
    const area = document.createElement("div");
    area.className = "richtext__area";
    wrapper.append(toolbar, area);
    textarea.insertAdjacentElement("afterend", wrapper);
    textarea.hidden = true;

    const attributes = {
      class: "richtext__content prose",
      role: "textbox",
      "aria-multiline": "true",
    };
    if (label) attributes["aria-labelledby"] = label.id;
    if (textarea.getAttribute("aria-describedby")) attributes["aria-describedby"] = textarea.getAttribute("aria-describedby");

    const editor = new Editor({
      element: area,
      extensions,
      content: textarea.value,
      injectCSS: false,
      editorProps: {
        attributes,
        handleKeyDown: (_view, event) => {
          if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
            event.preventDefault();
            editLink(editor);
            return true;
          }
          return false;
        },
      },
      onUpdate: () => {
        textarea.value = editor.isEmpty ? "" : editor.getHTML();
        // The unsaved-changes warning listens for input on the form.
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      },
      onSelectionUpdate: () => refresh(),
      onTransaction: () => refresh(),
    });
    if (label) label.addEventListener("click", () => editor.commands.focus());

    const made = buttons.map((spec, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "richtext__button";
      button.textContent = spec.name;
      if (spec.label) button.setAttribute("aria-label", spec.label);
      if (spec.key) button.title = spec.name + " (" + spec.key + ")";
      button.setAttribute("aria-pressed", "false");
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("mousedown", (e) => e.preventDefault());
      button.addEventListener("click", () => spec.run(editor));
      toolbar.append(button);
      return { button, spec };
    });

    // One tab stop for the toolbar; the arrow keys move within it (the ARIA toolbar pattern).
    toolbar.addEventListener("keydown", (e) => {
      const list = made.map((m) => m.button);
      const at = list.indexOf(document.activeElement);
      if (at < 0) return;
      let next = -1;
      if (e.key === "ArrowRight") next = (at + 1) % list.length;
      else if (e.key === "ArrowLeft") next = (at - 1 + list.length) % list.length;
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = list.length - 1;
      if (next < 0) return;
      e.preventDefault();
      list.forEach((b, i) => (b.tabIndex = i === next ? 0 : -1));
      list[next].focus();
    });

    function refresh() {
      made.forEach(({ button, spec }) => button.setAttribute("aria-pressed", String(Boolean(spec.active(editor)))));
    }
    refresh();
  });
}
