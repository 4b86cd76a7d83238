"""No cascades: one mistake, one error.

When a document cannot be read (a YAML slip, a document that is not a mapping) or loses
entries to validation (an org entry with ``status: 免于积分`` is dropped), the ids it
defines are unknown to the rest of the workspace, and every reference to them would be
reported as unknown, burying the one real mistake under dozens of follow-ups. So:

* a diagnostic of the checks that names an id such a document defines is not shown; the
  document's first error gets one note saying how many references were not checked;
* the warnings of the checks are held back while a document cannot be read (they are
  computed on an incomplete workspace: missing months for the scores that could not be
  read, unrated members …); the same note counts them;
* the errors of the damaged documents come first in the output (see :func:`first`).

The ids a broken document defines are found again in its text (``id: …``), as far as the
text shows them; the ids of dropped entries from the document's data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .diagnostics import Diagnostic, note
from .io.yaml import PingyiYAMLError, decode, parse_text
from .model import OrgDoc
from .model.deferred import resolve
from .workspace import Workspace

#: The codes of a file that could not be read at all.
UNREAD = {"unreadable", "encoding", "duplicate-key", "not-a-document", "missing-kind", "unknown-kind"}

_ID_IN_TEXT = re.compile(r"(?:^|[\s{,\[])id\s*[:：]\s*['\"]?([^\s,'\"{}\[\]#]+)", re.MULTILINE)


@dataclass
class Damage:
    """A document that could not be read, or read only in part."""

    file: str
    doc: int | None  # None: the whole file
    cause: Diagnostic
    ids: set[str] = field(default_factory=set)
    refs: int = 0
    warnings: int = 0


def _unread(d: Diagnostic) -> bool:
    return d.is_error and (d.code in UNREAD or d.code.startswith("yaml"))


def damages(files: Mapping[str, Any], read: Callable[[str], bytes | None], ws: Workspace) -> list[Damage]:
    """The damaged documents of the files read (``files``: name → FileResult)."""
    out: list[Damage] = []
    for name, result in files.items():
        errors = [d for d in result.diagnostics if d.is_error]
        if not errors:
            continue
        whole = next((d for d in errors if _unread(d) and (d.loc is None or d.loc.path == ())), None)
        data = read(name)
        try:
            text = decode(data) if data is not None else ""
        except PingyiYAMLError:
            text = ""
        if whole is not None and not result.documents and (whole.code != "not-a-document" or not text):
            out.append(Damage(name, None, whole, set(_ID_IN_TEXT.findall(text))))
            continue
        try:
            raw_docs = parse_text(text)
        except PingyiYAMLError:
            out.append(Damage(name, None, errors[0], set(_ID_IN_TEXT.findall(text))))
            continue
        models = dict(result.documents)
        rules = {index for index, _ in result.raw_rules}
        for index, raw in enumerate(raw_docs):
            mine = [d for d in errors if d.loc is not None and d.loc.doc == index]
            if not mine or index in rules:
                continue
            model = models.get(index)
            kept = _model_ids(resolve(model))
            lost = {i for i in _raw_ids(raw) if i not in kept} if _defines_ids(raw) else set()
            if model is None or lost:
                out.append(Damage(name, index, mine[0], lost))
    defined = set(ws.orgs) | set(ws.members)
    for damage in out:
        damage.ids -= defined
    return out


def _defines_ids(raw: Any) -> bool:
    """Whether a document's data may define orgs and members (an org document, or one
    whose kind cannot be told)."""
    if not isinstance(raw, dict):
        return False
    kind = raw.get("kind")
    return kind == "org" or not isinstance(kind, str) or kind not in _KNOWN_KINDS


def _raw_ids(raw: Any) -> set[str]:
    """The values of every ``id:`` key in a document's data, at any depth."""
    out: set[str] = set()
    if isinstance(raw, dict):
        for k, v in raw.items():
            if k == "id" and isinstance(v, str):
                out.add(v)
            else:
                out |= _raw_ids(v)
    elif isinstance(raw, list):
        for v in raw:
            out |= _raw_ids(v)
    return out


def _model_ids(model: Any) -> set[str]:
    if not isinstance(model, OrgDoc):
        return set()
    return {o.id for o in model.orgs} | {m.id for o in model.orgs for m in o.members}


def named_ids(d: Diagnostic) -> set[str]:
    """The ids a diagnostic names: its values."""
    out: set[str] = set()
    for _name, value in d.args:
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, (tuple, list, frozenset, set)):
            out.update(v for v in value if isinstance(v, str))
    return out


def contain(damage: list[Damage], checked: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of the checks without the follow-ups of the damage (counted in it)."""
    if not damage:
        return list(checked)
    owner = {i: dmg for dmg in damage for i in dmg.ids}
    first = min(damage, key=lambda dmg: (dmg.file, -1 if dmg.doc is None else dmg.doc))
    kept: list[Diagnostic] = []
    for d in checked:
        hit = next((owner[i] for i in named_ids(d) if i in owner), None)
        if hit is not None:
            hit.refs += 1
        elif not d.is_error:
            first.warnings += 1
        else:
            kept.append(d)
    return kept


def with_notes(diagnostics: Iterable[Diagnostic], damage: list[Damage]) -> list[Diagnostic]:
    """The diagnostics, each cause of damage with its note of what was not checked."""
    notes = {}
    for dmg in damage:
        if dmg.refs and dmg.warnings:
            notes[id(dmg.cause)] = note(None, "cascade-both", refs=dmg.refs, warnings=dmg.warnings)
        elif dmg.refs:
            notes[id(dmg.cause)] = note(None, "cascade-refs", refs=dmg.refs)
        elif dmg.warnings:
            notes[id(dmg.cause)] = note(None, "cascade-warnings", warnings=dmg.warnings)
    return [replace(d, notes=d.notes + (notes[id(d)],)) if id(d) in notes else d for d in diagnostics]


def first(damage: list[Damage]) -> Callable[[Diagnostic], bool]:
    """Whether a diagnostic is an error of a damaged document (a cause: shown first)."""
    places = {(dmg.file, dmg.doc) for dmg in damage}
    files = {dmg.file for dmg in damage if dmg.doc is None}

    def is_cause(d: Diagnostic) -> bool:
        if not d.is_error or d.loc is None:
            return False
        return d.loc.file in files or (d.loc.file, d.loc.doc) in places

    return is_cause


def _kinds() -> frozenset[str]:
    from .model import KINDS

    return frozenset(KINDS)


_KNOWN_KINDS = _kinds()
