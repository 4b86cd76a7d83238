"""`--rules FILE` (what-if): ratings given in the workspace's own scheme that the other scheme
does not have are reported and left out, instead of making the what-if impossible."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pingyi.cli import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"
FIVE = Path(__file__).parent.parent / "examples" / "rules-five-stars.yaml"


def test_score_with_another_scheme_runs_and_reports_foreign_ratings():
    runner = CliRunner()
    result = runner.invoke(app, ["score", "-w", str(EXAMPLE), "--rules", str(FIVE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    stars = {m["id"]: m["stars"] for m in data["members"]}
    assert max(s for s in stars.values() if s is not None) == 5
    # m016 is exempt and rated 7 stars in the ten-star scheme: unrated under five stars
    assert stars["m016"] is None
    check = runner.invoke(app, ["check", "-w", str(EXAMPLE), "--rules", str(FIVE), "--format", "json"])
    assert check.exit_code == 0
    codes = [w["code"] for w in json.loads(check.stdout)["warnings"]]
    assert codes.count("rating-outside-scheme") == 4


def test_the_same_rating_is_an_error_in_the_workspace_scheme(tmp_path):
    runner = CliRunner()
    text = (EXAMPLE / "points" / "ratings.yaml").read_text(encoding="utf-8")
    assert "stars: 7" in text
    result = runner.invoke(app, ["check", "-w", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0
    assert "rating-outside-scheme" not in result.stdout
