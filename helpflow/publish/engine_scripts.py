"""The inline scripts an engine's theme writes into its pages: the only ones a site assembled
from an engine's build lets run.

The Content-Security-Policy lets run every inline script whose hash it lists, and the
hashes come from the pages. A page an engine built is not helpflow's: a script in it
that nobody meant (a changed template, a file edited between the build and ``assemble``)
would be listed, and run. So ``assemble`` lists only the scripts below: Material's
(MkDocs 1.6, ProperDocs) and Zensical's, each known by the SHA-256 of its text, with the
one part that differs from page to page, the site's address given to ``new URL(…,
location)``, written as ``SCOPE``. helpflow's own pages hold no inline script. After an
engine's upgrade changes one of them, ``assemble`` names the page and the script: add its
hash here once its text has been read.
"""

from __future__ import annotations

import hashlib
import re

_SCOPE = re.compile(r'new URL\("[A-Za-z0-9._~/-]*",location\)')
"""The page's own address of the site: a plain relative or absolute path, no quote, no escape."""

KNOWN = {
    "e455a08e913d869896dc2af13151cdc8b03ef6cf601cec6c9e5c3e64b29adccd":
        "Material 9.8 base.html: __md_scope, __md_get and __md_set (local storage per site)",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f":
        "Material 9.8 base.html: opens the tab a link's #hash names",
    "c023f1c19a6ec273eea490981e9bb7c34f5ce16e77801f52d3c80123ea17f3f8":
        "Zensical 0.0.70 base.html: __md_scope, __md_get and __md_set",
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e":
        "Zensical 0.0.70 base.html: the colour palette the reader chose",
}
"""SHA-256 of each known script (``SCOPE`` in place of its address) -> what it is."""


def known(script: str) -> bool:
    """Whether ``script`` (an inline script's text) is one the known engines write."""
    return hashlib.sha256(_SCOPE.sub("new URL(SCOPE,location)", script).encode("utf-8")).hexdigest() in KNOWN
