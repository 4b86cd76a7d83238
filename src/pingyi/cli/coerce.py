"""The values of the options, turned into their types without pydantic.

typer turns every option's value into its type through a pydantic ``TypeAdapter`` that it
builds for each parameter of the command, even for an option not given; building them
costs a few milliseconds and loads ``importlib.metadata`` (pydantic looks for plugins).
pingyi's options are of a few plain kinds (a choice, a whole number within bounds, a text, a
path, a date of a given form, a list of these): :class:`QuickParam` turns a value of those
kinds into exactly what typer's adapter gives, by the same functions typer calls, and
hands anything else (and every value it would refuse, so that the error is typer's own,
word for word) to the adapter, built then.

Only with a typer that coerces this way (``typer._coercion``); with any other, typer's own
coercion runs as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # typer's coercion by pydantic adapters (typer ≥ 0.25); not in older ones
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
except ImportError:  # pragma: no cover - another typer: its coercion is left as it is
    RuntimeParam = None  # type: ignore[assignment,misc]

#: A whole number as pydantic reads one from text and gives back unchanged by ``int``.
_WHOLE = re.compile(r"0|-?[1-9][0-9]{0,17}")

#: Returned by :func:`quick` for a value it leaves to typer's adapter.
_ADAPTER = object()


def quick(value: Any, descriptor: Any, ctx: Any, param: Any) -> Any:
    """``value`` in the parameter's type, exactly as typer's adapter gives it, or
    :data:`_ADAPTER` when this is not a kind of value it knows (or one it would refuse)."""
    info = descriptor.parameter_info
    if info.parser is not None:
        return _ADAPTER
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if not isinstance(value, (list, tuple)):
            value = [value]
        items = [_leaf(v, item, info, ctx, param) for v in value]
        return _ADAPTER if any(v is _ADAPTER for v in items) else items
    return _leaf(value, annotation, info, ctx, param)


def _leaf(value: Any, annotation: Any, info: Any, ctx: Any, param: Any) -> Any:
    """One value of one of the plain kinds, in the order typer's adapters try them."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    if annotation is dt.datetime:
        if isinstance(value, dt.datetime) or info.formats is None or type(value) is not str:
            return value if isinstance(value, dt.datetime) else _ADAPTER
        for form in info.formats:
            try:
                return dt.datetime.strptime(value, form)
            except ValueError:
                continue
        return _ADAPTER
    if annotation is int:
        if info.clamp:
            return _ADAPTER
        if type(value) is str and _WHOLE.fullmatch(value):
            number = int(value)
        elif type(value) is int:
            number = value
        else:
            return _ADAPTER
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return _ADAPTER
        return number
    if annotation is str:
        return value if type(value) is str else _ADAPTER
    if annotation is Path and info.path_type is None and routes_to_path(annotation, info):
        if type(value) is str and value and "\0" not in value:
            value = Path(value)
        if not isinstance(value, Path):
            return _ADAPTER
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
    return _ADAPTER


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class QuickParam(RuntimeParam):
        """typer's coercion of one parameter (``None`` and the checks of a value given
        as typer's own :class:`RuntimeParam` makes them), the plain kinds without
        pydantic."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                done = quick(value, self.descriptor, ctx, param)
            except Exception:  # noqa: BLE001 - refused: typer's adapter says why, in its words
                done = _ADAPTER
            if done is not _ADAPTER:
                return done
            adapter = build_runtime_param(self.descriptor)
            param._runtime_param = adapter  # built once, used from now on
            return adapter._coerce_value(value, param=param, ctx=ctx)


def install(params: Iterable[Any]) -> None:
    """Give each typer parameter of ``params`` its :class:`QuickParam` (a parameter that
    already has its coercion keeps it)."""
    if RuntimeParam is None:  # pragma: no cover - another typer
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        if descriptor.file_annotation is not None:
            continue  # files: typer opens them, with no adapter
        param._runtime_param = QuickParam(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, descriptor=descriptor
        )


__all__ = ["install", "quick"]
