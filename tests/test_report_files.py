"""``-o FILE`` for every report command (issue 12.4, FORMAT §11 "Files"): ``.csv`` with a
byte-order mark that Excel and WPS read as UTF-8, ``.xlsx`` one printable sheet, ``.txt``
the plain table; a line on stderr says where it was written. The commands are found in
the app (see :mod:`test_widths`), so a new report is covered without touching this file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pingyi.cli import app
from test_widths import BOX, command_line, invocations, parquet  # noqa: F401  (parquet: a fixture)

#: One invocation per command (variants write the same kind of file).
COMMANDS = {args[0]: args for args in reversed(invocations())}


@pytest.mark.parametrize("args", sorted(COMMANDS.values()), ids=" ".join)
def test_every_report_writes_csv_xlsx_and_txt_files(args, parquet, tmp_path):  # noqa: F811
    runner = CliRunner()
    for suffix in (".csv", ".xlsx", ".txt"):
        target = tmp_path / f"{args[0]}{suffix}"
        result = runner.invoke(app, [*command_line(args, parquet, "zh"), "-o", str(target)])
        assert result.exit_code in (0, 1, 3), (args, suffix, result.output[-1000:])
        assert target.is_file(), (args, suffix)
        assert "已写入" in result.stderr and str(target.name) in result.stderr, result.stderr
        assert result.stdout == ""  # the report went to the file only
        if suffix == ".csv":
            data = target.read_bytes()
            assert data.startswith(b"\xef\xbb\xbf"), args  # the byte-order mark
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            assert rows and all(rows[0]), (args, rows[:2])
            assert len(rows) >= 2 or args[0] == "diff", args  # (no change since the last commit: no rows)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(rows[0])), rows[0]  # people's headers
        elif suffix == ".xlsx":
            book = load_workbook(target)
            assert len(book.worksheets) == 1, (args, book.sheetnames)
            sheet = book.worksheets[0]
            assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
            assert sheet.print_title_rows and (sheet.max_row >= 3 or args[0] == "diff"), args
        else:
            text = target.read_text(encoding="utf-8")
            assert text.strip() and not BOX.search(text) and "\x1b[" not in text, args


def test_an_existing_file_is_kept_without_force(tmp_path: Path):
    from wsfactory import EXAMPLE

    target = tmp_path / "survey.csv"
    target.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["survey", "-w", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "mine"
    assert CliRunner().invoke(app, ["survey", "-w", str(EXAMPLE), "-o", str(target), "--force"]).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
