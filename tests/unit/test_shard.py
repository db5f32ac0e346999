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


@pytest.mark.parametrize("args", [
    ["--shard="], ["--shard", ""], ["--shard", "-1/2"], ["--shard=-1/2"], ["--shard", "3/2"], ["--shard", "a/b"],
    ["--shard", "0/2"], ["--shard", "1/2/3"], ["--shard", "１/2"], ["--shard"],
], ids=["equals-empty", "empty", "negative", "equals-negative", "k-over-n", "letters", "zero", "three-parts",
        "fullwidth-digit", "no-value"])
def test_a_bad_shard_is_one_error_line_and_builds_nothing(tmp_path, capsys, args):
    assert main(["build", "--all", "--schools", str(tmp_path), "--out", str(tmp_path / "sites"), *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "--shard" in err and "usage:" not in err, err
    assert not (tmp_path / "sites").exists()


@pytest.mark.parametrize("args", [
    [], ["buidl"], ["build", "--bogus"], ["build", "--out"], ["build", "--school", "a.yml", "--all"],
    ["translated", "a", "b", "c", "d"], ["assemble"], ["export"], ["check", "--strict=yes"], ["build", "\x1b[2J"],
], ids=["no-command", "unknown-command", "unknown-option", "missing-value", "exclusive", "too-many",
        "missing-argument", "missing-option", "value-for-flag", "escape-in-argument"])
def test_every_usage_error_is_one_error_line_exit_1(capsys, args):
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: helpflow") and "usage:" not in err, err
    assert err.isprintable() or err[:-1].isprintable(), repr(err)


def test_help_still_prints_and_exits_0(capsys):
    with pytest.raises(SystemExit) as done:
        main(["build", "--help"])
    assert done.value.code == 0 and "--shard" in capsys.readouterr().out
