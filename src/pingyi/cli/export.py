"""``pingyi export xlsx`` (the ledgers as one workbook, FORMAT §12) and ``pingyi export
template`` (a score-entry sheet for one org and month, for ``pingyi import scores``)."""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from ..io.write import FileExists, write_atomic
from ..render.output import console
from .common import EXIT_OK, AsOfOpt, LangOpt, WorkspaceOpt, YearOpt, check_org, fail, lang_of, open_workspace

app = typer.Typer(
    name="export",
    help="Write workbooks: the ledgers (台账) of a year, or a score-entry template.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.", show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
RoundsOpt = Annotated[
    list[str] | None,
    typer.Option("--round", "-r", help="Only this round (repeat for several; default: the year's reviews).", show_default=False),
]

#: Progress bars appear only after this many seconds, so quick runs stay quiet.
PROGRESS_DELAY = 0.5


@contextmanager
def progress_bar(total: int, description: str) -> Iterator[Callable[[str, int], None]]:
    """A callback ``step(description, done)`` drawing a progress bar on stderr, only on a
    terminal and only once the work has taken more than a moment."""
    if not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        yield lambda _d, _n: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    start = time.monotonic()
    state: dict[str, object] = {"done": 0, "text": description, "bar": None, "task": None}

    def step(text: str, n: int) -> None:
        state["done"] = int(state["done"]) + n  # type: ignore[call-overload]
        if text:
            state["text"] = f"{description}: {text}"
        bar = state["bar"]
        if bar is None:
            if time.monotonic() - start < PROGRESS_DELAY:
                return
            bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=console(sys.stderr),
                transient=True,
            )
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task(str(state["text"]), total=max(total, 1))
        bar.update(state["task"], completed=min(int(state["done"]), total), description=str(state["text"]))  # type: ignore[attr-defined, call-overload]

    try:
        yield step
    finally:
        if state["bar"] is not None:
            state["bar"].stop()  # type: ignore[attr-defined]


def _check_output(output: Path, force: bool) -> None:
    if output.suffix.lower() != ".xlsx":
        fail(f"{output}: the output must be an .xlsx file (name it {output.with_suffix('.xlsx').name})")
    if output.is_dir():
        fail(f"{output} is a folder; give a file name ending in .xlsx")
    if output.exists() and not force:
        fail(f"{output} already exists; pass --force to replace it")


def _write(output: Path, data: bytes, force: bool) -> None:
    try:
        write_atomic(output, data, overwrite=force)
    except FileExists:
        fail(f"{output} already exists; pass --force to replace it")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def xlsx(
    output: OutputOpt,
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    org: Annotated[str | None, typer.Option("--org", help="Only this org's subtree.", show_default=False)] = None,
    round_ids: RoundsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
    cards: Annotated[
        bool, typer.Option("--cards/--no-cards", help="Include the score cards (积分卡: 14 rows per member, the largest sheet).")
    ] = True,
) -> None:
    """Write the year's ledgers (台账) as one workbook.

    The sheets: 点评台账, 覆盖率, 未点评名单, 整改台账, 承诺践诺台账, 承诺兑现率, 积分汇总,
    积分卡, 满意度测评, 季度之星, 年度之星 and 统计图 (the distribution of stars and the
    coverage by org as bar charts); English names and labels with --lang en.

    Every sheet has a title row, a frozen header, filters and column widths fit for
    Chinese text, and prints on A4 landscape with the header repeated on every page.
    Text from the workspace is always written as text, never as a formula. The same
    workspace gives the same file (pass --as-of to pin the date that decides what is
    overdue). An existing file is replaced only with --force.
    """
    _check_output(output, force)
    result = open_workspace(workspace, year=year, as_of=as_of, lang=lang)
    check_org(result, org)
    ws = result.workspace
    from ..compute.coverage import SelectionError
    from ..render.xlsx import compute_workbook, render_workbook

    try:
        data = compute_workbook(
            ws,
            year=year,
            org=org,
            rounds=round_ids,
            as_of=as_of.date() if isinstance(as_of, dt.datetime) else as_of,
        )
    except SelectionError as exc:
        fail(f"--round: {exc}" if round_ids else str(exc))
    language = lang_of(result, lang)
    with progress_bar(data.size, "pingyi export xlsx") as step:
        content = render_workbook(ws, data, lang=language, progress=step, cards=cards)
    _write(output, content, force)
    err = console(sys.stderr)
    err.print(f"wrote {output} ({len(content) // 1024 + 1} KB, the ledgers of {data.year})", soft_wrap=True, highlight=False)
    raise typer.Exit(EXIT_OK)


def template(
    org: Annotated[str, typer.Option("--org", help="The org whose members are scored (its own members).", show_default=False)],
    month: Annotated[str, typer.Option("--month", help="The month scored, YYYY-MM.", show_default=False)],
    output: OutputOpt,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write a score-entry sheet (积分录入表) for one org and month.

    The org's scored members are in rows, the rule items in columns, and the scores
    already recorded are filled in. Only the score cells can be edited; each takes a number from 0 to the rules'
    item_max. Fill it in with Excel or WPS, then read it back with `pingyi import scores
    FILE`.
    """
    if not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", month):
        fail(f"--month {month}: expected a month written YYYY-MM (2024-03)")
    _check_output(output, force)
    result = open_workspace(workspace, lang=lang)
    check_org(result, org)
    ws = result.workspace
    from ..render.xlsx.template import render_template, score_template

    t = score_template(ws, org, month)
    if not t.rows:
        fail(
            f"`{org}` ({ws.orgs[org].name}) has no scored members of its own; "
            "scores are entered by the org that holds the members (组织关系), usually the branch"
        )
    content = render_template(t, lang=lang_of(result, lang))
    _write(output, content, force)
    prefilled = sum(1 for r in t.rows if r.values is not None)
    err = console(sys.stderr)
    extra = f", {prefilled} with the scores already recorded" if prefilled else ""
    err.print(
        f"wrote {output}: {len(t.rows)} members of {t.org_name} × {len(t.items)} items for {month}{extra}; "
        f"fill it in, then run `pingyi import scores {output.name}`",
        soft_wrap=True,
        highlight=False,
    )
    raise typer.Exit(EXIT_OK)


app.command("xlsx")(xlsx)
app.command("template")(template)
