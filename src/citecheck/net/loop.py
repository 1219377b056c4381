"""The event loop a run's requests are made on: libuv's (`uvloop`) where it is installed.

uvloop is asyncio's event loop written in C over libuv: the same API (tasks, timers,
sockets, signals), with the loop's own scheduling and the socket transports out of
Python. Every request of a link check passes through them several times; on the
many-host web of `benchmarks/web_bench.py` the run spends about 8% less CPU. Where
uvloop has no build (Windows), asyncio's own loop runs the same code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

LOOP_FACTORY: Callable[[], asyncio.AbstractEventLoop] | None
"""What builds a run's loop (None: asyncio's default)."""
try:
    from uvloop import new_event_loop as LOOP_FACTORY
except ImportError:  # pragma: no cover - a platform without uvloop
    LOOP_FACTORY = None


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)` on the fastest loop available here."""
    with asyncio.Runner(loop_factory=LOOP_FACTORY) as runner:
        return runner.run(main)
