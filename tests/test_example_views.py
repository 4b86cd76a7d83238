"""Tree order (issue 12.7) and year to date (issue 12.8), on the bundled example as a user
sees them: every report lists orgs as the tree is written, depth first; ``--through
2024-03`` counts three months, says so in the JSON and warns about a missing month once
per org."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pingyi.cli import app
from wsfactory import EXAMPLE, workspace

AS_OF = "2024-12-01"


@pytest.fixture(scope="module")
def ws():
    if not (EXAMPLE / "pingyi.yaml").is_file():
        pytest.skip("no example workspace")
    return workspace(EXAMPLE)


def data(*args: str | Path) -> dict:
    result = CliRunner().invoke(app, [*map(str, args), "-f", "json"])
    assert result.exit_code == 0, result.output[-2000:]
    return json.loads(result.stdout)


def in_order(seen: list[str], order: list[str]) -> bool:
    """``seen`` (duplicates merged) follows ``order``."""
    unique = list(dict.fromkeys(seen))
    return [o for o in order if o in unique] == unique


def test_reports_list_orgs_in_tree_order_on_the_example(ws):
    order = ws.tree_order()
    assert order.index("jg") < order.index("jg1") < order.index("sx")  # depth first
    views = {
        "score": [m["org"] for m in data("score", "-w", EXAMPLE, "--as-of", AS_OF)["members"]],
        "coverage": [o["id"] for o in data("coverage", "-w", EXAMPLE)["by_org"]],
        "rectify": [o["id"] for o in data("rectify", "-w", EXAMPLE, "--as-of", AS_OF)["by_org"]],
        "commitments": [o["id"] for o in data("commitments", "-w", EXAMPLE, "--as-of", AS_OF)["by_org"]],
        "appraisal": [o["id"] for o in data("appraisal", "-w", EXAMPLE)["orgs"]],
    }
    quarters = data("honours", "-w", EXAMPLE)["quarters"]
    for q in {q["quarter"] for q in quarters}:
        views[f"honours Q{q}"] = [x["org"] for x in quarters if x["quarter"] == q]
    for name, seen in views.items():
        assert len(set(seen)) > 1 and in_order(seen, order), (name, seen)


def test_members_are_listed_as_written_where_rank_does_not_order_them(ws):
    for org in data("appraisal", "-w", EXAMPLE)["orgs"]:
        written = [m.id for m in ws.members_of(org["id"], recursive=False)]
        assert in_order([m["id"] for m in org["members"]], written), org["id"]


def test_through_march_counts_three_months_and_says_so(ws):
    score = data("score", "-w", EXAMPLE, "--through", "2024-03")
    assert score["through"] == "2024-03" and score["provisional"] is True
    missing = [w for w in score["warnings"] if w["code"] == "missing-months"]
    assert [w.get("member") for w in missing] == ["m412"]  # m117's July and August not yet due
    card = data("explain", "m303", "-w", EXAMPLE, "--through", "2024-03")
    assert card["through"] == "2024-03" and card["provisional"] is True and len(card["months"]) == 3
    year = data("score", "-w", EXAMPLE, "--as-of", "2025-01-15")
    assert year["provisional"] is False


def test_a_month_missing_for_a_whole_org_is_said_once(ws, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(".pingyi-cache"))
    scores = copy / "scores" / "sx.yaml"
    documents = scores.read_text(encoding="utf-8").split("\n---\n")
    scores.write_text("\n---\n".join(d for d in documents if "month: 2024-03" not in d), encoding="utf-8")
    missing = [w for w in data("score", "-w", copy, "--through", "2024-03")["warnings"] if w["code"] == "missing-months"]
    members_of_sx = {m.id for m in ws.members_of("sx")}
    assert not [w for w in missing if w.get("member") in members_of_sx]  # not once per member
    for_sx = [w for w in missing if "sx" in json.dumps(w, ensure_ascii=False) or "实验小学" in w["message"]]
    assert len(for_sx) == 1 and "2024-03" in for_sx[0]["message"]
