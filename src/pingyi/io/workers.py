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
takes a county's cold ``score`` from 207 MB to 160 MB of resident memory while the
files are parsed (the sum over the processes, as the benchmark samples it).

With ``sizes`` (how much work each item is, e.g. its bytes), the work is shared by
:class:`Plan`: the worker processes take the largest items first, in batches that are a
share of the work left (large while much is left, small at the end, so that every
process finishes at about the same time), the calling process the smallest, one at a
time, handing the workers their next batch as soon as one is done. A workspace whose
year of a branch is one large file and one whose month is one small file keep every core
busy to the end, and a county's sixteen thousand small files cost a few dozen round
trips, not sixteen thousand.
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


#: A worker's batch is this share of the work left (divided by the number of workers):
#: the batches shrink as the work runs out, so that every process finishes about together.
SHARE = 4
#: The smallest batch is this share of the whole work (divided by the number of workers):
#: a bound on the round trips.
LEAST = 64


class Plan:
    """Who parses what: the items largest first; the worker processes take batches from
    the front, each :data:`SHARE` of the work left, this process takes single items from
    the back (the smallest). Every item is given out once."""

    def __init__(self, sizes: Sequence[int], workers: int) -> None:
        self.order = sorted(range(len(sizes)), key=lambda i: sizes[i], reverse=True)
        self.work = [max(1, sizes[i]) for i in self.order]
        self.front, self.back = 0, len(self.order)
        self.left = sum(self.work)
        self.workers = workers
        self.least = max(1, self.left // (workers * LEAST))

    def __bool__(self) -> bool:
        return self.front < self.back

    def batch(self) -> list[int]:
        """The next batch of a worker process (at least one item, unless none is left)."""
        target = max(self.least, self.left // (self.workers * SHARE))
        out: list[int] = []
        work = 0
        while self.front < self.back and (not out or work < target):
            out.append(self.order[self.front])
            work += self.work[self.front]
            self.front += 1
        self.left -= work
        return out

    def item(self) -> int:
        """The next item of this process (the smallest left)."""
        self.back -= 1
        self.left -= self.work[self.back]
        return self.order[self.back]


def _run_batch(job: tuple[Callable[[T], R], list[T]]) -> list[R]:
    fn, batch = job
    return [fn(x) for x in batch]


def parallel_map(fn: Callable[[T], R], items: Sequence[T], workers: int, *, sizes: Sequence[int] | None = None) -> list[R]:
    """``[fn(x) for x in items]``, computed by this process and ``workers - 1`` supervised
    processes (``fn`` must be a module-level function; results come back in order).
    ``sizes``: the work of each item (see :class:`Plan`; without them every item is
    taken for the same work)."""
    if workers < 2 or len(items) < 2:
        return [fn(x) for x in items]
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    plan = Plan(sizes if sizes is not None else [1] * len(items), workers)
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
        while plan and len(running) < 2 * (workers - 1):
            group = plan.batch()
            running[pool.submit(_run_batch, (fn, [items[i] for i in group]))] = group

    try:
        hand_out()
        while plan:
            i = plan.item()
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
