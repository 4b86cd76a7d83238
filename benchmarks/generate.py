#!/usr/bin/env python3
"""Generate a county-scale pingyi workspace for benchmarks and position tests.

    python benchmarks/generate.py --scale 1 --out /tmp/county1
    python benchmarks/generate.py --scale 0.1 --out /tmp/county01 --plant-errors 15

Deterministic (a seeded ``random.Random``; the same arguments give the same bytes),
stdlib only, and fast: YAML text is written directly, never through a YAML library.

Scale 1.0 is a county: a county committee (县委) with 县直机关工委 and ~19 townships
(乡镇党委), ~50 branches each, so ~1,000 branches and ~20,000 members; a year of monthly
scores is ~2.4 million numbers. ``--scale 0.1`` is a tenth, ``--scale 10`` ten counties'
worth under one root.

Layout (as users keep files; pingyi never depends on file names)::

    pingyi.yaml
    county/org.yaml                 the root 县委 (its leaders are members of t00b001)
    county/rounds/2024-H1.yaml      county leaders review the township committees + secretaries
    county/rounds/2024-H2.yaml
    county/honours.yaml             年度之星 (computed: a ten-star member)
    t00/ ...                        县直机关工委, laid out like a township
    t03/org.yaml                    the township committee (乡镇党委)
    t03/rounds/2024-H1.yaml         leaders review branches + branch secretaries
    t03/rounds/2024-H2.yaml         … and branch secretaries' talks with every member
    t03/adjustments.yaml            加减分
    t03/ratings.yaml                direct ratings of exempt members
    t03/honours.yaml                季度之星 (computed: the top member of each quarter)
    t03/commitments.yaml            the committee's own commitments
    t03/b017/org.yaml               the branch and its ~20 members
    t03/b017/scores/2024-01.yaml    … one file per month
    t03/b017/evaluation.yaml        every ballot (a quarter of the branches) or the averages
    t03/b017/commitments.yaml       the branch's and every member's commitments
    t03/b017/survey.yaml            满意度测评

``--layout onefolder`` writes the same content (for the same seed and scale) the way many
offices keep it instead: every branch's year in one multi-document file
``branches/<branch>-<year>.yaml`` (its roll, twelve months of scores, the evaluation, the
commitments and the survey, separated by ``---``), scores and ballots in block style (one
number per line, a comment on some numbers), months quoted, an ``x-`` key here and there;
the county's and the townships' own files stay where they are.

``--plant-errors N`` plants N known errors, each in its own file, and writes their
1-based positions to ``OUT/planted.json`` as ``[{file, line, column, code, what}]``: the
place ``pingyi check`` must report. ``OUT/generated.json`` holds the workspace's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

# --------------------------------------------------------------------------- pools

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏海波宇浩俊峰林春梅志永新立东丹斌亮晓雪云"
    "成荣德福宏金婷琳欣怡佳宁凯鑫雨琴燕慧莉龙飞鸿昌学庆祥瑞翠凤红霖卫兵振远喜富贵彬博嘉泽楠"
)
PLACE = "青石河龙凤桃柳金银白马黄松竹梅兰双三永安新太平清水高东西南北长大小红星光明和顺兴隆丰乐福寿泉溪岭山湾坪田塘桥坝沟"
BUREAUS = (
    "县委办公室",
    "县人大常委会机关",
    "县政府办公室",
    "县政协机关",
    "县纪委监委机关",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "县发展和改革局",
    "县教育局",
    "县科技和工业信息化局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县生态环境局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文化广电旅游局",
    "县卫生健康委员会",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县林业局",
    "县乡村振兴局",
    "县信访局",
    "县行政审批服务局",
    "县融媒体中心",
    "县总工会",
    "团县委",
    "县妇联",
    "县人民医院",
    "县中医院",
    "县第一中学",
    "县第二中学",
    "县职业中学",
    "县供电公司",
    "县烟草专卖局",
    "县税务局",
)
TOWNSHIP_UNITS = ("中心小学", "初级中学", "卫生院", "农业服务中心", "派出所", "供销社")
MEMBER_NOTES_EXEMPT = ("年老体弱", "长期生病", "年老体弱，行动不便", "长期病休")
MEMBER_NOTES_FLOWING = ("外出务工", "在外经商", "赴外地务工", "外出就学")
MEMBER_NOTES_PROB = ("2024年接收为预备党员", "2023年接收为预备党员")
GOOD = (
    "组织生活规范，三会一课坚持得好",
    "党员教育管理扎实",
    "服务群众主动，为民办实事成效明显",
    "带领群众发展产业成效明显",
    "基层治理网格化管理落实到位",
    "主题党日活动形式丰富",
    "党建与业务融合较好",
    "村级集体经济有新发展",
    "人居环境整治成效明显",
    "党员先锋岗作用发挥较好",
    "矛盾纠纷排查化解及时",
)
BAD = (
    "三会一课记录不完整",
    "党员发展计划落实不到位",
    "流动党员联系不够经常",
    "主题党日活动以读文件为主",
    "党费收缴台账不规范",
    "支部委员分工不明确",
    "党务公开不及时",
    "组织生活会批评与自我批评辣味不足",
    "软弱涣散问题整改不彻底",
    "党员积分管理台账更新不及时",
    "谈心谈话记录过于简单",
)
MEASURE = (
    "明确专人负责，每月检查一次",
    "建立工作台账，逐项对账销号",
    "支委会专题研究，制定整改方案",
    "每季度通报一次进展",
    "开展专题培训，规范工作流程",
    "建立联系制度，每月至少联系一次",
)
EVIDENCE = ("台账已补齐", "整改方案已落实，见会议记录", "已建立制度并公示", "经镇党委验收合格", "见支部工作记录本")
TALK = (
    "肯定了工作积极主动，要求加强理论学习",
    "肯定了在产业发展中的带头作用",
    "要求进一步发挥党员先锋模范作用",
    "肯定了服务群众的热情，要求提高工作本领",
    "指出参加组织生活不够经常，要求按时参加",
    "肯定了带头遵守村规民约",
    "要求在人居环境整治中走在前列",
    "肯定了在防汛救灾中的表现",
)
ORG_PROMISES = (
    "全年开展主题党日活动不少于12次",
    "为群众办实事不少于10件",
    "村集体经济收入增长10%以上",
    "党员联系户走访全覆盖",
    "矛盾纠纷调处率达到98%以上",
    "完成软弱涣散党组织整顿提升",
    "建成党群服务阵地",
)
MEMBER_PROMISES = (
    "联系帮扶困难群众2户",
    "参加志愿服务不少于6次",
    "带头参与人居环境整治",
    "带动3户群众发展特色产业",
    "按时参加组织生活",
    "全年学习时长不少于50学时",
    "参与矛盾纠纷调解",
    "带头移风易俗",
)
AWARD_NOTES = {
    "national": "全国优秀共产党员",
    "provincial": "省级优秀共产党员",
    "city": "市级优秀共产党员",
    "county": "县级优秀共产党员",
    "unit": "镇级优秀党员",
}
MONTHS_ZH = "一二三四五六七八九十"
ITEM_NAMES = "学习提高 争创佳绩 服务群众 遵纪守法 弘扬正气 履行职责 工作态度 业务能力 绩效廉洁 承诺践诺"

S = [str(v) for v in range(101)]  # small-int strings

# Monthly score distributions by a member's quality level: cumulative weights over 0..10.
_QUALITY_MEANS = (6.8, 7.4, 7.9, 8.3, 8.7, 9.0, 9.3, 9.5, 9.7, 9.85)


def _cum_weights(mean: float) -> list[float]:
    # weights ~ exp(-(v-mean)^2 / 2s^2) over 0..10, s narrowing at the top
    import math

    s = 1.1 if mean < 9.5 else 0.7
    w = [math.exp(-((v - mean) ** 2) / (2 * s * s)) for v in range(11)]
    out, acc = [], 0.0
    for x in w:
        acc += x
        out.append(acc)
    return out


CUM = [_cum_weights(m) for m in _QUALITY_MEANS]
QUALITY_WEIGHTS = (2, 4, 8, 12, 16, 18, 16, 12, 8, 4)
VALUES = list(range(11))


# --------------------------------------------------------------------------- skeleton


@dataclass(slots=True)
class Member:
    id: str
    name: str
    status: str = "active"
    note: str | None = None
    quality: int = 5
    item_sums: list[int] = field(default_factory=lambda: [0] * 10)
    quarter: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    dem: Fraction = Fraction(0)  # Σ_i D_i
    adj: int = 0

    @property
    def scored(self) -> bool:
        return self.status != "exempt"


@dataclass(slots=True)
class Branch:
    id: str
    name: str
    unit: Unit
    folder: str
    members: list[Member]
    secretary: str
    committee: list[str]
    ballots: bool


@dataclass(slots=True)
class Unit:
    id: str
    name: str
    folder: str
    organs: bool  # 县直机关工委 rather than a township
    branches: list[Branch] = field(default_factory=list)
    secretary: str = ""
    deputies: list[str] = field(default_factory=list)
    committee: list[str] = field(default_factory=list)


@dataclass(slots=True)
class County:
    id: str
    name: str
    units: list[Unit]
    secretary: str = ""
    deputies: list[str] = field(default_factory=list)
    committee: list[str] = field(default_factory=list)


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


def _place(rng: random.Random, used: set[str]) -> str:
    for _ in range(1000):
        p = rng.choice(PLACE) + rng.choice(PLACE)
        if p[0] != p[1] and p not in used:
            used.add(p)
            return p
    p = rng.choice(PLACE) + rng.choice(PLACE) + rng.choice(PLACE)
    used.add(p)
    return p


def build_skeleton(rng: random.Random, scale: float, ballot_share: float = 0.25) -> County:
    n_units = max(2, round(20 * scale))
    per_unit = (40, 60) if scale >= 0.1 else (max(3, round(400 * scale)), max(4, round(600 * scale)))
    uw = max(2, len(str(n_units - 1)))
    county_place = _place(rng, set())
    county = County("xw", f"中共{county_place}县委", [])
    used_places: set[str] = {county_place}
    for u in range(n_units):
        uid = f"t{u:0{uw}d}"
        organs = u == 0
        if organs:
            unit = Unit(uid, f"中共{county_place}县直属机关工作委员会", uid, True)
        else:
            place = _place(rng, used_places)
            kind = "镇" if rng.random() < 0.75 else "乡"
            unit = Unit(uid, f"中共{place}{kind}委员会", uid, False)
            unit_place = place + kind
        n_branches = rng.randint(*per_unit)
        villages: set[str] = set()
        bureau_seen: dict[str, int] = {}
        for b in range(1, n_branches + 1):
            bid = f"{uid}b{b:03d}"
            if organs:
                if b == 1:
                    bname = "县委办公室机关党支部"
                elif b == 2:
                    bname = "县直机关工委机关党支部"
                else:
                    bureau = BUREAUS[(b - 3) % len(BUREAUS)]
                    n = bureau_seen.get(bureau, 0) + 1
                    bureau_seen[bureau] = n
                    bname = f"{bureau}机关党支部" if n == 1 else f"{bureau}第{MONTHS_ZH[n - 1]}党支部"
            elif b == 1:
                bname = f"{unit_place}机关党支部"
            else:
                r = rng.random()
                if r < 0.72:
                    bname = f"{unit_place}{_place(rng, villages)}村党支部"
                elif r < 0.84:
                    bname = f"{unit_place}{_place(rng, villages)}社区党支部"
                else:
                    bname = f"{unit_place}{rng.choice(TOWNSHIP_UNITS)}第{b}党支部"
            n_members = rng.randint(16, 24)
            members = [Member(f"{bid}m{j:02d}", _name(rng)) for j in range(1, n_members + 1)]
            # leaders of the unit (and of the county) are members of the unit's first branches
            if organs and b == 1:
                n_lead, sec_index = 9, 10
            elif (organs and b == 2) or (not organs and b == 1):
                n_lead, sec_index = (5, 6) if organs else (7, 8)
            else:
                n_lead, sec_index = 0, 1
            protected = sec_index + 2  # leaders, the secretary and two committee members stay active
            for j, m in enumerate(members, start=1):
                m.quality = rng.choices(range(10), weights=QUALITY_WEIGHTS)[0]
                if j <= protected:
                    continue
                r = rng.random()
                if r < 0.045:
                    m.status, m.note = "exempt", rng.choice(MEMBER_NOTES_EXEMPT)
                elif r < 0.09:
                    m.status, m.note = "flowing", rng.choice(MEMBER_NOTES_FLOWING)
                elif r < 0.13:
                    m.status, m.note = "probationary", rng.choice(MEMBER_NOTES_PROB)
            secretary = members[sec_index - 1].id
            committee = [members[sec_index].id, members[sec_index + 1].id]
            ballots = rng.random() < ballot_share
            branch = Branch(bid, bname, unit, f"{unit.folder}/b{b:03d}", members, secretary, committee, ballots)
            unit.branches.append(branch)
            if n_lead:
                ids = [m.id for m in members[:n_lead]]
                if organs and b == 1:
                    county.secretary, county.deputies, county.committee = ids[0], ids[1:3], ids[3:]
                elif organs:
                    unit.secretary, unit.deputies, unit.committee = ids[0], ids[1:2], ids[2:]
                else:
                    unit.secretary, unit.deputies, unit.committee = ids[0], ids[1:3], ids[3:]
        county.units.append(unit)
    return county


# --------------------------------------------------------------------------- plants


@dataclass
class Plant:
    code: str
    what: str
    apply: object  # (lines) -> list of (line index 0-based, column 1-based)


class Planter:
    """Chooses N plants up front (with its own RNG, so the clean data is unchanged) and
    applies each to its file's text when that file is written."""

    KINDS = (
        "duplicate-id",
        "unknown-subject",
        "item-range",
        "month-scored-twice",
        "bad-date",
        "duplicate-key",
        "unknown-key",
        "unknown-parent",
        "item-count",
        "date-outside-round",
        "too-few-mass-representatives",
        "unknown-owner",
        "unknown-member",
        "bad-enum",
        "closed-before-review",
    )

    def __init__(self, county: County, n: int, seed: int, year: int):
        self.rng = random.Random(seed * 7919 + 17)
        self.year = year
        self.by_file: dict[str, Plant] = {}
        self.records: list[dict[str, object]] = []
        self.county = county
        branches = [b for u in county.units for b in u.branches]
        self.round_folders = [u.folder for u in county.units] + ["county"]
        for i in range(n):
            # the i-th kind in turn; when its files are all taken (small scales), the next one
            for kind in self.KINDS[i % len(self.KINDS) :] + self.KINDS[: i % len(self.KINDS)]:
                made = self._place(kind, branches)
                if made is not None:
                    self.by_file[made[0]] = made[1]
                    break
            else:
                print(f"warning: no file left for plant {i + 1}", file=sys.stderr)

    def _place(self, kind, branches):
        for _ in range(50):
            made = getattr(self, "_" + kind.replace("-", "_"))(branches)
            if made is not None and made[0] not in self.by_file:
                return made
        return None

    # Each returns (file, Plant); the Plant's apply edits the file's lines in place and
    # returns the (line index, column) of each diagnostic it causes.

    def _duplicate_id(self, branches):
        unit = self.rng.choice(self.county.units)
        if len(unit.branches) < 3:
            return None
        k = self.rng.randrange(2, len(unit.branches))
        target, source = unit.branches[k], unit.branches[self.rng.randrange(0, k)]
        dup = self.rng.choice(source.members)

        def apply(lines):
            end = len(lines) - 1 if lines[-1] == "" else len(lines)
            prefix = "      - {id: "
            lines.insert(end, f"{prefix}{dup.id}, name: {dup.name}}}")
            return [(end, len(prefix) + 1)]

        return f"{target.folder}/org.yaml", Plant(
            "duplicate-id", f"member id {dup.id} of {source.id} listed again in {target.id}", apply
        )

    def _unknown_parent(self, branches):
        b = self.rng.choice(branches)

        def apply(lines):
            i = _find(lines, "    parent: ")
            lines[i] += "x"
            return [(i, len("    parent: ") + 1)]

        return f"{b.folder}/org.yaml", Plant("unknown-parent", f"parent of {b.id} misspelt", apply)

    def _unknown_subject(self, branches):
        unit = self.rng.choice(self.county.units)

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith("    subject: ") and not l.startswith("    subject: [")]
            i = self.rng.choice(cands)
            lines[i] += "x"
            return [(i, len("    subject: ") + 1)]

        return f"{unit.folder}/rounds/{self.year}-H2.yaml", Plant("unknown-subject", "a talk's subject misspelt", apply)

    def _scores_file(self, branches):
        b = self.rng.choice(branches)
        month = self.rng.randint(1, 12)
        return b, month, f"{b.folder}/scores/{self.year}-{month:02d}.yaml"

    def _item_range(self, branches):
        b, month, file = self._scores_file(branches)
        k = self.rng.randrange(10)
        bad = str(self.rng.randint(11, 15))

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith(f"  {b.id}m")]
            i = self.rng.choice(cands)
            head, rest = lines[i].split("[", 1)
            values, tail = rest.split("]", 1)
            vals = values.split(", ")
            col = len(head) + 1 + sum(len(v) + 2 for v in vals[:k]) + 1
            vals[k] = bad
            lines[i] = f"{head}[{', '.join(vals)}]{tail}"
            return [(i, col)]

        return file, Plant("item-range", f"item {k + 1} scored {bad}", apply)

    def _item_count(self, branches):
        b, month, file = self._scores_file(branches)

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith(f"  {b.id}m")]
            i = self.rng.choice(cands)
            head, rest = lines[i].split("[", 1)
            values, tail = rest.split("]", 1)
            lines[i] = f"{head}[{', '.join(values.split(', ')[:-1])}]{tail}"
            return [(i, len(head) + 1)]

        return file, Plant("item-count", "a score row with nine items", apply)

    def _month_scored_twice(self, branches):
        b, month, file = self._scores_file(branches)
        m = self.rng.choice([m for m in b.members if m.scored])
        row = ", ".join(S[self.rng.randint(7, 10)] for _ in range(10))

        def apply(lines):
            end = len(lines) - 1 if lines[-1] == "" else len(lines)
            extra = [
                "---",
                "# 补报",
                "kind: scores",
                f"org: {b.id}",
                f"month: {self.year}-{month:02d}",
                "scores:",
                f"  {m.id}: [{row}]",
            ]
            lines[end:end] = extra
            return [(end + len(extra) - 1, 3)]

        return file, Plant("month-scored-twice", f"{m.id} scored again for {self.year}-{month:02d} in a second document", apply)

    def _bad_date(self, branches):
        b = self.rng.choice(branches)

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith("    made: ")]
            i = self.rng.choice(cands)
            lines[i] = f"    made: {self.year}-02-30"
            return [(i, len("    made: ") + 1)]

        return f"{b.folder}/commitments.yaml", Plant("bad-value", "made: YYYY-02-30, not a real date", apply)

    def _unknown_owner(self, branches):
        b = self.rng.choice(branches)

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith("    owner: ")]
            i = self.rng.choice(cands)
            lines[i] += "x"
            return [(i, len("    owner: ") + 1)]

        return f"{b.folder}/commitments.yaml", Plant("unknown-owner", "a commitment's owner misspelt", apply)

    def _duplicate_key(self, branches):
        b = self.rng.choice(branches)

        def apply(lines):
            i = _find(lines, "date: ")
            lines.insert(i + 1, f"date: {self.year}-12-28")
            return [(i + 1, 1)]

        return f"{b.folder}/survey.yaml", Plant("duplicate-key", "`date:` given twice", apply)

    def _unknown_key(self, branches):
        folder = self.rng.choice(self.round_folders)

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith("    mode: ")]
            i = self.rng.choice(cands)
            lines[i] = lines[i].replace("    mode: ", "    mod: ", 1)
            return [(i, 5)]

        return f"{folder}/rounds/{self.year}-H1.yaml", Plant("unknown-key", "`mode:` misspelt `mod:`", apply)

    def _bad_enum(self, branches):
        folder = self.rng.choice(self.round_folders)
        half = self.rng.choice(("H1", "H2"))

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith("    mode: ")]
            i = self.rng.choice(cands)
            lines[i] = lines[i] + "s"
            return [(i, len("    mode: ") + 1)]

        return f"{folder}/rounds/{self.year}-{half}.yaml", Plant("bad-value", "a review mode misspelt", apply)

    def _date_outside_round(self, branches):
        folder = self.rng.choice(self.round_folders)
        half = self.rng.choice(("H1", "H2"))
        bad = f"{self.year}-05-20" if half == "H1" else f"{self.year}-11-20"  # before the round starts

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith("    date: ")]
            i = self.rng.choice(cands)
            lines[i] = f"    date: {bad}"
            return [(i, len("    date: ") + 1)]

        return f"{folder}/rounds/{self.year}-{half}.yaml", Plant("date-outside-round", f"a review dated {bad}", apply)

    def _closed_before_review(self, branches):
        folder = self.rng.choice(self.round_folders)

        def apply(lines):
            cands = [i for i, l in enumerate(lines) if l.startswith("        closed: ")]
            if not cands:
                raise LookupError
            i = self.rng.choice(cands)
            lines[i] = f"        closed: {self.year}-05-01"
            return [(i, len("        closed: ") + 1)]

        return f"{folder}/rounds/{self.year}-H1.yaml", Plant("closed-before-review", "closed before the review date", apply)

    def _too_few_mass_representatives(self, branches):
        b = self.rng.choice(branches)

        def apply(lines):
            i = _find(lines, "mass_representatives: ")
            lines[i] = "mass_representatives: 8"
            return [(i, len("mass_representatives: ") + 1)]

        return f"{b.folder}/evaluation.yaml", Plant("too-few-mass-representatives", "8 mass representatives", apply)

    def _unknown_member(self, branches):
        b = self.rng.choice(branches)

        def apply(lines):
            if b.ballots:  # a key that is not the first of its ballot
                cands = [i for i, l in enumerate(lines) if l.startswith(f"    {b.id}m")]
                i = self.rng.choice(cands)
                lines[i] = lines[i].replace(":", "x:", 1)
                return [(i, 5)]
            cands = [i for i, l in enumerate(lines) if l.startswith(f"  {b.id}m")]
            i = self.rng.choice(cands)
            lines[i] = lines[i].replace(":", "x:", 1)
            return [(i, 3)]

        return f"{b.folder}/evaluation.yaml", Plant("unknown-member", "a member id misspelt in the evaluation", apply)

    def apply(self, file: str, text: str) -> str:
        plant = self.by_file.get(file)
        if plant is None:
            return text
        lines = text.split("\n")
        try:
            spots = plant.apply(lines)
        except (LookupError, IndexError):
            print(f"warning: plant {plant.code} found no place in {file}", file=sys.stderr)
            return text
        for index, column in spots:
            self.records.append({"file": file, "line": index + 1, "column": column, "code": plant.code, "what": plant.what})
        return "\n".join(lines)


def _find(lines: list[str], prefix: str) -> int:
    for i, line in enumerate(lines):
        if line.startswith(prefix):
            return i
    raise LookupError(prefix)


# --------------------------------------------------------------------------- writer


#: A row of numbers in flow style: indentation, a dash, the key, the numbers, the rest.
_FLOW_ROW = re.compile(r"^( *)(- )?([^\s:]+): \[([^\]]*)\](.*)$")
LAYOUTS = ("project", "onefolder")


class Writer:
    def __init__(self, out: Path, year: int, rng: random.Random, planter: Planter | None, layout: str = "project"):
        self.out = out
        self.year = year
        self.rng = rng
        self.planter = planter
        self.layout = layout
        #: onefolder: the file a branch's documents go to, and the documents so far
        self._group: tuple[str, list[str]] | None = None
        self._numbers = 0  # numbers written in block style (every 23rd carries a comment)
        self._documents = 0  # documents restyled (every 5th scores document has an x- key)
        self.files = 0
        self.bytes = 0
        self.stats = {
            "orgs": 0,
            "members": 0,
            "scored_members": 0,
            "score_numbers": 0,
            "evaluation_numbers": 0,
            "ballots": 0,
            "reviews": 0,
            "problems": 0,
            "commitments": 0,
            "surveys": 0,
            "adjustments": 0,
            "ratings": 0,
            "honours": 0,
        }
        self._dirs: set[str] = set()

    def emit(self, rel: str, text: str) -> None:
        if self.planter is not None:
            text = self.planter.apply(rel, text)
        if self._group is not None:
            self._group[1].append(self.block_style(text))
            return
        self.write(rel, text)

    def write(self, rel: str, text: str) -> None:
        folder = rel.rpartition("/")[0]
        if folder and folder not in self._dirs:
            os.makedirs(self.out / folder, exist_ok=True)
            self._dirs.add(folder)
        data = text.encode("utf-8")
        with open(self.out / rel, "wb") as f:
            f.write(data)
        self.files += 1
        self.bytes += len(data)

    def block_style(self, text: str) -> str:
        """A scores or evaluation document in block style (one number per line, a
        comment on some numbers, the month quoted, now and then an ``x-`` key); any other
        document as it is. Uses no random numbers: both layouts hold the same content."""
        if "\nkind: scores\n" not in text and "\nkind: evaluation\n" not in text:
            return text
        self._documents += 1
        out: list[str] = []
        for line in text.split("\n"):
            if line.startswith("month: "):
                out.append(f"month: '{line[7:]}'")
                if self._documents % 5 == 0:
                    out.append("x-录入: 支部组织委员   # 录入人")
                continue
            m = _FLOW_ROW.match(line)
            if m is None:
                out.append(line)
                continue
            pad, dash, key, values, rest = m.groups()
            out.append(f"{pad}{dash or ''}{key}:{rest}")
            items = " " * (len(pad) + (2 if dash else 0) + 2) + "- "
            for k, v in enumerate(values.split(", "), start=1):
                self._numbers += 1
                out.append(f"{items}{v}   # 第{k}项" if self._numbers % 23 == 0 else items + v)
        return "\n".join(out)

    def flush_group(self) -> None:
        if self._group is None:
            return
        rel, parts = self._group
        self._group = None
        self.write(rel, parts[0] + "".join("---\n" + p for p in parts[1:]))

    # -- dates
    def date(self, m1: int, d1: int, m2: int, d2: int) -> str:
        """A random date between (m1, d1) and (m2, d2) of the year; days kept ≤ 28."""
        a, b = m1 * 32 + d1, m2 * 32 + d2
        while True:
            v = self.rng.randint(a, b)
            m, d = divmod(v, 32)
            if 1 <= d <= 28 and 1 <= m <= 12:
                return f"{self.year}-{m:02d}-{d:02d}"

    # -- branch files
    def branch(self, b: Branch) -> None:
        rng, y = self.rng, self.year
        unit = b.unit
        st = self.stats
        if self.layout == "onefolder":
            self._group = (f"branches/{b.id}-{y}.yaml", [])
        st["orgs"] += 1
        st["members"] += len(b.members)
        scored = [m for m in b.members if m.scored]
        st["scored_members"] += len(scored)
        # org.yaml
        out = [
            f"# {b.name} 党员名册",
            f"# 党员 {len(b.members)} 名，组织关系在本支部",
            "kind: org",
            "orgs:",
            f"  - id: {b.id}",
            f"    name: {b.name}",
            "    type: branch",
            f"    parent: {unit.id}",
            f"    secretary: {b.secretary}",
            f"    committee: [{', '.join(b.committee)}]",
            "    members:",
        ]
        for m in b.members:
            if m.status == "active":
                out.append(f"      - {{id: {m.id}, name: {m.name}}}")
            else:
                out.append(f"      - {{id: {m.id}, name: {m.name}, status: {m.status}, note: {m.note}}}")
        self.emit(f"{b.folder}/org.yaml", "\n".join(out) + "\n")

        # scores, one file per month
        choices = rng.choices
        header_items = f"# 十项依次为: {ITEM_NAMES}"
        exempt = [m for m in b.members if not m.scored]
        exempt_line = ("# 免于积分: " + "、".join(f"{m.id} {m.name}" for m in exempt)) if exempt else None
        for month in range(1, 13):
            q = (month - 1) // 3
            out = [f"# {b.name} {y}年{month}月党员积分 (一月一评分)", header_items]
            if exempt_line:
                out.append(exempt_line)
            out += ["kind: scores", f"org: {b.id}", f"month: {y}-{month:02d}", "scores:"]
            for m in scored:
                row = choices(VALUES, cum_weights=CUM[m.quality], k=10)
                sums = m.item_sums
                for i, v in enumerate(row):
                    sums[i] += v
                m.quarter[q] += sum(row)
                out.append(f"  {m.id}: [{', '.join([S[v] for v in row])}]   # {m.name}")
            st["score_numbers"] += 10 * len(scored)
            self.emit(f"{b.folder}/scores/{y}-{month:02d}.yaml", "\n".join(out) + "\n")

        # evaluation
        reps = rng.randint(10, 18)
        out = [
            f"# {b.name} {y}年度民主测评 (党员和群众代表无记名测评)",
            header_items,
            "kind: evaluation",
            f"org: {b.id}",
            f"year: {y}",
            f"mass_representatives: {reps}   # 参加测评的群众代表人数",
        ]
        if b.ballots:
            n_ballots = rng.randint(12, 18)
            st["ballots"] += n_ballots
            out.append(f"ballots:   # 收回测评票 {n_ballots} 张，每张一个映射")
            dem_sums = [0] * len(scored)
            for k in range(n_ballots):
                out.append(f"  # 第{k + 1}张")
                for j, m in enumerate(scored):
                    row = choices(VALUES, cum_weights=CUM[min(9, m.quality + 1)], k=10)
                    dem_sums[j] += sum(row)
                    out.append(f"{'  - ' if j == 0 else '    '}{m.id}: [{', '.join([S[v] for v in row])}]")
            for j, m in enumerate(scored):
                m.dem = Fraction(dem_sums[j], n_ballots)
            st["evaluation_numbers"] += 10 * n_ballots * len(scored)
        else:
            out.append(f"participants: {len(scored) + reps}")
            out.append("averages:   # 测评汇总表，各项平均分")
            for m in scored:
                base = int(_QUALITY_MEANS[min(9, m.quality + 1)] * 100)
                vals = [min(1000, max(0, base + rng.randint(-60, 40))) for _ in range(10)]
                m.dem = Fraction(sum(vals), 100)
                out.append(f"  {m.id}: [{', '.join(f'{v // 100}.{v % 100:02d}' for v in vals)}]")
            st["evaluation_numbers"] += 10 * len(scored)
        self.emit(f"{b.folder}/evaluation.yaml", "\n".join(out) + "\n")

        # commitments: the branch's own and one per scored member
        out = [f"# {b.name} {y}年公开承诺 (承诺→践诺)", "kind: commitments", f"year: {y}", "items:"]
        promises = rng.sample(ORG_PROMISES, rng.randint(3, 4))
        for k, text in enumerate(promises, start=1):
            self._commitment(out, f"c-{b.id}-{k:02d}", b.id, "basic" if k < 3 else "creative", text)
        for m in scored:
            self._commitment(out, f"c-{m.id}", m.id, "basic", rng.choice(MEMBER_PROMISES))
        self.emit(f"{b.folder}/commitments.yaml", "\n".join(out) + "\n")

        # survey
        total = rng.randint(60, 300)
        bad = rng.randint(0, 4)
        fair = rng.randint(0, total // 8)
        self.stats["surveys"] += 1
        out = [
            f"# {b.name} {y}年度群众满意度测评",
            "kind: survey",
            f"id: {b.id}-{y}",
            f"name: {y}年{b.name}群众满意度测评",
            f"subject: {b.id}",
            f"date: {self.date(12, 1, 12, 28)}",
            f"counts: {{满意: {total - fair - bad}, 基本满意: {fair}, 不满意: {bad}}}",
            f"suggestions: {rng.randint(0, 20)}",
        ]
        self.emit(f"{b.folder}/survey.yaml", "\n".join(out) + "\n")
        self.flush_group()

    def _commitment(self, out: list[str], cid: str, owner: str, type_: str, text: str) -> None:
        rng = self.rng
        made = self.date(2, 1, 3, 28)
        r = rng.random()
        status = "done" if r < 0.86 else "partial" if r < 0.91 else "open" if r < 0.95 else "failed" if r < 0.98 else "withdrawn"
        due = f"{self.year}-12-31" if status != "open" or rng.random() < 0.5 else f"{self.year + 1}-06-30"
        out += [
            f"  - id: {cid}",
            f"    owner: {owner}",
            f"    type: {type_}",
            f"    text: {text}",
            f"    made: {made}",
            f"    due: {due}",
            f"    status: {status}",
        ]
        if status == "done":
            out.append(f"    done: {self.date(6, 1, 12, 28)}")
            if rng.random() < 0.5:
                out.append(f"    evidence: {rng.choice(EVIDENCE)}")
        self.stats["commitments"] += 1

    # -- review rounds
    def _review(
        self,
        out: list[str],
        reviewer: str,
        subject: str,
        date: str,
        mode: str,
        content: str,
        owner: str | None,
        m_start: int,
        m_end: int,
    ) -> None:
        rng = self.rng
        out += [
            f"  - reviewer: {reviewer}",
            f"    subject: {subject}",
            f"    date: {date}",
            f"    mode: {mode}",
            f"    content: {content}",
        ]
        self.stats["reviews"] += 1
        if owner is None:
            return
        n = rng.choices((0, 1, 2), weights=(4, 4, 2))[0]
        if not n:
            return
        out.append("    problems:")
        for _ in range(n):
            due = self.date(m_start, 1, m_end, 28)
            if due <= date:
                due = f"{self.year}-12-31" if m_end < 12 else f"{self.year + 1}-03-31"
            out += [
                f"      - problem: {rng.choice(BAD)}",
                f"        measure: {rng.choice(MEASURE)}",
                f"        owner: {owner}",
                f"        due: {due}",
            ]
            if rng.random() < 0.75 and due[:4] == str(self.year):
                closed = due
                out += [f"        closed: {closed}", f"        evidence: {rng.choice(EVIDENCE)}"]
            self.stats["problems"] += 1

    def unit_rounds(self, unit: Unit) -> None:
        rng, y = self.rng, self.year
        leaders = [unit.secretary, *unit.deputies, *unit.committee]
        for half in ("H1", "H2"):
            if half == "H1":
                name, method, start, end = f"{y}年上半年党组织书记点评", "leader", f"{y}-06-01", f"{y}-07-15"
                span = (6, 1, 7, 15)
            else:
                name, method, start, end = f"{y}年下半年点评暨谈心谈话", "org", f"{y}-12-01", f"{y}-12-31"
                span = (12, 1, 12, 28)
            out = [
                f"# {unit.name} {name}",
                "kind: round",
                f"id: {unit.id}-{y}-{half}",
                f"name: {name}",
                f"method: {method}",
                f"start: {start}",
                f"end: {end}",
                f"scope: {unit.id}",
                "reviews:",
            ]
            for k, b in enumerate(unit.branches):
                reviewer = leaders[k % len(leaders)]
                out.append(f"  # ---------- {b.name} ----------")
                content = f"点评{b.name}。肯定了{rng.choice(GOOD)}；指出{rng.choice(BAD)}。"
                self._review(
                    out,
                    reviewer,
                    f"[{b.id}, {b.secretary}]",
                    self.date(*span),
                    rng.choice(("meeting", "onsite")),
                    content,
                    b.secretary,
                    8 if half == "H1" else 12,
                    11 if half == "H1" else 12,
                )
                if half == "H2":
                    for m in b.members:
                        if m.id == b.secretary or rng.random() < 0.01:
                            continue
                        self._review(
                            out,
                            b.secretary,
                            m.id,
                            self.date(*span),
                            "talk",
                            f"与{m.name}同志谈心谈话，{rng.choice(TALK)}。",
                            None,
                            12,
                            12,
                        )
            self.emit(f"{unit.folder}/rounds/{y}-{half}.yaml", "\n".join(out) + "\n")

    def county_rounds(self, county: County) -> None:
        rng, y = self.rng, self.year
        leaders = [county.secretary, *county.deputies, *county.committee]
        for half, name, start, end, span in (
            ("H1", f"{y}年上半年县委领导点评", f"{y}-06-01", f"{y}-07-15", (6, 1, 7, 15)),
            ("H2", f"{y}年基层党组织书记抓党建述职评议", f"{y}-12-01", f"{y}-12-31", (12, 1, 12, 28)),
        ):
            out = [
                f"# {county.name} {name}",
                "kind: round",
                f"id: {county.id}-{y}-{half}",
                f"name: {name}",
                "method: leader",
                f"start: {start}",
                f"end: {end}",
                f"scope: {county.id}",
                "reviews:",
            ]
            for k, unit in enumerate(county.units):
                content = f"点评{unit.name}。肯定了{rng.choice(GOOD)}；指出{rng.choice(BAD)}，要求限期整改。"
                self._review(
                    out,
                    leaders[k % len(leaders)],
                    f"[{unit.id}, {unit.secretary}]",
                    self.date(*span),
                    "meeting",
                    content,
                    unit.secretary,
                    8 if half == "H1" else 12,
                    11 if half == "H1" else 12,
                )
            self.emit(f"county/rounds/{y}-{half}.yaml", "\n".join(out) + "\n")

    # -- unit files
    def unit(self, unit: Unit, county: County) -> None:
        rng, y = self.rng, self.year
        self.stats["orgs"] += 1
        out = [
            f"# {unit.name}",
            "kind: org",
            "orgs:",
            f"  - id: {unit.id}",
            f"    name: {unit.name}",
            "    type: committee",
            f"    parent: {county.id}",
            f"    secretary: {unit.secretary}",
            f"    deputies: [{', '.join(unit.deputies)}]",
            f"    committee: [{', '.join(unit.committee)}]",
        ]
        self.emit(f"{unit.folder}/org.yaml", "\n".join(out) + "\n")
        self.unit_rounds(unit)

        members = [m for b in unit.branches for m in b.members]
        # adjustments
        out = [f"# {unit.name} {y}年度加减分 (表彰奖励加分，处分、通报批评减分)", "kind: adjustments", f"year: {y}", "items:"]
        award_pts = {"national": 5, "provincial": 4, "city": 3, "county": 2, "unit": 1}
        pen_pts = {
            "discipline": {"provincial": 5, "city": 4, "county": 3, "unit": 2},
            "criticism": {"provincial": 4, "city": 3, "county": 2, "unit": 1},
        }
        for m in members:
            if not m.scored:
                continue
            r = rng.random()
            if r < 0.05:
                level = rng.choices(("national", "provincial", "city", "county", "unit"), weights=(1, 3, 10, 30, 56))[0]
                out.append(
                    f"  - {{member: {m.id}, type: award, level: {level}, date: {self.date(1, 1, 12, 28)}, note: {AWARD_NOTES[level]}}}"
                )
                m.adj = award_pts[level]  # at most one item per member, so highest = this one
            elif r < 0.056:
                type_ = rng.choice(("discipline", "criticism"))
                level = rng.choice(("county", "unit"))
                note = "受到党内警告处分" if type_ == "discipline" else "通报批评"
                out.append(
                    f"  - {{member: {m.id}, type: {type_}, level: {level}, date: {self.date(1, 1, 12, 28)}, note: {note}}}"
                )
                m.adj = -pen_pts[type_][level]
            else:
                continue
            self.stats["adjustments"] += 1
        self.emit(f"{unit.folder}/adjustments.yaml", "\n".join(out) + "\n")

        # ratings of exempt members
        out = [f"# {unit.name} {y}年度党支部直接评定 (免于积分的党员)", "kind: ratings", f"year: {y}", "items:"]
        for m in members:
            if not m.scored:
                out.append(f"  - {{member: {m.id}, stars: {rng.randint(6, 9)}, reason: {m.note}，按日常表现由支部大会直接评定}}")
                self.stats["ratings"] += 1
        if out[-1] == "items:":
            out[-1] = "items: []"
        self.emit(f"{unit.folder}/ratings.yaml", "\n".join(out) + "\n")

        # quarter stars: the top member of each branch with at least 10 scored members
        out = [f"# {unit.name} {y}年季度之星", "kind: honours", f"year: {y}", "items:"]
        for b in unit.branches:
            scored = [m for m in b.members if m.scored]
            if len(scored) < 10:
                continue
            for q in range(4):
                best = max(scored, key=lambda m: m.quarter[q])
                out.append(f"  - {{award: quarter, quarter: {q + 1}, org: {b.id}, members: [{best.id}]}}")
                self.stats["honours"] += 1
        if out[-1] == "items:":
            out[-1] = "items: []"
        self.emit(f"{unit.folder}/honours.yaml", "\n".join(out) + "\n")

        # the committee's own commitments
        out = [f"# {unit.name} {y}年公开承诺", "kind: commitments", f"year: {y}", "items:"]
        for k, text in enumerate(rng.sample(ORG_PROMISES, 3), start=1):
            self._commitment(out, f"c-{unit.id}-{k:02d}", unit.id, "basic", text)
        self.emit(f"{unit.folder}/commitments.yaml", "\n".join(out) + "\n")

    def county(self, county: County, name: str) -> None:
        y = self.year
        self.stats["orgs"] += 1
        self.emit(
            "pingyi.yaml",
            "\n".join(
                [
                    "# 县级党员积分、点评工作区 (benchmarks/generate.py 生成)",
                    "pingyi: 1",
                    f"name: {name}",
                    f"year: {y}",
                    "lang: zh",
                    "exclude: [out, drafts]",
                    "",
                ]
            ),
        )
        out = [
            f"# {county.name} (根组织)。县委班子成员的组织关系在 t00b001 (县委办公室机关党支部)。",
            "kind: org",
            "orgs:",
            f"  - id: {county.id}",
            f"    name: {county.name}",
            "    type: committee",
            f"    secretary: {county.secretary}",
            f"    deputies: [{', '.join(county.deputies)}]",
            f"    committee: [{', '.join(county.committee)}]",
        ]
        self.emit("county/org.yaml", "\n".join(out) + "\n")
        self.county_rounds(county)

    def annual_star(self, county: County) -> None:
        y = self.year
        best, best_total = None, Fraction(-1)
        for unit in county.units:
            for b in unit.branches:
                for m in b.members:
                    if not m.scored:
                        continue
                    total = Fraction(sum(m.item_sums) * 4, 60) + m.dem / 5 + m.adj
                    if total > best_total:
                        best, best_total = m, total
        out = [f"# {county.name} {y}年度之星 (从全县十星党员中产生)", "kind: honours", f"year: {y}", "items:"]
        if best is not None and best_total >= 95:
            out.append(f"  - {{award: annual, members: [{best.id}]}}   # {best.name} 年度总积分 {float(best_total):.2f}")
            self.stats["honours"] += 1
        else:
            out[-1] = "items: []"
        self.emit("county/honours.yaml", "\n".join(out) + "\n")


def generate(
    out: Path,
    scale: float = 1.0,
    year: int = 2024,
    seed: int = 1,
    plant_errors: int = 0,
    ballot_share: float = 0.25,
    layout: str = "project",
) -> dict[str, object]:
    if layout not in LAYOUTS:
        raise SystemExit(f"unknown layout {layout!r}: one of {', '.join(LAYOUTS)}")
    if plant_errors and layout != "project":
        raise SystemExit("planted errors are placed in the project layout only")
    started = time.perf_counter()
    rng = random.Random(seed)
    county = build_skeleton(rng, scale, ballot_share)
    planter = Planter(county, plant_errors, seed, year) if plant_errors else None
    if out.exists():
        if not (out / "pingyi.yaml").exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists, is not empty and holds no pingyi.yaml; refusing to overwrite it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    w = Writer(out, year, rng, planter, layout)
    w.county(county, county.name.removeprefix("中共") + "组织部")
    for unit in county.units:
        for b in unit.branches:
            w.branch(b)
        w.unit(unit, county)
    w.annual_star(county)
    planted = planter.records if planter else []
    planted.sort(key=lambda r: (r["file"], r["line"], r["column"]))
    if planter:
        (out / "planted.json").write_text(json.dumps(planted, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary = {
        "scale": scale,
        "layout": layout,
        "year": year,
        "seed": seed,
        "ballot_share": ballot_share,
        "units": len(county.units),
        "branches": sum(len(u.branches) for u in county.units),
        "files": w.files,
        "bytes": w.bytes,
        "megabytes": round(w.bytes / 1e6, 2),
        **w.stats,
        "numbers": w.stats["score_numbers"] + w.stats["evaluation_numbers"],
        "planted": len(planted),
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "generated.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=float, default=1.0, help="1.0 = ~1000 branches / ~20,000 members (default 1)")
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it holds a workspace)")
    p.add_argument("--year", type=int, default=2024)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--ballot-share",
        type=float,
        default=0.25,
        metavar="P",
        help="share of branches whose evaluation keeps every ballot; the others keep the tally sheet's averages (default 0.25)",
    )
    p.add_argument("--plant-errors", type=int, default=0, metavar="N", help="plant N known errors; positions in OUT/planted.json")
    p.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="project",
        help="project: a folder per township and branch, a file per month (default); "
        "onefolder: one branches/ folder, a multi-document block-style file per branch and year",
    )
    args = p.parse_args(argv)
    if args.scale <= 0:
        p.error("--scale must be above 0")
    summary = generate(args.out, args.scale, args.year, args.seed, args.plant_errors, args.ballot_share, args.layout)
    print(
        f"{args.out}: {summary['files']} files, {summary['megabytes']} MB, {summary['branches']} branches, "
        f"{summary['members']} members, {summary['numbers']:,} numbers "
        f"({summary['score_numbers']:,} monthly + {summary['evaluation_numbers']:,} evaluation), "
        f"{summary['reviews']:,} reviews, {summary['commitments']:,} commitments"
        + (f", {summary['planted']} planted errors" if summary["planted"] else "")
        + f" in {summary['seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
