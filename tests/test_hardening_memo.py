"""The remembered outputs (:mod:`pingyi.memo`): served when every declared input is the
same, computed afresh when any one of them changes. Loads are counted, so a test would
fail if the memo were switched off (no hit) or too eager (a hit where it must miss)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import pingyi
from pingyi import memo
from wsfactory import ORGS, ROUND_R1, make_ws

ROUND = ROUND_R1
RULES = "kind: rules\nitem_max: 5\n"


@pytest.fixture(autouse=True)
def private_cache_key(private_cache):
    """Every test here with a cache key of its own (conftest's ``private_cache``)."""


def _age(*paths: Path, seconds: float = 10) -> None:
    past = time.time() - seconds
    for root in paths:
        for path in [*root.rglob("*.yaml")] if root.is_dir() else [root]:
            os.utime(path, (past, past))


class Runner:
    """Runs ``pingyi ARGV`` through :func:`pingyi.memo.run` in this process and counts the
    loads of the workspace."""

    def __init__(self, monkeypatch, capsys, root: Path, argv: list[str]):
        from pingyi.cli import common

        self.capsys = capsys
        self.root = root
        self.argv = argv
        self.version = pingyi.__version__
        self.loads = 0
        real = common.load

        def counted(*args, **kwargs):
            self.loads += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(common, "load", counted)

    def __call__(self, argv: list[str] | None = None) -> tuple[int, str]:
        """(number of loads, output) of one run."""
        from pingyi.cli import app

        argv = argv or self.argv
        before = self.loads
        with pytest.raises(SystemExit):
            memo.run(lambda: app(args=argv, prog_name="pingyi"), argv, self.version)
        out = self.capsys.readouterr().out
        return self.loads - before, out


@pytest.fixture
def runner(tmp_path, monkeypatch, capsys) -> Runner:
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND, "rules.yaml": RULES})
    _age(root)
    return Runner(monkeypatch, capsys, root, ["score", "-w", str(root), "--rules", str(root / "rules.yaml"), "--format", "json"])


def test_the_same_command_line_is_served_without_loading(runner):
    first = runner()
    second = runner()  # stores the output (the file cache now knows every file)
    third = runner()
    assert (first[0], third[0]) == (1, 0)
    assert first[1] == second[1] == third[1]


VARIATIONS = [
    *(f"env {name}" for name in memo.ENVIRONMENT),
    "argv",
    "day",
    "terminal",
    "sources",
    "version",
    "edited file",
    "added file",
    "removed file",
    "workspace file",
    "named file",
]


def test_the_inputs_are_declared_in_one_place(runner):
    runner()
    known = memo.inputs(runner.argv, runner.root, pingyi.__version__)
    assert known is not None
    assert {"argv", "files", "named files", "day", "terminal", "width", "pingyi", "python"} <= known.keys()
    wanted = ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "PINGYI_LANG", "LANG", "LC_ALL")
    assert {f"env {name}" for name in wanted} <= known.keys()
    assert "pingyi.yaml" in known["files"] and "rules.yaml" in known["named files"]


@pytest.mark.parametrize("what", VARIATIONS)
def test_changing_any_input_is_a_miss(runner, monkeypatch, what):
    runner()
    runner()
    assert runner()[0] == 0  # remembered
    root = runner.root
    argv = None
    if what.startswith("env "):
        monkeypatch.setenv(what[4:], "1" if what[4:] in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES") else "en_US.UTF-8")
    elif what == "argv":
        argv = [*runner.argv, "--lang", "en"]
    elif what == "day":
        monkeypatch.setattr(memo, "_today", lambda: "2099-12-31")
    elif what == "terminal":
        monkeypatch.setattr(memo, "_terminal", lambda: (True, 80))
    elif what == "sources":
        monkeypatch.setattr(memo, "code_digest", lambda: "another-build")
    elif what == "version":
        runner.version = "9.9.9"
    elif what == "edited file":
        (root / "r.yaml").write_text(ROUND.replace("2024-12-10", "2024-12-11"), encoding="utf-8")
    elif what == "added file":
        (root / "r2.yaml").write_text(ROUND.replace("r1", "r2"), encoding="utf-8")
    elif what == "removed file":
        (root / "r.yaml").unlink()
    elif what == "workspace file":
        config = root / "pingyi.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "lang: en\n", encoding="utf-8")
    elif what == "named file":
        (root / "rules.yaml").write_text(RULES.replace("5", "6"), encoding="utf-8")
    for name in ("r.yaml", "r2.yaml", "pingyi.yaml", "rules.yaml"):
        if (root / name).exists() and (root / name).stat().st_mtime > time.time() - 5:
            _age(root / name, seconds=20)  # edited, but looks old: not "racy"
    assert runner(argv)[0] == 1, what


def test_a_command_line_never_run_before_walks_the_folders_once(runner, monkeypatch):
    """A warm cache, a new command line: no remembered output to verify, so only the load
    walks the folders; its output is filed without looking at the files again."""
    from pingyi import loader

    runner()
    walks: list[str] = []
    stats: list[str] = []
    for module in (memo, loader):
        real_scan = module.scan
        monkeypatch.setattr(module, "scan", lambda *a, _real=real_scan, **k: (walks.append("walk"), _real(*a, **k))[1])
    real_untouched = memo.untouched
    monkeypatch.setattr(memo, "untouched", lambda *a: (stats.append("stat"), real_untouched(*a))[1])
    loads, out = runner([*runner.argv, "--lang", "en"])
    assert (loads, walks, stats) == (1, ["walk"], [])
    assert runner([*runner.argv, "--lang", "en"]) == (0, out)  # filed, and served once verified
    assert walks == ["walk", "walk"] and stats  # the lookup walked and looked at every file


def test_a_file_edited_while_a_command_runs_is_never_served_stale(runner, monkeypatch):
    """The output is filed under the files as the run read them; a file edited after the
    load is found changed by the next lookup, which then runs the command again."""
    from pingyi.cli import common

    runner()
    real = common.load
    edited: list[bool] = []

    def load_then_edit(*args, **kwargs):
        result = real(*args, **kwargs)
        if not edited:
            (runner.root / "r.yaml").write_text(ROUND.replace("2024-12-10", "2024-12-11"), encoding="utf-8")
            _age(runner.root / "r.yaml", seconds=20)  # looks old: only its time and size tell
            edited.append(True)
        return result

    monkeypatch.setattr(common, "load", load_then_edit)
    argv = [*runner.argv, "--lang", "en"]
    first = runner(argv)
    monkeypatch.setattr(common, "load", real)
    loads = []
    monkeypatch.setattr(common, "load", lambda *a, **k: (loads.append(1), real(*a, **k))[1])
    second = runner(argv)
    assert edited and loads == [1]  # run again, not served what was filed before the edit
    assert first[1] == second[1]  # a score report does not show the round's date: same text, computed anew


def test_an_edited_file_ends_the_lookup_before_any_walk(runner, monkeypatch):
    """The files recorded are looked at first: an edit (the usual reason to run a command
    again) is found without walking the folders, which only the load then does."""
    from pingyi import loader

    runner()
    runner()
    assert runner()[0] == 0  # remembered
    (runner.root / "r.yaml").write_text(ROUND.replace("2024-12-10", "2024-12-11"), encoding="utf-8")
    _age(runner.root / "r.yaml", seconds=20)
    walks: list[str] = []
    for module in (memo, loader):
        real_scan = module.scan
        monkeypatch.setattr(
            module, "scan", lambda *a, _real=real_scan, _by=module.__name__, **k: (walks.append(_by), _real(*a, **k))[1]
        )
    assert runner()[0] == 1
    assert walks == ["pingyi.loader"]
