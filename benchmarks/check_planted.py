#!/usr/bin/env python3
"""Check that ``pingyi check`` reports every planted error exactly where it was planted.

    python benchmarks/generate.py --scale 0.1 --out /tmp/planted --plant-errors 30
    python benchmarks/check_planted.py /tmp/planted

Compares ``DIR/planted.json`` with the errors of ``pingyi check --format json`` on
(file, line, column, code); lists what is missing, what is extra, and any warning.
Exit 0 when they agree exactly, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def default_python() -> str:
    venv = HERE.parent / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("workspace", type=Path)
    p.add_argument("--python", default=default_python(), help="the Python that has pingyi installed")
    args = p.parse_args(argv)
    planted = json.loads((args.workspace / "planted.json").read_text(encoding="utf-8"))
    env = {**os.environ, "PINGYI_NO_CACHE": "1"}
    proc = subprocess.run(
        [args.python, "-m", "pingyi", "check", "-w", str(args.workspace), "--format", "json"],
        capture_output=True,
        env=env,
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        print(f"pingyi check gave no JSON (exit {proc.returncode}):\n{proc.stderr.decode(errors='replace')[-3000:]}")
        return 1
    key = lambda d: (d["file"], d["line"], d["column"], d["code"])  # noqa: E731
    expected = {key(d): d for d in planted}
    got = {key(d): d for d in report["errors"]}
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    for k in missing:
        print(f"missing  {k[0]}:{k[1]}:{k[2]} {k[3]} ({expected[k].get('what', '')})")
        near = [d for d in report["errors"] if d["file"] == k[0]]
        for d in near:
            print(f"   but   {d['file']}:{d['line']}:{d['column']} {d['code']}: {d['message']}")
    for k in extra:
        if any(m[0] == k[0] for m in missing):
            continue
        print(f"extra    {k[0]}:{k[1]}:{k[2]} {k[3]}: {got[k]['message']}")
    for w in report["warnings"]:
        print(f"warning  {w['file']}:{w['line']}:{w['column']} {w['code']}: {w['message']}")
    ok = not missing and not extra
    print(
        f"{len(planted)} planted, {len(report['errors'])} reported errors, {len(report['warnings'])} warnings: "
        + ("all at the planted positions" if ok else f"{len(missing)} missing, {len(extra)} extra")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
