"""Applying an import plan (io): the new text of every file the plan touches, checked by
reading it back as pingyi reads it, then written atomically.

A new ``scores/<org>/<YYYY-MM>.yaml`` is written when the month has no document yet;
otherwise the existing document is updated in place (comments and layout kept). A file
whose recorded scores are no longer what the plan was made against is refused, and so is
an edit that would change any score the plan does not change (a YAML alias shared by two
members is broken instead, and said so). A hidden temporary file left beside a scores file
by an import that was killed is removed on the next import.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from ..diagnostics import Diagnostic, Loc, error
from ..i18n import N_, tr
from ..io.write import FileExists, write_atomic
from ..io.yaml_edit import EditError, new_scores_text, update_scores
from ..model.base import month_number
from ..workspace import Workspace
from .plan import ImportPlan

SCHEMA_URL = "https://github.com/pingyi-project/pingyi/schemas/scores.schema.json"
#: A temporary file of :func:`~pingyi.io.write.write_atomic` older than this (seconds) is
#: a leftover of a killed import, not the file of an import running now.
STALE_AFTER = 5.0


class ImportFailed(Exception):
    """The plan cannot be written; :attr:`diagnostic` says why. Nothing was written."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


def _fail(code: str, file: str, **args: Any) -> ImportFailed:
    return ImportFailed(error(code, Loc(file), file=file, **args))


@dataclass(frozen=True, slots=True)
class Written:
    file: str
    created: bool


@dataclass(frozen=True)
class Rendered:
    """The new text of every file, and the aliases broken on the way: (file, member whose
    list was an alias, member whose list changed)."""

    texts: dict[str, str]
    unaliased: tuple[tuple[str, str, str], ...] = ()


def render_plan(ws: Workspace, plan: ImportPlan, *, source: str = "") -> Rendered:
    """file → its new text. Raises :class:`ImportFailed` when a file cannot be edited."""
    out: dict[str, str] = {}
    unaliased: list[tuple[str, str, str]] = []
    names = {m.id: m.name for m in ws.members.values()}
    originals: dict[str, bytes] = {}
    if plan.new_file:
        rel = plan.new_file
        _check_new_path(ws, plan, rel)
        out[rel] = new_scores_text(
            org=plan.org,
            month=plan.month,
            rows=[(m, v, names.get(m)) for m, v in plan.rows.items()],
            header=_header(ws, plan, source),
            schema=schema_reference(ws, rel),
        )
    for file, docs in sorted(plan.edits.items()):
        try:
            raw = originals[file] = (ws.root / file).read_bytes()
        except OSError as exc:
            raise _fail("import-cannot-read", file, reason=exc.strerror or str(exc)) from None
        _check_recorded(plan, file, raw, before=True)
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        crlf = "\r\n" in text
        if crlf:
            text = text.replace("\r\n", "\n")
        for index, (changes, additions) in sorted(docs.items()):
            try:
                edited = update_scores(
                    text,
                    index,
                    org=plan.org,
                    month=plan.month,
                    changes=changes,
                    additions={m: (v, names.get(m)) for m, v in additions.items()},
                )
            except EditError as exc:
                from ..diagnostics import render_message

                reason = render_message(exc.code, tuple(exc.args_.items()))
                raise _fail("import-cannot-edit", file, reason=reason) from None
            text = edited.text
            unaliased += [(file, alias, changed) for alias, changed in edited.unaliased]
        if crlf:
            text = text.replace("\n", "\r\n")
        out[file] = ("\ufeff" if bom else "") + text
    _verify(plan, out, originals)
    return Rendered(out, tuple(unaliased))


def _check_recorded(plan: ImportPlan, file: str, data: bytes, *, before: bool) -> None:
    """The file's documents record, for every member of the edited documents, what the plan
    expects: the recorded values before the edit (``before``), else the new values for the
    members imported and the recorded ones for every other member."""
    from ..loader import read_file

    result = read_file(file, data)
    if any(d.is_error for d in result.diagnostics):
        raise _fail("import-changed" if before else "import-unsafe", file, member="—")
    docs = dict(result.documents)
    for (f, index, member), old in plan.recorded.items():
        if f != file:
            continue
        model = docs.get(index)
        got = getattr(model, "scores", {}).get(member) if model is not None else None
        now = tuple(Decimal(v) for v in got) if got is not None else None
        expected = old if before or member not in plan.rows else plan.rows[member]
        if now != expected:
            raise _fail("import-changed" if before else "import-unsafe", file, member=member)
    if not before:
        for index, (changes, additions) in plan.edits.get(file, {}).items():
            model = docs.get(index)
            for member in list(changes) + list(additions):
                got = getattr(model, "scores", {}).get(member) if model is not None else None
                if got is None or tuple(Decimal(v) for v in got) != plan.rows[member]:  # pragma: no cover - a bug in the editor
                    raise _fail("import-unsafe", file, member=member)


def _verify(plan: ImportPlan, texts: dict[str, str], originals: dict[str, bytes]) -> None:
    """Read every new text back as pingyi reads it: it must hold valid documents, the
    members written must have exactly the imported scores, every other member what they
    had, and the file's other documents must be what they were."""
    from ..io.yaml import PingyiYAMLError, parse_bytes
    from ..loader import read_file

    for file, text in texts.items():
        data = text.encode("utf-8")
        if file == plan.new_file:
            result = read_file(file, data)
            docs = dict(result.documents)
            model = docs.get(0)
            for member, values in plan.rows.items():
                got = getattr(model, "scores", {}).get(member) if model is not None else None
                if any(d.is_error for d in result.diagnostics) or got is None or tuple(Decimal(v) for v in got) != values:
                    raise _fail("import-unsafe", file, member=member)  # pragma: no cover - a bug in the writer
            continue
        _check_recorded(plan, file, data, before=False)
        try:
            before = parse_bytes(originals[file])
            after = parse_bytes(data)
        except PingyiYAMLError:  # pragma: no cover
            raise _fail("import-unsafe", file, member="—") from None
        touched = set(plan.edits[file])
        if len(before) != len(after) or any(k not in touched and a != b for k, (a, b) in enumerate(zip(before, after))):
            raise _fail("import-unsafe", file, member="—")  # pragma: no cover


def apply_plan(ws: Workspace, plan: ImportPlan, *, source: str = "", rendered: Rendered | None = None) -> list[Written]:
    """Write the plan: every file through a temporary file in its folder; a file whose
    recorded scores changed since the plan was made is refused before anything is
    written. Leftover temporary files of a killed import beside them are removed first."""
    rendered = rendered or render_plan(ws, plan, source=source)
    texts = rendered.texts
    for folder in sorted({(ws.root / file).parent for file in texts}):
        remove_leftovers(folder)
    for file in plan.edits:
        try:
            now = (ws.root / file).read_bytes()
        except OSError as exc:
            raise _fail("import-cannot-read", file, reason=exc.strerror or str(exc)) from None
        _check_recorded(plan, file, now, before=True)
    written: list[Written] = []
    for file, text in texts.items():
        path = ws.root / file
        created = file == plan.new_file
        try:
            write_atomic(path, text, overwrite=not created)
        except FileExists:
            raise _fail("import-appeared", file) from None
        except OSError as exc:
            raise _fail("import-cannot-write", file, reason=exc.strerror or str(exc)) from None
        written.append(Written(file, created))
    return written


#: ``.NAME.yaml.xxxxxxxx.tmp``, as :func:`~pingyi.io.write.write_atomic` names its temporary files
_LEFTOVER = re.compile(r"^\..+\.ya?ml\.[A-Za-z0-9_]+\.tmp$")


def remove_leftovers(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the hidden temporary files a killed write of a scores file left in
    ``folder`` that are older than :data:`STALE_AFTER` seconds; returns those removed."""
    pattern = _LEFTOVER
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if entry.is_file(follow_symlinks=False) and moment - info.st_mtime > STALE_AFTER:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _check_new_path(ws: Workspace, plan: ImportPlan, rel: str) -> None:
    path = ws.root / rel
    if path.exists():
        raise _fail("import-path-taken", rel, org=plan.org, month=plan.month)
    excluded = {e.strip("/").replace("\\", "/") for e in ws.config.exclude if e.strip("/")}
    parts = PurePosixPath(rel).parts[:-1]
    for k in range(1, len(parts) + 1):
        folder = "/".join(parts[:k])
        if folder in excluded or parts[k - 1] in excluded:
            raise _fail("import-excluded", rel, folder=folder)


def _header(ws: Workspace, plan: ImportPlan, source: str) -> list[str]:
    """The comment lines of a new scores file, in the workspace's language."""
    items = " ".join(i.name for i in ws.rules.items)
    year, mon = month_number(plan.month)
    lang = ws.lang
    lines = [tr(N_("{org}: monthly scores, {year}-{month:02d}"), lang, org=plan.org_name, year=year, month=mon)]
    if source:
        lines.append(tr(N_("imported from {source} by pingyi import scores"), lang, source=source))
    lines.append(tr(N_("items in order: {items}"), lang, items=items))
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
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


__all__ = ["ImportFailed", "Rendered", "Written", "apply_plan", "remove_leftovers", "render_plan", "schema_reference"]
