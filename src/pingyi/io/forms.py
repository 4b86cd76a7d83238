"""Reading a filled-in entry form, and writing what it changes into the YAML files.

The form's hidden metadata sheet (written by :mod:`pingyi.render.xlsx.records`) says what
the form is (kind, year, org, round, the survey options), where its table stands and which
field each column holds; a hidden column holds each row's reference to the record it
came from. Edits go through ruamel.yaml's round trip (as :mod:`pingyi.io.yaml_edit` does
for scores), so comments and layout are kept; new files are written in the examples'
style.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..records import FORMAT, KINDS, PROBLEM_FIELDS, REVIEW_FIELDS, Cell, FilledForm, FormError, FormPlan, Record
from ..records_appraisal import new_appraisal_lines, set_vote, votes_list
from .yaml_edit import EditError, dump_round_trip, number_text
from .yaml_edit import _yaml as round_trip_yaml

META_SHEET = "_pingyi"


def read_form(path: Path) -> FilledForm:
    """The cells of a filled-in form; :class:`FormError` when it is not one pingyi made."""
    from .xlsx_read import WorkbookError, column_index, open_workbook, read_pairs

    name = path.name
    try:
        wb = open_workbook(path)
    except WorkbookError as exc:
        raise FormError("form-unreadable", file=name, reason=str(exc)) from None
    try:
        if META_SHEET not in wb.sheetnames:
            raise FormError("form-not-pingyi", file=name)
        meta = read_pairs(wb, META_SHEET)
        if meta.get("format") != FORMAT or meta.get("kind") not in KINDS:
            raise FormError("form-not-pingyi", file=name)
        sheet = meta.get("sheet", "")
        if sheet not in wb.sheetnames:
            raise FormError("form-not-pingyi", file=name)
        try:
            first, last = int(meta["first_row"]), int(meta["last_row"])
            year = int(meta["year"])
            columns = [
                (key, column_index(letter)) for key, letter in (pair.split("=") for pair in meta["columns"].split(";") if pair)
            ]
            ref_column = column_index(meta["ref_column"])
            header_cells = [(key, ref) for key, ref in (pair.split("=") for pair in meta.get("header", "").split(";") if pair)]
        except (KeyError, ValueError):
            raise FormError("form-not-pingyi", file=name) from None
        ws = wb[sheet]
        header: dict[str, Cell] = {}
        for key, ref in header_cells:
            header[key] = Cell(f"{sheet}!{ref}", ws[ref].value)
        rows: list[tuple[str, dict[str, Cell]]] = []
        width = max([c for _, c in columns] + [ref_column])
        max_row = last  # below the table: the document fields, the instructions, the signature
        if (max_row - first + 1) * width > 200_000:
            raise FormError("form-too-big", file=name)
        for r, row in enumerate(
            ws.iter_rows(min_row=first, max_row=max_row, min_col=1, max_col=width, values_only=True), start=first
        ):
            if r > max_row:
                break
            ref = row[ref_column - 1]
            cells = {key: Cell(f"{sheet}!{_letter(c)}{r}", _value(row[c - 1])) for key, c in columns}
            rows.append((str(ref) if ref else "", cells))
        return FilledForm(meta["kind"], year, meta, header, rows)
    except FormError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet is the file's fault
        raise FormError("form-unreadable", file=name, reason=type(exc).__name__) from None
    finally:
        wb.close()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and len(value) > 1 and value[1] in "=+-@":
        return value[1:]
    return value


# -- writing ---------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    """A value as the YAML files write it (every scalar as text; lists as flow lists)."""
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq([_text(v) for v in value])
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(getattr(value, "value", value))


class FileEdit:
    """One YAML file being edited."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.original = path.read_text(encoding="utf-8-sig")
            self.docs = list(round_trip_yaml(self.original).load_all(self.original))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            raise EditError(f"{path.name}: {type(exc).__name__}") from None
        self.changed = False

    def node(self, doc: int, path: Sequence[str | int]) -> Any:
        node: Any = self.docs[doc] if 0 <= doc < len(self.docs) else None
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                raise EditError(
                    f"{self.path.name}: {'/'.join(map(str, path))} is gone (was the file changed meanwhile?)"
                ) from None
        return node

    def set(self, doc: int, path: Sequence[str | int], key: str, value: Any) -> None:
        target = self.node(doc, path)
        if not isinstance(target, CommentedMap):
            raise EditError(f"{self.path.name}: {'/'.join(map(str, path))} is not a mapping")
        if value is None or value == "":
            if key in target:
                del target[key]
        else:
            target[key] = _text(value)
        self.changed = True

    def append(self, doc: int, path: Sequence[str | int], key: str, entry: Mapping[str, Any], *, flow: bool = True) -> None:
        target = self.node(doc, path)
        items = target.get(key)
        if items is None:
            items = CommentedSeq()
            target[key] = items
        if not isinstance(items, CommentedSeq):
            raise EditError(f"{self.path.name}: `{key}` is not a list")
        data = CommentedMap((k, _text(v)) for k, v in entry.items() if v is not None and v != "")
        if flow:
            data.fa.set_flow_style()
        items.append(data)
        self.changed = True

    def text(self) -> str:
        return dump_round_trip(self.docs, self.original)


def form_edits(root: Path, plan: FormPlan) -> dict[str, str]:
    """The new text of every file the plan changes or creates (relative name → text)."""
    form = plan.form
    assert form is not None
    edits: dict[str, FileEdit] = {}
    new_files: dict[str, list[str]] = {}

    def edit(file: str) -> FileEdit:
        if file not in edits:
            edits[file] = FileEdit(root / file)
        return edits[file]

    for change in [*plan.header_changes, *plan.changes]:
        file, doc, path = change.ref
        key = change.key
        if plan.kind == "evaluation" and key.startswith("item:"):
            items = [i.split(":", 1)[1] for i in (f.key for f in form.fields) if i.startswith("item:")]
            values = edit(file).node(doc, path)
            values[items.index(key.split(":", 1)[1])] = _text(change.new)
            edit(file).changed = True
        elif plan.kind == "appraisal" and key.startswith("vote:"):
            set_vote(edit(file).node(doc, path), key, change.new, _text)
            edit(file).changed = True
        elif plan.kind == "surveys" and key.startswith("count:"):
            edit(file).set(doc, ("counts",), key.split(":", 1)[1], change.new)
        elif plan.kind == "reviews" and key in REVIEW_FIELDS:
            review_path = path[:2]
            edit(file).set(doc, review_path, key, change.new)
        elif plan.kind == "reviews" and key in PROBLEM_FIELDS and len(path) == 2:
            continue  # a problem written on a review that had none: added below
        else:
            edit(file).set(doc, path, key, change.new)
    added = list(plan.added)
    if plan.kind == "reviews":
        added += _problems_on_bare_reviews(plan)
    if not added:
        return {f: e.text() for f, e in edits.items() if e.changed}
    year = plan.year
    if plan.kind in ("adjustments", "commitments"):
        doc_ref = _first_doc(root, plan, plan.kind)
        for record in added:
            entry = {f.key: record.values.get(f.key) for f in form.fields}
            if doc_ref is None:
                new_files.setdefault(f"{plan.kind}/{year}.yaml", []).append(_flow_line(entry))
            else:
                edit(doc_ref[0]).append(doc_ref[1], (), "items", entry)
        for file, lines in new_files.items():
            new_files[file] = [f"kind: {plan.kind}", f"year: {year}", "items:", *lines]
    elif plan.kind == "evaluation":
        doc_ref = _ref_tuple(form.header.get("_ref"))
        org = str(form.header["org"])
        items = [f.key.split(":", 1)[1] for f in form.fields if f.key.startswith("item:")]
        if doc_ref is None:
            lines = ["kind: evaluation", f"org: {org}", f"year: {year}"]
            for key in ("mass_representatives", "participants"):
                if plan.header.get(key) is not None:
                    lines.append(f"{key}: {plan.header[key]}")
            lines.append("averages:")
            for record in added:
                values = [number_text(record.values.get(f"item:{i}") or Decimal(0)) for i in items]
                lines.append(f"  {record.values['member']}: [{', '.join(values)}]")
            new_files[f"evaluation/{org}-{year}.yaml"] = lines
        else:
            file, doc, _ = doc_ref
            target = edit(file).node(doc, ("averages",))
            for record in added:
                target[str(record.values["member"])] = _text([record.values.get(f"item:{i}") or Decimal(0) for i in items])
            edit(file).changed = True
    elif plan.kind == "appraisal":
        doc_ref = _ref_tuple(form.header.get("_ref"))
        org = str(form.header["org"])
        if doc_ref is None:
            participants = plan.header.get("participants")
            new_files[f"appraisal/{org}-{year}.yaml"] = new_appraisal_lines(org, year, participants, added, form.names)
        else:
            file, doc, _ = doc_ref
            document = edit(file).node(doc, ())
            if document.get("votes") is None:
                document["votes"] = CommentedMap()
            target = document["votes"]
            for record in added:
                member = str(record.values["member"])
                target[member] = _text(votes_list(record.values))
                if form.names.get(member):
                    target.yaml_add_eol_comment(f"# {form.names[member]}", member)
            edit(file).changed = True
    elif plan.kind == "reviews":
        file, doc, _ = _ref_tuple(form.header["_ref"]) or ("", 0, ())
        existing = edit(file).node(doc, ("reviews",)) if "reviews" in edit(file).node(doc, ()) else None
        groups: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        for record in added:
            review = {k: record.values.get(k) for k in REVIEW_FIELDS}
            problem = {k: record.values.get(k) for k in PROBLEM_FIELDS}
            target = next((g for g in groups if g[0] == review), None)
            if target is None:
                target = (review, [])
                groups.append(target)
            if problem.get("problem"):
                target[1].append(problem)
        for review, problems in groups:
            index = _matching_review(existing, review)
            if index is None:
                entry = CommentedMap((k, _text(v)) for k, v in review.items() if v not in (None, "", []))
                if problems:
                    entry["problems"] = CommentedSeq()
                for problem in problems:
                    data = CommentedMap((k, _text(v)) for k, v in problem.items() if v not in (None, ""))
                    entry["problems"].append(data)
                if existing is None:
                    edit(file).node(doc, ())["reviews"] = existing = CommentedSeq()
                existing.append(entry)
                edit(file).changed = True
            else:
                for problem in problems:
                    edit(file).append(doc, ("reviews", index), "problems", problem, flow=False)
    elif plan.kind == "surveys":
        docs = []
        for record in added:
            v = record.values
            lines = [
                "kind: survey",
                f"id: {v['id']}",
                f"name: {_quoted(v['name'])}",
                f"subject: {v['subject']}",
                f"date: {_text(v['date'])}",
            ]
            if tuple(form.options) != ("满意", "基本满意", "不满意"):
                lines.append(f"options: [{', '.join(_quoted(o) for o in form.options)}]")
            counts = ", ".join(f"{_quoted(o)}: {v.get('count:' + o) or 0}" for o in form.options)
            lines.append(f"counts: {{{counts}}}")
            if v.get("suggestions") is not None:
                lines.append(f"suggestions: {v['suggestions']}")
            docs.append("\n".join(lines))
        file = f"surveys/{year}.yaml"
        if (root / file).exists():
            current = edit(file).text() if file in edits else (root / file).read_text(encoding="utf-8-sig")
            edits.pop(file, None)
            return {f: e.text() for f, e in edits.items() if e.changed} | {
                file: current.rstrip("\n") + "\n---\n" + "\n---\n".join(docs) + "\n"
            }
        new_files[file] = ["\n---\n".join(docs)]
    out = {f: e.text() for f, e in edits.items() if e.changed}
    for file, lines in new_files.items():
        out[file] = f"# {plan.kind}: pingyi import {plan.kind}\n" + "\n".join(lines) + "\n"
    return out


def _problems_on_bare_reviews(plan: FormPlan) -> list[Record]:
    """Rows of a review that had no problem, now with one: the problem is added to it."""
    out = []
    for change in plan.changes:
        file, doc, path = change.ref
        if plan.kind == "reviews" and change.key == "problem" and len(path) == 2 and change.new:
            record = next(r for r in plan.records if r.ref == change.ref)
            out.append(Record(None, dict(record.values), record.row))
    return out


def _matching_review(existing: Any, review: Mapping[str, Any]) -> int | None:
    if not isinstance(existing, CommentedSeq):
        return None
    for index, entry in enumerate(existing):
        if not isinstance(entry, CommentedMap):
            continue
        same = all(_as_text(entry.get(k)) == _as_text(_text(v) if v not in (None, "") else None) for k, v in review.items())
        if same:
            return index
    return None


def _as_text(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value] if len(value) != 1 else str(value[0])
    return None if value is None else str(value)


def _quoted(text: Any) -> str:
    import json

    value = str(text)
    plain = value and not any(ch in value for ch in ":#{}[],&*!|>'\"%@`") and value.strip() == value
    return value if plain else json.dumps(value, ensure_ascii=False)


def _flow_line(entry: Mapping[str, Any]) -> str:
    parts = [f"{k}: {_quoted(_text(v))}" for k, v in entry.items() if v is not None and v != ""]
    return f"  - {{{', '.join(parts)}}}"


def _ref_tuple(ref: Any) -> tuple[str, int, tuple[str | int, ...]] | None:
    from ..records import parse_ref

    return parse_ref(str(ref)) if ref else None


def _first_doc(root: Path, plan: FormPlan, kind: str) -> tuple[str, int, tuple[str | int, ...]] | None:
    """Where new records of ``kind`` go: the year's first document of that kind."""
    form = plan.form
    assert form is not None
    return _ref_tuple(form.header.get("_doc"))


def apply_form(root: Path, texts: Mapping[str, str], *, created: Sequence[str] = ()) -> list[str]:
    """Write the texts (atomically; an existing file's mode kept); the files written."""
    from .write import write_atomic

    for file, text in sorted(texts.items()):
        write_atomic(root / file, text, overwrite=(root / file).exists())
    return sorted(texts)


__all__ = ["FileEdit", "apply_form", "form_edits", "read_form"]
