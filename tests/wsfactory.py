"""Small workspaces built in ``tmp_path`` for the tests, and helpers to look at what
``pingyi.load`` says about them.

    root = make_ws(tmp_path, {"orgs.yaml": ORGS, "r.yaml": '''
        kind: round
        ...
    '''})
    result = load(root)
    d = one(result, "unknown-subject")
    assert_at(d, root, "r.yaml", "zz9")

Texts are dedented, so they can be written indented inside a test. ``bytes`` are written
as they are (for encoding tests). The positions the tests expect are found in the file
itself (``pos``), by the text they must point at, so a test says *what* a diagnostic must
point at, and the assertion is still exact to the column.

The review-report tests (coverage, rectify, commitments, survey) use the larger tree
:data:`TREE` and its rounds, and run the CLI on the result:

    root = build(tmp_path, rounds=[ROUND_H1], extra={"c.yaml": COMMITMENTS})
    ws = workspace(root)                      # loaded, and asserted free of errors
    data = run_json(root, "coverage")         # the CLI's JSON output

Goldens: :func:`golden` compares with ``tests/golden/NAME``; run the tests with
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
from pingyi.diagnostics import Diagnostic, Severity

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"
UPDATE_GOLDEN = os.environ.get("PINGYI_UPDATE_GOLDEN", "") not in ("", "0")

CONFIG = """\
pingyi: 1
name: 测试党委
year: 2024
"""

#: A small, clean org tree: committee `dw` with branches `zb1` and `zb2`.
ORGS = """\
kind: org
orgs:
  - id: dw
    name: 测试党委
    type: committee
    secretary: m001
    deputies: [m002]
    members:
      - {id: m001, name: 张书记}
      - {id: m002, name: 李副书记}
  - id: zb1
    name: 第一党支部
    type: branch
    parent: dw
    secretary: m101
    members:
      - {id: m101, name: 王支书}
      - {id: m102, name: 赵党员}
      - {id: m103, name: 钱党员, status: flowing}
  - id: zb2
    name: 第二党支部
    type: branch
    parent: dw
    secretary: m201
    members:
      - {id: m201, name: 周支书}
      - {id: m202, name: 吴党员}
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

#: A one-review round over :data:`ORGS` (the hardening tests' workspace).
ROUND_R1 = """\
kind: round
id: r1
name: 一轮点评
method: leader
start: 2024-12-01
end: 2024-12-31
reviews:
  - {reviewer: m001, subject: zb1, date: 2024-12-10}
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
    """Dedent and drop a leading newline, so YAML can be written indented in a test."""
    return textwrap.dedent(s).lstrip("\n")


def make_ws(
    tmp_path: Path,
    files: dict[str, str | bytes] | None = None,
    *,
    config: str | bytes | None = None,
    orgs: bool = True,
    sub: str = "ws",
) -> Path:
    """Write a workspace into ``tmp_path / sub`` and return its root.

    ``config`` replaces the default pingyi.yaml; ``orgs`` adds :data:`ORGS` as
    ``orgs.yaml`` (unless ``files`` gives an ``orgs.yaml`` of its own)."""
    root = tmp_path / sub
    root.mkdir(parents=True, exist_ok=True)
    all_files: dict[str, str | bytes] = {}
    all_files["pingyi.yaml"] = CONFIG if config is None else config
    if orgs:
        all_files["orgs.yaml"] = ORGS
    all_files.update(files or {})
    for rel, content in all_files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(text(content), encoding="utf-8")
    return root


def build(
    tmp_path: Path,
    *,
    rounds: list[str] = (),  # type: ignore[assignment]
    extra: dict[str, str] | None = None,
    tree: str = TREE,
    config: str = CONFIG,
    sub: str = "ws",
) -> Path:
    """Write a workspace on :data:`TREE` (or ``tree``): ``rounds/rN.yaml`` for each round
    text, and the ``extra`` files; return its root."""
    files: dict[str, str | bytes] = {"orgs.yaml": tree}
    files.update({f"rounds/r{i}.yaml": r for i, r in enumerate(rounds)})
    files.update(extra or {})
    return make_ws(tmp_path, files, config=config, sub=sub)


def workspace(root: Path, **kwargs: Any) -> pingyi.Workspace:
    """Load and assert there are no errors (warnings are fine)."""
    result = pingyi.load(root, **kwargs)
    assert result.ok, "\n".join(d.format() for d in result.errors)
    return result.workspace


def run(*args: str | Path) -> Any:
    """Run ``pingyi ARGS`` through typer's CliRunner; returns the click Result."""
    return CliRunner().invoke(app, [str(a) for a in args])


def run_json(root: Path, command: str, *args: str, code: int = 0) -> Any:
    """``pingyi COMMAND -w ROOT --format json ARGS``: asserts the exit code, returns the JSON."""
    result = run(command, "-w", root, "--format", "json", *args)
    assert result.exit_code == code, (result.exit_code, result.output)
    return json.loads(result.stdout)


def load(root: Path, **kwargs: Any) -> pingyi.LoadResult:
    return pingyi.load(root, **kwargs)


def codes(result: pingyi.LoadResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def show(result: pingyi.LoadResult) -> str:
    """Every diagnostic in text form, for assertion messages."""
    return "\n".join(d.format() for d in result.diagnostics) or "(no diagnostics)"


def find(result: pingyi.LoadResult, code: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == code]


def one(result: pingyi.LoadResult, code: str, severity: str | None = None) -> Diagnostic:
    """The single diagnostic with this code (and severity, when given)."""
    found = find(result, code)
    assert len(found) == 1, f"expected one `{code}`, got {len(found)}:\n{show(result)}"
    d = found[0]
    if severity is not None:
        assert d.severity == Severity(severity), f"`{code}` is a {d.severity}, expected {severity}:\n{d.format()}"
    return d


def only(result: pingyi.LoadResult, code: str, severity: str = "error") -> Diagnostic:
    """The one and only diagnostic of the result (of ``severity``): a mistake is reported
    once, with no cascade of follow-up errors."""
    same = [d for d in result.diagnostics if d.severity == Severity(severity)]
    assert len(same) == 1 and same[0].code == code, f"expected only `{code}`:\n{show(result)}"
    return same[0]


def clean(result: pingyi.LoadResult) -> None:
    assert not result.diagnostics, show(result)


def pos(root: Path, file: str, needle: str, nth: int = 1, *, shift: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in the file, moved
    ``shift`` characters right (to point into the needle, e.g. at a value after its key)."""
    content = (root / file).read_bytes().decode("utf-8-sig")
    index = -1
    for _ in range(nth):
        index = content.find(needle, index + 1)
        assert index >= 0, f"`{needle}` occurs fewer than {nth} times in {file}"
    index += shift
    line = content.count("\n", 0, index) + 1
    column = index - (content.rfind("\n", 0, index) + 1) + 1
    return line, column


def value_pos(root: Path, file: str, key_and_value: str, nth: int = 1) -> tuple[int, int]:
    """Position of the value in ``key: value`` (the text after ``: ``)."""
    return pos(root, file, key_and_value, nth, shift=key_and_value.index(": ") + 2)


def assert_at(
    d: Diagnostic,
    file: str,
    where: tuple[int, int],
    *,
    severity: str | None = None,
    word: str | None = None,
) -> None:
    """The diagnostic stands in ``file`` at ``where`` (1-based line, column)."""
    got = (d.file, d.line, d.column)
    assert got == (file, *where), f"expected {file}:{where[0]}:{where[1]}, got:\n{d.format()}"
    if severity is not None:
        assert d.severity == Severity(severity), d.format()
    if word is not None:  # in the English source text or its Chinese translation
        shown = (d.message_in("en"), d.message_in("zh"))
        assert any(word in m for m in shown), f"`{word}` not in the message:\n{d.format('en')}\n{d.format('zh')}"


def golden(name: str, data: Any) -> None:
    """Compare ``data`` (JSON-ready) with ``tests/golden/NAME``; with the environment
    variable PINGYI_UPDATE_GOLDEN=1, write it there instead."""
    path = GOLDEN / name
    rendered = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing; run the tests with PINGYI_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected, (
        f"{path.name} differs from the output; if the change is intended, regenerate with PINGYI_UPDATE_GOLDEN=1 pytest"
    )
