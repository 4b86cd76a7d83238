"""The roll-up's forms (:mod:`pingyi.rollup`): a table per question, JSON, CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from ..i18n import N_, gettext
from ..rollup import QUESTIONS, Rollup
from .labels import label
from .output import Col, print_table

TITLES = {
    "coverage": N_("Review coverage"),
    "commitments": N_("Commitments fulfilled"),
    "rectifications": N_("Rectifications closed"),
    "surveys": N_("Satisfaction"),
    "stars": N_("Stars"),
    "grades": N_("Grades"),
}
#: question → (the key column, the count columns, whether it has a rate)
COLUMNS: dict[str, tuple[str | None, tuple[str, ...], bool]] = {
    "coverage": ("measure", ("reviewed", "total"), True),
    "commitments": ("owner_kind", ("made", "withdrawn", "done"), True),
    "rectifications": (None, ("problems", "closed", "overdue"), True),
    "surveys": (None, ("surveys", "answers", "positive"), True),
    "stars": ("stars", ("members",), False),
    "grades": ("grade", ("members",), False),
}
HEADERS = {
    "reviewed": N_("reviews done"),
    "total": N_("reviews due"),
    "made": N_("commitments made"),
    "withdrawn": N_("commitments withdrawn"),
    "done": N_("commitments fulfilled"),
    "problems": N_("problems raised"),
    "closed": N_("problems closed"),
    "overdue": N_("problems overdue"),
    "surveys": N_("surveys held"),
    "answers": N_("answers given"),
    "positive": N_("answers satisfied"),
    "members": N_("members counted"),
}
KEYS = {
    "orgs": "orgs_reviewed",
    "secretaries_reviewed": "secretaries_reviewed",
    "secretaries_reviewing": "secretaries_reviewing",
    "members": "members_reviewed",
}


def _key_text(question: str, value: Any) -> str:
    if value is None:
        return gettext(N_("not rated"))
    if question == "coverage":
        return label(KEYS.get(str(value), str(value)))
    if question == "commitments":
        return gettext(N_("owned by orgs")) if value == "org" else gettext(N_("owned by members"))
    if question == "grades":
        return label(str(value))
    return str(value)


def _where(row: dict[str, Any]) -> str:
    return str(row["workspace"]) if row.get("workspace") is not None else gettext(N_("all workspaces"))


def _rate(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


@dataclass(frozen=True)
class RollupReport:
    rollup: Rollup
    title: str = N_("Roll-up of the workspaces")

    def to_json(self) -> dict[str, Any]:
        return {
            "workspaces": [{"workspace": w, "year": y} for w, y in self.rollup.workspaces],
            **{q: self.rollup.answers[q] for q in QUESTIONS},
        }

    def to_rows(self) -> tuple[list[str], Sequence[Sequence[Any]]]:
        header = [
            gettext(N_("question asked")),
            label("workspace"),
            label("year"),
            gettext(N_("what is counted")),
            gettext(N_("how many")),
            gettext(N_("out of how many")),
            gettext(N_("share")),
        ]
        rows: list[list[Any]] = []
        for q in QUESTIONS:
            key, counts, has_rate = COLUMNS[q]
            for r in self.rollup.answers[q]:
                count = (
                    r[counts[0]]
                    if q == "coverage"
                    else r[counts[-1]]
                    if q in ("stars", "grades")
                    else r.get("done", r.get("closed", r.get("positive")))
                )
                out_of = (
                    r["total"]
                    if q == "coverage"
                    else (r["made"] - r["withdrawn"])
                    if q == "commitments"
                    else r.get("problems", r.get("answers"))
                )
                rows.append(
                    [
                        gettext(TITLES[q]),
                        _where(r),
                        r["year"],
                        _key_text(q, r[key]) if key else "",
                        count,
                        out_of if has_rate else None,
                        r["rate"] if has_rate else None,
                    ]
                )
        return header, rows

    def render_table(self, out: Console) -> None:
        out.print(gettext(N_("Roll-up of {n} workspaces")).format(n=len(self.rollup.workspaces)), markup=False, highlight=False)
        for q in QUESTIONS:
            key, counts, has_rate = COLUMNS[q]
            cols = [Col(label("workspace")), Col(label("year"), "number")]
            if key:
                cols.append(Col(gettext(N_("what is counted")), "fixed"))
            cols += [Col(gettext(HEADERS[c]), "number") for c in counts]
            if has_rate:
                cols.append(Col(gettext(N_("share")), "number"))
            rows: list[list[Text | str]] = []
            for r in self.rollup.answers[q]:
                cells = [_where(r), str(r["year"])]
                if key:
                    cells.append(_key_text(q, r[key]))
                cells += [str(r[c]) for c in counts]
                if has_rate:
                    cells.append(_rate(r["rate"]))
                total = r.get("workspace") is None
                rows.append([Text(c, style="bold") if total else c for c in cells])
            print_table(out, cols, rows, title=gettext(TITLES[q]))


__all__ = ["RollupReport"]
