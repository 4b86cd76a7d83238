"""公示 and objections (FORMAT §13): every error and warning at its file:line:column, the
month / quarter / year listings and their JSON, agreement with `pingyi score` and
`pingyi honours`, the page and the workbook."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from pingyi.compute.publicity import compute_publicity
from pingyi.compute.score import compute_score
from pingyi.render.publicity import PublicityOutput
from wsfactory import EXAMPLE, assert_at, find, load, make_ws, one, pos, run, run_json, value_pos

SCORES = """\
kind: scores
org: zb1
month: 2024-03
scores:
  m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]
  m102: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
  m103: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9.5]
"""

PUB = """\
kind: publicity
id: 2024-03-zb1
period: 2024-03
org: zb1
start: 2024-04-02
end: 2024-04-08
place: 公开栏
contact: 组织委员
objections:
  - id: y1
    member: m102
    month: 2024-03
    item: study
    by: m102
    received: 2024-04-03
    text: 应为10分
    reply: 维持
    replied: 2024-04-09
    outcome: rejected
"""


def ws_with(tmp_path, pub: str = PUB, extra: dict | None = None):
    files = {"scores.yaml": SCORES, "publicity.yaml": pub}
    files.update(extra or {})
    return make_ws(tmp_path, files)


def checked(tmp_path, pub: str, **kw):
    root = ws_with(tmp_path, pub)
    return root, load(root, as_of=kw.get("as_of"))


# --------------------------------------------------------------------------- errors


def test_a_clean_record_has_no_diagnostics(tmp_path):
    import datetime as dt

    root, result = checked(tmp_path, PUB, as_of=dt.date(2024, 4, 20))
    assert [d for d in result.diagnostics if d.file == "publicity.yaml"] == []


def test_end_before_start(tmp_path):
    root, result = checked(tmp_path, PUB.replace("end: 2024-04-08", "end: 2024-04-01"))
    assert_at(one(result, "publicity-dates", "error"), "publicity.yaml", value_pos(root, "publicity.yaml", "end: 2024-04-01"))


@pytest.mark.parametrize(
    ("old", "new", "code", "needle"),
    [
        ("member: m102", "member: m999", "objection-unknown-member", "member: m999"),
        ("by: m102", "by: m998", "objection-unknown-by", "by: m998"),
        ("item: study", "item: sport", "objection-unknown-item", "item: sport"),
        ("org: zb1", "org: zb9", "publicity-unknown-org", "org: zb9"),
        ("org: zb1", "org: m101", "publicity-unknown-org", "org: m101"),
        ("month: 2024-03", "month: 2024-05", "objection-month-outside", "month: 2024-05"),
        ("replied: 2024-04-09", "replied: 2024-04-01", "objection-replied-before-received", "replied: 2024-04-01"),
    ],
)
def test_errors_at_the_offending_value(tmp_path, old, new, code, needle):
    root, result = checked(tmp_path, PUB.replace(old, new))
    assert_at(one(result, code, "error"), "publicity.yaml", value_pos(root, "publicity.yaml", needle))


def test_member_given_as_org_says_so(tmp_path):
    root, result = checked(tmp_path, PUB.replace("org: zb1", "org: m101"))
    assert "member, not an org" in one(result, "publicity-unknown-org").message_in("en")


@pytest.mark.parametrize("drop", ["    reply: 维持\n", "    replied: 2024-04-09\n"])
def test_outcome_without_reply(tmp_path, drop):
    root, result = checked(tmp_path, PUB.replace(drop, ""))
    d = one(result, "objection-outcome-without-reply", "error")
    assert_at(d, "publicity.yaml", value_pos(root, "publicity.yaml", "outcome: rejected"))
    assert drop.split(":")[0].strip() in d.message_in("en")


def test_duplicate_ids(tmp_path):
    two = PUB + "---\n" + PUB.replace("start: 2024-04-02", "start: 2024-04-03")
    root, result = checked(tmp_path, two)
    assert_at(one(result, "publicity-duplicate-id"), "publicity.yaml", value_pos(root, "publicity.yaml", "id: 2024-03-zb1", 2))
    dup = PUB + "  - {id: y1, member: m101, received: 2024-04-04}\n"
    root, result = checked(tmp_path, dup)
    assert_at(one(result, "objection-duplicate-id"), "publicity.yaml", pos(root, "publicity.yaml", "y1", 2))


def test_bad_period_and_both_authors_are_shape_errors(tmp_path):
    root, result = checked(tmp_path, PUB.replace("period: 2024-03", "period: 2024-13"))
    assert any(d.file == "publicity.yaml" and d.line == 3 for d in result.errors)
    root, result = checked(tmp_path, PUB.replace("    by: m102\n", "    by: m102\n    by_name: 群众\n"))
    assert any(d.file == "publicity.yaml" for d in result.errors)


# --------------------------------------------------------------------------- warnings


def test_window_before_the_period_is_over(tmp_path):
    pub = PUB.replace("start: 2024-04-02", "start: 2024-03-28")
    root, result = checked(tmp_path, pub)
    assert_at(one(result, "publicity-early", "warning"), "publicity.yaml", value_pos(root, "publicity.yaml", "start: 2024-03-28"))


def test_window_after_the_period_is_fine(tmp_path):
    root, result = checked(tmp_path, PUB)
    assert find(result, "publicity-early") == []


@pytest.mark.parametrize("received", ["2024-04-10", "2024-04-01"])
def test_late_objection(tmp_path, received):
    pub = PUB.replace("received: 2024-04-03", f"received: {received}").replace("replied: 2024-04-09", "replied: 2024-04-12")
    root, result = checked(tmp_path, pub)
    assert_at(
        one(result, "objection-late", "warning"), "publicity.yaml", value_pos(root, "publicity.yaml", f"received: {received}")
    )
    report = compute_publicity(result.workspace, "2024-03")
    assert report.records[0].objections[0].late and report.records[0].counts["late"] == 1


def test_pending_objection_overdue_as_of(tmp_path):
    import datetime as dt

    pending = PUB.replace("    reply: 维持\n    replied: 2024-04-09\n    outcome: rejected\n", "")
    root = ws_with(tmp_path, pending)
    assert find(load(root, as_of=dt.date(2024, 4, 13)), "objection-overdue") == []  # 10 days after: still in time
    result = load(root, as_of=dt.date(2024, 4, 14))
    assert_at(one(result, "objection-overdue", "warning"), "publicity.yaml", pos(root, "publicity.yaml", "received"))
    answered = ws_with(tmp_path / "b", PUB)
    assert find(load(answered, as_of=dt.date(2025, 1, 1)), "objection-overdue") == []


def test_reply_days_come_from_the_rules(tmp_path):
    import datetime as dt

    pending = PUB.replace("    reply: 维持\n    replied: 2024-04-09\n    outcome: rejected\n", "")
    root = make_ws(
        tmp_path,
        {"scores.yaml": SCORES, "publicity.yaml": pending, "rules.yaml": "kind: rules\npublicity: {reply_days: 3}\n"},
        config="pingyi: 1\nname: 测试党委\nyear: 2024\nrules: rules.yaml\n",
    )
    assert len(find(load(root, as_of=dt.date(2024, 4, 7)), "objection-overdue")) == 1


def test_scored_period_never_published(tmp_path):
    import datetime as dt

    root = ws_with(tmp_path, PUB)
    result = load(root, as_of=dt.date(2025, 2, 1))  # the year 2024 is over: the default requires its 公示
    d = one(result, "publicity-missing", "warning")
    assert_at(d, "scores.yaml", value_pos(root, "scores.yaml", "month: 2024-03"))
    assert "2024" in d.message_in("en")
    assert find(load(root, as_of=dt.date(2024, 12, 1)), "publicity-missing") == []  # the year is not over
    covered = ws_with(tmp_path / "b", PUB + "---\nkind: publicity\nid: y\nperiod: 2024\nstart: 2025-01-05\nend: 2025-01-10\n")
    assert find(load(covered, as_of=dt.date(2025, 2, 1)), "publicity-missing") == []


def test_required_months_are_checked_when_the_rules_say_so(tmp_path):
    import datetime as dt

    extra = SCORES.replace("2024-03", "2024-04")
    root = make_ws(
        tmp_path,
        {
            "scores.yaml": SCORES + "---\n" + extra,
            "publicity.yaml": PUB,
            "rules.yaml": "kind: rules\npublicity: {required: [month]}\n",
        },
        config="pingyi: 1\nname: 测试党委\nyear: 2024\nrules: rules.yaml\n",
    )
    result = load(root, as_of=dt.date(2024, 6, 1))
    [d] = find(result, "publicity-missing")
    assert "2024-04" in d.message_in("en")


# --------------------------------------------------------------------------- listings


def _example_json(*args):
    return run_json(EXAMPLE, "publicity", *args)


def test_month_json_shape_and_numbers_recomputed_from_the_scores():
    data = _example_json("2024-03")
    assert data["period"] == "2024-03" and data["type"] == "month"
    import pingyi

    ws = pingyi.load(EXAMPLE).workspace
    rows = {m: values for d in ws.scores if d.model.month == "2024-03" for m, values in d.model.scores.items()}
    for org in data["orgs"]:
        assert set(org) == {"id", "name", "members"}
        listed = [m for m in org["members"] if m["points"] is not None]
        for m in org["members"]:
            assert {"id", "name", "items", "points", "rank"} <= set(m)
            if m["points"] is None:
                assert m["items"] is None and m["rank"] is None and m["id"] not in rows
                continue
            assert m["items"] == [int(v) for v in rows[m["id"]]]
            assert m["points"] == sum(rows[m["id"]])
            assert m["rank"] == 1 + sum(1 for o in listed if o["points"] > m["points"])
    yz1 = next(o for o in data["orgs"] if o["id"] == "yz1")
    assert [m["rank"] for m in yz1["members"]] == sorted(m["rank"] for m in yz1["members"])
    [pub] = data["publicity"]
    assert pub["id"] == "2024-03-yz1" and pub["start"] == "2024-04-02" and pub["end"] == "2024-04-08"
    assert pub["objections"] == {"total": 2, "pending": 0, "upheld": 1, "partly": 0, "rejected": 1, "late": 0, "overdue": 0}
    assert [(i["id"], i["member"], i["state"], i["late"]) for i in pub["items"]] == [
        ("y1", "m102", "rejected", False),
        ("y2", "m104", "upheld", False),
    ]


def test_a_member_without_a_score_that_month_is_listed_as_such(tmp_path):
    ws = load(ws_with(tmp_path, PUB)).workspace
    data = PublicityOutput(compute_publicity(ws, "2024-03")).to_json()
    zb2 = next(o for o in data["orgs"] if o["id"] == "zb2")
    assert {m["id"]: m["points"] for m in zb2["members"]} == {"m201": None, "m202": None}
    zb1 = next(o for o in data["orgs"] if o["id"] == "zb1")
    assert {m["id"]: m["points"] for m in zb1["members"]} == {"m102": 100, "m101": 93, "m103": 90.5}
    assert [m["rank"] for m in zb1["members"]] == [1, 2, 3]


def test_quarter_agrees_with_honours():
    data = _example_json("2024-Q1")
    honours = run_json(EXAMPLE, "honours", "--quarter", "1")
    quarters = {q["org"]: q for q in honours["quarters"]}
    assert data["type"] == "quarter"
    for org in data["orgs"]:
        q = quarters[org["id"]]
        assert org["quota"] == q["quota"]
        expected = {c["id"]: (c["points"], c["rank"], c["named"]) for c in q["candidates"]}
        assert {m["id"]: (m["points"], m["rank"], m["quarter_star"]) for m in org["members"]} == expected
    yz1 = next(o for o in data["orgs"] if o["id"] == "yz1")
    assert [m["id"] for m in yz1["members"] if m["quarter_star"]] == ["m101"]
    late = data["publicity"][0]["items"][0]
    assert late["late"] is True and data["publicity"][0]["objections"]["late"] == 1


def test_year_agrees_with_score_and_shows_disputed():
    data = _example_json("2024")
    score = run_json(EXAMPLE, "score")
    by_id = {m["id"]: m for m in score["members"]}
    seen = 0
    for org in data["orgs"]:
        for m in org["members"]:
            s = by_id[m["id"]]
            assert (m["total"], m["stars"], m["grade"]) == (s["total"], s["stars"], s["grade"])
            seen += 1
    assert seen == len(score["members"])
    stars = [m["id"] for o in data["orgs"] for m in o["members"] if m["annual_star"]]
    assert stars == ["m101"] and data["annual_quota"] == 1
    disputed = [m["id"] for o in data["orgs"] for m in o["members"] if m["disputed"]]
    assert disputed == ["m306"]  # the pending objection of the year's 公示
    counts = data["publicity"][0]["objections"]
    assert counts["pending"] == 1 and counts["overdue"] == 1 and counts["rejected"] == 1


def test_year_total_recomputed_exactly(tmp_path):
    """A member's published total is the exact arithmetic of FORMAT §6, rounded once."""
    ws = load(ws_with(tmp_path, PUB)).workspace
    report = compute_publicity(ws, "2024", org="zb1")
    m101 = next(m for o in report.orgs for m in o.members if m.id == "m101")
    exact = Fraction(93, 12) * Fraction(8, 10)  # one month of 93 points over twelve, no evaluation
    assert m101.total == Decimal(round(exact * 100)) / 100
    assert m101.total == compute_score(ws, org="zb1").get("m101").total


def test_org_option_limits_the_listing():
    data = _example_json("2024-03", "--org", "sx")
    assert [o["id"] for o in data["orgs"]] == ["sx"] and data["publicity"] == []


def test_empty_period(tmp_path):
    data = _example_json("2025-03")
    assert data["orgs"] == [] and data["publicity"] == []
    result = run("publicity", "2025-03", "-w", EXAMPLE, "--lang", "en")
    assert result.exit_code == 0 and "nothing to publish" in result.stdout
    page = tmp_path / "empty.html"
    assert run("publicity", "2025-03", "-w", EXAMPLE, "-o", page).exit_code == 0
    assert "<table" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ["2024-13", "24-03", "2024Q1", "march"])
def test_bad_period_is_a_usage_error(bad):
    result = run("publicity", bad, "-w", EXAMPLE)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_unknown_org_is_a_usage_error():
    assert run("publicity", "2024-03", "-w", EXAMPLE, "--org", "nope").exit_code == 2


def test_table_fits_80_columns():
    """On an 80-column terminal every line fits, and no name or number is cut."""
    import io

    from rich.cells import cell_len
    from rich.console import Console

    import pingyi

    ws = pingyi.load(EXAMPLE).workspace
    for period in ("2024-03", "2024-Q1", "2024"):
        report = compute_publicity(ws, period, org="yz1")
        buffer = io.StringIO()
        PublicityOutput(report).render_table(Console(file=buffer, width=80, color_system=None, force_terminal=True))
        text = buffer.getvalue()
        assert all(cell_len(line) <= 80 for line in text.splitlines())
        for m in report.orgs[0].members:
            assert m.name in text
            number = m.points if m.points is not None else m.total
            if number is not None:
                assert str(number) in text


def test_csv_and_workbook(tmp_path):
    result = run("publicity", "2024-03", "-w", EXAMPLE, "--org", "yz1", "--format", "csv", "--lang", "en")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Org,Member id,Rank,Name,学习提高") and len(lines) == 1 + 18 - 1  # the exempt member is not scored
    out = tmp_path / "p.xlsx"
    assert run("publicity", "2024-03", "-w", EXAMPLE, "-o", out).exit_code == 0
    sheet = load_workbook(out).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "许文博" in cells and "学习提高" in cells
    assert run("publicity", "2024-03", "-w", EXAMPLE, "-o", out).exit_code == 2  # never clobbered without --force
    assert run("publicity", "2024-03", "-w", EXAMPLE, "-o", out, "--force").exit_code == 0


def test_page_is_self_contained_and_deterministic(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert run("publicity", "2024-03", "-w", EXAMPLE, "-o", a, "--as-of", "2024-05-01").exit_code == 0
    assert run("publicity", "2024-03", "-w", EXAMPLE, "--format", "html", "--as-of", "2024-05-01").exit_code == 0
    assert run("publicity", "2024-03", "-w", EXAMPLE, "-o", b, "--as-of", "2024-05-01").exit_code == 0
    page = a.read_text(encoding="utf-8")
    assert a.read_bytes() == b.read_bytes()
    for external in ("http://", "https://", "<script", "<link", "<img", "@import", "url("):
        assert external not in page
    assert "第一中学高中部党支部2024年3月党员积分公示" in page
    assert page.count('<section class="org"') == len(_example_json("2024-03")["orgs"])
    assert "2024-04-02" in page and "党务公开栏" in page and "冯志明" in page
    assert "page-break-after: always" in page and "@media (max-width" in page
    assert "数据指纹" in page


def test_page_escapes_names(tmp_path):
    hostile = "<script>alert(1)</script>"
    orgs = (EXAMPLE.parent / "jiangcheng" / "orgs").exists()
    assert orgs
    root = make_ws(tmp_path, {"scores.yaml": SCORES, "publicity.yaml": PUB.replace("place: 公开栏", f"place: '{hostile}'")})
    (root / "orgs.yaml").write_text(
        (root / "orgs.yaml").read_text(encoding="utf-8").replace("赵党员", "'<b>x</b>'"), encoding="utf-8"
    )
    out = tmp_path / "p.html"
    assert run("publicity", "2024-03", "-w", root, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert hostile not in page and "&lt;script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_fingerprint_names_the_commit_in_git(tmp_path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = ws_with(tmp_path, PUB)
    out = tmp_path / "p.html"
    run("publicity", "2024-03", "-w", root, "-o", out)
    assert "不在 git" in out.read_text(encoding="utf-8") or "not in git" in out.read_text(encoding="utf-8")
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "HOME": str(tmp_path),
    }
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", "x"], check=True, env=env)
    head = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    status_before = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True).stdout
    out2 = tmp_path / "q.html"
    run("publicity", "2024-03", "-w", root, "-o", out2)
    assert head[:12] in out2.read_text(encoding="utf-8")
    assert (
        subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True).stdout == status_before
    )


def test_json_goes_alone_to_stdout():
    result = run("publicity", "2024", "-w", EXAMPLE, "--format", "json")
    json.loads(result.stdout)


def test_disputed_members_of_the_year():
    from pingyi.compute.publicity import disputed_members, pending_objections

    ws = load(EXAMPLE).workspace
    assert disputed_members(ws, 2024) == {"m306"}
    [pending] = pending_objections(ws, 2024, "m306")
    assert pending.state == "pending" and pending.overdue and pending.received.isoformat() == "2025-01-09"
    assert pending_objections(ws, 2024, "m111") == []  # answered: not disputed


def test_score_and_explain_show_the_disputed_member():
    score = run_json(EXAMPLE, "score")
    assert [m["id"] for m in score["members"] if m["disputed"]] == ["m306"]
    card = run_json(EXAMPLE, "explain", "m306")
    assert card["disputed"] is True and [o["state"] for o in card["objections"]] == ["pending"]
    assert run_json(EXAMPLE, "explain", "m111")["disputed"] is False  # answered, rejected
    table = run("score", "-w", EXAMPLE, "--org", "sx", "--lang", "en")
    assert "disputed" in table.stdout and "汪建华 (m306)" in table.stdout
    text = run("explain", "m306", "-w", EXAMPLE)
    assert "2025-01-09" in text.stdout and "异议" in text.stdout
