"""Entry forms for every record a branch fills in: export, fill in with openpyxl, import,
and the workspace checks clean and the reports show the numbers filled in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pingyi.cli import app
from wsfactory import make_ws, workspace

ORGS = """\
kind: org
orgs:
  - id: dw
    name: 测试党委
    type: committee
    secretary: a001
    members:
      - {id: a001, name: 书记甲}
  - id: zb1
    name: 桃园村党支部
    type: branch
    parent: dw
    secretary: a101
    members:
      - {id: a101, name: 王支书}
      - {id: a102, name: 李四}
      - {id: a103, name: 张三}
"""

ROUND = """\
kind: round
id: 2024-H2
name: 2024年下半年领导点评
method: leader
start: 2024-12-01
end: 2024-12-31
reviews:
  # 党委书记点评支部
  - reviewer: a001
    subject: zb1
    date: 2024-12-10
    mode: meeting
    content: 肯定了成绩
    problems:
      - problem: 记录不完整
        measure: 专人记录
        owner: a101
        due: 2025-01-31
"""

ADJUSTMENTS = """\
# 加减分
kind: adjustments
year: 2024
items:
  - {member: a102, type: award, level: county, date: 2024-05-04, note: 县级表彰}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "rounds/h2.yaml": ROUND, "adjustments.yaml": ADJUSTMENTS})


def run(*args: object, code: int = 0) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result.output


def export(root: Path, tmp_path: Path, kind: str, *extra: object) -> Path:
    out = tmp_path / f"{kind}.xlsx"
    run("export", "template", "--kind", kind, "-o", out, "-w", root, *extra)
    return out


def fill(path: Path, rows: dict[tuple[int, int], object], header: dict[str, object] | None = None) -> Path:
    """Write values into the form's table (row offset from the first data row, column by
    field key) as a person would in Excel."""
    wb = openpyxl.load_workbook(path)
    meta = {r[0].value: r[1].value for r in wb["_pingyi"].iter_rows()}
    sheet = wb[meta["sheet"]]
    columns = dict(pair.split("=") for pair in meta["columns"].split(";"))
    first = int(meta["first_row"])
    for (offset, key), value in rows.items():
        sheet[f"{columns[key]}{first + offset}"] = value
    for key, value in (header or {}).items():
        ref = dict(pair.split("=") for pair in meta["header"].split(";"))[key]
        sheet[ref] = value
    wb.save(path)
    return path


def check_clean(root: Path) -> None:
    out = run("check", "-w", root, "--format", "json", code=0)
    assert json.loads(out)["errors"] == []


def test_adjustments_form_round_trips(root: Path, tmp_path: Path) -> None:
    form = export(root, tmp_path, "adjustments")
    wb = openpyxl.load_workbook(form)
    meta = {r[0].value: r[1].value for r in wb["_pingyi"].iter_rows()}
    sheet = wb[meta["sheet"]]
    first = int(meta["first_row"])
    columns = dict(pair.split("=") for pair in meta["columns"].split(";"))
    assert sheet[f"{columns['member']}{first}"].value == "a102"
    assert sheet[f"{columns['member:name']}{first}"].value.startswith("=IFERROR(VLOOKUP(")  # the name beside the id
    shown_type = sheet[f"{columns['type']}{first}"].value
    assert shown_type == "表彰奖励"  # a code is shown by its name
    assert sheet.protection.sheet
    fill(
        form,
        {
            (1, "member"): "张三",
            (1, "type"): shown_type,
            (1, "level"): "city",
            (1, "date"): dt.datetime(2024, 7, 1),
            (1, "note"): "市级表彰",
        },
    )
    out = run("import", "adjustments", form, "-w", root)
    assert "1" in out
    check_clean(root)
    text = (root / "adjustments.yaml").read_text(encoding="utf-8")
    assert "# 加减分" in text
    ws = workspace(root)
    items = ws.adjustments[0].model.items
    assert [(i.member, i.type.value, i.level.value) for i in items] == [("a102", "award", "county"), ("a103", "award", "city")]
    score = json.loads(run("score", "-w", root, "--format", "json"))
    assert {m["id"]: m["adjustment"] for m in score["members"]}["a103"] == 3
    # the same form again: nothing to change
    before = (root / "adjustments.yaml").read_bytes()
    run("import", "adjustments", form, "-w", root)
    assert (root / "adjustments.yaml").read_bytes() == before


def test_changing_a_kept_record_shows_old_to_new_and_needs_force(root: Path, tmp_path: Path) -> None:
    form = fill(export(root, tmp_path, "adjustments"), {(0, "level"): "city"})
    out = run("import", "adjustments", form, "-w", root, code=2)
    assert "→" in out
    assert "county" in (root / "adjustments.yaml").read_text(encoding="utf-8")
    out = run("import", "adjustments", form, "-w", root, "--dry-run")
    assert "county" in (root / "adjustments.yaml").read_text(encoding="utf-8")
    run("import", "adjustments", form, "-w", root, "--force")
    assert workspace(root).adjustments[0].model.items[0].level.value == "city"


def test_a_bad_cell_is_reported_at_the_cell_and_nothing_is_written(root: Path, tmp_path: Path) -> None:
    form = fill(
        export(root, tmp_path, "adjustments"),
        {
            (1, "member"): "无此人",
            (1, "type"): "award",
            (1, "level"): "city",
            (2, "member"): "a101",
            (2, "type"): "表扬",
            (2, "level"): "unit",
        },
    )
    before = (root / "adjustments.yaml").read_bytes()
    out = run("import", "adjustments", form, "-w", root, code=1)
    assert "!A" in out and "无此人" in out and "表扬" in out
    assert (root / "adjustments.yaml").read_bytes() == before


def test_evaluation_form_round_trips(root: Path, tmp_path: Path) -> None:
    form = export(root, tmp_path, "evaluation", "--org", "zb1")
    cells = {}
    for offset in range(3):
        for item in ("study", "achieve", "serve", "law", "ethos", "duty", "attitude", "ability", "integrity", "promise"):
            cells[(offset, f"item:{item}")] = 9.5 if offset == 0 else 9
    fill(form, cells, header={"participants": 30, "mass_representatives": 12})
    run("import", "evaluation", form, "-w", root)
    check = json.loads(run("check", "-w", root, "--format", "json"))
    assert check["errors"] == []
    files = list((root / "evaluation").glob("*.yaml"))
    assert len(files) == 1
    score = json.loads(run("score", "-w", root, "--format", "json"))
    democratic = {m["id"]: m["democratic"] for m in score["members"]}
    assert democratic["a101"] == 19  # 10 items × 9.5 × 20%
    assert democratic["a102"] == 18


def test_commitments_form_round_trips_with_status_at_year_end(root: Path, tmp_path: Path) -> None:
    form = export(root, tmp_path, "commitments")
    fill(
        form,
        {
            (0, "id"): "c1",
            (0, "owner"): "zb1",
            (0, "type"): "basic",
            (0, "text"): "全年开展主题党日12次",
            (0, "made"): "2024-03-01",
            (0, "due"): "2024-12-31",
            (0, "status"): "open",
        },
    )
    run("import", "commitments", form, "-w", root)
    check_clean(root)
    form = export(root, tmp_path, "commitments", "--force")
    fill(form, {(0, "status"): "done", (0, "done"): "2024-11-30"})
    run("import", "commitments", form, "-w", root, "--force")
    report = json.loads(run("commitments", "-w", root, "--format", "json"))
    assert report["orgs"]["done"] == 1 and report["orgs"]["made"] == 1


def test_reviews_form_round_trips_problems_and_closing(root: Path, tmp_path: Path) -> None:
    form = export(root, tmp_path, "reviews", "--round", "2024-H2")
    fill(
        form,
        {
            (0, "closed"): "2025-01-20",
            (1, "reviewer"): "a101",
            (1, "subject"): "a102、a103",
            (1, "date"): "2024-12-15",
            (1, "mode"): "talk",
            (1, "content"): "逐一谈话",
            (1, "problem"): "学习不够",
            (1, "measure"): "每周学习",
            (1, "owner"): "a102",
            (1, "due"): "2025-02-28",
        },
    )
    run("import", "reviews", form, "-w", root, "--force")
    check_clean(root)
    text = (root / "rounds" / "h2.yaml").read_text(encoding="utf-8")
    assert "# 党委书记点评支部" in text
    ledger = json.loads(run("rectify", "-w", root, "--format", "json", "--as-of", "2025-01-25"))
    items = ledger if isinstance(ledger, list) else ledger.get("items", ledger.get("problems", []))
    states = sorted((i["problem"], i["state"]) for i in items)
    assert states == [("学习不够", "open"), ("记录不完整", "closed")]
    coverage = json.loads(run("coverage", "-w", root, "--format", "json"))
    assert coverage["members"]["reviewed"] >= 2


def test_surveys_form_round_trips(root: Path, tmp_path: Path) -> None:
    form = export(root, tmp_path, "surveys", "--year", "2024")
    fill(
        form,
        {
            (0, "id"): "s1",
            (0, "name"): "2024年群众满意度测评",
            (0, "subject"): "zb1",
            (0, "date"): "2024-12-20",
            (0, "count:满意"): 40,
            (0, "count:基本满意"): 8,
            (0, "count:不满意"): 2,
        },
    )
    run("import", "surveys", form, "-w", root)
    check_clean(root)
    report = json.loads(run("survey", "-w", root, "--format", "json"))
    survey = next(s for s in report["surveys"] if s["id"] == "s1")
    assert survey["total"] == 50 and survey["positive"] == 40 and survey["rate"] == 0.8


def test_a_form_of_one_kind_is_refused_by_the_import_of_another(root: Path, tmp_path: Path) -> None:
    form = export(root, tmp_path, "adjustments")
    out = run("import", "surveys", form, "-w", root, code=2)
    assert "adjustments" in out
