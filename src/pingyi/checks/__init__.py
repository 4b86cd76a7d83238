"""Cross-reference checks: plain functions from a :class:`~pingyi.workspace.Workspace` to
diagnostics, collected in one list (:data:`CHECKS`) and run by :func:`run_checks`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..diagnostics import Diagnostic
from ..workspace import Workspace
from . import appraisal, commitments, points, rounds, surveys, tree

Check = Callable[[Workspace], Iterable[Diagnostic]]

CHECKS: list[Check] = [*tree.CHECKS, *rounds.CHECKS, *commitments.CHECKS, *points.CHECKS, *surveys.CHECKS, *appraisal.CHECKS]

from . import honours  # noqa: E402  (year-end honours quotas; computes scores, so it runs last)

CHECKS += honours.CHECKS

from . import publicity  # noqa: E402  (公示 records; after the points checks)

CHECKS += publicity.CHECKS


def run_checks(ws: Workspace, checks: Iterable[Check] | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in CHECKS if checks is None else checks:
        out.extend(check(ws))
    return out
