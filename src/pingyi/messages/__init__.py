"""The templates of every diagnostic pingyi reports, by message key.

A check creates ``error("unknown-parent", loc, org=…, parent=…)``; the sentence is the
template registered here under that key (English, marked for the catalog with ``N_``),
translated and filled in only when the diagnostic is shown. Each area of the program keeps
its templates in a module of its own below this package; :data:`MESSAGES` is their union
(a key registered twice is a bug, caught by the tests).

Templates say what was found, where it matters, and how to fix it, in words a branch
secretary understands. Placeholders are ``{name}``; a list is joined the way the language
joins lists, and a :class:`~pingyi.diagnostics.Term` is shown translated.

This package imports only :mod:`pingyi.i18n`.
"""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules

MESSAGES: dict[str, str] = {}
#: key → the module that registered it (to catch a key registered twice).
OWNERS: dict[str, str] = {}
DUPLICATES: list[str] = []

for _info in sorted(iter_modules(__path__), key=lambda m: m.name):
    _module = import_module(f"{__name__}.{_info.name}")
    for _key, _template in getattr(_module, "MESSAGES", {}).items():
        if _key in MESSAGES:
            DUPLICATES.append(f"{_key}: {OWNERS[_key]} and {_info.name}")
        MESSAGES[_key] = _template
        OWNERS[_key] = _info.name

__all__ = ["MESSAGES"]
