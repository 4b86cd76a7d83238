"""Monthly scores entered through Excel: `pingyi export template` → filled in with openpyxl
→ `pingyi import scores` → a scores document that `pingyi check` accepts and `pingyi
score` uses. Re-importing changes nothing; changing recorded scores needs --force; the
user's comments survive; every bad cell is reported; hostile or foreign files are refused
without a traceback."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import pingyi
from pingyi.cli import app
from pingyi.io import xlsx_read
from pingyi.io.yaml_edit import guess_indent, new_scores_text, update_scores
from wsfactory import make_ws, text

ITEMS = ["学习提高", "争创佳绩", "服务群众", "遵纪守法", "弘扬正气", "履行职责", "工作态度", "业务能力", "绩效廉洁", "承诺践诺"]

#: zb1 has 王支书 m101, 赵党员 m102, 钱党员 m103 (flowing); m104 is exempt.
ORGS = """
kind: org
orgs:
  - id: dw
    name: 测试党委
    type: committee
    secretary: m001
    members:
      - {id: m001, name: 张书记}
  - id: zb1
    name: 第一党支部
    type: branch
    parent: dw
    secretary: m101
    members:
      - {id: m101, name: 王支书}
      - {id: m102, name: 赵党员}
      - {id: m103, name: 钱党员, status: flowing}
      - {id: m104, name: 孙老党员, status: exempt, note: 年老体弱}
  - id: zb2
    name: 第二党支部
    type: branch
    parent: dw
    secretary: m201
    members:
      - {id: m201, name: 周支书}
"""

#: An existing month, written by hand: comments, flow lists, a second document.
MARCH = """\
# 第一党支部 2024年3月积分 —— 手工录入
# 十项依次为: 学习提高 争创佳绩 服务群众 遵纪守法 弘扬正气 履行职责 工作态度 业务能力 绩效廉洁 承诺践诺
kind: scores
org: zb1
month: 2024-03
scores:
  m101: [10, 9, 10, 10, 10, 10, 10, 10, 10, 10]   # 王支书
  # 赵党员三月出差，补评
  m102: [9, 9, 9, 9, 9, 9, 9, 9, 9, 8.50]         # 赵党员
---
# 二月
kind: scores
org: zb1
month: 2024-02
scores:
  m101: [8, 8, 8, 8, 8, 8, 8, 8, 8, 8]
"""


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def run_en(*args: object):
    """``pingyi import …`` with ``--lang en``: messages in English."""
    return run(*args, "--lang", "en")


@pytest.fixture
def ws(tmp_path) -> Path:
    return make_ws(tmp_path, {"orgs.yaml": ORGS, "scores/zb1.yaml": MARCH})


def template(ws: Path, month: str, *extra: object, org: str = "zb1") -> Path:
    out = ws.parent / f"{org}-{month}.xlsx"
    result = run("export", "template", "-w", ws, "--org", org, "--month", month, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def fill(
    path: Path, values: dict[tuple[int, int], object] | None = None, *, every: object | None = None, out: Path | None = None
) -> Path:
    """Fill the template's score cells (row, column): ``every`` for all, then ``values``."""
    wb = openpyxl.load_workbook(path)
    sheet = wb[wb.sheetnames[0]]
    if every is not None:
        for r in range(4, 4 + n_rows(sheet)):
            for c in range(3, 13):
                sheet.cell(r, c).value = every
    for (r, c), v in (values or {}).items():
        sheet.cell(r, c).value = v
    target = out or path.with_name(path.stem + "-filled.xlsx")
    wb.save(target)
    return target


def n_rows(sheet) -> int:
    n = 0
    while isinstance(sheet.cell(4 + n, 1).value, str) and sheet.cell(4 + n, 1).value.startswith("m"):
        n += 1
    return n


def score_json(ws: Path) -> dict:
    result = run("score", "-w", ws, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ----------------------------------------------------------------------------- the template


def test_template_rows_columns_protection_and_metadata(ws):
    wb = openpyxl.load_workbook(template(ws, "2024-04"))
    assert wb.sheetnames == ["积分录入", "_pingyi"]
    sheet = wb["积分录入"]
    assert [sheet.cell(3, c).value for c in range(1, 13)] == ["编号", "姓名", *ITEMS]
    # the scored members of zb1 in roster order: the exempt member is not scored
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(4, 7)] == [
        ("m101", "王支书"),
        ("m102", "赵党员"),
        ("m103", "钱党员"),
    ]
    assert sheet.cell(7, 1).value != "m104"
    assert all(sheet.cell(r, c).value is None for r in range(4, 7) for c in range(3, 13))
    # locked id and name, open score cells
    assert sheet.protection.sheet
    assert sheet.cell(4, 1).protection.locked and sheet.cell(4, 2).protection.locked
    assert not sheet.cell(4, 3).protection.locked and not sheet.cell(6, 12).protection.locked
    # 0..item_max, decimals
    (dv,) = sheet.data_validations.dataValidation
    assert dv.type == "decimal" and dv.operator == "between" and (dv.formula1, dv.formula2) == ("0", "10")
    assert str(dv.sqref) == "C4:L6"
    # instructions on the sheet
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "填表说明" in texts and any("pingyi import scores" in t for t in texts)
    assert sheet.freeze_panes == "C4" and sheet.page_setup.orientation == "landscape"
    # what import needs, hidden
    meta = wb["_pingyi"]
    assert meta.sheet_state == "veryHidden"
    pairs = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert pairs["org"] == "zb1" and pairs["month"] == "2024-04"
    assert pairs["items"].split(",") == [
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
    assert (pairs["first_row"], pairs["last_row"]) == ("4", "6")


def test_template_prefills_recorded_scores(ws):
    sheet = openpyxl.load_workbook(template(ws, "2024-03")).active
    assert [sheet.cell(4, c).value for c in range(3, 13)] == [10, 9, 10, 10, 10, 10, 10, 10, 10, 10]
    assert sheet.cell(5, 12).value == 8.5
    assert all(sheet.cell(6, c).value is None for c in range(3, 13))  # m103 has no March scores


def test_template_in_english(ws):
    wb = openpyxl.load_workbook(template(ws, "2024-04", "--lang", "en"))
    assert wb.sheetnames[0] == "Scores"
    assert [wb["Scores"].cell(3, c).value for c in (1, 2)] == ["ID", "Name"]


def test_template_usage_errors(ws, tmp_path):
    result = run("export", "template", "-w", ws, "--org", "dw", "--month", "2024-04", "-o", tmp_path / "t.xlsx")
    assert result.exit_code == 0  # dw has a member of its own
    for args, word in [
        (["--org", "nope", "--month", "2024-04"], "nope"),
        (["--org", "m101", "--month", "2024-04"], "不是党组织"),
        (["--org", "zb1", "--month", "2024-13"], "YYYY-MM"),
    ]:
        result = run("export", "template", "-w", ws, *args, "-o", tmp_path / "u.xlsx")
        assert result.exit_code == 2 and word in result.output, result.output
    out = template(ws, "2024-05")
    result = run("export", "template", "-w", ws, "--org", "zb1", "--month", "2024-05", "-o", out)
    assert result.exit_code == 2 and "--force" in result.output


# ----------------------------------------------------------------------------- a new month


def test_import_a_new_month_then_check_and_score(ws):
    filled = fill(template(ws, "2024-04"), {(5, 3): 9.5, (6, 12): "8"}, every=10)
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 0, result.output
    new = ws / "scores" / "zb1" / "2024-04.yaml"
    assert new.is_file()
    content = new.read_text(encoding="utf-8")
    assert content.startswith("# yaml-language-server: $schema=")
    assert "  m102: [9.5, 10, 10, 10, 10, 10, 10, 10, 10, 10]   # 赵党员" in content
    assert "  m103: [10, 10, 10, 10, 10, 10, 10, 10, 10, 8]" in content
    assert run("check", "-w", ws).exit_code == 0
    doc = pingyi.load(ws).workspace
    (april,) = [d.model for d in doc.scores if d.model.month == "2024-04"]
    assert april.scores["m102"][0] == Decimal("9.5")
    members = {m["id"]: m for m in score_json(ws)["members"]}
    assert members["m103"]["months"] == 1  # April only
    assert members["m101"]["months"] == 3  # February, March, April


def test_new_file_points_at_the_workspace_schemas(tmp_path):
    root = tmp_path / "fresh"
    assert run("init", root, "--year", "2024", "--no-points").exit_code == 0
    wsdata = pingyi.load(root).workspace
    org = next(o for o in wsdata.orgs if any(m.scored for m in wsdata.members_of(o, recursive=False)))
    filled = fill(template(root, "2024-01", org=org), every=10)
    assert run_en("import", "scores", filled, "-w", root).exit_code == 0
    first = (root / "scores" / org / "2024-01.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../.schemas/scores.schema.json"
    assert run("check", "-w", root).exit_code == 0


def test_reimport_changes_nothing(ws):
    filled = fill(template(ws, "2024-04"), every=9)
    assert run_en("import", "scores", filled, "-w", ws).exit_code == 0
    path = ws / "scores" / "zb1" / "2024-04.yaml"
    before = path.read_bytes()
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 0
    assert "nothing to change" in result.output
    assert path.read_bytes() == before


def test_dry_run_writes_nothing(ws):
    filled = fill(template(ws, "2024-04"), every=9)
    result = run_en("import", "scores", filled, "-w", ws, "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.output
    assert not (ws / "scores" / "zb1").exists()


# ----------------------------------------------------------------------------- an existing month


def test_conflict_needs_force_and_comments_survive(ws):
    path = ws / "scores" / "zb1.yaml"
    original = path.read_text(encoding="utf-8")
    filled = fill(template(ws, "2024-03"), {(4, 3): 8, (6, 3): 10, **{(6, c): 9 for c in range(4, 13)}})
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 2
    assert "王支书 (m101)  学习提高: 10 → 8" in result.output
    assert "--force" in result.output
    assert path.read_text(encoding="utf-8") == original  # nothing written
    result = run_en("import", "scores", filled, "-w", ws, "--force")
    assert result.exit_code == 0, result.output
    updated = path.read_text(encoding="utf-8")
    expected = original.replace(
        "  m101: [10, 9, 10, 10, 10, 10, 10, 10, 10, 10]   # 王支书",
        "  m101: [8, 9, 10, 10, 10, 10, 10, 10, 10, 10]    # 王支书",
    ).replace(
        "  m102: [9, 9, 9, 9, 9, 9, 9, 9, 9, 8.50]         # 赵党员\n",
        "  m102: [9, 9, 9, 9, 9, 9, 9, 9, 9, 8.50]         # 赵党员\n  m103: [10, 9, 9, 9, 9, 9, 9, 9, 9, 9]           # 钱党员\n",
    )
    assert updated == expected, updated
    assert run("check", "-w", ws).exit_code == 0
    # the second document (February) is untouched, and score uses the new March values
    members = {m["id"]: m for m in score_json(ws)["members"]}
    assert members["m103"]["months"] == 1
    # importing the same sheet again changes nothing
    again = run_en("import", "scores", filled, "-w", ws)
    assert again.exit_code == 0 and "nothing to change" in again.output
    assert path.read_text(encoding="utf-8") == updated


def test_adding_members_needs_no_force(ws):
    path = ws / "scores" / "zb1.yaml"
    filled = fill(template(ws, "2024-03"), {(6, c): 7 for c in range(3, 13)})
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 0, result.output
    assert "1 member added" in result.output
    assert "  m103: [7, 7, 7, 7, 7, 7, 7, 7, 7, 7]" in path.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("# 第一党支部 2024年3月积分 —— 手工录入\n")


def test_update_the_second_document_of_a_file(ws):
    path = ws / "scores" / "zb1.yaml"
    original = path.read_text(encoding="utf-8")
    filled = fill(template(ws, "2024-02"), {(4, 3): 7, (5, 3): 1, (6, 3): 2}, every=8)
    result = run_en("import", "scores", filled, "-w", ws, "--force")
    assert result.exit_code == 0, result.output
    updated = path.read_text(encoding="utf-8")
    head, tail = original.split("---\n")
    assert updated.startswith(head + "---\n")  # the March document, byte for byte
    assert "  m101: [7, 8, 8, 8, 8, 8, 8, 8, 8, 8]" in updated
    assert run("check", "-w", ws).exit_code == 0


# ----------------------------------------------------------------------------- bad cells and files


def test_every_bad_cell_reported_with_sheet_cell_and_name(ws):
    filled = fill(
        template(ws, "2024-04"),
        {(4, 3): None, (4, 4): 11, (5, 5): "优秀", (6, 6): -1, (6, 7): True},
        every=9,
    )
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 1
    out = result.output
    assert f"{filled}:积分录入!C4: error: 王支书, 学习提高: the cell is blank" in out
    assert "积分录入!D4: error: 王支书, 争创佳绩: 11 is out of range" in out
    assert "积分录入!E5: error: 赵党员, 服务群众: “优秀” is text, not a number" in out
    assert "积分录入!F6: error: 钱党员, 遵纪守法: -1 is out of range" in out
    assert "积分录入!G6: error: 钱党员, 弘扬正气: TRUE is not a score" in out
    assert "5 cells" in out and "nothing was written" in out
    assert not (ws / "scores" / "zb1").exists()
    # in Chinese by default, the same places
    out = run("import", "scores", filled, "-w", ws).output
    assert "积分录入!C4: 错误：王支书，学习提高：单元格为空；每一项都要填 0 到 10 之间的分数" in out
    assert "积分录入!D4: 错误：王支书，争创佳绩：11 超出范围" in out
    assert "5 个单元格无法导入" in out


def test_cell_problems_are_diagnostics_with_codes_and_cells(ws):
    from pingyi.importing import plan_import, read_template

    filled = fill(template(ws, "2024-04"), {(4, 3): None, (5, 5): "优秀", (6, 6): "9" * 5000}, every=9)
    plan = plan_import(pingyi.load(ws).workspace, read_template(filled), file="t.xlsx")
    assert [(d.code, d.loc.file, d.loc.cell) for d in plan.problems] == [
        ("import-blank", "t.xlsx", "积分录入!C4"),
        ("import-text", "t.xlsx", "积分录入!E5"),
        ("import-out-of-range", "t.xlsx", "积分录入!F6"),
    ]
    assert plan.problems[0].as_dict("en")["cell"] == "积分录入!C4"
    assert not plan.rows and not plan.changes


def test_a_5000_digit_score_is_a_cell_error(ws):
    """Issue 10 finding 9: a 5,000-digit text in a score cell is a clear cell error (it was
    a ValueError from int → str past Python's digit limit)."""
    filled = fill(template(ws, "2024-04"), {(5, 4): "9" * 5000, (6, 4): 10.0**300}, every=9)
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "积分录入!D5: error: 赵党员, 争创佳绩: 99999999999999999… is out of range" in result.output
    assert "积分录入!D6: error: 钱党员, 争创佳绩: " in result.output
    assert len(result.output) < 1000


def test_a_formula_cell_is_refused(ws):
    filled = fill(template(ws, "2024-04"), {(5, 8): "=5+4"}, every=9)
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 1
    assert "积分录入!H5: error: 赵党员, 履行职责: formulas are not accepted" in result.output


def test_numbers_typed_as_text_are_numbers(ws):
    filled = fill(template(ws, "2024-04"), {(4, 3): " 9.5 ", (5, 3): 0.1 + 0.2 + 9}, every="9")
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 0, result.output
    content = (ws / "scores" / "zb1" / "2024-04.yaml").read_text(encoding="utf-8")
    assert "  m101: [9.5, 9, 9, 9, 9, 9, 9, 9, 9, 9]" in content
    assert "  m102: [9.3, 9, 9, 9, 9, 9, 9, 9, 9, 9]" in content  # not 9.300000000000001


def test_a_member_scored_elsewhere_that_month_is_refused(ws):
    (ws / "zb2.yaml").write_text(
        text("""
        kind: scores
        org: zb2
        month: 2024-04
        scores:
          m102: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]
        """),
        encoding="utf-8",
    )
    assert run("check", "-w", ws).exit_code == 0
    filled = fill(template(ws, "2024-04"), every=9)
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 1
    assert "积分录入!A5: error: m102 (赵党员) is already scored for 2024-04 by zb2 (第二党支部)" in result.output


@pytest.mark.parametrize(
    "content, word",
    [
        (b"id,name\nm101,x\n", "not an .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ".xls"),
        (b"", "not an .xlsx workbook"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_cleanly(ws, tmp_path, content, word):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    result = run_en("import", "scores", bad, "-w", ws)
    assert result.exit_code == 2, result.output
    assert word in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_damaged_zip_and_foreign_workbooks_are_refused(ws, tmp_path):
    good = template(ws, "2024-04").read_bytes()
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good[: len(good) // 2])
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(plain)
    nozip = tmp_path / "z.xlsx"
    with zipfile.ZipFile(nozip, "w") as z:
        z.writestr("hello.txt", "hi")
    for path, word in [
        (damaged, "xlsx"),
        (plain, "not a pingyi score template"),
        (nozip, "no xl/workbook.xml"),
        (tmp_path / "missing.xlsx", "cannot read"),
    ]:
        result = run_en("import", "scores", path, "-w", ws)
        assert result.exit_code == 2, (path, result.output)
        assert word in result.output, result.output
        assert isinstance(result.exception, SystemExit)


def test_xml_entities_are_refused(ws, tmp_path):
    """defusedxml is active: a workbook with a DTD and entities (billion laughs, XXE) is
    refused, not expanded."""
    assert openpyxl.DEFUSEDXML is True and xlsx_read.defused()
    source = fill(template(ws, "2024-04"), every=9)
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet', 1
                )
            dst.writestr(info, data)
    result = run_en("import", "scores", evil, "-w", ws)
    assert result.exit_code == 2
    assert "refused for safety" in result.output


def test_oversized_files_and_sheets_are_refused(ws, tmp_path, monkeypatch):
    filled = fill(template(ws, "2024-04"), every=9)
    monkeypatch.setattr(xlsx_read, "MAX_BYTES", 1000)
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 2 and "refused" in result.output
    monkeypatch.undo()
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")
    wb = openpyxl.load_workbook(filled)
    wb["_pingyi"]["B7"] = "900000"  # last_row: a sheet of 10 million cells
    wb.save(tmp_path / "huge.xlsx")
    result = run_en("import", "scores", tmp_path / "huge.xlsx", "-w", ws)
    assert result.exit_code == 2 and "more than 100000" in result.output


def test_a_template_for_other_rules_is_refused(ws):
    filled = fill(template(ws, "2024-04"), every=9)
    (ws / "rules.yaml").write_text("kind: rules\nitems:\n  - {id: a, name: 甲}\n  - {id: b, name: 乙}\n", encoding="utf-8")
    (ws / "pingyi.yaml").write_text("pingyi: 1\nname: 测试党委\nyear: 2024\nrules: rules.yaml\n", encoding="utf-8")
    (ws / "scores" / "zb1.yaml").unlink()
    assert run("check", "-w", ws).exit_code == 0
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 2 and "not the rules' items" in result.output


def test_broken_workspace_is_reported_first(ws):
    filled = fill(template(ws, "2024-04"), every=9)
    (ws / "z.yaml").write_text("kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: nowhere}\n", encoding="utf-8")
    result = run_en("import", "scores", filled, "-w", ws)
    assert result.exit_code == 1
    assert "z.yaml:3:" in result.output


# ----------------------------------------------------------------------------- the YAML editor


def test_update_keeps_layout_ids_and_numbers():
    source = text("""
        # head
        kind: scores
        org: '0012'
        month: 2024-03
        scores:
            0013: [9, 10, 8.50]   # a
            m2:
              - 9
              - 10
              - 1e1
    """)
    out = update_scores(
        source,
        0,
        org="0012",
        month="2024-03",
        changes={"m2": {0: Decimal("7.25")}},
        additions={"m3": ((Decimal(1), Decimal(2), Decimal(3)), "新人")},
    ).text
    assert out.splitlines()[:7] == source.splitlines()[:7]
    assert "      - 7.25\n      - 10\n      - 1e1\n" in out
    assert out.rstrip().endswith("m3: [1, 2, 3]   # 新人") or "m3: [1, 2, 3]" in out
    assert guess_indent(source) == (4, 4, 2)


def test_new_scores_text_quotes_only_what_needs_it():
    out = new_scores_text(org="zb1", month="2024-03", rows=[("0012", [Decimal(9)], "名\n字"), ("null", [Decimal("8.5")], None)])
    assert "  0012: [9]       # 名 字\n" in out  # one line, comments aligned
    assert "  'null': [8.5]\n" in out


# ----------------------------------------------------------------------------- untrusted input (issue 10)

ALIASED = """\
kind: scores
org: zb1
month: 2024-03
scores:
  m101: &same [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]
  m102: *same
"""


def test_a_yaml_alias_does_not_change_a_second_member(tmp_path):
    """Issue 10 finding 4: ``m102: *same`` shares m101's list; changing m101 must leave
    m102's scores as they were, and say so."""
    ws = make_ws(tmp_path, {"orgs.yaml": ORGS, "scores/zb1.yaml": ALIASED})
    filled = fill(template(ws, "2024-03"), {(4, 3): 5, (6, 3): 9}, every=9)  # m101's first item 9 → 5; m103 added
    result = run_en("import", "scores", filled, "-w", ws, "--force")
    assert result.exit_code == 0, result.output
    assert "m102 shared the list of m101" in result.output
    scores = {s.model.org: s.model.scores for s in pingyi.load(ws).workspace.scores}["zb1"]
    assert [str(v) for v in scores["m101"]][:2] == ["5", "9"]
    assert [str(v) for v in scores["m102"]] == ["9"] * 10
    assert [str(v) for v in scores["m103"]] == ["9"] * 10


def test_both_aliased_members_changed_are_both_reported(tmp_path):
    ws = make_ws(tmp_path, {"orgs.yaml": ORGS, "scores/zb1.yaml": ALIASED})
    filled = fill(template(ws, "2024-03"), {(4, 3): 5, (5, 4): 6}, every=9)
    result = run_en("import", "scores", filled, "-w", ws, "--force")
    assert result.exit_code == 0, result.output
    assert "王支书 (m101)  学习提高: 9 → 5" in result.output and "赵党员 (m102)  争创佳绩: 9 → 6" in result.output
    scores = pingyi.load(ws).workspace.scores[0].model.scores
    assert [str(v) for v in scores["m101"]][:2] == ["5", "9"]
    assert [str(v) for v in scores["m102"]][:2] == ["9", "6"]


def test_update_scores_breaks_an_alias_explicitly():
    edited = update_scores(ALIASED, 0, org="zb1", month="2024-03", changes={"m101": {0: Decimal(5)}}, additions={})
    assert edited.unaliased == (("m102", "m101"),)
    assert "m101: [5, 9, 9, 9, 9, 9, 9, 9, 9, 9]" in edited.text
    assert "m102: &same [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]" in edited.text or "m102: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]" in edited.text


def test_a_device_or_a_pipe_is_refused_without_reading(ws, tmp_path):
    """Issue 10 finding 9: ``/dev/zero`` read until memory ran out; a FIFO blocked for ever."""
    import os
    import threading

    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    done: dict[str, object] = {}

    def go() -> None:
        done["zero"] = run_en("import", "scores", "/dev/zero", "-w", ws)
        done["fifo"] = run_en("import", "scores", fifo, "-w", ws)

    worker = threading.Thread(target=go, daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "import blocked on a device or a pipe"
    for key in ("zero", "fifo"):
        result = done[key]
        assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
        assert "not an ordinary file" in result.output  # type: ignore[attr-defined]


def test_a_leftover_temporary_file_is_removed_on_the_next_import(ws):
    """Issue 10 finding 7: a killed import may leave ``.2024-04.yaml.xxxx.tmp`` beside the
    scores file; the next import removes it (but not a fresh one: another import's)."""
    import os
    import time

    folder = ws / "scores" / "zb1"
    folder.mkdir(parents=True)
    old = folder / ".2024-04.yaml.k3j2h1ab.tmp"
    old.write_text("kind: scores\norg: zb1\nmon", encoding="utf-8")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    fresh = folder / ".2024-05.yaml.zz99aa11.tmp"
    fresh.write_text("", encoding="utf-8")
    mine = folder / "notes.tmp"
    mine.write_text("a user's file", encoding="utf-8")
    os.utime(mine, (long_ago, long_ago))
    result = run_en("import", "scores", fill(template(ws, "2024-04"), every=9), "-w", ws)
    assert result.exit_code == 0, result.output
    assert not old.exists() and fresh.exists() and mine.exists()
    assert sorted(p.name for p in folder.iterdir()) == [".2024-05.yaml.zz99aa11.tmp", "2024-04.yaml", "notes.tmp"]


@pytest.mark.parametrize("month", ["2200-01", "9999-12"])
def test_a_template_for_a_far_month(ws, month):
    """Issue 10 finding 9: a month past 2107 (the last year a zip entry can be dated) gave
    struct.error; the template is written, and reads back."""
    result = run("export", "template", "-w", ws, "--org", "zb1", "--month", month, "-o", ws.parent / "far.xlsx")
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(ws.parent / "far.xlsx")
    assert wb["_pingyi"]["B4"].value == month
