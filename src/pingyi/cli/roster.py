"""``pingyi import roster FILE``: the branch's 党员花名册 (.xlsx or .csv) into the org files."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, gettext, ngettext, tr
from ..render.diagnostics import render_text
from ..render.output import console
from .common import (
    EXIT_OK,
    LangChoice,
    LangOpt,
    WorkspaceOpt,
    dry_run_option,
    fail,
    force_option,
    open_workspace,
    option,
)
from .edits import refuse, say, write_edits

FIELD_LABELS = {
    "name": N_("the name"),
    "org": N_("the branch"),
    "status": N_("the status"),
    "note": N_("the note"),
}
STATUS_LABELS = {
    "active": N_("full member"),
    "exempt": N_("exempt from points"),
    "flowing": N_("flowing member"),
    "probationary": N_("probationary member"),
}


def _shown(field: str, value: str | None) -> str:
    if value is None:
        return "—"
    return gettext(STATUS_LABELS[value]) if field == "status" and value in STATUS_LABELS else value


def roster(
    file: Annotated[Path, typer.Argument(help="The roster (.xlsx, or .csv in UTF-8 or GBK).", show_default=False)],
    workspace: WorkspaceOpt = None,
    parent: Annotated[
        str | None,
        option("--parent", help="Create the branches the roster names that the tree lacks, under this org."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        option("--map", help="Read a column of another name as a field: COLUMN=FIELD (id, name, org, category, status, note)."),
    ] = None,
    keep: Annotated[
        list[str] | None,
        option(
            "--keep",
            help="Also import this personal column (an ID number, a phone number, an address) as an x- key; never printed.",
        ),
    ] = None,
    force: Annotated[bool, force_option("Change members already recorded (name, org, status) as the roster says.")] = False,
    dry_run: Annotated[bool, dry_run_option("List what importing the roster would change; write nothing.")] = False,
    lang: LangOpt = None,
) -> None:
    """Import a member roster into the org files.

    The header row is found by its column names (the Chinese names of the usual roster:
    name, branch, category, status, member number …). Members are added to their branch's entry in the org files (comments and
    layout kept); branches missing from the tree are created under --parent; a changed
    name, branch or status is shown as old → new and needs --force; members the roster no
    longer lists are shown, never deleted. Personal columns (ID number, phone, address) are left
    out unless named with --keep. Importing the same roster again changes nothing.

    Exit 0 done (or nothing to do); 1 bad rows (nothing written); 2 usage, or changes
    without --force.
    """
    import_roster(file, workspace, parent=parent, mapping=mapping or (), keep=keep or (), force=force, dry_run=dry_run, lang=lang)
    raise typer.Exit(EXIT_OK)


def import_roster(
    file: Path,
    workspace: Path | None,
    *,
    parent: str | None,
    mapping: Sequence[str] = (),
    keep: Sequence[str] = (),
    force: bool,
    dry_run: bool,
    lang: LangChoice | None = None,
) -> None:
    """Plan and apply the import, printing the plan; a problem ends the command (exit 1 or 2)."""
    from ..io.files import reader
    from ..io.locate import locate
    from ..io.yaml_edit import EditError
    from ..roster import apply_roster, parse_map, plan_roster, read_roster, roster_edits

    result = open_workspace(workspace, lang=lang)
    ws = result.workspace
    err = console(sys.stderr)
    columns, problems = parse_map(mapping)
    if problems:
        fail(problems[0].message)
    sheet = read_roster(file)  # a RosterError is a usage error (exit 2)
    plan = plan_roster(ws, sheet, parent=parent, mapping=columns, keep=tuple(keep))
    if plan.errors:
        n = len(plan.errors)
        refuse(
            plan.diagnostics,
            ngettext(
                "{n} row of {file} cannot be imported; nothing was written",
                "{n} rows of {file} cannot be imported; nothing was written",
                n,
            ),
            n=n,
            file=file.name,
        )
    try:
        texts = roster_edits(ws, plan)
    except EditError as exc:
        fail(tr(N_("the org files changed while reading them ({reason}); run the import again"), reason=str(exc)))
    for org in plan.new_orgs:
        say(tr(N_("new branch {name} ({id}) under {parent}"), name=org.name, id=org.id, parent=org.parent))
    for m in plan.new_members:
        say(tr(N_("new member {name} ({id}) in {org}"), name=m.name, id=m.id, org=m.org))
    visible = [c for c in plan.changes if not c.sensitive]
    for c in visible:
        label = gettext(FIELD_LABELS.get(c.field, c.field))
        say(
            tr(
                N_("{name} ({id}) {field}: {old} → {new}"),
                name=ws.members[c.member].name,
                id=c.member,
                field=label,
                old=_shown(c.field, c.old),
                new=_shown(c.field, c.new),
            )
        )
    if plan.ignored:
        say(
            tr(N_("personal columns left out: {columns} (name them with --keep to import them)"), columns="、".join(plan.ignored))
        )
    render_text(locate([d for d in plan.diagnostics if not d.is_error], reader(ws.root)), err, summary=False)
    summary = tr(
        N_("{orgs} new branches, {added} new members, {changed} changes, {same} unchanged, {missing} not in the roster"),
        orgs=len(plan.new_orgs),
        added=len(plan.new_members),
        changed=len(visible),
        same=plan.unchanged,
        missing=len(plan.missing),
    )

    def write() -> list[str]:
        try:
            return apply_roster(ws, texts)
        except EditError as exc:
            fail(tr(N_("the org files changed while reading them ({reason}); run the import again"), reason=str(exc)))

    write_edits(texts, summary=summary, dry_run=dry_run, force=force, changed=len(visible), write=write)
