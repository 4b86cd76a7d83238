"""Monthly scores entered through Excel (``pingyi import scores``).

:func:`read_template` reads a filled-in score template (see
:mod:`pingyi.render.xlsx.template`) safely; :func:`plan_import` checks every cell against
the workspace and compares it with what the workspace already records, giving an
:class:`ImportPlan` or, when any cell is wrong, every problem (:class:`ImportProblems`);
:func:`apply_plan` writes the plan: a new ``scores/<org>/<YYYY-MM>.yaml`` when the month
has no document yet, otherwise the existing document updated in place (comments and
layout kept), each file written atomically and checked before it is written.

The Python API::

    import pingyi
    from pingyi.importing import read_template, plan_import, apply_plan
    ws = pingyi.load(".").workspace
    plan = plan_import(ws, read_template(Path("yz1-2024-03.xlsx")))
    if not plan.changes:           # changing recorded scores deserves a look first
        apply_plan(ws, plan)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

from .io.write import FileExists, write_atomic
from .io.xlsx_read import Cell, WorkbookError, column_index, open_workbook, read_pairs, read_sheet
from .io.yaml_edit import EditError, new_scores_text, update_scores
from .model.base import month_number
from .workspace import Workspace

TEMPLATE_FORMAT = "pingyi-scores-template"
META_SHEET = "_pingyi"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
SCHEMA_URL = "https://github.com/pingyi-project/pingyi/schemas/scores.schema.json"


class TemplateError(Exception):
    """The workbook is not a score template this workspace can take, or the scores cannot
    be written (one message)."""


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell that cannot be imported: where (``Sheet!B7``), whose, which item, why."""

    where: str
    message: str
    member: str | None = None
    name: str | None = None
    item: str | None = None

    def format(self) -> str:
        """``积分录入!C7 (张伟, 学习提高): blank: every item needs a score``."""
        who = ", ".join(p for p in (self.name or self.member, self.item) if p)
        return f"{self.where} ({who}): {self.message}" if who else f"{self.where}: {self.message}"


class ImportProblems(Exception):
    """Every bad cell of the workbook; nothing is written."""

    def __init__(self, problems: list[CellProblem]):
        super().__init__(f"{len(problems)} cell(s) cannot be imported")
        self.problems = problems


@dataclass(frozen=True)
class TemplateContent:
    """What a template holds: its metadata, and per member row the id, name and item cells."""

    path: Path
    sheet: str
    org: str
    month: str
    items: tuple[str, ...]
    rows: tuple[tuple[Cell, Cell, tuple[Cell, ...]], ...]


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

    ``changes`` are recorded scores the sheet changes (they need ``--force`` on the command
    line); ``added`` are members the month's documents do not list yet; ``unchanged`` are
    members whose recorded scores the sheet repeats. ``new_file`` is set when the org-month
    has no document yet; otherwise ``edits`` maps a file to its documents' changes."""

    org: str
    org_name: str
    month: str
    rows: dict[str, tuple[Decimal, ...]]
    changes: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_file: str | None = None
    #: file → document index → (member → {item index: value}, member → values to add)
    edits: dict[str, dict[int, tuple[dict[str, dict[int, Decimal]], dict[str, tuple[Decimal, ...]]]]] = field(default_factory=dict)
    #: the bytes of every file to edit, as read when planning (a file changed since is refused)
    originals: dict[str, bytes] = field(default_factory=dict)
    #: the files holding the org-month's documents now
    existing: list[str] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not self.changes and not self.added

    @property
    def files(self) -> list[str]:
        return [self.new_file] if self.new_file else sorted(self.edits)


# ----------------------------------------------------------------------------- reading


def read_template(path: Path) -> TemplateContent:
    """Read a score template safely (see :mod:`pingyi.io.xlsx_read`): its metadata and
    the cells of its member rows. Raises :class:`~pingyi.io.xlsx_read.WorkbookError` for
    a file that is no readable workbook, :class:`TemplateError` for a workbook that is no
    pingyi score template."""
    wb = open_workbook(path)
    try:
        if META_SHEET not in wb.sheetnames:
            raise TemplateError(
                f"{path} is not a pingyi score template (it has no {META_SHEET} sheet); "
                "make one with `pingyi export template --org ID --month YYYY-MM -o FILE`"
            )
        meta = read_pairs(wb, META_SHEET)
        if meta.get("format") != TEMPLATE_FORMAT:
            raise TemplateError(f"{path} is not a pingyi score template (its {META_SHEET} sheet says format {meta.get('format')!r})")
        if meta.get("version") != "1":
            raise TemplateError(f"{path} is a score template of version {meta.get('version')!r}; this pingyi reads version 1")
        missing = [k for k in ("org", "month", "sheet", "first_row", "last_row", "items") if not meta.get(k)]
        if missing:
            raise TemplateError(f"the template's {META_SHEET} sheet lacks {', '.join(missing)}; make a new template")
        try:
            first, last = int(meta["first_row"]), int(meta["last_row"])
        except ValueError:
            raise TemplateError(f"the template's {META_SHEET} sheet is damaged (rows {meta['first_row']!r}-{meta['last_row']!r})") from None
        id_col = column_index(meta.get("id_column", "A"))
        name_col = column_index(meta.get("name_column", "B"))
        first_item = column_index(meta.get("first_item_column", "C"))
        items = tuple(i.strip() for i in meta["items"].split(",") if i.strip())
        sheet = meta["sheet"]
        if sheet not in wb.sheetnames:
            raise TemplateError(f"the template has no sheet {sheet!r} any more (was it renamed?); make a new template")
        if not items or first < 1 or last < first - 1 or len({id_col, name_col, first_item}) < 3:
            raise TemplateError(f"the template's {META_SHEET} sheet is damaged; make a new template")
        rows: list[tuple[Cell, Cell, tuple[Cell, ...]]] = []
        if last >= first:
            lo = min(id_col, name_col, first_item)
            hi = max(id_col, name_col, first_item + len(items) - 1)
            for row in read_sheet(wb, sheet, min_row=first, max_row=last, min_col=lo, max_col=hi):
                rows.append(
                    (
                        row[id_col - lo],
                        row[name_col - lo],
                        tuple(row[first_item - lo + k] for k in range(len(items))),
                    )
                )
        return TemplateContent(path, sheet, meta["org"], meta["month"], items, tuple(rows))
    finally:
        wb.close()


# ----------------------------------------------------------------------------- checking


def score_value(cell: Cell, maximum: Decimal) -> tuple[Decimal | None, str | None]:
    """A score cell's value, or why it is none."""
    kind, value = cell.kind, cell.value
    if kind == "empty":
        return None, f"blank: every item needs a score from 0 to {_plain(maximum)}"
    if kind == "formula":
        return None, "formulas are not accepted: type the number itself"
    if kind == "error":
        return None, f"{value} is an error value, not a score"
    if kind == "bool":
        return None, f"{'TRUE' if value else 'FALSE'} is not a score"
    if kind == "date":
        return None, "a date, not a score (is the cell formatted as a date?)"
    if kind == "text":
        text = str(value).strip()
        if not _NUMBER.match(text):
            shown = text if len(text) <= 20 else text[:17] + "..."
            return None, f"`{shown}` is text, not a number"
        number = Decimal(text)
    else:
        if isinstance(value, float) and not math.isfinite(value):
            return None, "not a number"
        try:
            number = _float_decimal(value) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, ValueError):
            return None, "not a number"
    if number < 0 or number > maximum:
        return None, f"{_plain(number)} is out of range: scores go from 0 to {_plain(maximum)}"
    return number, None


def _float_decimal(value: float) -> Decimal:
    """The decimal a spreadsheet number stands for: Excel keeps doubles, so 9.3 computed
    elsewhere and pasted may arrive as 9.300000000000001; the shortest decimal of at most
    six places within 1e-9 is meant."""
    for places in range(7):
        rounded = round(value, places)
        if abs(rounded - value) < 1e-9:
            return Decimal(repr(rounded)).normalize() if places else Decimal(int(rounded))
    return Decimal(repr(value))


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def plan_import(ws: Workspace, content: TemplateContent) -> ImportPlan:
    """Check every cell and compare with the recorded scores. Raises
    :class:`ImportProblems` (every bad cell) or :class:`TemplateError` (the template does
    not fit the workspace)."""
    org, month = content.org, content.month
    if org not in ws.orgs:
        what = "a member, not an org" if org in ws.members else "no org of this workspace"
        raise TemplateError(f"the template is for `{org}`, which is {what}")
    if not _MONTH.match(month):
        raise TemplateError(f"the template's month {month!r} is not a month (YYYY-MM)")
    rule_ids = tuple(i.id for i in ws.rules.items)
    if content.items != rule_ids:
        raise TemplateError(
            f"the template's items ({', '.join(content.items)}) are not the rules' items ({', '.join(rule_ids)}); "
            f"make a new template with `pingyi export template --org {org} --month {month}`"
        )
    if not content.rows:
        raise TemplateError(f"the template lists no members of `{org}`")
    names = {i.id: i.name for i in ws.rules.items}
    maximum = ws.rules.item_max
    recorded = _recorded(ws, org, month)
    elsewhere: dict[str, str] = {}  # member → the other org that scored them this month
    for d in ws.scores:
        if d.model.month == month and d.model.org != org:
            for member in d.model.scores:
                elsewhere.setdefault(member, d.model.org)
    problems: list[CellProblem] = []
    rows: dict[str, tuple[Decimal, ...]] = {}
    for id_cell, name_cell, cells in content.rows:
        shown_name = str(name_cell.value).strip() if name_cell.value is not None else None
        member = _member_id(id_cell)
        if member is None:
            if all(c.kind == "empty" for c in cells) and name_cell.kind == "empty":
                continue  # a row left empty
            problems.append(CellProblem(id_cell.where, "no member id in this row", name=shown_name))
            continue
        person = ws.members.get(member)
        name = person.name if person else shown_name
        if person is None:
            problems.append(CellProblem(id_cell.where, f"`{member}` is no member of this workspace", member, name))
            continue
        if not person.scored:
            problems.append(CellProblem(id_cell.where, f"`{member}` is exempt (免于积分) and not scored", member, name))
            continue
        if person.org != org and member not in recorded:
            problems.append(
                CellProblem(
                    id_cell.where,
                    f"`{member}` is a member of `{person.org}`, not of `{org}`; make a new template",
                    member,
                    name,
                )
            )
            continue
        if member in rows:
            problems.append(CellProblem(id_cell.where, f"`{member}` has a second row", member, name))
            continue
        if member in elsewhere:
            other = elsewhere[member]
            problems.append(
                CellProblem(
                    id_cell.where,
                    f"`{member}` is already scored for {month} by `{other}` ({ws.name_of(other)}); a month is scored once",
                    member,
                    name,
                )
            )
            continue
        values: list[Decimal] = []
        for k, cell in enumerate(cells):
            value, why = score_value(cell, maximum)
            if why is not None:
                problems.append(CellProblem(cell.where, why, member, name, names[content.items[k]]))
            else:
                assert value is not None
                values.append(value)
        if len(values) == len(cells):
            rows[member] = tuple(values)
    if problems:
        raise ImportProblems(problems)
    plan = ImportPlan(org, ws.orgs[org].name, month, rows)
    locations = _documents(ws, org, month)
    plan.existing = list(dict.fromkeys(file for file, _ in locations))
    for member, values in rows.items():
        old = recorded.get(member)
        if old is None:
            plan.added.append(member)
            continue
        file, index, old_values = old
        diff: dict[int, Decimal] = {}
        for k, (a, b) in enumerate(zip(old_values, values)):
            if a != b:
                diff[k] = b
                where = _where(content, member, k)
                plan.changes.append(
                    Change(member, ws.members[member].name, k, rule_ids[k], names[rule_ids[k]], a, b, where)
                )
        if diff:
            plan.edits.setdefault(file, {}).setdefault(index, ({}, {}))[0][member] = diff
        else:
            plan.unchanged.append(member)
    if plan.added:
        if locations:
            file, index = locations[0]
            bucket = plan.edits.setdefault(file, {}).setdefault(index, ({}, {}))[1]
            for member in plan.added:
                bucket[member] = rows[member]
        else:
            plan.new_file = new_file_name(org, month)
    for file in plan.edits:
        try:
            plan.originals[file] = (ws.root / file).read_bytes()
        except OSError as exc:
            raise TemplateError(f"cannot read {file}: {exc.strerror or exc}") from None
    return plan


def _member_id(cell: Cell) -> str | None:
    if cell.kind == "empty":
        return None
    if cell.kind == "number" and float(cell.value).is_integer():
        return str(int(cell.value))
    text = str(cell.value).strip()
    return text or None


def _where(content: TemplateContent, member: str, item: int) -> str:
    for id_cell, _, cells in content.rows:
        if _member_id(id_cell) == member:
            return cells[item].where
    return content.sheet


def _documents(ws: Workspace, org: str, month: str) -> list[tuple[str, int]]:
    return [(d.loc.file, d.loc.doc) for d in ws.scores if d.model.org == org and d.model.month == month]


def _recorded(ws: Workspace, org: str, month: str) -> dict[str, tuple[str, int, tuple[Decimal, ...]]]:
    """member → (file, document index, values) of the org-month's documents (the first
    document naming a member counts, as in the score computation)."""
    out: dict[str, tuple[str, int, tuple[Decimal, ...]]] = {}
    for d in ws.scores:
        if d.model.org == org and d.model.month == month:
            for member, values in d.model.scores.items():
                out.setdefault(member, (d.loc.file, d.loc.doc, tuple(Decimal(v) for v in values)))
    return out


def new_file_name(org: str, month: str) -> str:
    return f"scores/{org}/{month}.yaml"


# ----------------------------------------------------------------------------- writing


@dataclass(frozen=True, slots=True)
class Written:
    file: str
    created: bool


def render_plan(ws: Workspace, plan: ImportPlan, *, source: str = "") -> dict[str, str]:
    """file → its new text. Raises :class:`TemplateError` when a file cannot be edited."""
    out: dict[str, str] = {}
    names = {m.id: m.name for m in ws.members.values()}
    if plan.new_file:
        rel = plan.new_file
        _check_new_path(ws, rel)
        out[rel] = new_scores_text(
            org=plan.org,
            month=plan.month,
            rows=[(m, v, names.get(m)) for m, v in plan.rows.items()],
            header=_header(ws, plan, source),
            schema=schema_reference(ws, rel),
        )
    for file, docs in sorted(plan.edits.items()):
        raw = plan.originals[file]
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        crlf = "\r\n" in text
        if crlf:
            text = text.replace("\r\n", "\n")
        for index, (changes, additions) in sorted(docs.items()):
            try:
                text = update_scores(
                    text,
                    index,
                    org=plan.org,
                    month=plan.month,
                    changes=changes,
                    additions={m: (v, names.get(m)) for m, v in additions.items()},
                )
            except EditError as exc:
                raise TemplateError(f"{file} {exc}") from None
        if crlf:
            text = text.replace("\n", "\r\n")
        out[file] = ("\ufeff" if bom else "") + text
    _verify(ws, plan, out)
    return out


def _verify(ws: Workspace, plan: ImportPlan, texts: dict[str, str]) -> None:
    """Read every new text back as pingyi reads it: it must hold valid documents, the
    members written must have exactly the imported scores, and the file's other
    documents must be what they were."""
    from .io.yaml import PingyiYAMLError, parse_bytes
    from .loader import read_file

    for file, text in texts.items():
        data = text.encode("utf-8")
        result = read_file(file, data)
        errors = [d for d in result.diagnostics if d.is_error]
        if errors:  # pragma: no cover - a bug in the writer, never the user's doing
            raise TemplateError(f"the new {file} would not be valid ({errors[0].message}); nothing written")
        docs = {index: model for index, model in result.documents}
        if file == plan.new_file:
            expected = {(0, m): v for m, v in plan.rows.items()}
        else:
            expected = {
                (index, m): plan.rows[m]
                for index, (changes, additions) in plan.edits[file].items()
                for m in list(changes) + list(additions)
            }
        for (index, member), values in expected.items():
            model = docs.get(index)
            got = getattr(model, "scores", {}).get(member) if model is not None else None
            if got is None or tuple(Decimal(v) for v in got) != values:  # pragma: no cover - a bug in the editor
                raise TemplateError(f"the new {file} does not hold the imported scores of `{member}`; nothing written")
        if file in plan.originals:
            try:
                before = parse_bytes(plan.originals[file])
                after = parse_bytes(data)
            except PingyiYAMLError:  # pragma: no cover
                raise TemplateError(f"{file} cannot be read back; nothing written") from None
            touched = set(plan.edits[file])
            if len(before) != len(after) or any(k not in touched and a != b for k, (a, b) in enumerate(zip(before, after))):
                raise TemplateError(f"editing {file} would change more than its scores; nothing written")  # pragma: no cover


def apply_plan(ws: Workspace, plan: ImportPlan, *, source: str = "") -> list[Written]:
    """Write the plan: every file through a temporary file in its folder; a file that
    changed since the plan was made is refused before anything is written."""
    texts = render_plan(ws, plan, source=source)
    for file, original in plan.originals.items():
        try:
            now = (ws.root / file).read_bytes()
        except OSError:
            now = None
        if now != original:
            raise TemplateError(f"{file} changed while importing; nothing written (run the import again)")
    written: list[Written] = []
    for file, text in texts.items():
        path = ws.root / file
        created = file == plan.new_file
        try:
            write_atomic(path, text, overwrite=not created)
        except FileExists:
            raise TemplateError(f"{file} appeared while importing; nothing written (run the import again)") from None
        written.append(Written(file, created))
    return written


def _check_new_path(ws: Workspace, rel: str) -> None:
    path = ws.root / rel
    if path.exists():
        raise TemplateError(
            f"{rel} exists but holds no {plan_key(rel)} scores document pingyi reads; "
            "move it away or add the scores to it by hand"
        )
    excluded = {e.strip("/").replace("\\", "/") for e in ws.config.exclude if e.strip("/")}
    parts = PurePosixPath(rel).parts[:-1]
    for k in range(1, len(parts) + 1):
        folder = "/".join(parts[:k])
        if folder in excluded or parts[k - 1] in excluded:
            raise TemplateError(f"{rel} would stand in `{folder}`, which pingyi.yaml excludes; pingyi would never read it")


def plan_key(rel: str) -> str:
    p = PurePosixPath(rel)
    return f"{p.parent.name} {p.stem}"


def _header(ws: Workspace, plan: ImportPlan, source: str) -> list[str]:
    items = " ".join(i.name for i in ws.rules.items)
    year, mon = month_number(plan.month)
    if ws.lang == "en":
        lines = [f"{plan.org_name}: monthly scores, {plan.month}"]
        if source:
            lines.append(f"imported from {source} by pingyi import scores")
        lines.append(f"items in order: {items}")
        return lines
    lines = [f"{plan.org_name} {year}年{mon}月党员积分 (一月一评分)"]
    if source:
        lines.append(f"由 pingyi import scores 从 {source} 导入")
    lines.append(f"各项依次为: {items}")
    return lines


def schema_reference(ws: Workspace, rel: str) -> str:
    """The ``$schema`` of a new file's modeline: the workspace's ``.schemas/`` (made by
    ``pingyi init``), else the schema other scores files of the workspace name, else the
    published URL."""
    target_dir = (ws.root / rel).parent
    local = ws.root / ".schemas" / "scores.schema.json"
    if local.is_file():
        return _relative_to(local, target_dir)
    for doc in ws.scores:
        path = ws.root / doc.loc.file
        try:
            with path.open(encoding="utf-8-sig") as fh:
                first = fh.readline()
        except OSError:
            continue
        m = re.match(r"#\s*yaml-language-server:\s*\$schema=(\S+)", first)
        if not m:
            continue
        ref = m.group(1)
        if "://" in ref:
            return ref
        schema = (path.parent / ref).resolve()
        if schema.is_file():
            return _relative_to(schema, target_dir)
    return SCHEMA_URL


def _relative_to(path: Path, folder: Path) -> str:
    import os

    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


__all__ = [
    "CellProblem",
    "Change",
    "TemplateError",
    "ImportPlan",
    "ImportProblems",
    "TemplateContent",
    "WorkbookError",
    "Written",
    "apply_plan",
    "new_file_name",
    "plan_import",
    "read_template",
    "render_plan",
    "schema_reference",
    "score_value",
]
