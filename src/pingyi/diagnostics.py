"""Diagnostics: user mistakes as values.

Every problem pingyi finds in a workspace is a :class:`Diagnostic`: a stable code, a
severity, the values that make its message and a :class:`Loc` saying where in which
document it stands. The sentence itself is not written where the problem is found: it is
the template of the diagnostic's message key in :mod:`pingyi.messages`, translated by the
catalog (:mod:`pingyi.i18n`) into the language in force when it is shown. Locations are *paths* into a YAML document (``("orgs", 3, "parent")``); they are
turned into 1-based line and column numbers only when the diagnostic is reported, by
re-reading just the files that have something to report (see :mod:`pingyi.io.locate`).
That keeps the fast read path free of position tracking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from .i18n import N_, current_lang, gettext

PathPart = str | int
Target = Literal["value", "key"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Loc:
    """Where something stands: a file (relative to the workspace root, POSIX form), the
    0-based index of the YAML document in that file, and a path of keys and indexes.

    ``target`` says whether the key itself (``"key"``) or its value is meant. In a
    workbook (``pingyi import scores``), ``cell`` names the cell instead (``积分录入!C7``)
    and ``file`` is the workbook as the user named it.
    """

    file: str
    doc: int = 0
    path: tuple[PathPart, ...] = ()
    target: Target = "value"
    cell: str | None = None

    def at(self, *parts: PathPart, target: Target = "value") -> Loc:
        return Loc(self.file, self.doc, self.path + parts, target)

    @classmethod
    def in_sheet(cls, file: str, cell: str) -> Loc:
        """A cell of a workbook: ``file`` and ``Sheet!C7``."""
        return cls(file, cell=cell)

    def key(self, *parts: PathPart) -> Loc:
        return self.at(*parts, target="key")


Args = tuple[tuple[str, Any], ...]


class Term(str):
    """An argument shown translated (a code such as ``exempt`` shown as 免于积分)."""

    __slots__ = ()


def render_message(key: str, args: Args, lang: str | None = None) -> str:
    """The message of ``key`` with ``args``, in ``lang`` (default: the language in force).
    Lists are joined the way the language joins them; :class:`Term` values are translated."""
    from .messages import MESSAGES

    lang = lang or current_lang()
    template = MESSAGES.get(key)
    if template is None:  # a key no module registers (a bug the catalog tests catch): said as it is
        return one_line(excerpt(key, 4 * EXCERPT))
    values = {name: _shown(value, lang) for name, value in args}
    return one_line(gettext(template, lang).format(**values))


#: The most characters of one value from a file that a message quotes: a message never
#: echoes a whole file (a token or a key that a workspace points at must not be printed).
EXCERPT = 80


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any, lang: str) -> Any:
    if isinstance(value, Term):
        return gettext(str(value), lang)
    if isinstance(value, str):
        return excerpt(value)
    if isinstance(value, (list, tuple, frozenset, set)):
        parts = [str(_shown(v, lang)) for v in value]
        return ("、" if lang == "zh" else ", ").join(parts)
    return value


def _args(values: Mapping[str, Any]) -> Args:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items())


class Worded:
    """What a :class:`Note`, a :class:`Diagnostic` and a :class:`~pingyi.errors.UserError`
    share: the key of a message template and its values, worded only when shown."""

    __slots__ = ()
    code: str
    key: str | None

    @property
    def message_key(self) -> str:
        return self.key or self.code

    @property
    def message_values(self) -> Args:
        raise NotImplementedError

    @property
    def message(self) -> str:
        """The message in the language in force."""
        return render_message(self.message_key, self.message_values)

    def message_in(self, lang: str | None) -> str:
        return render_message(self.message_key, self.message_values, lang)


@dataclass(frozen=True, slots=True)
class Note(Worded):
    """A secondary location shown under a diagnostic (``file:line:col: note: ...``):
    the message key and its values, as for a :class:`Diagnostic`."""

    loc: Loc | None
    key: str
    args: Args = ()
    line: int | None = None
    column: int | None = None

    @property
    def message_key(self) -> str:
        return self.key

    @property
    def message_values(self) -> Args:
        return self.args


def note(loc: Loc | None, key: str, **args: Any) -> Note:
    return Note(loc, key, _args(args))


@dataclass(frozen=True, slots=True)
class Diagnostic(Worded):
    """One problem found in a workspace.

    ``line`` and ``column`` are 1-based and filled in by :func:`pingyi.io.locate.locate`;
    a diagnostic whose position is already known from the parser (a YAML syntax error)
    carries them from the start.
    """

    code: str
    severity: Severity
    args: Args = ()
    loc: Loc | None = None
    line: int | None = None
    column: int | None = None
    notes: tuple[Note, ...] = field(default=())
    key: str | None = None  # the message key when one code has several messages

    @property
    def message_values(self) -> Args:
        return self.args

    @property
    def file(self) -> str | None:
        return self.loc.file if self.loc else None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def located(self, line: int | None, column: int | None) -> Diagnostic:
        return replace(self, line=line, column=column)

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """The JSON shape of FORMAT §11 (``file``, ``line``, ``column``, ``message``)
        plus ``code`` and ``severity``, and ``notes`` when there are any."""
        out: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message_in(lang),
            "code": self.code,
            "severity": str(self.severity),
        }
        if self.loc is not None and self.loc.cell is not None:
            out["cell"] = self.loc.cell
        if self.notes:
            out["notes"] = [
                {"file": n.loc.file if n.loc else None, "line": n.line, "column": n.column, "message": n.message_in(lang)}
                for n in self.notes
            ]
        return out

    def format(self, lang: str | None = None) -> str:
        """GNU form: ``file:line:col: error: message`` (and its notes on further lines).
        The ``file:line:col:`` part is the same in every language, so that editors and CI
        annotations find the place; the word after it is the language's own, as compilers
        say it (``错误：``, ``警告：``, ``注：`` in Chinese)."""
        where = _where(self.file, self.line, self.column, self.loc.cell if self.loc else None)
        lines = [f"{where}{headed(str(self.severity), self.message_in(lang), lang)}"]
        for n in self.notes:
            lines.append(f"{_where(n.loc.file if n.loc else None, n.line, n.column)}{headed('note', n.message_in(lang), lang)}")
        return "\n".join(lines)


#: The word that opens a diagnostic's line, by severity (``error:`` / ``错误：``).
HEADS = {"error": N_("error:"), "warning": N_("warning:"), "note": N_("note:")}


def head(kind: str, lang: str | None = None) -> str:
    """``error:``, ``warning:`` or ``note:`` in ``lang`` (``错误：``, ``警告：``, ``注：``)."""
    return gettext(HEADS[kind], lang)


def headed(kind: str, message: str, lang: str | None = None) -> str:
    """``error: message`` / ``错误：message`` (no space after a full-width colon)."""
    word = head(kind, lang)
    return f"{word}{'' if word.endswith('：') else ' '}{message}"


def _where(file: str | None, line: int | None, column: int | None, cell: str | None = None) -> str:
    if file is None:
        return ""
    if cell is not None:  # a workbook's cell: ``scores.xlsx:积分录入!C7: ``
        return f"{file}:{cell}: "
    if line is None:
        return f"{file}: "
    return f"{file}:{line}:{column or 1}: "


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def one_line(message: str) -> str:
    """A message on one line (the GNU form is one line per diagnostic): line breaks and tabs
    quoted from the user's text are shown as ``\\n``, ``\\r``, ``\\t``."""
    return message.translate(_ONE_LINE)


def error(code: str, loc: Loc | None = None, *, notes: Iterable[Note] = (), key: str | None = None, **args: Any) -> Diagnostic:
    """An error of ``code`` at ``loc``; ``args`` are the values its message shows
    (``key`` names the message when the code has more than one)."""
    return Diagnostic(code, Severity.ERROR, _args(args), loc, notes=tuple(notes), key=key)


def warning(code: str, loc: Loc | None = None, *, notes: Iterable[Note] = (), key: str | None = None, **args: Any) -> Diagnostic:
    """A warning of ``code`` at ``loc``, as :func:`error`."""
    return Diagnostic(code, Severity.WARNING, _args(args), loc, notes=tuple(notes), key=key)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file or "", d.line or 0, d.column or 0, d.code)
