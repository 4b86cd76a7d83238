"""Incremental checks: after an edit, run again only the checks that read what changed.

Each check declares the kinds of documents it reads (:data:`pingyi.checks.READS`). The
inputs of a check are the configuration, the rules, the assessment year, the as-of day,
and every file holding a document of a kind it reads, by name and content digest; their
digest is the check's key. The diagnostics of every check are kept in the workspace's
cache (``checks.data``, plain data signed like the file cache, :mod:`pingyi.io.cache`)
under that key, and served while the key is the same. So after one scores file is edited
the tree, the rounds, the commitments … are not checked again, and a command line run for
the first time on a warm cache runs no check at all.

The diagnostics served are those the check gave for the same inputs: an incremental run
and a full run give the same output (``tests/test_incremental.py`` edits files at random
and compares).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .diagnostics import Diagnostic
from .model import READ_KINDS as KINDS
from .model.deferred import model_type
from .workspace import Tree, Workspace, tree_from_plain, tree_to_plain

T = TypeVar("T")

ENTRY = "checks.data"
#: The entry's list of the checks, in the order they run, each with the kinds it reads
#: (None: everything), as this same pingyi declared them when it last ran them: while
#: every check's inputs are unchanged, the checks are not even imported.
ORDER = "\0order"


def _common(ws: Workspace, config_digest: str) -> bytes:
    """What every check reads besides documents: the configuration, the rules (as they
    were resolved and validated), the year and the day."""
    h = hashlib.sha256()
    for part in (
        config_digest,
        repr(ws.rules),  # every field, without building the scheme's serializer
        repr(ws.rules_loc),
        str(ws.rules_override),
        str(ws.year),
        ws.today.isoformat(),
    ):
        h.update(part.encode())
        h.update(b"\0")
    return h.digest()


def kind_digests(files: Mapping[str, Any], digests: Mapping[str, str]) -> dict[str, str]:
    """For each kind of document, a digest of the files (name and content) holding one,
    in the order the workspace reads them; ``*``: every file. A file holding documents of
    several kinds (a branch's year in one file: its org, its monthly scores, its
    commitments …) counts in each kind by the documents of that kind alone (their number
    in the file and their encoded content), so that a score edited there leaves the tree,
    the commitments and their checks as they were."""
    hashers: dict[str, Any] = {}
    every = hashlib.sha256()
    for name, result in files.items():
        stamp = f"{name}\0{digests.get(name, '?')}\0".encode()
        every.update(stamp)
        documents = result.documents
        kinds = [KINDS.get(model_type(model), "other") for _, model in documents]
        if len(set(kinds)) == 1:
            kind = kinds[0]
            h = hashers.get(kind)
            if h is None:
                h = hashers[kind] = hashlib.sha256()
            h.update(stamp)
            continue
        for (index, model), kind in zip(documents, kinds, strict=True):
            h = hashers.get(kind)
            if h is None:
                h = hashers[kind] = hashlib.sha256()
            h.update(f"{name}\0{index}\0".encode())
            h.update(_encoded(model))
    out = {kind: h.hexdigest() for kind, h in hashers.items()}
    out["*"] = every.hexdigest()
    return out


def _encoded(model: Any) -> bytes:
    """A document's digest by its plain encoding (the bytes a cached document already
    is): the same content, the same bytes."""
    from .io.plain import document_digest

    return document_digest(model)


def key_of(name: str, reads: frozenset[str] | None, common: bytes, kinds: Mapping[str, str]) -> str:
    """The digest of what the check called ``name`` reads (``reads``: its kinds, None for
    everything)."""
    h = hashlib.sha256(common)
    h.update(name.encode())
    for kind in sorted(reads) if reads is not None else ["*"]:
        h.update(f"\0{kind}\0{kinds.get(kind, '')}".encode())
    return h.hexdigest()


def _order(known: Mapping[str, Any]) -> list[tuple[str, frozenset[str] | None]] | None:
    """The checks as the entry lists them, or None when it lists none (a new cache)."""
    order = known.get(ORDER)
    if not isinstance(order, list):
        return None
    out: list[tuple[str, frozenset[str] | None]] = []
    for item in order:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            return None
        reads = item[1]
        if reads is not None and not (isinstance(reads, list) and all(isinstance(k, str) for k in reads)):
            return None
        out.append((item[0], None if reads is None else frozenset(reads)))
    return out


def _served(entry: Any, key: str) -> tuple[Diagnostic, ...] | None:
    if (
        isinstance(entry, tuple)
        and len(entry) == 2
        and entry[0] == key
        and isinstance(entry[1], tuple)
        and all(isinstance(d, Diagnostic) for d in entry[1])
    ):
        return entry[1]
    return None


def run_checks(
    root: Path,
    ws: Workspace,
    files: Mapping[str, Any],
    digests: Mapping[str, str],
    config_digest: str,
    kinds: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """Every check's diagnostics (as :func:`pingyi.checks.run_checks` gives them), those
    whose inputs are unchanged from the cache; the cache updated. The index of the
    year's points is served from the cache as well while its inputs are unchanged
    (:data:`POINTS`), and kept when the checks built it anew. ``kinds``: the files'
    :func:`kind_digests`, when already known."""
    common = _common(ws, config_digest)
    if kinds is None:
        kinds = kind_digests(files, digests)
    points = _points_key(ws, common, kinds)
    served_points = _serve_points(root, ws, points)
    out = _run_checks(root, ws, common, kinds)
    if not served_points:
        _keep_points(root, ws, points)
    return out


def _run_checks(root: Path, ws: Workspace, common: bytes, kinds: Mapping[str, str]) -> list[Diagnostic]:
    from . import __version__
    from .io.cache import load_signed, save_signed

    known = load_signed(root, ENTRY, __version__)
    if not isinstance(known, dict):
        known = {}
    order = _order(known)
    if order is not None:  # every check's inputs unchanged: served without importing them
        served = [_served(known.get(name), key_of(name, reads, common, kinds)) for name, reads in order]
        if all(found is not None for found in served):
            return [d for found in served if found is not None for d in found]
    from . import checks as registry

    kept: dict[str, Any] = {}
    out: list[Diagnostic] = []
    changed = False
    listed: list[tuple[str, list[str] | None]] = []
    for check in [*registry.CHECKS, *registry.YEAR_END_CHECKS]:
        name = registry.name_of(check)
        reads = registry.READS.get(check)
        key = key_of(name, reads, common, kinds)
        found = _served(known.get(name), key)
        if found is None:
            found = tuple(check(ws))
            changed = True
        kept[name] = (key, found)
        listed.append((name, None if reads is None else sorted(reads)))
        out.extend(found)
    kept[ORDER] = listed
    if changed or kept.keys() != known.keys() or known.get(ORDER) != listed:
        save_signed(root, ENTRY, __version__, kept)
    return out


# --------------------------------------------------------------------------- the year's points

#: The folder of entries that keep the index of the assessment year's points documents
#: (:class:`~pingyi.compute.score.index.Index`, as columns), each named by the digest of
#: what it is built from: a command line never run before reads no scores document to
#: score, and after an edit the index is known to be stale without reading it.
POINTS = "points"
#: How many indexes are kept (the newest): a few periods or years, or a few states of
#: the files to go back to.
POINTS_KEPT = 4
#: What the index is built from (besides the rules, the year and the months counted).
POINTS_READS = ("scores", "evaluations", "adjustments", "ratings")


def _points_key(ws: Workspace, common: bytes, kinds: Mapping[str, str]) -> tuple[tuple[int, int], str]:
    """The period a command counts by default (the assessment year, to the months elapsed)
    and the digest of the index's inputs."""
    from .compute.score.period import resolve_period

    period = resolve_period(ws)
    h = hashlib.sha256(common)
    h.update(f"points\0{period.year}\0{period.through}".encode())
    for kind in POINTS_READS:
        h.update(f"\0{kind}\0{kinds.get(kind, '')}".encode())
    return (period.year, period.through), h.hexdigest()


def _served_entry(root: Path, folder: str, key: str, decode: Callable[[Any], T]) -> T | None:
    """What ``decode`` makes of the entry kept under ``key`` in ``folder``, or None: none
    kept, or not what pingyi writes (then built anew)."""
    from . import __version__
    from .io.cache import load_signed

    kept = load_signed(root, f"{folder}/{key}", __version__)
    if kept is None:
        return None
    try:
        return decode(kept)
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _keep_entry(root: Path, folder: str, key: str, value: Any, newest: int) -> None:
    """Keep ``value`` under ``key`` in ``folder``, and the ``newest`` entries there."""
    from . import __version__
    from .io.cache import prune, save_signed

    if save_signed(root, f"{folder}/{key}", __version__, value):
        prune(root, folder, newest)


def _serve_points(root: Path, ws: Workspace, points: tuple[tuple[int, int], str]) -> bool:
    """Put the kept index of the default period in the workspace's scorings when its
    inputs are unchanged; whether it was."""
    from .compute.score.index import index_from_plain
    from .compute.score.period import resolve_period
    from .compute.score.report import Scoring

    period_key, key = points

    def decode(kept: Any) -> Any:  # the scores documents found by their place, only when kept
        return index_from_plain(kept, {(d.loc.file, d.loc.doc): d for d in ws.scores})

    index = _served_entry(root, POINTS, key, decode)
    if index is None:
        return False
    ws.scorings[period_key] = Scoring(ws, resolve_period(ws), index)
    return True


def _keep_points(root: Path, ws: Workspace, points: tuple[tuple[int, int], str]) -> None:
    """Keep the default period's index when this run built it (the checks of the year's
    points do)."""
    period_key, key = points
    index = getattr(ws.scorings.get(period_key), "index", None)
    if index is None:
        return
    from .compute.score.index import index_to_plain

    try:
        plain = index_to_plain(index)
    except OverflowError:  # numbers past 64 bits (hundreds of decimal places): built each time
        return
    _keep_entry(root, POINTS, key, plain, POINTS_KEPT)


# --------------------------------------------------------------------------- the org tree

#: The folder of entries that keep the workspace's orgs and members as :func:`pingyi.
#: workspace.build` indexed them, each named by the digest of the org documents: a
#: warm run decodes no org document, and an edit elsewhere leaves the tree as it was.
TREE = "tree"
TREE_KEPT = 4


def _tree_key(kinds: Mapping[str, str]) -> str:
    return hashlib.sha256(f"tree\0{kinds.get('orgs', '')}".encode()).hexdigest()


def served_tree(root: Path, kinds: Mapping[str, str]) -> Tree | None:
    """The orgs and members a build of the same org documents made, or None."""
    return _served_entry(root, TREE, _tree_key(kinds), tree_from_plain)


def keep_tree(root: Path, ws: Workspace, kinds: Mapping[str, str]) -> None:
    """Keep the orgs and members this run built from the org documents."""
    try:
        plain = tree_to_plain(ws)
    except ValueError:  # a tree not built from documents: built each time
        return
    _keep_entry(root, TREE, _tree_key(kinds), plain, TREE_KEPT)
