"""The one policy for Python's cyclic garbage collector.

Loading a workspace allocates millions of small objects and frees almost none of them; a
report then computes on them and ends. The cyclic collector would only walk those objects
again and again (a third of a cold run at county scale). So:

* :func:`bulk` switches the collector off while a large structure is built (loading,
  scoring, decoding a document from the cache), and back to what it was afterwards; it
  may be nested (:func:`collecting` says whether it is on);
* :func:`settle` tells the collector that what exists now lives until the command ends
  (``gc.freeze``), so later collections skip it. Only the command line calls it: once it
  has started (the imports and the look-up of a remembered output, made with the collector
  off), once the workspace is loaded, once the report is computed (then written with the
  collector off), and when the command ends, so that the interpreter's last collection
  walks none of it. A program using the Python API keeps its collector as it set it.

Nothing else in pingyi touches :mod:`gc`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk() -> Iterator[None]:
    """The collector off for the duration, restored afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collecting() -> bool:
    """Whether the collector is on (a decoder of many small objects then switches it off
    with :func:`bulk` while it works)."""
    return gc.isenabled()


def settle() -> None:
    """Keep the collector away from everything that exists now."""
    gc.freeze()
