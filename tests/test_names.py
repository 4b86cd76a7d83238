"""People and orgs by name (issue 12.6) and the workspace's shared answers: org of,
describe, walk, tree order, scored members."""

from __future__ import annotations

import json

import pytest

import pingyi
from pingyi.selection import SelectionError, resolve_member, resolve_org
from wsfactory import ROUND_H1, TREE, build, workspace

TWINS = TREE.replace("{id: m202, name: 吴党员}", "{id: m202, name: 钱党员}")  # m102 and m202 share a name


def test_an_exact_name_stands_for_the_id(tmp_path):
    ws = workspace(build(tmp_path))
    assert resolve_org(ws, "第三党支部") == "zb3"
    assert resolve_org(ws, " zb3 ") == "zb3"
    assert resolve_member(ws, "冯支书") == "m301"


def test_an_ambiguous_name_lists_the_ids(tmp_path):
    ws = workspace(build(tmp_path, tree=TWINS))
    with pytest.raises(SelectionError) as exc:
        resolve_member(ws, "钱党员", "--owner")
    assert exc.value.code == "option-ambiguous-member" and exc.value.option == "--owner"
    assert "m102 (钱党员)" in exc.value.message_in("zh") and "m202 (钱党员)" in exc.value.message_in("zh")


@pytest.mark.parametrize(
    ("resolver", "typo", "meant"),
    [
        (resolve_member, "m3O1", "m301 (冯支书)"),
        (resolve_member, "M302", "m302 (陈组长)"),
        (resolve_org, "第三党之部", "zb3 (第三党支部)"),
    ],
)
def test_unknown_gets_did_you_mean(tmp_path, resolver, typo, meant):
    ws = workspace(build(tmp_path))
    with pytest.raises(SelectionError) as exc:
        resolver(ws, typo)
    assert f"Did you mean {meant}" in exc.value.message_in("en")


def test_nothing_close_says_so(tmp_path):
    with pytest.raises(SelectionError) as exc:
        resolve_org(workspace(build(tmp_path)), "完全不像的名字")
    assert exc.value.message_key == "option-unknown-org-nothing-close"


def test_the_wrong_kind_is_named(tmp_path):
    with pytest.raises(SelectionError) as exc:
        resolve_org(workspace(build(tmp_path)), "冯支书")
    assert exc.value.code == "option-not-an-org" and "m301 (冯支书)" in exc.value.message_in("en")


def test_commands_take_names(cli, tmp_path):
    root = build(
        tmp_path,
        rounds=[
            ROUND_H1.replace(
                "reviewer: m201\n    subject: m202",
                "reviewer: m201\n    subject: m202\n    problems:\n      - {problem: 问题, owner: m202}",
            )
        ],
    )
    by_id = json.loads(cli("coverage", "-w", root, "--format", "json", "--org", "zz").stdout)
    by_name = json.loads(cli("coverage", "-w", root, "--format", "json", "--org", "测试党总支").stdout)
    assert by_id == by_name and by_id["scope"] == "zz"
    owner = json.loads(cli("rectify", "-w", root, "--format", "json", "--owner", "吴党员").stdout)
    assert [i["owner"] for i in owner["items"]] == ["m202"]
    assert json.loads(cli("commitments", "-w", root, "--format", "json", "--org", "第一党支部").stdout)["scope"] == "zb1"
    typo = cli("rectify", "-w", root, "--owner", "m2O2")
    assert typo.exit_code == 2 and "m202 (吴党员)" in typo.stderr and "您要找的是不是" in typo.stderr


def test_workspace_answers(tmp_path):
    ws = workspace(build(tmp_path))
    assert ws.org_of("m203") == "zb2" and ws.org_of("zb2") == "zb2" and ws.org_of("nobody") is None
    assert ws.describe("m203") == "郑预备 (m203)" and ws.describe("nobody") == "nobody"
    assert ws.walk("zz") == [("zz", 0), ("zb1", 1), ("zb2", 1)]
    assert ws.tree_order() == ["dw", "zz", "zb1", "zb2", "zb3", "g1", "zb4"]  # as written, depth first
    assert [m.id for m in ws.scored_members("zb1")] == ["m101", "m102", "m104"]  # m103 exempt


def test_own_member_ids_is_the_membership_computed_once(tmp_path):
    ws = workspace(build(tmp_path))
    own = ws.own_member_ids
    assert own["zb1"] == {"m101", "m102", "m103", "m104"} and "g1" not in own  # g1 holds no one
    assert dict(own) == {
        o: frozenset(m.id for m in ws.members_of(o, recursive=False)) for o in ws.orgs if ws.members_of(o, recursive=False)
    }
    assert ws.own_member_ids is own  # once, on first use
    assert not hasattr(ws, "memo")  # the checks keep nothing on the workspace (there is no stash)


def test_orgs_in_order_ends_with_the_orgs_no_root_reaches(tmp_path):
    cycle = (
        TREE.rstrip("\n")
        + "\n  - {id: c1, name: 环一, type: branch, parent: c2}\n  - {id: c2, name: 环二, type: branch, parent: c1}\n"
    )
    ws = pingyi.load(build(tmp_path, tree=cycle)).workspace
    assert "c1" not in ws.tree_order()
    assert ws.orgs_in_order() == [*ws.tree_order(), "c1", "c2"]


def test_tree_order_is_the_written_order_not_the_ids(tmp_path, cli):
    swapped = TREE.replace("  - id: zb3\n", "  - id: aa3\n").replace("parent: zb3", "parent: aa3")
    root = build(tmp_path, tree=swapped)
    ws = workspace(root)
    assert ws.tree_order().index("aa3") > ws.tree_order().index("zb2")
    data = json.loads(cli("coverage", "-w", root, "--format", "json").stdout)
    assert [o["id"] for o in data["by_org"]] == ws.tree_order()
