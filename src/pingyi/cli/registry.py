"""The command tree as data, and the answers that need nothing more.

Every command needs heavy libraries (pydantic, openpyxl, the computations); importing them
all takes far longer than most answers. So the tree is written down here as a small table
(:data:`pingyi.cli.TREE`): each command's name, the module that holds it, its one-line
summary and its panel. ``pingyi --version`` and ``pingyi --help`` answer from the table
alone, without typer (:func:`quick_answer`), and ``pingyi COMMAND`` imports that command's
module only (:class:`pingyi.cli.language.PingyiGroup`).

The help of a group (``pingyi``, ``pingyi export``, ``pingyi import``) is drawn here too,
from the table, in the same boxes typer draws for a command (:func:`group_help`). Help
texts are split into paragraphs, each one line and one catalog entry (:func:`paragraphs`),
so that a translation never breaks a sentence where the English source did.

This module imports nothing heavier than the catalog (:mod:`pingyi.i18n`).
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from importlib import import_module
from typing import Any, NamedTuple

from ..i18n import N_, Lang, env_lang, gettext, resolve_lang

# --------------------------------------------------------------------------- the table


class Command(NamedTuple):
    """A command: ``target`` is ``module:attribute`` (``module:attribute[key]`` for one of
    a mapping of commands) under :mod:`pingyi.cli`; ``summary`` the first paragraph of its
    help (a test holds them equal)."""

    target: str
    summary: str
    panel: str | None = None

    def callback(self) -> Any:
        module, _, attribute = self.target.partition(":")
        name, _, key = attribute.partition("[")
        value = getattr(import_module(f"pingyi.cli.{module}"), name)
        return value[key.rstrip("]")] if key else value


class Group(NamedTuple):
    """A group of commands (``pingyi``, ``pingyi export``): its summary and description
    (paragraphs, the first the summary), the options of its own, its commands in order."""

    summary: str
    commands: dict[str, Command | Group]
    panel: str | None = None
    description: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()

    def help(self) -> str:
        return "\n\n".join((self.summary, *self.description))

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Command | Group]]:
        """Every command and group below this one, depth first, as (words, node)."""
        for name, node in self.commands.items():
            yield (*path, name), node
            if isinstance(node, Group):
                yield from node.walk((*path, name))


class Option(NamedTuple):
    """An option as a group's help lists it."""

    names: tuple[str, ...]  # long name first, then the short one if any
    help: str
    takes: str | None = None  # what it takes (its metavar), None for a flag


HELP_OPTION = Option(("--help", "-h"), N_("Show this message and exit."))


# --------------------------------------------------------------------------- the language


def option_value(argv: Sequence[str], *names: str) -> str | None:
    """The value of the last of the options ``names`` on the command line (``--lang en``,
    ``--lang=en``, ``-wDIR``), or None."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        for name in names:
            if arg == name and i + 1 < len(argv):
                found = argv[i + 1]
            elif name.startswith("--") and arg.startswith(name + "="):
                found = arg.split("=", 1)[1]
            elif not name.startswith("--") and arg.startswith(name) and len(arg) > len(name):
                found = arg[len(name) :]
    return found


_LANG_LINE = re.compile(rb"^lang\s*:\s*['\"]?([A-Za-z_-]+)", re.MULTILINE)


def workspace_lang(folder: str | None) -> str | None:
    """The ``lang:`` of the workspace of ``folder`` (or the current folder), read cheaply
    from its pingyi.yaml; ``None`` when there is none."""
    from ..io.files import WORKSPACE_FILE, WorkspaceNotFound, find_root

    try:
        root = find_root(folder or None)
        head = (root / WORKSPACE_FILE).read_bytes()[:65536]
    except (WorkspaceNotFound, OSError, ValueError):
        return None
    found = _LANG_LINE.search(head)
    return found.group(1).decode("ascii") if found else None


def decide_lang(argv: Sequence[str]) -> Lang:
    """FORMAT §11's language for this command line, before it is parsed: ``--lang``, else
    ``PINGYI_LANG``, else the ``lang`` of the workspace (``-w FOLDER`` or the one found from
    the current folder), else Chinese."""
    option = option_value(argv, "--lang")
    if option is not None or env_lang() is not None:
        return resolve_lang(option)
    return resolve_lang(None, workspace_lang(option_value(argv, "--workspace", "-w")))


# --------------------------------------------------------------------------- help texts

#: The wide characters (Chinese, Japanese, Korean, full-width forms), as ranges of code
#: points: tested a character at a time (a pattern of them takes milliseconds to compile,
#: at every start).
_WIDE_RANGES = (
    (0x1100, 0x115F),
    (0x2E80, 0x303E),
    (0x3041, 0x33FF),
    (0x3400, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
)


def _wide(text: str) -> bool:
    """Whether ``text`` starts with a wide character."""
    if not text:
        return False
    code = ord(text[0])
    return code >= 0x1100 and any(low <= code <= high for low, high in _WIDE_RANGES)


def paragraphs(text: str | None) -> list[str]:
    """A help text as its paragraphs (split at blank lines), each on one line: the lines of
    a paragraph joined by a space, or by nothing beside a Chinese character."""
    out = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        joined = lines[0]
        for line in lines[1:]:
            glue = "" if _wide(joined[-1]) or _wide(line[0]) else " "
            joined += glue + line
        out.append(joined)
    return out


def translate_help(text: str | None) -> str:
    """A help text in the language in force, paragraph by paragraph."""
    return "\n\n".join(gettext(p) for p in paragraphs(text))


# --------------------------------------------------------------------------- drawing


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes (a Chinese character two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


_NO_START = "，。、；：！？）》」』”’,.;:!?)]}…%"
_NO_END = "（《「『“‘([{"


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(token, space before it): a Chinese character is a token of its own, a run of other
    characters one token; punctuation sticks to the neighbour it belongs with."""
    out: list[tuple[str, bool]] = []
    space = False
    glue_next = False
    for piece in re.findall(r"\s+|[^\s]", text):
        if piece.isspace():
            space = True
            continue
        wide = _wide(piece)
        if out and not space and (glue_next or piece in _NO_START or not (wide or _wide(out[-1][0][-1]))):
            out[-1] = (out[-1][0] + piece, out[-1][1])
        else:
            out.append((piece, space))
        glue_next = piece in _NO_END
        space = False
    return out


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a token longer than a line is cut)."""
    lines: list[str] = []
    line = ""
    for token, space in _tokens(text):
        piece = (" " if space and line else "") + token
        if line and cells(line) + cells(piece) > width:
            lines.append(line)
            line, piece = "", token
        while cells(line + piece) > width and not line:
            cut = 0
            while cut < len(piece) and cells(piece[: cut + 1]) <= width:
                cut += 1
            cut = max(cut, 1)
            lines.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    if line or not lines:
        lines.append(line)
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def panel(title: str, rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """A box like typer's: the title in the top border, the rows' columns aligned, the last
    column wrapped."""
    inner = width - 4
    head = f"╭─ {title} "
    out = [head + "─" * max(0, width - cells(head) - 1) + "╮"]
    columns = len(rows[0]) if rows else 0
    sizes = [max(cells(row[i]) for row in rows) for i in range(columns - 1)]
    used = sum(size + 2 for size in sizes if size)
    stacked = inner - used < min(30, inner // 2)  # too narrow beside the names: help below them
    for row in rows:
        lead = "".join(_pad(cell, size) + "  " for cell, size in zip(row, sizes, strict=False) if size)
        if stacked:
            out += ["│ " + _pad(line, inner) + " │" for line in wrap("  ".join(c for c in row[:-1] if c), inner)]
            out += ["│ " + _pad("    " + line, inner) + " │" for line in wrap(row[-1], inner - 4)]
            continue
        for i, line in enumerate(wrap(row[-1], inner - used)):
            out.append("│ " + _pad((lead if i == 0 else " " * used) + line, inner) + " │")
    out.append("╰" + "─" * (width - 2) + "╯")
    return out


def terminal_width() -> int:
    """The width help is drawn at: ``COLUMNS``, else the terminal's, else 80 (as rich
    measures it, without importing it)."""
    try:
        return max(40, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        pass
    try:
        return max(40, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (AttributeError, ValueError, OSError):
        return 80


#: The words usage lines and option tables use for what is given (Chinese in Chinese help).
PLACEHOLDERS = frozenset(
    {
        N_("[OPTIONS]"),
        N_("COMMAND"),
        N_("[ARGS]..."),
        N_("DIRECTORY"),
        N_("FILE"),
        N_("FOLDER"),
        N_("FOLDERS"),
        N_("FORMAT"),
        N_("KIND"),
        N_("MEMBER"),
        N_("N"),
        N_("NAME"),
        N_("ORG"),
        N_("PATH"),
        N_("PERCENT"),
        N_("PERIOD"),
        N_("REV"),
        N_("REV2"),
        N_("ROUND"),
        N_("TEXT"),
        N_("YEAR"),
    }
)


def placeholder(word: str) -> str:
    """``FOLDER``, ``[FILE]``, ``FOLDERS...`` in the language in force (other words, such as
    ``YYYY-MM`` or ``zh|en``, as they are)."""
    found = re.fullmatch(r"(\[?)([A-Z0-9]+)(\.\.\.)?(\]?)", word)
    if found is None or found.group(2) not in PLACEHOLDERS:
        return gettext(word) if word in PLACEHOLDERS else word
    return found.group(1) + gettext(found.group(2)) + (found.group(3) or "") + found.group(4)


def group_help(words: Sequence[str], group: Group, options: Sequence[Option], width: int | None = None) -> str:
    """The help of a group in the language in force: usage, description, its options, its
    commands by panel."""
    width = width or terminal_width()
    usage = " ".join(["pingyi", *words, *(gettext(w) for w in ("[OPTIONS]", "COMMAND", "[ARGS]..."))])
    out = ["", " " + gettext(N_("Usage: ")) + usage, ""]
    for paragraph in paragraphs(group.help()):
        out += [" " + line for line in wrap(gettext(paragraph), width - 2)]
        out.append("")
    rows = [[", ".join(o.names[:1]), ", ".join(o.names[1:]), placeholder(o.takes or ""), gettext(o.help)] for o in options]
    out += panel(gettext(N_("Options")), rows, width)
    panels: dict[str, list[list[str]]] = {}
    for name, node in group.commands.items():
        panels.setdefault(node.panel or N_("Commands"), []).append([name, gettext(node.summary)])
    for title, commands in panels.items():
        out += panel(gettext(title), commands, width)
    return "\n".join(out)


# --------------------------------------------------------------------------- quick answers


def _root_only(argv: Sequence[str], group: Group) -> list[str] | None:
    """The arguments when every one is an option of the top-level group (no command), else
    None (the full command line then answers)."""
    takes = {name: o.takes is not None for o in group.options for name in o.names}
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if name not in takes:
            return None
        i += 2 if takes[name] and "=" not in arg else 1
    return list(argv)


def quick_answer(argv: Sequence[str], version: str) -> tuple[str, int] | None:
    """What ``pingyi --version``, ``pingyi --help`` and ``pingyi`` print, and their exit
    code, from the table alone; None for any other command line."""
    from . import TREE

    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # the shell asks for completions (typer answers: _PINGYI_COMPLETE)
    given = _root_only(argv, TREE)
    if given is None:
        return None
    for arg in given:
        if arg in ("--version", "-V"):
            return f"pingyi {version}\n", 0
        if arg in ("--help", "-h"):
            break
    else:
        if given:
            return None
    lang = decide_lang(given)
    from ..i18n import use_lang

    with use_lang(lang):
        text = group_help((), TREE, TREE.options)
    return text + "\n", 0 if given else 2


def command_words(node: Group, words: Sequence[str]) -> Command | Group | None:
    """The node the words name (``("export", "xlsx")``), or None."""
    found: Command | Group | None = node
    for word in words:
        if not isinstance(found, Group):
            return None
        found = found.commands.get(word)
    return found


__all__ = [
    "Command",
    "Group",
    "HELP_OPTION",
    "Option",
    "cells",
    "decide_lang",
    "group_help",
    "option_value",
    "paragraphs",
    "quick_answer",
    "translate_help",
    "workspace_lang",
    "wrap",
]
