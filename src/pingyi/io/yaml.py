"""Reading YAML the way pingyi needs it.

* YAML 1.2 semantics with **every scalar typed by the schema, not by YAML**: a plain scalar
  is a string (``0012`` stays ``"0012"``, ``no`` stays ``"no"``, ``0.8`` stays ``"0.8"`` and
  becomes an exact ``Decimal`` later); only the YAML 1.2 null forms (empty, ``~``,
  ``null``) become ``None``. Numbers therefore never pass through binary floating point.
* Duplicate keys are errors, located at the second key.
* Explicit tags (``!!float``, ``!python/...``) are refused.
* Aliases may not expand a small file into a huge structure.
* libyaml's C parser is used when PyYAML has it (it has, in the wheels on PyPI); the
  pure-Python parser otherwise. Positions come for free from the parser, but the fast path
  throws them away; :mod:`pingyi.io.locate` re-reads a file when a position is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

try:  # pragma: no branch
    from yaml._yaml import CParser as _Parser  # `yaml.CParser` is not exported

    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    WITH_LIBYAML = False

from yaml.composer import Composer

NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

#: An expanded document may hold at most this many more nodes than its text spells out.
ALIAS_EXPANSION_LIMIT = 10_000


class _Resolver(BaseResolver):
    """Plain scalars are strings except the YAML 1.2 null forms."""


_Resolver.add_implicit_resolver(NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class PingyiYAMLError(Exception):
    """A YAML problem with a position: 0-based line and column, like PyYAML marks."""

    def __init__(self, message: str, line: int | None, column: int | None, code: str = "yaml-syntax"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


class _Constructor(SafeConstructor):
    yaml_constructors: dict = {}
    yaml_multi_constructors: dict = {}

    _text: str = ""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        mapping: dict[Any, Any] = {}
        previous: tuple[Any, yaml.Node] | None = None
        for key_node, value_node in node.value:
            if node.flow_style and previous is not None and self._continues_text(previous[1], key_node, value_node):
                # `{reason: 年老体弱,按日常表现直接评定}`: in a flow mapping an ASCII comma ends
                # the entry, and the rest of the sentence becomes a key without a value.
                # Chinese prose is full of such commas; keep the sentence whole.
                start, end = previous[1].start_mark.index, key_node.end_mark.index
                mapping[previous[0]] = self._text[start:end]
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise PingyiYAMLError(
                    "a key must be a plain word, not a list or a mapping",
                    key_node.start_mark.line,
                    key_node.start_mark.column,
                    "yaml-key",
                )
            key = self.construct_object(key_node, deep=deep)
            if key is None:
                key = ""
            if key in mapping:
                raise PingyiYAMLError(
                    f"duplicate key `{key}`: a key may appear only once in a mapping",
                    key_node.start_mark.line,
                    key_node.start_mark.column,
                    "duplicate-key",
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
            previous = (key, value_node)
        return mapping

    def _continues_text(self, prev_value: yaml.Node, key_node: yaml.Node, value_node: yaml.Node) -> bool:
        """A plain key with no `:` and no value, right after a plain text value."""
        return (
            isinstance(prev_value, yaml.ScalarNode)
            and not prev_value.style  # plain: None (Python parser) or "" (libyaml)
            and prev_value.tag == STR_TAG
            and isinstance(key_node, yaml.ScalarNode)
            and not key_node.style
            and isinstance(value_node, yaml.ScalarNode)
            and value_node.tag == NULL_TAG
            and value_node.value == ""
            and ":" not in self._text[key_node.end_mark.index : value_node.end_mark.index + 1]
            and "：" not in str(key_node.value)  # `name：张三`: a key with a full-width colon
            and bool(self._text)
        )

    def construct_undefined(self, node: yaml.Node) -> Any:  # type: ignore[override]
        raise PingyiYAMLError(
            f"YAML tag `{node.tag}` is not used in pingyi files; write the value plainly",
            node.start_mark.line,
            node.start_mark.column,
            "yaml-tag",
        )


_Constructor.add_constructor(NULL_TAG, SafeConstructor.construct_yaml_null)
_Constructor.add_constructor(STR_TAG, SafeConstructor.construct_yaml_str)
_Constructor.add_constructor(SEQ_TAG, SafeConstructor.construct_yaml_seq)
_Constructor.add_constructor(MAP_TAG, SafeConstructor.construct_yaml_map)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


if WITH_LIBYAML:

    class Loader(_Parser, _Constructor, _Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            self._text = stream
            _Resolver.__init__(self)

else:  # pragma: no cover

    class Loader(_Reader, _Scanner, _Parser, Composer, _Constructor, _Resolver):  # type: ignore[no-redef, misc]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _Parser.__init__(self)
            Composer.__init__(self)
            _Constructor.__init__(self)
            self._text = stream
            _Resolver.__init__(self)


def decode(data: bytes) -> str:
    """UTF-8, with or without a byte-order mark. Raises :class:`PingyiYAMLError` with a
    message that says how to convert a file saved in GBK/GB18030 or UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PingyiYAMLError(
            "the file is saved as UTF-16; save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)",
            None,
            None,
            "encoding",
        )
    if b"\x00" in data:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is a zero
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if len(data) % 2 == 0 and max(even, odd) * 4 >= len(data):
            raise PingyiYAMLError(
                "the file is saved as UTF-16; save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)",
                None,
                None,
                "encoding",
            )
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # the place of the first byte that is not UTF-8, counted in characters as an editor does
        line, column = _position(body[: exc.start].decode("utf-8", errors="replace"))
        try:
            data.decode("gb18030")
            guess = "it looks like GBK/GB18030, as some Windows editors save it"
        except UnicodeDecodeError:
            guess = "it is in an unknown encoding"
        raise PingyiYAMLError(
            f"the file is not UTF-8 ({guess}); convert it with "
            "`iconv -f GB18030 -t UTF-8 FILE > FILE.new` or save it as UTF-8 in your editor "
            "(另存为 → 编码 UTF-8)",
            line,
            column,
            "encoding",
        ) from None


def _nodes_in(obj: Any) -> int:
    """Count the nodes of a structure, each shared (aliased) part counted as often as it
    is reached, with a cut-off so that a 'billion laughs' costs no time."""
    budget = ALIAS_EXPANSION_LIMIT * 100
    seen: dict[int, int] = {}

    def count(o: Any) -> int:
        if isinstance(o, dict):
            key = id(o)
            if key in seen:
                return seen[key]
            n = 1 + sum(count(v) for v in o.values())
        elif isinstance(o, list):
            key = id(o)
            if key in seen:
                return seen[key]
            n = 1 + sum(count(v) for v in o)
        else:
            return 1
        seen[key] = n
        if n > budget:
            raise OverflowError
        return n

    return count(obj)


def _distinct_nodes(obj: Any, seen: set[int]) -> int:
    if isinstance(obj, dict):
        if id(obj) in seen:
            return 0
        seen.add(id(obj))
        return 1 + sum(_distinct_nodes(v, seen) for v in obj.values())
    if isinstance(obj, list):
        if id(obj) in seen:
            return 0
        seen.add(id(obj))
        return 1 + sum(_distinct_nodes(v, seen) for v in obj)
    return 1


def _check_aliases(doc: Any) -> None:
    try:
        expanded = _nodes_in(doc)
    except (OverflowError, RecursionError):
        expanded = None
    if expanded is None or expanded - _distinct_nodes(doc, set()) > ALIAS_EXPANSION_LIMIT:
        raise PingyiYAMLError(
            "anchors and aliases (&, *) expand this file into a structure far larger than "
            "its text; write the data out instead",
            None,
            None,
            "yaml-alias",
        )


_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#:：{}\[\],]+\s*：")


def _friendly(exc: yaml.MarkedYAMLError, text: str) -> PingyiYAMLError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else None
    column = mark.column if mark else None
    if line is not None:
        # A tab in a line's indentation makes libyaml fail at that line or the next with a
        # cryptic message; name it plainly.
        lines = text.splitlines()
        for n in (line, line - 1):
            if 0 <= n < len(lines):
                raw = lines[n]
                indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
                if "\t" in indent:
                    return PingyiYAMLError(
                        "a tab character is used for indentation; YAML needs spaces",
                        n,
                        indent.index("\t"),
                        "yaml-tab",
                    )
        # `name：张三` (a full-width colon, as Chinese input methods type it) is no key
        context_line = exc.context_mark.line if exc.context_mark else line
        for n in dict.fromkeys((context_line, line, line - 1)):
            if 0 <= n < len(lines) and _FULL_WIDTH_KEY.match(lines[n]):
                return PingyiYAMLError(
                    "a full-width colon `：` is used after a key; YAML needs an ASCII colon and a space (`key: value`)",
                    n,
                    lines[n].index("："),
                    "yaml-syntax",
                )
    if exc.context_mark is not None and exc.context == "while scanning a simple key":
        # a key without its colon: libyaml notices it a line later; the key is the mistake
        line, column = exc.context_mark.line, exc.context_mark.column
    problem = exc.problem or str(exc)
    message = f"{problem} ({exc.context})" if exc.context else problem
    line, column = clamp(text, line, column)
    return PingyiYAMLError(f"YAML syntax: {message}", line, column, "yaml-syntax")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _position(before: str) -> tuple[int, int]:
    """0-based line and column of the character that follows ``before``."""
    lines = _LINE_BREAK.split(before)
    return len(lines) - 1, len(lines[-1])


def clamp(text: str, line: int | None, column: int | None) -> tuple[int | None, int | None]:
    """A parser position (0-based) moved inside the text: at the end of the stream libyaml
    reports the line after the last one, which no editor can jump to; that is the end of
    the text."""
    if line is None or column is None:
        return line, column
    lines = _LINE_BREAK.split(text)
    if line >= len(lines):
        return len(lines) - 1, len(lines[-1])
    return line, min(column, len(lines[line]))


#: Characters YAML does not allow in a file (control characters other than tab and newlines).
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unprintable(text: str) -> PingyiYAMLError:
    """The reader's error on a control character, located by pingyi itself (libyaml gives a
    byte offset, the Python reader a character offset)."""
    found = _UNPRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader found one
        return PingyiYAMLError("the file holds a character YAML does not allow", None, None, "encoding")
    line, column = _position(text[: found.start()])
    return PingyiYAMLError(
        f"the file holds a control character (U+{ord(found.group()):04X}) that YAML does not allow; remove it",
        line,
        column,
        "encoding",
    )


def parse_text(text: str) -> list[Any]:
    """All documents of a YAML text as plain data. Raises :class:`PingyiYAMLError`."""
    loader = None
    try:
        loader = Loader(text)
        docs = []
        while loader.check_data():
            docs.append(loader.get_data())
    except PingyiYAMLError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _friendly(exc, text) from None
    except yaml.reader.ReaderError:
        raise _unprintable(text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise PingyiYAMLError(f"YAML syntax: {exc}", None, None) from None
    except RecursionError:
        raise PingyiYAMLError("the file is nested too deeply to be read", None, None, "yaml-depth") from None
    finally:
        if loader is not None:
            loader.dispose()
    if "*" in text:
        for doc in docs:
            _check_aliases(doc)
    return docs


def parse_bytes(data: bytes) -> list[Any]:
    return parse_text(decode(data))


def compose_text(text: str) -> Iterator[yaml.Node]:
    """The node trees of a text's documents, with positions (0-based marks)."""
    loader = Loader(text)
    try:
        while loader.check_node():
            yield loader.get_node()
    finally:
        loader.dispose()
