"""The 民主评议 sheet of the workbook (FORMAT §14): per org, each member's votes and their
shares of the ballots returned, the grade with the most votes, the decision and its
reason; a bold line per org with its full members, the 优秀 quota and the grades decided;
a signature line to print and file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook

from ...i18n import N_, tr
from ...model.appraisal import FLAG_LABELS, GRADE_LABELS, VOTE_GRADES
from .ledger import TOTAL_FILL, Column, new_series
from .words import L

if TYPE_CHECKING:
    from ...ledgers import AppraisalOrgRow

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


def add_appraisal(wb: Workbook, orgs: Sequence[AppraisalOrgRow], *, workspace: str, year: int, lang: str) -> None:
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
    note = _t(NOTE, lang, share=orgs[0].share) if orgs else None
    ledger = new_series(
        wb,
        _t(SHEET, lang),
        title_name=workspace,
        year=year,
        columns=columns,
        lang=lang,
        note=note,
        signature=True,
        freeze_columns=2,
    )
    if not orgs:
        ledger.empty(L("xlsx_empty", lang))
    blank = [None] * len(VOTE_GRADES)
    for o in orgs:
        ledger.add(
            [
                o.id,
                _t(ORG_LINE, lang, name=o.name, id=o.id, full=o.full_members, participants=o.participants),
                *blank,
                *blank,
                None,
                _t(QUOTA_LINE, lang, used=o.grades["excellent"], quota=o.excellent_quota),
                _t(GRADES_LINE, lang, **o.grades),
                None,
            ],
            bold=True,
            fill=TOTAL_FILL,
        )
        for m in o.members:
            ledger.add(
                [
                    m.id,
                    m.name,
                    *(blank if m.votes is None else m.votes),
                    *(blank if m.shares is None else m.shares),
                    None if m.top is None else grade[m.top],
                    None if m.grade is None else grade[m.grade],
                    m.reason,
                    ("、" if lang != "en" else ", ").join(_t(FLAG_LABELS[f], lang) for f in m.flags),
                ]
            )
    ledger.finish(signature_text=L("xlsx_signature", lang))


__all__ = ["add_appraisal"]
