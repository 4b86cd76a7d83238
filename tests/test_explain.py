"""``pingyi explain MEMBER``: the points card (积分卡). Its numbers must be the score's,
and it must say where each came from."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pingyi
from helpers_score import MONTHS, every_month, points_ws, row
from pingyi.cli import app
from pingyi.compute.explain import compute_explain
from pingyi.compute.score import compute_score
from pingyi.render.explain import explain_json
from pingyi.render.output import plain
from pingyi.render.score import score_json

EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"
runner = CliRunner()
SAME = ("base", "democratic", "adjustment", "total", "computed_stars", "stars", "grade", "rating_reason")


@pytest.fixture
def card_ws(tmp_path):
    """m1: ten months, two awards (city counts, unit does not) and a criticism, named on 2
    of 3 ballots; m2 (zb2): a tally-sheet evaluation giving an exact total of 94.995;
    m3 exempt and rated; m4 exempt and unrated; m5 computed 9 stars, rated 6."""
    scores = every_month("zb1", {"m1": row(10), "m5": row(9)}, MONTHS[:6] + MONTHS[8:])
    scores |= {("zb1", m): {"m5": row(9)} for m in MONTHS[6:8]}
    scores |= every_month("zb2", {"m2": row(10)})
    return points_ws(
        tmp_path,
        branches={"zb1": ["m1", ("m3", "exempt"), ("m4", "exempt"), "m5"], "zb2": ["m2"]},
        scores=scores,
        ballots={"zb1": [{"m1": row(10), "m5": row(9)}, {"m1": row(8)}, {"m5": row(9)}]},
        averages={"zb2": {"m2": row("7.4975")}},
        adjustments=[
            {"member": "m1", "type": "award", "level": "unit", "note": "局优秀党员"},
            {"member": "m1", "type": "award", "level": "city", "note": "市优秀教师"},
            {"member": "m1", "type": "criticism", "level": "unit", "note": "通报批评"},
        ],
        ratings=[
            {"member": "m3", "stars": 8, "reason": "年老体弱,直接评定"},
            {"member": "m5", "stars": 6, "reason": "支委会评定"},
        ],
    )


def _json(root, member, *args):
    out = runner.invoke(app, ["explain", member, "-w", str(root), "--format", "json", *args])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_numbers_are_the_scores(card_ws):
    score = {m["id"]: m for m in json.loads(runner.invoke(app, ["score", "-w", str(card_ws), "-f", "json"]).stdout)["members"]}
    for member in ("m1", "m2", "m3", "m4", "m5"):
        card = _json(card_ws, member)
        for key in SAME:
            got = card["rating"]["reason"] if key == "rating_reason" and card["rating"] else card.get(key)
            assert got == score[member][key], (member, key)
        if card["scored"]:
            assert [i["score"] for i in card["items"]] == score[member]["items"]
            assert card["rank"] == score[member]["rank"]


def test_months_averages_and_missing_months(card_ws):
    card = _json(card_ws, "m1")
    assert card["missing_months"] == ["2024-07", "2024-08"] and card["months_scored"] == 10
    assert card["months"][6] == {"month": "2024-07", "org": None, "scores": None, "sum": None}
    assert card["months"][0]["sum"] == 100 and card["divisor"] == 12
    assert card["items"][0]["sum"] == 100 and card["items"][0]["monthly"] == 8.33
    assert card["items"][0]["monthly_exact"] == "8.33333333…"
    text = runner.invoke(app, ["explain", "m1", "-w", str(card_ws)]).stdout
    assert "2024-07" in text and "未评分" in text
    assert "缺少月度评分：2024-07、2024-08" in text
    assert "A = Σ ÷ 12" in text


def test_ballots_counted(card_ws):
    card = _json(card_ws, "m1")
    assert card["democratic_source"] == {
        "org": "zb1",
        "source": "ballots",
        "ballots": 2,
        "ballots_total": 3,
        "participants": None,
    }
    assert card["items"][0]["democratic"] == 9
    assert "3 张测评票中 2 张评价了该党员" in runner.invoke(app, ["explain", "m1", "-w", str(card_ws)]).stdout
    assert "2 of 3 ballots name the member" in runner.invoke(app, ["explain", "m1", "-w", str(card_ws), "--lang", "en"]).stdout


def test_tally_sheet_and_band_reason(card_ws):
    card = _json(card_ws, "m2")
    assert card["democratic_source"]["source"] == "averages" and card["democratic_source"]["participants"] == 20
    assert card["total_exact"] == "94.995" and card["total"] == 95
    assert card["band"] == {"min": 95, "stars": 10, "grade": "excellent"}
    zh = runner.invoke(app, ["explain", "m2", "-w", str(card_ws)]).stdout
    assert "汇总表" in zh and "20 人参加测评" in zh
    assert "= 94.995 → 95.00" in zh
    assert "95.00 ≥ 95 → 10 星，优秀" in zh
    en = runner.invoke(app, ["explain", "m2", "-w", str(card_ws), "--lang", "en"]).stdout
    assert "tally sheet averages" in en and "20 participants" in en
    assert "95.00 ≥ 95 → 10 stars, excellent" in en


def test_adjustments_which_counted(card_ws):
    card = _json(card_ws, "m1")
    assert [(a["level"], a["points"], a["counted"]) for a in card["adjustments"]] == [
        ("unit", 1, False),
        ("city", 3, True),
        ("unit", -1, True),
    ]
    assert card["adjustment"] == 2
    zh = runner.invoke(app, ["explain", "m1", "-w", str(card_ws)]).stdout
    assert "不能累计" in zh and "市优秀教师" in zh and "[计入]" in zh
    assert "加减分 = 3 - 1 = +2.00" in zh


def test_rating_shown_with_computed_band(card_ws):
    card = _json(card_ws, "m5")
    assert card["rating"] == {"stars": 6, "reason": "支委会评定"}
    assert card["computed_stars"] == 9 and card["stars"] == 6 and card["grade"] == "basic"
    zh = runner.invoke(app, ["explain", "m5", "-w", str(card_ws)]).stdout
    assert "党支部评定：6 星，基本合格。理由：支委会评定" in zh
    assert "90 ≤ 90.00 < 95 → 9 星，合格" in zh


def test_exempt_cards(card_ws):
    rated = runner.invoke(app, ["explain", "m3", "-w", str(card_ws)]).stdout
    assert "免于积分" in rated and "党支部评定：8 星，合格" in rated
    unrated = runner.invoke(app, ["explain", "m4", "-w", str(card_ws), "--lang", "en"]).stdout
    assert "Unrated" in unrated
    card = _json(card_ws, "m4")
    assert card["scored"] is False and card["total"] is None and card["stars"] is None


def test_csv_grid(card_ws):
    out = runner.invoke(app, ["explain", "m1", "-w", str(card_ws), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 12 and rows[0]["study"] == "10" and rows[0]["sum"] == "100"
    assert rows[6]["study"] == "" and rows[6]["month"] == "2024-07"


def test_exit_codes(card_ws, tmp_path):
    assert runner.invoke(app, ["explain", "zz", "-w", str(card_ws)]).exit_code == 2
    assert runner.invoke(app, ["explain", "zb1", "-w", str(card_ws)]).exit_code == 2
    broken = points_ws(tmp_path, branches={"zb1": ["m1"]}, scores={("zb1", "2024-01"): {"m1": row(10)[:9]}}, sub="broken")
    assert runner.invoke(app, ["explain", "m1", "-w", str(broken)]).exit_code == 1


def test_example_every_card_adds_up_to_the_score():
    result = pingyi.load(EXAMPLE)
    if not result.ok:
        pytest.skip("examples/jiangcheng has errors")
    ws = result.workspace
    score = {m["id"]: m for m in plain(score_json(compute_score(ws)))["members"]}
    for member in ws.members:
        card = plain(explain_json(compute_explain(ws, member)))
        for key in SAME[:-1]:
            assert card[key] == score[member][key], (member, key)
        if card["scored"]:
            assert [i["score"] for i in card["items"]] == score[member]["items"]


def test_probationary_not_graded_card(tmp_path):
    from helpers_score import rules_yaml

    root = points_ws(
        tmp_path,
        branches={"zb1": [("m1", "probationary")]},
        scores=every_month("zb1", {"m1": row(10)}),
        averages={"zb1": {"m1": row(10)}},
        rules=rules_yaml(grade_probationary=False),
    )
    en = runner.invoke(app, ["explain", "m1", "-w", str(root), "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "100.00 ≥ 95 → 10 stars, excellent" in en.stdout and "not graded" in en.stdout
    card = _json(root, "m1")
    assert card["stars"] is None and card["computed_stars"] is None and card["total"] == 100
