"""The points sheets of the workbook: 积分汇总 (评星定格), 积分卡, 季度之星, 年度之星 and the
charts (统计图), from the rows of :mod:`pingyi.ledgers`; nothing here computes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ..labels import label
from .cells import put
from .ledger import (
    BORDER,
    GOOD_FILL,
    HEADER_FILL,
    NUMBER,
    RATE,
    TOTAL_FILL,
    VALUE,
    WHOLE,
    Column,
    Form,
    FormRow,
    Series,
    fonts,
    print_setup,
    sheet_title,
    specs,
)
from .ledgers import new_ledger, signature
from .widths import display_width
from .words import L, title

if TYPE_CHECKING:
    from ...ledgers import Card, Ledgers, OrgRow, PointsRow, StarRow

Tick = Callable[[int], None]
#: The coverage chart shows at most this many orgs (a bar chart of more is unreadable).
CHART_ORGS = 25
#: Up to this many orgs the coverage chart has four bars an org (one per measure).
FOUR_BARS = 8


def _pct(value: Fraction) -> str:
    return f"{float(value) * 100:g}%"


def _stars_text(m: PointsRow, lang: str) -> int | str | None:
    if m.stars is not None:
        return m.stars
    return L(m.unrated, lang) if m.unrated else None


def _reason(m: PointsRow, lang: str) -> str | None:
    if m.rated is None:
        return None
    computed, reason = m.rated
    return L("xlsx_rated_reason", lang, computed="—" if computed is None else computed, reason=reason)


def _weights(data: Ledgers, lang: str) -> tuple[str, str]:
    sp = " " if lang == "en" else ""
    wm, wd = data.weights
    return f"{label('score_monthly', lang)}{sp}({_pct(wm)})", f"{label('score_democratic', lang)}{sp}({_pct(wd)})"


def add_score_summary(wb: Workbook, data: Ledgers, *, lang: str, note: str | None, tick: Tick) -> None:
    """积分汇总 (评星定格): every reported member's item scores, base, democratic part,
    adjustment, total, stars, grade and rank within their org."""
    monthly, democratic = _weights(data, lang)
    columns = specs(lang, "xlsx_seq:int:6 org:wrap:30 id:text:10 name:text:10 status:center:10 months:int:6")
    group = L("xlsx_item_scores", lang)
    columns += [Column(item, "points", max_width=7, min_width=6, group=group) for item in data.items]
    columns += [
        Column(monthly, "points", max_width=9),
        Column(democratic, "points", max_width=9),
        Column(label("adjustment", lang), "points", max_width=7),
        Column(label("year_total", lang), "points", max_width=9),
        Column(label("stars", lang), "center", max_width=8),
        Column(label("grade", lang), "center", max_width=9),
        Column(label("rank", lang), "int", max_width=7),
        Column(label("rating_reason", lang), "wrap", max_width=30),
    ]
    ledger = new_ledger(wb, "xlsx_score", data, columns=columns, lang=lang, note=note, signature=True, freeze_columns=4)
    n_items = len(data.items)
    if not data.points:
        ledger.empty(L("xlsx_empty", lang))
    nothing: list[float | None] = [None] * (n_items + 4)
    # the doubles met, one object each: the sheet's rows are held until it is finished
    doubles: dict[int, dict[int, float]] = {}  # 10**decimals → q → q / 10**decimals
    for n, m in enumerate(data.points, start=1):
        # the rounded numbers as the doubles the cells hold (q / 10**d is the double
        # nearest to the Decimal, as openpyxl would write it)
        den = 10**m.decimals
        if m.rounded is not None:
            table = doubles.setdefault(den, {})
            numbers: list[float | None] = [table[q] if q in table else table.setdefault(q, q / den) for q in m.rounded]
        else:
            numbers = nothing
        ledger.add(
            [
                n,
                m.org_name,
                m.id,
                m.name,
                L(m.status, lang),
                m.months,
                *numbers,
                _stars_text(m, lang),
                L(m.grade, lang) if m.grade is not None else None,
                m.rank,
                _reason(m, lang),
            ]
        )
        tick(1)
    if data.points:
        grade_col = get_column_letter(6 + n_items + 6)
        ledger.highlight(f'${grade_col}{{row}}="{label("unqualified", lang)}"')
        ledger.highlight(f'${grade_col}{{row}}="{label("excellent", lang)}"', fill=GOOD_FILL, font_color="006100")
    ledger.finish(signature_text=signature(lang))


def card_rows(n_items: int) -> int:
    """Rows one card takes: its title, the header, twelve months, Σ, A, D, I, the header
    of the summary and the summary (the space between cards not counted)."""
    return 1 + 1 + 12 + 4 + 2


def add_score_cards(wb: Workbook, data: Ledgers, *, lang: str, tick: Tick) -> None:
    """积分卡: one card per scored member, as ``pingyi explain`` shows it, each on a
    printed page of its own: the twelve months by item, the sum Σ, the monthly part A,
    the democratic part D and the item points I, then the parts of the year total, the
    stars, the grade and the rank.

    The cards of a county are alike but for their numbers and a few words: each is added
    as a :class:`~.ledger.Form` (one for each way a card is laid out: which months were
    scored, whether there is a divisor …), filled in with the card's numbers."""
    n_items = len(data.items)
    # the first column holds the months and the row labels (I = A×80% + D×20%), each
    # item column a part of the total under its header (年度总积分, 本组织排名)
    columns = [Column(L("xlsx_month", lang), "text", max_width=22, min_width=20)]
    columns += [Column(item, "num", max_width=11, min_width=10) for item in data.items]
    columns += [
        Column(L("xlsx_month_total", lang), "num", max_width=11, min_width=10),
        Column(label("note", lang), "wrap", max_width=20, min_width=14),
    ]
    ledger = new_ledger(wb, "xlsx_cards", data, columns=columns, lang=lang, note=L("xlsx_cards_note", lang), headers=False)
    if not data.cards:
        ledger.empty(L("xlsx_empty", lang))
    words = _CardWords(lang, data, len(columns))
    rows = card_rows(n_items)
    note_col = get_column_letter(1 + n_items + 2)
    missing_formula = f'${note_col}{{row}}="{words.missing}"'
    # a full sheet of cards is finished, written and let go as soon as the next one starts
    ledger.finish_full([(missing_formula, {})], filters=False)
    item_columns, total_column = range(1, n_items + 1), (n_items + 1,)
    forms: dict[tuple[Any, ...], Form] = {}
    for k, card in enumerate(data.cards):
        ledger.keep(rows)
        if k and ledger.last_row >= ledger.first_data:
            ledger.page_break()
            ledger.skip(1)
        # numbers are measured while a column of them may still grow: they are then
        # given exactly (a fraction is as wide as its text), else as floats (written
        # the same: the double nearest to the exact value)
        _card(ledger, card, words, forms, exact=ledger.narrow(item_columns), exact_totals=ledger.narrow(total_column))
        tick(1)
    if data.cards:
        ledger.highlight(missing_formula)
    ledger.finish(filters=False)


class _CardWords:
    """The words of the cards, each looked up and filled in once (a county has twenty
    thousand cards, each with the same labels)."""

    def __init__(self, lang: str, data: Ledgers, ncol: int) -> None:
        wm, wd = data.weights
        n = len(data.items)
        self.lang = lang
        self.n_items = n
        self.sum = L("xlsx_sum", lang)
        self.democratic = L("xlsx_democratic_row", lang)
        self.items = L("xlsx_items_row", lang, wm=_pct(wm), wd=_pct(wd))
        self.no_divisor = L("xlsx_monthly_row", lang, divisor="—")
        self.missing = label("explain_missing", lang)
        self.header = (L("xlsx_month", lang), *data.items, L("xlsx_month_total", lang), label("note", lang))
        monthly_label, democratic_label = _weights(data, lang)
        summary_header: list[str | None] = [
            monthly_label,
            democratic_label,
            label("adjustment", lang),
            L("xlsx_card_total", lang),
            label("stars", lang),
            label("grade", lang),
            L("xlsx_card_rank", lang),
        ]
        self.summary_header = tuple(summary_header + [None] * (ncol - len(summary_header)))
        self.exact = dict.fromkeys(range(2, 2 + n + 1), "0.00")  # A, D and I: two decimals
        self._monthly: dict[int, str] = {}
        self._words: dict[str, str] = {}
        self._scored_by: dict[str, str] = {}

    def word(self, key: str) -> str:
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = L(key, self.lang)
        return found

    def monthly(self, divisor: int) -> str:
        found = self._monthly.get(divisor)
        if found is None:
            found = self._monthly[divisor] = L("xlsx_monthly_row", self.lang, divisor=divisor)
        return found

    def scored_by(self, org: str) -> str:
        found = self._scored_by.get(org)
        if found is None:
            found = self._scored_by[org] = L("xlsx_scored_by", self.lang, org=org)
        return found


def _card_form(card: Card, words: _CardWords) -> Form:
    """The rows of a card laid out as ``card`` is: its title, the header, the months, Σ,
    A, D and I, then the summary's header and the summary, with a slot for each number
    and word of its own."""
    n = words.n_items
    nothing = (None,) * n
    numbers = (NUMBER,) * n
    # whole scores (the usual case) are written from a table of the numbers met
    score = WHOLE if card.scale == 0 else NUMBER
    total = WHOLE if card.sum_den == 1 else NUMBER
    rows = [FormRow((VALUE, *nothing, None, None), role="title"), FormRow(words.header, role="header")]
    for month, values in zip(card.month_names, card.scores):
        if values is not None:
            rows.append(FormRow((month, *(score,) * n, score, VALUE)))
        else:
            rows.append(FormRow((month, *nothing, None, words.missing)))
    sums = (*(total,) * n, total if n else None) if card.sum_nums is not None else (*nothing, None)
    rows.append(FormRow((words.sum, *sums, None), bold=True, fill=TOTAL_FILL))
    if card.monthly_nums is not None and card.divisor:
        rows.append(FormRow((words.monthly(card.divisor), *numbers, None, None), fill=TOTAL_FILL, formats=words.exact))
    else:
        rows.append(FormRow((words.no_divisor, *nothing, None, None), fill=TOTAL_FILL))
    d = numbers if card.democratic_nums is not None else nothing
    rows.append(FormRow((words.democratic, *d, None, None), fill=TOTAL_FILL, formats=words.exact))
    i = numbers if card.item_nums is not None else nothing
    rows.append(FormRow((words.items, *i, None, None), bold=True, fill=TOTAL_FILL, formats=words.exact))
    rows.append(FormRow(words.summary_header, role="header"))
    summary = (VALUE,) * 7
    rows.append(FormRow(summary + (None,) * (len(words.summary_header) - 7), bold=True, formats=_SUMMARY_FORMATS))
    return Form(rows)


def _card(
    ledger: Series, card: Card, words: _CardWords, forms: dict[tuple[Any, ...], Form], *, exact: bool, exact_totals: bool
) -> None:
    """One member's card: its title, the months, Σ, A, D and I, then the summary.
    Whole numbers are given as ints; the others as exact numbers in the item columns
    with ``exact``, in the column of totals with ``exact_totals``, else as floats."""
    lang = words.lang
    key = (
        card.scale == 0,
        card.sum_den == 1,
        card.month_names,
        tuple(values is None for values in card.scores),
        card.sum_nums is None,
        card.divisor if card.monthly_nums is not None else None,
        card.democratic_nums is None,
        card.item_nums is None,
    )
    form = forms.get(key)
    if form is None:
        form = forms[key] = _card_form(card, words)
    status = words.word(card.status)
    values: list[Any] = [L("xlsx_card_title", lang, name=card.name, id=card.id, org=card.org_name, status=status)]
    scale = card.scale
    den = 10**scale
    for scores, by in zip(card.scores, card.scored_by):
        if scores is None:
            continue
        if scale:
            values += [x / den for x in scores]
            total = sum(scores)
            values.append(_exact(total, den) if exact_totals else total / den)
        else:
            values += scores
            values.append(sum(scores))
        values.append(words.scored_by(by) if by else None)
    if card.sum_nums is not None:
        sum_den = card.sum_den
        if sum_den == 1:
            values += card.sum_nums
            if card.sum_nums:
                values.append(sum(card.sum_nums))
        else:
            sums: Sequence[Any] = card.sums if exact or exact_totals else [x / sum_den for x in card.sum_nums]  # type: ignore[assignment]
            values += sums
            if sums:
                values.append(_exact(sum(card.sum_nums), sum_den) if exact_totals else sum(card.sum_nums) / sum_den)
    if card.monthly_nums is not None and card.divisor:
        values += card.monthly if exact else [x / card.monthly_den for x in card.monthly_nums]  # type: ignore[arg-type]
    if card.democratic_nums is not None:
        values += card.democratic_items if exact else [x / card.democratic_den for x in card.democratic_nums]  # type: ignore[arg-type]
    if card.item_nums is not None:
        values += card.items if exact else [x / card.item_den for x in card.item_nums]  # type: ignore[arg-type]
    s = card.summary
    values += (
        s.base,
        s.democratic,
        s.adjustment,
        s.total,
        _stars_text(s, lang),
        words.word(s.grade) if s.grade else None,
        L("xlsx_rank_of", lang, rank=s.rank, n=s.ranked) if s.rank is not None else None,
    )
    ledger.add_form(form, values)


_SUMMARY_FORMATS = {j: "0.00" for j in range(1, 5)}


def _exact(num: int, den: int) -> int | Fraction:
    """``num / den`` exactly: an ``int`` when whole."""
    whole, rest = divmod(num, den)
    return whole if not rest else Fraction(num, den)


# ----------------------------------------------------------------------------- honours


def _star_row(c: StarRow, lang: str) -> list[object]:
    return [c.rank, c.id, c.name, c.points, c.months, "★" if c.named else None]


def add_quarter_stars(wb: Workbook, data: Ledgers, *, lang: str) -> None:
    """季度之星: for every org and quarter with a quota (or a star named), who was named
    first, then the other candidates in rank order."""
    honours = data.honours
    assert honours is not None
    columns = specs(
        lang,
        "xlsx_quarter_col:center:8 org:wrap:30 xlsx_candidates:int:8 quota:int:6 "
        "honours_rank:int:6 id:text:10 name:text:10 honours_quarter_points:num:10 months:int:6 "
        "honours_named:center:6",
    )
    note = L("xlsx_quarter_note", lang, share=_pct(honours.quarter_share), min=honours.min_members)
    ledger = new_ledger(wb, "xlsx_quarter", data, columns=columns, lang=lang, note=note, signature=True)
    blocks = 0  # read once: the blocks may be made as they are read
    for q in honours.quarters:
        blocks += 1
        for c in q.named:
            ledger.add([q.quarter, q.org_name, q.n, q.quota, *_star_row(c, lang)], bold=True)
        for c in q.candidates:
            ledger.add([q.quarter, q.org_name, q.n, q.quota, *_star_row(c, lang)])
    if not blocks:
        ledger.empty(L("xlsx_empty", lang))
    else:
        ledger.highlight('$J{row}="★"', fill=GOOD_FILL, font_color="006100")
    ledger.finish(signature_text=signature(lang))


def add_annual_stars(wb: Workbook, data: Ledgers, *, lang: str) -> None:
    honours = data.honours
    assert honours is not None
    columns = specs(
        lang,
        "honours_rank:int:6 id:text:10 name:text:10 org:wrap:28 year_total:points:10 stars:int:6 honours_named:center:6",
    )
    note = L("xlsx_annual_note", lang, stars=honours.top_stars, k=honours.k, quota=honours.quota)
    ledger = new_ledger(wb, "xlsx_annual", data, columns=columns, lang=lang, note=note, signature=True)
    if not honours.annual:
        ledger.empty(L("xlsx_empty", lang))
    named = [c for c in honours.annual if c.named]
    others = [c for c in honours.annual if not c.named]
    for c in named + others:
        ledger.add([c.rank, c.id, c.name, c.org_name, c.points, c.stars, "★" if c.named else None], bold=c.named)
    if honours.annual:
        ledger.highlight('$G{row}="★"', fill=GOOD_FILL, font_color="006100")
    ledger.finish(signature_text=signature(lang))


# ----------------------------------------------------------------------------- charts


def chart_orgs(data: Ledgers) -> tuple[list[OrgRow], bool]:
    """The orgs the coverage chart shows: every org with a rate when there are at most
    :data:`CHART_ORGS`, else those of the first level below the scope, else the
    :data:`CHART_ORGS` of them with the lowest coverage of members (the chart says which)."""
    orgs = [o for o in data.coverage if o.depth >= 0 and any(c.rate is not None for c in o.counts)]
    if len(orgs) <= CHART_ORGS:
        return orgs, False
    first = [o for o in orgs if o.depth <= 1]
    if len(first) <= CHART_ORGS:
        return first, True
    lowest = sorted(first, key=lambda o: (o.counts[3].rate is None, o.counts[3].rate or 0, o.depth))[:CHART_ORGS]
    keep = {id(o) for o in lowest}
    return [o for o in first if id(o) in keep], True


def add_charts(wb: Workbook, data: Ledgers, *, lang: str) -> None:
    """统计图: the distribution of stars and the coverage by org, each a native bar chart
    beside the small table it draws; each on its own printed page."""
    f = fonts(lang)
    name = L("xlsx_charts", lang)
    sheet = wb.create_sheet(sheet_title(name, wb.sheetnames))
    last_col = 18  # the tables and the charts beside them (about 16 cm from column E or G)
    put(sheet, 1, 1, title(data.title_name, data.year, name, lang)).font = f["title"]
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
    star_title = L("xlsx_star_chart", lang)
    put(sheet, row, 1, star_title).font = f["bold"]
    row += 1
    header(row, 1, label("stars", lang))
    header(row, 2, label("score_count", lang))
    header(row, 3, L("xlsx_share", lang))
    first = row + 1
    rated = sum(n for _, n in data.stars)
    for stars, count in data.stars:
        row += 1
        body(row, 1, L("xlsx_n_stars", lang, n=stars))
        body(row, 2, count, "0")
        body(row, 3, Fraction(count, rated) if rated else None, RATE)
    last = row
    if data.unrated:
        row += 1
        body(row, 1, label("unrated", lang))
        body(row, 2, data.unrated, "0")
    if last >= first:
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
    sheet.row_breaks.append(Break(id=row))
    row += 1
    orgs, partial = chart_orgs(data)
    cov_title = L("xlsx_coverage_chart_top", lang, n=len(orgs)) if partial else L("xlsx_coverage_chart", lang)
    put(sheet, row, 1, cov_title).font = f["bold"]
    row += 1
    codes = ["orgs_reviewed", "secretaries_reviewed", "secretaries_reviewing", "members_reviewed"]
    header(row, 1, label("org", lang))
    for k, key in enumerate(codes, start=2):
        header(row, k, label(key, lang))
    sheet.row_dimensions[row].height = 32
    head = row
    for oc in orgs:
        row += 1
        body(row, 1, oc.name)
        widths[1] = max(widths[1], min(26.0, display_width(oc.name) + 2))
        for k, counted in enumerate(oc.counts, start=2):
            body(row, k, counted.rate, RATE)
    if orgs:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.grouping = "clustered"
        chart.gapWidth = 40  # thick bars: four per org
        chart.title = cov_title if not partial else L("xlsx_coverage_chart", lang)
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.y_axis.number_format = "0%"
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # the first org on top, as in the table
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        # four bars an org while they stay readable, else the members' coverage alone
        few = len(orgs) <= FOUR_BARS
        chart.add_data(Reference(sheet, min_col=2 if few else 5, max_col=5, min_row=head, max_row=row), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=row))
        chart.legend.position = "b"
        # within one printed page: about 1.2 cm an org with four bars, 0.55 cm with one
        chart.height = min(18.0, max(9.0, (1.2 if few else 0.55) * len(orgs) + 4))
        chart.width = 16
        sheet.add_chart(chart, f"{get_column_letter(7)}{head}")
        row = max(row, head + int(chart.height / 0.53) + 1)
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = width + 1
    for col in range(6, last_col + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 9
    print_setup(sheet, None, None, f"A1:{get_column_letter(last_col)}{row}", lang)
