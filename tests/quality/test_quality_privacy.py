"""Gate 4: the storage keys the crawl allows (tests/test_quality_crawl.py, which checks every
page and widget state for requests to other origins, cookies and storage) are the ones
README.md's "Privacy" section lists."""

from __future__ import annotations

import re

from helpflow.paths import ROOT

from quality_sites import DOCUMENTED_STORAGE


def test_the_readme_lists_every_key_the_tests_allow():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Privacy", 1)
    assert len(section) == 2, "README.md needs a '## Privacy' section"
    listed = set(re.findall(r"`([a-z][\w.-]*)`", section[1].split("\n## ", 1)[0]))
    assert listed >= DOCUMENTED_STORAGE
