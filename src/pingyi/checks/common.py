"""What several checks share."""

from __future__ import annotations

from ..diagnostics import Loc


def seen_before(first: dict[str, Loc], key: str, loc: Loc) -> Loc | None:
    """Where ``key`` was first used, or ``None`` the first time (``loc`` is then
    remembered as its first use): the test behind every "used twice" error."""
    earlier = first.get(key)
    if earlier is None:
        first[key] = loc
    return earlier
