"""The widget's tools: small helpers an outcome or a step names in the model (``tools: [mail-composer]``).

A tool is a component folder (``helpflow/plan/tools/<name>/``, like a GOV.UK Frontend
component): ``tool.yml`` declares the texts it needs (this value), ``__init__.py`` its data
from the plan and its help without JavaScript, ``script.js`` and ``style.css`` its behaviour
and look. ``helpflow.load.tools`` reads the declarations, so ``check`` can name a missing
text before a build; ``helpflow.plan.tools`` pairs each with its code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ToolSpec:
    name: str
    """The name flows use (``mail-composer``): the folder's name, ``_`` written ``-``."""
    heading: str
    """Its site text (``ui.yml``) naming it: the summary a parent opens it with, and its heading."""
    ui: tuple[str, ...] = ()
    """The other site texts (``ui.yml``) its script shows, in the reader's or the platform's language."""
    fallback: tuple[str, ...] = ()
    """Site texts only its help without JavaScript shows (its code fills their placeholders)."""
    flow_texts: tuple[str, ...] = ()
    """The texts each flow that names it gives in its own ``texts.yml`` (a mail's subject)."""

    @property
    def script_texts(self) -> tuple[str, ...]:
        return (self.heading, *self.ui)

    @property
    def site_texts(self) -> tuple[str, ...]:
        """Every site text it needs: ``check`` asks ``ui.yml`` for each."""
        return (self.heading, *self.ui, *self.fallback)
