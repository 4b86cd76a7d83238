"""Coverage (点评覆盖率) as JSON, CSV and a rich tree; review responsibility
(``--by-reviewer``) as JSON, CSV and a table. Also the rate helpers the other review
reports share: exact fractions rounded once, half-up."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.coverage import MEASURES, Coverage, Measure, Measures, Responsibility, ScopeCoverage
from ..i18n import N_, current_lang
from ..numbers import rate4
from .labels import label
from .output import Col, Percent, joined, pct, print_table, text_width

#: Default colouring target when no --fail-under is given: yellow at or above, red below.
DEFAULT_TARGET = Fraction(90, 100)

MEASURE_LABELS = {
    "orgs": "orgs_reviewed",
    "secretaries_reviewed": "secretaries_reviewed",
    "secretaries_reviewing": "secretaries_reviewing",
    "members": "members_reviewed",
}
MISSING_LABELS = {
    "orgs": "missing_orgs",
    "secretaries_reviewed": "missing_secretaries_reviewed",
    "secretaries_reviewing": "missing_secretaries_reviewing",
    "members": "missing_members",
}


# --------------------------------------------------------------------------- shared helpers


def rate_style(rate: Fraction | None, target: Fraction = DEFAULT_TARGET) -> str:
    """green at 100%, yellow at or above the target, red below; dim when null."""
    if rate is None:
        return "dim"
    if rate >= 1:
        return "green"
    return "yellow" if rate >= target else "red"


def fraction_text(reviewed: int, total: int, rate: Fraction | None, target: Fraction = DEFAULT_TARGET) -> Text:
    """``11/12 91.67%`` coloured against the target; ``—`` when there is nothing to count."""
    if total == 0:
        return Text("—", style="dim")
    return Text(f"{reviewed}/{total} {pct(rate)}", style=rate_style(rate, target))


# --------------------------------------------------------------------------- JSON


def _measure_json(m: Measure, *, detail: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "reviewed": m.reviewed,
        "total": m.total,
        "rate": rate4(m.rate),
        "missing": list(m.missing_ids),
    }
    if detail:
        out["missing_detail"] = [{"id": x.id, "name": x.name, "orgs": list(x.orgs)} for x in m.missing]
    return out


def _measures_json(measures: Measures, *, detail: bool) -> dict[str, Any]:
    return {code: _measure_json(m, detail=detail) for code, m in measures.items()}


def _by_org_json(cov: Coverage | ScopeCoverage) -> list[dict[str, Any]]:
    return [
        {"id": o.id, "name": o.name, "parent": o.parent, "depth": o.depth, **_measures_json(o.measures, detail=False)}
        for o in cov.by_org
    ]


def _scope_json(s: ScopeCoverage, rounds: tuple[str, ...], year: int) -> dict[str, Any]:
    return {
        "scope": s.scope,
        "rounds": list(rounds),
        **_measures_json(s.measures, detail=True),
        "by_org": _by_org_json(s),
        "name": s.name,
        "year": year,
        "without_secretary": list(s.without_secretary),
    }


def render_coverage_json(cov: Coverage) -> dict[str, Any]:
    """FORMAT §11: ``scope``, ``rounds``, the four measures (``reviewed``, ``total``,
    ``rate``, ``missing``) and ``by_org``. Added: ``name``, ``year``, each measure's
    ``missing_detail`` (id, name, orgs), ``without_secretary`` (orgs below the root that
    have no secretary), and each ``by_org`` row's ``name``, ``parent`` and ``depth``.
    With several roots, ``scope`` is null, the measures count all roots together and
    ``scopes`` holds one object of this same shape per root."""
    out = {
        "scope": cov.scope,
        "rounds": list(cov.rounds),
        **_measures_json(cov.measures, detail=True),
        "by_org": _by_org_json(cov),
        "name": cov.name,
        "year": cov.year,
        "without_secretary": list(cov.without_secretary),
    }
    if len(cov.scopes) > 1:
        out["scopes"] = [_scope_json(s, cov.rounds, cov.year) for s in cov.scopes]
    return out


def render_responsibility_json(resp: Responsibility) -> dict[str, Any]:
    return {
        "scope": resp.scope,
        "name": resp.name,
        "year": resp.year,
        "rounds": list(resp.rounds),
        "reviewers": [
            {
                "id": r.id,
                "name": r.name,
                "org": r.org,
                "roles": [{"org": role.org, "role": role.role} for role in r.roles],
                "assigned": r.assigned,
                "reviewed": r.reviewed,
                "done": r.done,
                "rate": rate4(r.rate),
                "outstanding": [d.subject for d in r.outstanding],
                "duties": [
                    {
                        "subject": d.subject,
                        "name": d.name,
                        "kind": d.kind,
                        "via": d.via,
                        "by_self": d.by_self,
                        "reviewed_by": list(d.reviewed_by),
                        "done": d.done,
                    }
                    for d in r.duties
                ],
            }
            for r in resp.reviewers
        ],
        "unowned": [{"org": u.org, "name": u.name, "subjects": list(u.subjects), "names": list(u.names)} for u in resp.unowned],
    }


# --------------------------------------------------------------------------- CSV


COVERAGE_CSV_HEADER = ["id", "name", "parent", "depth"] + [
    f"{code}_{part}" for code in MEASURES for part in ("reviewed", "total", "rate", "missing")
]


def render_coverage_csv(cov: Coverage) -> tuple[list[str], list[list[Any]]]:
    """One row per org of the scope (``by_org``); ``*_missing`` joins ids with spaces."""
    rows: list[list[Any]] = []
    for o in cov.by_org:
        row: list[Any] = [o.id, o.name, o.parent, o.depth]
        for _, m in o.measures.items():
            row += [m.reviewed, m.total, rate4(m.rate), " ".join(m.missing_ids)]
        rows.append(row)
    return COVERAGE_CSV_HEADER, rows


RESPONSIBILITY_CSV_HEADER = [
    "reviewer",
    "reviewer_name",
    "via",
    "kind",
    "subject",
    "subject_name",
    "by_self",
    "reviewed_by",
    "done",
]


def render_responsibility_csv(resp: Responsibility) -> tuple[list[str], list[list[Any]]]:
    """One row per (reviewer, subject assigned to them)."""
    rows = [
        [r.id, r.name, d.via, d.kind, d.subject, d.name, str(d.by_self).lower(), " ".join(d.reviewed_by), str(d.done).lower()]
        for r in resp.reviewers
        for d in r.duties
    ]
    return RESPONSIBILITY_CSV_HEADER, rows


# --------------------------------------------------------------------------- tables


def _org_rows(s: ScopeCoverage | Coverage, target: Fraction) -> list[list[Any]]:
    return [
        [o.id, "  " * o.depth + o.name, *(fraction_text(m.reviewed, m.total, m.rate, target) for _, m in o.measures.items())]
        for o in s.by_org
    ]


def _org_columns() -> list[Col]:
    return [Col(label("id"), "fixed"), Col(label("org_name"))] + [Col(label(MEASURE_LABELS[code]), "fixed") for code in MEASURES]


def _summary(out: Console, measures: Measures, target: Fraction, title: str | None = None) -> None:
    cols = [
        Col(label("measure_name")),
        Col(label("reviewed"), "number"),
        Col(label("out_of"), "number"),
        Col(label("rate"), "number"),
    ]
    rows = [
        [label(MEASURE_LABELS[code]), str(m.reviewed), str(m.total), Text(pct(m.rate), style=rate_style(m.rate, target))]
        for code, m in measures.items()
    ]
    print_table(out, cols, rows, title=title)


def _missing(out: Console, measures: Measures, names: dict[str, str]) -> bool:
    shown = False
    for code, m in measures.items():
        if not m.missing:
            continue
        out.print()
        cols = [
            Col(label("org_name") if code == "orgs" else label("name")),
            Col(label("id"), "fixed"),
            Col(label("parent_org" if code == "orgs" else "in_org")),
        ]
        rows = [[x.name, x.id, joined(f"{names.get(o, o)} ({o})" for o in x.orgs)] for x in m.missing]
        print_table(out, cols, rows, title=f"{label(MISSING_LABELS[code])} ({len(m.missing)})")
        shown = True
    return shown


def render_coverage_table(cov: Coverage, out: Console, *, target: Fraction | None = None) -> None:
    """Every org of the scope in tree order with its four measures (green 100%, yellow at
    or above the target, red below, dim where there is nothing to count), then the
    summary and the missing lists by name and org."""
    tgt = DEFAULT_TARGET if target is None else target
    names = {o.id: o.name for o in cov.by_org}
    out.print(Text(f"{label('coverage')} · {cov.name} · {cov.year}", style="bold"), width=text_width(out))
    rounds = ", ".join(cov.rounds) if cov.rounds else label("no_rounds")
    out.print(f"{label('rounds')}: {rounds}", width=text_width(out), markup=False)
    for s in cov.scopes:
        out.print()
        print_table(out, _org_columns(), _org_rows(s, tgt))
    out.print()
    _summary(out, cov.measures, tgt, title=label("all_roots") if len(cov.scopes) > 1 else None)
    if cov.without_secretary:
        line = f"{label('without_secretary')}: " + joined(f"{names.get(o, o)} ({o})" for o in cov.without_secretary)
        out.print(Text(line, style="yellow"), width=text_width(out))
    if not _missing(out, cov.measures, names) and any(m.total for _, m in cov.measures.items()):
        out.print(Text(label("all_covered"), style="green"))


def render_responsibility_table(resp: Responsibility, out: Console, *, target: Fraction | None = None) -> None:
    """Every secretary and leader: what the tree assigns them, what they reviewed, and
    their outstanding list by name."""
    tgt = DEFAULT_TARGET if target is None else target
    out.print(Text(f"{label('responsibility')} · {resp.name} · {resp.year}", style="bold"), width=text_width(out))
    rounds = ", ".join(resp.rounds) if resp.rounds else label("no_rounds")
    out.print(f"{label('rounds')}: {rounds}", width=text_width(out), markup=False)
    out.print()
    cols = [
        Col(label("reviewer")),
        Col(label("id"), "fixed"),
        Col(label("roles"), drop=1),
        Col(label("assigned"), "number"),
        Col(label("by_self"), "number"),
        Col(label("duties_done"), "number"),
        Col(label("rate"), "number"),
        Col(label("outstanding")),
    ]
    rows = []
    for r in resp.reviewers:
        if r.assigned == 0:
            continue
        roles = joined(f"{role.org} {label('role_' + role.role)}" for role in r.roles)
        outstanding = joined(f"{d.name} ({d.subject})" for d in r.outstanding)
        rows.append(
            [
                r.name,
                r.id,
                roles,
                str(r.assigned),
                str(r.reviewed),
                str(r.done),
                Text(pct(r.rate), style=rate_style(r.rate, tgt)),
                outstanding or Text(label("none"), style="green"),
            ]
        )
    print_table(out, cols, rows)
    idle = [r for r in resp.reviewers if r.assigned == 0]
    if idle:
        line = f"{label('nothing_assigned')}: " + joined(f"{r.name} ({r.id})" for r in idle)
        out.print(Text(line, style="dim"), width=text_width(out))
    for u in resp.unowned:
        names = joined(f"{n} ({s})" for s, n in zip(u.subjects, u.names, strict=False))
        out.print(Text(f"{label('unowned')}: {u.name} ({u.org}): {names}", style="yellow"), width=text_width(out))


# --------------------------------------------------------------------------- the reports


@dataclass(frozen=True)
class CoverageReport:
    """``pingyi coverage`` (:class:`~pingyi.report.Report`): the tree, JSON, and one row
    per org (CSV and workbook)."""

    coverage: Coverage
    target: Fraction | None = None
    title: str = N_("Review coverage")

    @property
    def subtitle(self) -> str:
        return f"{self.coverage.name} · {self.coverage.year}"

    def to_json(self) -> dict[str, Any]:
        return render_coverage_json(self.coverage)

    def to_csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        return render_coverage_csv(self.coverage)

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        lang = current_lang()
        header = [label("id", lang), label("org_name", lang), label("parent_org", lang), label("depth", lang)]
        for code in MEASURES:
            what = label(MEASURE_LABELS[code], lang)
            header += [f"{what}·{label(part, lang)}" for part in ("reviewed", "out_of", "rate", "missing")]
        rows: list[list[Any]] = []
        for o in self.coverage.by_org:
            row: list[Any] = [o.id, o.name, o.parent, o.depth]
            for _, m in o.measures.items():
                row += [m.reviewed, m.total, Percent(m.rate), " ".join(m.missing_ids)]
            rows.append(row)
        return header, rows

    def render_table(self, out: Console) -> None:
        render_coverage_table(self.coverage, out, target=self.target)


@dataclass(frozen=True)
class ResponsibilityReport:
    """``pingyi coverage --by-reviewer`` (:class:`~pingyi.report.Report`): one row per
    reviewer and subject assigned to them."""

    responsibility: Responsibility
    target: Fraction | None = None
    title: str = N_("Review responsibility")

    @property
    def subtitle(self) -> str:
        return f"{self.responsibility.name} · {self.responsibility.year}"

    def to_json(self) -> dict[str, Any]:
        return render_responsibility_json(self.responsibility)

    def to_csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        return render_responsibility_csv(self.responsibility)

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        lang = current_lang()
        header = [
            label("reviewer", lang),
            label("name", lang),
            label("via_org", lang),
            label("duty_kind", lang),
            label("subject", lang),
            label("subject_name", lang),
            label("by_self", lang),
            label("reviewed_by", lang),
            label("duty_done", lang),
        ]
        yes, no = label("yes", lang), label("no", lang)
        rows = [
            [
                r.id,
                r.name,
                d.via,
                label("duty_" + d.kind, lang),
                d.subject,
                d.name,
                yes if d.by_self else no,
                " ".join(d.reviewed_by),
                yes if d.done else no,
            ]
            for r in self.responsibility.reviewers
            for d in r.duties
        ]
        return header, rows

    def render_table(self, out: Console) -> None:
        render_responsibility_table(self.responsibility, out, target=self.target)
