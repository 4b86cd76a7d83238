"""``kind: org`` — the organisation tree (组织) and its members (党员). FORMAT §2."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from .base import Id, Model, Text


class OrgType(StrEnum):
    """党委 committee, 党总支 general branch, 党支部 branch, 党小组 group."""

    COMMITTEE = "committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    GROUP = "group"


class MemberStatus(StrEnum):
    """active; exempt 免于积分 (年老体弱, 长期生病); flowing 流动党员; probationary 预备党员."""

    ACTIVE = "active"
    EXEMPT = "exempt"
    FLOWING = "flowing"
    PROBATIONARY = "probationary"


class MemberEntry(Model):
    id: Id
    name: Text
    status: MemberStatus = MemberStatus.ACTIVE
    note: Text | None = None


class OrgEntry(Model):
    id: Id
    name: Text
    type: OrgType
    parent: Id | None = None
    secretary: Id | None = None
    deputies: list[Id] = []
    committee: list[Id] = []
    members: list[MemberEntry] = []


class OrgDoc(Model):
    """组织: one or more orgs with their own members."""

    kind: Literal["org"]
    orgs: list[OrgEntry]
