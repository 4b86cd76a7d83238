"""Cross-reference checks: plain functions from a :class:`~pingyi.workspace.Workspace` to
diagnostics, in two lists as beancount keeps its basic and hardcore validations:

* :data:`CHECKS` look at the indexed workspace alone;
* :data:`YEAR_END_CHECKS` need the year's computed points (missing months, evaluations,
  exempt members without a rating, democratic blanks, the honours quotas) and run after.

:func:`run_checks` runs both. Checks may import :mod:`pingyi.compute` (the year-end ones
do); compute never imports checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..diagnostics import Diagnostic
from ..workspace import Workspace
from . import appraisal, commitments, honours, points, rounds, surveys, tree

Check = Callable[[Workspace], Iterable[Diagnostic]]

CHECKS: list[Check] = [*tree.CHECKS, *rounds.CHECKS, *commitments.CHECKS, *points.CHECKS, *surveys.CHECKS, *appraisal.CHECKS]

#: Checks that need computed results; run after :data:`CHECKS`.
YEAR_END_CHECKS: list[Check] = [*points.YEAR_END_CHECKS, *honours.YEAR_END_CHECKS]

from . import publicity  # noqa: E402  (公示 records; after the points checks)

CHECKS += publicity.CHECKS


def run_checks(ws: Workspace, checks: Iterable[Check] | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in [*CHECKS, *YEAR_END_CHECKS] if checks is None else checks:
        out.extend(check(ws))
    return out
