"""Honours (FORMAT §8): star of the quarter and star of the year, their quotas, and the
errors `pingyi check` reports when an honours document breaks them."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from typer.testing import CliRunner

import pingyi
from helpers_score import MONTHS, every_month, loaded, points_ws, row, rules_yaml
from pingyi.cli import app
from pingyi.compute.honours import annual_quota, compute_honours, compute_quarter, quarter_quota
from wsfactory import assert_at, find, pos, show

runner = CliRunner()
Q1 = MONTHS[:3]


def test_quarter_quota():
    share = Decimal("0.05")
    assert quarter_quota(9, share, 10) == 0
    assert quarter_quota(10, share, 10) == 1
    assert quarter_quota(11, share, 10) == 1
    assert quarter_quota(39, share, 10) == 1
    assert quarter_quota(40, share, 10) == 2
    assert quarter_quota(0, share, 0) == 0
    assert quarter_quota(3, Fraction(1, 2), 0) == 1


def test_annual_quota():
    share = Decimal("0.10")
    assert annual_quota(0, share) == 0
    assert annual_quota(1, share) == 1
    assert annual_quota(19, share) == 1
    assert annual_quota(20, share) == 2
    assert annual_quota(35, share) == 3


def branch(prefix: str, scored: int, exempt: int = 0) -> list:
    return [f"{prefix}{k:02d}" for k in range(1, scored + 1)] + [(f"{prefix}x{k}", "exempt") for k in range(1, exempt + 1)]


def quarter_ws(tmp_path, honours=None, *, sub="ws", **kwargs):
    """zb1: 11 scored members (a01 … a11) and one exempt, 12 in all; zb2: 9 scored
    (b01 … b09) and nothing else. In Q1, a member scores half their number on every item (a01: 0.5, a11: 5.5)."""
    a, b = branch("a", 11, 1), branch("b", 9)
    scores = {}
    for month in Q1:
        scores[("zb1", month)] = {m: row(Decimal(int(m[1:])) / 2) for m in a if isinstance(m, str)}
        scores[("zb2", month)] = {m: row(Decimal(int(m[1:])) / 2) for m in b if isinstance(m, str)}
    return points_ws(
        tmp_path,
        branches={"zb1": a, "zb2": b},
        scores=scores,
        honours=honours,
        ratings=[{"member": "ax1", "stars": 6, "reason": "病休"}],
        sub=sub,
        **kwargs,
    )


def _errors(result, code):
    return [d for d in find(result, code) if d.is_error]


# ============================================================================ the quarter star


def quota_ws(tmp_path, members: int, exempt: int, count: str | None = None, honours=None, sub: str = "ws"):
    """One branch of ``members`` members, ``exempt`` of them exempt, all scored in Q1."""
    people = branch("a", members - exempt, exempt)
    scores = {("zb1", m): {p: row(9) for p in people if isinstance(p, str)} for m in Q1}
    ratings = [{"member": f"ax{k}", "stars": 6, "reason": "病休"} for k in range(1, exempt + 1)]
    rules = rules_yaml(quarter_star={"count": count}) if count else None
    return points_ws(tmp_path, branches={"zb1": people}, scores=scores, ratings=ratings, rules=rules, honours=honours, sub=sub)


@pytest.mark.parametrize(
    ("members", "exempt", "count", "quota"),
    [(10, 1, None, 1), (40, 2, None, 2), (10, 1, "members", 1), (10, 1, "scored", 0), (40, 2, "scored", 1)],
)
def test_quarter_quota_counts_the_party_members_of_the_branch(tmp_path, members, exempt, count, quota):
    """FORMAT §8: n is the branch's 党员总数 (every member, whatever the status), or only
    the scored ones with ``quarter_star.count: scored``."""
    ws = loaded(quota_ws(tmp_path, members, exempt, count))
    q = compute_quarter(ws, 2024, 1, "zb1")
    assert (q.n, q.quota) == (members if count != "scored" else members - exempt, quota)
    assert len(q.candidates) == members - exempt


def test_quarter_quota_is_checked_as_the_rules_count(tmp_path):
    named = [{"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a01"]}]
    assert pingyi.load(quota_ws(tmp_path, 10, 1, honours=named)).ok  # 10 members: quota 1
    root = quota_ws(tmp_path, 10, 1, "scored", honours=named, sub="scored")
    [d] = _errors(pingyi.load(root), "honours-over-quota")  # 9 scored members: none
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "{award: quarter"))
    assert "9 scored members" in d.message_in("en") and "fewer than 10" in d.message_in("en")


def test_quarter_candidates_and_quota(tmp_path):
    ws = loaded(quarter_ws(tmp_path, honours=[]))
    q = compute_quarter(ws, 2024, 1, "zb1")
    assert (q.n, q.quota) == (12, 1)  # the 党员总数: the exempt member counts
    assert "ax1" not in [c.id for c in q.candidates]  # but is no candidate
    assert [c.id for c in q.candidates][:3] == ["a11", "a10", "a09"]
    assert q.candidates[0].points == Decimal("5.5") * 10 * 3 and q.candidates[0].months == 3
    q2 = compute_quarter(ws, 2024, 1, "zb2")
    assert (q2.n, q2.quota) == (9, 0)
    assert compute_quarter(ws, 2024, 2, "zb1").candidates[0].points == 0  # nothing scored in Q2


def test_quarter_ties_share_a_rank(tmp_path):
    scores = {("zb1", m): {"a01": row(9), "a02": row(10), "a03": row(10), "a04": row(8)} for m in Q1}
    ws = loaded(points_ws(tmp_path, branches={"zb1": ["a01", "a02", "a03", "a04"]}, scores=scores))
    q = compute_quarter(ws, 2024, 1, "zb1")
    assert [(c.id, c.rank) for c in q.candidates] == [("a02", 1), ("a03", 1), ("a01", 3), ("a04", 4)]


def test_branch_of_eleven_may_name_one(tmp_path):
    root = quarter_ws(tmp_path, honours=[{"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a11"]}])
    result = pingyi.load(root)
    assert result.ok, show(result)
    q = compute_honours(result.workspace, quarter=1, org="zb1").quarters[0]
    assert [n.member for n in q.named] == ["a11"] and q.candidates[0].named and not q.over_quota


def test_branch_of_eleven_naming_two_is_an_error_at_the_item(tmp_path):
    item = {"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a11", "a10"]}
    root = quarter_ws(tmp_path, honours=[item])
    result = pingyi.load(root)
    [d] = _errors(result, "honours-over-quota")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "{award: quarter"), word="quota is 1")


def test_quota_counts_every_item_of_the_same_branch_and_quarter(tmp_path):
    items = [
        {"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a11"]},
        {"award": "quarter", "quarter": 2, "org": "zb1", "members": ["a10"]},
        {"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a09"]},
    ]
    root = quarter_ws(tmp_path, honours=items)
    [d] = _errors(pingyi.load(root), "honours-over-quota")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "{award: quarter", 3))


def test_branch_of_nine_may_name_none(tmp_path):
    root = quarter_ws(tmp_path, honours=[{"award": "quarter", "quarter": 1, "org": "zb2", "members": ["b09"]}])
    result = pingyi.load(root)
    [d] = _errors(result, "honours-over-quota")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "{award: quarter"), word="fewer than 10")


def test_min_members_and_share_come_from_the_rules(tmp_path):
    root = quarter_ws(
        tmp_path,
        honours=[{"award": "quarter", "quarter": 1, "org": "zb2", "members": ["b09", "b08"]}],
        rules=rules_yaml(quarter_star={"share": "0.25", "min_members": 5}),
    )
    assert pingyi.load(root).ok  # 9 × 25% → 2


def test_quarter_star_not_a_member_of_that_org(tmp_path):
    root = quarter_ws(tmp_path, honours=[{"award": "quarter", "quarter": 1, "org": "zb1", "members": ["b09"]}])
    result = pingyi.load(root)
    [d] = _errors(result, "honour-wrong-org")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "b09"), word="not of `zb1`")


def test_quarter_star_transferred_out_but_scored_by_the_org_that_quarter(tmp_path):
    scores = {("zb1", m): {f"a{k:02d}": row(k) for k in range(1, 11)} | {"c01": row(10)} for m in Q1}
    root = points_ws(
        tmp_path,
        branches={"zb1": [f"a{k:02d}" for k in range(1, 11)], "zb2": ["c01"]},
        scores=scores,
        honours=[
            {"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a10"]},
            {"award": "quarter", "quarter": 2, "org": "zb1", "members": ["c01"]},
        ],  # fmt: skip
    )
    result = pingyi.load(root)
    [d] = _errors(result, "honour-wrong-org")  # Q2: c01 was not scored by zb1 then
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "c01"))
    assert "quarter 2" in d.message_in("en")


def test_unknown_member_and_org(tmp_path):
    root = quarter_ws(
        tmp_path,
        honours=[
            {"award": "quarter", "quarter": 1, "org": "zb9", "members": ["a11"]},
            {"award": "quarter", "quarter": 1, "org": "zb1", "members": ["zz1"]},
            {"award": "annual", "members": ["zz2"]},
        ],  # fmt: skip
    )
    result = pingyi.load(root)
    [org] = _errors(result, "unknown-org")
    assert_at(org, "honours.yaml", pos(root, "honours.yaml", "zb9"))
    members = _errors(result, "unknown-member")
    assert [(d.line, d.column) for d in members] == [pos(root, "honours.yaml", "zz1"), pos(root, "honours.yaml", "zz2")]


def test_exempt_member_is_no_quarter_candidate(tmp_path):
    root = quarter_ws(tmp_path, honours=[{"award": "quarter", "quarter": 1, "org": "zb1", "members": ["ax1"]}])
    [d] = _errors(pingyi.load(root), "honour-not-scored")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "ax1"))


# ============================================================================ the annual star


def annual_ws(tmp_path, tens: int, nines: int, honours, **kwargs):
    """``tens`` members scoring 100 (ten stars) and ``nines`` scoring 92 (nine stars)."""
    t = [f"t{k:02d}" for k in range(1, tens + 1)]
    n = [f"n{k:02d}" for k in range(1, nines + 1)]
    return points_ws(
        tmp_path,
        branches={"zb1": t + n},
        scores=every_month("zb1", {m: row(10) for m in t} | {m: row(10) for m in n}),
        averages={"zb1": {m: row(10) for m in t} | {m: row(6) for m in n}},
        honours=honours,
        **kwargs,
    )


def test_annual_quota_follows_the_ten_star_count(tmp_path):
    ws = loaded(annual_ws(tmp_path / "a", 20, 3, [{"award": "annual", "members": ["t01", "t02"]}]))
    annual = compute_honours(ws).annual
    assert (annual.k, annual.quota, annual.top_stars) == (20, 2, 10)
    assert [c.id for c in annual.candidates if c.named] == ["t01", "t02"]
    root = annual_ws(tmp_path / "b", 19, 3, [{"award": "annual", "members": ["t01", "t02"]}])
    [d] = _errors(pingyi.load(root), "honours-over-quota")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "{award: annual"), word="quota is 1")


def test_no_ten_star_member_no_annual_star(tmp_path):
    root = annual_ws(tmp_path, 0, 3, [{"award": "annual", "members": ["n01"]}])
    result = pingyi.load(root)
    assert len(_errors(result, "annual-star-not-top")) == 1
    [d] = _errors(result, "honours-over-quota")
    assert "none may be named" in d.message_in("en")


def test_annual_star_who_is_not_ten_star(tmp_path):
    root = annual_ws(tmp_path, 3, 3, [{"award": "annual", "members": ["n02"]}])
    result = pingyi.load(root)
    [d] = _errors(result, "annual-star-not-top")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "n02"), word="has 9 stars")
    assert not _errors(result, "honours-over-quota")


def test_annual_star_uses_final_stars(tmp_path):
    # a rating down to 9 stars takes t01 out of the candidates; one up to 10 brings n01 in
    root = annual_ws(
        tmp_path, 2, 2, [{"award": "annual", "members": ["n01"]}],
        ratings=[{"member": "t01", "stars": 9, "reason": "支部评定"}, {"member": "n01", "stars": 10, "reason": "支部评定"}],
    )  # fmt: skip
    result = pingyi.load(root)
    assert result.ok, show(result)
    assert [c.id for c in compute_honours(result.workspace).annual.candidates] == ["t02", "n01"]


def test_honours_of_another_year_are_judged_by_that_year(tmp_path):
    root = annual_ws(
        tmp_path, 3, 0, None, extra={"h2023.yaml": "kind: honours\nyear: 2023\nitems:\n  - {award: annual, members: [t01]}\n"}
    )
    [d] = _errors(pingyi.load(root), "annual-star-not-top")  # nobody has scores in 2023
    assert "2023" in d.message


# ============================================================================ command line


def test_cli_honours_json(tmp_path):
    root = quarter_ws(tmp_path, honours=[{"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a11"]}])
    out = runner.invoke(app, ["honours", "-w", str(root), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    q1 = [q for q in data["quarters"] if q["quarter"] == 1]
    assert [(q["org"], q["n"], q["quota"]) for q in q1] == [("zb1", 12, 1), ("zb2", 9, 0)]
    assert q1[0]["named"] == ["a11"] and q1[0]["candidates"][0] == {
        "id": "a11", "name": "党员a11", "points": 165, "months": 3, "rank": 1, "named": True}  # fmt: skip
    assert data["annual"]["quota"] == 0 and data["annual"]["k"] == 0


def test_cli_score_quarter_table_and_csv(tmp_path):
    root = quarter_ws(tmp_path, honours=[])
    out = runner.invoke(app, ["score", "-w", str(root), "--quarter", "1"])
    assert out.exit_code == 0, out.output
    assert "季度之星" in out.stdout and "名额 1" in out.stdout and "党员a11 (a11)" in out.stdout
    assert "年度之星" not in out.stdout
    en = runner.invoke(app, ["score", "-w", str(root), "--quarter", "1", "--lang", "en"])
    assert "quota 1" in en.stdout and "too few members" in en.stdout
    rows = runner.invoke(app, ["score", "-w", str(root), "--quarter", "1", "-f", "csv"]).stdout.splitlines()
    assert rows[0] == "award,quarter,org,quota,rank,id,name,points,months,named"
    assert rows[1].startswith("quarter,1,zb1,1,1,a11,")


def test_cli_quarter_usage_errors(tmp_path):
    root = quarter_ws(tmp_path, honours=[])
    assert runner.invoke(app, ["score", "-w", str(root), "--quarter", "5"]).exit_code == 2
    assert runner.invoke(app, ["honours", "-w", str(root), "--org", "zz"]).exit_code == 2
    assert runner.invoke(app, ["score", "-w", str(root), "--quarter", "1", "--member", "a01"]).exit_code == 2


def test_cli_honours_over_quota_exits_1(tmp_path):
    root = quarter_ws(tmp_path, honours=[{"award": "quarter", "quarter": 1, "org": "zb2", "members": ["b01"]}])
    out = runner.invoke(app, ["honours", "-w", str(root)])
    assert out.exit_code == 1
    assert "honours.yaml:" in out.output
    check = runner.invoke(app, ["check", "-w", str(root), "-f", "json"])
    assert check.exit_code == 1
    [err] = json.loads(check.stdout)["errors"]
    assert (err["file"], err["line"], err["column"]) == ("honours.yaml", *pos(root, "honours.yaml", "{award: quarter"))


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_example_workspace_honours(quarter):
    from pathlib import Path

    example = Path(__file__).parent.parent / "examples" / "jiangcheng"
    result = pingyi.load(example)
    if not result.ok:
        pytest.skip("examples/jiangcheng has errors")
    report = compute_honours(result.workspace, quarter=quarter)
    for q in report.quarters:
        assert q.quota == (0 if q.n < 10 else max(1, q.n // 20))
        assert len({n.member for n in q.named}) <= q.quota


def test_member_named_twice(tmp_path):
    root = quarter_ws(tmp_path, honours=[{"award": "quarter", "quarter": 1, "org": "zb1", "members": ["a11", "a11"]}])
    result = pingyi.load(root)
    [d] = _errors(result, "honour-named-twice")
    assert_at(d, "honours.yaml", pos(root, "honours.yaml", "a11", 2))
    assert not _errors(result, "honours-over-quota")  # one member, counted once
