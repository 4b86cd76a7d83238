"""Parsing on every core, with workers that never outlive pingyi.

:func:`parallel_map` runs a function over many items in a pool of worker processes. Each
worker is supervised from the moment it starts:

* on Linux the kernel sends it SIGKILL when the process that started it dies, however it
  dies (``prctl(PR_SET_PDEATHSIG)``), so ``kill -9``, ``timeout`` and CI runners that stop
  pingyi stop its workers at once;
* on every system a watchdog thread in the worker notices within a quarter of a second that
  its parent is gone (it is then re-parented) and ends the worker.

A pool that cannot be started (no processes to be had) falls back on one process.

With ``sizes`` (how much work each item is, e.g. its bytes), the items go out largest
first, in batches of about equal work: a workspace whose year of a branch is one large
file and one whose month is one small file keep every core busy to the end, and a
county's sixteen thousand small files cost a few hundred round trips, not sixteen
thousand.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How often a worker's watchdog looks whether its parent is still there, in seconds.
WATCH_SECONDS = 0.25
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Pool initializer: tie this worker's life to ``parent``."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog remains
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which ends the pool

    def watch() -> None:
        while True:
            threading.Event().wait(WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="pingyi-watchdog", daemon=True).start()


#: Batches per worker when the items' sizes are known: enough to even out the end.
BATCHES_PER_WORKER = 16


def batches(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """The items' indexes in batches of about equal total size, largest items first (a
    batch holds at least one item)."""
    order = sorted(range(len(sizes)), key=lambda i: sizes[i], reverse=True)
    target = max(1, sum(sizes) // max(1, workers * BATCHES_PER_WORKER))
    out: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i in order:
        current.append(i)
        total += sizes[i]
        if total >= target:
            out.append(current)
            current, total = [], 0
    if current:
        out.append(current)
    return out


def _run_batch(job: tuple[Callable[[T], R], list[T]]) -> list[R]:
    fn, batch = job
    return [fn(x) for x in batch]


def parallel_map(fn: Callable[[T], R], items: Sequence[T], workers: int, *, sizes: Sequence[int] | None = None) -> list[R]:
    """``[fn(x) for x in items]``, computed by ``workers`` supervised processes (``fn``
    must be a module-level function; results come back in order). ``sizes``: the work of
    each item, to hand out the largest first in batches of equal work."""
    if workers < 2 or len(items) < 2:
        return [fn(x) for x in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(items) // (workers * 8))
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),))
    except (OSError, RuntimeError):  # pragma: no cover - no processes to be had
        return [fn(x) for x in items]
    try:
        if sizes is None:
            return list(pool.map(fn, items, chunksize=chunk))
        groups = batches(sizes, workers)
        out: list[R | None] = [None] * len(items)
        for group, results in zip(groups, pool.map(_run_batch, [(fn, [items[i] for i in g]) for g in groups])):
            for i, result in zip(group, results):
                out[i] = result
        return out  # type: ignore[return-value]
    except BaseException:
        # interrupted (Ctrl-C) or a worker lost: stop the others now, not after their work
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
