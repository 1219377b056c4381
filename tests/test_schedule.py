"""The fetch order of a run: biggest hosts first, per-host and overall limits, release, errors."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from citecheck.net.schedule import HostPlan, PriorityGate, Release, host_key, run_by_host

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def urls_for(counts: dict[str, int]) -> list[str]:
    """Interleaved URLs: `counts[host]` pages on each host."""
    urls = []
    for number in range(max(counts.values())):
        urls += [f"http://{host}/{number}" for host, count in counts.items() if number < count]
    return urls


def test_the_biggest_host_is_handed_out_first_and_limits_hold() -> None:
    plan = HostPlan(urls_for({"small.example": 2, "big.example": 5, "mid.example": 3}), lambda h: 2)
    started = [plan.next() for _ in range(6)]
    assert plan.next() is None  # every host holds its two
    hosts = [host for host, _ in started if host]
    assert hosts[:2] == ["big.example", "big.example"]
    assert Counter(hosts) == {"big.example": 2, "mid.example": 2, "small.example": 2}
    plan.release("small.example")
    assert plan.next() is None  # small.example has nothing left
    plan.release("big.example")
    assert plan.next() == ("big.example", "http://big.example/2")


def test_host_key_matches_the_fetcher() -> None:
    assert host_key("https://News.Example:8443/a") == "news.example"
    assert host_key("http://[::1]:80/") == "::1"
    assert host_key("http://[bad/") == ""


async def test_every_url_runs_once_within_the_limits() -> None:
    urls = urls_for({"a.example": 30, "b.example": 5, "c.example": 1, "d.example": 12})
    seen: list[str] = []
    active: Counter[str] = Counter()
    peaks: Counter[str] = Counter()
    running = peak_running = 0

    async def work(url: str, release: Release) -> None:
        nonlocal running, peak_running
        host = host_key(url)
        active[host] += 1
        running += 1
        peaks[host] = max(peaks[host], active[host])
        peak_running = max(peak_running, running)
        await asyncio.sleep(0.001)
        active[host] -= 1
        release()
        await asyncio.sleep(0.001)  # work after release (reading the page) holds no host place
        running -= 1
        seen.append(url)

    await asyncio.wait_for(run_by_host(urls, work, per_host=lambda h: 3, max_active=6), 30)
    assert sorted(seen) == sorted(urls)
    assert max(peaks.values()) == 3
    assert peak_running == 6


async def test_the_biggest_host_is_never_starved() -> None:
    """With few places, the big host always holds its share while it has URLs left."""
    urls = urls_for({"big.example": 40, **{f"s{n}.example": 4 for n in range(20)}})
    big_active = big_started = 0
    shortfalls = 0

    async def work(url: str, release: Release) -> None:
        nonlocal big_active, big_started, shortfalls
        if host_key(url) == "big.example":
            big_active += 1
            big_started += 1
        elif big_active < 2 and 40 - big_started > 4:  # big still has the most left
            shortfalls += 1
        await asyncio.sleep(0.001)
        if host_key(url) == "big.example":
            big_active -= 1

    await asyncio.wait_for(run_by_host(urls, work, per_host=lambda h: 2, max_active=4), 30)
    assert shortfalls == 0


async def test_a_failure_cancels_the_rest_and_is_raised() -> None:
    cancelled = 0

    async def work(url: str, release: Release) -> None:
        nonlocal cancelled
        if url.endswith("/0"):
            raise RuntimeError("boom")
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled += 1
            raise

    urls = urls_for({"a.example": 3, "b.example": 3})
    with pytest.raises(RuntimeError, match="boom"):
        await asyncio.wait_for(run_by_host(urls, work, per_host=lambda h: 2, max_active=4), 10)
    assert cancelled >= 1


async def test_no_urls_is_no_work() -> None:
    async def work(url: str, release: Release) -> None:
        raise AssertionError("nothing to do")

    await run_by_host([], work, per_host=lambda h: 2, max_active=4)


async def test_a_free_global_slot_goes_to_the_lowest_priority_first_then_in_order() -> None:
    gate = PriorityGate(1)
    await gate.acquire()  # held: everyone else waits
    served: list[str] = []

    async def wait(name: str, priority: float) -> None:
        await gate.acquire(priority)
        served.append(name)

    waiters = [
        asyncio.ensure_future(wait(name, priority))
        for name, priority in [("small", 0), ("big", -50), ("mid", -7), ("small2", 0)]
    ]
    await asyncio.sleep(0)  # all queued
    for _ in waiters:
        gate.release()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    await asyncio.gather(*waiters)
    assert served == ["big", "mid", "small", "small2"]
    assert gate.free == 0  # the last one still holds its slot
    gate.release()
    assert gate.free == 1


async def test_a_cancelled_waiter_never_keeps_a_slot() -> None:
    gate = PriorityGate(1)
    await gate.acquire()
    gone = asyncio.ensure_future(gate.acquire(-1))
    stays = asyncio.ensure_future(gate.acquire(0))
    await asyncio.sleep(0)
    gone.cancel()  # cancelled while waiting: skipped
    gate.release()
    await stays
    granted_then_cancelled = asyncio.ensure_future(gate.acquire(-5))
    await asyncio.sleep(0)
    gate.release()  # handed to it...
    granted_then_cancelled.cancel()  # ...which is cancelled before it runs: passed back
    with pytest.raises(asyncio.CancelledError):
        await granted_then_cancelled
    assert gone.cancelled()
    assert gate.free == 1
    await asyncio.wait_for(gate.acquire(), timeout=5)
