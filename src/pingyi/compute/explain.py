"""A member's points card (积分卡): how the year-end total and stars came about.

:func:`compute_explain` is :func:`~pingyi.compute.score.compute_score` for one member with
what the score report leaves out made visible: the twelve months by item, the averages,
the democratic evaluation, every award and penalty and whether it counted, the exact
total, the band. The numbers are the score report's own, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..diagnostics import Diagnostic
from ..model import AdjustmentPolicy, AverageOver, StarBand
from ..model.rules import Rounding
from ..workspace import Workspace
from .score import MemberScore, ScoreItem, compute_score


@dataclass(frozen=True)
class PointsCard:
    """Everything ``pingyi explain`` shows about one member and year."""

    year: int
    workspace: str
    items: tuple[ScoreItem, ...]
    decimals: int
    weights: tuple[Fraction, Fraction]
    average_over: AverageOver
    adjustment_policy: AdjustmentPolicy
    member: MemberScore
    org_name: str
    next_band: StarBand | None
    """The band above the member's computed band (its ``min`` bounds the total from above)."""
    rated_band: StarBand | None
    warnings: tuple[Diagnostic, ...]
    grade_probationary: bool
    through: str = ""
    provisional: bool = False
    rounding: Rounding = Rounding.TOTAL

    @property
    def adds_up(self) -> bool:
        """The displayed items and adjustment add up to the displayed total (under
        ``rounding: total`` they may not; the card then says so in a note)."""
        return self.member.adds_up


def compute_explain(ws: Workspace, member: str, *, year: int | None = None, through: str | None = None) -> PointsCard:
    """The points card of ``member`` (a :class:`~pingyi.compute.coverage.SelectionError`
    when there is no such member), counted up to ``through`` as :func:`compute_score`."""
    report = compute_score(ws, year=year, member=member, through=through)
    m = report.members[0]
    bands = list(ws.rules.stars)
    next_band = None
    if m.band is not None:
        k = bands.index(m.band)
        next_band = bands[k - 1] if k > 0 else None
    rated_band = ws.rules.band_for_stars(m.rating.stars) if m.rating is not None else None
    return PointsCard(
        year=report.year,
        workspace=ws.name,
        items=report.items,
        decimals=report.decimals,
        weights=report.weights,
        average_over=report.average_over,
        adjustment_policy=report.adjustment_policy,
        member=m,
        org_name=ws.name_of(m.org),
        next_band=next_band,
        rated_band=rated_band,
        warnings=report.warnings,
        grade_probationary=ws.rules.grade_probationary,
        through=report.through,
        provisional=report.provisional,
        rounding=report.rounding,
    )


__all__ = ["PointsCard", "compute_explain"]
