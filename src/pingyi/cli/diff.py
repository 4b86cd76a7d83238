"""``pingyi diff [REV] [REV2]``: what changed in the results between two git revisions
(FORMAT §15)."""

from __future__ import annotations

import dataclasses
import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UserError
from ..i18n import current_lang, resolve_lang, set_lang
from .common import (
    EXIT_ERRORS,
    EXIT_THRESHOLD,
    AsOfOpt,
    OrgOpt,
    ReportFormat,
    ReportOptions,
    YearOpt,
    cache_enabled,
    option,
    report_options,
)

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..history import Revisions, Side

RevArg = Annotated[
    str,
    typer.Argument(help="The revision to compare from: a tag, a branch or a commit.", show_default=True),
]
Rev2Arg = Annotated[
    str | None,
    typer.Argument(
        help="The revision to compare with (default: the working folder, uncommitted edits included).", show_default=False
    ),
]


@report_options
def diff(
    report: ReportOptions,
    rev: RevArg = "HEAD",
    rev2: Rev2Arg = None,
    org: OrgOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    fail_on_change: Annotated[
        bool, option("--fail-on-change", help="Exit 3 when any result changed (for a pre-commit hook or CI).")
    ] = False,
    explain: Annotated[
        bool, option("--explain", help="Under each changed member, the months and items whose data changed.")
    ] = False,
) -> None:
    """What changed in the results between two git revisions.

    Totals, stars and grades of members, coverage and commitment rates by org,
    commitments, rectifications, surveys, honours and appraisal grades, then the data
    files that changed.

    REV defaults to HEAD (the last commit), REV2 to the working folder. Git is only read.
    The year is --year, else the year in pingyi.yaml at REV.

    Exit 0; 1 when the workspace has errors at either revision; 2 for a git problem (no
    git, no repository, an unknown revision) or an unknown --org; 3 with --fail-on-change
    when a result changed.
    """
    from ..compute.diff import RevisionRef, compute_diff
    from ..diagnostics import render_message
    from ..history import load_revisions
    from ..io.files import WorkspaceNotFound
    from ..render.diff import DiffOutput
    from ..render.output import console

    kind = report.kind
    workspace = report.workspace
    day = as_of.date() if as_of is not None else None
    try:
        pair = load_revisions(workspace, rev, rev2, year=year, as_of=day, cache=cache_enabled())
    except WorkspaceNotFound as exc:
        if workspace is not None and not workspace.exists():
            raise UserError("workspace-folder-missing", path=str(workspace)) from None
        raise UserError("workspace-not-found", path=str(exc.start)) from None
    gc.freeze()  # what was loaded lives until the command ends
    ws_lang = next((s.workspace.lang for s in (pair.after, pair.before) if s.workspace is not None), None)
    set_lang(resolve_lang(report.lang.value if report.lang else None, ws_lang))
    if _report_errors(pair, kind):
        raise typer.Exit(EXIT_ERRORS)
    err = console(sys.stderr)
    for key, args in pair.notes:
        err.print(render_message(key, tuple(args.items())), soft_wrap=True, markup=False)
    changes = compute_diff(
        pair.before.workspace,
        pair.after.workspace,
        year=pair.year,
        as_of=day,
        org=org,
        explain=explain,
        files=pair.files,
        before_ref=RevisionRef(pair.before.rev, pair.before.commit),
        after_ref=RevisionRef(pair.after.rev, pair.after.commit),
    )
    report.emit(DiffOutput(changes))
    if fail_on_change and changes.changed:
        raise typer.Exit(EXIT_THRESHOLD)


def _at(side: Side, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of a side at a revision, their files named the way git names a
    file at a revision (``HEAD:scores/yz1.yaml``); the working folder's stay as they are."""
    if side.rev is None:
        return list(diagnostics)
    out = []
    for d in diagnostics:
        loc = dataclasses.replace(d.loc, file=f"{side.rev}:{d.loc.file}") if d.loc is not None else None
        notes = tuple(
            dataclasses.replace(n, loc=dataclasses.replace(n.loc, file=f"{side.rev}:{n.loc.file}")) if n.loc is not None else n
            for n in d.notes
        )
        out.append(dataclasses.replace(d, loc=loc, notes=notes))
    return out


def _report_errors(pair: Revisions, fmt: ReportFormat) -> bool:
    """Report the diagnostics of each side that has errors, as ``pingyi check`` does,
    prefixed by the revision. True when there were any."""
    from ..diagnostics import render_message
    from ..render.diagnostics import render_text
    from ..render.output import console, to_json

    failing = [s for s in (pair.before, pair.after) if s.result is not None and s.result.errors]
    if not failing:
        return False
    if fmt is ReportFormat.json:
        data: dict[str, list[dict[str, object]]] = {"errors": [], "warnings": []}
        for side in failing:
            assert side.result is not None
            for d in side.result.diagnostics:
                entry = {"rev": side.rev, **d.as_dict()}
                data["errors" if d.is_error else "warnings"].append(entry)
        sys.stdout.write(to_json(data))
        return True
    err = console(sys.stderr)
    for side in failing:
        assert side.result is not None
        if side.rev is None:
            err.print(render_message("diff-errors-now", ()), soft_wrap=True, markup=False)
        else:
            err.print(render_message("diff-errors-at", (("rev", side.rev),)), soft_wrap=True, markup=False)
        render_text(_at(side, side.result.diagnostics), err, lang=current_lang())
    return True
