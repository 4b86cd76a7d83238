"""The document models (one per kind): a document's own shape, where its mistakes are
pointed at (a missing key at its parent mapping, an unknown key at the key, a bad value
at the value), and the rules (FORMAT §9) with their merge into the default."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi.model import KINDS, Rules, default_rules
from pingyi.model.rules import DEFAULT_RULES_YAML, merged_rules_data
from wsfactory import CONFIG, assert_at, clean, codes, load, make_ws, one, only, pos, show, value_pos

RULES_CONFIG = CONFIG + "rules: rules.yaml\n"


def rules_ws(tmp_path, body: str, **files: str):
    return make_ws(tmp_path, {"rules.yaml": body, **files}, config=RULES_CONFIG)


# ============================================================================ every kind


def test_every_kind_of_format_has_a_model():
    assert set(KINDS) == {
        "org",
        "round",
        "commitments",
        "scores",
        "evaluation",
        "adjustments",
        "ratings",
        "honours",
        "survey",
        "rules",
        "appraisal",
        "publicity",
    }


def test_missing_key_points_at_the_parent_mapping(tmp_path):
    root = make_ws(tmp_path, {"o.yaml": "kind: org\norgs:\n  - id: zb3\n    type: branch\n    parent: dw\n    secretary: m101\n"})
    d = only(load(root), "missing-key")
    assert_at(d, "o.yaml", (3, 5), word="`name`")


def test_missing_top_level_key_points_at_the_document(tmp_path):
    root = make_ws(tmp_path, {"r.yaml": "# a round\n\nkind: round\nid: r1\nname: 轮\nstart: 2024-01-01\nend: 2024-02-01\n"})
    d = only(load(root), "missing-key")
    assert_at(d, "r.yaml", (3, 1), word="`method`")


def test_missing_key_of_a_member(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "o.yaml": "kind: org\norgs:\n  - id: zb3\n    name: 三\n    type: branch\n    parent: dw\n    secretary: m101\n    members:\n      - {name: 无名}\n"
        },
    )
    d = only(load(root), "missing-key")
    assert_at(d, "o.yaml", (9, 9), word="`id`")


def test_bad_enum_points_at_the_value_and_lists_the_choices(tmp_path):
    root = make_ws(tmp_path, {"o.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: brnach, parent: dw, secretary: m101}\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "o.yaml", pos(root, "o.yaml", "brnach"), word="`brnach`")
    assert "branch" in d.message and "committee" in d.message


def test_bad_member_status(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "o.yaml": "kind: org\norgs:\n  - id: zb3\n    name: 三\n    type: branch\n    parent: dw\n    secretary: m101\n    members:\n      - {id: m301, name: 甲, status: retired}\n"
        },
    )
    d = only(load(root), "bad-value")
    assert_at(d, "o.yaml", pos(root, "o.yaml", "retired"), word="exempt")


@pytest.mark.parametrize("bad", ["_x", "-x", "a b", "'a/b'", "[a]"])
def test_invalid_ids(tmp_path, bad):
    root = make_ws(
        tmp_path, {"o.yaml": f"kind: org\norgs:\n  - {{id: {bad}, name: 三, type: branch, parent: dw, secretary: m101}}\n"}
    )
    d = only(load(root), "bad-value")
    assert_at(d, "o.yaml", (3, 10))
    assert "id" in d.message_in("en") and "编号" in d.message


def test_ids_in_any_script(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "o.yaml": "kind: org\norgs:\n  - {id: 一支部, name: 三, type: branch, parent: dw, secretary: 张.三, members: [{id: 张.三, name: 张三}]}\n"
        },
    )
    result = load(root)
    clean(result)
    assert result.workspace.orgs["一支部"].secretary == "张.三"


def test_a_mapping_where_a_list_is_wanted(tmp_path):
    root = make_ws(tmp_path, {"o.yaml": "kind: org\norgs:\n  id: zb3\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "o.yaml", (3, 3), word="list")


def test_text_where_a_mapping_is_wanted(tmp_path):
    root = make_ws(tmp_path, {"c.yaml": "kind: commitments\nyear: 2024\nitems:\n  - 全年送教下乡\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "c.yaml", (4, 5), word="mapping")


def test_year_must_be_a_whole_number(tmp_path):
    root = make_ws(tmp_path, {"c.yaml": "kind: commitments\nyear: 2024年\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "c.yaml", (2, 7), word="whole number")


@pytest.mark.parametrize("month", ["2024-13", "2024-3", "2024/03", "'2024-03-01'"])
def test_scores_month_must_be_yyyy_mm(tmp_path, month):
    root = make_ws(
        tmp_path,
        {"s.yaml": f"kind: scores\norg: zb1\nmonth: {month}\nscores:\n  m101: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]\n"},
    )
    d = only(load(root), "bad-value")
    assert_at(d, "s.yaml", (3, 8), word="YYYY-MM")


def test_quarter_star_needs_quarter_and_org(tmp_path):
    root = make_ws(tmp_path, {"h.yaml": "kind: honours\nyear: 2024\nitems:\n  - {award: quarter, members: [m101]}\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "h.yaml", (4, 5), word="quarter")


def test_quarter_out_of_range(tmp_path):
    root = make_ws(
        tmp_path, {"h.yaml": "kind: honours\nyear: 2024\nitems:\n  - {award: quarter, quarter: 5, org: zb1, members: [m101]}\n"}
    )
    d = one(load(root), "bad-value")
    assert_at(d, "h.yaml", (4, 5), word="1, 2, 3 or 4")


# ============================================================================ rules


def test_default_rules_are_the_format_defaults():
    rules = default_rules()
    assert [i.id for i in rules.items] == [
        "study",
        "achieve",
        "serve",
        "law",
        "ethos",
        "duty",
        "attitude",
        "ability",
        "integrity",
        "promise",
    ]
    assert rules.item_max == 10 and rules.decimals == 2
    assert (rules.weights.monthly, rules.weights.democratic) == (Decimal("0.8"), Decimal("0.2"))
    assert [(b.min, b.stars, str(b.grade)) for b in rules.stars][:3] == [
        (95, 10, "excellent"),
        (90, 9, "qualified"),
        (80, 8, "qualified"),
    ]
    assert rules.band_for(Decimal("94.99")).stars == 9 and rules.band_for(Decimal("95.00")).stars == 10
    assert rules.band_for(Decimal("-3")).stars == 0
    assert str(rules.points("award", "national")) == "5" and rules.points("discipline", "national") is None
    assert rules.min_mass_representatives == 10 and rules.grade_probationary is True


def test_a_partial_rules_file_merges_with_the_default(tmp_path):
    root = rules_ws(
        tmp_path,
        """\
        kind: rules
        stars:
          - {min: 96, stars: 5, grade: excellent}
          - {min: 90, stars: 4, grade: qualified}
          - {min: 0, stars: 0, grade: unqualified}
        """,
    )
    result = load(root)
    clean(result)
    rules = result.workspace.rules
    assert [b.stars for b in rules.stars] == [5, 4, 0]
    # everything else from the default
    assert rules.item_count == 10 and rules.weights.monthly == Decimal("0.8")
    assert rules.adjustments == default_rules().adjustments
    assert result.workspace.rules_loc is not None and result.workspace.rules_loc.file == "rules.yaml"


def test_nested_mappings_merge_key_by_key(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nadjustments:\n  award: {unit: 0.5}\nquarter_star: {share: 0.1}\n")
    result = load(root)
    clean(result)
    rules = result.workspace.rules
    assert rules.points("award", "unit") == Decimal("0.5") and rules.points("award", "national") == 5
    assert rules.points("criticism", "unit") == 1
    assert rules.quarter_star.share == Decimal("0.1") and rules.quarter_star.min_members == 10


def test_merge_replaces_lists_and_merges_mappings():
    merged = merged_rules_data({"kind": "rules", "items": [{"id": "a", "name": "A"}], "weights": {"monthly": "0.7"}})
    assert merged["items"] == [{"id": "a", "name": "A"}]
    assert merged["weights"] == {"monthly": "0.7", "democratic": "0.2"}


def test_the_default_rules_text_is_a_valid_rules_document():
    from pingyi.io.yaml import parse_text

    assert Rules.model_validate(parse_text(DEFAULT_RULES_YAML)[0]) == default_rules()


def test_weights_must_add_up_to_one(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nweights: {monthly: 0.7, democratic: 0.2}\n")
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", (2, 10), word="add up to 1")


def test_weights_partial_override_that_breaks_the_sum(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nweights:\n  monthly: 0.9\n")
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", (3, 3), word="0.9")


def test_exact_weights_add_up(tmp_path):
    # 0.7 + 0.3 and 0.9 + 0.1: exact decimals, never binary floating point
    for m, dem in (("0.7", "0.3"), ("0.9", "0.1"), ("0.65", "0.35")):
        root = rules_ws(tmp_path / m, f"kind: rules\nweights: {{monthly: {m}, democratic: {dem}}}\n")
        clean(load(root))


def test_duplicate_item_ids(tmp_path):
    root = rules_ws(
        tmp_path, "kind: rules\nitems:\n  - {id: study, name: 学习}\n  - {id: serve, name: 服务}\n  - {id: study, name: 再学习}\n"
    )
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", (5, 10), word="`study`")


def test_empty_items(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nitems: []\n")
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", (2, 8), word="at least one")


def test_bands_not_descending(tmp_path):
    root = rules_ws(
        tmp_path,
        "kind: rules\nstars:\n  - {min: 90, stars: 9, grade: qualified}\n  - {min: 95, stars: 10, grade: excellent}\n  - {min: 0, stars: 0, grade: unqualified}\n",
    )
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", (4, 11), word="highest first")


def test_lower_band_with_more_stars(tmp_path):
    root = rules_ws(
        tmp_path,
        "kind: rules\nstars:\n  - {min: 90, stars: 5, grade: qualified}\n  - {min: 0, stars: 6, grade: unqualified}\n",
    )
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", (4, 21), word="more stars")


def test_lowest_band_not_zero(tmp_path):
    root = rules_ws(
        tmp_path,
        "kind: rules\nstars:\n  - {min: 95, stars: 10, grade: excellent}\n  - {min: 10, stars: 1, grade: unqualified}\n",
    )
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", (4, 11), word="start at 0")


def test_bad_grade_code(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nstars:\n  - {min: 0, stars: 0, grade: fail}\n")
    d = only(load(root), "bad-value")
    assert_at(d, "rules.yaml", pos(root, "rules.yaml", "fail"), word="unqualified")


def test_unknown_rules_key(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nstarz: []\n")
    d = only(load(root), "unknown-key")
    assert_at(d, "rules.yaml", (2, 1), word="did you mean `stars`")


def test_unknown_adjustment_type_in_rules(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nadjustments:\n  awrd: {city: 3}\n")
    d = only(load(root), "unknown-key")
    assert_at(d, "rules.yaml", (3, 3), word="did you mean `award`")


def test_broken_rules_fall_back_to_the_default(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nitems: []\n")
    result = load(root)
    assert not result.ok
    assert result.workspace.rules == default_rules()


def test_a_rules_document_not_named_in_pingyi_yaml_is_an_error(tmp_path):
    root = make_ws(tmp_path, {"my-rules.yaml": "# 五星制\nkind: rules\nitem_max: 5\n"})
    result = load(root)
    d = only(result, "unused-rules")
    assert_at(d, "my-rules.yaml", (2, 7), word="pingyi.yaml")
    assert result.workspace.rules.item_max == 10


def test_a_second_rules_document_beside_the_named_one(tmp_path):
    root = rules_ws(tmp_path, "kind: rules\nitem_max: 10\n", **{"old/rules.yaml": "kind: rules\nitem_max: 5\n"})
    d = only(load(root), "unused-rules")
    assert_at(d, "old/rules.yaml", (1, 7), word="`rules.yaml`")


def test_rules_naming_a_missing_file(tmp_path):
    root = make_ws(tmp_path, config=CONFIG + "rules: nothere.yaml\n")
    result = load(root)
    d = only(result, "missing-rules-file")
    assert_at(d, "pingyi.yaml", value_pos(root, "pingyi.yaml", "rules: nothere.yaml"), word="nothere.yaml")
    assert result.workspace.rules == default_rules()


def test_rules_file_without_a_rules_document(tmp_path):
    root = rules_ws(tmp_path, "kind: commitments\nyear: 2024\n")
    d = only(load(root), "no-rules")
    assert d.file == "rules.yaml"


def test_rules_file_outside_the_workspace_only_from_the_command_line(tmp_path):
    """A received workspace may not make pingyi read a file outside it (README, Security);
    the user may name one with --rules."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "five.yaml").write_text("kind: rules\nitem_max: 5\n", encoding="utf-8")
    root = make_ws(tmp_path, config=CONFIG + "rules: ../shared/five.yaml\n")
    result = load(root)
    only(result, "rules-outside")
    assert result.workspace.rules.item_max != 5
    named = load(root, rules=tmp_path / "shared" / "five.yaml")
    clean(named)
    assert named.workspace.rules.item_max == 5


def test_rules_argument_overrides_the_workspace_rules(tmp_path):
    other = tmp_path / "what-if.yaml"
    other.write_text("kind: rules\nitem_max: 5\n", encoding="utf-8")
    root = make_ws(tmp_path, {"rules.yaml": "kind: rules\nitem_max: 8\n"}, config=RULES_CONFIG)
    assert load(root).workspace.rules.item_max == 8
    result = load(root, rules=other)
    clean(result)
    assert result.workspace.rules.item_max == 5


def test_rules_argument_with_errors_reports_them(tmp_path):
    other = tmp_path / "bad.yaml"
    other.write_text("kind: rules\nweights: {monthly: 1, democratic: 1}\n", encoding="utf-8")
    result = load(make_ws(tmp_path), rules=other)
    d = only(result, "bad-value")
    assert d.file == "../bad.yaml" and (d.line, d.column) == (2, 10)


def test_a_rules_file_with_another_item_count_makes_ten_item_scores_an_error(tmp_path):
    rules = "kind: rules\nitems:\n" + "".join(f"  - {{id: i{n}, name: 第{n}项}}\n" for n in range(1, 6))
    scores = "kind: scores\norg: zb1\nmonth: 2023-05\nscores:\n  m101: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]\n  m102: [9, 9, 9, 9, 9]\n"
    root = rules_ws(tmp_path, rules, **{"s.yaml": scores})
    result = load(root)
    d = only(result, "item-count")
    assert_at(d, "s.yaml", (5, 9), word="5 items")
    assert "10 item scores" in d.message_in("en")
    # and the same scores are fine under the default rules
    assert "item-count" in codes(result)
    root2 = make_ws(tmp_path, {"s.yaml": scores.replace("  m102: [9, 9, 9, 9, 9]\n", "")}, sub="ws2")
    clean(load(root2))


def test_item_max_changes_the_range(tmp_path):
    scores = "kind: scores\norg: zb1\nmonth: 2023-05\nscores:\n  m101: [5, 5, 5, 5, 5, 5, 5, 5, 5, 6]\n"
    root = rules_ws(tmp_path, "kind: rules\nitem_max: 5\n", **{"s.yaml": scores})
    d = only(load(root), "item-range")
    assert_at(d, "s.yaml", (5, 37), word="0 to 5")


def test_stars_of_ratings_follow_the_rules(tmp_path):
    files = {
        "z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: dw, secretary: m101, members: [{id: m302, name: 乙, status: exempt}]}\n",
        "r.yaml": "kind: ratings\nyear: 2024\nitems:\n  - {member: m302, stars: 8, reason: 直接评定}\n",
    }
    five = "kind: rules\nstars:\n  - {min: 96, stars: 5, grade: excellent}\n  - {min: 0, stars: 0, grade: unqualified}\n"
    result = load(rules_ws(tmp_path, five, **files))
    d = only(result, "bad-stars")
    assert "0, 5" in d.message_in("en"), show(result)


def test_a_misspelt_code_gets_a_suggestion(tmp_path):
    import pingyi
    from wsfactory import make_ws

    root = make_ws(
        tmp_path,
        {"r.yaml": "kind: round\nid: r1\nname: 点评\nmethod: leadr\nstart: 2024-01-01\nend: 2024-01-31\n"},
    )
    (d,) = [d for d in pingyi.load(root).errors if d.code == "bad-value"]
    assert (d.file, d.line, d.column) == ("r.yaml", 4, 9)
    assert "did you mean `leader`?" in d.message_in("en")
    assert "是不是 `leader`？" in d.message and "`leader`（领导点评）" in d.message
