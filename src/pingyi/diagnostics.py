"""Diagnostics: user mistakes as values.

Every problem pingyi finds in a workspace is a :class:`Diagnostic`: a stable code, a
severity, a message in plain words and a :class:`Loc` saying where in which document it
stands. Locations are *paths* into a YAML document (``("orgs", 3, "parent")``); they are
turned into 1-based line and column numbers only when the diagnostic is reported, by
re-reading just the files that have something to report (see :mod:`pingyi.io.locate`).
That keeps the fast read path free of position tracking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

PathPart = str | int
Target = Literal["value", "key"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Loc:
    """Where something stands: a file (relative to the workspace root, POSIX form), the
    0-based index of the YAML document in that file, and a path of keys and indexes.

    ``target`` says whether the key itself (``"key"``) or its value is meant.
    """

    file: str
    doc: int = 0
    path: tuple[PathPart, ...] = ()
    target: Target = "value"

    def at(self, *parts: PathPart, target: Target = "value") -> Loc:
        return Loc(self.file, self.doc, self.path + parts, target)

    def key(self, *parts: PathPart) -> Loc:
        return self.at(*parts, target="key")


@dataclass(frozen=True, slots=True)
class Note:
    """A secondary location shown under a diagnostic (``file:line:col: note: ...``)."""

    loc: Loc | None
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a workspace.

    ``line`` and ``column`` are 1-based and filled in by :func:`pingyi.io.locate.locate`;
    a diagnostic whose position is already known from the parser (a YAML syntax error)
    carries them from the start.
    """

    code: str
    severity: Severity
    message: str
    loc: Loc | None = None
    line: int | None = None
    column: int | None = None
    notes: tuple[Note, ...] = field(default=())

    @property
    def file(self) -> str | None:
        return self.loc.file if self.loc else None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def located(self, line: int | None, column: int | None) -> Diagnostic:
        return replace(self, line=line, column=column)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of FORMAT §11 (``file``, ``line``, ``column``, ``message``)
        plus ``code`` and ``severity``, and ``notes`` when there are any."""
        out: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "code": self.code,
            "severity": str(self.severity),
        }
        if self.notes:
            out["notes"] = [
                {"file": n.loc.file if n.loc else None, "line": n.line, "column": n.column, "message": n.message}
                for n in self.notes
            ]
        return out

    def format(self) -> str:
        """GNU form: ``file:line:col: error: message`` (and its notes on further lines)."""
        lines = [f"{_where(self.file, self.line, self.column)}{self.severity}: {self.message}"]
        for n in self.notes:
            lines.append(f"{_where(n.loc.file if n.loc else None, n.line, n.column)}note: {n.message}")
        return "\n".join(lines)


def _where(file: str | None, line: int | None, column: int | None) -> str:
    if file is None:
        return ""
    if line is None:
        return f"{file}: "
    return f"{file}:{line}:{column or 1}: "


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def one_line(message: str) -> str:
    """A message on one line (the GNU form is one line per diagnostic): line breaks and tabs
    quoted from the user's text are shown as ``\\n``, ``\\r``, ``\\t``."""
    return message.translate(_ONE_LINE)


def error(code: str, message: str, loc: Loc | None = None, *, notes: Iterable[Note] = ()) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, one_line(message), loc, notes=tuple(notes))


def warning(code: str, message: str, loc: Loc | None = None, *, notes: Iterable[Note] = ()) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, one_line(message), loc, notes=tuple(notes))


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file or "", d.line or 0, d.column or 0, d.code)

