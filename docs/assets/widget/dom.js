// Small helpers to build the widget's and the tools' elements. Every text is set with
// textContent: a school's or a model's string never becomes markup.

let ids = 0;

/**
 * An element with attributes ("text" sets its text) and children (null ones skipped).
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {Array<Node|null>} [children]
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** An id no other element of the page has: labels and descriptions point at it. */
export function uid(name) {
  ids += 1;
  return `hf-${name}-${ids}`;
}

/**
 * A labelled text field.
 * @returns {{input: HTMLInputElement, node: HTMLElement}}
 */
export function field(label, attrs) {
  const id = uid("field");
  const input = el("input", { id, class: "hf-input", autocomplete: "off", ...attrs });
  return { input, node: el("p", { class: "hf-field" }, [el("label", { for: id, text: label }), input]) };
}

/**
 * A tool's section, named by a heading one level under the page's (read by screen readers;
 * the slot's summary shows the same words).
 * @param {string} level the heading's tag, "h2" or "h4"
 */
export function toolSection(level, heading, children) {
  const id = uid("tool");
  return el("section", { class: "hf-tool", "aria-labelledby": id },
    [el(level, { id, class: "hf-sr", text: heading }), ...children]);
}

/** Select a block's text, for a parent to copy by hand where the clipboard is off. */
export function selectText(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  node.focus?.();
}
