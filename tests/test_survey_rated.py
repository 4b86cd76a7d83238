"""Rated surveys (述职测评, FORMAT §10): points per option, grade bands, named scales in the
rules, the score beside the satisfaction rate, and one subject's ratings over the years."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from pingyi.compute.survey import compute_survey
from wsfactory import assert_at, build, load, one, pos, run, run_json, show, value_pos, workspace

RULES = """\
kind: rules
survey_scales:
  duty:
    options: [好, 较好, 一般, 差]
    positive: [好, 较好]
    weights: {好: 100, 较好: 80, 一般: 60, 差: 0}
    grades:
      - {min: 90, grade: 优秀}
      - {min: 75, grade: 称职}
      - {min: 60, grade: 基本称职}
      - {min: 0,  grade: 不称职}
"""
CONFIG = "pingyi: 1\nname: 测试党委\nyear: 2024\nrules: rules.yaml\n"

DUTY = """\
kind: survey
id: duty-2024-m101
name: 2024年度党组织书记抓基层党建述职测评
subject: m101
date: 2024-12-28
scale: duty
counts: {好: 30, 较好: 8, 一般: 2, 差: 0}
---
kind: survey
id: duty-2023-m101
name: 2023年度述职测评
subject: m101
date: 2023-12-27
scale: duty
counts: {好: 20, 较好: 10, 一般: 5, 差: 5}
---
kind: survey
id: duty-2024-m201
name: 2024年度述职测评
subject: m201
date: 2024-12-28
options: [好, 较好, 一般]
weights: {好: 10, 较好: 8, 一般: 5}
grades: [{min: 9, grade: A}, {min: 0, grade: B}]
counts: {好: 1, 较好: 1, 一般: 1}
"""


def ws(tmp_path, surveys=DUTY, rules=RULES, sub="ws"):
    return build(tmp_path, extra={"rules.yaml": rules, "s.yaml": surveys}, config=CONFIG, sub=sub)


def test_the_format_example_scores_94_excellent(tmp_path):
    """(30×100 + 8×80 + 2×60) / 40 = 94.00 → 优秀; satisfaction (好 + 较好) = 38/40."""
    report = compute_survey(workspace(ws(tmp_path)))
    s = next(x for x in report.surveys if x.id == "duty-2024-m101")
    assert s.score_exact == Fraction(30 * 100 + 8 * 80 + 2 * 60, 40)
    assert (s.score, s.grade) == (Decimal("94.00"), "优秀")
    assert (s.positive, s.total) == (38, 40)


def test_own_weights_and_grades_and_rounding(tmp_path):
    """(10 + 8 + 5) / 3 = 7.666… → 7.67 → B."""
    report = compute_survey(workspace(ws(tmp_path)))
    s = next(x for x in report.surveys if x.id == "duty-2024-m201")
    assert (s.score, s.grade, s.scale) == (Decimal("7.67"), "B", None)


def test_grade_is_the_band_of_the_rounded_score(tmp_path):
    """89.995 is shown 90.00 and so falls in the 90 band."""
    rules = RULES.replace("{好: 100, 较好: 80, 一般: 60, 差: 0}", "{好: 89.995, 较好: 80, 一般: 60, 差: 0}")
    one_answer = DUTY.split("---")[0].replace("{好: 30, 较好: 8, 一般: 2, 差: 0}", "{好: 1}")
    s = compute_survey(workspace(ws(tmp_path, one_answer, rules))).surveys[0]
    assert (s.score_exact, s.score, s.grade) == (Fraction("89.995"), Decimal("90.00"), "优秀")


def test_survey_options_override_the_scale(tmp_path):
    """A survey's own options and weights override its scale's."""
    own = "scale: duty\noptions: [好, 差]\npositive: [好]\nweights: {好: 100, 差: 50}\n"
    text = DUTY.split("---")[0].replace("scale: duty\n", own)
    text = text.replace("{好: 30, 较好: 8, 一般: 2, 差: 0}", "{好: 1, 差: 1}")
    s = compute_survey(workspace(ws(tmp_path, text))).surveys[0]
    # the weights and positive are the survey's own; the grade bands come from the scale
    assert (s.score, s.grade, s.positive_options, s.options) == (Decimal("75.00"), "称职", ("好",), ("好", "差"))


def test_unknown_scale(tmp_path):
    root = ws(tmp_path, DUTY.replace("scale: duty", "scale: dutty", 1))
    d = one(load(root), "survey-unknown-scale", "error")
    assert_at(d, "s.yaml", value_pos(root, "s.yaml", "scale: dutty"), word="duty")


def test_scale_without_rules(tmp_path):
    root = build(tmp_path, extra={"s.yaml": DUTY})
    d = load(root)
    assert len([x for x in d.diagnostics if x.code == "survey-unknown-scale"]) == 2, show(d)


def test_weights_name_an_unknown_option(tmp_path):
    root = ws(tmp_path, DUTY.replace("weights: {好: 10, 较好: 8, 一般: 5}", "weights: {好: 10, 较好: 8, 一般: 5, 优: 3}"))
    d = one(load(root), "survey-weights-option", "error")
    assert_at(d, "s.yaml", pos(root, "s.yaml", "优: 3"))


def test_weights_missing_an_option(tmp_path):
    root = ws(tmp_path, DUTY.replace("weights: {好: 10, 较好: 8, 一般: 5}", "weights: {好: 10, 较好: 8}"))
    d = one(load(root), "survey-weights-missing", "error")
    assert_at(d, "s.yaml", pos(root, "s.yaml", "weights"), word="一般")


def test_grades_out_of_order(tmp_path):
    root = ws(tmp_path, DUTY.replace("[{min: 9, grade: A}, {min: 0, grade: B}]", "[{min: 0, grade: A}, {min: 9, grade: B}]"))
    d = one(load(root), "survey-grades-order", "error")
    assert_at(d, "s.yaml", value_pos(root, "s.yaml", "min: 9"))


def test_grades_without_weights(tmp_path):
    root = ws(tmp_path, DUTY.replace("weights: {好: 10, 较好: 8, 一般: 5}\n", ""))
    d = one(load(root), "survey-grades-without-weights", "error")
    assert_at(d, "s.yaml", pos(root, "s.yaml", "grades"))


def test_scale_in_the_rules_is_checked(tmp_path):
    root = ws(tmp_path, rules=RULES.replace("{好: 100, 较好: 80, 一般: 60, 差: 0}", "{好: 100, 较好: 80, 一般: 60}"))
    result = load(root)
    assert any(d.file == "rules.yaml" for d in result.errors), show(result)


def test_survey_command_shows_score_and_grade(tmp_path):
    root = ws(tmp_path)
    data = run_json(root, "survey")
    s = {x["id"]: x for x in data["surveys"]}
    assert (s["duty-2024-m101"]["score"], s["duty-2024-m101"]["grade"], s["duty-2024-m101"]["rate"]) == (94.0, "优秀", 0.95)
    table = run("survey", "-w", root)
    assert table.exit_code == 0 and "94.00" in table.stdout and "优秀" in table.stdout


def test_one_subject_over_the_years(tmp_path):
    root = ws(tmp_path)
    data = run_json(root, "survey", "--subject", "m101", "--all")
    assert [(s["id"], s["score"]) for s in data["surveys"]] == [("duty-2023-m101", 77.5), ("duty-2024-m101", 94.0)]
    assert [s["id"] for s in run_json(root, "survey", "--subject", "m101")["surveys"]] == ["duty-2024-m101"]
    assert run("survey", "-w", root, "--subject", "nobody").exit_code == 2


DUTY_ROUND_2023 = """\
kind: round
id: 2023-duty
name: 2023年度党组织书记抓基层党建述职评议
method: duty
start: 2023-12-27
end: 2023-12-27
reviews:
  - reviewer: m001
    subject: m101
    date: 2023-12-27
    mode: meeting
    problems:
      - {problem: 党小组活动不经常, owner: m101, due: 2024-03-31, closed: 2024-03-20}
      - {problem: 发展党员工作滞后, owner: m101, due: 2024-06-30}
      - {problem: 支部台账不规范, owner: m201, due: 2024-03-31}
"""


def test_duty_round_problems_flow_into_rectify(tmp_path):
    """What was raised at last year's 述职, for the secretary who must report on it."""
    root = build(tmp_path, rounds=[DUTY_ROUND_2023])
    assert workspace(root).rounds[0].model.method.value == "duty"
    data = run_json(root, "rectify", "--owner", "m101", "--all", "--as-of", "2024-12-01")
    assert [(i["problem"], i["state"]) for i in data["items"]] == [
        ("党小组活动不经常", "closed"),
        ("发展党员工作滞后", "overdue"),
    ]


def test_a_what_if_scheme_keeps_the_workspace_scales(tmp_path):
    """``--rules FILE`` tries another points scheme; a file without ``survey_scales`` does
    not unmake the workspace's rated surveys."""
    root = ws(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text("kind: rules\ndecimals: 1\n", encoding="utf-8")
    result = load(root, rules=other)
    assert result.ok, show(result)
    s = next(x for x in compute_survey(result.workspace).surveys if x.id == "duty-2024-m101")
    assert (s.score, s.grade) == (Decimal("94.0"), "优秀")


def test_an_unknown_scale_is_reported_once(tmp_path):
    root = build(tmp_path, extra={"s.yaml": DUTY.split("---")[0]})
    result = load(root)
    assert [d.code for d in result.errors] == ["survey-unknown-scale"], show(result)
