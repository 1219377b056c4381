"""CPU-bound page work off the event loop: main text, drift and support scoring.

The event loop only waits on sockets and timers. Everything that spends CPU on
a page - trafilatura or pypdf reading its main text, the drift comparison, the
support scorer - runs in a pool of worker processes, one per usable core, so a
5 MB page never holds up another URL and both cores of a CI runner work.

Each worker builds what it needs once, on first use: the run's `Settings`, the
support scorer with its feature cache (`build_scorer`). On Linux the workers are
forked, so they share the modules and the sentence-encoder weights the parent
already loaded; `PageWorkers.start` forks them before the run opens a file or
starts a thread. Elsewhere they are spawned (each imports what it needs).

Each worker uses one native thread for its numeric work (BLAS, OpenMP): the
pool already has a process per core, and more threads only fight over the
same cores (OpenBLAS threads spin while they wait, multiplying CPU time).

Workers run pure functions of what they are sent; their results come back as
the frozen models. A worker that dies (killed for memory, a crash in a C
library) fails only the page it was reading: the pool is started again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from citecheck.compare.drift import drift
from citecheck.config import Settings
from citecheck.models import Citation, FetchResult, PageText, Support
from citecheck.net.relay import JsonRelay, RelayAddress, RelayClient
from citecheck.pagetext import page_text

if TYPE_CHECKING:
    from citecheck.compare import FeatureCache, SupportScorer
    from citecheck.net.http import HttpClient

logger = logging.getLogger(__name__)

Assessment = tuple[Support, tuple[Support, ...]]
"""A citation's overall support and its support per claim (`SupportScorer.assess`)."""
T = TypeVar("T")


class PageReader(Protocol):
    """Reads a fetched page's main text: `pagetext.page_text` and its signature."""

    def __call__(
        self, result: FetchResult, settings: Settings, *, cache: FeatureCache | None = None
    ) -> PageText | None:
        """Return the page text, or None."""
        ...


ScorerFactory = Callable[[Settings], "SupportScorer"]
_Early = tuple[tuple[Citation, ...], PageText, "asyncio.Future[list[Assessment] | None]"]
"""A URL's citations, its page and their assessment under way (`PageWorkers.expect`)."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _build_scorer(settings: Settings) -> SupportScorer:
    from citecheck.compare import build_scorer

    return build_scorer(settings, llm_relay=_RELAY)


class PageWorkers:
    """A process pool for the CPU-bound steps of reading and judging pages."""

    def __init__(
        self,
        settings: Settings,
        *,
        processes: int | None = None,
        reader: PageReader = page_text,
        scorer: ScorerFactory = _build_scorer,
    ) -> None:
        """Prepare the pool; no process starts until `start()` or the first task.

        Args:
            settings: the run's settings, given to every worker.
            processes: how many workers; default one per usable core.
            reader: reads a page's main text (tests pass a slow one).
            scorer: builds the support scorer, once per worker.
        """
        self.settings = settings
        self.processes = processes or usable_cores()
        self._setup = (settings, reader, scorer)
        self._executor: ProcessPoolExecutor | None = None
        self._expected: dict[str, tuple[Citation, ...]] = {}
        self._early: dict[str, _Early] = {}
        self._scoring: asyncio.Semaphore | None = None
        self._relay: RelayAddress | None = None

    def start(self) -> PageWorkers:
        """Start the workers now (before the run opens files or threads), not at first use."""
        if self.settings.support and _context().get_start_method() == "fork":
            from citecheck.compare.embed import preload_default_embedder

            preload_default_embedder()  # read once here, shared by forked workers
        executor = self._pool()
        for _ in range(self.processes):
            executor.submit(_ready)
        return self

    @contextlib.contextmanager
    def relaying(self, http: HttpClient) -> Iterator[None]:
        """Meanwhile, the LLM judge's requests from the workers go through the run's `http`.

        The judge runs inside the scorer, in the workers; a `JsonRelay` sends its
        requests on this event loop, with the run's CA bundle, headers, proxies and
        injected transport. Without a configured judge nothing is started.
        """
        if not (self.settings.support and self.settings.llm_url):
            yield
            return
        relay = JsonRelay(http, asyncio.get_running_loop())
        try:
            relay.start()
        except OSError as exc:  # no local socket here: the judge keeps its own client
            logger.warning("the LLM judge cannot use the run's HTTP client: %s", exc)
            relay.close()
        else:
            self._relay = relay.address
        try:
            yield
        finally:
            self._relay = None
            relay.close()

    def expect(self, cited_by: Mapping[str, Sequence[Citation]]) -> None:
        """Score each URL's citations as soon as its page text is read.

        Scoring then overlaps the fetching of the other URLs, instead of starting
        once every URL is fetched; `assess` of the same citations and page takes
        the result under way. At most one such task per worker is queued at a
        time, so the reading of other pages is never stuck behind a long queue.
        """
        self._expected = {url: tuple(citations) for url, citations in cited_by.items()}
        self._early.clear()

    async def page_text(self, result: FetchResult) -> PageText | None:
        """The page's main text, read in a worker (None, logged, when there is none)."""
        page = await self._run(_read_page, None, result)
        citations = self._expected.pop(result.url, ())
        if page is not None and citations:
            task = asyncio.ensure_future(self._assess_early(citations, page))
            self._early[result.url] = (citations, page, task)
        return page

    async def drift(self, first_text: str, current_text: str) -> float | None:
        """How far the text moved (`compare.drift`), computed in a worker."""
        return await self._run(drift, None, first_text, current_text)

    async def assess(
        self, citations: Sequence[Citation], page: PageText | None
    ) -> list[Assessment] | None:
        """Support of every citation of one page, scored in one worker (one page index)."""
        batch = tuple(citations)
        early = self._early.pop(batch[0].url, None) if batch else None
        if early is not None and early[0] == batch and early[1] == page:
            return await early[2]
        return await self._run(_assess, None, batch, page, self._relay)

    async def _assess_early(
        self, citations: tuple[Citation, ...], page: PageText
    ) -> list[Assessment] | None:
        if self._scoring is None:
            self._scoring = asyncio.Semaphore(self.processes)
        async with self._scoring:
            return await self._run(_assess, None, citations, page, self._relay)

    def close(self) -> None:
        """Stop the workers; queued work is dropped."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> PageWorkers:
        """Use as a context manager: closed on leaving."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the workers."""
        self.close()

    async def _run(self, function: Callable[..., T], failed: T, *args: Any) -> T:
        """Run `function(*args)` in a worker; `failed` if the worker died on it."""
        executor = self._pool()
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, function, *args)
        except BrokenProcessPool:
            logger.warning("a page worker died (%s); starting the pool again", function.__name__)
            if self._executor is executor:
                executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
            return failed

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.processes,
                mp_context=_context(),
                initializer=_start_worker,
                initargs=self._setup,
            )
        return self._executor


def _context() -> multiprocessing.context.BaseContext:
    # Fork shares what the parent loaded (modules, model weights) and starts in
    # milliseconds; it is safe on Linux as the pool starts before any thread.
    return multiprocessing.get_context("fork" if sys.platform == "linux" else None)


# -- in the worker processes ---------------------------------------------------------------

_STATE: dict[str, Any] = {}
"""The worker's own: settings, page reader, scorer factory, and the scorer once built."""


def _start_worker(settings: Settings, reader: PageReader, scorer: ScorerFactory) -> None:
    _one_native_thread()
    _STATE.clear()
    _STATE.update(settings=settings, reader=reader, scorer_factory=scorer)


_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _one_native_thread() -> None:
    """Limit this worker's BLAS and OpenMP pools to one thread, also for libraries loaded later."""
    from threadpoolctl import threadpool_limits

    for name in _THREAD_VARIABLES:
        os.environ[name] = "1"
    threadpool_limits(limits=1)


def _ready() -> None:
    """A no-op task: makes the pool start its workers."""


def _scorer() -> SupportScorer:
    if "scorer" not in _STATE:
        _STATE["scorer"] = _STATE["scorer_factory"](_STATE["settings"])
    scorer: SupportScorer = _STATE["scorer"]
    return scorer


def _read_page(result: FetchResult) -> PageText | None:
    settings: Settings = _STATE["settings"]
    cache = _scorer().cache if settings.support else None
    reader: PageReader = _STATE["reader"]
    return reader(result, settings, cache=cache)


_RELAY = RelayClient()
"""The worker's way to the run's HTTP client, for the LLM judge (pointed at each task's relay)."""


def _assess(
    citations: tuple[Citation, ...], page: PageText | None, relay: RelayAddress | None
) -> list[Assessment]:
    _RELAY.use(relay)
    scorer = _scorer()
    return [scorer.assess(citation, page) for citation in citations]
