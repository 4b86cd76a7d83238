"""Bad input never gives a traceback: odd files and folders in the workspace, a broken
pingyi.yaml, and options out of range are diagnostics or usage errors (FORMAT §11 exit
codes 1 and 2)."""

from __future__ import annotations

import json
import os
import sys

import pytest

from wsfactory import EXAMPLE, ORGS, make_ws, one, run, show

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and pipes as on POSIX")


def no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    """The command ended on its own terms: an exit code of the contract, no exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@needs_posix
def test_a_link_to_the_workspace_itself_or_above_ends(tmp_path):
    root = make_ws(tmp_path)
    os.symlink(".", root / "self")
    os.symlink("..", root / "up")
    result = run("check", "-w", root, "--format", "json")
    no_traceback(result)
    assert result.exit_code == 0, result.output


@needs_posix
def test_a_file_link_loop_and_a_dangling_link_are_unreadable_files(tmp_path):
    root = make_ws(tmp_path)
    os.symlink("b.yaml", root / "a.yaml")
    os.symlink("a.yaml", root / "b.yaml")
    os.symlink(tmp_path / "nowhere.yaml", root / "gone.yaml")
    result = pingyi_load(root)
    found = sorted((d.file, d.code) for d in result.errors)
    assert found == [("a.yaml", "unreadable"), ("b.yaml", "unreadable"), ("gone.yaml", "unreadable")], show(result)
    assert all(d.line == 1 and d.column == 1 for d in result.errors)


@needs_posix
def test_a_pipe_named_yaml_is_reported_not_waited_on(tmp_path):
    root = make_ws(tmp_path)
    os.mkfifo(root / "pipe.yaml")
    d = one(pingyi_load(root), "unreadable")
    assert d.file == "pipe.yaml" and "no plain file" in d.message_in("en")


def test_a_folder_named_like_a_yaml_file_is_a_folder(tmp_path):
    root = make_ws(tmp_path, {"x.yaml/inside.yaml": "kind: commitments\nyear: 2024\nitems: []\n"})
    result = pingyi_load(root)
    assert result.ok, show(result)
    assert [doc.loc.file for doc in result.workspace.commitments] == ["x.yaml/inside.yaml"]


@pytest.mark.parametrize("config", [b"", b"\x00\x01binary\xff\xfe", b"- 1\n- 2\n", "pingyi: 1\nname: t\nyear: 99999\n"])
def test_an_empty_binary_or_odd_pingyi_yaml_is_an_error_in_every_command(tmp_path, config):
    root = make_ws(tmp_path, config=config)
    for command in ("check", "score", "coverage", "rectify", "commitments", "survey", "honours"):
        result = run(command, "-w", root)
        no_traceback(result)
        assert result.exit_code == 1, (command, result.output)
        assert "pingyi.yaml:" in result.output


@pytest.mark.parametrize("year", ["0", "99999", "abc", "-1"])
@pytest.mark.parametrize("command", ["score", "coverage", "rectify", "commitments", "survey", "honours"])
def test_a_year_out_of_range_is_a_usage_error(command, year):
    result = run(command, "-w", EXAMPLE, "--year", year)
    no_traceback(result)
    assert result.exit_code == 2, result.output


def test_a_year_out_of_range_in_a_document_is_an_error(tmp_path):
    root = make_ws(tmp_path, {"c.yaml": "kind: commitments\nyear: 20240\nitems: []\n"})
    d = one(pingyi_load(root), "bad-value")
    assert (d.file, d.line) == ("c.yaml", 2) and "1 to 9999" in d.message_in("en")


def test_schema_and_init_into_a_file_are_usage_errors(tmp_path):
    file = tmp_path / "plain.txt"
    file.write_text("x", encoding="utf-8")
    for args in (("schema", "-o", file), ("init", file)):
        result = run(*args)
        no_traceback(result)
        assert result.exit_code == 2 and "不是文件夹" in result.output, result.output
    assert file.read_text(encoding="utf-8") == "x"


def test_a_rules_option_naming_a_folder(tmp_path):
    result = run("score", "-w", EXAMPLE, "--rules", tmp_path)
    assert result.exit_code == 2 and "是一个文件夹" in result.output, result.output


def test_explain_of_an_org_names_the_argument(monkeypatch):
    result = run("explain", "jyj", "-w", EXAMPLE)
    assert result.exit_code == 2
    assert "党员：" in result.output and "jyj" in result.output and "--member" not in result.output
    monkeypatch.setenv("PINGYI_LANG", "en")
    result = run("explain", "jyj", "-w", EXAMPLE)
    assert "MEMBER" in result.output and "jyj" in result.output and "--member" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("score", "--member", "nobody"),
        ("score", "--org", "nowhere"),
        ("score", "--quarter", "7"),
        ("coverage", "--round", "nothing"),
        ("coverage", "--fail-under", "abc"),
        ("rectify", "--owner", "nobody"),
        ("rectify", "--as-of", "2024-13-45"),
        ("honours", "--org", "m303"),
        ("survey", "--bogus"),
    ],
)
def test_unknown_ids_and_nonsense_options_are_usage_errors(args):
    result = run(*args, "-w", EXAMPLE)
    no_traceback(result)
    assert result.exit_code == 2, result.output


def test_a_missing_workspace_is_a_usage_error(tmp_path):
    for command in ("check", "score", "coverage", "rectify", "commitments", "survey", "honours"):
        result = run(command, "-w", tmp_path / "missing")
        no_traceback(result)
        assert result.exit_code == 2 and "不存在" in result.output, result.output


def pingyi_load(root):  # type: ignore[no-untyped-def]
    import pingyi

    return pingyi.load(root, cache=False)


def test_a_score_of_five_thousand_digits_is_an_error_at_its_place(tmp_path):
    """The fast reader of scores leaves a number no score can be to the full validation,
    which reports it: no traceback (Python refuses int() of more than 4,300 digits)."""
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pingyi-cache"))
    scores = root / "scores" / "sx.yaml"
    text = scores.read_text(encoding="utf-8")
    scores.write_text(text.replace("[10,", "[" + "9" * 5000 + ",", 1), encoding="utf-8")
    result = run("--no-cache", "check", "-w", root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "scores/sx.yaml:" in result.output


@pytest.mark.parametrize("name", ["钟\x1b[31m晓敏", "钟\u200b晓敏", "钟晓\u202e敏", "钟\x07晓敏"])
def test_a_name_with_an_invisible_character_is_an_error_that_names_it(tmp_path, name):
    """Control, zero-width and bidirectional characters hide or turn text on the screen
    (an escape sequence in a name would reach the terminal): they are refused, and named."""
    root = make_ws(tmp_path, {"orgs.yaml": ORGS.replace("name: 张书记", f"name: {json.dumps(name, ensure_ascii=True)}", 1)})
    result = pingyi_load(root)
    d = next(d for d in result.errors if d.code == "bad-value")
    hidden = next(c for c in name if not c.isprintable())
    assert d.file == "orgs.yaml" and f"U+{ord(hidden):04X}" in d.message
    out = run("check", "-w", root)
    assert "\x1b" not in out.output and out.exit_code == 1
