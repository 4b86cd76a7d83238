"""Satisfaction and appraisal surveys (满意度测评, 述职测评), FORMAT §10.

Satisfaction (满意率) of a survey = Σ counts of its positive options / Σ all its counts
(332/344 = 96.51%). The positive options are ``positive:``, else the first option. The
roll-up per subject adds up positive answers and all answers across that subject's
surveys (a weighted rate, not an average of rates). A survey belongs to the year of its
``date``.

Rated surveys (述职测评) give points per option (``weights``) and grade bands, their own or
a named scale's (``rules.survey_scales``): score = Σ weight × count / Σ count, exact, rounded
once to ``rules.decimals`` (half-up); the grade is the band of the rounded score. FORMAT
§10's example: (30×100 + 8×80 + 2×60) / 40 = 94.00 → 优秀.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..model.survey import SurveySpec
from ..selection import resolve, year_of
from ..workspace import Workspace
from .coverage import ratio
from .score import round_half_up


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
    #: rated surveys: the scale named, the exact score, its rounded value and its grade
    scale: str | None = None
    score_exact: Fraction | None = None
    score: Decimal | None = None
    grade: str | None = None

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
    subject: str | None = None,
) -> SurveyReport:
    """Every survey of the year (by its date; every survey with ``all_years``), ordered
    by date and id. ``org`` keeps surveys whose subject is an org of that subtree or a
    member of one. ``subject`` keeps one subject's surveys (a secretary's 述职测评 over the
    years, with ``all_years``). Raises :class:`~pingyi.selection.SelectionError` for
    an unknown org or subject."""
    y = year_of(ws, year)
    scope: set[str] | None = None
    if org is not None:
        org = resolve(ws, org, "org", "--org")  # an id or a name; SelectionError otherwise
        scope = set(ws.subtree(org))
    if subject is not None:
        found = ws.find(subject, "member")
        subject = found.id if found.id is not None else resolve(ws, subject, "org", "--subject")
    results: list[SurveyResult] = []
    seen: set[str] = set()
    for doc in ws.surveys:
        s = doc.model
        if s.id in seen or (not all_years and s.date.year != y):
            continue
        seen.add(s.id)
        if subject is not None and s.subject != subject:
            continue
        if scope is not None:
            if ws.org_of(s.subject) not in scope:
                continue
        spec = s.resolve(ws.rules.survey_scales)
        positive_options = spec.positive
        counts = tuple((o, s.counts.get(o, 0)) for o in spec.options)
        total = sum(s.counts.values())
        positive = sum(s.counts.get(o, 0) for o in positive_options)
        results.append(
            SurveyResult(
                s.id,
                s.name,
                s.subject,
                ws.name_of(s.subject),
                s.date,
                spec.options,
                positive_options,
                counts,
                total,
                positive,
                s.suggestions,
                s.scale,
                *rated_score(spec, counts, ws.rules.decimals),
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


def rated_score(
    spec: SurveySpec, counts: tuple[tuple[str, int], ...], decimals: int
) -> tuple[Fraction | None, Decimal | None, str | None]:
    """(exact score, rounded score, grade) of a rated survey; all None when the survey
    has no weights or no answers. The grade is the band of the rounded score (None below
    the lowest band)."""
    if spec.weights is None:
        return None, None, None
    total = sum(n for _, n in counts)
    if total == 0 or any(o not in spec.weights for o, _ in counts):
        return None, None, None
    exact = sum((Fraction(spec.weights[o]) * n for o, n in counts), Fraction(0)) / total
    shown = round_half_up(exact, decimals)
    grade = None
    for band in spec.grades or ():
        if shown >= band.min:
            grade = band.grade
            break
    return exact, shown, grade


__all__ = ["SubjectSurveys", "SurveyReport", "SurveyResult", "compute_survey"]
