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
        comments = [line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#") or " # " in line]
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
