#!/usr/bin/env python3
"""生成示例工作区的月度积分 (kind: scores) 与年底民主测评 (kind: evaluation)。

Generate the monthly scores and the year-end democratic evaluations of the
jiangcheng example workspace.

    python3 examples/jiangcheng/tools/generate_scores.py

The script uses the standard library only, draws every number from seeded
``random.Random`` instances (one per org, seeded with a fixed string) and writes
the YAML text itself, so running it again reproduces the files byte for byte.
It overwrites:

    scores/yz1/2024-01.yaml … 2024-12.yaml   one file per month (第一中学高中部党支部)
    scores/<org>.yaml                         one file per org, 12 documents (其他支部)
    evaluation/<org>.yaml                     年底民主测评: ballots, or the tally form
                                              (participants + averages) for sx and ez

The roster below must match orgs/*.yaml (ids, names, status). Members with status
exempt are never scored. Deliberate gaps (they make ``pingyi check`` warn):
m117 (流动党员，赴新疆支教) has no scores for 2024-07 and 2024-08, and m412
(流动党员，驻企业指导实习) none for 2024-02.

Rounding case: the tally sheet of sx (participants 40, so every average is a
multiple of 0.025) is set so that m303's exact year total is 94.995, which is
reported as 95.00 and earns ten stars (FORMAT §6: stars are decided on the
rounded total). m303 has no adjustment; if you give m303 one in
points/adjustments.yaml, change EDGE_ADJUSTMENT below and re-run.
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
ITEMS = ["学习提高", "争创佳绩", "服务群众", "遵纪守法", "弘扬正气",
         "履行职责", "工作态度", "业务能力", "绩效廉洁", "承诺践诺"]

# Score profiles: weighted distribution of one item score (0..10).
PROFILES = {
    "A": [(10, 80), (9, 18), (8, 2)],                          # 表现突出
    "A-": [(10, 55), (9, 40), (8, 5)],
    "B": [(10, 45), (9, 40), (8, 13), (7, 2)],                 # 表现良好
    "C": [(10, 20), (9, 40), (8, 30), (7, 8), (6, 2)],         # 一般
    "D": [(9, 15), (8, 40), (7, 30), (6, 12), (5, 3)],         # 较弱
    "E": [(8, 15), (7, 35), (6, 35), (5, 12), (4, 3)],         # 差
}

# org -> [(id, name, status, profile)]; profile "X" is the whole year,
# ("X", "Y") is January-June / July-December.
ROSTER = {
    "jg1": [
        ("m001", "周建国", "active", "A"),
        ("m002", "陈卫东", "active", "B"),
        ("m003", "李秀英", "active", "B"),
        ("m004", "王志强", "active", "B"),
        ("m005", "刘海燕", "active", "C"),
        ("m006", "张明远", "active", "B"),
        ("m007", "赵丽华", "active", "A"),
        ("m008", "黄晓峰", "active", "B"),
        ("m009", "吴静", "probationary", "C"),
    ],
    "jg2": [
        ("m010", "孙丽萍", "active", "B"),
        ("m011", "郑国华", "active", "C"),
        ("m012", "马俊", "active", "C"),
        ("m013", "朱慧敏", "active", "B"),
        ("m014", "胡志勇", "active", "D"),
        ("m015", "林晓燕", "active", "B"),
        ("m016", "何建平", "exempt", None),
    ],
    "jg3": [
        ("m017", "高玉兰", "active", "C"),
        ("m018", "罗志刚", "active", "C"),
        ("m019", "梁文华", "active", ("D", "C")),
        ("m020", "宋振国", "exempt", None),
        ("m021", "谢婷", "active", "B"),
    ],
    "yz1": [
        ("m101", "许文博", "active", "A"),
        ("m102", "韩雪梅", "active", "A"),
        ("m103", "冯志明", "active", "A"),
        ("m104", "邓晓玲", "active", "B"),
        ("m105", "曹建军", "active", "B"),
        ("m106", "彭雅琴", "active", "B"),
        ("m107", "曾凡华", "active", "C"),
        ("m108", "萧雨婷", "active", "B"),
        ("m109", "田国庆", "active", "C"),
        ("m110", "董佳", "active", "B"),
        ("m111", "袁立新", "active", ("D", "C")),
        ("m112", "潘晓东", "active", "C"),
        ("m113", "蒋欣怡", "active", "B"),
        ("m114", "蔡永红", "active", "C"),
        ("m115", "余海波", "active", "D"),
        ("m116", "杜雨萱", "probationary", "B"),
        ("m117", "叶正阳", "flowing", "B"),
        ("m118", "程玉珍", "exempt", None),
    ],
    "yz2": [
        ("m201", "苏文静", "active", "A"),
        ("m202", "魏国栋", "active", "B"),
        ("m203", "吕红梅", "active", "C"),
        ("m204", "丁志华", "active", "B"),
        ("m205", "任晓光", "active", "D"),
        ("m206", "姚佳琪", "flowing", "C"),
        ("m207", "卢建新", "active", "B"),
    ],
    "sx": [
        ("m301", "姜春燕", "active", "A"),
        ("m302", "崔丽娟", "active", "A"),
        ("m303", "钟晓敏", "active", "A-"),
        ("m304", "谭志远", "active", "B"),
        ("m305", "陆佳怡", "active", "C"),
        ("m306", "汪建华", "active", "C"),
        ("m307", "范小红", "active", "B"),
        ("m308", "金桂芳", "exempt", None),
        ("m309", "石磊", "active", "D"),
        ("m310", "廖海燕", "active", "B"),
    ],
    "zj": [
        ("m401", "贾振华", "active", "B"),
        ("m402", "夏国强", "active", "B"),
        ("m403", "付丽", "active", "C"),
        ("m404", "方志成", "active", "C"),
        ("m405", "白雪", "active", "B"),
        ("m406", "邹建军", "active", "D"),
        ("m407", "孟凡军", "active", "C"),
        ("m408", "秦晓燕", "active", "B"),
        ("m409", "江涛", "probationary", "C"),
        ("m410", "尹红霞", "active", "C"),
        ("m411", "薛志明", "active", ("D", "E")),
        ("m412", "侯小龙", "flowing", "C"),
    ],
    "ez": [
        ("m501", "熊卫国", "active", "C"),
        ("m502", "郝丽", "active", "B"),
        ("m503", "邵建军", "active", "C"),
        ("m504", "万晓梅", "active", "B"),
        ("m505", "顾志刚", "active", "D"),
        ("m506", "孔令辉", "active", "C"),
        ("m507", "严小芳", "active", "B"),
        ("m508", "黎德华", "exempt", None),
    ],
}

ORG_NAMES = {
    "jg1": "局机关第一党支部",
    "jg2": "局机关第二党支部",
    "jg3": "局机关第三党支部",
    "yz1": "第一中学高中部党支部",
    "yz2": "第一中学初中部党支部",
    "sx": "江城市实验小学党支部",
    "zj": "江城市职业技术学校党支部",
    "ez": "江城市第二中学党支部",
}

# Months in which a member was not scored (流动党员失联/外出).
NOT_SCORED = {"m117": {"2024-07", "2024-08"}, "m412": {"2024-02"}}
NOT_SCORED_WHY = {"m117": "流动党员，赴新疆支教途中及暑期未报送表现情况，未评分",
                  "m412": "流动党员，春节前后驻厂未能取得联系，未评分"}

# Year-end democratic evaluation: org -> (mass_representatives, ballots or
# participants, form). Ballot form writes every ballot; tally form writes the
# averages only.
EVALUATION = {
    "jg1": (12, 19, "ballots"),
    "jg2": (10, 15, "ballots"),
    "jg3": (10, 14, "ballots"),
    "yz1": (15, 30, "ballots"),
    "yz2": (12, 18, "ballots"),
    "zj": (14, 25, "ballots"),
    "sx": (31, 40, "tally"),
    "ez": (15, 22, "tally"),
}
# Ballots on which a member was left blank (群众代表不了解情况，未评).
BLANK = {"m117": {4, 11, 23}}

EDGE_MEMBER = "m303"
EDGE_ORG = "sx"
EDGE_TOTAL = Fraction(94995, 1000)
EDGE_ADJUSTMENT = 0


def draw(rng: random.Random, profile: str) -> int:
    table = PROFILES[profile]
    total = sum(w for _, w in table)
    x = rng.random() * total
    for value, weight in table:
        if x < weight:
            return value
        x -= weight
    return table[-1][0]


def profile_for(profile, month_index: int) -> str:
    if isinstance(profile, tuple):
        return profile[0] if month_index < 6 else profile[1]
    return profile


def scored_members(org: str):
    return [m for m in ROSTER[org] if m[2] != "exempt"]


def modeline(kind: str, depth: int) -> str:
    up = "../" * (depth + 2)
    return f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n"


def flow(values) -> str:
    return "[" + ", ".join(fmt(v) for v in values) + "]"


def fmt(v) -> str:
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        # only used for values with a finite decimal expansion
        s = f"{float(v):.3f}".rstrip("0")
        assert Fraction(s) == v, (v, s)
        return s
    return str(v)


def generate_scores():
    """Return {org: {month: {member: [10 ints]}}}."""
    result = {}
    for org in ROSTER:
        rng = random.Random(f"jiangcheng-{YEAR}-scores-{org}")
        months = {}
        for mi, month in enumerate(MONTHS):
            rows = {}
            for mid, _name, _status, profile in scored_members(org):
                values = [draw(rng, profile_for(profile, mi)) for _ in ITEMS]
                if month not in NOT_SCORED.get(mid, ()):
                    rows[mid] = values
            months[month] = rows
        result[org] = months
    # make the edge member's twelve-month sum divisible by 3, so that the
    # monthly part S/15 has a finite decimal expansion (see module docstring)
    rows = [result[EDGE_ORG][m][EDGE_MEMBER] for m in MONTHS]
    i = 0
    while sum(map(sum, rows)) % 3:
        row = rows[i // len(ITEMS) % 12]
        j = i % len(ITEMS)
        if row[j] == 10:
            row[j] = 9
        i += 1
    return result


def generate_ballots(org: str, scores):
    """Return a list of ballots (dict member -> 10 ints)."""
    rng = random.Random(f"jiangcheng-{YEAR}-ballots-{org}")
    _reps, count, _form = EVALUATION[org]
    ballots = []
    for b in range(count):
        ballot = {}
        for mid, _name, _status, profile in scored_members(org):
            values = [draw(rng, profile_for(profile, 11)) for _ in ITEMS]
            if b not in BLANK.get(mid, ()):
                ballot[mid] = values
        ballots.append(ballot)
    if org == EDGE_ORG:
        month_sum = sum(sum(scores[EDGE_ORG][m][EDGE_MEMBER]) for m in MONTHS)
        # total = S/15 + T/200 + adjustment, with T the sum over 40 ballots
        target = (EDGE_TOTAL - EDGE_ADJUSTMENT - Fraction(month_sum, 15)) * 200
        assert target.denominator == 1, target
        diff = int(target) - sum(sum(b[EDGE_MEMBER]) for b in ballots)
        i = 0
        while diff:
            row = ballots[i // len(ITEMS) % count][EDGE_MEMBER]
            j = i % len(ITEMS)
            if diff > 0 and row[j] < 10:
                row[j] += 1
                diff -= 1
            elif diff < 0 and row[j] > 7:
                row[j] -= 1
                diff += 1
            i += 1
    return ballots


def names(org: str):
    return {mid: name for mid, name, _s, _p in ROSTER[org]}


def item_comment() -> str:
    return "# 十项依次为: " + " ".join(ITEMS) + "\n"


def scores_document(org: str, month: str, rows) -> str:
    nm = names(org)
    out = [
        "kind: scores\n",
        f"org: {org}\n",
        f"month: {month}\n",
        "scores:\n",
    ]
    for mid, values in rows.items():
        out.append(f"  {mid}: {flow(values):<40}  # {nm[mid]}\n")
    return "".join(out)


def missing_comment(org: str, month: str) -> str:
    lines = []
    for mid, _name, status, _p in ROSTER[org]:
        if month in NOT_SCORED.get(mid, ()):
            lines.append(f"# {mid} {names(org)[mid]}: {NOT_SCORED_WHY[mid]}\n")
    return "".join(lines)


def exempt_comment(org: str) -> str:
    ex = [f"{mid} {name}" for mid, name, status, _p in ROSTER[org] if status == "exempt"]
    if not ex:
        return ""
    return "# 免于积分 (exempt)，不评分: " + "、".join(ex) + "\n"


def write(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def write_scores(scores):
    for org, months in scores.items():
        if org == "yz1":
            for month, rows in months.items():
                text = (modeline("scores", 2)
                        + f"# {ORG_NAMES[org]} {month[:4]}年{int(month[5:])}月党员积分 (一月一评分)\n"
                        + item_comment() + exempt_comment(org) + missing_comment(org, month)
                        + scores_document(org, month, rows))
                write(ROOT / "scores" / org / f"{month}.yaml", text)
        else:
            parts = [modeline("scores", 1),
                     f"# {ORG_NAMES[org]} {YEAR}年党员月度积分，每月一个文档\n",
                     item_comment(), exempt_comment(org)]
            for k, (month, rows) in enumerate(months.items()):
                parts.append("---\n" if k else "\n")
                parts.append(missing_comment(org, month))
                parts.append(scores_document(org, month, rows))
            write(ROOT / "scores" / f"{org}.yaml", "".join(parts))


def round_half_up(value: Fraction, places: int) -> Fraction:
    q = Fraction(1, 10 ** places)
    return Fraction(int(value / q + Fraction(1, 2)), 1) * q


def write_evaluation(org: str, ballots):
    reps, count, form = EVALUATION[org]
    nm = names(org)
    out = [modeline("evaluation", 1),
           f"# {ORG_NAMES[org]} {YEAR}年度民主测评 (党员和群众代表无记名测评)\n",
           item_comment(),
           "kind: evaluation\n",
           f"org: {org}\n",
           f"year: {YEAR}\n",
           f"mass_representatives: {reps}   # 参加测评的群众代表人数\n"]
    if form == "ballots":
        out.append(f"ballots:   # 收回测评票 {count} 张，每张一个映射\n")
        for b, ballot in enumerate(ballots, 1):
            out.append(f"  # 第{b}张\n")
            first = True
            for mid, values in ballot.items():
                lead = "  - " if first else "    "
                out.append(f"{lead}{mid}: {flow(values)}\n")
                first = False
        blanks = [f"{mid} {nm[mid]}" for mid in BLANK if mid in nm]
        if blanks:
            out.append("# 注: 有的测评票未对 " + "、".join(blanks)
                       + " 打分 (群众代表不了解情况)，按实际评价该党员的票数平均\n")
    else:
        out.append(f"participants: {count}   # 参加测评总人数 (只保留汇总表)\n")
        out.append("averages:   # 各项平均分，汇总表照录\n")
        for mid, _name, _s, _p in scored_members(org):
            sums = [sum(b[mid][i] for b in ballots if mid in b) for i in range(len(ITEMS))]
            n = sum(1 for b in ballots if mid in b)
            if org == EDGE_ORG:
                avgs = [Fraction(s, n) for s in sums]          # exact: multiples of 0.025
            else:
                avgs = [round_half_up(Fraction(s, n), 2) for s in sums]
            out.append(f"  {mid}: {flow(avgs):<62}  # {nm[mid]}\n")
    write(ROOT / "evaluation" / f"{org}.yaml", "".join(out))


def main():
    scores = generate_scores()
    write_scores(scores)
    for org in ROSTER:
        write_evaluation(org, generate_ballots(org, scores))
    print(f"wrote scores and evaluations under {ROOT}")


if __name__ == "__main__":
    main()
