"""Planning an import (pure): every cell of a read template checked against the workspace
and compared with what the workspace already records. The result is an
:class:`ImportPlan`; what is wrong is in its ``problems``, diagnostics located at the
workbook's cell (``积分录入!C7``), and a plan with problems writes nothing."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..compute.ledgers import recorded_scores
from ..diagnostics import Diagnostic, Loc, error
from ..io.xlsx_read import Cell
from ..model.base import MONTH_RE
from ..workspace import Workspace
from .read import TemplateContent

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
#: Digits a score cell's text may have before it is shown cut short in a message.
_SHOWN = 20


@dataclass(frozen=True, slots=True)
class Change:
    """A recorded score the sheet changes."""

    member: str
    name: str
    item: int
    item_id: str
    item_name: str
    old: Decimal
    new: Decimal
    where: str


@dataclass
class ImportPlan:
    """What importing the sheet would do.

    ``problems`` are what stands in the way (nothing is written while there are any);
    ``changes`` are recorded scores the sheet changes (they need ``--force`` on the command
    line); ``added`` are members the month's documents do not list yet; ``unchanged`` are
    members whose recorded scores the sheet repeats. ``new_file`` is set when the
    org-month has no document yet; otherwise ``edits`` maps a file to its documents'
    changes."""

    org: str
    org_name: str
    month: str
    rows: dict[str, tuple[Decimal, ...]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_file: str | None = None
    #: file → document index → (member → {item index: value}, member → values to add)
    edits: dict[str, dict[int, tuple[dict[str, dict[int, Decimal]], dict[str, tuple[Decimal, ...]]]]] = field(
        default_factory=dict
    )
    #: the recorded values the plan was made against: (file, document, member) → values
    recorded: dict[tuple[str, int, str], tuple[Decimal, ...]] = field(default_factory=dict)
    #: the files holding the org-month's documents now
    existing: list[str] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not self.problems and not self.changes and not self.added

    @property
    def files(self) -> list[str]:
        return [self.new_file] if self.new_file else sorted(self.edits)


def plain(value: Decimal) -> str:
    """A score as text: ``9``, ``9.5``; a number too long to show is cut short (``123…``)."""
    if not value.is_finite():
        return str(value)
    digits = len(value.as_tuple().digits) + max(value.as_tuple().exponent, 0)  # type: ignore[operator]
    if digits > _SHOWN:
        return _cut(format(value, "f"))
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "…"


def score_value(cell: Cell, maximum: Decimal) -> tuple[Decimal | None, str | None, dict[str, Any]]:
    """A score cell's value, or the message code saying why it is none and its values."""
    kind, value = cell.kind, cell.value
    top = plain(maximum)
    if kind == "empty":
        return None, "import-blank", {"max": top}
    if kind == "formula":
        return None, "import-formula", {}
    if kind == "error":
        return None, "import-error-value", {"value": _cut(str(value))}
    if kind == "bool":
        return None, "import-bool", {"value": "TRUE" if value else "FALSE", "max": top}
    if kind == "date":
        return None, "import-date", {}
    if kind == "text":
        text = str(value).strip()
        if not _NUMBER.match(text):
            return None, "import-text", {"text": _cut(text)}
        if len(text) > 40:  # no score is written with forty digits
            return None, "import-out-of-range", {"value": _cut(text), "max": top}
        number = Decimal(text)
    else:
        if isinstance(value, float) and not math.isfinite(value):
            return None, "import-not-number", {"max": top}
        try:
            number = _float_decimal(value) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, ValueError, TypeError):
            return None, "import-not-number", {"max": top}
    if number < 0 or number > maximum:
        return None, "import-out-of-range", {"value": plain(number), "max": top}
    return number, None, {}


def _float_decimal(value: float) -> Decimal:
    """The decimal a spreadsheet number stands for: Excel keeps doubles, so 9.3 computed
    elsewhere and pasted may arrive as 9.300000000000001; the shortest decimal of at most
    six places within 1e-9 is meant."""
    for places in range(7):
        rounded = round(value, places)
        if abs(rounded - value) < 1e-9:
            return Decimal(repr(rounded)).normalize() if places else Decimal(int(rounded))
    return Decimal(repr(value))


def plan_import(ws: Workspace, content: TemplateContent, *, file: str | None = None) -> ImportPlan:
    """Check every cell and compare with the recorded scores. ``file`` is the workbook as
    the user named it (the problems' location; default: its path)."""
    name = file or str(content.path)
    org, month = content.org, content.month
    plan = ImportPlan(org, ws.orgs[org].name if org in ws.orgs else org, month)

    def whole(code: str, **args: Any) -> ImportPlan:
        plan.problems.append(error(code, Loc(name), **args))
        return plan

    if org not in ws.orgs:
        return whole("template-org-member" if org in ws.members else "template-org-unknown", org=_cut(org))
    if not MONTH_RE.match(month):
        return whole("template-month", month=_cut(month))
    rule_ids = tuple(i.id for i in ws.rules.items)
    if content.items != rule_ids:
        return whole("template-items", items=list(content.items), rules=list(rule_ids), org=org, month=month)
    if not content.rows:
        return whole("template-no-rows", org=f"{org} ({plan.org_name})")
    names = {i.id: i.name for i in ws.rules.items}
    maximum = ws.rules.item_max
    recorded = recorded_scores(ws, org, month)
    elsewhere: dict[str, str] = {}  # member → the other org that scored them this month
    for d in ws.scores:
        if d.model.month == month and d.model.org != org:
            for member in d.model.scores:
                elsewhere.setdefault(member, d.model.org)

    def problem(cell: Cell, code: str, **args: Any) -> None:
        plan.problems.append(error(code, Loc.in_sheet(name, cell.where), **args))

    rows: dict[str, tuple[Decimal, ...]] = {}
    where: dict[tuple[str, int], str] = {}
    for id_cell, name_cell, cells in content.rows:
        shown_name = _cut(str(name_cell.value).strip()) if name_cell.value is not None else "—"
        found = _member_id(id_cell)
        if found is None:
            if all(c.kind == "empty" for c in cells) and name_cell.kind == "empty":
                continue  # a row left empty
            problem(id_cell, "import-no-id", name=shown_name)
            continue
        member = found
        person = ws.members.get(member)
        who = person.name if person else shown_name
        shown_id = _cut(member)
        if person is None:
            problem(id_cell, "import-unknown-member", member=shown_id, name=who)
            continue
        if not person.scored:
            problem(id_cell, "import-exempt", member=member, name=who)
            continue
        if person.org != org and member not in recorded:
            problem(
                id_cell, "import-other-org", member=member, name=who, other=f"{person.org} ({ws.name_of(person.org)})", org=org
            )
            continue
        if member in rows:
            problem(id_cell, "import-second-row", member=member, name=who)
            continue
        if member in elsewhere:
            other = elsewhere[member]
            problem(
                id_cell, "import-scored-elsewhere", member=member, name=who, month=month, other=f"{other} ({ws.name_of(other)})"
            )
            continue
        got: list[Decimal] = []
        for k, cell in enumerate(cells):
            value, code, args = score_value(cell, maximum)
            if code is not None:
                problem(cell, code, name=who, item=names[content.items[k]], **args)
            else:
                assert value is not None
                got.append(value)
                where[member, k] = cell.where
        if len(got) == len(cells):
            rows[member] = tuple(got)
    if plan.problems:
        return plan
    plan.rows = rows
    locations = [(d.loc.file, d.loc.doc) for d in ws.scores if d.model.org == org and d.model.month == month]
    plan.existing = list(dict.fromkeys(f for f, _ in locations))
    for member, values in rows.items():
        old = recorded.get(member)
        if old is None:
            plan.added.append(member)
            continue
        doc_file, index, old_values = old
        diff: dict[int, Decimal] = {}
        for k, (a, b) in enumerate(zip(old_values, values)):
            if a != b:
                diff[k] = b
                plan.changes.append(
                    Change(member, ws.members[member].name, k, rule_ids[k], names[rule_ids[k]], a, b, where[member, k])
                )
        if diff:
            plan.edits.setdefault(doc_file, {}).setdefault(index, ({}, {}))[0][member] = diff
            plan.recorded[doc_file, index, member] = old_values
        else:
            plan.unchanged.append(member)
    if plan.added:
        if locations:
            doc_file, index = locations[0]
            bucket = plan.edits.setdefault(doc_file, {}).setdefault(index, ({}, {}))[1]
            for member in plan.added:
                bucket[member] = rows[member]
        else:
            plan.new_file = new_file_name(org, month)
    # what the edited documents record for their other members must stay as it is
    for doc_file, docs in plan.edits.items():
        for d in ws.scores:
            if d.loc.file == doc_file and d.loc.doc in docs:
                for member, listed in d.model.scores.items():
                    plan.recorded.setdefault((doc_file, d.loc.doc, member), tuple(Decimal(v) for v in listed))
    return plan


def _member_id(cell: Cell) -> str | None:
    if cell.kind == "empty":
        return None
    if (
        cell.kind == "number"
        and isinstance(cell.value, (int, float))
        and math.isfinite(cell.value)
        and float(cell.value).is_integer()
    ):
        return str(int(cell.value))
    text = str(cell.value).strip()
    return text or None


def new_file_name(org: str, month: str) -> str:
    return f"scores/{org}/{month}.yaml"


__all__ = ["Change", "ImportPlan", "new_file_name", "plain", "plan_import", "recorded_scores", "score_value"]
