// The child's username, worked out on this device from its names. The rules to try come
// from the plan (UsernameRule.variants: the school's own rule, or, for what the school
// does not state, each common way, most likely first); this script applies each one.

import { el, field, toolSection } from "../widget/dom.js";

/**
 * One name as a rule writes it in a username: spaces left out, lower case, then what the
 * rule leaves out (mirrors UsernameRule.part; a browser test holds the two together).
 * @param {{accents: ?string, special: ?string}} rule
 */
function namePart(rule, name) {
  let text = name.replace(/\s+/g, "").toLowerCase();
  if (rule.accents === "strip") text = text.normalize("NFD").replace(/\p{M}/gu, "");
  if (rule.special === "drop") text = text.replace(/[^\p{L}\p{N}]/gu, "");
  return text;
}

function username(rule, first, last) {
  const a = namePart(rule, first);
  const b = namePart(rule, last);
  return a && b ? rule.format.replaceAll("{first}", a).replaceAll("{last}", b) : "";
}

export default class UsernameHelper {
  static moduleName = "username-helper";

  /**
   * @param {{ui: Record<string, string>, rules: Array<object>, mailto: string, email: string}} data
   *   this tool's data from the plan
   * @param {string} level the tag of its heading
   */
  constructor(data, level) {
    const ui = data.ui;
    this.rules = data.rules;
    this.first = field(ui.username_first, { type: "text" });
    this.last = field(ui.username_last, { type: "text" });
    this.result = el("output", { class: "hf-username" });
    this.others = el("ul", { class: "hf-usernames" });
    this.resultNote = el("p", { hidden: "" }, [`${ui.username_result} `, this.result]);
    this.othersNote = el("div", { hidden: "" }, [el("p", { text: ui.username_plain }), this.others]);
    for (const input of [this.first.input, this.last.input]) input.addEventListener("input", () => this.update());
    this.element = toolSection(level, ui.username_heading, [
      this.first.node, this.last.node, this.resultNote, this.othersNote,
      el("p", {}, [`${ui.username_help} `, el("a", { href: data.mailto, text: data.email })]),
    ]);
  }

  /** Every username the rules make of the names typed, most likely first, each once. */
  usernames() {
    const made = this.rules.map((rule) => username(rule, this.first.input.value, this.last.input.value));
    return [...new Set(made.filter(Boolean))];
  }

  update() {
    const [likeliest, ...others] = this.usernames();
    this.result.textContent = likeliest ?? "";
    this.resultNote.hidden = !likeliest;
    this.others.replaceChildren(...others.map((name) => el("li", {}, [el("code", { class: "hf-username", text: name })])));
    this.othersNote.hidden = !others.length;
  }
}
