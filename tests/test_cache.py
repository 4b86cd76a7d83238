"""The file cache and the remembered report outputs: faster, never different."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pingyi
from pingyi.io.cache import CACHE_DIR, FileCache, shard_of
from pingyi.loader import read_files
from wsfactory import CONFIG, ORGS, ROUND_R1, make_ws

ROUND = ROUND_R1


#: Every test with a cache key of its own and the cache on (conftest's ``private_cache``).
pytestmark = pytest.mark.usefixtures("private_cache")


def _age(root: Path, seconds: float = 10) -> None:
    """Make every file look older than the cache, as after a pause between edits."""
    past = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def test_second_load_comes_from_the_cache_and_is_identical(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND.replace("zb1, date", "zz9, date")})
    _age(root)
    first = pingyi.load(root, cache=True)
    assert list((root / CACHE_DIR).glob("files-*.data"))
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if p.name != "pingyi.yaml")
    cached, _, _ = read_files(root, names)
    assert all(cached[n] is not None for n in names)
    second = pingyi.load(root, cache=True)
    assert [d.format() for d in second.diagnostics] == [d.format() for d in first.diagnostics]
    assert any(d.code == "unknown-subject" for d in second.errors)


def test_a_quick_same_size_edit_is_seen(tmp_path):
    """A file changed within two seconds of the cache being written is hashed again, even
    when its size and modification time (coarse on some file systems) look the same."""
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    assert pingyi.load(root, cache=True).ok
    path = root / "r.yaml"
    stat = path.stat()
    path.write_text(ROUND.replace("subject: zb1", "subject: zb9"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = pingyi.load(root, cache=True)
    assert any(d.code == "unknown-subject" for d in result.errors)


def test_an_edit_with_a_new_time_is_seen(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    _age(root)
    assert pingyi.load(root, cache=True).ok
    (root / "r.yaml").write_text(ROUND.replace("subject: zb1", "subject: zb9"), encoding="utf-8")
    assert any(d.code == "unknown-subject" for d in pingyi.load(root, cache=True).errors)


def test_corrupt_or_foreign_cache_is_ignored(tmp_path, monkeypatch):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    assert pingyi.load(root, cache=True).ok
    for cache in (root / CACHE_DIR).glob("*.data"):
        cache.write_bytes(b"\x00" * 100)
    assert pingyi.load(root, cache=True).ok
    # a cache signed with another user's key is never decoded
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert FileCache(root, pingyi.__version__)._stats == {}
    assert pingyi.load(root, cache=True).ok


def test_no_cache_reads_everything_and_writes_nothing(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    assert pingyi.load(root, cache=False).ok
    assert not (root / CACHE_DIR).exists()


def _pingyi(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pingyi", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_remembered_output_equals_a_fresh_run_and_follows_edits(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    _age(root)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    args = ["coverage", "-w", str(root), "--format", "json", "--round", "r1"]
    fresh = _pingyi(["--no-cache", *args], root, env)
    assert fresh.returncode == 0, fresh.stderr
    first = _pingyi(args, root, env)  # fills the file cache
    second = _pingyi(args, root, env)  # stores the output
    third = _pingyi(args, root, env)  # served from memory
    assert first.stdout == second.stdout == third.stdout == fresh.stdout
    assert third.returncode == 0
    assert any((root / CACHE_DIR / "results").iterdir())
    # an edit changes the answer
    (root / "r.yaml").write_text(ROUND.replace("subject: zb1", "subject: [zb1, zb2]"), encoding="utf-8")
    after = _pingyi(args, root, env)
    assert after.stdout != third.stdout
    assert after.stdout == _pingyi(["--no-cache", *args], root, env).stdout


def test_memo_keeps_exit_codes(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    _age(root)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    args = ["coverage", "-w", str(root), "--round", "r1", "--fail-under", "100", "--format", "json"]
    codes = [_pingyi(args, root, env).returncode for _ in range(3)]
    assert codes == [3, 3, 3]


def test_the_python_api_leaves_the_workspace_alone_unless_asked(tmp_path):
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    assert pingyi.load(root).ok
    assert not (root / CACHE_DIR).exists()


def test_a_changed_pingyi_does_not_trust_an_older_cache(tmp_path, monkeypatch):
    from pingyi.io import cache as cache_module

    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    _age(root)
    assert pingyi.load(root, cache=True).ok
    assert FileCache(root, pingyi.__version__)._stats
    monkeypatch.setattr(cache_module, "code_digest", lambda: "another-build")
    assert FileCache(root, pingyi.__version__)._stats == {}


def test_no_cache_flag_does_not_stick_between_invocations(tmp_path):
    from typer.testing import CliRunner

    from pingyi.cli import app, common

    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    runner = CliRunner()
    assert runner.invoke(app, ["--no-cache", "check", "-w", str(root)]).exit_code == 0
    assert common.NO_CACHE.get() is True
    assert not (root / CACHE_DIR).exists()
    assert runner.invoke(app, ["check", "-w", str(root)]).exit_code == 0
    assert common.NO_CACHE.get() is False
    assert (root / CACHE_DIR).exists()


def test_an_edit_rewrites_one_shard_whatever_the_layout(tmp_path):
    """Every file in one folder: an edit still rewrites the one small shard of that file,
    not a shard of the whole folder."""
    rounds = {f"branches/r{i}.yaml": ROUND.replace("r1", f"r{i}") for i in range(12)}
    root = make_ws(tmp_path, {"branches/orgs.yaml": ORGS, **rounds}, orgs=False)
    _age(root)
    assert pingyi.load(root, cache=True).ok
    shards = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("files-*.data")}
    assert len(shards) == len({shard_of(n) for n in [*rounds, "branches/orgs.yaml"]}) > 6
    time.sleep(0.05)
    (root / "branches" / "r3.yaml").write_text(ROUND.replace("r1", "r3").replace("2024-12-10", "2024-12-11"), encoding="utf-8")
    assert pingyi.load(root, cache=True).ok
    after = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("files-*.data")}
    assert [n for n in shards if after[n] != shards[n]] == [f"files-{shard_of('branches/r3.yaml')}.data"]
    # and the untouched shards still serve their files
    names = sorted([*rounds, "branches/orgs.yaml"])
    store = FileCache(root, pingyi.__version__)
    assert all(store.unchanged(n, (root / n).stat()) is not None for n in names if n != "branches/r3.yaml")


def test_a_reader_that_goes_away_is_not_remembered(tmp_path):
    """``pingyi coverage | head -1``: the command cannot finish writing (exit 1); that
    broken output must not be served to the next run."""
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND})
    _age(root)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    args = ["coverage", "-w", str(root), "--round", "r1", "--fail-under", "100", "--format", "json"]
    for _ in range(2):  # the first run fills the file cache, the second would be remembered
        proc = subprocess.Popen(
            [sys.executable, "-m", "pingyi", *args], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert proc.stdout is not None
        proc.stdout.close()  # the reader is gone before anything is written
        proc.wait(timeout=60)
    whole = [_pingyi(args, root, env) for _ in range(2)]
    assert [r.returncode for r in whole] == [3, 3]
    assert whole[0].stdout == whole[1].stdout and whole[1].stdout.startswith("{")
    assert "100%" in whole[1].stderr


def test_a_warm_load_decodes_only_the_documents_read(tmp_path):
    """From the cache, documents come encoded and are decoded when first read: the points
    report decodes the tree, never the rounds or the commitments, nor the scores (the
    year's index of points is served from the cache); what is decoded equals what a fresh
    parse gives."""
    from pingyi.compute.score import compute_score
    from pingyi.model.deferred import Deferred

    commitments = "kind: commitments\nyear: 2024\nitems:\n  - {id: c1, owner: m101, text: 办好一件实事, type: member}\n"
    scores = "kind: scores\norg: zb1\nmonth: 2024-03\nscores:\n  m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]\n"
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "r.yaml": ROUND, "c.yaml": commitments, "s.yaml": scores})
    _age(root)
    fresh = pingyi.load(root)
    pingyi.load(root, cache=True)
    warm = pingyi.load(root, cache=True)
    assert warm.workspace.rounds and warm.workspace.commitments and warm.workspace.scores
    from pingyi.render.score import score_json

    assert score_json(compute_score(warm.workspace)) == score_json(compute_score(fresh.workspace))
    for doc in [*warm.workspace.rounds, *warm.workspace.commitments, *warm.workspace.scores]:
        assert type(doc._model) is Deferred
    assert [d.model for d in warm.workspace.documents] == [d.model for d in fresh.workspace.documents]


def test_cache_files_are_not_flushed_to_disk_but_users_files_are(tmp_path, monkeypatch):
    """Writing the cache costs no disk flush (a file cut short by a crash fails its
    signature and is not used); a user's file is flushed before it replaces the old one."""
    from pingyi.io import write

    flushed: list[int] = []
    real = os.fsync
    monkeypatch.setattr(write.os, "fsync", lambda fd: (flushed.append(fd), real(fd))[1])
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    assert pingyi.load(root, cache=True).ok  # the key and the folder's .gitignore are made once
    (root / "orgs.yaml").write_text(ORGS.replace("赵党员", "赵同志"), encoding="utf-8")
    _age(root)
    before = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("*.data")}
    flushed.clear()
    assert pingyi.load(root, cache=True).ok
    after = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("*.data")}
    assert [n for n in after if after[n] != before.get(n)]  # shards and index written again
    assert flushed == []
    write.write_atomic(root / "notes.txt", "记录", overwrite=True)
    assert len(flushed) == 1


def test_parse_workers_send_back_plain_data_and_the_documents_stay_encoded(tmp_path):
    """Many files are parsed by worker processes, which send each file's result back as
    plain data; the documents are decoded when first read, to what a parse in this
    process gives."""
    from pingyi import loader
    from pingyi.model.deferred import Deferred

    files = {f"r{i:02}.yaml": ROUND.replace("r1", f"r{i}") for i in range(loader.PARALLEL_MIN_FILES + 2)}
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, **files})
    items = [(name, (root / name).read_bytes()) for name in sorted(files)]
    parsed = loader._parse_many(items)
    assert all(type(model) is Deferred for result in parsed for _, model in result.documents)
    alone = [loader.read_file(name, data) for name, data in items]
    assert [[(i, m.load()) for i, m in r.documents] for r in parsed] == [list(r.documents) for r in alone]
    assert [r.diagnostics for r in parsed] == [r.diagnostics for r in alone]


def test_many_files_are_read_by_the_workers_with_the_same_results(tmp_path, monkeypatch):
    """Past a few files the parse workers read the files themselves: the results, the
    digests and a file that cannot be read are what reading them here gives."""
    import hashlib

    from pingyi import loader

    files = {f"r{i:02}.yaml": ROUND.replace("r1", f"r{i}") for i in range(loader.PARALLEL_MIN_FILES + 2)}
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, **files})
    names = sorted(files)
    real = loader._read_plain

    def failing(path):
        if str(path).endswith("r07.yaml"):
            raise OSError(5, "Input/output error")
        return real(path)

    monkeypatch.setattr(loader, "_read_plain", failing)
    many, diagnostics, digests = read_files(root, names, cache=False)
    assert [(d.code, d.file) for d in diagnostics] == [("unreadable", "r07.yaml")]
    assert "Input/output error" in diagnostics[0].message
    assert set(many) == set(names) - {"r07.yaml"}
    for name in many:
        assert digests[name] == hashlib.sha256((root / name).read_bytes()).hexdigest()
        alone = loader.read_file(name, (root / name).read_bytes())
        assert [(i, m.load()) for i, m in many[name].documents] == list(alone.documents)


def test_a_warm_run_serves_the_rules_and_the_configuration_without_validating_them(tmp_path):
    """The scheme and pingyi.yaml are validated once per content: a later run takes them
    from the cache and never builds their validators; an edited file is validated again,
    and its errors are found again, never served stale."""
    import subprocess

    rules = "kind: rules\ndecimals: 1\n"
    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS, "rules.yaml": rules}, config=CONFIG + "rules: rules.yaml\n")
    script = (
        "import sys, pingyi; from pingyi.model import Rules, WorkspaceConfig; r = pingyi.load(sys.argv[1], cache=True); "
        "print(Rules.__pydantic_complete__, WorkspaceConfig.__pydantic_complete__, r.workspace.rules.decimals, "
        "r.workspace.name, len(r.errors))"
    )

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", script, str(root)], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert run() == "True True 1 测试党委 0"
    assert run() == "False False 1 测试党委 0"
    (root / "rules.yaml").write_text("kind: rules\ndecimals: 3\n", encoding="utf-8")
    _age(root)
    assert run() == "True False 3 测试党委 0"
    (root / "rules.yaml").write_text("kind: rules\ndecimals: many\n", encoding="utf-8")
    _age(root)
    assert run().endswith(" 1")  # the error found again, not served stale
    assert run().endswith(" 1")
    (root / "rules.yaml").write_text("kind: rules\ndecimals: 3\n", encoding="utf-8")
    _age(root)
    run()
    (root / "pingyi.yaml").write_text(CONFIG.replace("测试党委", "另一党委") + "rules: rules.yaml\n", encoding="utf-8")
    _age(root)
    assert run() == "False True 3 另一党委 0"  # the rules served, the configuration validated again
    (root / "pingyi.yaml").write_text(CONFIG + "rules: rules.yaml\nyear: soon\n", encoding="utf-8")
    _age(root)
    assert run().endswith(" 2") and run().endswith(" 2")  # a bad year: an error, found again


def test_the_rules_come_back_from_the_plain_encoding_whole():
    """Keys that are enum members (award levels), fractions (the star quotas), decimals,
    nested models: the scheme decodes to what was validated."""
    from fractions import Fraction

    from pingyi.io import plain
    from pingyi.model.rules import default_rules

    rules = default_rules()
    back = plain.loads(plain.dumps(rules))
    assert back == rules
    assert {type(k) for k in back.adjustments} == {type(k) for k in rules.adjustments} != {tuple}
    assert plain.loads(plain.dumps(Fraction(1, 3))) == Fraction(1, 3)
    with pytest.raises(plain.Refused):
        plain.loads(plain.marshal.dumps(("Q", 1, 0)))


def test_prune_keeps_the_newest_entries_by_count_and_by_size(tmp_path):
    """Only pingyi's own entries go, oldest first: past ``keep`` of them, or past
    ``most_bytes`` in all (the newest one stays, whatever its size)."""
    from pingyi.io.cache import ensure_folder, prune

    root = make_ws(tmp_path / "ws", {"orgs.yaml": ORGS})
    folder = ensure_folder(root, "results")
    names = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(6)]
    for age, name in enumerate(reversed(names)):  # names[0] newest
        (folder / name).write_bytes(b"x" * 100)
        os.utime(folder / name, (1000 + age, 1000 + age))
    (folder / "notes.txt").write_text("kept", encoding="utf-8")  # not an entry: never removed
    prune(root, "results", keep=5)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names[:5], "notes.txt"])
    prune(root, "results", keep=5, most_bytes=250)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names[:2], "notes.txt"])
    prune(root, "results", keep=5, most_bytes=10)
    assert sorted(p.name for p in folder.iterdir()) == sorted([names[0], "notes.txt"])
