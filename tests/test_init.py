"""`pingyi init DIR`: a small workspace that passes `pingyi check` cleanly, explains itself
in Chinese, and is never written over anything."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pingyi
from pingyi.cli import app
from pingyi.init import InitConflict, create_workspace

CJK = re.compile(r"[\u4e00-\u9fff]")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_creates_a_workspace_that_checks_clean(tmp_path):
    target = tmp_path / "新工作区"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert (target / "pingyi.yaml").is_file()
    check = run("check", "-w", target, "--strict", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout) == {"errors": [], "warnings": []}


@pytest.mark.parametrize("year", [2024, dt.date.today().year])
def test_the_workspace_is_clean_for_its_year(tmp_path, year):
    create_workspace(tmp_path / "ws", year=year)
    result = pingyi.load(tmp_path / "ws", cache=False)
    assert result.diagnostics == [], [d.format() for d in result.diagnostics]
    ws = result.workspace
    assert ws.year == year
    assert ws.orgs and ws.members and ws.rounds and ws.commitments and ws.ratings


def test_the_year_option(tmp_path):
    assert run("init", tmp_path / "ws", "--year", "2023").exit_code == 0
    assert "year: 2023" in (tmp_path / "ws" / "pingyi.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "ws" / "commitments" / "2023.yaml").is_file()
    assert pingyi.load(tmp_path / "ws", cache=False).diagnostics == []


@pytest.mark.parametrize("name", ["江城市教育局党委", "A: B # 党委", "'引号' \"双引号\""])
def test_the_name_option(tmp_path, name):
    assert run("init", tmp_path / "ws", "--name", name).exit_code == 0
    result = pingyi.load(tmp_path / "ws", cache=False)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.workspace.name == name


def test_every_file_carries_chinese_comments(tmp_path):
    written = create_workspace(tmp_path / "ws", year=2024)
    texts = [p for p in written if p.suffix in (".yaml", ".yml") or p.name == ".gitignore"]
    assert len(texts) >= 5
    for path in texts:
        comments = [
            line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#") or " # " in line
        ]
        assert any(CJK.search(c) for c in comments), f"{path.name} has no Chinese comment"


def test_every_yaml_file_has_a_schema_modeline_that_exists(tmp_path):
    written = create_workspace(tmp_path / "ws", year=2024)
    yamls = [p for p in written if p.suffix == ".yaml"]
    for path in yamls:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        m = MODELINE.match(first)
        assert m, f"{path.name} does not start with a schema modeline"
        schema = (path.parent / m.group(1)).resolve()
        assert schema.is_file(), f"{path}: {m.group(1)} does not exist"
        assert json.loads(schema.read_text(encoding="utf-8"))["$schema"].startswith("http://json-schema.org/draft-07")


def test_init_again_refuses_and_changes_nothing(tmp_path):
    target = tmp_path / "ws"
    assert run("init", target).exit_code == 0
    before = snapshot(target)
    result = run("init", target)
    assert result.exit_code == 2
    assert "pingyi.yaml" in result.stderr
    assert snapshot(target) == before


def test_init_with_one_conflicting_file_writes_nothing(tmp_path):
    target = tmp_path / "ws"
    (target / "orgs").mkdir(parents=True)
    (target / "orgs" / "committee.yaml").write_text("# 我自己的文件\n", encoding="utf-8")
    before = snapshot(target)
    result = run("init", target)
    assert result.exit_code == 2
    assert "orgs/committee.yaml" in result.stderr
    assert snapshot(target) == before
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["orgs", "orgs/committee.yaml"]


def test_create_workspace_raises_init_conflict(tmp_path):
    (tmp_path / "pingyi.yaml").write_text("pingyi: 1\n", encoding="utf-8")
    with pytest.raises(InitConflict):
        create_workspace(tmp_path, year=2024)
    assert [p.name for p in tmp_path.iterdir()] == ["pingyi.yaml"]


def test_init_in_a_folder_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    assert run("init", tmp_path).exit_code == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert pingyi.load(tmp_path, cache=False).ok


def test_init_reports_on_stderr(tmp_path):
    result = run("init", tmp_path / "ws")
    assert result.stdout == ""
    assert "pingyi.yaml" in result.stderr


def test_the_points_example_is_used_by_score(tmp_path):
    """A new workspace with the points system scores every scored member with a democratic
    part: no 民主测评 = 0 surprise."""
    create_workspace(tmp_path / "ws", year=2024)
    result = run("score", "-w", tmp_path / "ws", "--format", "json")
    assert result.exit_code == 0, result.output
    members = json.loads(result.stdout)["members"]
    scored = [m for m in members if m["status"] != "exempt"]
    assert len(scored) == 5
    assert all(m["democratic"] > 0 and m["months"] == 12 for m in scored)
    assert {m["id"]: m["stars"] for m in members}["m104"] == 8  # the branch's rating


def test_without_the_points_system_there_are_no_points_records(tmp_path):
    target = tmp_path / "ws"
    assert run("init", target, "--no-points", "--year", "2024").exit_code == 0
    names = {p.relative_to(target).as_posix() for p in target.rglob("*.yaml")}
    assert not any(n.startswith(("scores/", "evaluation/", "adjustments/")) for n in names)
    assert "orgs/ratings.yaml" not in names
    assert "rounds/first-half.yaml" in names
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "evaluation/" not in readme and "rounds/" in readme
    check = run("check", "-w", target, "--strict", "--format", "json")
    assert check.exit_code == 0 and json.loads(check.stdout) == {"errors": [], "warnings": []}


def test_the_readme_says_what_to_do_each_month_and_at_year_end_and_how_to_use_git(tmp_path):
    create_workspace(tmp_path / "ws", year=2024, name="桃园镇党委")
    readme = (tmp_path / "ws" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# 桃园镇党委")
    for needle in ("每月要做的事", "年底要做的事", "evaluation/", "git commit", "core.quotepath false"):
        assert needle in readme


def test_init_with_a_roster_builds_the_tree_from_it_and_keeps_the_examples_aside(tmp_path):
    roster = tmp_path / "花名册.csv"
    roster.write_bytes(
        "姓名,所在党支部,人员类别,党内职务\n周一,新村党支部,正式党员,书记\n吴二,新村党支部,预备党员,\n".encode("gbk")
    )
    target = tmp_path / "ws"
    result = run("init", target, "--roster", roster, "--name", "桃园镇党委", "--year", "2024")
    assert result.exit_code == 0, result.output
    ws = pingyi.load(target, cache=False)
    assert ws.ok, [d.format() for d in ws.diagnostics]
    names = sorted(m.name for m in ws.workspace.members.values())
    assert names == ["吴二", "周一"]  # no example members in the tree
    assert (target / "示例" / "rounds" / "first-half.yaml").is_file()
    assert "示例" in (target / "pingyi.yaml").read_text(encoding="utf-8")


def test_on_a_terminal_init_asks_what_it_needs(tmp_path, monkeypatch):
    import pingyi.cli.init as init_cli

    monkeypatch.setattr(init_cli, "_interactive", lambda: True)
    target = tmp_path / "ws"
    result = CliRunner().invoke(app, ["init", str(target)], input="桃园村党支部\n2025\nn\n\n")
    assert result.exit_code == 0, result.output
    ws = pingyi.load(target, cache=False).workspace
    assert ws.name == "桃园村党支部" and ws.year == 2025
    assert not (target / "scores").exists()


def test_a_missing_roster_is_a_usage_error_and_writes_nothing(tmp_path):
    result = run("init", tmp_path / "ws", "--roster", tmp_path / "nope.xlsx")
    assert result.exit_code == 2
    assert not (tmp_path / "ws").exists()


def test_the_new_workspace_has_an_example_of_the_democratic_appraisal(tmp_path):
    create_workspace(tmp_path / "ws", year=2024)
    result = run("appraisal", "-w", tmp_path / "ws", "--format", "json")
    assert result.exit_code == 0, result.output
    org = json.loads(result.stdout)["orgs"][0]
    assert org["id"] == "zb1" and org["excellent_quota"] == 1
    assert [m["grade"] for m in org["members"]].count("excellent") == 1
