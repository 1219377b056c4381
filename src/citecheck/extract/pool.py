"""A long file's pieces extracted in worker processes, in order, a few at a time.

Extraction is pure Python and CPU-bound: one process reads a 10 MB link-dense file
at a few MB/s. Pieces (`extract.stream`) are independent, so `map_in_order` hands
them to a pool of processes and yields the results in the pieces' order, holding at
most `AHEAD` pieces per worker in flight: memory stays bounded by the piece size.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # imported where a pool starts: a small file's run never needs them
    import multiprocessing.context
    from concurrent.futures import Future

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")

MAX_WORKERS = 8
"""More processes than this gain little: the parent reading, cutting and writing
pieces becomes the limit."""
AHEAD = 2
"""Pieces in flight per worker: enough to keep each busy while the parent writes."""


def worker_count(environ: dict[str, str] | None = None) -> int:
    """How many worker processes extraction may use: the CPUs this process may run on,
    at most `MAX_WORKERS`; `CITECHECK_EXTRACT_WORKERS` overrides (1: no workers)."""
    override = (os.environ if environ is None else environ).get("CITECHECK_EXTRACT_WORKERS")
    if override is not None and override.strip().isdigit():
        return max(1, int(override))
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cpus))


def map_in_order(
    function: Callable[[ItemT], ResultT], items: Iterable[ItemT], workers: int
) -> Iterator[ResultT]:
    """Yield `function(item)` for each item, in order, computed in `workers` processes.

    With one worker nothing is started: the items are mapped here. An exception in
    `items` (or in a worker) stops the pool and goes to the caller.

    Args:
        function: a module-level function (it is sent to the workers by name).
        items: the inputs, produced lazily (each is sent to a worker).
        workers: how many processes.

    Yields:
        The results, in the items' order.
    """
    if workers <= 1:
        yield from map(function, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=_context())
    try:
        pending: collections.deque[Future[ResultT]] = collections.deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= workers * AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is one: the workers start at once with the modules loaded."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)
