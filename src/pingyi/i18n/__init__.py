"""The message catalog: every word pingyi prints for people, in Chinese and English.

Messages are written once, in English, as gettext message ids marked with :func:`N_` (or
looked up with :func:`gettext` / :func:`ngettext`); the Chinese text lives in the gettext
catalogs beside this file (``locale/zh/LC_MESSAGES/*.po``, compiled to ``*.mo``), kept with
Babel (``python -m pingyi.i18n.catalog``). Each ``.po`` file is one area of the program
(core, cli, appraisal …); at run time they are chained into one catalog.

The language is chosen as FORMAT §11 says: ``--lang``, else ``PINGYI_LANG``, else the
workspace's ``lang``, else Chinese. :func:`resolve_lang` applies that order;
:func:`use_lang` sets the language for the code that runs inside it (the command line
does this once per command).

This module imports nothing of pingyi: every layer may use it. (The catalog tool,
:mod:`.catalog`, reads the command line's help texts to keep them in the catalog.)
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: contextvars.ContextVar[Lang | None] = contextvars.ContextVar("pingyi_lang", default=None)


def N_(message: str) -> str:
    """Mark ``message`` as a catalog entry without translating it (the text is looked up
    when it is shown, in the language of that moment)."""
    return message


def env_lang() -> Lang | None:
    """``PINGYI_LANG`` when it names a language pingyi speaks."""
    value = os.environ.get("PINGYI_LANG", "").strip().lower()
    return _as_lang(value)


def _as_lang(value: str | None) -> Lang | None:
    if not value:
        return None
    value = value.split("_")[0].split("-")[0].split(".")[0]
    return value if value in LANGS else None


def resolve_lang(option: str | None = None, workspace: str | None = None) -> Lang:
    """The language of FORMAT §11: ``--lang``, else ``PINGYI_LANG``, else the workspace's
    ``lang``, else Chinese."""
    return _as_lang(option) or env_lang() or _as_lang(workspace) or DEFAULT_LANG


def current_lang() -> Lang:
    """The language in force: the one set by :func:`use_lang`, else ``PINGYI_LANG``, else
    Chinese."""
    return _current.get() or env_lang() or DEFAULT_LANG


def set_lang(lang: str | None) -> None:
    """Set the language for the rest of this context (the command line's choice)."""
    _current.set(_as_lang(lang))


@contextmanager
def use_lang(lang: str | None) -> Iterator[Lang]:
    token = _current.set(_as_lang(lang) or current_lang())
    try:
        yield current_lang()
    finally:
        _current.reset(token)


@cache
def translations(lang: Lang) -> _gettext.NullTranslations:
    """Every ``.mo`` of the language chained into one catalog (English is the source
    text, so it needs none)."""
    if lang == "en":
        return _gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    chain: _gettext.NullTranslations | None = None
    for path in sorted(folder.glob("*.mo")):
        with path.open("rb") as fp:
            part = _gettext.GNUTranslations(fp)
        if chain is None:
            chain = part
        else:
            chain.add_fallback(part)
    return chain or _gettext.NullTranslations()


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` in ``lang`` (default: the language in force)."""
    return translations(_as_lang(lang) or current_lang()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translations(_as_lang(lang) or current_lang()).ngettext(singular, plural, n)


_ = gettext


def tr(message: str, lang: str | None = None, /, **args: object) -> str:
    """``message`` translated, then filled in with ``args`` (``{name}`` placeholders)."""
    text = gettext(message, lang)
    return text.format(**args) if args else text


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "Lang",
    "N_",
    "translations",
    "current_lang",
    "env_lang",
    "gettext",
    "ngettext",
    "resolve_lang",
    "set_lang",
    "tr",
    "use_lang",
]
