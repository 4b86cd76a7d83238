"""``pingyi import scores FILE``: read a filled-in score template (``pingyi export
template``) into the org-month's ``kind: scores`` document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, ngettext, tr, use_lang
from .common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    LangOpt,
    WorkspaceOpt,
    dry_run_option,
    fail,
    force_option,
    lang_of,
    open_workspace,
)
from .edits import say

if TYPE_CHECKING:
    from decimal import Decimal

    from ..importing import ImportPlan
    from ..workspace import Workspace


def scores(
    file: Annotated[
        Path, typer.Argument(help="The filled-in template (.xlsx) from `pingyi export template`.", show_default=False)
    ],
    workspace: WorkspaceOpt = None,
    force: Annotated[bool, force_option("Replace scores already recorded that the sheet changes.")] = False,
    dry_run: Annotated[bool, dry_run_option("Show what would change; write nothing.")] = False,
    lang: LangOpt = None,
) -> None:
    """Import the monthly scores of a filled-in template.

    They go into the org-month's scores document: a new scores/ORG/YYYY-MM.yaml, or the
    existing document updated in place (its comments and layout kept).

    Every bad cell (blank, out of range, text, a formula) is reported as
    Sheet!C7 (name, item) and nothing is written (exit 1). Changing a score already
    recorded is shown as old → new and needs --force (exit 2 without it). Importing the
    same sheet again changes nothing.
    """
    result = open_workspace(workspace, lang=lang)
    ws = result.workspace
    language = lang_of(result, lang)
    with use_lang(language):
        _import(ws, file, force=force, dry_run=dry_run)


def _import(ws: Workspace, file: Path, *, force: bool, dry_run: bool) -> None:
    # openpyxl and ruamel.yaml are imported only when a workbook is read
    from ..importing import ImportFailed, WorkbookError, apply_plan, plan_import, read_template, render_plan

    name = file.name
    try:
        content = read_template(file)
    except WorkbookError as exc:
        say(exc.diagnostic(str(file)).format())
        fail(tr(N_("{file} cannot be imported; nothing was written"), file=name), EXIT_USAGE)
    plan = plan_import(ws, content, file=str(file))
    if plan.problems:
        for d in plan.problems:
            say(d.format())
        n = len(plan.problems)
        if all(d.loc is None or d.loc.cell is None for d in plan.problems):  # the template as a whole
            fail(tr(N_("{file} cannot be imported; nothing was written"), file=name), EXIT_USAGE)
        fail(
            ngettext(
                "{n} cell of {file} cannot be imported; nothing was written",
                "{n} cells of {file} cannot be imported; nothing was written",
                n,
            ).format(n=n, file=name),
            EXIT_ERRORS,
        )
    target = plan.new_file or ", ".join(plan.files or plan.existing)
    if plan.nothing_to_do:
        say(
            tr(
                N_("{target} already holds these scores ({n} members of {org}, {month}): nothing to change"),
                target=target,
                n=len(plan.unchanged),
                org=plan.org_name,
                month=plan.month,
            )
        )
        raise typer.Exit(EXIT_OK)
    try:
        rendered = render_plan(ws, plan, source=name)
    except ImportFailed as exc:
        say(exc.diagnostic.format())
        fail(tr(N_("{file} cannot be imported; nothing was written"), file=name), EXIT_USAGE)
    if plan.changes:
        n = len(plan.changes)
        say(
            tr(
                N_("{n} recorded score would change in {target}:")
                if n == 1
                else N_("{n} recorded scores would change in {target}:"),
                n=n,
                target=target,
            )
        )
        for c in plan.changes:
            say(f"  {c.name} ({c.member})  {c.item_name}: {_num(c.old)} → {_num(c.new)}   [{c.where}]")
    for file_, alias, changed in rendered.unaliased:
        say(
            tr(
                N_(
                    "{member} shared the list of {changed} in {file} (a YAML alias *); it now has a list of its own and keeps its scores"
                ),
                member=alias,
                changed=changed,
                file=file_,
            )
        )
    what = _summary(plan)
    if dry_run:
        need = tr(N_(" (needs --force)")) if plan.changes and not force else ""
        say(tr(N_("dry run: would {what}{need}; nothing written"), what=what, need=need))
        raise typer.Exit(EXIT_OK)
    if plan.changes and not force:
        fail(
            tr(
                N_("{n} recorded score(s) would change; pass --force to replace them (--dry-run shows everything)"),
                n=len(plan.changes),
            ),
            EXIT_USAGE,
        )
    try:
        written = apply_plan(ws, plan, source=name, rendered=rendered)
    except ImportFailed as exc:
        say(exc.diagnostic.format())
        fail(tr(N_("{file} cannot be imported; nothing was written"), file=name), EXIT_USAGE)
    files = ", ".join(w.file for w in written)
    done = tr(N_("created {files}: {what}")) if any(w.created for w in written) else tr(N_("updated {files}: {what}"))
    say(done.format(files=files, what=_summary(plan, short=True)))
    raise typer.Exit(EXIT_OK)


def _summary(plan: ImportPlan, *, short: bool = False) -> str:
    if plan.new_file:
        text = tr(N_("{n} members of {org} for {month}"), n=len(plan.rows), org=plan.org_name, month=plan.month)
        return text if short else tr(N_("create {file}: {what}"), file=plan.new_file, what=text)
    parts = []
    if plan.changes:
        parts.append(tr(N_("{n} score changed") if len(plan.changes) == 1 else N_("{n} scores changed"), n=len(plan.changes)))
    if plan.added:
        parts.append(tr(N_("{n} member added") if len(plan.added) == 1 else N_("{n} members added"), n=len(plan.added)))
    if plan.unchanged:
        parts.append(tr(N_("{n} unchanged"), n=len(plan.unchanged)))
    text = tr(N_(", ")).join(parts)
    return text if short else tr(N_("update {files}: {what}"), files=", ".join(plan.files), what=text)


def _num(value: Decimal) -> str:
    from ..io.yaml_edit import number_text

    return number_text(value)
