"""A command imports only what it runs: CSV and JSON never load rich (the console and
table library), ``score`` loads nothing of publicity in a workspace without 公示 records,
and no option's value builds a pydantic adapter (which would load
``importlib.metadata``). Checked in a process of its own, on what ``sys.modules`` holds
when the command is done, a first time (the cache made) and again (served from it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wsfactory import EXAMPLE, ROUND_H1, ROUND_H2, build

#: Runs ``pingyi ARGS`` as the ``pingyi`` executable does, then writes the names of the
#: modules it imported, one a line, to the file named by the first argument.
WRAPPER = """
import sys
out, sys.argv = sys.argv[1], ["pingyi", *sys.argv[2:]]
from pingyi.entry import main
try:
    main()
finally:
    with open(out, "w", encoding="utf-8") as f:
        f.write("\\n".join(sorted(sys.modules)))
"""

NEVER = ("rich", "pingyi.compute.publicity")
#: What building a pydantic adapter or validator imports: a workspace read afresh builds
#: the models' validators, a run served from the cache builds none.
WARM_NEVER = ("importlib.metadata", "pydantic.plugin._loader", "pydantic.type_adapter")


def imported(tmp_path: Path, root: Path | None, *args: str) -> tuple[str, set[str]]:
    """(stdout, the modules imported) of ``pingyi ARGS -w ROOT`` (without ``-w`` when
    ``root`` is None) in a process of its own, with the cache in ``tmp_path``."""
    names = tmp_path / "modules.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINGYI_")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "user-cache"), PINGYI_LANG="en", COLUMNS="80")
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(names), *args, *(["-w", str(root)] if root is not None else [])],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, set(names.read_text(encoding="utf-8").split("\n"))


def top(modules: set[str], run: str) -> set[str]:
    """The modules of :data:`NEVER` (and of :data:`WARM_NEVER` when the ``run`` is
    served from the cache), with their packages' modules, among ``modules``."""
    never = NEVER + (WARM_NEVER if run == "again" else ())
    return {m for m in modules for name in never if m == name or m.startswith(name + ".")}


@pytest.fixture
def no_publicity(tmp_path: Path) -> Path:
    """The example workspace without its 公示 records (its checks find warnings)."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pingyi-cache"))
    shutil.rmtree(root / "publicity")
    return root


def test_check_as_json_imports_neither_rich_nor_publicity(tmp_path, no_publicity):
    for run in ("first", "again"):  # the second with another width: not a remembered output
        out, modules = imported(tmp_path, no_publicity, "check", "--format", "json", *(["--lang", "zh"] * (run == "again")))
        assert '"warnings": [' in out and '"code": ' in out
        assert top(modules, run) == set(), run
        assert "pingyi.loader" in modules  # it did load the workspace


def test_score_as_csv_does_not_import_rich(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1, ROUND_H2])
    _, modules = imported(tmp_path, root, "score", "--format", "csv")
    assert "rich" not in modules


def test_score_as_csv_imports_nothing_of_publicity_nor_adapters(tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1, ROUND_H2])
    for run in ("first", "again"):
        out, modules = imported(
            tmp_path, root, "score", "--format", "csv", "--year", "2024", *(["--lang", "zh"] * (run == "again"))
        )
        assert out.startswith("org,org_name,id,name,")
        assert top(modules, run) - {m for m in modules if m == "rich" or m.startswith("rich.")} == set(), run
        assert "pingyi.compute.score" in modules


def test_score_with_publicity_records_still_marks_the_disputed(tmp_path):
    """The publicity computations are still there for a workspace that keeps 公示 records."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pingyi-cache"))
    _, modules = imported(tmp_path, root, "score", "--format", "csv")
    assert "pingyi.compute.publicity" in modules


def test_a_remembered_output_imports_no_model(tmp_path):
    """The same command line again is answered from the cache's index and the output kept
    for it: neither pydantic nor pingyi's models nor the loader are imported."""
    root = build(tmp_path, rounds=[ROUND_H1, ROUND_H2])
    past = time.time() - 10  # older than the cache: a file touched within 2 s is hashed again
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    first, _ = imported(tmp_path, root, "score", "--format", "csv")
    again, modules = imported(tmp_path, root, "score", "--format", "csv")
    assert again == first
    assert "pingyi.memo" in modules and "pingyi.io.cache" in modules
    heavy = {m for m in modules if m.split(".")[0] == "pydantic" or m.startswith(("pingyi.model", "pingyi.loader"))}
    assert heavy == set()


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["score", "--help"]])
def test_version_and_help_never_import_the_cache(tmp_path, args):
    """An answer that ends the run (a SystemExit on its way out) does not import the
    cache to see whether the error is a workspace changed under the run."""
    out, modules = imported(tmp_path, None, *args)
    assert out
    assert "pingyi.io.cache" not in modules and "pingyi.memo" not in modules


def test_help_goes_past_only_what_is_never_remembered():
    from pingyi import entry, memo

    assert set(entry._HELP) <= set(memo._NO_RUN)


def test_wide_characters_are_told_as_the_pattern_told_them():
    """The help's wide characters, told by ranges of code points (no pattern compiled at
    every start), are those of the pattern the help was drawn with."""
    import re

    from pingyi.cli.registry import _WIDE_RANGES, _wide

    pattern = re.compile(
        "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
    )
    edges = {c + d for low, high in _WIDE_RANGES for c in (low, high) for d in (-1, 0, 1)}
    for code in sorted(edges | set(range(0, 0x20000, 13))):
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert _wide(chr(code) + "x") == bool(pattern.match(chr(code))), hex(code)
    assert not _wide("")


def test_the_collector_is_off_for_the_start_and_on_for_the_command(monkeypatch):
    """pingyi.entry keeps the cyclic collector off while it starts (imports, the
    remembered outputs looked up), keeps it away from what the start made, and has it on
    for the command itself and afterwards."""
    import gc

    import pingyi.cli.root
    import pingyi.entry
    import pingyi.memo

    seen: dict[str, object] = {}

    def run(app_main, argv, version):
        seen["looking up"] = gc.isenabled()
        app_main()

    def command():
        seen["command"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()

    monkeypatch.setattr(pingyi.memo, "run", run)
    monkeypatch.setattr(pingyi.cli.root, "app", command)
    monkeypatch.setattr("sys.argv", ["pingyi", "score"])
    assert gc.isenabled()
    try:
        pingyi.entry.main()
        assert gc.isenabled()
        with pytest.raises(SystemExit):
            monkeypatch.setattr("sys.argv", ["pingyi", "--version"])
            pingyi.entry.main()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert seen["looking up"] is False and seen["command"] is True
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 0
