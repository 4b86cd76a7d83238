"""Validating one document against its model, with errors as diagnostics.

Pydantic reports an error with a ``loc`` path; that path is the document path of the
diagnostic (a missing key points at its parent mapping, an unknown key at the key itself,
a bad value at the value), and the message is said in plain words.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Loc, Target, Term, error
from .messages.codes import CODE_NAMES, code_for_name, code_name
from .model import KINDS
from .model.base import ascii_punctuation, describe

#: The list of each kind whose valid entries are kept when others in it are broken.
ITEM_LISTS = {
    "org": "orgs",
    "round": "reviews",
    "commitments": "items",
    "adjustments": "items",
    "ratings": "items",
    "honours": "items",
    "appraisal": "decisions",
    "publicity": "objections",
}


def validate(model: type[BaseModel], data: Any, loc: Loc) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate; on failure, report every error and return what can be salvaged (see
    :func:`_salvage`), so that one typo does not turn into a cascade of unknown ids.
    Keys starting with ``x-`` are the user's own and dropped first, at every level."""
    data = drop_user_keys(data)
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return _salvage(model, data, errors), _one_each([_diagnostic(model, e, loc, data) for e in errors])


def _one_each(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One error for one slip: a key written with a full-width colon, without the space
    after its colon (``name：张三``) or misspelt (``yeer:``) is unknown, and the key it meant
    is then missing; the second error is left out."""
    meant = {
        (Loc(d.loc.file, d.loc.doc, d.loc.path[:-1]), str(dict(d.args)["name"]).replace("：", ":").partition(":")[0].strip())
        for d in diagnostics
        if d.message_key in ("unknown-key-fullwidth", "unknown-key-colon") and d.loc is not None
    }
    meant |= {
        (Loc(d.loc.file, d.loc.doc, d.loc.path[:-1]), str(dict(d.args)["hint"]))
        for d in diagnostics
        if d.message_key == "unknown-key-hint" and d.loc is not None
    }
    if not meant:
        return diagnostics
    return [
        d
        for d in diagnostics
        if not (d.code == "missing-key" and d.loc is not None and (d.loc, dict(d.args).get("name")) in meant)
    ]


def drop_user_keys(data: Any) -> Any:
    """The data without the keys that start with ``x-``, in every mapping at any depth
    (FORMAT §1: they are the user's own and ignored)."""
    if isinstance(data, dict):
        return {k: drop_user_keys(v) for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
    if isinstance(data, list):
        return [drop_user_keys(v) for v in data]
    return data


def _salvage(model: type[BaseModel], data: Any, errors: list[Any]) -> BaseModel | None:
    """The document without its unknown keys, and without the entries of its item list
    that are broken; None when even that does not validate. Only used for indexing: the
    errors are reported all the same."""
    if not isinstance(data, dict):
        return None
    cleaned = _drop_keys(data, [tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"])
    try:
        return model.model_validate(cleaned)
    except ValidationError as exc:
        remaining = exc.errors(include_url=False)
    list_key = ITEM_LISTS.get(str(data.get("kind")))
    items = cleaned.get(list_key) if list_key else None
    if not isinstance(items, list):
        return None
    bad = {e["loc"][1] for e in remaining if len(e["loc"]) > 1 and e["loc"][0] == list_key and isinstance(e["loc"][1], int)}
    try:
        return model.model_validate({**cleaned, list_key: [x for i, x in enumerate(items) if i not in bad]})
    except ValidationError:
        return None


def _drop_keys(data: Any, paths: list[tuple[Any, ...]]) -> Any:
    if not paths:
        return data
    here = {p[0] for p in paths if len(p) == 1}
    deeper: dict[Any, list[tuple[Any, ...]]] = {}
    for p in paths:
        if len(p) > 1:
            deeper.setdefault(p[0], []).append(p[1:])
    if isinstance(data, dict):
        return {k: _drop_keys(v, deeper.get(k, [])) for k, v in data.items() if k not in here}
    if isinstance(data, list):
        return [_drop_keys(v, deeper.get(i, [])) for i, v in enumerate(data)]
    return data


def validate_document(data: Any, loc: Loc) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Dispatch on ``kind:`` and validate. Returns the model (None when invalid)."""
    if not isinstance(data, dict):
        return None, [error("not-a-document", loc, found=describe(data))]
    kind = data.get("kind")
    if kind is None:
        return None, [error("missing-kind", loc, kinds=_kinds())]
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        hint = _close(str(kind), KINDS)
        where = loc.at("kind")
        if hint:
            return None, [error("unknown-kind", where, key="unknown-kind-hint", kind=str(kind), hint=hint, kinds=_kinds())]
        return None, [error("unknown-kind", where, kind=str(kind), kinds=_kinds())]
    return validate(model, data, loc)


def _kinds() -> tuple[str, ...]:
    return tuple(KINDS)


def _close(word: str, choices: typing.Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _quoted(words: typing.Iterable[str]) -> tuple[str, ...]:
    return tuple(f"`{w}`" for w in words)


def _diagnostic(model: type[BaseModel], err: Any, base: Loc, data: Any = None) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    # Keys of dicts are reported with a '[key]' marker after the key itself.
    target: Target = "value"
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        target = "key"
    if kind == "located":  # pingyi.model.base.problem / located_error: a message key and its values
        where = base.at(*loc, *ctx.get("at", ()), target="key" if ctx.get("key") else target)
        message = str(ctx.get("message", err["msg"]))
        args = dict(ctx.get("args") or {})
        code = "invalid" if not loc and not ctx.get("at") else "bad-value"
        if message == "fullwidth-punctuation":
            args["fixed"] = _fixed_line(data, loc, str(args.get("fixed", "")))
        return error(code, where, key=message, **args)
    where = base.at(*loc, target=target)
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return error("missing-key", base.at(*loc[:-1]), name=name)
    if kind == "extra_forbidden":
        return _unknown_key(model, loc, name, base, err.get("input"))
    if kind in ("enum", "literal_error"):
        return _bad_code(loc, name, err.get("input"), str(ctx.get("expected", "")), where, target)
    found = describe(err.get("input"))
    simple = {
        "list_type": "expected-list",
        "tuple_type": "expected-list",
        "dict_type": "expected-mapping",
        "model_type": "expected-mapping",
        "model_attributes_type": "expected-mapping",
        "string_type": "expected-text",
        "str_type": "expected-text",
        "int_type": "expected-whole-number",
        "int_parsing": "expected-whole-number",
        "int_from_float": "expected-whole-number",
        "decimal_type": "expected-number",
        "decimal_parsing": "expected-number",
        "bool_type": "expected-bool",
        "bool_parsing": "expected-bool",
        "date_type": "expected-date",
        "date_parsing": "expected-date",
        "date_from_datetime_parsing": "expected-date",
    }
    if kind in simple:
        return error("bad-value", where, key=simple[kind], found=found)
    if kind in ("greater_than", "greater_than_equal"):
        return error("bad-value", where, key="too-small", limit=ctx.get("ge", ctx.get("gt")), found=found)
    if kind in ("less_than", "less_than_equal"):
        return error("bad-value", where, key="too-large", limit=ctx.get("le", ctx.get("lt")), found=found)
    if kind in ("too_short", "too_long"):
        key = "too-short" if kind == "too_short" else "too-long"
        return error(
            "bad-value", where, key=key, limit=ctx.get("min_length", ctx.get("max_length")), count=ctx.get("actual_length")
        )
    if kind == "string_pattern_mismatch":
        return error("bad-value", where, key="bad-pattern", found=found, pattern=ctx.get("pattern"))
    code = "invalid" if kind == "value_error" and not loc else "bad-value"
    message = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return error(code, where if loc else base, key="bad-value-other", problem=message, found=found)


def _unknown_key(model: type[BaseModel], loc: tuple[Any, ...], name: str, base: Loc, value: Any) -> Diagnostic:
    where = base.at(*loc, target="key")
    shown = f"{value}" if isinstance(value, str) else ""
    for mark, key in (("：", "unknown-key-fullwidth"), (":", "unknown-key-colon")):
        if mark in name:
            left, _, right = name.partition(mark)
            fixed = f"{left.strip()}: {(right + shown).strip()}"
            return error("unknown-key", where, key=key, name=name, fixed=fixed)
    allowed = _fields_at(model, loc[:-1])
    hint = _close(name, allowed) if allowed else None
    if hint:
        return error("unknown-key", where, key="unknown-key-hint", name=name, hint=hint, allowed=_quoted(allowed))
    return error("unknown-key", where, name=name, allowed=_quoted(allowed) or ("`x-…`",))


def _bad_code(loc: tuple[Any, ...], name: str, found: Any, expected: str, where: Loc, target: Target) -> Diagnostic:
    """A value (or key) outside a fixed set of codes: the allowed codes with their names;
    a value written as the name of a code (``免于积分``) is answered with the code."""
    choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",") if c.strip(" '")]
    fitting = [e for e, names in CODE_NAMES.items() if set(choices) <= set(names)]
    enum = min(fitting, key=lambda e: len(CODE_NAMES[e])) if fitting else None
    allowed = tuple(Term(code_name(enum, c)) if enum else f"`{c}`" for c in choices)
    text = str(found)
    if target == "key":  # a key of a mapping whose keys are codes (rules `adjustments:`)
        parent = str(loc[-2]) if len(loc) > 1 else ""
        hint = _close(text, choices)
        if hint:
            return error("unknown-key", where, key="unknown-code-key-hint", name=text, parent=parent, hint=hint, allowed=allowed)
        return error("unknown-key", where, key="unknown-code-key", name=text, parent=parent, allowed=allowed)
    by_name = code_for_name(enum, text) if enum and isinstance(found, str) else None
    if by_name:
        return error("bad-value", where, key="bad-code-name", found=text, name=name, answer=by_name, allowed=allowed)
    hint = _close(text, choices)
    if hint:
        return error("bad-value", where, key="bad-code-hint", found=text, name=name, hint=hint, allowed=allowed)
    return error("bad-value", where, key="bad-code", found=text, name=name, allowed=allowed)


def _fixed_line(data: Any, loc: tuple[Any, ...], fixed: str) -> str:
    """The corrected line for a value with full-width punctuation: the whole ``key: [...]``
    when the value stands in a list written on one line, else ``key: value``."""
    parent: Any = data
    try:
        for part in loc[:-1]:
            parent = parent[part]
    except (KeyError, IndexError, TypeError):
        return fixed
    if isinstance(parent, list) and len(loc) >= 2 and all(isinstance(v, str) for v in parent):
        items = ", ".join(ascii_punctuation(v) for v in parent)
        return f"{loc[-2]}: [{items}]"
    if loc and isinstance(loc[-1], str):
        return f"{loc[-1]}: {fixed}"
    return fixed


def _unwrap(tp: Any) -> Any:
    """The model class behind list[...], dict[..., ...], X | None, Annotated[...]."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (list, tuple):
        return ("seq", _unwrap(typing.get_args(tp)[0]))
    if origin is dict:
        return ("map", _unwrap(typing.get_args(tp)[1]))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else tp
    return tp


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    current: Any = model
    for part in loc:
        if isinstance(current, tuple):
            current = current[1]
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field(current, part)
            if field is None:
                return None
            current = _unwrap(field.annotation)
        else:
            return None
    return current


def _field(model: type[BaseModel], name: Any) -> Any:
    for fname, field in model.model_fields.items():
        if (field.alias or fname) == name:
            return field
    return None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current = _model_at(model, loc)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []
