"""Pages without the indentation their templates leave: a fifth of a site's bytes.

Material's templates indent every tag, and blank lines stay where a block wrote nothing.
A browser shows a run of spaces and line breaks between words or tags as one space
(CSS ``white-space: normal``), so each run that holds a line break becomes that line
break alone: the page looks the same, and its source still reads line by line. Nothing
changes inside a tag (its attribute values), a comment, the elements whose spaces show
as written (``pre``, ``textarea``, ``code``, ``kbd``), nor ``script`` and ``style``
(code, whose hashes the Content-Security-Policy lists). Only HTML's own spaces count:
a no-break space is text.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"(<(pre|textarea|code|kbd|script|style)\b.*?</\2\s*>)", re.I | re.S)
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RUN = re.compile(r"[ \t\f\r]*\n[ \t\f\r\n]*")


def squeeze(html: str) -> str:
    """``html`` with every run of spaces holding a line break outside tags made that line break."""
    parts = _KEPT.split(html)  # text, kept element, its name, text, ...
    out = []
    for i in range(0, len(parts), 3):
        out += [piece if j % 2 else _RUN.sub("\n", piece) for j, piece in enumerate(_TAG.split(parts[i]))]
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)

