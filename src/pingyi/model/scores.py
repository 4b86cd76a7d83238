"""``kind: scores`` — one org's monthly scores (一月一评分). FORMAT §6."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal

from .base import ID_PATTERN, Id, Model, Month, Score, _score

_ID = re.compile(ID_PATTERN)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ScoresDoc(Model):
    """member id → one score per rule item, in rule order."""

    kind: Literal["scores"]
    org: Id
    month: Month
    scores: dict[Id, list[Score]] = {}

    def __reduce__(self) -> Any:
        """Pickled compactly (the parsed-file cache holds a county's millions of scores):
        rows of whole numbers 0..255 of one length become one ``bytes``."""
        rows = self.scores
        lengths = set(map(len, rows.values()))
        if len(lengths) == 1 and self.model_fields_set >= {"scores"}:
            flat = [v for row in rows.values() for v in row]
            if all(type(v) is int for v in flat) and min(flat, default=0) >= 0 and max(flat, default=0) <= 255:
                return (_rebuild, (self.org, self.month, tuple(rows), bytes(int(v) for v in flat), lengths.pop()))
        return super().__reduce__()


def _rebuild(org: str, month: str, members: tuple[str, ...], flat: bytes, width: int) -> ScoresDoc:
    scores = {m: list(flat[i * width : (i + 1) * width]) for i, m in enumerate(members)}
    return ScoresDoc.model_construct(kind="scores", org=org, month=month, scores=scores)


def fast_scores(raw: dict[str, object]) -> ScoresDoc | None:
    """A ScoresDoc from the fast path's data (:func:`pingyi.io.fast.parse_scores`) without
    pydantic's per-number work, or None when anything needs the full validation (which then
    also produces the error messages). Gives exactly what ``ScoresDoc.model_validate``
    gives for the same data."""
    org, month, rows = raw.get("org"), raw.get("month"), raw.get("scores")
    if not isinstance(org, str) or not isinstance(month, str) or not isinstance(rows, dict) or len(raw) != 4:
        return None
    if not _ID.match(org) or not _MONTH.match(month):
        return None
    scores: dict[str, list[int | Decimal]] = {}
    for member, values in rows.items():
        if not _ID.match(member) or member.startswith("x-"):  # x- keys: the full path drops them
            return None
        row: list[int | Decimal] = []
        for v in values:
            if len(v) > 12:  # no score is that long: the full validation says what is wrong
                return None
            if v.isdigit():
                row.append(int(v))
            else:
                row.append(_score(v))
        scores[member] = row
    return ScoresDoc.model_construct(kind="scores", org=org, month=month, scores=scores)
