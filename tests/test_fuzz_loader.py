"""Property tests of the loader on broken input: whatever the bytes of a file, `pingyi.load`
returns diagnostics (never raises), and every diagnostic names a file and a 1-based line and
column inside that file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pingyi
from wsfactory import CONFIG, ORGS, text

FILES = {
    "pingyi.yaml": CONFIG,
    "orgs.yaml": ORGS,
    "rounds/r1.yaml": text(
        """\
        kind: round
        id: 2024-H1
        name: 2024年上半年领导点评
        method: leader
        start: 2024-06-01
        end: 2024-06-30
        scope: dw
        reviews:
          - reviewer: m001
            subject: [zb1, m101]     # 集中点评
            date: 2024-06-12
            mode: meeting
            content: 肯定了成绩,指出了问题。
            problems:
              - problem: 三会一课记录不完整
                measure: 明确专人记录,每月检查
                owner: m101
                due: 2024-07-31
                closed: 2024-07-20
          - {reviewer_name: 州教育局李局长, subject: dw, date: 2024-06-30}
        """
    ),
    "scores/zb1-01.yaml": text(
        """\
        kind: scores
        org: zb1
        month: 2023-01
        scores:
          m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]
          m102: [10, 10, 10, 10, 10, 10, 10, 10, 10, 9.5]
        """
    ),
    "points.yaml": text(
        """\
        kind: ratings
        year: 2024
        items:
          - {member: m103, stars: 8, reason: 年老体弱,按日常表现直接评定}
        ---
        kind: adjustments
        year: 2024
        items:
          - {member: m101, type: award, level: city, date: 2024-05-04, note: 市级优秀教师}
        ---
        kind: evaluation
        org: zb1
        year: 2024
        mass_representatives: 12
        ballots:
          - {m101: [10, 9, 9, 10, 10, 9, 10, 10, 9, 10], m102: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]}
        """
    ),
    "survey.yaml": text(
        """\
        kind: survey
        id: s-2024
        name: 2024年群众满意度测评
        subject: zb1
        date: 2024-12-20
        options: [满意, 合格, 不满意]
        positive: [满意]
        counts: {满意: 332, 合格: 10, 不满意: 2}
        """
    ),
    "rules.yaml": text(
        """\
        kind: rules
        weights: {monthly: 0.7, democratic: 0.3}
        stars:
          - {min: 95, stars: 10, grade: excellent}
          - {min: 80, stars: 8, grade: qualified}
          - {min: 0, stars: 0, grade: unqualified}
        """
    ),
}
FILES["pingyi.yaml"] = CONFIG + "rules: rules.yaml\n"
NAMES = sorted(FILES)

FAST = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "ws"


_last: dict[Path, str] = {}


def write_all(root: Path, replaced: str | None = None, data: bytes | None = None) -> None:
    """The workspace with one file replaced by ``data``: written in full the first time,
    then only the file that changes (and the one changed before, put back)."""
    if root not in _last:
        if root.exists():
            shutil.rmtree(root)
        for name, content in FILES.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8"))
        _last[root] = ""
    previous = _last[root]
    if previous and previous != replaced:
        (root / previous).write_bytes(FILES[previous].encode("utf-8"))
    if replaced is not None and data is not None:
        (root / replaced).write_bytes(data)
    _last[root] = replaced or ""


def assert_well_formed(root: Path) -> pingyi.LoadResult:
    result = pingyi.load(root, cache=False)  # must not raise
    for d in result.diagnostics:
        assert d.file is not None, d
        data = (root / d.file).read_bytes() if (root / d.file).is_file() else None
        assert data is not None, f"{d.format()}: names a file that does not exist"
        # lines as an editor counts them (and libyaml): CR LF, CR and LF end a line
        lines = re.split(r"\r\n|\r|\n", data.decode("utf-8-sig", errors="replace"))
        assert d.line is not None and d.column is not None, f"no position: {d.format()}"
        assert 1 <= d.line <= len(lines), f"line out of the file ({len(lines)} lines): {d.format()}"
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, f"column out of line {d.line}: {d.format()}"
        assert "\n" not in d.message and d.message.strip()
        for n in d.notes:
            assert n.loc is None or (n.line is not None and n.line >= 1), n
    return result


def test_the_unmutated_workspace_is_clean(workspace):
    write_all(workspace)
    result = assert_well_formed(workspace)
    assert result.diagnostics == [], [d.format() for d in result.diagnostics]


MUTATION = st.tuples(
    st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate-line", "swap-lines"]),
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(
        [
            ":",
            "\t",
            "-",
            "[",
            "]",
            "{",
            "}",
            ",",
            "#",
            " ",
            "\n",
            "  ",
            "&a",
            "*a",
            "!",
            "'",
            '"',
            "|",
            ">",
            "?",
            "%",
            "@",
            "`",
            "中",
            "\x00",
            "\ufeff",
            "~",
            "---\n",
        ]
    ),
)


def mutate(content: str, mutations: list[tuple[str, int, str]]) -> str:
    for op, at, piece in mutations:
        if not content:
            break
        i = at % (len(content) + 1)
        if op == "delete":
            content = content[:i] + content[i + 1 :]
        elif op == "insert":
            content = content[:i] + piece + content[i:]
        elif op == "replace":
            content = content[:i] + piece + content[i + 1 :]
        elif op == "truncate":
            content = content[:i]
        else:
            lines = content.split("\n")
            j = at % len(lines)
            if op == "duplicate-line":
                lines.insert(j, lines[j])
            else:
                k = (j + 1) % len(lines)
                lines[j], lines[k] = lines[k], lines[j]
            content = "\n".join(lines)
    return content


@FAST
@given(name=st.sampled_from(NAMES), mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_files_give_diagnostics_not_exceptions(workspace, name, mutations):
    write_all(workspace, name, mutate(FILES[name], mutations).encode("utf-8"))
    assert_well_formed(workspace)


@FAST
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=300))
def test_random_bytes_give_diagnostics_not_exceptions(workspace, name, data):
    write_all(workspace, name, data)
    assert_well_formed(workspace)


YAMLISH = st.lists(
    st.sampled_from(list(" :-[]{},#&*!|>'\"\n\tab01中?%.~") + ["kind: ", "org\n", "orgs:", "id: ", "  - ", "scores\n"]),
    max_size=60,
).map("".join)


@FAST
@given(name=st.sampled_from(NAMES), body=YAMLISH)
def test_random_yaml_like_text_gives_diagnostics_not_exceptions(workspace, name, body):
    write_all(workspace, name, body.encode("utf-8"))
    assert_well_formed(workspace)


@FAST
@given(
    name=st.sampled_from(NAMES),
    at=st.integers(min_value=0, max_value=5000),
    bad=st.sampled_from([b"\xff", b"\xc3", b"\xe4\xb8", b"\x81"]),
    bom=st.booleans(),
)
def test_an_invalid_byte_is_located_where_it_is(workspace, name, at, bad, bom):
    encoded = FILES[name].encode("utf-8")
    # cut on a character boundary, then insert bytes that are not UTF-8
    cut = len(FILES[name][: at % (len(FILES[name]) + 1)].encode("utf-8"))
    data = (b"\xef\xbb\xbf" if bom else b"") + encoded[:cut] + bad + encoded[cut:]
    write_all(workspace, name, data)
    result = assert_well_formed(workspace)
    if name == "pingyi.yaml":
        return
    enc = [d for d in result.errors if d.code == "encoding" and d.file == name]
    assert len(enc) == 1, [d.format() for d in result.diagnostics]
    before = FILES[name][: at % (len(FILES[name]) + 1)]
    assert (enc[0].line, enc[0].column) == (before.count("\n") + 1, len(before.split("\n")[-1]) + 1)
