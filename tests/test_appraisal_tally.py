"""The vote tally of 民主评议党员 through Excel, on the entry forms' mechanism:
``pingyi export template --appraisal --org ID`` and ``pingyi import appraisal FILE`` with the
scores import's safety (locked cells, validation, problems at Sheet!D7, dry run, old → new
needs --force, atomic writes, comments kept)."""

from __future__ import annotations

import openpyxl

from pingyi.compute.appraisal import compute_appraisal
from wsfactory import build, run, workspace

ZB1 = """\
# 第一党支部 2024年民主评议 (这行注释要保留)
kind: appraisal
org: zb1
year: 2024
participants: 3
votes:
  m101: {excellent: 2, qualified: 1}   # 赵支书
  m102: [0, 3, 0, 0]
decisions:
  - {member: m101, grade: excellent}
"""


def template(root, tmp_path, name="计票.xlsx"):
    out = tmp_path / name
    result = run("export", "template", "--appraisal", "--org", "zb1", "-w", root, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def meta_of(wb):
    return {r[0]: r[1] for r in wb["_pingyi"].iter_rows(values_only=True) if r[0]}


def fill(path, values: dict[str, list[object]], participants: object = None) -> dict[str, object]:
    """Set the vote cells of the members named (the sheet's protection and validation stay)."""
    wb = openpyxl.load_workbook(path)
    meta = meta_of(wb)
    sheet = wb[meta["sheet"]]
    columns = dict(pair.split("=") for pair in meta["columns"].split(";") if pair)
    member_col = columns["member"]
    vote_cols = [columns[f"vote:{g}"] for g in ("excellent", "qualified", "basic", "unqualified")]
    for row in range(int(meta["first_row"]), int(meta["last_row"]) + 1):
        member = sheet[f"{member_col}{row}"].value
        if member in values:
            for col, v in zip(vote_cols, values[member]):
                sheet[f"{col}{row}"] = v
    if participants is not None:
        header = dict(pair.split("=") for pair in meta["header"].split(";") if pair)
        sheet[header["participants"]] = participants
    wb.save(path)
    return {"meta": meta, "columns": columns}


def test_template_is_locked_validated_and_prefilled(tmp_path):
    root = build(tmp_path, extra={"a.yaml": ZB1})
    out = template(root, tmp_path)
    wb = openpyxl.load_workbook(out)
    meta = meta_of(wb)
    assert meta["kind"] == "appraisal"
    sheet = wb[meta["sheet"]]
    assert sheet.protection.sheet
    columns = dict(pair.split("=") for pair in meta["columns"].split(";") if pair)
    rows = {}
    for r in range(int(meta["first_row"]), int(meta["last_row"]) + 1):
        rows[sheet[f"{columns['member']}{r}"].value] = [
            sheet[f"{columns[f'vote:{g}']}{r}"].value for g in ("excellent", "qualified", "basic", "unqualified")
        ]
    assert rows["m101"] == [2, 1, 0, 0] and rows["m103"] == [None] * 4 and "m104" in rows
    assert not sheet[f"{columns['vote:excellent']}{meta['first_row']}"].protection.locked
    assert any(dv.type == "whole" for dv in sheet.data_validations.dataValidation)


def test_import_into_a_new_file(tmp_path):
    root = build(tmp_path)
    out = template(root, tmp_path)
    fill(out, {"m101": [2, 1, 0, 0], "m102": [0, 2, 1, 0], "m104": [1, 2, 0, 0]}, participants=3)
    dry = run("import", "appraisal", out, "-w", root, "--dry-run")
    assert dry.exit_code == 0 and not (root / "appraisal").exists(), dry.output
    result = run("import", "appraisal", out, "-w", root)
    assert result.exit_code == 0, result.output
    assert (root / "appraisal" / "zb1-2024.yaml").is_file()
    org = compute_appraisal(workspace(root)).orgs[0]
    votes = {m.id: m.votes for m in org.members if m.votes is not None}
    assert (votes["m102"].qualified, votes["m102"].basic, org.participants) == (2, 1, 3)
    assert "m103" not in votes  # a row left without votes is not imported
    again = run("import", "appraisal", out, "-w", root)
    assert again.exit_code == 0, again.output


def test_changing_recorded_votes_needs_force_and_keeps_comments(tmp_path):
    root = build(tmp_path, extra={"a.yaml": ZB1})
    before = (root / "a.yaml").read_text(encoding="utf-8")
    out = template(root, tmp_path)
    fill(out, {"m101": [2, 0, 1, 0], "m102": [1, 2, 0, 0], "m104": [0, 3, 0, 0]})
    refused = run("import", "appraisal", out, "-w", root)
    assert refused.exit_code == 2, refused.output
    assert "0 → 1" in refused.output or "0 -> 1" in refused.output, refused.output
    assert (root / "a.yaml").read_text(encoding="utf-8") == before
    done = run("import", "appraisal", out, "-w", root, "--force")
    assert done.exit_code == 0, done.output
    after = (root / "a.yaml").read_text(encoding="utf-8")
    assert "# 第一党支部 2024年民主评议 (这行注释要保留)" in after and "# 赵支书" in after
    assert "m102: [1, 2, 0, 0]" in after and "decisions:" in after
    org = compute_appraisal(workspace(root)).orgs[0]
    by = {m.id: m.votes for m in org.members}
    assert (by["m101"].qualified, by["m101"].basic, by["m104"].qualified) == (0, 1, 3)


def test_bad_cells_are_reported_at_their_cell_and_nothing_is_written(tmp_path):
    root = build(tmp_path, extra={"a.yaml": ZB1})
    before = (root / "a.yaml").read_text(encoding="utf-8")
    out = template(root, tmp_path)
    info = fill(out, {"m101": [1.5, 1, 0, 0], "m102": [None, 1, 0, 0], "m104": [3, 1, 0, 0]})
    result = run("import", "appraisal", out, "-w", root)
    assert result.exit_code != 0
    column = info["columns"]["vote:excellent"]
    first = int(info["meta"]["first_row"])
    assert f"!{column}{first}" in result.output  # m101: 1.5 is no whole number
    assert f"!{column}{first + 1}" in result.output  # m102: a blank among its votes
    assert "4" in result.output and "3" in result.output  # m104: 4 votes, 3 ballots
    assert (root / "a.yaml").read_text(encoding="utf-8") == before


def test_kind_option_is_the_same_form(tmp_path):
    root = build(tmp_path, extra={"a.yaml": ZB1})
    out = tmp_path / "k.xlsx"
    result = run("export", "template", "--kind", "appraisal", "--org", "zb1", "-w", root, "-o", out)
    assert result.exit_code == 0, result.output
    assert meta_of(openpyxl.load_workbook(out))["kind"] == "appraisal"
    assert run("export", "template", "--appraisal", "-w", root, "-o", tmp_path / "n.xlsx").exit_code == 2  # needs --org
