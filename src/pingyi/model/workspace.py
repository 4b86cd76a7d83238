"""``pingyi.yaml`` — the workspace file. FORMAT §1."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Int, Model, Text, Year


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


class WorkspaceConfig(Model):
    pingyi: Int = Field(description="format version; 1")
    name: Text
    year: Year | None = None
    lang: Lang = Lang.ZH
    rules: Text | None = None
    exclude: list[Text] = []
