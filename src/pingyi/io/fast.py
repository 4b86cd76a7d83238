"""A fast reader for the documents people and spreadsheets write most: scores and
evaluations, in any layout.

Monthly scores and evaluation ballots are most of a county's bytes (twenty thousand members
× twelve months × ten numbers), written in a handful of plain shapes: flow rows
(``m101: [9, 10, 8]``) or block lists (``- 9`` per line), lists split over lines, a comment
on a number or a line, a quoted month or id, an ``x-`` key, one document per file or a
year's documents in one file. :func:`read_documents` reads a YAML text document by
document: each document written in the plain subset of YAML below is read here, line
group by line group with a few compiled patterns; any other document (an anchor, a block
scalar, a tab, a key without its space, a duplicate key, an escape in a quoted scalar …)
is read by the full YAML parser (:func:`pingyi.io.yaml.parse_text`), which also produces
every error message with its position. The result is always exactly what ``parse_text``
gives for the whole text, or the same error: a property test checks both on generated
texts in all these styles and with damage.

The plain subset:

* block mappings (``key: value``, one space or more after the colon, no space before it)
  and block sequences (``- value``, also at the indentation of their key), a sequence
  item may open a mapping (``- m101: [...]``);
* flow sequences and mappings (``[9, 10]``, ``{m101: [9, 10]}``), also over several lines
  indented under their key, without a trailing comma;
* scalars on one line: plain words (``m101``, ``2024-03``, ``9.5``, ``张三 补录``; a block
  value may be any text that starts with a letter or a digit, ``增长10%以上，已验收``), or
  single- or double-quoted text without escapes; the YAML null words are left to YAML;
* comments after a space, comment lines and blank lines anywhere; ``---`` between
  documents (with a comment or nothing after it).

:func:`scores_model` and :func:`evaluation_model` then build the document models from
this data without pydantic's per-number work, or step aside (None) so that the full
validation decides and says what is wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: The documents of a text and, for each, whether the fast reader read it.
Documents = tuple[list[Any], list[bool]]

# tabs, carriage returns outside CRLF, the line breaks str.splitlines knows but YAML does not,
# a byte-order mark inside the text, and the characters YAML does not allow in a file
_ODD = re.compile(
    "[\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029\ufeff]|\r(?!\n)"
    "|[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_SEPARATOR = re.compile(r"^---(?:[ ]+(?:#[^\n]*)?)?$", re.M)
_NULLS = frozenset({"null", "Null", "NULL", "~", ""})

_WORD = r"[^\W_][\w.\-]*"
_PLAIN = rf"{_WORD}(?:[ ]+[\w.\-]+)*"
_QUOTED = r"'[^'\n]*'|\"[^\"\\\n]*\""
_SCALAR = re.compile(rf"(?:{_PLAIN}|{_QUOTED})")
# a plain scalar where a block value stands (after `key: ` or `- `): text as people write
# it, punctuation and all (``村集体经济收入增长10%以上``, ``已落实，见记录``, ``a:b``), up to a
# comment or the line's end; not ``: `` (YAML's key) nor `` #`` (a comment). Flow
# collections keep to _SCALAR: their commas and brackets end a word.
_TEXT = re.compile(rf"(?:[^\W_](?:[^\n :#]|:(?=[^ \n])|#|[ ]+(?=[^ \n#]))*|{_QUOTED})")
_KEY = re.compile(rf"({_WORD}|{_QUOTED}):(?=[ \n])")
_SKIP = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*")  # blank and comment lines
_INDENT = re.compile(r"[ ]*")
_AFTER_KEY = re.compile(r"[ ]*(?:#[^\n]*)?\n")  # `key:` at the end of its line
_SPACES = re.compile(r"[ ]+")
_END = re.compile(r"(?:[ ]+(?:#[^\n]*)?)?\n")  # after a value: spaces, a comment, the line's end
# a flow sequence of plain words on one line, the usual row of numbers
_ROW = re.compile(rf"\[[ ]*((?:{_WORD})(?:[ ]*,[ ]*{_WORD})*)[ ]*\]")
_FLOW_SPACE = re.compile(r"[ ]*")

#: How deep the fast reader follows nested collections (pingyi's documents need four).
_DEPTH = 12


class _Unusual(Exception):
    """The document is not in the plain subset: YAML decides."""


#: Member ids, one per line (each as ID_PATTERN), and rows of short whole numbers, one per
#: ``;``: the usual scores, checked in one go
_IDS = re.compile(r"(?:[^\W_][\w.\-]*\n)*")
_NUMBER_ROWS = re.compile(r"(?:(?:[0-9]{1,12}(?:,[0-9]{1,12})*)?;)*")


# an id and numbers in ASCII (a part of _WORD that the patterns check quickly)
_ASCII_ID = r"[0-9A-Za-z][0-9A-Za-z_.\-]*"
_ASCII_NUMBERS = r"[0-9][0-9.]*(?:[ ]*,[ ]*[0-9][0-9.]*)*"


@lru_cache(maxsize=64)
def _run_of_rows(indent: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A run of ``key: [number, number]`` lines at one indentation (with comments and
    blank lines between them), and the pattern that picks the keys and numbers out of it."""
    pad = " " * indent
    run = re.compile(rf"(?:(?:[ ]*(?:#[^\n]*)?\n)*{pad}{_ASCII_ID}:[ ]+\[[ ]*{_ASCII_NUMBERS}[ ]*\](?:[ ]+(?:#[^\n]*)?)?\n)+")
    row = re.compile(rf"^{pad}({_ASCII_ID}):[ ]+\[[ ]*({_ASCII_NUMBERS})[ ]*\]", re.M)
    return run, row


@lru_cache(maxsize=64)
def _run_of_words(indent: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A run of ``- word`` lines at one indentation (with comments and blank lines between
    them), and the pattern that picks the words out of it."""
    pad = " " * indent
    run = re.compile(rf"(?:{pad}-[ ]+{_PLAIN}(?:[ ]+(?:#[^\n]*)?)?\n(?:[ ]*(?:#[^\n]*)?\n)*)+")
    item = re.compile(rf"^{pad}-[ ]+({_PLAIN})", re.M)
    return run, item


@lru_cache(maxsize=64)
def _run_of_lists(indent: int) -> re.Pattern[str]:
    """The start of a run of ``key:`` lines at one indentation, each followed by its list
    of ``- word`` lines (block scores: ``m101:`` then ``- 9`` per line), the dashes'
    indentation captured."""
    pad = " " * indent
    return re.compile(rf"{pad}{_ASCII_ID}:(?:[ ]+(?:#[^\n]*)?)?\n(?:[ ]*(?:#[^\n]*)?\n)*( *)- ")


@lru_cache(maxsize=64)
def _lists(indent: int, dashes: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A run of ``key:`` lines at ``indent`` each followed by one or more ``- word`` lines
    at ``dashes`` (comments and blank lines between them), the pattern that splits it at
    its keys, and the one that picks the words out of a key's lines."""
    pad, dash = " " * indent, " " * dashes
    gap = r"(?:[ ]*(?:#[^\n]*)?\n)*"
    key = rf"{pad}({_ASCII_ID}):(?:[ ]+(?:#[^\n]*)?)?\n"
    word = rf"{dash}-[ ]+{_PLAIN}(?:[ ]+(?:#[^\n]*)?)?\n"
    run = re.compile(rf"(?:{gap}{key.replace('(', '(?:', 1)}(?:{gap}{word})+)+")
    split = re.compile(rf"^{key}", re.M)
    item = re.compile(rf"^{dash}-[ ]+({_PLAIN})", re.M)
    return run, split, item


def _scalar(token: str) -> str:
    if token[0] in "'\"":
        return token[1:-1]
    if token in _NULLS:
        raise _Unusual
    return token


class _Reader:
    """One document's text (ending in a newline), read from ``pos``."""

    __slots__ = ("text", "pos", "depth")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def next_indent(self) -> int:
        """Skip blank and comment lines; the indentation of the next line, -1 at the end."""
        text = self.text
        pos = _SKIP.match(text, self.pos).end()  # type: ignore[union-attr]
        self.pos = pos
        if pos >= len(text):
            return -1
        return _INDENT.match(text, pos).end() - pos  # type: ignore[union-attr]

    def document(self) -> dict[str, Any]:
        if self.next_indent() != 0:
            raise _Unusual
        value = self.mapping(0, first=False)
        if self.next_indent() != -1:
            raise _Unusual
        return value

    def mapping(self, indent: int, *, first: bool) -> dict[str, Any]:
        """A block mapping whose keys stand at ``indent``; with ``first`` the first key
        starts at ``pos`` (after a sequence item's dash)."""
        self.depth += 1
        if self.depth > _DEPTH:
            raise _Unusual
        text = self.text
        out: dict[str, Any] = {}
        run, row = _run_of_rows(indent)
        while True:
            if first:
                first = False
            else:
                m = run.match(text, self.pos)
                if m is not None:  # rows of numbers, one per line: the bulk of flow scores
                    pairs = row.findall(text, self.pos, m.end())
                    keys = [k for k, _ in pairs]
                    known = len(out)
                    out.update(zip(keys, [w.replace(" ", "").split(",") for _, w in pairs]))
                    if len(out) != known + len(pairs) or not _NULLS.isdisjoint(keys):
                        raise _Unusual  # a key given twice (YAML says where), or a null key
                    self.pos = m.end()
                    continue
                m = _run_of_lists(indent).match(text, self.pos)
                if m is not None and self._lists(out, indent, len(m.group(1))):
                    continue  # lists of words, a line each: the bulk of block scores
                here = self.next_indent()
                if here < indent:
                    break
                if here > indent:
                    raise _Unusual
                self.pos += indent
            m = _KEY.match(text, self.pos)
            if m is None:
                raise _Unusual
            key = _scalar(m.group(1))
            if key in out:
                raise _Unusual  # YAML says where the duplicate is
            pos = m.end()
            after = _AFTER_KEY.match(text, pos)
            if after is not None:
                self.pos = after.end()
                out[key] = self.block_value(indent)
                continue
            self.pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
            out[key] = self.inline_value(indent)
        self.depth -= 1
        return out

    def _lists(self, out: dict[str, Any], indent: int, dashes: int) -> bool:
        """Read a run of keys at ``indent``, each with its list of words at ``dashes``
        (``dashes`` may equal ``indent``: a list at its key's indentation), into ``out``;
        False when there is none at ``pos``."""
        if dashes < indent:
            return False
        run, split, item = _lists(indent, dashes)
        text = self.text
        start = self.pos
        m = run.match(text, start)
        if m is None:
            return False
        end = m.end()
        parts = split.split(text[start:end])
        after = _SKIP.match(text, end).end()  # type: ignore[union-attr]
        if after < len(text):
            here = _INDENT.match(text, after).end() - after  # type: ignore[union-attr]
            if here > indent or (here == indent and text.startswith("- ", after + here)):
                # the last list goes on in another form (a quoted word, say): its key is
                # left to the general reader
                last = start
                for key in split.finditer(text, start, end):
                    last = key.start()
                if last == start:
                    return False
                end = last
                parts = split.split(text[start:end])
        keys = parts[1::2]
        known = len(out)
        findall = item.findall
        lists = [findall(body) for body in parts[2::2]]
        out.update(zip(keys, lists))
        if len(out) != known + len(keys) or not _NULLS.isdisjoint(keys):
            raise _Unusual  # a key given twice (YAML says where), or a null key
        for words in lists:
            if not _NULLS.isdisjoint(words):
                raise _Unusual
        self.pos = end
        return True

    def block_value(self, indent: int) -> Any:
        """The value of a key at ``indent`` that ended its line: a block collection below."""
        here = self.next_indent()
        if here < indent or here == -1:
            raise _Unusual  # an empty value
        text = self.text
        start = self.pos + here
        dash = text.startswith("- ", start)
        if here == indent:
            if not dash:
                raise _Unusual
            return self.sequence(indent, loose=True)
        if dash:
            return self.sequence(here, loose=False)
        self.pos = start
        return self.mapping(here, first=True)

    def inline_value(self, indent: int) -> Any:
        """A value that starts on its key's (or its dash's) line at ``pos``."""
        text = self.text
        pos = self.pos
        c = text[pos]
        if c == "[":
            m = _ROW.match(text, pos)
            if m is not None:
                end = _END.match(text, m.end())
                if end is not None:
                    values = m.group(1).replace(" ", "").split(",")
                    if not _NULLS.isdisjoint(values):
                        raise _Unusual
                    self.pos = end.end()
                    return values
        if c in "[{":
            value = self.flow(indent)
        else:
            m = _TEXT.match(text, pos)
            if m is None:
                raise _Unusual
            value = _scalar(m.group())
            self.pos = m.end()
        end = _END.match(text, self.pos)
        if end is None:
            raise _Unusual
        self.pos = end.end()
        return value

    def sequence(self, indent: int, *, loose: bool) -> list[Any]:
        """A block sequence whose dashes stand at ``indent`` (``loose``: at the
        indentation of its key, so that a key line ends it)."""
        self.depth += 1
        if self.depth > _DEPTH:
            raise _Unusual
        text = self.text
        out: list[Any] = []
        run, item = _run_of_words(indent)
        while True:
            here = self.next_indent()
            if here < indent:
                break
            if here > indent:
                raise _Unusual
            start = self.pos
            if not text.startswith("- ", start + indent):
                if loose:
                    break
                raise _Unusual
            m = run.match(text, start)
            if m is not None:  # a run of plain words, one per line: the bulk of block scores
                words = item.findall(text, start, m.end())
                if not _NULLS.isdisjoint(words):
                    raise _Unusual
                out.extend(words)
                self.pos = m.end()
                continue
            pos = _SPACES.match(text, start + indent + 1).end()  # type: ignore[union-attr]
            self.pos = pos
            if _KEY.match(text, pos) is not None:
                out.append(self.mapping(pos - start, first=True))
            else:
                out.append(self.inline_value(indent))
        self.depth -= 1
        return out

    # ---------------------------------------------------------------- flow collections

    def flow_space(self, indent: int) -> None:
        """Spaces, comments, and line breaks to lines indented more than ``indent``."""
        text = self.text
        pos = self.pos
        while True:
            pos = _FLOW_SPACE.match(text, pos).end()  # type: ignore[union-attr]
            c = text[pos]
            if c == "#":
                if text[pos - 1] not in " \n":
                    raise _Unusual
                pos = text.index("\n", pos)
                continue
            if c != "\n":
                break
            pos += 1
            spaces = _FLOW_SPACE.match(text, pos).end() - pos  # type: ignore[union-attr]
            if text[pos + spaces] != "\n" and spaces <= indent:
                raise _Unusual
        self.pos = pos

    def flow(self, indent: int) -> Any:
        """A flow collection at ``pos`` (its lines indented more than ``indent``)."""
        self.depth += 1
        if self.depth > _DEPTH:
            raise _Unusual
        text = self.text
        opening = text[self.pos]
        closing = "]" if opening == "[" else "}"
        self.pos += 1
        self.flow_space(indent)
        out: Any = [] if opening == "[" else {}
        if text[self.pos] == closing:
            self.pos += 1
            self.depth -= 1
            return out
        while True:
            if opening == "{":
                m = _KEY.match(text, self.pos)
                if m is None:
                    raise _Unusual
                key = _scalar(m.group(1))
                if key in out:
                    raise _Unusual
                self.pos = m.end()
                self.flow_space(indent)
                out[key] = self.flow_node(indent)
            else:
                out.append(self.flow_node(indent))
            self.flow_space(indent)
            c = text[self.pos]
            self.pos += 1
            if c == closing:
                break
            if c != ",":
                raise _Unusual
            self.flow_space(indent)
            if text[self.pos] in "]}":
                raise _Unusual  # a trailing comma
        self.depth -= 1
        return out

    def flow_node(self, indent: int) -> Any:
        text = self.text
        c = text[self.pos]
        if c in "[{":
            return self.flow(indent)
        m = _SCALAR.match(text, self.pos)
        if m is None:
            raise _Unusual
        self.pos = m.end()
        if text[self.pos] == ":":
            raise _Unusual  # `[a: 1]`, a mapping inside a sequence
        return _scalar(m.group())


def read_document(text: str) -> dict[str, Any] | None:
    """One document's text (without its ``---`` line) as YAML reads it, or None when it is
    not written in the plain subset (or holds no mapping)."""
    if not text.endswith("\n"):
        text += "\n"
    try:
        return _Reader(text).document()
    except (_Unusual, IndexError):
        return None


def read_documents(text: str) -> Documents:
    """Every document of ``text`` exactly as :func:`pingyi.io.yaml.parse_text` gives
    them, and for each whether the fast reader read it; raises the same
    :class:`~pingyi.io.yaml.PingyiYAMLError` as ``parse_text`` on a broken text. Each
    document in the plain subset is read here, each other one by YAML."""
    from .yaml import parse_text

    # nothing unprintable for Python, so nothing odd for YAML (the quick test); else look
    if not text.replace("\n", "").isprintable() and _ODD.search(text):
        return _all_yaml(text)
    if text.startswith(("%", "...")) or "\n%" in text or "\n..." in text:
        return _all_yaml(text)
    text_lf = text.replace("\r\n", "\n") if "\r" in text else text
    bounds = [0, *(m.start() for m in _SEPARATOR.finditer(text_lf)), len(text_lf)]
    docs: list[Any] = []
    fast: list[bool] = []
    lines_before = 0
    for index in range(len(bounds) - 1):
        begin, end = bounds[index], bounds[index + 1]
        if index:
            lines_before += text_lf.count("\n", bounds[index - 1], begin)
        chunk = text_lf[begin:end]
        body = chunk
        if index:  # after its `---` line
            nl = chunk.find("\n")
            body = "" if nl < 0 else chunk[nl + 1 :]
        elif _SKIP.fullmatch(body if body.endswith("\n") or not body else body + "\n"):
            continue  # blank lines and comments before the first `---`: no document
        doc = read_document(body) if body.strip() else None
        if doc is not None:
            docs.append(doc)
            fast.append(True)
            continue
        if len(bounds) == 2 and text_lf is text:  # the one document is the whole text
            return _all_yaml(text)
        # YAML reads this document alone, at its own lines (so that its positions hold);
        # on anything but exactly one document, or an error, YAML reads the whole text
        try:
            alone = parse_text("\n" * lines_before + chunk)
        except Exception:
            alone = None
        if alone is None or len(alone) != 1:
            return _all_yaml(text)
        docs.append(alone[0])
        fast.append(False)
    return docs, fast


def _all_yaml(text: str) -> Documents:
    from .yaml import parse_text

    docs = parse_text(text)
    return docs, [False] * len(docs)


# --------------------------------------------------------------------------- models


def _has_user_keys(data: dict[str, Any]) -> bool:
    for k in data:
        if k.startswith("x-"):
            return True
    return False


#: Longer than any score: the full validation says what is wrong with it.
_LONGEST_SCORE = 12


def _rows(rows: Any) -> dict[str, list[Any]] | None:
    """member id → scores as the model holds them, or None when the full validation must
    look at them."""
    from ..model.base import _ID_RE, _score

    if type(rows) is not dict:
        return None
    if _has_user_keys(rows):
        rows = {k: v for k, v in rows.items() if not k.startswith("x-")}
    members = list(rows)
    lists = list(rows.values())
    ids = "\n".join(members) + "\n"
    if (
        set(map(type, lists)) <= {list}
        and ids.count("\n") == len(members)  # no id holds a line break
        and _IDS.fullmatch(ids)
    ):
        try:
            usual = _NUMBER_ROWS.fullmatch(";".join(map(",".join, lists)) + ";")
            if usual:  # the usual rows: short whole numbers
                return dict(zip(members, [list(map(int, values)) for values in lists]))
        except (TypeError, ValueError):  # not all text, an empty value, a comma inside one
            pass
    out: dict[str, list[Any]] = {}
    for member, values in rows.items():
        if type(values) is not list or not _ID_RE.match(member):
            return None
        row: list[Any] = []
        for v in values:
            if type(v) is not str or len(v) > _LONGEST_SCORE:
                return None
            if v.isdigit() and v.isascii():
                row.append(int(v))
                continue
            try:
                row.append(_score(v))
            except ValueError:  # PydanticCustomError is a ValueError
                return None
        out[member] = row
    return out


def scores_model(raw: Any) -> Any | None:
    """The :class:`~pingyi.model.scores.ScoresDoc` that ``validate_document`` would give
    for ``raw`` with no diagnostic, or None when the full validation must decide."""
    from ..model.base import _ID_RE, _MONTH_RE
    from ..model.scores import ScoresDoc

    if type(raw) is not dict:
        return None
    if _has_user_keys(raw):
        raw = {k: v for k, v in raw.items() if not k.startswith("x-")}
    if raw.keys() != {"kind", "org", "month", "scores"} or raw["kind"] != "scores":
        return None
    org, month = raw["org"], raw["month"]
    if type(org) is not str or type(month) is not str or not _ID_RE.match(org) or not _MONTH_RE.match(month):
        return None
    scores = _rows(raw["scores"])
    if scores is None:
        return None
    return ScoresDoc.model_construct(kind="scores", org=org, month=month, scores=scores)


_EVALUATION_KEYS = frozenset({"kind", "org", "year", "mass_representatives", "ballots", "participants", "averages"})


def evaluation_model(raw: Any) -> Any | None:
    """The :class:`~pingyi.model.evaluation.EvaluationDoc` that ``validate_document``
    would give for ``raw`` with no diagnostic, or None when the full validation must
    decide."""
    from ..model.base import _ID_RE, _int, _year
    from ..model.evaluation import EvaluationDoc

    if type(raw) is not dict:
        return None
    if _has_user_keys(raw):
        raw = {k: v for k, v in raw.items() if not k.startswith("x-")}
    if raw.get("kind") != "evaluation" or not raw.keys() <= _EVALUATION_KEYS:
        return None
    org = raw.get("org")
    if type(org) is not str or not _ID_RE.match(org) or "year" not in raw:
        return None
    fields: dict[str, Any] = {"kind": "evaluation", "org": org}
    try:
        fields["year"] = _year(_text(raw["year"]))
        for key in ("mass_representatives", "participants"):
            if key in raw:
                fields[key] = _int(_text(raw[key]))
    except ValueError:
        return None
    ballots, averages = raw.get("ballots"), raw.get("averages")
    if ("ballots" in raw) == ("averages" in raw):
        return None  # neither or both: the validation explains
    if "ballots" in raw:
        if type(ballots) is not list:
            return None
        rows = []
        for ballot in ballots:
            row = _rows(ballot)
            if row is None:
                return None
            rows.append(row)
        fields["ballots"] = rows
    else:
        if "participants" not in raw:
            return None
        rows_ = _rows(averages)
        if rows_ is None:
            return None
        fields["averages"] = rows_
    return EvaluationDoc.model_construct(**fields)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError
    return value


#: The models the fast reader builds itself, by kind.
BUILDERS = {"scores": scores_model, "evaluation": evaluation_model}


def fast_model(raw: Any) -> Any | None:
    """The model of a document the fast reader read, when it is one the fast reader
    builds itself and it is valid; else None (the full validation then decides)."""
    if type(raw) is not dict:
        return None
    kind = raw.get("kind")
    builder = BUILDERS.get(kind) if type(kind) is str else None  # `kind: []` is for the validation to say
    return None if builder is None else builder(raw)


def parse_scores(text: str) -> list[dict[str, Any]] | None:
    """The documents of a text that holds scores documents only, as YAML reads them, or
    None when any document is not in the plain subset or is no scores document (kept for
    the callers that want the rows of a scores file)."""
    try:
        docs, fast = read_documents(text)
    except Exception:
        return None
    if not docs or not all(fast):
        return None
    for d in docs:
        if d.get("kind") != "scores" or not {"org", "month", "scores"} <= d.keys() or not d["scores"]:
            return None
    return docs
