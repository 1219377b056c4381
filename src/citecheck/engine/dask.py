"""The Dask side of a distributed scan: start or reach a cluster, submit shards and scoring.

The only module that imports dask. The driver talks to the scheduler on its own
event loop (an asynchronous `Client`), so waiting on a thousand shards costs no
thread. A task whose worker dies (killed for memory, a lost machine) is run
again on another worker by the scheduler; a shard run twice stores each of its
URLs under the run's one `run_id`, which the index keeps once per URL.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citecheck.compare.drift import drift
from citecheck.config import Settings
from citecheck.engine import MISSING_DASK
from citecheck.engine.shards import plan_shards, shard_count
from citecheck.engine.tasks import read_page, run_shard, score_batch
from citecheck.errors import ConfigError
from citecheck.models import Citation, FetchResult, PageText
from citecheck.progress import ProgressSink
from citecheck.store.remote import is_remote
from citecheck.workers import Assessment, PageWorkers

if TYPE_CHECKING:
    from citecheck.net.network import NetworkState
    from citecheck.pipeline import UrlOutcome
    from citecheck.store.archive import Archive

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
"""How long to try reaching a `--cluster` scheduler before giving up (exit 2)."""
SHARDS_AT_ONCE = 4
"""Shards a local worker process runs at once, each on its own event loop in a thread:
fetching waits on the network, so one shard per process would leave the core idle."""
MIN_SHARD_CONCURRENCY = 8
TASK_RETRIES = 2
"""Extra tries for a task that raised; a task whose worker died is retried by the scheduler."""


def for_workers(settings: Settings) -> Settings:
    """The settings as workers see them: local paths made absolute (workers run elsewhere)."""
    archive_dir = settings.archive_dir
    if archive_dir and not is_remote(archive_dir):
        archive_dir = str(Path(archive_dir).resolve())
    cache_dir = str(Path(settings.cache_dir).resolve())
    return replace(settings, cache_dir=cache_dir, archive_dir=archive_dir)


def per_shard(settings: Settings, shards_at_once: int) -> Settings:
    """A shard's settings: a worker's shards share `--max-concurrency` between them, so a
    worker process has as many requests in flight as one single-process run."""
    share = max(MIN_SHARD_CONCURRENCY, settings.max_concurrency // max(1, shards_at_once))
    return replace(settings, max_concurrency=share)


class DaskEngine:
    """Checks a run's URLs on Dask workers and scores support there.

    Use as an async context manager: entering starts a `LocalCluster` of
    `settings.workers` processes, or connects to `settings.cluster`.
    """

    def __init__(self, settings: Settings) -> None:
        """Prepare; nothing starts before `async with`."""
        if settings.workers < 0:
            raise ConfigError(f"--workers must be 0 or more, got {settings.workers}")
        self.settings = for_workers(settings)
        self._client: Any = None
        self._cluster: Any = None
        self._shared_settings: Any = None
        self.workers: PageWorkers = PageWorkers(settings)

    async def __aenter__(self) -> DaskEngine:
        """Start or reach the cluster.

        Raises:
            ConfigError: Dask is not installed, or the scheduler cannot be reached.
        """
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ConfigError(MISSING_DASK) from exc
        if self.settings.cluster:
            self._client = await _connect(Client, self.settings.cluster)
        else:
            self._cluster = await LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.settings.workers,
                threads_per_worker=SHARDS_AT_ONCE,
                processes=True,
                asynchronous=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = await Client(self._cluster, asynchronous=True)  # type: ignore[no-untyped-call]
            await self._client.wait_for_workers(self.settings.workers)
        self._shared_settings = await self._client.scatter(self.settings, broadcast=True)
        self.workers = DaskScoring(self.settings, self._client, self._shared_settings)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the client, and the cluster if this engine started it."""
        if self._client is not None:
            await self._client.close()
        if self._cluster is not None:
            await self._cluster.close()

    async def check_urls(
        self, urls: list[str], archive: Archive, network: NetworkState, progress: ProgressSink
    ) -> dict[str, UrlOutcome]:
        """Check every URL in shards of whole hosts, one task per shard; collect the outcomes."""
        from distributed import as_completed

        progress.start(len(urls))
        if not urls:
            return {}
        threads = list((await self._client.nthreads()).values()) or [1]
        shards = plan_shards(urls, shard_count(len(urls), sum(threads)), archive.host_latency())
        shard_settings = await self._client.scatter(
            per_shard(self.settings, max(threads)), broadcast=True
        )
        futures = [
            self._client.submit(
                run_shard,
                shard.urls,
                shard_settings,
                archive.run_id,
                network,
                key=f"citecheck-shard-{archive.run_id}-{number}",
                retries=TASK_RETRIES,
            )
            for number, shard in enumerate(shards)
        ]
        outcomes: dict[str, UrlOutcome] = {}
        done = as_completed(futures, with_results=True)  # type: ignore[no-untyped-call]
        async for _, results in done:
            for url, outcome in results:
                outcomes[url] = outcome
                if outcome.fetch is not None:
                    progress.advance(outcome.fetch, outcome.verdict)
        return outcomes


async def _connect(client_class: Any, address: str) -> Any:
    try:
        return await client_class(address, asynchronous=True, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {detail}") from exc


class DaskScoring(PageWorkers):
    """The driver's page work as Dask tasks: support scoring, one batch task per cited
    page, and the reading of the archived copies recovery judges."""

    def __init__(self, settings: Settings, client: Any, shared_settings: Any) -> None:
        """Score through `client`, with the settings already on every worker."""
        super().__init__(settings)
        self._client = client
        self._shared = shared_settings

    def start(self) -> DaskScoring:
        """Nothing to start: the workers are the cluster's."""
        return self

    async def page_text(self, result: FetchResult) -> PageText | None:
        """The page's main text, read in a task on a worker."""
        future = self._client.submit(read_page, self._shared, result, pure=False)
        page: PageText | None = await future
        return page

    async def drift(self, first_text: str, current_text: str) -> float | None:
        """How far the text moved, computed in a task on a worker."""
        moved: float | None = await self._client.submit(drift, first_text, current_text)
        return moved

    async def assess(
        self, citations: Sequence[Citation], page: PageText | None
    ) -> list[Assessment] | None:
        """Support of every citation of one page, scored in one task on a worker."""
        future = self._client.submit(
            score_batch, self._shared, tuple(citations), page, retries=TASK_RETRIES, pure=False
        )
        result: list[Assessment] = await future
        return result

    def close(self) -> None:
        """Nothing to stop here; the engine closes the client."""
