"""Shared fixtures: every test starts in the default language (Chinese) with no
``PINGYI_LANG`` from the developer's shell, and a few ready-made workspaces and runners."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pingyi.cli import app
from pingyi.i18n import set_lang
from wsfactory import ROUND_H1, ROUND_H2, build

if os.environ.get("PINGYI_HARVEST"):  # record the broken workspaces for test_words (words_harvest.py)
    import words_harvest

    words_harvest.install()


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No language from the environment; the language a command set does not leak into
    the next test."""
    monkeypatch.delenv("PINGYI_LANG", raising=False)
    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def cli() -> Callable[..., Any]:
    """``cli("coverage", "-w", root, env={...})``: run pingyi through typer's CliRunner
    (stdout and stderr apart); returns the click Result."""

    def run(*args: str | Path, env: dict[str, str] | None = None) -> Any:
        return CliRunner().invoke(app, [str(a) for a in args], env=env)

    return run


@pytest.fixture
def review_root(tmp_path: Path) -> Path:
    """The small org tree of :mod:`wsfactory` with the 2024 rounds (both halves)."""
    return build(tmp_path, rounds=[ROUND_H1, ROUND_H2])


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache key of the test's own (in a fresh ``XDG_CACHE_HOME``), the cache on, and
    none of the environment the remembered outputs depend on left from the shell."""
    from pingyi import memo
    from pingyi.io import cache as cache_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    for name in (*memo.ENVIRONMENT, "PINGYI_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    cache_module._KEYS.clear()
