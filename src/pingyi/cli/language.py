"""The command line in the user's language: the language decided before anything is
printed (help included), the help texts of the command tree translated from the catalog,
and click's usage errors retold in the catalog's words.

The language is FORMAT §11's: ``--lang`` on the command line, else ``PINGYI_LANG``, else
the ``lang`` of the workspace (``-w FOLDER`` or the one found from the current folder),
else Chinese. It is decided once, from the arguments, before typer parses them, so that
``pingyi --help`` and ``pingyi COMMAND --help`` already speak it.

Help texts need no marker: the catalog tool reads them from the command tree itself
(:func:`help_texts`), and :func:`translate_tree` looks up the same
texts at run time.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import typer.rich_utils as rich_utils
from rich.columns import Columns
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from ..i18n import N_, Lang, env_lang, gettext, resolve_lang, set_lang, tr
from ..io.files import WORKSPACE_FILE, WorkspaceNotFound, find_root

#: Words of typer's help and error screens, and the names of the help panels.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
_ENGLISH = {name: getattr(rich_utils, name) for name in TYPER_WORDS}
PANELS = (N_("Workspace"), N_("Reports"), N_("Output"))
HELP_OPTION = N_("Show this message and exit.")
USAGE = N_("Usage: ")

_LANG_LINE = re.compile(rb"^lang\s*:\s*['\"]?([A-Za-z_-]+)", re.MULTILINE)


def _option_value(argv: Sequence[str], *names: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        for name in names:
            if arg == name and i + 1 < len(argv):
                return argv[i + 1]
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
            if not name.startswith("--") and arg.startswith(name) and len(arg) > len(name):
                return arg[len(name) :]
    return None


def workspace_lang(folder: str | None) -> str | None:
    """The ``lang:`` of the workspace of ``folder`` (or the current folder), read cheaply
    from its pingyi.yaml; ``None`` when there is none."""
    try:
        root = find_root(Path(folder) if folder else None)
        head = (root / WORKSPACE_FILE).read_bytes()[:65536]
    except (WorkspaceNotFound, OSError, ValueError):
        return None
    found = _LANG_LINE.search(head)
    return found.group(1).decode("ascii") if found else None


def decide_lang(argv: Sequence[str]) -> Lang:
    """FORMAT §11's language for this command line, before typer parses it."""
    option = _option_value(argv, "--lang")
    if option is not None or env_lang() is not None:
        return resolve_lang(option)
    return resolve_lang(None, workspace_lang(_option_value(argv, "--workspace", "-w")))


def help_texts() -> list[tuple[str, str]]:
    """(where, text) for every help text of the command tree: what the catalog keeps for
    ``--help`` (the catalog tool, :mod:`pingyi.i18n.catalog`, reads them here)."""
    import typer.main

    from . import app

    return list(_texts(typer.main.get_command(app), "pingyi"))


def _texts(command: Any, path: str) -> Iterator[tuple[str, str]]:
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if isinstance(text, str) and text.strip():
            yield path, text
    for param in getattr(command, "params", ()):
        text = getattr(param, "help", None)
        if isinstance(text, str) and text.strip():
            yield f"{path} {param.name}", text
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _texts(sub, f"{path} {name}")


def translate_tree(command: Any) -> None:
    """Every help text of a click command tree, in the language in force (in place: typer
    builds the tree afresh for each run)."""
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if isinstance(text, str) and text.strip():
            setattr(command, attr, gettext(text))
    panel = getattr(command, "rich_help_panel", None)
    if isinstance(panel, str):
        command.rich_help_panel = gettext(panel)
    for param in getattr(command, "params", ()):
        text = getattr(param, "help", None)
        if isinstance(text, str) and text.strip():
            param.help = gettext(text)
        panel = getattr(param, "rich_help_panel", None)
        if isinstance(panel, str):
            param.rich_help_panel = gettext(panel)
    for sub in getattr(command, "commands", {}).values():
        translate_tree(sub)


def use_typer_words() -> None:
    """typer's own words (panel titles, ``[default: …]``) in the language in force."""
    for name, message in TYPER_WORDS.items():
        setattr(rich_utils, name, gettext(message) if gettext(message) != message else _ENGLISH[name])


# --------------------------------------------------------------------------- usage errors

#: (pattern of click's English message, message id of ours)
_USAGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"No such option: (?P<name>\S+) \(Possible options: (?P<close>.*)\)$"),
        N_("there is no option {name}. Did you mean {close}?"),
    ),
    (re.compile(r"No such option: (?P<name>\S+)$"), N_("there is no option {name}.")),
    (
        re.compile(r"No such command '(?P<name>.*)'\. Did you mean (?P<close>.*)\?$"),
        N_("there is no command {name}. Did you mean {close}?"),
    ),
    (re.compile(r"No such command '(?P<name>.*)'\.$"), N_("there is no command {name}.")),
    (re.compile(r"Missing argument '(?P<name>.*)'\.$"), N_("{name} is missing: give it after the command.")),
    (re.compile(r"Missing option '(?P<name>.*)'\.$"), N_("the option {name} is required.")),
    (re.compile(r"Missing command\.$"), N_("a command is missing.")),
    (re.compile(r"Option '(?P<name>.*)' requires an argument\.$"), N_("the option {name} needs a value after it.")),
    (re.compile(r"Option '(?P<name>.*)' requires (?P<n>\d+) arguments\.$"), N_("the option {name} needs {n} values after it.")),
    (re.compile(r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)$"), N_("unexpected extra argument: {args}.")),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$"), N_("unexpected extra argument: {args}.")),
]
_VALUE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"'(?P<value>.*)' does not match the formats? '%Y-%m-%d'"),
        N_("{option}: `{value}` is not a date: write it as YYYY-MM-DD, for example 2024-06-30."),
    ),
    (re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*?)\.?$"), N_("{option}: `{value}` is not one of {choices}.")),
    (re.compile(r"Input should be a valid integer"), N_("{option}: give a whole number.")),
    (re.compile(r"Input should be a valid number"), N_("{option}: give a number.")),
    (re.compile(r"Input should be greater than or equal to (?P<n>\S+)"), N_("{option}: give a number of at least {n}.")),
    (re.compile(r"Input should be less than or equal to (?P<n>\S+)"), N_("{option}: give a number of at most {n}.")),
]
_INVALID = re.compile(r"Invalid value for (?P<option>.+?): (?:Value error, )?(?P<detail>.*)$", re.DOTALL)


def usage_message(text: str) -> str:
    """click's English usage error in the language in force (as it is when no pattern
    knows it)."""
    text = text.strip()
    invalid = _INVALID.match(text)
    if invalid:
        option = invalid.group("option").replace("'", "")
        detail = invalid.group("detail").strip()
        for pattern, message in _VALUE_PATTERNS:
            found = pattern.search(detail)
            if found:
                return tr(message, None, option=option, **found.groupdict())
        return tr(N_("{option}: invalid value: {detail}"), None, option=option, detail=detail)
    for pattern, message in _USAGE_PATTERNS:
        found = pattern.match(text)
        if found:
            return tr(message, None, **{k: v.replace("'", "") for k, v in found.groupdict().items()})
    return text


def show_usage_error(exc: Any) -> None:
    """typer's error screen, in the user's language and without a box: the error, then
    where to look for help."""
    if exc.__class__.__name__ == "NoArgsIsHelpError":
        return
    err = Console(file=sys.stderr, highlight=False)
    head = gettext("error:")
    message = usage_message(exc.format_message())
    text = f"{head}{'' if head.endswith('：') else ' '}{message}"
    if err.is_terminal:
        err.print(f"[bold red]{head}[/]", text[len(head) :], sep="", soft_wrap=True, markup=True)
    else:
        err.print(text, soft_wrap=True, markup=False)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        hint = tr(N_("Run `{command} --help` to see how to use it."), None, command=ctx.command_path)
        err.print(hint, soft_wrap=True, markup=False, style="dim")


rich_utils.rich_format_error = show_usage_error  # type: ignore[assignment]  # typer looks it up when an error occurs


class _FoldingTable(Table):
    """typer's help tables with text folded instead of cut: Chinese has no spaces to
    wrap at, and a help text must never end in "…"."""

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        super().add_row(*renderables, **kwargs)
        for column in self.columns:
            column.overflow = "fold"


def _help_items(items: list[Any], *args: Any, **kwargs: Any) -> Any:
    """An option's help, its default and "required" as one folded text (typer lays them out
    as rich Columns, which cut a long Chinese line with "…")."""
    if all(isinstance(item, Text) for item in items):
        text = Text(" ").join(items)
        text.overflow = "fold"
        return text
    return Columns(items, *args, **kwargs)


rich_utils.Table = _FoldingTable  # type: ignore[misc]
rich_utils.Columns = _help_items  # type: ignore[misc, assignment]


# --------------------------------------------------------------------------- the command classes


class PingyiCommand(TyperCommand):
    """A command whose usage line and help option speak the language in force."""

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.help:
            option.help = gettext(option.help)
        return option


class PingyiGroup(TyperGroup):
    """The ``pingyi`` group: decides the language from the arguments before typer parses
    them, then translates the help texts of the whole command tree."""

    def main(self, args: Sequence[str] | None = None, *pos: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        set_lang(decide_lang(argv))
        use_typer_words()
        translate_tree(self)
        return super().main(argv, *pos, **kwargs)

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.help:
            option.help = gettext(option.help)
        return option


def _usage(line: str) -> str:
    english = "Usage: "
    return gettext(USAGE) + line[len(english) :] if line.startswith(english) else line


__all__ = ["PingyiCommand", "PingyiGroup", "decide_lang", "translate_tree", "usage_message", "workspace_lang"]
