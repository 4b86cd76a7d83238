"""``pingyi export html -o DIR``: the static site of the year (see :mod:`pingyi.render.site`)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated

from ..errors import UserError
from ..i18n import N_, tr
from ..render.output import console
from ..render.site import build_site
from ..workspace import Workspace
from .common import AsOfOpt, LangOpt, WorkspaceOpt, YearOpt, force_option, open_workspace, option

#: Written into every site, so that ``--force`` replaces only a folder pingyi wrote.
MARKER = ".pingyi-site"


def html(
    output: Annotated[Path, option("--output", "-o", help="The folder to write the site to.", metavar="FOLDER")],
    workspace: WorkspaceOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    force: Annotated[bool, force_option("Replace the folder if it holds a site pingyi wrote before.")] = False,
    lang: LangOpt = None,
) -> None:
    """A static site of the year: headline figures, charts, a page per org and per member.

    Open index.html in any browser, from a USB stick or a shared folder: nothing is fetched
    from the network. Every listing has a filter box; pages print on A4. Exit 0; 1 when the
    workspace has errors; 2 when the folder exists (use --force to replace a site pingyi
    wrote before; another folder is never replaced).
    """
    output = output.resolve()
    if output.exists() and not output.is_dir():
        raise UserError("site-is-file", path=str(output))
    if output.is_dir() and any(output.iterdir()):
        if not force:
            raise UserError("site-exists", path=str(output))
        if not (output / MARKER).is_file():
            raise UserError("site-not-ours", path=str(output))
    result = open_workspace(workspace, year=year, as_of=as_of, lang=lang)
    ws = result.workspace
    count = write_site(ws, output)
    console(sys.stderr).print(
        tr(
            N_("wrote {folder}: {n} files, the site of {name} {year}; open {index} in a browser"),
            folder=output,
            n=count,
            name=ws.name,
            year=ws.year,
            index=output / "index.html",
        ),
        soft_wrap=True,
        markup=False,
        highlight=False,
    )


def write_site(ws: Workspace, output: Path) -> int:
    """Write every page into a fresh folder beside ``output``, then put it in place in one
    rename, so a reader never sees half a site. Returns the number of files written."""
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    count = 0
    try:
        made: set[Path] = set()
        for page in build_site(ws):
            path = tmp / page.path
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(page.text.encode("utf-8"))
            count += 1
        (tmp / MARKER).write_text("pingyi export html\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        old = None
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old.", dir=output.parent))
            os.replace(output, old / "site")
        os.replace(tmp, output)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count
