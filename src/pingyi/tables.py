"""A workspace's data and results as flat tables, for ``pingyi export parquet`` and the
roll-up of many workspaces (``pingyi rollup``).

Every table carries the workspace's name and year in every row, so that the tables of many
counties can simply be read together. The results come from the same computations, in
the same shapes, as the commands' JSON (FORMAT §11): a table is a flattening of that JSON,
so a roll-up of one workspace gives exactly the rates its own commands report.

Tables and columns (:data:`SCHEMA`, documented in the README):

=================  ============================================================================
members            id, name, org, org_name, status
orgs               id, name, type, parent, depth
monthly_scores     member, org, month, item, score (one row per member, month and item)
points             member, name, org, status, months, base, democratic, adjustment, total,
                   computed_stars, stars, grade
coverage           level (scope | org), scope, org, measure, reviewed, total
commitments        level (scope | org), scope, org, owner_kind (org | member), made,
                   withdrawn, done
rectifications     round, subject, problem, owner, due, closed, state
surveys            id, subject, date, total, positive, rate, score, grade
appraisal          org, member, status, grade
=================  ============================================================================

This module computes; it writes nothing (see :mod:`pingyi.io.parquet`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from .workspace import Workspace

#: table → [(column, type)]; types: text, int, decimal, date, double.
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "members": [("id", "text"), ("name", "text"), ("org", "text"), ("org_name", "text"), ("status", "text")],
    "orgs": [("id", "text"), ("name", "text"), ("type", "text"), ("parent", "text"), ("depth", "int")],
    "monthly_scores": [("member", "text"), ("org", "text"), ("month", "text"), ("item", "text"), ("score", "decimal")],
    "points": [
        ("member", "text"),
        ("name", "text"),
        ("org", "text"),
        ("status", "text"),
        ("months", "int"),
        ("base", "decimal"),
        ("democratic", "decimal"),
        ("adjustment", "decimal"),
        ("total", "decimal"),
        ("computed_stars", "int"),
        ("stars", "int"),
        ("grade", "text"),
    ],
    "coverage": [
        ("level", "text"),
        ("scope", "text"),
        ("org", "text"),
        ("measure", "text"),
        ("reviewed", "int"),
        ("total", "int"),
    ],
    "commitments": [
        ("level", "text"),
        ("scope", "text"),
        ("org", "text"),
        ("owner_kind", "text"),
        ("made", "int"),
        ("withdrawn", "int"),
        ("done", "int"),
    ],
    "rectifications": [
        ("round", "text"),
        ("subject", "text"),
        ("problem", "text"),
        ("owner", "text"),
        ("due", "date"),
        ("closed", "date"),
        ("state", "text"),
    ],
    "surveys": [
        ("id", "text"),
        ("subject", "text"),
        ("date", "date"),
        ("total", "int"),
        ("positive", "int"),
        ("rate", "double"),
        ("score", "decimal"),
        ("grade", "text"),
    ],
    "appraisal": [("org", "text"), ("member", "text"), ("status", "text"), ("grade", "text")],
}
MEASURES = ("orgs", "secretaries_reviewed", "secretaries_reviewing", "members")


def report_data(ws: Workspace, *, year: int, as_of: dt.date | None = None) -> dict[str, Any]:
    """The JSON of ``score``, ``coverage``, ``commitments``, ``rectify``, ``survey`` and
    ``appraisal`` for the year, as the commands print it."""
    from .compute.appraisal import compute_appraisal
    from .compute.commitments import compute_commitments
    from .compute.coverage import compute_coverage
    from .compute.rectify import compute_rectify
    from .compute.score import compute_score
    from .compute.survey import compute_survey
    from .render.appraisal import AppraisalTable
    from .render.commitments import render_commitments_json
    from .render.coverage import render_coverage_json
    from .render.output import plain
    from .render.rectify import render_rectify_json
    from .render.score import score_json
    from .render.survey import render_survey_json
    from .selection import select

    sel = select(ws, year=year, as_of=as_of)
    return plain(
        {
            "score": score_json(compute_score(ws, year=year)),
            "coverage": render_coverage_json(compute_coverage(ws, sel=sel)),
            "commitments": render_commitments_json(compute_commitments(ws, year=year, as_of=as_of)),
            "rectify": render_rectify_json(compute_rectify(ws, year=year, as_of=as_of)),
            "survey": render_survey_json(compute_survey(ws, year=year)),
            "appraisal": AppraisalTable(compute_appraisal(ws, year=year)).to_json(),
        }
    )


def workspace_tables(ws: Workspace, *, year: int, as_of: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every table of :data:`SCHEMA` for the workspace and year (rows as dicts, without the
    workspace and year columns, which the writer adds)."""
    data = report_data(ws, year=year, as_of=as_of)
    tables: dict[str, list[dict[str, Any]]] = {
        "members": [
            {"id": m.id, "name": m.name, "org": m.org, "org_name": ws.orgs[m.org].name, "status": m.status.value}
            for m in ws.members.values()
        ],
        "orgs": list(_orgs(ws)),
        "monthly_scores": list(_monthly(ws, year)),
        "points": [
            {
                k: m.get(k)
                for k in (
                    "name",
                    "org",
                    "status",
                    "months",
                    "base",
                    "democratic",
                    "adjustment",
                    "total",
                    "computed_stars",
                    "stars",
                    "grade",
                )
            }
            | {"member": m["id"]}
            for m in data["score"]["members"]
        ],
        "coverage": list(_coverage(data["coverage"])),
        "commitments": list(_commitments(data["commitments"], ws)),
        "rectifications": [
            {k: item.get(k) for k in ("round", "subject", "problem", "owner", "due", "closed", "state")}
            for item in data["rectify"]["items"]
        ],
        "surveys": [
            {k: s.get(k) for k in ("id", "subject", "date", "total", "positive", "rate", "score", "grade")}
            for s in data["survey"]["surveys"]
        ],
        "appraisal": [
            {"org": o["id"], "member": m["id"], "status": m.get("status"), "grade": m.get("grade")}
            for o in data["appraisal"]["orgs"]
            for m in o["members"]
        ],
    }
    for name, rows in tables.items():
        columns = [c for c, _ in SCHEMA[name]]
        tables[name] = [{c: _flat(row.get(c)) for c in columns} for row in rows]
    return tables


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return value


def _orgs(ws: Workspace) -> Iterator[dict[str, Any]]:
    def depth(org: str) -> int:
        d = 0
        parent = ws.orgs[org].parent
        while parent is not None and parent in ws.orgs and d < len(ws.orgs):
            d += 1
            parent = ws.orgs[parent].parent
        return d

    for o in ws.orgs.values():
        yield {"id": o.id, "name": o.name, "type": o.type.value, "parent": o.parent, "depth": depth(o.id)}


def _monthly(ws: Workspace, year: int) -> Iterator[dict[str, Any]]:
    items = [i.id for i in ws.rules.items]
    seen: set[tuple[str, str]] = set()
    for doc in ws.scores:
        model = doc.model
        if not str(model.month).startswith(f"{year}-"):
            continue
        for member, values in model.scores.items():
            if (member, model.month) in seen:  # a month scored twice counts once (and is an error)
                continue
            seen.add((member, model.month))
            for item, value in zip(items, values):
                yield {"member": member, "org": model.org, "month": model.month, "item": item, "score": Decimal(str(value))}


def _scopes(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The JSON's scopes: the report itself, or each of its ``scopes`` (several roots)."""
    return list(data.get("scopes") or [data])


def _coverage(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for scope in _scopes(data):
        root = scope.get("scope")
        for measure in MEASURES:
            m = scope[measure]
            yield {
                "level": "scope",
                "scope": root,
                "org": root,
                "measure": measure,
                "reviewed": m["reviewed"],
                "total": m["total"],
            }
        for org in scope.get("by_org", []):
            for measure in MEASURES:
                m = org[measure]
                yield {
                    "level": "org",
                    "scope": root,
                    "org": org["id"],
                    "measure": measure,
                    "reviewed": m["reviewed"],
                    "total": m["total"],
                }


def _commitments(data: Mapping[str, Any], ws: Workspace) -> Iterator[dict[str, Any]]:
    scope = ",".join(ws.roots)
    for kind in ("orgs", "members"):
        t = data[kind]
        yield {
            "level": "scope",
            "scope": scope,
            "org": None,
            "owner_kind": kind[:-1],
            "made": t["made"],
            "withdrawn": t["withdrawn"],
            "done": t["done"],
        }
    for group in data.get("by_org", []):
        for kind in ("orgs", "members"):
            t = group.get(kind) or {}
            if not t:
                continue
            yield {
                "level": "org",
                "scope": scope,
                "org": group["id"],
                "owner_kind": kind[:-1],
                "made": t.get("made", 0),
                "withdrawn": t.get("withdrawn", 0),
                "done": t.get("done", 0),
            }


__all__ = ["MEASURES", "SCHEMA", "report_data", "workspace_tables"]
