// Every string a report takes from a .nnspec (comments, CSV file names, `where` values, the source
// itself) is untrusted: people share models. Everything that reaches HTML or SVG text goes
// through `escapeHtml`; nothing from the file is ever written as markup.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe inside an element or a quoted attribute value, in HTML and in SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
