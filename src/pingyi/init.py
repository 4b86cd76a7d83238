"""Creating a new workspace from the templates in ``pingyi/data/init``.

A new workspace holds one commented example of every kind of record, so that a new user
sees how each is written and ``pingyi check`` and ``pingyi score`` work from the first
minute: the org tree, a review round, commitments, and (when the unit uses the points
system, 党员积分制) a year of monthly scores, the year-end democratic evaluation,
an award and a rating. With a member roster (``--roster``), the org tree comes from the
roster instead, and the examples, which name example members, are kept in ``示例/`` (not
read: ``exclude``) for reference.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from .io.write import FileExists, write_atomic

SCHEMA_DIR = ".schemas"
EXEMPT_EXAMPLE = re.compile(r", status: exempt, note: [^}]*\}[^\n]*")
EXAMPLES_DIR = "示例"
#: The template files that belong to the points system (党员积分制).
POINTS_FILES = ("scores/", "evaluation/", "adjustments/", "orgs/ratings.yaml")
#: Example scores: (org, member, base score of each item) — varied a little month by month.
EXAMPLE_SCORES = {
    "dw": {"m001": 10, "m002": 9},
    "zb1": {"m101": 9, "m102": 10, "m103": 9},
}

# The workspace's README is written in Chinese, like every comment of the example files.
README_POINTS_ROWS = (
    "| `scores/` | 每月积分(每个组织每月一份) | 每月 |\n"
    "| `evaluation/` | 年底民主测评(每个组织一份) | 年底 |\n"
    "| `adjustments/` | 加减分(表彰奖励、处分、通报批评) | 发生时 |\n"
    "| `orgs/ratings.yaml` | 党支部评定(免于积分的党员直接评定星级) | 年底 |\n"
)
README_MONTHLY_POINTS = (
    "1. 各支部按十项内容给党员评分,写入 `scores/`;也可以用\n"
    "   `pingyi export template --org 支部编号 --month 年-月 -o 评分表.xlsx` 导出 Excel 评分表,\n"
    "   填好后用 `pingyi import scores 评分表.xlsx` 导入。\n"
    "2. `pingyi check` 检查无误后,公示当月积分。\n"
    "3. 有点评、整改时,及时写入 `rounds/`。\n"
)
README_MONTHLY_PLAIN = (
    "1. 有点评、整改时,及时写入 `rounds/`。\n"
    "2. 承诺事项完成时,更新 `commitments/` 中的状态。\n"
    "3. 每次修改后执行 `pingyi check`。\n"
)
README_YEARLY_POINTS = (
    "1. 把各组织的年底民主测评写入 `evaluation/`(测评票,或汇总表的平均分)。\n"
    "2. 加减分写入 `adjustments/`;免于积分党员的评定写入 `orgs/ratings.yaml`。\n"
    "3. `pingyi score` 计算年度总积分、星级和等次;`pingyi honours` 查看季度之星、年度之星名额。\n"
    "4. 民主评议党员的票数和评定等次写入 `appraisal/`,`pingyi appraisal` 查看。\n"
    "5. `pingyi coverage`、`pingyi rectify`、`pingyi commitments` 核对点评、整改和承诺,\n"
    "   最后 `pingyi export xlsx -o 台账.xlsx` 导出台账。\n"
)
README_YEARLY_PLAIN = (
    "1. `pingyi coverage`:每个组织、每名党员都要点评到(点评率 100%)。\n"
    "2. `pingyi rectify`、`pingyi commitments`:核对未完成的整改和承诺。\n"
    "3. 民主评议党员的票数和评定等次写入 `appraisal/`,`pingyi appraisal` 查看。\n"
    "4. `pingyi export xlsx -o 台账.xlsx` 导出台账。\n"
)


class InitConflict(Exception):
    """Some of the files to create exist already."""


@dataclass(frozen=True)
class InitOptions:
    """What ``pingyi init`` asks: the unit's name, the year, whether it uses the points
    system; the roster, when given, is imported by the command line after the files are
    written."""

    year: int
    name: str | None = None
    points: bool = True
    examples_aside: bool = False  # the examples go to 示例/ (a roster supplies the tree)


def _templates() -> dict[str, str]:
    root = resources.files("pingyi") / "data" / "init"
    out: dict[str, str] = {}

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            else:
                out[f"{prefix}{child.name}"] = child.read_text(encoding="utf-8")

    walk(root, "")
    return out


def example_scores(org: str, year: int) -> str:
    """A year of example monthly scores of ``org``, one document a month."""
    lines = [
        "# yaml-language-server: $schema={schemas}/scores.schema.json",
        "# 每月积分(示例):每个组织每月一份,写法是 党员编号: [十项得分,按细则顺序,每项0-10分]。",
        "# 一个文件可以写多个月,用 --- 分开;也可以每月一个文件,例如 scores/zb1/" + str(year) + "-03.yaml。",
    ]
    for month in range(1, 13):
        lines += ["---", "kind: scores", f"org: {org}", f"month: {year}-{month:02d}", "scores:"]
        for index, (member, base) in enumerate(EXAMPLE_SCORES[org].items()):
            row = [max(0, min(10, base - ((month + item + index) % 4 == 0))) for item in range(10)]
            lines.append(f"  {member}: [{', '.join(map(str, row))}]")
    return "\n".join(lines) + "\n"


def _readme(text: str, options: InitOptions) -> str:
    points = options.points
    return (
        text.replace("{points_rows}", README_POINTS_ROWS if points else "")
        .replace("{monthly}", README_MONTHLY_POINTS if points else README_MONTHLY_PLAIN)
        .replace("{yearly}", README_YEARLY_POINTS if points else README_YEARLY_PLAIN)
        .replace("{name}", options.name or "某某单位党委")
    )


def workspace_files(options: InitOptions) -> dict[str, str]:
    """The files of a new workspace (relative path → text)."""
    from .schema import schema_documents

    year = options.year
    templates = _templates()
    if options.points:
        for org in EXAMPLE_SCORES:
            templates[f"scores/{org}.yaml"] = example_scores(org, year)
    files: dict[str, str] = {}
    for rel, text in templates.items():
        rel = rel.replace("{year}", str(year))
        if rel == "gitignore":
            rel = ".gitignore"
        if not options.points and rel.startswith(POINTS_FILES):
            continue
        if rel == "README.md":
            text = _readme(text, options)
        if rel == "orgs/committee.yaml" and not options.points:
            text = EXEMPT_EXAMPLE.sub("}", text)  # 免于积分 means nothing without points
        aside = options.examples_aside and rel not in ("README.md", ".gitignore", "pingyi.yaml")
        if aside:
            rel = f"{EXAMPLES_DIR}/{rel}"
        depth = len(PurePosixPath(rel).parts) - 1
        schemas = "/".join([".."] * depth + [SCHEMA_DIR]) if depth else SCHEMA_DIR
        text = text.replace("{year}", str(year)).replace("{schemas}", schemas)
        if rel == "pingyi.yaml":
            if options.name:
                text = text.replace("name: 某某单位党委 ", f"name: {json.dumps(options.name, ensure_ascii=False)} ")
            if options.examples_aside:
                text = text.replace("exclude: [out] ", f"exclude: [out, {EXAMPLES_DIR}]")
        files[rel] = text
    if options.examples_aside:
        files["orgs/committee.yaml"] = root_org_text(options.name or "某某单位党委", schemas=f"../{SCHEMA_DIR}")
    for kind, text in schema_documents().items():
        files[f"{SCHEMA_DIR}/{kind}.schema.json"] = text
    return files


def root_org_text(name: str, *, schemas: str) -> str:
    """An org file holding only the unit's own committee (the roster adds the branches)."""
    return (
        f"# yaml-language-server: $schema={schemas}/org.schema.json\n"
        "# 组织和党员。各支部和党员由花名册导入(pingyi import roster);书记、副书记、委员请按实际填写。\n"
        "kind: org\n"
        "orgs:\n"
        "  - id: dw\n"
        f"    name: {json.dumps(name, ensure_ascii=False)}\n"
        "    type: committee          # committee 党委 | general_branch 党总支 | branch 党支部 | group 党小组\n"
        "    # secretary: 书记的党员编号\n"
    )


def create_workspace(
    directory: Path, *, year: int, name: str | None = None, points: bool = True, examples_aside: bool = False
) -> list[Path]:
    """Write a new workspace into ``directory``; refuse (before writing anything) when any
    of its files exists. Returns the files written."""
    files = workspace_files(InitOptions(year=year, name=name, points=points, examples_aside=examples_aside))
    existing = [rel for rel in files if (directory / rel).exists()]
    if existing:
        raise InitConflict(sorted(existing))
    written: list[Path] = []
    try:
        for rel, text in sorted(files.items()):
            write_atomic(directory / rel, text)
            written.append(directory / rel)
    except FileExists as exc:  # pragma: no cover - a file appeared while writing
        raise InitConflict([str(exc.path)]) from None
    return written
