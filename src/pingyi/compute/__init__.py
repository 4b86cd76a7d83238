"""Pure computations from a :class:`~pingyi.workspace.Workspace` to plain result objects:
no printing, no I/O, exact arithmetic."""

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
