"""`pingyi export xlsx` (FORMAT §12): the workbook of ledgers, read back with openpyxl.

Every sheet's headers; computed values against `pingyi score` / `pingyi coverage` JSON;
frozen panes, filters, print titles, A4 landscape, charts; text from the workspace that
looks like a formula stays text; the same workspace gives the same file; an existing file
is replaced only with --force."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import pingyi
from pingyi.cli import app
from pingyi.render.xlsx.widths import display_width
from pingyi.workbook import export_workbook
from wsfactory import make_ws

EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"
AS_OF = "2025-01-15"

SHEETS_ZH = [
    "点评台账",
    "覆盖率",
    "未点评名单",
    "整改台账",
    "承诺践诺台账",
    "承诺兑现率",
    "积分汇总",
    "积分卡",
    "满意度测评",
    "季度之星",
    "年度之星",
    "统计图",
    "民主评议",
]
SHEETS_EN = [
    "Reviews",
    "Coverage",
    "Not reviewed",
    "Rectifications",
    "Commitments ledger",
    "Fulfilment",
    "Points",
    "Score cards",
    "Surveys",
    "Quarter stars",
    "Annual stars",
    "Charts",
    "Democratic appraisal",
]

#: Headers every ledger must show (a subset of its header rows), zh and en.
HEADERS = {
    "点评台账": [
        "序号",
        "轮次",
        "点评人",
        "点评对象",
        "日期",
        "点评方式",
        "点评内容",
        "存在问题",
        "整改措施",
        "责任人",
        "整改时限",
        "状态",
    ],
    "覆盖率": ["编号", "党组织", "党组织被点评", "书记被点评", "书记作点评", "党员被点评", "已点评", "应点评", "比率"],
    "未点评名单": ["指标", "编号", "姓名", "所在党组织"],
    "整改台账": [
        "序号",
        "轮次",
        "点评日期",
        "点评人",
        "点评对象",
        "存在问题",
        "整改措施",
        "责任人",
        "整改时限",
        "销号日期",
        "状态",
        "逾期天数",
    ],
    "承诺践诺台账": ["序号", "编号", "承诺主体", "所在党组织", "类型", "承诺内容", "承诺日期", "完成时限", "状态", "兑现日期"],
    "承诺兑现率": ["编号", "党组织", "组织承诺", "党员承诺", "承诺数", "撤回", "已兑现", "兑现率"],
    "积分汇总": [
        "序号",
        "党组织",
        "编号",
        "姓名",
        "状态",
        "评分月数",
        "学习提高",
        "承诺践诺",
        "加减分",
        "年度总积分",
        "星级",
        "等次",
        "支部排名",
        "评定理由",
    ],
    "满意度测评": ["编号", "测评名称", "测评对象", "日期", "票数分布", "有效票", "满意票", "满意率"],
    "季度之星": ["季度", "党组织", "参评人数", "名额", "名次", "编号", "姓名", "已评"],
    "年度之星": ["名次", "编号", "姓名", "党组织", "年度总积分", "星级", "已评"],
}
HEADERS_EN = {
    "Reviews": ["No.", "Round", "Reviewer", "Subject", "Date", "Mode", "Content", "Problem", "Measure", "Owner", "Due", "State"],
    "Coverage": ["Org", "Orgs reviewed", "Members reviewed", "Reviewed", "Out of", "Rate"],
    "Points": ["Name", "Status", "Adjustment", "Total", "Stars", "Grade", "Rank in org"],
}


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def export(tmp: Path, *args: object, name: str = "out.xlsx", workspace: Path = EXAMPLE) -> Path:
    out = tmp / name
    result = run("export", "xlsx", "-w", workspace, "-o", out, "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    import os

    os.environ["PINGYI_NO_CACHE"] = "1"
    return export(tmp_path_factory.mktemp("xlsx"))


@pytest.fixture(scope="module")
def wb(book):
    return openpyxl.load_workbook(book)


def header_texts(sheet) -> list[str]:
    """Every text of the title, note and header rows (the rows above the freeze)."""
    frozen_row = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1]
    return [str(c.value) for row in sheet.iter_rows(min_row=1, max_row=frozen_row - 1) for c in row if c.value is not None]


def data_rows(sheet) -> list[tuple]:
    """The rows below the frozen header, up to the last row with a value in column A."""
    frozen_row = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1]
    out = []
    for row in sheet.iter_rows(min_row=frozen_row, values_only=True):
        if row[0] is None and all(v is None for v in row):
            break
        out.append(row)
    return out


def column_of(sheet, header: str) -> int:
    """1-based column of a header in the header rows."""
    frozen_row = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1]
    for row in sheet.iter_rows(min_row=1, max_row=frozen_row - 1):
        for c in row:
            if c.value == header:
                return c.column
    raise AssertionError(f"no header {header!r} in {sheet.title}")


# ----------------------------------------------------------------------------- sheets and headers


def test_every_ledger_is_a_sheet(wb):
    assert wb.sheetnames == SHEETS_ZH


@pytest.mark.parametrize("sheet", list(HEADERS))
def test_headers(wb, sheet):
    texts = header_texts(wb[sheet])
    for h in HEADERS[sheet]:
        assert h in texts, f"{sheet}: no header {h!r} in {texts}"


def test_title_row_names_workspace_year_and_ledger(wb):
    for name in SHEETS_ZH:
        sheet = wb[name]
        assert sheet["A1"].value == f"江城市教育局党委2024年度{name}"
        if name != "统计图":
            merged = [str(r) for r in sheet.merged_cells.ranges if r.min_row == 1]
            assert merged and merged[0].startswith("A1:"), f"{name}: the title is not merged across the table"


def test_english_sheet_names_and_labels(tmp_path):
    book = openpyxl.load_workbook(export(tmp_path, "--lang", "en"))
    assert book.sheetnames == SHEETS_EN
    for sheet, headers in HEADERS_EN.items():
        texts = header_texts(book[sheet])
        for h in headers:
            assert h in texts, f"{sheet}: no header {h!r} in {texts}"
    cards = [c.value for row in book["Score cards"].iter_rows(max_row=30) for c in row if isinstance(c.value, str)]
    assert {"Month", "Month total", "Year total", "Rank in the org"} <= set(cards)
    grades = {row[column_of(book["Points"], "Grade") - 1] for row in data_rows(book["Points"])}
    assert grades <= {"excellent", "qualified", "basic", "unqualified", None}


# ----------------------------------------------------------------------------- values


def test_points_match_pingyi_score(wb):
    result = run("score", "-w", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    expected = json.loads(result.stdout)
    sheet = wb["积分汇总"]
    rows = {r[column_of(sheet, "编号") - 1]: r for r in data_rows(sheet)}
    assert set(rows) == {m["id"] for m in expected["members"]}
    grade = {"excellent": "优秀", "qualified": "合格", "basic": "基本合格", "unqualified": "不合格"}
    first_item = column_of(sheet, "学习提高") - 1
    for m in expected["members"]:
        row = rows[m["id"]]
        assert row[column_of(sheet, "姓名") - 1] == m["name"]
        assert row[column_of(sheet, "年度总积分") - 1] == pytest.approx(m["total"]) if m["total"] is not None else True
        assert row[column_of(sheet, "加减分") - 1] == pytest.approx(m["adjustment"]) if m["adjustment"] is not None else True
        if m["items"]:
            assert list(row[first_item : first_item + 10]) == pytest.approx(m["items"])
        if m["stars"] is not None:
            assert row[column_of(sheet, "星级") - 1] == m["stars"]
            assert row[column_of(sheet, "等次") - 1] == grade[m["grade"]]
        else:
            assert isinstance(row[column_of(sheet, "星级") - 1], str)  # 未评定


def test_points_formats_and_rank(wb):
    sheet = wb["积分汇总"]
    frozen_row = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1]
    total = sheet.cell(frozen_row, column_of(sheet, "年度总积分"))
    assert total.number_format == "0.00" and isinstance(total.value, (int, float))
    rank_col = column_of(sheet, "支部排名") - 1
    org_col = column_of(sheet, "党组织") - 1
    by_org: dict[str, list[int]] = {}
    for row in data_rows(sheet):
        if row[rank_col] is not None:
            by_org.setdefault(row[org_col], []).append(row[rank_col])
    for ranks in by_org.values():
        assert min(ranks) == 1  # a rank within each org


def test_star_distribution_matches_summary(wb):
    expected = json.loads(run("score", "-w", EXAMPLE, "--format", "json").stdout)["summary"]["stars"]
    sheet = wb["统计图"]
    counts = {}
    for row in sheet.iter_rows(min_row=4, max_col=2, values_only=True):
        if isinstance(row[0], str) and row[0].endswith("星") and isinstance(row[1], int):
            counts[row[0][:-1]] = row[1]
    assert {k: v for k, v in counts.items()} == {k: v for k, v in expected.items()}


def test_coverage_matches_pingyi_coverage(wb):
    result = run("coverage", "-w", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    expected = json.loads(result.stdout)
    sheet = wb["覆盖率"]
    rows = {r[0]: r for r in data_rows(sheet)}
    measures = ["orgs", "secretaries_reviewed", "secretaries_reviewing", "members"]
    assert {o["id"] for o in expected["by_org"]} <= set(rows)
    for o in expected["by_org"]:
        row = rows[o["id"]]
        for k, code in enumerate(measures):
            reviewed, total, rate = row[2 + 3 * k : 5 + 3 * k]
            assert (reviewed, total) == (o[code]["reviewed"], o[code]["total"]), (o["id"], code)
            if o[code]["rate"] is None:
                assert rate is None
            else:
                assert rate == pytest.approx(o[code]["rate"], abs=5e-5)
    # the scope's own row is the report's totals
    scope = rows[expected["scope"]]
    assert scope[2:4] == (expected["orgs"]["reviewed"], expected["orgs"]["total"])
    rate_cell = sheet.cell(openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1], 5)
    assert rate_cell.number_format == "0.00%"  # as on screen: 91.67%


def test_rectify_ledger_matches_pingyi_rectify(wb):
    result = run("rectify", "-w", EXAMPLE, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    items = data["items"] if isinstance(data, dict) else data
    sheet = wb["整改台账"]
    rows = data_rows(sheet)
    assert len(rows) == len(items)
    state = {"closed": "已销号", "open": "未销号", "overdue": "已逾期"}
    assert [r[column_of(sheet, "状态") - 1] for r in rows] == [state[i["state"]] for i in items]
    assert [r[column_of(sheet, "存在问题") - 1] for r in rows] == [i["problem"] for i in items]
    # overdue rows are highlighted by a conditional format
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert any("已逾期" in (r.formula or [""])[0] for r in rules)


def cards(sheet) -> dict[str, list[tuple]]:
    """member id → the rows of their card (title row first), read from the sheet."""
    import re

    out: dict[str, list[tuple]] = {}
    current: list[tuple] | None = None
    for row in sheet.iter_rows(min_row=3, values_only=True):
        first = row[0]
        found = re.search(r"（(\w+)）", first) if isinstance(first, str) else None
        if found and " · " in first:
            current = out.setdefault(found.group(1), [])
        if current is not None and any(v is not None for v in row):
            current.append(row)
    return out


def test_score_cards_one_card_per_member_as_explain_shows_it(wb):
    """Issue 12 item 9: one card per member, the twelve months by item, Σ, A, D, I, then
    the parts of the total, stars, grade and rank; each card on a page of its own."""
    expected = {m["id"]: m for m in json.loads(run("score", "-w", EXAMPLE, "--format", "json").stdout)["members"]}
    sheet = wb["积分卡"]
    by_member = cards(sheet)
    scored = {k for k, m in expected.items() if m["months"]}
    assert set(by_member) == scored
    rows = by_member["m101"]
    assert rows[0][0] == "许文博（m101）· 第一中学高中部党支部 · 正常"
    assert rows[1][:2] == ("月份", "学习提高") and rows[1][11] == "月合计"
    months = [r[0] for r in rows[2:14]]
    assert months == [f"2024-{m:02d}" for m in range(1, 13)]
    sum_row = rows[14]
    assert sum_row[0] == "合计 Σ" and sum_row[1] == sum(r[1] for r in rows[2:14])
    assert rows[15][0] == "A = Σ ÷ 12" and rows[15][1] == pytest.approx(sum_row[1] / 12)
    assert rows[16][0].startswith("D") and rows[17][0].startswith("I = A×80% + D×20%")
    assert list(rows[17][1:11]) == pytest.approx(expected["m101"]["items"], abs=0.005)
    assert rows[18][:7] == ("月度积分(80%)", "民主测评(20%)", "加减分", "年度总积分", "星级", "等次", "本组织排名")
    m = expected["m101"]
    assert rows[19][:6] == pytest.approx((m["base"], m["democratic"], m["adjustment"], m["total"], m["stars"], "优秀"))
    assert rows[19][6] == "第1名/17人"
    # a page break before every card but the first, none inside a card
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert len(breaks) == len(by_member) - 1
    titles = [c.row for c in sheet["A"] if isinstance(c.value, str) and " · " in c.value and "（" in c.value]
    assert all(t - 2 <= b < t for b, t in zip(breaks, titles[1:]))
    assert sheet.column_dimensions["A"].width < 25  # the card titles do not widen the month column


def test_reviews_ledger_lists_every_review_of_the_year(wb):
    ws = pingyi.load(EXAMPLE).workspace
    n = sum(1 for doc in ws.rounds for r in doc.model.reviews if r.date.year == 2024)
    assert len(data_rows(wb["点评台账"])) == n


# ----------------------------------------------------------------------------- reading and printing


def test_print_setup_of_every_ledger(wb):
    for name in SHEETS_ZH:
        sheet = wb[name]
        assert sheet.page_setup.orientation == "landscape", name
        assert sheet.page_setup.paperSize in (9, "9"), name  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0, name
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text, name
        if name == "积分卡":  # a header per card, not one for the sheet
            assert not sheet.print_title_rows and sheet.row_breaks.brk, name
        elif name != "统计图":
            assert sheet.freeze_panes, name
            assert sheet.print_title_rows, name
            first, last = sheet.print_title_rows.replace("$", "").split(":")
            frozen_row = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1]
            assert int(last) == frozen_row - 1, f"{name}: the repeated rows are not the header"


def test_filters_cover_the_header_and_data(wb):
    for name in SHEETS_ZH:
        if name in ("统计图", "积分卡"):
            continue
        sheet = wb[name]
        rows = data_rows(sheet)
        if len(rows) > 1:
            assert sheet.auto_filter.ref, name
            frozen_row = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1]
            assert sheet.auto_filter.ref.startswith(f"A{frozen_row - 1}:"), name


def test_signature_line_under_signed_ledgers(wb):
    for name in ["点评台账", "整改台账", "承诺践诺台账", "积分汇总"]:
        texts = [c.value for row in wb[name].iter_rows(min_row=wb[name].max_row - 2) for c in row if isinstance(c.value, str)]
        assert any(t.startswith("填报人：") and "审核人：" in t and "日期：" in t for t in texts), name


def test_column_widths_fit_chinese_names(wb):
    sheet = wb["积分汇总"]
    col = column_of(sheet, "姓名")
    letter = openpyxl.utils.get_column_letter(col)
    widest = max(display_width(r[col - 1]) for r in data_rows(sheet) if r[col - 1])
    assert sheet.column_dimensions[letter].width >= widest


def test_charts_exist(book, wb):
    with zipfile.ZipFile(book) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 2
        xml = [z.read(n).decode() for n in charts]
    assert all("barChart" in x for x in xml)
    assert any('barDir val="col"' in x for x in xml) and any('barDir val="bar"' in x for x in xml)
    assert len(wb["统计图"]._charts) == 2


def test_no_formulas_anywhere(wb):
    for sheet in wb:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{sheet.title}!{c.coordinate}: {c.value!r}"


# ----------------------------------------------------------------------------- safety and stability

INJECTED = {
    "pingyi.yaml": "pingyi: 1\nname: '=HYPERLINK(\"http://evil\")'\nyear: 2024\n",
    "orgs.yaml": """
        kind: org
        orgs:
          - id: dw
            name: '@SUM(A1)'
            type: committee
            secretary: m001
            members:
              - {id: m001, name: '=1+1'}
              - {id: m002, name: '-2'}
          - id: zb1
            name: '+x'
            type: branch
            parent: dw
            secretary: m101
            members:
              - {id: m101, name: "\\tcmd"}
              - {id: m102, name: '#N/A'}
    """,
    "r.yaml": """
        kind: round
        id: r1
        name: '=2+2'
        method: leader
        start: 2024-06-01
        end: 2024-06-30
        reviews:
          - reviewer_name: '@outsider'
            subject: [zb1, m101]
            date: 2024-06-10
            mode: meeting
            content: "=1+1 then \\x01 a control character"
            problems:
              - {problem: '-1 point', measure: '+1 meeting', owner: m101, due: 2024-06-20}
    """,
    "c.yaml": """
        kind: commitments
        year: 2024
        items:
          - {owner: zb1, type: basic, text: '=cmd|" /C calc"!A0', status: open, due: 2024-12-31}
    """,
    "s.yaml": """
        kind: survey
        id: s1
        name: "\\rcarriage"
        subject: zb1
        date: 2024-12-01
        counts: {满意: 3, 基本满意: 1, 不满意: 0}
    """,
}
#: A carriage return cannot survive XML (it is read back as a line feed), so the workbook
#: writes line ends as line feeds: "\rcarriage" is the cell "\ncarriage".
DANGEROUS = [
    "=HYPERLINK",
    "@SUM(A1)",
    "=1+1",
    "-2",
    "+x",
    "\tcmd",
    "#N/A",
    "=2+2",
    "@outsider",
    "-1 point",
    "+1 meeting",
    "=cmd",
    "\ncarriage",
]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    root = make_ws(tmp_path, dict(INJECTED), config=INJECTED["pingyi.yaml"], orgs=False)
    check = run("check", "-w", root)
    assert check.exit_code == 0, check.output
    book = openpyxl.load_workbook(export(tmp_path, workspace=root))
    found: dict[str, int] = {d: 0 for d in DANGEROUS}
    for sheet in book:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{sheet.title}!{c.coordinate} became a formula: {c.value!r}"
                if isinstance(c.value, str):
                    for d in DANGEROUS:
                        if c.value.startswith(d) or f"、{d}" in c.value or c.value.endswith(d):
                            found[d] += 1
                            assert c.data_type == "s", f"{sheet.title}!{c.coordinate}: {c.value!r} is {c.data_type}"
                            if c.value.startswith(d) and d[0] in "=+-@\t\r":
                                assert c.quotePrefix, f"{sheet.title}!{c.coordinate}: no quote prefix on {c.value!r}"
    missing = [d for d, n in found.items() if n == 0]
    assert not missing, f"never written: {missing}"
    # the exact values survive, members' names included
    names = {c.value for row in book["积分汇总"].iter_rows() for c in row}
    assert {"=1+1", "-2", "\tcmd", "#N/A"} <= names
    # characters Excel rejects are dropped, the rest of the text kept
    contents = [
        c.value
        for row in book["点评台账"].iter_rows()
        for c in row
        if isinstance(c.value, str) and "control character" in c.value
    ]
    assert contents == ["=1+1 then  a control character"]


def test_same_workspace_same_file(tmp_path):
    a = export(tmp_path, name="a.xlsx")
    b = export(tmp_path, name="b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    wa, wb_ = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    for sa, sb in zip(wa, wb_):
        assert [[c.value for c in r] for r in sa.iter_rows()] == [[c.value for c in r] for r in sb.iter_rows()]
    assert wa.properties.created.year == 2024 and wa.properties.modified == wa.properties.created


def test_refuses_to_overwrite_without_force(tmp_path):
    out = export(tmp_path)
    before = out.read_bytes()
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert out.read_bytes() == before
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF, "--lang", "en", "--force")
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames == SHEETS_EN
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_only_xlsx_files(tmp_path):
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", tmp_path / "out.xls")
    assert result.exit_code == 2 and ".xlsx" in result.output


# ----------------------------------------------------------------------------- options


def test_org_limits_every_ledger_to_the_subtree(tmp_path):
    book = openpyxl.load_workbook(export(tmp_path, "--org", "yz"))
    ws = pingyi.load(EXAMPLE).workspace
    inside = {m.id for m in ws.members_of("yz")}
    sheet = book["积分汇总"]
    ids = {r[column_of(sheet, "编号") - 1] for r in data_rows(sheet)}
    assert ids == inside
    coverage = {r[0] for r in data_rows(book["覆盖率"])}
    assert coverage == set(ws.subtree("yz"))


def test_round_selects_the_reviews(tmp_path):
    book = openpyxl.load_workbook(export(tmp_path, "--round", "2024-H1"))
    ws = pingyi.load(EXAMPLE).workspace
    h1 = next(d.model for d in ws.rounds if d.model.id == "2024-H1")
    rows = data_rows(book["点评台账"])
    assert len(rows) == len(h1.reviews)
    assert {r[1] for r in rows} == {h1.name}


def test_unknown_round_and_org_are_usage_errors(tmp_path):
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", tmp_path / "x.xlsx", "--round", "nope")
    assert result.exit_code == 2 and "nope" in result.output
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", tmp_path / "x.xlsx", "--org", "m101")
    assert result.exit_code == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_broken_workspace_exits_1_with_located_errors(tmp_path):
    root = make_ws(tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: nowhere}\n"})
    result = run("export", "xlsx", "-w", root, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "z.yaml:3:" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_python_api_gives_the_same_bytes(tmp_path):
    import datetime as dt

    ws = pingyi.load(EXAMPLE).workspace
    data = export_workbook(ws, as_of=dt.date(2025, 1, 15))
    assert data == export(tmp_path).read_bytes()
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == SHEETS_ZH


def test_empty_workspace_still_gives_every_sheet(tmp_path):
    root = make_ws(tmp_path)
    book = openpyxl.load_workbook(export(tmp_path, workspace=root))
    assert book.sheetnames == SHEETS_ZH
    assert data_rows(book["点评台账"])[0][0] == "无记录"


# ----------------------------------------------------------------------------- streamed rows

#: Texts an XML writer must take care of: markup characters, outer spaces, line breaks,
#: an empty string, wide, combining and astral characters, a long word.
TRICKY = {
    "pingyi.yaml": "pingyi: 1\nname: 'A & B <党委>'\nyear: 2024\n",
    "r.yaml": """
        kind: round
        id: r1
        name: '  spaced round  '
        method: leader
        start: 2024-06-01
        end: 2024-06-30
        reviews:
          - reviewer: m101
            subject: [zb1, m102]
            date: 2024-06-10
            mode: meeting
            content: "a & b < c > d\\n第二行 \\"引号\\" 'x'\\n\\n  indented"
            problems:
              - {problem: 'e\\u0301 combining, 😀 astral, ＡＢ full width', measure: 'Supercalifragilisticexpialidocious-and-then-some-more', owner: m101, due: 2024-06-20, closed: 2024-06-18}
              - {problem: '   ', measure: '=1+1', owner: m102, due: 2024-06-25}
          - reviewer: m102
            subject: [m101]
            date: 2024-06-11
            mode: talk
            content: '-'
    """,
    "c.yaml": """
        kind: commitments
        year: 2024
        items:
          - {owner: m101, type: basic, text: "</t></is><v>1</v>", status: done, due: 2024-12-31, done: 2024-11-30, evidence: '&amp;'}
    """,
}


def _canonical(book: openpyxl.Workbook) -> list[tuple]:
    """What a reader sees in a workbook: sheets, layout, print setup, and every cell's
    value, type and look."""
    out: list[tuple] = [("sheets", tuple(book.sheetnames))]
    for sheet in book:
        out.append(
            (
                sheet.title,
                sheet.max_row,
                sheet.max_column,
                sheet.freeze_panes,
                sheet.auto_filter.ref,
                sheet.print_title_rows,
                sheet.print_area,
                tuple(sorted(str(r) for r in sheet.merged_cells.ranges)),
                tuple(sorted((k, d.width) for k, d in sheet.column_dimensions.items() if d.width)),
                tuple(sorted((k, d.height) for k, d in sheet.row_dimensions.items() if d.height)),
                tuple(
                    (
                        str(cf.sqref),
                        tuple((r.formula[0], r.dxf.fill.fgColor.rgb if r.dxf and r.dxf.fill else None) for r in cf.rules),
                    )
                    for cf in sheet.conditional_formatting
                ),
            )
        )
        for row in sheet.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                f, a = c.font, c.alignment
                look = (
                    f.name,
                    f.sz,
                    f.b,
                    c.fill.fgColor.rgb,
                    c.border.left.style,
                    a.horizontal,
                    a.vertical,
                    a.wrap_text,
                    c.number_format,
                    c.quotePrefix,
                )
                out.append((c.coordinate, c.value, c.data_type, look))
    return out


@pytest.mark.parametrize("case", ["example", "example-en", "injected", "tricky", "empty"])
def test_streamed_rows_read_back_as_cells_would(tmp_path, monkeypatch, case):
    """The ledgers' data rows are written straight to the sheet's XML (fast); a reader
    finds in them exactly what openpyxl's own cells would have given."""
    import datetime as dt

    from pingyi.render.xlsx import ledger
    from pingyi.render.xlsx.ledger import Ledger

    lang = "en" if case == "example-en" else None
    if case.startswith("example"):
        root = EXAMPLE
    elif case == "injected":
        root = make_ws(tmp_path, dict(INJECTED), config=INJECTED["pingyi.yaml"], orgs=False)
    elif case == "tricky":
        root = make_ws(tmp_path, dict(TRICKY), config=TRICKY["pingyi.yaml"])
    else:
        root = make_ws(tmp_path)
    ws = pingyi.load(root).workspace
    streamed = export_workbook(ws, as_of=dt.date(2025, 1, 15), lang=lang)
    monkeypatch.setattr(ledger, "Ledger", lambda *a, **k: Ledger(*a, **{**k, "stream": False}))
    cells = export_workbook(ws, as_of=dt.date(2025, 1, 15), lang=lang)
    assert streamed != cells  # the two ways were taken
    a, b = _canonical(openpyxl.load_workbook(io.BytesIO(streamed))), _canonical(openpyxl.load_workbook(io.BytesIO(cells)))
    assert len(a) == len(b)
    assert [x for x, y in zip(a, b) if x != y] == []
    if case == "tricky":
        texts = {c.value for sheet in openpyxl.load_workbook(io.BytesIO(streamed)) for row in sheet.iter_rows() for c in row}
        assert "a & b < c > d\n第二行 \"引号\" 'x'\n\n  indented" in texts
        assert "</t></is><v>1</v>" in texts and "&amp;" in texts and "  spaced round  " in texts


@pytest.mark.parametrize("limits", [(60, 999), (1_048_576, 3)], ids=["rows", "pages"])
def test_continued_sheets_read_back_as_cells_would(monkeypatch, limits):
    """With the row limit (or the page limit) lowered, the ledgers continue on further
    sheets, each full sheet written as soon as the next one begins: a reader finds
    exactly what openpyxl's own cells give, continuations and all."""
    import datetime as dt

    from pingyi.render.xlsx import ledger
    from pingyi.render.xlsx.ledger import Ledger

    monkeypatch.setattr(ledger, "MAX_ROWS", limits[0])
    monkeypatch.setattr(ledger, "MAX_BREAKS", limits[1])
    ws = pingyi.load(EXAMPLE).workspace
    streamed = export_workbook(ws, as_of=dt.date(2025, 1, 15))
    monkeypatch.setattr(ledger, "Ledger", lambda *a, **k: Ledger(*a, **{**k, "stream": False}))
    cells = export_workbook(ws, as_of=dt.date(2025, 1, 15))
    book = openpyxl.load_workbook(io.BytesIO(streamed))
    assert "积分卡（续3）" in book.sheetnames
    a, b = _canonical(book), _canonical(openpyxl.load_workbook(io.BytesIO(cells)))
    assert len(a) == len(b)
    assert [x for x, y in zip(a, b) if x != y] == []


def test_each_sheet_is_written_when_it_is_finished(monkeypatch):
    """The workbook never holds the rows of two finished sheets: a ledger's sheet is
    written into the file when the ledger is finished (a full sheet of cards when the next
    begins), and its rows let go."""
    import datetime as dt

    from pingyi.render.xlsx import ledger, stream

    made: list = []
    real = ledger.Ledger

    def make(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    held: list[int] = []
    real_flush = stream.flush

    def flush(finished):
        held.append(sum(len(other._data) for other in made if other is not finished))
        return real_flush(finished)

    monkeypatch.setattr(ledger, "Ledger", make)
    monkeypatch.setattr(ledger, "MAX_BREAKS", 3)
    monkeypatch.setattr(stream, "flush", flush)
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(pingyi.load(EXAMPLE).workspace, as_of=dt.date(2025, 1, 15))))
    assert len(held) == len(made) == len(book.sheetnames) - 1  # every sheet but the charts
    assert held == [0] * len(held)
    assert all(not part._data for part in made)


def test_rows_of_any_type_read_back_as_cells_would():
    """A streamed row holds what a cell may: text (also text that looks like a formula,
    markup, a subclass of str), whole and decimal numbers, Decimal, Fraction, booleans,
    dates and times, nothing; rows alike share one template, a row with a rarer type is
    written cell by cell. Saved with or without the sheet written early, a reader finds
    what openpyxl's own cells give."""
    import datetime as dt
    from decimal import Decimal
    from enum import StrEnum
    from fractions import Fraction

    from pingyi.render.xlsx.ledger import Column, Ledger
    from pingyi.render.xlsx.stream import new_workbook, open_archive, workbook_bytes

    class Code(StrEnum):
        A = "a-code"

    rows = [
        ("text", 1, 2.5, Decimal("3.10"), Fraction(1, 3), dt.date(2024, 5, 1), None),
        ("=1+1", -2, 1e20, Decimal("7"), Fraction(4, 2), dt.date(2024, 12, 31), "<b>&</b>"),
        (Code.A, True, dt.datetime(2024, 1, 2, 3, 4, 5), None, None, None, "  spaced  "),
        ("text", 1, 2.5, Decimal("3.10"), Fraction(1, 3), dt.date(2024, 5, 1), None),
        ("第二行\n第三行", None, None, None, None, None, ""),
    ]
    kinds = ["wrap", "int", "num", "points", "num", "date", "text"]
    columns = [Column(f"c{j}", kind) for j, kind in enumerate(kinds)]

    def book(stream: bool, early: bool) -> list[tuple]:
        wb = new_workbook(2024, title="t", lang="zh")
        if early:
            open_archive(wb, 2024)
        sheet = Ledger(wb.create_sheet("s"), "title", columns, "zh", stream=stream)
        for k, row in enumerate(rows):
            sheet.add(row, bold=k == 1, formats={2: "0.000"} if k == 3 else None)
        sheet.finish()
        return _canonical(openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb, 2024))))

    cells = book(stream=False, early=False)
    assert any(c[1] == "a-code" for c in cells if len(c) == 4)
    assert book(stream=True, early=True) == cells
    assert book(stream=True, early=False) == cells


def test_streamed_sheets_are_well_formed_xml(tmp_path):
    """Every part of the file parses as XML, and each sheet's dimension covers its rows."""
    import datetime as dt
    from xml.etree import ElementTree as ET

    root = make_ws(tmp_path, dict(TRICKY), config=TRICKY["pingyi.yaml"])
    data = export_workbook(pingyi.load(root).workspace, as_of=dt.date(2025, 1, 15))
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            tree = ET.fromstring(z.read(name))
            if name.startswith("xl/worksheets/sheet"):
                rows = [int(r.get("r")) for r in tree.iter(f"{ns}row")]
                assert rows == sorted(set(rows)), name
                ref = tree.find(f"{ns}dimension").get("ref")
                assert int(ref.split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= max(rows), name


def test_progress_adds_up_to_the_announced_size():
    """The progress callback's units sum to ``Ledgers.size`` (the bar ends full), and
    the bar moves as the rows are laid out and written, sheet by sheet, not all at the
    end."""
    import datetime as dt

    from pingyi.render.xlsx import render_workbook
    from pingyi.render.xlsx.words import L
    from pingyi.workbook import compute_ledgers

    ws = pingyi.load(EXAMPLE).workspace
    data = compute_ledgers(ws, as_of=dt.date(2025, 1, 15))
    steps: list[tuple[str, int]] = []
    render_workbook(data, lang="zh", progress=lambda text, n: steps.append((text, n)))
    assert sum(n for _, n in steps) == data.size
    start = [t for t, _ in steps].index(L("xlsx_saving", "zh"))
    assert len([n for _, n in steps[:start] if n > 0]) > len(data.points)  # row by row
    assert sum(n for _, n in steps[start:]) < data.size // 10  # little is left for the end


# ----------------------------------------------------------------------------- the printed workbook (issue 12 item 9)


def test_titles_follow_the_org(tmp_path):
    """With --org the sheets are titled with the branch's name, not the committee's."""
    book = openpyxl.load_workbook(export(tmp_path, "--org", "yz1"))
    for name in book.sheetnames:
        assert book[name]["A1"].value.startswith("第一中学高中部党支部2024年度"), name
    assert all(" · 第一中学高中部党支部 · " in c for c in cards(book["积分卡"])) or cards(book["积分卡"])
    members = {r[column_of(book["积分汇总"], "编号") - 1] for r in data_rows(book["积分汇总"])}
    assert set(cards(book["积分卡"])) <= members and "m101" in members and "m201" not in members


def test_empty_ledgers_say_so_in_one_line(tmp_path):
    root = make_ws(tmp_path)
    book = openpyxl.load_workbook(export(tmp_path, workspace=root))
    for name, says in [
        ("点评台账", "无记录"),
        ("整改台账", "无记录"),
        ("承诺践诺台账", "无记录"),
        ("积分卡", "无记录"),
        ("满意度测评", "没有满意度测评"),
    ]:
        sheet = book[name]
        texts = [
            c.value
            for row in sheet.iter_rows(min_row=3)
            for c in row
            if isinstance(c.value, str) and not c.value.startswith("填报人")
        ]
        assert says in texts, (name, texts)
        row = next(c.row for r in sheet.iter_rows() for c in r if c.value == says)
        assert any(str(m).startswith(f"A{row}:") for m in sheet.merged_cells.ranges), name  # one line across the table
        assert not (sheet.row_dimensions[row].height or 0) > 20, name


def test_quarter_stars_show_who_was_named_first():
    """The 季度之星 sheet lists who was named, then the other candidates in rank order."""
    import dataclasses
    import datetime as dt

    from pingyi.ledgers import QuarterBlock
    from pingyi.render.xlsx import render_workbook
    from pingyi.workbook import compute_ledgers

    data = compute_ledgers(pingyi.load(EXAMPLE).workspace, as_of=dt.date(2025, 1, 15))
    assert data.honours is not None and data.honours.quarters
    block = data.honours.quarters[0]
    everyone = sorted(block.named + block.candidates, key=lambda c: c.rank)
    assert len(everyone) >= 3
    # the branch named its third-ranked member
    third = dataclasses.replace(everyone[2], named=True)
    others = tuple(dataclasses.replace(c, named=False) for c in everyone if c is not everyone[2])
    crafted = QuarterBlock(block.quarter, block.org_name, block.n, block.quota, (third,), others)
    data = dataclasses.replace(data, honours=dataclasses.replace(data.honours, quarters=(crafted,)))
    sheet = openpyxl.load_workbook(io.BytesIO(render_workbook(data, lang="zh")))["季度之星"]
    rows = data_rows(sheet)
    rank, named = column_of(sheet, "名次") - 1, column_of(sheet, "已评") - 1
    assert [(r[rank], r[named]) for r in rows] == [(3, "★")] + [(c.rank, None) for c in others]
    assert sheet.cell(openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[1], 1).font.b


def test_rates_have_the_decimals_shown_on_screen(wb):
    """Rates print as the tables show them: 91.67%, not 91.7%."""
    for name in ["覆盖率", "承诺兑现率", "满意度测评"]:
        sheet = wb[name]
        formats = {
            c.number_format
            for row in sheet.iter_rows()
            for c in row
            if isinstance(c.value, float) and c.number_format.endswith("%")
        }
        assert formats == {"0.00%"}, (name, formats)
    note = wb["承诺践诺台账"]["A2"].value
    assert "64.00%（16/25）" in note


def test_row_heights_fit_their_text(wb):
    """A row is as tall as its tallest cell's text: one-line rows keep the default
    height, a wrapped text gets a line of height per line."""
    sheet = wb["积分汇总"]
    one_line = [
        r for r in range(5, sheet.max_row) if sheet.cell(r, 2).value and not sheet.cell(r, column_of(sheet, "评定理由")).value
    ]
    assert one_line and all(not sheet.row_dimensions[r].height for r in one_line)
    sheet = wb["点评台账"]
    for r in range(4, 8):
        lines = max(str(c.value).count("\n") + 1 for c in sheet[r] if c.value is not None)
        assert sheet.row_dimensions[r].height >= 14.5 * lines


def test_coverage_chart_stays_readable_with_many_orgs(tmp_path):
    """Past a handful of orgs the chart draws one bar an org (members' coverage); past
    CHART_ORGS, the first level below the scope; its height grows with the orgs but stays
    within a page."""
    from pingyi.render.xlsx.points import CHART_ORGS

    lines = ["kind: org", "orgs:", "  - {id: top, name: 县委, type: committee, secretary: s0, members: [{id: s0, name: 书记}]}"]
    for k in range(40):
        lines.append(
            f"  - {{id: b{k}, name: 第{k}党支部, type: branch, parent: top, secretary: s{k + 1}, members: [{{id: s{k + 1}, name: 支书{k}}}]}}"
        )
        lines.append(f"  - {{id: c{k}, name: 第{k}党小组, type: group, parent: b{k}}}")
    root = make_ws(tmp_path, {"orgs.yaml": "\n".join(lines) + "\n"}, orgs=False)
    sheet = openpyxl.load_workbook(export(tmp_path, workspace=root))["统计图"]
    (star, coverage) = sheet._charts
    assert len(coverage.series) == 1
    assert coverage.height <= 18
    ref = coverage.series[0].val.numRef.f  # '统计图'!$E$27:$E$51
    first, last = (int(x.rsplit("$", 1)[1]) for x in ref.split(":"))
    assert last - first + 1 == CHART_ORGS


def test_a_sheet_continues_past_the_row_limit(tmp_path, monkeypatch):
    """Issue 11 item 5: past Excel's rows a ledger continues on a second sheet, said so in
    its name and title; a card is never split between two sheets."""
    import datetime as dt

    from pingyi.render.xlsx import ledger

    monkeypatch.setattr(ledger, "MAX_ROWS", 100)
    ws = pingyi.load(EXAMPLE).workspace
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(ws, as_of=dt.date(2025, 1, 15))))
    names = book.sheetnames
    assert names.index("季度之星（续2）") == names.index("季度之星") + 1
    assert book["季度之星（续2）"]["A1"].value == "江城市教育局党委2024年度季度之星（续2）"
    assert "接工作表“季度之星”" in book["季度之星（续2）"]["A2"].value
    assert all(book[n].max_row <= 100 for n in names)
    monkeypatch.undo()  # the same workbook without a limit
    one = openpyxl.load_workbook(io.BytesIO(export_workbook(ws, as_of=dt.date(2025, 1, 15))))
    stars = [r for n in names if n.startswith("季度之星") for r in data_rows(book[n])]
    assert stars == data_rows(one["季度之星"])
    card_sheets = [n for n in names if n.startswith("积分卡")]
    assert card_sheets[1] == "积分卡（续2）" and len(card_sheets) > 3
    every: dict[str, list[tuple]] = {}
    for n in card_sheets:
        for member, rows in cards(book[n]).items():
            assert member not in every and len(rows) == 20, (n, member, len(rows))
            every[member] = rows
    assert every == cards(one["积分卡"])


def test_every_growing_sheet_continues_past_the_row_limit(tmp_path, monkeypatch):
    """Issue 11 item 5: every ledger that grows with the workspace (积分汇总, 积分卡, the
    review, rectification and commitment ledgers, coverage …) continues on further sheets
    at the row limit (a constant, lowered here): together the parts hold exactly the rows
    of the unsplit sheet, in order, every member once in 积分汇总 and on one card, and no
    sheet is longer than the limit."""
    import datetime as dt

    from pingyi.render.xlsx import ledger

    limit = 30
    ws = pingyi.load(EXAMPLE).workspace
    day = dt.date(2025, 1, 15)
    one = openpyxl.load_workbook(io.BytesIO(export_workbook(ws, as_of=day)))
    monkeypatch.setattr(ledger, "MAX_ROWS", limit)
    split = openpyxl.load_workbook(io.BytesIO(export_workbook(ws, as_of=day)))
    assert all(split[n].max_row <= limit for n in split.sheetnames if n != "统计图")
    continued = 0
    for name in one.sheetnames:
        if name == "统计图":  # a fixed size: two small tables and their charts
            continue
        parts = [name] + [n for n in split.sheetnames if n.startswith(f"{name}（续")]
        assert parts[1:] == [f"{name}（续{k}）" for k in range(2, len(parts) + 1)]
        continued += len(parts) > 1
        if name == "积分卡":
            every: dict[str, list[tuple]] = {}
            for n in parts:
                for member, rows in cards(split[n]).items():
                    assert member not in every, (n, member)
                    every[member] = rows
            assert every == cards(one[name])
            continue
        rows = [r for n in parts for r in data_rows(split[n])]
        assert rows == data_rows(one[name]), name
        if name == "积分汇总":
            ids = [r[2] for r in rows]
            assert len(parts) >= 3 and len(set(ids)) == len(ids)
    assert continued >= 5


def test_a_sheet_of_cards_continues_after_its_page_limit(monkeypatch):
    """A sheet keeps at most MAX_BREAKS manual page breaks (Excel keeps 1,026): the cards,
    one a printed page, continue on a new sheet that says why; every card once."""
    import datetime as dt

    from pingyi.render.xlsx import ledger

    monkeypatch.setattr(ledger, "MAX_BREAKS", 9)
    ws = pingyi.load(EXAMPLE).workspace
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(ws, as_of=dt.date(2025, 1, 15))))
    parts = [n for n in book.sheetnames if n.startswith("积分卡")]
    counts = [len(cards(book[n])) for n in parts]
    assert counts[:-1] == [10] * (len(parts) - 1) and 0 < counts[-1] <= 10
    assert book[parts[1]]["A2"].value == "接工作表“积分卡”（每张工作表最多打印 10 页）"
    assert all(len(book[n].row_breaks.brk) <= 9 for n in parts)


def test_the_workbook_renderer_imports_nothing_from_compute():
    """render/xlsx lays out rows; the computations are compute/ledgers.py's: importing it
    loads no compute module (tests/test_layers.py reads its import statements)."""
    import subprocess
    import sys

    code = "import sys, pingyi.render.xlsx, pingyi.render.xlsx.template; print(sorted(m for m in sys.modules if m.startswith('pingyi.compute')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("year", ["2108", "9999"])
def test_far_years_are_exported(tmp_path, year):
    """Issue 10 finding 9: a year past 2107 (the last a zip entry can carry) gave
    struct.error; the workbook is written and reads back."""
    out = export(tmp_path, "--year", year, workspace=make_ws(tmp_path))
    book = openpyxl.load_workbook(out)
    assert book["点评台账"]["A1"].value.endswith(f"{year}年度点评台账")
    assert book.properties.created.year == int(year)


@pytest.mark.parametrize("org", [None, "jg", "yz1", "zj"])
def test_ledgers_use_the_report_commands_scope(org):
    """The reviews and problems of the workbook are those `pingyi rectify` and
    `pingyi commitments` select: with --org, every problem of the rectification ledger
    stands in a review of the 点评台账, and the commitments are those counted."""
    import datetime as dt

    from pingyi.compute.commitments import compute_commitments
    from pingyi.compute.rectify import compute_rectify
    from pingyi.workbook import compute_ledgers

    ws = pingyi.load(EXAMPLE).workspace
    day = dt.date(2025, 1, 15)
    data = compute_ledgers(ws, org=org, as_of=day)
    rectify = compute_rectify(ws, org=org, as_of=day)
    assert [r.problem for r in data.rectify] == [r.problem for r in rectify.items]
    listed = {(r.date, p.problem) for r in data.reviews for p in r.problems}
    assert {(r.date, r.problem) for r in rectify.items} <= listed
    report = compute_commitments(ws, org=org, as_of=day)
    made = report.orgs.all.made + report.members.all.made
    assert len(data.commitments) == made
