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

from wsfactory import EXAMPLE

#: Each report once, half of them piped under cp936, the other half into a file under gbk
#: (``explain`` and ``honours`` print ``⌊`` and ``−``, which neither encoding has).
COMMANDS = {
    ("cp936", False): [["coverage", "--by-reviewer"], ["rectify", "--as-of", "2024-12-01"], ["explain", "m303"], ["honours"]],
    ("gbk", True): [["check"], ["coverage"], ["commitments", "--as-of", "2024-12-01"], ["score"]],
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (EXAMPLE / "pingyi.yaml").is_file():
        pytest.skip("no example workspace")
    target = tmp_path_factory.mktemp("enc") / "ws"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".pingyi-cache"))
    return target


def pingyi(args: list[str], cwd: Path, encoding: str, stdout: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PINGYI_NO_CACHE": "1"}
    env.pop("PINGYI_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "pingyi", *args], cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, timeout=120
    )


@pytest.mark.parametrize(("encoding", "to_file"), list(COMMANDS))
def test_reports_never_crash_on_a_chinese_windows_encoding(copy, tmp_path, encoding, to_file):
    for args in COMMANDS[encoding, to_file]:
        if to_file:
            target = tmp_path / f"{args[0]}.txt"
            with target.open("wb") as fh:
                result = pingyi(args, copy, encoding, fh)
            out = target.read_bytes()
        else:
            result = pingyi(args, copy, encoding, subprocess.PIPE)
            out = result.stdout
        assert b"Traceback" not in result.stderr, (args, result.stderr.decode(encoding, "replace"))
        assert result.returncode in (0, 1), (args, result.returncode)
        text = out.decode(encoding)  # what was written is valid in that encoding
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), args
