"""Our files named by their content, once at a site's root (``theme_assets.share_ours``): on a
small site written here, each case a way a page or a script reaches a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpflow.errors import HelpflowError
from helpflow.publish.headers import FINGERPRINTED
from helpflow.publish.theme_assets import share_ours

pytestmark = pytest.mark.any_worker

LANGS = ("nl", "fr")
PAGE = ('<link rel="stylesheet" href="{up}assets/site.css"><img src="{up}assets/logo.svg">'
        '<script type="module" src="{up}assets/widget/main.js"></script><a href="{up}index.html">home</a>')
SCRIPTS = {
    "assets/widget/main.js": '// the entry\nimport { start } from "./widget.js";\nstart();\n',
    "assets/widget/widget.js": 'import { el } from "../lib/dom.js";\nexport function start() {\n  el("x");\n'
                               '  return import(new URL(`../tools/${"mail"}.js`, import.meta.url).href);\n}\n',
    "assets/lib/dom.js": "/* helpers */\nexport function el(tag) {\n    return document.createElement(tag);\n}\n",
    "assets/tools/mail.js": 'import { el } from "../lib/dom.js";\nexport default el;\n',
}


def write_site(site: Path, scripts: dict[str, str] = SCRIPTS, langs: tuple[str, ...] = LANGS) -> None:
    for lang in langs:
        for path, text in {**scripts, "assets/site.css": "/* ours */\nbody {\n  color: red;\n}\n",
                           "assets/logo.svg": "<svg/>"}.items():
            (site / lang / path).parent.mkdir(parents=True, exist_ok=True)
            (site / lang / path).write_text(text, encoding="utf-8")
        (site / lang / "index.html").write_text(PAGE.format(up=""), encoding="utf-8")
        (site / lang / "flow").mkdir()
        (site / lang / "flow" / "step.html").write_text(PAGE.format(up="../"), encoding="utf-8")
        (site / lang / "404.html").write_text(PAGE.format(up=f"/help/{lang}/"), encoding="utf-8")


def root_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file())


def urls(page: Path) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_language_points_at_one_copy_named_by_its_content(tmp_path):
    write_site(tmp_path)
    share_ours(tmp_path, LANGS)
    kept = root_files(tmp_path)
    assert len(kept) == 6 and not any((tmp_path / lang / "assets").exists() for lang in LANGS), kept
    named = [name for name in kept if name != "assets/tools/mail.js"]
    assert all(re.search(FINGERPRINTED, name) for name in named), named
    for lang in LANGS:
        assert urls(tmp_path / lang / "index.html")[:3] == [f"../{name}" for name in (
            next(n for n in kept if n.startswith(stem)) for stem in ("assets/site.", "assets/logo.", "assets/widget/main."))]
        assert urls(tmp_path / lang / "flow" / "step.html")[0].startswith("../../assets/site.")
        assert urls(tmp_path / lang / "404.html")[0].startswith("/help/assets/site."), "the 404 page's links from the host's root"
        assert urls(tmp_path / lang / "index.html")[3] == "index.html", "a page's own links are left alone"


def test_scripts_and_styles_are_minified_and_import_each_other_by_their_new_names(tmp_path):
    write_site(tmp_path)
    share_ours(tmp_path, LANGS)
    kept = {name.split("/")[-1].split(".")[0]: (tmp_path / name).read_text(encoding="utf-8")
            for name in root_files(tmp_path)}
    assert "the entry" not in kept["main"] and "helpers" not in kept["dom"] and "ours" not in kept["site"]
    dom = next(name for name in root_files(tmp_path) if "/dom." in name).split("/")[-1]
    assert f'"../lib/{dom}"' in kept["widget"] and f'"../lib/{dom}"' in kept["mail"]
    assert "`../tools/${" in kept["widget"], "a computed import is left as it is"
    assert (tmp_path / "assets/tools/mail.js").is_file(), "what only a computed import reaches keeps its name"


def test_a_changed_module_renames_every_script_that_imports_it(tmp_path):
    write_site(tmp_path / "a")
    write_site(tmp_path / "b", {**SCRIPTS, "assets/lib/dom.js": SCRIPTS["assets/lib/dom.js"].replace("tag", "name")})
    for site in ("a", "b"):
        share_ours(tmp_path / site, LANGS)
    before, after = set(root_files(tmp_path / "a")), set(root_files(tmp_path / "b"))
    changed = {name.split("/")[-1].split(".")[0] for name in before ^ after}
    assert changed == {"dom", "widget", "main"}, "a browser would keep an old script importing the old module"


def test_scripts_that_import_each_other_in_a_cycle_are_named_together(tmp_path):
    write_site(tmp_path, {"assets/widget/main.js": 'import "./a.js";\n', "assets/widget/a.js": 'import "./b.js";\n',
                          "assets/widget/b.js": 'import "./a.js";\n'}, ("nl",))
    share_ours(tmp_path, ("nl",))
    names = {name.split("/")[-1] for name in root_files(tmp_path)}
    a, b = (next(n for n in names if n.startswith(f"{x}.")) for x in "ab")
    assert a.split(".")[1] == b.split(".")[1]
    assert f'"./{b}"' in (tmp_path / "assets/widget" / a).read_text(encoding="utf-8")
    assert f'"./{a}"' in (tmp_path / "assets/widget" / b).read_text(encoding="utf-8")


def test_a_file_no_page_names_must_be_the_same_in_every_language(tmp_path):
    write_site(tmp_path)
    (tmp_path / "fr/assets/tools/mail.js").write_text("export default 1;\n", encoding="utf-8")
    with pytest.raises(HelpflowError, match="fr/assets/tools/mail.js"):
        share_ours(tmp_path, LANGS)
