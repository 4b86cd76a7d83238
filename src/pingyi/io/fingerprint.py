"""A short fingerprint of the data a page was made from, so that a printed 公示 can be
matched to the record later: the git commit when the workspace is in a git repository
(read with ``git rev-parse``, nothing written) and a hash of the workspace's files."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from .files import WORKSPACE_FILE, discover, reader


def files_digest(root: Path, exclude: list[str] | tuple[str, ...] = ()) -> str:
    """SHA-256 over every file the workspace reads (names and bytes, in a fixed order);
    the first 12 hex digits."""
    read = reader(root)
    h = hashlib.sha256()
    for name in sorted([WORKSPACE_FILE, *discover(root, exclude)]):
        data = read(name)
        if data is None:
            continue
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:12]


def git_commit(root: Path) -> str | None:
    """The commit checked out where the workspace is, or None (no git, no repository).
    ``GIT_OPTIONAL_LOCKS=0`` keeps git from touching the index."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip()
    return commit[:12] if out.returncode == 0 and commit else None


def fingerprint(root: Path, exclude: list[str] | tuple[str, ...] = ()) -> dict[str, str | None]:
    return {"commit": git_commit(root), "files": files_digest(root, exclude)}
