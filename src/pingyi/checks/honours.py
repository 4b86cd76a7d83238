"""Checks of the honours (季度之星, 年度之星; FORMAT §8): the quotas, who may be named."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, error
from ..workspace import Workspace


def check_honours(ws: Workspace) -> Iterator[Diagnostic]:
    """Naming more than the quota, an annual star without the top stars, unknown members
    and orgs, a quarter star who is no member of that org: errors."""
    if not ws.honours:
        return
    from ..compute.honours import honours_problems  # here, not above: compute imports the workspace

    for problem in honours_problems(ws):
        yield error(problem.code, problem.message, problem.loc)


CHECKS = [check_honours]
