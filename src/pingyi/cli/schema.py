"""``pingyi schema``: write (or verify) the JSON Schemas of every file kind."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, tr
from ..io.write import write_atomic
from ..render.output import console
from ..schema import schema_documents
from .common import EXIT_ERRORS, LangOpt, fail, option


def schema(
    output: Annotated[
        Path, option("--output", "-o", help="Folder to write the schemas to.", metavar="FOLDER", show_default=True)
    ] = Path("schemas"),
    check: Annotated[bool, option("--check", help="Only verify that the folder is up to date (exit 1 if not).")] = False,
    lang: LangOpt = None,
) -> None:
    """Write the JSON Schemas (draft-07) of every file kind, for editor completion."""
    out = console(sys.stderr)
    if output.exists() and not output.is_dir():
        fail(tr(N_("{path} is a file, not a folder"), path=output))
    stale: list[str] = []
    for kind, text in sorted(schema_documents().items()):
        path = output / f"{kind}.schema.json"
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            current = None
        if current == text:
            continue
        stale.append(str(path))
        if not check:
            try:
                write_atomic(path, text, overwrite=True)
            except OSError as exc:
                fail(tr(N_("cannot write {path}: {reason}"), path=path, reason=exc.strerror or str(exc)))
    if check:
        if stale:
            out.print(
                tr(N_("stale: {files}; run `pingyi schema -o schemas` to regenerate"), files=", ".join(stale)),
                soft_wrap=True,
                markup=False,
            )
            raise typer.Exit(EXIT_ERRORS)
        out.print(tr(N_("the schemas are up to date")), markup=False)
    elif stale:
        out.print(tr(N_("wrote {n} schema files to {path}"), n=len(stale), path=output), markup=False)
    else:
        out.print(tr(N_("{path} is up to date"), path=output), markup=False)
