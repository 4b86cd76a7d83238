"""The command line in the user's language, and its commands imported when named.

The language is FORMAT §11's: ``--lang`` on the command line, else ``PINGYI_LANG``, else
the ``lang`` of the workspace (``-w FOLDER`` or the one found from the current folder),
else Chinese. It is decided once, from the arguments, before typer parses them, so that
``pingyi --help`` and ``pingyi COMMAND --help`` already speak it
(:func:`~pingyi.cli.registry.decide_lang`).

:class:`PingyiGroup` is a group of the command tree (:data:`pingyi.cli.TREE`): its
commands are built from their modules when they are named, and its help is drawn from the
table (:func:`~pingyi.cli.registry.group_help`). :class:`PingyiCommand` translates its help
when it is shown: the texts stay the catalog's English ids until then, which is what the
catalog tool reads (:func:`help_texts`). typer's error screen is retold in the catalog's
words (:func:`install_screens`, done only when an error is shown: rich is slow to import).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from typer import Exit
from typer.core import TyperCommand, TyperGroup

from ..i18n import N_, gettext, set_lang, tr
from .registry import (
    Command,
    Group,
    Option,
    decide_lang,
    group_help,
    panel,
    paragraphs,
    placeholder,
    terminal_width,
    translate_help,
    workspace_lang,
    wrap,
)

#: Words of typer's help and error screens.
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
USAGE = N_("Usage: ")


def help_texts() -> list[tuple[str, str]]:
    """(where, text) for every paragraph of every help text of the command tree: what the
    catalog keeps for ``--help`` (the catalog tool, :mod:`pingyi.i18n.catalog`, reads them
    here). Every command is imported."""
    import typer.main

    from . import TREE, app

    out: list[tuple[str, str]] = []
    for words, node in TREE.walk():
        out.append((" ".join(("pingyi", *words)), node.summary))
    root = typer.main.get_command(app)
    for where, text in _texts(root, "pingyi"):
        out += [(where, p) for p in paragraphs(text)]
    return out


def _texts(command: Any, path: str) -> Iterator[tuple[str, str]]:
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if isinstance(text, str) and text.strip():
            yield path, text
    for param in getattr(command, "params", ()):
        text = getattr(param, "help", None)
        if isinstance(text, str) and text.strip():
            yield f"{path} {param.name}", text
    for name, sub in getattr(command, "commands", {}).items():
        yield from _texts(sub, f"{path} {name}")


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


# --------------------------------------------------------------------------- typer's screens

_installed: list[bool] = []


def install_screens() -> None:
    """typer's error screen in the language in force, and its own words (``Aborted.``).
    Imports rich: done only when an error is shown."""
    import typer.rich_utils as rich_utils

    if not _ENGLISH:
        _ENGLISH.update({name: getattr(rich_utils, name) for name in TYPER_WORDS})
        rich_utils.rich_format_error = show_usage_error  # type: ignore[assignment]
    for name, message in TYPER_WORDS.items():
        setattr(rich_utils, name, gettext(message) if gettext(message) != message else _ENGLISH[name])


_ENGLISH: dict[str, str] = {}


def _shown_type(self: Any, ctx: Any) -> str | None:
    """What an option takes, as its help shows it: nothing for a flag, its metavar, the
    choices, else a word for the kind of value."""
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    if self.metavar is not None:
        return str(self.metavar)
    desc = self.type_descriptor
    if desc.is_choice:
        shown = "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
        if len(shown) > LONGEST_CHOICES:  # named in the help text instead (_extras)
            shown = (self.name or "").upper()
    elif desc.is_datetime:
        shown = "YYYY-MM-DD"
    elif desc.is_path:
        shown = "PATH"
    else:
        bare = self._bare_type(desc.annotation)
        shown = {"int": "N", "float": "N", "str": "TEXT"}.get(bare.removeprefix("list[").removesuffix("]"), "TEXT")
    return shown + ("..." if self.nargs != 1 or desc.is_list else "")


def show_usage_error(exc: Any) -> None:
    """typer's error screen, in the user's language and without a box: the error, then
    where to look for help."""
    from rich.console import Console

    if exc.__class__.__name__ == "NoArgsIsHelpError":
        sys.stdout.write(exc.format_message() + "\n")  # the help of the group named without a command
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


# --------------------------------------------------------------------------- the command classes


def _usage(line: str) -> str:
    english = "Usage: "
    return gettext(USAGE) + line[len(english) :] if line.startswith(english) else line


class _Screens:
    """Help option and usage line in the language in force; typer's screens installed
    before an error reaches them; the options' values turned into their types without
    pydantic where they can be (:mod:`pingyi.cli.coerce`)."""

    def get_params(self, ctx: Any) -> Any:
        from .coerce import install

        params = super().get_params(ctx)  # type: ignore[misc]
        install(params)  # the help and completion options are made here, not declared
        return params

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        """The summary, in the language in force (shell completion shows it)."""
        first = paragraphs(getattr(self, "help", None))
        return gettext(first[0]) if first else ""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except Exception as exc:  # a usage error, or Abort: typer shows it
            if not isinstance(exc, Exit):
                install_screens()
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except Exception as exc:  # a usage error, or Abort: typer shows it
            if not isinstance(exc, Exit):
                install_screens()
            raise


class PingyiCommand(_Screens, TyperCommand):
    """A command whose help speaks the language in force, drawn from the table of its
    parameters (:func:`command_help`)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(command_help(self, ctx))


def _default(param: Any) -> str | None:
    """The default a parameter's help shows (typer's choice of which), or None."""
    show = getattr(param, "show_default", None)
    if isinstance(show, str):
        return show
    value = param.default
    if not show or value is None or callable(value) or value == [] or value == ():
        return None
    if isinstance(value, bool):
        if not getattr(param, "secondary_opts", None):
            return None
        return (param.opts if value else param.secondary_opts)[0].lstrip("-")
    return str(getattr(value, "value", value))


#: Choices longer than this are listed after the help text, not beside the option.
LONGEST_CHOICES = 16


def _extras(param: Any) -> str:
    extras = []
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice and param.metavar is None:
        choices = [str(getattr(c, "value", c)) for c in desc.choices or ()]
        if len("|".join(choices)) > LONGEST_CHOICES:
            extras.append(tr(N_("[one of: {choices}]"), None, choices=", ".join(choices)))
    default = _default(param)
    if default is not None:
        extras.append(gettext(TYPER_WORDS["DEFAULT_STRING"]).format(default))
    if param.required:
        extras.append(gettext(TYPER_WORDS["REQUIRED_LONG_STRING"]))
    return " ".join(extras)


def _argument(param: Any) -> str:
    """An argument as usage and help name it: ``MEMBER``, ``FOLDERS...``."""
    name = str(param.metavar or (param.name or "").upper())
    return name + ("..." if param.nargs != 1 else "")


def command_help(command: Any, ctx: Any, width: int | None = None) -> str:
    """A command's help in the language in force: usage, description, its arguments and
    options, each help text wrapped to the terminal (a Chinese text may break between any
    two characters, an English word never)."""
    width = width or terminal_width()
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    pieces = [ctx.command_path, gettext("[OPTIONS]")]
    for param in params:
        if param.param_type_name == "argument":
            name = placeholder(_argument(param))
            pieces.append(name if param.required else f"[{name}]")
    usage = " ".join(pieces)
    out = ["", " " + gettext(USAGE) + usage, ""]
    for paragraph in paragraphs(command.help):
        out += [" " + line for line in wrap(gettext(paragraph), width - 2)]
        out.append("")
    arguments, options = [], []
    for param in params:
        text = " ".join(t for t in (translate_help(param.help), _extras(param)) if t)
        if param.param_type_name == "argument":
            arguments.append([placeholder(_argument(param)), text])
        else:
            names = sorted(param.opts, key=lambda n: not n.startswith("--"))
            long = " / ".join([names[0], *(n for n in param.secondary_opts if n.startswith("--"))])
            options.append([long, " ".join(names[1:]), placeholder(_shown_type(param, ctx) or ""), text])
    if arguments:
        out += panel(gettext(TYPER_WORDS["ARGUMENTS_PANEL_TITLE"]), arguments, width)
    if options:
        out += panel(gettext(TYPER_WORDS["OPTIONS_PANEL_TITLE"]), options, width)
    return "\n".join(out)


class LazyCommands(Mapping[str, Any]):
    """The commands of a group by name, each built from its module when first asked for
    (iterating gives the names and imports nothing)."""

    def __init__(self, group: PingyiGroup, node: Group):
        self._group = group
        self._node = node
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            node = self._node.commands[name]  # KeyError: no such command
            self.built[name] = build(node, (*self._group.words, name))
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._node.commands)

    def __len__(self) -> int:
        return len(self._node.commands)


def build(node: Command | Group, words: tuple[str, ...]) -> Any:
    """The click command of a node of the tree: a group, or the typer command of the
    node's function (its module imported now), user errors turned into messages."""
    import typer
    import typer.main

    from .common import user_errors
    from .root import group_options

    settings = {"help_option_names": ["-h", "--help"]}
    if isinstance(node, Group):
        sub = typer.Typer(cls=PingyiGroup, name=words[-1], help=node.help(), no_args_is_help=True, context_settings=settings)
        sub.callback()(group_options)
        group = typer.main.get_group(sub)
        assert isinstance(group, PingyiGroup)
        group.node, group.words = node, words
        group.commands = LazyCommands(group, node)  # type: ignore[assignment]
        return group
    one = typer.Typer(add_completion=False, context_settings=settings)
    one.command(words[-1], cls=PingyiCommand)(user_errors(node.callback()))
    return typer.main.get_command(one)


def _option(param: Any) -> Option:
    names = sorted([*param.opts, *param.secondary_opts], key=lambda n: not n.startswith("--"))
    return Option(tuple(names), param.help or "", _shown_type(param, None))


class PingyiGroup(_Screens, TyperGroup):
    """A group of the command tree: ``pingyi`` itself (whose :meth:`main` decides the
    language from the arguments before typer parses them), ``export``, ``import``."""

    def __init__(self, *args: Any, node: Group | None = None, words: tuple[str, ...] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        if node is None:
            from . import TREE

            node = TREE
        self.node = node
        self.words = words
        self.commands = LazyCommands(self, node)  # type: ignore[assignment]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def main(self, args: Sequence[str] | None = None, *pos: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        set_lang(decide_lang(argv))
        return super().main(argv, *pos, **kwargs)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        options = [_option(p) for p in self.get_params(ctx) if p.param_type_name == "option" and not getattr(p, "hidden", False)]
        formatter.write(group_help(self.words, self.node, options))


__all__ = [
    "PingyiCommand",
    "PingyiGroup",
    "decide_lang",
    "help_texts",
    "install_screens",
    "usage_message",
    "workspace_lang",
]
