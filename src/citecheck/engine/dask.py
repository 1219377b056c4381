"""The Dask side of a distributed scan: start or reach a cluster, submit shards and scoring.

The only module that imports dask. The driver talks to the scheduler on its own
event loop (an asynchronous `Client`), so waiting on a thousand shards costs no
thread. A task whose worker dies (killed for memory, a lost machine) is run
again on another worker by the scheduler; a shard run twice stores each of its
URLs under the run's one `run_id`, which the index keeps once per URL.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citecheck.compare.drift import drift
from citecheck.config import Settings
from citecheck.engine import MISSING_DASK
from citecheck.engine.shards import plan_shards, shard_count
from citecheck.engine.tasks import read_page, run_shard, score_batch, score_shard, without_text
from citecheck.errors import CiteCheckError, ConfigError
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
NO_WORKER_PROFILER = {"distributed.worker.profile.enabled": False}
"""Dask's statistical profiler calls `sys._current_frames()` in every worker every 10 ms;
on CPython 3.11 before 3.11.9 that can deadlock against threads starting or ending
(CPython gh-106883), and a shard's threads (its page reading, asyncio's executor) do
both all the time: the whole worker froze, every shard blocked on the GIL. The engine
never reads the profile, so workers it starts run without it."""
SHARDS_AT_ONCE = 4
"""Shards a local worker process runs at once, each on its own event loop in a thread:
fetching waits on the network, so one shard per process would leave the core idle."""
QUIET_HTTP = {"dashboard_address": "127.0.0.1:0"}
"""The scheduler's HTTP endpoint (no dashboard) on a free loopback port, not on 8787."""
TASK_RETRIES = 2
"""Extra tries for a task that raised; a task whose worker died is retried by the scheduler."""
SHARD_RESUBMITS = 2
"""Times a shard the scheduler cancelled (forgot) is submitted again before the run fails."""


def for_workers(settings: Settings) -> Settings:
    """The settings as workers see them: local paths made absolute (workers run elsewhere)."""
    archive_dir = settings.archive_dir
    if archive_dir and not is_remote(archive_dir):
        archive_dir = str(Path(archive_dir).resolve())
    cache_dir = str(Path(settings.cache_dir).resolve())
    return replace(settings, cache_dir=cache_dir, archive_dir=archive_dir)


def per_shard(settings: Settings, shards_at_once: int) -> Settings:
    """A shard's settings: a worker's shards share `--max-concurrency` between them, so a
    worker process has no more requests in flight than one single-process run (a shard
    at least one). The run as a whole has up to that many per worker process."""
    share = max(1, settings.max_concurrency // max(1, shards_at_once))
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
        self.workers: PageWorkers = PageWorkers(settings)
        self._scoring: DaskScoring | None = None

    async def __aenter__(self) -> DaskEngine:
        """Start or reach the cluster.

        Raises:
            ConfigError: Dask is not installed, the scheduler cannot be reached, or no
                worker offers the scoring resource.
        """
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ConfigError(MISSING_DASK) from exc
        if self.settings.cluster:
            self._client = await _connect(Client, self.settings.cluster)
        else:
            import dask

            # Each worker process gets this config from its nanny, restarts included.
            with dask.config.set(NO_WORKER_PROFILER):
                self._cluster = await LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=self.settings.workers,
                    threads_per_worker=SHARDS_AT_ONCE,
                    processes=True,
                    asynchronous=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    scheduler_kwargs=QUIET_HTTP,
                    silence_logs=logging.ERROR,
                    resources=self.resources() or {},
                )
            self._client = await Client(self._cluster, asynchronous=True)  # type: ignore[no-untyped-call]
            await self._client.wait_for_workers(self.settings.workers)
        if self.settings.cluster and self.settings.score_resource:
            try:
                await _check_resource(
                    self._client, self.settings.cluster, self.settings.score_resource
                )
            except ConfigError:
                await self.__aexit__()
                raise
        self._scoring = DaskScoring(self.settings, self._client, self.resources())
        self.workers = self._scoring
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the client, and the cluster if this engine started it."""
        if self._client is not None:
            await self._client.close()
        if self._cluster is not None:
            await self._cluster.close()

    def resources(self) -> dict[str, float] | None:
        """The Dask resources a scoring task needs (`--score-resource`), or None: any worker."""
        name = self.settings.score_resource
        return {name: 1} if name else None

    async def check_urls(
        self,
        urls: list[str],
        archive: Archive,
        network: NetworkState,
        progress: ProgressSink,
        cited_by: Mapping[str, Sequence[Citation]],
    ) -> AsyncIterator[dict[str, UrlOutcome]]:
        """Check the URLs in shards of whole hosts, one task per shard, and yield each
        shard's outcomes (without page text) as soon as it is done, in the order shards
        finish; with support on, each shard's pages are scored first by a batch task of
        their own (`score_shard`), whose results the engine's `workers` hand the judge."""
        from distributed import as_completed
        from distributed.client import FutureCancelledError

        progress.start(len(urls))
        if not urls:
            return
        threads = list((await self._client.nthreads()).values()) or [1]
        count = shard_count(len(urls), sum(threads))
        shards = plan_shards(urls, count, archive.host_latency(), archive.host_links())
        # Settings travel with each task, not scattered once: a scattered value lives only
        # on the workers it was sent to, and is lost for good when they all die.
        shard_settings = per_shard(self.settings, max(threads))
        submit = partial(
            self._submit_shard,
            shard_settings=shard_settings,
            archive=archive,
            network=network,
            cited_by=cited_by,
        )
        pending = {
            submit(number, shard.urls): (number, shard.urls, 0)
            for number, shard in enumerate(shards)
        }
        done = as_completed(list(pending))  # type: ignore[no-untyped-call]
        async for future in done:
            # popped before its result is read: a result leaves the workers' memory
            # once the driver has read it
            number, shard_urls, resubmits = pending.pop(future)
            try:
                results = await future
            except FutureCancelledError as exc:
                # The scheduler forgot the task (a lost worker, its result released
                # before it was read): the shard is checked again, not the run lost.
                if resubmits >= SHARD_RESUBMITS:
                    message = f"a shard of the run was cancelled on the Dask cluster: {exc}"
                    raise CiteCheckError(message) from exc
                logger.warning("shard %d was cancelled (%s); submitting it again", number, exc)
                again = submit(number, shard_urls, attempt=resubmits + 1)
                pending[again] = (number, shard_urls, resubmits + 1)
                done.add(again)  # type: ignore[no-untyped-call]
                continue
            yield self._arrived(results, progress)

    def _submit_shard(
        self,
        number: int,
        urls: Sequence[str],
        *,
        shard_settings: Settings,
        archive: Archive,
        network: NetworkState,
        cited_by: Mapping[str, Sequence[Citation]],
        attempt: int = 0,
    ) -> Any:
        """Submit a shard's task and, with support on, the task that scores its pages
        (a shard submitted again gets keys of its own: the cancelled ones may linger)."""
        suffix = f"{archive.run_id}-{number}" + (f"-again{attempt}" if attempt else "")
        checked = self._client.submit(
            run_shard,
            urls,
            shard_settings,
            archive.run_id,
            network,
            key=f"citecheck-shard-{suffix}",
            retries=TASK_RETRIES,
        )
        if not self.settings.support:
            return checked
        claims = {url: tuple(cited_by[url]) for url in urls if url in cited_by}
        return self._client.submit(
            score_shard,
            self.settings,
            claims,
            checked,
            key=f"citecheck-score-{suffix}",
            retries=TASK_RETRIES,
            resources=self.resources(),
        )

    def _arrived(self, results: list[Any], progress: ProgressSink) -> dict[str, UrlOutcome]:
        """One shard's outcomes; its support goes to `workers` for the judge to take."""
        outcomes: dict[str, UrlOutcome] = {}
        for url, outcome, *scored in results:
            outcomes[url] = without_text(outcome)
            if scored and scored[0] is not None and self._scoring is not None:
                self._scoring.ready(url, scored[0])
            if outcome.fetch is not None:
                progress.advance(outcome.fetch, outcome.verdict)
        return outcomes


async def _connect(client_class: Any, address: str) -> Any:
    try:
        return await client_class(address, asynchronous=True, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {detail}") from exc


async def _check_resource(client: Any, address: str, name: str) -> None:
    """Refuse a cluster whose workers all lack the scoring resource: its scoring tasks
    would wait for ever. (A cluster with no worker yet may be scaling up: allowed.)"""
    identity = await client.scheduler.identity()
    workers = identity.get("workers", {}).values()
    if workers and not any(name in (worker.get("resources") or {}) for worker in workers):
        raise ConfigError(
            f"no worker of the Dask cluster at {address} offers the resource {name!r} "
            "that --score-resource names"
        )


class DaskScoring(PageWorkers):
    """The driver's page work as Dask tasks: support scoring, one batch task per cited
    page, and the reading of the archived copies recovery judges."""

    def __init__(
        self,
        settings: Settings,
        client: Any,
        resources: dict[str, float] | None = None,
    ) -> None:
        """Score through `client`, on workers that offer `resources` (None: any worker)."""
        super().__init__(settings)
        self._client = client
        self._resources = resources
        self._scored: dict[str, list[Assessment]] = {}

    def ready(self, url: str, assessments: list[Assessment]) -> None:
        """Keep a shard's scoring of `url`'s citations until the judge asks for it."""
        self._scored[url] = assessments

    def start(self) -> DaskScoring:
        """Nothing to start: the workers are the cluster's."""
        return self

    async def page_text(self, result: FetchResult) -> PageText | None:
        """The page's main text, read in a task on a worker."""
        future = self._client.submit(read_page, self.settings, result, pure=False)
        page: PageText | None = await future
        return page

    async def drift(self, first_text: str, current_text: str) -> float | None:
        """How far the text moved, computed in a task on a worker."""
        moved: float | None = await self._client.submit(drift, first_text, current_text)
        return moved

    async def assess(
        self, citations: Sequence[Citation], page: PageText | None
    ) -> list[Assessment] | None:
        """Support of every citation of one page: scored already by its shard's scoring
        task, or now, in one task on a worker (an archived copy that recovery judges)."""
        batch = tuple(citations)
        scored = self._scored.pop(batch[0].url, None) if batch else None
        if scored is not None and len(scored) == len(batch):
            return scored
        future = self._client.submit(
            score_batch,
            self.settings,
            batch,
            page,
            retries=TASK_RETRIES,
            pure=False,
            resources=self._resources,
        )
        result: list[Assessment] = await future
        return result

    def close(self) -> None:
        """Nothing to stop here; the engine closes the client."""
