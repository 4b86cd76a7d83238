"""The roll-up of many workspaces (a city or province office over its counties), from the
Parquet tables each one exports (``pingyi export parquet``).

The questions are plain SQL over the tables of :mod:`pingyi.tables`, kept in
``pingyi/data/rollup/*.sql`` and shown in the README: 点评率 (coverage), 兑现率
(commitments), 销号率 (rectifications), 满意率 (surveys), and the star and grade
distribution, per workspace and year and over all of them (``GROUPING SETS``). Here they
run in DuckDB, on one machine; the same statements run unchanged on a cluster engine
(Spark SQL, Trino) over the same files, once views of those names point at them.

Needs the ``scale`` extra (``pip install 'pingyi[scale]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import UserError
from .tables import SCHEMA

QUESTIONS = ("coverage", "commitments", "rectifications", "surveys", "stars", "grades")


def query(name: str) -> str:
    """The SQL of one question."""
    return (resources.files("pingyi") / "data" / "rollup" / f"{name}.sql").read_text(encoding="utf-8")


def find_tables(folders: Sequence[Path]) -> dict[str, list[Path]]:
    """table → the Parquet files of that table below the folders (an export's folder, or
    a folder of many exports)."""
    found: dict[str, list[Path]] = {name: [] for name in SCHEMA}
    for folder in folders:
        if not folder.is_dir():
            raise UserError("rollup-not-a-folder", path=str(folder))
        hits = 0
        for name in SCHEMA:
            files = sorted(p for p in folder.rglob(f"{name}.parquet") if p.is_file() and not p.is_symlink())
            found[name] += files
            hits += len(files)
        if not hits:
            raise UserError("rollup-no-tables", path=str(folder))
    return found


@dataclass(frozen=True)
class Rollup:
    """The answers: question → rows (dicts, ``workspace`` None on the total rows)."""

    workspaces: tuple[tuple[str, int], ...]
    answers: dict[str, list[dict[str, Any]]]


def compute_rollup(folders: Sequence[Path]) -> Rollup:
    """Run every question over the tables found below ``folders``."""
    try:
        import duckdb
    except ImportError:
        raise UserError("rollup-needs-scale") from None
    tables = find_tables(folders)
    con = duckdb.connect(":memory:")
    try:
        for name, files in tables.items():
            columns = ", ".join(f"{c}" for c in ("workspace", "year", *(c for c, _ in SCHEMA[name])))
            if files:
                listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
                con.execute(f"CREATE VIEW {name} AS SELECT {columns} FROM read_parquet([{listed}], union_by_name = true)")
            else:  # no workspace exported this table: an empty one of the same columns
                con.execute(f"CREATE VIEW {name} AS SELECT {', '.join(f'NULL AS {c}' for c in columns.split(', '))} WHERE FALSE")
        answers: dict[str, list[dict[str, Any]]] = {}
        for question in QUESTIONS:
            result = con.execute(query(question))
            names = [d[0] for d in result.description]
            answers[question] = [dict(zip(names, row)) for row in result.fetchall()]
        seen = con.execute("SELECT DISTINCT workspace, year FROM members ORDER BY year, workspace").fetchall()
    except duckdb.Error as exc:
        raise UserError("rollup-failed", reason=str(exc).splitlines()[0][:200]) from None
    finally:
        con.close()
    return Rollup(tuple((str(w), int(y)) for w, y in seen), {q: [_plain(r) for r in rows] for q, rows in answers.items()})


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if hasattr(value, "is_integer") and not isinstance(value, float):  # a Decimal / HUGEINT
            value = int(value) if value == int(value) else float(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = int(value)
        out[key] = value
    return out


__all__ = ["QUESTIONS", "Rollup", "compute_rollup", "find_tables", "query"]
