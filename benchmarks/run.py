#!/usr/bin/env python3
"""County-scale benchmark: pingyi against bare YAML parsing, in one run.

    python benchmarks/run.py --scale 1                      # generate, measure, print a table
    python benchmarks/run.py --workspace /tmp/county1 --repeat 3 --json bench.json
    python benchmarks/run.py --layouts project,onefolder --scales 1,4   # four workspaces, one table

The floor is the time to parse every YAML file of the workspace with PyYAML's C loader
(``yaml.load_all(text, Loader=yaml.CSafeLoader)`` fully consumed, gc disabled, nothing
else), measured inside its own process. The rows and their targets (issue 11's Done-when;
a ratio to that floor unless said otherwise):

    score cold        pingyi score --format json, no cache                       ≤ 0.5 ×
    score new warm    score --format csv after score --format json (a command
                      line never run before, on a warm cache)                    ≤ 0.05 ×
    score again       the same command line again (remembered output)            (info)
    check edited      pingyi check after one scores number changed               ≤ 0.05 ×
    export xlsx       pingyi export xlsx of the whole workspace, no cache        ≤ 1.0 ×
    --version         start-up                                                   ≤ 0.1 s
    --help            start-up                                                   ≤ 0.1 s
    peak memory       of every row: ≤ 200 MB up to a county, ≤ 200 MB × scale above

More rows on request (``--only``): ``check-cold``, ``check-warm``, ``score-warm``,
``diff-edited`` (pingyi diff HEAD after one number changed, ≤ 2 × score edited) and
``diff-cold``. Each command runs in its own process under a small wrapper that reports
wall time, CPU time, ``ru_maxrss`` of the child and the sampled peak RSS of the whole
process tree (so worker processes count). Commands pingyi does not have yet are reported
as not available. ``--layouts`` and ``--scales`` generate (or reuse, under ``--workdir``)
one workspace per layout and scale (``generate.py --layout``) and measure each in turn.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE_DIR = ".pingyi-cache"
MB = 1024**2


def memory_limit(scale: float | None) -> int:
    """Peak memory allowed at a scale: 200 MB up to a county, in proportion above it
    (800 MB at 4×)."""
    return int(200 * MB * max(1.0, scale or 1.0))


#: Rows measured unless ``--only`` says otherwise.
DEFAULT_ROWS = ("score-cold", "score-new", "score-again", "check-edited", "export-xlsx", "startup")
ALL_ROWS = (*DEFAULT_ROWS, "check-cold", "check-warm", "score-warm", "diff-edited", "diff-cold")

# --------------------------------------------------------------------------- child scripts

#: Runs one command, reports wall time and peak memory as one JSON line on stdout.
#: ru_maxrss of RUSAGE_CHILDREN is the largest single descendant; the tree peak is the
#: largest sampled sum of RSS over the command and all its descendants.
WRAPPER = r"""
import json, os, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])

def tree_rss(pid):
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return total

PAGE = os.sysconf("SC_PAGE_SIZE")
env = dict(os.environ)
env.update(spec.get("env") or {})
for k in spec.get("unset") or []:
    env.pop(k, None)
peak = 0
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    t0 = time.perf_counter()
    proc = subprocess.Popen(spec["cmd"], stdout=out, stderr=err, cwd=spec.get("cwd"), env=env)
    deadline = t0 + spec["timeout"] if spec.get("timeout") else None
    timed_out = False
    interval = spec.get("sample", 0.05)
    while True:
        try:
            proc.wait(timeout=interval)
            break
        except subprocess.TimeoutExpired:
            peak = max(peak, tree_rss(proc.pid))
            if deadline and time.perf_counter() > deadline:
                proc.kill()
                proc.wait()
                timed_out = True
                break
    wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "wall": wall, "rc": None if timed_out else proc.returncode, "timed_out": timed_out,
    "maxrss": ru.ru_maxrss * 1024, "tree_peak": peak, "user": ru.ru_utime, "sys": ru.ru_stime,
}))
"""

#: The floor: read and parse every YAML file with the C loader, gc off, nothing else.
FLOOR = r"""
import gc, json, os, sys, time
import yaml
root = sys.argv[1]
exclude = set(json.loads(sys.argv[2]))
files = []
def walk(folder, rel):
    for e in sorted(os.scandir(folder), key=lambda e: e.name):
        if e.name.startswith("."):
            continue
        path = rel + e.name
        if e.is_dir():
            if path not in exclude and e.name not in exclude:
                walk(e.path, path + "/")
        elif e.name.endswith((".yaml", ".yml")):
            files.append(e.path)
walk(root, "")
gc.disable()
t0, c0 = time.perf_counter(), time.process_time()
docs = nbytes = 0
for path in files:
    with open(path, "rb") as f:
        data = f.read()
    nbytes += len(data)
    for _ in yaml.load_all(data.decode("utf-8-sig"), Loader=yaml.CSafeLoader):
        docs += 1
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "files": len(files), "documents": docs, "bytes": nbytes,
                  "yaml": yaml.__version__, "libyaml": bool(getattr(yaml, "__with_libyaml__", False))}))
"""

# --------------------------------------------------------------------------- helpers


def default_python() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Run:
    wall: float
    rc: int | None
    timed_out: bool
    maxrss: int
    tree_peak: int
    cpu: float
    stdout: bytes
    stderr: str

    @property
    def peak(self) -> int:
        return max(self.maxrss, self.tree_peak)


def measure(
    cmd: list[str],
    *,
    env: dict[str, str] | None = None,
    unset: list[str] | None = None,
    timeout: float | None = None,
    keep_stdout: bool = False,
) -> Run:
    """Run ``cmd`` under the wrapper (a fresh process, so RUSAGE_CHILDREN is this command's)."""
    with tempfile.TemporaryDirectory(prefix="pingyi-bench-") as tmp:
        spec = {
            "cmd": cmd,
            "env": env or {},
            "unset": unset or [],
            "timeout": timeout,
            "stdout": os.path.join(tmp, "out"),
            "stderr": os.path.join(tmp, "err"),
        }
        proc = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(spec)], capture_output=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"the measuring wrapper failed: {proc.stderr.decode(errors='replace')}")
        r = json.loads(proc.stdout)
        out = Path(spec["stdout"])
        stdout = out.read_bytes() if keep_stdout else out.read_bytes()[:2048]
        stderr = Path(spec["stderr"]).read_bytes()[-4000:].decode("utf-8", "replace")
    return Run(r["wall"], r["rc"], r["timed_out"], r["maxrss"], r["tree_peak"], r["user"] + r["sys"], stdout, stderr)


def help_text(py: str, args: list[str]) -> str | None:
    """``pingyi ARGS --help`` when the command exists, else None."""
    env = {**os.environ, "COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb"}
    try:
        p = subprocess.run([py, "-m", "pingyi", *args, "--help"], capture_output=True, env=env, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if p.returncode != 0:
        return None
    return p.stdout.decode("utf-8", "replace")


def machine(py: str) -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    probe = (
        "import sys, json, platform, yaml\n"
        "try:\n import pingyi; v = pingyi.__version__\nexcept Exception as e: v = f'unavailable: {e}'\n"
        "print(json.dumps({'python': sys.version.split()[0], 'implementation': platform.python_implementation(),"
        " 'pyyaml': yaml.__version__, 'libyaml': bool(getattr(yaml, '__with_libyaml__', False)), 'pingyi': v}))"
    )
    p = subprocess.run([py, "-c", probe], capture_output=True, check=False)
    info = json.loads(p.stdout) if p.returncode == 0 else {"python": "unknown"}
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        affinity = os.cpu_count()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": affinity,
        "memory_bytes": mem,
        "os": platform.platform(),
        **info,
        "git": git_state(),
    }


def byte_compile(py: str) -> str:
    """Byte-compile the pingyi that ``py`` imports, as pip does when it installs a
    package: an editable install left to a shell with PYTHONDONTWRITEBYTECODE set would
    compile every module from source on every command, which no installed pingyi does.
    (Python still reads what is compiled; sources newer than their bytecode are compiled
    again, so nothing stale runs.)"""
    script = "import compileall, os, pingyi; print(compileall.compile_dir(os.path.dirname(pingyi.__file__), quiet=2))"
    p = subprocess.run([py, "-c", script], capture_output=True, text=True, check=False)
    done = "compiled" if p.returncode == 0 and p.stdout.strip() == "True" else "not compiled"
    log(f"pingyi's modules byte-compiled: {done}")
    return done


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        p = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, check=False)
        return p.stdout.decode().strip() if p.returncode == 0 else ""

    src = REPO / "src" / "pingyi"
    h = hashlib.sha256()
    for f in sorted(src.rglob("*.py")):
        h.update(f.relative_to(src).as_posix().encode() + b"\0" + f.read_bytes())
    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "src")),
        "src_sha256": h.hexdigest()[:16],
    }


def workspace_excludes(ws: Path) -> list[str]:
    """``exclude:`` of pingyi.yaml, read without a YAML library when it is a flow list."""
    try:
        text = (ws / "pingyi.yaml").read_text(encoding="utf-8-sig")
    except OSError:
        return []
    m = re.search(r"^exclude:\s*\[([^\]]*)\]", text, re.M)
    if m:
        return [x.strip().strip("'\"").strip("/") for x in m.group(1).split(",") if x.strip()]
    try:
        import yaml  # noqa: PLC0415 - only for unusual pingyi.yaml files

        return [str(x).strip("/") for x in (yaml.safe_load(text) or {}).get("exclude") or []]
    except Exception:  # noqa: BLE001
        return []


def drop_cache(ws: Path) -> None:
    shutil.rmtree(ws / CACHE_DIR, ignore_errors=True)


class Editor:
    """Changes one number in one branch's monthly scores, a new one each time (so a
    content-hash cache never sees the same bytes twice), keeping the file valid; restores
    it. Scores in flow rows (``m101: [9, 10]``) or in block style (``- 9`` per line), in
    a file of their own or among a year's documents."""

    ROW = re.compile(rb"^(\s+[^\s#:]+:\s*\[)([0-9]+)(,)", re.M)
    ITEM = re.compile(rb"^(\s+- )([0-9]+)([ \t]*(?:#[^\n]*)?)$", re.M)

    def __init__(self, ws: Path):
        files = sorted(
            p
            for p in ws.glob("**/*.y*ml")
            if not any(part.startswith(".") for part in p.relative_to(ws).parts) and p.name != "pingyi.yaml"
        )
        self.file: Path | None = None
        self.pattern = self.ROW
        for candidate in files[len(files) // 2 :] + files[: len(files) // 2]:
            data = candidate.read_bytes()
            if b"kind: scores" not in data:
                continue
            start = data.index(b"kind: scores")
            for pattern in (self.ROW, self.ITEM):
                if pattern.search(data, start):
                    self.file, self.original, self.pattern, self.start = candidate, data, pattern, start
                    break
            if self.file is not None:
                break
        self.count = 0

    def edit(self) -> str:
        assert self.file is not None
        data = self.file.read_bytes()
        matches = list(self.pattern.finditer(data, self.start))[:200]
        m = matches[self.count % len(matches)]
        value = int(m.group(2))
        new = value - 1 if value > 0 else value + 1
        data = data[: m.start(2)] + str(new).encode() + data[m.end(2) :]
        self.file.write_bytes(data)
        self.count += 1
        line = data.count(b"\n", 0, m.start(2)) + 1
        return f"{self.file}:{line}: {value} → {new}"

    def restore(self) -> None:
        if self.file is not None and self.count:
            self.file.write_bytes(self.original)


# --------------------------------------------------------------------------- benchmark


@dataclass
class Result:
    name: str
    description: str
    target: float | None  # ratio to the floor; None = informational
    command: list[str] = field(default_factory=list)
    available: bool = True
    status: str = "ok"
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    sources_changed: bool = False
    #: the target is a ratio to this row's seconds instead of the floor
    versus: str | None = None
    #: the target is this many seconds (start-up), not a ratio
    limit_seconds: float | None = None

    @property
    def seconds(self) -> float | None:
        ok = [r.wall for r in self.runs if r.rc == 0]
        return statistics.median(ok) if ok and self.status == "ok" else None

    @property
    def cpu(self) -> float | None:
        ok = [r.cpu for r in self.runs if r.rc == 0]
        return statistics.median(ok) if ok and self.status == "ok" else None

    @property
    def peak(self) -> int | None:
        return max((r.peak for r in self.runs), default=None)


class Bench:
    def __init__(self, args: argparse.Namespace, ws: Path, scale: float | None = None, layout: str | None = None):
        self.args = args
        self.ws = ws
        self.scale = scale
        self.layout = layout
        self.memory_limit = memory_limit(scale)
        self.py = args.python
        self.pingyi = [self.py, "-m", "pingyi"]
        self.root_help = help_text(self.py, []) or ""
        self.global_no_cache = "--no-cache" in self.root_help
        self.results: list[Result] = []
        self.floor: dict[str, Any] = {}
        self.load: tuple[float, float] | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="pingyi-bench-out-"))

    def command(self, sub: list[str], extra: list[str], *, cold: bool) -> tuple[list[str] | None, str]:
        """The command line for a subcommand, or None when pingyi has no such command."""
        text = help_text(self.py, sub)
        if text is None:
            return None, ""
        pre: list[str] = []
        post: list[str] = []
        how = ""
        if cold:
            if self.global_no_cache:
                pre, how = ["--no-cache"], "--no-cache"
            elif "--no-cache" in text:
                post, how = ["--no-cache"], "--no-cache"
            else:
                how = "cache folder removed (no --no-cache option)"
        return [*self.pingyi, *pre, *sub, *post, "-w", str(self.ws), *extra], how

    def run_one(self, cmd: list[str], *, cold: bool, flags: bool = True, before=None) -> Run:
        """``cold``: the cache folder removed first; with ``flags`` also PINGYI_NO_CACHE=1
        (``cmd`` carries --no-cache itself when pingyi has it)."""
        if cold:
            drop_cache(self.ws)
        if before is not None:
            before()
        env = {"PINGYI_NO_CACHE": "1"} if cold and flags else {}
        unset = [] if cold and flags else ["PINGYI_NO_CACHE"]
        return measure(cmd, env=env, unset=unset, timeout=self.args.timeout)

    def judge(self, res: Result, ok_codes: tuple[int, ...] = (0,)) -> None:
        for r in res.runs:
            if r.timed_out:
                res.status = f"timeout after {self.args.timeout:.0f} s"
                return
            if r.rc not in ok_codes:
                tail = r.stderr.strip().splitlines()[-3:]
                res.status = f"failed (exit {r.rc})"
                res.note = " | ".join(tail)[:300]
                return

    _pending: tuple[int, str] | None = None

    def _flag_changed_sources(self) -> None:
        if self._pending is None:
            return
        start, digest = self._pending
        self._pending = None
        if git_state()["src_sha256"] != digest:
            for r in self.results[start:]:
                r.note = (r.note + "; " if r.note else "") + "src/pingyi changed during this row: figures unreliable"
                r.sources_changed = True

    # -- the rows

    def do_floor(self) -> None:
        n = self.args.repeat
        log(f"floor: parsing every file with yaml.CSafeLoader ({n}× after one warm-up) …")
        cmd = [self.py, "-c", FLOOR, str(self.ws), json.dumps(workspace_excludes(self.ws))]
        runs, inner = [], []
        for i in range(n + 1):
            r = measure(cmd, timeout=self.args.timeout, keep_stdout=True)
            if r.rc != 0:
                raise SystemExit(f"the floor failed: {r.stderr}")
            if i:  # the first run only warms the page cache
                runs.append(r)
                inner.append(json.loads(r.stdout))
        self.floor = {
            "seconds": statistics.median(x["seconds"] for x in inner),
            "all_seconds": [round(x["seconds"], 3) for x in inner],
            "cpu_seconds": statistics.median(x["cpu_seconds"] for x in inner),
            "process_seconds": statistics.median(r.wall for r in runs),
            "peak_bytes": max(r.peak for r in runs),
            **{k: inner[0][k] for k in ("files", "documents", "bytes", "yaml", "libyaml")},
        }
        log(f"  floor {self.floor['seconds']:.2f} s ({self.floor['files']} files, {self.floor['bytes'] / 1e6:.1f} MB)")

    def do_cold(
        self,
        name: str,
        sub: list[str],
        extra: list[str],
        target: float | None,
        desc: str,
        ok_codes: tuple[int, ...] = (0,),
        output: Path | None = None,
    ) -> None:
        cmd, how = self.command(sub, extra, cold=True)
        res = Result(name, desc, target, cmd or [*self.pingyi, *sub])
        self.results.append(res)
        if cmd is None:
            res.available, res.status = False, "not available"
            log(f"{name}: not available (`pingyi {' '.join(sub)}` does not exist)")
            return
        res.note = how
        log(f"{name}: {' '.join(cmd[2:])} ({how}) …")
        for _ in range(self.args.repeat):
            before = (lambda: output.unlink(missing_ok=True)) if output is not None else None
            res.runs.append(self.run_one(cmd, cold=True, before=before))
            extra_note = ""
            if output is not None and res.runs[-1].rc == 0:
                size = output.stat().st_size if output.exists() else 0
                extra_note = f", {size / 1e6:.1f} MB written"
                res.note = f"{how}; {output.name} {size / 1e6:.1f} MB"
            log(f"  {res.runs[-1].wall:.2f} s, exit {res.runs[-1].rc}{extra_note}")
            if res.runs[-1].rc not in ok_codes:
                break
        self.judge(res, ok_codes)

    def do_warm(
        self,
        name: str,
        sub: list[str],
        extra: list[str],
        target: float | None,
        desc: str,
        third: tuple[str, float | None, str] | None = None,
    ) -> None:
        """Cache removed, one unmeasured run (it writes the cache), then the second run
        is measured; with ``third``, a third run is measured too (by then pingyi may
        serve outputs it remembers). Repeated as a whole sequence."""
        cmd, _ = self.command(sub, extra, cold=False)
        res = Result(name, desc, target, cmd or [*self.pingyi, *sub])
        self.results.append(res)
        res3 = None
        if third is not None:
            res3 = Result(third[0], third[2], third[1], cmd or [*self.pingyi, *sub])
            self.results.append(res3)
        if cmd is None:
            for r in (res, res3):
                if r is not None:
                    r.available, r.status = False, "not available"
            log(f"{name}: not available")
            return
        log(f"{name}: {' '.join(cmd[2:])} (cache removed, one unmeasured run, then measured) …")
        for _ in range(self.args.repeat):
            first = self.run_one(cmd, cold=True, flags=False)
            if first.rc != 0:
                res.runs.append(first)
                self.judge(res)
                return
            res.runs.append(self.run_one(cmd, cold=False))
            log(f"  2nd run {res.runs[-1].wall:.2f} s, exit {res.runs[-1].rc}")
            if res3 is not None:
                res3.runs.append(self.run_one(cmd, cold=False))
                log(f"  3rd run {res3.runs[-1].wall:.2f} s, exit {res3.runs[-1].rc}")
        self.judge(res)
        if res3 is not None:
            self.judge(res3)

    def do_new_warm(self, name: str, sub: list[str], first: list[str], then: list[str], target: float | None, desc: str) -> None:
        """Cache removed, ``sub + first`` run once (unmeasured: it writes the cache), then
        ``sub + then`` measured: a command line never run before, on a warm cache."""
        warm_cmd, _ = self.command(sub, first, cold=False)
        cmd, _ = self.command(sub, then, cold=False)
        res = Result(name, desc, target, cmd or [*self.pingyi, *sub])
        self.results.append(res)
        if cmd is None or warm_cmd is None:
            res.available, res.status = False, "not available"
            return
        log(f"{name}: {' '.join(warm_cmd[2:])} (cache removed, unmeasured), then {' '.join(then)} measured …")
        for _ in range(self.args.repeat):
            prime = self.run_one(warm_cmd, cold=True, flags=False)
            if prime.rc != 0:
                res.runs.append(prime)
                break
            res.runs.append(self.run_one(cmd, cold=False))
            log(f"  {res.runs[-1].wall:.2f} s, exit {res.runs[-1].rc}")
        self.judge(res)

    def do_startup(self, name: str, args: list[str], limit: float) -> None:
        """``pingyi ARGS`` (start-up: nothing read), judged on seconds, not on the floor."""
        cmd = [*self.pingyi, *args]
        res = Result(name, f"pingyi {' '.join(args)}: start-up", None, cmd, limit_seconds=limit)
        self.results.append(res)
        log(f"{name}: {' '.join(cmd[2:])} …")
        for _ in range(max(3, self.args.repeat)):
            res.runs.append(measure(cmd, env={"COLUMNS": "80"}, timeout=self.args.timeout))
        self.judge(res)

    def do_edited(
        self,
        name: str,
        target: float | None,
        desc: str,
        sub: tuple[str, ...] = ("check",),
        extra: tuple[str, ...] = ("--format", "json"),
        *,
        cold: bool = False,
        versus: str | None = None,
        git: bool = False,
    ) -> None:
        cmd, how = self.command(list(sub), list(extra), cold=cold)
        res = Result(name, desc, target, cmd or [*self.pingyi, *sub], versus=versus)
        self.results.append(res)
        editor = Editor(self.ws)
        if cmd is None or editor.file is None:
            res.available, res.status = False, "not available" if cmd is None else "no scores file to edit"
            return
        if git and not self.in_git():
            res.available, res.status = False, "not available (the workspace is not in git)"
            return
        log(f"{name}: one number changed, then {' '.join(cmd[2:])} …")
        try:
            warm_cmd, _ = self.command(list(sub), list(extra), cold=False)
            first = self.run_one(warm_cmd or cmd, cold=False)  # fills the cache
            if first.rc != 0:
                res.runs.append(first)
                self.judge(res)
                return
            for _ in range(self.args.repeat):
                where = editor.edit()
                res.runs.append(self.run_one(cmd, cold=cold))
                log(f"  {res.runs[-1].wall:.2f} s, exit {res.runs[-1].rc} ({where})")
            res.note = f"edited {editor.file.relative_to(self.ws)}" + (f"; {how}" if how else "")
        finally:
            editor.restore()
        self.judge(res)

    def in_git(self) -> bool:
        """The workspace is in a git repository with a commit; a workspace this runner
        generated is committed first."""

        def git(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(["git", *args], cwd=self.ws, capture_output=True, text=True, check=False)

        try:
            if git("rev-parse", "--verify", "--quiet", "HEAD").returncode == 0:
                return True
            if not self.args.generated_here:
                return False
            if git("rev-parse", "--is-inside-work-tree").returncode != 0:
                git("init", "-q")
            git("config", "user.name", "pingyi benchmark")
            git("config", "user.email", "benchmark@pingyi.invalid")
            git("add", "-A")
            return git("commit", "-q", "-m", "generated county").returncode == 0
        except OSError:
            return False

    def run(self) -> None:
        only = set(self.args.only.split(",")) if self.args.only else set(DEFAULT_ROWS)

        def want(key: str) -> bool:
            if key not in only:
                return False
            # pingyi's cache is keyed on its own sources: an edit to src/ in the middle of a
            # row turns a warm run cold. Flag the rows during which the sources changed.
            before = len(self.results)
            digest = git_state()["src_sha256"]
            self._flag_changed_sources()
            self._pending = (before, digest)
            return True

        load0 = os.getloadavg()[0]
        self.do_floor()
        if want("score-cold"):
            self.do_cold("score cold", ["score"], ["--format", "json"], 0.5, "pingyi score --format json, no cache")
        if want("score-new"):
            self.do_new_warm(
                "score new warm",
                ["score"],
                ["--format", "json"],
                ["--format", "csv"],
                0.05,
                "pingyi score --format csv after pingyi score --format json: a command line never run, on a warm cache",
            )
        if want("score-again"):
            self.do_warm(
                "score again", ["score"], ["--format", "json"], None, "pingyi score, the same command line again, nothing changed"
            )
        if want("check-edited"):
            self.do_edited("check edited", 0.05, "pingyi check --format json after one number of one branch changed")
        if want("export-xlsx"):
            out = self.tmp / "county.xlsx"
            self.do_cold(
                "export xlsx",
                ["export", "xlsx"],
                ["-o", str(out)],
                1.0,
                "pingyi export xlsx of the whole workspace, no cache",
                output=out,
            )
        if want("startup"):
            self.do_startup("--version", ["--version"], 0.1)
            self.do_startup("--help", ["--help"], 0.1)
        if want("check-cold"):
            self.do_cold("check cold", ["check"], ["--format", "json"], None, "pingyi check, no cache")
        if want("check-warm"):
            self.do_warm("check warm", ["check"], ["--format", "json"], None, "pingyi check, second run, nothing changed")
        if want("score-warm"):
            self.do_warm(
                "score warm",
                ["score"],
                ["--format", "json"],
                None,
                "pingyi score, second run, nothing changed",
                ("score warm, 3rd run", None, "pingyi score, third run (remembered output, if pingyi keeps it)"),
            )
        if want("diff-edited"):
            self.do_edited("score edited", None, "pingyi score --format json after one number of one branch changed", ("score",))
            self.do_edited(
                "diff edited",
                2.0,
                "pingyi diff HEAD --format json after one number of one branch changed",
                ("diff", "HEAD"),
                versus="score edited",
                git=True,
            )
        if want("diff-cold"):
            if not any(r.name == "score cold" for r in self.results):
                self.do_cold("score cold", ["score"], ["--format", "json"], 0.5, "pingyi score --format json, no cache")
            self.do_edited(
                "diff cold",
                2.0,
                "pingyi diff HEAD --format json after one number changed, no cache",
                ("diff", "HEAD"),
                cold=True,
                versus="score cold",
                git=True,
            )
        self._flag_changed_sources()
        self.load = (load0, os.getloadavg()[0])
        if self.args.drop_cache_after:
            drop_cache(self.ws)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- reporting

    def verdict(self, r: Result) -> bool | None:
        """Whether a row meets its target and the memory limit; None for a row with no
        target that stays within memory, or one that could not be measured."""
        memory_ok = (r.peak or 0) <= self.memory_limit
        has_target = r.target is not None or r.limit_seconds is not None
        if r.seconds is None:
            return False if has_target and r.available and r.status != "ok" else None
        if r.limit_seconds is not None:
            return r.seconds <= r.limit_seconds and memory_ok
        judged = self.judged_ratio(r)
        if r.target is None or judged is None:
            return None if memory_ok else False
        return judged <= r.target and memory_ok

    def rows(self) -> list[tuple[str, ...]]:
        """measure, seconds, × floor, target, result, peak MB, cpu s, cpu ×: the floor
        first, then every row."""
        floor = self.floor["seconds"]
        cfloor = self.floor["cpu_seconds"]
        rows = [
            (
                "floor: CSafeLoader, gc off",
                f"{floor:.2f}",
                "1.00",
                "",
                "",
                f"{self.floor['peak_bytes'] / MB:.0f}",
                f"{cfloor:.2f}",
                "1.00",
            )
        ]
        for r in self.results:
            peak = r.peak
            mem = f"{peak / MB:.0f}" if peak else ""
            if peak and peak > self.memory_limit:
                mem += f" (> {self.memory_limit / MB:.0f})"
            if r.limit_seconds is not None:
                target = f"≤ {r.limit_seconds:g} s"
            elif r.target is not None:
                target = f"≤ {r.target:g}" + (f" × {r.versus}" if r.versus is not None else "")
            else:
                target = "(info)"
            ok = self.verdict(r)
            if r.seconds is None:
                rows.append((r.name, "—", "—", target, ("FAIL: " if ok is False else "") + r.status, mem, "", ""))
                continue
            ratio = r.seconds / floor
            verdict = "info" if ok is None else ("PASS" if ok else "FAIL")
            judged = self.judged_ratio(r)
            if r.versus is not None and judged is not None:
                verdict += f" ({judged:.2f} ×)"
            cpu = r.cpu or 0.0
            rows.append((r.name, f"{r.seconds:.2f}", f"{ratio:.2f}", target, verdict, mem, f"{cpu:.2f}", f"{cpu / cfloor:.2f}"))
        return rows

    def notes(self) -> list[str]:
        notes = [f"{r.name}: {r.note}" for r in self.results if r.note]
        if self.load:
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
            busy = max(self.load) > cores
            notes.append(
                f"load average before/after: {self.load[0]:.2f} / {self.load[1]:.2f} on {cores} cores"
                + (": the machine was busy, wall times are inflated; compare the cpu columns" if busy else "")
            )
        return notes

    def table(self) -> str:
        header = ("measure", "seconds", "× floor", "target", "result", "peak MB", "cpu s", "cpu ×")
        lines = format_table([header, *self.rows()], right=(1, 2, 5, 6, 7))
        notes = [f"  memory limit: {self.memory_limit / MB:.0f} MB", *(f"  {n}" for n in self.notes())]
        return "\n".join(lines + ["", "notes:", *notes])

    def judged_ratio(self, r: Result) -> float | None:
        """The ratio the target is judged on: to the floor, or to the row ``versus``."""
        if r.seconds is None:
            return None
        if r.versus is None:
            return r.seconds / self.floor["seconds"]
        base = next((x.seconds for x in self.results if x.name == r.versus), None)
        return r.seconds / base if base else None

    def report(self, mach: dict[str, Any], generated: dict[str, Any] | None) -> dict[str, Any]:
        floor = self.floor["seconds"]
        out_rows = []
        for r in self.results:
            s = r.seconds
            ratio = s / floor if s is not None else None
            out_rows.append(
                {
                    "name": r.name,
                    "description": r.description,
                    "command": r.command,
                    "available": r.available,
                    "status": r.status,
                    "note": r.note,
                    "sources_changed": r.sources_changed,
                    "seconds": s,
                    "ratio": ratio,
                    "target_ratio": r.target,
                    "cpu_seconds": r.cpu,
                    "cpu_ratio": (r.cpu / self.floor["cpu_seconds"]) if r.cpu else None,
                    "peak_bytes": r.peak,
                    "runs": [
                        {
                            "seconds": x.wall,
                            "cpu_seconds": x.cpu,
                            "exit": x.rc,
                            "maxrss_bytes": x.maxrss,
                            "tree_peak_bytes": x.tree_peak,
                        }
                        for x in r.runs
                    ],
                    "versus": r.versus,
                    "limit_seconds": r.limit_seconds,
                    "judged_ratio": self.judged_ratio(r),
                    "pass": self.verdict(r),
                }
            )
        judged = [x for x in out_rows if x["target_ratio"] is not None or x["limit_seconds"] is not None]
        failed = [x["name"] for x in judged if x["pass"] is False]
        unmeasured = [x["name"] for x in judged if x["pass"] is None]
        return {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": mach,
            "workspace": str(self.ws),
            "generated": generated,
            "repeat": self.args.repeat,
            "load_average": self.load,
            "floor": self.floor,
            "results": out_rows,
            "layout": self.layout,
            "scale": self.scale,
            "memory_limit_bytes": self.memory_limit,
            "targets_failed": failed,
            "targets_not_measured": unmeasured,
            "all_targets_met": None if unmeasured else not failed,
        }


def format_table(rows: list[tuple[str, ...]], right: tuple[int, ...]) -> list[str]:
    """Rows as aligned text lines, a rule under the first."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for k, row in enumerate(rows):
        cells = [_pad(c, widths[i], right=i in right) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, w: int, *, right: bool) -> str:
    gap = " " * (w - _width(s))
    return gap + s if right else s + gap


def prepare(args: argparse.Namespace, layout: str, scale: float) -> tuple[Path, dict[str, Any] | None, bool]:
    """The workspace to measure (generated when it holds none), its figures, and whether
    it is a temporary one to remove afterwards."""
    sys.path.insert(0, str(HERE))
    sys.dont_write_bytecode = True  # no __pycache__ in benchmarks/
    import generate  # noqa: PLC0415

    if args.workspace is not None:
        ws, temporary = args.workspace, False
    elif args.workdir is not None:
        ws, temporary = args.workdir / f"{layout}-{scale:g}", False
    else:
        ws, temporary = Path(tempfile.mkdtemp(prefix=f"pingyi-county-{layout}-{scale:g}-")), True
    generated = None
    args.generated_here = not (ws / "pingyi.yaml").exists()
    if not (ws / "pingyi.yaml").exists():
        log(f"generating a scale-{scale:g} workspace, {layout} layout, in {ws} …")
        generated = generate.generate(ws, scale, args.year, args.seed, layout=layout)
        log(
            f"  {generated['files']} files, {generated['megabytes']} MB, {generated['numbers']:,} numbers in {generated['seconds']} s"
        )
    else:
        try:
            generated = json.loads((ws / "generated.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            generated = None
        if (ws / "planted.json").exists():
            log("note: this workspace has planted errors; check and score will exit 1")
    return ws.resolve(), generated, temporary


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    p.add_argument("--scale", type=float, default=1.0, help="workspace size to generate (1.0 = a county; default 1)")
    p.add_argument("--layout", choices=("project", "onefolder"), default="project", help="layout to generate (default project)")
    p.add_argument("--scales", help="comma list of scales, each measured in turn (e.g. 1,4)")
    p.add_argument("--layouts", help="comma list of layouts, each measured in turn (e.g. project,onefolder)")
    p.add_argument("--workdir", type=Path, help="keep the generated workspaces here (DIR/LAYOUT-SCALE), reused when present")
    p.add_argument("--workspace", "-w", type=Path, help="use this workspace (generated there first if it holds none)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--year", type=int, default=2024)
    p.add_argument("--repeat", type=int, default=1, metavar="N", help="measure each N times and take the median")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the figures and the machine here")
    p.add_argument("--python", default=default_python(), help="the Python that has pingyi installed (default: the repo's .venv)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds before a command is stopped (default 1800)")
    p.add_argument("--only", help=f"comma list of: {', '.join(ALL_ROWS)} (default: {', '.join(DEFAULT_ROWS)})")
    p.add_argument("--keep", action="store_true", help="keep a generated temporary workspace")
    p.add_argument("--drop-cache-after", action="store_true", help="remove .pingyi-cache from the workspace at the end")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    layouts = [x.strip() for x in args.layouts.split(",")] if args.layouts else [args.layout]
    try:
        scales = [float(x) for x in args.scales.split(",")] if args.scales else [args.scale]
    except ValueError:
        p.error("--scales takes numbers, e.g. 1,4")
    if any(x not in ("project", "onefolder") for x in layouts):
        p.error("--layouts takes project and onefolder")
    if any(x <= 0 for x in scales):
        p.error("scales must be above 0")
    if args.workspace is not None and len(layouts) * len(scales) > 1:
        p.error("--workspace measures one workspace: use --workdir with --layouts/--scales")
    unknown = set(args.only.split(",")) - set(ALL_ROWS) if args.only else set()
    if unknown:
        p.error(f"unknown rows: {', '.join(sorted(unknown))}")

    mach = machine(args.python)
    mach["bytecode"] = byte_compile(args.python)
    log(f"machine: {mach['cpu']}, {mach['usable_cores']} cores, Python {mach.get('python')}, pingyi {mach.get('pingyi')}")
    benches: list[tuple[Bench, dict[str, Any]]] = []
    for layout in layouts:
        for scale in scales:
            ws, generated, temporary = prepare(args, layout, scale)
            try:
                real_scale = float(generated["scale"]) if generated and "scale" in generated else scale
                real_layout = str(generated.get("layout", "project")) if generated else layout
                bench = Bench(args, ws, real_scale, real_layout)
                bench.run()
                benches.append((bench, bench.report(mach, generated)))
            finally:
                if temporary and not args.keep:
                    shutil.rmtree(ws, ignore_errors=True)
    after = git_state()
    if after["src_sha256"] != mach["git"]["src_sha256"]:
        mach["git_at_end"] = after
        log(
            f"WARNING: src/pingyi changed during the run ({mach['git']['src_sha256']} → {after['src_sha256']}); "
            "the rows may measure different code"
        )
    if len(benches) == 1:
        print(benches[0][0].table())
        report: dict[str, Any] = benches[0][1]
    else:
        print(combined_table([b for b, _ in benches]))
        report = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": mach, "runs": [r for _, r in benches]}
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log(f"figures written to {args.json}")
    return 1 if any(r["targets_failed"] for _, r in benches) else 0


def combined_table(benches: list[Bench]) -> str:
    """One table for several workspaces: a block of rows per layout and scale."""
    header = ("layout", "scale", "measure", "seconds", "× floor", "target", "result", "peak MB", "cpu s", "cpu ×")
    rows: list[tuple[str, ...]] = [header]
    notes: list[str] = []
    for bench in benches:
        label = (bench.layout or "?", f"{bench.scale:g}" if bench.scale else "?")
        for k, row in enumerate(bench.rows()):
            rows.append((*(label if k == 0 else ("", "")), *row))
        notes.append(f"  {label[0]} {label[1]}×: memory limit {bench.memory_limit / MB:.0f} MB")
        notes.extend(f"    {n}" for n in bench.notes())
    return "\n".join(format_table(rows, right=(1, 3, 4, 7, 8, 9)) + ["", "notes:", *notes])


if __name__ == "__main__":
    sys.exit(main())
