"""Commitments (承诺践诺, FORMAT §5): fulfilment with withdrawn excluded, per owner group,
per org subtree, basic and creative, the overdue list, and ``pingyi commitments``."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from pingyi.compute.commitments import compute_commitments
from wsfactory import EXAMPLE, build, golden, run, run_json, workspace

COMMITMENTS = """\
kind: commitments
year: 2024
items:
  - {id: o1, owner: zb1, type: basic, text: 组织甲, due: 2024-12-31, status: done, done: 2024-11-01}
  - {id: o2, owner: zb1, type: basic, text: 组织乙, status: withdrawn}
  - {id: o3, owner: zb1, type: creative, text: 组织丙, due: 2024-06-30, status: open}
  - {id: o4, owner: zb3, type: basic, text: 组织丁, due: 2024-12-31, status: partial}
  - {id: o5, owner: dw, type: creative, text: 党委戊, due: 2024-12-31, status: failed}
  - {id: p1, owner: m102, type: basic, text: 党员甲, status: done, done: 2024-05-01}
  - {id: p2, owner: m202, type: creative, text: 党员乙, status: done, done: 2024-06-01}
  - {id: p3, owner: m202, type: basic, text: 党员丙, due: 2024-05-01, status: partial}
  - {id: p4, owner: m301, type: basic, text: 党员丁, status: withdrawn}
  - {owner: m104, type: basic, text: 流动党员没有期限, status: open}
---
kind: commitments
year: 2023
items:
  - {id: old, owner: zb1, type: basic, text: 上一年, due: 2023-12-31, status: open}
"""


def tally(t):
    return (t.made, t.withdrawn, t.done, t.rate)


def test_fulfilment_excludes_withdrawn(tmp_path):
    ws = workspace(build(tmp_path, extra={"c.yaml": COMMITMENTS}))
    report = compute_commitments(ws, as_of=dt.date(2024, 7, 1))
    assert tally(report.orgs.all) == (5, 1, 1, Fraction(1, 4))
    assert tally(report.members.all) == (5, 1, 2, Fraction(2, 4))
    assert (report.orgs.all.partial, report.orgs.all.failed, report.orgs.all.open) == (1, 1, 1)
    # basic vs creative
    assert tally(report.orgs.basic) == (3, 1, 1, Fraction(1, 2))
    assert tally(report.orgs.creative) == (2, 0, 0, Fraction(0))
    assert tally(report.members.creative) == (1, 0, 1, Fraction(1))


def test_overdue_list(tmp_path):
    ws = workspace(build(tmp_path, extra={"c.yaml": COMMITMENTS}))
    mid = compute_commitments(ws, as_of=dt.date(2024, 7, 1))
    # open or partial with due before the as-of date; the no-due open one never is
    assert [(o.id, o.days_overdue) for o in mid.overdue] == [("p3", 61), ("o3", 1)]
    assert mid.overdue[0].owner_kind == "member" and mid.overdue[0].org == "zb2"
    end = compute_commitments(ws, as_of=dt.date(2025, 1, 1))
    assert [o.id for o in end.overdue] == ["p3", "o3", "o4"]  # failed and done never overdue
    assert [o.id for o in compute_commitments(ws, as_of=dt.date(2024, 6, 30)).overdue] == ["p3"]


def test_by_org_and_scope(tmp_path):
    ws = workspace(build(tmp_path, extra={"c.yaml": COMMITMENTS}))
    report = compute_commitments(ws, as_of=dt.date(2024, 7, 1))
    by = {o.id: o for o in report.by_org}
    assert tally(by["dw"].orgs.all) == tally(report.orgs.all)
    # zz: zb1's three (o2 withdrawn); members m102, m104 (zb1), m202 twice (zb2)
    assert tally(by["zz"].orgs.all) == (3, 1, 1, Fraction(1, 2))
    assert tally(by["zz"].members.all) == (4, 0, 2, Fraction(1, 2))
    assert tally(by["zb4"].orgs.all) == (0, 0, 0, None)  # nothing to fulfil: null, not 0
    zb3 = compute_commitments(ws, org="zb3", as_of=dt.date(2024, 7, 1))
    assert zb3.scope == "zb3" and [o.id for o in zb3.by_org] == ["zb3", "g1"]
    assert tally(zb3.orgs.all) == (1, 0, 0, Fraction(0))
    assert tally(zb3.members.all) == (1, 1, 0, None)  # all withdrawn → null
    assert compute_commitments(ws, year=2023, as_of=dt.date(2024, 1, 1)).orgs.all.made == 1


def test_cli_json(tmp_path):
    root = build(tmp_path, extra={"c.yaml": COMMITMENTS})
    data = run_json(root, "commitments", "--as-of", "2024-07-01")
    assert data["year"] == 2024 and data["as_of"] == "2024-07-01"
    assert {k: data["orgs"][k] for k in ("made", "withdrawn", "done", "rate")} == {
        "made": 5,
        "withdrawn": 1,
        "done": 1,
        "rate": 0.25,
    }
    assert {k: data["members"][k] for k in ("made", "withdrawn", "done", "rate")} == {
        "made": 5,
        "withdrawn": 1,
        "done": 2,
        "rate": 0.5,
    }
    assert data["orgs"]["basic"]["rate"] == 0.5 and data["orgs"]["creative"]["rate"] == 0.0
    assert data["overdue"][0]["days_overdue"] == 61 and data["overdue"][0]["owner_kind"] == "member"
    assert {k: data["overdue"][1][k] for k in ("id", "owner", "due", "status")} == {
        "id": "o3",
        "owner": "zb1",
        "due": "2024-06-30",
        "status": "open",
    }
    assert set(data["by_org"][0]) >= {"id", "orgs", "members"}
    assert run_json(root, "commitments", "--org", "zb3", "--as-of", "2024-07-01")["members"]["rate"] is None


def test_cli_csv_tables_and_errors(tmp_path):
    root = build(tmp_path, extra={"c.yaml": COMMITMENTS})
    result = run("commitments", "-w", root, "--format", "csv", "--as-of", "2024-07-01")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,name,parent,depth,orgs_made,orgs_withdrawn,orgs_done,")
    assert len(lines) == 1 + 7
    zh = run("commitments", "-w", root, "--as-of", "2024-07-01")
    for word in ("承诺践诺", "兑现率", "组织承诺", "党员承诺", "逾期未兑现的承诺", "基础性承诺"):
        assert word in zh.stdout, word
    en = run("commitments", "-w", root, "--as-of", "2024-07-01", "--lang", "en")
    for word in ("Public commitments", "Fulfilment rate", "Org commitments", "Member commitments", "Overdue commitments"):
        assert word in en.stdout, word
    assert run("commitments", "-w", root, "--org", "m001").exit_code == 2
    bad = build(tmp_path, extra={"c.yaml": COMMITMENTS.replace("owner: m301", "owner: m999")}, sub="bad")
    assert run("commitments", "-w", bad).exit_code == 1


@pytest.mark.skipif(not (EXAMPLE / "pingyi.yaml").is_file(), reason="no example workspace")
def test_example_golden():
    golden("commitments.json", run_json(EXAMPLE, "commitments", "--as-of", "2026-11-24"))
