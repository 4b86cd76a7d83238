"""The command line speaks the user's language (FORMAT §11 "Language"): help, usage
errors and user errors in Chinese by default, English with --lang en, PINGYI_LANG or the
workspace's lang, decided before anything is printed."""

from __future__ import annotations

import re

import pytest
import typer.main

from pingyi.cli import app
from pingyi.cli.language import decide_lang, usage_message
from pingyi.i18n import use_lang
from wsfactory import CONFIG, ROUND_H1, build

CJK = re.compile(r"[\u4e00-\u9fff]")


def command_paths() -> list[list[str]]:
    """Every command and sub-command of the tree, as argv prefixes."""
    root = typer.main.get_command(app)
    out: list[list[str]] = [[]]
    for name, command in getattr(root, "commands", {}).items():
        out.append([name])
        for sub in getattr(command, "commands", {}):
            out.append([name, sub])
    return out


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "pingyi")
def test_every_help_is_chinese_by_default_and_english_on_request(cli, path):
    zh = cli(*path, "--help")
    assert zh.exit_code == 0, zh.output
    assert "用法：" in zh.stdout and "显示本帮助后退出" in zh.stdout
    description = zh.stdout.split("╭", 1)[0]  # the command's own help, above the panels
    assert CJK.search(description.replace("评议 pingyi", "")), description
    assert not re.search(r"…\s*(│|$)", zh.stdout, re.MULTILINE)  # no help text cut at a border
    en = cli(*path, "--help", env={"PINGYI_LANG": "en"})
    assert en.exit_code == 0
    assert "Usage: " in en.stdout and "Show this message" in en.stdout and "用法" not in en.stdout


def test_help_follows_the_environment_and_the_workspace(cli, tmp_path, monkeypatch):
    english = build(tmp_path, config=CONFIG + "lang: en\n", sub="en")
    assert "Review coverage" in cli("coverage", "--help", "-w", english).stdout
    monkeypatch.chdir(english)
    assert "Review coverage" in cli("coverage", "--help").stdout
    assert "点评覆盖率" in cli("coverage", "--help", "--lang", "zh").stdout
    assert "Review coverage" in cli("coverage", "--help", env={"PINGYI_LANG": "en"}).stdout


def test_decide_lang_order(tmp_path, monkeypatch):
    english = build(tmp_path, config=CONFIG + "lang: en\n", sub="en")
    assert decide_lang(["coverage", "-w", str(english)]) == "en"
    assert decide_lang(["coverage", f"--workspace={english}", "--lang", "zh"]) == "zh"
    assert decide_lang(["coverage", "--lang=en"]) == "en"
    monkeypatch.setenv("PINGYI_LANG", "zh")
    assert decide_lang(["coverage", "-w", str(english)]) == "zh"
    monkeypatch.delenv("PINGYI_LANG")
    assert decide_lang(["coverage", "-w", str(tmp_path / "nowhere")]) == "zh"


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["rectify", "--as-of", "2024-13-01"], "不是日期", "is not a date"),
        (["coverage", "--format", "xml"], "不是可选的值", "is not one of"),
        (["coverage", "--fromat", "json"], "您要的是不是 --format", "Did you mean --format"),
        (["coverage", "--year", "abc"], "请填写整数", "give a whole number"),
        (["coverage", "--fail-under", "200"], "不大于 100", "at most 100"),
        (["explain"], "缺少", "is missing"),
        (["nosuch"], "没有 nosuch 这个命令", "there is no command nosuch"),
    ],
)
def test_usage_errors_in_the_user_s_language(cli, args, zh, en, tmp_path):
    root = build(tmp_path, rounds=[ROUND_H1])
    chinese = cli(*args, "-w", root) if args != ["nosuch"] else cli(*args)
    assert chinese.exit_code == 2
    assert zh in chinese.stderr and "错误：" in chinese.stderr and "--help" in chinese.stderr
    assert "╭" not in chinese.stderr and "Traceback" not in chinese.stderr
    english = cli(*args, env={"PINGYI_LANG": "en"})
    assert english.exit_code == 2 and en in english.stderr and not CJK.search(english.stderr)


def test_unknown_click_messages_pass_through():
    with use_lang("zh"):
        assert usage_message("Something new.") == "Something new."
        assert "--x" in usage_message("Invalid value for '--x': Value error, odd")


def test_labels_keep_their_own_meaning_beside_other_catalogs():
    """Where another area's catalog uses the same English word with another meaning, a
    label keeps its own Chinese (the context after ``|``) and its plain English."""
    from pingyi.render.labels import label
    from pingyi.render.output import joined

    expected = {
        "due": ("整改时限", "Due"),
        "made": ("承诺数", "Made"),
        "year_total": ("年度总积分", "Total"),
        "overdue": ("已逾期", "overdue"),
    }
    for key, (zh, en) in expected.items():
        assert (label(key, "zh"), label(key, "en")) == (zh, en)
    assert joined(["甲", "乙"], "zh") == "甲、乙" and joined(["a", "b"], "en") == "a, b"
