"""JSON Schemas (draft-07) of every file kind, for editors (yaml-language-server).

``pingyi schema`` writes them to ``schemas/``; a test fails when the committed files are
stale. Editors read YAML with their own scalar types (``0012`` is a number to them), so
the schemas accept what pingyi accepts: an id may be written as a number, numbers as
numbers or numeric strings.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .model import KINDS, WorkspaceConfig

DRAFT = "http://json-schema.org/draft-07/schema#"
BASE_URL = "https://github.com/pingyi-project/pingyi/schemas/"


def _rewrite(node: Any) -> Any:
    """pydantic's 2020-12 output → draft-07: ``$defs`` → ``definitions``; ids accept numbers."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$defs":
                out["definitions"] = _rewrite(value)
            elif key == "$ref" and isinstance(value, str):
                out[key] = value.replace("#/$defs/", "#/definitions/")
            else:
                out[key] = _rewrite(value)
        if out.get("type") == "string" and "pattern" in out and out["pattern"].startswith("^[^\\W_]"):
            # an id: editors read `0012` as a number; pingyi reads it as the id "0012"
            pattern = out.pop("pattern")
            out.pop("type")
            out["anyOf"] = [{"type": "string", "pattern": pattern}, {"type": "integer", "minimum": 0}]
        return out
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


#: Mappings of a rules document that may be given in part: they are merged key by key into
#: the default scheme (FORMAT §9), so none of their keys is required.
_RULES_PARTIAL = ("Weights", "QuarterStar", "AnnualStar", "AppraisalRules", "PublicityRules")


def json_schema(model: type[BaseModel], kind: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation", by_alias=True)
    schema = _rewrite(schema)
    if kind == "rules":
        # a rules document gives only what it changes; the rest comes from the default
        schema["required"] = ["kind"]
        schema["properties"]["kind"] = {"const": "rules", "title": "Kind", "type": "string"}
        for name in _RULES_PARTIAL:
            schema.get("definitions", {}).get(name, {}).pop("required", None)
    head = {"$schema": DRAFT, "$id": f"{BASE_URL}{kind}.schema.json"}
    schema.setdefault("title", kind)
    # keys starting with x- are the user's own
    schema["patternProperties"] = {"^x-": {}}
    for definition in schema.get("definitions", {}).values():
        if definition.get("additionalProperties") is False:
            definition["patternProperties"] = {"^x-": {}}
    return {**head, **schema}


def schema_documents() -> dict[str, str]:
    """``kind`` → the schema's JSON text, for every kind and the workspace file."""
    out = {kind: model for kind, model in KINDS.items()}
    texts = {kind: json.dumps(json_schema(model, kind), ensure_ascii=False, indent=2) + "\n" for kind, model in out.items()}
    texts["workspace"] = json.dumps(json_schema(WorkspaceConfig, "workspace"), ensure_ascii=False, indent=2) + "\n"
    return texts
