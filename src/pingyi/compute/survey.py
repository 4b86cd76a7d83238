"""Satisfaction and appraisal surveys (满意度测评, 述职测评), FORMAT §10.

Satisfaction (满意率) of a survey = Σ counts of its positive options / Σ all its counts
(332/344 = 96.51%). The positive options are ``positive:``, else the first option. The
roll-up per subject adds up positive answers and all answers across that subject's
surveys (a weighted rate, not an average of rates). A survey belongs to the year of its
``date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..workspace import Workspace
from .coverage import SelectionError, ratio


@dataclass(frozen=True, slots=True)
class SurveyResult:
    id: str
    name: str
    subject: str
    subject_name: str
    date: dt.date
    options: tuple[str, ...]
    positive_options: tuple[str, ...]
    #: every option, in the order listed, with its count (0 when not given)
    counts: tuple[tuple[str, int], ...]
    total: int
    positive: int
    suggestions: int | None

    @property
    def rate(self) -> Fraction | None:
        return ratio(self.positive, self.total)


@dataclass(frozen=True, slots=True)
class SubjectSurveys:
    subject: str
    name: str
    surveys: tuple[str, ...]
    total: int
    positive: int

    @property
    def rate(self) -> Fraction | None:
        return ratio(self.positive, self.total)


@dataclass(frozen=True, slots=True)
class SurveyReport:
    year: int | None
    scope: str | None
    surveys: tuple[SurveyResult, ...]
    by_subject: tuple[SubjectSurveys, ...]


def compute_survey(
    ws: Workspace,
    *,
    year: int | None = None,
    all_years: bool = False,
    org: str | None = None,
) -> SurveyReport:
    """Every survey of the year (by its date; every survey with ``all_years``), ordered
    by date and id. ``org`` keeps surveys whose subject is an org of that subtree or a
    member of one. Raises :class:`~pingyi.compute.coverage.SelectionError` for an unknown
    org."""
    y = ws.year if year is None else year
    scope: set[str] | None = None
    if org is not None:
        if org not in ws.orgs:
            what = "a member, not an org" if org in ws.members else "no org of this workspace"
            raise SelectionError(f"`{org}` is {what}")
        scope = set(ws.subtree(org))
    results: list[SurveyResult] = []
    seen: set[str] = set()
    for doc in ws.surveys:
        s = doc.model
        if s.id in seen or (not all_years and s.date.year != y):
            continue
        seen.add(s.id)
        if scope is not None:
            where = s.subject if s.subject in ws.orgs else ws.members[s.subject].org if s.subject in ws.members else None
            if where not in scope:
                continue
        positive_options = tuple(s.positive_options)
        counts = tuple((o, s.counts.get(o, 0)) for o in s.options)
        total = sum(s.counts.values())
        positive = sum(s.counts.get(o, 0) for o in positive_options)
        results.append(
            SurveyResult(
                s.id,
                s.name,
                s.subject,
                ws.name_of(s.subject),
                s.date,
                tuple(s.options),
                positive_options,
                counts,
                total,
                positive,
                s.suggestions,
            )
        )
    results.sort(key=lambda r: (r.date, r.id))
    grouped: dict[str, list[SurveyResult]] = {}
    for r in results:
        grouped.setdefault(r.subject, []).append(r)
    by_subject = tuple(
        SubjectSurveys(
            subject,
            rs[0].subject_name,
            tuple(r.id for r in rs),
            sum(r.total for r in rs),
            sum(r.positive for r in rs),
        )
        for subject, rs in grouped.items()
    )
    return SurveyReport(None if all_years else y, org, tuple(results), by_subject)


__all__ = ["SubjectSurveys", "SurveyReport", "SurveyResult", "compute_survey"]
