"""The indexed workspace: orgs by id, the tree, members, and the documents of every kind.

Built from validated documents by :func:`build`; the cross-reference checks live in
:mod:`pingyi.checks`. Everything here is plain, immutable data that remembers where it
came from (a :class:`~pingyi.diagnostics.Loc`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from .columns import join_texts, pack_longs, split_texts, unpack_longs
from .diagnostics import Loc
from .model import (
    AdjustmentsDoc,
    AppraisalDoc,
    CommitmentsDoc,
    EvaluationDoc,
    HonoursDoc,
    MemberStatus,
    OrgDoc,
    OrgType,
    PublicityDoc,
    RatingsDoc,
    RoundDoc,
    Rules,
    ScoresDoc,
    SurveyDoc,
    WorkspaceConfig,
)
from .model.deferred import Deferred, model_type

T = TypeVar("T", bound=BaseModel)


class Doc(Generic[T]):
    """A validated document and where it stands (``loc.path`` is empty). Immutable.

    A document read from the cache may come still encoded
    (:class:`~pingyi.model.deferred.Deferred`): it is decoded the first time ``model`` is read,
    so a command never decodes the kinds of documents it does not read."""

    __slots__ = ("loc", "_model")

    loc: Loc
    _model: T | Deferred

    def __init__(self, loc: Loc, model: T) -> None:
        object.__setattr__(self, "loc", loc)
        object.__setattr__(self, "_model", model)

    @property
    def model(self) -> T:
        model = self._model
        if type(model) is Deferred:
            loaded: Any = model.load()
            object.__setattr__(self, "_model", loaded)
            return loaded
        return model  # type: ignore[return-value]

    def peek(self) -> T:
        """The model, as :attr:`model` gives it, but a document still encoded is decoded
        without being kept: each call decodes it again, and nothing of it stays once the
        caller lets it go. For a reader that goes through a kind once (the checks of the
        rounds, the commitments and the surveys, which ``score`` never reads again: a
        county's rounds and commitments take 35 MB decoded, 9 MB encoded)."""
        model = self._model
        if type(model) is Deferred:
            return model.peek()  # type: ignore[return-value]
        return model  # type: ignore[return-value]

    @property
    def model_type(self) -> type:
        """The class of the model, without decoding it."""
        return model_type(self._model)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Doc)
        return self.loc == other.loc and self.model == other.model

    def __hash__(self) -> int:
        return hash((self.loc, self.model))

    def __repr__(self) -> str:
        return f"Doc(loc={self.loc!r}, model={self._model!r})"


@dataclass(frozen=True, slots=True)
class Org:
    """An organisation (党组织) in the tree."""

    id: str
    name: str
    type: OrgType
    parent: str | None
    secretary: str | None
    deputies: tuple[str, ...]
    committee: tuple[str, ...]
    members: tuple[str, ...]
    loc: Loc

    @property
    def leaders(self) -> tuple[str, ...]:
        """Secretary, deputies and committee members (班子成员), each once, in that order."""
        out: list[str] = []
        for m in ((self.secretary,) if self.secretary else ()) + self.deputies + self.committee:
            if m not in out:
                out.append(m)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Member:
    """A Party member (党员) and the org holding their membership (组织关系)."""

    id: str
    name: str
    org: str
    status: MemberStatus
    note: str | None
    loc: Loc

    @property
    def scored(self) -> bool:
        """Scored monthly: every status except exempt."""
        return self.status is not MemberStatus.EXEMPT


Kind = Literal["org", "member"]


@dataclass(frozen=True, slots=True)
class Found:
    """What :meth:`Workspace.find` makes of an id or a name typed by a user.

    ``ids``: the one id written, or every id of that kind bearing that exact name (more
    than one: the name is ambiguous). ``other``: the ids of the other kind the text names
    (an org given where a member is wanted). ``close``: when nothing matched, the ids whose
    id or name is closest to the text, best first."""

    text: str
    kind: Kind
    ids: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    close: tuple[str, ...] = ()

    @property
    def id(self) -> str | None:
        """The id meant, when the text names exactly one."""
        return self.ids[0] if len(self.ids) == 1 else None


@dataclass
class Workspace:
    """Everything a workspace holds, indexed. Build it with :func:`pingyi.load`."""

    root: Path
    config: WorkspaceConfig
    rules: Rules
    rules_loc: Loc | None = None
    documents: list[Doc] = field(default_factory=list)
    orgs: dict[str, Org] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    rounds: list[Doc[RoundDoc]] = field(default_factory=list)
    commitments: list[Doc[CommitmentsDoc]] = field(default_factory=list)
    scores: list[Doc[ScoresDoc]] = field(default_factory=list)
    evaluations: list[Doc[EvaluationDoc]] = field(default_factory=list)
    adjustments: list[Doc[AdjustmentsDoc]] = field(default_factory=list)
    ratings: list[Doc[RatingsDoc]] = field(default_factory=list)
    honours: list[Doc[HonoursDoc]] = field(default_factory=list)
    surveys: list[Doc[SurveyDoc]] = field(default_factory=list)
    appraisals: list[Doc[AppraisalDoc]] = field(default_factory=list)
    publicity: list[Doc[PublicityDoc]] = field(default_factory=list)
    selected_year: int | None = None
    #: The rules come from ``--rules FILE`` (a what-if), not from the workspace itself.
    rules_override: bool = False
    #: The year-end points of each period, keyed by (year, last month counted): the one
    #: declared place where a computation is kept with the workspace. Each value is an
    #: immutable :class:`pingyi.compute.score.Scoring`, made once by
    #: :func:`pingyi.compute.score.scoring` and shared by the checks, the reports and the
    #: workbook; nothing else is stored here.
    scorings: dict[tuple[int, int], object] = field(default_factory=dict, repr=False, compare=False)
    as_of: dt.date | None = None

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def year(self) -> int:
        """The assessment year: ``--year``, else ``year:`` of pingyi.yaml, else this year."""
        if self.selected_year is not None:
            return self.selected_year
        return self.config.year if self.config.year is not None else self.today.year

    @property
    def today(self) -> dt.date:
        """The as-of date of overdue and missing-month judgements (``--as-of``, default today)."""
        return self.as_of or dt.date.today()

    @property
    def lang(self) -> str:
        return str(self.config.lang)

    def name_of(self, id_: str) -> str:
        """The name of an org or member, or the id itself when unknown."""
        if id_ in self.orgs:
            return self.orgs[id_].name
        if id_ in self.members:
            return self.members[id_].name
        return id_

    def exists(self, id_: str) -> bool:
        return id_ in self.orgs or id_ in self.members

    def subtree(self, org_id: str) -> list[str]:
        """The org and every org below it, parents before children, in file order."""
        out: list[str] = []
        seen: set[str] = set()
        stack = [org_id]
        while stack:
            current = stack.pop()
            if current in seen or current not in self.orgs:
                continue
            seen.add(current)
            out.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return out

    @cached_property
    def own_member_ids(self) -> Mapping[str, frozenset[str]]:
        """org id → the ids of the members whose membership (组织关系) is in that org,
        computed once on first use (orgs without members are absent)."""
        own: dict[str, set[str]] = {}
        for m in self.members.values():
            own.setdefault(m.org, set()).add(m.id)
        return {org: frozenset(ids) for org, ids in own.items()}

    def members_of(self, org_id: str, *, recursive: bool = True) -> list[Member]:
        """Members whose membership is in the org (and, recursively, in its subtree)."""
        orgs = self.subtree(org_id) if recursive else [org_id]
        return [self.members[m] for o in orgs for m in self.orgs[o].members if m in self.members and self.members[m].org == o]

    def ancestors(self, org_id: str) -> list[str]:
        """The org's parent, grandparent ... up to its root (cycle-safe)."""
        out: list[str] = []
        current = self.orgs[org_id].parent if org_id in self.orgs else None
        while current is not None and current in self.orgs and current not in out and current != org_id:
            out.append(current)
            current = self.orgs[current].parent
        return out

    def org_path(self, org_id: str) -> list[str]:
        """Root first, down to the org."""
        return list(reversed(self.ancestors(org_id))) + [org_id]

    def org_of(self, id_: str) -> str | None:
        """The org an id stands in: an org itself, a member the org holding their
        membership; ``None`` when the id is neither."""
        if id_ in self.orgs:
            return id_
        member = self.members.get(id_)
        return member.org if member is not None else None

    def describe(self, id_: str) -> str:
        """``钟晓敏 (m303)``: the name and the id (the id alone when unknown)."""
        name = self.name_of(id_)
        return id_ if name == id_ else f"{name} ({id_})"

    def walk(self, root: str) -> list[tuple[str, int]]:
        """The org ``root`` and every org below it, in tree order, each with its depth
        below ``root`` (0 for ``root`` itself)."""
        base = len(self.ancestors(root))
        return [(o, len(self.ancestors(o)) - base) for o in self.subtree(root)]

    def tree_order(self) -> list[str]:
        """Every org, depth first from each root, in the order the tree is written (files
        in path order, entries in file order)."""
        return [o for root in self.roots for o in self.subtree(root)]

    def orgs_in_order(self) -> list[str]:
        """Every org: :meth:`tree_order`, then the orgs no root reaches (a parent cycle,
        which the checks report) in file order."""
        order = self.tree_order()
        seen = set(order)
        return order + [o for o in self.orgs if o not in seen]

    def scored_members(self, org_id: str, *, recursive: bool = True) -> list[Member]:
        """The members of the org (and its subtree) who are scored: every status but
        exempt (免于积分)."""
        return [m for m in self.members_of(org_id, recursive=recursive) if m.scored]

    def find(self, text: str, kind: Kind) -> Found:
        """The org or member a user means by ``text``: an id, else an exact name (names
        are compared with surrounding blanks removed). When nothing of ``kind`` matches,
        :attr:`Found.other` says whether the text names something of the other kind and
        :attr:`Found.close` gives up to three close ids or names ("did you mean")."""
        wanted = text.strip()
        table: dict[str, Org] | dict[str, Member] = self.orgs if kind == "org" else self.members
        other_table: dict[str, Org] | dict[str, Member] = self.members if kind == "org" else self.orgs
        if wanted in table:
            return Found(text, kind, ids=(wanted,))
        named = tuple(i for i, x in table.items() if x.name.strip() == wanted)
        if named:
            return Found(text, kind, ids=named)
        other = (wanted,) if wanted in other_table else tuple(i for i, x in other_table.items() if x.name.strip() == wanted)
        return Found(text, kind, other=other, close=() if other else self._close(wanted, table))

    @staticmethod
    def _close(text: str, table: dict[str, Org] | dict[str, Member]) -> tuple[str, ...]:
        """Up to three ids whose id or name is closest to ``text`` (case and the letter O
        for the digit 0 ignored)."""

        def norm(s: str) -> str:
            return s.strip().lower().replace("o", "0")

        keys: dict[str, str] = {}
        for i, x in table.items():
            keys.setdefault(norm(i), i)
            keys.setdefault(norm(x.name), i)
        out: list[str] = []
        for match in difflib.get_close_matches(norm(text), list(keys), n=6, cutoff=0.6):
            if keys[match] not in out:
                out.append(keys[match])
        return tuple(out[:3])


Tree = tuple[dict[str, Org], dict[str, Member]]
"""The orgs and the members of a workspace, as :func:`build` indexes them."""


def build(
    root: Path, config: WorkspaceConfig, rules: Rules, rules_loc: Loc | None, documents: list[Doc], tree: Tree | None = None
) -> Workspace:
    """Index validated documents. Duplicates keep their first definition here; the checks
    report the others. ``tree``: the orgs and members as a build of the same org documents
    indexed them (:func:`tree_from_plain`), which are then not read again."""
    ws = Workspace(root=root, config=config, rules=rules, rules_loc=rules_loc, documents=documents)
    if tree is not None:
        ws.orgs, ws.members = tree
    by_kind: dict[type, list[Doc[Any]]] = {
        RoundDoc: ws.rounds,
        CommitmentsDoc: ws.commitments,
        ScoresDoc: ws.scores,
        EvaluationDoc: ws.evaluations,
        AdjustmentsDoc: ws.adjustments,
        RatingsDoc: ws.ratings,
        HonoursDoc: ws.honours,
        SurveyDoc: ws.surveys,
        AppraisalDoc: ws.appraisals,
        PublicityDoc: ws.publicity,
    }
    for doc in documents:
        kind = doc.model_type
        if kind is OrgDoc:
            if tree is not None:
                continue
            model = doc.model
            assert isinstance(model, OrgDoc)
            for i, entry in enumerate(model.orgs):
                loc = doc.loc.at("orgs", i)
                member_ids: list[str] = []
                for j, m in enumerate(entry.members):
                    member_ids.append(m.id)
                    if m.id not in ws.members and m.id not in ws.orgs:
                        ws.members[m.id] = Member(m.id, m.name, entry.id, m.status, m.note, loc.at("members", j))
                if entry.id not in ws.orgs and entry.id not in ws.members:
                    ws.orgs[entry.id] = Org(
                        entry.id,
                        entry.name,
                        entry.type,
                        entry.parent,
                        entry.secretary,
                        tuple(entry.deputies),
                        tuple(entry.committee),
                        tuple(member_ids),
                        loc,
                    )
        else:
            target = by_kind.get(kind)
            if target is not None:
                target.append(doc)
    for org in ws.orgs.values():
        if org.parent is not None and org.parent in ws.orgs and org.parent != org.id:
            ws.children.setdefault(org.parent, []).append(org.id)
        else:
            ws.roots.append(org.id)
    return ws


def _places(locs: list[Loc], files: dict[str, int], shape: int) -> bytes:
    """Where the orgs (``shape`` 2: ``orgs[i]``) or members (4: ``orgs[i].members[j]``)
    stand, as numbers: the file's number in ``files``, the document, then i (and j)."""
    numbers: list[int] = []
    keys = ("orgs", "members")[: shape // 2]
    for loc in locs:
        path = loc.path
        indexes = path[1::2]
        if path[0::2] != keys or not all(type(x) is int for x in indexes) or loc.target != "value" or loc.cell:
            raise ValueError("not a place build gives")
        numbers.append(files.setdefault(loc.file, len(files)))
        numbers.append(loc.doc)
        numbers.extend(indexes)  # type: ignore[arg-type]  # integers, as tested
    return pack_longs(numbers)


def tree_to_plain(ws: Workspace) -> tuple[Any, ...]:
    """The workspace's orgs and members as plain data (strings, numbers, bytes, enum
    members and tuples), the members as columns (:mod:`pingyi.columns`), for
    :func:`tree_from_plain` to rebuild without reading the org documents: a county's
    20,000 members in a few strings. Raises ValueError for a tree that :func:`build` did
    not make."""
    orgs = list(ws.orgs.values())
    members = list(ws.members.values())
    files: dict[str, int] = {}
    heads = [(o.id, o.name, o.type, o.parent, o.secretary, o.deputies, o.committee, join_texts(o.members)) for o in orgs]
    return (
        heads,
        _places([o.loc for o in orgs], files, 2),
        join_texts([m.id for m in members]),
        join_texts([m.name for m in members]),
        join_texts([m.org for m in members]),
        join_texts([m.status.value for m in members]),
        {k: m.note for k, m in enumerate(members) if m.note is not None},
        _places([m.loc for m in members], files, 4),
        list(files),
    )


def tree_from_plain(value: Any) -> Tree:
    """The orgs and members :func:`tree_to_plain` wrote. Raises ValueError (or TypeError,
    KeyError, IndexError) for anything else."""
    heads, org_places, ids, names, orgs_of, statuses, notes, member_places, files = value
    where = unpack_longs(org_places)
    if len(where) != 3 * len(heads):
        raise ValueError("orgs")
    orgs: dict[str, Org] = {}
    for k, (oid, name, kind, parent, secretary, deputies, committee, joined) in enumerate(heads):
        if not (isinstance(kind, OrgType) and type(deputies) is tuple and type(committee) is tuple):
            raise ValueError("org")
        file, doc, i = where[3 * k : 3 * k + 3]
        loc = Loc(files[file], doc, ("orgs", i))
        orgs[oid] = Org(oid, name, kind, parent, secretary, deputies, committee, tuple(split_texts(joined)), loc)
    columns = [split_texts(c) for c in (ids, names, orgs_of, statuses)]
    count = len(columns[0])
    where = unpack_longs(member_places)
    if any(len(c) != count for c in columns) or len(where) != 4 * count or type(notes) is not dict:
        raise ValueError("members")
    status = {s.value: s for s in MemberStatus}
    members: dict[str, Member] = {}
    for k, (mid, name, org, state) in enumerate(zip(*columns, strict=True)):
        file, doc, i, j = where[4 * k : 4 * k + 4]
        members[mid] = Member(mid, name, org, status[state], notes.get(k), Loc(files[file], doc, ("orgs", i, "members", j)))
    return orgs, members
