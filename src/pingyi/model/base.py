"""Shared pieces of the document models.

Every scalar arrives from :mod:`pingyi.io.yaml` as a string (or None); the types here turn
it into what the schema wants: exact ``Decimal`` for numbers, ``date`` only from
``YYYY-MM-DD``, whole numbers only from digits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..diagnostics import Term
from ..messages.loading import FOUND_LIST, FOUND_MAPPING, FOUND_NOTHING

ID_PATTERN = r"^[^\W_][\w.\-]*$"
_ID_RE = re.compile(ID_PATTERN)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A month, ``2024-03``: the one pattern of every month pingyi reads.
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
MONTH_RE = _MONTH_RE = re.compile(MONTH_PATTERN)
_INT_RE = re.compile(r"^[+-]?\d+$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def shared_fields_set(names: Iterable[str]) -> set[str]:
    """One set object for every model that was given these fields. pydantic keeps a set
    of the fields given per instance; the models are immutable, so the set never changes,
    and a county's hundred thousand models (received from the parse workers or the cache)
    share a few dozen sets instead of holding 45 MB of them."""
    key = frozenset(names)
    found = _FIELDS_SETS.get(key)
    if found is None:
        found = _FIELDS_SETS[key] = set(key)
    return found


class Model(BaseModel):
    """Base of every document model: unknown keys are errors, keys starting with ``x-``
    are the user's own and ignored, instances are immutable."""

    #: ``defer_build``: a model's validator is built on its first use, not on import (a
    #: command served from the cache validates nothing); see :func:`pingyi.model.prepare`.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, validate_default=False, defer_build=True)

    def __setstate__(self, state: dict[Any, Any]) -> None:
        super().__setstate__(state)
        object.__setattr__(self, "__pydantic_fields_set__", shared_fields_set(self.__pydantic_fields_set__))

    @model_validator(mode="before")
    @classmethod
    def _drop_user_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for k in data:
                if isinstance(k, str) and k.startswith("x-"):
                    return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
        return data


def problem(key: str, **args: Any) -> PydanticCustomError:
    """A validation error whose message is the template ``key`` of :mod:`pingyi.messages`
    with ``args`` (raise it from a validator; :mod:`pingyi.validate` makes it a diagnostic)."""
    return PydanticCustomError("located", "{message}", {"message": key, "args": args, "at": (), "key": False})


#: Full-width punctuation as Chinese input methods type it, and what YAML needs instead.
FULL_WIDTH = {
    "，": ", ",
    "、": ", ",
    "；": "; ",
    "：": ": ",
    "。": ".",
    "（": "(",
    "）": ")",
    "【": "[",
    "】": "]",
    "［": "[",
    "］": "]",
    "｛": "{",
    "｝": "}",
    "－": "-",
    "＋": "+",
    "．": ".",
    "\u3000": " ",
    **{chr(0xFF10 + d): str(d) for d in range(10)},
}
_FULL_WIDTH_TABLE = str.maketrans(FULL_WIDTH)


def full_width_in(text: str) -> str:
    """The full-width punctuation characters in ``text``, each once, in order."""
    return "".join(dict.fromkeys(c for c in text if c in FULL_WIDTH))


def ascii_punctuation(text: str) -> str:
    """``text`` with full-width punctuation replaced by what YAML needs (``9，10`` → ``9, 10``)."""
    return re.sub(r"\s+([,;:])", r"\1", text.translate(_FULL_WIDTH_TABLE)).strip()


def _bad(key: str, value: Any, **args: Any) -> PydanticCustomError:
    """The error for ``value``: full-width punctuation when it holds some (the usual reason
    a number or an id does not read), else the message ``key``."""
    if isinstance(value, str) and full_width_in(value):
        return problem(
            "fullwidth-punctuation", found=describe_text(value), chars=full_width_in(value), fixed=ascii_punctuation(value)
        )
    return problem(key, found=describe(value), **args)


def _id(value: Any) -> Any:
    if isinstance(value, str):
        if not _ID_RE.match(value):
            if full_width_in(value):
                raise _bad("bad-id", value)
            raise problem("bad-id", found=describe_text(value))
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _bad("expected-id", value)


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise problem("no-such-date", found=describe_text(value)) from None
    raise _bad("expected-date", value)


def _month(value: Any) -> Any:
    if isinstance(value, str) and MONTH_RE.match(value):
        return value
    raise _bad("expected-month", value)


def _int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT_RE.match(value.strip()):
        return int(value)
    raise _bad("expected-whole-number", value)


def _year(value: Any) -> int:
    year = _int(value)
    if not 1 <= year <= 9999:
        raise problem("year-range", found=year)
    return year


def _decimal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and _NUMBER_RE.match(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            pass
    raise _bad("expected-number", value)


def _score(value: Any) -> int | Decimal:
    """A score: a whole number as ``int`` (the common case, cheap to add up and to cache),
    anything else as an exact ``Decimal``."""
    if isinstance(value, str):
        v = value.strip()
        if v.isascii() and v.isdigit():
            return int(v)
    number = _decimal(value)
    return int(number) if number == number.to_integral_value() else number


def _bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _bad("expected-bool", value)


#: Characters a text may not hold: those that act on a terminal (escape, bell, backspace,
#: delete and the C1 controls), zero-width characters and the bidirectional overrides,
#: which hide or turn text on the screen (a name pasted from a web page may carry them).
#: Other control characters are left to the writers (a workbook drops what Excel refuses).
INVISIBLE = re.compile("[\x07\x08\x1b\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _text(value: Any) -> Any:
    if isinstance(value, str):
        found = INVISIBLE.search(value)
        if found is not None:
            raise problem("invisible-character", char=f"U+{ord(found.group()):04X}", position=found.start() + 1)
        return value
    raise problem("expected-text", found=describe(value))


def describe_text(text: str) -> str:
    """A value of the user's, quoted and cut short for a message."""
    if len(text) > 40:
        text = text[:37] + "..."
    return f"`{text}`"


def describe(value: Any) -> str:
    """What was found, for a message: the value quoted, or a word for an empty value, a
    list or a mapping (shown translated)."""
    if value is None:
        return Term(FOUND_NOTHING)
    if isinstance(value, dict):
        return Term(FOUND_MAPPING)
    if isinstance(value, list):
        return Term(FOUND_LIST)
    return describe_text(str(value))


#: The former name, for code written against it.
_describe = describe


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, (str, int)) else value


def _str_of(v: Any) -> str:
    return str(v)


Id = Annotated[str, BeforeValidator(_id), Field(json_schema_extra={"pattern": ID_PATTERN})]
Date = Annotated[dt.date, BeforeValidator(_date)]
Month = Annotated[str, BeforeValidator(_month), Field(pattern=MONTH_PATTERN)]
Int = Annotated[int, BeforeValidator(_int)]
Year = Annotated[int, BeforeValidator(_year), Field(json_schema_extra={"minimum": 1, "maximum": 9999})]
Number = Annotated[Decimal, BeforeValidator(_decimal), PlainSerializer(_str_of, return_type=str)]
Score = Annotated[
    int | Decimal,
    PlainValidator(_score),
    PlainSerializer(_str_of, return_type=str),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)$"}]}),
]
Bool = Annotated[bool, BeforeValidator(_bool)]
Text = Annotated[str, BeforeValidator(_text)]
#: One id or a list of them (``subject: yz1`` or ``subject: [yz1, m101]``).
IdList = Annotated[
    list[Id],
    BeforeValidator(_listify),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            ]
        }
    ),
]


def month_number(month: str) -> tuple[int, int]:
    """``"2024-03"`` → ``(2024, 3)``."""
    year, mon = month.split("-")
    return int(year), int(mon)


def located_error(message: str, *path: str | int, key: bool = False, **args: Any) -> PydanticCustomError:
    """A validation error that points below the field being validated: ``path`` is added
    to the error's location (``key=True``: at the key, not its value). Raise it from a
    validator to point at the one entry of a list that is wrong. ``message`` is a message
    key of :mod:`pingyi.messages` filled in with ``args``."""
    return PydanticCustomError("located", "{message}", {"message": message, "args": args, "at": path, "key": key})
