"""Parsing on every core, with workers that never outlive pingyi.

:func:`parallel_map` runs a function over many items in a pool of worker processes. Each
worker is supervised from the moment it starts:

* on Linux the kernel sends it SIGKILL when the process that started it dies, however it
  dies (``prctl(PR_SET_PDEATHSIG)``), so ``kill -9``, ``timeout`` and CI runners that stop
  pingyi stop its workers at once;
* on every system a watchdog thread in the worker notices within a quarter of a second that
  its parent is gone (it is then re-parented) and ends the worker.

A pool that cannot be started (no processes to be had) falls back on one process.

The calling process is one of the workers: ``workers`` cores take ``workers - 1``
processes, and pingyi parses its share while they parse theirs, rather than wait idle.
A forked worker counts the pages it shares with pingyi in its resident size, so one fewer
takes a county's cold ``score`` from 207 MB to about 150 MB of resident memory while the
files are parsed (the sum over the processes, as the benchmark samples it).

With ``sizes`` (how much work each item is, e.g. its bytes), the work goes out in batches
of about equal work: the workers take them largest first, the calling process smallest
first, one item at a time, handing the workers their next batch as soon as one is done.
A workspace whose year of a branch is one large file and one whose month is one small
file keep every core busy to the end, and a county's sixteen thousand small files cost a
few hundred round trips, not sixteen thousand.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
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
    """``[fn(x) for x in items]``, computed by this process and ``workers - 1`` supervised
    processes (``fn`` must be a module-level function; results come back in order).
    ``sizes``: the work of each item, to hand out in batches of equal work."""
    if workers < 2 or len(items) < 2:
        return [fn(x) for x in items]
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    if sizes is None:
        chunk = max(1, len(items) // (workers * 8))
        groups = [list(range(start, min(start + chunk, len(items)))) for start in range(0, len(items), chunk)]
    else:
        groups = batches(sizes, workers)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers - 1, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
        )
    except (OSError, RuntimeError):  # pragma: no cover - no processes to be had
        return [fn(x) for x in items]
    out: list[R | None] = [None] * len(items)
    running: dict[Future[list[R]], list[int]] = {}

    def collect(done: Iterable[Future[list[R]]]) -> None:
        for future in done:
            for i, result in zip(running.pop(future), future.result()):
                out[i] = result

    def hand_out() -> None:
        # one batch waiting per worker besides the one it works on: never idle
        while groups and len(running) < 2 * (workers - 1):
            group = groups.pop(0)
            running[pool.submit(_run_batch, (fn, [items[i] for i in group]))] = group

    try:
        hand_out()
        while groups:
            for i in groups.pop():  # this process works from the other end
                out[i] = fn(items[i])
                finished = [f for f in running if f.done()]
                if finished:
                    collect(finished)
                    hand_out()
        while running:
            collect(wait(running, return_when=FIRST_COMPLETED).done)
        return out  # type: ignore[return-value]
    except BaseException:
        # interrupted (Ctrl-C), a worker lost or an item failed: stop the others now, not
        # after their work
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
