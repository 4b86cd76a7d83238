"""The codes a file may hold where only a fixed set is allowed (``status: exempt``,
``type: branch`` …), each with its name in the catalog: ``\\`exempt\\``` in English,
``\\`exempt\\`(免于积分)`` in Chinese. A message that lists the allowed codes shows them so,
and a value written as its Chinese name (``status: 免于积分``) is recognised by
:func:`code_for_name` and answered with the code to write.

The names are keyed by the enum's class name as well as by the code, because one code can
mean different things in different places (``basic``: 基础性承诺 or 基本合格).
"""

from __future__ import annotations

import re

from ..i18n import N_, gettext

#: enum class name → code → catalog entry of the code with its name.
CODE_NAMES: dict[str, dict[str, str]] = {
    "OrgType": {
        "committee": N_("`committee` (party committee)"),
        "general_branch": N_("`general_branch` (general branch)"),
        "branch": N_("`branch` (party branch)"),
        "group": N_("`group` (party group)"),
    },
    "MemberStatus": {
        "active": N_("`active` (scored as usual)"),
        "exempt": N_("`exempt` (exempt from points)"),
        "flowing": N_("`flowing` (flowing member)"),
        "probationary": N_("`probationary` (probationary member)"),
    },
    "Method": {
        "leader": N_("`leader` (review by leaders)"),
        "org": N_("`org` (appraisal by the party organisation)"),
        "peer": N_("`peer` (review among members)"),
        "mass": N_("`mass` (appraisal by the masses)"),
        "duty": N_("`duty` (review at the secretaries' report meeting)"),
    },
    "Mode": {
        "meeting": N_("`meeting` (review at a meeting)"),
        "onsite": N_("`onsite` (review on site)"),
        "talk": N_("`talk` (one-to-one talk)"),
        "mutual": N_("`mutual` (mutual review)"),
        "mass": N_("`mass` (review by the masses)"),
        "written": N_("`written` (written review)"),
        "other": N_("`other` (other)"),
    },
    "CommitmentType": {
        "basic": N_("`basic` (basic commitment)"),
        "creative": N_("`creative` (creative commitment)"),
    },
    "CommitmentStatus": {
        "open": N_("`open` (in progress)"),
        "done": N_("`done` (fulfilled)"),
        "partial": N_("`partial` (partly fulfilled)"),
        "failed": N_("`failed` (not fulfilled)"),
        "withdrawn": N_("`withdrawn` (withdrawn)"),
    },
    "AdjustmentType": {
        "award": N_("`award` (commendation or award)"),
        "discipline": N_("`discipline` (party or administrative discipline)"),
        "criticism": N_("`criticism` (notice of criticism)"),
    },
    "Level": {
        "national": N_("`national` (national level)"),
        "provincial": N_("`provincial` (provincial level)"),
        "city": N_("`city` (city level)"),
        "county": N_("`county` (county level)"),
        "unit": N_("`unit` (own unit)"),
    },
    "Award": {
        "quarter": N_("`quarter` (star of the quarter)"),
        "annual": N_("`annual` (star of the year)"),
    },
    "Grade": {
        "excellent": N_("`excellent` (excellent)"),
        "qualified": N_("`qualified` (qualified)"),
        "basic": N_("`basic` (basically qualified)"),
        "unqualified": N_("`unqualified` (unqualified)"),
    },
    "AverageOver": {
        "twelve": N_("`twelve` (divide by 12 months)"),
        "scored_months": N_("`scored_months` (divide by the months scored)"),
    },
    "AdjustmentPolicy": {
        "highest": N_("`highest` (only the highest counts)"),
        "sum": N_("`sum` (all are added up)"),
    },
    "Outcome": {
        "upheld": N_("`upheld` (objection upheld)"),
        "partly": N_("`partly` (objection partly upheld)"),
        "rejected": N_("`rejected` (objection rejected)"),
    },
    "PeriodType": {
        "month": N_("`month` (a month)"),
        "quarter": N_("`quarter` (a quarter)"),
        "year": N_("`year` (a year)"),
    },
    "QuarterCount": {
        "members": N_("`members` (every member of the branch counts)"),
        "scored": N_("`scored` (only the members who are scored count)"),
    },
    "DemocraticBlank": {
        "abstain": N_("`abstain` (a blank is left out)"),
        "zero": N_("`zero` (a blank counts as 0)"),
    },
    "Rounding": {
        "total": N_("`total` (round the total once)"),
        "items": N_("`items` (round each item first)"),
    },
    "Lang": {
        "zh": N_("`zh` (Chinese)"),
        "en": N_("`en` (English)"),
    },
}

_NAME = re.compile(r"[（(]([^）)]+)[）)]\s*$")


def code_name(enum: str, code: str) -> str:
    """The catalog entry for ``code`` of ``enum`` (the code in backticks when it has none)."""
    return CODE_NAMES.get(enum, {}).get(code, f"`{code}`")


def names_of(enum: str, lang: str = "zh") -> dict[str, str]:
    """code → its name in ``lang`` (the words in brackets of the catalog entry)."""
    out: dict[str, str] = {}
    for code, entry in CODE_NAMES.get(enum, {}).items():
        found = _NAME.search(gettext(entry, lang))
        if found:
            out[code] = found.group(1).strip()
    return out


def code_for_name(enum: str | None, value: str) -> str | None:
    """The code whose Chinese (or English) name is ``value`` (``免于积分`` → ``exempt``)."""
    wanted = value.strip().lower()
    enums = [enum] if enum else list(CODE_NAMES)
    for name in enums:
        for lang in ("zh", "en"):
            for code, shown in names_of(name, lang).items():
                if shown.lower() == wanted:
                    return code
    return None
