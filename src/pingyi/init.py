"""Creating a new workspace from the templates in ``pingyi/data/init``."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path, PurePosixPath

from .io.write import FileExists, write_atomic

SCHEMA_DIR = ".schemas"


class InitConflict(Exception):
    """Some of the files to create exist already."""


def _templates() -> dict[str, str]:
    root = resources.files("pingyi") / "data" / "init"
    out: dict[str, str] = {}

    def walk(node, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for child in node.iterdir():
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            else:
                out[f"{prefix}{child.name}"] = child.read_text(encoding="utf-8")

    walk(root, "")
    return out


def create_workspace(directory: Path, *, year: int, name: str | None = None) -> list[Path]:
    """Write the template workspace into ``directory``; refuse (before writing anything)
    when any of its files exists. Returns the files written."""
    from .schema import schema_documents

    files: dict[str, str] = {}
    for rel, text in _templates().items():
        rel = rel.replace("{year}", str(year))
        if rel == "gitignore":
            rel = ".gitignore"
        depth = len(PurePosixPath(rel).parts) - 1
        schemas = "/".join([".."] * depth + [SCHEMA_DIR]) if depth else SCHEMA_DIR
        text = text.replace("{year}", str(year)).replace("{schemas}", schemas)
        if name and rel == "pingyi.yaml":
            text = text.replace("name: 某某单位党委 ", f"name: {json.dumps(name, ensure_ascii=False)} ")
        files[rel] = text
    for kind, text in schema_documents().items():
        files[f"{SCHEMA_DIR}/{kind}.schema.json"] = text
    existing = [rel for rel in files if (directory / rel).exists()]
    if existing:
        raise InitConflict(
            f"{directory} already holds {', '.join(sorted(existing))}; pingyi init never writes over a file "
            "(choose an empty folder)"
        )
    written: list[Path] = []
    try:
        for rel, text in sorted(files.items()):
            write_atomic(directory / rel, text)
            written.append(directory / rel)
    except FileExists as exc:  # pragma: no cover - a file appeared while writing
        raise InitConflict(str(exc)) from None
    return written
