"""Speed changes nothing users see: the same diagnostics at the same file:line:column and
the same reports, whether files are parsed afresh or taken from the cache, one by one or in
parallel, by the fast path for scores or by the full YAML reader."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pingyi
from pingyi import loader
from pingyi.cli import app

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "jiangcheng"


def _generator():
    spec = importlib.util.spec_from_file_location("pingyi_bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


#: Every test with a cache key of its own and the cache on (conftest's ``private_cache``).
pytestmark = pytest.mark.usefixtures("private_cache")


def _diagnostics(result: pingyi.LoadResult) -> list[tuple]:
    return [(d.file, d.line, d.column, d.code, str(d.severity), d.message) for d in result.diagnostics]


def _age(root: Path) -> None:
    past = time.time() - 60
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("county") / "ws"
    _generator().generate(out, scale=0.02, plant_errors=12, seed=7)
    return out


def test_planted_errors_are_reported_exactly_where_they_were_planted(planted):
    expected = {(p["file"], p["line"], p["column"], p["code"]) for p in json.loads((planted / "planted.json").read_text())}
    result = pingyi.load(planted)
    got = {(d.file, d.line, d.column, d.code) for d in result.errors}
    assert expected <= got, sorted(expected - got)


def test_cold_warm_serial_and_parallel_runs_agree_on_a_generated_county(planted, tmp_path, monkeypatch):
    work = tmp_path / "ws"
    shutil.copytree(planted, work)
    _age(work)
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 10**9)
    serial = _diagnostics(pingyi.load(work))
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 1)
    parallel = _diagnostics(pingyi.load(work, cache=True))  # fills the cache
    warm = _diagnostics(pingyi.load(work, cache=True))  # from the cache
    assert serial == parallel == warm
    assert any(d[4] == "error" for d in serial)


def test_fast_path_and_full_reader_agree_on_a_generated_county(planted, monkeypatch):
    fast = _diagnostics(pingyi.load(planted))
    from pingyi.io.yaml import parse_text

    def yaml_only(text):
        docs = parse_text(text)
        return docs, [False] * len(docs)

    from pingyi.io import fast as fast_reader

    monkeypatch.setattr(fast_reader, "read_documents", yaml_only)
    monkeypatch.setattr(fast_reader, "fast_model", lambda raw: None)
    slow = _diagnostics(pingyi.load(planted))
    assert fast == slow


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "json"],
        ["score", "--format", "json"],
        ["coverage", "--format", "json"],
        ["rectify", "--format", "json", "--as-of", "2026-11-24"],
        ["commitments", "--format", "json", "--as-of", "2026-11-24"],
        ["survey", "--format", "json"],
        ["honours", "--format", "json"],
    ],
)
def test_example_reports_are_the_same_cold_and_warm(args, tmp_path):
    work = tmp_path / "jiangcheng"
    shutil.copytree(EXAMPLE, work, ignore=shutil.ignore_patterns(".pingyi-cache"))
    _age(work)
    runner = CliRunner()
    cold = runner.invoke(app, ["--no-cache", *args, "-w", str(work)])
    first = runner.invoke(app, [*args, "-w", str(work)])
    warm = runner.invoke(app, [*args, "-w", str(work)])
    assert cold.exit_code == first.exit_code == warm.exit_code == 0, cold.output
    assert cold.stdout == first.stdout == warm.stdout
    assert list((work / ".pingyi-cache").glob("files-*.data"))


def test_a_few_members_scored_alone_equal_the_whole_computation():
    from pingyi.compute.score import compute_score, member_scores

    ws = pingyi.load(EXAMPLE).workspace
    alone = member_scores(ws, 2024, list(ws.members))
    # computed without the whole-workspace pass
    assert not any("scores" in vars(s) for s in ws.scorings.values())
    whole = {s.id: s for s in compute_score(ws, year=2024).members}
    for member_id, s in alone.items():
        assert (s.total, s.stars, s.grade, s.base, s.democratic) == (
            whole[member_id].total,
            whole[member_id].stars,
            whole[member_id].grade,
            whole[member_id].base,
            whole[member_id].democratic,
        )


def test_both_benchmark_layouts_hold_the_same_workspace(tmp_path):
    """The one-folder layout (a block-style multi-document file per branch and year) gives
    the same scores as the project layout, and the fast reader reads all of its scores
    and evaluations."""
    from pingyi.io.fast import fast_model, read_documents

    generator = _generator()
    project, onefolder = tmp_path / "project", tmp_path / "onefolder"
    generator.generate(project, scale=0.01, seed=3)
    generator.generate(onefolder, scale=0.01, seed=3, layout="onefolder")
    branch_files = sorted((onefolder / "branches").glob("*.yaml"))
    assert branch_files and not (onefolder / "t01" / "b001").exists()
    bulk = 0
    for path in branch_files:
        text = path.read_text(encoding="utf-8")
        assert "\n    - " in text and "month: '" in text  # block style, quoted months
        docs, fast = read_documents(text)
        for doc, read_fast in zip(docs, fast, strict=True):
            if doc["kind"] in ("scores", "evaluation"):
                assert read_fast and fast_model(doc) is not None, (path.name, doc["kind"])
                bulk += 1
    assert bulk == 13 * len(branch_files)
    runner = CliRunner()
    outputs = []
    for root in (project, onefolder):
        result = runner.invoke(app, ["--no-cache", "score", "-w", str(root), "--format", "json"])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]["members"]) > 100


def test_parse_work_goes_out_largest_first_in_batches_that_shrink_with_the_work_left():
    """The workers' batches take the largest items first, each a share of the work left;
    this process takes the smallest; every item is given out once."""
    from pingyi.io.workers import LEAST, SHARE, Plan

    sizes = [random.Random(i).randint(1, 1000) for i in range(400)]
    plan = Plan(sizes, 2)
    given: list[int] = []
    batches: list[list[int]] = []
    mine: list[int] = []
    while plan:
        left = plan.left
        batch = plan.batch()
        assert sum(sizes[i] for i in batch[:-1]) < max(sum(sizes) // (2 * LEAST), left // (2 * SHARE))
        batches.append(batch)
        given += batch
        for _ in range(3):
            if plan:
                mine.append(plan.item())
    given += mine
    assert sorted(given) == list(range(len(sizes)))  # each item once
    workers_took = [sizes[i] for b in batches for i in b]
    assert workers_took == sorted(workers_took, reverse=True)  # the largest first
    assert [sizes[i] for i in mine] == sorted(sizes[i] for i in mine)  # the smallest first
    assert min(workers_took) >= max(sizes[i] for i in mine)
    works = [sum(sizes[i] for i in b) for b in batches]
    assert works[0] > 4 * works[-1]  # shrinking as the work runs out
