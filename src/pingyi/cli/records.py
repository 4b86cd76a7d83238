"""Entry forms for evaluation, awards and penalties, commitments, reviews and surveys:
``pingyi export template --kind KIND`` writes one, ``pingyi import KIND FILE`` reads it
back (see :mod:`pingyi.records`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import N_, gettext, ngettext, tr
from ..render.diagnostics import render_text
from ..render.output import console
from .common import EXIT_OK, LangChoice, LangOpt, WorkspaceOpt, dry_run_option, fail, force_option, open_workspace
from .edits import refuse, say, write_edits

KIND_NAMES = {
    "evaluation": N_("democratic evaluation"),
    "adjustments": N_("awards and penalties"),
    "commitments": N_("commitments"),
    "reviews": N_("review records"),
    "surveys": N_("survey counts"),
    "appraisal": N_("democratic appraisal vote tally"),
}


def export_form(
    kind: str,
    output: Path,
    workspace: Path | None,
    *,
    year: int | None,
    org: str | None,
    round_id: str | None,
    options: list[str] | None,
    force: bool,
    lang: LangChoice | None = None,
) -> None:
    from ..io.write import FileExists, write_atomic
    from ..records import record_form
    from ..render.xlsx.records import render_form

    result = open_workspace(workspace, lang=lang)
    ws = result.workspace
    form = record_form(ws, kind, year=year, org=org, round_id=round_id, options=options)  # FormError: exit 2
    data = render_form(form, workspace=ws.name)
    try:
        write_atomic(output, data, overwrite=force)
    except FileExists:
        fail(tr(N_("{path} already exists; pass --force to replace it"), path=output))
    except OSError as exc:
        fail(tr(N_("cannot write: {reason}"), reason=exc.strerror or str(exc)))
    say(
        tr(
            N_("wrote {path}: {kind}, {n} records already kept; fill it in, then run `pingyi import {command} {name}`"),
            path=output,
            kind=gettext(KIND_NAMES[kind]),
            n=len(form.rows),
            command=kind,
            name=output.name,
        )
    )


def import_form(
    kind: str, file: Path, workspace: Path | None, *, force: bool, dry_run: bool, lang: LangChoice | None = None
) -> None:
    from ..io.forms import apply_form, form_edits, read_form
    from ..io.yaml_edit import EditError
    from ..records import plan_form

    result = open_workspace(workspace, lang=lang)
    ws = result.workspace
    err = console(sys.stderr)
    filled = read_form(file)  # FormError: exit 2
    if filled.kind != kind:
        fail(
            tr(
                N_("{file} is a form of {found}, not of {wanted}: run `pingyi import {command} {file}`"),
                file=file.name,
                found=gettext(KIND_NAMES[filled.kind]),
                wanted=gettext(KIND_NAMES[kind]),
                command=filled.kind,
            )
        )
    plan = plan_form(ws, filled)
    if plan.errors:
        n = len(plan.errors)
        refuse(
            plan.diagnostics,
            ngettext(
                "{n} cell of {file} cannot be imported; nothing was written",
                "{n} cells of {file} cannot be imported; nothing was written",
                n,
            ),
            n=n,
            file=file.name,
        )
    render_text(plan.diagnostics, err, summary=False)
    for change in [*plan.header_changes, *plan.changes]:
        say(
            tr(
                N_("{record} {field}: {old} → {new}"),
                record=change.record,
                field=gettext(change.field),
                old=_shown(change.old),
                new=_shown(change.new),
            )
        )
    for name in plan.dropped:
        say(tr(N_("{record} is no longer in the form; it is kept (delete it in the YAML file if it should go)"), record=name))
    summary = tr(
        N_("{added} added, {changed} changed, {same} unchanged"),
        added=len(plan.added),
        changed=len(plan.changes) + len(plan.header_changes),
        same=plan.unchanged,
    )
    try:
        texts = form_edits(ws.root, plan)
    except EditError as exc:
        fail(tr(N_("the files changed while reading them ({reason}); run the import again"), reason=str(exc)))
    changed = len(plan.changes) + len(plan.header_changes)
    write_edits(texts, summary=summary, dry_run=dry_run, force=force, changed=changed, write=lambda: apply_form(ws.root, texts))


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def _import_command(kind: str, help_text: str) -> Callable[..., None]:
    def command(
        file: Annotated[
            Path, typer.Argument(help="The filled-in form (.xlsx) from `pingyi export template --kind`.", show_default=False)
        ],
        workspace: WorkspaceOpt = None,
        force: Annotated[bool, force_option("Change records already kept, as the form says.")] = False,
        dry_run: Annotated[bool, dry_run_option("List what importing the form would change; write nothing.")] = False,
        lang: LangOpt = None,
    ) -> None:
        import_form(kind, file, workspace, force=force, dry_run=dry_run, lang=lang)
        raise typer.Exit(EXIT_OK)

    command.__doc__ = help_text
    command.__name__ = f"import_{kind}"
    return command


IMPORTS = {
    "evaluation": _import_command(
        "evaluation",
        "Import a filled-in democratic evaluation tally: participants and each member's item averages.",
    ),
    "adjustments": _import_command("adjustments", "Import a filled-in form of awards and penalties."),
    "commitments": _import_command("commitments", "Import a filled-in commitments form, with their state at year end."),
    "reviews": _import_command("reviews", "Import a filled-in form of a round's reviews, problems and rectifications."),
    "surveys": _import_command("surveys", "Import a filled-in form of survey counts."),
    "appraisal": _import_command(
        "appraisal",
        "Import a filled-in vote tally of the democratic appraisal: the ballots returned and each member's votes.",
    ),
}
