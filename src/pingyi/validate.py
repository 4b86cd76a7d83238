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

from .diagnostics import Diagnostic, Loc, error
from .model import KINDS


#: The list of each kind whose valid entries are kept when others in it are broken.
ITEM_LISTS = {"org": "orgs", "round": "reviews", "commitments": "items", "adjustments": "items",
              "ratings": "items", "honours": "items", "appraisal": "decisions",
              "publicity": "objections"}


def validate(model: type[BaseModel], data: Any, loc: Loc) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate; on failure, report every error and return what can be salvaged (see
    :func:`_salvage`), so that one typo does not turn into a cascade of unknown ids.
    Keys starting with ``x-`` are the user's own and dropped first, at every level."""
    data = drop_user_keys(data)
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return _salvage(model, data, errors), [_diagnostic(model, e, loc) for e in errors]


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
        return None, [
            error(
                "not-a-document",
                "a document must be a mapping that starts with `kind:`, found "
                + ("a list" if isinstance(data, list) else f"`{data}`"),
                loc,
            )
        ]
    kind = data.get("kind")
    if kind is None:
        return None, [error("missing-kind", f"the document has no `kind:`; expected one of: {_kinds()}", loc)]
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        hint = _did_you_mean(str(kind), KINDS)
        return None, [error("unknown-kind", f"unknown kind `{kind}`{hint}; expected one of: {_kinds()}", loc.at("kind"))]
    return validate(model, data, loc)


def _kinds() -> str:
    return ", ".join(KINDS)


def _did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _diagnostic(model: type[BaseModel], err: Any, base: Loc) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    # Keys of dicts are reported with a '[key]' marker after the key itself.
    target = "value"
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        target = "key"
    if kind == "located":  # pingyi.model.base.located_error: a finer location
        ctx = err.get("ctx", {})
        where = base.at(*loc, *ctx.get("at", ()), target="key" if ctx.get("key") else "value")
        return error("bad-value", str(ctx.get("message", err["msg"])), where)
    where = base.at(*loc, target=target)  # type: ignore[arg-type]
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        parent = base.at(*loc[:-1])
        return error("missing-key", f"`{name}` is missing here{_describe_field(model, loc)}", parent)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = _did_you_mean(name, allowed) if allowed else ""
        if "：" in name:
            hint = " (a full-width colon `：`: YAML needs an ASCII colon and a space, `key: value`)"
        expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return error(
            "unknown-key",
            f"unknown key `{name}`{hint}{expected} (keys starting with `x-` are yours and ignored)",
            base.at(*loc, target="key"),
        )
    if kind in ("enum", "literal_error"):
        found = err.get("input")
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",") if c.strip(" '")]
        hint = _did_you_mean(str(found), choices)
        if target == "key":
            # a key of a mapping whose keys are codes (rules `adjustments:`)
            parent = f" in `{loc[-2]}`" if len(loc) > 1 else ""
            return error("unknown-key", f"unknown key `{found}`{parent}{hint}; expected {expected}", where)
        return error("bad-value", f"`{found}` is not allowed for `{name}`{hint}; expected {expected}", where)
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    elif message.startswith("Assertion failed, "):
        message = message[len("Assertion failed, ") :]
    else:
        message = _plain(kind, err)
    if kind == "value_error" and not loc:
        return error("invalid", message, base)
    return error("bad-value", message, where)


def _plain(kind: str, err: Any) -> str:
    found = err.get("input")
    shown = "nothing" if found is None else ("a mapping" if isinstance(found, dict) else "a list" if isinstance(found, list) else f"`{found}`")
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, found {shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value), found {shown}"
    if kind in ("string_type", "str_type"):
        return f"expected text, found {shown}"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, found {shown}"
    if kind in ("decimal_type", "decimal_parsing"):
        return f"expected a number, found {shown}"
    if kind == "bool_type":
        return f"expected true or false, found {shown}"
    return f"{err['msg']} (found {shown})"


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


def _describe_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    parent = _model_at(model, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        field = _field(parent, loc[-1])
        if field is not None and field.description:
            return f" ({field.description})"
    return ""
