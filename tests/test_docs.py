"""Every command and sub-command is documented: named in README.md as ``pingyi COMMAND``
and given help text that ``pingyi COMMAND --help`` shows (the sqlite-utils habit).
Typer carries its own copy of click, so commands are told apart by what they have, not
by their class."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from pingyi.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[tuple[str, ...], Any]]:
    """Every command as (its words after ``pingyi``, the click command), groups included."""
    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(group: Any, prefix: tuple[str, ...]) -> None:
        for name, command in sorted(group.commands.items()):
            words = (*prefix, name)
            found.append((words, command))
            if hasattr(command, "commands"):  # a group: export, import
                walk(command, words)

    root = typer.main.get_command(app)
    walk(root, ())
    return found


COMMANDS = _commands()


def test_the_commands_are_found():
    names = {" ".join(words) for words, _ in COMMANDS}
    assert {"check", "score", "coverage", "export", "export xlsx", "import scores"} <= names


@pytest.mark.parametrize("words", [words for words, _ in COMMANDS], ids=lambda w: " ".join(w))
def test_every_command_is_in_the_readme(words):
    assert f"pingyi {' '.join(words)}" in README, f"`pingyi {' '.join(words)}` is not mentioned in README.md"


@pytest.mark.parametrize("words,command", COMMANDS, ids=lambda w: " ".join(w) if isinstance(w, tuple) else "")
def test_every_command_has_help(words, command):
    assert (command.help or "").strip(), f"`pingyi {' '.join(words)}` has no docstring / help text"
    assert (command.short_help or command.help or "").strip()
    result = CliRunner().invoke(app, [*words, "--help"], env={"PINGYI_LANG": "en"})  # the source text
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    first_line = command.help.strip().splitlines()[0]
    assert first_line.split()[0] in result.output


@pytest.mark.parametrize("words,command", COMMANDS, ids=lambda w: " ".join(w) if isinstance(w, tuple) else "")
def test_every_option_has_help(words, command):
    undocumented = [
        p.opts[0]
        for p in command.params
        if p.param_type_name == "option" and not getattr(p, "hidden", False) and not (p.help or "").strip()
    ]
    assert not undocumented, f"`pingyi {' '.join(words)}`: options without help: {undocumented}"


def test_the_readme_python_examples_run(monkeypatch, capsys):
    """The README's ```python blocks run as written, from the repository's root."""
    import re

    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks, "README.md shows no Python example"
    monkeypatch.chdir(Path(__file__).parent.parent)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip()
