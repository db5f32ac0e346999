"""Model texts to Markdown and HTML, with every outside string escaped for where it lands."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from .model import Flow, Label
from .school import School

PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z0-9_-]+))?\}")
"""``{school}``, ``{label:forgot_password}``: what the generator fills into a model text."""

_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


def fold_space(text: str) -> str:
    """Runs of ASCII whitespace as one space; French's narrow no-break spaces stay."""
    return _ASCII_SPACE.sub(" ", text).strip()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
"""Python-Markdown's escapable characters; the extensions we enable add no others."""


def md_escape(text: str) -> str:
    """Plain text made safe as Markdown inline text: HTML-escaped, Markdown syntax inert."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


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


def html_path(source: str) -> str:
    """The built page's address (``slug.html``) of a generated page's source (``slug.md``)."""
    return source.removesuffix(".md") + ".html"


@dataclass(frozen=True)
class Context:
    """What a text needs to become a page's Markdown: the reader's language and the school."""

    lang: str
    school: School
    flow: Flow
    ui: Mapping[str, Mapping[str, str]]
    page_link: Callable[[str], str]
    """Markdown link target of a node's page, relative to the current page."""

    def t(self, key: str, **values: str) -> str:
        """A UI text of ours, as Markdown, with placeholders filled in."""
        return self.render(self.ui[key][self.lang], **values)

    def render(self, text: str, **values: str) -> str:
        """A model text as Markdown inline text: escaped, placeholders filled in."""
        out, last = [], 0
        for match in PLACEHOLDER.finditer(text):
            out.append(md_escape(text[last:match.start()]))
            out.append(values[match[1]] if match[1] in values else self._placeholder(match[1], match[2]))
            last = match.end()
        out.append(md_escape(text[last:]))
        return "".join(out)

    def _placeholder(self, name: str, arg: str | None) -> str:
        s = self.school
        if name == "school":
            return md_escape(s.name)
        if name == "platform":
            return f'<a href="{attr(s.platform_url)}/">{html.escape(s.smartschool)}.smartschool.be</a>'
        if name == "email":
            return f'<a href="{attr(mailto(s.email))}">{html.escape(s.email)}</a>'
        if name == "label":
            return self.label(self.flow.labels[arg or ""])
        node = self.flow.node(arg or "")
        return f"[{md_escape(node.title[self.lang])}]({self.page_link(node.id)})"

    def label(self, label: Label) -> str:
        """A screen label as the platform shows it, with the reader's translation beside it.

        A label not verified in the platform's language also gives the Dutch one, which is.
        """
        shown = label.text[self.school.platform_language]
        extra = []
        if self.lang != self.school.platform_language:
            extra.append(md_escape(label.text[self.lang]))
        if self.school.platform_language not in label.verified and "nl" in label.verified \
                and self.lang != "nl":
            extra.append(self.t("label_dutch", label=f"<b>{html.escape(label.text['nl'])}</b>"))
        quoted = f"<b>{html.escape(shown)}</b>"
        return f"{quoted} ({'; '.join(extra)})" if extra else quoted
