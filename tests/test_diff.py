"""``pingyi diff``: results between two git revisions (FORMAT §15), on git repositories
built in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import pingyi.cli.common
import pingyi.loader
from pingyi.compute.diff import compute_diff
from pingyi.history import load_revisions
from pingyi.io.git import GitError, Repository
from wsfactory import make_ws, run, text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ITEMS = 10


def git(folder: Path, *args: str) -> str:
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")  # `git status` here must not refresh the index either
    out = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True, env=env)
    return out.stdout.strip()


def init_repo(folder: Path) -> None:
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "测试")
    git(folder, "config", "user.email", "test@example.invalid")
    git(folder, "config", "commit.gpgsign", "false")


def commit(folder: Path, message: str = "update") -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
    return git(folder, "rev-parse", "HEAD")


def months(org: str, rows: dict[str, list[int]], *, override: dict[tuple[str, str], list[int]] | None = None) -> str:
    """Twelve monthly scores documents of ``org``: each member's row every month, or the
    ``override`` of (member, month)."""
    docs = []
    for m in range(1, 13):
        month = f"2024-{m:02d}"
        lines = [f"kind: scores\norg: {org}\nmonth: {month}\nscores:"]
        for member, row in rows.items():
            values = (override or {}).get((member, month), row)
            lines.append(f"  {member}: [{', '.join(map(str, values))}]")
        docs.append("\n".join(lines) + "\n")
    return "---\n".join(docs)


TENS = [10] * ITEMS
NINES = [9] * ITEMS

ROUND = """\
kind: round
id: 2024-H1
name: 2024年上半年领导点评
method: leader
start: 2024-01-01
end: 2024-06-30
reviews:
  - reviewer: m001
    subject: zb1
    date: 2024-01-15
    problems:
      - problem: 三会一课记录不完整
        owner: m101
        due: 2024-03-01
"""


def county(tmp_path: Path, *, sub: str = "ws") -> Path:
    """A small workspace in ``tmp_path/sub`` (the repository is ``tmp_path``): twelve
    months of scores for zb1 and zb2 (everyone 80 points, 8 stars) and a round."""
    root = make_ws(
        tmp_path,
        {
            "scores/zb1.yaml": months("zb1", {"m101": TENS, "m102": TENS, "m103": TENS}),
            "scores/zb2.yaml": months("zb2", {"m201": TENS, "m202": TENS}),
            "scores/dw.yaml": months("dw", {"m001": TENS, "m002": TENS}),
            "rounds/2024-H1.yaml": ROUND,
        },
        sub=sub,
    )
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The workspace at ``tmp_path/ws`` committed in a repository at ``tmp_path``."""
    root = county(tmp_path)
    init_repo(tmp_path)
    commit(tmp_path, "first version")
    return root


def diff_json(root: Path, *args: str, code: int = 0) -> dict:
    result = run("diff", *args, "-w", root, "--format", "json", "--as-of", "2024-12-31")
    assert result.exit_code == code, (result.exit_code, result.output)
    return json.loads(result.stdout)


def changes(data: dict, what: str | None = None) -> dict[tuple[str, str], tuple[object, object]]:
    return {(c["id"], c["field"]): (c["before"], c["after"]) for c in data["changes"] if what is None or c["what"] == what}


def edit(root: Path, name: str, content: str) -> None:
    (root / name).write_text(text(content), encoding="utf-8")


# --------------------------------------------------------------------------- results


def test_a_score_edit_changes_total_stars_and_grade(repo: Path) -> None:
    edit(
        repo,
        "scores/zb1.yaml",
        months("zb1", {"m101": TENS, "m102": TENS, "m103": TENS}, override={("m102", "2024-03"): [0] * ITEMS}),
    )
    data = diff_json(repo)
    got = changes(data, "member")
    # one month of zeros: (1100 / 12) × 0.8 = 73.33 → 7 stars, basic
    assert got == {("m102", "total"): (80.0, 73.33), ("m102", "stars"): (8, 7), ("m102", "grade"): ("qualified", "basic")}
    assert data["files"] == {"added": [], "removed": [], "modified": ["scores/zb1.yaml"]}
    assert {c["org"] for c in data["changes"] if c["what"] == "member"} == {"zb1"}


def test_nothing_changed(repo: Path) -> None:
    data = diff_json(repo)
    assert data["changes"] == []
    assert data["files"] == {"added": [], "removed": [], "modified": []}
    assert run("diff", "-w", repo, "--fail-on-change").exit_code == 0


def test_a_comment_changes_a_file_but_no_result(repo: Path) -> None:
    path = repo / "scores/zb2.yaml"
    path.write_text("# 复核过\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    data = diff_json(repo, "--fail-on-change")
    assert data["changes"] == []
    assert data["files"]["modified"] == ["scores/zb2.yaml"]


def test_fail_on_change_exits_3(repo: Path) -> None:
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))
    assert run("diff", "-w", repo, "--fail-on-change").exit_code == 3
    assert run("diff", "-w", repo).exit_code == 0


def test_a_rectification_closed(repo: Path) -> None:
    edit(repo, "rounds/2024-H1.yaml", ROUND + "        closed: 2024-02-20\n")
    data = diff_json(repo)
    assert changes(data, "rectification") == {("2024-H1#1", "state"): ("overdue", "closed")}
    assert changes(data, "member") == {}
    row = next(c for c in data["changes"] if c["what"] == "rectification")
    assert row["name"] == "三会一课记录不完整" and row["org"] == "zb1"


def test_a_member_added_and_one_removed(repo: Path) -> None:
    orgs = (repo / "orgs.yaml").read_text(encoding="utf-8")
    orgs = orgs.replace("      - {id: m202, name: 吴党员}\n", "")
    orgs = orgs.replace(
        "      - {id: m103, name: 钱党员, status: flowing}\n",
        "      - {id: m103, name: 钱党员, status: flowing}\n      - {id: m104, name: 新党员}\n",
    )
    (repo / "orgs.yaml").write_text(orgs, encoding="utf-8")
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": TENS}))
    edit(repo, "scores/zb1.yaml", months("zb1", {"m101": TENS, "m102": TENS, "m103": TENS, "m104": NINES}))
    got = changes(diff_json(repo), "member")
    assert got[("m104", "org")] == (None, "zb1")
    assert got[("m104", "total")] == (None, 72.0)
    assert got[("m104", "stars")] == (None, 7)
    assert got[("m202", "org")] == ("zb2", None)
    assert got[("m202", "total")] == (80.0, None)
    assert {k[0] for k in got} == {"m104", "m202"}


def test_a_rules_change_moves_everyone(repo: Path) -> None:
    edit(repo, "pingyi.yaml", "pingyi: 1\nname: 测试党委\nyear: 2024\nrules: rules.yaml\n")
    edit(repo, "rules.yaml", "kind: rules\nweights: {monthly: 0.8, democratic: 0.2}\n")
    commit(repo.parent, "rules file")
    edit(repo, "rules.yaml", "kind: rules\nweights: {monthly: 0.9, democratic: 0.1}\n")
    data = diff_json(repo)
    totals = {k[0]: v for k, v in changes(data, "member").items() if k[1] == "total"}
    assert set(totals) == {"m001", "m002", "m101", "m102", "m103", "m201", "m202"}
    assert set(totals.values()) == {(80.0, 90.0)}
    assert data["files"]["modified"] == ["rules.yaml"]


def test_two_revisions_and_a_chinese_tag(repo: Path) -> None:
    top = repo.parent
    git(top, "tag", "公示-2024-12")
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))
    second = commit(top, "复核")
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": TENS, "m202": TENS}))  # the working tree is back
    data = diff_json(repo, "公示-2024-12", "HEAD")
    assert data["from"]["rev"] == "公示-2024-12" and data["to"] == {"rev": "HEAD", "commit": second}
    assert changes(data, "member")[("m201", "total")] == (80.0, 72.0)
    assert changes(diff_json(repo, "公示-2024-12"), "member") == {}


def test_json_shape(repo: Path) -> None:
    edit(repo, "scores/zb1.yaml", months("zb1", {"m101": TENS, "m102": NINES, "m103": TENS}))
    data = diff_json(repo)
    head = git(repo.parent, "rev-parse", "HEAD")
    assert data["from"] == {"rev": "HEAD", "commit": head}
    assert data["to"] == {"rev": None, "commit": None}
    assert set(data) >= {"from", "to", "files", "changes"}
    assert set(data["files"]) == {"added", "removed", "modified"}
    for c in data["changes"]:
        assert set(c) == {"what", "id", "name", "field", "before", "after", "org"}
    total = next(c for c in data["changes"] if c["field"] == "total")
    assert total == {
        "what": "member",
        "id": "m102",
        "name": "赵党员",
        "field": "total",
        "before": 80.0,
        "after": 72.0,
        "org": "zb1",
    }


def test_csv_and_table(repo: Path) -> None:
    edit(repo, "scores/zb1.yaml", months("zb1", {"m101": TENS, "m102": NINES, "m103": TENS}))
    csv = run("diff", "-w", repo, "--format", "csv", "--lang", "en")
    assert csv.exit_code == 0
    lines = csv.stdout.splitlines()
    assert lines[0] == "what,id,name,org,field,before,after"
    assert "member,m102,赵党员,zb1,total,80.0,72.0" in lines
    table = run("diff", "-w", repo, "--lang", "en", "--explain")
    assert table.exit_code == 0, table.output
    out = table.stdout
    assert "第一党支部 (zb1)" in out and "total points: 80.00 → 72.00" in out
    assert "2024-01 " in out and ": 10 → 9" in out  # --explain: the months and items
    assert out.rstrip().endswith("file modified  scores/zb1.yaml")
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 80 for line in out.splitlines())


def test_explain_lists_the_months_and_items(repo: Path) -> None:
    changed = [10, 10, 7, 10, 10, 10, 10, 10, 10, 10]
    edit(
        repo,
        "scores/zb1.yaml",
        months("zb1", {"m101": TENS, "m102": TENS, "m103": TENS}, override={("m101", "2024-05"): changed}),
    )
    data = diff_json(repo, "--explain")
    assert data["explain"] == {"m101": [{"kind": "month", "month": "2024-05", "item": "serve", "before": 10, "after": 7}]}


def test_org_narrows_the_changes(repo: Path) -> None:
    edit(repo, "scores/zb1.yaml", months("zb1", {"m101": TENS, "m102": NINES, "m103": TENS}))
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))
    assert {c["id"] for c in diff_json(repo, "--org", "zb2")["changes"]} == {"m201"}
    assert {c["id"] for c in diff_json(repo, "--org", "dw")["changes"]} == {"m102", "m201"}
    bad = run("diff", "-w", repo, "--org", "nope")
    assert bad.exit_code == 2


def test_the_same_results_as_comparing_everything(repo: Path) -> None:
    """Only the results a changed file can move are computed again; the answer is the
    one a full comparison gives."""
    edit(repo, "scores/zb1.yaml", months("zb1", {"m101": TENS, "m102": NINES, "m103": TENS}))
    edit(repo, "rounds/2024-H1.yaml", ROUND + "        closed: 2024-02-20\n")
    pair = load_revisions(repo, "HEAD", as_of=None)
    a, b = pair.before.workspace, pair.after.workspace
    quick = compute_diff(a, b, files=pair.files)
    full = compute_diff(a, b)
    assert quick.changes == full.changes and quick.changes


# --------------------------------------------------------------------------- git


def test_workspace_at_the_top_of_the_repository(tmp_path: Path) -> None:
    root = county(tmp_path, sub=".")
    init_repo(root)
    commit(root)
    edit(root, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))
    assert changes(diff_json(root), "member")[("m201", "total")] == (80.0, 72.0)


def test_workspace_in_a_sub_folder(tmp_path: Path) -> None:
    root = county(tmp_path, sub="党建/评议")
    init_repo(tmp_path)
    (tmp_path / "README.md").write_text("other things\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("not: pingyi\n", encoding="utf-8")
    commit(tmp_path)
    assert Repository(root).prefix == "党建/评议/"
    edit(root, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))
    (tmp_path / "README.md").write_text("changed\n", encoding="utf-8")
    data = diff_json(root)
    assert changes(data, "member")[("m201", "total")] == (80.0, 72.0)
    assert data["files"]["modified"] == ["scores/zb2.yaml"]


def test_a_revision_before_the_workspace_existed(tmp_path: Path) -> None:
    init_repo(tmp_path)
    (tmp_path / "README.md").write_text("start\n", encoding="utf-8")
    commit(tmp_path)
    root = county(tmp_path)
    commit(tmp_path)
    result = run("diff", "HEAD~1", "-w", root, "--format", "json", "--lang", "zh")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert changes(data, "member")[("m101", "total")] == (None, 80.0)
    assert "pingyi.yaml" in data["files"]["added"] and "scores/zb1.yaml" in data["files"]["added"]
    assert data["files"]["removed"] == [] and data["files"]["modified"] == []
    assert "HEAD~1" in result.stderr and "pingyi.yaml" in result.stderr


def test_an_unknown_revision(repo: Path) -> None:
    result = run("diff", "no-such-tag", "-w", repo, "--lang", "en")
    assert result.exit_code == 2
    assert "no revision `no-such-tag`" in result.stderr and "git tag" in result.stderr
    assert "Traceback" not in result.output


def test_a_revision_that_looks_like_an_option(repo: Path) -> None:
    result = run("diff", "-w", repo, "--lang", "en", "--", "--output=x")
    assert result.exit_code == 2
    assert not (repo / "x").exists()


def test_not_a_repository(tmp_path: Path) -> None:
    root = county(tmp_path)
    env_ceiling = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path.parent)
    try:
        result = run("diff", "-w", root, "--lang", "en")
    finally:
        if env_ceiling is None:
            os.environ.pop("GIT_CEILING_DIRECTORIES", None)
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env_ceiling
    assert result.exit_code == 2
    assert "not kept in git" in result.stderr and "git init" in result.stderr


def test_a_repository_without_commits(tmp_path: Path) -> None:
    root = county(tmp_path)
    init_repo(tmp_path)
    result = run("diff", "-w", root, "--lang", "en")
    assert result.exit_code == 2
    assert "no commit yet" in result.stderr


def test_git_missing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-folder"))
    result = run("diff", "-w", repo, "--lang", "en")
    assert result.exit_code == 2
    assert "`git` program was not found" in result.stderr
    with pytest.raises(GitError) as caught:
        Repository(repo)
    assert caught.value.code == "git-missing"


def test_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))
    commit(repo.parent, "second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(clone)], check=True, capture_output=True)
    result = run("diff", "HEAD~1", "-w", clone / "ws", "--lang", "en")
    assert result.exit_code == 2
    assert "shallow" in result.stderr and "git fetch --unshallow" in result.stderr
    assert run("diff", "HEAD", "-w", clone / "ws").exit_code == 0  # what the clone has is compared


def test_messages_in_chinese_by_default(repo: Path) -> None:
    result = run("diff", "no-such-tag", "-w", repo)
    assert result.exit_code == 2
    assert "没有" in result.stderr or "no-such-tag" in result.stderr


def test_errors_at_a_revision_are_reported_with_it(repo: Path) -> None:
    top = repo.parent
    good = (repo / "rounds/2024-H1.yaml").read_text(encoding="utf-8")
    (repo / "rounds/2024-H1.yaml").write_text(good.replace("subject: zb1", "subject: zb9"), encoding="utf-8")
    commit(top, "a mistake")
    (repo / "rounds/2024-H1.yaml").write_text(good, encoding="utf-8")
    result = run("diff", "-w", repo, "--lang", "en")
    assert result.exit_code == 1
    assert "HEAD:rounds/2024-H1.yaml:" in result.stderr and "error:" in result.stderr
    data = json.loads(run("diff", "-w", repo, "--format", "json").stdout)
    assert data["errors"] and data["errors"][0]["rev"] == "HEAD" and data["errors"][0]["file"] == "rounds/2024-H1.yaml"
    # the working folder's own errors carry no revision
    (repo / "rounds/2024-H1.yaml").write_text(good.replace("subject: zb1", "subject: zb8"), encoding="utf-8")
    commit(top, "still wrong")
    (repo / "rounds/2024-H1.yaml").write_text(good.replace("subject: zb1", "subject: zb7"), encoding="utf-8")
    both = run("diff", "-w", repo, "--lang", "en").stderr
    assert "HEAD:rounds/2024-H1.yaml:" in both and "\nrounds/2024-H1.yaml:" in both


def test_git_is_only_read(repo: Path) -> None:
    """No checkout, no index change, no working tree change: the index file is byte for
    byte the same, even with a file whose time stamp changed (git would refresh it)."""
    top = repo.parent
    edit(repo, "scores/zb1.yaml", months("zb1", {"m101": TENS, "m102": NINES, "m103": TENS}))
    git(top, "add", "ws/scores/zb1.yaml")  # staged
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))  # not staged
    stamp = repo / "scores/dw.yaml"
    os.utime(stamp, (stamp.stat().st_atime + 100, stamp.stat().st_mtime + 100))  # stat-dirty, unchanged
    index = top / ".git" / "index"
    before = (index.read_bytes(), index.stat().st_mtime_ns, git(top, "status", "--porcelain"))
    tree = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".pingyi-cache" not in p.parts}
    refs = git(top, "for-each-ref")
    data = diff_json(repo)
    assert changes(data, "member")[("m102", "total")] == (80.0, 72.0)
    assert changes(data, "member")[("m201", "total")] == (80.0, 72.0)
    assert data["files"]["modified"] == ["scores/zb1.yaml", "scores/zb2.yaml"]  # dw.yaml: only touched
    after = (index.read_bytes(), index.stat().st_mtime_ns, git(top, "status", "--porcelain"))
    assert after == before
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".pingyi-cache" not in p.parts} == tree
    assert git(top, "for-each-ref") == refs
    assert not (top / ".git" / "index.lock").exists()


def test_unchanged_files_are_not_parsed_again(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files git reports unchanged reuse the other revision's parse; a revision's files
    found in the cache by content hash are not parsed at all."""
    monkeypatch.delenv("PINGYI_NO_CACHE", raising=False)  # whatever other tests left behind
    top = repo.parent
    edit(repo, "scores/zb2.yaml", months("zb2", {"m201": NINES, "m202": TENS}))
    commit(top, "second")
    assert run("check", "-w", repo).exit_code == 0  # fills the cache with the working tree (= HEAD)
    parsed: list[str] = []
    real = pingyi.loader.read_file

    def counting(file: str, data: bytes) -> pingyi.loader.FileResult:
        parsed.append(file)
        return real(file, data)

    monkeypatch.setattr(pingyi.loader, "read_file", counting)
    data = diff_json(repo, "HEAD~1", "HEAD")
    assert changes(data, "member")[("m201", "total")] == (80.0, 72.0)
    assert parsed == ["scores/zb2.yaml"]  # HEAD's files all from the cache; HEAD~1's only changed one
    parsed.clear()
    diff_json(repo)  # HEAD against the working tree: nothing read twice
    assert parsed == []


def test_load_from_a_mapping_is_the_load_from_disk(repo: Path) -> None:
    files = {p.relative_to(repo).as_posix(): p.read_bytes() for p in repo.rglob("*.yaml")}
    from_disk = pingyi.loader.load(repo)
    from_memory = pingyi.loader.load(repo, files=files)
    assert from_memory.ok and set(from_memory.files) == set(from_disk.files)
    assert from_memory.workspace.members.keys() == from_disk.workspace.members.keys()
    broken = dict(files, **{"rounds/2024-H1.yaml": b"kind: round\nid: [\n"})
    bad = pingyi.loader.load(repo, files=broken)
    assert [d.file for d in bad.errors] == ["rounds/2024-H1.yaml"] and bad.errors[0].line is not None


APPRAISAL = """\
kind: appraisal
org: zb1
year: 2024
participants: 3
votes:
  m101: [1, 2, 0, 0]
decisions:
  - {member: m101, grade: qualified}
  - {member: m102, grade: qualified}
  - {member: m103, grade: qualified}
"""


def test_an_appraisal_grade_and_a_survey_rate(repo: Path) -> None:
    survey = "kind: survey\nid: s1\nname: 满意度\nsubject: zb1\ndate: 2024-12-20\ncounts: {满意: 8, 基本满意: 1, 不满意: 1}\n"
    edit(repo, "appraisal.yaml", APPRAISAL)
    edit(repo, "survey.yaml", survey)
    commit(repo.parent, "appraisal")
    edit(repo, "appraisal.yaml", APPRAISAL.replace("{member: m101, grade: qualified}", "{member: m101, grade: excellent}"))
    edit(repo, "survey.yaml", survey.replace("满意: 8, 基本满意: 1", "满意: 9, 基本满意: 0"))
    data = diff_json(repo)
    assert changes(data, "appraisal") == {("m101", "grade"): ("qualified", "excellent")}
    assert changes(data, "survey") == {("s1", "rate"): (0.8, 0.9)}
    assert changes(data, "member") == {}


PUBLICITY = """\
kind: publicity
id: 2024-03-zb1
period: 2024-03
org: zb1
start: 2024-04-02
end: 2024-04-08
objections: []
"""


def test_after_objections_exactly_the_rescored_members(repo: Path) -> None:
    """The 公示 tagged; objections answered, one upheld and its score corrected: the diff
    since the tag lists that member only."""
    top = repo.parent
    edit(repo, "publicity.yaml", PUBLICITY)
    commit(top, "公示")
    git(top, "tag", "公示-2024-03")
    objections = """\
objections:
  - {id: y1, member: m102, month: 2024-03, item: study, by: m102, received: 2024-04-03,
     text: 应为10分, reply: 复核属实, replied: 2024-04-09, outcome: upheld}
  - {id: y2, member: m101, by: m101, received: 2024-04-04,
     text: 有异议, reply: 维持, replied: 2024-04-09, outcome: rejected}
"""
    edit(repo, "publicity.yaml", PUBLICITY.replace("objections: []\n", objections))
    rows = {"m101": TENS, "m102": TENS, "m103": TENS}
    edit(repo, "scores/zb1.yaml", months("zb1", rows, override={("m102", "2024-03"): [9] + TENS[1:]}))
    commit(top, "公示后变动: 异议 y1 成立")
    data = diff_json(repo, "公示-2024-03", "HEAD")
    assert {c["id"] for c in data["changes"]} == {"m102"}
    assert changes(data)[("m102", "total")] == (80.0, 79.93)
    assert sorted(data["files"]["modified"]) == ["publicity.yaml", "scores/zb1.yaml"]
