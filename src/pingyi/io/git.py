"""Reading a workspace's files at a git revision, from git's object store.

Git is read, never written: no checkout, no change to the index or the working tree, no
temporary clone. Every command is plumbing (``rev-parse``, ``ls-tree``, ``diff-index``,
``diff-tree``, ``hash-object`` without ``-w``, and one ``cat-file --batch`` process that
serves every file's bytes), run with ``GIT_OPTIONAL_LOCKS=0`` so that git never refreshes
the index on the side.

A workspace may be a sub-folder of its repository: names are always relative to the
workspace folder, as the loader uses them. Problems (no ``git`` program, not a
repository, an unknown revision, a shallow clone) are raised as :class:`GitError`, which
carries a message key of :mod:`pingyi.messages.diff` and its values, never a sentence.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError

#: git's id of "nothing" (a side of a diff that is not in the object store).
NULL_OID = "0" * 40
BLOB_MODES = ("100644", "100755")


class GitError(UserError):
    """A git problem the user can fix (exit 2 on the command line): ``code`` names its
    message in :mod:`pingyi.messages.diff`, ``args`` its values."""

    def __init__(self, code: str, **args: str):
        super().__init__(code, **args)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Entry:
    """A file of a tree: its mode and blob id."""

    mode: str
    oid: str


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C"})
    return env


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


class Repository:
    """The git repository holding a workspace folder. Raises :class:`GitError` when there
    is no ``git`` program or the folder is in no repository."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._batch: subprocess.Popen[bytes] | None = None
        out = self._run("rev-parse", "--is-inside-work-tree", "--show-prefix", "--is-shallow-repository", check=False)
        if out.returncode != 0:
            detail = _first_line(out.stderr)
            if "not a git repository" in detail:
                raise GitError("git-not-repository", folder=str(folder))
            raise GitError("git-failed", detail=detail or f"exit {out.returncode}")
        lines = _decode(out.stdout).splitlines()
        if not lines or lines[0] != "true":
            raise GitError("git-not-repository", folder=str(folder))
        #: the workspace folder relative to the repository's top (``""`` or ``"a/b/"``)
        self.prefix = lines[1] if len(lines) > 1 and lines[1] != "false" else ""
        self.shallow = bool(lines) and lines[-1] == "true"

    # -- running git

    def _run(self, *args: str, check: bool = True, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            out = subprocess.run(["git", *args], cwd=self.folder, env=_env(), input=input, capture_output=True, check=False)
        except FileNotFoundError:
            raise GitError("git-missing") from None
        except OSError as exc:
            raise GitError("git-failed", detail=exc.strerror or str(exc)) from None
        if check and out.returncode != 0:
            raise GitError("git-failed", detail=_first_line(out.stderr) or f"exit {out.returncode}")
        return out

    # -- revisions

    def commit(self, rev: str) -> str:
        """The commit a revision names (a tag, a branch, ``HEAD~2``, an id)."""
        out = self._run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        if out.returncode != 0 or not out.stdout.strip():
            if self.shallow:
                raise GitError("git-shallow", rev=rev)
            if rev == "HEAD":
                raise GitError("git-no-commits", rev=rev)
            raise GitError("git-unknown-revision", rev=rev)
        return _decode(out.stdout).strip()

    def tree(self, commit: str) -> str | None:
        """The tree of the workspace folder in ``commit``; None when the folder did not
        exist then."""
        spec = f"{commit}:{self.prefix.rstrip('/')}" if self.prefix else f"{commit}^{{tree}}"
        out = self._run("rev-parse", "--verify", "--quiet", "--end-of-options", spec, check=False)
        oid = _decode(out.stdout).strip()
        if out.returncode != 0 or not oid:
            return None
        kind = self._run("cat-file", "-t", oid, check=False)
        return oid if _decode(kind.stdout).strip() == "tree" else None

    def files(self, tree: str) -> dict[str, Entry]:
        """Every file below a tree, by its path relative to the tree (POSIX form). Links
        and submodules are left out: their bytes are no file of the workspace."""
        out = self._run("ls-tree", "-r", "-z", "--full-tree", tree)
        found: dict[str, Entry] = {}
        for record in out.stdout.split(b"\0"):
            if not record:
                continue
            head, _, path = record.partition(b"\t")
            mode, kind, oid = _decode(head).split(" ")
            if kind == "blob" and mode in BLOB_MODES:
                found[_decode(path)] = Entry(mode, oid)
        return found

    def changed(self, old: str, new: str | None) -> set[str]:
        """The workspace files that differ between commit ``old`` and commit ``new``, or
        the working tree when ``new`` is None (uncommitted edits, staged or not, count;
        files git does not track are not listed). Names are relative to the workspace."""
        if new is not None:
            old_tree, new_tree = self.tree(old), self.tree(new)
            if old_tree is None or new_tree is None:
                return set()
            out = self._run("diff-tree", "-r", "-z", "--raw", "--no-renames", old_tree, new_tree)
            return {name for name, _, _ in _raw_records(out.stdout)}
        out = self._run("diff-index", "-z", "--raw", "--no-renames", "--relative", old, "--", ".")
        names: set[str] = set()
        unsure: dict[str, str] = {}
        for name, before, after in _raw_records(out.stdout):
            if after == NULL_OID and before != NULL_OID:
                unsure[name] = before  # the file's stat changed; git did not hash it
            else:
                names.add(name)
        if unsure:
            hashed = self.hash_files(list(unsure))
            for name, before in unsure.items():
                if hashed.get(name) != before:
                    names.add(name)
        return names

    def hash_files(self, names: Sequence[str]) -> dict[str, str]:
        """The blob ids the working tree files would have (git's filters applied, as
        ``git add`` would store them), without writing them to the object store."""
        present = [n for n in names if (self.folder / n).is_file()]
        if not present:
            return {}
        # git reads these paths from the repository's top, whatever the current folder
        data = "".join(f"{self.prefix}{n}\n" for n in present).encode("utf-8", "surrogateescape")
        out = self._run("hash-object", "--stdin-paths", input=data, check=False)
        if out.returncode != 0:
            return {}
        return dict(zip(present, _decode(out.stdout).split()))

    # -- bytes

    def read(self, oids: Iterable[str]) -> dict[str, bytes]:
        """The bytes of every blob, through one ``git cat-file --batch`` process (kept
        for later reads until :meth:`close`)."""
        wanted = list(dict.fromkeys(oids))
        if not wanted:
            return {}
        proc = self._cat_file()
        assert proc.stdin is not None and proc.stdout is not None
        request = "".join(f"{oid}\n" for oid in wanted).encode()
        errors: list[BaseException] = []

        def feed() -> None:
            try:
                proc.stdin.write(request)  # type: ignore[union-attr]
                proc.stdin.flush()  # type: ignore[union-attr]
            except OSError as exc:  # pragma: no cover - git went away
                errors.append(exc)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        found: dict[str, bytes] = {}
        stdout = proc.stdout
        for oid in wanted:
            header = stdout.readline()
            parts = header.split()
            if len(parts) == 2 and parts[1] == b"missing":
                continue
            if len(parts) != 3:
                writer.join()
                self.close()
                raise GitError("git-failed", detail=f"cat-file: {_decode(header).strip() or 'no answer'}")
            size = int(parts[2])
            found[oid] = stdout.read(size)
            stdout.read(1)  # the newline after the content
        writer.join()
        if errors:  # pragma: no cover
            raise GitError("git-failed", detail=str(errors[0]))
        return found

    def _cat_file(self) -> subprocess.Popen[bytes]:
        if self._batch is None or self._batch.poll() is not None:
            try:
                self._batch = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.folder,
                    env=_env(),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except FileNotFoundError:
                raise GitError("git-missing") from None
        return self._batch

    def close(self) -> None:
        proc, self._batch = self._batch, None
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover
                proc.kill()
                proc.wait()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _raw_records(data: bytes) -> list[tuple[str, str, str]]:
    """(path, old blob id, new blob id) of every record of ``--raw -z`` output."""
    parts = data.split(b"\0")
    out: list[tuple[str, str, str]] = []
    i = 0
    while i + 1 < len(parts):
        head = _decode(parts[i])
        if not head.startswith(":"):
            i += 1
            continue
        fields = head[1:].split(" ")
        out.append((_decode(parts[i + 1]), fields[2], fields[3]))
        i += 2
    return out


def _first_line(raw: bytes) -> str:
    text = _decode(raw).strip()
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")[:200]
    return ""


class RevisionFiles(Mapping[str, bytes]):
    """The files of a workspace folder at a revision, as a mapping of name → bytes that
    reads from git only what is asked for (:meth:`prefetch` reads many in one go)."""

    def __init__(self, repo: Repository, entries: Mapping[str, Entry]):
        self.repo = repo
        self.entries = dict(entries)
        self._data: dict[str, bytes] = {}

    def prefetch(self, names: Iterable[str]) -> None:
        wanted = [n for n in names if n in self.entries and n not in self._data]
        blobs = self.repo.read(self.entries[n].oid for n in wanted)
        for name in wanted:
            data = blobs.get(self.entries[name].oid)
            if data is not None:
                self._data[name] = data

    def __getitem__(self, name: str) -> bytes:
        if name not in self._data:
            if name not in self.entries:
                raise KeyError(name)
            self.prefetch([name])
        return self._data[name]

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


__all__ = ["Entry", "GitError", "NULL_OID", "Repository", "RevisionFiles"]
