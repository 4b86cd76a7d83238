"""Cross-reference checks (FORMAT §2, §3, §5–7, §10): each rule on a small workspace,
with the exact place, code and severity of what it reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi.checks import CHECKS
from wsfactory import assert_at, clean, codes, find, load, make_ws, one, only, pos, show, value_pos

TEN = "[10, 10, 10, 10, 10, 10, 10, 10, 10, 10]"
NINE = "[9, 9, 9, 9, 9, 9, 9, 9, 9, 9]"


def row(*values: int) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


# ============================================================================ org tree


def test_duplicate_id_member_and_org(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "z.yaml": """\
                kind: org
                orgs:
                  - id: zb3
                    name: 第三党支部
                    type: branch
                    parent: dw
                    secretary: m301
                    members:
                      - {id: m301, name: 甲}
                      - {id: zb1, name: 乙}
                """
        },
    )
    d = only(load(root), "duplicate-id")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "id: zb1"), word="`zb1`")
    assert "member" in d.message_in("en") and "党员" in d.message_in("zh")
    (note,) = d.notes
    assert (note.loc.file, note.line, note.column) == ("orgs.yaml", *value_pos(root, "orgs.yaml", "id: zb1"))
    assert "first" in note.message_in("en")


def test_duplicate_id_org_named_like_a_member(tmp_path):
    root = make_ws(
        tmp_path,
        {"z.yaml": "kind: org\norgs:\n  - {id: m102, name: 三, type: branch, parent: dw, secretary: m101}\n"},
    )
    result = load(root)
    d = only(result, "duplicate-id")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "id: m102"), word="org")
    assert (d.notes[0].line, d.notes[0].column) == value_pos(root, "orgs.yaml", "id: m102")
    # the first definition stands
    assert "m102" in result.workspace.members and "m102" not in result.workspace.orgs


def test_member_listed_twice(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "z.yaml": """\
                kind: org
                orgs:
                  - id: zb3
                    name: 第三党支部
                    type: branch
                    parent: dw
                    secretary: m301
                    members:
                      - {id: m301, name: 甲}
                      - {id: m301, name: 甲}
                """
        },
    )
    d = only(load(root), "duplicate-id")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "id: m301", 2))
    assert (d.notes[0].loc.file, d.notes[0].line, d.notes[0].column) == ("z.yaml", *value_pos(root, "z.yaml", "id: m301", 1))


def test_duplicate_id_is_shown_with_its_note_in_text(tmp_path):
    root = make_ws(
        tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb1, name: 重复, type: branch, parent: dw, secretary: m101}\n"}
    )
    d = only(load(root), "duplicate-id")
    first, note = d.format("en").split("\n")
    assert first.startswith("z.yaml:3:10: error: the id `zb1` is used twice")
    assert d.format("zh").startswith("z.yaml:3:10: 错误：编号 `zb1` 用了两次")
    assert d.format("zh").split("\n")[1].startswith(f"orgs.yaml:{value_pos(root, 'orgs.yaml', 'id: zb1')[0]}:")
    line, col = value_pos(root, "orgs.yaml", "id: zb1")
    assert note.startswith(f"orgs.yaml:{line}:{col}: note: ")


def test_unknown_parent(tmp_path):
    root = make_ws(
        tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: dww, secretary: m101}\n"}
    )
    d = only(load(root), "unknown-parent")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "parent: dww"), word="`dww`")


def test_parent_that_is_a_member(tmp_path):
    root = make_ws(
        tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: m101, secretary: m101}\n"}
    )
    d = only(load(root), "unknown-parent")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "parent: m101"), word="member")


def test_cycle_of_two(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "z.yaml": """\
                kind: org
                orgs:
                  - {id: za, name: 甲, type: general_branch, parent: zb, secretary: m101}
                  - {id: zb, name: 乙, type: general_branch, parent: za, secretary: m101}
                """
        },
    )
    result = load(root)
    d = only(result, "cycle")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "parent: zb"), word="za → zb → za")
    # the cycle is broken for indexing: nothing loops
    assert set(result.workspace.subtree("za")) == {"za", "zb"}


def test_self_parent(tmp_path):
    root = make_ws(tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: za, name: 甲, type: branch, parent: za, secretary: m101}\n"})
    result = load(root)
    d = only(result, "cycle")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "parent: za"), word="itself")
    assert "za" in result.workspace.roots


@pytest.mark.parametrize(
    ("leaders", "needle", "word"),
    [
        ("secretary: m999", "m999", "secretary"),
        ("secretary: m101, deputies: [m102, m998]", "m998", "deputies"),
        ("secretary: m101, committee: [m997]", "m997", "committee"),
        ("secretary: dw", "secretary: dw", "org"),
    ],
)
def test_leader_who_is_no_member(tmp_path, leaders, needle, word):
    root = make_ws(tmp_path, {"z.yaml": f"kind: org\norgs:\n  - {{id: zb3, name: 三, type: branch, parent: dw, {leaders}}}\n"})
    d = only(load(root), "unknown-leader")
    where = value_pos(root, "z.yaml", needle) if ": " in needle else pos(root, "z.yaml", needle)
    assert_at(d, "z.yaml", where, word=word)


def test_leaders_from_anywhere_in_the_workspace(tmp_path):
    # secretaries, deputies and committee members are member ids from anywhere
    root = make_ws(
        tmp_path,
        {
            "z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: dw, secretary: m201, deputies: [m001], committee: [m102]}\n"
        },
    )
    clean(load(root))


def test_group_above_a_branch_is_unusual(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "z.yaml": """\
                kind: org
                orgs:
                  - {id: g1, name: 小组, type: group, parent: zb1, secretary: m101}
                  - {id: zb3, name: 三, type: branch, parent: g1, secretary: m101}
                """
        },
    )
    result = load(root)
    assert result.ok
    d = one(result, "unusual-nesting", "warning")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "parent: g1"), word="group")


def test_usual_nesting_is_quiet(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "z.yaml": """\
                kind: org
                orgs:
                  - {id: zz, name: 总支, type: general_branch, parent: dw, secretary: m101}
                  - {id: zb3, name: 三, type: branch, parent: zz, secretary: m101}
                  - {id: g1, name: 小组, type: group, parent: zb3, secretary: m101}
                """
        },
    )
    clean(load(root))


def test_org_without_secretary_is_a_warning(tmp_path):
    root = make_ws(tmp_path, {"z.yaml": "kind: org\norgs:\n  - id: zb3\n    name: 三\n    type: branch\n    parent: dw\n"})
    result = load(root)
    assert result.ok
    d = only(result, "no-secretary", "warning")
    assert_at(d, "z.yaml", (3, 5), word="secretary")


def test_a_member_belongs_to_the_org_that_lists_them(tmp_path):
    ws = load(make_ws(tmp_path)).workspace
    assert ws.members["m103"].org == "zb1" and str(ws.members["m103"].status) == "flowing"
    assert ws.roots == ["dw"] and ws.children["dw"] == ["zb1", "zb2"]


# ============================================================================ rounds

ROUND = """\
kind: round
id: r1
name: 第一轮
method: leader
start: 2024-06-01
end: 2024-06-30
reviews:
"""


def round_ws(tmp_path, reviews: str, head: str = ROUND, **kw):
    return make_ws(tmp_path, {"r.yaml": head + reviews}, **kw)


def test_clean_round(tmp_path):
    root = round_ws(
        tmp_path,
        """\
  - reviewer: m001
    subject: [zb1, m101]
    date: 2024-06-12
    mode: meeting
    problems:
      - {problem: 记录不全, measure: 专人记录, owner: m101, due: 2024-07-31, closed: 2024-07-20}
  - {reviewer_name: 州教育局李局长, subject: dw, date: 2024-06-30}
""",
    )
    result = load(root)
    clean(result)
    assert result.workspace.rounds[0].model.reviews[0].subjects == ["zb1", "m101"]


def test_duplicate_round_id(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": ROUND + "  []\n", "b.yaml": ROUND + "  []\n"})
    d = only(load(root), "duplicate-round")
    assert_at(d, "b.yaml", (2, 5), word="`r1`")
    assert (d.notes[0].loc.file, d.notes[0].line, d.notes[0].column) == ("a.yaml", 2, 5)


def test_round_ends_before_it_starts(tmp_path):
    root = make_ws(tmp_path, {"r.yaml": ROUND.replace("end: 2024-06-30", "end: 2024-05-30") + "  []\n"})
    d = only(load(root), "round-dates")
    assert_at(d, "r.yaml", value_pos(root, "r.yaml", "end: 2024-05-30"), word="before")


@pytest.mark.parametrize(("scope", "word"), [("nowhere", "no org"), ("m101", "member")])
def test_unknown_scope(tmp_path, scope, word):
    root = make_ws(tmp_path, {"r.yaml": ROUND.replace("reviews:\n", f"scope: {scope}\nreviews: []\n")})
    d = only(load(root), "unknown-id")
    assert_at(d, "r.yaml", value_pos(root, "r.yaml", f"scope: {scope}"), word=word)


@pytest.mark.parametrize("date", ["2024-05-31", "2024-07-01"])
def test_review_date_outside_its_round(tmp_path, date):
    root = round_ws(tmp_path, f"  - reviewer: m001\n    subject: zb1\n    date: {date}\n")
    d = only(load(root), "date-outside-round")
    assert_at(d, "r.yaml", value_pos(root, "r.yaml", f"date: {date}"), word="outside")


def test_review_on_the_first_and_last_day_is_inside(tmp_path):
    root = round_ws(
        tmp_path,
        "  - {reviewer: m001, subject: zb1, date: 2024-06-01}\n  - {reviewer: m001, subject: zb2, date: 2024-06-30}\n",
    )
    clean(load(root))


def test_unknown_reviewer(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: m999\n    subject: zb1\n    date: 2024-06-05\n")
    d = only(load(root), "unknown-reviewer")
    assert_at(d, "r.yaml", value_pos(root, "r.yaml", "reviewer: m999"), word="reviewer_name")


def test_reviewer_that_is_an_org(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: dw\n    subject: zb1\n    date: 2024-06-05\n")
    d = only(load(root), "unknown-reviewer")
    assert_at(d, "r.yaml", value_pos(root, "r.yaml", "reviewer: dw"), word="org")


def test_reviewer_and_reviewer_name_both(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: m001\n    reviewer_name: 李局长\n    subject: zb1\n    date: 2024-06-05\n")
    d = only(load(root), "bad-value")
    assert_at(d, "r.yaml", (8, 5), word="not both")


def test_reviewer_and_reviewer_name_neither(tmp_path):
    root = round_ws(tmp_path, "  - subject: zb1\n    date: 2024-06-05\n")
    d = only(load(root), "bad-value")
    assert_at(d, "r.yaml", (8, 5), word="reviewer_name")


def test_unknown_subject_in_a_list_points_at_the_item(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: m001\n    subject: [zb1, m101, zb9, m102]\n    date: 2024-06-05\n")
    d = only(load(root), "unknown-subject")
    assert_at(d, "r.yaml", pos(root, "r.yaml", "zb9"), word="`zb9`")


def test_unknown_subject_in_a_block_list(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: m001\n    subject:\n      - zb1\n      - zb9\n    date: 2024-06-05\n")
    d = only(load(root), "unknown-subject")
    assert_at(d, "r.yaml", (11, 9))


def test_unknown_single_subject(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: m001\n    subject: zb9\n    date: 2024-06-05\n")
    d = only(load(root), "unknown-subject")
    assert_at(d, "r.yaml", value_pos(root, "r.yaml", "subject: zb9"))


def test_empty_subject_list(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: m001\n    subject: []\n    date: 2024-06-05\n")
    d = only(load(root), "bad-value")
    assert_at(d, "r.yaml", (8, 5), word="subject")


def test_self_review(tmp_path):
    root = round_ws(tmp_path, "  - reviewer: m101\n    subject: [zb1, m101]\n    date: 2024-06-05\n")
    d = only(load(root), "self-review")
    assert_at(d, "r.yaml", pos(root, "r.yaml", "m101", 2), word="two reviews")


@pytest.mark.parametrize(("owner", "word"), [("m999", "no member"), ("zb1", "org")])
def test_unknown_problem_owner(tmp_path, owner, word):
    root = round_ws(
        tmp_path,
        f"  - reviewer: m001\n    subject: zb1\n    date: 2024-06-05\n    problems:\n"
        f"      - {{problem: 问题, measure: 措施, owner: {owner}, due: 2024-07-01}}\n",
    )
    d = only(load(root), "unknown-owner")
    assert_at(d, "r.yaml", pos(root, "r.yaml", f"owner: {owner}", shift=7), word=word)


def test_closed_before_the_review(tmp_path):
    root = round_ws(
        tmp_path,
        "  - reviewer: m001\n    subject: zb1\n    date: 2024-06-05\n    problems:\n"
        "      - problem: 问题\n        measure: 措施\n        owner: m101\n        due: 2024-07-01\n        closed: 2024-06-04\n",
    )
    d = only(load(root), "closed-before-review")
    assert_at(d, "r.yaml", value_pos(root, "r.yaml", "closed: 2024-06-04"), word="before")


def test_closed_on_the_review_day_is_fine(tmp_path):
    root = round_ws(
        tmp_path,
        "  - reviewer: m001\n    subject: zb1\n    date: 2024-06-05\n    problems:\n"
        "      - {problem: 问题, measure: 措施, owner: m101, due: 2024-07-01, closed: 2024-06-05}\n",
    )
    clean(load(root))


def test_incomplete_rectification_is_a_warning(tmp_path):
    root = round_ws(
        tmp_path,
        "  - reviewer: m001\n    subject: zb1\n    date: 2024-06-05\n    problems:\n      - problem: 记录不全\n        owner: m101\n",
    )
    result = load(root)
    assert result.ok
    d = only(result, "incomplete-rectification", "warning")
    assert_at(d, "r.yaml", (12, 9), word="`measure`")
    assert "`due`" in d.message and "`owner`" not in d.message


def test_bad_review_mode(tmp_path):
    root = round_ws(tmp_path, "  - {reviewer: m001, subject: zb1, date: 2024-06-05, mode: chat}\n")
    d = only(load(root), "bad-value")
    assert_at(d, "r.yaml", pos(root, "r.yaml", "chat"), word="meeting")


# ============================================================================ commitments

COMMITMENTS = "kind: commitments\nyear: 2024\nitems:\n"


def test_clean_commitments(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "c.yaml": COMMITMENTS
            + "  - {id: c1, owner: zb1, type: basic, text: 送教下乡, made: 2024-03-15, due: 2024-12-31, status: done, done: 2024-11-20}\n"
            + "  - {owner: m101, type: creative, text: 帮扶, status: withdrawn}\n"
        },
    )
    clean(load(root))


@pytest.mark.parametrize("owner", ["zb9", "m999"])
def test_unknown_commitment_owner(tmp_path, owner):
    root = make_ws(tmp_path, {"c.yaml": COMMITMENTS + f"  - {{owner: {owner}, type: basic, text: 承诺}}\n"})
    d = only(load(root), "unknown-owner")
    assert_at(d, "c.yaml", pos(root, "c.yaml", owner), word=owner)


def test_done_without_done_date_points_at_status(tmp_path):
    root = make_ws(tmp_path, {"c.yaml": COMMITMENTS + "  - owner: zb1\n    type: basic\n    text: 承诺\n    status: done\n"})
    d = only(load(root), "done-without-date")
    assert_at(d, "c.yaml", value_pos(root, "c.yaml", "status: done"), word="`done:`")


def test_duplicate_commitment_id(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "c.yaml": COMMITMENTS
            + "  - {id: c1, owner: zb1, type: basic, text: 甲}\n  - {id: c1, owner: zb2, type: basic, text: 乙}\n"
        },
    )
    d = only(load(root), "duplicate-commitment")
    assert_at(d, "c.yaml", pos(root, "c.yaml", "c1", 2), word="`c1`")
    assert (d.notes[0].line, d.notes[0].column) == pos(root, "c.yaml", "c1", 1)


def test_bad_commitment_status(tmp_path):
    root = make_ws(tmp_path, {"c.yaml": COMMITMENTS + "  - {owner: zb1, type: basic, text: 承诺, status: finished}\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "c.yaml", pos(root, "c.yaml", "finished"), word="`finished`")
    assert "done" in d.message and "withdrawn" in d.message


def test_commitment_due_before_made(tmp_path):
    root = make_ws(
        tmp_path, {"c.yaml": COMMITMENTS + "  - {owner: zb1, type: basic, text: 承诺, made: 2024-05-01, due: 2024-04-01}\n"}
    )
    d = only(load(root), "due-before-made")
    assert_at(d, "c.yaml", pos(root, "c.yaml", "2024-04-01"))


# ============================================================================ points: scores


def scores_doc(org: str, month: str, rows: dict[str, str]) -> str:
    return f"kind: scores\norg: {org}\nmonth: {month}\nscores:\n" + "".join(f"  {m}: {r}\n" for m, r in rows.items())


def full_year(org: str, members: list[str], skip: dict[str, list[int]] | None = None) -> dict[str, str]:
    """A scores file per month for every member, leaving out ``skip[member]`` months."""
    skip = skip or {}
    files = {}
    for month in range(1, 13):
        rows = {m: TEN for m in members if month not in skip.get(m, [])}
        if rows:
            files[f"scores/{org}/2024-{month:02d}.yaml"] = scores_doc(org, f"2024-{month:02d}", rows)
    return files


ALL_SCORED = {"dw": ["m001", "m002"], "zb1": ["m101", "m102", "m103"], "zb2": ["m201", "m202"]}


def points_ws(tmp_path, extra: dict[str, str], skip: dict[str, list[int]] | None = None, *, evaluated: bool = False, **kw):
    """A year of scores for every member of :data:`ALL_SCORED`; ``evaluated``: with a tally
    sheet evaluation of every org naming all of them (so no year-end evaluation warning)."""
    files: dict[str, str] = {}
    for org, members in ALL_SCORED.items():
        files.update(full_year(org, members, skip))
        if evaluated:
            averages = ", ".join(f"{m}: {TEN}" for m in members)
            files[f"evaluation/{org}.yaml"] = (
                f"kind: evaluation\norg: {org}\nyear: 2024\nmass_representatives: 12\nparticipants: 20\n"
                f"averages: {{{averages}}}\n"
            )
    files.update(extra)
    return make_ws(tmp_path, files, **kw)


def basic(root, **kw):
    """Load with the checks over the indexed workspace only (no year-end checks)."""
    return load(root, checks=CHECKS, **kw)


def test_a_full_year_of_scores_is_clean(tmp_path):
    result = load(points_ws(tmp_path, {}, evaluated=True))
    clean(result)
    assert len(result.workspace.scores) == 36


def test_scores_without_any_evaluation_is_one_year_end_warning(tmp_path):
    root = points_ws(tmp_path, {})
    clean(basic(root))
    d = only(load(root), "no-evaluations", "warning")
    assert d.file is None and "2024" in d.message


def test_scores_with_the_wrong_item_count(tmp_path):
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb1", "2023-01", {"m101": row(9, 9, 9)})})
    d = only(load(root), "item-count")
    assert_at(d, "x.yaml", value_pos(root, "x.yaml", "m101: [9"), word="3 item scores")
    assert "10 items" in d.message_in("en")


@pytest.mark.parametrize(("value", "index"), [("11", 3), ("-1", 0), ("10.5", 9)])
def test_score_out_of_range_points_at_the_item(tmp_path, value, index):
    values = ["10"] * 10
    values[index] = value
    line = "[" + ", ".join(values) + "]"
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb1", "2023-01", {"m101": line})})
    d = only(load(root), "item-range")
    col = 10 + len(", ".join(values[:index])) + (2 if index else 0)
    assert_at(d, "x.yaml", (5, col), word="0 to 10")
    assert value in d.message


def test_score_that_is_no_number(tmp_path):
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb1", "2023-01", {"m101": "[10, 10, 10, 10, ten, 10, 10, 10, 10, 10]"})})
    d = only(load(root), "bad-value")
    assert_at(d, "x.yaml", pos(root, "x.yaml", "ten"), word="number")


def test_decimal_scores_are_exact(tmp_path):
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb1", "2023-01", {"m101": "[9.5, 10, 10, 10, 10, 10, 10, 10, 10, 0.1]"})})
    result = basic(root)
    clean(result)
    (doc,) = [d for d in result.workspace.scores if d.model.month == "2023-01"]
    values = doc.model.scores["m101"]
    assert sum(values) == Decimal("89.6")


def test_scores_for_an_unknown_member_point_at_the_key(tmp_path):
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb1", "2023-01", {"m999": TEN})})
    d = only(load(root), "unknown-member")
    assert_at(d, "x.yaml", (5, 3), word="`m999`")


def test_scores_for_an_org_id(tmp_path):
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb1", "2023-01", {"zb2": TEN})})
    d = only(load(root), "unknown-member")
    assert_at(d, "x.yaml", (5, 3), word="org")


def test_scores_of_an_unknown_org(tmp_path):
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb9", "2023-01", {"m101": TEN})})
    d = only(load(root), "unknown-org")
    assert_at(d, "x.yaml", (2, 6), word="`zb9`")


def test_member_of_another_org_is_a_warning(tmp_path):
    root = points_ws(tmp_path, {"x.yaml": scores_doc("zb1", "2023-01", {"m201": TEN})})
    result = basic(root)
    assert result.ok
    d = only(result, "member-elsewhere", "warning")
    assert_at(d, "x.yaml", (5, 3), word="`zb2`")


def test_month_scored_twice_is_an_error_with_a_note(tmp_path):
    root = points_ws(tmp_path, {"zz/again.yaml": scores_doc("zb1", "2024-03", {"m102": NINE})})
    d = only(load(root), "month-scored-twice")
    assert_at(d, "zz/again.yaml", (5, 3), word="2024-03")
    (note,) = d.notes
    assert (note.loc.file, note.line, note.column) == ("scores/zb1/2024-03.yaml", 6, 3)


def test_missing_months_warning_names_the_months(tmp_path):
    root = points_ws(tmp_path, {}, skip={"m102": [2, 7, 8]}, evaluated=True)
    result = load(root)
    assert result.ok
    d = only(result, "missing-months", "warning")
    assert_at(d, "orgs.yaml", value_pos(root, "orgs.yaml", "id: m102"))
    assert "2024-02, 2024-07, 2024-08" in d.message_in("en") and "2024-03" not in d.message


def test_member_with_no_scores_at_all(tmp_path):
    root = points_ws(tmp_path, {}, skip={"m202": list(range(1, 13))}, evaluated=True)
    d = only(load(root), "missing-months", "warning")
    assert_at(d, "orgs.yaml", value_pos(root, "orgs.yaml", "id: m202"), word="no monthly scores in 2024")


def test_no_missing_months_warnings_without_any_scores(tmp_path):
    # a workspace that keeps no points for the year is not nagged
    clean(load(make_ws(tmp_path)))


def test_missing_months_up_to_the_as_of_month(tmp_path):
    import datetime as dt

    files = {}
    for org, members in ALL_SCORED.items():
        for month in (1, 2, 3):
            files[f"s/{org}-{month}.yaml"] = scores_doc(org, f"2024-{month:02d}", {m: TEN for m in members})
    root = make_ws(tmp_path, files)
    assert codes(load(root, as_of=dt.date(2024, 4, 20))) == ["no-evaluations"]  # April is not over
    d = find(load(root, as_of=dt.date(2024, 5, 2)), "missing-months")
    # no org sent scores for April: said once per org, at the org, not once per member
    assert [(x.file, x.line) for x in d] == [("orgs.yaml", value_pos(root, "orgs.yaml", f"id: {o}")[0]) for o in ALL_SCORED]
    assert all("2024-04" in x.message and "2024-05" not in x.message for x in d)


def test_exempt_member_scored_is_a_warning(tmp_path):
    extra = {
        "z.yaml": """\
            kind: org
            orgs:
              - id: zb3
                name: 三
                type: branch
                parent: dw
                secretary: m301
                members:
                  - {id: m301, name: 甲}
                  - {id: m302, name: 乙, status: exempt, note: 长期生病}
            """,
        "ratings.yaml": "kind: ratings\nyear: 2024\nitems:\n  - {member: m302, stars: 8, reason: 长期生病,直接评定}\n",
        "x.yaml": scores_doc("zb3", "2024-01", {"m301": TEN, "m302": TEN}),
    }
    extra.update(full_year("zb3", ["m301"], {"m301": [1]}))
    root = points_ws(tmp_path, extra)
    result = basic(root)
    assert result.ok
    d = only(result, "exempt-scored", "warning")
    assert_at(d, "x.yaml", (6, 3), word="exempt")


# ============================================================================ points: evaluation


def evaluation(body: str) -> str:
    return "kind: evaluation\norg: zb1\nyear: 2024\nmass_representatives: 12\n" + body


def test_clean_evaluation(tmp_path):
    root = points_ws(tmp_path, {"e.yaml": evaluation(f"ballots:\n  - {{m101: {TEN}, m102: {NINE}}}\n  - {{m101: {NINE}}}\n")})
    clean(basic(root))


def test_ballot_skipping_items(tmp_path):
    root = points_ws(
        tmp_path, {"e.yaml": evaluation(f"ballots:\n  - {{m101: {TEN}}}\n  - {{m101: {row(9, 9, 9, 9, 9, 9, 9, 9, 9)}}}\n")}
    )
    d = only(load(root), "item-count")
    assert_at(d, "e.yaml", (7, 12), word="ballot 2")


def test_ballot_for_an_unknown_member(tmp_path):
    root = points_ws(tmp_path, {"e.yaml": evaluation(f"ballots:\n  - {{m101: {TEN}, m999: {TEN}}}\n")})
    d = only(load(root), "unknown-member")
    assert_at(d, "e.yaml", pos(root, "e.yaml", "m999"))


def test_too_few_mass_representatives(tmp_path):
    body = evaluation(f"ballots:\n  - {{m101: {TEN}}}\n").replace("mass_representatives: 12", "mass_representatives: 9")
    root = points_ws(tmp_path, {"e.yaml": body})
    d = only(load(root), "too-few-mass-representatives")
    assert_at(d, "e.yaml", (4, 23), word="at least 10")


def test_mass_representatives_not_given_is_a_warning(tmp_path):
    body = evaluation(f"ballots:\n  - {{m101: {TEN}}}\n").replace("mass_representatives: 12\n", "")
    root = points_ws(tmp_path, {"e.yaml": body})
    result = basic(root)
    assert result.ok
    d = only(result, "no-mass-representatives", "warning")
    assert_at(d, "e.yaml", (1, 1))


def test_averages_without_participants(tmp_path):
    root = points_ws(tmp_path, {"e.yaml": evaluation(f"averages: {{m101: {NINE}}}\n")})
    d = only(load(root), "invalid")
    assert_at(d, "e.yaml", (1, 1), word="participants")


def test_averages_with_participants(tmp_path):
    root = points_ws(tmp_path, {"e.yaml": evaluation("participants: 34\naverages: {m101: [9.5, 9.2, 9, 9, 9, 9, 9, 9, 9, 9]}\n")})
    result = basic(root)
    clean(result)
    assert result.workspace.evaluations[0].model.averages["m101"][0] == Decimal("9.5")


def test_ballots_and_averages_both(tmp_path):
    root = points_ws(
        tmp_path,
        {"e.yaml": evaluation(f"ballots:\n  - {{m101: {TEN}}}\nparticipants: 3\naverages: {{m101: {NINE}}}\n")},
    )
    d = only(load(root), "bad-value")
    assert_at(d, "e.yaml", (8, 1), word="not both")


def test_neither_ballots_nor_averages(tmp_path):
    root = points_ws(tmp_path, {"e.yaml": evaluation("")})
    d = only(load(root), "invalid")
    assert_at(d, "e.yaml", (1, 1), word="ballots")


def test_second_evaluation_of_an_org(tmp_path):
    body = evaluation(f"ballots:\n  - {{m101: {TEN}}}\n")
    root = points_ws(tmp_path, {"e1.yaml": body, "e2.yaml": body})
    d = only(load(root), "duplicate-evaluation")
    assert_at(d, "e2.yaml", (2, 6))
    assert d.notes[0].loc.file == "e1.yaml"


# ============================================================================ points: adjustments

ADJ = "kind: adjustments\nyear: 2024\nitems:\n"


def test_clean_adjustments(tmp_path):
    root = points_ws(
        tmp_path,
        {
            "a.yaml": ADJ + "  - {member: m101, type: award, level: national, date: 2024-05-04, note: 优秀教师}\n"
            "  - {member: m102, type: criticism, level: unit}\n"
        },
    )
    clean(basic(root))


def test_type_level_pair_with_no_points(tmp_path):
    root = points_ws(tmp_path, {"a.yaml": ADJ + "  - {member: m101, type: discipline, level: national}\n"})
    d = only(load(root), "no-points")
    assert_at(d, "a.yaml", pos(root, "a.yaml", "national"), word="provincial")


def test_adjustment_unknown_level(tmp_path):
    root = points_ws(tmp_path, {"a.yaml": ADJ + "  - {member: m101, type: award, level: town}\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "a.yaml", pos(root, "a.yaml", "town"), word="county")


def test_adjustment_unknown_member(tmp_path):
    root = points_ws(tmp_path, {"a.yaml": ADJ + "  - {member: m999, type: award, level: city}\n"})
    d = only(load(root), "unknown-member")
    assert_at(d, "a.yaml", pos(root, "a.yaml", "m999"))


# ============================================================================ points: ratings

RATINGS = "kind: ratings\nyear: 2024\nitems:\n"
EXEMPT = {
    "z.yaml": """\
        kind: org
        orgs:
          - id: zb3
            name: 三
            type: branch
            parent: dw
            secretary: m201
            members:
              - {id: m302, name: 乙, status: exempt, note: 年老体弱}
        """
}


def test_rating_without_reason_points_at_the_item(tmp_path):
    root = make_ws(tmp_path, {**EXEMPT, "r.yaml": RATINGS + "  - member: m302\n    stars: 8\n"})
    d = only(load(root), "missing-key")
    assert_at(d, "r.yaml", (4, 5), word="`reason`")


def test_rating_with_an_empty_reason(tmp_path):
    root = make_ws(tmp_path, {**EXEMPT, "r.yaml": RATINGS + "  - {member: m302, stars: 8, reason: ' '}\n"})
    d = only(load(root), "rating-without-reason")
    assert_at(d, "r.yaml", pos(root, "r.yaml", "' '"))


@pytest.mark.parametrize("stars", ["11", "-1"])
def test_stars_not_given_by_the_rules(tmp_path, stars):
    root = make_ws(tmp_path, {**EXEMPT, "r.yaml": RATINGS + f"  - {{member: m302, stars: {stars}, reason: 直接评定}}\n"})
    d = only(load(root), "bad-stars")
    assert_at(d, "r.yaml", pos(root, "r.yaml", stars))
    assert "0, 1, 2" in d.message_in("en") and "0、1、2" in d.message_in("zh")


def test_duplicate_rating(tmp_path):
    root = make_ws(
        tmp_path,
        {**EXEMPT, "r.yaml": RATINGS + "  - {member: m302, stars: 8, reason: 甲}\n  - {member: m302, stars: 7, reason: 乙}\n"},
    )
    d = only(load(root), "duplicate-rating")
    assert_at(d, "r.yaml", pos(root, "r.yaml", "m302", 2), word="twice")
    assert (d.notes[0].line, d.notes[0].column) == pos(root, "r.yaml", "m302", 1)


def test_rating_of_an_unknown_member(tmp_path):
    root = make_ws(
        tmp_path,
        {**EXEMPT, "r.yaml": RATINGS + "  - {member: m302, stars: 8, reason: 甲}\n  - {member: m999, stars: 8, reason: 乙}\n"},
    )
    d = only(load(root), "unknown-member")
    assert_at(d, "r.yaml", pos(root, "r.yaml", "m999"))


def test_exempt_member_without_rating_is_a_warning(tmp_path):
    root = points_ws(tmp_path, EXEMPT, evaluated=True)
    result = load(root)
    assert result.ok
    d = only(result, "exempt-unrated", "warning")
    assert_at(d, "z.yaml", value_pos(root, "z.yaml", "status: exempt"), word="2024")


def test_a_rating_of_another_year_does_not_count(tmp_path):
    extra = {**EXEMPT, "r.yaml": "kind: ratings\nyear: 2023\nitems:\n  - {member: m302, stars: 8, reason: 甲}\n"}
    extra["s2023.yaml"] = scores_doc("zb1", "2023-01", {"m101": TEN})
    root = points_ws(tmp_path, extra, evaluated=True)
    assert codes(load(root)) == ["exempt-unrated"]
    assert "exempt-unrated" not in codes(load(root, year=2023))


def test_a_workspace_without_scores_gets_no_points_warnings(tmp_path):
    root = make_ws(tmp_path, EXEMPT)
    clean(load(root))


# ============================================================================ surveys

SURVEY = "kind: survey\nid: s1\nname: 满意度测评\nsubject: zb1\ndate: 2024-12-20\n"


def test_clean_survey(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "s.yaml": SURVEY
            + "options: [满意, 合格, 不满意]\npositive: [满意]\ncounts: {满意: 332, 合格: 10, 不满意: 2}\nsuggestions: 27\n"
        },
    )
    result = load(root)
    clean(result)
    s = result.workspace.surveys[0].model
    assert s.positive_options == ["满意"] and sum(s.counts.values()) == 344


def test_survey_default_options(tmp_path):
    root = make_ws(tmp_path, {"s.yaml": SURVEY + "counts: {满意: 3, 基本满意: 1, 不满意: 0}\n"})
    result = load(root)
    clean(result)
    assert result.workspace.surveys[0].model.positive_options == ["满意"]


def test_counts_naming_an_unknown_option_point_at_the_key(tmp_path):
    root = make_ws(tmp_path, {"s.yaml": SURVEY + "counts:\n  满意: 3\n  很满意: 1\n"})
    d = only(load(root), "unknown-option")
    assert_at(d, "s.yaml", (8, 3), word="`很满意`")


def test_positive_not_in_options(tmp_path):
    root = make_ws(tmp_path, {"s.yaml": SURVEY + "options: [满意, 不满意]\npositive: [满意, 很满意]\ncounts: {满意: 3}\n"})
    d = only(load(root), "unknown-option")
    assert_at(d, "s.yaml", pos(root, "s.yaml", "很满意"), word="positive")


def test_negative_count(tmp_path):
    root = make_ws(tmp_path, {"s.yaml": SURVEY + "counts: {满意: 3, 不满意: -2}\n"})
    d = only(load(root), "negative-count")
    assert_at(d, "s.yaml", value_pos(root, "s.yaml", "不满意: -2"), word="-2")


def test_count_that_is_no_whole_number(tmp_path):
    root = make_ws(tmp_path, {"s.yaml": SURVEY + "counts: {满意: 3.5}\n"})
    d = only(load(root), "bad-value")
    assert_at(d, "s.yaml", pos(root, "s.yaml", "3.5"), word="whole number")


@pytest.mark.parametrize("subject", ["zb9", "m999"])
def test_survey_unknown_subject(tmp_path, subject):
    root = make_ws(tmp_path, {"s.yaml": SURVEY.replace("subject: zb1", f"subject: {subject}") + "counts: {满意: 3}\n"})
    d = only(load(root), "unknown-subject")
    assert_at(d, "s.yaml", (4, 10), word=subject)


def test_survey_of_a_member_is_fine(tmp_path):
    root = make_ws(tmp_path, {"s.yaml": SURVEY.replace("subject: zb1", "subject: m101") + "counts: {满意: 3}\n"})
    clean(load(root))


def test_duplicate_survey_id(tmp_path):
    body = SURVEY + "counts: {满意: 3}\n"
    root = make_ws(tmp_path, {"s1.yaml": body, "s2.yaml": body})
    d = only(load(root), "duplicate-survey")
    assert_at(d, "s2.yaml", (2, 5))


def test_every_check_runs_without_the_others(tmp_path):
    # checks are plain functions: run just one of them
    from pingyi.checks.tree import check_secretaries

    root = make_ws(tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: nowhere}\n"})
    result = load(root, checks=[check_secretaries])
    assert codes(result) == ["no-secretary"], show(result)
