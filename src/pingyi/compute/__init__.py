"""Pure computations from a :class:`~pingyi.workspace.Workspace` (and a
:class:`~pingyi.selection.Selection`) to plain, immutable result objects: no printing, no
I/O, exact arithmetic. One module per report (coverage, rectify, commitments, survey,
appraisal, honours, publicity, diff, explain), the points and stars in :mod:`.score`, the
workbook's rows in :mod:`.ledgers`.

May import the model, the workspace, :mod:`pingyi.selection`, :mod:`pingyi.numbers` and
:mod:`pingyi.diagnostics` (a problem found while computing is a diagnostic, by code);
never :mod:`pingyi.checks`, :mod:`pingyi.render`, :mod:`pingyi.cli`, rich or typer. No
sentence for people is written here: the renderers word the results
(``tests/test_layers.py`` holds both rules).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: The package's names, each imported from its module on first use: a command imports
#: only the computations it runs.
_LAZY = {
    "CommitmentsReport": "commitments",
    "compute_commitments": "commitments",
    "Coverage": "coverage",
    "Responsibility": "coverage",
    "SelectionError": "coverage",
    "compute_coverage": "coverage",
    "compute_responsibility": "coverage",
    "PointsCard": "explain",
    "compute_explain": "explain",
    "HonoursReport": "honours",
    "compute_honours": "honours",
    "RectifyLedger": "rectify",
    "compute_rectify": "rectify",
    "MemberScore": "score",
    "ScoreReport": "score",
    "compute_score": "score",
    "SurveyReport": "survey",
    "compute_survey": "survey",
    "AppraisalReport": "appraisal",
    "compute_appraisal": "appraisal",
}

if TYPE_CHECKING:  # pragma: no cover
    from .appraisal import AppraisalReport, compute_appraisal  # noqa: F401
    from .commitments import CommitmentsReport, compute_commitments  # noqa: F401
    from .coverage import Coverage, Responsibility, SelectionError, compute_coverage, compute_responsibility  # noqa: F401
    from .explain import PointsCard, compute_explain  # noqa: F401
    from .honours import HonoursReport, compute_honours  # noqa: F401
    from .rectify import RectifyLedger, compute_rectify  # noqa: F401
    from .score import MemberScore, ScoreReport, compute_score  # noqa: F401
    from .survey import SurveyReport, compute_survey  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = list(_LAZY)
