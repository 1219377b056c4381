"""Cutting a run's unique URLs into shards of similar cost, whole hosts at a time.

Politeness is per host, so a host is never split: its URLs stay in one shard,
where one fetcher keeps its per-host limits. A fetcher counts every host it
sends a request to, redirect targets included, so hosts that lead to one
another travel together too: `www.name` with `name` (the commonest redirect of
all), and hosts whose URLs earlier runs saw redirect to another host (`links`,
from the index). Otherwise two shards could each keep a shared target's
per-host limit at once. A site (such a group of hosts) costs its URL count
times its hosts' remembered latency (the mean time their URLs took in earlier
runs, or `DEFAULT_LATENCY_S` for a host never seen); sites are packed greedily,
the costliest first, each into the shard that costs least so far (longest
processing time first), which keeps the shards within 4/3 of the best split.
The plan is a pure function of its inputs: the same URLs give the same shards.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from citecheck.net.schedule import host_key

DEFAULT_LATENCY_S = 1.0
"""The expected seconds per URL of a host no earlier run has timed."""
MAX_SHARD_URLS = 2_000
"""A shard's results (and page texts) travel back in one message: keep it bounded."""
MAX_HOST_LINKS = 8
"""A host seen redirecting to (or from) more hosts than this is a hub, not part of a site."""
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


def group_into_sites(
    hosts: Iterable[str], links: Iterable[tuple[str, str]] = ()
) -> dict[str, list[str]]:
    """The hosts that must share a shard, by a name for their group: `www.x` with `x`, and
    any two hosts `links` pairs (a redirect seen from one to the other), transitively."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        parent.setdefault(name, name)
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def join(one: str, other: str) -> None:
        first, second = sorted((root(one), root(other)))
        parent[second] = first

    hosts = list(hosts)
    for host in hosts:
        join(host, host.removeprefix("www."))
    for one, other in _without_hubs(links):
        join(one, one.removeprefix("www."))
        join(other, other.removeprefix("www."))
        join(one, other)
    sites: dict[str, list[str]] = {}
    for host in hosts:
        sites.setdefault(root(host), []).append(host)
    return sites


def _without_hubs(links: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The links between two hosts that are neither linked to more than `MAX_HOST_LINKS`
    others: a hub (a shortener, a consent wall many sites send to) would glue them all
    into one shard; a hub keeps its per-host limit per shard only."""
    pairs = {tuple(sorted(pair)) for pair in links if pair[0] != pair[1]}
    degree: dict[str, int] = {}
    for pair in pairs:
        for host in pair:
            degree[host] = degree.get(host, 0) + 1
    return sorted(
        (one, other)
        for one, other in pairs
        if degree[one] <= MAX_HOST_LINKS and degree[other] <= MAX_HOST_LINKS
    )


def shard_count(url_count: int, slots: int) -> int:
    """How many shards: two per task slot, more when shards would grow past MAX_SHARD_URLS."""
    by_size = -(-url_count // MAX_SHARD_URLS)
    return max(1, min(url_count, max(slots * SHARDS_PER_SLOT, by_size)))


def plan_shards(
    urls: Sequence[str],
    count: int,
    latency: Mapping[str, float] | None = None,
    links: Iterable[tuple[str, str]] = (),
) -> list[Shard]:
    """Pack whole sites (hosts that lead to one another) into at most `count` shards of
    similar expected cost.

    Args:
        urls: The run's unique URLs.
        count: The most shards to make (fewer when there are fewer sites).
        latency: Remembered seconds per URL by host; unknown hosts get the default.
        links: Pairs of hosts earlier runs saw one redirect to the other.

    Returns:
        The non-empty shards, costliest first.
    """
    latency = latency or {}
    hosts = group_by_host(urls)
    grouped = group_into_sites(hosts, links)
    sites = {
        name: [url for host in members for url in hosts[host]] for name, members in grouped.items()
    }
    costs = {
        name: sum(len(hosts[host]) * latency.get(host, DEFAULT_LATENCY_S) for host in members)
        for name, members in grouped.items()
    }
    bins: list[tuple[float, int, list[str]]] = [(0.0, n, []) for n in range(max(1, count))]
    for site in sorted(sites, key=lambda name: (-costs[name], name)):
        total, number, members = heapq.heappop(bins)
        members.extend(sites[site])
        heapq.heappush(bins, (total + costs[site], number, members))
    shards = [Shard(tuple(members), total) for total, _, members in bins if members]
    return sorted(shards, key=lambda shard: (-shard.cost, shard.urls))
