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

from .columns import join_texts, pack_longs, split_texts, unpack_longs
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
    from .io.plain import document_digest

    parts: dict[str, list[bytes]] = {}  # kind → what its digest is made of, in order
    every: list[bytes] = []
    sha256 = hashlib.sha256
    for name, result in files.items():
        stamp = f"{name}\0{digests.get(name, '?')}\0".encode()
        every.append(stamp)
        documents = result.documents
        if len(documents) == 1:
            kind = KINDS.get(model_type(documents[0][1]), "other")
            found = parts.get(kind)
            if found is None:
                found = parts[kind] = []
            found.append(stamp)
            continue
        kinds = [KINDS.get(model_type(model), "other") for _, model in documents]
        if len(set(kinds)) == 1:
            parts.setdefault(kinds[0], []).append(stamp)
            continue
        for (index, model), kind in zip(documents, kinds, strict=True):
            found = parts.get(kind)
            if found is None:
                found = parts[kind] = []
            found.append(f"{name}\0{index}\0".encode())
            found.append(document_digest(model))
    out = {kind: sha256(b"".join(found)).hexdigest() for kind, found in parts.items()}
    out["*"] = sha256(b"".join(every)).hexdigest()
    return out


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
    (:data:`POINTS`), patched when only the numbers of some scores documents changed,
    and kept when the checks built it anew. The monthly scores are checked again only in
    the documents whose file changed (:class:`_ScoresPass`). ``kinds``: the files'
    :func:`kind_digests`, when already known."""
    from . import __version__
    from .io.cache import load_signed, save_signed

    common = _common(ws, config_digest)
    if kinds is None:
        kinds = kind_digests(files, digests)
    known = load_signed(root, ENTRY, __version__)
    if not isinstance(known, dict):
        known = {}
    scores = _ScoresPass(root, ws, digests, common, kinds)
    link = _link(known.get(LINK))
    if link is not None and link[0] == kinds.get("scores", ""):
        token = link[1]
    else:
        token = scores.result().seen.token
    kinds = {**kinds, SHAPE: token}
    rest, points = _points_key(ws, common, kinds)
    served_points = _serve_points(root, ws, points, kinds)
    if not served_points:
        scores.patch(points, rest, link)  # then kept below, as one built anew
    out, kept = _run_checks(ws, common, kinds, known, scores)
    index_key = points[1] if served_points or _keep_points(root, ws, points, scores.patched) else ""
    if points[0] not in ws.scorings:  # neither served nor built by the checks: built when first read, and kept
        _put_lazy_index(root, ws, points, kinds)
    elif index_key and not served_points:  # built (or patched) by the checks, and kept: what it computes is kept too
        from .compute.score.report import Scoring

        made = ws.scorings[points[0]]
        if isinstance(made, Scoring):
            made.adopt(_served_key(index_key, kinds))
    kept[LINK] = (kinds.get("scores", ""), token, index_key, rest)
    if kept != known:
        save_signed(root, ENTRY, __version__, kept)
    scores.save()
    return out


def _link(value: Any) -> tuple[str, str, str, str] | None:
    """The entry's record of the scores checked last: their kind digest, the token of
    their shape, the key of the index of the year's points kept from them ('' for none)
    and the digest of what else that index is built from."""
    if isinstance(value, tuple) and len(value) == 4 and all(type(x) is str for x in value):
        return value
    return None


def _run_checks(
    ws: Workspace, common: bytes, kinds: Mapping[str, str], known: Mapping[str, Any], scores: _ScoresPass
) -> tuple[list[Diagnostic], dict[str, Any]]:
    """The diagnostics of every check, and the entry to keep (the checks' part)."""
    order = _order(known)
    if order is not None:  # every check's inputs unchanged: served without importing them
        served = [_served(known.get(name), key_of(name, reads, common, kinds)) for name, reads in order]
        if all(found is not None for found in served):
            again = {name: known[name] for name, _ in order}
            again[ORDER] = known[ORDER]
            return [d for found in served if found is not None for d in found], again
    from . import checks as registry

    kept: dict[str, Any] = {}
    out: list[Diagnostic] = []
    listed: list[tuple[str, list[str] | None]] = []
    for check in [*registry.CHECKS, *registry.YEAR_END_CHECKS]:
        name = registry.name_of(check)
        reads = registry.READS.get(check)
        key = key_of(name, reads, common, kinds)
        found = _served(known.get(name), key)
        if found is None:
            found = tuple(scores.result().diagnostics if name == SCORES_CHECK else check(ws))
        kept[name] = (key, found)
        listed.append((name, None if reads is None else sorted(reads)))
        out.extend(found)
    kept[ORDER] = listed
    return out, kept


# --------------------------------------------------------------------------- the monthly scores

#: The check of the monthly scores, run by :class:`_ScoresPass` on what changed.
SCORES_CHECK = "pingyi.checks.points.check_scores"
#: The entries that keep what the check of the monthly scores saw of each document
#: (:class:`~pingyi.checks.points.ScoresSeen`): the files' digests and the problems, and
#: the shape of the documents (written again only when it changes).
SCORES = "scores.data"
SCORES_SHAPE = "scores-shape.data"
#: The name, among the kinds a check reads, of the shape of the scores documents: their
#: places, months, orgs and members, not their numbers (the year-end warnings read no
#: more). It stays the same while only numbers are edited.
SHAPE = "scores-shape"
#: The entry's record of the scores last checked (:func:`_link`).
LINK = "\0scores"


class _ScoresPass:
    """The check of the monthly scores made on what changed since the last run kept what
    it saw (:func:`~pingyi.checks.points.check_scores_since`): only the documents whose
    file changed are read; made once, when first asked for."""

    def __init__(self, root: Path, ws: Workspace, digests: Mapping[str, str], common: bytes, kinds: Mapping[str, str]) -> None:
        self.root, self.ws, self.digests, self.kinds = root, ws, digests, kinds
        h = hashlib.sha256(common)
        h.update(f"scores\0{kinds.get('orgs', '')}".encode())
        self.context = h.hexdigest()
        self.done: Any = None
        self.before_scores = ""  # the kind digest of the scores the kept state saw
        #: the index :meth:`patch` made, the key of the index kept whole it was made from
        #: and the places of the scores documents patched in
        self.patched: tuple[Any, str, list[tuple[str, int]]] | None = None

    def result(self) -> Any:
        if self.done is None:
            from . import __version__
            from .checks.points import ScoresSeen, check_scores_since
            from .io.cache import load_signed

            before = None
            kept = load_signed(self.root, SCORES, __version__)
            try:
                rest, self.before_scores = kept  # type: ignore[misc]
                if type(self.before_scores) is not str:
                    raise ValueError("scores")
                before = ScoresSeen.from_plain(load_signed(self.root, SCORES_SHAPE, __version__), rest)
            except (ValueError, TypeError, IndexError, KeyError):
                before, self.before_scores = None, ""
            self.done = check_scores_since(self.ws, before, self.digests, self.context)
            if not self.done.same_shape:
                self.done.seen.token = self.kinds.get("scores", "")
        return self.done

    def patch(self, points: tuple[tuple[int, int], str], rest: str, link: tuple[str, str, str, str] | None) -> bool:
        """Put in the workspace's scorings the index kept from the documents the kept
        state saw, patched with the numbers of those changed, when only numbers changed
        and nothing else the index is built from; whether it was."""
        if self.done is None or not self.done.same_shape or link is None:
            return False
        scores_then, _, index_key, rest_then = link
        if not index_key or scores_then != self.before_scores or rest_then != rest:
            return False
        from .compute.score.index import patch_scores

        found = _index_kept(self.ws, index_key)
        if found is None:
            return False
        index, base, patched = found
        places = sorted({*patched, *((d.loc.file, d.loc.doc) for d in self.done.changed)})
        if not patch_scores(index, self.done.changed):
            return False
        _put_index(self.ws, points[0], index, _served_key(points[1], self.kinds))
        self.patched = (index, base, places)
        return True

    def save(self) -> None:
        if self.done is None:
            return
        from . import __version__
        from .io.cache import save_signed

        seen = self.done.seen
        if not self.done.same_shape:  # the shape kept already while it is the same
            shape = seen.shape_to_plain()
            if shape is None or not save_signed(self.root, SCORES_SHAPE, __version__, shape):
                return
        save_signed(self.root, SCORES, __version__, (seen.rest_to_plain(), self.kinds.get("scores", "")))


# --------------------------------------------------------------------------- the year's points

#: The folder of entries that keep the index of the assessment year's points documents
#: (:class:`~pingyi.compute.score.index.Index`, as columns), each named by the digest of
#: what it is built from: a command line never run before reads no scores document to
#: score, and after an edit the index is known to be stale without reading it.
POINTS = "points"
#: How many indexes are kept (the newest): a few periods or years, or a few states of
#: the files to go back to.
POINTS_KEPT = 4
#: The folder of entries that keep an index patched with the numbers of a few scores
#: documents as the key of the index kept whole (in :data:`POINTS`) it was patched from
#: and the places of those documents: read back by patching that index again.
PATCHED = "points-patched"
PATCHED_KEPT = 8
#: The most documents an index is kept patched with; past it, kept whole.
PATCHED_MOST = 256
#: What the index is built from (besides the rules, the year and the months counted).
POINTS_READS = ("scores", "evaluations", "adjustments", "ratings")


def _points_key(ws: Workspace, common: bytes, kinds: Mapping[str, str]) -> tuple[str, tuple[tuple[int, int], str]]:
    """The digest of what the index is built from but the scores, the period a command
    counts by default (the assessment year, to the months elapsed) and the digest of the
    index's inputs."""
    from .compute.score.period import resolve_period

    period = resolve_period(ws)
    h = hashlib.sha256(common)
    h.update(f"points\0{period.year}\0{period.through}".encode())
    for kind in POINTS_READS:
        if kind != "scores":
            h.update(f"\0{kind}\0{kinds.get(kind, '')}".encode())
    rest = h.hexdigest()
    key = hashlib.sha256(f"{rest}\0scores\0{kinds.get('scores', '')}".encode()).hexdigest()
    return rest, ((period.year, period.through), key)


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


def _keep_entry(root: Path, folder: str, key: str, value: Any, newest: int) -> bool:
    """Keep ``value`` under ``key`` in ``folder``, and the ``newest`` entries there;
    whether it is kept."""
    from . import __version__
    from .io.cache import prune, save_signed

    if save_signed(root, f"{folder}/{key}", __version__, value):
        prune(root, folder, newest)
        return True
    return False


def _index_kept(ws: Workspace, key: str) -> tuple[Any, str, list[tuple[str, int]]] | None:
    """The index kept under ``key``, its scores documents those of the workspace, with the
    key of the index kept whole it comes from and the places of the scores documents
    patched in since (:data:`PATCHED`); or None."""
    from .compute.score.index import index_from_plain, patch_scores

    docs: dict[tuple[str, int], Any] = {}

    def decode(kept: Any) -> Any:  # the scores documents found by their place, only when kept
        docs.update(((d.loc.file, d.loc.doc), d) for d in ws.scores)
        return index_from_plain(kept, docs)

    whole = _served_entry(ws.root, POINTS, key, decode)
    if whole is not None:
        return whole, key, []

    def places(kept: Any) -> tuple[str, list[tuple[str, int]]]:
        base, files, numbers = kept
        if type(base) is not str:
            raise ValueError("patched")
        return base, list(zip(split_texts(files), unpack_longs(numbers), strict=True))

    found = _served_entry(ws.root, PATCHED, key, places)
    if found is None:
        return None
    base, patched = found
    index = _served_entry(ws.root, POINTS, base, decode)
    if index is None or not all(place in docs for place in patched):
        return None
    if not patch_scores(index, [docs[place] for place in patched]):
        return None
    return index, base, patched


def _put_index(
    ws: Workspace, period_key: tuple[int, int], index: Any, served: str, fetch: Callable[[], Any] | None = None
) -> None:
    """The default period's scoring, its index given (or read by ``fetch`` when first
    used), with the digest of what the index and the org tree are made from."""
    from .compute.score.period import resolve_period
    from .compute.score.report import Scoring

    ws.scorings[period_key] = Scoring(ws, resolve_period(ws), index, served=served, fetch=fetch)


def _served_key(points_key: str, kinds: Mapping[str, str]) -> str:
    """The digest of what the index of the year's points (``points_key``: its inputs) and
    the org tree are made from: what the kept score columns and year-end warnings are
    found by (:mod:`pingyi.compute.score.kept`) without reading the index."""
    return hashlib.sha256(f"served\0{points_key}\0{kinds.get('orgs', '')}".encode()).hexdigest()


def _kept(root: Path, folder: str, key: str) -> bool:
    """Whether this pingyi keeps an entry under ``key`` in ``folder`` (see
    :func:`~pingyi.io.cache.kept_here`)."""
    from . import __version__
    from .io.cache import kept_here

    return kept_here(root, f"{folder}/{key}", __version__)


def _serve_points(root: Path, ws: Workspace, points: tuple[tuple[int, int], str], kinds: Mapping[str, str]) -> bool:
    """Put the kept index of the default period in the workspace's scorings when its
    inputs are unchanged, to be read when first used; whether it was. (Should it prove
    damaged then, it is built from the documents.)"""
    if not (_kept(root, POINTS, points[1]) or _kept(root, PATCHED, points[1])):
        return False
    _put_lazy_index(root, ws, points, kinds)
    return True


def _put_lazy_index(root: Path, ws: Workspace, points: tuple[tuple[int, int], str], kinds: Mapping[str, str]) -> None:
    """The default period's scoring, its index read from the cache when first used, else
    built from the documents then and kept."""
    period_key, key = points

    def fetch() -> Any:
        found = _index_kept(ws, key)
        if found is not None:
            return found[0]
        # damaged since (its signature is checked only now): built, and kept in its place
        from .compute.score.index import build_index

        index = build_index(ws, *period_key)
        _keep_index(root, key, index)
        return index

    _put_index(ws, period_key, None, _served_key(key, kinds), fetch)


def _keep_points(
    root: Path, ws: Workspace, points: tuple[tuple[int, int], str], patched: tuple[Any, str, list[tuple[str, int]]] | None
) -> bool:
    """Keep the default period's index when this run built or patched it (the checks of
    the year's points do; ``patched``: what :meth:`_ScoresPass.patch` made); whether it is
    kept. A patched index is kept as the key of the one it was patched from and the places
    of the documents patched in, while they are few (:data:`PATCHED_MOST`)."""
    period_key, key = points
    index = getattr(ws.scorings.get(period_key), "index", None)
    if index is None:
        return False
    if patched is not None and patched[0] is index and len(patched[2]) <= PATCHED_MOST:
        _, base, places = patched
        files = join_texts([f for f, _ in places])
        return _keep_entry(root, PATCHED, key, (base, files, pack_longs(d for _, d in places)), PATCHED_KEPT)
    return _keep_index(root, key, index)


def _keep_index(root: Path, key: str, index: Any) -> bool:
    """Keep a whole index under ``key``; whether it is kept."""
    from .compute.score.index import index_to_plain

    try:
        plain = index_to_plain(index)
    except OverflowError:  # numbers past 64 bits (hundreds of decimal places): built each time
        return False
    return _keep_entry(root, POINTS, key, plain, POINTS_KEPT)


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
