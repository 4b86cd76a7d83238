"""Each report command's JSON is the Python API's result rendered to JSON: the command
line adds nothing and loses nothing (issue 9, habits)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import pingyi
from pingyi.cli.check import CheckReport
from pingyi.compute.commitments import compute_commitments
from pingyi.compute.coverage import compute_coverage, compute_responsibility
from pingyi.compute.rectify import compute_rectify
from pingyi.render.commitments import FulfilmentReport
from pingyi.render.coverage import CoverageReport, ResponsibilityReport
from pingyi.render.output import to_json
from pingyi.render.rectify import RectifyReport
from wsfactory import ROUND_H1, ROUND_H2, build

PROBLEM = "reviewer: m201\n    subject: m202\n    problems:\n      - {problem: 问题甲, owner: m202, due: 2024-07-31}"
COMMITMENTS = """\
kind: commitments
year: 2024
items:
  - {id: o1, owner: zb1, type: basic, text: 组织甲, due: 2024-06-30, status: open}
  - {id: p1, owner: m102, type: creative, text: 党员甲, status: done, done: 2024-05-01}
"""
DAY = dt.date(2024, 10, 1)


@pytest.fixture
def root(tmp_path):
    h1 = ROUND_H1.replace("reviewer: m201\n    subject: m202", PROBLEM)
    return build(tmp_path, rounds=[h1, ROUND_H2], extra={"c.yaml": COMMITMENTS})


def api(report) -> object:
    return json.loads(to_json(report.to_json()))


def cli_json(cli, root, *args):
    result = cli(*args, "-w", root, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_check(cli, root):
    assert cli_json(cli, root, "check") == api(CheckReport(pingyi.load(root).diagnostics))


def test_coverage(cli, root):
    ws = pingyi.load(root).workspace
    assert cli_json(cli, root, "coverage", "--org", "zz") == api(CoverageReport(compute_coverage(ws, org="zz")))
    assert cli_json(cli, root, "coverage", "--round", "2024-H2") == api(CoverageReport(compute_coverage(ws, rounds=["2024-H2"])))


def test_coverage_by_reviewer(cli, root):
    ws = pingyi.load(root).workspace
    assert cli_json(cli, root, "coverage", "--by-reviewer") == api(ResponsibilityReport(compute_responsibility(ws)))


def test_rectify(cli, root):
    ws = pingyi.load(root).workspace
    expected = api(RectifyReport(compute_rectify(ws, as_of=DAY, open_only=True)))
    assert cli_json(cli, root, "rectify", "--as-of", DAY.isoformat(), "--open") == expected
    assert expected["items"] and expected["items"][0]["state"] == "overdue"


def test_commitments(cli, root):
    ws = pingyi.load(root).workspace
    expected = api(FulfilmentReport(compute_commitments(ws, as_of=DAY, org="zz")))
    assert cli_json(cli, root, "commitments", "--as-of", DAY.isoformat(), "--org", "zz") == expected
    assert [o["id"] for o in expected["overdue"]] == ["o1"]
