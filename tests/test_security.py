"""A workspace from someone else is untrusted input: no file outside it touched, leaked or
run, no worker left behind, no silent wrong result (README, "Security"). One test (or
more) per way it was once broken."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import pingyi
from pingyi.io import cache as cache_module
from pingyi.io.cache import CACHE_DIR, GITIGNORE, KEY_BYTES
from pingyi.io.write import UnsafePath, make_dirs, write_atomic
from wsfactory import ORGS, ROUND_R1, load, make_ws, one, only, run

posix = pytest.mark.skipif(os.name != "posix", reason="symbolic links, modes and signals as on POSIX")
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full and /proc are Linux")

ROUND = ROUND_R1
SECRET = "ghp_0123456789abcdefTOPSECRETTOKEN"


@pytest.fixture(autouse=True)
def private_cache_key(private_cache):
    """Every test here with a cache key of its own (conftest's ``private_cache``)."""


def _age(root: Path, seconds: float = 10) -> None:
    past = time.time() - seconds
    for path in [*root.rglob("*.yaml"), root / "pingyi.yaml"]:
        os.utime(path, (past, past), follow_symlinks=False)


def _pingyi(args: list[str], cwd: Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("capture_output", True)
    return subprocess.run(
        [sys.executable, "-m", "pingyi", *args], cwd=cwd, env={**os.environ, **(env or {})}, text=True, timeout=120, **kwargs
    )


# 1. a received workspace must not make pingyi delete, create or write files elsewhere


@posix
def test_a_results_folder_that_links_elsewhere_is_never_pruned(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(100):
        (docs / hashlib.sha256(str(i).encode()).hexdigest()).write_text("mine", encoding="utf-8")
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    (root / CACHE_DIR).mkdir()
    os.symlink(docs, root / CACHE_DIR / "results")
    _age(root)
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    for _ in range(3):
        assert _pingyi(["coverage", "-w", str(root), "--round", "r1"], root, env).returncode == 0
    assert len(list(docs.iterdir())) == 100


@posix
def test_a_cache_folder_that_links_elsewhere_is_not_written(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    os.symlink(elsewhere, root / CACHE_DIR)
    assert pingyi.load(root, cache=True).ok
    assert list(elsewhere.iterdir()) == []


@posix
def test_a_dangling_gitignore_link_creates_nothing(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    (root / CACHE_DIR).mkdir()
    target = tmp_path / "created-by-pingyi"
    os.symlink(target, root / CACHE_DIR / ".gitignore")
    assert pingyi.load(root, cache=True).ok
    assert not target.exists()
    ignore = root / CACHE_DIR / ".gitignore"
    assert not ignore.is_symlink() and ignore.read_text(encoding="utf-8") == GITIGNORE


@posix
def test_make_dirs_refuses_links_and_files(tmp_path):
    os.symlink(tmp_path, tmp_path / "link")
    with pytest.raises(UnsafePath):
        make_dirs(tmp_path / "link" / "x", tmp_path)
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(UnsafePath):
        make_dirs(tmp_path / "file" / "x", tmp_path)
    assert make_dirs(tmp_path / "a" / "b", tmp_path).is_dir()


# 2. the cache is trusted only when signed with a whole key; the key is made atomically


def _evil_cache(root: Path, key: bytes, marker: Path) -> None:
    class Evil:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    body = cache_module._tag(pingyi.__version__) + b"P" + pickle.dumps((0.0, Evil(), {}))
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    (folder / "index.data").write_bytes(hmac.new(key, body, "sha256").digest() + body)


@pytest.mark.parametrize("length", [0, 5, KEY_BYTES - 1])
def test_a_short_key_never_signs_or_trusts_a_cache(tmp_path, length):
    key_file = tmp_path / "user-cache" / "pingyi" / "cache-key"
    key_file.parent.mkdir(parents=True)
    key_file.write_bytes(b"k" * length)  # a first write cut short (disk full)
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    marker = tmp_path / "code-ran"
    _evil_cache(root, b"k" * length, marker)
    assert pingyi.load(root, cache=True).ok
    assert not marker.exists()
    assert len(key_file.read_bytes()) == KEY_BYTES  # replaced whole


_KEY_RACE = """
import sys, time
from pingyi.io import cache
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
key = cache._key()
print(key.hex() if key else "none")
"""


def test_processes_starting_together_share_one_whole_key(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "fresh")}
    start = str(time.time() + 1.5)
    procs = [
        subprocess.Popen([sys.executable, "-c", _KEY_RACE, start], env=env, stdout=subprocess.PIPE, text=True) for _ in range(8)
    ]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and len(bytes.fromhex(keys.pop())) == KEY_BYTES


# 3. nothing outside the workspace is read, and no message quotes a whole file


@posix
def test_links_out_of_the_workspace_are_not_followed(tmp_path):
    secrets_dir = tmp_path / "home"
    secrets_dir.mkdir()
    (secrets_dir / "token.yaml").write_text(SECRET + "\n", encoding="utf-8")
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    os.symlink(secrets_dir / "token.yaml", root / "token.yaml")
    os.symlink(secrets_dir, root / "home")
    os.symlink(root / "orgs.yaml", root / "same.yaml")  # inside: followed (a duplicate)
    result = load(root)
    warned = sorted(d.file for d in result.diagnostics if d.code == "link-outside")
    assert warned == ["home", "token.yaml"]
    assert all(not d.is_error for d in result.diagnostics if d.file in warned)
    assert any(d.file == "same.yaml" for d in result.errors)
    out = run("check", "-w", root)
    assert SECRET not in out.output


def test_rules_named_outside_the_workspace_are_not_read(tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS}, config=f"pingyi: 1\nname: 测试\nyear: 2024\nrules: {secret}\n")
    result = load(root)
    only(result, "rules-outside")
    checked = run("check", "-w", root, "--format", "json")
    assert checked.exit_code == 1 and SECRET not in checked.output


def test_a_message_quotes_only_an_excerpt(tmp_path):
    long = "x" * 5000
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "blob.yaml": long + "\n"})
    d = one(load(root), "not-a-document")
    assert "x" * 400 not in d.message and len(d.message) < 400


# 5. a folder that cannot be read is an error, never passed over


def test_an_unreadable_folder_is_an_error(tmp_path, monkeypatch):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "rounds/r.yaml": ROUND})
    real = os.scandir

    def scandir(path=".", *args):
        if Path(path).name == "rounds":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = load(root)
    d = only(result, "unreadable-folder")
    assert d.file == "rounds" and "Permission denied" in d.message
    assert run("check", "-w", root).exit_code == 1


# 6. an output is never filed under inputs it was not computed from


def _counting_run(monkeypatch, root: Path, argv: list[str], during=None) -> tuple[int, int]:
    """Run ``pingyi ARGV`` through the remembered-output machinery in this process; the
    exit code and how many times the workspace was loaded."""
    from pingyi import memo
    from pingyi.cli import app, common

    loads = []
    real_load = common.load

    def counted(*args, **kwargs):
        loads.append(1)
        result = real_load(*args, **kwargs)
        if during is not None:
            during()
        return result

    monkeypatch.setattr(common, "load", counted)

    def main() -> None:
        app(args=argv, prog_name="pingyi")

    with pytest.raises(SystemExit) as exc:
        memo.run(main, argv, pingyi.__version__)
    monkeypatch.setattr(common, "load", real_load)
    return int(exc.value.code or 0), len(loads)


def test_an_edit_during_the_run_files_nothing(tmp_path, monkeypatch, capsys):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    _age(root)
    argv = ["coverage", "-w", str(root), "--round", "r1", "--format", "json"]
    _counting_run(monkeypatch, root, argv)  # fills the file cache

    def edit() -> None:
        config = root / "pingyi.yaml"
        config.write_text(config.read_text(encoding="utf-8").replace("测试党委", "改名党委"), encoding="utf-8")
        past = time.time() - 10
        os.utime(config, (past, past))

    table = argv[:-2]  # a command line not remembered yet: it runs, and meanwhile...
    assert _counting_run(monkeypatch, root, table, during=edit) == (0, 1)
    assert _counting_run(monkeypatch, root, table) == (0, 1)  # computed afresh, not served
    assert _counting_run(monkeypatch, root, table) == (0, 0)  # and remembered from then on


# 7. workers die with their parent

_WORKERS = """
import os, sys, time
import pingyi.loader as loader

read_one = loader._read_one_path

def slow(item):
    time.sleep(60)
    return read_one(item)

loader._read_one_path = slow
loader.PARALLEL_MIN_FILES = 2
pingyi_root = sys.argv[1]
loader.load(pingyi_root)
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@linux
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_parse_workers_die_within_a_second_of_their_parent(tmp_path, sig):
    files = {f"f{i}.yaml": ROUND.replace("r1", f"r{i}") for i in range(4)}
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, **files})
    parent = subprocess.Popen([sys.executable, "-c", _WORKERS, str(root)])
    try:
        deadline = time.time() + 60
        workers: set[int] = set()
        started = min(os.cpu_count() or 1, 8) - 1  # pingyi itself is the last worker
        while time.time() < deadline and len(workers) < started:
            time.sleep(0.1)
            workers = _children(parent.pid)
        assert len(workers) >= max(1, started)
        time.sleep(0.5)  # the workers are busy parsing
        parent.send_signal(sig)
        parent.wait(timeout=30)
        gone_by = time.time() + 1.0
        while time.time() < gone_by and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers)
    finally:
        parent.kill()
        for w in _children(parent.pid):
            os.kill(w, signal.SIGKILL)


# 8. positions are found in time linear in the number of diagnostics


def test_locating_many_diagnostics_splits_a_file_once(tmp_path, monkeypatch):
    from pingyi.io import locate as locate_module
    from pingyi.io import yaml as yaml_module

    members = "".join(f"      - {{id: m{i:04d}, name: 党员}}\n" for i in range(300))
    org = f"kind: org\norgs:\n  - id: dw\n    name: 党委\n    type: committee\n    members:\n{members}"
    root = make_ws(tmp_path / "ws", {"a.yaml": org, "b.yaml": org}, orgs=False)
    splits = []

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def split(self, text):
            splits.append(1)
            return self.pattern.split(text)

    for module in (yaml_module, locate_module):
        if hasattr(module, "_LINE_BREAK"):
            monkeypatch.setattr(module, "_LINE_BREAK", Counting(module._LINE_BREAK))
    result = load(root)
    assert len(result.errors) >= 300 and all(d.line is not None for d in result.errors)
    assert len(splits) <= 4


# 9. no traceback: deep nesting, an output that cannot be written


@pytest.mark.parametrize(
    "where",
    [
        "kind: org\norgs: {deep}\n",
        "kind: {deep}\n",
        "kind: org\norgs:\n  - id: dw\n    name: 党委\n    type: committee\n    x-note: {deep}\n",
    ],
)
def test_deep_nesting_is_an_error(tmp_path, where):
    deep = "[" * 600 + "]" * 600
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "deep.yaml": where.format(deep=deep)})
    result = run("check", "-w", root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    only(load(root), "yaml-depth")


def test_deep_nesting_in_the_workspace_file_is_an_error(tmp_path):
    deep = "[" * 600 + "]" * 600
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS}, config=f"pingyi: 1\nname: 测试\nyear: 2024\nexclude: {deep}\n")
    result = run("check", "-w", root)
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)


@linux
def test_a_full_disk_or_closed_output_is_an_error_not_a_traceback(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    args = ["coverage", "-w", str(root), "--round", "r1", "--format", "json"]
    with open("/dev/full", "w") as full:
        proc = _pingyi(["--no-cache", *args], root, stdout=full, capture_output=False, stderr=subprocess.PIPE)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stderr.strip()
    closed = subprocess.run(
        [sys.executable, "-m", "pingyi", "--no-cache", *args],
        cwd=root,
        stderr=subprocess.PIPE,
        text=True,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
        timeout=120,
    )
    assert closed.returncode == 2 and "Traceback" not in closed.stderr


# 10. written files keep their mode; new ones get the umask's


@posix
def test_write_atomic_keeps_the_mode_and_follows_the_umask(tmp_path):
    kept = tmp_path / "scores.yaml"
    kept.write_text("old", encoding="utf-8")
    os.chmod(kept, 0o644)
    write_atomic(kept, "new", overwrite=True)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644 and kept.read_text(encoding="utf-8") == "new"
    old_mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.xlsx", b"x")
        os.umask(0o027)
        write_atomic(tmp_path / "private.xlsx", b"x")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "new.xlsx").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private.xlsx").stat().st_mode) == 0o640


@posix
def test_write_atomic_replaces_a_link_instead_of_writing_through_it(tmp_path):
    target = tmp_path / "target"
    target.write_text("keep", encoding="utf-8")
    os.symlink(target, tmp_path / "out.csv")
    write_atomic(tmp_path / "out.csv", "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "keep" and not (tmp_path / "out.csv").is_symlink()


# 11. identical files keep their own diagnostics through the cache


def test_identical_files_report_the_same_with_and_without_the_cache(tmp_path):
    broken = ROUND.replace("subject: zb1", "subject: zz9")
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "a.yaml": broken, "b.yaml": broken.replace("r1", "r2")})
    (root / "c.yaml").write_text(textwrap.dedent("kind: round\nid: r9\n"), encoding="utf-8")
    (root / "d.yaml").write_text(textwrap.dedent("kind: round\nid: r9\n"), encoding="utf-8")
    _age(root)
    fresh = [d.format() for d in pingyi.load(root).diagnostics]
    for _ in range(2):
        assert [d.format() for d in pingyi.load(root, cache=True).diagnostics] == fresh
    assert sum("d.yaml" in line for line in fresh) >= 1


# 13. the cache's .gitignore is whole or absent, even on a full disk

_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
import pingyi
pingyi.load(sys.argv[1], cache=True)
"""


@linux
def test_a_full_disk_leaves_no_empty_gitignore(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    key = tmp_path / "user-cache" / "pingyi" / "cache-key"
    key.parent.mkdir(parents=True)
    key.write_bytes(os.urandom(KEY_BYTES))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache"), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-c", _FULL_DISK, str(root)], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    ignore = root / CACHE_DIR / ".gitignore"
    assert not ignore.exists() or ignore.read_text(encoding="utf-8") == GITIGNORE
    (root / CACHE_DIR).mkdir(exist_ok=True)
    ignore.write_text("", encoding="utf-8")  # left empty by an older pingyi: mended
    assert pingyi.load(root, cache=True).ok
    assert ignore.read_text(encoding="utf-8") == GITIGNORE


def test_remembered_outputs_are_plain_data(tmp_path):
    from pingyi import memo

    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    memo.store(root, "a" * 64, pingyi.__version__, 0, "out", "err")
    blob = (root / CACHE_DIR / "results" / ("a" * 64)).read_bytes()
    body = blob[32 + len(cache_module._tag(pingyi.__version__)) :]
    assert body == b"B0\x003\x00errout"  # the code, stderr's length, stderr, stdout: bytes, no code
    assert memo.lookup(root, "a" * 64, pingyi.__version__) == (0, "out", "err")
    memo.store(root, "b" * 64, pingyi.__version__, 1, ["党员", "积分\udcff", ""], "错误：x")
    assert memo.lookup(root, "b" * 64, pingyi.__version__) == (1, "党员积分\udcff", "错误：x")
    for damaged in (b"B0\x009\x00err", b"Bx\x000\x00", b"B0\x00-5\x00abc", b"B0\x000\x00\xff"):
        assert cache_module.save_signed_bytes(root, "results/" + "c" * 64, pingyi.__version__, [damaged[1:]])
        assert memo.lookup(root, "c" * 64, pingyi.__version__) is None


def test_the_cache_never_unpickles_even_with_the_right_key(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    key = cache_module._key()
    assert key is not None
    marker = tmp_path / "code-ran"
    _evil_cache(root, key, marker)
    assert pingyi.load(root, cache=True).ok
    assert not marker.exists()


def test_a_crafted_shard_signed_with_the_right_key_runs_nothing(tmp_path):
    """The shards of parsed files: one naming a type outside pingyi (or a pickle) is not
    decoded, and the files are read again."""
    import marshal

    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "b/x.yaml": ORGS.replace("zb1", "zb9")})
    first = pingyi.load(root, cache=True)
    key = cache_module._key()
    assert key is not None
    marker = tmp_path / "code-ran"
    index = cache_module._load_index(root, pingyi.__version__)
    for shard, generation in index[2].items():
        crafted = (generation, {"orgs.yaml\0x": ("C", "subprocess:Popen", [["mkdir", str(marker)]])})
        body = cache_module._tag(pingyi.__version__) + b"D" + marshal.dumps(crafted)
        (root / CACHE_DIR / f"files-{shard}.data").write_bytes(hmac.new(key, body, "sha256").digest() + body)
    again = pingyi.load(root, cache=True)
    assert not marker.exists()
    assert [d.format() for d in again.diagnostics] == [d.format() for d in first.diagnostics]


@pytest.mark.parametrize(
    "crafted",
    [
        ("M", "os:system", [], {}),
        ("C", "subprocess:Popen", [["true"]]),
        ("E", "pingyi.io.write:FileExists", 1),
        ("s", "pingyi.loader:FileResult", "x"),
        ("M", "pingyi.io:__builtins__", [], {}),
        ("M", "pingyi.model:WorkspaceConfig", [], {"__class__": "x"}),
        ("N", "pingyi.model:WorkspaceConfig", ["__class__"], [[]], [], [[0, "x"]]),
        ("N", "os:system", ["x"], [[]], [], [[0, "x"]]),
        ("X", 1),
        ("L", "os:system", b""),
        ("L", "pingyi.loader:FileResult", b""),
        ("F", [0, "os:system", b""], ("t", []), ("t", [])),
        ("F", [0, "pingyi.model.scores:ScoresDoc"], ("t", []), ("t", [])),
    ],
)
def test_the_plain_encoding_builds_only_pingyi_data_types(crafted):
    import marshal

    from pingyi.io import plain

    with pytest.raises(plain.Refused):
        plain.loads(marshal.dumps(crafted))


def test_the_plain_encoding_gives_back_every_parsed_file_of_the_example():
    from pingyi.io import plain
    from pingyi.loader import read_file
    from pingyi.model.deferred import Deferred, resolve
    from wsfactory import EXAMPLE

    files = sorted(EXAMPLE.rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        result = read_file(path.relative_to(EXAMPLE).as_posix(), path.read_bytes())
        again = plain.loads(plain.dumps(result))
        # the documents come back deferred: decoded when first read, to what was written
        assert all(type(model) is Deferred for _, model in again.documents), path
        assert [(i, resolve(m)) for i, m in again.documents] == list(result.documents), path
        assert (again.raw_rules, again.diagnostics) == (result.raw_rules, result.diagnostics), path
        for (_, model), (_, back) in zip(result.documents, again.documents):  # what was written, too
            assert resolve(back).model_dump(exclude_unset=True) == model.model_dump(exclude_unset=True), path
        # written again undecoded, a deferred document keeps its bytes; decoded, it lets
        # them go and is written from its model, to the same model
        undecoded = plain.loads(plain.dumps(result))
        thrice = plain.loads(plain.dumps(undecoded))
        assert [m.data for _, m in thrice.documents] == [m.data for _, m in undecoded.documents], path
        assert all(m.data is None for _, m in again.documents), path
        assert [resolve(m) for _, m in plain.loads(plain.dumps(again)).documents] == [m for _, m in result.documents], path


def test_a_deferred_document_decodes_only_to_its_own_class():
    import marshal

    from pingyi.io import plain
    from pingyi.model import ScoresDoc
    from pingyi.model.deferred import Deferred

    other = plain.dumps(("M", "pingyi.model:WorkspaceConfig", [], {}))
    with pytest.raises(plain.Refused):
        Deferred(ScoresDoc, other).load()
    with pytest.raises(plain.Refused):
        Deferred(ScoresDoc, marshal.dumps(("M", "os:system", [], {}))).load()


@pytest.mark.parametrize(
    "crafted",
    [
        ("P", ["a"], [1], [0], ["os:system"], [b""], {}),
        ("P", ["a"], [1], [0], ["pingyi.loader:FileResult"], [b""], {}),
        ("P", ["a"], [2], [0], ["pingyi.model.scores:ScoresDoc"], [b""], {}),
        ("P", ["a"], [1], [0], ["pingyi.model.scores:ScoresDoc"], ["text"], {}),
        ("P", ["a"], [0], [], [], [], {0: ("x", ())}),
        ("Q", ["a"], [0], [], [], [], {}),
        ("P", ["a"], [0]),
    ],
)
def test_a_cache_shard_builds_only_pingyi_documents(crafted):
    """A shard's flat columns (keys, counts, indexes, classes, bytes) are checked before a
    single result is made: a class outside pingyi's models, counts that do not add up or
    anything but bytes are refused."""
    from pingyi.io import plain

    with pytest.raises(plain.Refused):
        plain.unpack_results(crafted)


def test_a_cache_shard_gives_back_what_was_packed():
    from pingyi.io import plain
    from pingyi.loader import read_file
    from pingyi.model.deferred import resolve
    from wsfactory import EXAMPLE

    results = {p.name: read_file(p.name, p.read_bytes()) for p in sorted(EXAMPLE.rglob("*.yaml"))}
    back = plain.unpack_results(plain.loads(plain.dumps(plain.pack_results(results))))
    assert list(back) == list(results)
    for name, result in results.items():
        assert [(i, resolve(m)) for i, m in back[name].documents] == list(result.documents), name
        assert (back[name].raw_rules, back[name].diagnostics) == (result.raw_rules, result.diagnostics), name
