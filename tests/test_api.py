"""The Python API: `pingyi.load` and the indexed Workspace, diagnostics as values, and the
safe file writer."""

from __future__ import annotations

import os

import pytest

import pingyi
from pingyi.diagnostics import Diagnostic, Loc, Severity, error, warning
from pingyi.io.write import FileExists, write_atomic
from wsfactory import make_ws, show

TREE = """\
kind: org
orgs:
  - id: dw
    name: 测试党委
    type: committee
    secretary: m001
    members:
      - {id: m001, name: 张书记}
  - id: zz
    name: 党总支
    type: general_branch
    parent: dw
    secretary: m101
  - id: zb1
    name: 第一党支部
    type: branch
    parent: zz
    secretary: m101
    members:
      - {id: m101, name: 王支书}
      - {id: m102, name: 赵党员, status: exempt}
  - id: g1
    name: 第一党小组
    type: group
    parent: zb1
    secretary: m102
  - id: zb2
    name: 第二党支部
    type: branch
    parent: dw
    secretary: m201
    members:
      - {id: m201, name: 周支书, status: probationary}
"""


@pytest.fixture
def ws_root(tmp_path):
    return make_ws(
        tmp_path,
        {
            "orgs.yaml": TREE,
            "ratings.yaml": "kind: ratings\nyear: 2024\nitems:\n  - {member: m102, stars: 8, reason: 年老体弱,直接评定}\n",
        },
    )


def test_load_returns_the_workspace_and_its_diagnostics(ws_root):
    result = pingyi.load(ws_root, cache=False)
    assert isinstance(result, pingyi.LoadResult)
    assert isinstance(result.workspace, pingyi.Workspace)
    assert result.diagnostics == [] and result.ok, show(result)
    assert result.errors == [] and result.warnings == []


def test_result_ok_is_false_with_errors_and_true_with_warnings(tmp_path):
    broken = make_ws(
        tmp_path,
        {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: nowhere, secretary: m101}\n"},
        sub="a",
    )
    result = pingyi.load(broken, cache=False)
    assert not result.ok and len(result.errors) == 1 and result.warnings == []
    d = result.errors[0]
    assert isinstance(d, pingyi.Diagnostic) and d.severity is pingyi.Severity.ERROR and d.is_error
    assert (d.file, d.line, d.column, d.code) == ("z.yaml", 3, 46, "unknown-parent")

    warned = make_ws(tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: dw}\n"}, sub="b")
    result = pingyi.load(warned, cache=False)
    assert result.ok and [d.code for d in result.warnings] == ["no-secretary"]


def test_load_never_raises_on_garbage(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": b"\xff\xfe\x00garbage", "b.yaml": "{[}]", "c.yaml": "kind: org\norgs: 5\n"})
    result = pingyi.load(root, cache=False)
    assert {d.file for d in result.errors} == {"a.yaml", "b.yaml", "c.yaml"}
    assert all(d.line and d.column for d in result.diagnostics)


def test_subtree(ws_root):
    ws = pingyi.load(ws_root, cache=False).workspace
    assert ws.subtree("dw") == ["dw", "zz", "zb1", "g1", "zb2"]
    assert ws.subtree("zb1") == ["zb1", "g1"]
    assert ws.subtree("g1") == ["g1"]
    assert ws.subtree("nowhere") == []
    assert ws.roots == ["dw"]


def test_members_of(ws_root):
    ws = pingyi.load(ws_root, cache=False).workspace
    assert [m.id for m in ws.members_of("dw")] == ["m001", "m101", "m102", "m201"]
    assert [m.id for m in ws.members_of("dw", recursive=False)] == ["m001"]
    assert [m.id for m in ws.members_of("zz")] == ["m101", "m102"]
    assert ws.members_of("g1") == []
    m = ws.members["m102"]
    assert isinstance(m, pingyi.Member) and m.org == "zb1" and not m.scored
    assert ws.members["m201"].scored  # probationary members are scored


def test_tree_navigation(ws_root):
    ws = pingyi.load(ws_root, cache=False).workspace
    assert ws.ancestors("g1") == ["zb1", "zz", "dw"]
    assert ws.org_path("g1") == ["dw", "zz", "zb1", "g1"]
    assert ws.orgs["zb1"].leaders == ("m101",)
    assert ws.name_of("zb1") == "第一党支部" and ws.name_of("m101") == "王支书" and ws.name_of("x") == "x"
    assert ws.exists("zb2") and ws.exists("m201") and not ws.exists("m999")
    assert isinstance(ws.orgs["dw"], pingyi.Org)


def test_every_record_remembers_where_it_stands(ws_root):
    ws = pingyi.load(ws_root, cache=False).workspace
    assert ws.orgs["zb1"].loc == Loc("orgs.yaml", 0, ("orgs", 2))
    assert ws.members["m102"].loc == Loc("orgs.yaml", 0, ("orgs", 2, "members", 1))
    assert ws.ratings[0].loc == Loc("ratings.yaml", 0)


def test_workspace_is_found_from_a_subfolder(ws_root):
    (ws_root / "deep" / "er").mkdir(parents=True)
    assert pingyi.load(ws_root / "deep" / "er", cache=False).workspace.root == ws_root.resolve()
    assert pingyi.find_root(ws_root / "deep") == ws_root.resolve()


def test_no_workspace_raises(tmp_path):
    with pytest.raises(pingyi.WorkspaceNotFound):
        pingyi.load(tmp_path, cache=False)


def test_load_with_a_year_and_as_of(ws_root):
    import datetime as dt

    result = pingyi.load(ws_root, year=2023, as_of=dt.date(2024, 2, 1), cache=False)
    ws = result.workspace
    assert ws.year == 2023 and ws.today == dt.date(2024, 2, 1)
    # no scores are kept, so no points warnings (an exempt member unrated for 2023 included)
    assert result.warnings == []


def test_load_with_the_cache_gives_the_same_result(ws_root, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the cache's key stays out of $HOME
    first = pingyi.load(ws_root)
    second = pingyi.load(ws_root)
    assert [d.format() for d in first.diagnostics] == [d.format() for d in second.diagnostics]
    assert second.workspace.members.keys() == pingyi.load(ws_root, cache=False).workspace.members.keys()


def test_five_lines_of_script(ws_root):
    result = pingyi.load(ws_root, cache=False)
    ws = result.workspace
    counts = {org: len(ws.members_of(org)) for org in ws.subtree("dw")}
    assert counts == {"dw": 4, "zz": 2, "zb1": 2, "g1": 0, "zb2": 1}


# ---------------------------------------------------------------------------- diagnostics


def test_diagnostic_text_and_json_forms():
    d = error("unknown-parent", Loc("orgs/a.yaml", 0, ("orgs", 1, "parent")), parent="x").located(12, 14)
    english = "the parent `x` is no org of this workspace; check the id"
    assert d.format("en") == f"orgs/a.yaml:12:14: error: {english}"
    assert d.as_dict("en") == {
        "file": "orgs/a.yaml",
        "line": 12,
        "column": 14,
        "message": english,
        "code": "unknown-parent",
        "severity": "error",
    }
    assert d.message_in("zh") != english and "`x`" in d.message_in("zh")  # the same diagnostic, said in Chinese
    w = warning("empty-file", Loc("b.yaml")).located(3, 1)
    assert w.format("en") == "b.yaml:3:1: warning: the file holds no document; fill it in or delete it"
    assert w.severity is Severity.WARNING and not w.is_error
    assert isinstance(d, Diagnostic)


def test_a_diagnostic_carries_values_not_a_sentence():
    with pytest.raises(TypeError):
        error("x", "a sentence", Loc("a.yaml"))  # type: ignore[arg-type, misc]


def test_diagnostics_are_immutable():
    d = error("empty-file", Loc("a.yaml"))
    with pytest.raises(AttributeError):
        d.code = "z"  # type: ignore[misc]


# ---------------------------------------------------------------------------- atomic writes


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")]


def test_write_atomic_writes_new_files(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    write_atomic(target, "评议\n")
    assert target.read_bytes() == "评议\n".encode()
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "sub") == []


def test_write_atomic_refuses_to_overwrite_and_leaves_the_original(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"original bytes")
    with pytest.raises(FileExists) as info:
        write_atomic(target, b"new bytes")
    assert "--force" in str(info.value)
    assert target.read_bytes() == b"original bytes"
    assert _leftovers(tmp_path) == []


def test_write_atomic_overwrites_when_told(tmp_path):
    target = tmp_path / "a.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["a.json"]


def test_write_atomic_leaves_nothing_when_writing_fails(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "x.txt", b"data")
    assert os.listdir(tmp_path) == []
