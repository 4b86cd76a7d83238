"""Small workspaces for the review-report tests (coverage, rectify, commitments, survey),
written into ``tmp_path`` from YAML strings, and helpers to run the CLI on them.

    root = build(tmp_path, rounds=[ROUND_H1], extra={"c.yaml": COMMITMENTS})
    ws = workspace(root)                      # loaded, and asserted free of errors
    data = run_json(root, "coverage")         # the CLI's JSON output

:data:`TREE` is drawn so that hand counts exercise the cases that trip people (see its
comment). Goldens: :func:`golden` compares with ``tests/golden/NAME``; run the tests with
``PINGYI_UPDATE_GOLDEN=1`` to (re)write them.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import pingyi
from pingyi.cli import app

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"
UPDATE_GOLDEN = os.environ.get("PINGYI_UPDATE_GOLDEN", "") not in ("", "0")

CONFIG = """\
pingyi: 1
name: 测试党委
year: 2024
"""

#: dw 党委 (m001 书记, m002 副书记, m003 委员)
#: ├── zz 党总支 (secretary m101, who is also secretary of zb1; committee m102)
#: │   ├── zb1 支部 (m101, m102, m103 exempt, m104 flowing)
#: │   └── zb2 支部 (secretary m201; m201, m202, m203 probationary)
#: ├── zb3 支部 (secretary m301; m301, m302)
#: │   └── g1 党小组 (secretary m302; no members, nothing below it)
#: └── zb4 支部 (no secretary; only m401, exempt)
TREE = """\
kind: org
orgs:
  - id: dw
    name: 测试党委
    type: committee
    secretary: m001
    deputies: [m002]
    committee: [m003]
    members:
      - {id: m001, name: 张书记}
      - {id: m002, name: 李副书记}
      - {id: m003, name: 王委员}
  - id: zz
    name: 测试党总支
    type: general_branch
    parent: dw
    secretary: m101
    committee: [m102]
  - id: zb1
    name: 第一党支部
    type: branch
    parent: zz
    secretary: m101
    members:
      - {id: m101, name: 赵支书}
      - {id: m102, name: 钱党员}
      - {id: m103, name: 孙老党员, status: exempt, note: 年老体弱}
      - {id: m104, name: 李流动, status: flowing}
  - id: zb2
    name: 第二党支部
    type: branch
    parent: zz
    secretary: m201
    members:
      - {id: m201, name: 周支书}
      - {id: m202, name: 吴党员}
      - {id: m203, name: 郑预备, status: probationary}
  - id: zb3
    name: 第三党支部
    type: branch
    parent: dw
    secretary: m301
    members:
      - {id: m301, name: 冯支书}
      - {id: m302, name: 陈组长}
  - id: g1
    name: 第三支部党小组
    type: group
    parent: zb3
    secretary: m302
  - id: zb4
    name: 第四党支部
    type: branch
    parent: dw
    members:
      - {id: m401, name: 褚病休, status: exempt, note: 长期生病}
"""

#: The first-half round: a review naming several subjects at once, reviews by someone
#: outside the workspace (subjects count, no reviewer credit), a flowing member reviewed.
ROUND_H1 = """\
kind: round
id: 2024-H1
name: 2024年上半年点评
method: leader
start: 2024-06-01
end: 2024-06-30
scope: dw
reviews:
  - reviewer_name: 上级督导组
    subject: dw
    date: 2024-06-05
  - reviewer: m001
    subject: [zz, m101]
    date: 2024-06-10
  - reviewer: m002
    subject: zb3
    date: 2024-06-11
  - reviewer: m101
    subject: [m102, m104]
    date: 2024-06-12
  - reviewer: m201
    subject: m202
    date: 2024-06-13
  - reviewer_name: 群众代表
    subject: [m203]
    date: 2024-06-14
"""

#: The year-end round: the third branch's secretary reviews the group and its leader.
ROUND_H2 = """\
kind: round
id: 2024-H2
name: 2024年下半年点评
method: leader
start: 2024-12-01
end: 2024-12-31
scope: dw
reviews:
  - reviewer: m301
    subject: [g1, m302]
    date: 2024-12-10
"""

#: A round of the year before.
ROUND_2023 = """\
kind: round
id: 2023-H2
name: 2023年下半年点评
method: leader
start: 2023-12-01
end: 2023-12-31
scope: dw
reviews:
  - reviewer: m001
    subject: [zb1, zb2, m201]
    date: 2023-12-05
"""


def text(s: str) -> str:
    return textwrap.dedent(s).lstrip("\n")


def build(
    tmp_path: Path,
    *,
    rounds: list[str] = (),  # type: ignore[assignment]
    extra: dict[str, str] | None = None,
    tree: str = TREE,
    config: str = CONFIG,
    sub: str = "ws",
) -> Path:
    """Write a workspace: pingyi.yaml, ``orgs.yaml`` (``tree``), ``rounds/N.yaml`` for
    each round text, and the ``extra`` files; return its root."""
    root = tmp_path / sub
    files: dict[str, str] = {"pingyi.yaml": config, "orgs.yaml": tree}
    for i, r in enumerate(rounds):
        files[f"rounds/r{i}.yaml"] = r
    files.update(extra or {})
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text(content), encoding="utf-8")
    return root


def workspace(root: Path, **kwargs: Any) -> pingyi.Workspace:
    """Load and assert there are no errors (warnings are fine)."""
    result = pingyi.load(root, **kwargs)
    assert result.ok, "\n".join(d.format() for d in result.errors)
    return result.workspace


def run(*args: str | Path) -> Any:
    """Run ``pingyi ARGS`` through typer's CliRunner; returns the click Result."""
    return CliRunner().invoke(app, [str(a) for a in args])


def run_json(root: Path, command: str, *args: str, code: int = 0) -> Any:
    result = run(command, "-w", root, "--format", "json", *args)
    assert result.exit_code == code, (result.exit_code, result.output)
    return json.loads(result.stdout)


def golden(name: str, data: Any) -> None:
    """Compare ``data`` (JSON-ready) with ``tests/golden/NAME``; with the environment
    variable PINGYI_UPDATE_GOLDEN=1, write it there instead."""
    path = GOLDEN / name
    rendered = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing; run PINGYI_UPDATE_GOLDEN=1 pytest to create it"
    assert json.loads(path.read_text(encoding="utf-8")) == data, (
        f"{path.name} differs from the output; if the change is intended, regenerate with "
        "PINGYI_UPDATE_GOLDEN=1 pytest"
    )
