"""``pingyi import roster``: a 党员花名册 (.xlsx or .csv) into the org files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pingyi.cli import app
from pingyi.roster import decode_csv, plan_roster, read_roster
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
  # 第一支部:村党支部
  - id: zb1
    name: 桃园村党支部
    type: branch
    parent: dw
    secretary: a101
    members:
      - {id: a101, name: 王支书}   # 支部书记
      - {id: a102, name: 李四}
"""

HEADER = ["序号", "姓名", "性别", "所在党支部", "人员类别", "状态", "党员编号", "身份证号", "手机号码"]


def roster_rows(n: int = 200) -> list[list[object]]:
    """A generated roster: n members over four branches, two of them new to the tree."""
    branches = ["桃园村党支部", "杏花村党支部", "梨树村党支部", "桃园村党支部"]
    rows: list[list[object]] = []
    for i in range(n):
        category = "预备党员" if i % 17 == 0 else "正式党员"
        status = {3: "流动", 7: "年老体弱"}.get(i % 23, "")
        number = f"P{i:04d}" if i % 2 == 0 else ""
        rows.append(
            [
                i + 1,
                f"党员{i:03d}",
                "男" if i % 2 else "女",
                branches[i % 4],
                category,
                status,
                number,
                f"4201011980010{i:05d}",
                f"139{i:08d}",
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[object]], *, title: str | None = "桃园镇党委党员花名册") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    if title:
        ws.append([title])
        ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "gbk") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk"])
def test_importing_a_generated_roster_twice_changes_nothing_the_second_time(root: Path, tmp_path: Path, kind: str) -> None:
    rows = roster_rows(200)
    file = write_xlsx(tmp_path / "名册.xlsx", rows) if kind == "xlsx" else write_csv(tmp_path / "名册.csv", rows)
    code, out = run("import", "roster", file, "-w", root, "--parent", "dw")
    assert code == 0, out
    ws = workspace(root)
    imported = [m for m in ws.members.values() if m.name.startswith("党员")]
    assert len(imported) == 200
    assert {ws.orgs[m.org].name for m in imported} == {"桃园村党支部", "杏花村党支部", "梨树村党支部"}
    assert ws.members["P0000"].status.value == "probationary"  # 0 % 17 == 0
    assert ws.members["P0030"].status.value == "exempt" and ws.members["P0030"].note == "年老体弱"
    first = snapshot(root)
    code, out = run("import", "roster", file, "-w", root, "--parent", "dw")
    assert code == 0, out
    assert snapshot(root) == first
    assert "0 new members" in out.replace("\n", " ") or "新增党员 0" in out or "0 名" in out


def test_the_same_roster_in_xlsx_and_in_gbk_csv_gives_the_same_files(tmp_path: Path) -> None:
    rows = roster_rows(40)
    a = make_ws(tmp_path / "a", {"orgs.yaml": ORGS})
    b = make_ws(tmp_path / "b", {"orgs.yaml": ORGS})
    assert run("import", "roster", write_xlsx(tmp_path / "r.xlsx", rows), "-w", a, "--parent", "dw")[0] == 0
    assert run("import", "roster", write_csv(tmp_path / "r.csv", rows), "-w", b, "--parent", "dw")[0] == 0
    assert snapshot(a) == snapshot(b)


def test_renaming_a_member_in_the_sheet_shows_one_old_to_new_and_needs_force(root: Path, tmp_path: Path) -> None:
    rows = roster_rows(20)
    file = write_xlsx(tmp_path / "r.xlsx", rows)
    assert run("import", "roster", file, "-w", root, "--parent", "dw")[0] == 0
    rows[4][1] = "党员004改"
    write_xlsx(file, rows)
    before = snapshot(root)
    code, out = run("import", "roster", file, "-w", root, "--parent", "dw")
    assert code == 2
    assert out.count("→") == 1
    assert "党员004 → 党员004改" in out
    assert snapshot(root) == before
    code, out = run("import", "roster", file, "-w", root, "--parent", "dw", "--force")
    assert code == 0, out
    assert workspace(root).members["P0004"].name == "党员004改"


def test_a_bad_row_is_reported_by_its_cell_and_nothing_is_written(root: Path, tmp_path: Path) -> None:
    rows = roster_rows(10)
    rows[5][5] = "休眠"  # no status pingyi knows
    rows[7][1] = ""  # no name
    before = snapshot(root)
    code, out = run("import", "roster", write_xlsx(tmp_path / "r.xlsx", rows), "-w", root, "--parent", "dw")
    assert code == 1
    assert snapshot(root) == before
    # header on row 3 (title, blank line): the sixth member is on row 9, the status in column F
    assert "花名册!F9" in out and "休眠" in out
    assert "花名册!B11" in out


def test_a_bad_csv_row_is_reported_by_line_and_column(root: Path, tmp_path: Path) -> None:
    rows = roster_rows(4)
    rows[2][3] = "不存在的支部"
    code, out = run("import", "roster", write_csv(tmp_path / "r.csv", rows), "-w", root)
    assert code == 1
    assert "r.csv:4:4:" in out and "不存在的支部" in out


def test_personal_columns_are_never_printed_and_only_imported_when_asked(root: Path, tmp_path: Path) -> None:
    rows = roster_rows(6)
    file = write_csv(tmp_path / "r.csv", rows)
    code, out = run("import", "roster", file, "-w", root, "--parent", "dw")
    assert code == 0, out
    text = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.yaml"))
    for row in rows:
        assert str(row[7]) not in out and str(row[8]) not in out
        assert str(row[7]) not in text and str(row[8]) not in text
    code, out = run("import", "roster", file, "-w", root, "--parent", "dw", "--keep", "手机号")
    assert code == 0, out
    text = (root / "orgs.yaml").read_text(encoding="utf-8")
    assert "x-手机号: '13900000000'" in text or "x-手机号: 13900000000" in text
    assert "13900000000" not in out
    assert str(rows[0][7]) not in text  # 身份证号 still left out
    # importing again with --keep changes nothing more
    again = snapshot(root)
    assert run("import", "roster", file, "-w", root, "--parent", "dw", "--keep", "手机号")[0] == 0
    assert snapshot(root) == again


def test_comments_and_layout_of_the_org_file_are_kept(root: Path, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "r.csv", [[1, "赵五", "男", "桃园村党支部", "正式党员", "", "", "", ""]])
    assert run("import", "roster", file, "-w", root)[0] == 0
    text = (root / "orgs.yaml").read_text(encoding="utf-8")
    assert "# 第一支部:村党支部" in text and "# 支部书记" in text
    assert "- {id: a102, name: 李四}" in text
    assert "name: 赵五}" in text


def test_members_missing_from_the_sheet_are_listed_never_deleted(root: Path, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "r.csv", [[1, "王支书", "男", "桃园村党支部", "正式党员", "", "", "", ""]])
    code, out = run("import", "roster", file, "-w", root)
    assert code == 0
    assert "a102" in out and "李四" in out
    assert "a102" in workspace(root).members


def test_without_parent_an_unknown_branch_is_an_error_and_with_it_a_new_branch(root: Path, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "r.csv", [[1, "钱六", "男", "新村党支部", "", "", "", "", ""]])
    assert run("import", "roster", file, "-w", root)[0] == 1
    assert run("import", "roster", file, "-w", root, "--parent", "dw")[0] == 0
    ws = workspace(root)
    new = [o for o in ws.orgs.values() if o.name == "新村党支部"]
    assert len(new) == 1 and new[0].parent == "dw" and new[0].type.value == "branch"


def test_a_member_who_moved_branch_moves_entry(root: Path, tmp_path: Path) -> None:
    orgs = (
        ORGS
        + """\
  - id: zb2
    name: 杏花村党支部
    type: branch
    parent: dw
    secretary: a201
    members:
      - {id: a201, name: 张支书}
"""
    )
    (root / "orgs.yaml").write_text(orgs, encoding="utf-8")
    file = write_csv(tmp_path / "r.csv", [[1, "李四", "男", "杏花村党支部", "", "", "a102", "", ""]])
    code, out = run("import", "roster", file, "-w", root, "--force")
    assert code == 0, out
    ws = workspace(root)
    assert ws.members["a102"].org == "zb2"
    assert (root / "orgs.yaml").read_text(encoding="utf-8").count("a102") == 1


def test_header_is_found_by_its_names_and_by_map(root: Path, tmp_path: Path) -> None:
    file = tmp_path / "r.csv"
    file.write_text("党员名单\n\n名字,支部名称,身份\n孙七,桃园村党支部,预备\n", encoding="utf-8")
    code, out = run("import", "roster", file, "-w", root, "--map", "身份=category", "--dry-run")
    assert code == 0, out
    sheet = read_roster(file)
    plan = plan_roster(workspace(root), sheet, mapping={"身份": "category"})
    assert [m.status.value for m in plan.new_members] == ["probationary"]
    assert plan.header_row == 3


def test_no_header_row_is_one_clear_error(root: Path, tmp_path: Path) -> None:
    file = tmp_path / "r.csv"
    file.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out = run("import", "roster", file, "-w", root)
    assert code == 1 and "姓名" in out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings_are_detected(encoding: str) -> None:
    text = "姓名,所在党支部\n张三,桃园村党支部\n"
    assert decode_csv(text.encode(encoding)) == text


def test_an_old_xls_or_a_folder_is_refused_clearly(root: Path, tmp_path: Path) -> None:
    xls = tmp_path / "r.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    code, out = run("import", "roster", xls, "-w", root)
    assert code == 2 and ".xlsx" in out
    code, out = run("import", "roster", tmp_path, "-w", root)
    assert code == 2


def test_the_party_post_column_names_secretaries_of_new_branches(root: Path, tmp_path: Path) -> None:
    file = tmp_path / "r.csv"
    file.write_text(
        "姓名,所在党支部,党内职务\n周一,新村党支部,支部书记\n吴二,新村党支部,组织委员\n郑三,新村党支部,\n王五,桃园村党支部,支部书记\n",
        encoding="utf-8",
    )
    code, out = run("import", "roster", file, "-w", root, "--parent", "dw")
    assert code == 0, out
    ws = workspace(root)
    new = next(o for o in ws.orgs.values() if o.name == "新村党支部")
    assert ws.members[new.secretary].name == "周一"
    assert [ws.members[m].name for m in new.committee] == ["吴二"]
    assert ws.orgs["zb1"].secretary == "a101"  # the tree's own secretary is not overruled
