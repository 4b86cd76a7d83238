"""Templates of what pingyi says about a workspace it will not read in full: links that
lead out of it, folders it cannot list, a rules file named outside it."""

from __future__ import annotations

from ..i18n import N_

MESSAGES = {
    "link-outside": N_(
        "`{path}` is a symbolic link that leads out of the workspace; pingyi does not read it. "
        "Copy the file or folder into the workspace to use it"
    ),
    "unreadable-folder": N_(
        "the folder `{path}` cannot be read ({reason}), so none of its files are checked or counted; "
        "give yourself permission to read it (or list it under `exclude:` in pingyi.yaml)"
    ),
    "rules-outside": N_(
        "the rules file `{path}` lies outside the workspace, and pingyi reads no file outside it; "
        "copy the file into the workspace, or name it on the command line with `--rules FILE`"
    ),
}
