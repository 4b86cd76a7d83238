"""``pingyi export xlsx`` (the ledgers as one workbook, FORMAT §12) and ``pingyi export
template`` (a score-entry sheet for one org and month, for ``pingyi import scores``)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, current_lang, tr, use_lang
from ..io.write import FileExists, open_atomic, write_atomic
from ..render.output import console
from .common import (
    EXIT_OK,
    AsOfOpt,
    LangOpt,
    WorkspaceOpt,
    YearOpt,
    check_org,
    fail,
    force_option,
    lang_of,
    open_workspace,
    option,
    org_option,
    output_file_option,
    year_option,
)

if TYPE_CHECKING:
    from ..workspace import Workspace

OutputOpt = Annotated[Path, output_file_option("The .xlsx file to write.")]
ForceOpt = Annotated[bool, force_option("Replace the output file if it exists.")]
RoundsOpt = Annotated[
    list[str] | None,
    option("--round", "-r", help="Only this round (repeat for several; default: the year's reviews).", metavar="ROUND"),
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
        fail(
            tr(
                N_("{output}: the output must be an .xlsx file (name it {name})"),
                output=output,
                name=output.with_suffix(".xlsx").name,
            )
        )
    if output.is_dir():
        fail(tr(N_("{output} is a folder; give a file name ending in .xlsx"), output=output))
    if output.exists() and not force:
        fail(tr(N_("{output} already exists; pass --force to replace it"), output=output))


def _write(output: Path, data: bytes, force: bool) -> None:
    try:
        write_atomic(output, data, overwrite=force)
    except FileExists:
        fail(tr(N_("{output} already exists; pass --force to replace it"), output=output))
    except OSError as exc:
        fail(tr(N_("cannot write {output}: {reason}"), output=output, reason=exc.strerror or exc))


def xlsx(
    output: OutputOpt,
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    org: Annotated[str | None, org_option("Only this org's subtree.")] = None,
    round_ids: RoundsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
    cards: Annotated[
        bool,
        option("--cards/--no-cards", help="Include the score cards (14 rows per member, the largest sheet).", show_default=True),
    ] = True,
) -> None:
    """Write the year's ledgers as one workbook.

    The sheets: reviews, coverage, members not reviewed, rectifications, commitments,
    fulfilment rates, points, score cards, surveys, stars of the quarter, stars of the
    year and charts (the distribution of stars and the coverage by org); sheet names and
    labels in the language of --lang.

    Every sheet has a title row, a frozen header, filters and column widths fit for
    Chinese text, and prints on A4 landscape with the header repeated on every page.
    Text from the workspace is always written as text, never as a formula. The same
    workspace gives the same file (pass --as-of to pin the date that decides what is
    overdue). An existing file is replaced only with --force.
    """
    with use_lang(lang.value if lang else None):
        _check_output(output, force)
    result = open_workspace(workspace, year=year, as_of=as_of, lang=lang)
    org = check_org(result, org)
    ws = result.workspace
    with use_lang(lang_of(result, lang)):
        _xlsx(ws, output, year=year, org=org, round_ids=round_ids, as_of=as_of, force=force, cards=cards)


def _xlsx(
    ws: Workspace,
    output: Path,
    *,
    year: int | None,
    org: str | None,
    round_ids: list[str] | None,
    as_of: dt.date | dt.datetime | None,
    force: bool,
    cards: bool,
) -> None:
    from ..compute.ledgers import ledgers_by_sheet
    from ..render.xlsx import write_workbook
    from ..render.xlsx.words import L

    # an unknown round is a SelectionError (found here, before the file is opened): the
    # command's user_errors wrapper reports it. Each ledger's rows are made when its sheet
    # is written and let go after it: a county's ledgers are never held all at once.
    data = ledgers_by_sheet(
        ws,
        year=year,
        org=org,
        rounds=round_ids,
        as_of=as_of.date() if isinstance(as_of, dt.datetime) else as_of,
    )
    language = current_lang()
    # written straight into the file (a temporary one until it is whole): a county's
    # workbook is never held in memory
    try:
        with open_atomic(output, overwrite=force) as fh, progress_bar(data.size, "pingyi export xlsx") as step:
            write_workbook(data, fh, lang=language, progress=step, cards=cards)
            size = fh.tell()
    except FileExists:
        fail(tr(N_("{output} already exists; pass --force to replace it"), output=output))
    except OSError as exc:
        fail(tr(N_("cannot write {output}: {reason}"), output=output, reason=exc.strerror or exc))
    err = console(sys.stderr)
    err.print(L("xlsx_wrote", language, file=output, kb=size // 1024 + 1, year=data.year), soft_wrap=True, highlight=False)
    raise typer.Exit(EXIT_OK)


class FormKind(StrEnum):
    scores = "scores"
    evaluation = "evaluation"
    adjustments = "adjustments"
    commitments = "commitments"
    reviews = "reviews"
    surveys = "surveys"
    appraisal = "appraisal"


def template(
    output: OutputOpt,
    org: Annotated[
        str | None,
        org_option(
            "The org whose members are scored (its own members); for --kind evaluation the org evaluated; for adjustments and commitments, only this subtree."
        ),
    ] = None,
    month: Annotated[str | None, option("--month", help="The month scored, YYYY-MM.", metavar="YYYY-MM")] = None,
    kind: Annotated[
        FormKind,
        option(
            "--kind",
            help="What the form records: monthly scores (the default), the democratic evaluation tally, awards and penalties, commitments, a round's reviews, survey counts.",
            show_default=True,
        ),
    ] = FormKind.scores,
    year: Annotated[
        int | None,
        year_option("The year of the records (default: the workspace's year)."),
    ] = None,
    round_id: Annotated[str | None, option("--round", help="With --kind reviews: the round.", metavar="ROUND")] = None,
    options: Annotated[
        list[str] | None,
        option(
            "--option",
            help="With --kind surveys: the answer options (repeat; default: satisfied, fairly satisfied, dissatisfied).",
        ),
    ] = None,
    appraisal: Annotated[
        bool,
        option(
            "--appraisal",
            help="The vote tally of the democratic appraisal for --org and the year (the same as --kind appraisal).",
        ),
    ] = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write an entry sheet to fill in with Excel or WPS and read back with `pingyi import`.

    By default the score-entry sheet of one org (--org) and month (--month):
    the org's scored members in rows, the rule items in columns, the scores already
    recorded filled in; only the score cells can be edited. With --kind, the form of
    another record: evaluation (the democratic evaluation tally of --org), adjustments
    (awards and penalties), commitments, reviews (of --round, with problems and
    rectifications) or surveys (counts); the records already kept are filled in and read
    back with `pingyi import KIND FILE`.
    """
    if appraisal:
        kind = FormKind.appraisal
    if kind is not FormKind.scores:
        from .records import export_form

        export_form(kind.value, output, workspace, year=year, org=org, round_id=round_id, options=options, force=force, lang=lang)
        raise typer.Exit(EXIT_OK)
    with use_lang(lang.value if lang else None):
        if org is None or month is None:
            fail(tr(N_("--org and --month are needed for the score-entry sheet")))
        from ..model.base import MONTH_RE

        if not MONTH_RE.match(month):
            fail(tr(N_("--month {month}: expected a month written YYYY-MM (2024-03)"), month=month))
        _check_output(output, force)
    result = open_workspace(workspace, lang=lang)
    org = check_org(result, org)
    assert org is not None
    with use_lang(lang_of(result, lang)):
        _template(result.workspace, org, month, output, force)


def _template(ws: Workspace, org: str, month: str, output: Path, force: bool) -> None:
    from ..compute.ledgers import score_template
    from ..render.xlsx.template import render_template

    t = score_template(ws, org, month)
    if not t.rows:
        fail(
            tr(
                N_(
                    "{org} ({name}) has no scored members of its own; "
                    "scores are entered by the org the members belong to, usually the branch"
                ),
                org=org,
                name=ws.orgs[org].name,
            )
        )
    content = render_template(t, lang=current_lang())
    _write(output, content, force)
    prefilled = sum(1 for r in t.rows if r.values is not None)
    err = console(sys.stderr)
    extra = tr(N_(", {n} with the scores already recorded"), n=prefilled) if prefilled else ""
    err.print(
        tr(
            N_(
                "wrote {file}: {n} members of {org} × {items} items for {month}{extra}; fill it in, then run `pingyi import scores {name}`"
            ),
            file=output,
            n=len(t.rows),
            org=t.org_name,
            items=len(t.items),
            month=month,
            extra=extra,
            name=output.name,
        ),
        soft_wrap=True,
        highlight=False,
    )
    raise typer.Exit(EXIT_OK)
