"""Cutting a run's unique URLs into shards of similar cost, whole hosts at a time.

Politeness is per host, so a host is never split: its URLs stay in one shard,
where one fetcher keeps its per-host limits. A host costs its URL count times
its remembered latency (the mean time its URLs took in earlier runs, or
`DEFAULT_LATENCY_S` for a host never seen); hosts are packed greedily, the
costliest first, each into the shard that costs least so far (longest
processing time first), which keeps the shards within 4/3 of the best split.
The plan is a pure function of its inputs: the same URLs give the same shards.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from citecheck.net.schedule import host_key

DEFAULT_LATENCY_S = 1.0
"""The expected seconds per URL of a host no earlier run has timed."""
MAX_SHARD_URLS = 2_000
"""A shard's results (and page texts) travel back in one message: keep it bounded."""
SHARDS_PER_SLOT = 2
"""Twice as many shards as task slots, so a slot that finishes early takes another
(more rounds would add up each round's slowest URL)."""


@dataclass(frozen=True, slots=True)
class Shard:
    """The URLs one task checks (whole hosts), and what they are expected to cost."""

    urls: tuple[str, ...]
    cost: float


def group_by_host(urls: Sequence[str]) -> dict[str, list[str]]:
    """The URLs of each host, in the order given."""
    hosts: dict[str, list[str]] = {}
    for url in urls:
        hosts.setdefault(host_key(url), []).append(url)
    return hosts


def shard_count(url_count: int, slots: int) -> int:
    """How many shards: two per task slot, more when shards would grow past MAX_SHARD_URLS."""
    by_size = -(-url_count // MAX_SHARD_URLS)
    return max(1, min(url_count, max(slots * SHARDS_PER_SLOT, by_size)))


def plan_shards(
    urls: Sequence[str], count: int, latency: Mapping[str, float] | None = None
) -> list[Shard]:
    """Pack whole hosts into at most `count` shards of similar expected cost.

    Args:
        urls: The run's unique URLs.
        count: The most shards to make (fewer when there are fewer hosts).
        latency: Remembered seconds per URL by host; unknown hosts get the default.

    Returns:
        The non-empty shards, costliest first.
    """
    latency = latency or {}
    hosts = group_by_host(urls)
    costs = {
        host: len(members) * latency.get(host, DEFAULT_LATENCY_S) for host, members in hosts.items()
    }
    bins: list[tuple[float, int, list[str]]] = [(0.0, n, []) for n in range(max(1, count))]
    for host in sorted(hosts, key=lambda name: (-costs[name], name)):
        total, number, members = heapq.heappop(bins)
        members.extend(hosts[host])
        heapq.heappush(bins, (total + costs[host], number, members))
    shards = [Shard(tuple(members), total) for total, _, members in bins if members]
    return sorted(shards, key=lambda shard: (-shard.cost, shard.urls))
