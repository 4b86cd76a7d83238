"""Diagnostics as text (GNU ``file:line:col: error: message``, ``错误：`` in Chinese) and as the JSON of
FORMAT §11, in the language in force (or the one given): the ``message`` is translated,
the ``code`` stays the same in every language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, head
from ..i18n import N_, current_lang, gettext, ngettext
from .output import _verbatim, table_width

if TYPE_CHECKING:  # rich is imported when diagnostics are shown as text
    from rich.console import Console


def render_json(diagnostics: Sequence[Diagnostic], lang: str | None = None) -> dict[str, list[dict[str, object]]]:
    lang = lang or current_lang()
    return {
        "errors": [d.as_dict(lang) for d in diagnostics if d.is_error],
        "warnings": [d.as_dict(lang) for d in diagnostics if not d.is_error],
    }


def render_csv(diagnostics: Sequence[Diagnostic], lang: str | None = None) -> tuple[list[str], list[list[object]]]:
    """One row per diagnostic: file, line, column, severity, code, message."""
    lang = lang or current_lang()
    rows: list[list[object]] = [[d.file, d.line, d.column, str(d.severity), d.code, d.message_in(lang)] for d in diagnostics]
    return ["file", "line", "column", "severity", "code", "message"], rows


def summary_line(diagnostics: Sequence[Diagnostic], lang: str | None = None) -> str:
    """``2 errors, 1 warning`` (``2 个错误,1 个警告``)."""
    lang = lang or current_lang()
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    shown_errors = ngettext("{n} error", "{n} errors", errors, lang).format(n=errors)
    shown_warnings = ngettext("{n} warning", "{n} warnings", warnings, lang).format(n=warnings)
    return gettext(N_("{errors}, {warnings}"), lang).format(errors=shown_errors, warnings=shown_warnings)


def render_text(diagnostics: Sequence[Diagnostic], out: Console, *, lang: str | None = None, summary: bool = True) -> None:
    """Grouped by file (the order they come in), coloured on a terminal. Each diagnostic
    is wrapped at the terminal's width; piped, it is one line (for ``grep`` and editors)
    unless ``COLUMNS`` asks for a width."""
    from rich.text import Text

    lang = lang or current_lang()
    limit = table_width(out)
    # a pipe or a file, no width asked: each line is what rich would print, written as it is
    verbatim = limit is None and _verbatim(out)
    current: str | None = None
    for d in diagnostics:
        if out.is_terminal and d.file != current:
            if current is not None:
                out.print()
            out.print(Text(d.file or "", style="bold underline"))
            current = d.file
        text = d.format(lang)
        if verbatim and _printable(text):
            out.file.write(text + "\n")
            continue
        first, *rest = text.split("\n")
        style = "red" if d.is_error else "yellow"
        line = Text(first)
        line.highlight_words([head(str(d.severity), lang)], style=f"bold {style}")
        out.print(line, soft_wrap=limit is None, width=limit)
        for note in rest:
            out.print(Text(note, style="dim"), soft_wrap=limit is None, width=limit)
    if summary:
        errors = sum(1 for d in diagnostics if d.is_error)
        said = summary_line(diagnostics, lang)
        if verbatim and _printable(said):
            out.file.write(said + "\n")
        else:
            out.print(Text(said, style="bold red" if errors else "bold green"))


def _printable(text: str) -> bool:
    """Lines that rich prints as they are (no control character, no tab to expand)."""
    return all(line.isprintable() for line in text.split("\n"))
