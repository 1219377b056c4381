"""The event loop a run's requests are made on: libuv's (`uvloop`) where it is installed.

uvloop is asyncio's event loop written in C over libuv: the same API (tasks, timers,
sockets, signals), with the loop's own scheduling and the socket transports out of
Python. Every request of a link check passes through them several times; on the
many-host web of `benchmarks/web_bench.py` the run spends about 8% less CPU. Where
uvloop has no build (Windows), asyncio's own loop runs the same code.

While a run's loop runs, the cyclic garbage collector looks at new objects less often
(`GC_THRESHOLD`) and never at the objects that existed when it started (the imported
modules: `gc.freeze`): a link check makes many short-lived objects and few cycles, and
the collector's default pace cost it about 5% of its CPU. Both are put back afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

LOOP_FACTORY: Callable[[], asyncio.AbstractEventLoop] | None
"""What builds a run's loop (None: asyncio's default)."""
try:
    from uvloop import new_event_loop as LOOP_FACTORY
except ImportError:  # pragma: no cover - a platform without uvloop
    LOOP_FACTORY = None


GC_THRESHOLD = 10_000
"""New objects between two young-generation collections during a run (Python's default: 700)."""


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)` on the fastest loop available here, with the collector's run pace."""
    with _collector_paced(), asyncio.Runner(loop_factory=LOOP_FACTORY) as runner:
        return runner.run(main)


@contextlib.contextmanager
def _collector_paced() -> Iterator[None]:
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
