"""The streaming form of the atomic write (:func:`pingyi.io.write.open_atomic`) and
``pingyi export xlsx`` writing its workbook straight into the file through it: the file
appears whole or not at all, a file replaced keeps its mode, nothing is clobbered unasked."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import pingyi
from pingyi.cli import app
from pingyi.io.write import FileExists, open_atomic
from pingyi.workbook import compute_ledgers, export_workbook, write_workbook

EXAMPLE = Path(__file__).parent.parent / "examples" / "jiangcheng"
AS_OF = "2025-01-15"
posix = pytest.mark.skipif(os.name != "posix", reason="modes and symbolic links as on POSIX")


def leftovers(folder: Path) -> list[str]:
    """The temporary files of an atomic write left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_file_appears_whole_when_the_block_ends(tmp_path):
    target = tmp_path / "book.xlsx"
    with open_atomic(target) as fh:
        fh.write(b"first part, ")
        fh.write(b"second part")
        assert not target.exists()  # nothing at the target while it is written
        assert len(leftovers(tmp_path)) == 1  # a temporary file beside it
    assert target.read_bytes() == b"first part, second part"
    assert leftovers(tmp_path) == []


def test_an_error_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"the old one")
    with pytest.raises(RuntimeError), open_atomic(target, overwrite=True) as fh:
        fh.write(b"half a new one")
        raise RuntimeError("cut short")
    assert target.read_bytes() == b"the old one"
    assert leftovers(tmp_path) == []
    new = tmp_path / "new.xlsx"
    with pytest.raises(RuntimeError), open_atomic(new) as fh:
        fh.write(b"half")
        raise RuntimeError("cut short")
    assert not new.exists() and leftovers(tmp_path) == []


def test_no_clobbering_without_overwrite(tmp_path):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"keep me")
    entered = False
    with pytest.raises(FileExists), open_atomic(target):
        entered = True
    assert not entered  # refused before anything is written
    assert target.read_bytes() == b"keep me"
    # a file that appears while the new one is written is not replaced either
    late = tmp_path / "late.xlsx"
    with pytest.raises(FileExists), open_atomic(late) as fh:
        fh.write(b"mine")
        late.write_bytes(b"someone else's")
    assert late.read_bytes() == b"someone else's"
    assert leftovers(tmp_path) == []


@posix
def test_the_mode_of_a_file_replaced_is_kept_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "kept.xlsx"
    kept.write_bytes(b"old")
    os.chmod(kept, 0o640)
    with open_atomic(kept, overwrite=True) as fh:
        fh.write(b"new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes() == b"new"
    old_mask = os.umask(0o027)
    try:
        with open_atomic(tmp_path / "fresh.xlsx") as fh:
            fh.write(b"x")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "fresh.xlsx").stat().st_mode) == 0o640


@posix
def test_a_link_at_the_target_is_replaced_not_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"keep")
    link = tmp_path / "book.xlsx"
    os.symlink(elsewhere, link)
    with pytest.raises(FileExists), open_atomic(link):
        pass
    with open_atomic(link, overwrite=True) as fh:
        fh.write(b"new")
    assert elsewhere.read_bytes() == b"keep" and not link.is_symlink() and link.read_bytes() == b"new"


def test_the_workbook_written_into_a_file_is_the_one_made_in_memory(tmp_path):
    import datetime as dt

    ws = pingyi.load(EXAMPLE).workspace
    day = dt.date.fromisoformat(AS_OF)
    target = tmp_path / "book.xlsx"
    with open_atomic(target) as fh:
        write_workbook(compute_ledgers(ws, as_of=day), fh, lang="zh")
    assert target.read_bytes() == export_workbook(ws, as_of=day)


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_export_cut_short_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    """The workbook is written into a temporary file as it is made: an error half-way
    leaves neither a broken workbook nor the temporary file, and the file it was to
    replace as it was."""
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")
    from pingyi.render.xlsx import ledger

    real = ledger.Ledger.finish
    finished = []

    def finish(self, **kwargs):
        real(self, **kwargs)
        finished.append(self)
        if len(finished) == 3:  # some sheets are in the file already
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(ledger.Ledger, "finish", finish)
    out = tmp_path / "book.xlsx"
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "No space left on device" in result.output
    assert not out.exists() and leftovers(tmp_path) == []
    out.write_bytes(b"last year's book")
    finished.clear()
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF, "--force")
    assert result.exit_code == 2
    assert out.read_bytes() == b"last year's book" and leftovers(tmp_path) == []


@posix
def test_export_replaces_with_force_only_and_keeps_the_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("PINGYI_NO_CACHE", "1")
    out = tmp_path / "book.xlsx"
    out.write_bytes(b"last year's book")
    os.chmod(out, 0o600)
    refused = run("export", "xlsx", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF)
    assert refused.exit_code != 0 and out.read_bytes() == b"last year's book"
    result = run("export", "xlsx", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF, "--force")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert "积分卡" in book.sheetnames
    kb = out.stat().st_size // 1024 + 1
    assert f"{kb} KB" in result.output  # the size said is the file's
