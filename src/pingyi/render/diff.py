"""``pingyi diff`` as JSON (FORMAT §15), CSV rows and text for people.

The text groups the changes by org, each thing (a member, the org's coverage, a
rectification …) with its changed fields as ``before → after``, the data behind a
member's change under it with ``--explain``, and ends with the data files that changed.
Lines stay within 80 columns; long names and problem texts are shortened.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.diff import Change, Detail, DiffReport
from ..i18n import N_, current_lang, tr
from .labels import label
from .output import plain, text_width

ARROW = "→"
WIDTH = 80


def _heading(what: str, id_: str, name: str) -> str:
    texts = {
        "member": tr("member {id} {name}", id=id_, name=name),
        "commitments": tr("commitment {id}: {name}", id=id_, name=name),
        "rectification": tr("rectification {id}: {name}", id=id_, name=name),
        "survey": tr("survey {id} {name}", id=id_, name=name),
        "honours": tr("honours of {id} {name}", id=id_, name=name),
        "appraisal": tr("democratic appraisal of {id} {name}", id=id_, name=name),
    }
    return texts.get(what, f"{what} {id_} {name}")


def _field(change: Change) -> str:
    f = change.field
    texts = {
        "org": tr("org of the member"),
        "total": tr("total points"),
        "stars": tr("stars earned"),
        "grade": tr("grade of the year"),
        "rating": tr("branch's rating (stars)"),
        "orgs.rate": tr("orgs reviewed") if change.what == "coverage" else tr("fulfilment of org commitments"),
        "members.rate": tr("members reviewed") if change.what == "coverage" else tr("fulfilment of members' commitments"),
        "secretaries_reviewed.rate": tr("secretaries reviewed"),
        "secretaries_reviewing.rate": tr("secretaries reviewing"),
        "status": tr("commitment status"),
        "state": tr("rectification state"),
        "rate": tr("satisfaction rate"),
        "score": tr("survey score"),
        "annual": tr("star of the year"),
    }
    if f.startswith("quarter."):
        return tr("star of quarter {n}", n=f.split(".", 1)[1])
    return texts.get(f, f)


def _value(change: Change, value: Any) -> str:
    lang = current_lang()
    if value is None:
        return "—"
    if isinstance(value, bool):
        return tr("named") if value else tr("not named")
    if change.field.endswith("rate") and isinstance(value, Decimal):
        return f"{value * 100:.2f}%"
    if isinstance(value, str):
        if change.what == "commitments" and value == "open":
            return label("commitment_open", lang)
        if change.what == "member" and change.field == "org":
            return value
        return label(value, lang)
    return str(value)


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _cut(text: str, width: int) -> str:
    """At most ``width`` columns (a CJK character takes two), ending in … when cut."""
    text = " ".join(str(text).split())
    if _width(text) <= width:
        return text
    out, used = "", 0
    for c in text:
        w = 2 if ord(c) > 0x2E80 else 1
        if used + w > width - 1:
            break
        out += c
        used += w
    return out + "…"


def revision_label(rev: str | None, commit: str | None) -> str:
    """A revision as given, with its short commit id when the name is not one."""
    if rev is None:
        return tr("the working folder (uncommitted edits included)")
    if commit and not commit.startswith(rev):
        return f"{rev} ({commit[:7]})"
    return rev


def _detail(d: Detail) -> str:
    if d.kind == "month":
        what = f"{d.month} {d.item_name}"
    elif d.kind == "democratic":
        what = tr("democratic evaluation, {item}", item=d.item_name)
    else:
        what = tr("adjustment (awards and penalties)")
    before = "—" if d.before is None else str(d.before)
    after = "—" if d.after is None else str(d.after)
    return f"{what}: {before} {ARROW} {after}"


def render_diff_table(report: DiffReport, out: Console) -> None:
    """The changes for people: a title, the changes grouped by org, the files."""
    out.print(Text(tr("Changes in the results of {year}", year=report.year), style="bold" if out.is_terminal else ""))
    out.print("  " + _cut(tr("from: {rev}", rev=revision_label(report.before.rev, report.before.commit)), WIDTH - 2))
    out.print("  " + _cut(tr("to: {rev}", rev=revision_label(report.after.rev, report.after.commit)), WIDTH - 2))
    out.print()
    if not report.changes:
        out.print(tr("No result changed."))
    for org, changes in report.by_org():
        if org is None:
            heading = tr("Whole workspace")
        else:
            heading = f"{report.org_names.get(org, org)} ({org})"
        out.print(Text(_cut(heading, WIDTH), style="bold underline" if out.is_terminal else ""))
        things: dict[tuple[str, str], list[Change]] = {}
        for c in changes:
            things.setdefault((c.what, c.id), []).append(c)
        for (what, id_), fields in things.items():
            first = fields[0]
            if what == "coverage":
                head = tr("review coverage of the org's subtree")
            elif what == "commitments" and first.field.endswith("rate"):
                head = tr("commitments fulfilled in the org's subtree")
            else:
                head = _heading(what, id_, first.name)
            out.print("  " + _cut(head, WIDTH - 2))
            for c in fields:
                line = f"{_field(c)}: {_value(c, c.before)} {ARROW} {_value(c, c.after)}"
                out.print("    " + _cut(line, WIDTH - 4))
            if what == "member" and report.explain is not None:
                for d in report.explain.get(id_, ()):
                    out.print("      " + _cut(_detail(d), WIDTH - 6), style="dim" if out.is_terminal else None)
        out.print()
    files = report.files
    if files:
        out.print(Text(tr("Data files that changed"), style="bold" if out.is_terminal else ""))
        for key, names in (("modified", files.modified), ("added", files.added), ("removed", files.removed)):
            word = {"modified": tr("file modified"), "added": tr("file added"), "removed": tr("file removed")}[key]
            for name in names:
                out.print(f"  {word}  {name}", width=text_width(out))
    else:
        out.print(tr("No data file changed."))


def diff_json(report: DiffReport) -> dict[str, Any]:
    """FORMAT §15's shape, plus ``year``, each change's ``org`` and, with ``--explain``,
    ``explain``: member id → the data behind their change."""
    data: dict[str, Any] = {
        "from": {"rev": report.before.rev, "commit": report.before.commit},
        "to": {"rev": report.after.rev, "commit": report.after.commit},
        "year": report.year,
        "files": {
            "added": list(report.files.added),
            "removed": list(report.files.removed),
            "modified": list(report.files.modified),
        },
        "changes": [
            {
                "what": c.what,
                "id": c.id,
                "name": c.name,
                "field": c.field,
                "before": plain(c.before),
                "after": plain(c.after),
                "org": c.org,
            }
            for c in report.changes
        ],
    }
    if report.explain is not None:
        data["explain"] = {
            member: [
                {"kind": d.kind, "month": d.month, "item": d.item, "before": plain(d.before), "after": plain(d.after)}
                for d in details
            ]
            for member, details in report.explain.items()
        }
    return data


def diff_csv_rows(report: DiffReport) -> tuple[list[str], list[list[Any]]]:
    """One row per change for scripts (CSV on stdout): JSON's keys and codes."""
    header = ["what", "id", "name", "org", "field", "before", "after"]
    return header, [[c.what, c.id, c.name, c.org, c.field, plain(c.before), plain(c.after)] for c in report.changes]


def diff_rows(report: DiffReport) -> tuple[list[str], list[list[Any]]]:
    """One row per change for people (a CSV file, a workbook): headers in the language in
    force, codes as in JSON."""
    header = [
        tr("kind of result"),
        tr("result id"),
        tr("result name"),
        tr("org of the result"),
        tr("field changed"),
        tr("value before"),
        tr("value after"),
    ]
    rows = [[c.what, c.id, c.name, c.org, c.field, plain(c.before), plain(c.after)] for c in report.changes]
    return header, rows


@dataclass(frozen=True)
class DiffOutput:
    """``pingyi diff`` (:class:`~pingyi.report.Report`): the changes of a
    :class:`~pingyi.compute.diff.DiffReport` in every form."""

    report: DiffReport
    title: str = N_("Changes in results")

    def to_json(self) -> dict[str, Any]:
        return diff_json(self.report)

    def to_rows(self) -> tuple[list[str], list[list[Any]]]:
        return diff_rows(self.report)

    def to_csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        return diff_csv_rows(self.report)

    def render_table(self, out: Console) -> None:
        render_diff_table(self.report, out)


__all__ = ["DiffOutput", "diff_csv_rows", "diff_json", "diff_rows", "render_diff_table", "revision_label"]
