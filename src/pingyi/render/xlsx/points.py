"""The points sheets of the workbook: 积分汇总 (评星定格), 积分卡, 季度之星, 年度之星 and the
charts (统计图), from :mod:`pingyi.compute.score` and :mod:`pingyi.compute.honours` results."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment
from openpyxl.worksheet.pagebreak import Break
from openpyxl.utils import get_column_letter

from ...compute.coverage import Coverage
from ...compute.score import MemberScore, ScoreReport
from ...workspace import Workspace
from ..labels import label
from .ledgers import L, new_ledger, signature, title
from .workbook import BORDER, GOOD_FILL, HEADER_FILL, TOTAL_FILL, Column, display_width, fonts, print_setup, put, sheet_title

Tick = Callable[[int], None]


def _pct(value: Fraction) -> str:
    return f"{float(value) * 100:g}%"


def _stars_text(m: MemberScore, lang: str) -> int | str:
    if m.stars is not None:
        return m.stars
    return label("unrated" if not m.scored else "score_not_graded", lang)


def _reason(m: MemberScore, lang: str) -> str | None:
    if m.rating is None:
        return None
    computed = "—" if m.computed_stars is None else str(m.computed_stars)
    if lang == "en":
        return f"rated by the branch (computed: {computed}): {m.rating.reason}"
    return f"党支部评定（计算星级：{computed}）：{m.rating.reason}"


def add_score_summary(wb: Workbook, ws: Workspace, report: ScoreReport, *, lang: str, note: str | None, tick: Tick) -> None:
    """积分汇总 (评星定格): every reported member's item scores, base, democratic part,
    adjustment, total, stars, grade and rank within their org."""
    w_monthly, w_democratic = report.weights
    sp = " " if lang == "en" else ""
    columns = [
        Column(L("xlsx_seq", lang), "int", max_width=6),
        Column(label("org", lang), "wrap", max_width=22),
        Column(label("id", lang), "text", max_width=10),
        Column(label("name", lang), "text", max_width=10),
        Column(label("status", lang), "center", max_width=10),
        Column(label("months", lang), "int", max_width=6),
    ]
    group = L("xlsx_item_scores", lang)
    columns += [Column(item.name, "points", max_width=7, min_width=6, group=group) for item in report.items]
    columns += [
        Column(f"{label('score_monthly', lang)}{sp}({_pct(w_monthly)})", "points", max_width=9),
        Column(f"{label('score_democratic', lang)}{sp}({_pct(w_democratic)})", "points", max_width=9),
        Column(label("adjustment", lang), "points", max_width=7),
        Column(label("year_total", lang), "points", max_width=9),
        Column(label("stars", lang), "center", max_width=8),
        Column(label("grade", lang), "center", max_width=9),
        Column(label("rank", lang), "int", max_width=7),
        Column(label("rating_reason", lang), "wrap", max_width=30),
    ]
    ledger = new_ledger(
        wb, "xlsx_score", ws_name=ws.name, year=report.year, columns=columns, lang=lang, note=note, signature=True, freeze_columns=4
    )
    n_items = len(report.items)
    if not report.members:
        ledger.empty(L("xlsx_empty", lang))
    for n, m in enumerate(report.members, start=1):
        items = list(m.items) if m.items is not None else [None] * n_items
        ledger.add(
            [
                n,
                ws.name_of(m.org),
                m.id,
                m.name,
                label(m.status.value, lang),
                m.months if m.scored else None,
                *items,
                m.base,
                m.democratic,
                m.adjustment,
                m.total,
                _stars_text(m, lang),
                label(m.grade.value, lang) if m.grade is not None else None,
                m.rank,
                _reason(m, lang),
            ]
        )
        tick(1)
    if report.members:
        grade_col = get_column_letter(6 + n_items + 6)
        ledger.highlight(f'${grade_col}{ledger.first_data}="{label("unqualified", lang)}"')
        ledger.highlight(f'${grade_col}{ledger.first_data}="{label("excellent", lang)}"', fill=GOOD_FILL, font_color="006100")
    ledger.finish(signature_text=signature(lang))


def add_score_cards(wb: Workbook, ws: Workspace, report: ScoreReport, *, lang: str, tick: Tick) -> None:
    """积分卡: each scored member's twelve months by item, the sums, and the monthly part
    A_i (the sum ÷ the divisor of the rules)."""
    columns = [
        Column(label("org", lang), "wrap", max_width=26),
        Column(label("id", lang), "text", max_width=10),
        Column(label("name", lang), "text", max_width=10),
        Column(L("xlsx_month", lang), "center", max_width=12),
    ]
    columns += [Column(item.name, "num", max_width=7, min_width=6, group=L("xlsx_item_scores", lang)) for item in report.items]
    columns += [Column(L("xlsx_month_total", lang), "num", max_width=8), Column(label("note", lang), "wrap", max_width=24)]
    ledger = new_ledger(
        wb,
        "xlsx_cards",
        ws_name=ws.name,
        year=report.year,
        columns=columns,
        lang=lang,
        note=L("xlsx_cards_note", lang),
        freeze_columns=4,
    )
    n_items = len(report.items)
    scored = [m for m in report.members if m.scored]
    if not any(m.months for m in scored):  # no scores at all this year: no cards to show
        scored = []
    if not scored:
        ledger.empty(L("xlsx_empty", lang))
    missing = label("explain_missing", lang)
    average_formats = {j: "0.00" for j in range(5, 5 + n_items + 1)}  # the items and the month total
    for m in scored:
        org_name = ws.name_of(m.org)
        for ms in m.month_scores:
            if ms.values is None:
                ledger.add([org_name, m.id, m.name, ms.month, *([None] * n_items), None, missing])
                continue
            note = None
            if ms.org is not None and ms.org != m.org:
                note = L("xlsx_scored_by", lang, org=ws.name_of(ms.org))
            ledger.add([org_name, m.id, m.name, ms.month, *ms.values, ms.total, note])
        sums = list(m.sums) if m.sums is not None else [None] * n_items
        ledger.add([org_name, m.id, m.name, label("total", lang), *sums, sum(m.sums) if m.sums else None, None], bold=True, fill=TOTAL_FILL)
        monthly = m.monthly if m.divisor else None  # computed on demand: once
        if monthly is not None and m.sums is not None:
            month_total = Fraction(sum(m.sums), m.divisor)  # = Σ monthly, exactly
            ledger.add(
                [org_name, m.id, m.name, L("xlsx_average", lang, divisor=m.divisor), *monthly, month_total, None],
                fill=TOTAL_FILL,
                formats=average_formats,
            )
        tick(1)
    if scored:
        note_col = get_column_letter(4 + n_items + 2)
        ledger.highlight(f'${note_col}{ledger.first_data}="{missing}"')
    ledger.finish()


# ----------------------------------------------------------------------------- honours


def add_quarter_stars(wb: Workbook, ws: Workspace, honours, *, lang: str) -> None:  # type: ignore[no-untyped-def]
    """季度之星: the ranked candidates of every org and quarter with a quota (or a star
    named), the quota, and who was named."""
    columns = [
        Column(L("xlsx_quarter_col", lang), "center", max_width=8),
        Column(label("org", lang), "wrap", max_width=30),
        Column(L("xlsx_candidates", lang), "int", max_width=8),
        Column(label("quota", lang), "int", max_width=6),
        Column(label("honours_rank", lang), "int", max_width=6),
        Column(label("id", lang), "text", max_width=10),
        Column(label("name", lang), "text", max_width=10),
        Column(label("honours_quarter_points", lang), "num", max_width=10),
        Column(label("months", lang), "int", max_width=6),
        Column(label("honours_named", lang), "center", max_width=6),
    ]
    rules = ws.rules
    note = L("xlsx_quarter_note", lang, share=_pct(Fraction(rules.quarter_star.share)), min=rules.quarter_star.min_members)
    ledger = new_ledger(wb, "xlsx_quarter", ws_name=ws.name, year=honours.year, columns=columns, lang=lang, note=note, signature=True)
    rows = 0
    for q in honours.quarters:
        if (q.quota == 0 or not any(c.months for c in q.candidates)) and not q.named:
            continue  # no star to give: too few members, or the quarter not scored (yet)
        for c in q.candidates:
            ledger.add([q.quarter, q.org_name, q.n, q.quota, c.rank, c.id, c.name, c.points, c.months, "★" if c.named else None])
            rows += 1
    if rows == 0:
        ledger.empty(L("xlsx_empty", lang))
    else:
        ledger.highlight(f'$J{ledger.first_data}="★"', fill=GOOD_FILL, font_color="006100")
    ledger.finish(signature_text=signature(lang))


def add_annual_stars(wb: Workbook, ws: Workspace, honours, *, lang: str) -> None:  # type: ignore[no-untyped-def]
    annual = honours.annual
    columns = [
        Column(label("honours_rank", lang), "int", max_width=6),
        Column(label("id", lang), "text", max_width=10),
        Column(label("name", lang), "text", max_width=10),
        Column(label("org", lang), "wrap", max_width=28),
        Column(label("year_total", lang), "points", max_width=10),
        Column(label("stars", lang), "int", max_width=6),
        Column(label("honours_named", lang), "center", max_width=6),
    ]
    note = L("xlsx_annual_note", lang, stars=annual.top_stars, k=annual.k, quota=annual.quota)
    ledger = new_ledger(wb, "xlsx_annual", ws_name=ws.name, year=honours.year, columns=columns, lang=lang, note=note, signature=True)
    if not annual.candidates:
        ledger.empty(L("xlsx_empty", lang))
    for c in annual.candidates:
        ledger.add([c.rank, c.id, c.name, ws.name_of(c.org), c.points, c.stars, "★" if c.named else None])
    if annual.candidates:
        ledger.highlight(f'$G{ledger.first_data}="★"', fill=GOOD_FILL, font_color="006100")
    ledger.finish(signature_text=signature(lang))


# ----------------------------------------------------------------------------- charts


def add_charts(wb: Workbook, ws: Workspace, report: ScoreReport | None, coverage: Coverage | None, *, year: int, lang: str) -> None:
    """统计图: the distribution of stars and the coverage by org, each a native bar chart
    beside the small table it draws; each on its own printed page."""
    f = fonts(lang)
    name = L("xlsx_charts", lang)
    sheet = wb.create_sheet(sheet_title(name, wb.sheetnames))
    last_col = 18  # the tables and the charts beside them (about 16 cm from column E or G)
    put(sheet, 1, 1, title(ws.name, year, name, lang)).font = f["title"]
    sheet.row_dimensions[1].height = 30
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")

    def header(row: int, col: int, text: str) -> None:
        cell = put(sheet, row, col, text)
        cell.font, cell.fill, cell.border = f["header"], HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def body(row: int, col: int, value: object, fmt: str | None = None) -> None:
        cell = put(sheet, row, col, value, number_format=fmt)
        cell.font, cell.border = f["body"], BORDER
        cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))

    widths = {1: 12.0, 2: 10.0, 3: 10.0, 4: 10.0, 5: 10.0}
    row = 3
    if report is not None:
        star_title = L("xlsx_star_chart", lang)
        put(sheet, row, 1, star_title).font = f["bold"]
        row += 1
        header(row, 1, label("stars", lang))
        header(row, 2, label("score_count", lang))
        header(row, 3, L("xlsx_share", lang))
        first = row + 1
        rated = sum(report.stars.values())
        for stars, count in sorted(report.stars.items(), key=lambda kv: -int(kv[0])):
            row += 1
            body(row, 1, L("xlsx_n_stars", lang, n=stars))
            body(row, 2, count, "0")
            body(row, 3, Fraction(count, rated) if rated else None, "0.0%")
        last = row
        if report.unrated:
            row += 1
            body(row, 1, label("unrated", lang))
            body(row, 2, report.unrated, "0")
        chart = BarChart()
        chart.type = "col"
        chart.style = 10
        chart.title = star_title
        chart.y_axis.title = label("score_count", lang)
        chart.x_axis.title = label("stars", lang)
        chart.legend = None
        chart.add_data(Reference(sheet, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        chart.dataLabels = DataLabelList()
        chart.dataLabels.showVal = True
        chart.dataLabels.showSerName = False
        chart.dataLabels.showCatName = False
        chart.dataLabels.showLegendKey = False
        chart.dataLabels.showPercent = False
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.y_axis.majorGridlines = None
        chart.height = 9
        chart.width = 16
        sheet.add_chart(chart, f"E{first - 1}")
        row = max(row, first - 1 + 19) + 1
    if coverage is not None:
        if report is not None:
            sheet.row_breaks.append(Break(id=row))
            row += 1
        cov_title = L("xlsx_coverage_chart", lang)
        put(sheet, row, 1, cov_title).font = f["bold"]
        row += 1
        codes = [("orgs", "orgs_reviewed"), ("secretaries_reviewed", "secretaries_reviewed"), ("secretaries_reviewing", "secretaries_reviewing"), ("members", "members_reviewed")]
        header(row, 1, label("org", lang))
        for k, (_, key) in enumerate(codes, start=2):
            header(row, k, label(key, lang))
        sheet.row_dimensions[row].height = 32
        head = row
        orgs = [oc for oc in coverage.by_org if any(m.rate is not None for _, m in oc.measures.items())]
        if len(orgs) > 20:  # a chart of a whole county is unreadable: the first level below
            orgs = [oc for oc in orgs if oc.depth <= 1]
        for oc in orgs:
            row += 1
            body(row, 1, oc.name)
            widths[1] = max(widths[1], min(26.0, display_width(oc.name) + 2))
            for k, (code, _) in enumerate(codes, start=2):
                body(row, k, getattr(oc.measures, code).rate, "0.0%")
        if orgs:
            chart = BarChart()
            chart.type = "bar"
            chart.style = 10
            chart.grouping = "clustered"
            chart.title = cov_title
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 1
            chart.y_axis.number_format = "0%"
            chart.y_axis.majorGridlines = None
            chart.x_axis.scaling.orientation = "maxMin"  # the first org on top, as in the table
            chart.x_axis.delete = False
            chart.y_axis.delete = False
            chart.add_data(Reference(sheet, min_col=2, max_col=5, min_row=head, max_row=row), titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=row))
            chart.legend.position = "b"
            chart.height = min(16.0, max(9.0, 0.9 * len(orgs) + 4))
            chart.width = 16
            sheet.add_chart(chart, f"{get_column_letter(7)}{head}")
            row = max(row, head + int(chart.height / 0.53) + 1)
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = width + 1
    for col in range(6, last_col + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 9
    print_setup(sheet, None, None, f"A1:{get_column_letter(last_col)}{row}", lang)
