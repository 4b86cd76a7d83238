"""A warm load makes an untouched file's result from the cache's index alone, and reads a
shard only when a command first reads one of its documents (``pingyi.io.cache.Manifest``,
``FileCache.fetch``): never a different result, whatever happens to the cache meanwhile."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import pingyi
from pingyi.io import cache as cache_module
from pingyi.io.cache import CACHE_DIR, FileCache, Manifest, WorkspaceChanged, shard_of
from pingyi.io.plain import Refused, document_digest
from pingyi.model.deferred import Deferred
from wsfactory import EXAMPLE

pytestmark = pytest.mark.usefixtures("private_cache")


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    past = time.time() - 10  # older than the cache (a file touched within 2 s is hashed again)
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    return root


def _dumps(result: pingyi.LoadResult) -> list[tuple[str, int, str, dict]]:
    ws = result.workspace
    return [(d.loc.file, d.loc.doc, type(d.model).__name__, d.model.model_dump()) for d in ws.documents]


@pytest.fixture
def shard_reads(monkeypatch):
    """The names of the shards read from the disk."""
    seen: list[str] = []
    original = cache_module.load_signed

    def spy(root, name, version):
        if name.startswith("files-"):
            seen.append(name)
        return original(root, name, version)

    monkeypatch.setattr(cache_module, "load_signed", spy)
    return seen


def _held_extras(root: Path) -> set[str]:
    """The shards of the files whose results hold raw rules or diagnostics (read whole)."""
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if p.name != "pingyi.yaml")
    results, _, _ = pingyi.loader.read_files(root, names, cache=False)
    return {FileCache._shard_name(shard_of(n)) for n, r in results.items() if r.raw_rules or r.diagnostics}


def test_a_warm_load_reads_no_shard_of_files_it_does_not_read(tmp_path, shard_reads):
    root = _example(tmp_path)
    cold = pingyi.load(root, cache=True)
    shard_reads.clear()
    warm = pingyi.load(root, cache=True)
    assert set(shard_reads) <= _held_extras(root)  # only files with rules or diagnostics
    assert [d.format() for d in warm.diagnostics] == [d.format() for d in cold.diagnostics]
    lazy = [d._model for d in warm.workspace.documents]  # as the warm load left them
    assert any(type(m) is Deferred and m.data is None and m.source is not None for m in lazy)
    assert _dumps(warm) == _dumps(cold)  # read now, each one fetched from its shard
    assert len(set(shard_reads)) > len(_held_extras(root))


def test_documents_fetched_after_the_cache_is_removed_are_parsed_again(tmp_path):
    root = _example(tmp_path)
    cold = pingyi.load(root, cache=True)
    warm = pingyi.load(root, cache=True)
    shutil.rmtree(root / CACHE_DIR)
    assert _dumps(warm) == _dumps(cold)


def test_a_document_gone_from_cache_and_file_alike_is_a_workspace_changed(tmp_path):
    root = _example(tmp_path)
    pingyi.load(root, cache=True)
    warm = pingyi.load(root, cache=True)
    shutil.rmtree(root / CACHE_DIR)
    doc = next(d for d in warm.workspace.scores if type(d._model) is Deferred and d._model.data is None)
    (root / doc.loc.file).write_text("# emptied while the command ran\n", encoding="utf-8")
    with pytest.raises(WorkspaceChanged) as caught:
        doc.model  # noqa: B018 - read for its effect
    assert caught.value.name == doc.loc.file


def test_a_workspace_changed_is_said_in_chinese_without_a_traceback(monkeypatch, capsys):
    import pingyi.entry
    import pingyi.memo

    def changed(*args, **kwargs):
        raise WorkspaceChanged("scores/yz2.yaml")

    monkeypatch.setattr(pingyi.memo, "run", changed)
    monkeypatch.setattr("sys.argv", ["pingyi", "score"])
    monkeypatch.delenv("PINGYI_LANG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        pingyi.entry.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "scores/yz2.yaml" in err and "被修改" in err and "Traceback" not in err


def test_an_edit_rewrites_its_shard_with_the_other_files_in_it(tmp_path, monkeypatch):
    """A shard rewritten after an edit keeps the results of its untouched files, which the
    run held only as the index described them (their bytes fetched for the rewrite)."""
    root = _example(tmp_path)
    pingyi.load(root, cache=True)
    pingyi.load(root, cache=True)
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if p.name != "pingyi.yaml")
    by_shard: dict[str, list[str]] = {}
    for n in names:
        by_shard.setdefault(shard_of(n), []).append(n)
    edited = next(n for n in names if n.startswith("scores/") and len(by_shard[shard_of(n)]) > 1 or n.startswith("rounds/"))
    path = root / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    past = time.time() - 10
    os.utime(path, (past, past))
    reference = pingyi.load(root, cache=False)
    pingyi.load(root, cache=True)  # parses the edited file, rewrites its shard

    parsed: list[str] = []
    original = pingyi.loader.read_file

    def spy(name, data):
        parsed.append(name)
        return original(name, data)

    monkeypatch.setattr(pingyi.loader, "read_file", spy)
    again = pingyi.load(root, cache=True)
    assert parsed == []  # every file served, the neighbours of the edited one too
    assert _dumps(again) == _dumps(reference)


def test_the_index_gives_each_document_its_digest(tmp_path):
    """A file of several documents: the index holds each one's digest, the same as the
    digest of its bytes, so that the kinds of documents are told apart without its shard."""
    root = _example(tmp_path)
    name = "scores/yz2.yaml"  # a year of monthly scores, a document each
    pingyi.load(root, cache=True)
    store = FileCache(root, pingyi.__version__)
    made = store.unchanged(name, (root / name).stat())
    assert made is not None and len(made.documents) >= 2
    assert all(m.sig is not None and m.data is None for _, m in made.documents)  # nothing read yet
    eager = store._shard(shard_of(name))  # the shard itself, read whole
    kept = next(r for k, r in eager.items() if k.startswith(name + "\0"))
    assert [m.sig for _, m in made.documents] == [document_digest(m) for _, m in kept.documents]
    assert [m.encoded() for _, m in made.documents] == [m.data for _, m in kept.documents]


def test_a_manifest_naming_a_class_outside_pingyi_is_refused():
    scores = ["pingyi.model.scores:ScoresDoc"]
    good = Manifest(["a.yaml"], [1], b"\0", [0], [0], scores, b"", b"\7")
    assert good.result(0, (None, "07", "a.yaml\0x")) is not None
    with pytest.raises(Refused):
        Manifest(["a.yaml"], [1], b"\0", [0], [0], ["os:system"], b"", b"\7")
    with pytest.raises(ValueError):  # counts that do not add up to the documents listed
        Manifest(["a.yaml"], [2], b"\0", [0], [0], scores, b"", b"\7")
    with pytest.raises(ValueError):  # a file of two documents without their digests
        Manifest(["a.yaml"], [2], b"\0", [0, 1], [0, 0], scores, b"", b"\7")
    with pytest.raises(ValueError):  # a shard missing
        Manifest(["a.yaml"], [1], b"\0", [0], [0], scores, b"", b"")


def test_a_fetched_document_keeps_no_second_copy_of_its_bytes(tmp_path):
    """The shard read for a document then holds that very document in its place: once
    decoded, its bytes are let go, as those of a document read whole from the cache."""
    root = _example(tmp_path)
    pingyi.load(root, cache=True)
    warm = pingyi.load(root, cache=True)
    doc = next(d for d in warm.workspace.scores if type(d._model) is Deferred and d._model.source is not None)
    deferred = doc._model
    store, shard, key, position = deferred.source
    doc.model  # noqa: B018 - decoded for its effect
    assert deferred.data is None and deferred._model is not None
    assert store._shards[shard][key].documents[position][1] is deferred
    others = [m for _, m in store._shards[shard][key].documents if m is not deferred]
    assert all(type(m) is Deferred for m in others)  # the file's other documents, as read
