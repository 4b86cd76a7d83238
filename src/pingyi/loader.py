"""Loading a workspace: read every file, validate every document, index, check.

``load(path)`` is the whole front half of every command and of the Python API::

    import pingyi
    result = pingyi.load("examples/jiangcheng")
    for d in result.diagnostics:
        print(d.format())
    ws = result.workspace
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from . import cascade
from .diagnostics import Diagnostic, Loc, Note, error, sort_key, warning
from .io.files import MAX_FILE_BYTES, WORKSPACE_FILE, YAML_SUFFIXES, Scan, find_root, inside, reader, relative, scan
from .io.locate import locate
from .io.yaml import PingyiYAMLError, decode, parse_bytes
from .model import Rules, WorkspaceConfig, default_rules
from .model.deferred import Deferred
from .model.rules import merged_rules_data
from .speed import bulk
from .validate import validate, validate_document
from .workspace import Doc, Workspace, build

if TYPE_CHECKING:
    from .checks import Check

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file holds: its valid documents (index, model) and its own diagnostics.
    A pure function of the file's bytes, so it can be cached by content hash. A result
    read from the cache holds its models :class:`~pingyi.model.deferred.Deferred`
    (decoded when first read: ``resolve(model)``)."""

    documents: tuple[tuple[int, BaseModel | Deferred], ...]
    raw_rules: tuple[tuple[int, dict[str, Any]], ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class LoadResult:
    """A workspace and every diagnostic found while loading and checking it.

    ``digests`` gives the SHA-256 of every file the load read (``pingyi.yaml``, the
    workspace's files and a rules file), by name relative to the workspace root: what the
    results were computed from."""

    workspace: Workspace
    diagnostics: list[Diagnostic] = field(default_factory=list)
    digests: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: what each file read holds, by name (``pingyi diff`` reuses a side's unchanged files)
    files: dict[str, FileResult] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _yaml_error(exc: PingyiYAMLError, file: str) -> Diagnostic:
    d = error(exc.code, Loc(file), key=None if exc.key == exc.code else exc.key, **exc.args_)
    return d.located(exc.line + 1 if exc.line is not None else 1, exc.column + 1 if exc.column is not None else 1)


def read_file(file: str, data: bytes) -> FileResult:
    """Parse and validate one file's documents. Rules documents are kept raw: they are
    merged into the default scheme before they are validated."""
    from .io.fast import fast_model, read_documents

    try:
        raw_docs, _ = read_documents(decode(data))
    except PingyiYAMLError as exc:
        return FileResult((), (), (_yaml_error(exc, file),))
    documents: list[tuple[int, BaseModel]] = []
    raw_rules: list[tuple[int, dict[str, Any]]] = []
    diagnostics: list[Diagnostic] = []
    if not raw_docs or all(d is None for d in raw_docs):
        diagnostics.append(warning("empty-file", Loc(file)).located(1, 1))
    for index, raw in enumerate(raw_docs):
        loc = Loc(file, index)
        if raw is None:
            continue
        if isinstance(raw, dict) and raw.get("kind") == "rules":
            raw_rules.append((index, raw))
            continue
        fast = fast_model(raw)  # scores and evaluations, built without pydantic when valid
        if fast is not None:
            documents.append((index, fast))
            continue
        model, diags = validate_document(raw, loc)
        diagnostics.extend(diags)
        if model is not None:
            documents.append((index, model))
    return FileResult(tuple(documents), tuple(raw_rules), tuple(diagnostics))


#: Below this many files to parse, a process pool costs more than it saves.
PARALLEL_MIN_FILES = 48


def _read_one_file(item: tuple[str, bytes]) -> FileResult | bytes:
    """In a worker: the file's result as plain data (:mod:`pingyi.io.plain`), which is
    what the cache keeps; the documents stay encoded until pingyi reads them."""
    from .io import plain

    result = read_file(*item)
    try:
        return plain.dumps(result)
    except (TypeError, ValueError):  # pragma: no cover - nothing parsed lacks a plain form
        return result


def _parse_many(items: list[tuple[str, bytes]]) -> list[FileResult]:
    """Parse files, on every core when there are many of them (parsing is most of the time
    of a cold run on a county's workspace), by workers that die with pingyi."""
    from .io.workers import parallel_map

    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_MIN_FILES:
        workers = 1
    else:
        from .model import prepare

        prepare()  # once, before the workers fork, rather than once in each of them
    if workers == 1:
        return [read_file(name, data) for name, data in items]
    sent = parallel_map(_read_one_file, items, workers, sizes=[len(data) for _, data in items])
    return [_received(x) for x in sent]


def _received(sent: FileResult | bytes) -> FileResult:
    """A result as a worker sent it back (plain data, see :func:`_read_one_file`)."""
    from .io import plain

    return plain.loads(sent) if isinstance(sent, bytes) else sent


def _read_one_path(item: tuple[str, str]) -> tuple[FileResult | bytes, str, os.stat_result] | str:
    """In a worker: read one file of the workspace and parse it; its result as plain data
    (as :func:`_read_one_file`), its digest and its status as read; or why it could not be
    read. The workers read the files themselves, so the bytes of a whole workspace are
    never held at once."""
    from .io.cache import digest

    base, name = item
    try:
        data, stat = _read_plain(f"{base}/{name}")
    except OSError as exc:
        return exc.strerror or str(exc)
    return _read_one_file((name, data)), digest(data), stat


def _parse_paths(base: str, names: list[str], sizes: list[int]) -> list[tuple[FileResult, str, os.stat_result] | str]:
    """Read and parse many files of the workspace on every core (see :func:`_parse_many`)."""
    from .io.workers import parallel_map
    from .model import prepare

    prepare()  # once, before the workers fork, rather than once in each of them
    workers = min(os.cpu_count() or 1, 8)
    out: list[tuple[FileResult, str, os.stat_result] | str] = []
    for got in parallel_map(_read_one_path, [(base, name) for name in names], workers, sizes=sizes):
        if isinstance(got, str):
            out.append(got)
        else:
            result, sha, stat = got
            out.append((_received(result), sha, stat))
    return out


def _read_plain(path: Path | str) -> tuple[bytes, os.stat_result]:
    """A workspace file's bytes and its status, read through one descriptor: a device or a
    pipe (which would never end, or never answer) is refused, as is a file too large to
    be anything a person wrote. Raises OSError (``strerror`` says why)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        stat = os.fstat(fd)
        if not S_ISREG(stat.st_mode):
            raise OSError(0, "no plain file")
        if stat.st_size > MAX_FILE_BYTES:
            raise OSError(0, "too large")
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read(), stat
    finally:
        if fd >= 0:
            os.close(fd)


def _stats(base: str, names: Sequence[str]) -> list[os.stat_result | None]:
    """Each file's status (None where it cannot be had: the error is reported later), by
    a string path (a Path per file costs more than its stat)."""
    stat = os.stat
    out: list[os.stat_result | None] = []
    for name in names:
        try:
            out.append(stat(f"{base}/{name}"))
        except OSError:
            out.append(None)
    return out


def read_files(
    root: Path, names: Sequence[str], *, cache: bool = True, also: Mapping[str, tuple[os.stat_result, str]] | None = None
) -> tuple[dict[str, FileResult], list[Diagnostic], dict[str, str]]:
    """Every named file's :class:`FileResult`: from the cache when the file is unchanged,
    else parsed (in parallel when there are many); the diagnostics of files that could not
    be read; and the digest of every file read. ``also`` names further files read
    elsewhere (``pingyi.yaml``), recorded with the others so that a remembered output
    knows them too."""
    from . import __version__
    from .io.cache import FileCache, digest

    store = FileCache(root, __version__, enabled=cache)
    diagnostics: list[Diagnostic] = []
    results: dict[str, FileResult] = {}
    # the files to parse: their bytes are kept only while they are few (parsed here);
    # many are parsed by workers that read them themselves
    pending: list[tuple[str, bytes | None, os.stat_result, str | None]] = []
    few = True
    base = str(root)
    stats = _stats(base, names)
    for name, stat, hit in zip(names, stats, store.unchanged_many(names, stats), strict=True):
        if hit is not None:  # untouched and kept: the usual file of a warm run
            results[name] = hit
            continue
        data: bytes | None = None
        try:
            if stat is None:
                stat = os.stat(f"{base}/{name}")  # raises the error to report
            if not S_ISREG(stat.st_mode):  # a device or a pipe would never end, or never answer
                diagnostics.append(error("unreadable", Loc(name), key="unreadable-special").located(1, 1))
                continue
            path = f"{base}/{name}"
            sha = None
            if store.enabled:  # touched, or not kept under its name: the same bytes may be known by their digest
                data, stat = _read_plain(path)
                sha = digest(data)
                hit = store.lookup(name, sha)
        except OSError as exc:
            diagnostics.append(error("unreadable", Loc(name), reason=exc.strerror or str(exc)).located(1, 1))
            continue
        if hit is not None and sha is not None:
            results[name] = hit
            store.keep(name, stat, sha, hit)
            continue
        pending.append((name, data if few else None, stat, sha))
        if few and len(pending) >= PARALLEL_MIN_FILES:
            few = False
            pending = [(n, None, st, h) for n, _, st, h in pending]
    if few:
        for name, data, stat, sha in pending:
            if data is None or sha is None:
                try:
                    data, stat = _read_plain(f"{base}/{name}")
                except OSError as exc:
                    diagnostics.append(error("unreadable", Loc(name), reason=exc.strerror or str(exc)).located(1, 1))
                    continue
                sha = digest(data)
            results[name] = result = read_file(name, data)
            store.keep(name, stat, sha, result)
    else:
        outcomes = _parse_paths(base, [p[0] for p in pending], [p[2].st_size for p in pending])
        for (name, _, _, _), outcome in zip(pending, outcomes):
            if isinstance(outcome, str):
                diagnostics.append(error("unreadable", Loc(name), reason=outcome).located(1, 1))
                continue
            result, sha, stat = outcome  # the digest and status of the bytes the worker read
            results[name] = result
            store.keep(name, stat, sha, result)
    for name, (stat, sha) in (also or {}).items():
        store.note(name, stat, sha)
    store.save()
    digests = {name: sha for name, (_, _, sha) in store.recorded().items()}
    return {name: results[name] for name in names if name in results}, diagnostics, digests


def _read_config(
    root: Path, read: dict[str, tuple[os.stat_result, str]], source: MemorySource | None = None, cache: bool = False
) -> tuple[WorkspaceConfig, list[Diagnostic]]:
    """The workspace's configuration; ``read`` receives its status and digest (when it
    is read from the disk). ``cache``: validated once per content (see :func:`_cached_model`)."""
    from .io.cache import digest

    file = WORKSPACE_FILE

    def fallback() -> WorkspaceConfig:  # made only when needed: making it builds the validator
        return WorkspaceConfig(pingyi=FORMAT_VERSION, name=root.name)

    try:
        if source is None:
            data, stat = _read_plain(root / file)
            read[file] = (stat, digest(data))
        else:
            data = source.files[file]
        docs = parse_bytes(data)
    except PingyiYAMLError as exc:
        return fallback(), [_yaml_error(exc, file)]
    except OSError as exc:
        return fallback(), [error("unreadable", Loc(file), reason=exc.strerror or str(exc)).located(1, 1)]
    except KeyError:  # a workspace given as a mapping without its pingyi.yaml
        return fallback(), [error("unreadable", Loc(file), reason=os.strerror(errno.ENOENT)).located(1, 1)]
    if len(docs) != 1 or not isinstance(docs[0], dict):
        return fallback(), [error("bad-workspace-file", Loc(file), file=file)]
    model, diags = _cached_model(root, CONFIG_ENTRY, WorkspaceConfig, docs[0], Loc(file), cache)
    if model is None:
        return fallback(), diags
    assert isinstance(model, WorkspaceConfig)
    if model.pingyi != FORMAT_VERSION:
        diags.append(error("format-version", Loc(file, 0, ("pingyi",)), version=model.pingyi, supported=FORMAT_VERSION))
    return model, diags  # a salvaged config still reports its unknown keys


def _resolve_rules(
    root: Path,
    config: WorkspaceConfig,
    files: dict[str, FileResult],
    rules_file: Path | None,
    read_one: Callable[[str], FileResult | None],
    is_file: Callable[[str], bool] | None = None,
    cache: bool = False,
) -> tuple[Rules, Loc | None, list[Diagnostic]]:
    """Pick the rules document: ``--rules FILE``, else the file named by pingyi.yaml
    ``rules:``, else the built-in default. Rules documents anywhere else are errors, so
    that a scheme is never silently left unused."""
    diagnostics: list[Diagnostic] = []
    chosen: str | None = None
    if rules_file is not None:
        chosen = relative(root, rules_file)
    elif config.rules is not None:
        chosen = relative(root, root / config.rules)
        if not inside(root, root / config.rules):
            # what a received workspace names must lie inside it: `rules: ~/.ssh/id_rsa`
            # would otherwise be read and quoted back
            diagnostics.append(error("rules-outside", Loc(WORKSPACE_FILE, 0, ("rules",)), path=config.rules))
            chosen = None
        elif not (is_file(chosen) if is_file is not None else (root / config.rules).is_file()):
            diagnostics.append(error("missing-rules-file", Loc(WORKSPACE_FILE, 0, ("rules",)), file=config.rules))
            chosen = None
    if rules_file is None:
        for name, result in files.items():
            if name == chosen:
                continue
            for index, _ in result.raw_rules:
                where = Loc(name, index, ("kind",))
                if config.rules:
                    diagnostics.append(error("unused-rules", where, key="unused-rules-named", file=config.rules))
                else:
                    diagnostics.append(error("unused-rules", where))
    if chosen is None:
        default, _ = _cached_rules(root, None, None, cache)
        assert default is not None
        return default, None, diagnostics
    picked: FileResult | None = files.get(chosen) or read_one(chosen)
    if picked is None:
        diagnostics.append(error("missing-rules-file", None, key="rules-file-unreadable", file=chosen))
        return default_rules(), None, diagnostics
    if chosen not in files:  # a rules file outside the workspace: its own problems are reported here
        diagnostics.extend(picked.diagnostics)
    if not picked.raw_rules:
        if not any(d.is_error for d in picked.diagnostics):
            diagnostics.append(error("no-rules", Loc(chosen)))
        return default_rules(), None, diagnostics
    index, raw = picked.raw_rules[0]
    if rules_file is not None and "survey_scales" not in raw:
        raw = {**raw, **_own_survey_scales(root, config, files)}
    for extra_index, _ in picked.raw_rules[1:]:
        diagnostics.append(error("duplicate-rules", Loc(chosen, extra_index, ("kind",))))
    loc = Loc(chosen, index)
    model, diags = _cached_rules(root, merged_rules_data(raw), loc, cache)
    diagnostics.extend(diags)
    if model is None:
        return default_rules(), loc, diagnostics
    assert isinstance(model, Rules)
    return model, loc, diagnostics


#: The cache entries of the rules and of the configuration last validated (read by every
#: command).
RULES_ENTRY = "rules.data"
CONFIG_ENTRY = "config.data"


def _cached_rules(root: Path, data: dict[str, Any] | None, loc: Loc | None, cache: bool) -> tuple[Rules | None, list[Diagnostic]]:
    """The rules validated from ``data`` at ``loc`` (None: the built-in default) and the
    problems found, served from the workspace's cache when the same data was validated
    before: a command then neither builds the scheme's validator nor runs it."""
    if data is None:
        return _cached_model(root, RULES_ENTRY, Rules, None, None, cache, lambda: (default_rules(), []))
    return _cached_model(root, RULES_ENTRY, Rules, data, loc, cache)


def _cached_model(
    root: Path,
    entry: str,
    cls: type[BaseModel],
    data: dict[str, Any] | None,
    loc: Loc | None,
    cache: bool,
    made: Callable[[], tuple[Any, list[Diagnostic]]] | None = None,
) -> tuple[Any, list[Diagnostic]]:
    """``cls`` validated from ``data`` at ``loc`` (or what ``made`` makes) and the problems
    found, served from the cache entry ``entry`` when the same data was validated before."""

    def validated() -> tuple[Any, list[Diagnostic]]:
        if made is not None:
            return made()
        assert data is not None and loc is not None
        model, diags = validate(cls, data, loc)
        assert model is None or isinstance(model, cls)
        return model, diags

    if not cache:
        return validated()
    import hashlib

    from . import __version__
    from .io.cache import load_signed, save_signed

    key = hashlib.sha256(repr(("default",) if data is None else (data, loc)).encode()).hexdigest()
    known = load_signed(root, entry, __version__)
    if (
        isinstance(known, tuple)
        and len(known) == 3
        and known[0] == key
        and (known[1] is None or isinstance(known[1], cls))
        and isinstance(known[2], tuple)
        and all(isinstance(d, Diagnostic) for d in known[2])
    ):
        return known[1], list(known[2])
    model, diags = validated()
    save_signed(root, entry, __version__, (key, model, tuple(diags)))
    return model, diags


def _own_survey_scales(root: Path, config: WorkspaceConfig, files: dict[str, FileResult]) -> dict[str, Any]:
    """The workspace's own ``survey_scales`` (述职测评 scales), kept when ``--rules FILE``
    tries another points scheme that defines none: a what-if of the points does not
    unmake the workspace's rated surveys."""
    if config.rules is None:
        return {}
    own = files.get(relative(root, root / config.rules))
    if own is None or not own.raw_rules:
        return {}
    scales = own.raw_rules[0][1].get("survey_scales")
    return {} if scales is None else {"survey_scales": scales}


def load(
    path: Path | str | None = None,
    *,
    rules: Path | str | None = None,
    year: int | None = None,
    as_of: dt.date | None = None,
    checks: Iterable[Check] | None = None,
    cache: bool = False,
    files: Mapping[str, bytes] | None = None,
    parsed: Mapping[str, FileResult] | None = None,
) -> LoadResult:
    """Load the workspace at (or above) ``path``: every file read, every document
    validated, the workspace indexed and checked. Never raises on bad input: problems come
    back as diagnostics with file, line and column. Raises
    :class:`~pingyi.io.files.WorkspaceNotFound` when there is no workspace.

    ``rules`` computes with another scheme file (what-if); ``year`` and ``as_of`` set the
    assessment year and the date that overdue and missing months are judged against;
    ``cache=True`` keeps parsed files in the workspace's ``.pingyi-cache/`` and reuses them
    (see :mod:`pingyi.io.cache`; the command line does, unless told ``--no-cache``).

    ``files`` loads the workspace from a mapping of names (relative to ``path``, the
    workspace folder, ``pingyi.yaml`` included) to bytes instead of the disk: a workspace
    at a git revision (:mod:`pingyi.io.git`). The files are chosen among its names the way
    they are on disk (hidden and excluded folders skipped); ``parsed`` gives the results
    of files already known (unchanged since a load of another revision), whose bytes are
    then read only to place a diagnostic. A file whose bytes are in the cache by content
    hash is not parsed again; nothing is written to the cache.
    """
    source = None
    if files is not None:
        source = MemorySource(files, parsed or {})
        root = Path(path if path is not None else ".").resolve()
    else:
        root = find_root(path)
    with bulk():  # millions of objects that live on: see pingyi.speed
        return _load(root, rules=rules, year=year, as_of=as_of, checks=checks, cache=cache, source=source)


def _load(
    root: Path,
    *,
    rules: Path | str | None,
    year: int | None,
    as_of: dt.date | None,
    checks: Iterable[Check] | None,
    cache: bool,
    source: MemorySource | None = None,
) -> LoadResult:
    extra: dict[str, tuple[os.stat_result, str]] = {}
    config, diagnostics = _read_config(root, extra, source, cache=cache and source is None)
    outside: dict[str, str] = {}
    preread: dict[str, bytes] = {}
    if source is None:
        found: Scan | None = scan(root, config.exclude)
        assert found is not None
        diagnostics.extend(_skipped(found))
        names = list(found.files)
        within = reader(root)
    else:
        found = None
        names = source.names(config.exclude)
        within = source.read

    def read(name: str) -> bytes | None:
        """A workspace file, or the rules file named on the command line."""
        if name in preread:
            return preread[name]
        return _read_named(root / name) if name in outside else within(name)

    def read_one(name: str) -> FileResult | None:
        from .io.cache import digest

        if name in preread or inside(root, root / name):
            data = read(name)
        else:  # only the command line names a file outside the workspace (--rules)
            data = _read_named(root / name)
            if data is not None:
                outside[name] = digest(data)
        return None if data is None else read_file(name, data)

    # the rules file named in pingyi.yaml, when the scan does not find it (no .yaml name):
    # read now, so that it is recorded with the workspace's files
    if source is None and rules is None and config.rules is not None and inside(root, root / config.rules):
        rel = relative(root, root / config.rules)
        if rel not in names and (root / config.rules).is_file():
            from .io.cache import digest

            try:
                data, stat = _read_plain(root / config.rules)
            except OSError:
                pass
            else:
                preread[rel] = data
                extra[rel] = (stat, digest(data))
    if source is None:
        files, read_diags, digests = read_files(root, names, cache=cache, also=extra)
    else:
        files, read_diags = source.results(root, names, cache=cache)
        digests = {}
    diagnostics.extend(read_diags)

    rules_path = Path(rules).resolve() if rules is not None else None
    is_file = None if source is None else (lambda name: name in source.files)
    effective_rules, rules_loc, rule_diags = _resolve_rules(
        root, config, files, rules_path, read_one, is_file, cache=cache and source is None
    )
    diagnostics.extend(rule_diags)
    documents: list[Doc] = []
    for name, result in files.items():
        diagnostics.extend(result.diagnostics)
        documents.extend(Doc(Loc(name, index), model) for index, model in result.documents)
    incremental_run = cache and source is None and checks is None
    kinds: dict[str, str] = {}
    tree = None
    if incremental_run:  # the tree as the last build of the same org documents made it
        from . import incremental

        kinds = incremental.kind_digests(files, digests)
        tree = incremental.served_tree(root, kinds)
    ws = build(root, config, effective_rules, rules_loc, documents, tree)
    ws.selected_year = year
    ws.rules_override = rules is not None
    ws.as_of = as_of
    # No cascades: what a damaged document would drag along is left out (pingyi.cascade).
    damage = cascade.damages(files, read, ws)
    if incremental_run:  # only the checks whose inputs changed
        from . import incremental

        config_sha = extra[WORKSPACE_FILE][1] if WORKSPACE_FILE in extra else "?"
        checked = incremental.run_checks(root, ws, files, digests, config_sha, kinds)
        if tree is None:
            incremental.keep_tree(root, ws, kinds)
    else:
        from .checks import run_checks

        checked = run_checks(ws, checks)
    diagnostics.extend(cascade.contain(damage, checked))
    located = locate(cascade.with_notes(diagnostics, damage), read)
    is_cause = cascade.first(damage)
    located.sort(key=lambda d: (not is_cause(d), *sort_key(d)))
    digests = {**digests, **{name: sha for name, (_, sha) in extra.items()}, **outside}
    return LoadResult(ws, _dedupe(located), MappingProxyType(dict(sorted(digests.items()))), files)


def _read_named(path: Path) -> bytes | None:
    """A file the user named on the command line (``--rules FILE``), wherever it is."""
    try:
        return _read_plain(path)[0]
    except OSError:
        return None


def _skipped(found: Scan) -> list[Diagnostic]:
    """What the walk did not read, said plainly: a link out of the workspace (a warning: it
    is left out on purpose), a folder that cannot be read (an error: its files are missing
    from every result)."""
    out: list[Diagnostic] = []
    for item in found.skipped:
        if item.why == "outside":
            out.append(warning("link-outside", Loc(item.path), path=item.path))
        else:
            out.append(error("unreadable-folder", Loc(item.path), path=item.path, reason=item.detail))
    return out


@dataclass(frozen=True)
class MemorySource:
    """A workspace's files as bytes (``files``: name → bytes, ``pingyi.yaml`` included)
    instead of the disk, with the results of some files already known (``parsed``)."""

    files: Mapping[str, bytes]
    parsed: Mapping[str, FileResult]

    def read(self, name: str) -> bytes | None:
        try:
            return self.files[name]
        except KeyError:
            return None

    def names(self, exclude: Sequence[str]) -> list[str]:
        """The workspace's files among the names, as :func:`~pingyi.io.files.scan`
        finds them on disk."""
        excluded = {e.strip("/").replace("\\", "/") for e in exclude if e.strip("/")}
        skipped: dict[str, bool] = {"": False}  # folder → skipped (hidden or excluded)

        def skip(folder: str) -> bool:
            known = skipped.get(folder)
            if known is None:
                parent, _, name = folder.rpartition("/")
                known = skip(parent) or name.startswith(".") or folder in excluded or name in excluded
                skipped[folder] = known
            return known

        found = []
        for name in self.files:
            folder, _, base = name.rpartition("/")
            if name != WORKSPACE_FILE and name.endswith(YAML_SUFFIXES) and not base.startswith(".") and not skip(folder):
                found.append(name)
        found.sort()
        return found

    def results(self, root: Path, names: list[str], *, cache: bool) -> tuple[dict[str, FileResult], list[Diagnostic]]:
        """Each file's result: known, else from the cache by content hash, else parsed."""
        from . import __version__
        from .io.cache import FileCache, digest

        store = FileCache(root, __version__, enabled=cache)
        results: dict[str, FileResult] = {}
        pending: list[tuple[str, bytes]] = []
        for name in names:
            known = self.parsed.get(name)
            if known is not None:
                results[name] = known
                continue
            data = self.files[name]
            hit = store.lookup(name, digest(data))
            if hit is not None:
                results[name] = hit
            else:
                pending.append((name, data))
        for (name, _), result in zip(pending, _parse_many(pending)):
            results[name] = result
        return {name: results[name] for name in names}, []


def _dedupe(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    out: list[Diagnostic] = []
    for d in diagnostics:
        key = (d.file, d.line, d.column, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


__all__ = ["FileResult", "LoadResult", "MemorySource", "Note", "load", "read_file"]
