"""The one policy for the cyclic garbage collector (:mod:`pingyi.speed`), as the command
line applies it: off while a workspace is loaded and while a report is written, back on
afterwards; what was loaded and computed is frozen, never walked again."""

from __future__ import annotations

import gc

from typer.testing import CliRunner

from pingyi.cli import app, common
from wsfactory import EXAMPLE


def test_a_report_is_written_with_the_collector_off_and_restored(monkeypatch):
    seen: list[tuple[bool, int]] = []
    real, real_load = common._emit, common.load_workspace
    loaded: list[int] = []

    def spy(*args):
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return real(*args)

    def load_spy(*args, **kwargs):
        result = real_load(*args, **kwargs)
        loaded.append(gc.get_freeze_count())
        return result

    monkeypatch.setattr(common, "_emit", spy)
    monkeypatch.setattr(common, "load_workspace", load_spy)
    assert gc.isenabled()
    result = CliRunner().invoke(app, ["--no-cache", "score", "-w", str(EXAMPLE), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("org,org_name,id,name")
    ((enabled, frozen),) = seen
    assert not enabled  # off while writing
    assert frozen > loaded[0] > 0  # the workspace frozen once loaded, the computed report too
    assert gc.isenabled()  # restored
