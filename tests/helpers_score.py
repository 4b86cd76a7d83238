"""Builders for the points tests (test_score, test_honours, test_explain): small
workspaces written from Python data, and an independent restatement of FORMAT §6–7 in
plain :class:`fractions.Fraction` arithmetic to compare ``compute_score`` against.

    root = points_ws(tmp_path, branches={"zb1": ["m1", "m2"]},
                     scores={("zb1", "2024-01"): {"m1": row(10)}},
                     ballots={"zb1": [{"m1": row(9)}]})

Data is written as YAML flow collections (JSON-like), so a test reads like the file a user
would write. Numbers may be int, str or Decimal; they are written as they are spelled.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pingyi
from wsfactory import make_ws

ITEMS = 10
YEAR = 2024
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]

CONFIG = f"pingyi: 1\nname: 积分测试党委\nyear: {YEAR}\n"


def row(value: Any, n: int = ITEMS) -> list[Any]:
    """One score per item, all the same."""
    return [value] * n


def flow(value: Any) -> str:
    """A value in YAML flow style (strings quoted only when they must be)."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, Fraction):
        raise TypeError("write scores as int, str or Decimal, not Fraction")
    if isinstance(value, float):
        raise TypeError("no floats in test data: write '9.5' or Decimal('9.5')")
    if value is None:
        return "null"
    return str(value)


def orgs_yaml(branches: Mapping[str, Sequence[str | tuple[str, str]]], *, root: str = "dw") -> str:
    """A committee ``root`` with the given branches; a member is ``"m1"`` or
    ``("m1", "exempt")``. Names are 党员m1 ... so they are easy to find in output."""
    lines = ["kind: org", "orgs:", f"  - {{id: {root}, name: 测试党委, type: committee}}"]
    for org, members in branches.items():
        lines.append(f"  - id: {org}")
        lines.append(f"    name: 支部{org}")
        lines.append("    type: branch")
        lines.append(f"    parent: {root}")
        lines.append("    members:")
        for m in members:
            mid, status = (m, None) if isinstance(m, str) else m
            extra = f", status: {status}" if status else ""
            lines.append(f"      - {{id: {mid}, name: 党员{mid}{extra}}}")
    return "\n".join(lines) + "\n"


def scores_yaml(org: str, month: str, scores: Mapping[str, Sequence[Any]]) -> str:
    lines = ["kind: scores", f"org: {org}", f"month: {month}", "scores:"]
    lines += [f"  {m}: {flow(list(v))}" for m, v in scores.items()]
    if not scores:
        lines[-1] = "scores: {}"
    return "\n".join(lines) + "\n"


def ballots_yaml(org: str, ballots: Sequence[Mapping[str, Sequence[Any]]], *, year: int = YEAR, reps: int = 10) -> str:
    lines = ["kind: evaluation", f"org: {org}", f"year: {year}", f"mass_representatives: {reps}", "ballots:"]
    lines += [f"  - {flow(dict(b))}" for b in ballots]
    return "\n".join(lines) + "\n"


def averages_yaml(org: str, averages: Mapping[str, Sequence[Any]], *, participants: int = 20, year: int = YEAR) -> str:
    lines = [
        "kind: evaluation",
        f"org: {org}",
        f"year: {year}",
        "mass_representatives: 10",
        f"participants: {participants}",
        "averages:",
    ]
    lines += [f"  {m}: {flow(list(v))}" for m, v in averages.items()]
    return "\n".join(lines) + "\n"


def items_doc(kind: str, items: Iterable[Mapping[str, Any]], *, year: int = YEAR) -> str:
    items = list(items)
    body = "\n".join(f"  - {flow(dict(i))}" for i in items) if items else "  []"
    return f"kind: {kind}\nyear: {year}\nitems:\n{body}\n"


def rules_yaml(**keys: Any) -> str:
    """A partial rules document (only the keys given)."""
    return "kind: rules\n" + "".join(f"{k}: {flow(v)}\n" for k, v in keys.items())


def points_ws(
    tmp_path: Path,
    *,
    branches: Mapping[str, Sequence[str | tuple[str, str]]],
    scores: Mapping[tuple[str, str], Mapping[str, Sequence[Any]]] | None = None,
    ballots: Mapping[str, Sequence[Mapping[str, Sequence[Any]]]] | None = None,
    averages: Mapping[str, Mapping[str, Sequence[Any]]] | None = None,
    adjustments: Sequence[Mapping[str, Any]] | None = None,
    ratings: Sequence[Mapping[str, Any]] | None = None,
    honours: Sequence[Mapping[str, Any]] | None = None,
    rules: str | None = None,
    sub: str = "ws",
    extra: Mapping[str, str] | None = None,
) -> Path:
    """Write a points workspace; returns its root. Scores go one file per org with one
    document per month; ``rules`` (a rules document) becomes rules.yaml, named in
    pingyi.yaml."""
    files: dict[str, str] = {"orgs.yaml": orgs_yaml(branches)}
    by_org: dict[str, list[str]] = {}
    for (org, month), s in (scores or {}).items():
        by_org.setdefault(org, []).append(scores_yaml(org, month, s))
    for org, docs in by_org.items():
        files[f"scores/{org}.yaml"] = "---\n".join(docs)
    for org, b in (ballots or {}).items():
        files[f"evaluation/{org}.yaml"] = ballots_yaml(org, b)
    for org, a in (averages or {}).items():
        files[f"evaluation/{org}-tally.yaml"] = averages_yaml(org, a)
    if adjustments is not None:
        files["adjustments.yaml"] = items_doc("adjustments", adjustments)
    if ratings is not None:
        files["ratings.yaml"] = items_doc("ratings", ratings)
    if honours is not None:
        files["honours.yaml"] = items_doc("honours", honours)
    config = CONFIG
    if rules is not None:
        files["rules.yaml"] = rules
        config += "rules: rules.yaml\n"
    files.update(extra or {})
    return make_ws(tmp_path, files, config=config, orgs=False, sub=sub)


def every_month(
    org: str, scores: Mapping[str, Sequence[Any]], months: Iterable[str] = MONTHS
) -> dict[tuple[str, str], dict[str, Sequence[Any]]]:
    """The same scores for every month given (default: the twelve of the year)."""
    return {(org, month): dict(scores) for month in months}


def loaded(root: Path, **kwargs: Any) -> pingyi.Workspace:
    """The workspace, asserting it has no errors."""
    result = pingyi.load(root, **kwargs)
    assert result.ok, "\n".join(d.format() for d in result.errors)
    return result.workspace


# --------------------------------------------------------------------------- the oracle


def half_up(value: Fraction, decimals: int = 2) -> Fraction:
    """Round half away from zero, as a Fraction (independent of the code under test)."""
    scale = 10**decimals
    scaled = abs(value) * scale
    rounded = math.floor(scaled + Fraction(1, 2))
    return Fraction(rounded if value >= 0 else -rounded, scale)


def oracle(
    *,
    months: Mapping[str, Sequence[Sequence[Fraction]]],
    ballots: Sequence[Mapping[str, Sequence[Fraction]]] = (),
    averages: Mapping[str, Sequence[Fraction]] | None = None,
    adjustments: Mapping[str, Sequence[tuple[str, Fraction]]] | None = None,
    weights: tuple[Fraction, Fraction] = (Fraction(4, 5), Fraction(1, 5)),
    average_over: str = "twelve",
    policy: str = "highest",
    decimals: int = 2,
    items: int = ITEMS,
) -> dict[str, dict[str, Any]]:
    """FORMAT §6 written out the straightforward way. ``months``: member → the score
    rows of the months they were scored; ``adjustments``: member → (type, points).
    Returns member → {items, base, democratic, adjustment, total} (exact Fractions) and the
    same rounded under ``rounded``."""
    out: dict[str, dict[str, Any]] = {}
    for member, rows in months.items():
        divisor = 12 if average_over == "twelve" else len(rows)
        a = [sum((Fraction(r[i]) for r in rows), Fraction(0)) / divisor if divisor else Fraction(0) for i in range(items)]
        if averages is not None and member in averages:
            d = [Fraction(v) for v in averages[member]]
        else:
            naming = [b[member] for b in ballots if member in b]
            d = [
                sum((Fraction(b[i]) for b in naming), Fraction(0)) / len(naming) if naming else Fraction(0) for i in range(items)
            ]
        wm, wd = weights
        item_scores = [a[i] * wm + d[i] * wd for i in range(items)]
        adj = adjustments.get(member, []) if adjustments else []
        awards = [p for t, p in adj if t == "award"]
        penalties = [p for t, p in adj if t != "award"]
        if policy == "highest":
            adjustment = (max(awards) if awards else 0) - (max(penalties) if penalties else 0)
        else:
            adjustment = sum(awards) - sum(penalties)
        exact = {
            "items": item_scores,
            "base": sum(x * wm for x in a),
            "democratic": sum(x * wd for x in d),
            "adjustment": Fraction(adjustment),
            "total": sum(item_scores) + Fraction(adjustment),
        }
        exact["rounded"] = {
            "items": [half_up(x, decimals) for x in item_scores],
            **{k: half_up(exact[k], decimals) for k in ("base", "democratic", "adjustment", "total")},
        }
        out[member] = exact
    return out


DEFAULT_BANDS = [(95, 10, "excellent"), (90, 9, "qualified"), (80, 8, "qualified"), (70, 7, "basic"), (60, 6, "basic"),
                 (50, 5, "unqualified"), (40, 4, "unqualified"), (30, 3, "unqualified"), (20, 2, "unqualified"),
                 (10, 1, "unqualified"), (0, 0, "unqualified")]  # fmt: skip


def band(total: Fraction, bands: Sequence[tuple[int, int, str]] = DEFAULT_BANDS) -> tuple[int, str]:
    for lower, stars, grade in bands:
        if total >= lower:
            return stars, grade
    return bands[-1][1], bands[-1][2]
