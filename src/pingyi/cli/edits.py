"""The end every import that edits YAML files shares (the roster, the entry forms): refuse
a plan with bad rows or cells, say there is nothing to change, or show a dry run, or
refuse changes without ``--force``, or write the files and say which."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn

from ..i18n import N_, tr
from ..render.output import console
from .common import EXIT_ERRORS, EXIT_USAGE, fail

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic


def say(text: str) -> None:
    """One line for people on stderr (the report itself is the files written)."""
    console(sys.stderr).print(text, soft_wrap=True, highlight=False, markup=False)


def refuse(diagnostics: Sequence[Diagnostic], message: str, **args: object) -> NoReturn:
    """Show the problems of an import's plan, then ``message`` (how many rows or cells
    cannot be imported; nothing was written) and exit 1."""
    from ..render.diagnostics import render_text

    render_text(diagnostics, console(sys.stderr), summary=False)
    fail(tr(message, **args), EXIT_ERRORS)


def write_edits(
    texts: Mapping[str, str], *, summary: str, dry_run: bool, force: bool, changed: int, write: Callable[[], list[str]]
) -> None:
    """``texts``: the new text of every file the import changes; ``changed``: how many
    recorded values it changes (those need ``--force``); ``write`` writes them and returns
    the files written."""
    if not texts:
        say(tr(N_("{summary}: nothing to change"), summary=summary))
        return
    if dry_run:
        say(tr(N_("dry run: {summary}; would write {files}; nothing written"), summary=summary, files=", ".join(sorted(texts))))
        return
    if changed and not force:
        message = N_(
            "{n} recorded fields would change; check them above and pass --force to apply them (--dry-run shows everything)"
        )
        fail(tr(message, n=changed), EXIT_USAGE)
    try:
        written = write()
    except OSError as exc:
        fail(tr(N_("cannot write: {reason}"), reason=exc.strerror or str(exc)))
    say(tr(N_("updated {files}: {summary}"), files=", ".join(written), summary=summary))
