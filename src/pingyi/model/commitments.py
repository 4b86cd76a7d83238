"""``kind: commitments`` — public commitments (公开承诺 → 践诺). FORMAT §5."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from .base import Date, Id, Model, Text, Year


class CommitmentType(StrEnum):
    """basic 基础性承诺, creative 创造性承诺."""

    BASIC = "basic"
    CREATIVE = "creative"


class CommitmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    PARTIAL = "partial"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


class Commitment(Model):
    id: Id | None = None
    owner: Id
    type: CommitmentType
    text: Text
    made: Date | None = None
    due: Date | None = None
    status: CommitmentStatus = CommitmentStatus.OPEN
    done: Date | None = None
    evidence: Text | None = None


class CommitmentsDoc(Model):
    kind: Literal["commitments"]
    year: Year
    items: list[Commitment] = []
