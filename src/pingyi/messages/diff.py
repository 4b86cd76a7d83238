"""Messages of ``pingyi diff`` and of reading git (FORMAT §15)."""

from __future__ import annotations

from ..i18n import N_

MESSAGES = {
    "git-missing": N_(
        "the `git` program was not found: pingyi diff reads the workspace's history with git. "
        "Install Git (on Windows: Git for Windows, https://git-scm.com), then open a new command window"
    ),
    "git-not-repository": N_(
        "the workspace folder {folder} is not kept in git, so it has no history to compare: "
        "start one with `git init`, `git add .` and `git commit -m 'first version'` in that folder"
    ),
    "git-unknown-revision": N_(
        "there is no revision `{rev}` in this repository: give a tag (`git tag` lists them), "
        "a branch or a commit id (`git log --oneline` lists the commits)"
    ),
    "git-shallow": N_(
        "revision `{rev}` is not in this copy of the repository, which holds only the latest "
        "history (a shallow clone): fetch the rest with `git fetch --unshallow` (or fetch that tag "
        "with `git fetch origin tag {rev}`), then try again"
    ),
    "git-no-commits": N_(
        "this repository has no commit yet, so there is nothing to compare with: commit the "
        "workspace first (`git add .` and `git commit -m 'first version'`)"
    ),
    "git-failed": N_("git could not read the history: {detail}"),
    "diff-no-workspace-then": N_(
        "at {rev} the folder {folder} held no workspace (no pingyi.yaml) yet: everything in it counts as added"
    ),
    "diff-no-workspace-now": N_("at {rev} the folder {folder} holds no workspace (no pingyi.yaml): everything counts as removed"),
    "diff-errors-at": N_(
        "the workspace has errors at {rev}; results are compared only between error-free versions. "
        "Fix them there (or compare other revisions)"
    ),
    "diff-errors-now": N_(
        "the workspace has errors in the working folder; results are compared only between error-free versions"
    ),
}
