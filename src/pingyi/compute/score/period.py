"""The months a points computation counts: the whole year, or the year to date.

FORMAT §6 (year to date, as amended): ``--through YYYY-MM`` counts the months of the year up
to that one; without it, a year that is over as of ``ws.today`` counts all twelve, and the
current year counts the months elapsed — those that have ended by ``ws.today`` (at least
January) — and its stars and grades are provisional (预计).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from ...model.base import MONTH_RE
from ...selection import SelectionError, year_of
from ...workspace import Workspace


@dataclass(frozen=True, slots=True)
class Period:
    """The year, the last month counted (1–12), whether the result is provisional (the
    year is not over at ``through``), and ``elapsed``: the months that should hold scores
    by now (0 for a year to come), over which missing months are judged."""

    year: int
    through: int
    provisional: bool
    elapsed: int

    @property
    def month(self) -> str:
        return f"{self.year}-{self.through:02d}"


def months_elapsed(ws: Workspace, year: int) -> int:
    """The months of ``year`` that have ended by ``ws.today`` (12 for a past year, 0 for a
    year to come)."""
    today = ws.today
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    last_day = calendar.monthrange(today.year, today.month)[1]
    return today.month if today.day == last_day else today.month - 1


def resolve_period(ws: Workspace, year: int | None = None, through: str | None = None) -> Period:
    """The period of a computation (see the module). Raises
    :class:`~pingyi.selection.SelectionError` for a ``through`` that is no month
    of the year."""
    year = year_of(ws, year)
    elapsed = months_elapsed(ws, year)
    if through is not None:
        text = through.strip()
        if MONTH_RE.match(text) is None:
            raise SelectionError("option-through", "--through", key="option-through-format", text=through)
        if int(text[:4]) != year:
            raise SelectionError("option-through", "--through", text=through, year=year)
        month = int(text[5:7])
        return Period(year, month, month < 12, min(elapsed, month))
    if 0 < elapsed < 12 or (elapsed == 0 and year == ws.today.year):
        month = max(1, elapsed)
        return Period(year, month, True, elapsed)
    return Period(year, 12, False, elapsed)


__all__ = ["Period", "months_elapsed", "resolve_period"]
