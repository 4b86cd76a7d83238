"""A bounded mutation fuzz of the example workspace through the command line.

Each round damages one file of a copy of ``examples/jiangcheng`` (flipped bytes, a cut,
lines dropped, doubled or moved, a value turned into a list or a mapping, deep nesting, a
huge number, control and zero-width characters) and runs ``check``, and in turn
``score --format json``, ``coverage`` and ``export xlsx``. Whatever the damage: no
traceback, an exit code of FORMAT §11 (0, 1, 2 or 3), and valid JSON where JSON was asked
for. The seed is fixed, so a failure names its round and repeats; the file is restored
after each round, so the file cache serves the others and a round costs one file's parse.

``PINGYI_FUZZ_SCALE=10`` runs ten times as many rounds (about ten times as long).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pingyi.cli import app
from wsfactory import EXAMPLE

SEED = 20241231
SCALE = max(1, int(os.environ.get("PINGYI_FUZZ_SCALE", "1") or 1))
ROUNDS = 24 * SCALE
EXIT_CODES = {0, 1, 2, 3}


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data + b"\n" + data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    action = rng.choice(["drop", "double", "move", "indent", "dedent"])
    if action == "drop":
        del lines[i]
    elif action == "double":
        lines.insert(i, lines[j])
    elif action == "move":
        lines.insert(j, lines.pop(i))
    elif action == "indent":
        lines[i] = b"  " + lines[i]
    else:
        lines[i] = lines[i].lstrip()
    return b"\n".join(lines)


def _value(data: bytes, rng: random.Random, replacement: Callable[[random.Random], bytes]) -> bytes:
    """One value after a `key: ` replaced."""
    lines = data.split(b"\n")
    candidates = [i for i, line in enumerate(lines) if b": " in line]
    if not candidates:
        return data + b"\n" + replacement(rng)
    i = rng.choice(candidates)
    head = lines[i].split(b": ", 1)[0]
    lines[i] = head + b": " + replacement(rng)
    return b"\n".join(lines)


def _deep(rng: random.Random) -> bytes:
    n = rng.choice([150, 600, 3000])
    return rng.choice([b"[" * n + b"]" * n, b"{a: " * n + b"1" + b"}" * n])


def _huge(rng: random.Random) -> bytes:
    digits = b"9" * rng.choice([30, 400, 5000])
    return rng.choice([digits, b"-" + digits, digits + b"." + digits, b"1e" + digits[:6], b"0." + b"0" * 400 + b"1"])


def _odd_text(rng: random.Random) -> bytes:
    chars = ["\u200b", "\u200d", "\ufeff", "\u202e", "\x07", "\x1b[31m", "\r", "\t", "\u3000", "\U0001f600", "\ud7ff"]
    return "".join(rng.choice(chars) + "m101" for _ in range(rng.randint(1, 4))).encode("utf-8", "surrogatepass")


def _structure(rng: random.Random) -> bytes:
    return rng.choice([b"[m101, m102]", b"{id: m101}", b"", b"~", b"&a [*a]", b"!!python/object:os.system", b"- - -", b"'"])


MUTATIONS: list[tuple[str, Callable[[bytes, random.Random], bytes]]] = [
    ("flip", _flip),
    ("truncate", _truncate),
    ("lines", _lines),
    ("structure", lambda data, rng: _value(data, rng, _structure)),
    ("deep", lambda data, rng: _value(data, rng, _deep)),
    ("huge", lambda data, rng: _value(data, rng, _huge)),
    ("odd text", lambda data, rng: _value(data, rng, _odd_text)),
]
COMMANDS = [
    ("score", "--format", "json"),
    ("coverage",),
    ("export", "xlsx", "-o", "{out}", "--force"),
]


def _rounds() -> list[tuple[int, str, str, tuple[str, ...]]]:
    """(round, file, mutation, second command) for every round, from the fixed seed."""
    rng = random.Random(SEED)
    files = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))
    return [(n, rng.choice(files), MUTATIONS[n % len(MUTATIONS)][0], COMMANDS[n % len(COMMANDS)]) for n in range(ROUNDS)]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "jiangcheng"
    shutil.copytree(EXAMPLE, root)
    return root


def _invoke(args: list[str]):
    result = CliRunner().invoke(app, args)
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        import traceback

        raise AssertionError(f"pingyi {' '.join(args)} raised:\n" + "".join(traceback.format_exception(exc)))
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in EXIT_CODES, (args, result.exit_code, result.output[-2000:])
    return result


def test_mutated_workspaces_never_crash(workspace, tmp_path, monkeypatch, private_cache):
    rng = random.Random(SEED + 1)
    mutations = dict(MUTATIONS)
    for n, file, mutation, command in _rounds():
        path = workspace / file
        original = path.read_bytes()
        damaged = mutations[mutation](original, rng)
        path.write_bytes(damaged)
        try:
            where = f"round {n}: {mutation} of {file}"
            _invoke(["check", "-w", str(workspace)])
            args = [a.format(out=tmp_path / "out.xlsx") for a in command]
            result = _invoke([*args, "-w", str(workspace)])
            if "json" in args and result.stdout.strip():
                json.loads(result.stdout)
        except AssertionError as exc:
            raise AssertionError(f"{where}\n{exc}") from None
        finally:
            path.write_bytes(original)
