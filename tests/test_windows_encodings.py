"""Windows (issue 12.5): with a console or file encoding that cannot show every character
(PYTHONIOENCODING=cp936 or gbk, as on Chinese Windows), no command prints a traceback:
characters the encoding lacks are replaced, the rest is readable Chinese."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_widths import NO_WORKSPACE, invocations, parquet, report_commands  # noqa: F401  (parquet: a fixture)
from wsfactory import EXAMPLE

#: ``explain`` and ``honours`` print ``⌊`` and ``−``, which neither encoding has: both ways.
BOTH_WAYS = {"explain", "honours"}


def runs() -> list[tuple[str, bool, list[str]]]:
    """Every report command (found in the app, as :mod:`test_widths` finds them), piped
    under cp936 or into a file under gbk, in turn; the ones that print characters neither
    encoding has, both ways."""
    out = []
    once = {args[0]: args for args in reversed(invocations())}  # one view of each command
    for k, args in enumerate(once[name] for name in sorted(once)):
        ways = [("cp936", False), ("gbk", True)] if args[0] in BOTH_WAYS else [[("cp936", False), ("gbk", True)][k % 2]]
        out += [(encoding, to_file, args) for encoding, to_file in ways]
    return out


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (EXAMPLE / "pingyi.yaml").is_file():
        pytest.skip("no example workspace")
    target = tmp_path_factory.mktemp("enc") / "ws"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".pingyi-cache"))
    if shutil.which("git"):  # `pingyi diff` compares with the last commit
        git = ["git", "-c", "user.name=pingyi", "-c", "user.email=pingyi@example.org", "-c", "commit.gpgsign=false"]
        for step in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "2024"]):
            subprocess.run([*git, *step], cwd=target, check=True, capture_output=True)
    return target


def pingyi(args: list[str], cwd: Path, encoding: str, stdout: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PINGYI_NO_CACHE": "1"}
    env.pop("PINGYI_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "pingyi", *args], cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, timeout=120
    )


@pytest.mark.parametrize(
    ("encoding", "to_file", "args"),
    runs(),
    ids=lambda v: v if isinstance(v, str) else " ".join(v) if isinstance(v, list) else ("file" if v else "pipe"),
)
def test_reports_never_crash_on_a_chinese_windows_encoding(copy, parquet, tmp_path, encoding, to_file, args):  # noqa: F811
    line = [*args, str(parquet)] if args[0] in NO_WORKSPACE else args
    if to_file:
        target = tmp_path / f"{args[0]}.txt"
        with target.open("wb") as fh:
            result = pingyi(line, copy, encoding, fh)
        out = target.read_bytes()
    else:
        result = pingyi(line, copy, encoding, subprocess.PIPE)
        out = result.stdout
    assert b"Traceback" not in result.stderr, (args, result.stderr.decode(encoding, "replace"))
    assert result.returncode in (0, 1), (args, result.returncode)
    text = out.decode(encoding)  # what was written is valid in that encoding
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), args


def test_every_report_command_runs_under_both_encodings():
    covered = {args[0] for _, _, args in runs()}
    assert covered >= set(report_commands()) and {e for e, _, _ in runs()} == {"cp936", "gbk"}
    assert {f for _, f, _ in runs()} == {True, False}
