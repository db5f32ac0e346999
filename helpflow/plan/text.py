"""Texts of the model and the school, parsed once, then written as Markdown, HTML or plain text.

A text is parsed into literal runs and placeholders (``{school}``, ``{page:self-reset}``);
each placeholder resolves to a few inline nodes (text, a link, bold); a writer turns
the nodes into the form a place needs. Escaping happens in the writers only, so every
string from a model or school file is escaped for where it lands, and a placeholder
reads the same on a page, in the widget, in the handout and in the diagram.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from helpflow.model.flow import Label, Localized
from helpflow.model.placeholders import (
    PLACEHOLDER,
)
from helpflow.model.usernames import EXAMPLES

if TYPE_CHECKING:
    from helpflow.model.school import School

@dataclass(frozen=True)
class Slot:
    name: str
    arg: str


Segment = str | Slot


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Segment, ...]:
    """``text`` as literal runs and placeholders; cached, so each text is parsed once."""
    out: list[Segment] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            out.append(text[last:match.start()])
        out.append(Slot(match[1], match[2] or ""))
        last = match.end()
    if last < len(text):
        out.append(text[last:])
    return tuple(out)


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


Inline = str | Link | Strong


def to_plain(nodes: tuple[Inline, ...]) -> str:
    return "".join(n if isinstance(n, str) else to_plain(n.children) for n in nodes)


def to_html(nodes: tuple[Inline, ...]) -> str:
    out = []
    for n in nodes:
        if isinstance(n, str):
            out.append(html.escape(n, quote=False))
        elif isinstance(n, Link):
            out.append(f'<a href="{attr(n.href)}">{to_html(n.children)}</a>')
        else:
            out.append(f"<b>{to_html(n.children)}</b>")
    return "".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
"""Python-Markdown's escapable characters; the site enables no extension that adds others."""


def md_escape(text: str) -> str:
    """Plain text made safe as Markdown inline text: HTML-escaped, Markdown syntax inert."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def to_markdown(nodes: tuple[Inline, ...]) -> str:
    """Markdown inline text: literal text escaped, links and bold as raw inline HTML, so that
    no Markdown extension (attribute lists, autolinks) can turn a string into markup."""
    out = []
    for n in nodes:
        if isinstance(n, str):
            out.append(md_escape(n))
        elif isinstance(n, Link):
            out.append(f'<a href="{attr(n.href)}">{to_markdown(n.children)}</a>')
        else:
            out.append(f"<b>{to_markdown(n.children)}</b>")
    return "".join(out)


_TYPST_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
"""ASCII punctuation. Every piece of Typst markup begins with one (``#`` code, ``$`` math,
``*`` and ``_`` emphasis, ``@`` references, ``<label>``, ``//`` and ``/*`` comments, brackets,
quotes and dashes made typographic, ``=``, ``-``, ``+`` or ``1.`` starting a line), and a
backslash before any of them stands for that very character."""
_TYPST_SPACE = re.compile(r"[ \t\r\n]+")
_TYPST_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def typst_escape(text: str) -> str:
    """Plain text as Typst markup that prints it as it is. Line breaks become spaces: a
    blank line would start a paragraph, and no school text has one on purpose."""
    return _TYPST_SPECIAL.sub(r"\\\1", _TYPST_CONTROL.sub("", _TYPST_SPACE.sub(" ", text)))


def typst_string(text: str) -> str:
    """``text`` as a Typst string literal, for link targets, labels and the PDF's metadata."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _TYPST_CONTROL.sub(lambda m: f"\\u{{{ord(m[0]):x}}}", body) + '"'


def address_pieces(text: str) -> list[str]:
    """An address cut after each slash: where a line may break in it, and nowhere else."""
    return re.findall(r"[^/]*/+|[^/]+", text)


def typst_address(text: str) -> str:
    """An address or phone number as Typst markup that breaks nowhere but after a slash:
    a line break at a hyphen ("ism-⏎namur") or a space ("22⏎33") makes it another one."""
    return "".join(f"#box[{typst_escape(piece)}]" for piece in address_pieces(text))


def to_typst(nodes: tuple[Inline, ...]) -> str:
    """Typst markup: literal text escaped, links and bold as function calls. A link whose
    text is an address (mail, phone, or no space in it) never breaks but after a slash."""
    out = []
    for n in nodes:
        if isinstance(n, str):
            out.append(typst_escape(n))
        elif isinstance(n, Link):
            target = f"label({typst_string(n.href[1:])})" if n.href.startswith("#") else typst_string(n.href)
            text = to_plain(n.children)
            address = all(isinstance(c, str) for c in n.children) and (
                n.href.startswith(("mailto:", "tel:")) or " " not in text.strip())
            out.append(f"#link({target})[{typst_address(text) if address else to_typst(n.children)}]")
        else:
            out.append(f"#strong[{to_typst(n.children)}]")
    return "".join(out)


def attr(text: str) -> str:
    """Text safe inside a double-quoted HTML attribute."""
    return html.escape(text, quote=True)


def mailto(address: str, subject: str = "", body: str = "") -> str:
    """A mailto: URL with each part percent-encoded (RFC 6068)."""
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in (("subject", subject), ("body", body)) if v)
    return f"mailto:{quote(address, safe='@')}" + (f"?{query}" if query else "")


def slugify(text: str) -> str:
    """A readable URL slug: accents dropped, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-") or "page"


Value = str | Inline | tuple[Inline, ...]


@dataclass(frozen=True)
class Context:
    """What a text needs to be written for one reader: the language, the school, the
    site's texts and screen labels, and where each node's page is from here."""

    lang: str
    school: School
    ui: Mapping[str, Localized]
    labels: Mapping[str, Label]
    page: Callable[[str], tuple[str, str]] = lambda node: ("", node)
    """Node id -> (address from the current place, title in ``lang``)."""

    def t(self, key: str) -> str:
        """One of the site's own texts in the reader's language, unrendered."""
        return self.ui[key][self.lang]

    def nodes(self, text: str, **values: Value) -> tuple[Inline, ...]:
        """``text`` with every placeholder resolved, as inline nodes.

        A full stop right after a value that ends in its own ``?`` or ``!`` (a screen
        label) is left out: "choose **Wachtwoord vergeten?**", not "…vergeten?.".
        """
        out: list[Inline] = []
        for segment in parse(text):
            if isinstance(segment, str):
                if segment.startswith(".") and out and to_plain(tuple(out[-1:])).endswith(("?", "!")):
                    segment = segment[1:]
                out.append(segment)
                continue
            value = values[segment.name] if segment.name in values else self._slot(segment)
            out.extend(value if isinstance(value, tuple) else (value,))
        return tuple(out)

    def html(self, text: str, **values: Value) -> str:
        return to_html(self.nodes(text, **values))

    def plain(self, text: str, **values: Value) -> str:
        return to_plain(self.nodes(text, **values))

    def markdown(self, text: str, **values: Value) -> str:
        return to_markdown(self.nodes(text, **values))

    def _slot(self, slot: Slot) -> Value:
        s = self.school
        if slot.name == "school":
            return s.name
        if slot.name == "platform":
            return Link(f"{s.platform_url}/", (f"{s.smartschool}.smartschool.be",))
        if slot.name == "email":
            return Link(mailto(s.email), (s.email,))
        if slot.name == "email_given":
            return self.nodes(self.t(f"email_given_{s.email_given}"))
        if slot.name == "username":
            words = {"first": self.t("username_word_first"), "last": self.t("username_word_last")}
            return Strong((s.username.format.replace("{first}", words["first"]).replace("{last}", words["last"]),))
        if slot.name == "username_rule":
            return self._username_rule()
        if slot.name == "label":
            return self.label(self.labels[slot.arg])
        href, title = self.page(slot.arg)
        return Link(href, (title,))

    def _username_rule(self) -> tuple[Inline, ...]:
        rule = self.school.username
        out = self.nodes(self.t("username_spaces"))
        if rule.leaves_out:
            first, last = EXAMPLES[rule.leaves_out]
            example = self.nodes(self.t("username_example"), name=f"{first} {last}",
                                 username=Strong((rule.apply(first, last),)))
            out += (" ",) + self.nodes(self.t(f"username_leaves_out_{rule.leaves_out}"), example=example)
        return out

    def label(self, label: Label) -> tuple[Inline, ...]:
        """A screen label as the platform shows it, with the reader's translation beside it.

        A label not verified in the platform's language is given as it may read there or
        as it was seen for real ("Mot de passe oublié ? or Wachtwoord vergeten?").
        """
        platform = self.school.platform_language
        shown: tuple[Inline, ...] = (Strong((label.text[platform],)),)
        seen = sorted(label.verified)
        if seen and platform not in label.verified:
            shown = self.nodes(self.t("label_or"), label=shown, other=Strong((label.text[seen[0]],)))
        on_screen = {label.text[platform]} | ({label.text[seen[0]]} if seen else set())
        if label.text[self.lang] in on_screen:
            return shown
        return shown + (f" ({label.text[self.lang]})",)
