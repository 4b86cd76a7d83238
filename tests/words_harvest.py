"""The registry of broken workspaces that ``test_words`` speaks about, harvested from the
test suite itself: every workspace the tests load that gives diagnostics, and every
command they run that ends in an error (exit 1) or a usage error (exit 2).

Harvest (about two minutes, the whole suite once), then reduce it to the registry::

    PINGYI_HARVEST=/tmp/harvest.jsonl python -m pytest -q -p no:cacheprovider
    python tests/words_harvest.py /tmp/harvest.jsonl

The reduction keeps a workspace when it brings a message (code and message key) no
workspace kept before brings, and a command when it says something (its output with the
numbers and paths taken out) that no kept command says; the result is
``tests/golden/broken.json``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REGISTRY = Path(__file__).parent / "golden" / "broken.json"
#: A workspace bigger than this is not recorded (the example and the generated counties).
MAX_BYTES = 64_000
SKIP_DIRS = {".git", ".pingyi-cache", "__pycache__", "out"}
EXAMPLE = (Path(__file__).parent.parent / "examples" / "jiangcheng").resolve()


def snapshot(root: Path) -> dict[str, str] | None:
    """Every file under ``root`` (text as text, anything else as ``base64:``), or None
    when the workspace is too big or cannot be read."""
    files: dict[str, str] = {}
    total = 0
    try:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_symlink() or not path.is_file():
                    return None  # links, pipes: not something a registry can hold
                data = path.read_bytes()
                total += len(data)
                if total > MAX_BYTES:
                    return None
                rel = path.relative_to(root).as_posix()
                try:
                    files[rel] = data.decode("utf-8")
                except UnicodeDecodeError:
                    files[rel] = "base64:" + base64.b64encode(data).decode()
    except OSError:
        return None
    return files if "pingyi.yaml" in files else None


def _constants() -> dict[str, str]:
    """The texts of :mod:`wsfactory` (ORGS, TREE, CONFIG …): a registry names them instead
    of repeating them."""
    import wsfactory

    return {name: value for name, value in vars(wsfactory).items() if name.isupper() and isinstance(value, str) and "\n" in value}


def shorten(files: dict[str, str]) -> dict[str, str]:
    texts = {value: name for name, value in _constants().items()}
    return {rel: "@" + texts[content] if content in texts else content for rel, content in files.items()}


def expand(files: dict[str, str]) -> dict[str, str]:
    """The files of a registry entry, the texts it names (``@ORGS``) written out."""
    constants = _constants()
    return {rel: constants[c[1:]] if c.startswith("@") and c[1:] in constants else c for rel, c in files.items()}


def write_files(root: Path, files: dict[str, str]) -> Path:
    for rel, content in expand(files).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content.startswith("base64:"):
            path.write_bytes(base64.b64decode(content[7:]))
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def _record(entry: dict[str, Any]) -> None:
    entry["test"] = os.environ.get("PYTEST_CURRENT_TEST", "").split(" (")[0]
    with open(os.environ["PINGYI_HARVEST"], "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")


def install() -> None:
    """Record what the suite loads and runs (only when ``PINGYI_HARVEST`` names a file)."""
    import typer.testing

    import pingyi
    import pingyi.cli.common
    import pingyi.loader

    original_load = pingyi.loader.load

    def load(path: Any = None, **kwargs: Any) -> Any:
        result = original_load(path, **kwargs)
        if result.diagnostics and path is not None and not kwargs.get("files") and not kwargs.get("parsed"):
            root = Path(path)
            root = root if root.is_dir() else root.parent
            if root.resolve() != EXAMPLE and (files := snapshot(root)) is not None:
                _record({"kind": "load", "files": files})
        return result

    pingyi.loader.load = load  # type: ignore[assignment]
    pingyi.cli.common.load = load  # type: ignore[assignment]
    pingyi.__dict__["load"] = load

    original_invoke = typer.testing.CliRunner.invoke

    def invoke(self: Any, cli: Any, args: Any = None, *a: Any, **kw: Any) -> Any:
        result = original_invoke(self, cli, args, *a, **kw)
        if result.exit_code in (1, 2) and isinstance(args, (list, tuple)):
            argv = [str(x) for x in args]
            entry: dict[str, Any] = {"kind": "run", "argv": argv, "exit": result.exit_code}
            for i, x in enumerate(argv):
                if x in ("-w", "--workspace") and i + 1 < len(argv):
                    root = Path(argv[i + 1])
                    if root.resolve() == EXAMPLE:
                        argv[i + 1] = "{example}"
                    elif (files := snapshot(root)) is not None:
                        argv[i + 1] = "{ws}"
                        entry["files"] = files
                    else:
                        return result
            if any(str(Path(tempfile.gettempdir())) in x for x in argv):
                return result  # another path of the test's own: not replayable
            _record(entry)
        return result

    typer.testing.CliRunner.invoke = invoke  # type: ignore[method-assign]


def _said(output: str) -> str:
    """What a command said, with numbers, ids, quoted values and paths taken out."""
    text = re.sub(r"`[^`]*`|“[^”]*”|'[^']*'|\S*[/\\]\S*|[A-Za-z]*\d[\w.-]*", "#", output)
    return re.sub(r"\s+", " ", text)[:400]


def entries(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fp:
        for line in fp:
            yield json.loads(line)


def reduce(harvest: Path) -> dict[str, Any]:
    """The registry: workspaces that bring new messages, commands that say new things."""
    from typer.testing import CliRunner

    import pingyi
    from pingyi.cli import app

    seen_keys: set[tuple[str, str]] = set()
    seen_said: set[str] = set()
    seen_files: set[str] = set()
    workspaces: list[dict[str, Any]] = []
    commands: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, entry in enumerate(entries(harvest)):
            files = entry.get("files")
            fingerprint = json.dumps(files, sort_keys=True) if files else ""
            root = write_files(Path(tmp) / str(n), files) if files else None
            if entry["kind"] == "load":
                if fingerprint in seen_files or root is None:
                    continue
                seen_files.add(fingerprint)
                keys = {(str(d.severity), d.message_key) for d in pingyi.load(root).diagnostics}
                keys |= {("note", note.key) for d in pingyi.load(root).diagnostics for note in d.notes}
                if keys - seen_keys:
                    seen_keys |= keys
                    workspaces.append({"test": entry["test"], "files": shorten(files)})
                continue
            argv = [str(root) if x == "{ws}" else str(EXAMPLE) if x == "{example}" else x for x in entry["argv"]]
            result = CliRunner().invoke(app, argv, env={"PINGYI_LANG": "en", "COLUMNS": "80"})
            said = f"{entry['argv'][:1]} {result.exit_code} {_said(result.output)}"
            if result.exit_code in (1, 2) and said not in seen_said:
                seen_said.add(said)
                commands.append(
                    {
                        "test": entry["test"],
                        "argv": entry["argv"],
                        "exit": result.exit_code,
                        **({"files": shorten(files)} if files else {}),
                    }
                )
    return {"workspaces": workspaces, "commands": commands}


if __name__ == "__main__":
    registry = reduce(Path(sys.argv[1]))
    REGISTRY.write_text(json.dumps(registry, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(registry['workspaces'])} workspaces, {len(registry['commands'])} commands -> {REGISTRY}")
