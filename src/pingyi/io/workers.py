"""Parsing on every core, with workers that never outlive pingyi.

:func:`parallel_map` runs a function over many items in a pool of worker processes. Each
worker is supervised from the moment it starts:

* on Linux the kernel sends it SIGKILL when the process that started it dies, however it
  dies (``prctl(PR_SET_PDEATHSIG)``), so ``kill -9``, ``timeout`` and CI runners that stop
  pingyi stop its workers at once;
* on every system a watchdog thread in the worker notices within a quarter of a second that
  its parent is gone (it is then re-parented) and ends the worker.

A pool that cannot be started (no processes to be had) falls back on one process.
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


def parallel_map(fn: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``[fn(x) for x in items]``, computed by ``workers`` supervised processes (``fn``
    must be a module-level function; results come back in order)."""
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
        return list(pool.map(fn, items, chunksize=chunk))
    except BaseException:
        # interrupted (Ctrl-C) or a worker lost: stop the others now, not after their work
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
