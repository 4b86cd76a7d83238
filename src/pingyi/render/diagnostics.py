"""Diagnostics as text (GNU ``file:line:col: error: message``) and as the JSON of
FORMAT §11."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from ..diagnostics import Diagnostic
from .labels import label


def render_json(diagnostics: Sequence[Diagnostic]) -> dict[str, list[dict[str, object]]]:
    return {
        "errors": [d.as_dict() for d in diagnostics if d.is_error],
        "warnings": [d.as_dict() for d in diagnostics if not d.is_error],
    }


def render_csv(diagnostics: Sequence[Diagnostic]) -> tuple[list[str], list[list[object]]]:
    """One row per diagnostic: file, line, column, severity, code, message."""
    rows: list[list[object]] = [[d.file, d.line, d.column, str(d.severity), d.code, d.message] for d in diagnostics]
    return ["file", "line", "column", "severity", "code", "message"], rows


def render_text(diagnostics: Sequence[Diagnostic], out: Console, *, lang: str = "zh", summary: bool = True) -> None:
    """Grouped by file (the order they come in), coloured on a terminal."""
    current: str | None = None
    for d in diagnostics:
        if out.is_terminal and d.file != current:
            if current is not None:
                out.print()
            out.print(Text(d.file or "", style="bold underline"))
            current = d.file
        first, *rest = d.format().split("\n")
        style = "red" if d.is_error else "yellow"
        line = Text(first)
        line.highlight_words([f"{d.severity}:"], style=f"bold {style}")
        out.print(line, soft_wrap=True)
        for note in rest:
            out.print(Text(note, style="dim"), soft_wrap=True)
    if summary:
        errors = sum(1 for d in diagnostics if d.is_error)
        warnings = len(diagnostics) - errors
        if lang == "en":
            text = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        else:
            text = f"{errors} {label('errors', lang)},{warnings} {label('warnings', lang)}"
        out.print(Text(text, style="bold red" if errors else "bold green"))
