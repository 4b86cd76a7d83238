"""A data-only encoding of parsed files for the cache: nothing in it can run code.

The cache once held pickles, signed so that only this user's pingyi trusts them; a pickle
can call any function while it loads, so a leaked key or a bug in the check would have
meant code execution. This encoding is plain data — :mod:`marshal` of lists, dicts,
strings, numbers, bytes and tagged tuples — and the decoder builds only pingyi's own types,
named in the data and checked against an allowlist (pingyi's models, enums, the
diagnostic dataclasses) before they are built. A model is rebuilt from its field values
without running any of its code (as pickle rebuilds it, without validation: the values
were validated when the file was parsed).

Measured on the county benchmark (16,032 files, the whole parsed-file cache): loading
takes 1.39–1.47× the CPU time of unpickling the same results (0.73–0.78 s against
0.50–0.56 s, three runs), a price paid only on a warm start.

Tags: ``("M", class, fields set, {field: value})`` a pydantic model; ``("N", class, keys,
field sets, columns, rows)`` a list of models of one type, one row of values each; ``("K",
keys, typecode, bytes, width, scale)`` rows of scores kept as one integer array
(:class:`~pingyi.model.rows.ScoreRows`: a scores document's, a ballot's, the averages);
``("A", typecode, bytes)`` an :class:`array.array` of integers; ``("R", keys, bytes,
width)`` a mapping of equal rows of small whole numbers; ``("I", bytes)`` a list of whole numbers; ``("C", class, [values])`` a
dataclass; ``("E", class, value)`` an enum member; ``("t", [...])`` a tuple; ``("f", [...])``
a frozenset; ``("D", text)`` a Decimal; ``("Q", numerator, denominator)`` a Fraction; ``("d", ordinal)`` a date; ``("s", class, text)`` a
``str`` subclass; ``("L", class, bytes)`` a document of a parsed file, kept encoded
(:class:`Deferred`) until it is first used; ``("F", [index, class, bytes, …], raw rules,
diagnostics)`` a parsed file's result (:class:`~pingyi.loader.FileResult`), its
documents kept so.

A cached file's documents are decoded when a command first reads them, not when the
cache is read: a command that reads the org tree and the scores never decodes the
commitments and the rounds, and rewriting a shard after an edit copies the documents of
the other files as the bytes they already were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import importlib
import marshal
from array import array
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..speed import bulk, collecting

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..model.base import shared_fields_set
    from ..model.deferred import Deferred
    from ..model.rows import TYPECODES, ScoreRows
    from ..model.rows import _rows as _make_rows

#: The encoding's version, part of the cache's tag.
VERSION = 1


class Refused(ValueError):
    """The data names a type that is not one of pingyi's own data types."""


_MODELS = False


def _models() -> None:
    """Import pydantic and pingyi's models, on the first encoding or decoding of one: plain
    data (the cache's index, a remembered output's key) is read without them, so that a
    command answered from the cache never imports them."""
    global _MODELS
    if _MODELS:
        return
    from pydantic import BaseModel

    from ..model.base import shared_fields_set
    from ..model.deferred import Deferred
    from ..model.rows import TYPECODES, ScoreRows
    from ..model.rows import _rows as _make_rows

    globals().update(
        BaseModel=BaseModel,
        shared_fields_set=shared_fields_set,
        Deferred=Deferred,
        TYPECODES=TYPECODES,
        ScoreRows=ScoreRows,
        _make_rows=_make_rows,
    )
    _MODELS = True


@functools.cache
def _dataclasses() -> frozenset[type]:
    from ..diagnostics import Diagnostic, Loc, Note
    from ..loader import FileResult

    return frozenset({Diagnostic, Loc, Note, FileResult})


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


_CLASSES: dict[tuple[str, str], Any] = {}


def _class(name: str, kind: str) -> Any:
    """The pingyi type called ``name``, if it is of the kind the tag says; else Refused.
    (Each name is looked up and judged once per process.)"""
    cls = _CLASSES.get((name, kind))
    if cls is not None:
        return cls
    module, _, qualname = name.partition(":")
    if not (module == "pingyi" or module.startswith("pingyi.")) or not qualname.isidentifier():
        raise Refused(name)
    found = getattr(importlib.import_module(module), qualname, None)
    if not isinstance(found, type):
        raise Refused(name)
    _models()
    allowed = {
        "M": lambda: issubclass(found, BaseModel),
        "E": lambda: issubclass(found, enum.Enum),
        "C": lambda: found in _dataclasses(),
        "s": lambda: issubclass(found, str) and not issubclass(found, enum.Enum),
    }[kind]()
    if not allowed:
        raise Refused(name)
    _CLASSES[(name, kind)] = found
    return found


_FIELDS: dict[type, frozenset[str]] = {}


def _fields(cls: type[BaseModel]) -> frozenset[str]:
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = frozenset(cls.model_fields)
    return known


# --------------------------------------------------------------------------- encoding


def _encode(o: Any) -> Any:
    t = type(o)
    if t is int or t is str or o is None or t is bool or t is float or t is bytes:
        return o
    if t is list:
        if o and all(type(x) is int for x in o):
            try:
                return ("I", array("q", o).tobytes())
            except OverflowError:
                pass
        if len(o) > 1 and isinstance(o[0], BaseModel):
            table = _table_of(o)
            if table is not None:
                return table
        return [_encode(x) for x in o]
    if t is dict:
        rows = list(o.values())
        if rows and all(type(r) is list for r in rows) and all(type(k) is str for k in o):
            width = len(rows[0])
            flat = [v for r in rows for v in r]
            if all(len(r) == width for r in rows) and all(type(v) is int and 0 <= v <= 255 for v in flat):
                return ("R", list(o), bytes(flat), width)
        return {_encode(k): _encode(v) for k, v in o.items()}
    if t is tuple:
        return ("t", [_encode(x) for x in o])
    if t is Decimal:
        return ("D", str(o))
    if t is Fraction:
        return ("Q", o.numerator, o.denominator)
    if t is dt.date:
        return ("d", o.toordinal())
    if isinstance(o, enum.Enum):
        return ("E", _name(t), o.value)
    if t is ScoreRows:
        return ("K", list(o.members), o.cells.typecode, o.cells.tobytes(), o.width, o.scale)
    if t is array and o.typecode in TYPECODES:
        return ("A", o.typecode, o.tobytes())
    if isinstance(o, BaseModel):
        return ("M", _name(t), sorted(o.model_fields_set), {k: _encode(v) for k, v in o.__dict__.items()})
    if t is Deferred:
        return _deferred(o)
    if dataclasses.is_dataclass(o) and t in _dataclasses():
        if t.__name__ == "FileResult":  # each document kept as bytes, decoded when used
            docs: list[Any] = []
            for i, m in getattr(o, "documents"):  # noqa: B009
                docs.extend((i, *_deferred(m)[1:]))
            return ("F", docs, _encode(getattr(o, "raw_rules")), _encode(getattr(o, "diagnostics")))  # noqa: B009
        return ("C", _name(t), [_encode(getattr(o, f.name)) for f in dataclasses.fields(o)])
    if t is frozenset:
        return ("f", [_encode(x) for x in o])
    if isinstance(o, str):
        return ("s", _name(t), str(o))
    raise TypeError(f"no plain encoding for {t!r}")


def _deferred(model: Any) -> tuple[str, str, bytes]:
    """``("L", class, bytes)``: a document encoded on its own (a :class:`Deferred` not
    decoded yet gives back the bytes it came from)."""
    _models()
    if type(model) is Deferred:
        data = model.encoded()
        if data is not None:
            return ("L", _name(model.cls), data)
        model = model.load()
    return ("L", _name(type(model)), marshal.dumps(_encode(model)))


def encoded_document(model: Any) -> bytes:
    """A document's own encoding (:class:`Deferred` or a model): what the cache keeps of
    it, the bytes it already is when it comes from the cache."""
    return _deferred(model)[2]


def document_digest(model: Any) -> bytes:
    """The SHA-256 of a document's :func:`encoded_document`: the same content, the same
    digest; the one the cache's index holds, when it does, without fetching the bytes."""
    _models()
    if type(model) is Deferred and model.sig is not None:
        return model.sig
    return hashlib.sha256(encoded_document(model)).digest()


def _table_of(models: list[Any]) -> tuple[Any, ...] | None:
    """A list of models of one type with the same fields: ``("N", class, keys, field
    sets, columns needing decoding, rows)``, one row ``[field set, values…]`` per model;
    None for any other list."""
    from ..model.scores import ScoresDoc

    t = type(models[0])
    if t is ScoresDoc or not all(type(m) is t for m in models):
        return None
    keys = list(models[0].__dict__)
    sets: dict[tuple[str, ...], int] = {}
    rows = []
    deep: set[int] = set()
    for m in models:
        values = m.__dict__
        if list(values) != keys:
            return None
        fields = tuple(sorted(m.model_fields_set))
        row = [sets.setdefault(fields, len(sets))]
        for i, v in enumerate(values.values()):
            encoded = _encode(v)
            if type(encoded) in (tuple, list, dict):
                deep.add(i)
            row.append(encoded)
        rows.append(row)
    return ("N", _name(t), keys, [list(f) for f in sets], sorted(deep), rows)


def dumps(value: Any) -> bytes:
    """``value`` (parsed-file results and plain data) as bytes. Raises TypeError for a
    type the encoding does not know."""
    _models()
    return marshal.dumps(_encode(value))


# --------------------------------------------------------------------------- decoding


def _model(o: tuple[Any, ...]) -> BaseModel:
    cls = _class(o[1], "M")
    values = o[3]
    if type(values) is not dict or not values.keys() <= _fields(cls):
        raise Refused(o[1])  # only the model's own fields, by name
    model = cls.__new__(cls)
    for k, v in values.items():
        tv = type(v)
        if tv is tuple or tv is list or tv is dict:
            values[k] = _decode(v)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", shared_fields_set(o[2]))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def _table(o: tuple[Any, ...]) -> list[BaseModel]:
    cls = _class(o[1], "M")
    keys, sets, deep, rows = o[2], o[3], o[4], o[5]
    if not (type(keys) is list and set(keys) <= _fields(cls) and type(rows) is list and type(deep) is list):
        raise Refused(o[1])
    fields = [frozenset(f) for f in sets]
    width = len(keys) + 1
    out = []
    new, put = cls.__new__, object.__setattr__
    for row in rows:
        if type(row) is not list or len(row) != width:
            raise Refused(o[1])
        values = row[1:]
        for i in deep:
            v = values[i]
            tv = type(v)
            if tv is tuple or tv is list or tv is dict:
                values[i] = _decode(v)
        model = new(cls)
        put(model, "__dict__", dict(zip(keys, values)))
        put(model, "__pydantic_fields_set__", shared_fields_set(fields[row[0]]))
        put(model, "__pydantic_extra__", None)
        put(model, "__pydantic_private__", None)
        out.append(model)
    return out


def _score_rows(o: tuple[Any, ...]) -> ScoreRows:
    _models()
    keys, typecode, data, width, scale = o[1:]
    if not (type(keys) is list and type(data) is bytes and type(width) is int and type(scale) is int):
        raise Refused("score rows")
    return _make_rows(keys, typecode, data, width, scale)


def _array(o: tuple[Any, ...]) -> array:
    _models()
    typecode, data = o[1:]
    if typecode not in TYPECODES or type(data) is not bytes:
        raise Refused("array")
    numbers = array(typecode)
    numbers.frombytes(data)
    return numbers


def _rows(o: tuple[Any, ...]) -> dict[str, list[int]]:
    keys, flat, width = o[1], o[2], o[3]
    return {k: list(flat[i * width : (i + 1) * width]) for i, k in enumerate(keys)}


def _ints(o: tuple[Any, ...]) -> list[int]:
    numbers = array("q")
    numbers.frombytes(o[1])
    return numbers.tolist()


def _fraction(o: tuple[Any, ...]) -> Fraction:
    if len(o) != 3 or type(o[1]) is not int or type(o[2]) is not int or o[2] <= 0:
        raise Refused("fraction")
    return Fraction(o[1], o[2])


_ENUMS: dict[tuple[str, Any], Any] = {}


def _enum(o: tuple[Any, ...]) -> Any:
    key = (o[1], o[2])
    member = _ENUMS.get(key)
    if member is None:
        member = _ENUMS[key] = _class(o[1], "E")(o[2])
    return member


def _later(o: tuple[Any, ...]) -> Deferred:
    if type(o[2]) is not bytes:
        raise Refused("document")
    cls = _class(o[1], "M")
    return Deferred(cls, o[2])


def _file_result(o: tuple[Any, ...]) -> Any:
    """A parsed file's result: ``("F", [index, class, bytes, …], raw rules, diagnostics)``,
    its documents :class:`Deferred`."""
    from ..loader import FileResult

    _models()
    flat = o[1]
    if type(flat) is not list or len(flat) % 3:
        raise Refused("file result")
    documents = []
    for k in range(0, len(flat), 3):
        index, name, data = flat[k], flat[k + 1], flat[k + 2]
        if type(index) is not int or type(data) is not bytes:
            raise Refused("file result")
        documents.append((index, Deferred(_class(name, "M"), data)))
    return FileResult(tuple(documents), _decode(o[2]), _decode(o[3]))


_DECODERS: dict[str, Callable[[tuple[Any, ...]], Any]] = {
    "L": _later,
    "F": _file_result,
    "M": _model,
    "N": _table,
    "K": _score_rows,
    "A": _array,
    "R": _rows,
    "I": _ints,
    "C": lambda o: _class(o[1], "C")(*[_decode(x) for x in o[2]]),
    "t": lambda o: tuple([_decode(x) for x in o[1]]),
    "D": lambda o: Decimal(o[1]),
    "Q": _fraction,
    "d": lambda o: dt.date.fromordinal(o[1]),
    "E": _enum,
    "f": lambda o: frozenset([_decode(x) for x in o[1]]),
    "s": lambda o: _class(o[1], "s")(o[2]),
}


def _decode(o: Any) -> Any:
    t = type(o)
    if t is tuple:
        decoder = _DECODERS.get(o[0]) if o else None
        if decoder is None:
            raise Refused(repr(o[:1]))
        return decoder(o)
    if t is list:
        for x in o:
            tx = type(x)
            if tx is tuple or tx is list or tx is dict:
                return [_decode(x) for x in o]
        return o
    if t is dict:  # a key that is not plain text or a number (an enum member) was encoded too
        return {(_decode(k) if type(k) is tuple else k): _decode(v) for k, v in o.items()}
    if t is int or t is str or o is None or t is bool or t is float or t is bytes:
        return o
    raise Refused(repr(t))


def pack_results(results: dict[str, Any]) -> tuple[Any, ...]:
    """Parsed files' results (key → :class:`~pingyi.loader.FileResult`) as a few flat
    columns, to be written by :func:`dumps`, which :func:`unpack_results` reads back in
    one tight loop: the keys, each
    file's number of documents, every document's index, class and bytes (one after the
    other), and the raw rules and diagnostics of the files that have any."""
    keys: list[str] = []
    counts: list[int] = []
    indexes: list[int] = []
    classes: list[str] = []
    datas: list[bytes] = []
    extra: dict[int, Any] = {}
    for k, (key, result) in enumerate(results.items()):
        keys.append(key)
        counts.append(len(result.documents))
        for index, model in result.documents:
            tag = _deferred(model)
            indexes.append(index)
            classes.append(tag[1])
            datas.append(tag[2])
        if result.raw_rules or result.diagnostics:
            extra[k] = (result.raw_rules, result.diagnostics)  # encoded with the rest
    return ("P", keys, counts, indexes, classes, datas, extra)


def unpack_results(value: Any) -> dict[str, Any]:
    """What :func:`pack_results` made, as :func:`loads` gave it back, the documents
    :class:`Deferred`. Raises :class:`Refused` for anything else."""
    from ..loader import FileResult

    _models()
    if not (type(value) is tuple and len(value) == 7 and value[0] == "P"):
        raise Refused("results")
    keys, counts, indexes, classes, datas, extra = value[1:]  # decoded with the rest of the entry
    if not (
        type(keys) is list
        and type(counts) is list
        and type(indexes) is list
        and type(classes) is list
        and type(datas) is list
        and type(extra) is dict
        and len(keys) == len(counts)
        and sum(counts) == len(indexes) == len(classes) == len(datas)
        and all(type(d) is bytes for d in datas)
        and all(type(i) is int for i in indexes)
    ):
        raise Refused("results")
    out: dict[str, Any] = {}
    start = 0
    none: tuple[()] = ()
    cls_of = {name: _class(name, "M") for name in set(classes)}  # each judged once
    for k, key in enumerate(keys):
        end = start + counts[k]
        if end == start + 1:  # one document, the usual file
            documents: tuple[tuple[int, Deferred], ...] = ((indexes[start], Deferred(cls_of[classes[start]], datas[start])),)
        else:
            documents = tuple([(indexes[j], Deferred(cls_of[classes[j]], datas[j])) for j in range(start, end)])
        start = end
        more = extra.get(k)
        if more is None:
            out[key] = FileResult(documents, none, none)
        else:
            raw_rules, diagnostics = more if type(more) is tuple and len(more) == 2 else (None, None)
            if type(raw_rules) is not tuple or type(diagnostics) is not tuple:
                raise Refused("results")
            out[key] = FileResult(documents, raw_rules, diagnostics)
    return out


def load_deferred(deferred: Deferred) -> BaseModel:
    """A :class:`Deferred` document's model (for :meth:`Deferred.load`)."""
    if deferred.data is None:
        raise Refused(_name(deferred.cls))
    if collecting():  # thousands of documents decoded one by one: the collector waits
        with bulk():
            model = _decode(marshal.loads(deferred.data))
    else:
        model = _decode(marshal.loads(deferred.data))
    if type(model) is not deferred.cls:
        raise Refused(_name(deferred.cls))
    return model


def loads(data: bytes) -> Any:
    """What :func:`dumps` wrote. Raises :class:`Refused` (or ValueError, EOFError,
    TypeError on damaged data) rather than build anything but pingyi's own data types."""
    return _decode(marshal.loads(data))
