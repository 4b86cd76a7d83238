"""Turning document paths into line and column numbers.

The fast read path keeps no positions. When diagnostics are to be shown, the files they
name are parsed once more into node trees (which carry marks) and each path is followed
down to the key or value it names. A path that no longer exists stops at the deepest node
found, so a missing key points at its parent mapping.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

import yaml

from ..diagnostics import Diagnostic, Loc, Note
from .yaml import PingyiYAMLError, compose_text, decode


class _Tree:
    """One document's node tree, with each mapping's keys indexed on first use, so that
    finding many paths costs time in proportion to their length, not to the mapping's size."""

    def __init__(self, root: yaml.Node):
        self.root = root
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def keys(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    index.setdefault(_key_value(key_node), (key_node, value_node))
            self._keys[id(node)] = index
        return index

    def find(self, loc: Loc) -> tuple[int, int]:
        node = self.root
        mark = node.start_mark
        last = len(loc.path) - 1
        for i, part in enumerate(loc.path):
            if isinstance(node, yaml.MappingNode):
                pair = self.keys(node).get(str(part))
                if pair is None:
                    break
                if loc.target == "key" and i == last:
                    return pair[0].start_mark.line, pair[0].start_mark.column
                node = pair[1]
                mark = node.start_mark
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return mark.line, mark.column


def _key_value(node: yaml.ScalarNode) -> str:
    return "" if node.value in ("~", "null", "Null", "NULL") and not node.style else node.value


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def positions(text: str, locs: Iterable[Loc]) -> dict[Loc, tuple[int, int]]:
    """1-based (line, column) of every loc in one file's text. The text is parsed once and
    split into lines once, whatever the number of locs."""
    try:
        docs = [_Tree(node) if node is not None else None for node in compose_text(text)]
    except (yaml.YAMLError, PingyiYAMLError, RecursionError):
        return {}
    lengths = [len(line) for line in _LINE_BREAK.split(text)]
    out: dict[Loc, tuple[int, int]] = {}
    for loc in locs:
        tree = docs[loc.doc] if 0 <= loc.doc < len(docs) else None
        if tree is not None:
            line, column = tree.find(loc)
            # at the end of the stream libyaml reports the line after the last one
            if line >= len(lengths):
                line, column = len(lengths) - 1, lengths[-1]
            out[loc] = (line + 1, min(column, lengths[line]) + 1)
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
