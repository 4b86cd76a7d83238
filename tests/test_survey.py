"""Satisfaction surveys (满意度测评, FORMAT §10): rates with custom options and positive
sets, the 332/344 example, the roll-up per subject, and ``pingyi survey``."""

from __future__ import annotations

from fractions import Fraction

import pytest

from pingyi.compute.survey import compute_survey
from pingyi.render.coverage import pct, rate4
from wsfactory import EXAMPLE, build, golden, run, run_json, workspace

SURVEYS = """\
kind: survey
id: zb1-2024
name: 2024年群众满意度测评
subject: zb1
date: 2024-12-20
options: [满意, 合格, 不满意]
positive: [满意]
counts: {满意: 332, 合格: 10, 不满意: 2}
suggestions: 27
---
kind: survey
id: zb1-2024-b
name: 述职测评
subject: zb1
date: 2024-12-28
positive: [满意, 基本满意]
counts: {满意: 50, 基本满意: 30, 不满意: 20}
---
kind: survey
id: m301-2024
name: 书记述职测评
subject: m301
date: 2024-11-05
options: [好, 较好, 一般, 差]
counts: {好: 7, 较好: 2, 一般: 1}
---
kind: survey
id: dw-2023
name: 2023年测评
subject: dw
date: 2023-12-20
counts: {满意: 90, 基本满意: 5, 不满意: 5}
"""


def test_the_format_example():
    assert rate4(Fraction(332, 344)) == rate4(Fraction(83, 86))
    assert str(rate4(Fraction(332, 344))) == "0.9651" and pct(Fraction(332, 344)) == "96.51%"


def test_rates(tmp_path):
    ws = workspace(build(tmp_path, extra={"s.yaml": SURVEYS}))
    report = compute_survey(ws)
    s = {x.id: x for x in report.surveys}
    assert list(s) == ["m301-2024", "zb1-2024", "zb1-2024-b"]  # 2024 only, by date
    assert (s["zb1-2024"].positive, s["zb1-2024"].total, s["zb1-2024"].rate) == (332, 344, Fraction(332, 344))
    assert s["zb1-2024"].suggestions == 27
    # custom positive set over the default options
    assert (s["zb1-2024-b"].positive, s["zb1-2024-b"].total) == (80, 100)
    assert s["zb1-2024-b"].options == ("满意", "基本满意", "不满意")
    # custom options, default positive = the first option; a missing option counts 0
    assert (s["m301-2024"].positive, s["m301-2024"].total) == (7, 10)
    assert s["m301-2024"].positive_options == ("好",)
    assert dict(s["m301-2024"].counts) == {"好": 7, "较好": 2, "一般": 1, "差": 0}


def test_roll_up_per_subject(tmp_path):
    ws = workspace(build(tmp_path, extra={"s.yaml": SURVEYS}))
    by = {b.subject: b for b in compute_survey(ws).by_subject}
    zb1 = by["zb1"]
    assert zb1.surveys == ("zb1-2024", "zb1-2024-b")
    assert (zb1.positive, zb1.total, zb1.rate) == (412, 444, Fraction(412, 444))  # not the mean of rates
    assert str(rate4(zb1.rate)) == "0.9279"
    assert by["m301"].name == "冯支书"


def test_year_and_org(tmp_path):
    ws = workspace(build(tmp_path, extra={"s.yaml": SURVEYS}))
    assert [s.id for s in compute_survey(ws, year=2023).surveys] == ["dw-2023"]
    assert len(compute_survey(ws, all_years=True).surveys) == 4
    # zb3's subtree: the org zb3 and g1, and their members (m301)
    assert [s.id for s in compute_survey(ws, org="zb3").surveys] == ["m301-2024"]
    assert [s.id for s in compute_survey(ws, org="zz").surveys] == ["zb1-2024", "zb1-2024-b"]


def test_empty_survey_has_no_rate(tmp_path):
    empty = """\
        kind: survey
        id: e
        name: 空
        subject: zb2
        date: 2024-05-01
        counts: {满意: 0}
    """
    ws = workspace(build(tmp_path, extra={"e.yaml": empty}))
    (s,) = compute_survey(ws).surveys
    assert (s.total, s.rate) == (0, None)


def test_cli_json(tmp_path):
    root = build(tmp_path, extra={"s.yaml": SURVEYS})
    data = run_json(root, "survey")
    first = next(s for s in data["surveys"] if s["id"] == "zb1-2024")
    assert {k: first[k] for k in ("id", "name", "subject", "date", "total", "positive", "rate", "counts", "suggestions")} == {
        "id": "zb1-2024",
        "name": "2024年群众满意度测评",
        "subject": "zb1",
        "date": "2024-12-20",
        "total": 344,
        "positive": 332,
        "rate": 0.9651,
        "counts": {"满意": 332, "合格": 10, "不满意": 2},
        "suggestions": 27,
    }
    zb1 = next(b for b in data["by_subject"] if b["subject"] == "zb1")
    assert zb1 == {
        "subject": "zb1",
        "name": "第一党支部",
        "surveys": ["zb1-2024", "zb1-2024-b"],
        "total": 444,
        "positive": 412,
        "rate": 0.9279,
    }


def test_cli_csv_tables_and_errors(tmp_path):
    root = build(tmp_path, extra={"s.yaml": SURVEYS})
    result = run("survey", "-w", root, "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "id,name,subject,subject_name,date,total,positive,rate,suggestions,counts,score,grade"
    assert len(lines) == 4 and "满意=332;合格=10;不满意=2" in result.stdout
    zh = run("survey", "-w", root)
    for word in ("满意度测评", "满意率", "96.51%", "按测评对象汇总"):
        assert word in zh.stdout, word
    en = run("survey", "-w", root, "--lang", "en")
    for word in ("Satisfaction surveys", "Satisfaction", "By subject"):
        assert word in en.stdout, word
    assert run("survey", "-w", root, "--org", "nope").exit_code == 2
    bad = build(tmp_path, extra={"s.yaml": SURVEYS.replace("合格: 10", "很好: 10")}, sub="bad")
    assert run("survey", "-w", bad).exit_code == 1


@pytest.mark.skipif(not (EXAMPLE / "pingyi.yaml").is_file(), reason="no example workspace")
def test_example_golden():
    golden("survey.json", run_json(EXAMPLE, "survey"))


def test_rates_round_once_half_up():
    """rate4 and pct round the exact fraction once, half-up, and agree with each other."""
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.integers(min_value=1, max_value=10**6).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))))
    def check(pair):
        n, d = pair
        with localcontext() as ctx:
            ctx.prec = 60
            exact = Decimal(n) / Decimal(d)
        expected = exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        assert rate4(Fraction(n, d)) == expected
        assert pct(Fraction(n, d)) == f"{(exact * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
        assert 0 <= rate4(Fraction(n, d)) <= 1

    check()
    assert str(rate4(Fraction(1, 8))) == "0.1250" and str(rate4(Fraction(1, 20000))) == "0.0001"  # exact halves go up
