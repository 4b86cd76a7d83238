"""The review ledgers of the workbook: 点评台账, 覆盖率, 未点评名单, 整改台账,
承诺践诺台账, 承诺兑现率 and 满意度测评. Each function adds one sheet from result objects
(and, for the listings of reviews and commitments, from the workspace's documents)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule

from ...compute.commitments import CommitmentsReport, Group, Tally, is_overdue
from ...compute.coverage import Coverage
from ...compute.rectify import RectifyLedger, State, state_at
from ...compute.survey import SurveyReport
from ...model import Commitment, Review, RoundDoc
from ...workspace import Workspace
from ..labels import label
from .workbook import ALERT_FILL, GOOD_FILL, TOTAL_FILL, Column, Ledger, sheet_title


def L(key: str, lang: str, **fields: object) -> str:
    text = label(key, lang)
    return text.format(**fields) if fields else text


def title(ws_name: str, year: int | None, sheet: str, lang: str) -> str:
    return L("xlsx_title", lang, workspace=ws_name, year=year if year is not None else "", ledger=sheet)


def new_ledger(
    wb: Workbook,
    key: str,
    *,
    ws_name: str,
    year: int | None,
    columns: list[Column],
    lang: str,
    note: str | None = None,
    signature: bool = False,
    freeze_columns: int = 0,
) -> Ledger:
    name = L(key, lang)
    sheet = wb.create_sheet(sheet_title(name, wb.sheetnames))
    return Ledger(
        sheet, title(ws_name, year, name, lang), columns, lang, note=note, signature=signature, freeze_columns=freeze_columns, stream=True
    )


def rate(value: Fraction | None) -> Fraction | None:
    """Rates are written exactly (Excel shows them with 0.0%)."""
    return value


def join(parts: Sequence[str]) -> str:
    return "、".join(p for p in parts if p)


def numbered(parts: Sequence[str | None]) -> str | None:
    """``1. …`` lines when there are several, the text itself when one, None when none."""
    texts = ["" if p is None else p for p in parts]
    if not texts or all(not t for t in texts):
        return None
    if len(texts) == 1:
        return texts[0]
    return "\n".join(f"{i}. {t}" for i, t in enumerate(texts, start=1))


def mode_label(mode: str | None, lang: str) -> str | None:
    if mode is None:
        return None
    return label("mass_mode" if mode == "mass" else mode, lang)


def state_label(state: State, lang: str) -> str:
    return label(state.value, lang)


def signature(lang: str) -> str:
    return L("xlsx_signature", lang)


# ----------------------------------------------------------------------------- 点评台账


def selected_reviews(
    ws: Workspace, *, year: int, rounds: Sequence[RoundDoc] | None, org: str | None
) -> list[tuple[RoundDoc, Review]]:
    """The reviews of the ledger: every review of the given rounds, else every review dated
    in the year (as the rectification ledger selects its problems); with ``org``, those
    whose subject or reviewer stands in that org's subtree. Ordered by date, then round."""
    out: list[tuple[RoundDoc, Review]] = []
    docs = list(rounds) if rounds is not None else sorted((d.model for d in ws.rounds), key=lambda r: (r.start, r.id))
    scope = set(ws.subtree(org)) if org is not None else None

    def inside(id_: str | None) -> bool:
        if id_ is None or scope is None:
            return False
        if id_ in ws.orgs:
            return id_ in scope
        return id_ in ws.members and ws.members[id_].org in scope

    for rnd in docs:
        for review in rnd.reviews:
            if rounds is None and review.date.year != year:
                continue
            if scope is not None and not (inside(review.reviewer) or any(inside(s) for s in review.subjects)):
                continue
            out.append((rnd, review))
    out.sort(key=lambda pair: pair[1].date)
    return out


def add_reviews(
    wb: Workbook,
    ws: Workspace,
    reviews: list[tuple[RoundDoc, Review]],
    *,
    year: int,
    as_of: dt.date,
    lang: str,
    note: str | None,
) -> None:
    columns = [
        Column(L("xlsx_seq", lang), "int", max_width=6),
        Column(label("round", lang), "wrap", max_width=16),
        Column(label("reviewer", lang), "wrap", max_width=14),
        Column(label("subject", lang), "wrap", max_width=22),
        Column(label("date", lang), "date"),
        Column(L("xlsx_mode", lang), "center", max_width=10),
        Column(L("xlsx_content", lang), "wrap", max_width=44, min_width=20),
        Column(label("problem", lang), "wrap", max_width=30, min_width=14),
        Column(label("measure", lang), "wrap", max_width=30, min_width=14),
        Column(label("owner", lang), "wrap", max_width=10),
        Column(label("due", lang), "wrap", max_width=12),
        Column(label("state", lang), "wrap", max_width=10),
    ]
    ledger = new_ledger(wb, "xlsx_reviews", ws_name=ws.name, year=year, columns=columns, lang=lang, note=note, signature=True)
    if not reviews:
        ledger.empty(L("xlsx_empty", lang))
    for n, (rnd, review) in enumerate(reviews, start=1):
        reviewer = ws.name_of(review.reviewer) if review.reviewer else (review.reviewer_name or "")
        problems = review.problems
        states = [state_label(state_at(p.closed, p.due, as_of), lang) for p in problems]
        ledger.add(
            [
                n,
                rnd.name,
                reviewer,
                join([ws.name_of(s) for s in review.subjects]),
                review.date,
                mode_label(review.mode.value if review.mode else None, lang),
                review.content,
                numbered([p.problem for p in problems]),
                numbered([p.measure for p in problems]),
                numbered([ws.name_of(p.owner) if p.owner else None for p in problems]),
                numbered([p.due.isoformat() if p.due else None for p in problems]),
                numbered(states),
            ]
        )
    overdue = label("overdue", lang)
    if reviews:
        ledger.highlight(f'ISNUMBER(SEARCH("{overdue}",$L{ledger.first_data}))')
    ledger.finish(signature_text=signature(lang))


# ----------------------------------------------------------------------------- 覆盖率

MEASURE_LABELS = {
    "orgs": "orgs_reviewed",
    "secretaries_reviewed": "secretaries_reviewed",
    "secretaries_reviewing": "secretaries_reviewing",
    "members": "members_reviewed",
}


def add_coverage(wb: Workbook, ws: Workspace, coverage: Coverage, *, lang: str, note: str | None) -> tuple[str, int, int]:
    """The coverage sheet; returns (sheet name, first and last data row of the by-org
    rows) for the chart."""
    columns = [
        Column(label("id", lang), "text", max_width=12),
        Column(label("org", lang), "text", max_width=40, min_width=16),
    ]
    for code in MEASURE_LABELS:
        group = label(MEASURE_LABELS[code], lang)
        columns += [
            Column(label("reviewed", lang), "int", max_width=8, group=group),
            Column(label("out_of", lang), "int", max_width=8, group=group),
            Column(label("rate", lang), "rate", max_width=8, group=group),
        ]
    ledger = new_ledger(wb, "xlsx_coverage", ws_name=ws.name, year=coverage.year, columns=columns, lang=lang, note=note, freeze_columns=2)

    def row(id_: str, name: str, measures, *, bold: bool = False) -> int:  # type: ignore[no-untyped-def]
        values: list[object] = [id_, name]
        for _, m in measures.items():
            values += [m.reviewed, m.total, rate(m.rate)]
        return ledger.add(values, bold=bold, fill=TOTAL_FILL if bold else None)

    # the scope's own row is its total; with several roots, a row adds them up first
    if coverage.scope is None or not coverage.by_org or coverage.by_org[0].id != coverage.scope:
        total_name = coverage.name if coverage.scope is not None else label("all_roots", lang)
        row(coverage.scope or "", f"{total_name}（{label('total', lang)}）" if lang != "en" else f"{total_name} (total)", coverage.measures, bold=True)
    first = ledger.last_row + 1
    for oc in coverage.by_org:
        indent = "　" * oc.depth if lang != "en" else "  " * oc.depth
        row(oc.id, indent + oc.name, oc.measures, bold=oc.id == coverage.scope)
    last = ledger.last_row
    # a glance shows where reviews are missing: rates below 100% red, 100% green
    for k in range(4):
        letter = _col(5 + 3 * k)
        ref = f"{letter}{ledger.first_data}:{letter}{ledger.last_row}"
        cell = f"{letter}{ledger.first_data}"
        ledger.ws.conditional_formatting.add(ref, FormulaRule(formula=[f"AND(ISNUMBER({cell}),{cell}<1)"], fill=ALERT_FILL))
        ledger.ws.conditional_formatting.add(ref, FormulaRule(formula=[f"AND(ISNUMBER({cell}),{cell}>=1)"], fill=GOOD_FILL))
    ledger.finish()
    return ledger.ws.title, first, last


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def add_missing(wb: Workbook, ws: Workspace, coverage: Coverage, *, lang: str, note: str | None) -> None:
    """未点评名单: who is still missing, measure by measure (the scope's own lists)."""
    columns = [
        Column(label("measure_name", lang), "text", max_width=20),
        Column(label("id", lang), "text", max_width=12),
        Column(label("name", lang), "text", max_width=30),
        Column(label("in_org", lang), "wrap", max_width=36),
    ]
    ledger = new_ledger(wb, "xlsx_missing", ws_name=ws.name, year=coverage.year, columns=columns, lang=lang, note=note)
    count = 0
    for code, m in coverage.measures.items():
        for missed in m.missing:
            ledger.add([label(MEASURE_LABELS[code], lang), missed.id, missed.name, join([ws.name_of(o) for o in missed.orgs])])
            count += 1
    if count == 0:
        ledger.empty(label("all_covered", lang))
    ledger.finish()


# ----------------------------------------------------------------------------- 整改台账


def add_rectify(wb: Workbook, ws: Workspace, ledger_data: RectifyLedger, *, year: int, lang: str, note: str | None) -> None:
    columns = [
        Column(L("xlsx_seq", lang), "int", max_width=6),
        Column(label("round", lang), "wrap", max_width=16),
        Column(label("review_date", lang), "date"),
        Column(label("reviewer", lang), "wrap", max_width=12),
        Column(label("subject", lang), "wrap", max_width=20),
        Column(label("problem", lang), "wrap", max_width=34, min_width=16),
        Column(label("measure", lang), "wrap", max_width=34, min_width=16),
        Column(label("owner", lang), "text", max_width=10),
        Column(label("due", lang), "date"),
        Column(label("closed_on", lang), "date"),
        Column(label("state", lang), "center", max_width=8),
        Column(label("days_overdue", lang), "int", max_width=8),
        Column(label("evidence", lang), "wrap", max_width=24),
    ]
    ledger = new_ledger(wb, "xlsx_rectify", ws_name=ws.name, year=year, columns=columns, lang=lang, note=note, signature=True)
    if not ledger_data.items:
        ledger.empty(label("no_problems", lang))
    for n, r in enumerate(ledger_data.items, start=1):
        ledger.add(
            [
                n,
                r.round_name,
                r.date,
                r.reviewer_name,
                join(list(r.subject_names)),
                r.problem,
                r.measure,
                r.owner_name,
                r.due,
                r.closed if r.state is State.CLOSED else None,
                state_label(r.state, lang),
                r.days_overdue or None,
                r.evidence,
            ]
        )
    if ledger_data.items:
        ledger.highlight(f'$K{ledger.first_data}="{label("overdue", lang)}"')
    ledger.finish(signature_text=signature(lang))


# ----------------------------------------------------------------------------- 承诺践诺


def selected_commitments(ws: Workspace, *, year: int, org: str | None) -> list[tuple[Commitment, str]]:
    """The year's commitments with the org each stands in (an org-owned one in its owner,
    a member-owned one in the member's org), limited to ``org``'s subtree."""
    scope = set(ws.subtree(org)) if org is not None else None
    out: list[tuple[Commitment, str]] = []
    for doc in ws.commitments:
        if doc.model.year != year:
            continue
        for c in doc.model.items:
            where = c.owner if c.owner in ws.orgs else ws.members[c.owner].org if c.owner in ws.members else None
            if where is None or (scope is not None and where not in scope):
                continue
            out.append((c, where))
    return out


def add_commitments(
    wb: Workbook,
    ws: Workspace,
    items: list[tuple[Commitment, str]],
    report: CommitmentsReport,
    *,
    lang: str,
) -> None:
    columns = [
        Column(L("xlsx_seq", lang), "int", max_width=6),
        Column(label("id", lang), "text", max_width=14),
        Column(label("commitment_owner", lang), "wrap", max_width=20),
        Column(label("in_org", lang), "wrap", max_width=20),
        Column(label("commitment_type", lang), "center", max_width=12),
        Column(label("commitment_text", lang), "wrap", max_width=44, min_width=20),
        Column(L("xlsx_made_on", lang), "date"),
        Column(L("xlsx_commitment_due", lang), "date"),
        Column(label("status", lang), "center", max_width=10),
        Column(L("xlsx_done_on", lang), "date"),
        Column(label("evidence", lang), "wrap", max_width=30),
    ]
    note = L(
        "xlsx_commitments_note",
        lang,
        as_of=report.as_of.isoformat(),
        orgs=_rate_text(report.orgs.all, lang),
        members=_rate_text(report.members.all, lang),
        overdue=len(report.overdue),
    )
    ledger = new_ledger(wb, "xlsx_commitments", ws_name=ws.name, year=report.year, columns=columns, lang=lang, note=note, signature=True)
    if not items:
        ledger.empty(L("xlsx_empty", lang))
    overdue_text = label("overdue", lang)
    for n, (c, where) in enumerate(items, start=1):
        status = _commitment_status(c.status.value, lang)
        if is_overdue(c, report.as_of):
            status = f"{status}（{overdue_text}）" if lang != "en" else f"{status} ({overdue_text})"
        ledger.add(
            [
                n,
                c.id,
                ws.name_of(c.owner),
                ws.name_of(where),
                label("basic_commitment" if c.type.value == "basic" else "creative", lang),
                c.text,
                c.made,
                c.due,
                status,
                c.done,
                c.evidence,
            ]
        )
    if items:
        ledger.highlight(f'ISNUMBER(SEARCH("{overdue_text}",$I{ledger.first_data}))')
    ledger.finish(signature_text=signature(lang))


def _commitment_status(code: str, lang: str) -> str:
    return label({"open": "commitment_open"}.get(code, code), lang)


def _rate_text(t: Tally, lang: str) -> str:
    if t.rate is None:
        return "—"
    pct = f"{float(t.rate) * 100:.1f}%"
    return f"{pct}（{t.done}/{t.made - t.withdrawn}）" if lang != "en" else f"{pct} ({t.done}/{t.made - t.withdrawn})"


def add_fulfilment(wb: Workbook, ws: Workspace, report: CommitmentsReport, *, lang: str) -> None:
    """承诺兑现率 by org subtree: org-owned and member-owned commitments."""
    columns = [
        Column(label("id", lang), "text", max_width=12),
        Column(label("org", lang), "text", max_width=40, min_width=16),
    ]
    for key in ("org_owned", "member_owned"):
        group = label(key, lang)
        columns += [
            Column(label("made", lang), "int", max_width=8, group=group),
            Column(label("withdrawn", lang), "int", max_width=8, group=group),
            Column(label("done", lang), "int", max_width=8, group=group),
            Column(label("fulfilment", lang), "rate", max_width=8, group=group),
        ]
    ledger = new_ledger(
        wb,
        "xlsx_fulfilment",
        ws_name=ws.name,
        year=report.year,
        columns=columns,
        lang=lang,
        note=f"{label('as_of', lang)} {report.as_of.isoformat()}",
        freeze_columns=2,
    )

    def cells(g: Group) -> list[object]:
        t = g.all
        return [t.made, t.withdrawn, t.done, rate(t.rate)]

    # one root: its own row is the total; several: a row adds them up first
    tops = [oc for oc in report.by_org if oc.depth == 0]
    if len(tops) != 1:
        name = label("all_roots", lang)
        ledger.add(["", f"{name}（{label('total', lang)}）" if lang != "en" else f"{name} (total)"] + cells(report.orgs) + cells(report.members), bold=True, fill=TOTAL_FILL)
    for oc in report.by_org:
        indent = "　" * oc.depth if lang != "en" else "  " * oc.depth
        top = oc.depth == 0 and len(tops) == 1
        ledger.add([oc.id, indent + oc.name] + cells(oc.orgs) + cells(oc.members), bold=top, fill=TOTAL_FILL if top else None)
    ledger.finish()


# ----------------------------------------------------------------------------- 满意度测评


def add_surveys(wb: Workbook, ws: Workspace, report: SurveyReport, *, year: int, lang: str) -> None:
    columns = [
        Column(label("id", lang), "text", max_width=14),
        Column(label("survey_name", lang), "wrap", max_width=40, min_width=16),
        Column(label("survey_subject", lang), "wrap", max_width=24),
        Column(label("date", lang), "date"),
        Column(label("counts", lang), "wrap", max_width=34),
        Column(label("answers", lang), "int", max_width=8),
        Column(label("positive", lang), "int", max_width=8),
        Column(label("satisfaction", lang), "rate", max_width=8),
        Column(label("suggestions", lang), "int", max_width=8),
    ]
    ledger = new_ledger(wb, "xlsx_survey", ws_name=ws.name, year=year, columns=columns, lang=lang)
    if not report.surveys:
        ledger.empty(label("no_surveys", lang))
    sep = "，" if lang != "en" else ", "
    for s in report.surveys:
        counts = sep.join(f"{option} {n}" for option, n in s.counts)
        ledger.add([s.id, s.name, s.subject_name, s.date, counts, s.total, s.positive, rate(s.rate), s.suggestions])
    if len(report.surveys) > 1 and report.by_subject:
        for sub in report.by_subject:
            if len(sub.surveys) < 2:
                continue
            ledger.add(
                [sub.subject, f"{sub.name}（{label('total', lang)}）" if lang != "en" else f"{sub.name} (total)", sub.name, None, None, sub.total, sub.positive, rate(sub.rate), None],
                bold=True,
                fill=TOTAL_FILL,
            )
    ledger.finish()
