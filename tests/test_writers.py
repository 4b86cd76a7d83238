"""The fast writers write, byte for byte, what the plain way writes: the CSV of
:func:`~pingyi.render.output.to_csv` as the csv module writes each cell as
:func:`~pingyi.render.output.cell` gives it; the JSON of ``to_json`` and ``write_json``
as ``json.dumps(plain(obj), ensure_ascii=False, indent=2)``; diagnostics as JSON as their
``as_dict``."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi.render import output
from pingyi.render.output import NumberText, Percent, cell, plain, to_csv, to_json, write_json


class Colour(enum.Enum):
    red = "red"


def plain_csv(header: list[str], rows: list[list[Any]]) -> str:
    """The CSV the plain way: every cell through :func:`cell`, then the csv module."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([[cell(v) for v in row] for row in rows])
    return buffer.getvalue()


TEXT = st.text(alphabet=st.sampled_from(list("ab 支部,\"'\n\r\t=+-@—0.5")), max_size=6)
CELLS = st.one_of(
    TEXT,
    TEXT.map(lambda t: "=" + t),
    st.none(),
    st.integers(-1000, 1000),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.decimals(places=2, min_value=-100, max_value=100),
    st.sampled_from([NumberText("8.10"), NumberText("-2.00"), NumberText("0"), Colour.red, dt.date(2024, 6, 30)]),
    st.fractions(min_value=0, max_value=1, max_denominator=7).map(Percent),
    st.just(Percent(None)),
)


def column_kinds(n: int) -> st.SearchStrategy[list[list[Any]]]:
    """Rows of ``n`` columns, each column of one kind of cell (the common shape of a
    report), or of any."""
    kinds = [TEXT, st.none() | st.sampled_from([NumberText("1.00"), NumberText("-3.50")]), st.integers(0, 99), CELLS]
    return st.tuples(*[st.sampled_from(kinds) for _ in range(n)]).flatmap(
        lambda column: st.lists(st.tuples(*column).map(list), max_size=12)
    )


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(st.just([f"h{i}" for i in range(n)]), column_kinds(n))))
def test_csv_in_columns_is_the_csv_of_each_cell(case):
    header, rows = case
    assert to_csv(header, rows) == plain_csv(header, rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=0, max_size=4), max_size=8))
def test_csv_of_rows_of_any_length_and_any_cell(rows):
    assert to_csv(["a", "b"], rows) == plain_csv(["a", "b"], rows)


def test_csv_of_rows_given_as_tuples_or_once_through():
    rows = [("=x", 1, None, NumberText("-1.00")), ("y", 2, "z", NumberText("2.00"))]
    expected = plain_csv(["a", "b", "c", "d"], [list(r) for r in rows])
    assert to_csv(["a", "b", "c", "d"], rows) == expected
    assert to_csv(["a", "b", "c", "d"], iter(rows)) == expected  # type: ignore[arg-type]
    assert expected.splitlines()[1:] == ["'=x,1,,-1.00", "y,2,z,2.00"]


def test_csv_of_a_formula_deep_in_a_column_of_text():
    rows = [[f"m{i}", i, NumberText(f"{i}.00")] for i in range(1000)]
    rows[777][0] = "@SUM(1)"
    text = to_csv(["id", "n", "x"], rows)
    assert text == plain_csv(["id", "n", "x"], rows)
    assert "\n'@SUM(1),777,777.00\n" in text


def test_csv_of_fractions_and_decimals_as_people_read_them():
    rows = [[Decimal("1.50"), Percent(Fraction(1, 3)), True, 0.25]]
    assert to_csv(["a", "b", "c", "d"], rows).splitlines()[1] == "1.5,33.33%,true,0.25"


# --------------------------------------------------------------------------- json

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.sampled_from([0.0, -0.0, 8.97, -8.97, 87.9, float("nan"), float("inf"), -float("inf"), 1e300]),
    st.floats(),
    TEXT,
    st.sampled_from([Decimal("8.10"), Colour.red, dt.date(2024, 6, 30), NumberText("-2.00")]),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.sampled_from(["id", "name", "total", "items", 'x"y', "键"]), inner, max_size=5),
    ),
    max_leaves=30,
)


def plain_json(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=150, deadline=None)
@given(JSON_VALUES, st.integers(0, 3), st.sampled_from([1, 7, 1 << 16]))
def test_json_written_in_pieces_is_json_dumps(value, depth, chunk):
    out = io.StringIO()
    write_json(value, out, depth=depth, chunk=chunk)
    assert out.getvalue() == plain_json(value) == to_json(value)


def test_json_of_repeated_numbers_and_of_both_zeros():
    """The texts of floats are remembered: a zero is never written as the other zero,
    NaN and the infinities as json writes them, and the memory stays bounded."""
    values = [0.0, -0.0, 8.97, -0.0, 0.0, 8.97, float("nan"), float("inf"), -float("inf"), 1.0] * 3
    assert to_json({"v": values, "w": {"a": -0.0, "b": 0.0}}) == plain_json({"v": values, "w": {"a": -0.0, "b": 0.0}})
    many = [i / 7 for i in range(70_000)]
    assert to_json(many) == plain_json(many)
    assert to_json([-0.0, 0.0]) == "[\n  -0.0,\n  0.0\n]\n"
    float_texts = output._SCALARS[float].__self__  # type: ignore[attr-defined]
    assert 0 < len(float_texts) <= 1 << 16


def test_json_of_diagnostics_is_their_as_dict(tmp_path):
    from pingyi.diagnostics import Loc, warning
    from pingyi.render.diagnostics import render_json

    found = [
        warning("democratic-blank", Loc(f"t{i}.yaml", i + 1, 5), ballot=i, ballots=30, member=f"m{i}", name="叶正阳")
        for i in range(50)
    ]
    data = render_json(found, "zh")
    assert data == {"errors": [], "warnings": [d.as_dict("zh") for d in found]}
    out = io.StringIO()
    write_json(data, out)
    assert out.getvalue() == plain_json(data)


# --------------------------------------------------------------------------- diagnostics as text


class Said:
    """What render_text reads of a diagnostic."""

    def __init__(self, text: str, error: bool):
        self.text, self.is_error, self.file = text, error, "scores/a.yaml"
        self.severity = "error" if error else "warning"

    def format(self, lang: str | None = None) -> str:
        return self.text


LINES = st.lists(st.sampled_from([*"ab 支部:：`,.\t\x07—", "scores/x.yaml:3:5: 错误："]), max_size=30).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(LINES, min_size=1, max_size=3).map("\n".join), st.booleans()), max_size=6))
def test_diagnostics_piped_are_written_as_rich_prints_them(found):
    from rich.console import Console

    from pingyi.render.diagnostics import render_text
    from pingyi.render.output import plain_console

    diagnostics = [Said(text, error) for text, error in found]
    fast, slow = io.StringIO(), io.StringIO()
    render_text(diagnostics, plain_console(fast), lang="zh")  # type: ignore[arg-type]
    # the same console, recording: rich prints every line itself
    recording = Console(file=slow, highlight=False, width=400, no_color=True, color_system=None, soft_wrap=False, record=True)
    render_text(diagnostics, recording, lang="zh")  # type: ignore[arg-type]
    assert fast.getvalue() == slow.getvalue()


def test_diagnostics_piped_with_a_long_line():
    from pingyi.render.diagnostics import render_text
    from pingyi.render.output import plain_console

    long = Said("scores/a.yaml:1:1: 警告：" + "很长的一句话 " * 100, False)
    out = io.StringIO()
    render_text([long, Said("a\n  注：b", True)], plain_console(out), lang="zh")  # type: ignore[list-item]
    lines = out.getvalue().split("\n")
    assert lines[0] == long.text and lines[1:3] == ["a", "  注：b"]
