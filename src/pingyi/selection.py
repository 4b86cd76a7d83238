"""What a report is about, resolved once: the year, the as-of date, the rounds and the
scope (FORMAT §4, §11).

The command line (or a script) calls :func:`select` with what the user typed; the result,
a :class:`Selection`, is what the compute functions take. Everything a user can get wrong
here (an unknown round, an org that is a member, a name two members share) is one kind of
user error, :class:`SelectionError`, raised before anything is computed.

Names. Wherever an org or a member is asked for, its id or its exact name will do
(:func:`resolve_org`, :func:`resolve_member`, over :meth:`Workspace.find
<pingyi.workspace.Workspace.find>`); a name two of them share is an error listing their
ids; an unknown one is answered with the closest ids and names.

This module imports the workspace and the errors; nothing of compute, render or cli.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .errors import UserError
from .model import RoundDoc
from .workspace import Doc, Found, Kind, Workspace


class SelectionError(UserError):
    """An option names something the workspace does not hold, or more than one thing
    (exit 2 on the command line). ``option`` is the option at fault (``--org``,
    ``--round``, ``--owner``, ``MEMBER``)."""

    def __init__(self, code: str, option: str = "--org", *, key: str | None = None, **args: Any) -> None:
        self.option = option
        super().__init__(code, key=key, option=option, **args)


# --------------------------------------------------------------------------- names


def described(ws: Workspace, ids: Sequence[str]) -> list[str]:
    """``m303 (钟晓敏)`` for each id."""
    return [f"{i} ({ws.name_of(i)})" for i in ids]


def resolve(ws: Workspace, text: str, kind: Kind, option: str) -> str:
    """The id of the org or member ``text`` means (an id or an exact name); raises
    :class:`SelectionError` when it means none, or more than one."""
    found = ws.find(text, kind)
    if found.id is not None:
        return found.id
    raise _not_found(ws, found, option)


def _not_found(ws: Workspace, found: Found, option: str) -> SelectionError:
    text = found.text
    if found.ids:  # several of that name
        ids = described(ws, found.ids)
        return SelectionError(f"option-ambiguous-{found.kind}", option, text=text, count=len(ids), ids=ids)
    if found.other:
        code = "option-not-an-org" if found.kind == "org" else "option-not-a-member"
        names = [ws.name_of(i) for i in found.other] if found.other == (text.strip(),) else described(ws, found.other)
        return SelectionError(code, option, text=text, names=names)
    code = f"option-unknown-{found.kind}"
    if found.close:
        return SelectionError(code, option, text=text, close=described(ws, found.close))
    return SelectionError(code, option, key=f"{code}-nothing-close", text=text)


def resolve_org(ws: Workspace, text: str | None, option: str = "--org") -> str | None:
    """``--org``: an org's id or exact name (``None`` stays ``None``)."""
    return None if text is None else resolve(ws, text, "org", option)


def resolve_member(ws: Workspace, text: str | None, option: str = "--member") -> str | None:
    """A member's id or exact name (``None`` stays ``None``)."""
    return None if text is None else resolve(ws, text, "member", option)


# --------------------------------------------------------------------------- rounds


def year_of(ws: Workspace, year: int | None) -> int:
    """``year``, else the workspace's year (``--year``, ``year:`` of pingyi.yaml, today)."""
    return ws.year if year is None else year


def round_in_year(doc: Doc[RoundDoc], year: int) -> bool:
    """A round belongs to every year its dates (start … end) touch."""
    rnd = doc.model
    return rnd.start <= dt.date(year, 12, 31) and rnd.end >= dt.date(year, 1, 1)


def _by_start(docs: Sequence[Doc[RoundDoc]]) -> list[Doc[RoundDoc]]:
    return sorted(docs, key=lambda d: (d.model.start, d.model.id))


def select_rounds(ws: Workspace, *, year: int | None = None, rounds: Sequence[str] | None = None) -> list[Doc[RoundDoc]]:
    """The rounds a report covers: those named in ``rounds``, else those of ``year``
    (default the workspace's year), ordered by start date and id. Raises
    :class:`SelectionError` for an unknown round id."""
    by_id: dict[str, Doc[RoundDoc]] = {}
    for doc in ws.rounds:
        by_id.setdefault(doc.model.id, doc)
    if rounds:
        for r in rounds:
            if r not in by_id:
                if not by_id:
                    raise SelectionError("option-unknown-round", "--round", key="option-no-rounds-at-all", round=r)
                raise SelectionError("option-unknown-round", "--round", round=r, known=sorted(by_id))
        return _by_start([by_id[r] for r in dict.fromkeys(rounds)])
    y = year_of(ws, year)
    return _by_start([d for d in by_id.values() if round_in_year(d, y)])


# --------------------------------------------------------------------------- the selection


@dataclass(frozen=True, slots=True)
class Selection:
    """What a report covers, resolved and checked.

    ``year``: the assessment year. ``as_of``: the day overdue items are judged against.
    ``rounds``: the rounds of the year, or those named (``named_rounds`` is then true).
    ``org``: the scope root's id (``--org``), ``None`` for the whole workspace.
    ``all_years``: every year (``rectify --all``)."""

    year: int
    as_of: dt.date
    rounds: tuple[Doc[RoundDoc], ...]
    named_rounds: bool = False
    org: str | None = None
    all_years: bool = False

    @property
    def round_ids(self) -> tuple[str, ...]:
        return tuple(d.model.id for d in self.rounds)


def select(
    ws: Workspace,
    *,
    year: int | None = None,
    as_of: dt.date | dt.datetime | None = None,
    rounds: Sequence[str] | None = None,
    org: str | None = None,
    all_years: bool = False,
) -> Selection:
    """Resolve what the user asked for once. ``org`` may be an id or an exact name.
    Raises :class:`SelectionError` for an unknown or ambiguous org, or an unknown round."""
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    scope = resolve_org(ws, org)
    y = year_of(ws, year)
    docs = select_rounds(ws, year=y, rounds=rounds)
    return Selection(
        year=y,
        as_of=as_of or ws.today,
        rounds=tuple(docs),
        named_rounds=bool(rounds),
        org=scope,
        all_years=all_years,
    )


__all__ = [
    "Selection",
    "SelectionError",
    "described",
    "resolve",
    "resolve_member",
    "resolve_org",
    "round_in_year",
    "select",
    "select_rounds",
    "year_of",
]
