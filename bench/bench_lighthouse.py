"""Lighthouse: issue #12's target 6, on the demo site as a school would host it.

Lighthouse 12.8.2 (npm, pinned in bench/package.json: the last 12.x, which runs on Debian's
Node 18 and reads the traces of Debian's Chromium, where 12.2.3 failed seven audits on
them) with Debian's Chromium, mobile (its
default: simulated slow 4G and a 4x slower CPU) and desktop (``--preset=desktop``), on
the nl, fr and en home pages and one outcome page. The site is served on 127.0.0.1 by
a real nginx that includes the site's own ``nginx.conf`` snippet, with gzip on for the
text types (HTML, CSS, JavaScript, JSON, SVG, XML), as a host's usual configuration does.
Targets: performance >= 95; accessibility, best practices and SEO 100; CLS 0. Each page
and form factor runs once (Lighthouse's scores move by a few points between runs; the
machine's load moves performance most): every audit that cost a point is named.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from helpflow.paths import CONTENT, SCHOOLS
from helpflow.plan.site import plan_files

from .nginx import served

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}
OUTCOME = "wachtwoord-vergeten/mail-school"
"""The outcome page measured (flow/node id): the seed's "Mail naar de school", with its mail composer."""

def pages() -> list[str]:
    """URL paths of the pages measured: each language's home, then the outcome page in Dutch."""
    plan = plan_files(CONTENT, SCHOOLS / "demo.yml", "nl")
    outcome = next(page.path for page in plan.pages if page.key == OUTCOME)
    return [f"/{lang}/index.html" for lang in plan.school.languages] + [f"/nl/{outcome[:-3]}.html"]


def lighthouse(url: str, form_factor: str, output: Path) -> dict:
    """One Lighthouse run of ``url``; its JSON report (also left at ``output``)."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
               *FORM_FACTORS[form_factor]]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=300)
    if done.returncode:
        raise RuntimeError(f"lighthouse {url} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def scores(result: dict) -> dict[str, float]:
    """Each category's score out of 100, rounded as Lighthouse shows it, and the CLS; a score
    Lighthouse could not compute counts as 0, a CLS as infinite."""
    got: dict[str, float] = {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    return got | {"CLS": result["audits"]["cumulative-layout-shift"].get("numericValue", float("inf"))}


def met(name: str, value: float) -> bool:
    return value == 0 if name == "CLS" else value >= MINIMUM[name]


def _where(audit: dict) -> str:
    """The first few resources or elements an audit names, with the cause it gives: where to look."""
    items = (audit.get("details") or {}).get("items") or []
    found = []
    for item in items[:3]:
        node = item.get("node") or item.get("source") or {}
        snippet = node.get("snippet") or ""
        where = (urlsplit(item["url"]).path if isinstance(item.get("url"), str)
                 else node.get("selector") if re.fullmatch(r"<\w+>", snippet) else snippet)
        causes = {sub["cause"] for sub in (item.get("subItems") or {}).get("items", []) if sub.get("cause")}
        if where:
            found.append(where + (f" ({'; '.join(sorted(causes))})" if causes else ""))
    return f" [{', '.join(found)}{', ...' if len(items) > 3 else ''}]" if found else ""


def _line(category: str, audit_id: str, audit: dict) -> str:
    value = f": {audit['displayValue']}" if audit.get("displayValue") else ""
    return f"{category}: {audit_id} ({audit['title']}){value}{_where(audit)}"


def _refs(result: dict) -> Iterator[tuple[str, dict, dict]]:
    """(category, audit reference, audit) for every audit of the measured categories."""
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            yield name, ref, result["audits"][ref["id"]]


def failing_audits(result: dict) -> list[str]:
    """Each weighed audit short of full marks, each audit that could not run, and, when the
    layout shifted, the elements that moved."""
    lines, moved = [], scores(result)["CLS"] > 0
    for name, ref, audit in _refs(result):
        score, shifted = audit["score"], moved and ref["id"] == "layout-shifts"
        if audit["scoreDisplayMode"] == "error":
            lines.append(f"{name}: {ref['id']} ({audit['title']}) could not run: {audit.get('errorMessage')}")
        elif (ref["weight"] > 0 and score is not None and score < 1) or shifted:
            lines.append(_line(name, ref["id"], audit))
    return lines


def flagged_audits(result: dict) -> dict[str, str]:
    """The opportunities and diagnostics Lighthouse flags (score below 0.9), which weigh
    nothing themselves, by audit id."""
    return {ref["id"]: _line(name, ref["id"], audit) for name, ref, audit in _refs(result)
            if name == "performance" and not ref["weight"] and ref["id"] != "layout-shifts"
            and audit["score"] is not None and audit["score"] < 0.9}


def report(page: str, form_factor: str, result: dict) -> dict[str, float]:
    """Print one page and form factor's scores and what cost them points; return the scores."""
    got = scores(result)
    print(f"  {page} {form_factor}: " + ", ".join(
        f"{name} {got[name]:.3f}" if name == "CLS" else f"{name} {got[name]:.0f}" for name in got)
        + ("" if all(met(name, value) for name, value in got.items()) else " (MISSED)"))
    if result.get("runtimeError"):
        print(f"    Lighthouse could not measure the page: {result['runtimeError'].get('message')}")
    for line in failing_audits(result):
        print(f"    {line}")
    return got


def print_flagged(flagged: dict[str, list[str]], runs: int) -> None:
    """Each flagged audit once, as the first run that flagged it named it."""
    if flagged:
        print("  flagged by Lighthouse, no points of their own (opportunities and diagnostics):")
    for lines in flagged.values():
        print(f"    {lines[0]} (in {len(lines)} of {runs} runs)")


def verdicts(runs: dict[str, dict[str, float]]) -> bool:
    """One line per target: the worst run of every page and form factor."""
    ok = True
    for name, limit in [*((name, f">= {MINIMUM[name]}") for name in CATEGORIES), ("CLS", "0")]:
        worst = (max if name == "CLS" else min)(runs, key=lambda run: runs[run][name])
        value = runs[worst][name]
        shown = f"{value:.3f}" if name == "CLS" else f"{value:.0f}"
        missed = sum(not met(name, got[name]) for got in runs.values())
        print(f"target 6 Lighthouse {name}, worst of {len(runs)} runs: {shown} ({worst}; {missed} missed) "
              f"(target {limit}): {'met' if met(name, value) else 'MISSED'}")
        ok = met(name, value) and ok
    return ok


def build_site(folder: Path) -> Path:
    """The demo school's site, built by the command a school runs, readable by nginx's workers."""
    folder.chmod(0o755)
    site = folder / "site"
    subprocess.run([str(Path(sys.executable).parent / "helpflow"), "build", "--out", str(site)],
                   check=True, stdout=subprocess.DEVNULL)
    return site


def measure_all(base: str, tmp: Path) -> dict[str, dict[str, float]]:
    """Every page in every form factor, one Lighthouse run each, printed as it ends."""
    runs: dict[str, dict[str, float]] = {}
    flagged: dict[str, list[str]] = {}
    for page in pages():
        for form_factor in FORM_FACTORS:
            output = tmp / f"{page.strip('/').replace('/', '-')}-{form_factor}.json"
            try:
                result = lighthouse(base + page.lstrip("/"), form_factor, output)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:  # one failed run must not hide the others
                print(f"  {page} {form_factor}: not measured (MISSED): {exc}")
                runs[f"{page} {form_factor}"] = dict.fromkeys(CATEGORIES, 0) | {"CLS": float("inf")}
                continue
            runs[f"{page} {form_factor}"] = report(page, form_factor, result)
            for audit_id, line in flagged_audits(result).items():
                flagged.setdefault(audit_id, []).append(line)
    print_flagged(flagged, len(runs))
    return runs


def run() -> bool:
    if not LIGHTHOUSE.exists():
        print(f"  Lighthouse is missing ({LIGHTHOUSE}): run `make bench`, which installs it")
        return False
    with tempfile.TemporaryDirectory(prefix="helpflow-lighthouse-") as tmp, served(build_site(Path(tmp))) as base:
        runs = measure_all(base, Path(tmp))
    return verdicts(runs)


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
