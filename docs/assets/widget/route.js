// The answers in the address (#email-given=yes&email-verified=no) and the route they take.
// The route is looked up in the plan's table of routes (helpflow/plan/widget.py graph_data:
// each route's beginning and where it stands, by Flow.follow), never worked out here, so
// the script cannot disagree with the model.

/**
 * Answers in an address's hash.
 * @param {string} hash like "#q=a&r=b"
 * @returns {Record<string, string>} question id -> answer key
 */
export function parse(hash) {
  const answers = Object.create(null);
  for (const [question, answer] of new URLSearchParams(hash.replace(/^#/, ""))) answers[question] = answer;
  return answers;
}

/** A route's answers as the plan's key: "question=answer&…" (widget.route_key). */
const routeKey = (used) => used.map(([question, answer]) => `${question}=${answer}`).join("&");

/**
 * As far as the answers fit the model: the route grows while the plan knows the longer one,
 * so an old or foreign address falls back to its deepest valid point.
 * @param {Record<string, string>} routes the plan's routes: key -> node reached
 * @param {Record<string, string>} answers question id -> answer key
 * @returns {{node: string, used: Array<[string, string]>}}
 */
export function follow(routes, answers) {
  let used = [];
  let node = routes[""];
  while (Object.hasOwn(answers, node)) {
    const longer = [...used, [node, answers[node]]];
    if (!Object.hasOwn(routes, routeKey(longer))) break;
    used = longer;
    node = routes[routeKey(longer)];
  }
  return { node, used };
}

/** The address's hash of a route ("" for none). */
export function hashOf(used) {
  if (!used.length) return "";
  return "#" + used.map(([q, a]) => `${encodeURIComponent(q)}=${encodeURIComponent(a)}`).join("&");
}

/** The route in the address, kept tidy: links, reload, Back and Forward all hold it. */
export class Address {
  /** @param {Record<string, string>} routes the plan's routes */
  constructor(routes) {
    this.routes = routes;
    /** The hash of the last route shown: a jump to an anchor keeps it. */
    this.answered = "";
  }

  /**
   * The state in the address. A jump to an anchor of the page (the skip link, the table of
   * contents) is not a state: the answers shown stay as they were.
   */
  current() {
    const anchor = location.hash.length > 1 && !location.hash.includes("=") &&
      document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const state = follow(this.routes, parse(anchor ? this.answered : location.hash));
    this.answered = hashOf(state.used);
    if (!anchor && this.answered !== location.hash) {
      history.replaceState(history.state, "", this.answered || location.pathname + location.search);
    }
    return state;
  }

  /** The route ``answers`` reach (question id -> answer key). */
  follow(answers) {
    return follow(this.routes, answers);
  }
}

function mark(id, cls) {
  const node = document.getElementById(id);
  node?.classList.add(cls);
  return node;
}

/** Show the route on every diagram of the page, and carry it along in links that keep it. */
export function showRoute(state) {
  for (const svg of document.querySelectorAll("svg.hf-diagram")) {
    for (const old of svg.querySelectorAll(".hf-on-route, .hf-here, [aria-current]")) {
      old.classList.remove("hf-on-route", "hf-here");
      old.removeAttribute("aria-current");
    }
    svg.classList.toggle("hf-has-route", state.used.length > 0);
  }
  for (const [question, answer] of state.used) {
    mark(`hf-node-${question}`, "hf-on-route");
    mark(`hf-edge-${question}-${answer}`, "hf-on-route");
  }
  mark(`hf-node-${state.node}`, "hf-here")?.querySelector("a")?.setAttribute("aria-current", "step");
  for (const link of document.querySelectorAll("a.md-select__link[hreflang], a.hf-keep-hash")) {
    link.setAttribute("href", link.getAttribute("href").split("#")[0] + hashOf(state.used));
  }
}
