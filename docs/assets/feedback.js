// Counts an outcome the parent reached in the decision widget, when the school turned
// `statistics` on (only then does a flow's home page carry this script and #hf-reached):
// one request for a tiny file of the same site, whose address names the flow and the
// outcome, so the web server's access log counts it (helpflow stats). No cookie, no
// storage, no other origin, and nothing the parent typed: only two ids from the plan.
// An outcome shown on load (a reload, a shared link) is not counted, only one reached by
// the parent's own answer.

const config = document.getElementById("hf-reached");
const mount = document.getElementById("hf-widget");
if (config && mount) watch(config, mount);

/**
 * Ask for the counting file each time the widget turns to an outcome after the parent's
 * own click or key press in it.
 * @param {HTMLElement} config the plan's #hf-reached: data-url, data-flow, data-outcomes
 * @param {HTMLElement} mount the widget's mount
 */
function watch(config, mount) {
  // outcome page -> outcome id; own keys only, so no link's address can name a prototype's
  const outcomes = Object.assign(Object.create(null), JSON.parse(config.dataset.outcomes));
  let answered = 0;
  const answering = () => { answered = Date.now(); };
  mount.addEventListener("click", answering, true);
  mount.addEventListener("keydown", answering, true);
  let shown = null;
  new MutationObserver(() => {
    // the widget's own link to the outcome's page, after the steps (whose links may name other outcomes)
    const links = [...mount.querySelectorAll(".hf-step.hf-outcome > p a[href]")];
    const outcome = links.map((a) => outcomes[a.getAttribute("href")]).find(Boolean) ?? null;
    if (outcome === shown) return;
    shown = outcome;
    if (outcome && Date.now() - answered < 2000) count(config, outcome);
  }).observe(mount, { childList: true, subtree: true });
}

/** One GET of the counting file: same origin, no credentials, never from the cache. */
function count(config, outcome) {
  const query = new URLSearchParams({ flow: config.dataset.flow, outcome });
  fetch(`${config.dataset.url}?${query}`, { credentials: "omit", cache: "no-store", keepalive: true })
    .catch(() => {});  // offline, or the host refuses: the parent's help goes on
}
