"""What keeps a cold county run small gives the results it gave before: the checks read
the rounds, the commitments and the surveys without keeping them (a document decodes again
identically when asked for), the JSON reaches its stream a piece at a time, and the parse
work is shared between pingyi and one fewer worker process."""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pingyi
from pingyi import loader
from pingyi.diagnostics import Loc
from pingyi.io import plain
from pingyi.io.workers import parallel_map
from pingyi.model import CommitmentsDoc, RoundDoc
from pingyi.model.deferred import Deferred
from pingyi.render.output import to_json, write_json
from pingyi.workspace import Doc
from test_score_bulk import json_values
from wsfactory import ROUND_R1, make_ws

COMMITMENTS = """\
kind: commitments
year: 2024
items:
  - {id: c1, owner: m101, text: 办好一件实事, type: basic, made: 2024-03-01, due: 2024-02-01}
"""
SCORES = "kind: scores\norg: zb1\nmonth: 2024-{month:02}\nscores:\n  m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]\n"


def _county_like(tmp_path):
    """Enough files for the parse workers: rounds (one naming a reviewer nobody knows),
    commitments (one due before it was made), and the scores of every month."""
    files: dict[str, str] = {}
    for i in range(loader.PARALLEL_MIN_FILES):
        files[f"rounds/r{i:02}.yaml"] = ROUND_R1.replace("id: r1", f"id: r{i}")
    files["rounds/r99.yaml"] = ROUND_R1.replace("id: r1", "id: r99").replace("reviewer: m001", "reviewer: m999")
    files["commitments.yaml"] = COMMITMENTS
    for month in range(1, 13):
        files[f"scores/{month:02}.yaml"] = SCORES.format(month=month)
    return make_ws(tmp_path, files)


def test_the_checks_leave_rounds_and_commitments_encoded_and_they_decode_again_identically(tmp_path, monkeypatch):
    """A cold load parsed by the workers: after the checks the rounds and the commitments
    are still encoded (nothing of their models kept), the scores decoded (the year's
    points read them); asked for, each decodes to what a parse here gives. The checks
    found what they find when every model is kept."""
    root = _county_like(tmp_path)
    cold = pingyi.load(root)
    ws = cold.workspace
    assert len(ws.rounds) == loader.PARALLEL_MIN_FILES + 1 and ws.commitments and ws.scores
    for doc in [*ws.rounds, *ws.commitments]:
        assert type(doc._model) is Deferred
        assert doc._model.data is not None
    assert all(type(doc._model) is not Deferred for doc in ws.scores)
    codes = sorted(d.code for d in cold.diagnostics)
    assert "unknown-reviewer" in codes and "due-before-made" in codes

    for doc in ws.documents:
        path = root / doc.loc.file
        alone = dict(loader.read_file(doc.loc.file, path.read_bytes()).documents)
        assert doc.model == alone[doc.loc.doc]

    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 10**6)  # parsed here: every model kept
    here = pingyi.load(root)
    assert all(type(doc._model) is not Deferred for doc in here.workspace.documents)
    assert [d.format("en") for d in here.diagnostics] == [d.format("en") for d in cold.diagnostics]


def test_peek_decodes_without_keeping_and_gives_a_kept_model_as_it_is():
    raw = loader.read_file("r.yaml", ROUND_R1.encode()).documents[0][1]
    encoded = plain.dumps(loader.read_file("r.yaml", ROUND_R1.encode()))
    deferred = dict(plain.loads(encoded).documents)[0]
    doc = Doc(Loc("r.yaml", 0), deferred)
    first, second = doc.peek(), doc.peek()
    assert isinstance(first, RoundDoc) and first == second == raw
    assert first is not second  # decoded afresh each time: not kept
    assert doc._model is deferred and deferred.data is not None
    kept = doc.model
    assert kept == raw and doc.peek() is kept and doc.model is kept
    assert Doc(Loc("r.yaml", 0), raw).peek() is raw  # a model parsed here is given as it is


def test_a_peeked_document_is_still_written_to_the_cache_from_its_bytes(tmp_path):
    """A document the checks only peeked at keeps its bytes, which the cache rewrites as
    they are; a warm load serves the same documents and diagnostics."""
    root = _county_like(tmp_path)
    first = pingyi.load(root, cache=True)
    warm = pingyi.load(root, cache=True)
    assert [d.format("en") for d in warm.diagnostics] == [d.format("en") for d in first.diagnostics]
    assert [d.model for d in warm.workspace.commitments] == [d.model for d in first.workspace.commitments]
    assert isinstance(warm.workspace.commitments[0].model, CommitmentsDoc)


# --------------------------------------------------------------------------- JSON


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, depth=st.integers(min_value=0, max_value=4), chunk=st.integers(min_value=1, max_value=64))
def test_write_json_writes_what_to_json_gives(value, depth, chunk):
    out = io.StringIO()
    write_json(value, out, depth=depth, chunk=chunk)
    assert out.getvalue() == to_json(value)


def _lazy(value, depth):
    """Every list in ``value`` less than ``depth`` levels down as an iterator over it (a
    report's members made as written)."""
    if depth <= 0:
        return value
    if type(value) is list:
        return iter([_lazy(v, depth - 1) for v in value])
    if type(value) is dict:
        return {k: _lazy(v, depth - 1) for k, v in value.items()}
    return value


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, depth=st.integers(min_value=0, max_value=4))
def test_write_json_writes_an_iterator_as_the_list_it_yields(value, depth):
    out = io.StringIO()
    write_json(_lazy(value, depth), out, depth=depth, chunk=16)
    assert out.getvalue() == to_json(value)


def test_the_score_report_streamed_is_the_score_report(tmp_path):
    """``score --format json`` makes its members as it writes them: the same text, the
    disputed members marked."""
    from helpers_score import every_month, loaded, points_ws, row
    from pingyi.compute.score import compute_score
    from pingyi.render.score import ScoreOutput

    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2", ("m3", "exempt")]},
        scores=every_month("zb1", {"m1": row("9.5"), "m2": row(8)}),
    )
    output = ScoreOutput(compute_score(loaded(root)), disputed=frozenset({"m2"}))
    data = output.to_json()
    assert [m["disputed"] for m in data["members"]] == [m["id"] == "m2" for m in data["members"]]
    out = io.StringIO()
    write_json(output.to_json_stream(), out)
    assert out.getvalue() == to_json(data)


class _Recording(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[int] = []

    def write(self, text: str) -> int:
        self.writes.append(len(text))
        return super().write(text)


class _Big:
    """A report whose JSON is large: many members."""

    title = "big"

    def to_json(self) -> dict:
        return {"year": 2024, "members": [{"id": f"m{i}", "name": "党员", "items": [9, 8.5, None]} for i in range(5000)]}


def test_a_json_report_reaches_stdout_a_piece_at_a_time(monkeypatch):
    from pingyi.cli.common import ReportFormat, emit
    from pingyi.render import output

    out = _Recording()
    monkeypatch.setattr("sys.stdout", out)
    emit(_Big(), ReportFormat.json)
    text = out.getvalue()
    assert text == to_json(_Big().to_json())
    json.loads(text)
    assert len(out.writes) > 4 and max(out.writes) < output.WRITE_CHUNK + 200 < len(text) / 4


# --------------------------------------------------------------------------- parse work


def _pid_of(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def _fails_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


@pytest.mark.parametrize("sizes", [None, "sized"])
def test_the_calling_process_takes_a_share_of_the_work_and_one_fewer_process_starts(sizes):
    items = list(range(60))
    got = parallel_map(_pid_of, items, 2, sizes=[1 + x % 5 for x in items] if sizes else None)
    assert [r for r, _ in got] == [x * x for x in items]  # in order
    pids = {pid for _, pid in got}
    assert os.getpid() in pids and len(pids) == 2  # this process and one worker


def test_an_item_that_fails_fails_the_whole_map():
    with pytest.raises(ValueError, match="seven"):
        parallel_map(_fails_on_seven, list(range(40)), 2, sizes=[1] * 40)
