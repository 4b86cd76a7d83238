"""The layers keep the import rules their package docstrings state, and the code that
finds or computes things writes no sentence for people (DESIGN: read → model → workspace →
compute → render → cli; errors as data).

Both tests read the source (an AST walk), so an import inside a function or under
``TYPE_CHECKING`` counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import pingyi

SRC = Path(pingyi.__file__).parent


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted (pingyi.compute.diff)
    target: str  # what it imports, dotted (pingyi.render.diff, typer)
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, src: Path = SRC) -> list[Import]:
    """Every import of the module, absolute, wherever it stands in the file."""
    module = _module_name(path, src)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            if node.module is None:  # from . import x: each name may be a module
                out += [Import(module, f"{base}.{alias.name}", node.lineno) for alias in node.names]
            else:
                out.append(Import(module, base, node.lineno))
    return out


def _modules(*under: str) -> list[Path]:
    """The modules of the packages (or single modules) ``under``, relative to pingyi."""
    paths: list[Path] = []
    for name in under:
        folder = SRC / name
        paths += sorted(folder.rglob("*.py")) if folder.is_dir() else [SRC / f"{name}.py"]
    assert paths, under
    return paths


def _within(target: str, *packages: str) -> bool:
    return any(target == p or target.startswith(p + ".") for p in packages)


def _breaking(under: tuple[str, ...], forbidden: tuple[str, ...], allowed_in: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in _modules(*under):
        for imp in _imports(path):
            if _within(imp.target, *forbidden) and not _within(imp.module, *allowed_in):
                found.append(str(imp))
    return found


ALL = tuple(p.stem if p.suffix else p.name for p in SRC.iterdir() if (p.suffix == ".py" or (p / "__init__.py").exists()))

# (what, the modules, what they may not import, modules of ``what`` that are exempt)
RULES = [
    ("typer lives in cli/ only", tuple(n for n in ALL if n != "cli"), ("typer", "click"), ()),
    ("compute/ shows nothing", ("compute",), ("pingyi.render", "pingyi.cli", "pingyi.checks", "rich", "typer"), ()),
    ("checks/ show nothing", ("checks",), ("pingyi.render", "pingyi.cli", "rich", "typer"), ()),
    ("render/ knows no command line", ("render",), ("pingyi.cli",), ()),
    ("the workbook's rows compute nothing", ("ledgers",), ("pingyi.compute", "pingyi.render", "pingyi.cli"), ()),
    (
        "model/ knows one document",
        ("model",),
        ("pingyi.workspace", "pingyi.loader", "pingyi.checks", "pingyi.compute", "pingyi.render", "pingyi.cli"),
        (),
    ),
    ("importing/ knows no command line", ("importing",), ("pingyi.cli",), ()),
    ("io/ reads and writes", ("io",), ("pingyi.compute", "pingyi.checks", "pingyi.render", "pingyi.cli"), ()),
    (
        "messages/ are templates",
        ("messages",),
        tuple(f"pingyi.{n}" for n in ALL if n not in ("messages", "i18n")),
        (),
    ),
    # the catalog tool (python -m pingyi.i18n.catalog) reads the help texts of cli/
    ("i18n/ comes first", ("i18n",), tuple(f"pingyi.{n}" for n in ALL if n != "i18n"), ("pingyi.i18n.catalog",)),
]


@pytest.mark.parametrize(("what", "under", "forbidden", "exempt"), RULES, ids=[r[0] for r in RULES])
def test_import_rules(what, under, forbidden, exempt):
    assert _breaking(under, forbidden, exempt) == []


def test_the_rules_see_an_import_that_breaks_them(tmp_path):
    """The walk finds lazy, relative and TYPE_CHECKING imports (else the rules above could
    pass by seeing nothing)."""
    package = tmp_path / "pingyi" / "compute"
    package.mkdir(parents=True)
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..render.diff import DiffOutput\n"
        "def f():\n    from ..cli import common\n    import typer\n"
        "from . import honours\n"
    )
    (package / "x.py").write_text(source, encoding="utf-8")
    assert sorted(i.target for i in _imports(package / "x.py", tmp_path / "pingyi")) == [
        "pingyi.cli",
        "pingyi.compute.honours",
        "pingyi.render.diff",
        "typer",
        "typing",
    ]


def test_the_workbook_imports_nothing_from_compute():
    assert _breaking(("render/xlsx",), ("pingyi.compute",)) == []


# --------------------------------------------------------------------------- sentences

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: calls that make a problem for people: their text comes from messages/ by key
PROBLEM_CALLS = {"error", "warning", "note", "Diagnostic", "Note", "SelectionError", "UserError", "problem"}
#: keyword arguments of those calls that name a message, not say one
NAMING = {"key", "code", "option", "kind"}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (or bare strings documenting a field)."""
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
                    out.add(id(stmt.value))
    return out


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _catalog_ids(tree: ast.AST) -> set[int]:
    """The ids of the strings marked for the catalog (``N_("…")``): words, but not here."""
    return {id(a) for node in ast.walk(tree) if isinstance(node, ast.Call) and _call_name(node) == "N_" for a in node.args}


def _sentences(path: Path, src: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    marked = _catalog_ids(tree)
    where = path.relative_to(src)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if CJK.search(node.value):
                found.append(f"{where}:{node.lineno}: Chinese text {node.value!r}")
            elif id(node) not in marked and len(node.value.split()) >= 3:
                found.append(f"{where}:{node.lineno}: an English sentence {node.value!r}")
        if isinstance(node, ast.Call) and _call_name(node) in PROBLEM_CALLS:
            values = [(i, a) for i, a in enumerate(node.args) if i > 0 or _call_name(node) == "Diagnostic"]
            values += [(k.arg, k.value) for k in node.keywords if k.arg not in NAMING]
            for _, value in values:
                for part in ast.walk(value):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str) and " " in part.value.strip():
                        found.append(f"{where}:{part.lineno}: a sentence {part.value!r} in {_call_name(node)}()")
    return found


def test_compute_and_checks_write_no_sentence():
    """Chinese in a string (not a docstring) is text for people; so is English of three
    words or more, or with spaces handed to a problem: all belong in messages/ (by key),
    the catalog (``N_``) or render/."""
    found = [s for path in _modules("compute", "checks") for s in _sentences(path)]
    assert found == []


def test_the_sentence_rule_sees_a_sentence(tmp_path):
    package = tmp_path / "pingyi" / "checks"
    package.mkdir(parents=True)
    source = (
        '"""说明 in a docstring is fine."""\n'
        "def f(loc):\n"
        '    """文档."""\n'
        '    yield error("bad-org", loc, org="yz1", key="bad-org-x")\n'
        '    yield warning("bad-org", loc, why="the org is gone")\n'
        '    label = "合格"\n'
        '    title = N_("Stars of the quarter")\n'
        '    return f"{label} was named twice"\n'
    )
    (package / "x.py").write_text(source, encoding="utf-8")
    found = _sentences(package / "x.py", tmp_path / "pingyi")
    assert any("'the org is gone' in warning()" in f for f in found)
    assert any("'合格'" in f for f in found)
    assert any("' was named twice'" in f for f in found)
    assert not any("Stars of the quarter" in f or "yz1" in f or "说明" in f or "文档" in f for f in found), found
