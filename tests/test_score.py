"""Year-end points and stars (FORMAT §6–7, §11 ``pingyi score``): every rule of the
arithmetic on a small workspace, a property test against an independent Fraction
restatement, the command line, and the example workspace (golden output).

Regenerate the golden file after an intended change with
``PINGYI_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_score.py``.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pingyi
from helpers_score import (
    DEFAULT_BANDS,
    MONTHS,
    band,
    every_month,
    half_up,
    loaded,
    oracle,
    points_ws,
    row,
    rules_yaml,
)
from pingyi.cli import app
from pingyi.compute.score import compute_score, exact_text, rank, round_half_up
from pingyi.selection import SelectionError
from wsfactory import golden

EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"
FIVE_STARS = Path(__file__).parent.parent / "examples" / "rules-five-stars.yaml"
runner = CliRunner()


def total_ws(tmp_path, d_value: str, *, monthly: int = 10, sub: str = "ws", **kwargs):
    """One member, m1, scored ``monthly`` on every item for twelve months, with tally-sheet
    averages ``d_value`` on every item: total = 8 × monthly + 2 × d_value exactly."""
    return points_ws(
        tmp_path,
        branches={"zb1": ["m1"]},
        scores=every_month("zb1", {"m1": row(monthly)}),
        averages={"zb1": {"m1": row(d_value)}},
        sub=sub,
        **kwargs,
    )


def one_member(tmp_path, d_value: str, **kwargs):
    ws = loaded(total_ws(tmp_path, d_value, **kwargs))
    return compute_score(ws).members[0]


# ============================================================================ the monthly part


def about(w):
    """A year-end warning as (code, the member it is about)."""
    return w.code, dict(w.args).get("member")


def arg(w, name):
    return dict(w.args).get(name)


def test_divisor_twelve_counts_missing_months_as_zero(tmp_path):
    root = points_ws(tmp_path, branches={"zb1": ["m1"]}, scores=every_month("zb1", {"m1": row(10)}, MONTHS[:6]))
    m = compute_score(loaded(root)).members[0]
    assert m.months == 6
    assert m.divisor == 12
    assert m.monthly == tuple(Fraction(5) for _ in range(10))
    assert m.base == Decimal("40.00")


def test_divisor_scored_months(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1"]},
        scores=every_month("zb1", {"m1": row(10)}, MONTHS[:6]),
        rules=rules_yaml(average_over="scored_months"),
    )
    m = compute_score(loaded(root)).members[0]
    assert m.divisor == 6
    assert m.base == Decimal("80.00")


def test_scored_months_with_no_month_at_all_is_zero_not_a_crash(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        scores=every_month("zb1", {"m2": row(10)}),
        rules=rules_yaml(average_over="scored_months"),
    )
    m = compute_score(loaded(root)).get("m1")
    assert m.months == 0 and m.total == Decimal("0.00")


def test_scores_of_another_year_do_not_count(tmp_path):
    scores = every_month("zb1", {"m1": row(10)})
    scores[("zb1", "2023-12")] = {"m1": row(0)}
    m = compute_score(loaded(points_ws(tmp_path, branches={"zb1": ["m1"]}, scores=scores))).members[0]
    assert m.months == 12 and m.base == Decimal("80.00")


def test_transferred_member_keeps_months_scored_by_the_old_org(tmp_path):
    scores = every_month("zb1", {"m1": row(10)}, MONTHS[:4])
    scores.update(every_month("zb2", {"m1": row(10)}, MONTHS[4:]))
    root = points_ws(tmp_path, branches={"zb1": ["m2"], "zb2": ["m1"]}, scores=scores)
    result = pingyi.load(root)
    assert result.ok
    m = compute_score(result.workspace).get("m1")
    assert m.months == 12 and m.org == "zb2" and m.base == Decimal("80.00")
    assert {ms.org for ms in m.month_scores} == {"zb1", "zb2"}


# ============================================================================ the democratic part


def test_ballots_average_over_the_ballots_naming_the_member(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        scores=every_month("zb1", {"m1": row(10), "m2": row(10)}),
        ballots={"zb1": [{"m1": row(10), "m2": row(6)}, {"m1": row(7)}, {"m1": row(9)}]},
    )
    report = compute_score(loaded(root))
    m1, m2 = report.get("m1"), report.get("m2")
    assert m1.democratic_items == tuple(Fraction(26, 3) for _ in range(10))
    assert m1.democratic_source.ballots == 3 and m1.democratic_source.ballots_total == 3
    # m2 is named on one ballot only: the other two do not count as zeros
    assert m2.democratic_items == tuple(Fraction(6) for _ in range(10))
    assert m2.democratic_source.ballots == 1
    assert m2.democratic == Decimal("12.00")
    assert m1.democratic == Decimal("17.33")  # 10 × 26/3 × 0.2 = 17.333…


def test_tally_sheet_averages(tmp_path):
    m = one_member(tmp_path, "9.25")
    assert m.democratic_source.source == "averages" and m.democratic_source.participants == 20
    assert m.democratic == Decimal("18.50")
    assert m.total == Decimal("98.50")


def test_no_evaluation_gives_zero_and_a_warning(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        scores=every_month("zb1", {"m1": row(10), "m2": row(10)}),
        ballots={"zb1": [{"m1": row(10)}]},
    )
    report = compute_score(loaded(root))
    m2 = report.get("m2")
    assert m2.democratic == Decimal("0.00") and m2.total == Decimal("80.00")
    assert [about(w) for w in report.warnings] == [("no-evaluation", "m2")]


def test_no_evaluation_at_all_is_one_warning(tmp_path):
    root = points_ws(tmp_path, branches={"zb1": ["m1", "m2"]}, scores=every_month("zb1", {"m1": row(10), "m2": row(10)}))
    report = compute_score(loaded(root))
    assert [about(w) for w in report.warnings] == [("no-evaluations", None)]


def test_evaluation_of_another_year_does_not_count(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1"]},
        scores=every_month("zb1", {"m1": row(10)}),
        extra={
            "ev2023.yaml": "kind: evaluation\norg: zb1\nyear: 2023\nmass_representatives: 10\nballots:\n  - {m1: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]}\n"
        },
    )
    assert compute_score(loaded(root)).members[0].democratic == Decimal("0.00")


# ============================================================================ adjustments


def _adjusted(tmp_path, items, policy=None):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1"]},
        scores=every_month("zb1", {"m1": row(10)}),
        averages={"zb1": {"m1": row(5)}},
        adjustments=[{"member": "m1", **i} for i in items],
        rules=rules_yaml(adjustment_policy=policy) if policy else None,
    )
    return compute_score(loaded(root)).members[0]


def test_two_awards_only_the_higher_counts(tmp_path):
    m = _adjusted(tmp_path, [{"type": "award", "level": "unit"}, {"type": "award", "level": "city"}])
    assert m.adjustment == Decimal("3.00")
    assert m.total == Decimal("93.00")
    assert [line.counted for line in m.adjustments] == [False, True]


def test_sum_policy_adds_everything(tmp_path):
    items = [{"type": "award", "level": "national"}, {"type": "award", "level": "unit"}, {"type": "criticism", "level": "city"}]
    assert _adjusted(tmp_path / "a", items).adjustment == Decimal("2.00")  # 5 − 3
    assert _adjusted(tmp_path / "b", items, "sum").adjustment == Decimal("3.00")  # 5 + 1 − 3


def test_discipline_and_criticism_are_one_pool(tmp_path):
    m = _adjusted(tmp_path, [{"type": "criticism", "level": "provincial"}, {"type": "discipline", "level": "provincial"}])
    assert m.adjustment == Decimal("-5.00")  # the discipline (5) counts, not the criticism (4) as well
    assert [line.counted for line in m.adjustments] == [False, True]


def test_award_and_penalty_both_count_once(tmp_path):
    m = _adjusted(
        tmp_path,
        [{"type": "award", "level": "county"}, {"type": "criticism", "level": "unit"}, {"type": "discipline", "level": "county"}],
    )
    assert m.adjustment == Decimal("-1.00")  # 2 − 3
    assert m.total == Decimal("89.00")


def test_adjustments_of_another_year_do_not_count(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1"]},
        scores=every_month("zb1", {"m1": row(10)}),
        extra={"old.yaml": "kind: adjustments\nyear: 2023\nitems:\n  - {member: m1, type: award, level: national}\n"},
    )
    assert compute_score(loaded(root)).members[0].adjustment == Decimal("0.00")


# ============================================================================ rounding and bands


def test_round_half_up_function():
    assert round_half_up(Fraction("94.995"), 2) == Decimal("95.00")
    assert round_half_up(Fraction("2.675"), 2) == Decimal("2.68")  # float rounding says 2.67
    assert round_half_up(Fraction("94.985"), 2) == Decimal("94.99")  # banker's rounding says 94.98
    assert round_half_up(Fraction("-1.005"), 2) == Decimal("-1.01")
    assert round_half_up(Fraction(1, 3), 2) == Decimal("0.33")
    assert str(round_half_up(Fraction(7), 2)) == "7.00"
    assert str(round_half_up(Fraction("-0.001"), 2)) == "0.00"
    assert exact_text(Fraction("94.995")) == "94.995"
    assert exact_text(Fraction(1133, 12)) == "94.41666666…"


@pytest.mark.parametrize(
    ("d_value", "total", "stars", "grade"),
    [
        ("7.4975", "95.00", 10, "excellent"),  # exact 94.995 → 95.00 → ten stars
        ("7.4970", "94.99", 9, "qualified"),  # exact 94.994
        ("7.5", "95.00", 10, "excellent"),  # exactly 95
        ("4.9975", "90.00", 9, "qualified"),  # exact 89.995 → 90.00
        ("4.9970", "89.99", 8, "qualified"),  # exact 89.994
    ],
)
def test_stars_are_decided_on_the_rounded_total(tmp_path, d_value, total, stars, grade):
    m = one_member(tmp_path, d_value)
    assert m.total == Decimal(total)
    assert (m.computed_stars, m.stars, m.grade.value) == (stars, stars, grade)


@pytest.mark.parametrize(
    ("d_value", "total", "stars", "grade"),
    [("10", "60.00", 6, "basic"), ("9.9975", "60.00", 6, "basic"), ("9.997", "59.99", 5, "unqualified")],
)
def test_band_edge_at_sixty(tmp_path, d_value, total, stars, grade):
    m = one_member(tmp_path, d_value, monthly=5)  # 40 + 2 × d
    assert m.total == Decimal(total)
    assert (m.stars, m.grade.value) == (stars, grade)


def test_exact_94_995_through_the_json(tmp_path):
    root = total_ws(tmp_path, "7.4975")
    out = runner.invoke(app, ["score", "-w", str(root), "--format", "json"])
    assert out.exit_code == 0, out.output
    member = json.loads(out.stdout)["members"][0]
    assert member["total"] == 95.0 and member["stars"] == 10 and member["grade"] == "excellent"


def test_item_of_9_895_shows_9_90(tmp_path):
    m = one_member(tmp_path, "9.475")  # 10 × 0.8 + 9.475 × 0.2 = 9.895
    assert m.items_exact[0] == Fraction("9.895")
    assert m.items[0] == Decimal("9.90")
    assert str(m.items[0]) == "9.90"


def test_rounded_once_from_the_exact_value_not_from_rounded_parts(tmp_path):
    # each item is 9.895 exactly: ten rounded items would add up to 99.00, the exact total is 98.95
    m = one_member(tmp_path, "9.475")
    assert sum(m.items) == Decimal("99.00")
    assert m.total == Decimal("98.95")


def test_decimals_from_the_rules(tmp_path):
    m = one_member(tmp_path, "7.4975", rules=rules_yaml(decimals=3))
    assert m.total == Decimal("94.995") and m.stars == 9


# ============================================================================ ratings, exempt, probationary


def test_rating_sets_the_final_stars_with_its_reason(tmp_path):
    root = total_ws(tmp_path, "7.5", ratings=[{"member": "m1", "stars": 6, "reason": "支部大会评定"}])
    m = compute_score(loaded(root)).members[0]
    assert (m.computed_stars, m.stars, m.grade.value, m.rating_reason) == (10, 6, "basic", "支部大会评定")
    assert m.total == Decimal("95.00")


def test_rating_of_another_year_does_not_count(tmp_path):
    root = total_ws(
        tmp_path, "7.5", extra={"r.yaml": "kind: ratings\nyear: 2023\nitems:\n  - {member: m1, stars: 6, reason: 去年}\n"}
    )
    m = compute_score(loaded(root)).members[0]
    assert m.stars == 10 and m.rating_reason is None


def test_exempt_member_is_not_scored_and_unrated_without_rating(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", ("m2", "exempt"), ("m3", "exempt")]},
        scores=every_month("zb1", {"m1": row(10)}),
        ballots={"zb1": [{"m1": row(10)}]},
        ratings=[{"member": "m3", "stars": 8, "reason": "年老体弱,直接评定"}],
    )
    report = compute_score(loaded(root))
    m2, m3 = report.get("m2"), report.get("m3")
    assert not m2.scored and m2.total is None and m2.items is None
    assert (m2.computed_stars, m2.stars, m2.grade, m2.rank) == (None, None, None, None)
    assert (m3.computed_stars, m3.stars, m3.grade.value) == (None, 8, "qualified")
    assert m3.rating_reason == "年老体弱,直接评定"
    assert [about(w) for w in report.warnings] == [("exempt-unrated", "m2")]
    assert report.unrated == 1
    assert report.stars["10"] == 1 and report.stars["8"] == 1 and sum(report.stars.values()) == 2
    assert sum(report.grades.values()) == 2


def test_exempt_member_scores_are_not_counted(tmp_path):
    root = points_ws(tmp_path, branches={"zb1": [("m1", "exempt")]}, scores=every_month("zb1", {"m1": row(10)}))
    m = compute_score(pingyi.load(root).workspace).members[0]
    assert m.months == 0 and m.total is None


@pytest.mark.parametrize(("grade_probationary", "stars"), [(False, None), (True, 10)])
def test_probationary_members_and_grade_probationary(tmp_path, grade_probationary, stars):
    root = points_ws(
        tmp_path,
        branches={"zb1": [("m1", "probationary"), ("m2", "flowing")]},
        scores=every_month("zb1", {"m1": row(10), "m2": row(10)}),
        averages={"zb1": {"m1": row(10), "m2": row(10)}},
        rules=rules_yaml(grade_probationary=grade_probationary),
    )
    report = compute_score(loaded(root))
    m1, m2 = report.get("m1"), report.get("m2")
    assert m1.total == Decimal("100.00")  # scored all the same
    assert (m1.computed_stars, m1.stars) == (stars, stars)
    assert (m1.grade is None) == (stars is None)
    assert m1.rank == 1  # ranked on the total
    assert m2.stars == 10  # flowing members are graded like active ones
    assert report.unrated == (1 if stars is None else 0)
    assert report.stars["10"] == (1 if stars is None else 2)


# ============================================================================ ranks, scope, summary


def test_rank_function_ties_share():
    assert rank([("a", Decimal(98)), ("b", Decimal(95)), ("c", Decimal(95)), ("d", Decimal(90))]) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


def test_ranks_within_org_with_ties_on_rounded_totals(tmp_path):
    # D per member: totals 98.00, 95.00 (exact 94.996), 95.00 (exact 95.004), 90.00; zb2's m5 is alone
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2", "m3", "m4"], "zb2": ["m5"]},
        scores=every_month("zb1", {m: row(10) for m in ("m1", "m2", "m3", "m4")}) | every_month("zb2", {"m5": row(1)}),
        averages={"zb1": {"m1": row(9), "m2": row("7.4980"), "m3": row("7.5020"), "m4": row(5)}, "zb2": {"m5": row(0)}},
    )
    report = compute_score(loaded(root))
    assert [(m.id, str(m.total), m.rank, m.ranked) for m in report.members] == [
        ("m1", "98.00", 1, 4),
        ("m2", "95.00", 2, 4),
        ("m3", "95.00", 2, 4),
        ("m4", "90.00", 4, 4),
        ("m5", "8.00", 1, 1),
    ]
    # --member and --org report fewer members, ranks stay those within the whole org
    assert compute_score(loaded(root), member="m4").members[0].rank == 4
    assert [m.id for m in compute_score(loaded(root), org="zb2").members] == ["m5"]
    assert [m.id for m in compute_score(loaded(root), org="dw").members] == ["m1", "m2", "m3", "m4", "m5"]


def test_unknown_org_or_member_is_a_selection_error(tmp_path):
    ws = loaded(total_ws(tmp_path, "5"))
    with pytest.raises(SelectionError) as org:
        compute_score(ws, org="nope")
    assert org.value.option == "--org"
    with pytest.raises(SelectionError) as member:
        compute_score(ws, member="zb1")
    assert member.value.option == "--member"


def test_missing_months_warning(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        scores=every_month("zb1", {"m1": row(10), "m2": row(10)}, MONTHS[:11]) | {("zb1", "2024-12"): {"m1": row(10)}},
        ballots={"zb1": [{"m1": row(10), "m2": row(10)}]},
    )
    report = compute_score(loaded(root))
    assert [(*about(w), arg(w, "months")) for w in report.warnings] == [("missing-months", "m2", ("2024-12",))]
    assert report.get("m2").missing_months == ("2024-12",)


def test_year_option_selects_the_year(tmp_path):
    scores = every_month("zb1", {"m1": row(10)}) | {("zb1", "2023-05"): {"m1": row(6)}}
    ws = loaded(points_ws(tmp_path, branches={"zb1": ["m1"]}, scores=scores))
    assert compute_score(ws, year=2023).members[0].base == Decimal("4.00")  # 6 × 10 / 12 × 0.8
    assert compute_score(ws, year=2023).year == 2023


# ============================================================================ the five-star scheme


@pytest.mark.parametrize(
    ("d_value", "stars", "grade"),
    [
        ("8", 5, "excellent"),
        ("7.9970", 4, "qualified"),
        ("5", 4, "qualified"),
        ("4.9970", 3, "qualified"),
        ("0", 3, "qualified"),
    ],  # fmt: skip
)
def test_five_star_scheme_via_rules_option(tmp_path, d_value, stars, grade):
    # totals: 96.00, 95.99, 90.00, 89.99, 80.00
    ws = loaded(total_ws(tmp_path, d_value), rules=FIVE_STARS)
    m = compute_score(ws).members[0]
    assert (m.stars, m.grade.value) == (stars, grade)


@pytest.mark.parametrize(
    ("monthly", "d_value", "stars", "grade"), [(8, "5", 2, "basic"), (5, "10", 1, "basic"), (5, "9.997", 0, "unqualified")]
)
def test_five_star_scheme_low_bands(tmp_path, monthly, d_value, stars, grade):
    ws = loaded(total_ws(tmp_path, d_value, monthly=monthly), rules=FIVE_STARS)
    m = compute_score(ws).members[0]
    assert (m.stars, m.grade.value) == (stars, grade)


def test_five_star_scheme_on_the_command_line(tmp_path):
    root = total_ws(tmp_path, "8")
    out = runner.invoke(app, ["score", "-w", str(root), "--rules", str(FIVE_STARS), "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["members"][0]["stars"] == 5
    assert list(data["summary"]["stars"]) == ["5", "4", "3", "2", "1", "0"]
    assert data["summary"]["stars"]["5"] == 1


# ============================================================================ property: an independent restatement

scores_st = st.integers(min_value=0, max_value=10)
decimal_st = st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False)
LEVELS = {"award": ["national", "provincial", "city", "county", "unit"], "discipline": ["provincial", "city", "county", "unit"],
          "criticism": ["provincial", "city", "county", "unit"]}  # fmt: skip
POINTS = {"award": {"national": 5, "provincial": 4, "city": 3, "county": 2, "unit": 1},
          "discipline": {"provincial": 5, "city": 4, "county": 3, "unit": 2},
          "criticism": {"provincial": 4, "city": 3, "county": 2, "unit": 1}}  # fmt: skip
adjustment_st = st.sampled_from([(t, lv) for t, levels in LEVELS.items() for lv in levels])


@st.composite
def small_workspaces(draw):
    n_members = draw(st.integers(min_value=1, max_value=4))
    members = [f"m{k}" for k in range(1, n_members + 1)]
    months = {m: sorted(draw(st.sets(st.integers(min_value=1, max_value=12), max_size=12))) for m in members}
    values = {
        (m, mon): draw(st.lists(st.one_of(scores_st, decimal_st), min_size=3, max_size=3)) for m in members for mon in months[m]
    }
    use_ballots = draw(st.booleans())
    ballots = []
    averages = {}
    if use_ballots:
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            named = draw(st.lists(st.sampled_from(members), unique=True))
            ballots.append({m: draw(st.lists(scores_st, min_size=3, max_size=3)) for m in named})
    else:
        for m in draw(st.lists(st.sampled_from(members), unique=True)):
            averages[m] = draw(st.lists(decimal_st, min_size=3, max_size=3))
    adjustments = [(m, *draw(adjustment_st)) for m in members for _ in range(draw(st.integers(min_value=0, max_value=3)))]
    weight = draw(st.sampled_from(["0.8", "0.7", "0.65", "1", "0"]))
    return {
        "members": members,
        "months": months,
        "values": values,
        "ballots": ballots,
        "averages": averages,
        "adjustments": adjustments,
        "weight": weight,
        "average_over": draw(st.sampled_from(["twelve", "scored_months"])),
        "policy": draw(st.sampled_from(["highest", "sum"])),
        "decimals": draw(st.integers(min_value=0, max_value=3)),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=small_workspaces())
def test_property_matches_an_independent_fraction_computation(tmp_path_factory, case):
    tmp_path = tmp_path_factory.mktemp("prop")
    members = case["members"]
    scores = {}
    for (m, mon), v in case["values"].items():
        scores.setdefault(("zb1", MONTHS[mon - 1]), {})[m] = v
    democratic = 1 - Decimal(case["weight"])
    rules = rules_yaml(
        items=[{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}, {"id": "c", "name": "丙"}],
        weights={"monthly": case["weight"], "democratic": str(democratic)},
        average_over=case["average_over"],
        adjustment_policy=case["policy"],
        decimals=case["decimals"],
    )
    root = points_ws(
        tmp_path,
        branches={"zb1": members},
        scores=scores,
        ballots={"zb1": case["ballots"]} if case["ballots"] else None,
        averages={"zb1": case["averages"]} if case["averages"] else None,
        adjustments=[{"member": m, "type": t, "level": lv} for m, t, lv in case["adjustments"]],
        rules=rules,
    )
    result = pingyi.load(root)
    assert result.ok, [d.format() for d in result.errors]
    report = compute_score(result.workspace)
    expected = oracle(
        months={m: [case["values"][(m, mon)] for mon in case["months"][m]] for m in members},
        ballots=case["ballots"],
        averages=case["averages"] if not case["ballots"] else None,
        adjustments={m: [(t, Fraction(POINTS[t][lv])) for mm, t, lv in case["adjustments"] if mm == m] for m in members},
        weights=(Fraction(case["weight"]), Fraction(democratic)),
        average_over=case["average_over"],
        policy=case["policy"],
        decimals=case["decimals"],
        items=3,
    )
    totals = {}
    for m in members:
        got = report.get(m)
        want = expected[m]
        assert got.total_exact == want["total"]
        assert got.base_exact == want["base"] and got.democratic_exact == want["democratic"]
        assert got.adjustment_exact == want["adjustment"]
        r = want["rounded"]
        assert [Fraction(x) for x in got.items] == r["items"]
        assert Fraction(got.total) == r["total"] and Fraction(got.base) == r["base"]
        assert Fraction(got.democratic) == r["democratic"] and Fraction(got.adjustment) == r["adjustment"]
        assert got.stars == band(r["total"])[0] and got.grade.value == band(r["total"])[1]
        totals[m] = r["total"]
    for m in members:  # competition ranks: 1 + the number of strictly higher totals
        assert report.get(m).rank == 1 + sum(1 for t in totals.values() if t > totals[m])


# ============================================================================ command line


CONTRACT_MEMBER_KEYS = {
    "id", "name", "org", "status", "months", "items", "base", "democratic", "adjustment", "total",
    "computed_stars", "stars", "grade", "rating_reason",
}  # fmt: skip


@pytest.fixture
def cli_ws(tmp_path):
    return points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2", ("m3", "exempt")], "zb2": ["m4"]},
        scores=every_month("zb1", {"m1": row(10), "m2": row(9)}) | every_month("zb2", {"m4": row(9)}),
        ballots={"zb1": [{"m1": row(10), "m2": row(8)}], "zb2": [{"m4": row(7)}]},
        adjustments=[{"member": "m1", "type": "award", "level": "city", "note": "市级表彰"}],
        ratings=[{"member": "m2", "stars": 7, "reason": "支部评定"}],
    )


def test_cli_json_shape(cli_ws):
    out = runner.invoke(app, ["score", "-w", str(cli_ws), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) >= {"year", "items", "members", "summary"}
    assert data["year"] == 2024
    assert data["items"][0] == {"id": "study", "name": "学习提高"} and len(data["items"]) == 10
    by_id = {m["id"]: m for m in data["members"]}
    assert all(CONTRACT_MEMBER_KEYS <= set(m) for m in data["members"])
    m1 = by_id["m1"]
    assert m1 == m1 | {"org": "zb1", "status": "active", "months": 12, "base": 80, "democratic": 20, "adjustment": 3,
                       "total": 103, "computed_stars": 10, "stars": 10, "grade": "excellent", "rating_reason": None}  # fmt: skip
    assert m1["items"] == [10] * 10 and all(isinstance(x, (int, float)) for x in m1["items"])
    assert by_id["m2"]["stars"] == 7 and by_id["m2"]["computed_stars"] == 8 and by_id["m2"]["grade"] == "basic"
    assert by_id["m2"]["rating_reason"] == "支部评定"
    m3 = by_id["m3"]
    assert m3["status"] == "exempt" and m3["stars"] is None and m3["grade"] is None and m3["total"] is None
    assert data["summary"]["stars"]["10"] == 1 and data["summary"]["stars"]["7"] == 1 and data["summary"]["stars"]["8"] == 1
    assert data["summary"]["grades"] == {"excellent": 1, "qualified": 1, "basic": 1, "unqualified": 0}
    assert data["summary"]["unrated"] == 1
    assert [w["code"] for w in data["warnings"]] == ["exempt-unrated"]
    assert by_id["m1"]["rank"] == 1 and by_id["m2"]["rank"] == 2 and by_id["m4"]["rank"] == 1


def test_cli_json_numbers_are_rounded_json_numbers(tmp_path):
    root = total_ws(tmp_path, "9.475")
    data = json.loads(runner.invoke(app, ["score", "-w", str(root), "-f", "json"]).stdout)
    assert data["members"][0]["items"][0] == 9.9
    assert data["members"][0]["total"] == 98.95


def test_cli_csv(cli_ws):
    out = runner.invoke(app, ["score", "-w", str(cli_ws), "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["id"] for r in rows] == ["m1", "m2", "m3", "m4"]
    assert rows[0]["study"] == "10.00" and rows[0]["total"] == "103.00" and rows[0]["grade"] == "excellent"
    assert rows[1]["rating_reason"] == "支部评定"
    assert rows[2]["total"] == "" and rows[2]["stars"] == ""


def test_cli_table_zh_and_en(cli_ws):
    zh = runner.invoke(app, ["score", "-w", str(cli_ws), "--items"])
    assert zh.exit_code == 0, zh.output
    for text in ("学习提高", "年度总积分", "★★★★★★★★★★", "优秀", "支部zb1 (zb1)", "党支部评定 7 星", "未评定", "支部排名"):
        assert text in zh.stdout, text
    en = runner.invoke(app, ["score", "-w", str(cli_ws), "--lang", "en", "--items"])
    assert en.exit_code == 0
    for text in ("study", "Total", "excellent", "rated 7 stars by the branch", "unrated", "Rank in org"):
        assert text in en.stdout, text
    assert "优秀" not in en.stdout


def test_cli_org_and_member_options(cli_ws):
    data = json.loads(runner.invoke(app, ["score", "-w", str(cli_ws), "--org", "zb2", "-f", "json"]).stdout)
    assert [m["id"] for m in data["members"]] == ["m4"]
    data = json.loads(runner.invoke(app, ["score", "-w", str(cli_ws), "--member", "m2", "-f", "json"]).stdout)
    assert [m["id"] for m in data["members"]] == ["m2"] and data["members"][0]["rank"] == 2


def test_cli_exit_codes(cli_ws, tmp_path):
    assert runner.invoke(app, ["score", "-w", str(cli_ws)]).exit_code == 0
    unknown = runner.invoke(app, ["score", "-w", str(cli_ws), "--member", "zz9"])
    assert unknown.exit_code == 2 and "zz9" in unknown.output
    assert runner.invoke(app, ["score", "-w", str(cli_ws), "--member", "zb1"]).exit_code == 2
    assert runner.invoke(app, ["score", "-w", str(cli_ws), "--org", "m1"]).exit_code == 2
    assert runner.invoke(app, ["score", "-w", str(cli_ws), "--member", "m4", "--org", "zb1"]).exit_code == 2
    assert runner.invoke(app, ["score", "-w", str(cli_ws), "--rules", str(tmp_path / "none.yaml")]).exit_code == 2
    broken = points_ws(tmp_path, branches={"zb1": ["m1"]}, scores={("zb1", "2024-01"): {"m1": row(11)}}, sub="broken")
    out = runner.invoke(app, ["score", "-w", str(broken)])
    assert out.exit_code == 1
    assert "scores/zb1.yaml:" in out.output and "错误：" in out.output
    out = runner.invoke(app, ["score", "-w", str(broken), "-f", "json"])
    assert out.exit_code == 1 and json.loads(out.stdout)["errors"]


# ============================================================================ the example workspace


def _example_result():
    result = pingyi.load(EXAMPLE)
    if not result.ok:
        pytest.skip("examples/jiangcheng has errors: " + "; ".join(d.format() for d in result.errors[:3]))
    return result


def test_example_golden_score_json():
    _example_result()
    out = runner.invoke(app, ["score", "-w", str(EXAMPLE), "--format", "json"])
    assert out.exit_code == 0, out.output
    golden("score.json", json.loads(out.stdout))


def test_example_every_number_matches_an_independent_computation():
    """Recompute FORMAT §6–7 from the example's own files with plain Fractions, and compare
    with every number of ``pingyi score --format json``."""
    ws = _example_result().workspace
    data = json.loads(runner.invoke(app, ["score", "-w", str(EXAMPLE), "-f", "json"]).stdout)
    year = data["year"]
    rows: dict[str, list] = {}
    for doc in ws.scores:
        if doc.model.month.startswith(f"{year}-"):
            for m, values in doc.model.scores.items():
                rows.setdefault(m, []).append([Fraction(v) for v in values])
    ballots, averages = [], {}
    for doc in ws.evaluations:
        if doc.model.year == year:
            ballots += [{m: [Fraction(v) for v in vs] for m, vs in b.items()} for b in doc.model.ballots or []]
            averages |= {m: [Fraction(v) for v in vs] for m, vs in (doc.model.averages or {}).items()}
    adjustments: dict[str, list] = {}
    for doc in ws.adjustments:
        if doc.model.year == year:
            for item in doc.model.items:
                adjustments.setdefault(item.member, []).append(
                    (item.type.value, Fraction(POINTS[item.type.value][item.level.value]))
                )
    ratings = {i.member: i.stars for doc in ws.ratings if doc.model.year == year for i in doc.model.items}
    scored = {m.id: rows.get(m.id, []) for m in ws.members.values() if m.scored}
    expected = oracle(months=scored, ballots=ballots, averages=averages, adjustments=adjustments)
    assert {m["id"] for m in data["members"]} == set(ws.members)
    stars_count: dict[str, int] = {}
    for member in data["members"]:
        mid = member["id"]
        if mid not in expected:
            assert member["total"] is None
            assert member["stars"] == ratings.get(mid)
        else:
            r = expected[mid]["rounded"]
            assert member["items"] == [float(x) for x in r["items"]], mid
            for key in ("base", "democratic", "adjustment", "total"):
                assert member[key] == float(r[key]), (mid, key)
            computed = band(r["total"])[0]
            assert member["computed_stars"] == computed
            assert member["stars"] == ratings.get(mid, computed)
            assert member["months"] == len(scored[mid])
        if member["stars"] is not None:
            stars_count[str(member["stars"])] = stars_count.get(str(member["stars"]), 0) + 1
    assert {k: v for k, v in data["summary"]["stars"].items() if v} == stars_count
    assert DEFAULT_BANDS[0][0] == 95 and half_up(Fraction("94.995")) == 95


def test_evaluations_of_two_orgs_own_org_counts(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m2"], "zb2": ["m1"]},
        scores=every_month("zb2", {"m1": row(10)}) | every_month("zb1", {"m2": row(10)}),
        ballots={"zb1": [{"m1": row(2), "m2": row(10)}], "zb2": [{"m1": row(9)}]},
    )
    report = compute_score(loaded(root))
    m1 = report.get("m1")
    assert m1.democratic_source.org == "zb2" and m1.democratic == Decimal("18.00")
    assert [(*about(w), arg(w, "orgs")) for w in report.warnings] == [("several-evaluations", "m1", ("zb1", "zb2"))]
