"""Editing ``kind: org`` documents in place, keeping what the user wrote.

Like :mod:`pingyi.io.yaml_edit` (whose reader and indentation guess this shares), the file
is read with ruamel.yaml's round trip, so comments, key order and flow mappings stay as
they were; only the entries that change are touched. New member entries are written in the
examples' style, one flow mapping per member: ``- {id: m101, name: 张伟}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..diagnostics import Loc
from .yaml_edit import EditError, dump_round_trip
from .yaml_edit import _yaml as round_trip_yaml


def _flow_map(values: Mapping[str, str]) -> CommentedMap:
    entry = CommentedMap(values)
    entry.fa.set_flow_style()
    return entry


@dataclass
class OrgFileEdit:
    """One org file being edited: its documents as ruamel round-trip data."""

    path: Path
    original: str
    docs: list[Any]
    changed: bool = False

    @classmethod
    def open(cls, path: Path) -> OrgFileEdit:
        try:
            text = path.read_text(encoding="utf-8-sig")
            docs = list(round_trip_yaml(text).load_all(text))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            raise EditError(f"{path.name}: {type(exc).__name__}") from None
        return cls(path, text, docs)

    def _orgs(self, doc: int) -> CommentedSeq:
        if not 0 <= doc < len(self.docs) or not isinstance(self.docs[doc], CommentedMap):
            raise EditError(f"{self.path.name}: document {doc + 1} is gone")
        orgs = self.docs[doc].get("orgs")
        if not isinstance(orgs, CommentedSeq):
            raise EditError(f"{self.path.name}: document {doc + 1} has no list of orgs")
        return orgs

    def _entry(self, loc: Loc) -> tuple[CommentedSeq, int]:
        """The list holding the entry at ``loc`` (a path ``orgs, i[, members, j]``) and its index."""
        node: Any = self.docs[loc.doc] if 0 <= loc.doc < len(self.docs) else None
        for part in loc.path[:-1]:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                raise EditError(f"{self.path.name}: {'/'.join(map(str, loc.path))} is gone") from None
        index = loc.path[-1]
        if not isinstance(node, CommentedSeq) or not isinstance(index, int) or index >= len(node):
            raise EditError(f"{self.path.name}: {'/'.join(map(str, loc.path))} is gone")
        return node, index

    def set_member_field(self, loc: Loc, key: str, value: str | None) -> None:
        seq, index = self._entry(loc)
        entry = seq[index]
        if not isinstance(entry, CommentedMap):
            raise EditError(f"{self.path.name}: the member entry is not a mapping")
        current = entry.get(key)
        if value is None:
            if key in entry:
                del entry[key]
                self.changed = True
        elif current is None or str(current) != value:
            entry[key] = value
            self.changed = True

    def take_member(self, loc: Loc) -> CommentedMap:
        seq, index = self._entry(loc)
        self.changed = True
        # taken out by marking; removed when the text is made, so that the indexes of other
        # entries (the locations of the plan) stay valid meanwhile
        entry = seq[index]
        seq[index] = _Removed(entry)
        return entry

    def add_member(self, doc: int, org_path: Sequence[Any] | None, org_id: str, entry: Mapping[str, Any]) -> None:
        org = self._org_entry(doc, org_path, org_id)
        members = org.get("members")
        if not isinstance(members, CommentedSeq):
            members = CommentedSeq()
            org["members"] = members
        members.append(entry if isinstance(entry, CommentedMap) else _flow_map(dict(entry)))
        self.changed = True

    def add_leader(self, doc: int, org_path: Sequence[Any] | None, org_id: str, role: str, member: str) -> None:
        """Name ``member`` as the org's secretary (when it names none) or add them to its
        deputies or committee (flow lists, as the examples write them)."""
        org = self._org_entry(doc, org_path, org_id)
        if role == "secretary":
            if org.get("secretary") is None:
                _insert_after(org, ("parent", "type", "name"), "secretary", member)
                self.changed = True
            return
        names = org.get(role)
        if not isinstance(names, CommentedSeq):
            names = CommentedSeq()
            names.fa.set_flow_style()
            _insert_after(org, ("secretary", "parent", "type", "name"), role, names)
        if member not in [str(n) for n in names]:
            names.append(member)
            self.changed = True

    def _org_entry(self, doc: int, org_path: Sequence[Any] | None, org_id: str) -> CommentedMap:
        if org_path is not None:
            seq, index = self._entry(Loc(str(self.path), doc, tuple(org_path)))
            entry = seq[index]
        else:
            entry = next((o for o in self._orgs(doc) if isinstance(o, CommentedMap) and str(o.get("id")) == org_id), None)
        if not isinstance(entry, CommentedMap) or str(entry.get("id")) != org_id:
            raise EditError(f"{self.path.name}: the entry of `{org_id}` is gone")
        return entry

    def add_org(self, doc: int, org_id: str, name: str, type_: str, parent: str) -> None:
        entry = CommentedMap([("id", org_id), ("name", name), ("type", type_), ("parent", parent)])
        entry["members"] = CommentedSeq()
        self._orgs(doc).append(entry)
        self.changed = True

    def text(self) -> str:
        for doc in self.docs:
            _drop_removed(doc)
        return dump_round_trip(self.docs, self.original)


def _insert_after(entry: CommentedMap, keys: Sequence[str], key: str, value: Any) -> None:
    """Set ``key`` right after the first of ``keys`` the entry has (members stay last)."""
    position = len(entry)
    for k in keys:
        if k in entry:
            position = list(entry).index(k) + 1
            break
    entry.insert(position, key, value)


class _Removed:
    __slots__ = ("entry",)

    def __init__(self, entry: Any):
        self.entry = entry


def _drop_removed(node: Any) -> None:
    if isinstance(node, CommentedSeq):
        for i in range(len(node) - 1, -1, -1):
            if isinstance(node[i], _Removed):
                del node[i]
            else:
                _drop_removed(node[i])
    elif isinstance(node, CommentedMap):
        for value in node.values():
            _drop_removed(value)


__all__ = ["OrgFileEdit"]
