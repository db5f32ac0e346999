"""The widget's tools: small helpers an outcome names in the model (``tools: [mail-composer]``).

The behaviour of each lives in ``docs/assets/widget.js``; this registry says which
texts each needs, so that ``helpflow check`` can name a missing one before a build.
"""

from __future__ import annotations

FLOW_TEXTS: dict[str, tuple[str, ...]] = {
    "mail-composer": ("mail_subject", "mail_request"),
    "username-helper": (),
}
"""Tool name -> the texts it needs from the flow's own ``texts.yml``."""

UI_TEXTS: dict[str, tuple[str, ...]] = {
    "mail-composer": ("composer_heading", "composer_intro", "composer_parent", "composer_relation",
                      "relation_mother", "relation_father", "relation_guardian", "relation_other",
                      "composer_pupils", "composer_address", "composer_reminder", "composer_invalid",
                      "composer_send", "composer_copy", "composer_copied", "composer_preview"),
    "username-helper": ("username_heading", "username_first", "username_last", "username_result",
                        "username_plain", "username_help"),
}
"""Tool name -> the site texts (``ui.yml``) its interface shows."""

HEADINGS = {"mail-composer": "composer_heading", "username-helper": "username_heading"}
"""Tool name -> its heading (``ui.yml``), also the start a parent opens it with."""

MAIL_TEXTS = ("mail_greeting", "mail_pupils", "mail_parent", "mail_address", "mail_thanks",
              "relation_mother", "relation_father", "relation_guardian", "relation_other")
"""The mail's own lines from ``ui.yml``, written in the platform's language."""

NAMES = tuple(FLOW_TEXTS)
