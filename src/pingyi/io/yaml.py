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
    from yaml.parser import Parser as _Parser
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
    """A YAML problem with a position: 0-based line and column, like PyYAML marks.

    ``code`` is the diagnostic's code, ``key`` the message in :mod:`pingyi.messages`
    (default: the code) and ``args`` its values; :attr:`message` is the sentence in the
    language in force."""

    def __init__(self, key: str, line: int | None, column: int | None, code: str = "yaml-syntax", /, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args
        self.line = line
        self.column = column
        self.code = code

    @property
    def message(self) -> str:
        from ..diagnostics import render_message

        return render_message(self.key, tuple(self.args_.items()))

    def __str__(self) -> str:
        return self.message


class _Constructor(SafeConstructor):
    yaml_constructors: dict = {}
    yaml_multi_constructors: dict = {}

    _text: str = ""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
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
                    "yaml-key",
                    key_node.start_mark.line,
                    key_node.start_mark.column,
                    "yaml-key",
                )
            key = self.construct_object(key_node, deep=deep)
            if key is None:
                key = ""
            if key in mapping:
                raise PingyiYAMLError(
                    "duplicate-key", key_node.start_mark.line, key_node.start_mark.column, "duplicate-key", name=excerpt(str(key))
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

    def construct_undefined(self, node: yaml.Node) -> Any:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise PingyiYAMLError("yaml-tag", node.start_mark.line, node.start_mark.column, "yaml-tag", tag=excerpt(tag))


_Constructor.add_constructor(NULL_TAG, SafeConstructor.construct_yaml_null)
_Constructor.add_constructor(STR_TAG, SafeConstructor.construct_yaml_str)
_Constructor.add_constructor(SEQ_TAG, SafeConstructor.construct_yaml_seq)
_Constructor.add_constructor(MAP_TAG, SafeConstructor.construct_yaml_map)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


if WITH_LIBYAML:

    class Loader(_Parser, _Constructor, _Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            self._text = stream
            _Resolver.__init__(self)

else:  # pragma: no cover

    class Loader(_Reader, _Scanner, _Parser, Composer, _Constructor, _Resolver):  # type: ignore[no-redef]
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
        raise PingyiYAMLError("encoding-utf16", None, None, "encoding")
    if b"\x00" in data:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is a zero
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if len(data) % 2 == 0 and max(even, odd) * 4 >= len(data):
            raise PingyiYAMLError("encoding-utf16", None, None, "encoding")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # the place of the first byte that is not UTF-8, counted in characters as an editor does
        line, column = _position(body[: exc.start].decode("utf-8", errors="replace"))
        try:
            data.decode("gb18030")
            key = "encoding-gbk"
        except UnicodeDecodeError:
            key = "encoding-unknown"
        raise PingyiYAMLError(key, line, column, "encoding") from None


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
        raise PingyiYAMLError("yaml-alias", None, None, "yaml-alias")


_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#:：{}\[\],]+\s*：")
_NO_SPACE_KEY = re.compile(r"^(\s*(?:-\s+)?[\w.\-]+):(?=[^\s/])")
#: Characters that may not start a plain YAML value.
_RESERVED = re.compile(r"^(\s*(?:-\s+)?(?:[\w.\-]+:\s+)?)([@`%|>!&*])")

_TWO_COLONS = re.compile(r"^\s*((?:-\s+)?[^\s:#'\"{}\[\]]+):\s+([^'\"{}\[\]#]*:\s.*)$")
_INDENT_PROBLEMS = (
    "mapping values are not allowed",
    "expected <block end>",
    "expected '-' indicator",
    "did not find expected key",
)

#: How many characters of a line a message quotes.
EXCERPT = 60


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A short excerpt of the user's text for a message (never a whole file)."""
    text = text.rstrip("\r\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _friendly(exc: yaml.MarkedYAMLError, text: str) -> PingyiYAMLError:
    """The parser's complaint said in words a secretary understands, at the place where the
    mistake most likely is, with the line quoted (and corrected where pingyi can tell how)."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else None
    column = mark.column if mark else None
    lines = text.splitlines()

    def shown(n: int) -> str:
        return excerpt(lines[n].strip()) if 0 <= n < len(lines) else ""

    if line is not None:
        # A tab in a line's indentation makes libyaml fail at that line or the next with a
        # cryptic message; name it plainly.
        for n in (line, line - 1):
            if 0 <= n < len(lines):
                raw = lines[n]
                indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
                if "\t" in indent:
                    return PingyiYAMLError("yaml-tab", n, indent.index("\t"), "yaml-tab", line=n + 1, text=shown(n))
        # `name：张三` (a full-width colon, as Chinese input methods type it) is no key
        context_line = exc.context_mark.line if exc.context_mark else line
        for n in dict.fromkeys((context_line, line, line - 1)):
            if 0 <= n < len(lines) and _FULL_WIDTH_KEY.match(lines[n]):
                fixed = re.sub(r"\s*：\s*", ": ", lines[n].strip(), count=1)
                return PingyiYAMLError("yaml-fullwidth-colon", n, lines[n].index("："), "yaml-syntax", fixed=excerpt(fixed))
    problem = exc.problem or ""
    context = exc.context or ""
    if exc.context_mark is not None and context == "while scanning a simple key":
        # a key without its colon: libyaml notices it a line later; the key is the mistake
        line, column = exc.context_mark.line, exc.context_mark.column
    line, column = clamp(text, line, column)
    if line is None:
        return PingyiYAMLError("yaml-syntax", None, None, line="?", problem=problem or str(exc), text="")
    here = lines[line] if line < len(lines) else ""
    code = "yaml-syntax"
    args: dict[str, Any] = {"line": line + 1, "text": shown(line)}
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        start = exc.context_mark or mark
        assert start is not None
        quote = text[start.index] if start.index < len(text) else '"'
        return PingyiYAMLError("yaml-unclosed-quote", start.line, start.column, code, quote=quote)
    if "escape" in problem:
        return PingyiYAMLError("yaml-escape", line, column, code, text=shown(line))
    if "flow sequence" in context or "flow mapping" in context:
        start = exc.context_mark or mark
        assert start is not None
        bracket = text[start.index] if start.index < len(text) else "["
        close = "]" if bracket == "[" else "}"
        if bracket not in "[{":
            bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        return PingyiYAMLError(
            "yaml-unclosed-bracket",
            start.line,
            start.column,
            code,
            open=bracket,
            close=close,
            line=start.line + 1,
            text=shown(start.line),
        )
    match = _NO_SPACE_KEY.match(here)
    if match and "simple key" in context:
        fixed = here[: match.end(1) + 1] + " " + here[match.end(1) + 1 :]
        return PingyiYAMLError("yaml-colon-space", line, column, code, fixed=excerpt(fixed.strip()))
    reserved = _RESERVED.match(here)
    if reserved and "cannot start any token" in problem:
        value = here[reserved.end(1) :].strip()
        fixed = (
            here[: reserved.end(1)].strip() + (" " if reserved.group(1).strip() else "") + "'" + value.replace("'", "''") + "'"
        )
        return PingyiYAMLError("yaml-reserved", line, column, code, char=reserved.group(2), fixed=excerpt(fixed.strip()))
    if "simple key" in context or "expected ':'" in problem:
        return PingyiYAMLError("yaml-missing-colon", line, column, code, **args)
    two = _TWO_COLONS.match(here)
    if two and "mapping values are not allowed" in problem:
        fixed = f"{two.group(1)}: '{two.group(2).strip()}'".strip()
        return PingyiYAMLError("yaml-colon-in-value", line, column, code, fixed=excerpt(fixed))
    if any(p in problem for p in _INDENT_PROBLEMS):
        is_item = here.lstrip().startswith("- ") or here.strip() == "-"
        return PingyiYAMLError("yaml-list-indent" if is_item else "yaml-indent", line, column, code, **args)
    if "expected <document start>" in problem:
        return PingyiYAMLError("yaml-stray-text", line, column, code, **args)
    return PingyiYAMLError("yaml-syntax", line, column, code, problem=excerpt(f"{problem} {context}".strip(), 80), **args)


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
        return PingyiYAMLError("encoding-control", None, None, "encoding", char="?")
    line, column = _position(text[: found.start()])
    return PingyiYAMLError("encoding-control", line, column, "encoding", char=f"U+{ord(found.group()):04X}")


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
        raise PingyiYAMLError("yaml-syntax", None, None, line="?", problem=str(exc), text="") from None
    except RecursionError:
        raise PingyiYAMLError("yaml-depth", None, None, "yaml-depth") from None
    finally:
        if loader is not None:
            loader.dispose()
    if "*" in text:
        for doc in docs:
            _check_aliases(doc)
    for doc in docs:
        if _too_deep(doc):
            raise PingyiYAMLError("yaml-depth", None, None, "yaml-depth")
    return docs


#: The deepest nesting of lists and mappings a document may have (pingyi's own documents
#: need fewer than ten levels; every later step may then walk a document recursively).
MAX_DEPTH = 100


def _too_deep(doc: Any) -> bool:
    """The document nests lists and mappings more than :data:`MAX_DEPTH` levels deep (a
    walk without recursion, which stops at the limit, so a cycle of aliases ends too)."""
    stack = [(doc, 1)]
    while stack:
        obj, depth = stack.pop()
        kind = type(obj)
        if kind is not dict and kind is not list:
            continue
        if depth > MAX_DEPTH:
            return True
        for value in obj.values() if kind is dict else obj:
            if type(value) is dict or type(value) is list:
                stack.append((value, depth + 1))
    return False


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
