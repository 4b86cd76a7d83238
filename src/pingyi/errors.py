"""User errors raised before any report exists: an option naming nothing, a file that
would be overwritten, a workspace that cannot be found.

A :class:`UserError` carries, like a :class:`~pingyi.diagnostics.Diagnostic`, a stable
``code`` and the values of its message; the sentence is the template of that key in
:mod:`pingyi.messages`, translated when it is shown. The command line turns it into the
message on stderr and its exit code (2, a usage error, unless said otherwise); the Python
API lets it propagate (it is a :class:`ValueError`).

This module imports only :mod:`pingyi.diagnostics` (for the message rendering).
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Args, Worded

EXIT_USAGE = 2


class UserError(Worded, ValueError):
    """A mistake in what the user asked for (exit 2 on the command line by default).

    ``code`` is stable across languages; ``key`` names the message when one code has
    several; ``args`` are the values shown; ``exit_code`` what the command line exits with.
    """

    def __init__(self, code: str, *, key: str | None = None, exit_code: int = EXIT_USAGE, **args: Any) -> None:
        self.code = code
        self.key = key
        self.exit_code = exit_code
        self.args_: Args = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in args.items())
        super().__init__(self.message_in("en"))

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.args_)

    @property
    def message_values(self) -> Args:
        return self.args_

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        return {"code": self.code, "message": self.message_in(lang)}


__all__ = ["EXIT_USAGE", "UserError"]
