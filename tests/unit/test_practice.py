"""A school never publishes a flow that says what is not so there: each flow states the
school practice it assumes, ``check`` refuses a school listing a flow its facts contradict,
and a school without ``flows`` gets only the flows that hold for it. Generated from the
model: every flow's ``assumes`` against every value a school may state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpflow.cli import main
from helpflow.errors import HelpflowError
from helpflow.load.content import load_content
from helpflow.load.practice import contradiction, holds
from helpflow.load.school import load_school
from helpflow.paths import CONTENT as CONTENT_DIR
from helpflow.paths import SCHOOLS

pytestmark = pytest.mark.any_worker

CONTENT = load_content(CONTENT_DIR)
CHOICES = CONTENT.email_given_choices
SCHOOL = "name: Sint-Jozef\nsmartschool: sintjozef\nemail: secretariaat@sintjozef.be\nsite_url: https://help.sintjozef.be/\n"


def school_file(folder: Path, **keys: str) -> Path:
    path = folder / "sint-jozef.yml"
    path.write_text(SCHOOL + "".join(f"{key}: {value}\n" for key, value in keys.items()), encoding="utf-8")
    return path


def test_each_flow_states_the_practice_it_assumes():
    for flow in CONTENT.flows.values():
        assert set(flow.assumes) == {"email_given"} and set(flow.assumes["email_given"]) <= set(CHOICES), flow.slug
    assert CONTENT.flows["co-account-activeren"].assumes["email_given"] == ("enrolment",)
    assert "first-login" in CONTENT.flows["wachtwoord-vergeten"].assumes["email_given"], "the seed's school"


@pytest.mark.parametrize("given", CHOICES)
def test_without_flows_a_school_gets_exactly_the_flows_that_hold(tmp_path, given):
    school = load_school(school_file(tmp_path, email_given=given), CONTENT)
    expected = tuple(slug for slug, flow in CONTENT.flows.items() if given in flow.assumes.get("email_given", CHOICES))
    assert school.flows == expected and expected
    assert all(holds(f, {"email_given": given}) for f in CONTENT.flows_of(school))


def test_a_first_login_school_does_not_get_the_activation_flow(tmp_path):
    school = load_school(school_file(tmp_path), CONTENT)  # first-login: the default
    assert school.email_given == "first-login" and "co-account-activeren" not in school.flows
    assert "wachtwoord-vergeten" in school.flows


@pytest.mark.parametrize("slug, given", [(slug, given) for slug, flow in CONTENT.flows.items() for given in CHOICES
                                         if given not in flow.assumes.get("email_given", CHOICES)])
def test_listing_a_flow_the_facts_contradict_fails_check_with_one_line(tmp_path, capsys, slug, given):
    schools = tmp_path / "schools"
    schools.mkdir()
    path = school_file(schools, email_given=given, flows=f"[{slug}]")
    assert main(["check", "--schools", str(schools)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"error: {path}:6: flows: '{slug}' assumes email_given: ")
    assert f"but this school has email_given: {given}; remove '{slug}' from flows" in errors[0]
    with pytest.raises(HelpflowError):
        load_school(path, CONTENT)  # and nothing is built for it


def test_the_demo_schools_flows_agree_with_its_facts():
    demo = load_school(SCHOOLS / "demo.yml", CONTENT)
    facts = {"email_given": demo.email_given}
    assert len(demo.flows) > 1, "the demo shows a help centre"
    assert [contradiction(flow, facts) for flow in CONTENT.flows_of(demo)] == [None] * len(demo.flows)


def test_a_flow_assuming_a_value_no_school_can_have_is_refused(tmp_path):
    root = Path(shutil.copytree(CONTENT_DIR, tmp_path / "flow"))
    flow = root / "co-account-activeren" / "flow.yml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("[enrolment]", "[enrollment]"), encoding="utf-8")
    with pytest.raises(HelpflowError) as caught:
        load_content(root)
    assert caught.value.problems == [f"{flow}: assumes.email_given: 'enrollment' is not a value of email_given; "
                                     f"expected one of: {', '.join(CHOICES)}"]
