"""The 民主评议 sheet of the workbook (FORMAT §14): per org, each member's votes and their
shares of the ballots returned, the grade with the most votes, the decision and its
reason; a bold line per org with its full members, the 优秀 quota and the grades decided;
a signature line to print and file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl import Workbook

from ...i18n import N_, tr
from ...model.appraisal import FLAG_LABELS, GRADE_LABELS, VOTE_GRADES
from .ledger import TOTAL_FILL, Column, Ledger, Series, sheet_title
from .words import L, title

if TYPE_CHECKING:
    from ...compute.appraisal import AppraisalReport

SHEET = N_("Democratic appraisal")
NOTE = N_(
    "Votes and their share of the ballots returned; excellent at most floor(full members × {share}); "
    "probationary members take part but are not graded; votes inform the decision without making it."
)
ORG_LINE = N_("{name} ({id}): {full} full members, {participants} ballots")
QUOTA_LINE = N_("excellent {used} of {quota}")
GRADES_LINE = N_("qualified {qualified}, basic {basic}, unqualified {unqualified}, undecided {none}")


def _t(msgid: str, lang: str, **fields: object) -> str:
    return tr(msgid, lang, **fields)


def add_appraisal(wb: Workbook, report: AppraisalReport, *, workspace: str, year: int, lang: str) -> None:
    """The 民主评议 sheet (无记录 in one line when the year has no appraisal)."""
    grade = {key: _t(msgid, lang) for key, msgid in GRADE_LABELS.items()}
    columns = [
        Column(L("id", lang), "text", max_width=12),
        Column(L("name", lang), "wrap", max_width=16),
        *(Column(grade[g.value], "int", max_width=8, min_width=6, group=_t(N_("Votes"), lang)) for g in VOTE_GRADES),
        *(Column(grade[g.value], "rate", max_width=8, min_width=7, group=_t(N_("Share of ballots"), lang)) for g in VOTE_GRADES),
        Column(_t(N_("Most votes"), lang), "center", max_width=10),
        Column(_t(N_("Decision"), lang), "center", max_width=10),
        Column(_t(N_("Reason"), lang), "wrap", max_width=36, min_width=12),
        Column(_t(N_("Flags"), lang), "wrap", max_width=18),
    ]
    name = _t(SHEET, lang)
    note = _t(NOTE, lang, share=report.orgs[0].share) if report.orgs else None

    def make(n: int) -> Ledger:
        shown = name if n == 1 else L("xlsx_continued", lang, sheet=name, n=n)
        sheet = wb.create_sheet(sheet_title(shown, wb.sheetnames))
        return Ledger(
            sheet, title(workspace, year, shown, lang), columns, lang, note=note, signature=True, freeze_columns=2, stream=True
        )

    ledger = Series(make)
    if not report.orgs:
        ledger.empty(L("xlsx_empty", lang))
    for o in report.orgs:
        counts = o.grades
        ledger.add(
            [
                o.id,
                _t(ORG_LINE, lang, name=o.name, id=o.id, full=o.full_members, participants=o.participants),
                *(None for _ in VOTE_GRADES),
                *(None for _ in VOTE_GRADES),
                None,
                _t(QUOTA_LINE, lang, used=counts["excellent"], quota=o.excellent_quota),
                _t(GRADES_LINE, lang, **counts),
                None,
            ],
            bold=True,
            fill=TOTAL_FILL,
        )
        for m in o.members:
            votes = [None] * 4 if m.votes is None else [m.votes.of(g) for g in VOTE_GRADES]
            shares = [None] * 4 if m.shares is None else [m.shares[g] for g in VOTE_GRADES]
            ledger.add(
                [
                    m.id,
                    m.name,
                    *votes,
                    *shares,
                    None if m.top is None else grade[m.top.value],
                    None if m.grade is None else grade[m.grade.value],
                    m.reason,
                    ("、" if lang != "en" else ", ").join(_t(FLAG_LABELS[f], lang) for f in m.flags),
                ]
            )
    ledger.finish(signature_text=L("xlsx_signature", lang))


__all__ = ["add_appraisal"]
