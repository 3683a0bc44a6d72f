// The content editor's enhancements, bundled by `npm run build` into wwwroot/backoffice/editor.js. Each part
// only improves a form that works without it: the rich text editor replaces a textarea it keeps filled, the pickers
// fill fields an editor could type, and dragging does what the "Flyt op"/"Flyt ned" buttons do.
import { enhanceRichText } from "./richtext.js";
import { enhanceMediaFields } from "./mediapicker.js";
import { enhanceBlockList } from "./blocks.js";

function start() {
  enhanceRichText(document);
  enhanceMediaFields(document);
  enhanceBlockList(document);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
