"""The real strict MkDocs build of the demo school, and what a parent finds in its pages."""

from __future__ import annotations

import ast
import html
import re
import subprocess
from pathlib import Path

from helpflow.paths import ROOT, SCHOOLS
from helpflow.plan.site import page_paths


def text_of(page: Path) -> str:
    """The visible text of a built page's article, with entities decoded."""
    body = page.read_text(encoding="utf-8")
    article = body[body.index("<article"):body.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def test_every_language_and_page_is_built(content, demo, demo_site):
    assert (demo_site / "index.html").exists()
    for lang in demo.languages:
        paths = page_paths(content, demo, lang)
        # the help centre, the accessibility statement and the two answers' pages, then each flow's
        assert len(paths) == 4 + sum(len(f.questions) + len(f.outcomes) + 2 for f in content.flows_of(demo))
        for path in paths.values():
            assert (demo_site / lang / path.replace(".md", ".html")).exists(), (lang, path)


def test_every_html_block_set_aside_from_markdown_is_back_in_its_page(content, demo, demo_site):
    """``build.raw_html``: each page holds its outcome's steps and no mark left standing in for them."""
    for page in demo_site.rglob("*.html"):
        assert "<!--helpflow-html-" not in page.read_text(encoding="utf-8"), page
    for lang in demo.languages:
        for flow in content.flows_of(demo):
            for outcome in flow.outcomes.values():
                page = demo_site / lang / page_paths(content, demo, lang)[f"{flow.slug}/{outcome.id}"]
                assert 'class="hf-outcome-body"' in page.with_suffix(".html").read_text(encoding="utf-8")


def test_nothing_is_written_into_docs(demo_site):
    assert sorted(p.name for p in (ROOT / "docs").rglob("*.md")) == []


def test_dutch_pages_carry_every_fact_of_the_seed_sheet(build, tmp_path):
    """At a school whose practice is the sheet's school's (parents gave their address at the
    first sign-in), the flow is the sheet's. The demo school's parents gave it at enrolment."""
    school = tmp_path / "seed-school.yml"
    school.write_text(re.sub(r"(?m)^(flows|email_given|languages|logo):.*$", "", (SCHOOLS / "demo.yml").read_text(
        encoding="utf-8")) + "languages: [nl]\nemail_given: first-login\nflows: [wachtwoord-vergeten]\n",
        encoding="utf-8")
    nl = build(school) / "nl"
    q1 = text_of(nl / "e-mailadres-opgegeven.html")
    assert "Heeft u uw e-mailadres opgegeven wanneer u zich de eerste keer hebt aangemeld op het account?" in q1
    q2 = text_of(nl / "e-mailadres-geverifieerd.html")
    assert "Heeft u uw e-mailadres geverifieerd?" in q2
    assert "U kreeg een e-mail van Smartschool, heeft u op de link geklikt?" in q2
    mail = text_of(nl / "mail-naar-de-school.html")
    for fact in ("secretariaat van de school: secretariaat@demoschool.be",
                 "om welke leerling(en) het gaat",
                 "welk e-mailadres de school mag koppelen aan uw account",
                 "Dit e-mailadres moet verschillen van de e-mailadressen van de andere co-accounts die gekoppeld "
                 "zijn aan de leerling",
                 "U kan dus voor één kind geen twee co-accounts met hetzelfde e-mailadres koppelen",
                 "koppelt uw e-mailadres aan uw co-account",
                 "opnieuw een verificatiemail verzenden naar het door u opgegeven e-mailadres",
                 "Zo kan u daarna zelf de procedure voor een nieuw wachtwoord opstarten"):
        assert fact in mail, fact
    steps = text_of(nl / "vraag-zelf-een-nieuw-wachtwoord-aan.html")
    for fact in ("naar de startpagina van Smartschool van Demoschool Sint-Jozef: demoschool.smartschool.be",
                 "Dit is altijd school.smartschool.be, waarbij u bij school de Smartschool-naam van uw school ingeeft",
                 "Kies onderaan voor Wachtwoord vergeten? ",
                 "de gebruikersnaam en het e-mailadres in dat u gekoppeld hebt aan uw co-account van Smartschool",
                 "De gebruikersnaam is de voornaam.achternaam van uw kind",
                 "Bij voor- en achternaam worden eventuele spaties weggelaten",
                 "Indien u problemen ondervindt met de gebruikersnaam, kan u ook steeds contact opnemen met de school",
                 "klikt u op de knop Wachtwoord aanvragen",
                 "een e-mail met instructies over het aanmaken van een nieuw wachtwoord",
                 "dan zal u dit ook in de app opnieuw moeten ingeven"):
        assert fact in steps, fact


def test_school_values_become_real_links(demo_site):
    page = (demo_site / "nl" / "wachtwoord-vergeten" / "vraag-zelf-een-nieuw-wachtwoord-aan.html").read_text(
        encoding="utf-8")
    assert '<a href="https://demoschool.smartschool.be/">demoschool.smartschool.be</a>' in page
    assert '<a href="mailto:secretariaat@demoschool.be">secretariaat@demoschool.be</a>' in page
    assert "<title>Vraag zelf een nieuw wachtwoord aan - Demoschool Sint-Jozef</title>" in page


def test_diagram_is_inline_svg_with_links_ids_and_a_title(demo_site):
    page = (demo_site / "nl" / "wachtwoord-vergeten" / "schema.html").read_text(encoding="utf-8")
    start = page.index("<svg class=\"hf-diagram\"")
    svg = page[start:page.index("</svg>", start)]
    assert '<title id="hf-diagram-title">Schema</title>' in svg
    assert "<desc id=" in svg
    for target in ("e-mailadres-geverifieerd.html", "mail-naar-de-school.html",
                   "vraag-zelf-een-nieuw-wachtwoord-aan.html"):
        assert f'<a href="{target}" xlink:href="{target}"' in svg
    for node_id in ("email-given", "email-verified", "mail-school", "self-reset"):
        assert f'id="hf-node-{node_id}"' in svg
    for edge in ("email-given-yes", "email-given-no", "email-verified-yes", "email-verified-no"):
        assert f'id="hf-edge-{edge}"' in svg
    assert ">Ja<" in svg.replace(" Ja ", "Ja") and ">Nee<" in svg.replace(" Nee ", "Nee")
    assert "hf-self-service" in svg and "hf-contact-school" in svg


def _imports(path: Path) -> list[str]:
    """The helpflow modules ``path`` imports, as dotted names, wherever the import stands
    (inside a function, or for type checkers only: a cycle is one either way)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _modules() -> dict[str, Path]:
    package = ROOT / "helpflow"
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
            for p in package.rglob("*.py")}


def test_no_module_of_the_core_imports_one_that_imports_it_back():
    """No import cycles between any two modules, also not through a function-level import
    or one for type checkers (the layers' contract allows cycles inside a layer; this does not)."""
    modules = _modules()
    graph = {name: {n for n in _imports(path) if n in modules and n != name} for name, path in modules.items()}
    assert len(graph) > 30 and sum(map(len, graph.values())) > 50, "the walk found the package's imports"
    for module, uses in graph.items():
        seen, todo = set(), list(uses)
        while todo:
            other = todo.pop()
            assert other != module, f"{module} imports itself back through {sorted(seen)}"
            if other not in seen:
                seen.add(other)
                todo += graph.get(other, ())


def test_the_layers_import_only_downward_and_only_the_engine_adapter_imports_mkdocs():
    """The import contracts of pyproject.toml (import-linter): each layer imports only those
    below it, and no module but the engine adapter imports MkDocs or Material."""
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "lint-imports"), "--no-cache"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0 and "0 broken" in run.stdout, run.stdout[-3000:]


def test_material_knowledge_lives_in_one_module():
    """Material's class names appear in the core's code in helpflow/plan/material.py only."""
    checked = [path for name, path in _modules().items() if name != "helpflow.plan.material"]
    assert len(checked) > 30
    for path in checked:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'class="[^"]*\b(md-[a-z]|admonition)|--md-', text), path
