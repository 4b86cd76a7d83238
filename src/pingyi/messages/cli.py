"""Messages of the command line's user errors (exit 2): a selection that names nothing,
more than one thing or the wrong kind of thing (:mod:`pingyi.selection`), and output
files (``-o FILE``, :func:`pingyi.cli.common.emit`)."""

from __future__ import annotations

from ..i18n import N_

MESSAGES = {
    "option-unknown-round": N_("{option}: there is no round `{round}` in this workspace (its rounds: {known})."),
    "option-no-rounds-at-all": N_("{option}: there is no round `{round}`: this workspace has no rounds yet."),
    "option-not-an-org": N_("{option}: `{text}` is a member ({names}), not an org. Give an org's id or name."),
    "option-not-a-member": N_("{option}: `{text}` is an org ({names}), not a member. Give a member's id or name."),
    "option-unknown-org": N_("{option}: there is no org `{text}` in this workspace. Did you mean {close}?"),
    "option-unknown-org-nothing-close": N_("{option}: there is no org `{text}` in this workspace. Check the id or the name."),
    "option-unknown-member": N_("{option}: there is no member `{text}` in this workspace. Did you mean {close}?"),
    "option-unknown-member-nothing-close": N_(
        "{option}: there is no member `{text}` in this workspace. Check the id or the name."
    ),
    "option-ambiguous-org": N_("{option}: {count} orgs are named `{text}`: {ids}. Give the id of the one you mean."),
    "option-ambiguous-member": N_("{option}: {count} members are named `{text}`: {ids}. Give the id of the one you mean."),
}

MESSAGES.update(
    {
        "output-exists": N_("{path} already exists. Add --force to replace it, or choose another file name."),
        "output-is-folder": N_("{path} is a folder. Give a file name, such as {path}/report.xlsx."),
        "output-unwritable": N_("cannot write {path}: {reason}."),
        "output-format": N_(
            "cannot tell the format of {path} from its extension: give --format ({formats}), or end the name in {extensions}."
        ),
        "output-xlsx-needs-file": N_("a workbook cannot be shown on the screen: write it to a file with -o FILE.xlsx."),
        "output-no-html": N_("this report has no HTML form: choose --format {formats}."),
        "workspace-not-found": N_(
            "no pingyi.yaml in {path} or any folder above it. Run `pingyi init` to create a workspace there, or give the workspace folder with -w FOLDER."
        ),
        "workspace-folder-missing": N_("the folder {path} does not exist. Check the -w FOLDER you gave."),
        "option-rules-missing": N_("the rules file {path} does not exist."),
        "option-rules-is-folder": N_("the rules file {path} is a folder, not a file."),
    }
)
