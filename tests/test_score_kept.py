"""Every member's computed points kept as columns in the cache (``scores/``,
:mod:`pingyi.compute.score.kept`): served, they give every report, every member's every
field and every points card exactly what computing them gives; they are served without
computing; an edit of what they are computed from computes them again; an entry that is
not what pingyi writes is never trusted."""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import pingyi
from pingyi.cli import app
from pingyi.compute.explain import compute_explain
from pingyi.compute.score import MemberScore, compute_score
from pingyi.compute.score import kept as kept_module
from pingyi.compute.score.report import Reported, Scoring
from pingyi.io import cache as cache_module
from pingyi.io.cache import CACHE_DIR
from pingyi.render.explain import explain_json
from pingyi.render.output import to_csv
from pingyi.render.score import score_csv, score_json, score_rows
from wsfactory import EXAMPLE

pytestmark = pytest.mark.usefixtures("private_cache")


def _aged_copy(source: Path, root: Path) -> Path:
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    past = time.time() - 10  # older than the cache: a pause between edits
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return _aged_copy(EXAMPLE, tmp_path / "jiangcheng")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated county (ballots and tally sheets, ratings, adjustments, missing
    months, exempt and probationary members)."""
    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parent.parent / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("county") / "ws"
    module.generate(out, scale=0.02, seed=5)
    return out


def _fields(s: MemberScore) -> tuple[Any, ...]:
    """Every field of a member's score, the ones made when asked for included."""
    inputs = s.inputs
    return (
        s.id,
        s.name,
        s.org,
        s.status,
        s.rounded,
        s.band,
        s.computed_stars,
        s.stars,
        s.grade,
        s.rating,
        s.rank,
        s.ranked,
        s.loc,
        s.scored_months,
        s.months,
        s.expected_months,
        s.missing_months,
        # the arithmetic by its settings, the integers as tuples (read back, they are arrays)
        None if inputs is None else (inputs[0].weights, inputs[0].decimals, inputs[0].rounding, *map(_plain, inputs[1:])),
        s.points,
        s.democratic_source,
        s.adjustments,
        s.items,
        s.total,
        s.month_scores,
    )


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, Sequence) else value


def _everything(ws: pingyi.Workspace) -> tuple[Any, ...]:
    report = compute_score(ws)
    return (
        [_fields(s) for s in report.members],
        score_json(report),
        score_csv(report),
        report.stars,
        report.grades,
        report.unrated,
        [d.format("en") for d in report.warnings],
    )


def _cards(ws: pingyi.Workspace) -> list[Any]:
    return [explain_json(compute_explain(ws, m), "en") for m in sorted(ws.members)]


def _served(root: Path) -> pingyi.Workspace:
    """A load that serves the kept columns (the cache warmed first)."""
    pingyi.load(root, cache=True)  # the index built and kept
    compute_score(pingyi.load(root, cache=True).workspace)  # the index served, the columns kept
    return pingyi.load(root, cache=True).workspace


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the computations of every member's columns."""
    calls: list[int] = []
    computed = Scoring._computed

    def counted(self: Scoring, members: Any, *args: Any) -> Any:
        if len(members) == len(self.members):
            calls.append(len(members))
        return computed(self, members, *args)

    monkeypatch.setattr(Scoring, "_computed", counted)
    return calls


# ============================================================================ served = computed


@pytest.mark.parametrize("where", ["example", "county"])
def test_served_columns_give_every_field_of_every_member_as_computed(where, example, county, tmp_path, monkeypatch):
    root = example if where == "example" else _aged_copy(county, tmp_path / "county")
    fresh = pingyi.load(root).workspace
    expected = _everything(fresh)
    warm = _served(root)
    calls = _spy(monkeypatch)
    got = _everything(warm)
    assert calls == []  # served, not computed
    assert isinstance(compute_score(warm).members, Reported)
    assert got == expected
    assert len(list((root / CACHE_DIR / kept_module.FOLDER).iterdir())) == 1


def test_served_columns_give_every_points_card_as_computed(example):
    fresh = pingyi.load(example).workspace
    expected = _cards(fresh)
    warm = _served(example)
    compute_score(warm)  # the columns served first: the cards made from them
    assert _cards(warm) == expected


def test_the_command_line_gives_the_same_bytes_served_and_without_the_cache(example):
    runner = CliRunner()
    for args in (["score", "--format", "csv"], ["score", "--format", "json"], ["score", "--org", "jg"], ["explain", "m101"]):
        cold = runner.invoke(app, ["--no-cache", *args, "-w", str(example)])
        runner.invoke(app, [*args, "-w", str(example)])
        runner.invoke(app, [*args, "-w", str(example)])
        warm = runner.invoke(app, ["--lang", "zh", *args, "-w", str(example)])  # a new command line
        assert cold.exit_code == warm.exit_code == 0, cold.output
        assert cold.stdout == warm.stdout
    assert list((example / CACHE_DIR / kept_module.FOLDER).iterdir())


def test_without_the_cache_nothing_is_kept(example):
    compute_score(pingyi.load(example).workspace)
    compute_score(pingyi.load(example).workspace)
    assert not (example / CACHE_DIR / kept_module.FOLDER).exists()


# ============================================================================ computed again


def _edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def _first_score(root: Path) -> tuple[str, str, str]:
    path = next(p for p in sorted((root / "scores").rglob("*.yaml")) if "kind: scores" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    at = text.index(": [") + 3
    return str(path.relative_to(root)), text[: at + 1], text[:at] + ("8" if text[at] == "9" else "9")


EDITS: dict[str, Callable[[Path], tuple[str, str, str]]] = {
    "scores": _first_score,
    "evaluations": lambda root: ("evaluation/jg1.yaml", "  - m001: [9, 10,", "  - m001: [5, 10,"),
    "adjustments": lambda root: ("points/adjustments.yaml", "type: award, level: national", "type: award, level: county"),
    "ratings": lambda root: ("points/ratings.yaml", "stars: 8, reason: 年老体弱", "stars: 6, reason: 年老体弱"),
    "tree": lambda root: ("orgs/jg1.yaml", "name: 吴静, status: probationary", "name: 吴静, status: exempt"),
    "rules": lambda root: ("rules.yaml", "kind: rules\n", "kind: rules\ndecimals: 1\n"),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_of_what_the_points_are_computed_from_computes_them_again(kind, example, monkeypatch):
    before = _everything(_served(example))
    _edit(example, *EDITS[kind](example))
    expected = _everything(pingyi.load(example).workspace)
    assert expected != before  # the edit changes the results
    calls = _spy(monkeypatch)
    for _ in range(2):  # the load after the edit, and the next (the index served again)
        assert _everything(pingyi.load(example, cache=True).workspace) == expected
    assert calls  # computed again, at least once
    calls.clear()
    assert _everything(pingyi.load(example, cache=True).workspace) == expected
    assert calls == []  # and then served


# ============================================================================ never trusted


def _sign(root: Path, entry: Path, value: Any) -> None:
    key = cache_module._key()
    assert key is not None
    body = cache_module._tag(pingyi.__version__) + b"D" + pingyi.io.plain.dumps(value)
    entry.write_bytes(hmac.new(key, body, hashlib.sha256).digest() + body)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "foreign", "short", "flags", "reasons", "format"],
)
def test_a_damaged_or_foreign_entry_is_computed_again(damage, example, monkeypatch):
    expected = _everything(pingyi.load(example).workspace)
    _served(example)
    (entry,) = (example / CACHE_DIR / kept_module.FOLDER).iterdir()
    kept = cache_module.load_signed(example, f"{kept_module.FOLDER}/{entry.name}", pingyi.__version__)
    form, count, width, scored, rounded, facts, reasons, missing = kept
    if damage == "garbage":
        entry.write_bytes(b"\0" * 64 + entry.read_bytes()[64:])  # the signature no longer holds
    elif damage == "foreign":  # another workspace's columns: other members, other numbers
        more = (rounded + bytes(8 * width), facts + bytes(8 * 7), reasons, missing)
        _sign(example, entry, (form, count + 1, width, scored + b"\1", *more))
    elif damage == "short":
        _sign(example, entry, (form, count, width, scored, rounded[:-8], facts, reasons, missing))
    elif damage == "flags":
        _sign(example, entry, (form, count, width, b"\2" + scored[1:], rounded, facts, reasons, missing))
    elif damage == "reasons":  # a reason for a member past the last
        _sign(example, entry, (form, count, width, scored, rounded, facts, {count: "x"}, missing))
    else:
        _sign(example, entry, ("score-columns-0", count, width, scored, rounded, facts, reasons, missing))
    calls = _spy(monkeypatch)
    assert _everything(pingyi.load(example, cache=True).workspace) == expected
    assert calls  # computed, not served


# ============================================================================ the CSV in bulk


def test_the_csv_in_bulk_is_what_the_csv_writer_writes(tmp_path):
    from wsfactory import make_ws

    names = ["=SUM(A1)", "张,三", '"李四"', "-王五", "赵六"]
    roll = "\n".join(f"      - {{id: m{k}, name: '{n}'}}" for k, n in enumerate(names, start=1)).replace(
        "'\"李四\"'", "'\"李四\"'"
    )
    orgs = f"kind: org\norgs:\n  - id: zb1\n    name: '第一,支部'\n    type: branch\n    members:\n{roll}\n"
    scores = "kind: scores\norg: zb1\nmonth: 2024-01\nscores:\n" + "".join(
        f"  m{k}: [9, 9, 9, 9, 9, 9, 9, 9, 9, {k}]\n" for k in range(1, 5)
    )
    root = make_ws(tmp_path, {"orgs.yaml": orgs, "scores/2024-01.yaml": scores})
    ws = pingyi.load(root).workspace
    report = compute_score(ws)
    assert isinstance(report.members, Reported) and len(report.members) == 5
    text = score_csv(report)
    assert text == to_csv(*score_rows(report))
    assert "'=SUM(A1)" in text and '"张,三"' in text and '"第一,支部"' in text and "'-王五" in text


def test_the_csv_on_stdout_is_written_in_bulk(example, monkeypatch):
    """``score --format csv`` on stdout is the report's own bulk text, the bytes the CSV
    writer makes of its rows; ``-o FILE.csv`` (the people's form) is not."""
    from pingyi.render.score import ScoreOutput

    made: list[str] = []
    original = ScoreOutput.to_csv_text

    def spy(self):
        made.append(original(self))
        return made[-1]

    monkeypatch.setattr(ScoreOutput, "to_csv_text", spy)
    result = CliRunner().invoke(app, ["score", "-w", str(example), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert made and result.stdout == made[-1]
    report = compute_score(pingyi.load(example).workspace)
    assert made[-1] == to_csv(*score_rows(report))


# ============================================================================ the warnings in bulk


def _reference_missing(ws: pingyi.Workspace, idx: Any, period: Any, scored: list[Any]) -> list[Any]:
    """The missing months as they were found before the counts in bulk: org by org,
    member by member."""
    from pingyi.diagnostics import warning

    elapsed = min(period.elapsed, period.through)
    out: list[Any] = []
    by_org: dict[str, list[Any]] = {}
    for m in scored:
        by_org.setdefault(m.org, []).append(m)
    year, grid = period.year, idx.grid
    size, flags, positions = grid.size, grid.scored_flags, grid.positions
    for org_id, members in by_org.items():
        months = [bytes(elapsed) if (p := positions.get(m.id)) is None else flags[p::size][:elapsed] for m in members]
        whole = [k for k in range(1, elapsed + 1) if not any(have[k - 1] for have in months)]
        own = ws.orgs.get(org_id)
        if whole and own is not None:
            key = "missing-months-org-all" if len(whole) == elapsed else "missing-months-org"
            out.append(
                warning(
                    "missing-months",
                    own.loc.at("id"),
                    key=key,
                    org=org_id,
                    name=own.name,
                    year=year,
                    months=[f"{year}-{k:02d}" for k in whole],
                )
            )
        gone = set(whole) if own is not None else set()
        for m, have in zip(members, months):
            missing = [k for k in range(1, elapsed + 1) if not have[k - 1] and k not in gone]
            if missing:
                key = "missing-months-all" if len(missing) == elapsed else "missing-months"
                out.append(
                    warning(
                        "missing-months",
                        m.loc.at("id"),
                        key=key,
                        member=m.id,
                        name=m.name,
                        year=year,
                        months=[f"{year}-{k:02d}" for k in missing],
                    )
                )
    return out


@pytest.mark.parametrize("where", ["example", "county", "gaps"])
def test_the_warnings_found_in_bulk_are_those_found_one_by_one(where, example, county, tmp_path):
    from pingyi.compute.score import warnings as warnings_module
    from pingyi.compute.score.period import resolve_period
    from pingyi.compute.score.report import scoring
    from wsfactory import make_ws

    if where == "gaps":  # an org missing a month as a whole, members missing months of their own
        roll = "\n".join(f"      - {{id: m{k}, name: 党员{k}}}" for k in range(1, 5))
        orgs = f"kind: org\norgs:\n  - id: zb1\n    name: 一支部\n    type: branch\n    members:\n{roll}\n"
        orgs += "  - id: zb2\n    name: 二支部\n    type: branch\n    members:\n      - {id: n1, name: 党员五}\n"
        files = {"orgs.yaml": orgs}
        for month in range(1, 13):
            if month == 3:
                continue
            people = [k for k in range(1, 5) if not (k == 2 and month in (5, 6)) and not (k == 4 and month > 1)]
            rows = "".join(f"  m{k}: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]\n" for k in people)
            files[f"scores/{month:02d}.yaml"] = f"kind: scores\norg: zb1\nmonth: 2024-{month:02d}\nscores:\n{rows}"
        files["scores/n1.yaml"] = "kind: scores\norg: zb2\nmonth: 2024-01\nscores:\n  n1: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]\n"
        root = make_ws(tmp_path, files)
    else:
        root = example if where == "example" else county
    ws = pingyi.load(root).workspace
    period = resolve_period(ws)
    idx = scoring(ws, period).index
    scored = [m for m in scoring(ws, period).members if m.scored]
    found = list(warnings_module._missing_months(ws, idx, period, scored))
    assert found == _reference_missing(ws, idx, period, scored)
    if where == "gaps":
        about = {dict(d.args).get("member") or dict(d.args).get("org") for d in found}
        assert about == {"zb1", "zb2", "m2", "m4"}  # m1 and m3 lack only what their org lacks
    blanks = list(warnings_module._blanks(ws, period.year, None, idx))
    assert blanks == list(warnings_module._blanks(ws, period.year, None))


# ============================================================================ the year to date


@pytest.mark.parametrize("where", ["example", "county"])
def test_the_first_months_of_the_kept_index_give_what_building_them_gives(where, example, county, tmp_path, monkeypatch):
    """A period shorter than the one the load served (``--through``) is scored from the
    first months of the served index, without reading a document: the same as built."""
    root = example if where == "example" else _aged_copy(county, tmp_path / "county")
    fresh = pingyi.load(root).workspace
    year = fresh.year
    months = range(1, 13) if where == "example" else (1, 6, 11)

    def everything(ws: pingyi.Workspace, month: int) -> Any:
        report = compute_score(ws, through=f"{year}-{month:02d}")
        fields = [_fields(s) for s in report.members]
        cards = [explain_json(compute_explain(ws, m, through=f"{year}-{month:02d}"), "en") for m in sorted(ws.members)[:40]]
        return fields, score_json(report), score_csv(report), [d.format("en") for d in report.warnings], cards

    expected = {month: everything(fresh, month) for month in months}
    _served(root)
    warm = pingyi.load(root, cache=True).workspace

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the index was built, not served")

    monkeypatch.setattr("pingyi.compute.score.report.build_index", refuse)
    for month in months:
        assert everything(warm, month) == expected[month], month
