"""pingyi (评议): review, commitments, points and stars for Party grassroots organisations,
kept as plain YAML files in a git-tracked folder.

The Python API is the command line's pipeline without the command line::

    import pingyi
    result = pingyi.load("examples/jiangcheng")     # workspace + diagnostics
    assert result.ok, [d.format() for d in result.errors]
    ws = result.workspace
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .diagnostics import Diagnostic, Loc, Severity
from .io.files import WorkspaceNotFound, find_root
from .load import LoadResult, load
from .workspace import Member, Org, Workspace

try:
    __version__ = version("pingyi")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Diagnostic",
    "LoadResult",
    "Loc",
    "Member",
    "Org",
    "Severity",
    "Workspace",
    "WorkspaceNotFound",
    "__version__",
    "find_root",
    "load",
]
