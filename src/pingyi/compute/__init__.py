"""Pure computations from a :class:`~pingyi.workspace.Workspace` to plain result objects:
no printing, no I/O, exact arithmetic."""

from .commitments import CommitmentsReport, compute_commitments
from .coverage import Coverage, Responsibility, SelectionError, compute_coverage, compute_responsibility
from .rectify import RectifyLedger, compute_rectify
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
