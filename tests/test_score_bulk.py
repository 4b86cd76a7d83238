"""The county-scale paths of the points report give what the plain ones give: the grid's
bulk sums, the JSON writer, the CSV and table text made from rounded integers, plain
consoles written straight to their file, the checks' whole-document tests and the honours'
quarter sums from the grid."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from helpers_score import MONTHS, every_month, loaded, points_ws, row, rules_yaml
from pingyi.checks.points import check_scores
from pingyi.compute.honours import _grid_sums, _quarter_sums, compute_honours
from pingyi.compute.score import Arithmetic, build_index, compute_score
from pingyi.model.rules import Rounding
from pingyi.render.output import NumberText, plain, plain_console, say, to_csv, to_json, write_plain
from pingyi.render.score import ScoreOutput, score_rows
from wsfactory import run


def _naive_sums(ws, member, n):
    """Σ of each item over the member's months, from the documents: the first document
    of a month counts, rows made n long."""
    seen: set[str] = set()
    total = [Fraction(0)] * n
    for doc in ws.scores:
        s = doc.model
        if member not in s.scores or s.month in seen:
            continue
        seen.add(s.month)
        values = list(s.scores[member])[:n]
        for i, v in enumerate(values):
            total[i] += Fraction(v)
    return total, len(seen)


def _scrambled_ws(tmp_path, *, decimals: bool):
    """Members scored in a different order each month, some months missing, one month of
    a member scored twice (by another org: a warning-free transfer is not needed here)."""
    rng = random.Random(7)
    members = [f"m{k}" for k in range(1, 9)]
    scores = {}
    for k, month in enumerate(MONTHS[:7]):
        chosen = [m for m in members if rng.random() > 0.2]
        rng.shuffle(chosen)
        value = (lambda: f"{rng.randint(0, 9)}.5") if decimals and k % 2 else (lambda: rng.randint(0, 10))
        scores[("zb1", month)] = {m: [value() for _ in range(10)] for m in chosen}
    scores[("zb2", MONTHS[0])] = {"m1": row(3), "m9": row(4)}  # m1 scored twice in January
    return points_ws(tmp_path, branches={"zb1": members, "zb2": ["m9"]}, scores=scores)


def _grid_matches_documents(ws):
    idx = build_index(ws, 2024, 12)
    grid = idx.grid
    n = grid.items
    sums, scored = grid.all_sums(), grid.all_scored()
    den = 10**grid.scale
    for member, p in grid.positions.items():
        expected, months = _naive_sums(ws, member, n)
        assert [Fraction(x, den) for x in grid.sums(member)] == expected
        assert list(sums[p * n : (p + 1) * n]) == list(grid.sums(member))
        assert scored[p] == grid.scored(member) == months
        assert sorted(grid.months(member)) == [k for k in range(1, 13) if grid.has(member, k)]
    return grid


def test_grid_sums_in_bulk_equal_the_documents_whole_scores(tmp_path):
    ws = pingyi_load(_scrambled_ws(tmp_path, decimals=False))
    grid = _grid_matches_documents(ws)
    assert grid.cells.typecode == "B"  # the one-byte lanes were taken


def test_grid_sums_in_bulk_equal_the_documents_with_decimals(tmp_path):
    ws = pingyi_load(_scrambled_ws(tmp_path, decimals=True))
    grid = _grid_matches_documents(ws)
    assert grid.scale == 1


def test_the_first_document_of_a_month_counts(tmp_path):
    ws = pingyi_load(_scrambled_ws(tmp_path, decimals=False))
    grid = build_index(ws, 2024, 12).grid
    january = grid.months("m1")[1]
    assert january.model.org == "zb1"


def pingyi_load(root):
    import pingyi

    return pingyi.load(root).workspace  # errors (m1 scored twice) do not stop computing


# --------------------------------------------------------------------------- json


class Colour(Enum):
    red = "红"


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(),
    st.just(Colour.red),
)
json_keys = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none(), st.just(Colour.red))
json_values = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(json_keys, inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values)
def test_to_json_writes_what_json_dumps_writes(value):
    assert to_json(value) == json.dumps(plain(value), ensure_ascii=False, indent=2) + "\n"


def test_to_json_of_a_score_report_is_json_dumps(tmp_path):
    root = points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2", ("m3", "exempt")]},
        scores=every_month("zb1", {"m1": row("9.5"), "m2": row(8)}),
        ballots={"zb1": [{"m1": row(10), "m2": row(7)}]},
        adjustments=[{"member": "m2", "type": "discipline", "level": "unit"}],
    )
    data = ScoreOutput(compute_score(loaded(root))).to_json()
    assert to_json(data) == json.dumps(plain(data), ensure_ascii=False, indent=2) + "\n"
    assert to_json({"d": dt.date(2024, 1, 2), "x": Decimal("8.10")}) == '{\n  "d": "2024-01-02",\n  "x": 8.1\n}\n'


# --------------------------------------------------------------------------- csv


def _penalised(tmp_path):
    return points_ws(
        tmp_path,
        branches={"zb1": ["m1", "m2", ("m3", "exempt")]},
        scores=every_month("zb1", {"m1": row(9), "m2": row(8)}),
        averages={"zb1": {"m1": row("9.25"), "m2": row(8)}},
        adjustments=[{"member": "m2", "type": "discipline", "level": "unit"}],
    )


def test_csv_numbers_show_their_places_and_are_never_prefixed(tmp_path):
    report = compute_score(loaded(_penalised(tmp_path)))
    header, rows = score_rows(report)
    m2 = next(r for r in rows if r[2] == "m2")
    adjustment = m2[header.index("adjustment")]
    assert isinstance(adjustment, NumberText) and adjustment.startswith("-")
    line = next(line for line in to_csv(header, rows).splitlines() if ",m2," in line)
    assert f",{adjustment}," in line and "'-" not in line
    assert str(report.get("m2").adjustment) == adjustment  # the same text as the Decimal
    m1 = next(r for r in rows if r[2] == "m1")
    assert [str(v) for v in report.get("m1").items] == m1[6:16]
    # text that a spreadsheet would run is still prefixed
    assert to_csv(["a"], [["-x", NumberText("-1.00")]]).splitlines()[1] == "'-x,-1.00"


def test_score_csv_on_the_command_line_keeps_a_penalty_a_number(tmp_path):
    root = _penalised(tmp_path)
    out = run("score", "-w", root, "--format", "csv")
    assert out.exit_code == 0, out.output
    line = next(line for line in out.stdout.splitlines() if ",m2," in line)
    assert ",-" in line and "'-" not in line


def test_a_workbook_of_the_score_report_holds_numbers(tmp_path):
    from openpyxl import load_workbook

    root = _penalised(tmp_path)
    target = tmp_path / "score.xlsx"
    assert run("score", "-w", root, "-o", target).exit_code == 0
    sheet = load_workbook(target).active
    header = [c.value for c in sheet[2]]
    m2 = next(row for row in sheet.iter_rows(min_row=3) if row[2].value == "m2")
    adjustment = m2[header.index("加减分")]
    assert adjustment.value == -2 and adjustment.number_format == "0.00"
    items = [c for c in m2[6:16]]
    assert all(c.value == 8 and c.number_format == "0.00" for c in items)


# --------------------------------------------------------------------------- consoles


def _rich(text, width: int, *, soft_wrap: bool) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, width=400, no_color=True, color_system=None, soft_wrap=False)
    if soft_wrap:
        console.print(Text(text), soft_wrap=True)
    else:
        console.print(Text(text, style="bold"), width=width, soft_wrap=False, markup=False, highlight=False)
    return buffer.getvalue()


LINES = ["", "姓名  月度积分", "a" * 80, "a" * 81, "中" * 40, "中" * 41, "x  ", "  [y] *bold*", "tab\there", "ok\nnext"]


def test_say_writes_what_rich_prints(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for line in LINES:
        buffer = io.StringIO()
        say(plain_console(buffer), Text(line, style="bold"))
        assert buffer.getvalue() == _rich(line, 80, soft_wrap=False), line


def test_write_plain_writes_what_rich_prints():
    table = "\n".join(LINES[:-2] + ["中" * 300])
    for text in (table, "tab\there", "x"):
        buffer = io.StringIO()
        write_plain(plain_console(buffer), text)
        assert buffer.getvalue() == _rich(text, 400, soft_wrap=True)


def test_a_terminal_still_goes_through_rich():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=40, color_system="standard")
    say(console, Text("heading", style="bold"))
    assert "\x1b[" in buffer.getvalue()


# --------------------------------------------------------------------------- checks


def test_a_score_out_of_range_is_found_by_the_whole_document_test(tmp_path):
    scores = every_month("zb1", {"m1": row(9), "m2": row(10)})
    scores[("zb1", MONTHS[2])] = {"m1": row(9), "m2": [10] * 9 + [11]}
    root = points_ws(tmp_path, branches={"zb1": ["m1", "m2"]}, scores=scores)
    ws = pingyi_load(root)
    found = [d for d in check_scores(ws) if d.code == "item-range"]
    assert len(found) == 1 and dict(found[0].args)["value"] == 11
    rules = rules_yaml(item_max=12)
    ws = pingyi_load(points_ws(tmp_path, branches={"zb1": ["m1", "m2"]}, scores=scores, rules=rules, sub="ws2"))
    assert not [d for d in check_scores(ws) if d.code == "item-range"]


# --------------------------------------------------------------------------- honours


def test_quarter_sums_from_the_grid_equal_those_of_the_documents(tmp_path):
    ws = pingyi_load(_scrambled_ws(tmp_path, decimals=True))
    from pingyi.compute.score import resolve_period, scoring

    grid = scoring(ws, resolve_period(ws, 2024)).index.grid
    for quarter in (1, 2, 3):
        from_grid = _grid_sums(grid, quarter)
        sums, months = {}, {}
        wanted = {MONTHS[k] for k in range(3 * quarter - 3, 3 * quarter)}
        seen: dict[str, set[str]] = {}
        for doc in ws.scores:
            if doc.model.month not in wanted:
                continue
            for member, values in doc.model.scores.items():
                if doc.model.month in seen.setdefault(member, set()):
                    continue
                seen[member].add(doc.model.month)
                sums[member] = sums.get(member, 0) + sum(Fraction(v) for v in values)
                months[member] = len(seen[member])
        assert {k: Fraction(v) for k, v in from_grid[0].items()} == sums
        assert from_grid[1] == months
        assert {k: str(v) for k, v in from_grid[0].items()} == {k: str(v) for k, v in _quarter_sums(ws, 2024, quarter)[0].items()}
    assert compute_honours(ws).quarters


# --------------------------------------------------------------------------- arithmetic


member_numbers = st.tuples(
    st.lists(st.integers(min_value=-5, max_value=3000), min_size=3, max_size=3),
    st.sampled_from([1, 10, 100]),
    st.integers(min_value=0, max_value=12),
    st.lists(st.integers(min_value=-5, max_value=2000), min_size=3, max_size=3),
    st.sampled_from([1, 10, 100]),
    st.integers(min_value=0, max_value=40),
    st.sampled_from([Fraction(0), Fraction(0), Fraction(2), Fraction(-1, 2), Fraction(1, 3)]),
)


@settings(max_examples=200, deadline=None)
@given(
    many=st.lists(member_numbers, max_size=12),
    weight=st.sampled_from([Fraction(4, 5), Fraction(13, 20), Fraction(1), Fraction(0), Fraction(2, 3)]),
    decimals=st.integers(min_value=0, max_value=3),
    rounding=st.sampled_from(list(Rounding)),
)
def test_many_members_at_once_round_as_one_at_a_time(many, weight, decimals, rounding):
    arithmetic = Arithmetic((weight, 1 - weight), decimals, rounding)
    assert arithmetic.rounded_many(many) == [arithmetic.rounded(*numbers) for numbers in many]


def test_cell_width_counts_as_rich_does():
    from rich.cells import cell_len

    from pingyi.render.score import cell_width

    wide = [chr(c) for r in [(0x3001, 0x3004), (0x3008, 0x3012), (0x4E00, 0xA000), (0xFF01, 0xFF61)] for c in range(*r)]
    assert all(cell_width(ch) == cell_len(ch) == 2 for ch in wide)
    for text in ["张伟 (m101)", "姓名", "★★★ (3)", "9★ *", "合格（预计）", "é—·", "a\tb", "", "—", "【公示】x"]:
        assert cell_width(text) == cell_len(text), text
