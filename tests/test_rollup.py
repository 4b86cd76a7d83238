"""``pingyi export parquet`` and ``pingyi rollup``: the roll-up of three generated
workspaces gives the same rates as each workspace's own commands, and the totals are the
sums over the three."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from wsfactory import EXAMPLE, run

pytest.importorskip("duckdb", reason="the roll-up needs the scale extra (pip install 'pingyi[scale]')")
pytest.importorskip("pyarrow", reason="the Parquet export needs the scale extra (pip install 'pingyi[scale]')")

GENERATE = Path(__file__).parent.parent / "benchmarks" / "generate.py"
AS_OF = "2025-01-15"


@pytest.fixture(scope="module")
def counties(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """Three small generated workspaces (different seeds and sizes) and their exports."""
    base = tmp_path_factory.mktemp("rollup")
    out = []
    for seed, scale in ((1, 0.01), (2, 0.015), (3, 0.008)):
        ws = base / f"county{seed}"
        subprocess.run(
            [sys.executable, str(GENERATE), "--scale", str(scale), "--seed", str(seed), "--out", str(ws)],
            check=True,
            capture_output=True,
        )
        name = (ws / "pingyi.yaml").read_text(encoding="utf-8").replace("name:", f"name: 县{seed}", 1)
        (ws / "pingyi.yaml").write_text(name, encoding="utf-8")
        export = base / "exports" / f"county{seed}"
        result = run("--no-cache", "export", "parquet", "-o", export, "-w", ws, "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        out.append((ws, export))
    return out


def cli_json(*args: object) -> dict:
    result = run("--no-cache", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def rolled(counties: list[tuple[Path, Path]]) -> dict:
    return cli_json("rollup", counties[0][1].parent)


def by_workspace(rows: list[dict], name: str) -> list[dict]:
    return [r for r in rows if r["workspace"] == name]


def workspace_name(ws: Path) -> str:
    import pingyi

    return pingyi.load(ws).workspace.name


def test_each_workspace_rolls_up_to_its_own_rates(counties: list[tuple[Path, Path]], rolled: dict) -> None:
    assert len(rolled["workspaces"]) == 3
    for ws, _ in counties:
        name = workspace_name(ws)
        coverage = cli_json("coverage", "-w", ws)
        for row in by_workspace(rolled["coverage"], name):
            assert row["rate"] == coverage[row["measure"]]["rate"], (name, row)
            assert row["reviewed"] == coverage[row["measure"]]["reviewed"]
        commitments = cli_json("commitments", "-w", ws, "--as-of", AS_OF)
        for row in by_workspace(rolled["commitments"], name):
            assert row["rate"] == commitments[f"{row['owner_kind']}s"]["rate"], (name, row)
        rectify = cli_json("rectify", "-w", ws, "--as-of", AS_OF)
        items = rectify["items"]
        [row] = by_workspace(rolled["rectifications"], name)
        assert row["problems"] == len(items)
        assert row["closed"] == sum(1 for i in items if i["state"] == "closed")
        assert row["overdue"] == sum(1 for i in items if i["state"] == "overdue")
        survey = cli_json("survey", "-w", ws)
        [row] = by_workspace(rolled["surveys"], name)
        assert row["answers"] == sum(s["total"] for s in survey["surveys"])
        assert row["positive"] == sum(s["positive"] for s in survey["surveys"])
        score = cli_json("score", "-w", ws)
        stars = {r["stars"]: r["members"] for r in by_workspace(rolled["stars"], name)}
        expected: dict = {}
        for m in score["members"]:
            expected[m["stars"]] = expected.get(m["stars"], 0) + 1
        assert stars == expected
        grades = {r["grade"]: r["members"] for r in by_workspace(rolled["grades"], name)}
        assert sum(grades.values()) == len(score["members"])


def test_the_totals_are_the_sums_over_the_workspaces(rolled: dict) -> None:
    for question, key in (("coverage", "measure"), ("commitments", "owner_kind")):
        totals = [r for r in rolled[question] if r["workspace"] is None]
        assert totals
        for total in totals:
            parts = [r for r in rolled[question] if r["workspace"] is not None and r[key] == total[key]]
            assert len(parts) == 3
            numerator, denominator = ("reviewed", "total") if question == "coverage" else ("done", "made")
            assert total[numerator] == sum(p[numerator] for p in parts)
            assert total[denominator] == sum(p[denominator] for p in parts)


def test_every_table_carries_the_workspace_and_year(counties: list[tuple[Path, Path]]) -> None:
    import duckdb

    _, export = counties[0]
    con = duckdb.connect()
    for table in export.glob("*.parquet"):
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{table}')").fetchall()]
        assert columns[:2] == ["workspace", "year"], table.name
        nulls = con.execute(f"SELECT COUNT(*) FROM read_parquet('{table}') WHERE workspace IS NULL OR year IS NULL").fetchone()
        assert nulls == (0,)
    points = con.execute(f"SELECT typeof(total) FROM read_parquet('{export / 'points.parquet'}') LIMIT 1").fetchone()
    assert points is not None and points[0].startswith("DECIMAL")  # exact, never a float


def test_the_export_is_the_same_bytes_twice(tmp_path: Path) -> None:
    for target in ("a", "b"):
        assert run("--no-cache", "export", "parquet", "-o", tmp_path / target, "-w", EXAMPLE).exit_code == 0
    for table in (tmp_path / "a").glob("*.parquet"):
        assert table.read_bytes() == (tmp_path / "b" / table.name).read_bytes(), table.name


def test_an_export_is_not_overwritten_without_force(tmp_path: Path) -> None:
    assert run("--no-cache", "export", "parquet", "-o", tmp_path, "-w", EXAMPLE).exit_code == 0
    assert run("--no-cache", "export", "parquet", "-o", tmp_path, "-w", EXAMPLE).exit_code == 2
    assert run("--no-cache", "export", "parquet", "-o", tmp_path, "-w", EXAMPLE, "--force").exit_code == 0


def test_rollup_of_a_folder_without_tables_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = run("rollup", tmp_path)
    assert result.exit_code == 2 and "members.parquet" in result.output


def test_the_queries_are_plain_sql_files_shipped_with_pingyi() -> None:
    from pingyi.rollup import QUESTIONS, query

    for question in QUESTIONS:
        text = query(question)
        assert text.lstrip().startswith("--") and "SELECT" in text and "GROUPING SETS" in text
        assert "read_parquet" not in text  # engine-neutral: views of the table names are made by the runner


def test_without_the_scale_extra_the_message_says_how_to_install(monkeypatch, tmp_path: Path) -> None:
    import pingyi.io.parquet as parquet

    monkeypatch.setattr(parquet, "require_pyarrow", lambda: None)
    result = run("export", "parquet", "-o", tmp_path / "x", "-w", EXAMPLE)
    assert result.exit_code == 2 and "pingyi[scale]" in result.output
    assert importlib.util.find_spec("duckdb") is not None
