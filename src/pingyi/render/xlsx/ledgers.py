"""The review ledgers of the workbook: 点评台账, 覆盖率, 未点评名单, 整改台账,
承诺践诺台账, 承诺兑现率 and 满意度测评. Each function adds one sheet from the rows of
:mod:`pingyi.ledgers`; nothing here computes."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter

from ..labels import label as _label
from .ledger import ALERT_FILL, GOOD_FILL, TOTAL_FILL, Column, Series, new_series, specs
from .words import L

if TYPE_CHECKING:
    from ...ledgers import Counted, Ledgers, OrgRow

#: A label in a language, looked up once (a county's ledgers ask for a few labels on
#: every one of tens of thousands of rows).
label = functools.lru_cache(maxsize=1024)(_label)

#: The coverage measures' labels, in the order of the rows' counts.
MEASURE_LABELS = {
    "orgs": "orgs_reviewed",
    "secretaries_reviewed": "secretaries_reviewed",
    "secretaries_reviewing": "secretaries_reviewing",
    "members": "members_reviewed",
}

#: The columns of the reviews ledger (see :func:`.ledger.specs`).
REVIEWS_COLUMNS = (
    "xlsx_seq:int:6 round:wrap:16 reviewer:wrap:14 subject:wrap:22 date:date "
    "xlsx_mode:center:10 xlsx_content:wrap:44:20 problem:wrap:30:14 measure:wrap:30:14 "
    "owner:wrap:10 due:wrap:12 state:wrap:10"
)

#: The columns of the rectify ledger (see :func:`.ledger.specs`).
RECTIFY_COLUMNS = (
    "xlsx_seq:int:6 round:wrap:16 review_date:date reviewer:wrap:12 subject:wrap:20 "
    "problem:wrap:34:16 measure:wrap:34:16 owner:text:10 due:date closed_on:date "
    "state:center:8 days_overdue:int:8 evidence:wrap:24"
)

#: The columns of the commitments ledger (see :func:`.ledger.specs`).
COMMITMENTS_COLUMNS = (
    "xlsx_seq:int:6 id:text:14 commitment_owner:wrap:20 in_org:wrap:20 "
    "commitment_type:center:12 commitment_text:wrap:44:20 xlsx_made_on:date "
    "xlsx_commitment_due:date status:center:10 xlsx_done_on:date evidence:wrap:30"
)


def new_ledger(
    wb: Workbook,
    key: str,
    data: Ledgers,
    *,
    columns: list[Column],
    lang: str,
    note: str | None = None,
    **options: Any,
) -> Series:
    """A sheet named after ``key`` whose title follows the selection (the ``--org``'s name,
    else the workspace's), continued on further sheets when it is full."""
    return new_series(
        wb, L(key, lang), title_name=data.title_name, year=data.year, columns=columns, lang=lang, note=note, **options
    )


def listing(wb: Workbook, key: str, data: Ledgers, spec: str, rows: Sequence[object], *, lang: str, **options: Any) -> Series:
    """A ledger of the columns ``spec`` (see :func:`.ledger.specs`) for ``rows``: one line
    saying there is nothing to list when there are none."""
    ledger = new_ledger(wb, key, data, columns=specs(lang, spec), lang=lang, **options)
    if not rows:
        ledger.empty(L("xlsx_empty", lang))
    return ledger


def join(parts: Sequence[str], lang: str) -> str:
    return ("、" if lang != "en" else ", ").join(p for p in parts if p)


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


def signature(lang: str) -> str:
    return L("xlsx_signature", lang)


def notes(lang: str, *parts: str | None) -> str:
    return ("　" if lang != "en" else "    ").join(p for p in parts if p)


def total_name(name: str, lang: str) -> str:
    return L("xlsx_total_of", lang, name=name or label("all_roots", lang))


def indent(name: str, depth: int, lang: str) -> str:
    return ("　" if lang != "en" else "  ") * max(depth, 0) + name


# ----------------------------------------------------------------------------- 点评台账


def add_reviews(wb: Workbook, data: Ledgers, *, lang: str, note: str | None) -> None:
    ledger = listing(wb, "xlsx_reviews", data, REVIEWS_COLUMNS, data.reviews, lang=lang, note=note, signature=True)
    for n, review in enumerate(data.reviews, start=1):
        problems = review.problems
        ledger.add(
            [
                n,
                review.round_name,
                review.reviewer_name,
                join(review.subject_names, lang),
                review.date,
                mode_label(review.mode, lang),
                review.content,
                numbered([p.problem for p in problems]),
                numbered([p.measure for p in problems]),
                numbered([p.owner_name for p in problems]),
                numbered([p.due.isoformat() if p.due else None for p in problems]),
                numbered([label(p.state, lang) for p in problems]),
            ]
        )
    if data.reviews:
        ledger.highlight(f'ISNUMBER(SEARCH("{label("overdue", lang)}",$L{{row}}))')
    ledger.finish(signature_text=signature(lang))


# ----------------------------------------------------------------------------- 覆盖率


def _counted_cells(counts: Sequence[Counted]) -> list[object]:
    out: list[object] = []
    for c in counts:
        out += [*c.cells, c.rate]
    return out


def add_coverage(wb: Workbook, data: Ledgers, *, lang: str, note: str | None) -> None:
    """The coverage sheet: the scope's total, then every org of it in tree order."""
    columns = specs(lang, "id:text:12 org:text:40:16")
    for code in MEASURE_LABELS:
        columns += specs(lang, "reviewed:int:8 out_of:int:8 rate:rate:8", group=label(MEASURE_LABELS[code], lang))
    ledger = new_ledger(wb, "xlsx_coverage", data, columns=columns, lang=lang, note=note, freeze_columns=2)
    _org_rows(ledger, data.coverage, lang)
    # a glance shows where reviews are missing: rates below 100% red, 100% green
    for part in ledger.parts:
        if part.last_row < part.first_data:
            continue
        for k in range(4):
            letter = get_column_letter(5 + 3 * k)
            ref = f"{letter}{part.first_data}:{letter}{part.last_row}"
            cell = f"{letter}{part.first_data}"
            part.ws.conditional_formatting.add(ref, FormulaRule(formula=[f"AND(ISNUMBER({cell}),{cell}<1)"], fill=ALERT_FILL))
            part.ws.conditional_formatting.add(ref, FormulaRule(formula=[f"AND(ISNUMBER({cell}),{cell}>=1)"], fill=GOOD_FILL))
    ledger.finish()


def _org_rows(ledger: Series, rows: Sequence[OrgRow], lang: str) -> None:
    for row in rows:
        if row.depth < 0:  # the row adding up the scope (several roots)
            name = total_name(row.name, lang)
        else:
            name = indent(row.name, row.depth, lang)
        ledger.add([row.id, name, *_counted_cells(row.counts)], bold=row.total, fill=TOTAL_FILL if row.total else None)


def add_missing(wb: Workbook, data: Ledgers, *, lang: str, note: str | None) -> None:
    """未点评名单: who is still missing, measure by measure (the scope's own lists)."""
    columns = specs(lang, "measure_name:text:20 id:text:12 name:text:30 in_org:wrap:36")
    ledger = new_ledger(wb, "xlsx_missing", data, columns=columns, lang=lang, note=note)
    for m in data.missing:
        ledger.add([label(MEASURE_LABELS[m.measure], lang), m.id, m.name, join(m.org_names, lang)])
    if not data.missing:
        ledger.empty(label("all_covered", lang))
    ledger.finish()


# ----------------------------------------------------------------------------- 整改台账


def add_rectify(wb: Workbook, data: Ledgers, *, lang: str, note: str | None) -> None:
    ledger = listing(wb, "xlsx_rectify", data, RECTIFY_COLUMNS, data.rectify, lang=lang, note=note, signature=True)
    for n, r in enumerate(data.rectify, start=1):
        ledger.add(
            [
                n,
                r.round_name,
                r.date,
                r.reviewer_name,
                join(r.subject_names, lang),
                r.problem,
                r.measure,
                r.owner_name,
                r.due,
                r.closed,
                label(r.state, lang),
                r.days_overdue or None,
                r.evidence,
            ]
        )
    if data.rectify:
        ledger.highlight(f'$K{{row}}="{label("overdue", lang)}"')
    ledger.finish(signature_text=signature(lang))


# ----------------------------------------------------------------------------- 承诺践诺


def rate_text(c: Counted, lang: str) -> str:
    """``87.50%（7/8）``: a rate as the tables show it (two decimals), with its counts."""
    made, withdrawn, done = c.cells
    if c.rate is None:
        return "—"
    pct = f"{_half_up(c.rate * 100, 2)}%"
    return f"{pct}（{done}/{made - withdrawn}）" if lang != "en" else f"{pct} ({done}/{made - withdrawn})"


def _half_up(value: object, places: int) -> str:
    from decimal import ROUND_HALF_UP, Decimal
    from fractions import Fraction

    v = value if isinstance(value, Fraction) else Fraction(str(value))
    d = Decimal(v.numerator) / Decimal(v.denominator)
    return str(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def add_commitments(wb: Workbook, data: Ledgers, *, lang: str) -> None:
    orgs, members = data.commitments_rates
    note = L(
        "xlsx_commitments_note",
        lang,
        as_of=data.as_of.isoformat(),
        orgs=rate_text(orgs, lang),
        members=rate_text(members, lang),
        overdue=data.commitments_overdue,
    )
    ledger = listing(wb, "xlsx_commitments", data, COMMITMENTS_COLUMNS, data.commitments, lang=lang, note=note, signature=True)
    overdue_text = label("overdue", lang)
    for n, c in enumerate(data.commitments, start=1):
        status = label({"open": "commitment_open"}.get(c.status, c.status), lang)
        if c.overdue:
            status = L("xlsx_overdue_status", lang, status=status, overdue=overdue_text)
        ledger.add(
            [
                n,
                c.id,
                c.owner_name,
                c.org_name,
                label("basic_commitment" if c.type == "basic" else "creative", lang),
                c.text,
                c.made,
                c.due,
                status,
                c.done,
                c.evidence,
            ]
        )
    if data.commitments:
        ledger.highlight(f'ISNUMBER(SEARCH("{overdue_text}",$I{{row}}))')
    ledger.finish(signature_text=signature(lang))


def add_fulfilment(wb: Workbook, data: Ledgers, *, lang: str) -> None:
    """承诺兑现率 by org subtree: org-owned and member-owned commitments."""
    columns = specs(lang, "id:text:12 org:text:40:16")
    for key in ("org_owned", "member_owned"):
        columns += specs(lang, "made:int:8 withdrawn:int:8 done:int:8 fulfilment:rate:8", group=label(key, lang))
    note = L("xlsx_as_of_note", lang, as_of=data.as_of.isoformat())
    ledger = new_ledger(wb, "xlsx_fulfilment", data, columns=columns, lang=lang, note=note, freeze_columns=2)
    _org_rows(ledger, data.fulfilment, lang)
    ledger.finish()


# ----------------------------------------------------------------------------- 满意度测评


def add_surveys(wb: Workbook, data: Ledgers, *, lang: str) -> None:
    columns = specs(
        lang,
        "id:text:14 survey_name:wrap:40:16 survey_subject:wrap:24 date:date counts:wrap:34 "
        "answers:int:8 positive:int:8 satisfaction:rate:8 suggestions:int:8",
    )
    ledger = new_ledger(wb, "xlsx_survey", data, columns=columns, lang=lang)
    if not data.surveys:
        ledger.empty(label("no_surveys", lang))
    sep = "，" if lang != "en" else ", "
    for s in data.surveys:
        if s.subtotal:
            ledger.add(
                [s.id, total_name(s.name, lang), s.name, None, None, s.total, s.positive, s.rate, None],
                bold=True,
                fill=TOTAL_FILL,
            )
            continue
        counts = sep.join(f"{option} {n}" for option, n in s.counts)
        ledger.add([s.id, s.name, s.subject_name, s.date, counts, s.total, s.positive, s.rate, s.suggestions])
    ledger.finish()


__all__ = [
    "add_commitments",
    "add_coverage",
    "add_fulfilment",
    "add_missing",
    "add_rectify",
    "add_reviews",
    "add_surveys",
    "new_ledger",
    "notes",
]
