"""The points rules as the source documents write them (FORMAT §6, §8, §9 as amended):
shares written as fractions, democratic blanks, rounding of the items, the year-end
warnings shown alike by `check` and `score`, the year to date, and the score table."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

import pingyi
from helpers_score import MONTHS, every_month, loaded, points_ws, row, rules_yaml
from pingyi.cli import app
from pingyi.compute.explain import compute_explain
from pingyi.compute.score import compute_score, year_end_warnings
from pingyi.model.rules import parse_share
from pingyi.render.explain import explain_json
from pingyi.render.score import render_score_table
from pingyi.selection import SelectionError
from wsfactory import EXAMPLE, assert_at, find, pos

runner = CliRunner()


def member_of(d):
    return dict(d.args).get("member")


# ============================================================================ shares


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("1/3", Fraction(1, 3)),
        (" 1 / 20 ", Fraction(1, 20)),
        ("0.05", Fraction(1, 20)),
        (Decimal("0.1"), Fraction(1, 10)),
        (1, Fraction(1)),
    ],
)
def test_a_share_is_a_decimal_or_an_exact_fraction(text, share):
    assert parse_share(text) == share


@pytest.mark.parametrize("text", ["1/0", "4/3", "1.5", "-0.1", "a third", "1/3/4"])
def test_a_share_outside_zero_to_one_or_no_share_is_refused(text):
    with pytest.raises(ValueError):
        parse_share(text)


def test_a_fraction_share_in_the_rules_file_sets_the_quota(tmp_path):
    people = [f"a{k:02d}" for k in range(1, 7)]
    scores = {("zb1", m): {p: row(9) for p in people} for m in MONTHS[:3]}
    rules = rules_yaml(quarter_star={"share": '"1/3"', "min_members": 3})
    ws = loaded(points_ws(tmp_path, branches={"zb1": people}, scores=scores, rules=rules))
    assert ws.rules.quarter_star.share == Fraction(1, 3)
    from pingyi.compute.honours import compute_quarter

    assert compute_quarter(ws, 2024, 1, "zb1").quota == 2  # floor(6 × 1/3), exactly


def test_a_bad_share_in_the_rules_file_is_an_error_where_it_is_written(tmp_path):
    rules = rules_yaml(annual_star={"share": '"3/2"'})
    root = points_ws(tmp_path, branches={"zb1": ["m1"]}, rules=rules)
    result = pingyi.load(root)
    assert not result.ok
    [d] = result.errors
    assert_at(d, "rules.yaml", pos(root, "rules.yaml", '{share: "3/2"'), word="3/2")


# ============================================================================ democratic blanks

BALLOTS = [{"m1": row(10), "m2": row(9)}, {"m1": row(8)}, {"m1": row(9), "m2": row(7)}]


def blank_ws(tmp_path, policy: str | None = None):
    rules = rules_yaml(democratic_blank=policy) if policy else None
    return points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        scores=every_month("zb1", {"m1": row(10), "m2": row(10)}),
        ballots={"zb1": BALLOTS},
        rules=rules,
        sub=policy or "default",
    )


def test_a_ballot_that_skips_a_member_is_a_warning_at_that_ballot(tmp_path):
    root = blank_ws(tmp_path)
    result = pingyi.load(root)
    [d] = find(result, "democratic-blank")
    assert_at(d, "evaluation/zb1.yaml", pos(root, "evaluation/zb1.yaml", "{m1: [8"), severity="warning")
    assert member_of(d) == "m2" and dict(d.args)["ballot"] == 2
    assert "ballot 2 of 3" in d.message_in("en") and "`m2`" in d.message_in("en") and "abstain" in d.message_in("en")
    assert "第 2 张测评票" in d.message_in("zh")


def test_under_abstain_the_blank_is_left_out_of_the_divisor(tmp_path):
    m2 = compute_score(loaded(blank_ws(tmp_path))).get("m2")
    assert m2.democratic_source.ballots == 2 and m2.democratic_count == 2
    assert m2.democratic_items[0] == Fraction(9 + 7, 2)
    assert m2.democratic == Decimal("16.00")  # (9 + 7) / 2 × 10 items × 0.2


def test_under_zero_the_blank_counts_0_and_the_divisor_is_every_ballot(tmp_path):
    root = blank_ws(tmp_path, "zero")
    m2 = compute_score(loaded(root)).get("m2")
    assert m2.democratic_count == 3 and m2.democratic_items[0] == Fraction(9 + 0 + 7, 3)
    assert m2.democratic == Decimal("10.67")  # 16/3 × 10 × 0.2 = 10.666…
    assert m2.total == Decimal("90.67")
    [d] = find(pingyi.load(root), "democratic-blank")
    assert "counted as 0" in d.message_in("en") and "zero" in d.message_in("en")
    card = explain_json(compute_explain(loaded(root), "m2"))
    assert card["democratic_source"]["ballots"] == 2 and card["democratic_source"]["ballots_total"] == 3


def test_a_member_no_ballot_names_is_no_blank_but_no_evaluation(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        scores=every_month("zb1", {"m1": row(10), "m2": row(10)}),
        ballots={"zb1": [{"m1": row(10)}, {"m1": row(9)}]},
    )
    result = pingyi.load(root)
    assert find(result, "democratic-blank") == []
    assert [member_of(d) for d in find(result, "no-evaluation")] == ["m2"]


# ============================================================================ one set of year-end warnings


def test_check_and_score_show_the_same_year_end_warnings():
    result = pingyi.load(EXAMPLE)
    ws = result.workspace
    shown_by_score = compute_score(ws).warnings
    year_end = {"missing-months", "no-evaluation", "no-evaluations", "several-evaluations", "exempt-unrated", "democratic-blank"}
    by_check = [d for d in result.diagnostics if d.code in year_end]
    assert shown_by_score and sorted((d.code, d.message_in("en")) for d in shown_by_score) == sorted(
        (d.code, d.message_in("en")) for d in by_check
    )
    assert {d.code for d in shown_by_score} >= {"missing-months", "exempt-unrated", "democratic-blank"}
    assert year_end_warnings(ws) == list(shown_by_score)


# ============================================================================ rounding


def rounding_ws(tmp_path, rounding: str | None = None):
    """Every item sums to 100 over the year (8 × 8 + 4 × 9): A = 8.333…, I = 6.666…; ten
    items rounded one by one add up to 66.70, the exact total rounds to 66.67."""
    scores = every_month("zb1", {"m1": row(8)}, MONTHS[:8]) | every_month("zb1", {"m1": row(9)}, MONTHS[8:])
    rules = rules_yaml(rounding=rounding) if rounding else None
    return points_ws(tmp_path, branches={"zb1": ["m1"]}, scores=scores, rules=rules, sub=rounding or "default")


def test_rounding_total_rounds_once_and_the_card_says_the_items_do_not_add_up(tmp_path):
    root = rounding_ws(tmp_path)
    m = compute_score(loaded(root)).get("m1")
    assert m.items == (Decimal("6.67"),) * 10 and m.total == Decimal("66.67")
    assert not m.adds_up
    card = explain_json(compute_explain(loaded(root), "m1"), "en")
    assert card["adds_up"] is False and "66.70" in card["note"] and "66.67" in card["note"]
    text = runner.invoke(app, ["explain", "m1", "-w", str(root), "--lang", "en"]).stdout
    assert "Note: The items shown add up to 66.70, the total is 66.67" in " ".join(text.split())  # wrapped at 80
    zh = runner.invoke(app, ["explain", "m1", "-w", str(root)]).stdout
    assert "注：各项得分相加为 66.70，年度总积分为 66.67" in zh.replace("\n", "")


def test_rounding_items_makes_the_card_add_up_by_hand(tmp_path):
    root = rounding_ws(tmp_path, "items")
    m = compute_score(loaded(root)).get("m1")
    assert m.items == (Decimal("6.67"),) * 10
    assert m.total == Decimal("66.70") == sum(m.items) + m.adjustment
    assert m.base == Decimal("66.70") and m.democratic == Decimal("0.00")  # Σ of the rounded parts
    assert m.total_exact == Fraction(200, 3)  # the exact value is unchanged
    assert m.adds_up
    card = explain_json(compute_explain(loaded(root), "m1"))
    assert card["adds_up"] is True and card["note"] is None and card["rules"]["rounding"] == "items"


def test_the_exact_values_and_the_rounded_report_are_one_computation(tmp_path):
    m = compute_score(loaded(rounding_ws(tmp_path))).get("m1")
    from pingyi.compute.score import round_half_up

    assert m.items == tuple(round_half_up(x, 2) for x in m.items_exact)
    assert m.total == round_half_up(m.total_exact, 2) and m.base == round_half_up(m.base_exact, 2)
    assert m.monthly[0] == Fraction(100, 12) and m.items_exact[0] == Fraction(100, 12) * Fraction(4, 5)


# ============================================================================ year to date


def ytd_ws(tmp_path):
    """zb1: m1 scored 9 in January–March; m2 missing February; zb2 sent nothing for March."""
    scores = every_month("zb1", {"m1": row(9), "m2": row(9)}, MONTHS[:3])
    del scores[("zb1", "2024-02")]["m2"]
    scores |= every_month("zb2", {"m3": row(10), "m4": row(10)}, MONTHS[:2])
    return points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"], "zb2": ["m3", "m4"]},
        scores=scores,
        averages={"zb1": {"m1": row(9), "m2": row(9)}, "zb2": {"m3": row(10), "m4": row(10)}},
    )


def test_mid_year_the_months_elapsed_count_and_results_are_provisional(tmp_path):
    ws = loaded(ytd_ws(tmp_path), as_of=dt.date(2024, 4, 10))
    report = compute_score(ws)
    assert (report.through, report.provisional) == ("2024-03", True)
    m1 = report.get("m1")
    assert m1.divisor == 3 and m1.base == Decimal("72.00") and m1.total == Decimal("90.00") and m1.stars == 9
    full = compute_score(loaded(ytd_ws(tmp_path / "b"), as_of=dt.date(2025, 1, 5)))
    assert (full.through, full.provisional) == ("2024-12", False) and full.get("m1").divisor == 12


def test_through_sets_the_months_counted(tmp_path):
    ws = loaded(ytd_ws(tmp_path), as_of=dt.date(2025, 1, 5))
    report = compute_score(ws, through="2024-02")
    assert report.through == "2024-02" and report.provisional
    assert report.get("m1").divisor == 2 and report.get("m1").base == Decimal("72.00")
    with pytest.raises(SelectionError):
        compute_score(ws, through="2023-05")
    with pytest.raises(SelectionError):
        compute_score(ws, through="2024-13")


def test_missing_months_only_over_the_months_elapsed_and_once_per_org(tmp_path):
    ws = loaded(ytd_ws(tmp_path), as_of=dt.date(2024, 4, 10))
    warnings = [w for w in compute_score(ws).warnings if w.code == "missing-months"]
    assert [(member_of(w), dict(w.args).get("org"), dict(w.args)["months"]) for w in warnings] == [
        ("m2", None, ("2024-02",)),
        (None, "zb2", ("2024-03",)),  # nobody in zb2 has March: said once, for the org
    ]


def test_cli_through_json_and_table(tmp_path):
    root = ytd_ws(tmp_path)
    out = runner.invoke(app, ["score", "-w", str(root), "--through", "2024-03", "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["through"] == "2024-03" and data["provisional"] is True
    assert data["members"][0]["total"] == 90.0
    table = runner.invoke(app, ["score", "-w", str(root), "--as-of", "2024-04-10"]).stdout
    assert "预计" in table and "合格（预计）" in table
    en = runner.invoke(app, ["score", "-w", str(root), "--as-of", "2024-04-10", "--lang", "en"]).stdout
    assert "Provisional" in en and "qualified (provisional)" in en
    bad = runner.invoke(app, ["score", "-w", str(root), "--through", "2023-03"])
    assert bad.exit_code == 2 and "--through" in bad.stderr
    card = json.loads(runner.invoke(app, ["explain", "m1", "-w", str(root), "--through", "2024-03", "-f", "json"]).stdout)
    assert card["through"] == "2024-03" and card["provisional"] is True and len(card["months"]) == 3


# ============================================================================ the score table


def _table(report, width: int, *, terminal: bool, items=None) -> str:
    console = Console(width=width, force_terminal=terminal, color_system=None, record=True, highlight=False)
    with console.capture() as capture:
        render_score_table(report, console, lang="zh", items=items)
    return capture.get()


def test_score_fits_80_columns_by_default_and_cuts_no_number():
    report = compute_score(pingyi.load(EXAMPLE).workspace)
    text = _table(report, 80, terminal=True)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "…" not in text and "学习提高" not in text
    for m in report.members:
        if m.total is not None:
            assert str(m.total) in text
    wide = _table(report, 260, terminal=True)
    assert "学习提高" in wide  # items shown by themselves where they fit
    assert "学习提高" in _table(report, 80, terminal=True, items=True)


def test_score_table_piped_is_plain_text_orgs_in_tree_order_members_by_rank():
    ws = pingyi.load(EXAMPLE).workspace
    report = compute_score(ws)
    text = _table(report, 400, terminal=False)
    assert not set("┏┃━│└┡") & set(text)
    order = [o for r in ws.roots for o in ws.subtree(r) if any(m.org == o for m in report.members)]
    heads = [line for line in text.splitlines() if line.endswith(")") and any(line.endswith(f"({o})") for o in ws.orgs)]
    assert [h.rsplit("(", 1)[1][:-1] for h in heads] == order
    first = next(o for o in order if len([m for m in report.members if m.org == o and m.rank]) > 2)
    block = text.split(f"({first})\n", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    ranks = [int(line.split()[-1]) for line in block if line.split()[-1].isdigit()]
    assert ranks == sorted(ranks) and ranks[0] == 1
