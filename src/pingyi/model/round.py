"""``kind: round`` — a review round (点评轮次) and its reviews (点评记录). FORMAT §3."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from .base import Date, Id, IdList, Model, Text, problem


class Method(StrEnum):
    """leader 领导点评, org 党组织考评, peer 党员互评, mass 群众测评, duty 述职评议 (the 点评
    given at a secretaries' 述职 meeting)."""

    LEADER = "leader"
    ORG = "org"
    PEER = "peer"
    MASS = "mass"
    DUTY = "duty"


class Mode(StrEnum):
    """meeting 集中点评, onsite 现场点评, talk 个别谈话, mutual 相互点评, mass 群众点评,
    written 书面点评, other."""

    MEETING = "meeting"
    ONSITE = "onsite"
    TALK = "talk"
    MUTUAL = "mutual"
    MASS = "mass"
    WRITTEN = "written"
    OTHER = "other"


class Problem(Model):
    """A problem raised in a review, and its rectification (整改): measure, owner (责任人),
    due date (整改时限) and the date it was closed (销号)."""

    problem: Text
    measure: Text | None = None
    owner: Id | None = None
    due: Date | None = None
    closed: Date | None = None
    evidence: Text | None = None


class Review(Model):
    """One review: a reviewer (a member, or someone outside the workspace named by
    ``reviewer_name``) reviewing one subject or several at once (集中点评)."""

    reviewer: Id | None = None
    reviewer_name: Text | None = None
    subjects: IdList = Field(alias="subject")
    date: Date
    mode: Mode | None = None
    content: Text | None = None
    problems: list[Problem] = []

    @model_validator(mode="after")
    def _one_reviewer(self) -> Review:
        if self.reviewer is None and self.reviewer_name is None:
            raise problem("review-no-reviewer")
        if self.reviewer is not None and self.reviewer_name is not None:
            raise problem("review-two-reviewers")
        if not self.subjects:
            raise problem("review-no-subject")
        return self


class RoundDoc(Model):
    """点评轮次."""

    kind: Literal["round"]
    id: Id
    name: Text
    method: Method
    start: Date
    end: Date
    scope: Id | None = None
    reviews: list[Review] = []
