"""Start-up and help (issues "From county to province" item 6 and "Speak the users'
language" item 1): ``pingyi --version`` and ``pingyi --help`` answer from the table of
commands without the heavy libraries; ``pingyi COMMAND`` imports its own module only;
every help, walked from the table (so a new command is covered), is Chinese by default,
English without a Chinese character with --lang en, and fits 80 columns; every command
accepts --lang."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from pingyi import __version__
from pingyi.cli import ROOT_OPTIONS, TREE, app
from pingyi.cli.language import _option
from pingyi.cli.registry import Command, Group, cells, paragraphs, quick_answer, wrap
from pingyi.i18n import gettext, use_lang

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: What start-up must not import: the workspace's libraries, the computations, and typer
#: and rich themselves (they are most of the cost).
HEAVY = ("pydantic", "openpyxl", "ruamel", "yaml", "pingyi.compute", "pingyi.loader", "pingyi.workspace", "typer", "rich")

PROBE = """
import sys
from pingyi.entry import main
sys.argv = ["pingyi", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\n".join(sorted(sys.modules)) + "\\nexit %s" % code)
"""


def _run_entry(
    tmp_path: Path, *args: str, lang: str | None = None, env: dict[str, str] | None = None
) -> tuple[str, set[str], str]:
    """(stdout, the modules imported, exit code) of ``pingyi ARGS`` in a fresh interpreter."""
    env = {**{k: v for k, v in os.environ.items() if k not in ("PINGYI_LANG", "COLUMNS")}, **(env or {})}
    if lang:
        env["PINGYI_LANG"] = lang
    env["COLUMNS"] = "80"
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    *modules, code = proc.stderr.strip().splitlines()
    return proc.stdout, set(modules), code.removeprefix("exit ")


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["--version"], f"pingyi {__version__}", "0"),
        (["-V"], f"pingyi {__version__}", "0"),
        (["--help"], "用法：pingyi", "0"),
        (["--lang", "en", "-h"], "Usage: pingyi", "0"),
        ([], "用法：pingyi", "2"),
    ],
)
def test_version_and_help_import_nothing_heavy(tmp_path, args, expected, code):
    out, modules, exit_code = _run_entry(tmp_path, *args)
    assert expected in out and exit_code == code
    assert not _heavy(modules), _heavy(modules)
    assert not [m for m in modules if m.startswith("pingyi.cli.") and m not in ("pingyi.cli.registry",)]


def test_a_command_imports_its_own_module_only(tmp_path):
    out, modules, code = _run_entry(tmp_path, "coverage", "--help", lang="en")
    assert code == "0" and "Review coverage" in out
    commands = {node.target.split(":")[0] for _, node in TREE.walk() if isinstance(node, Command)}
    loaded = {m.removeprefix("pingyi.cli.") for m in modules if m.startswith("pingyi.cli.")}
    assert loaded & commands == {"coverage"}


def test_shell_completion_still_answers(tmp_path):
    """Completion runs the command line without arguments: not a request for help."""
    complete = {"_PINGYI_COMPLETE": "complete_bash", "COMP_WORDS": "pingyi sc", "COMP_CWORD": "1"}
    out, _, code = _run_entry(tmp_path, env=complete)
    assert out.split() == ["schema", "score"] and code == "0"
    zsh = {"_PINGYI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "pingyi imp"}
    out, _, code = _run_entry(tmp_path, env=zsh)
    assert "import" in out and "导入" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_quick_help_is_the_command_line_s_help(lang, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("PINGYI_LANG", lang)
    quick = quick_answer(["--help"], __version__)
    assert quick is not None
    full = CliRunner().invoke(app, ["--help"])
    assert full.exit_code == quick[1] == 0
    assert full.stdout == quick[0]


def test_the_options_of_pingyi_are_listed_as_declared():
    root = typer.main.get_command(app)
    ctx = root.make_context("pingyi", ["--no-cache", "check"], resilient_parsing=True)
    declared = [_option(p) for p in root.get_params(ctx) if p.param_type_name == "option"]
    assert declared == list(ROOT_OPTIONS)


def _built() -> list[tuple[tuple[str, ...], Any, Command | Group]]:
    """Every command and group of the table, with the click command the command line builds."""
    root = typer.main.get_command(app)
    out = []
    for words, node in TREE.walk():
        command = root
        for word in words:
            command = command.commands[word]
        out.append((words, command, node))
    return out


BUILT = _built()


@pytest.mark.parametrize(("words", "command", "node"), BUILT, ids=[" ".join(w) for w, _, _ in BUILT])
def test_the_table_s_summary_is_the_command_s_first_paragraph(words, command, node):
    assert paragraphs(command.help)[0] == node.summary


def _help_texts(command: Any) -> list[str]:
    texts = paragraphs(command.help)
    for param in command.params:
        texts += paragraphs(getattr(param, "help", None))
    return texts


@pytest.mark.parametrize("words", [(), *(w for w, _, _ in BUILT)], ids=lambda w: " ".join(w) or "pingyi")
def test_every_help_in_chinese_and_in_english(words, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no workspace, so no workspace's lang
    env = {"COLUMNS": "80", "PINGYI_LANG": None}
    zh = CliRunner().invoke(app, [*words, "--help"], env=env)
    en = CliRunner().invoke(app, [*words, "--help", "--lang", "en"], env=env)
    assert zh.exit_code == 0 and en.exit_code == 0, zh.output + en.output
    assert CJK.search(zh.stdout) and "用法：" in zh.stdout
    assert not CJK.search(en.stdout), [line for line in en.stdout.splitlines() if CJK.search(line)]
    for output in (zh.stdout, en.stdout):
        wide = [line for line in output.splitlines() if cells(line) > 80]
        assert not wide, wide
        assert "<bool>" not in output and "[default: None]" not in output
        assert not re.search(r"…\s*(│|$)", output, re.MULTILINE)  # nothing cut
    node = next((c for w, c, _ in BUILT if w == words), None)
    texts = _help_texts(node) if node is not None else [*paragraphs(TREE.help()), *(o.help for o in ROOT_OPTIONS)]
    with use_lang("zh"):
        untranslated = [t for t in texts if gettext(t) == t]
    assert not untranslated


@pytest.mark.parametrize(
    ("words", "command"),
    [(w, c) for w, c, n in BUILT if isinstance(n, Command)],
    ids=[" ".join(w) for w, _, n in BUILT if isinstance(n, Command)],
)
def test_every_command_accepts_lang(words, command):
    assert any("--lang" in getattr(p, "opts", ()) for p in command.params), " ".join(words)


def test_help_text_paragraphs_are_one_line_each():
    assert paragraphs("One\n    two.\n\n    三\n    四。\n") == ["One two.", "三四。"]


def test_wrapping_keeps_words_whole_and_counts_chinese_as_two_columns():
    english = "Write the report to this file (.csv opens in Excel and WPS)."
    lines = wrap(english, 20)
    assert " ".join(lines) == english and all(cells(line) <= 20 for line in lines)
    chinese = "把报表写入这个文件（.csv 可用 Excel、WPS 直接打开）。"
    lines = wrap(chinese, 16)
    assert all(cells(line) <= 16 for line in lines)
    assert any(".csv" in line for line in lines) and not any(line.startswith(("，", "。", "）")) for line in lines)
    assert cells("评议 pingyi") == 11
