"""The order a run fetches its URLs in: biggest hosts first, a bounded number at a time.

A polite run can end no sooner than its busiest host allows (that host's
requests x the spacing between them), so the busiest host must start at once
and never wait for a free worker. `run_by_host` starts URLs host by host,
always from the host with the most URLs left, with at most a few of one host's
URLs under way (so no URL queues long behind its own host, and a slow or
hanging host ties up only its own share) and a bounded number in all (so
memory does not grow with the number of URLs: tasks are created as they
start, never one per URL up front).

A URL gives its host's place back by calling `release` as soon as its requests
are done, so the work that follows (archiving, reading the page) never holds
back its host's next request.

The run's global request slots are a `PriorityGate`: when more requests wait
for a slot than there are free, the one whose host has the most URLs left goes
first, so the busiest host - the one that sets the run's length - never waits
behind hosts that could wait without making the run any longer.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TypeVar, cast
from urllib.parse import urlsplit

T = TypeVar("T")
R = TypeVar("R")
Release = Callable[[], None]
Work = Callable[[str, Release], Awaitable[None]]


def host_key(url: str) -> str:
    """The host a URL's politeness limits apply to (as the fetcher counts it)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostPlan:
    """Per-host queues of URLs, handed out biggest-host-first within per-host limits."""

    def __init__(self, urls: Iterable[str], limit: Callable[[str], int]) -> None:
        """Queue `urls` by host; `limit(host)` says how many of a host's may be out at once."""
        self._queues: dict[str, deque[str]] = {}
        for url in urls:
            self._queues.setdefault(host_key(url), deque()).append(url)
        self._limit = limit
        self._active: Counter[str] = Counter()
        self._heap = [(-len(queue), host) for host, queue in self._queues.items()]
        heapq.heapify(self._heap)
        self._offered = set(self._queues)

    def next(self) -> tuple[str, str] | None:
        """Return (host, url) to start next, or None while no host may start another."""
        while self._heap:
            _, host = heapq.heappop(self._heap)
            self._offered.discard(host)
            if not self._startable(host):
                continue
            self._active[host] += 1
            url = self._queues[host].popleft()
            self._offer(host)
            return host, url
        return None

    def release(self, host: str) -> None:
        """One of `host`'s URLs no longer needs the host: another may start."""
        self._active[host] -= 1
        self._offer(host)

    def _startable(self, host: str) -> bool:
        return bool(self._queues[host]) and self._active[host] < max(self._limit(host), 1)

    def _offer(self, host: str) -> None:
        if host not in self._offered and self._startable(host):
            heapq.heappush(self._heap, (-len(self._queues[host]), host))
            self._offered.add(host)


class PriorityGate:
    """A semaphore whose waiters get free slots lowest `priority` first, then in arrival order."""

    def __init__(self, slots: int) -> None:
        """Allow `slots` holders at once (at least one)."""
        self._free = max(slots, 1)
        self._waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, priority: float = 0.0) -> None:
        """Wait for a slot; among waiters, the lowest `priority` is served first."""
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), granted))
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():  # given a slot, then cancelled
                self.release()
            raise

    def release(self) -> None:
        """Give a slot back: to the first waiter still waiting, else to the free ones."""
        while self._waiting:
            _, _, granted = heapq.heappop(self._waiting)
            if not granted.done():  # a cancelled waiter's future is done
                granted.set_result(None)
                return
        self._free += 1

    @property
    def free(self) -> int:
        """Slots no one holds now."""
        return self._free


async def run_by_host(
    urls: Iterable[str], work: Work, *, per_host: Callable[[str], int], max_active: int
) -> None:
    """Run `work(url, release)` for every URL, biggest hosts first, within the limits.

    Args:
        urls: the URLs, each run once.
        work: checks one URL; calls `release()` once it needs its host no more
            (it is released anyway when `work` returns).
        per_host: how many of a host's URLs may hold the host at once.
        max_active: how many `work` calls may run at once in all.

    Raises:
        Exception: the first exception a `work` call raised; the others are cancelled.
    """
    plan = HostPlan(urls, per_host)
    wake = asyncio.Event()
    running: set[asyncio.Task[None]] = set()
    finished: list[asyncio.Task[None]] = []

    def on_done(task: asyncio.Task[None]) -> None:
        running.discard(task)
        finished.append(task)
        wake.set()

    def start(host: str, url: str) -> None:
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                plan.release(host)
                wake.set()

        async def run() -> None:
            try:
                await work(url, release)
            finally:
                release()

        task = asyncio.create_task(run())
        running.add(task)
        task.add_done_callback(on_done)

    try:
        while True:
            while finished:
                finished.pop().result()
            while len(running) < max(max_active, 1) and (picked := plan.next()) is not None:
                start(*picked)
            if not running:
                return
            wake.clear()
            await wake.wait()
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


async def map_bounded(items: Sequence[T], run: Callable[[T], Awaitable[R]], limit: int) -> list[R]:
    """`[await run(item) for item in items]`, at most `limit` at once, in the items' order.

    Tasks are made as work starts, never one per item up front, so memory
    stays flat however many items there are.
    """
    results: list[R | None] = [None] * len(items)
    pending = iter(enumerate(items))

    async def worker() -> None:
        for index, item in pending:  # one shared iterator: each item goes to one worker
            results[index] = await run(item)

    await asyncio.gather(*(worker() for _ in range(min(max(limit, 1), len(items)))))
    return cast("list[R]", results)
