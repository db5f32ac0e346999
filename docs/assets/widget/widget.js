// The decision widget on a flow's home page. It asks the flow's questions, keeps the
// answers in the address so that links, reload, Back and Forward and the language switch
// all keep them, and highlights the route on the page's diagram. Every text comes from
// the page's data; only an outcome's steps are HTML, written and escaped by the plan.

import { el } from "./dom.js";
import { Address, hashOf, parse, showRoute } from "./route.js";

export class DecisionWidget {
  /**
   * @param {HTMLElement} mount the page's #hf-widget, holding the first question, answered by links without JavaScript
   * @param {object} data the plan's widget data (helpflow/plan/widget.py widget_data)
   */
  constructor(mount, data) {
    this.mount = mount;
    this.data = data;
    this.ui = data.ui;
    this.address = new Address(data.routes);
    this.live = el("p", { class: "hf-sr", "aria-live": "polite" });
    this.view = el("div", { class: "hf-view" });
    this.shown = null;
  }

  start() {
    this.mount.replaceChildren(this.view, this.live);
    this.mount.classList.add("hf-ready");
    this.render(false);
    window.addEventListener("popstate", () => this.render(true));
    window.addEventListener("hashchange", () => this.render(true));
  }

  /** Answers given before a Change, kept in the history entry until the route leaves them. */
  pending() {
    return history.state?.hfPending ?? {};
  }

  go(url, state = null) {
    history.pushState(state, "", url || location.pathname + location.search);
    this.render(true);
  }

  /** Answering keeps the later answers given before a Change, as long as the route still asks them. */
  answer(question, key) {
    const merged = { ...this.pending() };
    for (const [q, a] of this.address.follow(parse(this.address.answered)).used) merged[q] = a;
    merged[question] = key;
    this.go(hashOf(this.address.follow(merged).used));
  }

  questionView(id) {
    const q = this.data.questions[id];
    const earlier = this.pending()[id];
    const buttons = q.answers.map((a) => {
      const button = el("button", { type: "button", class: `md-button${a.key === earlier ? " hf-earlier" : ""}`,
                                    text: a.label });
      button.addEventListener("click", () => this.answer(id, a.key));
      return button;
    });
    const label = q.answers.find((a) => a.key === earlier);
    return [
      el("h3", { class: "hf-heading", tabindex: "-1", text: q.text }),
      q.hint ? el("p", { class: "hf-hint", text: q.hint }) : null,
      el("div", { class: "hf-buttons" }, buttons),
      label ? el("p", { class: "hf-earlier-note", text: `${this.ui.previous_answer} ${label.label}` }) : null,
    ];
  }

  outcomeView(id) {
    const o = this.data.outcomes[id];
    const steps = el("div", { class: "hf-steps" });
    steps.innerHTML = o.html;  // written and escaped by helpflow.plan.pages.outcome_html, never from input
    if (o.tools.length) {  // the tools' loader only once an outcome shows some: a question needs none
      import("./tools.js").then(({ mountTools }) => mountTools(steps, "h4", this.data.tools));
    }
    return [
      el("h3", { class: "hf-heading", tabindex: "-1", text: o.title }),
      steps,
      el("p", {}, [el("a", { href: o.page, text: this.ui.outcome_page })]),
    ];
  }

  answersView(state) {
    if (!state.used.length) return null;
    const items = state.used.map(([question, key], i) => {
      const q = this.data.questions[question];
      const label = q.answers.find((a) => a.key === key).label;
      const later = Object.fromEntries(state.used.slice(i));
      const before = hashOf(state.used.slice(0, i));
      const change = el("a", { href: before || "#", class: "hf-change" },
                        [this.ui.change, el("span", { class: "hf-sr", text: ` ${q.title}` })]);
      change.addEventListener("click", (event) => {
        event.preventDefault();
        this.go(before, { hfPending: later });
      });
      return el("li", {}, [el("span", { class: "hf-q", text: `${q.title} ` }), el("strong", { text: label }), " ",
                           change]);
    });
    const restart = el("button", { type: "button", class: "md-button", text: this.ui.start_again });
    restart.addEventListener("click", () => this.go(""));
    return el("section", { class: "hf-answers-given", "aria-label": this.ui.your_answers }, [
      el("h4", { text: this.ui.your_answers }),
      el("ul", {}, items),
      el("p", { class: "hf-actions" }, [restart, el("a", { href: this.data.diagram + hashOf(state.used),
                                                            text: this.ui.see_route })]),
    ]);
  }

  /** Draw the state in the address; with ``focus``, move focus to the new heading and announce it. */
  render(focus) {
    const state = this.address.current();
    const key = this.address.answered + JSON.stringify(this.pending());
    if (key === this.shown) return;
    this.shown = key;
    const outcome = Object.hasOwn(this.data.outcomes, state.node);
    const kind = outcome ? `hf-outcome hf-${this.data.outcomes[state.node].kind}` : "hf-question";
    const step = el("div", { class: `hf-step ${kind}` },
                    outcome ? this.outcomeView(state.node) : this.questionView(state.node));
    this.view.replaceChildren(step, this.answersView(state) ?? "");
    this.view.classList.toggle("hf-still", !focus);  // the first drawing replaces the page's own question
    this.mount.parentNode.classList.toggle("hf-at-outcome", outcome);  // steps and tools get the page's width
    showRoute(state);
    if (focus) {
      const heading = step.querySelector(".hf-heading");
      heading.focus();
      this.live.textContent = heading.textContent;
    }
  }
}
