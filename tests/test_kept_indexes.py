"""What the cache keeps besides parsed files: the year's index of points (``points/``)
and the org tree (``tree/``). Read back, each gives every report exactly what building it
from the documents gives; each is used only while what it was built from is unchanged; a
damaged entry is built again."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

import pingyi
from pingyi import incremental
from pingyi.compute.explain import compute_explain
from pingyi.compute.score import compute_score
from pingyi.compute.score import index as index_module
from pingyi.compute.score.index import Index, index_from_plain, index_to_plain
from pingyi.compute.score.period import resolve_period
from pingyi.io import cache as cache_module
from pingyi.io.cache import CACHE_DIR
from pingyi.render.explain import explain_json
from pingyi.render.score import score_json
from wsfactory import EXAMPLE

pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "jiangcheng"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    past = time.time() - 10  # older than the cache: a pause between edits
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    return root


def _write(path: Path, text: str, seconds: float) -> None:
    """Write, with a modification time ``seconds`` from now (a new one, whatever the file
    system's resolution)."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + seconds
    os.utime(path, (later, later))


def _reports(ws: Any) -> tuple[Any, list[Any]]:
    """The score report and every member's points card, as JSON."""
    cards = [explain_json(compute_explain(ws, m), "en") for m in sorted(ws.members)]
    return score_json(compute_score(ws)), cards


def _view(idx: Index) -> dict[str, Any]:
    """Everything an index holds, sequences as lists (an array and a list of the same
    numbers are the same numbers)."""
    g = idx.grid
    return {
        "head": (idx.year, idx.through, idx.items, idx.any_scores, idx.any_evaluation, idx.org_months),
        "grid": (g.year, g.through, g.items, g.scale, dict(g.positions), list(g.cells), list(g.sources)),
        "flags": bytes(g.scored_flags),
        "docs": [d.loc for d in g.docs],
        "evaluations": {
            m: [
                (s.org, s.keys, list(s.cells), s.scale, None if s.named is None else list(s.named), s.returned)
                + (s.participants, s.loc, s.blank, s.source, k)
                for s, k in found
            ]
            for m, found in idx.evaluations.items()
        },
        "adjustments": idx.adjustments,
        "ratings": idx.ratings,
    }


def test_the_index_read_back_is_the_index_built(example):
    ws = pingyi.load(example).workspace
    period = resolve_period(ws)
    built = index_module.build_index(ws, period.year, period.through)
    assert built.evaluations and built.adjustments and built.ratings and built.grid.docs  # the example has them all
    docs = {(d.loc.file, d.loc.doc): d for d in ws.scores}
    back = index_from_plain(pingyi.io.plain.loads(pingyi.io.plain.dumps(index_to_plain(built))), docs)
    assert _view(back) == _view(built)
    assert all(a is b for a, b in zip(back.grid.docs, built.grid.docs, strict=True))  # the workspace's own documents


def test_a_warm_load_scores_without_building_the_index(example, monkeypatch):
    fresh = _reports(pingyi.load(example).workspace)
    pingyi.load(example, cache=True)  # builds the index (the year-end checks) and keeps it
    assert len(list((example / CACHE_DIR / incremental.POINTS).iterdir())) == 1

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the index was built, not served")

    monkeypatch.setattr("pingyi.compute.score.report.build_index", refuse)
    warm = pingyi.load(example, cache=True).workspace
    assert _reports(warm) == fresh


def test_an_edited_scores_file_builds_the_index_again(example):
    pingyi.load(example, cache=True)
    path = next(p for p in sorted(example.rglob("*.yaml")) if "kind: scores" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    at = text.index("[") + 1  # the first score of the first row: 9 ↔ 8, any other digit → 9
    _write(path, text[:at] + ("8" if text[at] == "9" else "9") + text[at + 1 :], 5)
    warm = pingyi.load(example, cache=True).workspace
    assert _reports(warm) == _reports(pingyi.load(example).workspace)
    assert _reports(warm) != _reports(_original(example, path, text))


def _original(example: Path, path: Path, text: str) -> Any:
    path.write_text(text, encoding="utf-8")
    return pingyi.load(example).workspace


@pytest.mark.parametrize("value", [("x", 1), ((), (), (), (), (), ()), ((2024, 12, 10, True, True), "grid")])
def test_a_damaged_index_entry_is_built_again(example, value):
    """An entry signed with the right key and the right inputs' digest, of a shape pingyi
    never writes: not used, and the points computed from the documents."""
    fresh = _reports(pingyi.load(example).workspace)
    pingyi.load(example, cache=True)
    key = cache_module._key()
    assert key is not None
    (entry,) = (example / CACHE_DIR / incremental.POINTS).iterdir()
    body = cache_module._tag(pingyi.__version__) + b"D" + pingyi.io.plain.dumps(value)
    entry.write_bytes(hmac.new(key, body, hashlib.sha256).digest() + body)
    assert _reports(pingyi.load(example, cache=True).workspace) == fresh


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the kept points indexes read from the cache."""
    keys: list[str] = []
    original = incremental._index_kept

    def spy(ws: Any, key: str) -> Any:
        keys.append(key)
        return original(ws, key)

    monkeypatch.setattr(incremental, "_index_kept", spy)
    return keys


def test_a_warm_score_reads_neither_the_index_nor_a_scores_document(example, read):
    """The load leaves the kept index in the cache; the score columns and the year-end
    warnings kept under the digest of what the index and the tree are made from are found
    without it."""
    fresh = _reports(pingyi.load(example).workspace)
    pingyi.load(example, cache=True)
    score_json(compute_score(pingyi.load(example, cache=True).workspace))  # keeps the columns and warnings
    read.clear()
    warm = pingyi.load(example, cache=True).workspace
    report = score_json(compute_score(warm))
    assert read == []  # neither to load nor to score
    assert all(type(d._model).__name__ == "Deferred" for d in warm.scores)
    assert report == fresh[0]
    assert _reports(warm) == fresh  # the cards read it, when asked for
    assert len(read) == 1


def test_the_first_load_keeps_what_the_next_command_line_reads(example, read):
    """A load that builds the index keeps it, and the score columns and year-end warnings
    it computes are kept under the same digest: the next command line, whatever its
    format, reads neither the index nor a scores document."""
    fresh = _reports(pingyi.load(example).workspace)
    score_json(compute_score(pingyi.load(example, cache=True).workspace))  # a first, cold run
    read.clear()
    warm = pingyi.load(example, cache=True).workspace
    assert score_json(compute_score(warm)) == fresh[0]
    assert read == []


def test_an_index_entry_of_another_pingyi_is_built_and_kept_again(example, monkeypatch):
    """An entry with another pingyi's tag is not served (the index is built by the load's
    checks and kept in its place); one that looks like this pingyi's but fails its
    signature is built when first read, and kept in its place too."""
    fresh = _reports(pingyi.load(example).workspace)
    pingyi.load(example, cache=True)
    (entry,) = (example / CACHE_DIR / incremental.POINTS).iterdir()
    good = entry.read_bytes()
    tag = cache_module._tag(pingyi.__version__)
    entry.write_bytes(good[:32] + tag.replace(b"pingyi-cache", b"pingyi-cachf") + good[32 + len(tag) :])
    assert not cache_module.kept_here(example, f"{incremental.POINTS}/{entry.name}", pingyi.__version__)
    assert _reports(pingyi.load(example, cache=True).workspace) == fresh
    assert entry.read_bytes() == good  # built and kept again
    entry.write_bytes(bytes(32) + good[32:])  # this pingyi's tag, a signature that fails
    assert _reports(pingyi.load(example, cache=True).workspace) == fresh
    assert entry.read_bytes() == good


def test_an_edit_undone_serves_the_index_kept_before(example, monkeypatch):
    """Each state of the files keeps its own index (the newest few): after an edit is
    undone, the index of the files as they were is served again."""
    pingyi.load(example, cache=True)
    path = next(p for p in sorted(example.rglob("*.yaml")) if "kind: scores" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    at = text.index("[") + 1
    _write(path, text[:at] + ("8" if text[at] == "9" else "9") + text[at + 1 :], 5)
    pingyi.load(example, cache=True)  # a second index, of the edited files (the first, patched)
    _write(path, text, 10)  # undone
    assert len(list((example / CACHE_DIR / incremental.POINTS).iterdir())) == 1
    assert len(list((example / CACHE_DIR / incremental.PATCHED).iterdir())) == 1
    fresh = _reports(pingyi.load(example).workspace)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the index was built, not served")

    monkeypatch.setattr("pingyi.compute.score.report.build_index", refuse)
    assert _reports(pingyi.load(example, cache=True).workspace) == fresh


# --------------------------------------------------------------------------- the org tree

DUPLICATES = """\
kind: org
orgs:
  - id: zb1
    name: 又一个第一党支部
    type: branch
    parent: dw
    members:
      - {id: m102, name: 赵党员（又写一次）, note: 转入}
      - {id: m901, name: 新党员, status: probationary, note: 预备期至2025年}
  - id: zb9
    name: 第九党支部
    type: branch
    parent: zb9
    members: []
"""


def test_the_tree_read_back_is_the_tree_built(tmp_path):
    """Orgs and members, first definitions kept, notes, statuses and places, an org
    defined twice and one that is its own parent: as :func:`build` made them."""
    from pingyi.workspace import tree_from_plain, tree_to_plain
    from wsfactory import ORGS, make_ws

    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "zz/dup.yaml": DUPLICATES})
    ws = pingyi.load(root).workspace
    assert ws.members["m102"].name == "赵党员" and ws.members["m901"].note  # the first definition kept; a note
    orgs, members = tree_from_plain(pingyi.io.plain.loads(pingyi.io.plain.dumps(tree_to_plain(ws))))
    assert (orgs, members) == (ws.orgs, ws.members)
    assert list(orgs) == list(ws.orgs) and list(members) == list(ws.members)  # the same order
    served = pingyi.workspace.build(root, ws.config, ws.rules, ws.rules_loc, ws.documents, (orgs, members))
    assert (served.children, served.roots) == (ws.children, ws.roots)


def test_a_warm_load_reads_no_org_document(example):
    from pingyi.model import OrgDoc
    from pingyi.model.deferred import Deferred

    fresh = pingyi.load(example).workspace
    pingyi.load(example, cache=True)
    warm = pingyi.load(example, cache=True).workspace
    assert (warm.orgs, warm.members, warm.children, warm.roots) == (fresh.orgs, fresh.members, fresh.children, fresh.roots)
    org_docs = [d for d in warm.documents if d.model_type is OrgDoc]
    assert org_docs and all(type(d._model) is Deferred for d in org_docs)
    assert _reports(warm) == _reports(fresh)


def test_an_edited_org_file_builds_the_tree_again(example):
    pingyi.load(example, cache=True)
    path = example / "orgs" / "committee.yaml"
    text = path.read_text(encoding="utf-8")
    assert "name: 江城市教育局党委\n" in text
    _write(path, text.replace("name: 江城市教育局党委\n", "name: 江城市教育局党委改\n"), 5)
    warm = pingyi.load(example, cache=True).workspace
    fresh = pingyi.load(example).workspace
    assert (warm.orgs, warm.members) == (fresh.orgs, fresh.members)
    assert warm.orgs["jyj"].name == "江城市教育局党委改"


def test_a_damaged_tree_entry_is_built_again(example):
    fresh = pingyi.load(example).workspace
    pingyi.load(example, cache=True)
    key = cache_module._key()
    assert key is not None
    (entry,) = (example / CACHE_DIR / incremental.TREE).iterdir()
    body = cache_module._tag(pingyi.__version__) + b"D" + pingyi.io.plain.dumps(([("zb1",)], b"", "", "", "", "", 0, {}, b"", []))
    entry.write_bytes(hmac.new(key, body, hashlib.sha256).digest() + body)
    warm = pingyi.load(example, cache=True).workspace
    assert (warm.orgs, warm.members) == (fresh.orgs, fresh.members)


def test_columns_read_back_what_was_written_and_refuse_anything_else():
    from pingyi.columns import join_texts, pack_longs, split_texts, unpack_longs

    for texts in ([], [""], ["m101", "王支书", ""], ["a"] * 3):
        assert split_texts(join_texts(texts)) == texts
    assert list(unpack_longs(pack_longs([0, -1, 2**63 - 1]))) == [0, -1, 2**63 - 1]
    for damaged in (("a\0b", 1), ("ab", 2), (b"ab", 1), ("ab", "1"), ("ab",)):
        with pytest.raises(ValueError):
            split_texts(damaged)
    for damaged in (b"1234567", "12345678", [1]):
        with pytest.raises(ValueError):
            unpack_longs(damaged)
    with pytest.raises(OverflowError):
        pack_longs([2**63])


def test_lines_the_columns_cannot_hold_are_kept_as_rows(example):
    """A note holding the columns' separator, a rating at a place no ratings document
    gives: the index is kept all the same, those parts as rows, and reads back the same."""
    from dataclasses import replace

    from pingyi.diagnostics import Loc

    ws = pingyi.load(example).workspace
    period = resolve_period(ws)
    built = index_module.build_index(ws, period.year, period.through)
    member, lines = next(iter(built.adjustments.items()))
    built.adjustments[member] = [replace(lines[0], note="一\0二"), *lines[1:]]
    rated, rating = next(iter(built.ratings.items()))
    built.ratings[rated] = replace(rating, loc=Loc(rating.loc.file, rating.loc.doc, ("other",)))
    plain = index_to_plain(built)
    assert type(plain[3]) is list and type(plain[4]) is list  # as rows
    docs = {(d.loc.file, d.loc.doc): d for d in ws.scores}
    back = index_from_plain(pingyi.io.plain.loads(pingyi.io.plain.dumps(plain)), docs)
    assert _view(back) == _view(built)
    plain = index_to_plain(index_module.build_index(ws, period.year, period.through))
    assert type(plain[3]) is tuple and type(plain[4]) is tuple  # as columns
