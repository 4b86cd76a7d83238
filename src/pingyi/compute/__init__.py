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

from .commitments import CommitmentsReport, compute_commitments
from .coverage import Coverage, Responsibility, SelectionError, compute_coverage, compute_responsibility
from .explain import PointsCard, compute_explain
from .honours import HonoursReport, compute_honours
from .rectify import RectifyLedger, compute_rectify
from .score import MemberScore, ScoreReport, compute_score
from .survey import SurveyReport, compute_survey

__all__ = [
    "CommitmentsReport",
    "Coverage",
    "RectifyLedger",
    "Responsibility",
    "SelectionError",
    "SurveyReport",
    "compute_commitments",
    "compute_coverage",
    "compute_rectify",
    "compute_responsibility",
    "compute_survey",
]
__all__ += ["HonoursReport", "MemberScore", "PointsCard", "ScoreReport", "compute_explain", "compute_honours", "compute_score"]

from .appraisal import AppraisalReport, compute_appraisal  # noqa: E402

__all__ += ["AppraisalReport", "compute_appraisal"]
