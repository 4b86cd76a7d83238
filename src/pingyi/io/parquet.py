"""Writing the workspace's tables (:mod:`pingyi.tables`) as Parquet files, one per table,
into a folder: ``members.parquet``, ``points.parquet`` …, each row carrying the workspace's
name and year. Needs the ``scale`` extra (pyarrow): ``pip install 'pingyi[scale]'``.

Numbers that FORMAT keeps exact are Parquet decimals (``decimal(12, 4)``), never floats;
dates are dates; the files of the same workspace are the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..tables import SCHEMA

DECIMAL_PRECISION = (12, 4)


def require_pyarrow() -> Any:
    """pyarrow, or ``None`` when the ``scale`` extra is not installed."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return None
    return pyarrow


def _arrow_type(pa: Any, kind: str) -> Any:
    return {
        "text": pa.string(),
        "int": pa.int64(),
        "decimal": pa.decimal128(*DECIMAL_PRECISION),
        "double": pa.float64(),
        "date": pa.date32(),
    }[kind]


def _value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "decimal":
        number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))
        return number.quantize(Decimal(1).scaleb(-DECIMAL_PRECISION[1]))
    if kind == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if kind == "int":
        return int(value)
    if kind == "double":
        return float(value)
    return str(value)


def table_bytes(name: str, rows: Sequence[Mapping[str, Any]], *, workspace: str, year: int) -> bytes:
    """One table as the bytes of a Parquet file."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = [("workspace", "text"), ("year", "int"), *SCHEMA[name]]
    arrays = []
    for column, kind in columns:
        if column == "workspace":
            values: list[Any] = [workspace] * len(rows)
        elif column == "year":
            values = [year] * len(rows)
        else:
            values = [_value(kind, row.get(column)) for row in rows]
        arrays.append(pa.array(values, type=_arrow_type(pa, kind)))
    table = pa.Table.from_arrays(arrays, names=[c for c, _ in columns])
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd", write_statistics=True)
    return out.getvalue()


def write_tables(
    folder: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]], *, workspace: str, year: int, force: bool
) -> list[Path]:
    """Write every table into ``folder`` (atomically, each file replaced only with
    ``force``); the files written."""
    from .write import write_atomic

    written: list[Path] = []
    for name in SCHEMA:
        path = folder / f"{name}.parquet"
        write_atomic(path, table_bytes(name, tables.get(name, ()), workspace=workspace, year=year), overwrite=force)
        written.append(path)
    return written


__all__ = ["require_pyarrow", "table_bytes", "write_tables"]
