"""Running MkDocs: one build per language of a school, swapped into place when complete.

This is the one module of the package that imports MkDocs (with ``hooks/``); the
rest of helpflow is plain Python and would outlive a move to another generator.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from .errors import HelpflowError
from .language_site import load_school_cached, load_ui_cached, load_flow_cached
from .pages import language_index_html

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
ASSETS = Path(__file__).resolve().parent / "root_assets"


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say why, in a line each."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def build_school(school_path: Path, out: Path, flow_path: Path, ui_path: Path) -> list[str]:
    """Build every language of one school into ``out``; return warnings worth showing.

    The site is built in a temporary folder beside ``out`` and swapped in only when
    complete, so a failed or interrupted build leaves the previous site as it was.
    """
    school = load_school_cached(school_path)
    flow, ui = load_flow_cached(flow_path), load_ui_cached(ui_path)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        for lang in school.languages:
            _build_language(school_path, flow_path, ui_path, lang, tmp / lang)
        (tmp / "index.html").write_text(language_index_html(school, ui, flow.title), encoding="utf-8")
        for asset in ASSETS.iterdir():
            shutil.copyfile(asset, tmp / asset.name)
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return list(school.notes)


def _build_language(school_path: Path, flow_path: Path, ui_path: Path, lang: str, site_dir: Path) -> None:
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        config = load_config(str(CONFIG), site_dir=str(site_dir), strict=True)
        config.extra["helpflow"] = {"flow": str(flow_path), "ui": str(ui_path),
                                    "school": str(school_path), "language": lang}
        build(config)
    except Abort as exc:
        detail = "; ".join(collect.messages) or str(exc)
        raise HelpflowError(f"{school_path}: the {lang} site did not build: {detail}") from None
    except MkDocsException as exc:
        raise HelpflowError(" ".join(str(exc).split())) from None
    finally:
        logger.removeHandler(collect)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is, keeping the old site until the new one is in place."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / "site")
    new.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
