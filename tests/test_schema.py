"""`pingyi schema`: the committed JSON Schemas are fresh, draft-07, one per kind; the example
files point at them with a modeline, and their documents validate against them (with a
tiny checker written here, read the way an editor reads YAML: YAML 1.2 core types)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from pingyi.cli import app
from pingyi.model import KINDS
from pingyi.schema import DRAFT, schema_documents

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
EXAMPLES = REPO / "examples"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


# ---------------------------------------------------------------------------- freshness


def test_committed_schemas_are_up_to_date():
    generated = schema_documents()
    stale = [
        kind
        for kind, text in generated.items()
        if not (SCHEMAS / f"{kind}.schema.json").is_file()
        or (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8") != text
    ]
    assert not stale, f"schemas/ is stale for {', '.join(stale)}: run `pingyi schema -o schemas` and commit the result"


def test_no_schema_file_without_a_kind():
    expected = {f"{kind}.schema.json" for kind in schema_documents()}
    extra = {p.name for p in SCHEMAS.glob("*.schema.json")} - expected
    assert not extra, f"schemas/ holds files pingyi no longer generates: {sorted(extra)}"


def test_every_kind_has_a_draft_07_schema():
    docs = schema_documents()
    assert set(docs) == set(KINDS) | {"workspace"}
    for kind, text in docs.items():
        schema = json.loads(text)
        assert schema["$schema"] == DRAFT == "http://json-schema.org/draft-07/schema#"
        assert schema["$id"].endswith(f"/{kind}.schema.json")
        assert "$defs" not in text, f"{kind}: draft-07 uses `definitions`"
        if kind != "workspace":
            assert schema["properties"]["kind"]["const"] == kind


def test_schema_command_writes_the_same_files(tmp_path):
    result = run("schema", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    for kind, text in schema_documents().items():
        assert (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8") == text
    # a second run writes nothing and says so
    again = run("schema", "-o", tmp_path)
    assert again.exit_code == 0 and "已是最新" in again.stderr
    english = CliRunner().invoke(app, ["schema", "-o", str(tmp_path)], env={"PINGYI_LANG": "en"})
    assert english.exit_code == 0 and "up to date" in english.stderr


def test_schema_check_fails_when_stale_and_says_how_to_fix(tmp_path):
    assert run("schema", "-o", tmp_path).exit_code == 0
    assert run("schema", "--check", "-o", tmp_path).exit_code == 0
    (tmp_path / "org.schema.json").write_text("{}\n", encoding="utf-8")
    result = run("schema", "--check", "-o", tmp_path)
    assert result.exit_code == 1
    assert "org.schema.json" in result.stderr and "pingyi schema -o schemas" in result.stderr
    assert (tmp_path / "org.schema.json").read_text(encoding="utf-8") == "{}\n"  # --check writes nothing


# ---------------------------------------------------------------------------- a tiny JSON Schema checker


class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as yaml-language-server reads a file: `no` is a string,
    `0012` is the number 12, `2024-03-15` is a string."""


_Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$",
        list("-+0123456789."),
    ),
]:
    _Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _int12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = node.value
    if value.startswith(("0o", "0x")):
        return int(value, 0)
    return int(value)


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)


def _type_ok(value: Any, name: str) -> bool:
    return {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }[name](value)


def validate(value: Any, schema: Any, root: dict[str, Any], path: str = "") -> list[str]:
    """The errors of ``value`` against a draft-07 ``schema`` (the keywords pingyi's schemas
    use; an unknown keyword fails loudly so that the checker never passes by ignorance)."""
    if schema is True or schema == {}:
        return []
    errors: list[str] = []
    known = {
        "$schema",
        "$id",
        "title",
        "description",
        "default",
        "format",
        "definitions",
        "$ref",
        "type",
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "allOf",
        "properties",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "required",
        "items",
        "pattern",
        "minimum",
        "maximum",
        "minItems",
        "examples",
    }
    unknown = set(schema) - known
    assert not unknown, f"the test's checker does not know {unknown}"
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        errors += validate(value, target, root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, t) for t in types):
            return [f"{path or '/'}: {value!r} is not of type {types}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} is not {schema['const']!r}")
    for key in ("anyOf", "oneOf"):
        if key in schema:
            passing = [b for b in schema[key] if not validate(value, b, root, path)]
            if not passing or (key == "oneOf" and len(passing) > 1):
                errors.append(f"{path}: {value!r} matches no branch of {key}")
    for branch in schema.get("allOf", []):
        errors += validate(value, branch, root, path)
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, list):
        if "items" in schema:
            for i, item in enumerate(value):
                errors += validate(item, schema["items"], root, f"{path}/{i}")
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: `{key}` is required")
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, item in value.items():
            key = str(key)
            sub = f"{path}/{key}"
            if "propertyNames" in schema:
                errors += validate(key, schema["propertyNames"], root, sub)
            matched = False
            if key in properties:
                matched = True
                errors += validate(item, properties[key], root, sub)
            for pattern, sub_schema in patterns.items():
                if re.search(pattern, key):
                    matched = True
                    errors += validate(item, sub_schema, root, sub)
            if not matched and "additionalProperties" in schema:
                extra = schema["additionalProperties"]
                if extra is False:
                    errors.append(f"{sub}: unknown key")
                else:
                    errors += validate(item, extra, root, sub)
    return errors


def test_the_checker_catches_mistakes():
    schema = json.loads(schema_documents()["commitments"])
    good = yaml.load(
        "kind: commitments\nyear: 2024\nitems:\n  - {owner: 0012, type: basic, text: 甲, made: 2024-01-01}\n", _Yaml12Loader
    )
    assert validate(good, schema, schema) == []
    assert good["items"][0]["owner"] == 12  # as an editor reads it, and the schema allows it
    bad = yaml.load("kind: commitments\nyear: 2024\nitems:\n  - {owner: zb1, type: big, text: 甲, subjet: x}\n", _Yaml12Loader)
    problems = validate(bad, schema, schema)
    assert any("type" in p for p in problems) and any("subjet" in p for p in problems)
    assert validate({"kind": "commitments", "year": "2024年"}, schema, schema)


def test_x_keys_are_allowed_by_the_schemas():
    schema = json.loads(schema_documents()["org"])
    doc = yaml.load("kind: org\nx-note: 备注\norgs:\n  - {id: a, name: b, type: branch, x-src: c}\n", _Yaml12Loader)
    assert validate(doc, schema, schema) == []


# ---------------------------------------------------------------------------- the examples

EXAMPLE_FILES = (
    sorted(
        p
        for p in EXAMPLES.rglob("*")
        if p.suffix in (".yaml", ".yml") and not any(part.startswith(".") for part in p.relative_to(EXAMPLES).parts)
    )
    if EXAMPLES.is_dir()
    else []
)


def _kind_schema_name(path: Path, docs: list[Any]) -> str:
    if path.name == "pingyi.yaml":
        return "workspace.schema.json"
    kinds = {d.get("kind") for d in docs if isinstance(d, dict)}
    assert len(kinds) == 1, f"{path}: documents of several kinds {kinds}; a modeline names one schema"
    return f"{kinds.pop()}.schema.json"


@pytest.mark.skipif(not EXAMPLE_FILES, reason="no examples/ yet")
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_file_has_a_modeline_to_its_schema_and_validates(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    m = MODELINE.match(first)
    assert m, f"{path.relative_to(REPO)} must start with `# yaml-language-server: $schema=...`"
    target = (path.parent / m.group(1)).resolve()
    assert target.is_file(), f"{path.relative_to(REPO)}: the modeline's schema {m.group(1)} does not exist"
    docs = [d for d in yaml.load_all(text, _Yaml12Loader) if d is not None]
    assert target.name == _kind_schema_name(path, docs), f"{path.relative_to(REPO)} points at the wrong schema"
    schema = json.loads(target.read_text(encoding="utf-8"))
    for i, doc in enumerate(docs):
        problems = validate(doc, schema, schema)
        assert not problems, f"{path.relative_to(REPO)} document {i + 1}:\n" + "\n".join(problems[:20])
