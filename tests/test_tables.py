"""Tables that fit (issue 12.3): at 80 and 120 columns no number, date, id or state is cut
and text wraps; piped, a table is plain aligned text without box drawing."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from rich.console import Console
from rich.text import Text

from pingyi.compute.commitments import compute_commitments
from pingyi.compute.coverage import compute_coverage, compute_responsibility
from pingyi.compute.rectify import compute_rectify
from pingyi.render.commitments import FulfilmentReport
from pingyi.render.coverage import CoverageReport, ResponsibilityReport
from pingyi.render.output import Col, cell_width, fit_widths, plain_table, print_table
from pingyi.render.rectify import RectifyReport
from wsfactory import EXAMPLE, workspace

DAY = dt.date(2024, 12, 1)
BOX = re.compile("[─━│┃┏┓┗┛┌┐└┘├┤┬┴┼╭╮╰╯═║]")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def example():
    if not (EXAMPLE / "pingyi.yaml").is_file():
        pytest.skip("no example workspace")
    return workspace(EXAMPLE)


def reports(ws):
    return {
        "coverage": CoverageReport(compute_coverage(ws)),
        "by-reviewer": ResponsibilityReport(compute_responsibility(ws)),
        "rectify": RectifyReport(compute_rectify(ws, as_of=DAY), ws.name),
        "commitments": FulfilmentReport(compute_commitments(ws, as_of=DAY), ws.name),
    }


def rendered(report, width: int, terminal: bool = True) -> str:
    buffer = io.StringIO()
    report.render_table(Console(file=buffer, width=width, force_terminal=terminal, color_system=None, legacy_windows=False))
    return buffer.getvalue()


def values_that_must_stay_whole(name: str, report) -> list[str]:
    """Ids, dates, states and rates the table shows for ``report``."""
    if name == "coverage":
        return [o.id for o in report.coverage.by_org]
    if name == "by-reviewer":
        return [r.id for r in report.responsibility.reviewers if r.assigned]
    if name == "rectify":
        return [r.due.isoformat() for r in report.ledger.items if r.due] + [r.date.isoformat() for r in report.ledger.items]
    return [o.id for o in report.report.by_org] + [o.due.isoformat() for o in report.report.overdue]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", ["coverage", "by-reviewer", "rectify", "commitments"])
def test_nothing_is_cut_at_80_and_120_columns(example, name, width):
    report = reports(example)[name]
    text = rendered(report, width)
    assert "…" not in text
    assert max(cell_width(line) for line in text.splitlines()) <= width
    for value in values_that_must_stay_whole(name, report):
        assert re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text), value
    for rate in re.findall(r"\d+\.\d+%", rendered(report, 400)):
        assert rate in text  # every rate whole


@pytest.mark.parametrize("name", ["coverage", "by-reviewer", "rectify", "commitments"])
def test_piped_tables_are_plain_aligned_text(example, name):
    text = rendered(reports(example)[name], 80, terminal=False)
    assert not BOX.search(text) and "\x1b[" not in text and "…" not in text


def test_plain_table_counts_wide_characters_as_two_columns():
    lines = plain_table(
        [Col("名称"), Col("编号", "fixed"), Col("数", "number")], [["第一党支部", "zb1", "7"], ["ab", "zb10", "12"]]
    )
    assert lines == ["名称        编号  数", "第一党支部  zb1    7", "ab          zb10  12"]
    starts = {cell_width(line[: line.index("zb1")]) for line in lines[1:]}
    assert starts == {12}


def test_fixed_columns_keep_their_width_text_wraps():
    cols = [Col("日期", "fixed"), Col("问题"), Col("天数", "number")]
    rows = [["2024-06-30", "很长的问题描述" * 6, "61"]]
    widths = fit_widths(cols, rows, 40)
    assert widths is not None and widths[0] == 10 and widths[2] >= 2 and sum(widths) + 6 <= 40
    buffer = io.StringIO()
    print_table(Console(file=buffer, width=40, force_terminal=True, color_system=None), cols, rows)
    out = buffer.getvalue()
    assert "2024-06-30" in out and "…" not in out and len(out.splitlines()) > 3  # the text wrapped


def test_too_narrow_for_a_table_gives_records():
    cols = [Col(f"列{i}", "fixed") for i in range(6)]
    rows = [[Text("2024-06-30")] * 6]
    buffer = io.StringIO()
    print_table(Console(file=buffer, width=30, force_terminal=True, color_system=None), cols, rows)
    out = buffer.getvalue()
    assert out.count("2024-06-30") == 6 and "列5: 2024-06-30" in out


def test_columns_that_may_go_are_dropped_before_records():
    cols = [Col("日期", "fixed"), Col("问题"), Col("措施", drop=1), Col("佐证", drop=2)]
    rows = [["2024-06-30", "问题", "措施" * 30, "佐证" * 30]]
    buffer = io.StringIO()
    print_table(Console(file=buffer, width=32, force_terminal=True, color_system=None), cols, rows)
    out = buffer.getvalue()
    assert "佐证" not in out and "2024-06-30" in out and ":" not in out
