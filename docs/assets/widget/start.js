// helpflow's script: an ES module (deferred, allowed by the CSP's 'self'), the one entry
// mkdocs.yml lists. Every page: remember the parent's explicit language choice, so that
// the site's root page opens in it next time. A page with the plan's data (#hf-data)
// then gets what it shows: the decision widget (a flow's home), the route (a diagram),
// or its tools (an outcome). Each part is its own module, loaded only where it is used.

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.md-select__link[hreflang]") : null;
  if (!link) return;
  try {
    window.localStorage.setItem("helpflow.language", link.getAttribute("hreflang"));
  } catch {
    // storage turned off: the root page asks again
  }
});

const block = document.getElementById("hf-data");
if (block) start(JSON.parse(block.textContent));

/**
 * Start what this page's data asks for. The data comes from the plan (helpflow/plan/widget.py):
 * texts, routes and tool data; none of it is code.
 * @param {object} data the page's JSON block
 */
async function start(data) {
  const mount = document.getElementById("hf-widget");
  if (mount) {
    const { DecisionWidget } = await import("./widget.js");
    new DecisionWidget(mount, data).start();
    return;
  }
  if (data.routes) {  // a diagram page: the route of the answers in the address
    const { Address, showRoute } = await import("./route.js");
    const address = new Address(data.routes);
    const refresh = () => showRoute(address.current());
    refresh();
    window.addEventListener("hashchange", refresh);
  }
  if (data.tools) {  // an outcome page: its tools in their places
    const { mountTools } = await import("./tools.js");
    mountTools(document, "h2", data.tools);
  }
}
