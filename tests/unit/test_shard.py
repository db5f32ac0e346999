"""`helpflow build --all --shard K/N`: each school in exactly one shard, the same one
whatever else is in the group, and a bad share is one clear line."""

from __future__ import annotations

import pytest

from helpflow.build.shard import in_shard, parse_shard
from helpflow.cli import main
from helpflow.errors import HelpflowError

SLUGS = [f"school-{n:03}" for n in range(200)]


@pytest.mark.parametrize("count", [1, 2, 3, 8])
def test_every_school_is_in_exactly_one_shard_and_shards_are_even(count):
    shards = [[s for s in SLUGS if in_shard(s, (k, count))] for k in range(1, count + 1)]
    assert sorted(sum(shards, [])) == SLUGS
    assert all(len(shard) > len(SLUGS) / count / 2 for shard in shards)


def test_a_schools_shard_does_not_depend_on_the_others():
    before = {s: next(k for k in range(1, 9) if in_shard(s, (k, 8))) for s in SLUGS}
    assert {s: next(k for k in range(1, 9) if in_shard(s, (k, 8))) for s in SLUGS[::3]} == {
        s: before[s] for s in SLUGS[::3]}


@pytest.mark.parametrize("text", ["0/4", "5/4", "a/b", "1/", "1/0", "2/4\n", "-1/4"])
def test_a_bad_share_is_refused(text):
    with pytest.raises(HelpflowError, match="is not a share like 2/8"):
        parse_shard(text)


def test_the_command_builds_only_its_share(tmp_path, capsys):
    schools = tmp_path / "schools"
    schools.mkdir()
    for slug in ("alfa", "beta", "gamma", "delta"):
        (schools / f"{slug}.yml").write_text(f"name: {slug}\nsmartschool: {slug}\nemail: a@{slug}.be\n"
                                             f"site_url: https://{slug}.be/\nlanguages: [nl]\n"
                                             "flows: [wachtwoord-vergeten]\n", encoding="utf-8")
    mine = sorted(s for s in ("alfa", "beta", "gamma", "delta") if in_shard(s, (1, 3)))
    assert main(["build", "--all", "--schools", str(schools), "--out", str(tmp_path / "sites"),
                 "--shard", "1/3"]) == 0
    built = sorted(p.name for p in (tmp_path / "sites").iterdir()) if (tmp_path / "sites").exists() else []
    assert built == mine
    assert main(["build", "--shard", "1/3"]) == 1
    assert "needs --all" in capsys.readouterr().err
