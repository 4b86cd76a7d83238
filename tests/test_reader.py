"""The reader (FORMAT §1): finding the workspace, which files are read, YAML read the
pingyi way (typed by the schema, strict about duplicates, tags and aliases, lenient about
Chinese commas), encodings, and where each reading problem is reported."""

from __future__ import annotations

from decimal import Decimal

import pytest

import pingyi
from pingyi.io.files import WorkspaceNotFound, discover, find_root
from pingyi.io.yaml import PingyiYAMLError, parse_bytes, parse_text
from wsfactory import (
    CONFIG,
    assert_at,
    clean,
    codes,
    find,
    load,
    make_ws,
    one,
    only,
    pos,
    show,
    value_pos,
)

BAD_PARENT = """\
kind: org
orgs:
  - {id: zz, name: 江城小组, type: group, parent: nope, secretary: m101}
"""


# ---------------------------------------------------------------------------- workspace


def test_clean_workspace_has_no_diagnostics(tmp_path):
    result = load(make_ws(tmp_path))
    clean(result)
    assert result.ok


def test_found_upwards_from_a_subfolder(tmp_path):
    root = make_ws(tmp_path, {"sub/deeper/a.yaml": BAD_PARENT})
    start = root / "sub" / "deeper"
    assert find_root(start) == root.resolve()
    result = load(start)
    d = one(result, "unknown-parent")
    # file names are relative to the root, not to the folder started from
    assert_at(d, "sub/deeper/a.yaml", value_pos(root, "sub/deeper/a.yaml", "parent: nope"))


def test_found_upwards_from_the_current_folder(tmp_path, monkeypatch):
    root = make_ws(tmp_path, {"sub/a.yaml": BAD_PARENT})
    monkeypatch.chdir(root / "sub")
    result = pingyi.load()
    assert result.workspace.root == root.resolve()
    assert [d.file for d in result.errors] == ["sub/a.yaml"]


def test_found_from_a_file_in_it(tmp_path):
    root = make_ws(tmp_path)
    assert find_root(root / "orgs.yaml") == root.resolve()


def test_no_workspace_raises_workspace_not_found(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(WorkspaceNotFound) as info:
        pingyi.load(tmp_path / "empty")
    assert "pingyi.yaml" in str(info.value) and "pingyi init" in str(info.value)


def test_hidden_and_excluded_folders_are_skipped(tmp_path):
    broken = "kind: [\n"
    root = make_ws(
        tmp_path,
        {
            ".git/x.yaml": broken,
            ".hidden/y.yaml": broken,
            ".secret.yaml": broken,
            "out/z.yaml": broken,
            "drafts/deep/w.yaml": broken,
            "notes.txt": broken,
            "readme.md": broken,
        },
        config=CONFIG + "exclude: [out, drafts]\n",
    )
    clean(load(root))
    assert discover(root, ["out", "drafts"]) == ["orgs.yaml"]


def test_excluded_folder_is_read_when_not_excluded(tmp_path):
    root = make_ws(tmp_path, {"out/z.yaml": "kind: [\n"})
    assert codes(load(root)) == ["yaml-syntax"]


def test_yml_files_are_read_too(tmp_path):
    root = make_ws(tmp_path, {"b.yml": BAD_PARENT})
    d = one(load(root), "unknown-parent", "error")
    assert_at(d, "b.yml", value_pos(root, "b.yml", "parent: nope"))


def test_several_documents_in_one_file(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "more.yaml": """\
                kind: org
                orgs:
                  - {id: zb3, name: 第三党支部, type: branch, parent: dw, secretary: m301, members: [{id: m301, name: 甲}]}
                ---
                # the second document
                kind: org
                orgs:
                  - {id: zb4, name: 第四党支部, type: branch, parent: nope, secretary: m301}
                ---
                kind: commitments
                year: 2024
                items:
                  - {owner: zb4, type: basic, text: 承诺}
                """
        },
    )
    result = load(root)
    d = only(result, "unknown-parent")
    assert_at(d, "more.yaml", value_pos(root, "more.yaml", "parent: nope"))
    ws = result.workspace
    assert {"zb3", "zb4"} <= set(ws.orgs)
    assert ws.members["m301"].org == "zb3"
    assert len(ws.commitments) == 1 and ws.commitments[0].loc.doc == 2


def test_documents_positions_in_the_third_document(tmp_path):
    body = "kind: org\norgs: []\n---\nkind: org\norgs: []\n---\nkind: orgg\n"
    root = make_ws(tmp_path, {"a.yaml": body})
    d = only(load(root), "unknown-kind")
    assert_at(d, "a.yaml", (7, 7))


def test_the_tool_never_depends_on_file_names(tmp_path):
    a = load(make_ws(tmp_path, {"rounds/x.yaml": BAD_PARENT}, sub="a"))
    b = load(make_ws(tmp_path, {"随便/名字.yml": BAD_PARENT}, sub="b"))
    assert codes(a) == codes(b) == ["unknown-parent"]


# ---------------------------------------------------------------------------- kind


def test_missing_kind_points_at_the_document(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "# 组织\norgs: []\n"})
    d = only(load(root), "missing-kind")
    assert_at(d, "a.yaml", (2, 1), word="kind")


def test_unknown_kind_points_at_the_value_with_did_you_mean(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "kind: scroes\norg: zb1\n"})
    d = only(load(root), "unknown-kind")
    assert_at(d, "a.yaml", (1, 7), word="did you mean `scores`")


def test_kind_dispatch_gives_each_kind_its_model(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "r.yaml": "kind: round\nid: r1\nname: 第一轮\nmethod: leader\nstart: 2024-01-01\nend: 2024-12-31\n",
            "c.yaml": "kind: commitments\nyear: 2024\nitems: []\n",
            "s.yaml": "kind: survey\nid: s1\nname: 测评\nsubject: zb1\ndate: 2024-05-01\ncounts: {满意: 1}\n",
        },
    )
    result = load(root)
    clean(result)
    ws = result.workspace
    assert [d.model.id for d in ws.rounds] == ["r1"]
    assert len(ws.commitments) == 1 and [d.model.id for d in ws.surveys] == ["s1"]


@pytest.mark.parametrize(
    ("body", "word"),
    [("- kind: org\n- orgs: []\n", "a list"), ("just words\n", "`just words`"), ("42\n", "`42`")],
)
def test_a_document_that_is_no_mapping(tmp_path, body, word):
    root = make_ws(tmp_path, {"a.yaml": body})
    d = only(load(root), "not-a-document")
    assert_at(d, "a.yaml", (1, 1), word=word)


def test_empty_file_is_a_warning(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "", "b.yaml": "# 只有注释\n\n", "c.yaml": "---\n...\n"})
    result = load(root)
    assert result.ok
    warnings = find(result, "empty-file")
    assert [(d.file, d.line, d.column) for d in warnings] == [("a.yaml", 1, 1), ("b.yaml", 1, 1), ("c.yaml", 1, 1)]
    assert all(d.severity == "warning" for d in warnings)


def test_empty_document_among_others_is_skipped(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "---\n---\nkind: commitments\nyear: 2024\n"})
    clean(load(root))


# ---------------------------------------------------------------------------- typing


def test_ids_names_and_numbers_are_typed_by_the_schema(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "o.yaml": """\
                kind: org
                orgs:
                  - id: 0012
                    name: no
                    type: branch
                    parent: dw
                    secretary: 1e3
                    members:
                      - {id: 1e3, name: yes}
                      - {id: 007, name: on}
                      - {id: 1_000, name: null 先生}
                      - {id: 0x1F, name: 2024-01-01}
                """
        },
    )
    result = load(root)
    clean(result)
    ws = result.workspace
    assert "0012" in ws.orgs and ws.orgs["0012"].name == "no"
    assert ws.orgs["0012"].secretary == "1e3"
    assert [(m.id, m.name) for m in ws.members_of("0012")] == [
        ("1e3", "yes"),
        ("007", "on"),
        ("1_000", "null 先生"),
        ("0x1F", "2024-01-01"),
    ]


def test_numbers_are_exact_decimals(tmp_path):
    root = make_ws(
        tmp_path,
        {"rules.yaml": "kind: rules\nweights: {monthly: 0.7, democratic: 0.3}\nquarter_star: {share: 0.1}\n"},
        config=CONFIG + "rules: rules.yaml\n",
    )
    result = load(root)
    clean(result)
    weights = result.workspace.rules.weights
    assert weights.monthly == Decimal("0.7") and isinstance(weights.monthly, Decimal)
    assert weights.monthly + weights.democratic == 1
    assert result.workspace.rules.quarter_star.share == Decimal("0.1")


def test_parse_text_keeps_every_plain_scalar_a_string():
    (doc,) = parse_text("a: 0012\nb: no\nc: 0.8\nd: 1e3\ne: 2024-01-05\nf: true\ng: ~\nh:\ni: null\nj: '0.8'\n")
    assert doc == {
        "a": "0012",
        "b": "no",
        "c": "0.8",
        "d": "1e3",
        "e": "2024-01-05",
        "f": "true",
        "g": None,
        "h": None,
        "i": None,
        "j": "0.8",
    }


def test_a_date_is_a_date_only_where_the_schema_wants_one(tmp_path):
    root = make_ws(
        tmp_path,
        {"c.yaml": "kind: commitments\nyear: 2024\nitems:\n  - {owner: zb1, type: basic, text: 2024-03-01, made: 2024-03-01}\n"},
    )
    result = load(root)
    clean(result)
    item = result.workspace.commitments[0].model.items[0]
    assert item.text == "2024-03-01" and str(item.made) == "2024-03-01" and item.made.year == 2024


def test_bad_date_points_at_the_value(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "c.yaml": "kind: commitments\nyear: 2024\nitems:\n  - owner: zb1\n    type: basic\n    text: 承诺\n    made: 2024-02-30\n"
        },
    )
    d = only(load(root), "bad-value")
    assert_at(d, "c.yaml", value_pos(root, "c.yaml", "made: 2024-02-30"), word="2024-02-30")


# ---------------------------------------------------------------------------- encodings

ORG_WITH_CHINESE = "kind: org\norgs:\n  - {id: zz, name: 江城小组, type: group, parent: nope, secretary: m101}\n"


def test_utf8_with_bom_is_accepted_and_positions_are_unchanged(tmp_path):
    plain = load(make_ws(tmp_path, {"a.yaml": ORG_WITH_CHINESE.encode("utf-8")}, sub="plain"))
    bom = load(make_ws(tmp_path, {"a.yaml": ORG_WITH_CHINESE.encode("utf-8-sig")}, sub="bom"))
    d_plain, d_bom = only(plain, "unknown-parent"), only(bom, "unknown-parent")
    assert (d_bom.file, d_bom.line, d_bom.column) == (d_plain.file, d_plain.line, d_plain.column) == ("a.yaml", 3, 47)


def test_bom_on_pingyi_yaml_too(tmp_path):
    root = make_ws(tmp_path, config=CONFIG.encode("utf-8-sig"))
    clean(load(root))


def test_gbk_file_is_an_encoding_error_naming_the_file_and_iconv(tmp_path):
    root = make_ws(tmp_path, {"orgs/gbk.yaml": ORG_WITH_CHINESE.encode("gbk")})
    result = load(root)
    d = only(result, "encoding")
    assert d.file == "orgs/gbk.yaml"
    assert "iconv" in d.message and "UTF-8" in d.message and "GB" in d.message
    # the first byte that is not UTF-8: the 江 of 江城小组 on line 3
    assert (d.line, d.column) == (3, 20)
    assert d.format().startswith("orgs/gbk.yaml:3:20: 错误：")
    assert d.format("en").startswith("orgs/gbk.yaml:3:20: error: ")
    # the rest of the workspace is still read
    assert "dw" in result.workspace.orgs


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_the_column_of_a_bad_byte_counts_characters(tmp_path, bom):
    # a file mostly UTF-8 with one GBK word pasted in: the column is in characters, as an
    # editor shows it, and a byte-order mark does not shift it
    data = bom + "kind: org\norgs:\n  - {id: zz, name: 江城".encode() + "党委".encode("gbk") + b"}\n"
    d = only(load(make_ws(tmp_path, {"a.yaml": data})), "encoding")
    assert_at(d, "a.yaml", (3, 22))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_an_encoding_error(tmp_path, codec):
    root = make_ws(tmp_path, {"a.yaml": ORG_WITH_CHINESE.encode(codec)})
    d = only(load(root), "encoding")
    assert d.file == "a.yaml" and d.line == 1 and d.column == 1
    assert "UTF-16" in d.message and "UTF-8" in d.message


def test_control_character_is_located(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "kind: org\norgs:\n  - {id: 江城\x01, name: x}\n".encode()})
    d = only(load(root), "encoding")
    assert_at(d, "a.yaml", (3, 12), word="U+0001")


# ---------------------------------------------------------------------------- YAML problems


def test_duplicate_key_is_an_error_at_the_second_key(tmp_path):
    root = make_ws(
        tmp_path,
        {"a.yaml": "kind: org\norgs:\n  - id: zz\n    name: 甲\n    type: group\n    parent: zb1\n    name: 乙\n"},
    )
    d = only(load(root), "duplicate-key")
    assert_at(d, "a.yaml", (7, 5), word="`name`")


def test_duplicate_key_in_a_flow_mapping(tmp_path):
    root = make_ws(
        tmp_path, {"a.yaml": "kind: survey\nid: s\nname: s\nsubject: zb1\ndate: 2024-01-01\ncounts: {满意: 1, 满意: 2}\n"}
    )
    d = only(load(root), "duplicate-key")
    assert_at(d, "a.yaml", pos(root, "a.yaml", "满意", 2), word="满意")


def test_duplicate_top_level_key(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "kind: org\norgs: []\nkind: org\n"})
    d = only(load(root), "duplicate-key")
    assert_at(d, "a.yaml", (3, 1))


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("kind: org\norgs:\n\t- id: x\n", (3, 1)),
        ("kind: org\norgs:\n  - id: x\n\tname: y\n", (4, 1)),
        ("kind: org\norgs:\n  - id: x\n  \tname: y\n", (4, 3)),
    ],
)
def test_tab_indentation_has_a_clear_message(tmp_path, body, where):
    root = make_ws(tmp_path, {"a.yaml": body})
    d = only(load(root), "yaml-tab")
    assert_at(d, "a.yaml", where, word="tab")
    assert "spaces" in d.message_in("en") and "空格" in d.message


@pytest.mark.parametrize(
    ("body", "where", "word"),
    [
        ("kind: org\norgs:\n  - id: x1\n    name: y: z\n", (4, 12), "put the value in quotes: `name: 'y: z'`"),
        ("kind: org\norgs:\n  - id: x1\n   name: y\n", (4, 4), "the indentation of line 4"),
        # an unclosed bracket or quote: at the place it was opened, not at the end of the file
        ("kind: org\norgs: [{id: a, name: b\n", (2, 8), "a `{` is not closed by `}`"),
        ("kind: org\norgs:\n  - id: x1\n    name: 'abc\n", (4, 11), "starting with ' is not closed"),
    ],
)
def test_yaml_syntax_error_position(tmp_path, body, where, word):
    root = make_ws(tmp_path, {"a.yaml": body})
    d = only(load(root), "yaml-syntax")
    assert_at(d, "a.yaml", where, word=word)
    assert "\n" not in d.message


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("kind: org\norgs:\n  - id: zb3\n    name：三\n    type: branch\n", (4, 9)),
        ("kind：org\norgs: []\n", (1, 5)),
    ],
)
def test_a_full_width_colon_after_a_key_is_named(tmp_path, body, where):
    root = make_ws(tmp_path, {"a.yaml": body})
    d = only(load(root), "yaml-syntax")
    assert_at(d, "a.yaml", where, word="full-width colon")


def test_a_full_width_colon_in_a_flow_mapping_is_named(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "kind: org\norgs:\n  - {id: zb3, name：三, type: branch, parent: dw, secretary: m101}\n"})
    d = one(load(root), "unknown-key")
    assert_at(d, "a.yaml", pos(root, "a.yaml", "name：三"), word="full-width colon")


def test_a_key_without_its_colon_is_pointed_at(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "kind: org\norgs:\n  - id: zb3   # 注释：说明\n    name 三\n"})
    d = only(load(root), "yaml-syntax")
    assert_at(d, "a.yaml", (4, 5), word="a colon (and a space after it) is missing")
    assert "缺少冒号" in d.message


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!float 0.8", "float"),
        ("!!int 3", "int"),
        ("!!binary aGVsbG8=", "binary"),
        ("!python/object/apply:os.system [echo hi]", "python/object/apply:os.system"),
        ("!custom x", "!custom"),
    ],
)
def test_explicit_tags_are_refused(tmp_path, value, tag):
    root = make_ws(
        tmp_path, {"a.yaml": f"kind: survey\nid: s\nname: {value}\nsubject: zb1\ndate: 2024-01-01\ncounts: {{满意: 1}}\n"}
    )
    d = only(load(root), "yaml-tag")
    assert_at(d, "a.yaml", (3, 7), word=tag)


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused(tmp_path):
    root = make_ws(tmp_path, {"bomb.yaml": BILLION_LAUGHS})
    result = load(root)  # returns at once: the expansion is never built or walked
    d = only(result, "yaml-alias")
    assert d.file == "bomb.yaml" and d.line == 1 and d.column == 1
    assert "alias" in d.message_in("en")


def test_billion_laughs_in_parse_bytes():
    with pytest.raises(PingyiYAMLError) as info:
        parse_bytes(BILLION_LAUGHS.encode())
    assert info.value.code == "yaml-alias"


def test_a_small_alias_is_fine(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "a.yaml": "kind: scores\norg: zb1\nmonth: 2024-01\nscores:\n  m101: &full [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]\n  m102: *full\n"
        },
    )
    result = load(root)
    assert result.ok, show(result)
    assert result.workspace.scores[0].model.scores["m102"] == [10] * 10


def test_recursive_alias_does_not_hang(tmp_path):
    root = make_ws(tmp_path, {"a.yaml": "a: &x [*x]\n"})
    result = load(root)
    assert not result.ok


# ---------------------------------------------------------------------------- leniency and keys


def test_flow_mapping_keeps_a_chinese_sentence_with_ascii_commas(tmp_path):
    # FORMAT §7's own example: `{member: m104, stars: 8, reason: 年老体弱,按日常表现直接评定}`
    root = make_ws(
        tmp_path,
        {
            "ratings.yaml": """\
                kind: ratings
                year: 2024
                items:
                  - {member: m103, stars: 8, reason: 年老体弱,按日常表现直接评定}
                  - {member: m102, reason: 甲,乙,丙, stars: 9}
                """
        },
    )
    result = load(root)
    assert result.ok, show(result)
    items = result.workspace.ratings[0].model.items
    assert items[0].reason == "年老体弱,按日常表现直接评定" and items[0].stars == 8
    assert items[1].reason == "甲,乙,丙" and items[1].stars == 9


def test_the_comma_leniency_does_not_swallow_real_keys():
    (doc,) = parse_text("{a: 年老体弱, b: 2}")
    assert doc == {"a": "年老体弱", "b": "2"}
    (doc,) = parse_text("{a: '甲', 乙}")  # a quoted value is not prose to continue
    assert doc == {"a": "甲", "乙": None}


def test_x_keys_are_ignored_at_every_level(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "o.yaml": """\
                kind: org
                x-note: 顶层备注
                orgs:
                  - id: zb3
                    x-来源: 组织部文件
                    name: 第三党支部
                    type: branch
                    parent: dw
                    secretary: m301
                    members:
                      - {id: m301, name: 甲, x-phone: 123}
                """,
            "s.yaml": """\
                kind: scores
                org: zb3
                month: 2024-01
                scores:
                  x-comment: 本月补录
                  m301: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
                """,
            "survey.yaml": """\
                kind: survey
                id: s1
                name: 测评
                subject: zb3
                date: 2024-05-01
                counts: {满意: 3, x-备注: 说明}
                """,
            "rules.yaml": """\
                kind: rules
                x-version: 2
                weights: {monthly: 0.8, democratic: 0.2, x-why: 文件规定}
                adjustments:
                  x-note: 见文件
                  award: {city: 3, x-src: 市委}
                """,
        },
        config=CONFIG + "rules: rules.yaml\nx-owner: 组织部\n",
    )
    result = load(root, year=2023)  # no missing-month warnings for 2024
    clean(result)
    ws = result.workspace
    assert list(ws.scores[0].model.scores) == ["m301"]
    assert dict(ws.surveys[0].model.counts) == {"满意": 3}


def test_unknown_key_is_an_error_at_the_key_with_did_you_mean(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "r.yaml": """\
                kind: round
                id: r1
                name: 第一轮
                method: leader
                start: 2024-01-01
                end: 2024-12-31
                reviews:
                  - reviewer: m001
                    subjet: zb1
                    date: 2024-01-05
                """
        },
    )
    result = load(root)
    d = one(result, "unknown-key", "error")
    assert_at(d, "r.yaml", pos(root, "r.yaml", "subjet"), word="did you mean `subject`")
    assert "x-" in d.message
    # the key it was meant to be is then missing: one slip, one error
    assert [x.code for x in result.errors] == ["unknown-key"]


def test_unknown_top_level_key(tmp_path):
    root = make_ws(tmp_path, {"c.yaml": "kind: commitments\nyear: 2024\niterms: []\n"})
    d = only(load(root), "unknown-key")
    assert_at(d, "c.yaml", (3, 1), word="did you mean `items`")


def test_a_typo_in_one_entry_does_not_drop_the_others(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "o.yaml": """\
                kind: org
                orgs:
                  - {id: zb3, name: 三, type: branch, parent: dw, secretary: m301, members: [{id: m301, name: 甲}]}
                  - {id: zb4, name: 四, type: brunch, parent: dw, secretary: m301}
                """
        },
    )
    result = load(root)
    d = only(result, "bad-value")
    assert_at(d, "o.yaml", pos(root, "o.yaml", "brunch"), word="brunch")
    assert "zb3" in result.workspace.orgs


# ---------------------------------------------------------------------------- pingyi.yaml


def test_pingyi_yaml_missing_name(tmp_path):
    root = make_ws(tmp_path, config="pingyi: 1\nyear: 2024\n")
    d = only(load(root), "missing-key")
    assert_at(d, "pingyi.yaml", (1, 1), word="name")


def test_pingyi_yaml_unknown_key(tmp_path):
    root = make_ws(tmp_path, config="pingyi: 1\nname: 测试\nyaer: 2024\n")
    d = only(load(root), "unknown-key")
    assert_at(d, "pingyi.yaml", (3, 1), word="did you mean `year`")


def test_pingyi_yaml_wrong_format_version(tmp_path):
    root = make_ws(tmp_path, config="pingyi: 2\nname: 测试\nyear: 2024\n")
    d = only(load(root), "format-version")
    assert_at(d, "pingyi.yaml", (1, 9), word="version")


def test_pingyi_yaml_bad_lang(tmp_path):
    root = make_ws(tmp_path, config=CONFIG + "lang: fr\n")
    d = only(load(root), "bad-value")
    assert_at(d, "pingyi.yaml", (4, 7), word="fr")


def test_pingyi_yaml_broken_yaml(tmp_path):
    root = make_ws(tmp_path, config="pingyi: 1\nname: [测试\n")
    result = load(root)
    d = only(result, "yaml-syntax")
    assert d.file == "pingyi.yaml"


def test_pingyi_yaml_that_is_a_list(tmp_path):
    root = make_ws(tmp_path, config="- pingyi: 1\n")
    d = only(load(root), "bad-workspace-file")
    assert d.file == "pingyi.yaml" and d.line == 1


def test_pingyi_yaml_year_and_name_are_used(tmp_path):
    root = make_ws(tmp_path, config="pingyi: 1\nname: 江城\nyear: 2023\nlang: en\n")
    ws = load(root).workspace
    assert (ws.name, ws.year, ws.lang) == ("江城", 2023, "en")
    assert load(root, year=2022).workspace.year == 2022
