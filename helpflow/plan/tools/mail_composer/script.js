// "Mail the school": the parent's mail in the platform's language, built on this device
// only; opened in the mail app, or copied for webmail. The mail's lines, their labels and
// the relations come from the plan (mail_composer/__init__.py), the same lines the page
// offers without JavaScript; this script only fills in what the parent types.

import { el, field, selectText, toolSection, uid } from "../widget/dom.js";

/** Loose on purpose: one @, something before it, a dot in the host, no spaces. */
const isAddress = (text) => /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text);

/**
 * The mail's text: each line as the plan gives it, a label followed by what the parent typed.
 * @param {{lines: Array<{text?: string, label?: string, field?: string}>, relations: Record<string, string>}} mail
 * @param {Record<string, string>} given field -> what the parent typed or chose
 */
function mailText(mail, given) {
  const value = (name) => (name === "relation" ? mail.relations[given.relation] ?? "" : given[name] ?? "");
  return mail.lines.map((line) => (line.text !== undefined ? line.text
    : line.label !== undefined ? `${line.label} ${value(line.field)}` : value(line.field))).join("\n").trimEnd();
}

const subjectOf = (mail, given) => mail.subject + (given.pupils ? ` - ${given.pupils}` : "");

export default class MailComposer {
  static moduleName = "mail-composer";

  /**
   * @param {object} data this tool's data from the plan: ui, email, mailto, lang, platformLanguage, relations, mail
   * @param {string} level the tag of its heading
   */
  constructor(data, level) {
    this.data = data;
    const ui = data.ui;
    this.mail = data.mail[data.platformLanguage];
    this.own = data.lang !== data.platformLanguage ? data.mail[data.lang] : null;
    const reminder = uid("reminder");
    const problem = uid("problem");
    const relation = uid("relation");
    this.parent = field(ui.composer_parent, { type: "text", autocomplete: "name" });
    this.relation = el("select", { id: relation, class: "hf-input" }, ["", ...data.relations].map(
      (key) => el("option", { value: key, text: key ? ui[`relation_${key}`] : "—" })));
    this.pupils = field(ui.composer_pupils, { type: "text" });
    this.address = field(ui.composer_address, { type: "email", autocomplete: "email",
                                                "aria-describedby": `${reminder} ${problem}` });
    this.error = el("p", { id: problem, class: "hf-problem", hidden: "" });
    this.send = el("a", { class: "md-button md-button--primary hf-send", text: ui.composer_send });
    const copy = el("button", { type: "button", class: "md-button hf-copy", text: ui.composer_copy });
    this.copied = el("p", { class: "hf-copied", role: "status" });
    this.preview = el("pre", { class: "hf-mail", lang: data.platformLanguage });
    this.translated = this.own ? el("pre", { class: "hf-mail", lang: data.lang }) : null;
    for (const input of [this.parent.input, this.pupils.input, this.address.input]) {
      input.addEventListener("input", () => this.update());
    }
    this.relation.addEventListener("change", () => this.update());
    this.send.addEventListener("click", (event) => this.sending(event));
    copy.addEventListener("click", () => this.copy());
    this.update();
    this.element = toolSection(level, ui.composer_heading, [
      el("p", { text: ui.composer_intro }),
      this.parent.node,
      el("p", { class: "hf-field" }, [el("label", { for: relation, text: ui.composer_relation }), this.relation]),
      this.pupils.node, this.address.node,
      el("p", { id: reminder, class: "hf-reminder", text: ui.composer_reminder }),
      this.error,
      el("p", { class: "hf-actions" }, [this.send, " ", copy]),
      this.copied,
      this.own ? el("p", { class: "hf-mail-language", text: data.language }) : null,
      el("p", { text: ui.composer_preview }), this.preview,
      this.own ? el("p", { text: ui.composer_translated }) : null, this.translated,
    ]);
  }

  given() {
    return { parent: this.parent.input.value.trim(), relation: this.relation.value,
             pupils: this.pupils.input.value.trim(), address: this.address.input.value.trim() };
  }

  /** Say what is wrong with the address ("" for nothing), beside the field. */
  tell(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    if (message) this.address.input.setAttribute("aria-invalid", "true");
    else this.address.input.removeAttribute("aria-invalid");
  }

  update() {
    const given = this.given();
    this.subject = subjectOf(this.mail, given);
    this.body = mailText(this.mail, given);
    // While typing, only a wrong address is pointed out; an empty one only when the parent sends.
    this.tell(given.address && !isAddress(given.address) ? this.data.ui.composer_invalid : "");
    this.ready = isAddress(given.address);
    // Still a link when not ready, to the field to correct: the click says what is missing.
    this.send.setAttribute("href", this.ready ? `${this.data.mailto}?subject=${encodeURIComponent(this.subject)}` +
      `&body=${encodeURIComponent(this.body.replace(/\n/g, "\r\n"))}` : `#${this.address.input.id}`);
    this.preview.textContent = `${this.subject}\n\n${this.body}`;
    if (this.translated) this.translated.textContent = `${subjectOf(this.own, given)}\n\n${mailText(this.own, given)}`;
  }

  sending(event) {
    if (this.ready) return;
    event.preventDefault();
    const empty = !this.given().address;
    this.tell(empty ? this.data.ui.composer_missing : this.data.ui.composer_invalid);
    this.address.input.focus();
  }

  copy() {
    const text = `${this.subject}\n\n${this.body}`;
    const done = () => { this.copied.textContent = this.data.ui.composer_copied; };
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(text).then(done, () => selectText(this.preview));
    } else {
      selectText(this.preview);
    }
  }
}
