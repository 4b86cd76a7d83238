"""Editing a ``kind: scores`` document in place, keeping what the user wrote.

The file is read with ruamel.yaml's round-trip loader and written back by its dumper, so
comments, key order, flow-style lists (``m101: [9, 10, 8, …]``), quoting and the other
documents of a multi-document file stay as they were; only the numbers that change are
rewritten. Like :mod:`pingyi.io.yaml`, every scalar is read as text (only the YAML 1.2 null
forms are null): an id written ``0012`` stays ``0012`` when the file is written back, and a
score ``8.50`` stays ``8.50`` unless it changes.

New files are written as text by :func:`new_scores_text`, in the layout of the examples:
a modeline for editor completion, a comment naming the items, one flow list per member
with the member's name in a comment.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver

NULL_TAG = "tag:yaml.org,2002:null"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_PLAIN_ID = re.compile(r"^[^\W_][\w.\-]*$")


class EditError(Exception):
    """The file cannot be edited as asked (it changed, or holds something unexpected): a
    message code of :mod:`pingyi.messages.workbook` and its values (or, from other
    editors, a plain text)."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args

    def __str__(self) -> str:
        """The message, in the language in force (a plain text given instead of a code is
        that text)."""
        from ..diagnostics import render_message
        from ..messages import MESSAGES

        if self.code not in MESSAGES:
            return self.code
        return render_message(self.code, tuple(self.args_.items()))


@dataclass(frozen=True)
class Edited:
    """An edited text, and the members whose list was an alias (``m102: *same``) of a list
    that changed: each now has a list of its own, holding what it held before."""

    text: str
    unaliased: tuple[tuple[str, str], ...] = ()  # (member, the member whose list changed)


class _TextResolver(VersionedResolver):
    """Plain scalars are text, except the YAML 1.2 null forms (as :mod:`pingyi.io.yaml`)."""

    @property
    def versioned_resolver(self) -> Any:
        return {first: [(NULL_TAG, _NULL)] for first in ("", "~", "n", "N")}


def _yaml(text: str) -> YAML:
    y = YAML(typ="rt")
    y.Resolver = _TextResolver
    y.preserve_quotes = True
    y.width = 4096
    y.allow_unicode = True
    mapping, sequence, offset = guess_indent(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the file writes them; ruamel's
    defaults (2, 2, 0) where the file does not say."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    mapping = 0
    for prev, line in zip(lines, lines[1:]):
        p_ind = len(prev) - len(prev.lstrip(" "))
        l_ind = len(line) - len(line.lstrip(" "))
        if prev.rstrip().endswith(":") and not line.lstrip().startswith("- ") and l_ind > p_ind:
            mapping = l_ind - p_ind
            break
    sequence, offset = 0, 0
    for prev, line in zip(lines, lines[1:]):
        p_ind = len(prev) - len(prev.lstrip(" "))
        stripped = line.lstrip(" ")
        if prev.rstrip().endswith(":") and not prev.lstrip().startswith("- ") and stripped.startswith("- "):
            dash = len(line) - len(stripped)
            offset = max(0, dash - p_ind)
            sequence = offset + 2
            break
    mapping = mapping or 2
    sequence = sequence or mapping
    return mapping, max(sequence, offset + 2), offset


def number_text(value: Decimal) -> str:
    """A score as YAML text: ``9``, ``9.5`` (never ``9.50`` from a computation, never an
    exponent)."""
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def _flow(values: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(list(values))
    seq.fa.set_flow_style()
    return seq


def _key(text: str) -> str:
    """A mapping key as plain text when plain text reads back as the same id."""
    return text if _PLAIN_ID.match(text) and not _NULL.match(text) else "'" + text.replace("'", "''") + "'"


def comment_text(text: str) -> str:
    """Text safe inside a ``# comment``: one line, no control characters."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]+", " ", text).strip()


def update_scores(
    text: str,
    doc_index: int,
    *,
    org: str,
    month: str,
    changes: Mapping[str, Mapping[int, Decimal]],
    additions: Mapping[str, tuple[Sequence[Decimal], str | None]],
) -> Edited:
    """``text`` with the ``kind: scores`` document number ``doc_index`` (0-based, as
    :class:`pingyi.diagnostics.Loc` counts) changed: ``changes`` member → {item index: new
    value} for members it lists, ``additions`` member → (values, name for a comment) for
    members it does not list yet (appended at the end of ``scores``).

    A list shared through a YAML alias (``m101: &same [...]``, ``m102: *same``) is never
    changed for both: the member changed gets a list of its own, the others keep the
    values they had, and :attr:`Edited.unaliased` says so."""
    y = _yaml(text)
    try:
        docs = list(y.load_all(text))
    except YAMLError as exc:
        raise EditError("edit-unreadable", reason=(str(exc).splitlines() or [""])[0][:80]) from None
    if not 0 <= doc_index < len(docs):
        raise EditError("edit-document-gone", n=len(docs), index=doc_index + 1)
    doc = docs[doc_index]
    if not (
        isinstance(doc, CommentedMap)
        and doc.get("kind") == "scores"
        and str(doc.get("org")) == org
        and str(doc.get("month")) == month
    ):
        raise EditError("edit-document-changed", index=doc_index + 1, org=org, month=month)
    scores = doc.get("scores")
    if scores is None:
        scores = CommentedMap()
        doc["scores"] = scores
    if not isinstance(scores, CommentedMap):
        raise EditError("edit-not-mapping", org=org, month=month)
    unaliased: list[tuple[str, str]] = []
    for member, items in changes.items():
        values = scores.get(member)
        if not isinstance(values, list):
            raise EditError("edit-no-list", member=member, org=org, month=month)
        sharing = [other for other, v in scores.items() if v is values and other != member]
        if sharing:  # an alias: this member gets a list of its own, the others keep theirs
            values = _own_list(values)
            scores[member] = values
            unaliased += [(str(other), member) for other in sharing]
        for index, value in items.items():
            if index >= len(values):
                raise EditError("edit-short-list", member=member, n=len(values), index=index + 1)
            values[index] = number_text(value)
    for member, (values, name) in additions.items():
        if member in scores:
            raise EditError("edit-already-listed", member=member, org=org, month=month)
        scores[member] = _flow([number_text(v) for v in values])
        if name:
            scores.yaml_add_eol_comment(f"# {comment_text(name)}", member)
    return Edited(dump_round_trip(docs, text), tuple(dict.fromkeys(unaliased)))


def dump_round_trip(docs: list[Any], original: str) -> str:
    """The documents of a file read with :func:`_yaml` written back, in the file's own
    indentation, with its leading ``---`` kept."""
    y = _yaml(original)
    out = io.StringIO()
    if len(docs) == 1:
        y.dump(docs[0], out)
    else:
        y.dump_all(docs, out)
    result = out.getvalue()
    if original.startswith("---") and not result.startswith("---"):
        result = "---\n" + result
    return result


def _own_list(values: list[Any]) -> CommentedSeq:
    """A copy of a list, in the same (flow or block) style, with no anchor."""
    seq = CommentedSeq(list(values))
    fa = getattr(values, "fa", None)
    if fa is not None and fa.flow_style():
        seq.fa.set_flow_style()
    return seq


def new_scores_text(
    *,
    org: str,
    month: str,
    rows: Sequence[tuple[str, Sequence[Decimal], str | None]],
    header: Sequence[str] = (),
    schema: str | None = None,
) -> str:
    """A new scores file: modeline, comment lines, ``kind``/``org``/``month``, and one flow
    list per member (``rows``: member id, values, name for a comment)."""
    lines: list[str] = []
    if schema:
        lines.append(f"# yaml-language-server: $schema={schema}")
    lines.extend(f"# {comment_text(h)}" for h in header if comment_text(h))
    lines += ["kind: scores", f"org: {_key(org)}", f"month: {month}"]
    if not rows:
        lines.append("scores: {}")
        return "\n".join(lines) + "\n"
    lines.append("scores:")
    entries = [(f"  {_key(member)}: [{', '.join(number_text(v) for v in values)}]", name) for member, values, name in rows]
    width = max(len(e) for e, _ in entries)
    for entry, name in entries:
        note = comment_text(name) if name else ""
        lines.append(f"{entry.ljust(width)}   # {note}" if note else entry)
    return "\n".join(lines) + "\n"


__all__ = ["dump_round_trip", "EditError", "Edited", "guess_indent", "new_scores_text", "number_text", "update_scores"]
