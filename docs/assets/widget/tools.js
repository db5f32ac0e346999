// The widget's tools: each is a component folder (helpflow/plan/tools/<name>/) whose
// script the site serves as assets/tools/<name>.js, an ES module whose default export is
// the tool's class. A page names its tools by their places (details.hf-tool-slot, the
// second class hf-tool-slot--<name>) and gives each one's data (the plan's, by the tool's
// own Python); this file knows no tool.

const SLOT = "hf-tool-slot--";

/**
 * Put each tool in the closed place the page left for it, after its summary, in place of
 * the help without JavaScript, when the parent opens the place: a page loads no tool's
 * script before a parent asks for the tool. Its heading is one level below the page's
 * title (h2), or below the widget's question (h4) on a flow's home.
 * @param {ParentNode} root where to look for places
 * @param {string} level the tools' heading tag
 * @param {Record<string, object>} tools tool name -> its data from the plan
 */
export function mountTools(root, level, tools) {
  for (const slot of root.querySelectorAll("details.hf-tool-slot")) {
    const name = [...slot.classList].find((c) => c.startsWith(SLOT))?.slice(SLOT.length);
    if (!name || !Object.hasOwn(tools, name)) continue;
    const mount = async () => {
      const summary = slot.querySelector("summary");
      if (!summary || slot.querySelector(".hf-tool")) return;
      const { default: Tool } = await import(new URL(`../tools/${name}.js`, import.meta.url).href);
      if (!slot.querySelector(".hf-tool")) slot.replaceChildren(summary, new Tool(tools[name], level).element);
    };
    if (slot.open) mount();
    else slot.addEventListener("toggle", mount, { once: true });
  }
}
