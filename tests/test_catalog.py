"""The message catalog: complete, without duplicates, with the same placeholders in both
languages; and every diagnostic of a broken workspace said in Chinese by default and in
English on request."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from string import Formatter

import pytest

from pingyi.diagnostics import Diagnostic
from pingyi.i18n import gettext, use_lang
from pingyi.i18n.catalog import problems
from pingyi.messages import DUPLICATES, MESSAGES, OWNERS
from pingyi.render.diagnostics import render_json, summary_line
from wsfactory import CONFIG, EXAMPLE, load, make_ws, run

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTED = re.compile(r"`[^`]*`")


def test_the_catalog_has_no_problems():
    """Every id is catalogued, translated, used, in one domain file, compiled: a message
    without its Chinese, or an entry nothing uses any more, fails here."""
    assert problems() == []


def test_the_core_domain_has_no_problems():
    assert [p for p in problems() if "core.po" in p or "core.mo" in p] == []


def test_no_message_key_is_registered_twice():
    assert DUPLICATES == []


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_a_translation_has_the_placeholders_of_its_template(key):
    template = MESSAGES[key]
    translated = gettext(template, "zh")
    assert translated != template or not re.search("[A-Za-z]{3}", template), f"{key} has no Chinese"
    assert _placeholders(translated) == _placeholders(template), (key, translated)


# ---------------------------------------------------------------------------- a corpus of mistakes

RULES_CONFIG = CONFIG + "rules: rules.yaml\n"
GOOD_ORG = "kind: org\norgs:\n  - {id: zb9, name: 九, type: branch, parent: dw, secretary: m101}\n"

#: One workspace per broken file: its name → (files, pingyi.yaml or None).
BROKEN: dict[str, tuple[dict[str, str | bytes], str | None]] = {
    "invisible": ({"a.yaml": 'kind: org\norgs:\n  - id: x1\n    name: "张\\u200b书记"\n    type: branch\n'}, None),
    "tab": ({"a.yaml": "kind: org\norgs:\n\t- id: x\n"}, None),
    "fullwidth-colon": ({"a.yaml": "kind: org\norgs:\n  - id: zb3\n    name：三\n    type: branch\n"}, None),
    "colon-space": ({"a.yaml": "kind: org\norgs:\n  - id: x1\nname:张三\n  x: 1\n"}, None),
    "indent": ({"a.yaml": "kind: org\norgs:\n  - id: x1\n   name: y\n"}, None),
    "list-indent": ({"a.yaml": "kind: org\norgs:\n  - id: x1\n    members:\n      - {id: a}\n     - {id: b}\n"}, None),
    "missing-colon": ({"a.yaml": "kind: org\norgs:\n  - id: zb3\n    name 三\n"}, None),
    "bracket": ({"a.yaml": "kind: org\norgs: [{id: a, name: b\n"}, None),
    "quote": ({"a.yaml": "kind: org\norgs:\n  - id: x1\n    name: '三\n"}, None),
    "escape": ({"a.yaml": 'kind: org\nname: "D:\\q三"\n'}, None),
    "reserved": ({"a.yaml": "kind: org\nname: @三\n"}, None),
    "stray": ({"a.yaml": "[a]\nb: 1\n"}, None),
    "colon-in-value": ({"a.yaml": "kind: org\norgs:\n  - id: x1\n    name: 三: 四\n"}, None),
    "syntax": ({"a.yaml": "kind: org\nx: *nope\n"}, None),
    "key": ({"a.yaml": "kind: org\n? [a]\n: 1\n"}, None),
    "duplicate-key": ({"a.yaml": "kind: org\nkind: org\n"}, None),
    "tag": ({"a.yaml": "kind: org\nname: !!float 1\n"}, None),
    "alias": (
        {
            "a.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        },
        None,
    ),
    "utf16": ({"a.yaml": "kind: org\nname: 三\n".encode("utf-16")}, None),
    "gbk": ({"a.yaml": "kind: org\nname: 三\n".encode("gbk")}, None),
    "unknown-encoding": ({"a.yaml": b"kind: org\nname: a\x80\xff\n"}, None),
    "control": ({"a.yaml": "kind: org\nname: a\x01b\n"}, None),
    "empty": ({"a.yaml": ""}, None),
    "not-a-document": ({"a.yaml": "- a\n- b\n"}, None),
    "missing-kind": ({"a.yaml": "orgs: []\n"}, None),
    "unknown-kind": ({"a.yaml": "kind: zzz\n---\nkind: ogr\n"}, None),
    "missing-key": ({"a.yaml": "kind: org\n"}, None),
    "unknown-keys": ({"a.yaml": "kind: commitments\nyeer: 2024\nzzzzz: 1\n"}, None),
    "key-punctuation": (
        {
            "a.yaml": "kind: org\norgs:\n  - {id: zb9, name：九, type: branch, parent: dw, secretary: m101}\n"
            "  - {name:八, id: zb8, type: branch, parent: dw, secretary: m101}\n"
        },
        None,
    ),
    "codes": (
        {
            "a.yaml": "kind: org\norgs:\n  - id: zb9\n    name: 九\n    type: brnch\n    parent: dw\n    secretary: m101\n"
            "    members:\n      - {id: m901, name: 甲, status: retired}\n      - {id: m902, name: 乙, status: 免于积分}\n"
        },
        None,
    ),
    "fullwidth-scores": (
        {"s.yaml": "kind: scores\norg: zb1\nmonth: 2024-03\nscores:\n  m101: [9，10，8，10，9，10，10，9，8，10]\n"},
        None,
    ),
    "types": (
        {
            "a.yaml": "kind: org\norgs:\n  - just text\n  - {id: zb9, name: [a], type: branch, parent: dw, secretary: m101, committee: {a: 1}}\n"
            "  - {id: [a], name: 三, type: branch, parent: dw}\n  - {id: _x, name: 三, type: branch, parent: dw}\n",
            "c.yaml": "kind: commitments\nyear: abc\nitems:\n  - {owner: zb1, type: basic, text: 甲, made: 2024/03/01}\n"
            "  - {owner: zb1, type: basic, text: 乙, made: 2024-02-30}\n",
            "s.yaml": "kind: scores\norg: zb1\nmonth: 2024-13\nscores: {}\n",
            "h.yaml": "kind: honours\nyear: 20240\nitems: []\n",
        },
        None,
    ),
    "documents": (
        {
            "e.yaml": "kind: evaluation\norg: zb1\nyear: 2024\n---\nkind: evaluation\norg: zb1\nyear: 2024\nballots: []\naverages: {}\n"
            "---\nkind: evaluation\norg: zb1\nyear: 2024\naverages: {}\n",
            "h.yaml": "kind: honours\nyear: 2024\nitems:\n  - {award: quarter, members: [m101]}\n"
            "  - {award: quarter, quarter: 5, org: zb1, members: [m101]}\n  - {award: annual, quarter: 1, members: [m101]}\n",
            "r.yaml": "kind: round\nid: r1\nname: 点评\nmethod: leader\nstart: 2024-01-01\nend: 2024-12-31\nreviews:\n"
            "  - {subject: zb1, date: 2024-03-01}\n  - {reviewer: m001, reviewer_name: 某, subject: zb1, date: 2024-03-01}\n"
            "  - {reviewer: m001, subject: [], date: 2024-03-01}\n",
        },
        None,
    ),
    "rules-1": (
        {
            "rules.yaml": "kind: rules\nitems: []\nitem_max: abc\nweights: {monthly: -1, democratic: 2}\ndecimals: 9\n"
            "grade_probationary: maybe\nadjustments:\n  awrd: {city: 3}\n  zzz: {city: 1}\nquarter_star: {share: 2, min_members: 10}\n"
        },
        RULES_CONFIG,
    ),
    "rules-2": (
        {
            "rules.yaml": "kind: rules\nitems: [{id: a, name: 甲}, {id: a, name: 乙}]\nitem_max: 0\nweights: {monthly: 0.5, democratic: 0.6}\n"
            "stars: []\n"
        },
        RULES_CONFIG,
    ),
    "rules-3": (
        {
            "rules.yaml": "kind: rules\nstars:\n  - {min: 90, stars: 9, grade: excellent}\n  - {min: 95, stars: 10, grade: excellent}\n"
        },
        RULES_CONFIG,
    ),
    "rules-4": (
        {
            "rules.yaml": "kind: rules\nstars:\n  - {min: 90, stars: 9, grade: excellent}\n  - {min: 80, stars: 10, grade: qualified}\n"
        },
        RULES_CONFIG,
    ),
    "rules-5": (
        {"rules.yaml": "kind: rules\nstars:\n  - {min: 90, stars: 9, grade: excellent}\n  - {min: 10, stars: 1, grade: basic}\n"},
        RULES_CONFIG,
    ),
    "rules-6": (
        {"rules.yaml": "kind: rules\nstars:\n  - {min: 90, stars: 9, grade: excellent}\n  - {min: 0, stars: -1, grade: basic}\n"},
        RULES_CONFIG,
    ),
    "rules-shares": (
        {"rules.yaml": "kind: rules\nappraisal: {excellent_share: 1/0}\nquarter_star: {share: abc}\nannual_star: {share: 2}\n"},
        RULES_CONFIG,
    ),
    "rules-appraisal": ({"rules.yaml": "kind: rules\nappraisal: {excellent_share: 3}\n"}, RULES_CONFIG),
    "rules-scales": (
        {
            "rules.yaml": "kind: rules\nsurvey_scales:\n  s1: {options: [a, a]}\n  s2: {options: [a], positive: [b]}\n"
            "  s3: {options: [a], weights: {b: 1}}\n  s4: {options: [a, b], weights: {a: 1}}\n"
            "  s5: {options: [a], weights: {a: 1}, grades: []}\n  s6: {options: [a], grades: [{min: 1, grade: 好}]}\n"
            "  s7: {options: [a], weights: {a: 1}, grades: [{min: 1, grade: 好}, {min: 2, grade: 差}]}\n"
        },
        RULES_CONFIG,
    ),
    "appraisal": (
        {"a.yaml": "kind: appraisal\norg: zb1\nyear: 2024\nparticipants: -1\nvotes:\n  m101: [1, 2]\n  m102: {excellent: -1}\n"},
        None,
    ),
    "publicity": (
        {
            "p.yaml": "kind: publicity\nid: p1\nperiod: 2024-13\nstart: 2024-04-02\nend: 2024-04-08\n---\n"
            "kind: publicity\nid: p2\nperiod: 2024-03\nstart: 2024-04-02\nend: 2024-04-08\nobjections:\n"
            "  - {member: m101, received: 2024-04-03, outcome: upheldd}\n"
            "  - {member: m101, by: m102, by_name: 某, received: 2024-04-03}\n",
            "rules.yaml": "kind: rules\npublicity: {reply_days: -1, required: [year]}\n",
        },
        RULES_CONFIG,
    ),
    "rules-unused": ({"x.yaml": "kind: rules\n", "rules.yaml": "kind: rules\n---\nkind: rules\n"}, RULES_CONFIG),
    "rules-unnamed": ({"x.yaml": "kind: rules\n"}, None),
    "rules-missing": ({}, CONFIG + "rules: nope.yaml\n"),
    "rules-none": ({"rules.yaml": "kind: commitments\nyear: 2024\n"}, RULES_CONFIG),
    "config": ({}, "- 1\n"),
    "version": ({}, "pingyi: 2\nname: 测试\n"),
    "cascade-refs": (
        {
            "orgs.yaml": "kind: org\norgs:\n  - id: dw\n    name: 党委\n    type: committee\n    secretary: m001\n"
            "    members: [{id: m001, name: 甲}]\n  - id: zb1\n   name: 一\n",
            "c.yaml": "kind: commitments\nyear: 2024\nitems:\n  - {owner: zb1, type: basic, text: 甲}\n",
        },
        None,
    ),
    "cascade-warnings": (
        {
            "s.yaml": "kind: scores\norg: zb1\nmonth: 2024-03\nscores:\n\tm101: []\n",
            "w.yaml": GOOD_ORG.replace(", secretary: m101", ""),
        },
        None,
    ),
}

#: One workspace with every mistake the cross-reference checks find.
CHECKED = {
    "o.yaml": """\
kind: org
orgs:
  - {id: zb1, name: 重复, type: branch, parent: dw, secretary: m101}
  - {id: zb5, name: 五, type: branch, parent: zb5, secretary: m101}
  - {id: zb6, name: 六, type: branch, parent: zb7, secretary: m101}
  - {id: zb7, name: 七, type: branch, parent: zb6, secretary: m101}
  - {id: zb8, name: 八, type: branch, parent: m101, secretary: zb1, deputies: [m999]}
  - {id: zb9, name: 九, type: branch, parent: nowhere}
  - {id: dz, name: 党总支, type: general_branch, parent: zb1, secretary: m101}
""",
    "r.yaml": """\
kind: round
id: r1
name: 点评
method: leader
start: 2024-06-01
end: 2024-05-01
scope: m101
reviews:
  - {reviewer: zb1, subject: [zb1, zz9], date: 2024-05-15}
  - {reviewer: m999, subject: m101, date: 2024-05-15}
  - reviewer: m101
    subject: m101
    date: 2024-07-01
    problems:
      - {problem: 甲, owner: zb1, due: 2024-01-01, closed: 2024-01-01, measure: 改}
      - {problem: 乙, owner: m999}
---
kind: round
id: r1
name: 点评
method: leader
start: 2024-01-01
end: 2024-12-31
scope: nowhere
""",
    "c.yaml": """\
kind: commitments
year: 2024
items:
  - {id: c1, owner: zz9, type: basic, text: 甲, status: done, made: 2024-03-01, due: 2024-01-01}
  - {id: c1, owner: zb1, type: basic, text: 乙, made: 2024-03-01, done: 2024-02-01, status: partial}
""",
    "v.yaml": """\
kind: survey
id: s1
name: 测评
subject: zz9
date: 2024-12-01
options: [满意, 满意]
positive: [好]
counts: {差: -1}
suggestions: -2
---
kind: survey
id: s1
name: 测评
subject: zb1
date: 2024-12-01
options: []
counts: {}
""",
}

#: Messages no small workspace produces (a file the system will not read, pydantic
#: constraints no model has today, the fallbacks of odd parser messages).
UNPRODUCED = {
    "unreadable",
    "unreadable-special",
    "rules-file-unreadable",
    "yaml-depth",
    "too-large",
    "too-short",
    "too-long",
    "bad-pattern",
    "bad-value-other",
    "cascade-both",
    "expected-bool",
    "share-between",  # parse_share, for code that reads a share outside a document
    "no-workspace-above",  # not diagnostics: see test_no_workspace_is_said_in_both_languages
    "no-such-workspace-folder",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Diagnostic]:
    """Every diagnostic of the broken workspaces, the example and the example with a
    broken org file."""
    base = tmp_path_factory.mktemp("corpus")
    out: list[Diagnostic] = []
    for name, (files, config) in BROKEN.items():
        out += load(make_ws(base, files, config=config, sub=name)).diagnostics
    out += load(make_ws(base, CHECKED, sub="checked")).diagnostics
    out += load(EXAMPLE).diagnostics
    out += load(_broken_example(base / "example")).diagnostics
    if sys.platform != "win32":
        root = make_ws(base, sub="special")
        os.mkfifo(root / "pipe.yaml")
        os.symlink(base / "nowhere.yaml", root / "gone.yaml")
        out += load(root).diagnostics
    return out


def _broken_example(root: Path) -> Path:
    """A copy of the example whose first org entry of orgs/ez.yaml is indented one space
    too far at its `name:` line."""
    shutil.copytree(EXAMPLE, root)
    path = root / "orgs" / "ez.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n    name: ", "\n     name: ", 1), encoding="utf-8")
    return root


def _mine() -> set[str]:
    return {k for k, owner in OWNERS.items() if owner in ("loading", "references")}


def test_the_corpus_produces_every_message_of_reading_and_checking(corpus):
    produced = {d.message_key for d in corpus} | {n.key for d in corpus for n in d.notes}
    assert sorted(_mine() - UNPRODUCED - produced) == []


def _user_values(d: Diagnostic) -> list[str]:
    values: list[str] = []
    for note in (d, *d.notes):
        for _, value in note.args:
            parts = value if isinstance(value, (tuple, list)) else (value,)
            values += [str(v) for v in parts if isinstance(v, str)]
    return values


def _without_user_values(text: str, values: list[str]) -> str:
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, "")
    return QUOTED.sub("", text)


#: Messages of other areas whose English template glosses a term in Chinese (公示, 所在党支部):
#: their owners are to say them in English alone; none of them is of reading or checking.
GLOSSED_IN_CHINESE = {k for k, v in MESSAGES.items() if CJK.search(v)}


def test_the_english_of_reading_and_checking_has_no_chinese():
    assert sorted(GLOSSED_IN_CHINESE & _mine()) == []


def test_every_diagnostic_is_said_in_chinese_and_in_english(corpus):
    """Chinese by default; English with the language set to en, with no Chinese in it but
    the user's own values (names, quoted lines)."""
    checked = list(corpus)
    assert len(checked) > 100
    for d in checked:
        zh = d.format()
        assert CJK.search(d.message), zh
        assert all(CJK.search(n.message) for n in d.notes), zh
        with use_lang("en"):
            en = d.format()
        if d.message_key not in GLOSSED_IN_CHINESE:
            assert not CJK.search(_without_user_values(en, _user_values(d))), en
        assert "\n" not in d.message


def test_a_full_width_comma_in_a_score_list_is_named_with_the_corrected_line(tmp_path):
    files, _ = BROKEN["fullwidth-scores"]
    result = load(make_ws(tmp_path, files))
    (d,) = result.errors
    assert (d.code, d.file, d.line) == ("bad-value", "s.yaml", 5)
    fixed = "m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]"
    assert "，" in d.message and f"`{fixed}`" in d.message
    assert "full-width punctuation" in d.message_in("en") and fixed in d.message_in("en")


def test_a_code_written_as_its_chinese_name_is_answered_with_the_code(tmp_path):
    files, _ = BROKEN["codes"]
    result = load(make_ws(tmp_path, files))
    by_key = {d.message_key: d for d in result.errors}
    named = by_key["bad-code-name"]
    assert named.code == "bad-value" and named.file == "a.yaml" and named.line == 10
    assert "`status: exempt`" in named.message and "`exempt`（免于积分）" in named.message
    assert "`status: exempt`" in named.message_in("en")
    # a code that is no name: every allowed code with its Chinese name
    other = by_key["bad-code"]
    assert "`active`（正常积分）" in other.message and "`probationary`（预备党员）" in other.message
    assert dict(by_key["bad-code-hint"].args)["hint"] == "branch"


@pytest.mark.parametrize(
    ("case", "zh", "en"),
    [
        ("tab", "Tab", "indented with a tab"),
        ("indent", "缩进", "indentation of line 4"),
        ("bracket", "没有用“}”闭合", "not closed by `}`"),
        ("quote", "引号", "is not closed"),
        ("missing-colon", "缺少冒号", "colon"),
        ("colon-space", "`name: 张三`", "`name: 张三`"),
        ("fullwidth-colon", "中文冒号", "full-width colon"),
        ("colon-in-value", "`name: '三: 四'`", "put the value in quotes"),
    ],
)
def test_a_yaml_slip_is_explained_in_plain_words_with_the_line(tmp_path, case, zh, en):
    files, _ = BROKEN[case]
    (d,) = load(make_ws(tmp_path, files)).errors
    assert d.code in ("yaml-syntax", "yaml-tab") and d.file == "a.yaml" and d.line is not None
    assert zh in d.message
    assert en in d.message_in("en")


def test_a_broken_org_document_gives_one_error_and_one_note(tmp_path):
    """No cascade: the ids of the unreadable document are not reported as unknown elsewhere,
    and the warnings wait; the note says how much was not checked."""
    root = _broken_example(tmp_path / "example")
    result = load(root)
    assert len(result.diagnostics) <= 3
    first = result.diagnostics[0]
    assert (first.code, first.file, first.line) == ("yaml-syntax", "orgs/ez.yaml", 5)
    assert [d for d in result.diagnostics if d.is_error] == [first]
    (note,) = first.notes
    refs = dict(note.args)["refs"]
    assert refs > 10 and f"有 {refs} 处引用未作检查" in note.message
    assert f"{refs} references to them were not checked" in note.message_in("en")


def test_a_dropped_org_entry_hides_the_references_to_its_ids(tmp_path):
    """An entry dropped for a bad value (`status: 免于积分`) takes its ids with it: one error,
    not one per reference."""
    org = GOOD_ORG.replace("}\n", ", members: [{id: m901, name: 甲, status: 免于积分}]}\n")
    commitments = "kind: commitments\nyear: 2024\nitems:\n" + "".join(
        f"  - {{owner: {who}, type: basic, text: 甲}}\n" for who in ("zb9", "m901", "zb9")
    )
    result = load(make_ws(tmp_path, {"a.yaml": org, "c.yaml": commitments}))
    (d,) = result.errors
    assert d.message_key == "bad-code-name" and d.file == "a.yaml"
    assert dict(d.notes[0].args)["refs"] == 3


def test_the_first_cause_comes_first(tmp_path):
    """A damaged document's error leads, before the errors of files sorted ahead of it."""
    files = {
        "a.yaml": "kind: commitments\nyear: 2024\nitems:\n  - {owner: nobody, type: basic, text: 甲}\n",
        "z.yaml": "kind: org\norgs:\n\t- id: x\n",
    }
    result = load(make_ws(tmp_path, files))
    assert [d.file for d in result.errors] == ["z.yaml", "a.yaml"]


def test_the_json_and_text_of_check_follow_the_language(tmp_path, monkeypatch):
    root = make_ws(tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: nowhere}\n"})
    result = load(root)
    with use_lang("en"):
        en = render_json(result.diagnostics)
    zh = render_json(result.diagnostics, "zh")
    assert [e["code"] for e in en["errors"]] == [e["code"] for e in zh["errors"]] == ["unknown-parent"]
    assert en["errors"][0]["message"].startswith("the parent `nowhere`")
    assert zh["errors"][0]["message"].startswith("上级 `nowhere`")
    assert summary_line(result.diagnostics, "zh") == "1 个错误，1 个警告"
    assert summary_line(result.diagnostics, "en") == "1 error, 1 warning"
    assert summary_line(result.errors, "en") == "1 error, 0 warnings"
    assert "上级 `nowhere`" in run("check", "-w", root, "--format", "json").stdout
    monkeypatch.setenv("PINGYI_LANG", "en")
    out = run("check", "-w", root, "--format", "json").stdout
    assert "the parent `nowhere`" in out and not CJK.search(out.replace("三", ""))


def test_every_code_has_its_name():
    """Each value of a fixed set (an enum of the models) has its name in the catalog, so
    that a message listing the allowed values names them all."""
    import importlib
    import pkgutil
    from enum import StrEnum

    import pingyi.model as model
    from pingyi.messages.codes import CODE_NAMES

    modules = [importlib.import_module(f"pingyi.model.{m.name}") for m in pkgutil.iter_modules(model.__path__)]
    enums = {
        v
        for module in modules
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum and v.__module__ == module.__name__
    }
    assert len(enums) >= 10
    for enum in enums:
        assert {m.value for m in enum} <= set(CODE_NAMES.get(enum.__name__, {})), enum.__name__


def test_no_workspace_is_said_in_both_languages(tmp_path):
    from pingyi.io.files import WorkspaceNotFound, find_root

    for where, zh, en in (
        (tmp_path, "没有找到 pingyi.yaml", "no pingyi.yaml found"),
        (tmp_path / "typo", "不存在", "does not exist"),
    ):
        with pytest.raises(WorkspaceNotFound) as info:
            find_root(where)
        assert zh in str(info.value) and str(where) in str(info.value)
        with use_lang("en"):
            assert en in str(info.value) and not CJK.search(str(info.value))
