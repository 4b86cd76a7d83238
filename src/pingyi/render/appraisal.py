"""民主评议党员 (FORMAT §14) as a :class:`~pingyi.report.Report`: JSON in the section's
shape, CSV rows, and a table that fits 80 columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.appraisal import COUNT_KEYS, AppraisalReport, MemberAppraisal, OrgAppraisal
from ..i18n import N_, _
from ..model.appraisal import FLAG_LABELS, GRADE_LABELS, SHORT_GRADE, VOTE_GRADES
from ..model.rules import Grade
from .coverage import pct, rate4
from .output import Col, print_table, text_width


def _grade(grade: Grade | str | None) -> str:
    return "—" if grade is None else _(GRADE_LABELS[str(grade)])


def _flags(flags: Sequence[str]) -> str:
    return ", ".join(_(FLAG_LABELS.get(f, f)) for f in flags)


def member_json(m: MemberAppraisal) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "status": m.status.value,
        "votes": None if m.votes is None else {g.value: m.votes.of(g) for g in VOTE_GRADES},
        "shares": None if m.shares is None else {g.value: rate4(m.shares[g]) for g in VOTE_GRADES},
        "top": None if m.top is None else m.top.value,
        "grade": None if m.grade is None else m.grade.value,
        "reason": m.reason,
        "flags": list(m.flags),
        "org": m.org,
    }


def org_json(o: OrgAppraisal) -> dict[str, Any]:
    return {
        "id": o.id,
        "participants": o.participants,
        "full_members": o.full_members,
        "excellent_quota": o.excellent_quota,
        "members": [member_json(m) for m in o.members],
        "grades": o.grades,
        "name": o.name,
        "date": o.date.isoformat() if o.date else None,
        "probationary": o.probationary,
        "excellent_share": str(o.share),
        "file": o.file,
    }


@dataclass(frozen=True)
class AppraisalTable:
    """The report of ``pingyi appraisal``."""

    report: AppraisalReport
    workspace_name: str = ""
    title: str = N_("Democratic appraisal of members")

    def to_json(self) -> dict[str, Any]:
        r = self.report
        return {
            "year": r.year,
            "orgs": [org_json(o) for o in r.orgs],
            "summary": {
                "grades": r.grades,
                "full_members": r.full_members,
                "excellent_quota": r.excellent_quota,
                "orgs": len(r.orgs),
            },
            "missing": list(r.missing),
        }

    @property
    def subtitle(self) -> str:
        return " · ".join(x for x in (self.workspace_name, str(self.report.year)) if x)

    def to_csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        """The scripts' CSV: one row per member, English codes, shares 0..1."""
        header = ["org", "participants", "member", "name", "status"]
        header += [f"votes_{g.value}" for g in VOTE_GRADES] + [f"share_{g.value}" for g in VOTE_GRADES]
        header += ["top", "grade", "reason", "flags"]
        rows: list[list[Any]] = []
        for o in self.report.orgs:
            for m in o.members:
                votes = [None] * 4 if m.votes is None else [m.votes.of(g) for g in VOTE_GRADES]
                shares = [None] * 4 if m.shares is None else [rate4(m.shares[g]) for g in VOTE_GRADES]
                top = None if m.top is None else m.top.value
                grade = None if m.grade is None else m.grade.value
                rows.append(
                    [o.id, o.participants, m.id, m.name, m.status.value, *votes, *shares, top, grade, m.reason, ";".join(m.flags)]
                )
        return header, rows

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        header = [
            _("Org"),
            _("Org name"),
            _("Participants"),
            _("Member"),
            _("Name"),
            *(_("Votes: {grade}").format(grade=_(GRADE_LABELS[g.value])) for g in VOTE_GRADES),
            *(_("Share: {grade}").format(grade=_(GRADE_LABELS[g.value])) for g in VOTE_GRADES),
            _("Most votes"),
            _("Decision"),
            _("Reason"),
            _("Flags"),
        ]
        rows: list[list[Any]] = []
        for o in self.report.orgs:
            for m in o.members:
                votes = [None] * 4 if m.votes is None else [m.votes.of(g) for g in VOTE_GRADES]
                shares = [None] * 4 if m.shares is None else [rate4(m.shares[g]) for g in VOTE_GRADES]
                top = None if m.top is None else _grade(m.top)
                grade = None if m.grade is None else _grade(m.grade)
                rows.append([o.id, o.name, o.participants, m.id, m.name, *votes, *shares, top, grade, m.reason, _flags(m.flags)])
        return header, rows

    def render_table(self, out: Console) -> None:
        r = self.report
        width = text_width(out)
        head = " · ".join(x for x in (_(self.title), self.workspace_name, str(r.year)) if x)
        out.print(Text(head, style="bold"), width=width)
        if not r.orgs:
            out.print(_("No appraisal of the year."), width=width)
        for o in r.orgs:
            out.print()
            self._org(o, out, width)
        if r.orgs:
            out.print()
            self._summary(out, width)
        if r.missing:
            out.print(
                Text(_("Branches without an appraisal: {orgs}").format(orgs=", ".join(r.missing)), style="yellow"), width=width
            )

    def _org(self, o: OrgAppraisal, out: Console, width: int) -> None:
        line = _(
            "{name} ({id}) · {date}participants {participants} · full members {full} · excellent {used} of quota {quota}"
        ).format(
            name=o.name,
            id=o.id,
            date=f"{o.date.isoformat()} · " if o.date else "",
            participants=o.participants,
            full=o.full_members,
            used=o.grades["excellent"],
            quota=o.excellent_quota,
        )
        out.print(Text(line, style="bold"), width=width)
        cols = [
            Col(_("Member")),
            *(Col(_(SHORT_GRADE[g.value]), "number") for g in VOTE_GRADES),
            Col(_("Decision"), "fixed"),
            Col(_("Flags")),
        ]
        rows: list[list[Text | str]] = []
        for m in o.members:
            cells: list[Text | str] = []
            for g in VOTE_GRADES:
                if m.votes is None:
                    cells.append("")
                    continue
                n = m.votes.of(g)
                share = f" {pct(m.shares[g], 0)}" if m.shares is not None and n else ""
                cells.append(Text(f"{n}{share}{'*' if m.top is g else ''}", style="bold" if m.top is g else ""))
            style = "yellow" if {"undecided", "against_majority"} & set(m.flags) else ""
            rows.append(
                [
                    f"{m.name} {m.id}",
                    *cells,
                    Text(_grade(m.grade) if m.grade or m.status.value != "probationary" else ""),
                    Text(_flags(m.flags), style=style),
                ]
            )
        print_table(out, cols, rows)
        notes = [m for m in o.members if m.reason]
        if notes or any(m.top for m in o.members):
            out.print(Text(_("* = most votes; votes and their share of the ballots returned"), style="dim"), width=width)
        for m in notes:
            out.print(Text(f"{m.name} ({m.id}) {_grade(m.grade)}: {m.reason}"), width=width)

    def _summary(self, out: Console, width: int) -> None:
        cols = [
            Col(_("Org"), "fixed"),
            Col(_("Full members"), "number"),
            Col(_("Quota"), "number"),
            *(Col(_(SHORT_GRADE[key]), "number") for key in COUNT_KEYS),
        ]
        rows: list[list[Text | str]] = [
            [o.id, str(o.full_members), str(o.excellent_quota), *(str(o.grades[k]) for k in COUNT_KEYS)] for o in self.report.orgs
        ]
        r = self.report
        rows.append(
            [Text(_("Total"), style="bold"), str(r.full_members), str(r.excellent_quota), *(str(r.grades[k]) for k in COUNT_KEYS)]
        )
        print_table(out, cols, rows, title=_("Grades per org"))


__all__ = ["AppraisalTable", "member_json", "org_json"]
