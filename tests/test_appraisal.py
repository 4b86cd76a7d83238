"""民主评议党员 (``kind: appraisal``, FORMAT §14): the document, every error and warning at
its position, the 优秀 quota, the report and ``pingyi appraisal``."""

from __future__ import annotations

from fractions import Fraction

import pytest

from pingyi.compute.appraisal import compute_appraisal, excellent_quota
from wsfactory import assert_at, build, codes, find, load, one, only, pos, run, run_json, show, value_pos, workspace

# TREE: zb1 (m101, m102, m103 exempt, m104 flowing), zb2 (m201, m202, m203 probationary)

ZB2 = """\
kind: appraisal
org: zb2
year: 2024
date: 2024-12-26
participants: 3
votes:
  m201: {excellent: 1, qualified: 2}
  m202: [0, 1, 2, 0]
  m203: [1, 2, 0, 0]
decisions:
  - {member: m201, grade: qualified}
  - member: m202
    grade: basic
    reason: 全年两次无故缺席组织生活
"""


def ws_with(tmp_path, text, **extra):
    return build(tmp_path, extra={"appraisal.yaml": text, **extra})


def test_quota_is_floor_of_full_members_times_share():
    third = Fraction(1, 3)
    assert [excellent_quota(n, third) for n in (2, 3, 27, 30)] == [0, 1, 9, 10]


@pytest.mark.parametrize(("full", "quota"), [(2, 0), (3, 1), (27, 9), (30, 10)])
def test_quota_counts_full_members_only(tmp_path, full, quota):
    """An org of ``full`` full members and 4 probationary ones: the quota ignores the
    probationary, whose votes are recorded but who are not graded."""
    members = [f"      - {{id: p{i:02d}, name: 党员{i}}}" for i in range(full)]
    members += [f"      - {{id: y{i:02d}, name: 预备{i}, status: probationary}}" for i in range(4)]
    tree = (
        "kind: org\norgs:\n  - id: zb\n    name: 支部\n    type: branch\n    secretary: p00\n    members:\n"
        + "\n".join(members)
        + "\n"
    )
    doc = "kind: appraisal\norg: zb\nyear: 2024\nparticipants: 40\nvotes:\n  y00: [3, 1, 0, 0]\n"
    root = build(tmp_path, tree=tree, extra={"a.yaml": doc})
    ws = workspace(root)
    org = compute_appraisal(ws).orgs[0]
    assert (org.full_members, org.probationary, org.excellent_quota) == (full, 4, quota)
    y00 = next(m for m in org.members if m.id == "y00")
    assert y00.grade is None and "probationary" in y00.flags and y00.votes is not None


def test_a_clean_appraisal(tmp_path):
    root = ws_with(tmp_path, ZB2)
    result = load(root)
    assert not [d for d in result.diagnostics if d.code.startswith("appraisal")], show(result)


def test_vote_list_must_have_four_counts(tmp_path):
    root = ws_with(tmp_path, ZB2.replace("m202: [0, 1, 2, 0]", "m202: [0, 1, 2]"))
    d = only(load(root), "bad-value")
    assert_at(d, "appraisal.yaml", pos(root, "appraisal.yaml", "[0, 1, 2]"))


def test_votes_for_someone_outside_the_subtree(tmp_path):
    root = ws_with(tmp_path, ZB2.replace("  m203: [1, 2, 0, 0]", "  m101: [1, 2, 0, 0]"))
    d = one(load(root), "appraisal-not-member", "error")
    assert_at(d, "appraisal.yaml", pos(root, "appraisal.yaml", "m101: [1"), word="m101")


def test_decision_for_someone_outside_the_subtree(tmp_path):
    root = ws_with(tmp_path, ZB2 + "  - {member: m301, grade: qualified}\n")
    d = one(load(root), "appraisal-not-member", "error")
    assert_at(d, "appraisal.yaml", value_pos(root, "appraisal.yaml", "member: m301"))


def test_unknown_org(tmp_path):
    root = ws_with(tmp_path, ZB2.replace("org: zb2", "org: zb9"))
    d = only(load(root), "appraisal-unknown-org")
    assert_at(d, "appraisal.yaml", value_pos(root, "appraisal.yaml", "org: zb9"))


def test_votes_over_participants(tmp_path):
    root = ws_with(tmp_path, ZB2.replace("m202: [0, 1, 2, 0]", "m202: [0, 1, 2, 1]"))
    d = only(load(root), "appraisal-votes-over")
    assert_at(d, "appraisal.yaml", pos(root, "appraisal.yaml", "[0, 1, 2, 1]"), word="4")


def test_decision_for_a_probationary_member(tmp_path):
    root = ws_with(tmp_path, ZB2 + "  - {member: m203, grade: qualified}\n")
    d = only(load(root), "appraisal-probationary")
    assert_at(d, "appraisal.yaml", value_pos(root, "appraisal.yaml", "member: m203"))


def test_two_decisions_for_one_member(tmp_path):
    root = ws_with(tmp_path, ZB2 + "  - {member: m201, grade: qualified}\n")
    d = only(load(root), "appraisal-decided-twice")
    assert_at(d, "appraisal.yaml", value_pos(root, "appraisal.yaml", "member: m201", 2))
    assert d.notes and d.notes[0].line == value_pos(root, "appraisal.yaml", "member: m201")[0]


def test_two_decisions_in_two_appraisals_of_the_year(tmp_path):
    """zz's appraisal covers its branches: deciding m201 there as well is a second decision."""
    zz = "kind: appraisal\norg: zz\nyear: 2024\nparticipants: 5\ndecisions:\n  - {member: m201, grade: qualified}\n"
    root = ws_with(tmp_path, ZB2, **{"zz.yaml": zz})
    d = one(load(root), "appraisal-decided-twice", "error")
    assert d.file == "zz.yaml"


def test_a_second_appraisal_of_the_org(tmp_path):
    root = ws_with(tmp_path, ZB2 + "---\n" + ZB2)
    d = only(load(root), "appraisal-duplicate")
    assert_at(d, "appraisal.yaml", value_pos(root, "appraisal.yaml", "org: zb2", 2))


def test_more_excellent_than_the_quota(tmp_path):
    """zb2 has 2 full members: floor(2 × 1/3) = 0, so one 优秀 is one too many; with a
    share of 0.5 the quota is 1."""
    excellent = ZB2.replace("{member: m201, grade: qualified}", "{member: m201, grade: excellent}")
    root = ws_with(tmp_path, excellent)
    rules = "kind: rules\nappraisal: {excellent_share: 0.5}\n"
    config = "pingyi: 1\nname: t\nyear: 2024\nrules: rules.yaml\n"
    half = build(tmp_path, sub="b", extra={"appraisal.yaml": excellent, "rules.yaml": rules}, config=config)
    assert "appraisal-over-quota" not in codes(load(half))
    result = load(root)
    d = one(result, "appraisal-over-quota", "error")
    assert_at(d, "appraisal.yaml", value_pos(root, "appraisal.yaml", "grade: excellent"), word="0")


def test_share_written_as_a_fraction(tmp_path):
    rules = 'kind: rules\nappraisal: {excellent_share: "1/2"}\nquarter_star: {share: "1/20"}\n'
    root = build(
        tmp_path, extra={"appraisal.yaml": ZB2, "rules.yaml": rules}, config="pingyi: 1\nname: t\nyear: 2024\nrules: rules.yaml\n"
    )
    ws = workspace(root)
    assert ws.rules.appraisal.excellent_share == Fraction(1, 2)
    assert ws.rules.quarter_star.share == Fraction(1, 20)
    assert compute_appraisal(ws).orgs[0].excellent_quota == 1


def test_unqualified_needs_a_reason(tmp_path):
    root = ws_with(tmp_path, ZB2.replace("grade: basic\n    reason: 全年两次无故缺席组织生活\n", "grade: unqualified\n"))
    d = only(load(root), "appraisal-reason-required")
    assert_at(d, "appraisal.yaml", pos(root, "appraisal.yaml", "member: m202"))


def test_full_member_without_a_decision(tmp_path):
    root = ws_with(tmp_path, ZB2.replace("  - {member: m201, grade: qualified}\n", ""))
    d = one(load(root), "appraisal-undecided", "warning")
    assert_at(d, "appraisal.yaml", pos(root, "appraisal.yaml", "m201: {"), word="m201")


def test_decision_against_the_majority_without_reason(tmp_path):
    """m202's votes lead to 基本合格; deciding 合格 without a reason is flagged, with one it is not."""
    changed = ZB2.replace("grade: basic\n    reason: 全年两次无故缺席组织生活\n", "grade: qualified\n")
    root = ws_with(tmp_path, changed)
    d = one(load(root), "appraisal-against-majority", "warning")
    assert_at(d, "appraisal.yaml", value_pos(root, "appraisal.yaml", "grade: qualified", 2))
    assert "基本合格" in d.message_in("zh") or "basic" in d.message_in("en")
    with_reason = ZB2.replace("grade: basic\n", "grade: qualified\n")
    assert "appraisal-against-majority" not in codes(load(ws_with(tmp_path / "b", with_reason)))


def test_report(tmp_path):
    ws = workspace(ws_with(tmp_path, ZB2))
    report = compute_appraisal(ws)
    assert [o.id for o in report.orgs] == ["zb2"]
    assert report.missing == ("zb1", "zb3", "zb4")  # branches with members and no appraisal
    org = report.orgs[0]
    by = {m.id: m for m in org.members}
    assert by["m201"].top.value == "qualified" and by["m201"].shares[by["m201"].top] == Fraction(2, 3)
    assert by["m202"].grade.value == "basic" and by["m202"].reason
    assert org.grades == {"excellent": 0, "qualified": 1, "basic": 1, "unqualified": 0, "none": 0}


def test_json_shape(tmp_path):
    root = ws_with(tmp_path, ZB2.replace("grade: basic\n", "grade: qualified\n"))
    data = run_json(root, "appraisal")
    assert list(data) == ["year", "orgs", "summary", "missing"]
    org = data["orgs"][0]
    assert {k: org[k] for k in ("id", "participants", "full_members", "excellent_quota")} == {
        "id": "zb2",
        "participants": 3,
        "full_members": 2,
        "excellent_quota": 0,
    }
    m202 = next(m for m in org["members"] if m["id"] == "m202")
    assert m202 == {
        "id": "m202",
        "name": "吴党员",
        "status": "active",
        "votes": {"excellent": 0, "qualified": 1, "basic": 2, "unqualified": 0},
        "shares": {"excellent": 0.0, "qualified": 0.3333, "basic": 0.6667, "unqualified": 0.0},
        "top": "basic",
        "grade": "qualified",
        "reason": "全年两次无故缺席组织生活",
        "flags": ["against_majority"],
        "org": "zb2",
    }
    m203 = next(m for m in org["members"] if m["id"] == "m203")
    assert (m203["grade"], m203["flags"]) == (None, ["probationary"])
    assert org["grades"] == {"excellent": 0, "qualified": 2, "basic": 0, "unqualified": 0, "none": 0}
    assert data["summary"]["grades"] == org["grades"]


def test_org_option_and_csv(tmp_path):
    root = ws_with(tmp_path, ZB2)
    assert run_json(root, "appraisal", "--org", "zb1")["orgs"] == []
    assert [o["id"] for o in run_json(root, "appraisal", "--org", "zz")["orgs"]] == ["zb2"]
    bad = run("appraisal", "-w", root, "--org", "nope")
    assert bad.exit_code == 2
    csv = run("appraisal", "-w", root, "--format", "csv")
    lines = csv.stdout.strip().splitlines()
    assert csv.exit_code == 0 and len(lines) == 4  # header + 3 members
    assert lines[0].startswith("org,participants,member,name,status,votes_excellent")
    assert "m202,吴党员,active,0,1,2,0,0.0,0.3333,0.6667,0.0,basic,basic,全年两次无故缺席组织生活," in lines[2]
    out = tmp_path / "评议.csv"
    assert run("appraisal", "-w", root, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and "评定等次" in text.splitlines()[0]
    assert run("appraisal", "-w", root, "-o", out).exit_code == 2  # no --force
    assert run("appraisal", "-w", root, "-o", tmp_path / "评议.xlsx").exit_code == 0


def test_table_fits_80_columns(tmp_path):
    root = ws_with(tmp_path, ZB2)
    for lang in ("zh", "en"):
        out = run("appraisal", "-w", root, "--lang", lang)
        assert out.exit_code == 0, out.output
        from rich.cells import cell_len

        assert max(cell_len(line) for line in out.stdout.splitlines()) <= 80, out.stdout
        assert ("全年两次无故缺席组织生活" in out.stdout) and ("m202" in out.stdout)


def test_errors_stop_the_report(tmp_path):
    root = ws_with(tmp_path, ZB2 + "  - {member: m203, grade: qualified}\n")
    assert run("appraisal", "-w", root).exit_code == 1
    assert find(load(root), "appraisal-probationary")


def test_example_workspace():
    """Every branch of the example has its appraisal, within its quota; one 不合格 with its
    reason, one decision against the majority with its reason, probationary members who
    vote-receive but are not graded."""
    from wsfactory import EXAMPLE, golden

    data = run_json(EXAMPLE, "appraisal")
    assert data["missing"] == []
    assert sorted(o["id"] for o in data["orgs"]) == ["ez", "jg1", "jg2", "jg3", "sx", "yz1", "yz2", "zj"]
    members = [m for o in data["orgs"] for m in o["members"]]
    unqualified = [m for m in members if m["grade"] == "unqualified"]
    assert len(unqualified) == 1 and unqualified[0]["reason"]
    against = [m for m in members if "against_majority" in m["flags"]]
    assert len(against) == 1 and against[0]["reason"]
    probationary = [m for m in members if m["status"] == "probationary"]
    assert probationary and all(m["grade"] is None and m["votes"] for m in probationary)
    assert all(o["grades"]["excellent"] <= o["excellent_quota"] for o in data["orgs"])
    assert data["summary"]["grades"]["none"] == 0
    golden("appraisal.json", data)


def test_every_message_is_said_in_both_languages(tmp_path):
    """The appraisal and rated-survey messages have a Chinese text of their own, with the
    same placeholders as the English one."""
    import re

    from pingyi.i18n import gettext
    from pingyi.messages.appraisal import MESSAGES

    for key, template in MESSAGES.items():
        zh = gettext(template, "zh")
        assert zh != template, f"{key} has no Chinese text"
        assert set(re.findall(r"(?<!\{)\{(\w+)\}", zh)) == set(re.findall(r"(?<!\{)\{(\w+)\}", template)), key
    root = ws_with(tmp_path, ZB2.replace("grade: basic\n    reason: 全年两次无故缺席组织生活\n", "grade: unqualified\n"))
    d = only(load(root), "appraisal-reason-required")
    assert "不合格" in d.message_in("zh") and "unqualified" in d.message_in("en")


def test_workbook_sheet(tmp_path):
    """The 民主评议 sheet: a line per org with its quota, each member's votes, shares,
    decision and reason, and the signature line."""
    import openpyxl

    root = ws_with(tmp_path, ZB2)
    out = tmp_path / "台账.xlsx"
    result = run("export", "xlsx", "-w", root, "-o", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    sheet = wb[wb.sheetnames[-1]]
    assert sheet.title == "民主评议"
    rows = list(sheet.iter_rows(values_only=True))
    m202 = next(r for r in rows if r[0] == "m202")
    assert m202[1:6] == ("吴党员", 0, 1, 2, 0) and abs(m202[8] - 2 / 3) < 1e-9
    assert m202[10:13] == ("基本合格", "基本合格", "全年两次无故缺席组织生活")
    org = next(r for r in rows if r[0] == "zb2")
    assert "名额 0" in org[11] or "0" in org[11]
    m203 = next(r for r in rows if r[0] == "m203")
    assert m203[11] is None and m203[13] == "预备党员"
    assert any(r[0] and "审核" in str(r[0]) for r in rows)  # the signature line
