"""``pingyi schema``: write (or verify) the JSON Schemas of every file kind."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..io.write import write_atomic
from ..render.output import console
from ..schema import schema_documents
from ..i18n import N_, tr
from .common import EXIT_ERRORS, fail


def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the schemas to.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Only verify that the folder is up to date (exit 1 if not).")] = False,
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
                fail(f"cannot write {path}: {exc.strerror or exc}")
    if check:
        if stale:
            out.print("stale: " + ", ".join(stale) + "; run `pingyi schema -o schemas` to regenerate", soft_wrap=True)
            raise typer.Exit(EXIT_ERRORS)
        out.print("schemas are up to date")
    else:
        out.print(f"wrote {len(stale)} schema file(s) to {output}" if stale else f"{output} is up to date")
