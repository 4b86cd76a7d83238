"""Importing a 党员花名册 (member roster) that an office already keeps in Excel or CSV.

Three steps, as every import of pingyi:

- :func:`read_roster` (io): the sheet's rows as text cells with their references
  (``花名册!C7`` in a workbook, ``名册.csv:7:C`` in a CSV file). A CSV file may be UTF-8
  (with or without a byte-order mark), UTF-16 with a mark, GBK or GB18030: the encoding is
  detected, never guessed wrongly in silence.
- :func:`plan_roster` (pure): the header row found by its column names (姓名, 所在党支部,
  人员类别, 状态, 党员编号 … and their common variants, or ``--map 列名=字段``), every row
  matched against the workspace's tree, and the plan: orgs to create under ``--parent``,
  members to add, fields that change (old → new), members the sheet no longer lists (shown,
  never deleted). Problems are diagnostics located at the cell.
- :func:`apply_roster` (io): the org files edited in place with ruamel.yaml's round trip
  (comments and layout kept), written atomically.

Ids: the 党员编号 when the sheet has one; else a member found by name in its branch keeps
the id it has; else a new id made from the branch and the name (``m-`` and six hex digits of
a hash), so that importing the same sheet again finds the same ids. Sensitive columns
(身份证号, 手机号, 住址 …) are not imported unless named with ``--keep``, then as the user's
own ``x-`` keys; they are never printed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Loc, error, warning
from .errors import UserError
from .model import MemberStatus, OrgType
from .workspace import Workspace

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 30

#: field → the column names that mean it (compared without spaces and brackets).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("党员编号", "编号", "人员编号", "党员证号", "id"),
    "name": ("姓名", "党员姓名", "名字", "name"),
    "org": (
        "所在党支部",
        "所在支部",
        "所在党组织",
        "所属党支部",
        "所属支部",
        "所属党组织",
        "党支部",
        "支部",
        "党组织",
        "党组织名称",
        "支部名称",
        "组织",
        "org",
    ),
    "category": ("人员类别", "党员类型", "党员类别", "党籍状态", "类别", "category"),
    "status": ("状态", "党员状态", "人员状态", "特殊情况", "status"),
    "note": ("备注", "说明", "note"),
    "role": ("党内职务", "党内职位", "职务", "role"),
}
#: Columns with personal data: never imported unless asked for, never printed.
SENSITIVE: dict[str, tuple[str, ...]] = {
    "身份证号": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "手机号": ("手机号", "手机号码", "联系电话", "电话", "手机"),
    "住址": ("住址", "家庭住址", "现居住地", "居住地址", "通讯地址"),
}
FIELDS = tuple(COLUMNS)

_CATEGORY: dict[str, MemberStatus | None] = {
    "正式": None,
    "正式党员": None,
    "预备": MemberStatus.PROBATIONARY,
    "预备党员": MemberStatus.PROBATIONARY,
}
_STATUS: dict[str, MemberStatus] = {
    "正常": MemberStatus.ACTIVE,
    "在册": MemberStatus.ACTIVE,
    "在职": MemberStatus.ACTIVE,
    "流动": MemberStatus.FLOWING,
    "流动党员": MemberStatus.FLOWING,
    "外出": MemberStatus.FLOWING,
    "外出流动": MemberStatus.FLOWING,
    "年老体弱": MemberStatus.EXEMPT,
    "长期生病": MemberStatus.EXEMPT,
    "长期患病": MemberStatus.EXEMPT,
    "免于积分": MemberStatus.EXEMPT,
    "免评": MemberStatus.EXEMPT,
    "预备": MemberStatus.PROBATIONARY,
    "预备党员": MemberStatus.PROBATIONARY,
}
for _status in MemberStatus:
    _STATUS[_status.value] = _status


class RosterError(UserError):
    """The file cannot be read as a roster (a usage error: exit 2)."""


@dataclass(frozen=True, slots=True)
class RosterCell:
    text: str
    row: int  # 1-based
    column: int  # 1-based

    def where(self, source: str) -> str:
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(self.column)
        return f"{source}!{letter}{self.row}" if not source.lower().endswith(".csv") else f"{source}:{self.row}:{letter}"


@dataclass(frozen=True, slots=True)
class RosterSheet:
    """The cells of a roster as text (``source`` names the sheet or the CSV file)."""

    file: str
    source: str
    rows: tuple[tuple[RosterCell, ...], ...]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s()（）\[\]【】:：*＊]", "", text).lower()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- reading ---------------------------------------------------------------------------------


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030 (GBK's
    superset); anything else is an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_roster(path: Path) -> RosterSheet:
    """The roster's cells; :class:`RosterError` when the file is not a readable roster."""
    name = path.name
    Loc(name)
    if path.is_dir():
        raise RosterError("roster-unreadable", key="roster-folder", file=name)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise RosterError("roster-unreadable", key="roster-xls", file=name)
    raise RosterError("roster-unreadable", key="roster-kind", file=name)


def _read_csv(path: Path) -> RosterSheet:
    import stat as _stat

    name = path.name
    try:
        info = path.stat()
        if not _stat.S_ISREG(info.st_mode):
            raise RosterError("roster-unreadable", key="roster-not-file", file=name)
        if info.st_size > MAX_CSV_BYTES:
            raise RosterError("roster-unreadable", key="roster-too-big", file=name, mb=MAX_CSV_BYTES // 2**20)
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError("roster-unreadable", key="roster-os", file=name, reason=exc.strerror or str(exc)) from None
    try:
        text = decode_csv(data)
    except UnicodeDecodeError:
        raise RosterError("roster-unreadable", key="roster-encoding", file=name) from None
    if "\x00" in text:
        raise RosterError("roster-unreadable", key="roster-kind", file=name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows: list[tuple[RosterCell, ...]] = []
    for r, raw in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if r > MAX_ROWS:
            raise RosterError("roster-unreadable", key="roster-too-long", file=name, rows=MAX_ROWS)
        rows.append(tuple(RosterCell(_cell_text(v), r, c) for c, v in enumerate(raw, start=1)))
    return RosterSheet(name, name, tuple(rows))


def _read_xlsx(path: Path) -> RosterSheet:
    from .io.xlsx_read import MAX_CELLS, WorkbookError, open_workbook

    name = path.name
    try:
        wb = open_workbook(path)
    except WorkbookError as exc:
        raise RosterError("roster-unreadable", key="roster-workbook", file=name, reason=str(exc)) from None
    try:
        best: RosterSheet | None = None
        for sheet_name in wb.sheetnames:
            ws = wb[sheet_name]
            rows: list[tuple[RosterCell, ...]] = []
            cells = 0
            for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells += len(row)
                if cells > MAX_CELLS * 5 or r > MAX_ROWS:
                    raise RosterError("roster-unreadable", key="roster-too-long", file=name, rows=MAX_ROWS)
                rows.append(tuple(RosterCell(_cell_text(v), r, c) for c, v in enumerate(row, start=1)))
            sheet = RosterSheet(name, sheet_name, tuple(rows))
            if best is None or (_header_row(sheet, {}) is not None and _header_row(best, {}) is None):
                best = sheet
        assert best is not None
        return best
    except RosterError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet is the file's fault
        raise RosterError("roster-unreadable", key="roster-workbook", file=name, reason=type(exc).__name__) from None
    finally:
        wb.close()


# -- planning --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One member as the sheet gives it."""

    row: int
    id: str | None
    name: str
    org_text: str
    status: MemberStatus | None  # None: the sheet does not say
    note: str | None
    kept: tuple[tuple[str, str], ...]  # sensitive columns asked for: (key, value)


@dataclass
class NewOrg:
    id: str
    name: str
    parent: str


@dataclass
class NewMember:
    id: str
    name: str
    org: str
    status: MemberStatus
    note: str | None
    kept: tuple[tuple[str, str], ...]
    row: int


@dataclass
class Change:
    member: str
    field: str  # name | org | status | note | x-…
    old: str | None
    new: str | None
    sensitive: bool = False


@dataclass
class RosterPlan:
    """What importing the roster would do."""

    source: str
    header_row: int
    columns: dict[str, int]
    new_orgs: list[NewOrg] = field(default_factory=list)
    new_members: list[NewMember] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # members of the sheet's orgs it does not list
    #: (org, member, secretary | deputies | committee) from the 党内职务 column, for orgs
    #: that do not name them yet
    roles: list[tuple[str, str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # sensitive columns left out
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def nothing_to_do(self) -> bool:
        return not (self.new_orgs or self.new_members or self.changes or self.roles)


def parse_map(items: Iterable[str]) -> tuple[dict[str, str], list[Diagnostic]]:
    """``--map 列名=字段`` options as {normalised column name: field}."""
    out: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for item in items:
        column, sep, target = item.partition("=")
        target = target.strip()
        if not sep or not column.strip() or target not in FIELDS:
            problems.append(error("roster-map", None, given=item, fields=list(FIELDS)))
            continue
        out[_norm(column)] = target
    return out, problems


def _header_row(sheet: RosterSheet, mapping: Mapping[str, str]) -> tuple[int, dict[str, int], dict[str, int]] | None:
    """(row index in ``sheet.rows``, field → column, sensitive key → column) of the first row
    that names the members' names and at least one other known column."""
    known = {_norm(n): f for f, names in COLUMNS.items() for n in names}
    known.update(mapping)
    sensitive = {_norm(n): k for k, names in SENSITIVE.items() for n in names}
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        private: dict[str, int] = {}
        for cell in row:
            key = _norm(cell.text)
            if key in known and known[key] not in found:
                found[known[key]] = cell.column
            elif key in sensitive and sensitive[key] not in private:
                private[sensitive[key]] = cell.column
        if "name" in found and len(found) >= 2:
            return index, found, private
    return None


def _stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:6]}"


def _status_of(category: str, status: str) -> tuple[MemberStatus | None, str | None, bool]:
    """(status, note, understood) from the category and status columns."""
    chosen: MemberStatus | None = None
    note: str | None = None
    understood = True
    if category:
        key = _norm(category)
        if key in _CATEGORY:
            chosen = _CATEGORY[key]
        else:
            understood = False
    if status:
        key = _norm(status)
        if key in _STATUS:
            value = _STATUS[key]
            if value is MemberStatus.EXEMPT:
                chosen, note = value, status.strip()
            elif value is not MemberStatus.ACTIVE and chosen is None:
                chosen = value
        else:
            understood = False
    if category or status:
        chosen = chosen or MemberStatus.ACTIVE
    return chosen, note, understood


def _role_of(text: str) -> str | None:
    """The leader role a 党内职务 names: 书记 → secretary, 副书记 → deputies, 委员 → committee."""
    key = _norm(text)
    if not key:
        return None
    if "副书记" in key:
        return "deputies"
    if "书记" in key:
        return "secretary"
    if "委员" in key:
        return "committee"
    return None


def plan_roster(
    ws: Workspace,
    sheet: RosterSheet,
    *,
    parent: str | None = None,
    mapping: Mapping[str, str] | None = None,
    keep: Sequence[str] = (),
) -> RosterPlan:
    """Match every row of ``sheet`` against ``ws``; pure: nothing is read or written."""
    file_loc = Loc(sheet.file)
    found = _header_row(sheet, mapping or {})
    if found is None:
        plan = RosterPlan(sheet.source, 0, {})
        plan.diagnostics.append(error("roster-header", file_loc, file=sheet.file, rows=HEADER_SEARCH_ROWS).located(1, 1))
        return plan
    header_index, columns, private = found
    plan = RosterPlan(sheet.source, header_index + 1, columns)
    plan.ignored = [k for k in private if k not in keep]
    kept_columns = {k: c for k, c in private.items() if k in keep}
    for k in keep:
        if k not in private:
            plan.diagnostics.append(error("roster-keep", file_loc, column=k, known=list(SENSITIVE)).located(1, 1))
    if "org" not in columns and parent is None:
        plan.diagnostics.append(error("roster-no-org", file_loc, file=sheet.file).located(header_index + 1, 1))
        return plan
    if parent is not None and parent not in ws.orgs:
        plan.diagnostics.append(error("roster-parent", None, parent=parent))
        return plan

    def at(cell: RosterCell, code: str, **args: Any) -> Diagnostic:
        """A problem at a cell: ``名册.csv:7:3`` in a CSV file, ``花名册!C7`` in a workbook."""
        if sheet.file == sheet.source:
            return error(code, file_loc, **args).located(cell.row, cell.column)
        return error(code, Loc(cell.where(sheet.source)), **args)

    def text(row: tuple[RosterCell, ...], name: str) -> tuple[str, RosterCell]:
        """The text of the row's cell of field ``name`` and the cell (an empty one, at the
        field's column or the first, when the row or the sheet has none)."""
        row_no = row[0].row if row else 0
        column = columns.get(name)
        for cell in row:
            if cell.column == column:
                return cell.text, cell
        return "", RosterCell("", row_no, column or 1)

    orgs_by_name: dict[str, list[str]] = {}
    for org in ws.orgs.values():
        orgs_by_name.setdefault(_norm(org.name), []).append(org.id)
    taken = set(ws.orgs) | set(ws.members)
    new_orgs: dict[str, NewOrg] = {}
    seen_ids: dict[str, int] = {}
    occurrences: dict[tuple[str, str], int] = {}
    sheet_orgs: set[str] = set()
    listed: set[str] = set()

    for row in sheet.rows[header_index + 1 :]:
        if not any(c.text for c in row):
            continue
        name, name_cell = text(row, "name")
        row_no = row[0].row
        if not name:
            plan.diagnostics.append(at(name_cell, "roster-no-name"))
            continue
        org_text, org_cell = text(row, "org")
        # which org
        if org_text:
            ids = orgs_by_name.get(_norm(org_text)) or ([org_text] if org_text in ws.orgs else [])
            if len(ids) > 1:
                plan.diagnostics.append(at(org_cell, "roster-org-ambiguous", org=org_text, ids=ids))
                continue
            if ids:
                org_id = ids[0]
            elif parent is not None:
                key = _norm(org_text)
                if key not in new_orgs:
                    org_id = _stable_id("o", parent, org_text)
                    while org_id in taken:
                        org_id += "x"
                    taken.add(org_id)
                    new_orgs[key] = NewOrg(org_id, org_text, parent)
                org_id = new_orgs[key].id
            else:
                plan.diagnostics.append(at(org_cell, "roster-unknown-org", org=org_text))
                continue
        elif parent is not None:
            org_id = parent
        else:
            plan.diagnostics.append(at(org_cell, "roster-no-org-cell"))
            continue
        sheet_orgs.add(org_id)
        category, category_cell = text(row, "category")
        status_text, status_cell = text(row, "status")
        status, exempt_note, understood = _status_of(category, status_text)
        if not understood:
            bad = status_cell if status_text and _norm(status_text) not in _STATUS else category_cell
            plan.diagnostics.append(
                at(
                    bad,
                    "roster-status",
                    value=bad.text,
                    known=sorted({*_STATUS, *_CATEGORY} - set(MemberStatus)),
                )
            )
            continue
        note_text, _ = text(row, "note")
        note = exempt_note or (note_text or None)
        kept = tuple((f"x-{k}", next((c.text for c in row if c.column == col), "")) for k, col in kept_columns.items())
        # which member
        member_id, id_cell = text(row, "id")
        if member_id:
            if member_id in ws.orgs or member_id in {o.id for o in new_orgs.values()}:
                plan.diagnostics.append(at(id_cell, "roster-id-is-org", id=member_id))
                continue
            if not re.fullmatch(r"[^\W_][\w.\-]*", member_id):
                plan.diagnostics.append(at(id_cell, "roster-bad-id", id=member_id))
                continue
        else:
            same = [m.id for m in ws.members.values() if m.org == org_id and _norm(m.name) == _norm(name)]
            n = occurrences.get((org_id, _norm(name)), 0)
            occurrences[(org_id, _norm(name))] = n + 1
            if n < len(same):
                member_id = same[n]
            else:
                member_id = _stable_id("m", org_id, name, str(n))
                while member_id in taken:
                    member_id += "x"
        if member_id in seen_ids:
            plan.diagnostics.append(
                at(id_cell if id_cell.text else name_cell, "roster-twice", id=member_id, first=seen_ids[member_id])
            )
            continue
        seen_ids[member_id] = row_no
        taken.add(member_id)
        listed.add(member_id)
        role = _role_of(text(row, "role")[0])
        if role is not None:
            tree_org = ws.orgs.get(org_id)
            named = () if tree_org is None else ((tree_org.secretary,) if role == "secretary" else getattr(tree_org, role))
            if role == "secretary" and tree_org is not None and tree_org.secretary is not None:
                pass  # the tree names its secretary: the roster does not overrule it
            elif member_id not in named:
                plan.roles.append((org_id, member_id, role))
        existing = ws.members.get(member_id)
        if existing is None:
            plan.new_members.append(NewMember(member_id, name, org_id, status or MemberStatus.ACTIVE, note, kept, row_no))
            continue
        before = len(plan.changes)
        if existing.name != name:
            plan.changes.append(Change(member_id, "name", existing.name, name))
        if existing.org != org_id:
            plan.changes.append(Change(member_id, "org", existing.org, org_id))
        if status is not None and existing.status is not status:
            plan.changes.append(Change(member_id, "status", existing.status.value, status.value))
            if exempt_note and existing.note != exempt_note:
                plan.changes.append(Change(member_id, "note", existing.note, exempt_note))
        for key, value in kept:
            plan.changes.append(Change(member_id, key, None, value, sensitive=True))
        if len(plan.changes) == before:
            plan.unchanged += 1
    plan.new_orgs = list(new_orgs.values())
    plan.missing = [m.id for m in ws.members.values() if m.org in sheet_orgs and m.id not in listed]
    for mid in plan.missing:
        plan.diagnostics.append(warning("roster-missing", ws.members[mid].loc.key("id"), member=mid, name=ws.members[mid].name))
    return plan


# -- applying --------------------------------------------------------------------------------


def roster_edits(ws: Workspace, plan: RosterPlan) -> dict[str, str]:
    """The new text of every org file the plan changes (file → text). New orgs go into the
    file of their parent; new members into their org's entry; a member who moves org is
    taken out of the old entry and added to the new one."""
    from .io.org_edit import OrgFileEdit

    edits: dict[str, OrgFileEdit] = {}

    def edit_of(file: str) -> OrgFileEdit:
        if file not in edits:
            edits[file] = OrgFileEdit.open(ws.root / file)
        return edits[file]

    new_org_loc: dict[str, tuple[str, int]] = {}
    for org in plan.new_orgs:
        parent = ws.orgs[org.parent]
        file = parent.loc.file
        new_org_loc[org.id] = (file, parent.loc.doc)
        edit_of(file).add_org(parent.loc.doc, org.id, org.name, OrgType.BRANCH.value, org.parent)
    moves = {c.member: c.new for c in plan.changes if c.field == "org"}
    for change in plan.changes:
        member = ws.members[change.member]
        if change.field == "org":
            continue
        edit_of(member.loc.file).set_member_field(member.loc, change.field, change.new)
    for member_id, org_id in moves.items():
        member = ws.members[member_id]
        moved = edit_of(member.loc.file).take_member(member.loc)
        file, doc, path = _org_place(ws, new_org_loc, org_id or "")
        edit_of(file).add_member(doc, path, org_id or "", moved)
    secretaries: dict[str, str] = {}
    for org_id, member_id, role in plan.roles:
        if role == "secretary":
            secretaries.setdefault(org_id, member_id)
    for org_id, member_id, role in plan.roles:
        file, doc, path = _org_place(ws, new_org_loc, org_id)
        if role == "secretary" and secretaries.get(org_id) != member_id:
            continue  # two 书记 in one branch: the first one listed
        edit_of(file).add_leader(doc, path, org_id, role, member_id)
    for m in plan.new_members:
        entry: dict[str, str] = {"id": m.id, "name": m.name}
        if m.status is not MemberStatus.ACTIVE:
            entry["status"] = m.status.value
        if m.note:
            entry["note"] = m.note
        entry.update(dict(m.kept))
        file, doc, path = _org_place(ws, new_org_loc, m.org)
        edit_of(file).add_member(doc, path, m.org, entry)
    return {file: e.text() for file, e in edits.items() if e.changed}


def _org_place(ws: Workspace, new_orgs: Mapping[str, tuple[str, int]], org_id: str) -> tuple[str, int, tuple[Any, ...] | None]:
    if org_id in ws.orgs:
        loc = ws.orgs[org_id].loc
        return loc.file, loc.doc, loc.path
    file, doc = new_orgs[org_id]
    return file, doc, None


def apply_roster(ws: Workspace, texts: Mapping[str, str]) -> list[str]:
    """Write the edits of :func:`roster_edits` (atomically); the files written."""
    from .io.write import write_atomic

    for file, text in sorted(texts.items()):
        write_atomic(ws.root / file, text, overwrite=True)
    return sorted(texts)


__all__ = [
    "COLUMNS",
    "SENSITIVE",
    "Change",
    "NewMember",
    "NewOrg",
    "RosterError",
    "RosterPlan",
    "RosterSheet",
    "apply_roster",
    "decode_csv",
    "parse_map",
    "plan_roster",
    "read_roster",
    "roster_edits",
]
