"""Incremental checks: after one file is edited, only the checks that read what changed run
again, and the result is what a full run without the cache gives."""

from __future__ import annotations

import functools
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pingyi
from pingyi import checks, incremental
from pingyi.checks import points
from pingyi.cli import app
from pingyi.io.cache import CACHE_DIR
from wsfactory import EXAMPLE

EDITS = ("number", "indent", "unknown-id", "delete-member", "delete-line")


@pytest.fixture(autouse=True)
def private_cache_key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
    monkeypatch.delenv("PINGYI_NO_CACHE", raising=False)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "jiangcheng"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    return root


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if CACHE_DIR not in p.parts)


def _edit(text: str, how: str, pick: int) -> str:
    """One edit of a file's text; the text unchanged when the edit does not apply."""
    lines = text.split("\n")

    def choose(candidates: list[int]) -> int | None:
        return candidates[pick % len(candidates)] if candidates else None

    if how == "number":
        spots = [m.start() for m in re.finditer(r"\d", text)]
        if not spots:
            return text
        at = spots[pick % len(spots)]
        return text[:at] + str((int(text[at]) + 1 + pick % 9) % 10) + text[at + 1 :]
    if how == "unknown-id":
        spots = [m.start() for m in re.finditer(r"\bm\d{3}\b", text)]
        if not spots:
            return text
        at = spots[pick % len(spots)]
        return text[:at] + "m9x9" + text[at + 4 :]
    if how == "indent":
        i = choose([i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")])
    elif how == "delete-member":
        i = choose([i for i, line in enumerate(lines) if re.match(r"\s*- \{id: m", line)])
    else:
        i = choose([i for i, line in enumerate(lines) if line.strip()])
    if i is None:
        return text
    if how == "indent":
        lines[i] = " " + lines[i]
    else:
        del lines[i]
    return "\n".join(lines)


def _outputs(root: Path, *, cache: bool) -> tuple[list[str], str]:
    """Every diagnostic in English, and what ``pingyi score --format json`` prints."""
    result = pingyi.load(root, cache=cache)
    args = ["score", "-w", str(root), "--format", "json", "--lang", "en"]
    score = CliRunner().invoke(app, args if cache else ["--no-cache", *args])
    return [d.format("en") for d in result.diagnostics], f"{score.exit_code}\n{score.stdout}"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5  # a new modification time, whatever the file system's resolution
    os.utime(path, (later, later))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.integers(0, 10**6), how=st.sampled_from(EDITS), pick=st.integers(0, 10**6))
def test_an_incremental_run_gives_what_a_full_run_gives(example, file, how, pick):
    """Random single-file edits, valid and invalid, each after a warm run; then the file
    put back (another single-file edit)."""
    names = _files(example)
    path = example / names[file % len(names)]
    before = path.read_text(encoding="utf-8")
    _edited_then_put_back(example, path, before, _edit(before, how, pick))


def _edited_then_put_back(root: Path, path: Path, before: str, after: str) -> None:
    """After a warm run, ``path`` edited to ``after``, then put back to ``before``: each
    time an incremental run gives what a full run gives."""
    _outputs(root, cache=True)  # warm
    _write(path, after)
    try:
        assert _outputs(root, cache=True) == _outputs(root, cache=False)
    finally:
        _write(path, before)
    assert _outputs(root, cache=True) == _outputs(root, cache=False)


def _spy_scores(runs: list[str], monkeypatch) -> None:
    """The check of the monthly scores, run by incremental runs on what changed, noted
    in ``runs`` as ``check_scores``."""
    real = points.check_scores_since

    def counted(*args, **kwargs):
        runs.append("check_scores")
        return real(*args, **kwargs)

    monkeypatch.setattr(points, "check_scores_since", counted)


def _spy(runs: list[str]):
    """A wrapper for checks that notes the name of each check run in ``runs``."""

    def spy(check):
        @functools.wraps(check)
        def counted(ws):
            runs.append(check.__name__)
            return check(ws)

        return counted

    return spy


def test_an_edit_runs_again_only_the_checks_that_read_its_kind(example, monkeypatch):
    runs: list[str] = []
    spy = _spy(runs)

    reads = dict(checks.READS)
    for check, declared in checks.READS.items():
        reads[spy(check)] = declared  # wraps keeps the name: found again by it below
    spied = {checks.name_of(c): c for c in reads}
    monkeypatch.setattr(checks, "CHECKS", [spied[checks.name_of(c)] for c in checks.CHECKS])
    monkeypatch.setattr(checks, "YEAR_END_CHECKS", [spy(c) for c in checks.YEAR_END_CHECKS])
    monkeypatch.setattr(checks, "READS", {c: d for c, d in reads.items() if c in checks.CHECKS})
    _spy_scores(runs, monkeypatch)
    first = pingyi.load(example, cache=True)
    runs.clear()
    again = pingyi.load(example, cache=True)
    assert runs == []  # nothing changed: no check runs
    assert [d.format() for d in again.diagnostics] == [d.format() for d in first.diagnostics]
    path = example / "scores" / "ez.yaml"
    before = path.read_text(encoding="utf-8")
    _write(path, before.replace("m501: [10, 10, 8", "m501: [10, 10, 7", 1))
    try:
        pingyi.load(example, cache=True)
    finally:
        _write(path, before)
    assert "check_scores" in runs and "check_year_end" in runs
    assert not {"check_unique_ids", "check_parents", "check_rounds", "check_commitments", "check_surveys"} & set(runs)


def test_every_check_declares_known_kinds():
    known = {*checks.KINDS.values(), checks.SCORES_SHAPE}
    assert incremental.SHAPE == checks.SCORES_SHAPE
    for check, reads in checks.READS.items():
        assert reads <= known, checks.name_of(check)
    assert len({checks.name_of(c) for c in [*checks.CHECKS, *checks.YEAR_END_CHECKS]}) == len(checks.CHECKS) + len(
        checks.YEAR_END_CHECKS
    )


def test_the_checks_entry_is_plain_signed_data(example):
    pingyi.load(example, cache=True)
    value = pingyi.io.cache.load_signed(example, incremental.ENTRY, pingyi.__version__)
    assert isinstance(value, dict) and value
    blob = (example / CACHE_DIR / incremental.ENTRY).read_bytes()
    (example / CACHE_DIR / incremental.ENTRY).write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))  # tampered
    assert pingyi.io.cache.load_signed(example, incremental.ENTRY, pingyi.__version__) is None
    assert _outputs(example, cache=True) == _outputs(example, cache=False)


def test_a_signed_checks_entry_of_the_wrong_shape_is_run_again(example):
    """An entry that is signed but not what pingyi writes (a stale layout, say) is not
    served: the checks run again and the output is the full run's."""
    pingyi.load(example, cache=True)
    known = pingyi.io.cache.load_signed(example, incremental.ENTRY, pingyi.__version__)
    order = known.pop(incremental.ORDER)
    known.pop(incremental.LINK)
    assert [name for name, _ in order] == [checks.name_of(c) for c in [*checks.CHECKS, *checks.YEAR_END_CHECKS]]
    crafted = {name: (key, ("not a diagnostic",)) for name, (key, _) in known.items()}
    for listed in (order, [("x", 1)], "everything"):  # the list as written, then not a list of checks
        assert pingyi.io.cache.save_signed(example, incremental.ENTRY, pingyi.__version__, {**crafted, incremental.ORDER: listed})
        assert _outputs(example, cache=True) == _outputs(example, cache=False)
        again = pingyi.io.cache.load_signed(example, incremental.ENTRY, pingyi.__version__)
        assert again[incremental.ORDER] == order
        entries = [entry for name, entry in again.items() if name not in (incremental.ORDER, incremental.LINK)]
        assert all(all(not isinstance(d, str) for d in found) for _, found in entries)


def test_an_edit_outside_the_points_leaves_the_year_end_checks_alone(example, monkeypatch):
    """The year-end checks read the tree, the scores, the evaluations, awards and
    penalties, ratings and honours: a commitment edited runs the commitments checks
    again, not the year's points."""
    runs: list[str] = []
    spy = _spy(runs)

    spied = {checks.name_of(c): spy(c) for c in [*checks.CHECKS, *checks.YEAR_END_CHECKS]}
    reads = {spied[checks.name_of(c)]: declared for c, declared in checks.READS.items()}
    monkeypatch.setattr(checks, "CHECKS", [spied[checks.name_of(c)] for c in checks.CHECKS])
    monkeypatch.setattr(checks, "YEAR_END_CHECKS", [spied[checks.name_of(c)] for c in checks.YEAR_END_CHECKS])
    monkeypatch.setattr(checks, "READS", reads)
    assert all(c in reads for c in checks.YEAR_END_CHECKS)
    pingyi.load(example, cache=True)
    path = next(p for p in sorted(example.rglob("*.yaml")) if "kind: commitments" in p.read_text(encoding="utf-8"))
    before = path.read_text(encoding="utf-8")
    runs.clear()
    _write(path, before + "\n# 已核对\n")
    try:
        pingyi.load(example, cache=True)
    finally:
        _write(path, before)
    assert "check_commitments" in runs
    assert not {"check_year_end", "check_quarter_stars", "check_annual_stars"} & set(runs)


def test_unchanged_inputs_are_served_without_importing_the_checks(example):
    """A run whose every check's inputs are unchanged serves their problems from the cache
    without importing a single check; an edit imports and runs them again."""
    import subprocess
    import sys

    script = (
        "import sys, pingyi; r = pingyi.load(sys.argv[1], cache=True); "
        "print(sorted(m for m in sys.modules if m.startswith('pingyi.checks')), len(r.diagnostics))"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script, str(example)], capture_output=True, text=True, check=True)
        return done.stdout.strip()

    first = run()
    assert "pingyi.checks.points" in first
    again = run()
    assert again.startswith("[]") and again.split()[-1] == first.split()[-1]
    path = example / "scores" / "ez.yaml"
    before = path.read_text(encoding="utf-8")
    _write(path, before.replace("m501: [10, 10, 8", "m501: [10, 10, 7", 1))
    try:
        assert "pingyi.checks.points" in run()
    finally:
        _write(path, before)


BRANCH_YEAR = """\
kind: org
orgs:
  - id: zb3
    name: 第三党支部
    type: branch
    parent: dw
    secretary: m301
    members:
      - {id: m301, name: 孙支书}
      - {id: m302, name: 郑党员}
---
kind: scores
org: zb3
month: 2024-03
scores:
  m301: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]
  m302: [8, 8, 8, 8, 8, 8, 8, 8, 8, 8]
---
kind: commitments
year: 2024
items:
  - {id: c1, owner: m301, text: 办好一件实事, type: member}
"""


def test_a_score_edited_in_a_file_of_several_kinds_leaves_the_other_kinds_alone(tmp_path, monkeypatch):
    """A branch's year in one file (its org, its scores, its commitments): an edited score
    runs the checks of the scores and of the year's points again, not those of the tree or
    the commitments, and the tree is not built again; the result is a full run's."""
    from wsfactory import make_ws

    root = make_ws(tmp_path, {"branches/zb3-2024.yaml": BRANCH_YEAR})
    past = time.time() - 10
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    runs: list[str] = []
    spy = _spy(runs)
    spied = {checks.name_of(c): spy(c) for c in [*checks.CHECKS, *checks.YEAR_END_CHECKS]}
    monkeypatch.setattr(checks, "CHECKS", [spied[checks.name_of(c)] for c in checks.CHECKS])
    monkeypatch.setattr(checks, "YEAR_END_CHECKS", [spied[checks.name_of(c)] for c in checks.YEAR_END_CHECKS])
    monkeypatch.setattr(checks, "READS", {spied[checks.name_of(c)]: d for c, d in checks.READS.items()})
    _spy_scores(runs, monkeypatch)
    built: list[bool] = []
    real_tree = incremental.served_tree
    monkeypatch.setattr(incremental, "served_tree", lambda *a: (lambda t: (built.append(t is None), t)[1])(real_tree(*a)))
    pingyi.load(root, cache=True)
    runs.clear()
    built.clear()
    path = root / "branches" / "zb3-2024.yaml"
    _write(path, BRANCH_YEAR.replace("m302: [8, 8, 8", "m302: [8, 7, 8"))
    warm = [d.format("en") for d in pingyi.load(root, cache=True).diagnostics]
    assert "check_scores" in runs and "check_annual_stars" in runs
    # a number edited leaves which months are scored as they were: so the year-end warnings
    # and the 季度之星
    assert not {"check_unique_ids", "check_parents", "check_commitments", "check_year_end", "check_quarter_stars"} & set(runs)
    assert built == [False]  # the tree as it was kept
    assert warm == [d.format("en") for d in pingyi.load(root).diagnostics]
    assert _outputs(root, cache=True) == _outputs(root, cache=False)


@pytest.fixture(scope="module")
def branch_year(tmp_path_factory) -> Path:
    from wsfactory import make_ws

    return make_ws(tmp_path_factory.mktemp("branch-year"), {"branches/zb3-2024.yaml": BRANCH_YEAR})


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(how=st.sampled_from(EDITS), pick=st.integers(0, 10**6))
def test_an_edit_in_a_file_of_several_kinds_gives_what_a_full_run_gives(branch_year, how, pick):
    """Random edits, valid and invalid, of a file holding an org, scores and commitments,
    each after a warm run; then the file put back."""
    _edited_then_put_back(branch_year, branch_year / "branches" / "zb3-2024.yaml", BRANCH_YEAR, _edit(BRANCH_YEAR, how, pick))


# --------------------------------------------------------------------------- the monthly scores


def _edits_then_put_back(root: Path, edits: dict[str, str]) -> None:
    """After a warm run, the files ``edits`` names written with their texts (several at
    once: a member moved from one org's file to another's), then put back: each time an
    incremental run gives what a full run gives."""
    before = {name: (root / name).read_text(encoding="utf-8") for name in edits}
    _outputs(root, cache=True)  # warm
    try:
        for name, text in edits.items():
            _write(root / name, text)
        assert _outputs(root, cache=True) == _outputs(root, cache=False)
    finally:
        for name, text in before.items():
            _write(root / name, text)
    assert _outputs(root, cache=True) == _outputs(root, cache=False)


def _first_doc_member_to(text: str, member: str) -> str:
    """The first member scored in the file's first document replaced by ``member``."""
    return re.sub(r"^(\s+)m\d{3}:", rf"\1{member}:", text, count=1, flags=re.M)


def test_a_month_scored_twice_across_two_files_comes_and_goes_as_in_a_full_run(example):
    """An edit that makes a member's month scored by two files (jg1 scores m001 in
    2024-01; jg2's first document then too), then one that takes it away again."""
    jg2 = (example / "scores" / "jg2.yaml").read_text(encoding="utf-8")
    twice = _first_doc_member_to(jg2, "m001")
    assert twice != jg2
    _edits_then_put_back(example, {"scores/jg2.yaml": twice})
    full = pingyi.load(example, cache=False)
    _write(example / "scores" / "jg2.yaml", twice)
    try:
        found = [d for d in pingyi.load(example, cache=True).diagnostics if d.code == "month-scored-twice"]
        assert found and found[0].loc.file == "scores/jg2.yaml" and found[0].notes[0].loc.file == "scores/jg1.yaml"
        # numbers edited in either file leave it where it is
        for name in ("scores/jg1.yaml", "scores/jg2.yaml"):
            text = (example / name).read_text(encoding="utf-8")
            _edits_then_put_back(example, {name: re.sub(r"\[(\d+),", lambda m: f"[{int(m[1]) % 9 + 1},", text, count=1)})
        # the edit that removes it: from a workspace that has it to one that does not
        _edits_then_put_back(example, {"scores/jg2.yaml": jg2})
    finally:
        _write(example / "scores" / "jg2.yaml", jg2)
    assert [d.format("en") for d in pingyi.load(example, cache=True).diagnostics] == [d.format("en") for d in full.diagnostics]


def test_a_member_moved_in_the_tree_is_checked_again_in_every_scores_document(example):
    """m503 moved from ez to jg3 (two org files edited): the scores documents, unedited,
    now score a member of another org, and the full run's warnings come out."""
    ez = (example / "orgs" / "ez.yaml").read_text(encoding="utf-8")
    jg3 = (example / "orgs" / "jg3.yaml").read_text(encoding="utf-8")
    line = next(x for x in ez.splitlines() if "id: m503" in x)
    moved_ez = ez.replace(line + "\n", "")
    anchor = next(x for x in jg3.splitlines() if re.match(r"\s+- \{id: m", x))
    moved_jg3 = jg3.replace(anchor, anchor + "\n" + line, 1)
    _edits_then_put_back(example, {"orgs/ez.yaml": moved_ez, "orgs/jg3.yaml": moved_jg3})
    _write(example / "orgs" / "ez.yaml", moved_ez)
    _write(example / "orgs" / "jg3.yaml", moved_jg3)
    try:
        codes = {d.code for d in pingyi.load(example, cache=True).diagnostics if d.file == "scores/ez.yaml"}
    finally:
        _write(example / "orgs" / "ez.yaml", ez)
        _write(example / "orgs" / "jg3.yaml", jg3)
    assert "member-elsewhere" in codes


def test_a_changed_rule_checks_every_scores_document_again(example):
    """The highest item score lowered in the rules: every document's 10s are out of range,
    though no scores file changed."""
    rules = (example / "rules.yaml").read_text(encoding="utf-8")
    lowered = rules.replace("kind: rules\n", "kind: rules\nitem_max: 9\n", 1)
    assert lowered != rules
    _edits_then_put_back(example, {"rules.yaml": lowered})
    _write(example / "rules.yaml", lowered)
    try:
        found = {d.file for d in pingyi.load(example, cache=True).diagnostics if d.code == "item-range"}
    finally:
        _write(example / "rules.yaml", rules)
    assert {"scores/jg1.yaml", "scores/ez.yaml"} <= found


@pytest.mark.parametrize(
    "before, after",
    [
        ("m501: [10, 10, 8", "m501: [10, 10, 18"),  # out of range
        ("m501: [10, 10, 8", "m501: [10, 10, 8.5"),  # a decimal: the grid is built anew
        ("m501: [10, 10, 8", "m501: [10, 10, 8, 9"),  # one item too many
        ("month: 2024-02", "month: 2024-01"),  # the same month twice in one file
        ("m501:", "m599:"),  # an unknown member
    ],
)
def test_edits_of_one_scores_document_give_what_a_full_run_gives(example, before, after):
    path = example / "scores" / "ez.yaml"
    text = path.read_text(encoding="utf-8")
    assert before in text
    _edited_then_put_back(example, path, text, text.replace(before, after, 1))


def test_a_number_edited_decodes_no_other_scores_document_and_patches_the_index(example, monkeypatch):
    """After a warm run, one number of one scores file edited: no other scores document
    is decoded (not by the check of the scores, not for the year's points), the index of
    the year's points is patched, not built, and the year-end warnings are served."""
    from pingyi.compute.score import index as index_module
    from pingyi.compute.score import report
    from pingyi.io import plain
    from pingyi.model import ScoresDoc

    path = example / "scores" / "ez.yaml"
    text = path.read_text(encoding="utf-8")
    pingyi.load(example, cache=True)  # warm
    decoded: list[str] = []
    real_load = plain.load_deferred

    def load_deferred(deferred):
        if deferred.cls is ScoresDoc:
            decoded.append(deferred.cls.__name__)
        return real_load(deferred)

    built: list[int] = []
    real_build = report.build_index
    patched: list[bool] = []
    real_patch = index_module.patch_scores
    runs: list[str] = []
    spied = {checks.name_of(c): _spy(runs)(c) for c in [*checks.CHECKS, *checks.YEAR_END_CHECKS]}
    monkeypatch.setattr(checks, "CHECKS", [spied[checks.name_of(c)] for c in checks.CHECKS])
    monkeypatch.setattr(checks, "YEAR_END_CHECKS", [spied[checks.name_of(c)] for c in checks.YEAR_END_CHECKS])
    monkeypatch.setattr(checks, "READS", {spied[checks.name_of(c)]: d for c, d in checks.READS.items()})
    monkeypatch.setattr(plain, "load_deferred", load_deferred)
    monkeypatch.setattr(report, "build_index", lambda *a, **k: (built.append(1), real_build(*a, **k))[1])
    monkeypatch.setattr(index_module, "patch_scores", lambda *a: (lambda ok: (patched.append(ok), ok)[1])(real_patch(*a)))
    _write(path, text.replace("m501: [10, 10, 8", "m501: [10, 10, 7", 1))
    try:
        warm = [d.format("en") for d in pingyi.load(example, cache=True).diagnostics]
        assert decoded == [] and built == [] and patched == [True]
        assert "check_annual_stars" in runs and not {"check_year_end", "check_quarter_stars"} & set(runs)
        monkeypatch.undo()
        assert warm == [d.format("en") for d in pingyi.load(example, cache=False).diagnostics]
        assert _outputs(example, cache=True) == _outputs(example, cache=False)
    finally:
        _write(path, text)


def test_the_scores_seen_are_kept_as_plain_signed_data_and_a_bad_entry_is_not_used(example):
    """The shape of the scores documents and the rest in two entries, of the same shape;
    one of another shape, damaged, or of another token is not used: the output is a full
    run's all the same."""
    from pingyi.checks.points import ScoresSeen

    def entries():
        rest, digest = pingyi.io.cache.load_signed(example, incremental.SCORES, pingyi.__version__)
        return pingyi.io.cache.load_signed(example, incremental.SCORES_SHAPE, pingyi.__version__), rest, digest

    pingyi.load(example, cache=True)
    shape, rest, digest = entries()
    seen = ScoresSeen.from_plain(shape, rest)
    assert len(seen.files) == len(pingyi.load(example).workspace.scores) and digest
    path = example / "scores" / "ez.yaml"
    text = path.read_text(encoding="utf-8")
    _write(path, text.replace("m501: [10, 10, 8", "m501: [10, 10, 7", 1))
    try:
        pingyi.load(example, cache=True)
        assert entries()[0] == shape  # a number edited: the shape as it was, not written again
    finally:
        _write(path, text)
    pingyi.load(example, cache=True)
    shape, rest, digest = entries()
    other_token = (rest[0], "another", *rest[2:])
    bad_shapes = [(incremental.SCORES, (rest[:-1], digest)), (incremental.SCORES, (other_token, digest))]
    bad_shapes += [(incremental.SCORES, "nothing"), (incremental.SCORES_SHAPE, ("x",) * len(shape))]
    for name, bad in bad_shapes:
        assert pingyi.io.cache.save_signed(example, name, pingyi.__version__, bad)
        _edited_then_put_back(example, path, text, text.replace("m501: [10, 10, 8", "m501: [10, 10, 7", 1))


def test_a_scores_file_added_then_removed_gives_what_a_full_run_gives(example):
    """A new file (read before jg1.yaml) scoring jg1's January again: jg1.yaml's
    documents, unedited, are then the second to score it; then the file removed."""
    jg1 = (example / "scores" / "jg1.yaml").read_text(encoding="utf-8")
    added = example / "scores" / "jg0.yaml"
    _outputs(example, cache=True)  # warm
    _write(added, jg1.split("---")[0])
    try:
        assert _outputs(example, cache=True) == _outputs(example, cache=False)
        codes = [(d.code, d.file) for d in pingyi.load(example, cache=True).diagnostics]
        assert ("month-scored-twice", "scores/jg1.yaml") in codes
    finally:
        added.unlink()
    assert _outputs(example, cache=True) == _outputs(example, cache=False)


def test_an_index_patched_again_and_again_is_kept_as_the_places_patched_in(example, monkeypatch):
    """Numbers edited in one file, then in another: each run keeps the index as the
    whole one it was patched from and the places patched in (not written whole again),
    and a later run, check or score, serves it patched, as a full run gives it."""
    from pingyi.compute.score import index as index_module

    names = ["scores/ez.yaml", "scores/jg1.yaml"]
    texts = {name: (example / name).read_text(encoding="utf-8") for name in names}
    pingyi.load(example, cache=True)  # warm
    whole: list[int] = []
    real = index_module.index_to_plain
    monkeypatch.setattr(index_module, "index_to_plain", lambda idx: (whole.append(1), real(idx))[1])
    try:
        for k, name in enumerate(names):
            edited = re.sub(r"\[(\d+),", lambda m: f"[{int(m[1]) % 9 + 1},", texts[name], count=k + 1)
            _write(example / name, edited)
            assert _outputs(example, cache=True) == _outputs(example, cache=False)
        assert whole == []
        patched = list((example / CACHE_DIR / incremental.PATCHED).iterdir())
        assert patched
    finally:
        for name, text in texts.items():
            _write(example / name, text)
    assert _outputs(example, cache=True) == _outputs(example, cache=False)
