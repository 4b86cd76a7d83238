"""A workspace at two git revisions, loaded for ``pingyi diff`` (FORMAT §15).

    from pingyi.history import load_revisions
    from pingyi.compute.diff import compute_diff
    pair = load_revisions("examples/jiangcheng", "公示-2024-12")   # against the working tree
    report = compute_diff(pair.before.workspace, pair.after.workspace, files=pair.files)

The later side (``rev2``, default the working tree with its uncommitted edits) is loaded
first, the ordinary way (from the disk and the file cache) or from git. The earlier side is
then read from git's object store (:mod:`pingyi.io.git`): a file git reports unchanged
between the two is not read at all, its parsed result is the later side's; the others are
read through one ``git cat-file --batch`` process and looked up in the file cache by
content hash before anything is parsed. Git is never written.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path

from .compute.diff import FileChanges
from .io.files import WORKSPACE_FILE, find_root
from .io.git import Repository, RevisionFiles
from .io.yaml import PingyiYAMLError, parse_bytes
from .loader import FileResult, LoadResult, MemorySource, load
from .workspace import Workspace


@dataclass
class Side:
    """One side of the comparison: the revision as given (None: the working tree), the
    commit it names, and the workspace loaded there (None when it did not exist yet)."""

    rev: str | None
    commit: str | None
    result: LoadResult | None
    #: the workspace's data files at this revision (``pingyi.yaml`` included)
    names: frozenset[str] = frozenset()

    @property
    def workspace(self) -> Workspace | None:
        return None if self.result is None else self.result.workspace

    @property
    def label(self) -> str:
        return self.rev if self.rev is not None else ""


@dataclass
class Revisions:
    before: Side
    after: Side
    files: FileChanges
    #: the workspace folder relative to the repository's top (``""`` at the top)
    prefix: str = ""
    year: int | None = None
    notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def _year_of(config: bytes | None) -> tuple[int | None, list[str]]:
    """``year`` and ``exclude`` of a pingyi.yaml, read leniently (its errors are reported
    by the load itself)."""
    if config is None:
        return None, []
    try:
        docs = parse_bytes(config)
    except PingyiYAMLError:
        return None, []
    doc = docs[0] if docs and isinstance(docs[0], dict) else {}
    year = doc.get("year")
    exclude = doc.get("exclude") or []
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        exclude = []
    return (year if isinstance(year, int) and not isinstance(year, bool) else None), exclude


def _names(result: LoadResult | None) -> frozenset[str]:
    return frozenset() if result is None else frozenset([WORKSPACE_FILE, *result.files])


def load_revisions(
    path: Path | str | None = None,
    rev: str = "HEAD",
    rev2: str | None = None,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    cache: bool = False,
) -> Revisions:
    """The workspace at (or above) ``path`` loaded at ``rev`` and at ``rev2`` (None: the
    working tree). ``year`` defaults to the year of ``pingyi.yaml`` at ``rev`` (the results
    being compared against), else at ``rev2``. Raises :class:`~pingyi.io.git.GitError` for
    a git problem and :class:`~pingyi.io.files.WorkspaceNotFound` without a workspace."""
    root = find_root(path)
    collecting = gc.isenabled()
    gc.disable()  # as while loading: millions of objects made, none freed
    try:
        return _load_revisions(root, rev, rev2, year=year, as_of=as_of, cache=cache)
    finally:
        if collecting:
            gc.enable()


def _load_revisions(root: Path, rev: str, rev2: str | None, *, year: int | None, as_of: dt.date | None, cache: bool) -> Revisions:
    with Repository(root) as repo:
        commit_a = repo.commit(rev)
        commit_b = repo.commit(rev2) if rev2 is not None else None
        notes: list[tuple[str, dict[str, str]]] = []

        def files_at(commit: str, label: str, earlier: bool) -> RevisionFiles | None:
            tree = repo.tree(commit)
            entries = repo.files(tree) if tree is not None else {}
            if WORKSPACE_FILE not in entries:
                key = "diff-no-workspace-then" if earlier else "diff-no-workspace-now"
                notes.append((key, {"rev": label, "folder": repo.prefix.rstrip("/") or "."}))
                return None
            return RevisionFiles(repo, entries)

        files_a = files_at(commit_a, rev, True)
        config_a = files_a[WORKSPACE_FILE] if files_a is not None else None
        year_a, exclude_a = _year_of(config_a)
        chosen_year = year if year is not None else year_a

        # the later side
        if rev2 is None:
            result_b: LoadResult | None = load(root, year=chosen_year, as_of=as_of, cache=cache)
        else:
            files_b = files_at(commit_b, rev2, False)  # type: ignore[arg-type]
            result_b = None
            if files_b is not None:
                _, exclude_b = _year_of(files_b[WORKSPACE_FILE])
                files_b.prefetch(MemorySource(files_b, {}).names(exclude_b))
                result_b = load(root, files=files_b, year=chosen_year, as_of=as_of, cache=cache)
        if chosen_year is None and result_b is not None:
            chosen_year = result_b.workspace.year

        # the earlier side, reusing what did not change
        result_a: LoadResult | None = None
        changed: set[str] = set()
        if files_a is not None:
            changed = repo.changed(commit_a, commit_b) if result_b is not None else set(files_a)
            parsed: dict[str, FileResult] = {}
            if result_b is not None:
                parsed = {n: r for n, r in result_b.files.items() if n in files_a and n not in changed}
            wanted = [n for n in MemorySource(files_a, {}).names(exclude_a) if n not in parsed]
            files_a.prefetch(wanted)
            result_a = load(root, files=files_a, parsed=parsed, year=chosen_year, as_of=as_of, cache=cache)

    names_a, names_b = _names(result_a), _names(result_b)
    files = FileChanges(
        added=tuple(sorted(names_b - names_a)),
        removed=tuple(sorted(names_a - names_b)),
        modified=tuple(sorted(n for n in names_a & names_b if n in changed)),
    )
    return Revisions(
        Side(rev, commit_a, result_a, names_a),
        Side(rev2, commit_b, result_b, names_b),
        files,
        repo.prefix,
        chosen_year,
        notes,
    )


__all__ = ["Revisions", "Side", "load_revisions"]
