"""``kind: appraisal`` — 民主评议党员, the yearly democratic appraisal of a branch's members.
FORMAT §14.

Each member's votes are given per grade (``{excellent: 20, qualified: 7, basic: 1,
unqualified: 0}``) or as a list in that order (``[20, 7, 1, 0]``); the branch's decisions
(评定意见) say each full member's grade. References to members, the 优秀 quota and the
warnings are checked in :mod:`pingyi.checks.appraisal`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from ..i18n import N_
from .base import Date, Id, Int, Model, Text, Year, problem
from .rules import Grade

#: The order of a vote list: excellent, qualified, basic, unqualified.
VOTE_GRADES: tuple[Grade, ...] = (Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASIC, Grade.UNQUALIFIED)


def _votes(value: Any) -> Any:
    """A list of four counts → the mapping by grade; a mapping is left to the schema."""
    if isinstance(value, list):
        if len(value) != len(VOTE_GRADES):
            raise problem("vote-list-length", expected=len(VOTE_GRADES), found=len(value))
        return {g.value: v for g, v in zip(VOTE_GRADES, value)}
    return value


_COUNT: dict[str, Any] = {"type": "integer", "minimum": 0}


class Votes(Model):
    """Votes for each grade (a grade not given had no votes)."""

    excellent: Int = Field(default=0, ge=0)
    qualified: Int = Field(default=0, ge=0)
    basic: Int = Field(default=0, ge=0)
    unqualified: Int = Field(default=0, ge=0)

    def of(self, grade: Grade) -> int:
        return int(getattr(self, grade.value))

    @property
    def total(self) -> int:
        return self.excellent + self.qualified + self.basic + self.unqualified


VoteEntry = Annotated[
    Votes,
    BeforeValidator(_votes),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {g.value: _COUNT for g in VOTE_GRADES},
                    "additionalProperties": False,
                },
                {"type": "array", "items": _COUNT, "minItems": 4},
            ]
        }
    ),
]


class Decision(Model):
    """评定意见: the grade the branch decided for one member, and why when it matters
    (a 不合格, or a grade other than the one with the most votes)."""

    member: Id
    grade: Grade
    reason: Text | None = None


class AppraisalDoc(Model):
    """民主评议党员 of one org (its subtree) for one year."""

    kind: Literal["appraisal"]
    org: Id
    year: Year
    date: Date | None = None
    participants: Int = Field(ge=0, description="ballots returned (参加评议人数)")
    votes: dict[Id, VoteEntry] = {}
    decisions: list[Decision] = []


#: The words a report shows for the grades and flags (catalog ids).
GRADE_LABELS = {
    "excellent": N_("excellent"),
    "qualified": N_("qualified"),
    "basic": N_("basic"),
    "unqualified": N_("unqualified"),
    "none": N_("undecided"),
}
SHORT_GRADE = {
    "excellent": N_("Exc."),
    "qualified": N_("Qual."),
    "basic": N_("Basic"),
    "unqualified": N_("Unq."),
    "none": N_("None"),
}
FLAG_LABELS = {
    "probationary": N_("probationary"),
    "undecided": N_("undecided"),
    "against_majority": N_("not the majority"),
    "tie": N_("tied votes"),
    "no_votes": N_("no votes"),
}
