"""The rectification ledger (整改台账): states at an as-of date, days overdue, filters,
closing rate per org, and ``pingyi rectify`` end to end."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pingyi.compute.rectify import State, compute_rectify, state_at
from pingyi.selection import SelectionError
from wsfactory import EXAMPLE, build, golden, run, run_json, workspace

PROBLEMS = """\
kind: round
id: 2024-H1
name: 2024年上半年点评
method: leader
start: 2024-06-01
end: 2024-06-30
reviews:
  - reviewer: m001
    subject: [zz, m101]
    date: 2024-06-10
    problems:
      - problem: 甲 按时销号
        measure: 措施甲
        owner: m101
        due: 2024-07-31
        closed: 2024-07-20
        evidence: 佐证甲
      - problem: 乙 未销号
        measure: 措施乙
        owner: m101
        due: 2024-07-31
  - reviewer_name: 上级督导组
    subject: zb3
    date: 2024-06-20
    problems:
      - problem: 丙 逾期销号
        measure: 措施丙
        owner: m301
        due: 2024-09-30
        closed: 2024-10-05
      - problem: 丁 没有期限
        owner: m302
"""

LATER = """\
kind: round
id: 2025-H1
name: 2025年上半年点评
method: leader
start: 2025-06-01
end: 2025-06-30
reviews:
  - reviewer: m201
    subject: m202
    date: 2025-06-10
    problems:
      - {problem: 戊 次年问题, measure: 措施戊, owner: m202, due: 2025-07-31}
"""


def by_problem(ledger):
    return {r.problem[0]: r for r in ledger.items}


def test_state_at():
    due = dt.date(2024, 7, 31)
    assert state_at(None, due, dt.date(2024, 7, 31)) is State.OPEN  # due day itself: not yet overdue
    assert state_at(None, due, dt.date(2024, 8, 1)) is State.OVERDUE
    assert state_at(dt.date(2024, 8, 5), due, dt.date(2024, 8, 1)) is State.OVERDUE  # closed later
    assert state_at(dt.date(2024, 8, 5), due, dt.date(2024, 8, 5)) is State.CLOSED
    assert state_at(None, None, dt.date(2099, 1, 1)) is State.OPEN


def test_states_and_days_overdue(tmp_path):
    ws = workspace(build(tmp_path, rounds=[PROBLEMS, LATER]))
    ledger = compute_rectify(ws, as_of=dt.date(2024, 10, 1))
    items = by_problem(ledger)
    assert list(items) == ["甲", "乙", "丙", "丁"]  # 2024 only, by review date
    assert (items["甲"].state, items["甲"].days_overdue, items["甲"].closed_late_days) == (State.CLOSED, 0, 0)
    assert (items["乙"].state, items["乙"].days_overdue) == (State.OVERDUE, 62)  # 31 Jul → 1 Oct
    assert (items["丙"].state, items["丙"].days_overdue) == (State.OVERDUE, 1)  # closed only on 5 Oct
    assert (items["丁"].state, items["丁"].days_overdue) == (State.OPEN, 0)
    assert (ledger.totals.problems, ledger.totals.closed, ledger.totals.open, ledger.totals.overdue) == (4, 1, 1, 2)
    later = by_problem(compute_rectify(ws, as_of=dt.date(2024, 10, 5)))
    assert later["丙"].state is State.CLOSED and later["丙"].closed_late_days == 5
    assert compute_rectify(ws, as_of=dt.date(2024, 10, 5)).totals.rate == pytest.approx(0.5)


def test_year_all_and_rounds(tmp_path):
    ws = workspace(build(tmp_path, rounds=[PROBLEMS, LATER]))
    assert list(by_problem(compute_rectify(ws, year=2025, as_of=dt.date(2025, 8, 1)))) == ["戊"]
    everything = compute_rectify(ws, all_years=True, as_of=dt.date(2025, 8, 1))
    assert list(by_problem(everything)) == ["甲", "乙", "丙", "丁", "戊"] and everything.year is None
    assert everything.rounds == ("2024-H1", "2025-H1")
    assert list(by_problem(compute_rectify(ws, rounds=["2025-H1"], as_of=dt.date(2025, 8, 1)))) == ["戊"]


def test_filters(tmp_path):
    ws = workspace(build(tmp_path, rounds=[PROBLEMS]))
    day = dt.date(2024, 10, 1)
    assert list(by_problem(compute_rectify(ws, as_of=day, open_only=True))) == ["乙", "丙", "丁"]
    overdue = compute_rectify(ws, as_of=day, overdue_only=True)
    assert list(by_problem(overdue)) == ["乙", "丙"]
    assert overdue.totals.problems == 4  # totals count the whole selection
    assert list(by_problem(compute_rectify(ws, as_of=day, owner="m101"))) == ["甲", "乙"]
    # --org: subject or owner in the subtree. zb1 holds m101 (subject and owner)
    assert list(by_problem(compute_rectify(ws, as_of=day, org="zb1"))) == ["甲", "乙"]
    assert list(by_problem(compute_rectify(ws, as_of=day, org="g1"))) == []
    # zb3: subject zb3; 丁's owner m302 is a member of zb3
    assert list(by_problem(compute_rectify(ws, as_of=day, org="zb3"))) == ["丙", "丁"]
    with pytest.raises(SelectionError) as exc:
        compute_rectify(ws, owner="zb1")
    assert exc.value.option == "--owner"


def test_by_org_closing_rate(tmp_path):
    ws = workspace(build(tmp_path, rounds=[PROBLEMS]))
    ledger = compute_rectify(ws, as_of=dt.date(2024, 12, 31))
    by = {o.id: o.totals for o in ledger.by_org}
    assert (by["dw"].problems, by["dw"].closed, by["dw"].rate) == (4, 2, 0.5)
    assert (by["zz"].problems, by["zz"].closed, by["zz"].overdue) == (2, 1, 1)  # 甲 乙 (subject zz / m101)
    assert (by["zb1"].problems, by["zb1"].closed) == (2, 1)
    assert (by["zb3"].problems, by["zb3"].closed, by["zb3"].open) == (2, 1, 1)
    assert (by["zb2"].problems, by["zb2"].rate) == (0, None)


def test_cli_json(tmp_path):
    root = build(tmp_path, rounds=[PROBLEMS])
    data = run_json(root, "rectify", "--as-of", "2024-10-01")
    assert data["as_of"] == "2024-10-01"
    assert set(data) >= {"as_of", "items", "by_org", "totals"}
    first = data["items"][0]
    for key in ("round", "subject", "problem", "measure", "owner", "due", "closed", "state", "days_overdue", "evidence"):
        assert key in first, key
    assert first["subject"] == ["zz", "m101"] and first["subjects"] == ["zz", "m101"]
    assert data["items"][2]["subject"] == "zb3"  # one subject: written as in the YAML
    assert data["items"][2]["reviewer"] is None and data["items"][2]["reviewer_name"] == "上级督导组"
    assert [i["state"] for i in data["items"]] == ["closed", "overdue", "overdue", "open"]
    assert data["totals"] == {"problems": 4, "closed": 1, "open": 1, "overdue": 2, "rate": 0.25}
    overdue = run_json(root, "rectify", "--as-of", "2024-10-01", "--overdue")
    assert [i["problem"] for i in overdue["items"]] == ["乙 未销号", "丙 逾期销号"]


def test_cli_csv_tables_and_errors(tmp_path):
    root = build(tmp_path, rounds=[PROBLEMS])
    result = run("rectify", "-w", root, "--format", "csv", "--as-of", "2024-10-01")
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "round,date,reviewer,reviewer_name,subject,problem,measure,owner,owner_name,due,closed,evidence,state,days_overdue"
    )
    assert len(lines) == 5
    zh = run("rectify", "-w", root, "--as-of", "2024-10-01")
    assert zh.exit_code == 0
    for word in ("整改台账", "存在问题", "已逾期", "销号率", "截至 2024-10-01"):
        assert word in zh.stdout, word
    en = run("rectify", "-w", root, "--as-of", "2024-10-01", "--lang", "en")
    for word in ("Rectifications", "Problem", "overdue", "Closing rate"):
        assert word in en.stdout, word
    assert run("rectify", "-w", root, "--org", "nope").exit_code == 2
    assert run("rectify", "-w", root, "--owner", "nope").exit_code == 2
    assert run("rectify", "-w", root, "--as-of", "2024-13-01").exit_code == 2
    bad = build(tmp_path, rounds=[PROBLEMS.replace("owner: m302", "owner: zb9")], sub="bad")
    assert run("rectify", "-w", bad).exit_code == 1
    assert json.loads(run("rectify", "-w", bad, "--format", "json").stdout)["errors"]


@pytest.mark.skipif(not (EXAMPLE / "pingyi.yaml").is_file(), reason="no example workspace")
def test_example_golden():
    data = run_json(EXAMPLE, "rectify", "--as-of", "2026-11-24")
    golden("rectify.json", data)
    assert any(i["state"] == "overdue" for i in data["items"])
