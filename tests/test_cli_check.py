"""`pingyi check` and the command line's common promises (FORMAT §11): exit codes, the
GNU text form, the JSON and CSV shapes, --strict, --rules, --version and --help."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pingyi import __version__
from pingyi.cli import app
from pingyi.i18n import gettext
from wsfactory import CONFIG, golden, make_ws, value_pos

GNU = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error: |warning: |note: |错误：|警告：|注：)(?P<msg>.+)$"
)

BROKEN = {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: nowhere, secretary: m101}\n"}
WARNED = {"z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: dw}\n"}


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")


def run(*args: str, **kw):
    return CliRunner().invoke(app, [str(a) for a in args], **kw)


# ---------------------------------------------------------------------------- exit codes


def test_clean_workspace_exits_0(tmp_path):
    result = run("check", "-w", make_ws(tmp_path))
    assert result.exit_code == 0, result.output
    assert "0" in result.stdout  # the summary: no errors


def test_errors_exit_1(tmp_path):
    result = run("check", "-w", make_ws(tmp_path, BROKEN))
    assert result.exit_code == 1, result.output


def test_warnings_exit_0_but_1_with_strict(tmp_path):
    root = make_ws(tmp_path, WARNED)
    assert run("check", "-w", root).exit_code == 0
    assert run("check", "-w", root, "--strict").exit_code == 1
    assert run("check", "-w", make_ws(tmp_path, sub="clean"), "--strict").exit_code == 0


def test_found_upwards_from_the_current_folder(tmp_path, monkeypatch):
    root = make_ws(tmp_path, {"sub/deeper/z.yaml": BROKEN["z.yaml"]})
    monkeypatch.chdir(root / "sub" / "deeper")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.startswith("sub/deeper/z.yaml:3:")


def test_workspace_option_names_a_subfolder(tmp_path):
    root = make_ws(tmp_path, BROKEN)
    (root / "sub").mkdir()
    result = run("check", "--workspace", root / "sub")
    assert result.exit_code == 1 and result.stdout.startswith("z.yaml:3:")


def test_no_workspace_exits_2_with_a_clear_message(tmp_path):
    (tmp_path / "nothing").mkdir()
    result = run("check", "-w", tmp_path / "nothing")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "pingyi.yaml" in result.stderr and "pingyi init" in result.stderr


def test_a_missing_workspace_folder_exits_2_even_inside_a_workspace(tmp_path, monkeypatch):
    root = make_ws(tmp_path)
    result = run("check", "-w", root / "typo")
    assert result.exit_code == 2
    assert "文件夹" in result.stderr and "typo" in result.stderr and "不存在" in result.stderr
    monkeypatch.setenv("PINGYI_LANG", "en")
    assert "does not exist" in run("check", "-w", root / "typo").stderr


def test_no_workspace_with_json_keeps_stdout_clean(tmp_path):
    (tmp_path / "nothing").mkdir()
    result = run("check", "-w", tmp_path / "nothing", "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""


def test_bad_option_is_a_usage_error(tmp_path):
    assert run("check", "-w", make_ws(tmp_path), "--format", "xml").exit_code == 2
    assert run("check", "--no-such-option").exit_code == 2


# ---------------------------------------------------------------------------- text


def test_text_lines_are_exactly_gnu_form(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "z.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: nowhere}\n",
            "c.yaml": "kind: commitments\nyear: 2024\nitems:\n  - {id: c1, owner: zb1, type: basic, text: 甲}\n  - {id: c1, owner: zb1, type: basic, text: 乙}\n",
        },
    )
    result = run("check", "-w", root, "--lang", "en")
    assert result.exit_code == 1
    *lines, summary = result.stdout.rstrip("\n").split("\n")
    assert all(GNU.match(line) for line in lines), result.stdout
    line, col = value_pos(root, "z.yaml", "parent: nowhere")
    assert f"z.yaml:{line}:{col}: error: the parent `nowhere` is no org of this workspace; check the id" in lines
    assert "z.yaml:3:5: warning: the org `zb3` (三) has no secretary; add `secretary:` with a member id" in lines
    # a note follows its diagnostic, in the same form
    i = next(i for i, x in enumerate(lines) if x.startswith("c.yaml:5:") and ": error: " in x)
    assert lines[i + 1] == "c.yaml:4:10: note: first used here"
    assert summary == "2 errors, 1 warning"
    # in Chinese (the default) the same places, the words error/warning/note in Chinese, as compilers say them
    *zh_lines, zh_summary = run("check", "-w", root).stdout.rstrip("\n").split("\n")
    assert all(GNU.match(line) for line in zh_lines)
    assert f"z.yaml:{line}:{col}: 错误：上级 `nowhere` 不是本工作区的党组织；请核对编号" in zh_lines
    assert "c.yaml:4:10: 注：" + gettext("first used here", "zh") in zh_lines
    assert zh_summary == "2 个错误，1 个警告"


def test_text_summary_in_english(tmp_path):
    result = run("check", "-w", make_ws(tmp_path, BROKEN), "--lang", "en")
    assert result.stdout.rstrip().endswith("1 error, 0 warnings")


def test_text_is_sorted_by_file_line_and_column(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "b.yaml": "kind: org\norgs:\n  - {id: zb4, name: 四, type: branch, parent: no2, secretary: m1}\n",
            "a.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: no1, secretary: m1}\n",
        },
    )
    lines = run("check", "-w", root).stdout.strip().split("\n")[:-1]
    keys = [(m["file"], int(m["line"]), int(m["col"])) for m in map(GNU.match, lines) if m and m["sev"] not in ("note: ", "注：")]
    assert keys == sorted(keys) and keys[0][0] == "a.yaml"


# ---------------------------------------------------------------------------- json and csv


def test_json_has_exactly_the_format_shape(tmp_path):
    root = make_ws(tmp_path, {**BROKEN, "w.yaml": WARNED["z.yaml"].replace("zb3", "zb4")})
    result = run("check", "-w", root, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # stdout is pure JSON
    assert result.stderr == ""
    assert set(data) == {"errors", "warnings"}
    (err,) = data["errors"]
    line, col = value_pos(root, "z.yaml", "parent: nowhere")
    assert {k: err[k] for k in ("file", "line", "column", "message")} == {
        "file": "z.yaml",
        "line": line,
        "column": col,
        "message": "上级 `nowhere` 不是本工作区的党组织；请核对编号",
    }
    assert err["code"] == "unknown-parent"
    assert isinstance(err["line"], int) and isinstance(err["column"], int)
    (warn,) = data["warnings"]
    assert (warn["file"], warn["line"], warn["column"]) == ("w.yaml", 3, 5)
    for d in data["errors"] + data["warnings"]:
        assert {"file", "line", "column", "message"} <= set(d)


def test_json_of_a_clean_workspace(tmp_path):
    result = run("check", "-w", make_ws(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"errors": [], "warnings": []}


def test_json_is_utf8_not_escaped(tmp_path):
    result = run("check", "-w", make_ws(tmp_path, WARNED), "-f", "json")
    assert "三" in result.stdout and "\\u" not in result.stdout


def test_json_notes(tmp_path):
    root = make_ws(
        tmp_path, {"z.yaml": "kind: org\norgs:\n  - {id: zb1, name: 重复, type: branch, parent: dw, secretary: m101}\n"}
    )
    data = json.loads(run("check", "-w", root, "--format", "json").stdout)
    (err,) = data["errors"]
    (note,) = err["notes"]
    assert note["file"] == "orgs.yaml" and (note["line"], note["column"]) == value_pos(root, "orgs.yaml", "id: zb1")


def test_csv(tmp_path):
    root = make_ws(tmp_path, {**BROKEN, "w.yaml": WARNED["z.yaml"].replace("zb3", "zb4")})
    result = run("check", "-w", root, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["file", "line", "column", "severity", "code", "message"]
    by_file = {r["file"]: r for r in rows}
    assert by_file["z.yaml"]["severity"] == "error" and by_file["z.yaml"]["code"] == "unknown-parent"
    assert (by_file["w.yaml"]["line"], by_file["w.yaml"]["column"], by_file["w.yaml"]["severity"]) == ("3", "5", "warning")


# ---------------------------------------------------------------------------- --rules


def test_rules_option_checks_against_another_scheme(tmp_path):
    other = tmp_path / "five-items.yaml"
    other.write_text("kind: rules\nitems:\n" + "".join(f"  - {{id: i{n}, name: 项{n}}}\n" for n in range(5)), encoding="utf-8")
    root = make_ws(
        tmp_path,
        {"s.yaml": "kind: scores\norg: zb1\nmonth: 2023-01\nscores:\n  m101: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]\n"},
    )
    assert run("check", "-w", root).exit_code == 0
    result = run("check", "-w", root, "--rules", other)
    assert result.exit_code == 1
    assert result.stdout.startswith("s.yaml:5:9: 错误：")
    assert "5 items" in result.stdout or "规则规定 5 项" in result.stdout


def test_rules_option_naming_a_missing_file_is_a_usage_error(tmp_path):
    result = run("check", "-w", make_ws(tmp_path), "--rules", tmp_path / "nothere.yaml")
    assert result.exit_code == 2 and "nothere.yaml" in result.stderr


def test_year_option(tmp_path):
    root = make_ws(
        tmp_path,
        {
            "o.yaml": "kind: org\norgs:\n  - {id: zb3, name: 三, type: branch, parent: dw, secretary: m301, members: [{id: m301, name: 甲, status: exempt}]}\n",
            "r.yaml": "kind: ratings\nyear: 2023\nitems:\n  - {member: m301, stars: 8, reason: 直接评定}\n",
            "s.yaml": "kind: scores\norg: zb1\nmonth: 2024-01\nscores:\n  m101: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]\n",
        },
        config=CONFIG,
    )
    assert run("check", "-w", root, "--strict").exit_code == 1  # 2024: m301 is unrated
    assert run("check", "-w", root, "--strict", "--year", "2023").exit_code == 0


# ---------------------------------------------------------------------------- version and help


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"pingyi {__version__}"


def test_python_m_pingyi_version():
    proc = subprocess.run([sys.executable, "-m", "pingyi", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"pingyi {__version__}"


def _commands() -> list[tuple[str, object]]:
    """Every top-level command, as the command line builds it (imported on demand)."""
    import typer.main

    return list(typer.main.get_command(app).commands.items())


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    names = [name for name, _ in _commands()]
    assert {"check", "init", "schema"} <= set(names)
    for name in names:
        assert re.search(rf"\b{re.escape(name)}\b", result.stdout), f"`{name}` is not in --help"


def test_no_arguments_shows_help():
    result = run()
    assert "check" in result.output and "用法" in result.output


@pytest.mark.parametrize("name", ["check", "init", "schema"])
def test_every_foundation_command_has_help(name):
    command = dict(_commands())[name]
    assert (command.help or command.callback.__doc__ or "").strip()
    result = run(name, "--help")
    assert result.exit_code == 0 and "用法" in result.stdout


def test_every_command_has_help_text():
    for name, command in _commands():
        assert (command.help or command.callback.__doc__ or "").strip(), f"`{name}` has no help text"


# ---------------------------------------------------------------------------- the examples

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_WORKSPACES = sorted(p.parent for p in (REPO / "examples").glob("*/pingyi.yaml"))


@pytest.mark.skipif(not EXAMPLE_WORKSPACES, reason="no example workspace yet")
@pytest.mark.parametrize("root", EXAMPLE_WORKSPACES, ids=lambda p: p.name)
def test_every_example_workspace_checks_without_errors(root):
    result = run("check", "-w", root)
    assert result.exit_code == 0, result.stdout
    assert " error: " not in result.stdout


@pytest.mark.skipif(not (REPO / "examples" / "jiangcheng").is_dir(), reason="no example workspace yet")
def test_golden_check_json_of_the_example():
    """tests/golden/check.json; regenerate with PINGYI_UPDATE_GOLDEN=1 when a change is meant."""
    result = run("check", "-w", REPO / "examples" / "jiangcheng", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["errors"] == []
    golden("check.json", data)
