"""Turning document paths into line and column numbers.

The fast read path keeps no positions. When diagnostics are to be shown, the files they
name are parsed once more into node trees (which carry marks) and each path is followed
down to the key or value it names. A path that no longer exists stops at the deepest node
found, so a missing key points at its parent mapping.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

import yaml

from ..diagnostics import Diagnostic, Loc, Note
from .yaml import PingyiYAMLError, clamp, compose_text, decode


def _find(node: yaml.Node, loc: Loc) -> tuple[int, int]:
    mark = node.start_mark
    last = len(loc.path) - 1
    for i, part in enumerate(loc.path):
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and _key_value(key_node) == str(part):
                    if loc.target == "key" and i == last:
                        return key_node.start_mark.line, key_node.start_mark.column
                    node = value_node
                    mark = node.start_mark
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line, mark.column


def _key_value(node: yaml.ScalarNode) -> str:
    return "" if node.value in ("~", "null", "Null", "NULL") and not node.style else node.value


def positions(text: str, locs: Iterable[Loc]) -> dict[Loc, tuple[int, int]]:
    """1-based (line, column) of every loc in one file's text."""
    try:
        docs = list(compose_text(text))
    except (yaml.YAMLError, PingyiYAMLError, RecursionError):
        return {}
    out: dict[Loc, tuple[int, int]] = {}
    for loc in locs:
        if 0 <= loc.doc < len(docs) and docs[loc.doc] is not None:
            line, column = clamp(text, *_find(docs[loc.doc], loc))
            out[loc] = (line + 1, column + 1)
    return out


def locate(diagnostics: Iterable[Diagnostic], read: Callable[[str], bytes | None]) -> list[Diagnostic]:
    """Fill in line and column for every diagnostic (and note) that has a loc but no
    position yet. ``read(file)`` returns a file's bytes, or None when it cannot be read.
    Each file is parsed once."""
    diagnostics = list(diagnostics)
    wanted: dict[str, set[Loc]] = defaultdict(set)
    for d in diagnostics:
        if d.loc is not None and d.line is None:
            wanted[d.loc.file].add(d.loc)
        for n in d.notes:
            if n.loc is not None and n.line is None:
                wanted[n.loc.file].add(n.loc)
    found: dict[Loc, tuple[int, int]] = {}
    for file, locs in wanted.items():
        data = read(file)
        if data is None:
            continue
        try:
            text = decode(data)
        except PingyiYAMLError:
            continue
        found.update(positions(text, locs))

    def fill(d: Diagnostic) -> Diagnostic:
        if d.loc is not None and d.line is None:
            # what cannot be found (a document that is not there) stands at the file's start
            d = d.located(*found.get(d.loc, (1, 1)))
        if d.notes:
            notes = tuple(
                replace(n, line=found[n.loc][0], column=found[n.loc][1])
                if n.loc is not None and n.line is None and n.loc in found
                else n
                for n in d.notes
            )
            d = replace(d, notes=notes)
        return d

    return [fill(d) for d in diagnostics]


__all__ = ["Note", "locate", "positions"]
