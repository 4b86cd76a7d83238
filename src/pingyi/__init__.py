"""pingyi (评议): review, commitments, points and stars for Party grassroots organisations,
kept as plain YAML files in a git-tracked folder.

The Python API is the command line's pipeline without the command line::

    import pingyi
    result = pingyi.load("examples/jiangcheng")     # workspace + diagnostics
    assert result.ok, [d.format() for d in result.errors]
    ws = result.workspace

The names below are imported on first use, so that ``pingyi`` starts quickly when a
command's answer is already known.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "Diagnostic": "pingyi.diagnostics",
    "Loc": "pingyi.diagnostics",
    "Severity": "pingyi.diagnostics",
    "WorkspaceNotFound": "pingyi.io.files",
    "find_root": "pingyi.io.files",
    "LoadResult": "pingyi.loader",
    "load": "pingyi.loader",
    "Member": "pingyi.workspace",
    "Org": "pingyi.workspace",
    "Workspace": "pingyi.workspace",
}

if TYPE_CHECKING:  # pragma: no cover
    from .diagnostics import Diagnostic, Loc, Severity  # noqa: F401  (the lazy names of __all__)
    from .io.files import WorkspaceNotFound, find_root  # noqa: F401  (the lazy names of __all__)
    from .loader import LoadResult, load  # noqa: F401  (the lazy names of __all__)
    from .workspace import Member, Org, Workspace  # noqa: F401  (the lazy names of __all__)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pingyi' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = ["__version__", *_LAZY]
