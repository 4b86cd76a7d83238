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
import gc
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

from pydantic import BaseModel

from . import cascade
from .checks import Check, run_checks
from .diagnostics import Diagnostic, Loc, Note, error, sort_key, warning
from .io.fast import parse_scores
from .io.files import WORKSPACE_FILE, YAML_SUFFIXES, discover, find_root, reader, relative
from .io.locate import locate
from .io.yaml import PingyiYAMLError, decode, parse_bytes, parse_text
from .model import Rules, WorkspaceConfig, default_rules
from .model.rules import merged_rules_data
from .model.scores import fast_scores
from .validate import validate, validate_document
from .workspace import Doc, Workspace, build

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file holds: its valid documents (index, model) and its own diagnostics.
    A pure function of the file's bytes, so it can be cached by content hash."""

    documents: tuple[tuple[int, BaseModel], ...]
    raw_rules: tuple[tuple[int, dict[str, Any]], ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class LoadResult:
    """A workspace and every diagnostic found while loading and checking it."""

    workspace: Workspace
    diagnostics: list[Diagnostic] = field(default_factory=list)
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
    try:
        text = decode(data)
        if b"kind: scores" in data:
            fast = parse_scores(text)
            if fast is not None:
                models = [fast_scores(raw) for raw in fast]
                if all(m is not None for m in models):
                    return FileResult(tuple(enumerate(models)), (), ())  # type: ignore[arg-type]
        raw_docs = parse_text(text)
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
        model, diags = validate_document(raw, loc)
        diagnostics.extend(diags)
        if model is not None:
            documents.append((index, model))
    return FileResult(tuple(documents), tuple(raw_rules), tuple(diagnostics))


#: Per workspace root, the digest of every file the last cached load read (what a report
#: was computed from; :mod:`pingyi.memo` files the report's output under it).
LAST_READ: dict[str, dict[str, str]] = {}

#: Below this many files to parse, a process pool costs more than it saves.
PARALLEL_MIN_FILES = 48


def _read_one_file(item: tuple[str, bytes]) -> FileResult:
    return read_file(*item)


def _parse_many(items: list[tuple[str, bytes]]) -> list[FileResult]:
    """Parse files, on every core when there are many of them (parsing is most of the time
    of a cold run on a county's workspace)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_MIN_FILES or workers < 2:
        return [read_file(name, data) for name, data in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(items) // (workers * 8))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_read_one_file, items, chunksize=chunk))
    except (OSError, RuntimeError):  # pragma: no cover - no processes to be had
        return [read_file(name, data) for name, data in items]


def read_files(root: Path, names: list[str], *, cache: bool = True) -> tuple[dict[str, FileResult], list[Diagnostic]]:
    """Every named file's :class:`FileResult`: from the cache when the file is unchanged,
    else parsed (in parallel when there are many)."""
    from . import __version__
    from .io.cache import FileCache, digest

    store = FileCache(root, __version__, enabled=cache)
    diagnostics: list[Diagnostic] = []
    results: dict[str, FileResult] = {}
    pending: list[tuple[str, bytes, os.stat_result, str]] = []
    for name in names:
        path = root / name
        try:
            stat = path.stat()
            if not S_ISREG(stat.st_mode):  # a device or a pipe would never end, or never answer
                diagnostics.append(
                    error("unreadable", Loc(name), key="unreadable-special").located(1, 1)
                )
                continue
            sha = store.known_digest(name, stat)
            hit = store.lookup(name, sha) if sha is not None else None
            if hit is None:
                data = path.read_bytes()
                sha = digest(data)
                hit = store.lookup(name, sha)
        except OSError as exc:
            diagnostics.append(error("unreadable", Loc(name), reason=exc.strerror or str(exc)).located(1, 1))
            continue
        if hit is not None:
            results[name] = hit
            store.keep(name, stat, sha, hit)
        else:
            pending.append((name, data, stat, sha))
    parsed = _parse_many([(name, data) for name, data, _, _ in pending])
    for (name, _, stat, sha), result in zip(pending, parsed):
        results[name] = result
        store.keep(name, stat, sha, result)
    store.save()
    if cache:
        LAST_READ[str(root)] = {name: sha for name, (_, _, sha) in store.recorded().items()}
    return {name: results[name] for name in names if name in results}, diagnostics


def _read_config(root: Path, source: MemorySource | None = None) -> tuple[WorkspaceConfig, list[Diagnostic]]:
    file = WORKSPACE_FILE
    fallback = WorkspaceConfig(pingyi=FORMAT_VERSION, name=root.name)
    try:
        docs = parse_bytes((root / file).read_bytes() if source is None else source.files[file])
    except PingyiYAMLError as exc:
        return fallback, [_yaml_error(exc, file)]
    except OSError as exc:
        return fallback, [error("unreadable", Loc(file), reason=exc.strerror or str(exc)).located(1, 1)]
    except KeyError:  # a workspace given as a mapping without its pingyi.yaml
        return fallback, [error("unreadable", Loc(file), reason=os.strerror(errno.ENOENT)).located(1, 1)]
    if len(docs) != 1 or not isinstance(docs[0], dict):
        return fallback, [
            error("bad-workspace-file", Loc(file), file=file)
        ]
    model, diags = validate(WorkspaceConfig, docs[0], Loc(file))
    if model is None:
        return fallback, diags
    assert isinstance(model, WorkspaceConfig)
    if model.pingyi != FORMAT_VERSION:
        diags.append(
            error("format-version", Loc(file, 0, ("pingyi",)), version=model.pingyi, supported=FORMAT_VERSION)
        )
    return model, diags  # a salvaged config still reports its unknown keys


def _resolve_rules(
    root: Path,
    config: WorkspaceConfig,
    files: dict[str, FileResult],
    rules_file: Path | None,
    read_one: Callable[[str], FileResult | None],
    is_file: Callable[[str], bool] | None = None,
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
        if not (is_file(chosen) if is_file is not None else (root / config.rules).is_file()):
            diagnostics.append(
                error("missing-rules-file", Loc(WORKSPACE_FILE, 0, ("rules",)), file=config.rules)
            )
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
        return default_rules(), None, diagnostics
    result = files.get(chosen) or read_one(chosen)
    if result is None:
        diagnostics.append(error("missing-rules-file", None, key="rules-file-unreadable", file=chosen))
        return default_rules(), None, diagnostics
    if chosen not in files:  # a rules file outside the workspace: its own problems are reported here
        diagnostics.extend(result.diagnostics)
    if not result.raw_rules:
        if not any(d.is_error for d in result.diagnostics):
            diagnostics.append(error("no-rules", Loc(chosen)))
        return default_rules(), None, diagnostics
    index, raw = result.raw_rules[0]
    if rules_file is not None and "survey_scales" not in raw:
        raw = {**raw, **_own_survey_scales(root, config, files)}
    for extra_index, _ in result.raw_rules[1:]:
        diagnostics.append(error("duplicate-rules", Loc(chosen, extra_index, ("kind",))))
    loc = Loc(chosen, index)
    model, diags = validate(Rules, merged_rules_data(raw), loc)
    diagnostics.extend(diags)
    if model is None:
        return default_rules(), loc, diagnostics
    assert isinstance(model, Rules)
    return model, loc, diagnostics


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
    # Loading allocates millions of small objects and frees almost none: the cyclic
    # garbage collector would only walk them again and again (a third of a cold run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(root, rules=rules, year=year, as_of=as_of, checks=checks, cache=cache, source=source)
    finally:
        if collecting:
            gc.enable()


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
    config, diagnostics = _read_config(root, source)
    if source is None:
        names = discover(root, config.exclude)
        read = reader(root)
        files, read_diags = read_files(root, names, cache=cache)
    else:
        names = source.names(config.exclude)
        read = source.read
        files, read_diags = source.results(root, names, cache=cache)
    diagnostics.extend(read_diags)

    def read_one(name: str) -> FileResult | None:
        data = read(name)
        return None if data is None else read_file(name, data)

    rules_path = Path(rules).resolve() if rules is not None else None
    is_file = None if source is None else (lambda name: name in source.files)
    effective_rules, rules_loc, rule_diags = _resolve_rules(root, config, files, rules_path, read_one, is_file)
    diagnostics.extend(rule_diags)
    documents: list[Doc] = []
    for name, result in files.items():
        diagnostics.extend(result.diagnostics)
        documents.extend(Doc(Loc(name, index), model) for index, model in result.documents)
    ws = build(root, config, effective_rules, rules_loc, documents)
    ws.selected_year = year
    ws.rules_override = rules is not None
    ws.as_of = as_of
    # No cascades: what a damaged document would drag along is left out (pingyi.cascade).
    damage = cascade.damages(files, read, ws)
    diagnostics.extend(cascade.contain(damage, run_checks(ws, checks)))
    located = locate(cascade.with_notes(diagnostics, damage), read)
    is_cause = cascade.first(damage)
    located.sort(key=lambda d: (not is_cause(d), *sort_key(d)))
    return LoadResult(ws, _dedupe(located), files)


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
        """The workspace's files among the names, as :func:`~pingyi.io.files.discover`
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
