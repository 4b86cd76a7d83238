#!/usr/bin/env python3
"""CPU spent reading a workspace's files, in one process, with a profile of where it goes.

    python benchmarks/parse_cpu.py -w /tmp/county1            # read_file over every file
    python benchmarks/parse_cpu.py -w /tmp/county1 --profile  # … and the top of cProfile
    python benchmarks/parse_cpu.py -w /tmp/county1 --results  # … and what results cost
                                                              #     to send back from workers

Every YAML file of the workspace is read with :func:`pingyi.loader.read_file` (bytes →
documents → models), one after the other, garbage collector off, as a parse worker does.
``--results`` then measures what the parse workers' results cost to send back: encoding
in the worker and decoding in pingyi, as pickles of the models and as the data-only
bytes the workers send (:mod:`pingyi.io.plain`), with the number of bytes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pickle
import pstats
import sys
import time
from pathlib import Path


def files_of(ws: Path) -> list[Path]:
    from pingyi.io.files import scan

    found = scan(ws, ["out", "drafts"])
    assert found is not None
    return [ws / name for name in found.files]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workspace", "-w", type=Path, required=True)
    p.add_argument("--profile", action="store_true", help="print the top of the profile")
    p.add_argument("--results", action="store_true", help="measure sending the results back")
    p.add_argument("--json", action="store_true", help="one JSON line instead of text")
    args = p.parse_args(argv)

    from pingyi.loader import read_file

    paths = files_of(args.workspace.resolve())
    items = [(path.relative_to(args.workspace.resolve()).as_posix(), path.read_bytes()) for path in paths]
    gc.disable()
    profiler = cProfile.Profile() if args.profile else None
    c0 = time.process_time()
    if profiler is not None:
        profiler.enable()
    results = [read_file(name, data) for name, data in items]
    if profiler is not None:
        profiler.disable()
    cpu = time.process_time() - c0
    figures: dict[str, object] = {
        "files": len(items),
        "megabytes": round(sum(len(d) for _, d in items) / 1e6, 2),
        "documents": sum(len(r.documents) for r in results),
        "parse_cpu_seconds": round(cpu, 3),
    }
    if args.results:
        from pingyi.io import plain

        for label, dumps, loads in (("pickle", pickle.dumps, pickle.loads), ("plain", plain.dumps, plain.loads)):
            c0 = time.process_time()
            encoded = [dumps(r) for r in results]
            c1 = time.process_time()
            for blob in encoded:
                loads(blob)
            c2 = time.process_time()
            figures[f"{label}_encode_cpu_seconds"] = round(c1 - c0, 3)
            figures[f"{label}_decode_cpu_seconds"] = round(c2 - c1, 3)
            figures[f"{label}_megabytes"] = round(sum(map(len, encoded)) / 1e6, 2)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:28} {value}")
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
