"""The workbook in one call: the rows of every ledger computed
(:func:`pingyi.compute.ledgers.compute_ledgers`), then laid out
(:func:`pingyi.render.xlsx.render_workbook`)::

    import pingyi
    from pingyi.workbook import export_workbook
    ws = pingyi.load("examples/jiangcheng").workspace
    open("台账.xlsx", "wb").write(export_workbook(ws, year=2024))

A large workbook is better written straight into its file, never held in memory whole
(:func:`pingyi.render.xlsx.write_workbook`, :func:`pingyi.io.write.open_atomic`)::

    from pingyi.io.write import open_atomic
    from pingyi.workbook import compute_ledgers, write_workbook
    with open_atomic(Path("台账.xlsx"), overwrite=True) as fh:
        write_workbook(compute_ledgers(ws), fh, lang="zh")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .compute.ledgers import compute_ledgers
from .ledgers import Ledgers
from .render.xlsx import Progress, render_workbook, write_workbook
from .workspace import Workspace


def export_workbook(
    ws: Workspace,
    *,
    year: int | None = None,
    org: str | None = None,
    rounds: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
    cards: bool = True,
) -> bytes:
    """The .xlsx bytes of the ledgers of ``year`` (default: the workspace's year)."""
    data = compute_ledgers(ws, year=year, org=org, rounds=rounds, as_of=as_of)
    return render_workbook(data, lang=lang or ws.lang, progress=progress, cards=cards)


__all__ = ["Ledgers", "compute_ledgers", "export_workbook", "render_workbook", "write_workbook"]
