"""Every report readable at 80 and 120 columns (issue 12.3).

Every report command of the CLI (found in the app, so a new one is covered without
touching this file) is run on the example, in Chinese and in English, at COLUMNS=80 and
120: on a terminal (a rich console that is a terminal of that width) and piped. Nothing
is cut (no ``…``; every date, number, rate and id shown is one the report really has),
no line is wider than the width, and piped output is plain text: no box drawing, no
terminal codes. Piped without COLUMNS, a table keeps one row per line, however long.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from rich.console import Console
from typer.testing import CliRunner

import pingyi.render.output as output
from pingyi.cli import REPORTS, TREE, app
from pingyi.cli.registry import Command
from pingyi.render.output import cell_width
from wsfactory import EXAMPLE

AS_OF = "2024-12-01"

#: What a report command needs besides ``-w``: its arguments, and a date so that the
#: output does not change with today's date. A report command with a required argument
#: missing here fails :func:`test_every_report_command_is_run`.
ARGUMENTS: dict[str, list[str]] = {
    "explain": ["m303", "--as-of", AS_OF],
    "publicity": ["2024-Q1", "--as-of", AS_OF],
    "rectify": ["--as-of", AS_OF],
    "commitments": ["--as-of", AS_OF],
    "diff": ["--as-of", AS_OF],
    "score": ["--as-of", AS_OF],
}
#: Other views of the same commands.
VARIANTS = [
    ["coverage", "--by-reviewer"],
    ["rectify", "--all", "--as-of", AS_OF],
    ["honours", "--annual"],
    ["score", "--org", "yz1", "--as-of", AS_OF],
]
#: Commands that take no workspace (``rollup`` reads ``export parquet`` folders).
NO_WORKSPACE = {"rollup"}

BOX = re.compile("[─━│┃┏┓┗┛┌┐└┘├┤┬┴┼╭╮╰╯═║┡┩╇┳┻]")
#: Values that must never be cut: dates and months, decimals and rates, ids in brackets.
WHOLE = re.compile(r"(?<![A-Za-z0-9_.-])(\d{4}-\d{2}(?:-\d{2})?|\d+\.\d+%?|\d+%)(?![A-Za-z0-9_.%-])|\(([A-Za-z][\w-]*)\)")


def report_commands() -> list[str]:
    """The commands the command tree lists under "Reports"."""
    return sorted(name for name, command in TREE.commands.items() if isinstance(command, Command) and command.panel == REPORTS)


def invocations() -> list[list[str]]:
    return [[name, *ARGUMENTS.get(name, [])] for name in report_commands()] + [["check"], *VARIANTS]


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as ``export parquet`` writes it, for ``rollup``."""
    if not (EXAMPLE / "pingyi.yaml").is_file():
        pytest.skip("no example workspace")
    folder = tmp_path_factory.mktemp("widths") / "export"
    result = CliRunner().invoke(app, ["export", "parquet", "-o", str(folder), "-w", str(EXAMPLE), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return folder


def command_line(args: list[str], parquet: Path, lang: str) -> list[str]:
    if args[0] in NO_WORKSPACE:
        return [*args, str(parquet), "--lang", lang]
    return [*args, "-w", str(EXAMPLE), "--lang", lang]


@contextlib.contextmanager
def terminal(width: int) -> Iterator[None]:
    """Within: stdout is a terminal ``width`` columns wide (every module's ``console()``
    gives a rich console that is a terminal)."""
    original = output.console

    def console(file: Any = None) -> Console:
        stream = file if file is not None else sys.stdout
        if stream is sys.stdout:
            return Console(file=stream, width=width, force_terminal=True, color_system=None, highlight=False)
        return original(file)

    with pytest.MonkeyPatch.context() as patch:
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("pingyi") and getattr(module, "console", None) is original:
                patch.setattr(module, "console", console)
        yield


def run(args: list[str], columns: int | None) -> str:
    env: dict[str, str | None] = {"COLUMNS": str(columns) if columns else None}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code in (0, 1, 3), (args, result.exit_code, result.output[-2000:])
    return result.stdout


def whole_values(text: str) -> set[str]:
    return {a or b for a, b in WHOLE.findall(text)}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("args", invocations(), ids=" ".join)
def test_every_report_fits_80_and_120_columns(args, lang, parquet):
    line = command_line(args, parquet, lang)
    natural = run(line, None)  # piped, no width asked: one row per line
    assert natural.strip(), args
    assert not BOX.search(natural) and "\x1b[" not in natural
    ellipses = natural.count("…")  # in exact values (76.14545454…), never from a cut
    values = whole_values(natural)
    for width in (80, 120):
        piped = run(line, width)
        assert not BOX.search(piped) and "\x1b[" not in piped, (args, width)
        with terminal(width):
            shown = {"piped": piped, "terminal": run(line, width)}
        for how, text in shown.items():
            assert text.count("…") <= ellipses, (args, width, how)
            too_wide = [row for row in text.splitlines() if cell_width(row) > width]
            if args[:2] != ["score", "--items"]:
                assert not too_wide, (args, width, how, too_wide[:3])
            cut = whole_values(text) - values  # a value that is not the report's: cut or folded
            assert not cut, (args, width, how, sorted(cut)[:5])


def test_every_report_command_is_run():
    """Each report command of the app is in :func:`invocations`, with what it requires."""
    for name in report_commands():
        command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
        required = [p.name for p in command.params if p.required and p.param_type_name == "argument"]
        if name in NO_WORKSPACE:
            continue
        assert not required or name in ARGUMENTS, f"add the arguments of `pingyi {name}` to ARGUMENTS"
    assert {"score", "explain", "honours", "coverage", "rectify", "commitments", "survey", "appraisal", "diff"} <= set(
        report_commands()
    )


def test_piped_tables_keep_one_row_per_line_without_columns(parquet):
    """Piped with no COLUMNS, a wide table is not wrapped: each ledger item is one line
    (``grep`` finds a whole row)."""
    text = run(["rectify", "--as-of", AS_OF, "-w", str(EXAMPLE)], None)
    rows = [row for row in text.splitlines() if re.search(r"\d{4}-\d{2}-\d{2}", row)]
    assert rows and max(cell_width(row) for row in rows) > 120
    fitted = run(["rectify", "--as-of", AS_OF, "-w", str(EXAMPLE)], 80)
    assert len(fitted.splitlines()) > len(text.splitlines())  # long text wrapped onto more lines
