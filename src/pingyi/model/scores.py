"""``kind: scores`` — one org's monthly scores (一月一评分). FORMAT §6."""

from __future__ import annotations

import re
from array import array
from typing import Literal

from pydantic import model_validator

from .base import ID_PATTERN, Id, Model, Month, Score, _score
from .rows import ScoreRows, packed

_ID = re.compile(ID_PATTERN)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ScoresDoc(Model):
    """member id → one score per rule item, in rule order."""

    # Once validated, ``scores`` is a read-only mapping whose rows are kept as one compact
    # integer array (pingyi.model.rows.ScoreRows) whenever they can be kept so exactly.

    kind: Literal["scores"]
    org: Id
    month: Month
    scores: dict[Id, list[Score]] = {}

    @model_validator(mode="after")
    def _compact(self) -> ScoresDoc:
        object.__setattr__(self, "scores", packed(self.scores))
        return self


def fast_scores(raw: dict[str, object]) -> ScoresDoc | None:
    """A ScoresDoc from the fast path's data (:func:`pingyi.io.fast.parse_scores`) without
    pydantic's per-number work, or None when anything needs the full validation (which then
    also produces the error messages). Gives exactly what ``ScoresDoc.model_validate``
    gives for the same data: the rows go straight into one integer array."""
    org, month, rows = raw.get("org"), raw.get("month"), raw.get("scores")
    if not isinstance(org, str) or not isinstance(month, str) or not isinstance(rows, dict) or len(raw) != 4:
        return None
    if not _ID.match(org) or not _MONTH.match(month) or not rows:
        return None
    width = -1
    whole = True
    for member, values in rows.items():
        if not _ID.match(member) or member.startswith("x-"):  # x- keys: the full path drops them
            return None
        if width != len(values):
            width = len(values) if width == -1 else -2
        for v in values:
            if len(v) > 12:  # no score is that long: the full validation says what is wrong
                return None
            if whole and not (v.isdigit() and len(v) < 4):
                whole = False
    scores: object
    if whole and width > 0:
        flat = [int(v) for values in rows.values() for v in values]
        if max(flat) <= 255:
            scores = ScoreRows(list(rows), array("B", flat), width)
        else:
            scores = ScoreRows(list(rows), array("q", flat), width)
    else:
        scores = packed({m: [int(v) if v.isdigit() else _score(v) for v in values] for m, values in rows.items()})
    return ScoresDoc.model_construct(kind="scores", org=org, month=month, scores=scores)
