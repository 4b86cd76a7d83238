"""Every label pingyi shows, in Chinese and English, in one place.

``label(key, lang)`` gives the text of a key; codes of enums (grades, statuses, measures)
are keys too, so ``label("excellent", "zh")`` is ``优秀``. JSON output never uses labels:
it carries the English codes of FORMAT.md whatever the language.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # common
    "workspace": ("工作区", "Workspace"),
    "year": ("年度", "Year"),
    "org": ("党组织", "Org"),
    "orgs": ("党组织", "Orgs"),
    "member": ("党员", "Member"),
    "members": ("党员", "Members"),
    "name": ("姓名", "Name"),
    "org_name": ("组织名称", "Org name"),
    "id": ("编号", "ID"),
    "status": ("状态", "Status"),
    "total": ("合计", "Total"),
    "rate": ("比率", "Rate"),
    "note": ("备注", "Note"),
    "date": ("日期", "Date"),
    "none": ("无", "none"),
    "missing": ("未完成", "Missing"),
    # diagnostics
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "errors": ("个错误", "errors"),
    "warnings": ("个警告", "warnings"),
    "check_ok": ("检查通过", "No errors"),
    "check_failed": ("检查未通过", "Check failed"),
    "files_read": ("个文件", "files"),
    # org types
    "committee": ("党委", "committee"),
    "general_branch": ("党总支", "general branch"),
    "branch": ("党支部", "branch"),
    "group": ("党小组", "group"),
    # member status
    "active": ("正常", "active"),
    "exempt": ("免于积分", "exempt"),
    "flowing": ("流动党员", "flowing"),
    "probationary": ("预备党员", "probationary"),
    # grades
    "excellent": ("优秀", "excellent"),
    "qualified": ("合格", "qualified"),
    "basic": ("基本合格", "basic"),
    "unqualified": ("不合格", "unqualified"),
    "unrated": ("未评定", "unrated"),
    # review methods and modes
    "leader": ("领导点评", "leader review"),
    "org_method": ("党组织考评", "org appraisal"),
    "peer": ("党员互评", "peer review"),
    "mass": ("群众测评", "mass appraisal"),
    "meeting": ("集中点评", "meeting"),
    "onsite": ("现场点评", "on site"),
    "talk": ("个别谈话", "talk"),
    "mutual": ("相互点评", "mutual"),
    "mass_mode": ("群众点评", "by the masses"),
    "written": ("书面点评", "written"),
    "other": ("其他", "other"),
    # coverage measures
    "coverage": ("点评覆盖率", "Review coverage"),
    "secretaries_reviewed": ("书记被点评", "Secretaries reviewed"),
    "secretaries_reviewing": ("书记作点评", "Secretaries reviewing"),
    "orgs_reviewed": ("党组织被点评", "Orgs reviewed"),
    "members_reviewed": ("党员被点评", "Members reviewed"),
    "reviewed": ("已点评", "Reviewed"),
    "out_of": ("应点评", "Out of"),
    "round": ("轮次", "Round"),
    "rounds": ("点评轮次", "Rounds"),
    "scope": ("范围", "Scope"),
    "reviewer": ("点评人", "Reviewer"),
    "subject": ("点评对象", "Subject"),
    # rectification
    "rectify": ("整改台账", "Rectifications"),
    "problem": ("存在问题", "Problem"),
    "measure": ("整改措施", "Measure"),
    "owner": ("责任人", "Owner"),
    "due": ("整改时限", "Due"),
    "closed": ("已销号", "closed"),
    "closed_on": ("销号日期", "Closed on"),
    "open": ("未销号", "open"),
    "overdue": ("已逾期", "overdue"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "closing_rate": ("销号率", "Closing rate"),
    "state": ("状态", "State"),
    "evidence": ("佐证材料", "Evidence"),
    # commitments
    "commitments": ("承诺践诺", "Commitments"),
    "made": ("承诺数", "Made"),
    "withdrawn": ("撤回", "Withdrawn"),
    "done": ("已兑现", "Done"),
    "partial": ("部分兑现", "partial"),
    "failed": ("未兑现", "failed"),
    "fulfilment": ("兑现率", "Fulfilment"),
    "basic_commitment": ("基础性承诺", "basic"),
    "creative": ("创造性承诺", "creative"),
    "org_owned": ("组织承诺", "Org commitments"),
    "member_owned": ("党员承诺", "Member commitments"),
    # points
    "score": ("积分", "Points"),
    "items": ("评星项目", "Items"),
    "base": ("月度积分(80%)", "Monthly (80%)"),
    "democratic": ("民主测评(20%)", "Democratic (20%)"),
    "adjustment": ("加减分", "Adjustment"),
    "year_total": ("年度总积分", "Total"),
    "stars": ("星级", "Stars"),
    "computed_stars": ("计算星级", "Computed stars"),
    "grade": ("等次", "Grade"),
    "rank": ("支部排名", "Rank in org"),
    "months": ("评分月数", "Months"),
    "rating_reason": ("评定理由", "Rating reason"),
    "quarter_star": ("季度之星", "Star of the quarter"),
    "annual_star": ("年度之星", "Star of the year"),
    "quota": ("名额", "Quota"),
    "award": ("表彰奖励", "award"),
    "discipline": ("党纪政纪处分", "discipline"),
    "criticism": ("通报批评", "criticism"),
    "national": ("国家级", "national"),
    "provincial": ("省部级", "provincial"),
    "city": ("地市级", "city"),
    "county": ("县级", "county"),
    "unit": ("本单位", "unit"),
    # surveys
    "survey": ("满意度测评", "Satisfaction surveys"),
    "satisfaction": ("满意率", "Satisfaction"),
    "positive": ("满意票", "Satisfied"),
    "answers": ("有效票", "Answers"),
    "suggestions": ("意见建议", "Suggestions"),
}


def label(key: str, lang: str = "zh") -> str:
    """The text of ``key`` in ``lang`` (``zh`` or ``en``); the key itself when unknown."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
