"""One ``emit`` for every report (FORMAT §11 "Files"), user errors as catalog messages with
their exit code, and the one selection, shown through ``pingyi coverage``."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from pingyi.cli.common import ReportFormat, output_format, render_report
from pingyi.errors import UserError
from pingyi.i18n import use_lang
from pingyi.render.output import Percent, safe_text, to_csv
from pingyi.selection import SelectionError, select
from wsfactory import ROUND_H1, build, workspace


def test_csv_file_has_a_bom_and_the_people_s_headers(cli, review_root, tmp_path):
    out = tmp_path / "覆盖率.csv"
    result = cli("coverage", "-w", review_root, "-o", out)
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["编号", "组织名称"] and "党组织被点评·比率" in rows[0]
    dw = next(r for r in rows if r[0] == "dw")
    assert dw[rows[0].index("党组织被点评·比率")].endswith("%")
    assert str(out) in result.stderr  # says where it went
    assert result.stdout == ""


def test_csv_on_stdout_stays_the_scripts_form(cli, review_root):
    result = cli("coverage", "-w", review_root, "--format", "csv")
    assert not result.stdout.startswith("\ufeff")
    assert result.stdout.splitlines()[0].startswith("id,name,parent,depth,orgs_reviewed")


def test_format_from_the_extension_or_the_option(cli, review_root, tmp_path):
    as_json = tmp_path / "c.json"
    assert cli("coverage", "-w", review_root, "-o", as_json).exit_code == 0
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data == json.loads(cli("coverage", "-w", review_root, "--format", "json").stdout)
    forced = tmp_path / "c.data"
    assert cli("coverage", "-w", review_root, "-o", forced, "--format", "json").exit_code == 0
    assert json.loads(forced.read_text(encoding="utf-8")) == data
    unknown = cli("coverage", "-w", review_root, "-o", tmp_path / "c.data2")
    assert unknown.exit_code == 2 and "--format" in unknown.stderr and not (tmp_path / "c.data2").exists()
    text = tmp_path / "c.txt"
    assert cli("coverage", "-w", review_root, "-o", text).exit_code == 0
    body = text.read_text(encoding="utf-8")
    assert "点评覆盖率" in body and "\x1b[" not in body


def test_xlsx_is_a_printable_one_sheet_workbook(cli, review_root, tmp_path):
    out = tmp_path / "c.xlsx"
    assert cli("coverage", "-w", review_root, "-o", out).exit_code == 0
    wb = load_workbook(out)
    assert len(wb.worksheets) == 1
    sheet = wb.active
    assert "点评覆盖率" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:2] == ["编号", "组织名称"]
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert sheet.print_title_rows == "$2:$2"
    header = [c.value for c in sheet[2]]
    rate = sheet.cell(row=3, column=header.index("党组织被点评·比率") + 1)
    assert isinstance(rate.value, float) and rate.number_format == "0.00%"
    # on the screen a workbook is refused
    result = cli("coverage", "-w", review_root, "--format", "xlsx")
    assert result.exit_code == 2 and "-o" in result.stderr


def test_an_existing_file_is_replaced_only_with_force(cli, review_root, tmp_path):
    out = tmp_path / "c.csv"
    out.write_text("mine", encoding="utf-8")
    result = cli("coverage", "-w", review_root, "-o", out)
    assert result.exit_code == 2
    assert "--force" in result.stderr and "已存在" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("coverage", "-w", review_root, "-o", out, "--force").exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert cli("coverage", "-w", review_root, "-o", folder, "--force").exit_code == 2


def test_formula_text_is_prefixed_numbers_never():
    assert [safe_text(s) for s in ("=1+1", "+x", "-y", "@z", "\tt", "\rr", "ok", "—")] == [
        "'=1+1",
        "'+x",
        "'-y",
        "'@z",
        "'\tt",
        "'\rr",
        "ok",
        "—",
    ]
    text = to_csv(["a", "b", "c", "d"], [["=SUM(A1)", -3, Percent(Fraction(1, 3)), None]])
    assert text.splitlines()[1] == "'=SUM(A1),-3,33.33%,"


def test_formula_text_in_a_workspace_is_safe_in_every_file(tmp_path, cli):
    tree_with_formula = build(tmp_path, rounds=[ROUND_H1]).joinpath("orgs.yaml")
    text = tree_with_formula.read_text(encoding="utf-8").replace("name: 第一党支部", "name: =HYPERLINK(1)")
    tree_with_formula.write_text(text, encoding="utf-8")
    root = tree_with_formula.parent
    stdout = cli("coverage", "-w", root, "--format", "csv").stdout
    assert "'=HYPERLINK(1)" in stdout
    out = tmp_path / "c.xlsx"
    assert cli("coverage", "-w", root, "-o", out).exit_code == 0
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_user_errors_are_chinese_by_default_and_english_on_request(cli, review_root):
    zh = cli("coverage", "-w", review_root, "--round", "nope")
    assert zh.exit_code == 2 and "nope" in zh.stderr and "2024-H1" in zh.stderr
    assert "没有" in zh.stderr and "Traceback" not in zh.stderr
    en = cli("coverage", "-w", review_root, "--round", "nope", "--lang", "en")
    assert en.exit_code == 2 and "there is no round `nope`" in en.stderr
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.stderr.replace("2024年", ""))
    env = cli("coverage", "-w", review_root, "--round", "nope", env={"PINGYI_LANG": "en"})
    assert "there is no round" in env.stderr


def test_missing_workspace_is_a_usage_error_in_chinese(cli, tmp_path):
    result = cli("coverage", "-w", tmp_path / "nowhere")
    assert result.exit_code == 2 and "不存在" in result.stderr and "Traceback" not in result.output


def test_selection_is_resolved_once(tmp_path):
    ws = workspace(build(tmp_path, rounds=[ROUND_H1]))
    sel = select(ws, org="第三党支部")
    assert sel.org == "zb3" and sel.year == 2024 and sel.round_ids == ("2024-H1",)
    assert select(ws, rounds=["2024-H1", "2024-H1"]).round_ids == ("2024-H1",)
    with pytest.raises(SelectionError) as member:
        select(ws, org="m101")
    assert member.value.code == "option-not-an-org" and member.value.option == "--org"
    with pytest.raises(SelectionError) as typo:
        select(ws, org="zb5")
    assert "Did you mean zb4 (第四党支部)" in typo.value.message_in("en")
    assert isinstance(typo.value, UserError) and typo.value.exit_code == 2


def test_output_format_rules(tmp_path):
    assert output_format(None, None) is ReportFormat.table
    assert output_format(None, tmp_path / "x.XLSX") is ReportFormat.xlsx
    assert output_format(ReportFormat.csv, tmp_path / "x.json") is ReportFormat.csv
    with pytest.raises(UserError):
        output_format(None, tmp_path / "x.pdf")


def test_a_report_without_html_says_so(tmp_path):
    from pingyi.compute.coverage import compute_coverage
    from pingyi.render.coverage import CoverageReport

    ws = workspace(build(tmp_path, rounds=[ROUND_H1]))
    with use_lang("en"), pytest.raises(UserError) as exc:
        render_report(CoverageReport(compute_coverage(ws)), ReportFormat.html, to_file=True)
    assert exc.value.code == "output-no-html"


def test_writing_a_file_is_never_served_from_remembered_output():
    from pingyi.memo import _rememberable

    assert _rememberable(["coverage", "--format", "json"])
    for argv in (
        ["coverage", "-o", "x.csv"],
        ["coverage", "--output", "x.csv"],
        ["coverage", "--output=x.csv"],
        ["coverage", "-ox.csv"],
    ):
        assert not _rememberable(argv), argv
