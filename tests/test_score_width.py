"""`pingyi score` piped at 80 columns: the table and the notes under it fit."""

from __future__ import annotations

import unicodedata

from wsfactory import EXAMPLE, run


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_score_and_its_notes_fit_80_columns_when_piped(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = run("score", "-w", EXAMPLE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any("金桂芳" in line for line in lines)  # the longest rating reason, wrapped
    assert max(width(line) for line in lines) <= 80
