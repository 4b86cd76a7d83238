"""Pydantic models, one module per kind of document (FORMAT §2–10).

A model checks one document's own shape; references between documents are checked in
:mod:`pingyi.checks`.

May import pydantic, :mod:`pingyi.i18n`, :mod:`pingyi.diagnostics` and
:mod:`pingyi.messages` (the words of its validation errors), and :mod:`pingyi.io.yaml` to
read the built-in rules; never the workspace, the loader, the checks, compute, render or
the command line.
"""

from __future__ import annotations

from pydantic import BaseModel

from .adjustments import Adjustment, AdjustmentsDoc, AdjustmentType, Level
from .appraisal import AppraisalDoc, Decision, Votes
from .base import Model
from .commitments import Commitment, CommitmentsDoc, CommitmentStatus, CommitmentType
from .evaluation import EvaluationDoc
from .honours import Award, Honour, HonoursDoc
from .org import MemberEntry, MemberStatus, OrgDoc, OrgEntry, OrgType
from .publicity import Objection, Outcome, Period, PeriodType, PublicityDoc
from .ratings import Rating, RatingsDoc
from .round import Method, Mode, Problem, Review, RoundDoc
from .rules import (
    AdjustmentPolicy,
    AverageOver,
    Grade,
    RuleItem,
    Rules,
    StarBand,
    default_rules,
)
from .scores import ScoresDoc
from .survey import SurveyDoc
from .workspace import Lang, WorkspaceConfig

#: ``kind:`` → the model of that kind of document.
KINDS: dict[str, type[BaseModel]] = {
    "org": OrgDoc,
    "round": RoundDoc,
    "commitments": CommitmentsDoc,
    "scores": ScoresDoc,
    "evaluation": EvaluationDoc,
    "adjustments": AdjustmentsDoc,
    "ratings": RatingsDoc,
    "honours": HonoursDoc,
    "survey": SurveyDoc,
    "appraisal": AppraisalDoc,
    "publicity": PublicityDoc,
    "rules": Rules,
}


#: Each type of document by the name the checks give what they read
#: (:data:`pingyi.checks.READS`): ``orgs`` for the tree and its members, then the kinds.
READ_KINDS: dict[type[BaseModel], str] = {
    OrgDoc: "orgs",
    RoundDoc: "rounds",
    CommitmentsDoc: "commitments",
    ScoresDoc: "scores",
    EvaluationDoc: "evaluations",
    AdjustmentsDoc: "adjustments",
    RatingsDoc: "ratings",
    HonoursDoc: "honours",
    SurveyDoc: "surveys",
    AppraisalDoc: "appraisals",
    PublicityDoc: "publicity",
}


def prepare() -> None:
    """Build the validators of every kind of document now. The models build them on first
    use (``defer_build``: a command served from the cache validates nothing and does not
    pay for them); a process about to fork parse workers builds them once, for all."""
    for model in KINDS.values():
        model.model_rebuild()


__all__ = [
    "KINDS",
    "READ_KINDS",
    "prepare",
    "Adjustment",
    "AdjustmentPolicy",
    "AdjustmentType",
    "AdjustmentsDoc",
    "AppraisalDoc",
    "AverageOver",
    "Award",
    "Commitment",
    "CommitmentStatus",
    "CommitmentType",
    "CommitmentsDoc",
    "Decision",
    "EvaluationDoc",
    "Grade",
    "Honour",
    "HonoursDoc",
    "Lang",
    "Level",
    "MemberEntry",
    "MemberStatus",
    "Method",
    "Mode",
    "Model",
    "Objection",
    "Outcome",
    "Period",
    "PeriodType",
    "PublicityDoc",
    "OrgDoc",
    "OrgEntry",
    "OrgType",
    "Problem",
    "Rating",
    "RatingsDoc",
    "Review",
    "RoundDoc",
    "RuleItem",
    "Rules",
    "ScoresDoc",
    "StarBand",
    "Votes",
    "SurveyDoc",
    "WorkspaceConfig",
    "default_rules",
]
