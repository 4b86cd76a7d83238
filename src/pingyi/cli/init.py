"""``pingyi init [DIR]``: a small, valid workspace whose files explain themselves."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..init import InitConflict, create_workspace
from ..render.output import console
from .common import EXIT_USAGE, fail


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")] = Path("."),
    year: Annotated[int | None, typer.Option("--year", "-y", min=1, max=9999, help="Assessment year (default: this year).", show_default=False)] = None,
    name: Annotated[str | None, typer.Option("--name", help="Name shown on reports (default: 某某单位党委).", show_default=False)] = None,
) -> None:
    """Create a workspace: pingyi.yaml, an org tree, a review round, commitments and a
    rating, each file commented in Chinese, with JSON schemas for editor completion.

    Never writes over an existing file.
    """
    if directory.exists() and not directory.is_dir():
        fail(f"{directory} is a file, not a folder", EXIT_USAGE)
    try:
        written = create_workspace(directory, year=year or dt.date.today().year, name=name)
    except InitConflict as exc:
        fail(str(exc), EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot write into {directory}: {exc.strerror or exc}", EXIT_USAGE)
    out = console(sys.stderr)
    for path in written:
        out.print(f"  {path}", soft_wrap=True, highlight=False)
    out.print(f"created a pingyi workspace in {directory} ({len(written)} files); next: pingyi check -w {directory}", soft_wrap=True)
