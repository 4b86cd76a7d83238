"""Entry forms (填报表) for the records a branch fills in besides the monthly scores: the
year-end democratic evaluation (its tally: participants and each member's item averages),
awards and penalties, commitments (and their status at year end), the reviews of a round
with their problems and rectifications, and survey counts.

One mechanism serves them all, in the three steps of every import:

- :func:`record_form` (pure): what the form shows, from the workspace: a few document
  fields (year, org, participants …) and a table whose rows are the records already kept,
  each with a reference to where it stands (file, document, path), so that the import
  edits that very record;
- the form is written by :mod:`pingyi.render.xlsx.records` and read back by
  :func:`read_form` (io);
- :func:`plan_form` (pure): every cell typed and checked (problems are diagnostics at the
  cell, ``登记表!C7``), the rows compared with what is recorded: records added, fields
  changed (old → new, which needs ``--force``), rows deleted from the form (listed; the
  records are kept);
- :func:`form_edits` / :func:`apply_form` (io): the YAML edited in place with ruamel.yaml's
  round trip (comments and layout kept), or a new file, written atomically.

Codes (``award``, ``city``, ``done`` …) are shown in the form by their names in the
language of the form (表彰奖励, 地市级, 已兑现) and chosen from a drop-down list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from .diagnostics import Diagnostic, Loc, error, warning
from .errors import UserError
from .i18n import N_, gettext
from .records_appraisal import HELP as APPRAISAL_HELP
from .records_appraisal import TITLE as APPRAISAL_TITLE
from .selection import year_of
from .workspace import Workspace

FORMAT = "pingyi-form"
VERSION = "1"
KINDS = ("evaluation", "adjustments", "commitments", "reviews", "surveys", "appraisal")
MAX_TEXT = 2000
DEFAULT_SURVEY_OPTIONS = ("满意", "基本满意", "不满意")

# -- the fields ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A column of a form (or a document field above the table).

    ``kind``: ``text``, ``long`` (wrapped text), ``int`` (a whole number ≥ 0), ``score``
    (a decimal from 0 to the rules' item_max), ``date``, ``code`` (one of ``codes``, shown
    by name), ``member``, ``subject`` (an org or member id), ``subjects`` (several, split at
    commas or 、), ``shown`` (for the reader only: never imported)."""

    key: str
    label: str  # msgid
    kind: str = "text"
    required: bool = False
    codes: tuple[tuple[str, str], ...] = ()  # (code, msgid of its name)
    width: int = 12


ADJUSTMENT_TYPES = (
    ("award", N_("award")),
    ("discipline", N_("disciplinary sanction")),
    ("criticism", N_("circulated criticism")),
)
LEVELS = (
    ("national", N_("national level")),
    ("provincial", N_("provincial level")),
    ("city", N_("city level")),
    ("county", N_("county level")),
    ("unit", N_("own unit")),
)
COMMITMENT_TYPES = (("basic", N_("basic commitment")), ("creative", N_("creative commitment")))
COMMITMENT_STATUSES = (
    ("open", N_("in progress")),
    ("done", N_("fulfilled")),
    ("partial", N_("partly fulfilled")),
    ("failed", N_("not fulfilled")),
    ("withdrawn", N_("withdrawn")),
)
MODES = (
    ("meeting", N_("review at a meeting")),
    ("onsite", N_("review on site")),
    ("talk", N_("one-to-one talk")),
    ("mutual", N_("mutual review")),
    ("mass", N_("review by the masses")),
    ("written", N_("written review")),
    ("other", N_("other review")),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "adjustments": (
        Field("member", N_("Member id"), "member", required=True, width=10),
        Field("member:name", N_("Name"), "shown", width=8),
        Field("type", N_("Type"), "code", required=True, codes=ADJUSTMENT_TYPES, width=16),
        Field("level", N_("Level"), "code", required=True, codes=LEVELS, width=10),
        Field("date", N_("Date"), "date", width=11),
        Field("note", N_("What for"), "long", width=30),
    ),
    "commitments": (
        Field("id", N_("Commitment id"), "text", width=12),
        Field("owner", N_("Owner (org or member id)"), "subject", required=True, width=10),
        Field("owner:name", N_("Name"), "shown", width=12),
        Field("type", N_("Type"), "code", required=True, codes=COMMITMENT_TYPES, width=12),
        Field("text", N_("Commitment"), "long", required=True, width=30),
        Field("made", N_("Made on"), "date", width=11),
        Field("due", N_("Due"), "date", width=11),
        Field("status", N_("Status"), "code", required=True, codes=COMMITMENT_STATUSES, width=10),
        Field("done", N_("Fulfilled on"), "date", width=11),
        Field("evidence", N_("Evidence"), "long", width=24),
    ),
    "reviews": (
        Field("reviewer", N_("Reviewer id"), "member", required=True, width=10),
        Field("reviewer:name", N_("Name"), "shown", width=8),
        Field("subject", N_("Reviewed (ids, separated by commas)"), "subjects", required=True, width=14),
        Field("date", N_("Date"), "date", required=True, width=11),
        Field("mode", N_("Mode"), "code", codes=MODES, width=12),
        Field("content", N_("Review"), "long", width=28),
        Field("problem", N_("Problem found"), "long", width=20),
        Field("measure", N_("Rectification measure"), "long", width=20),
        Field("owner", N_("Responsible (member id)"), "member", width=10),
        Field("due", N_("Deadline"), "date", width=11),
        Field("closed", N_("Closed on"), "date", width=11),
        Field("evidence", N_("Evidence"), "long", width=16),
    ),
}
REVIEW_FIELDS = ("reviewer", "subject", "date", "mode", "content")
PROBLEM_FIELDS = ("problem", "measure", "owner", "due", "closed", "evidence")
TITLES = {
    "evaluation": N_("Democratic evaluation tally"),
    "adjustments": N_("Awards and penalties"),
    "commitments": N_("Commitments"),
    "reviews": N_("Review records"),
    "surveys": N_("Survey counts"),
    "appraisal": APPRAISAL_TITLE,
}
HELP = {
    "evaluation": N_(
        "Write the number of participants and, for each member, the average of each item over the ballots "
        "(0 to {max}). Members not evaluated: leave their row empty."
    ),
    "adjustments": N_("One award or penalty a row: the member, the type and level from the lists, the date, what for."),
    "commitments": N_(
        "One commitment a row. At year end set the status; a fulfilled one needs the date it was fulfilled. "
        "New commitments: add rows at the end."
    ),
    "reviews": N_(
        "One row per problem found (a review without problems: one row, problem empty). Rows of one review repeat "
        "its reviewer, subjects, date and content. Closed on: fill in when the rectification is done and closed."
    ),
    "surveys": N_("One survey a row: the count of answers for each option. New surveys: add rows with a new id."),
    "appraisal": APPRAISAL_HELP,
}


def survey_fields(options: Sequence[str]) -> tuple[Field, ...]:
    return (
        Field("id", N_("Survey id"), "text", required=True, width=12),
        Field("name", N_("Survey"), "long", required=True, width=24),
        Field("subject", N_("Subject (org or member id)"), "subject", required=True, width=10),
        Field("subject:name", N_("Name"), "shown", width=12),
        Field("date", N_("Date"), "date", required=True, width=11),
        *(Field(f"count:{o}", o, "int", required=True, width=8) for o in options),
        Field("suggestions", N_("Suggestions collected"), "int", width=8),
    )


def evaluation_fields(items: Sequence[tuple[str, str]]) -> tuple[Field, ...]:
    return (
        Field("member", N_("Member id"), "member", required=True, width=10),
        Field("member:name", N_("Name"), "shown", width=10),
        *(Field(f"item:{i}", name, "score", width=7) for i, name in items),
    )


# -- the form's content ----------------------------------------------------------------------


@dataclass(frozen=True)
class FormRow:
    """A row of the form: its values by field key, and where the record stands (``None``
    for a row the form leaves empty to be filled in)."""

    values: Mapping[str, Any]
    ref: str = ""


@dataclass(frozen=True)
class Form:
    kind: str
    title: str
    year: int
    header: Mapping[str, Any]  # document fields: org, round, participants, …
    header_fields: tuple[Field, ...]
    fields: tuple[Field, ...]
    rows: tuple[FormRow, ...]
    names: Mapping[str, str]  # id → name, for the lists and the name column
    item_max: Decimal
    options: tuple[str, ...] = ()
    member_ids: tuple[str, ...] = ()


class FormError(UserError):
    """The form cannot be made or read (a usage error: exit 2)."""


def _ref(loc: Loc) -> str:
    return f"{loc.file}#{loc.doc}#" + "/".join(str(p) for p in loc.path)


def parse_ref(ref: str) -> tuple[str, int, tuple[str | int, ...]] | None:
    m = re.fullmatch(r"(.+)#(\d+)#([\w/.\-:]*)", ref)
    if not m:
        return None
    path = tuple(int(p) if p.isdigit() else p for p in m.group(3).split("/") if p)
    return m.group(1), int(m.group(2)), path


def record_form(
    ws: Workspace,
    kind: str,
    *,
    year: int | None = None,
    org: str | None = None,
    round_id: str | None = None,
    options: Sequence[str] | None = None,
) -> Form:
    """The form of ``kind`` with the records the workspace already keeps."""
    year = year_of(ws, year)
    names = {m.id: m.name for m in ws.members.values()} | {o.id: o.name for o in ws.orgs.values()}
    form = _record_form(ws, kind, year, org, round_id, options, names)
    return replace(form, member_ids=tuple(ws.members))


def _record_form(
    ws: Workspace,
    kind: str,
    year: int,
    org: str | None,
    round_id: str | None,
    options: Sequence[str] | None,
    names: dict[str, str],
) -> Form:
    item_max = Decimal(str(ws.rules.item_max))
    if kind == "appraisal":  # 民主评议 vote tally: pingyi.records_appraisal
        from .records_appraisal import appraisal_form

        return appraisal_form(ws, year, org, names, item_max)
    if kind == "evaluation":
        if org is None or org not in ws.orgs:
            raise FormError("form-needs-org", kind=kind)
        items = tuple((i.id, i.name) for i in ws.rules.items)
        doc = next((d for d in ws.evaluations if d.model.org == org and d.model.year == year), None)
        averages: Mapping[str, Sequence[Any]] = {}
        header: dict[str, Any] = {"org": org, "year": year, "participants": None, "mass_representatives": None}
        if doc is not None:
            if doc.model.averages is None:
                raise FormError("form-ballots", org=org, year=year)
            averages = doc.model.averages
            header.update(
                participants=doc.model.participants, mass_representatives=doc.model.mass_representatives, _ref=_ref(doc.loc)
            )
        rows = []
        for m in ws.members_of(org, recursive=False):
            if not m.scored:
                continue
            values: dict[str, Any] = {"member": m.id}
            for (item, _), value in zip(items, averages.get(m.id, ())):
                values[f"item:{item}"] = Decimal(str(value))
            rows.append(FormRow(values, _ref(doc.loc.at("averages", m.id)) if doc and m.id in averages else ""))
        hf = (
            Field("participants", N_("Participants (ballots returned)"), "int", required=True),
            Field("mass_representatives", N_("Mass representatives present"), "int"),
        )
        return Form(kind, gettext(TITLES[kind]), year, header, hf, evaluation_fields(items), tuple(rows), names, item_max)
    if kind == "adjustments":
        rows = [
            FormRow(item.model_dump(mode="python"), _ref(d.loc.at("items", i)))
            for d in ws.adjustments
            if d.model.year == year
            for i, item in enumerate(d.model.items)
            if org is None or ws.members.get(item.member) is not None and ws.members[item.member].org in ws.subtree(org)
        ]
        first = next((d for d in ws.adjustments if d.model.year == year), None)
        header = {"year": year, "_doc": _ref(first.loc) if first else ""}
        return Form(kind, gettext(TITLES[kind]), year, header, (), FIELDS[kind], tuple(rows), names, item_max)
    if kind == "commitments":
        scope = set(ws.subtree(org)) if org else None

        def owned(owner: str) -> bool:
            if scope is None:
                return True
            return ws.org_of(owner) in scope

        rows = [
            FormRow(item.model_dump(mode="python"), _ref(d.loc.at("items", i)))
            for d in ws.commitments
            if d.model.year == year
            for i, item in enumerate(d.model.items)
            if owned(item.owner)
        ]
        first_doc = next((d for d in ws.commitments if d.model.year == year), None)
        header = {"year": year, "_doc": _ref(first_doc.loc) if first_doc else ""}
        return Form(kind, gettext(TITLES[kind]), year, header, (), FIELDS[kind], tuple(rows), names, item_max)
    if kind == "reviews":
        rnd = next((d for d in ws.rounds if d.model.id == round_id), None)
        if rnd is None:
            raise FormError("form-needs-round", round=round_id or "")
        rows = []
        for i, review in enumerate(rnd.model.reviews):
            base = {
                "reviewer": review.reviewer or review.reviewer_name or "",
                "subject": list(review.subjects) if len(review.subjects) > 1 else review.subjects[0],
                "date": review.date,
                "mode": review.mode,
                "content": review.content,
            }
            if not review.problems:
                rows.append(FormRow(base, _ref(rnd.loc.at("reviews", i))))
            for j, problem in enumerate(review.problems):
                rows.append(FormRow(base | problem.model_dump(mode="python"), _ref(rnd.loc.at("reviews", i, "problems", j))))
        header = {"round": rnd.model.id, "name": rnd.model.name, "_ref": _ref(rnd.loc)}
        year = rnd.model.start.year
        return Form(kind, gettext(TITLES[kind]), year, header, (), FIELDS[kind], tuple(rows), names, item_max)
    if kind == "surveys":
        opts = tuple(options or DEFAULT_SURVEY_OPTIONS)
        rows = []
        for d in ws.surveys:
            s = d.model
            if s.date.year != year or tuple(s.options or DEFAULT_SURVEY_OPTIONS) != opts:
                continue
            values = {"id": s.id, "name": s.name, "subject": s.subject, "date": s.date, "suggestions": s.suggestions}
            values |= {f"count:{o}": s.counts.get(o, 0) for o in opts}
            rows.append(FormRow(values, _ref(d.loc)))
        return Form(
            kind,
            gettext(TITLES[kind]),
            year,
            {"year": year, "options": list(opts)},
            (),
            survey_fields(opts),
            tuple(rows),
            names,
            item_max,
            opts,
        )
    raise FormError("form-kind", kind=kind, kinds=list(KINDS))


# -- reading a filled-in form ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    where: str  # 登记表!C7
    value: Any  # as read: str, int, float, datetime, None


@dataclass
class FilledForm:
    kind: str
    year: int
    meta: Mapping[str, str]
    header: Mapping[str, Cell]
    rows: list[tuple[str, dict[str, Cell]]]  # (ref, field → cell)


# -- planning --------------------------------------------------------------------------------


@dataclass
class Record:
    """A record as the form gives it: its typed values, and where it stands (or not yet)."""

    ref: tuple[str, int, tuple[str | int, ...]] | None
    values: dict[str, Any]
    row: str  # where the row is, for messages


@dataclass
class FieldChange:
    record: str  # what the record is (shown)
    field: str  # msgid of the field
    old: Any
    new: Any
    ref: tuple[str, int, tuple[str | int, ...]]
    key: str


@dataclass
class FormPlan:
    kind: str
    year: int
    header: dict[str, Any] = field(default_factory=dict)
    added: list[Record] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    unchanged: int = 0
    dropped: list[str] = field(default_factory=list)  # records the form no longer lists (kept)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    form: Form | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def nothing_to_do(self) -> bool:
        return not (self.added or self.changes or self.header_changes)

    header_changes: list[FieldChange] = field(default_factory=list)


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def typed(f: Field, cell: Cell, form: Form | None, ws: Workspace, item_max: Decimal) -> tuple[Any, Diagnostic | None]:
    """The value of ``cell`` for field ``f``, or a problem located at the cell."""
    value = cell.value
    loc = Loc(cell.where)
    label = gettext(f.label)
    if value is None or (isinstance(value, str) and not value.strip()):
        if f.required:
            return None, error("form-required", loc, field=label)
        return None, None
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_TEXT:
            return None, error("form-too-long", loc, field=label, n=MAX_TEXT)
        if value.startswith("="):
            return None, error("form-formula", loc, field=label)
    if f.kind in ("text", "long"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (dt.datetime, dt.date)):
            value = value.strftime("%Y-%m-%d")
        return str(value), None
    if f.kind == "int":
        try:
            number = Decimal(str(value)) if not isinstance(value, float) else Decimal(repr(value))
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value() or number < 0 or len(str(value)) > 12:
            return None, error("form-int", loc, field=label, value=str(value)[:20])
        return int(number), None
    if f.kind == "score":
        text = repr(value) if isinstance(value, float) else str(value)
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or len(text) > 20 or not 0 <= number <= item_max:
            return None, error("form-score", loc, field=label, value=text[:20], max=item_max)
        return number.normalize() if number == number.to_integral_value() else number, None
    if f.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        m = _DATE.match(str(value))
        try:
            if m:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
        except ValueError:
            pass
        return None, error("form-date", loc, field=label, value=str(value)[:20])
    if f.kind == "code":
        text = str(value)
        for code, name in f.codes:
            if text in (code, gettext(name), gettext(name, "zh"), gettext(name, "en")):
                return code, None
        return None, error("form-code", loc, field=label, value=text[:40], allowed=[gettext(n) for _, n in f.codes])
    if f.kind in ("member", "subject", "subjects"):
        parts = (
            [p.strip() for p in re.split(r"[,，、;；\s]+", str(value)) if p.strip()]
            if f.kind == "subjects"
            else [str(value).strip()]
        )
        ids: list[str] = []
        for part in parts:
            found = _resolve(ws, part, members_only=f.kind == "member")
            if found is None:
                return None, error("form-unknown-id", loc, field=label, value=part[:40])
            ids.append(found)
        return (ids if len(ids) > 1 else ids[0]) if f.kind == "subjects" else ids[0], None
    return value, None  # pragma: no cover - every kind is handled above


def _resolve(ws: Workspace, text: str, *, members_only: bool) -> str | None:
    """An id, or an exact name that names one member (or org)."""
    if text in ws.members or (not members_only and text in ws.orgs):
        return text
    head = text.split(" ")[0].split("(")[0].split("(")[0]
    if head in ws.members or (not members_only and head in ws.orgs):
        return head
    named = [m.id for m in ws.members.values() if m.name == text]
    if not members_only:
        named += [o.id for o in ws.orgs.values() if o.name == text]
    return named[0] if len(named) == 1 else None


def plan_form(ws: Workspace, filled: FilledForm) -> FormPlan:
    """Compare the filled-in form with what the workspace records."""
    form = record_form(
        ws,
        filled.kind,
        year=filled.year,
        org=filled.meta.get("org") or None,
        round_id=filled.meta.get("round") or None,
        options=_options(filled.meta.get("options", "")),
    )
    plan = FormPlan(filled.kind, filled.year)
    plan.form = form
    recorded = {row.ref: row for row in form.rows if row.ref}
    seen: set[str] = set()
    fields = {f.key: f for f in form.fields}
    for f in form.header_fields:
        cell = filled.header.get(f.key)
        if cell is None:
            continue
        value, problem = typed(f, cell, form, ws, form.item_max)
        if problem:
            plan.diagnostics.append(problem)
        plan.header[f.key] = value
        old = form.header.get(f.key)
        doc_ref = parse_ref(str(form.header.get("_ref", "")))
        if old is not None and doc_ref is not None and not _same(old, value):
            plan.header_changes.append(FieldChange(form.title, f.label, old, value, doc_ref, f.key))
    for ref, cells in filled.rows:
        values: dict[str, Any] = {}
        if all(
            c.value is None or (isinstance(c.value, str) and not c.value.strip())
            for k, c in cells.items()
            if fields.get(k) is None or fields[k].kind != "shown"
        ):
            continue
        row_where = next(iter(cells.values())).where if cells else ""
        bad = False
        for key, cell in cells.items():
            column = fields.get(key)
            if column is None or column.kind == "shown":
                continue
            value, problem = typed(column, cell, form, ws, form.item_max)
            if problem:
                plan.diagnostics.append(problem)
                bad = True
            values[key] = value
        if bad:
            continue
        if ref and ref not in recorded:
            plan.diagnostics.append(warning("form-stale-ref", Loc(row_where), ref=ref))
            ref = ""
        if not ref:  # a new row that is a record already kept (a form imported twice)
            ref = next((r.ref for r in form.rows if r.ref and r.ref not in seen and _same_record(r.values, values)), "")
        parsed = parse_ref(ref) if ref else None
        record = Record(parsed, values, row_where)
        plan.records.append(record)
        if parsed is None:
            plan.added.append(record)
            continue
        seen.add(ref)
        before = recorded[ref].values
        changed = False
        for key, value in values.items():
            old = before.get(key)
            if _same(old, value):
                continue
            changed = True
            plan.changes.append(FieldChange(_describe(ws, form, before), fields[key].label, old, value, parsed, key))
        if not changed:
            plan.unchanged += 1
    plan.dropped = [_describe(ws, form, row.values) for row in form.rows if row.ref and row.ref not in seen]
    if filled.kind == "appraisal":
        from .records_appraisal import check_appraisal

        check_appraisal(ws, plan, filled)
    if filled.kind == "evaluation" and plan.header.get("participants") is None and not plan.errors:
        plan.diagnostics.append(
            error(
                "form-required", Loc(filled.meta.get("sheet", "") + "!B3"), field=gettext(N_("Participants (ballots returned)"))
            )
        )
    return plan


def _options(text: str) -> list[str] | None:
    import json

    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return [str(v) for v in value] if isinstance(value, list) and value else None


def _same_record(kept: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    return all(_same(kept.get(key), value) for key, value in values.items())


def _same(old: Any, new: Any) -> bool:
    if old is None or old == "" or old == []:
        return new is None or new == "" or new == []
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        return list(old) == list(new)
    if isinstance(old, (list, tuple)) and len(old) == 1:
        return old[0] == new
    try:
        return Decimal(str(old)) == Decimal(str(new))
    except (InvalidOperation, ValueError):
        return str(getattr(old, "value", old)) == str(getattr(new, "value", new))


def _describe(ws: Workspace, form: Form, values: Mapping[str, Any]) -> str:
    for key in ("id", "member", "reviewer", "owner"):
        value = values.get(key)
        if value:
            name = form.names.get(str(value))
            return f"{name} ({value})" if name else str(value)
    return "—"


__all__ = [
    "FORMAT",
    "KINDS",
    "Field",
    "FilledForm",
    "Form",
    "FormError",
    "FormPlan",
    "FormRow",
    "plan_form",
    "record_form",
    "typed",
]
