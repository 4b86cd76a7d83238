"""The example's scripted history (examples/jiangcheng/README.md, between the ``history``
markers) runs as written, in a temporary folder, and says what the README says it says."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from wsfactory import EXAMPLE, run

README = EXAMPLE / "README.md"
REPO = EXAMPLE.parent.parent

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("sed") is None or shutil.which("cp") is None,
    reason="git, sed and cp are needed",
)


def script() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- history -->", 1)[1].split("<!-- /history -->", 1)[0]
    body = block.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_scripted_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_NAME", "测试")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "测试")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.invalid")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)  # no user settings, no signing
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")  # nothing written into the copy besides git
    cwd = REPO
    outputs: list[tuple[str, int, str]] = []
    for line in script():
        line = line.replace("/tmp/江城", str(tmp_path / "江城"))
        for part in line.split(" && "):
            words = shlex.split(part)
            if words[0] == "cd":
                cwd = Path(words[1])
            elif words[0] == "pingyi":
                monkeypatch.chdir(cwd)
                result = run(*words[1:])
                outputs.append((part, result.exit_code, result.stdout + result.stderr))
            else:
                subprocess.run(words, cwd=cwd, check=True, capture_output=True)
    codes = [code for _, code, _ in outputs]
    assert codes == [0, 3, 0], outputs
    explained = outputs[0][2]
    readme = README.read_text(encoding="utf-8")
    claimed = re.search(r"年度总积分 ([0-9.]+ → [0-9.]+)", readme)
    assert claimed is not None
    assert f"年度总积分: {claimed.group(1)}" in explained
    assert "2024-01 学习提高: 8 → 10" in explained and "scores/ez.yaml" in explained
    assert "没有变动" in outputs[2][2]
    # the example itself is untouched
    assert not (EXAMPLE / ".git").exists()
