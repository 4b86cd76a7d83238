"""The workbook's ledgers made part by part (:func:`pingyi.compute.ledgers.ledgers_by_sheet`),
as ``pingyi export xlsx`` writes them: the same rows as :func:`compute_ledgers`, each part
made when its sheet is reached and let go once its sheets are written, and the documents
decoded for them not kept in the workspace."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import time

import pytest

import pingyi
from pingyi.compute.ledgers import compute_ledgers, ledgers_by_sheet
from pingyi.ledgers import Ledgers, LedgersBySheet
from pingyi.render import xlsx
from pingyi.selection import SelectionError
from pingyi.workbook import export_workbook, write_workbook
from wsfactory import EXAMPLE

DAY = dt.date(2025, 1, 15)


@pytest.fixture(scope="module")
def example_ws():
    return pingyi.load(EXAMPLE).workspace


@pytest.mark.parametrize(
    "options",
    [{}, {"org": "yz1"}, {"rounds": ["2024-H1"]}, {"year": 2023}],
    ids=["whole", "org", "round", "year"],
)
def test_the_parts_are_the_rows_of_compute_ledgers(example_ws, options):
    """Every field of the ledgers, read from the parts, equals the one compute_ledgers gives."""
    whole = compute_ledgers(example_ws, as_of=DAY, **options)
    parts = ledgers_by_sheet(example_ws, as_of=DAY, **options)
    for field in dataclasses.fields(Ledgers):
        assert getattr(parts, field.name) == getattr(whole, field.name), field.name


def test_the_workbook_of_the_parts_is_the_same_file(example_ws):
    out = io.BytesIO()
    write_workbook(ledgers_by_sheet(example_ws, as_of=DAY), out, lang="zh")
    assert out.getvalue() == export_workbook(example_ws, as_of=DAY)


def test_an_unknown_round_is_found_before_anything_is_made(example_ws):
    with pytest.raises(SelectionError):
        ledgers_by_sheet(example_ws, as_of=DAY, rounds=["no-such-round"])


def test_each_part_is_made_when_its_sheet_comes_and_let_go_after(example_ws, monkeypatch):
    """When a sheet is begun, the parts of the sheets written before it are gone and the
    parts of the sheets to come are not made yet: the rows of one ledger at a time."""
    seen: dict[str, dict[str, bool]] = {}
    fields = ("reviews", "missing", "rectify", "commitments", "fulfilment", "points", "cards", "surveys", "honours")

    def spy(module, name):
        original = getattr(module, name)

        def wrapper(wb, data, *args, **kwargs):
            seen[name] = {f: data.made(f) for f in fields}
            return original(wb, data, *args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for name in ("add_reviews", "add_commitments", "add_surveys"):
        spy(xlsx.ledgers, name)
    for name in ("add_score_summary", "add_quarter_stars", "add_charts"):
        spy(xlsx.points, name)
    data = ledgers_by_sheet(example_ws, as_of=DAY)
    assert not any(data.made(f) for f in fields)  # nothing made before the writer asks
    write_workbook(data, io.BytesIO(), lang="zh")
    held = {name: {f for f, made in fields_made.items() if made} for name, fields_made in seen.items()}
    # the own part at most (made before the sheet when the sheet's note reads it)
    assert held == {
        "add_reviews": {"reviews", "missing", "rectify"},
        "add_commitments": set(),
        "add_score_summary": {"points", "cards"},
        "add_surveys": set(),
        "add_quarter_stars": {"honours"},
        "add_charts": set(),
    }
    assert not any(data.made(f) for f in (*fields, "coverage", "appraisal"))


def test_a_part_let_go_is_not_made_again():
    made: list[str] = []

    def part() -> dict[str, object]:
        made.append("rows")
        return {"rows": (1, 2), "count": 2}

    data = LedgersBySheet({"year": 2024}, [(("rows", "count"), part)], size=4)
    assert data.year == 2024 and data.size == 4 and not data.made("rows")
    assert data.rows == (1, 2) and data.count == 2 and made == ["rows"]
    data.let_go("rows")
    assert not data.made("rows") and data.made("count")
    with pytest.raises(LookupError):
        data.rows  # noqa: B018 - reading it is the test
    with pytest.raises(AttributeError):
        data.nothing_of_the_kind  # noqa: B018


def test_the_export_keeps_no_round_commitment_or_survey_decoded(tmp_path, private_cache):
    """From the cache, the rounds, commitments and surveys come encoded; the export
    decodes them for its own sheets and leaves none of them decoded in the workspace."""
    from pingyi.model.deferred import Deferred

    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pingyi-cache"))
    past = time.time() - 10
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    pingyi.load(root, cache=True)
    ws = pingyi.load(root, cache=True).workspace
    kinds = (ws.rounds, ws.commitments, ws.surveys)
    assert all(docs for docs in kinds)
    assert all(type(d._model) is Deferred for docs in kinds for d in docs)
    write_workbook(ledgers_by_sheet(ws, as_of=DAY), io.BytesIO(), lang="zh")
    assert all(type(d._model) is Deferred for docs in kinds for d in docs)


def test_the_size_foreseen_fills_the_progress_bar(example_ws):
    """The progress units add up to at least the size foreseen before any row is made:
    the bar ends full."""
    data = ledgers_by_sheet(example_ws, as_of=DAY)
    size = data.size
    steps: list[int] = []
    write_workbook(data, io.BytesIO(), lang="zh", progress=lambda _text, n: steps.append(n))
    assert sum(steps) >= size > 0


def test_the_members_scores_are_forgotten_after_the_stars_the_index_kept():
    """Once the stars are made, the workspace forgets its members' scores (a county's take
    20 MB) but keeps the index of points they come from; asked for again, the scores are
    the same."""
    from pingyi.compute.score import compute_score
    from pingyi.render.score import score_json

    ws = pingyi.load(EXAMPLE).workspace
    before = score_json(compute_score(ws))
    scorings = dict(ws.scorings)
    assert scorings
    write_workbook(ledgers_by_sheet(ws, as_of=DAY), io.BytesIO(), lang="zh")
    assert ws.scorings.keys() == scorings.keys()
    for key, kept in ws.scorings.items():
        assert kept is not scorings[key] and kept.index is scorings[key].index
    assert score_json(compute_score(ws)) == before


def test_the_quarter_blocks_are_made_as_they_are_read(example_ws, monkeypatch):
    """The 季度之星 blocks of the parts are computed org by org while the sheet is laid
    out, not before: none when the stars' part is made, all of them once it is written."""
    from pingyi.compute import honours

    computed: list[tuple[int, str]] = []
    original = honours.compute_quarter

    def spy(ws, year, quarter, org, **kwargs):
        computed.append((quarter, org))
        return original(ws, year, quarter, org, **kwargs)

    monkeypatch.setattr(honours, "compute_quarter", spy)
    data = ledgers_by_sheet(example_ws, as_of=DAY)
    assert data.honours is not None and computed == []
    quarters = list(data.honours.quarters)
    assert quarters == list(compute_ledgers(example_ws, as_of=DAY).honours.quarters)
    assert computed
