"""``pingyi import scores FILE``: read a filled-in score template (``pingyi export
template``) into the org-month's ``kind: scores`` document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..render.output import console
from .common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, WorkspaceOpt, fail, open_workspace

app = typer.Typer(
    name="import",
    help="Read data back from workbooks: monthly scores entered in a template.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def scores(
    file: Annotated[Path, typer.Argument(help="The filled-in template (.xlsx) from `pingyi export template`.", show_default=False)],
    workspace: WorkspaceOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace scores already recorded that the sheet changes.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
) -> None:
    """Import the monthly scores of a filled-in template.

    They go into the org-month's scores document: a new scores/ORG/YYYY-MM.yaml, or the
    existing document updated in place (its comments and layout kept).

    Every bad cell (blank, out of range, text, a formula) is reported as
    Sheet!C7 (name, item) and nothing is written (exit 1). Changing a score already
    recorded is shown as old → new and needs --force (exit 2 without it). Importing the
    same sheet again changes nothing.
    """
    # openpyxl and ruamel.yaml are imported only when a workbook is read
    from ..importing import ImportProblems, TemplateError, apply_plan, plan_import, read_template
    from ..io.xlsx_read import WorkbookError

    result = open_workspace(workspace)
    ws = result.workspace
    err = console(sys.stderr)
    try:
        content = read_template(file)
        plan = plan_import(ws, content)
    except (WorkbookError, TemplateError) as exc:
        fail(str(exc))
    except ImportProblems as exc:
        for p in exc.problems:
            err.print(p.format(), soft_wrap=True, highlight=False, markup=False)
        n = len(exc.problems)
        fail(f"{n} cell{'s' if n != 1 else ''} of {file.name} cannot be imported; nothing was written", EXIT_ERRORS)
    target = plan.new_file or ", ".join(plan.files or plan.existing)
    if plan.nothing_to_do:
        err.print(
            f"{target} already holds these scores ({len(plan.unchanged)} members of {plan.org_name}, {plan.month}): nothing to change",
            soft_wrap=True,
            highlight=False,
            markup=False,
        )
        raise typer.Exit(EXIT_OK)
    if plan.changes:
        err.print(f"{len(plan.changes)} recorded score{'s' if len(plan.changes) != 1 else ''} would change in {target}:", soft_wrap=True, highlight=False, markup=False)
        for c in plan.changes:
            err.print(
                f"  {c.name} ({c.member})  {c.item_name}: {_num(c.old)} → {_num(c.new)}   [{c.where}]",
                soft_wrap=True,
                highlight=False,
                markup=False,
            )
    what = _summary(plan)
    if dry_run:
        need = " (needs --force)" if plan.changes and not force else ""
        err.print(f"dry run: would {what}{need}; nothing written", soft_wrap=True, highlight=False, markup=False)
        raise typer.Exit(EXIT_OK)
    if plan.changes and not force:
        fail(f"{len(plan.changes)} recorded score(s) would change; pass --force to replace them (--dry-run shows everything)", EXIT_USAGE)
    try:
        written = apply_plan(ws, plan, source=file.name)
    except TemplateError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write: {exc.strerror or exc}")
    files = ", ".join(w.file for w in written)
    err.print(f"{'created' if any(w.created for w in written) else 'updated'} {files}: {what.split(': ', 1)[-1]}", soft_wrap=True, highlight=False, markup=False)
    raise typer.Exit(EXIT_OK)


def _summary(plan) -> str:  # type: ignore[no-untyped-def]
    parts = []
    if plan.new_file:
        return f"create {plan.new_file}: {len(plan.rows)} members of {plan.org_name} for {plan.month}"
    if plan.changes:
        parts.append(f"{len(plan.changes)} score{'s' if len(plan.changes) != 1 else ''} changed")
    if plan.added:
        parts.append(f"{len(plan.added)} member{'s' if len(plan.added) != 1 else ''} added")
    if plan.unchanged:
        parts.append(f"{len(plan.unchanged)} unchanged")
    return f"update {', '.join(plan.files)}: " + ", ".join(parts)


def _num(value) -> str:  # type: ignore[no-untyped-def]
    from ..io.yaml_edit import number_text

    return number_text(value)


app.command("scores")(scores)
