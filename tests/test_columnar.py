"""The bulk numbers in columns (issue 11): monthly scores, ballots and averages kept as
compact integer arrays (:class:`pingyi.model.rows.ScoreRows`), exactly as written; the
score index as a member × month × item grid; the points of a period one immutable
:class:`~pingyi.compute.score.Scoring` kept in the workspace's one declared place."""

from __future__ import annotations

import pickle
from array import array
from decimal import Decimal
from fractions import Fraction

import pytest

import pingyi
from helpers_score import MONTHS, every_month, loaded, oracle, points_ws, row
from pingyi.compute.score import Scoring, compute_score, member_scores
from pingyi.io import plain
from pingyi.model import EvaluationDoc, ScoresDoc
from pingyi.model.rows import ScoreRows, pack

# ============================================================================ the rows


def test_whole_numbers_are_one_byte_each_and_read_back_as_written():
    rows = {"m1": [9, 10, 0, 255], "m2": [1, 2, 3, 4]}
    packed = pack(rows)
    assert isinstance(packed, ScoreRows)
    assert packed.cells.typecode == "B" and packed.scale == 0 and packed.width == 4
    assert dict(packed.items()) == rows and packed == rows
    assert list(packed) == ["m1", "m2"] and len(packed) == 2
    assert "m2" in packed and "m3" not in packed and packed["m1"] == [9, 10, 0, 255]
    with pytest.raises(KeyError):
        packed["m3"]


def test_decimals_of_one_number_of_places_are_scaled_integers_shown_as_written():
    rows = {"m1": [Decimal("9.50"), 10, Decimal("8.25")], "m2": [Decimal("0.05"), 3, 7]}
    packed = pack(rows)
    assert isinstance(packed, ScoreRows) and packed.scale == 2
    assert list(packed.cells) == [950, 1000, 825, 5, 300, 700]
    back = packed["m1"]
    assert back == rows["m1"] and [str(v) for v in back] == ["9.50", "10", "8.25"]
    assert type(back[1]) is int  # a whole number stays an int


@pytest.mark.parametrize(
    "rows",
    [
        {"m1": [1, 2, 3], "m2": [1, 2]},  # rows of different lengths
        {"m1": [Decimal("9.5"), Decimal("9.25")]},  # decimals written with different places
        {"m1": [2**63, 1]},  # past 64 bits
        {"m1": []},
        {},
    ],
)
def test_what_cannot_be_kept_exactly_as_written_stays_as_it_is(rows):
    assert pack(rows) is None


def test_large_and_negative_whole_numbers_take_eight_bytes():
    packed = pack({"m1": [-1, 300, 2**62]})
    assert packed is not None and packed.cells.typecode == "q" and packed["m1"] == [-1, 300, 2**62]


def test_rows_survive_pickle_and_the_cache_encoding_unchanged():
    packed = pack({"m1": [Decimal("9.5"), 10], "m2": [Decimal("8.5"), 7]})
    assert packed is not None
    for back in (pickle.loads(pickle.dumps(packed)), plain.loads(plain.dumps(packed))):
        assert isinstance(back, ScoreRows) and back == packed
        assert (back.scale, back.cells.typecode, back.members) == (1, "q", ("m1", "m2"))
    numbers = array("q", [1, -2, 3])
    assert plain.loads(plain.dumps(numbers)) == numbers


def test_the_cache_decoding_refuses_an_array_of_another_kind():
    data = plain.marshal.dumps(("A", "d", array("d", [1.5]).tobytes()))
    with pytest.raises(plain.Refused):
        plain.loads(data)
    bad_rows = plain.marshal.dumps(("K", ["m1"], "B", b"\x01\x02", 3, 0))  # two cells for a row of three
    with pytest.raises(ValueError):
        plain.loads(bad_rows)
    for crafted in (
        ("K", [1], "B", b"\x01", 1, 0),  # a key that is no text
        ("K", ["m1"], "B", b"\x01", 0, 0),  # rows of no width
        ("K", ["m1"], "B", b"\x01", 1, -1),  # a negative scale
        ("K", ["m1"], "d", b"\x00" * 8, 1, 0),  # floats
    ):
        with pytest.raises(ValueError):
            plain.loads(plain.marshal.dumps(crafted))


# ============================================================================ documents


def test_documents_hold_their_numbers_as_rows_on_the_fast_and_the_full_path(tmp_path):
    flow = "kind: scores\norg: zb1\nmonth: 2024-01\nscores:\n  m1: [9, 10, 8]\n  m2: [7, 8, 9]\n"
    block = "kind: scores\norg: zb1\nmonth: 2024-02\nscores:\n  m1:\n    - 9\n    - 10\n    - 8\n  m2: [7, 8, 9]\n"
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        ballots={"zb1": [{"m1": [9, 9, 9], "m2": [8, 8, 8]}, {"m1": [10, 10, 10]}]},
        extra={"scores/flow.yaml": flow, "scores/block.yaml": block},
        rules="kind: rules\nitems: [{id: a, name: 甲}, {id: b, name: 乙}, {id: c, name: 丙}]\n",
    )
    ws = loaded(root)
    docs = {d.model.month: d.model for d in ws.scores}
    assert all(isinstance(d.scores, ScoreRows) for d in docs.values())
    assert docs["2024-02"].scores == {"m1": [9, 10, 8], "m2": [7, 8, 9]}
    (ev,) = ws.evaluations
    assert all(isinstance(b, ScoreRows) for b in ev.model.ballots)


def test_a_model_built_from_plain_data_has_its_rows_packed():
    doc = ScoresDoc.model_validate({"kind": "scores", "org": "zb1", "month": "2024-01", "scores": {"m1": ["9.5", 10]}})
    assert isinstance(doc.scores, ScoreRows) and doc.scores["m1"] == [Decimal("9.5"), 10]
    ev = EvaluationDoc.model_validate(
        {"kind": "evaluation", "org": "zb1", "year": 2024, "participants": 3, "averages": {"m1": ["9.5"]}}
    )
    assert isinstance(ev.averages, ScoreRows)


def test_models_received_from_the_workers_share_their_set_of_fields():
    a = ScoresDoc.model_validate({"kind": "scores", "org": "zb1", "month": "2024-01", "scores": {"m1": [1]}})
    b = ScoresDoc.model_validate({"kind": "scores", "org": "zb2", "month": "2024-02", "scores": {"m2": [2]}})
    a2, b2 = pickle.loads(pickle.dumps([a, b]))
    assert a2 == a and b2 == b
    assert a2.model_fields_set is b2.model_fields_set == {"kind", "org", "month", "scores"}


# ============================================================================ exact arithmetic over mixed scales


def test_months_with_different_decimal_places_and_uneven_rows_sum_exactly(tmp_path):
    """One month in tenths, one in hundredths, one document whose rows are written with
    different numbers of places (kept as written, not packed) and a short row (padded
    with 0, an error of the checks): the points are the exact arithmetic of FORMAT §6."""
    months = {
        "m1": [[Decimal("9.5")] * 3, [Decimal("9.25")] * 3, [Decimal("8.125"), Decimal("7.5"), 10]],
        "m2": [[10, 10, 10], [9, 9, 9], [9, 9]],
    }
    scores = {}
    for m, rows_ in months.items():
        for k, values in enumerate(rows_):
            scores.setdefault(("zb1", MONTHS[k]), {})[m] = values
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2"]},
        scores=scores,
        averages={"zb1": {"m1": [Decimal("9.5"), Decimal("9.25"), 9], "m2": [8, 8, 8]}},
        rules="kind: rules\nitems: [{id: a, name: 甲}, {id: b, name: 乙}, {id: c, name: 丙}]\n",
    )
    ws = pingyi.load(root).workspace
    report = compute_score(ws)
    expected = oracle(
        months={m: [[v for v in r] + [0] * (3 - len(r)) for r in rows_] for m, rows_ in months.items()},
        ballots=[],
        averages={"m1": [Decimal("9.5"), Decimal("9.25"), 9], "m2": [8, 8, 8]},
        adjustments={"m1": [], "m2": []},
        weights=(Fraction(4, 5), Fraction(1, 5)),
        average_over="twelve",
        policy="highest",
        decimals=2,
        items=3,
    )
    for m in months:
        got = report.get(m)
        assert got is not None
        assert got.total_exact == expected[m]["total"]
        assert Fraction(got.total) == expected[m]["rounded"]["total"]
        assert [Fraction(x) for x in got.items] == expected[m]["rounded"]["items"]
    card = report.get("m1").month_scores  # the card shows the numbers as written
    assert [str(v) for v in card[1].values] == ["9.25"] * 3 and [str(v) for v in card[2].values] == ["8.125", "7.5", "10"]


def test_a_month_scored_twice_counts_the_first_document(tmp_path):
    first = "kind: scores\norg: zb1\nmonth: 2024-01\nscores:\n  m1: [10, 10, 10]\n"
    second = "kind: scores\norg: zb1\nmonth: 2024-01\nscores:\n  m1: [1, 1, 1]\n"
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1"]},
        extra={"scores/a.yaml": first, "scores/b.yaml": second},
        rules="kind: rules\nitems: [{id: a, name: 甲}, {id: b, name: 乙}, {id: c, name: 丙}]\n",
    )
    ws = pingyi.load(root).workspace
    got = compute_score(ws).get("m1")
    assert got is not None and got.sums == (10, 10, 10) and got.months == 1
    assert got.month_scores[0].doc is not None and got.month_scores[0].doc.file == "scores/a.yaml"


# ============================================================================ the points of a period, once


def test_the_points_are_kept_once_in_the_declared_place_and_nowhere_else(tmp_path):
    root = points_ws(tmp_path, branches={"zb1": ["m1", "m2"]}, scores=every_month("zb1", {"m1": row(9), "m2": row(10)}))
    ws = pingyi.load(root).workspace
    first = compute_score(ws)
    again = compute_score(ws, org="zb1")
    assert not hasattr(ws, "memo")  # no stash for results on the workspace
    (scoring,) = ws.scorings.values()
    assert isinstance(scoring, Scoring) and (scoring.period.year, scoring.period.through) == (2024, 12)
    assert first.members[0] is again.members[0] is scoring.scores["m1"]
    with pytest.raises(TypeError):
        scoring.scores["m1"] = first.members[1]  # type: ignore[index]
    assert member_scores(ws, 2024, ["m2"])["m2"] is scoring.scores["m2"]


def test_a_dump_of_the_models_gives_the_rows_as_a_mapping(recwarn):
    doc = ScoresDoc.model_validate({"kind": "scores", "org": "zb1", "month": "2024-01", "scores": {"m1": ["9.5", 10]}})
    assert doc.model_dump()["scores"] == {"m1": ["9.5", "10"]}
    ev = EvaluationDoc.model_validate({"kind": "evaluation", "org": "zb1", "year": 2024, "ballots": [{"m1": [9]}, {"m1": [8]}]})
    assert ev.model_dump()["ballots"] == [{"m1": ["9"]}, {"m1": ["8"]}]
    assert not [w for w in recwarn if "serializ" in str(w.message).lower()]


@pytest.mark.parametrize(
    ("rows", "width", "top", "expected"),
    [
        ({"m1": [0, 10], "m2": [10, 9]}, 2, 10, True),
        ({"m1": [0, 11]}, 2, 10, False),  # past the top
        ({"m1": [-1, 5]}, 2, 10, False),  # below 0
        ({"m1": [1, 2, 3]}, 2, 10, False),  # too many items
        ({"m1": [Decimal("9.5"), Decimal("10.0")]}, 2, 10, True),
        ({"m1": [Decimal("9.5"), Decimal("10.5")]}, 2, 10, False),
    ],
)
def test_rows_tested_whole_on_their_integers_as_the_checks_do(rows, width, top, expected):
    packed = pack(rows)
    assert packed is not None
    assert packed.within(width, top) is expected
    plain_rows = list(rows.values())
    assert expected == (
        {len(r) for r in plain_rows} == {width} and min(map(min, plain_rows)) >= 0 and max(map(max, plain_rows)) <= top
    )
