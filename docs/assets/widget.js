// helpflow's one script (deferred). First, on every page: remember the parent's explicit
// language choice, so that the site's root page opens in it next time.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.md-select__link[hreflang]") : null;
    if (!link) return;
    try { window.localStorage.setItem("helpflow.language", link.getAttribute("hreflang")); } catch (e) { /* storage off */ }
  });
})();

// Then the decision widget. It asks the flow's questions on the home page, keeps the
// answers in the address (#email-given=yes&email-verified=no) so that links, reload,
// Back and Forward and the language switch all keep them, and highlights the route on
// any diagram of the page. Every text comes from the page's JSON block (#hf-data) and is
// set with textContent; only the outcome steps are HTML, escaped at build time.
(function () {
  "use strict";
  var block = document.getElementById("hf-data");
  if (!block) return;
  var data = JSON.parse(block.textContent);
  var mount = document.getElementById("hf-widget");
  var has = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };
  var ids = 0;

  /** Answers in the address, as question id -> answer key. */
  function parse(hash) {
    var answers = Object.create(null);
    new URLSearchParams(hash.replace(/^#/, "")).forEach(function (value, key) { answers[key] = value; });
    return answers;
  }

  /** Walk from the start as far as the answers fit the model (mirrors Flow.follow). */
  function follow(answers) {
    var node = data.start, used = [];
    while (has(data.next, node) && has(answers, node) && has(data.next[node], answers[node])) {
      used.push([node, answers[node]]);
      node = data.next[node][answers[node]];
    }
    return { node: node, used: used };
  }

  function hashOf(used) {
    return used.length ? "#" + used.map(function (p) {
      return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]);
    }).join("&") : "";
  }

  function mark(id, cls) {
    var el = document.getElementById(id);
    if (el) el.classList.add(cls);
    return el;
  }

  /** Show the route on every diagram of the page, and carry it along in links that keep it. */
  function showRoute(state) {
    var svgs = document.querySelectorAll("svg.hf-diagram");
    for (var i = 0; i < svgs.length; i++) {
      var old = svgs[i].querySelectorAll(".hf-on-route, .hf-here, [aria-current]");
      for (var j = 0; j < old.length; j++) {
        old[j].classList.remove("hf-on-route", "hf-here");
        old[j].removeAttribute("aria-current");
      }
      svgs[i].classList.toggle("hf-has-route", state.used.length > 0);
    }
    state.used.forEach(function (p) {
      mark("hf-node-" + p[0], "hf-on-route");
      mark("hf-edge-" + p[0] + "-" + p[1], "hf-on-route");
    });
    var here = mark("hf-node-" + state.node, "hf-here");
    var link = here && here.querySelector("a");
    if (link) link.setAttribute("aria-current", "step");
    var keep = document.querySelectorAll("a.md-select__link[hreflang], a.hf-keep-hash");
    for (var k = 0; k < keep.length; k++) {
      keep[k].setAttribute("href", keep[k].getAttribute("href").split("#")[0] + hashOf(state.used));
    }
  }

  var answered = "";

  /** The answers in the address, tidied up: an old or foreign state falls back to its deepest
   * valid point. A jump to an anchor of the page (the skip link, the table of contents) is not
   * a state: the answers shown stay as they were. */
  function current() {
    var anchor = location.hash.length > 1 && location.hash.indexOf("=") < 0 &&
      document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var state = follow(parse(anchor ? answered : location.hash));
    answered = hashOf(state.used);
    if (!anchor && answered !== location.hash) {
      history.replaceState(history.state, "", answered || location.pathname + location.search);
    }
    return state;
  }

  var ui = data.ui || {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs.text;
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function uid(name) { ids += 1; return "hf-" + name + "-" + ids; }

  function pending() {
    return (history.state && history.state.hfPending) || {};
  }

  function go(url, state) {
    history.pushState(state || null, "", url || location.pathname + location.search);
    render(true);
  }

  /** Answering keeps the later answers given before a Change, as long as the route still asks them. */
  function answer(question, key) {
    var merged = Object.create(null), earlier = pending();
    Object.keys(earlier).forEach(function (q) { merged[q] = earlier[q]; });
    follow(parse(answered)).used.forEach(function (p) { merged[p[0]] = p[1]; });
    merged[question] = key;
    go(hashOf(follow(merged).used));
  }

  function questionView(id) {
    var q = data.questions[id], earlier = pending()[id];
    var buttons = q.answers.map(function (a) {
      var button = el("button", { type: "button", "class": "md-button" + (a.key === earlier ? " hf-earlier" : ""),
                                  text: a.label });
      button.addEventListener("click", function () { answer(id, a.key); });
      return button;
    });
    var label = earlier && q.answers.filter(function (a) { return a.key === earlier; })[0];
    return [
      el("h3", { "class": "hf-heading", tabindex: "-1", text: q.text }),
      q.hint ? el("p", { "class": "hf-hint", text: q.hint }) : null,
      el("div", { "class": "hf-buttons" }, buttons),
      label ? el("p", { "class": "hf-earlier-note", text: ui.previous_answer + " " + label.label }) : null,
    ];
  }

  function field(label, attrs) {
    var id = uid("field");
    var input = el("input", Object.assign({ id: id, "class": "hf-input", autocomplete: "off" }, attrs));
    return { input: input, node: el("p", { "class": "hf-field" }, [el("label", { "for": id, text: label }), input]) };
  }

  function mailText(texts, answers) {
    return [texts.mail_greeting, "", texts.mail_request, "",
            texts.mail_pupils + " " + answers.pupils,
            texts.mail_parent + " " + answers.parent + (answers.relation ? " (" + texts["relation_" + answers.relation] + ")" : ""),
            texts.mail_address + " " + answers.address, "", texts.mail_thanks, answers.parent].join("\n");
  }

  /** Loose on purpose: one @, something before it, a dot in the host, no spaces. */
  function isAddress(text) { return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text); }

  /** "Mail the school": the parent's mail in the platform's language, built on this device
   * only; opened in the mail app, or copied for webmail. A wrong address is refused. */
  function composer(level) {
    var platform = data.mail.platformLanguage;
    var mail = data.mail.texts[platform], own = data.mail.texts[data.lang];
    var heading = uid("composer"), reminder = uid("reminder"), problem = uid("problem");
    var parent = field(ui.composer_parent, { type: "text", autocomplete: "name" });
    var relation = uid("relation");
    var select = el("select", { id: relation, "class": "hf-input" }, ["", "mother", "father", "guardian", "other"].map(
      function (key) { return el("option", { value: key, text: key ? ui["relation_" + key] : "—" }); }));
    var pupils = field(ui.composer_pupils, { type: "text" });
    var address = field(ui.composer_address, { type: "email", autocomplete: "email",
                                               "aria-describedby": reminder + " " + problem });
    var error = el("p", { id: problem, "class": "hf-problem", hidden: "" });
    var send = el("a", { "class": "md-button md-button--primary hf-send", text: ui.composer_send });
    var copy = el("button", { type: "button", "class": "md-button hf-copy", text: ui.composer_copy });
    var copied = el("p", { "class": "hf-copied", role: "status" });
    var preview = el("pre", { "class": "hf-mail", lang: platform });
    var translated = own !== mail ? el("pre", { "class": "hf-mail", lang: data.lang }) : null;
    var subject = "", body = "", ready = false;
    function answers() {
      return { parent: parent.input.value.trim(), relation: select.value,
               pupils: pupils.input.value.trim(), address: address.input.value.trim() };
    }
    function update() {
      var given = answers();
      subject = mail.mail_subject + (given.pupils ? " - " + given.pupils : "");
      body = mailText(mail, given);
      var wrong = given.address !== "" && !isAddress(given.address);
      error.textContent = wrong ? ui.composer_invalid : "";
      error.hidden = !wrong;
      if (wrong) address.input.setAttribute("aria-invalid", "true");
      else address.input.removeAttribute("aria-invalid");
      if (isAddress(given.address)) {
        send.setAttribute("href", data.mailto + "?subject=" + encodeURIComponent(subject) +
                          "&body=" + encodeURIComponent(body.replace(/\n/g, "\r\n")));
        ready = true;
      } else {  // still a link, to the field to correct: the click below says what is wrong
        send.setAttribute("href", "#" + address.input.id);
        ready = false;
      }
      preview.textContent = subject + "\n\n" + body;
      if (translated) translated.textContent = own.mail_subject + (given.pupils ? " - " + given.pupils : "") +
        "\n\n" + mailText(own, given);
    }
    [parent.input, pupils.input, address.input].forEach(function (input) {
      input.addEventListener("input", update);
    });
    select.addEventListener("change", update);
    send.addEventListener("click", function (event) {
      if (!ready) {
        event.preventDefault();
        error.textContent = ui.composer_invalid;
        error.hidden = false;
        address.input.focus();
      }
    });
    copy.addEventListener("click", function () {
      var text = subject + "\n\n" + body;
      var done = function () { copied.textContent = ui.composer_copied; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { selectText(preview); });
      } else {
        selectText(preview);
      }
    });
    update();
    return el("section", { "class": "hf-tool", "aria-labelledby": heading }, [
      el(level, { id: heading, "class": "hf-sr", text: ui.composer_heading }),
      el("p", { text: ui.composer_intro }),
      parent.node,
      el("p", { "class": "hf-field" }, [el("label", { "for": relation, text: ui.composer_relation }), select]),
      pupils.node, address.node,
      el("p", { id: reminder, "class": "hf-reminder", text: ui.composer_reminder }),
      error,
      el("p", { "class": "hf-actions" }, [send, document.createTextNode(" "), copy]),
      copied,
      el("p", { text: ui.composer_preview }), preview,
      translated ? el("p", { text: data.mail.translation }) : null, translated,
    ]);
  }

  /** Select a block's text, for a parent to copy by hand where the clipboard is off. */
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    node.focus && node.focus();
  }

  /** One name as the school's rule writes it in a username (mirrors helpflow.usernames). */
  function namePart(rule, name) {
    var text = name.replace(/\s+/g, "").toLowerCase();
    if (rule.accents === "strip") text = text.normalize("NFD").replace(/\p{M}/gu, "");
    if (rule.special === "drop") text = text.replace(/[^\p{L}\p{N}]/gu, "");
    return text;
  }

  function username(rule, first, last) {
    var a = namePart(rule, first), b = namePart(rule, last);
    return a && b ? rule.format.split("{first}").join(a).split("{last}").join(b) : "";
  }

  /** The child's username by the school's own rule (data.username), worked out on this device. */
  function usernameHelper(level) {
    var rule = data.username;
    var heading = uid("username");
    var first = field(ui.username_first, { type: "text" }), last = field(ui.username_last, { type: "text" });
    var result = el("output", { "class": "hf-username" });
    var plain = el("code", { "class": "hf-username" });
    var plainNote = el("p", { hidden: "" }, [document.createTextNode(ui.username_plain + " "), plain]);
    var resultNote = el("p", { hidden: "" }, [document.createTextNode(ui.username_result + " "), result]);
    var bareRule = { format: rule.format, accents: "strip", special: rule.special };
    function update() {
      var name = username(rule, first.input.value, last.input.value);
      var bare = username(bareRule, first.input.value, last.input.value);
      result.textContent = name;
      plain.textContent = bare;
      resultNote.hidden = !name;
      plainNote.hidden = bare === name;
    }
    first.input.addEventListener("input", update);
    last.input.addEventListener("input", update);
    return el("section", { "class": "hf-tool", "aria-labelledby": heading }, [
      el(level, { id: heading, "class": "hf-sr", text: ui.username_heading }),
      first.node, last.node, resultNote, plainNote,
      el("p", {}, [document.createTextNode(ui.username_help + " "),
                   el("a", { href: data.mailto, text: data.email })]),
    ]);
  }

  /** The tools a step or an outcome may name in the model (helpflow.tools lists the same names). */
  var TOOLS = { "mail-composer": composer, "username-helper": usernameHelper };

  /** Put each tool in the closed place the page left for it (.hf-tool-slot[data-tool]), after
   * its summary, in place of the help without JavaScript. Its heading is one level below the
   * page's title, or below the widget's question (h3) on a flow's home. */
  function mountTools(root, level) {
    var slots = root.querySelectorAll(".hf-tool-slot[data-tool]");
    for (var i = 0; i < slots.length; i++) {
      var name = slots[i].getAttribute("data-tool"), summary = slots[i].querySelector("summary");
      if (has(TOOLS, name) && summary && !slots[i].querySelector(".hf-tool")) {
        slots[i].replaceChildren(summary, TOOLS[name](level));
      }
    }
  }

  if (!mount) {  // a diagram page highlights the route; an outcome page gets its tools
    if (data.next) {
      var refresh = function () { showRoute(current()); };
      refresh();
      window.addEventListener("hashchange", refresh);
    }
    mountTools(document, "h2");
    return;
  }

  function outcomeView(id) {
    var o = data.outcomes[id];
    var steps = el("div", { "class": "hf-steps" });
    steps.innerHTML = o.html; // built and escaped by helpflow.pages.outcome_html, never from input
    mountTools(steps, "h4");
    return [
      el("h3", { "class": "hf-heading", tabindex: "-1", text: o.title }),
      steps,
      el("p", {}, [el("a", { href: o.page, text: ui.outcome_page })]),
    ];
  }

  function answersView(state) {
    if (!state.used.length) return null;
    var items = state.used.map(function (p, i) {
      var q = data.questions[p[0]];
      var label = q.answers.filter(function (a) { return a.key === p[1]; })[0].label;
      var later = Object.create(null);
      state.used.slice(i).forEach(function (r) { later[r[0]] = r[1]; });
      var change = el("a", { href: hashOf(state.used.slice(0, i)) || "#", "class": "hf-change" },
                      [document.createTextNode(ui.change),
                       el("span", { "class": "hf-sr", text: " " + q.title })]);
      change.addEventListener("click", function (event) {
        event.preventDefault();
        go(hashOf(state.used.slice(0, i)), { hfPending: later });
      });
      return el("li", {}, [el("span", { "class": "hf-q", text: q.title + " " }),
                           el("strong", { text: label }), document.createTextNode(" "), change]);
    });
    var restart = el("button", { type: "button", "class": "md-button", text: ui.start_again });
    restart.addEventListener("click", function () { go(""); });
    return el("section", { "class": "hf-answers-given", "aria-label": ui.your_answers }, [
      el("h4", { text: ui.your_answers }),
      el("ul", {}, items),
      el("p", { "class": "hf-actions" }, [restart, el("a", { href: data.diagram + hashOf(state.used),
                                                              text: ui.see_route })]),
    ]);
  }

  var live = el("p", { "class": "hf-sr", "aria-live": "polite" });
  var view = el("div", { "class": "hf-view" });
  var shown = null;

  /** Draw the state in the address; with ``focus``, move focus to the new heading and announce it. */
  function render(focus) {
    var state = current();
    var key = answered + JSON.stringify(pending());
    if (key === shown) return;
    shown = key;
    var outcome = has(data.outcomes, state.node);
    var step = el("div", { "class": "hf-step " + (outcome ? "hf-outcome hf-" + data.outcomes[state.node].kind
                                                           : "hf-question") },
                  outcome ? outcomeView(state.node) : questionView(state.node));
    view.replaceChildren(step, answersView(state) || document.createTextNode(""));
    mount.parentNode.classList.toggle("hf-at-outcome", outcome);  // steps and tools get the page's width
    showRoute(state);
    if (focus) {
      var heading = step.querySelector(".hf-heading");
      heading.focus();
      live.textContent = heading.textContent;
    }
  }

  mount.replaceChildren(view, live);
  mount.classList.add("hf-ready");
  render(false);
  window.addEventListener("popstate", function () { render(true); });
  window.addEventListener("hashchange", function () { render(true); });
})();
