"""Coverage (点评覆盖率, FORMAT §4) and review responsibility, against hand counts on the
small tree of :mod:`wsfactory` (drawn there), and ``pingyi coverage`` end to end."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest

from pingyi.compute.coverage import SelectionError, compute_coverage, compute_responsibility, select_rounds
from pingyi.render.coverage import pct, rate4, render_coverage_json
from wsfactory import EXAMPLE, ROUND_2023, ROUND_H1, ROUND_H2, build, golden, run, run_json, workspace


def counts(measure):
    return (measure.reviewed, measure.total, list(measure.missing_ids))


# --------------------------------------------------------------------------- the four measures


def test_first_half_hand_count(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1, ROUND_H2]))
    cov = compute_coverage(ws, rounds=["2024-H1"])
    assert cov.scope == "dw" and cov.rounds == ("2024-H1",)
    m = cov.measures
    # T = zz zb1 zb2 zb3 g1 zb4 (dw itself is reviewed by the level above, not counted)
    assert counts(m.orgs) == (2, 6, ["zb1", "zb2", "g1", "zb4"])
    # secretaries of T: m101 (zz and zb1, counted once), m201, m301, m302; zb4 has none
    assert counts(m.secretaries_reviewed) == (1, 4, ["m201", "m301", "m302"])
    # orgs with children or members: dw m001, zz/zb1 m101, zb2 m201, zb3 m301 (g1 has
    # neither, zb4 no secretary); the outside reviewers give no credit
    assert counts(m.secretaries_reviewing) == (3, 4, ["m301"])
    # non-exempt members: dw 3, zb1 3 (m103 exempt, m104 flowing in), zb2 3, zb3 2;
    # reviewed: m101 m102 m104 (集中点评 lists), m202, m203 (by an outsider)
    assert counts(m.members) == (5, 11, ["m001", "m002", "m003", "m201", "m301", "m302"])
    assert m.members.rate == Fraction(5, 11)
    assert cov.without_secretary == ("zb4",)


def test_two_rounds_add_up(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1, ROUND_H2]))
    cov = compute_coverage(ws)  # every round of 2024
    assert cov.rounds == ("2024-H1", "2024-H2")
    m = cov.measures
    assert counts(m.orgs) == (3, 6, ["zb1", "zb2", "zb4"])
    assert counts(m.secretaries_reviewed) == (2, 4, ["m201", "m301"])
    assert counts(m.secretaries_reviewing) == (4, 4, [])
    assert m.secretaries_reviewing.rate == 1
    assert counts(m.members) == (6, 11, ["m001", "m002", "m003", "m201", "m301"])


def test_by_org(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1]))
    by = {o.id: o for o in compute_coverage(ws).by_org}
    assert [o for o in by] == ["dw", "zz", "zb1", "zb2", "zb3", "g1", "zb4"]
    assert by["dw"].depth == 0 and by["zb1"].depth == 2 and by["zb1"].parent == "zz"
    zz = by["zz"].measures
    assert counts(zz.orgs) == (0, 2, ["zb1", "zb2"])
    assert counts(zz.secretaries_reviewed) == (1, 2, ["m201"])  # m101 (zb1) and m201
    assert counts(zz.secretaries_reviewing) == (2, 2, [])
    zb3 = by["zb3"].measures
    assert counts(zb3.orgs) == (0, 1, ["g1"])
    assert counts(zb3.secretaries_reviewed) == (0, 1, ["m302"])
    assert counts(zb3.secretaries_reviewing) == (0, 1, ["m301"])
    assert counts(zb3.members) == (0, 2, ["m301", "m302"])


def test_by_org_members_of_a_subtree(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1]))
    by = {o.id: o for o in compute_coverage(ws).by_org}
    # zz: zb1 m101 m102 m104 (m103 exempt) + zb2 m201 m202 m203 → 5 of 6 (m201 missing)
    assert counts(by["zz"].measures.members) == (5, 6, ["m201"])


def test_nothing_below_is_null_not_zero(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1]))
    by = {o.id: o for o in compute_coverage(ws).by_org}
    for org in ("g1", "zb4"):  # g1: no members, no children; zb4: only an exempt member
        for _, m in by[org].measures.items():
            assert (m.total, m.rate) == (0, None), org
    assert by["zb1"].measures.orgs.rate is None
    assert rate4(None) is None and pct(None) == "—"
    data = render_coverage_json(compute_coverage(ws))
    g1 = next(o for o in data["by_org"] if o["id"] == "g1")
    assert g1["orgs"] == {"reviewed": 0, "total": 0, "rate": None, "missing": []}


def test_org_option_sets_the_root(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1]))
    cov = compute_coverage(ws, org="zz")
    assert cov.scope == "zz"
    # zz itself is not an org to review below zz
    assert counts(cov.measures.orgs) == (0, 2, ["zb1", "zb2"])
    assert [o.id for o in cov.by_org] == ["zz", "zb1", "zb2"]
    assert cov.by_org[0].parent is None and cov.by_org[0].depth == 0
    with pytest.raises(SelectionError):
        compute_coverage(ws, org="m001")


def test_year_and_round_selection(tmp_path):
    spanning = """\
        kind: round
        id: 2024-Y
        name: 年终跨年点评
        method: leader
        start: 2024-12-20
        end: 2025-01-10
        reviews:
          - {reviewer: m001, subject: zb4, date: 2025-01-05}
    """
    ws = workspace(build(tmp_path, rounds=[ROUND_H1, ROUND_H2, ROUND_2023, spanning]))
    assert [d.model.id for d in select_rounds(ws, year=2023)] == ["2023-H2"]
    assert [d.model.id for d in select_rounds(ws)] == ["2024-H1", "2024-H2", "2024-Y"]
    assert [d.model.id for d in select_rounds(ws, year=2025)] == ["2024-Y"]
    old = compute_coverage(ws, year=2023)
    assert old.rounds == ("2023-H2",) and old.year == 2023
    assert counts(old.measures.orgs) == (2, 6, ["zz", "zb3", "g1", "zb4"])
    assert (old.measures.members.reviewed, old.measures.members.total) == (1, 11)
    one = compute_coverage(ws, rounds=["2024-H2"])
    assert one.rounds == ("2024-H2",)
    assert counts(one.measures.orgs) == (1, 6, ["zz", "zb1", "zb2", "zb3", "zb4"])
    with pytest.raises(SelectionError) as exc:
        compute_coverage(ws, rounds=["nope"])
    assert exc.value.option == "--round"


def test_differing_scopes_fall_back_to_the_roots(tmp_path):
    peer = """\
        kind: round
        id: 2024-P
        name: 互评
        method: peer
        start: 2024-11-01
        end: 2024-11-30
        scope: zb1
        reviews:
          - {reviewer: m102, subject: m104, date: 2024-11-02}
    """
    ws = workspace(build(tmp_path, rounds=[peer]))
    assert compute_coverage(ws).scope == "zb1"  # one round: its scope
    ws = workspace(build(tmp_path, rounds=[peer, ROUND_H1], sub="ws2"))
    assert compute_coverage(ws).scope == "dw"  # zb1 and dw differ: the root


def test_several_roots(tmp_path):
    tree = """\
        kind: org
        orgs:
          - {id: a, name: 甲党委, type: committee, secretary: a1, members: [{id: a1, name: 甲书记}]}
          - {id: a-1, name: 甲一支部, type: branch, parent: a, secretary: a2, members: [{id: a2, name: 甲支书}, {id: a3, name: 甲党员}]}
          - {id: b, name: 乙党委, type: committee, secretary: b1, members: [{id: b1, name: 乙书记}]}
          - {id: b-1, name: 乙一支部, type: branch, parent: b, secretary: b2, members: [{id: b2, name: 乙支书}]}
    """
    rnd = """\
        kind: round
        id: r
        name: 点评
        method: leader
        start: 2024-06-01
        end: 2024-06-30
        reviews:
          - {reviewer: a1, subject: [a-1, a2], date: 2024-06-02}
    """
    root = build(tmp_path, rounds=[rnd], tree=tree)
    cov = compute_coverage(workspace(root))
    assert cov.scope is None and [s.scope for s in cov.scopes] == ["a", "b"]
    assert counts(cov.measures.orgs) == (1, 2, ["b-1"])
    assert counts(cov.scopes[0].measures.orgs) == (1, 1, [])
    assert counts(cov.scopes[1].measures.orgs) == (0, 1, ["b-1"])
    data = run_json(root, "coverage")
    assert data["scope"] is None and [s["scope"] for s in data["scopes"]] == ["a", "b"]
    assert data["orgs"]["rate"] == 0.5
    assert [o["id"] for o in data["by_org"]] == ["a", "a-1", "b", "b-1"]
    # --fail-under looks at every root: a is at 100% orgs, b at 0%
    assert run("coverage", "-w", root, "--fail-under", "40").exit_code == 3
    single = run_json(root, "coverage", "--org", "a")
    assert single["scope"] == "a" and "scopes" not in single


# --------------------------------------------------------------------------- responsibility


def test_responsibility(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1, ROUND_H2]))
    resp = compute_responsibility(ws)
    people = {r.id: r for r in resp.reviewers}
    # dw's 班子 (m001, m002, m003) jointly owe zz, m101, zb3, m301 (zb4 has no secretary)
    for leader in ("m001", "m002", "m003"):
        duties = {d.subject: d for d in people[leader].duties if d.via == "dw" and d.kind != "member"}
        assert set(duties) == {"zz", "m101", "zb3", "m301", "zb4"}
    m001 = {d.subject: d for d in people["m001"].duties}
    assert m001["zz"].by_self and m001["zz"].reviewed_by == ("m001",)
    m003 = {d.subject: d for d in people["m003"].duties}
    assert not m003["zb3"].by_self and m003["zb3"].done  # m002 did it for the 班子
    assert [d.subject for d in people["m003"].outstanding] == ["m301", "zb4"]  # nobody reviewed them
    # dw's secretary owes dw's own members except himself
    assert [d.subject for d in people["m001"].duties if d.kind == "member"] == ["m002", "m003"]
    # m101 leads zz and zb1: owes zb1's members (not zb1 itself: he is its secretary,
    # nor himself), zb2 and m201
    m101 = {(d.via, d.subject): d for d in people["m101"].duties}
    assert set(m101) == {("zz", "zb2"), ("zz", "m201"), ("zb1", "m102"), ("zb1", "m104")}
    assert m101[("zb1", "m104")].by_self  # a flowing member counts
    assert people["m101"].reviewed == 2 and people["m101"].done == 2
    # m102 sits on zz's committee: owes zb1 (reviewed by nobody), m101 (done by m001,
    # a leader of the org above), zb2, m201
    m102 = {d.subject: d for d in people["m102"].duties}
    assert m102["m101"].done and m102["m101"].reviewed_by == ("m001",)
    assert not m102["zb1"].done
    # the group's leader has nothing assigned; zb4 (no secretary) owes its (exempt-only)
    # members to nobody: not listed as unowned since nobody is to review
    assert people["m302"].assigned == 0 and people["m302"].rate is None
    assert [u.org for u in resp.unowned] == []


def test_responsibility_outside_reviewer_gives_no_credit(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1]))
    people = {r.id: r for r in compute_responsibility(ws).reviewers}
    m203 = next(d for d in people["m201"].duties if d.subject == "m203")
    assert not m203.done  # named by 群众代表 (reviewer_name), not by a leader


def test_unowned(tmp_path):
    tree = """\
        kind: org
        orgs:
          - {id: dw, name: 党委, type: committee, secretary: m1, members: [{id: m1, name: 书记}]}
          - {id: zb, name: 支部, type: branch, parent: dw, members: [{id: m2, name: 党员甲}, {id: m3, name: 党员乙}]}
    """
    ws = workspace(build(tmp_path, tree=tree))
    resp = compute_responsibility(ws)
    assert [(u.org, u.subjects) for u in resp.unowned] == [("zb", ("m2", "m3"))]


# --------------------------------------------------------------------------- CLI


def test_cli_json_shape(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1])
    data = run_json(root, "coverage")
    assert list(data)[:2] == ["scope", "rounds"]
    assert data["scope"] == "dw" and data["rounds"] == ["2024-H1"]
    for code in ("orgs", "secretaries_reviewed", "secretaries_reviewing", "members"):
        assert {"reviewed", "total", "rate", "missing"} <= set(data[code])
    assert data["orgs"] == {
        "reviewed": 2,
        "total": 6,
        "rate": 0.3333,
        "missing": ["zb1", "zb2", "g1", "zb4"],
        "missing_detail": [
            {"id": "zb1", "name": "第一党支部", "orgs": ["zz"]},
            {"id": "zb2", "name": "第二党支部", "orgs": ["zz"]},
            {"id": "g1", "name": "第三支部党小组", "orgs": ["zb3"]},
            {"id": "zb4", "name": "第四党支部", "orgs": ["dw"]},
        ],
    }
    assert data["secretaries_reviewing"]["rate"] == 0.75
    assert data["members"]["rate"] == 0.4545  # 5/11
    row = data["by_org"][0]
    assert row["id"] == "dw" and set(row) >= {"orgs", "secretaries_reviewed", "secretaries_reviewing", "members"}


def test_cli_fail_under(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1, ROUND_H2])
    # lowest rate: orgs 3/6 = 50%
    assert run("coverage", "-w", root, "--fail-under", "50").exit_code == 0
    result = run("coverage", "-w", root, "--fail-under", "50.01")
    assert result.exit_code == 3
    assert "50.00%" in result.stderr
    result = run("coverage", "-w", root, "--format", "json", "--fail-under", "90")
    assert result.exit_code == 3
    json.loads(result.stdout)  # the report is still written, alone on stdout
    assert run("coverage", "-w", root, "--fail-under", "0").exit_code == 0


def test_cli_csv(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1])
    result = run("coverage", "-w", root, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:8] == ["id", "name", "parent", "depth", "orgs_reviewed", "orgs_total", "orgs_rate", "orgs_missing"]
    assert len(rows) == 1 + 7
    g1 = next(r for r in rows if r[0] == "g1")
    assert g1[6] == ""  # null rate


def test_cli_tables_zh_en(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1])
    zh = run("coverage", "-w", root)
    assert zh.exit_code == 0
    for word in ("点评覆盖率", "党组织被点评", "书记作点评", "未被点评的党员", "张书记", "书记空缺"):
        assert word in zh.stdout, word
    en = run("coverage", "-w", root, "--lang", "en")
    for word in ("Review coverage", "Orgs reviewed", "Secretaries reviewing", "Members not yet reviewed", "No secretary"):
        assert word in en.stdout, word
    by = run("coverage", "-w", root, "--by-reviewer")
    assert by.exit_code == 0 and "分级负责点评情况" in by.stdout and "待点评" in by.stdout
    by_en = run("coverage", "-w", root, "--by-reviewer", "--lang", "en")
    assert "Outstanding" in by_en.stdout


def test_cli_by_reviewer_json_and_csv(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1])
    data = run_json(root, "coverage", "--by-reviewer")
    m101 = next(r for r in data["reviewers"] if r["id"] == "m101")
    assert m101["roles"] == [{"org": "zz", "role": "secretary"}, {"org": "zb1", "role": "secretary"}]
    assert m101["assigned"] == 4 and m101["outstanding"] == ["zb2", "m201"]
    result = run("coverage", "-w", root, "--by-reviewer", "--format", "csv")
    assert result.stdout.splitlines()[0] == "reviewer,reviewer_name,via,kind,subject,subject_name,by_self,reviewed_by,done"


def test_cli_usage_and_broken_workspace(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1])
    assert run("coverage", "-w", root, "--org", "nope").exit_code == 2
    assert run("coverage", "-w", root, "--org", "m001").exit_code == 2
    result = run("coverage", "-w", root, "--round", "nope")
    assert result.exit_code == 2 and "nope" in result.stderr
    bad = build(tmp_path, rounds=[ROUND_H1.replace("subject: zb3", "subject: zb9")], sub="bad")
    result = run("coverage", "-w", bad)
    assert result.exit_code == 1 and "zb9" in result.stderr
    result = run("coverage", "-w", bad, "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["errors"]


# --------------------------------------------------------------------------- the example


@pytest.mark.skipif(not (EXAMPLE / "pingyi.yaml").is_file(), reason="no example workspace")
def test_example_golden():
    data = run_json(EXAMPLE, "coverage")
    golden("coverage.json", data)
    assert 0 < data["members"]["rate"] < 1  # a realistic, not a perfect, picture


def test_reviewer_name_gives_no_reviewer_credit(tmp_path):
    by_name = (
        ROUND_H1
        + """\
  - reviewer_name: 冯支书            # the name of m301, but not his id
    subject: m302
    date: 2024-06-15
"""
    )
    cov = compute_coverage(workspace(build(tmp_path, rounds=[by_name])))
    assert "m301" in cov.measures.secretaries_reviewing.missing_ids  # no reviewer credit
    assert "m302" not in cov.measures.members.missing_ids  # the subject still counts
