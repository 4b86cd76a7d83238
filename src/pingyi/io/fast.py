"""A fast path for monthly scores files.

Monthly scores are most of a county's bytes (twenty thousand members × twelve months × ten
numbers), and they are almost always written the one simple way a person or a spreadsheet
export writes them::

    kind: scores
    org: yz1
    month: 2024-03
    scores:
      m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]   # a comment is fine

:func:`parse_scores` recognises exactly that shape, line by line, and returns the same data
:func:`pingyi.io.yaml.parse_text` would. Anything else (quotes, anchors, block lists, tabs,
a duplicate key, a YAML directive …) returns ``None`` and the file goes through the full
YAML parser, which also produces every error message. A property test checks that the two
agree on every text the fast path accepts.
"""

from __future__ import annotations

import re
from typing import Any

_COMMENT = re.compile(r"^[ ]*(?:#.*)?$")
_TOP = re.compile(r"^(kind|org|month):[ ]+([0-9A-Za-z\u00c0-\U0010ffff][\w.\-]*)(?:[ ]+#.*)?[ ]*$")
_SCORES = re.compile(r"^scores:(?:[ ]+#.*)?[ ]*$")
_ROW = re.compile(r"^([ ]+)([^\W_][\w.\-]*):[ ]+\[([0-9., ]*)\](?:[ ]+#.*)?[ ]*$")
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_SEPARATOR = re.compile(r"^---(?:[ ]+#.*)?[ ]*$")
# tabs, lone carriage returns and the line breaks str.splitlines knows but YAML does not
_ODD = re.compile(r"[\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\r(?!\n)")
_NULLS = frozenset({"null", "Null", "NULL"})


def parse_scores(text: str) -> list[dict[str, Any]] | None:
    """The documents of a scores file in its simple shape, or None when the text is
    anything else."""
    if _ODD.search(text):
        return None
    lines = text.splitlines()
    documents: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    rows: dict[str, list[str]] | None = None
    indent: str | None = None
    started = False
    for line in lines:
        if _COMMENT.match(line):
            continue
        if _SEPARATOR.match(line):
            if started:
                if not _complete(current):
                    return None
                documents.append(current)
            current, rows, indent, started = {}, None, None, True
            continue
        started = True
        if rows is not None and line.startswith(" "):
            m = _ROW.match(line)
            if m is None:
                return None
            if indent is None:
                indent = m.group(1)
            elif m.group(1) != indent:
                return None
            key = m.group(2)
            if key in rows or key in _NULLS:
                return None
            inner = m.group(3).strip()
            if not inner:
                return None
            values = [v.strip() for v in inner.split(",")]
            for v in values:
                if not _NUMBER.match(v):
                    return None
            rows[key] = values
            continue
        m = _TOP.match(line)
        if m is not None:
            key, value = m.group(1), m.group(2)
            if key in current or value in _NULLS:
                return None
            current[key] = value
            rows = None
            continue
        if _SCORES.match(line):
            if "scores" in current:
                return None
            rows = {}
            current["scores"] = rows
            indent = None
            continue
        return None
    if current or not documents:
        if not _complete(current):
            return None
        documents.append(current)
    return documents


def _complete(doc: dict[str, Any]) -> bool:
    return doc.get("kind") == "scores" and "org" in doc and "month" in doc and bool(doc.get("scores"))
