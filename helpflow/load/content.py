"""Everything in the content folder (``flow/``), loaded once: languages, site texts,
screen labels and every flow. A school then picks its flows and may reword their texts.

``flow/`` layout::

    languages.yml         the language registry
    ui.yml                texts of the site and the widget's tools, shared by every flow
    labels.yml            Smartschool's own screen labels
    translations.lock     which source text each translation was made from
    <slug>/flow.yml       one flow: its questions, outcomes and their texts
    <slug>/texts.yml      that flow's texts for its tools (optional)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpflow.errors import HelpflowError, problem
from helpflow.load import tools
from helpflow.load.flowfile import (
    FLOW_FILE,
    OUTCOME_KINDS,
    check_rules,
    freshness_warning,
    load_flow,
    load_labels,
    load_ui,
    read_flow_files,
)
from helpflow.load.languages import load_languages
from helpflow.load.practice import check_assumes
from helpflow.model.flow import Flow, Label, Localized
from helpflow.model.languages import Languages
from helpflow.model.school import School

UI_FILE, LABELS_FILE, LANGUAGES_FILE, LOCK_FILE = "ui.yml", "labels.yml", "languages.yml", "translations.lock"

REQUIRED_UI = (
    "home_heading", "home_outcomes", "diagram_title", "diagram_intro", "diagram_desc", "see_diagram",
    "start_again", "language_choice", "handout_link", "handout_intro_one", "handout_intro_other", "handout_qr", "handout_platform",
    "handout_secretariat", "handout_phone", "your_answers", "change", "previous_answer", "see_route",
    "outcome_page", "help_centre_title", "help_centre_intro", "username_word_first", "username_word_last",
    "username_spaces", "username_example", "username_leaves_out_accents", "username_leaves_out_special",
    "username_leaves_out_both", "contact_heading", "contact_phone",
    "contact_hours", "back_to", "way_back", "label_or", "landmark_header", "search_dialog",
    "not_found_title", "not_found_text", "not_found_other", "not_found_page_title", "not_found_desc",
    "diagram_back", "answer_unknown", "sources_checked", "sources_heading",
    *(f"kind_{kind}" for kind in OUTCOME_KINDS),
)
"""Site texts the code shows; a missing one is a ``check`` error, not a failed build."""


@dataclass(frozen=True)
class Content:
    root: Path
    languages: Languages
    ui: Mapping[str, Localized]
    labels: Mapping[str, Label]
    flows: Mapping[str, Flow]
    """Every flow by slug, in the order of their folder names."""
    _raw: Mapping[str, tuple[Any, Any]] = field(default_factory=dict, repr=False)

    @property
    def lock(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def email_given_choices(self) -> tuple[str, ...]:
        """Where a school's parents may have given their address: ``email_given_<choice>`` in ui.yml."""
        return tuple(key.removeprefix("email_given_") for key in self.ui if key.startswith("email_given_"))

    def flows_of(self, school: School) -> tuple[Flow, ...]:
        """The school's flows, with the school's own wording in place of the model's."""
        return tuple(self._flow(slug, school.texts.get(slug, {})) for slug in school.flows)

    def _flow(self, slug: str, overrides: Mapping[str, Mapping[str, str]]) -> Flow:
        if not overrides:
            return self.flows[slug]
        return load_flow(self.root / slug, self.languages, self.labels, overrides, raw=self._raw[slug])

    def rule_problems(self, today: datetime.date) -> list[str]:
        """What each flow owes a parent beyond a sound tree (``flowfile.check_rules``)."""
        return [line for slug, flow in self.flows.items()
                for line in check_rules(flow, self._raw[slug][0], self.ui["answer_unknown"], today)]

    def freshness_warnings(self, today: datetime.date) -> list[str]:
        """A line for each flow last checked against its sources too long ago."""
        return [line for slug, flow in self.flows.items()
                if (line := freshness_warning(flow, self._raw[slug][0], today))]

    def sources(self) -> dict[str, Mapping[str, Localized]]:
        """Every translatable text by file (relative to the content folder) and key."""
        found: dict[str, Mapping[str, Localized]] = {UI_FILE: self.ui, LABELS_FILE: {
            key: label.text for key, label in self.labels.items()}}
        for slug, flow in self.flows.items():
            found[f"{slug}/{FLOW_FILE}"] = flow.texts
            if flow.tool_texts:
                found[f"{slug}/texts.yml"] = flow.tool_texts
        return found


def load_content(root: Path) -> Content:
    """Load and check the content folder; raise HelpflowError listing every problem."""
    languages = load_languages(root / LANGUAGES_FILE)
    problems: list[str] = []
    ui: dict[str, Localized] = {}
    labels: dict[str, Label] = {}
    try:
        ui.update(load_ui(root / UI_FILE, languages))
    except HelpflowError as exc:
        problems += exc.problems
    try:
        labels.update(load_labels(root / LABELS_FILE, languages))
    except HelpflowError as exc:
        problems += exc.problems
    if not problems:
        problems += _missing_ui(root / UI_FILE, ui, languages)
    folders = sorted(p.parent for p in root.glob(f"*/{FLOW_FILE}"))
    if not folders:
        problems.append(problem(root, "", "no flows found", f"add a folder with a {FLOW_FILE}, like "
                                "flow/wachtwoord-vergeten/flow.yml"))
    raw: dict[str, tuple[Any, Any]] = {}
    flows: dict[str, Flow] = {}
    for folder in folders:
        try:
            raw[folder.name] = read_flow_files(folder)
            if not problems:
                flows[folder.name] = load_flow(folder, languages, labels, raw=raw[folder.name])
        except HelpflowError as exc:
            problems += exc.problems
    choices = {"email_given": tuple(k.removeprefix("email_given_") for k in ui if k.startswith("email_given_"))}
    problems += [line for flow in flows.values() for line in check_assumes(flow, choices)]
    if problems:
        raise HelpflowError(problems)
    return Content(root, languages, ui, labels, flows, raw)


def _missing_ui(path: Path, ui: Mapping[str, Localized], languages: Languages) -> list[str]:
    """Site texts the code will ask for, named before any build does."""
    needed = [*REQUIRED_UI, *tools.site_texts()]
    needed += [f"composer_translation_{lang}" for lang in languages.platform]
    missing = [problem(path, key, "missing site text", f"add '{key}:' with a text per language")
               for key in needed if key not in ui]
    if not any(key.startswith("email_given_") for key in ui):
        missing.append(problem(path, "email_given_first-login", "no choice for where parents gave their address",
                               "add at least one 'email_given_<choice>:' text"))
    return missing
