"""The one place where the stages are put together into a run.

`ascan` walks the inputs through every stage of docs/architecture.md:

1. collect and load the documents, extract their citations and claims;
2. check the network once: a machine that reaches nothing judges nothing dead;
3. fetch each unique canonical URL once, however many documents cite it,
   classify it, archive it, and read its main text;
4. per citation: support of its claims, history across runs, and for dead or
   cut-off links a suggested replacement from the web archives;
5. assemble the `Report`.

Each URL's outcome is judged as soon as it is decided and each citation's result
goes straight to a spool file (`report.spool`), which the report writers read back:
memory holds the citations still waiting, not the results (docs/performance.md).

Everything here is orchestration; each decision lives in its stage's module.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from citecheck import __version__
from citecheck.cited import Cited, extract_all
from citecheck.classify import (
    NETWORK_UNREACHABLE_REASON,
    classify,
    internal_failure,
    looks_alive,
    network_aware,
    skip_reason,
    unchecked_verdict,
    with_probe,
)
from citecheck.config import Settings
from citecheck.engine import is_distributed
from citecheck.errors import CiteCheckError
from citecheck.extract.claimtext import NO_CLAIM_TEXT, has_claim_text
from citecheck.models import (
    CheckResult,
    Citation,
    ClaimCoverage,
    Document,
    FetchResult,
    History,
    PageText,
    Report,
    SkippedInput,
    Support,
    Verdict,
)
from citecheck.net.access import remap_url
from citecheck.net.fetch import Fetcher
from citecheck.net.http import Transport
from citecheck.net.loop import run as run_loop
from citecheck.net.network import NetworkState, detect_network
from citecheck.net.reuse import cached_answer, not_archived, with_archived_body
from citecheck.net.schedule import Release, map_bounded, run_by_host
from citecheck.pagetext import PageReader, PageReading
from citecheck.progress import NULL_PROGRESS, ProgressSink
from citecheck.recover import RECOVERABLE, CopyJudge, Recoverer, RecoveryOutcome, RecoveryStep
from citecheck.report.spool import ResultSpool, SpooledDocuments
from citecheck.store.archive import Archive, Prior
from citecheck.workers import Assessment, PageWorkers

if TYPE_CHECKING:
    from citecheck.engine.dask import DaskEngine

logger = logging.getLogger(__name__)

__all__ = [
    "NETWORK_UNREACHABLE_REASON",
    "UrlOutcome",
    "ascan",
    "scan",
    "skip_reason",
]


@dataclass(frozen=True, slots=True)
class UrlOutcome:
    """What checking one unique URL produced, shared by every citation of it."""

    fetch: FetchResult | None
    verdict: Verdict
    page: PageText | None = None
    drift: float | None = None


def scan(
    inputs: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    progress: ProgressSink = NULL_PROGRESS,
    transport: Transport | None = None,
) -> Report:
    """Check every citation in the inputs; the synchronous face of `ascan`.

    Args:
        inputs: files or folders of documents (txt, md, html, pdf, docx).
        settings: the run's settings; `Settings()` when omitted.
        progress: receives progress events (the CLI draws a bar from them).
        transport: an httpx transport to use instead of the network (tests).

    Returns:
        The report of the run.

    Raises:
        InputError: an input cannot be read.
        ArchiveError: the cache cannot be used.
    """
    return run_loop(ascan(inputs, settings or Settings(), progress=progress, transport=transport))


async def ascan(
    inputs: Sequence[str | Path],
    settings: Settings,
    *,
    progress: ProgressSink = NULL_PROGRESS,
    transport: Transport | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    workers: PageWorkers | None = None,
) -> Report:
    """Check every citation in the inputs and return the report (see module docstring).

    `workers` runs the CPU-bound page work (default: a process per core, closed at
    the end); pass one to share it between scans or to slow it down in a test.
    """
    started_at = now()
    skipped: list[SkippedInput] = []  # unreadable files: reported, the run goes on
    cited = extract_all(inputs, settings, skipped)
    urls, cited_by = list(cited.to_fetch), cited.cited_by
    cited.to_fetch = {}
    own_workers = workers is None
    workers = PageWorkers(settings) if workers is None else workers
    if settings.support and urls and not is_distributed(settings):
        workers.start()  # forked before the run opens threads
        workers.expect(cited_by)  # scored as each page is read
    try:
        network = await _check_network(settings, bool(urls), progress)
        async with Fetcher(settings, transport=transport) as fetcher:
            with workers.relaying(fetcher.http), _open_archive(settings) as archive:
                spool = ResultSpool(settings.cache_dir)
                async with _engine(settings, fetcher, workers) as engine:
                    arriving = engine.check_urls(urls, archive, network, progress, cited_by)
                    recovery = _recovery_step(settings, fetcher, engine.workers, network)
                    judge = _Judge(settings, archive, engine.workers, recovery, now())
                    try:
                        await judge.documents(cited, arriving, spool, progress)
                    finally:
                        recovery.close()
    finally:
        progress.finish()
        if own_workers:
            workers.close()
    report = Report(
        documents=SpooledDocuments(spool, cited.places()),
        started_at=started_at,
        finished_at=now(),
        tool_version=__version__,
        settings=settings.report_summary(),
        network_unreachable=not network.reachable and judge.network_failure,
        network_reason=network.reason,
        skipped_inputs=tuple(skipped),
        tally=spool.tally,
    )
    return replace(report, claims=tuple(_claim_coverage(report, settings)))


async def _check_network(settings: Settings, needed: bool, progress: ProgressSink) -> NetworkState:
    if not (settings.check_network and needed) or settings.offline:
        return NetworkState(reachable=True, reason="not checked")
    state = await detect_network(settings)
    if not state.reachable:
        progress.message(
            f"The network is unreachable ({state.reason}); nothing will be called dead."
        )
    return state


async def _check_urls(
    urls: list[str],
    fetcher: Fetcher,
    archive: Archive,
    reader: PageReader,
    network: NetworkState,
    progress: ProgressSink,
    decided: Callable[[str, UrlOutcome], None],
) -> None:
    """Check every URL, handing each outcome to `decided` as soon as it is known."""
    settings = reader.settings
    progress.start(len(urls))

    async def check(url: str, release: Release) -> None:
        try:
            kept, verdict, reading = await _walk(url, fetcher, archive, reader, network, release)
        except CiteCheckError:
            raise  # the cache or the configuration is unusable: that stops the run
        except Exception as exc:  # a bug met on one page is that URL's error, not the run's
            logger.exception("unexpected failure checking %s", url)
            kept, verdict = internal_failure(url, exc)
            reading = PageReading(verdict)
        decided(url, UrlOutcome(kept, reading.verdict, reading.page, reading.drift))
        progress.advance(kept, verdict)

    fetcher.expect(urls)  # the busiest host gets a free global slot first
    await run_by_host(
        urls,
        check,
        per_host=lambda host: _host_share(host, settings),
        max_active=_task_count(settings),
    )


async def _walk(
    url: str,
    fetcher: Fetcher,
    archive: Archive,
    reader: PageReader,
    network: NetworkState,
    release: Release,
) -> tuple[FetchResult, Verdict, PageReading]:
    """One URL: a look-up of what the cache knows, the answer (the network's or the cache's),
    its verdict, its record in the cache, its page read. Answers the result as kept (no
    body), the verdict of the answer, and the reading (which may make it an error)."""
    settings = reader.settings
    prior = archive.prior(remap_url(url, settings.remap))
    replayed = cached_answer(prior, archive, settings)
    if replayed is not None:
        result, verdict = replayed, classify(replayed, settings=settings)
        archived, checked_at = replayed.archive, replayed.checked_at
    elif settings.offline:
        result, verdict = not_archived(url)
        archived, checked_at = None, None
    else:
        result, verdict = await _fetch_and_classify(url, prior, fetcher, archive, network, settings)
        stored = archive.record(result, verdict=verdict)
        archived, checked_at = stored.ref, stored.checked_at
    release()  # its requests are done: the host may start its next URL
    digest = archived.digest if archived is not None else None
    reading = await reader.read(result, verdict, prior, digest)
    if reading.page is not None and not settings.support:
        # only scoring reads the text: keep the title
        reading = replace(reading, page=replace(reading.page, text=""))
    return result.kept(archived, checked_at), verdict, reading


class _LocalEngine:
    """Today's engine: every URL on this process's event loop, page work in `workers`."""

    def __init__(self, settings: Settings, fetcher: Fetcher, workers: PageWorkers) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.workers = workers

    async def __aenter__(self) -> _LocalEngine:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    async def check_urls(
        self,
        urls: list[str],
        archive: Archive,
        network: NetworkState,
        progress: ProgressSink,
        cited_by: Mapping[str, Sequence[Citation]] | None = None,
    ) -> AsyncIterator[dict[str, UrlOutcome]]:
        """Every URL's outcome, in batches of those decided since the last batch was taken,
        so their citations are judged, and the outcomes let go, as the run goes (the
        claims are scored through `workers`)."""
        decided: asyncio.Queue[tuple[str, UrlOutcome] | None] = asyncio.Queue()
        check = self._check_into(decided, urls, archive, network, progress)
        checking = asyncio.ensure_future(check)
        try:
            async for batch in _batches(decided):
                yield batch
            await checking  # its error, if it failed
        finally:
            checking.cancel()

    async def _check_into(
        self,
        decided: asyncio.Queue[tuple[str, UrlOutcome] | None],
        urls: list[str],
        archive: Archive,
        network: NetworkState,
        progress: ProgressSink,
    ) -> None:
        try:
            reader = PageReader(archive, self.settings, self.workers)

            def put(url: str, outcome: UrlOutcome) -> None:
                decided.put_nowait((url, outcome))

            await _check_urls(urls, self.fetcher, archive, reader, network, progress, put)
        finally:
            decided.put_nowait(None)

    async def outcomes(
        self, urls: list[str], archive: Archive, network: NetworkState, progress: ProgressSink
    ) -> dict[str, UrlOutcome]:
        """Every URL's outcome, all at once (a shard of a distributed run)."""
        outcomes: dict[str, UrlOutcome] = {}
        reader = PageReader(archive, self.settings, self.workers)
        decided = outcomes.__setitem__
        await _check_urls(urls, self.fetcher, archive, reader, network, progress, decided)
        return outcomes


async def _batches(
    decided: asyncio.Queue[tuple[str, UrlOutcome] | None],
) -> AsyncIterator[dict[str, UrlOutcome]]:
    """The outcomes put on the queue, as batches of all that wait, until the None at its end."""
    done = False
    while not done:
        batch: dict[str, UrlOutcome] = {}
        item = await decided.get()
        while item is not None:
            batch[item[0]] = item[1]
            if decided.empty():
                break
            item = decided.get_nowait()
        done = item is None
        if batch:
            yield batch


def _engine(
    settings: Settings, fetcher: Fetcher, workers: PageWorkers
) -> _LocalEngine | DaskEngine:
    """The engine that checks the URLs: this process, or Dask workers (`citecheck.engine`)."""
    if not is_distributed(settings):
        return _LocalEngine(settings, fetcher, workers)
    from citecheck.engine.dask import DaskEngine

    return DaskEngine(settings)


def check_shard(
    urls: Sequence[str],
    settings: Settings,
    run_id: str,
    network: NetworkState,
    workers: PageWorkers,
) -> dict[str, UrlOutcome]:
    """Check one shard of a distributed run, on a worker: the same steps as a local run.

    Fetches, classifies, archives (this process's own WARC files, the run's
    index rows under `run_id`) and reads the page text of each URL; the
    outcomes carry no bodies.
    """

    async def check() -> dict[str, UrlOutcome]:
        async with Fetcher(settings) as fetcher:
            with _open_archive(settings, run_id) as archive:
                engine = _LocalEngine(settings, fetcher, workers)
                return await engine.outcomes(list(urls), archive, network, NULL_PROGRESS)

    return run_loop(check())


def _open_archive(settings: Settings, run_id: str | None = None) -> Archive:
    return Archive.open(
        settings.cache_dir, index=settings.index, archive_dir=settings.archive_dir, run_id=run_id
    )


def _host_share(host: str, settings: Settings) -> int:
    """URLs of one host under way at once: twice its request slots, so one always waits ready."""
    return 2 * (settings.host(host).concurrency or settings.per_host_concurrency)


def _task_count(settings: Settings) -> int:
    # Enough URLs under way to keep every global slot busy while others wait on
    # per-host spacing or read pages, but bounded, so memory stays flat.
    return max(4 * settings.max_concurrency, 16)


async def _fetch_and_classify(
    url: str,
    prior: Prior,
    fetcher: Fetcher,
    archive: Archive,
    network: NetworkState,
    settings: Settings,
) -> tuple[FetchResult, Verdict]:
    etag, last_modified = prior.validators
    result = await fetcher.fetch(url, etag=etag, last_modified=last_modified)
    if result.not_modified:
        result = with_archived_body(result, prior, archive)
    verdict = classify(result, settings=settings)
    if settings.soft404_probe and looks_alive(verdict):
        verdict = with_probe(verdict, result, await fetcher.probe_soft404(result))
    return result, network_aware(verdict, result, network_reachable=network.reachable)


def _recovery_step(
    settings: Settings, fetcher: Fetcher, workers: PageWorkers, network: NetworkState
) -> RecoveryStep:
    """Recovery through the run's one HTTP client, judging copies like any page, in `workers`."""

    async def assess(citation: Citation, page: PageText | None) -> Support | None:
        assessments = await workers.assess([citation], page)
        return assessments[0][0] if assessments else None

    scoring = settings.support
    judge = CopyJudge(
        settings,
        fetch=fetcher.fetch,
        read=workers.page_text if scoring else None,
        assess=assess if scoring else None,
    )
    recoverer = Recoverer(settings, http=fetcher.http)
    return RecoveryStep(settings, recoverer, judge, network_reachable=network.reachable)


def _any_network_failure(outcomes: dict[str, UrlOutcome]) -> bool:
    return any(o.verdict.reason == NETWORK_UNREACHABLE_REASON for o in outcomes.values())


def _claim_coverage(report: Report, settings: Settings) -> list[ClaimCoverage]:
    if not settings.support:
        return []
    from citecheck.compare import best_sources  # support scoring's own: loaded when it is on

    return best_sources(report.results)  # all results at once: only when scoring support


class _Judge:
    """Turns each citation plus its URL's outcome into a `CheckResult`.

    Holds what the per-citation work shares: the worker pool that scores support
    (all citations of one URL in one task) and the run's recovery step. Outcomes
    arrive in batches (as they are decided from this process, a shard at a time from
    Dask workers); each batch's citations are judged as it arrives, their results go
    to the spool and the batch is then let go.
    """

    def __init__(
        self,
        settings: Settings,
        archive: Archive,
        workers: PageWorkers,
        recovery: RecoveryStep,
        checked_at: datetime,
    ) -> None:
        self.settings = settings
        self.archive = archive
        self.outcomes: dict[str, UrlOutcome] = {}
        self.workers = workers
        self.recovery = recovery
        self.checked_at = checked_at
        self.network_failure = False
        """Whether some URL failed because the network was unreachable."""
        self._cited_by: dict[str, list[Citation]] = {}
        self._assessed: dict[str, asyncio.Future[list[Assessment] | None]] = {}

    async def documents(
        self,
        cited: Cited,
        arriving: AsyncIterator[dict[str, UrlOutcome]],
        spool: ResultSpool,
        progress: ProgressSink = NULL_PROGRESS,
    ) -> None:
        """Judge every citation as its URL's outcome arrives, concurrently, into `spool`
        under its number (document order); each is read back from `cited` to be judged."""
        self._cited_by = cited.cited_by
        waiting, cited.waiting = cited.waiting, {}

        async def judged(number: int) -> None:
            result = await self.result(*cited.read(number))
            spool.write(number, result)
            progress.judged(result)

        started = False
        async for outcomes in arriving:
            if not started:  # after the fetching has started, as the progress view expects
                progress.start_judging(len(cited))
                started = True
            self.outcomes = outcomes
            self.network_failure = self.network_failure or _any_network_failure(outcomes)
            numbers = [number for url in outcomes for number in waiting.pop(url, ())]
            await map_bounded(numbers, judged, _task_count(self.settings))
            self._assessed.clear()
        if not started:
            progress.start_judging(len(cited))
        self.outcomes = {}  # what is left was never checked (skipped)
        left = sorted(number for numbers in waiting.values() for number in numbers)
        await map_bounded(left, judged, _task_count(self.settings))

    async def result(self, document: Document, citation: Citation) -> CheckResult:
        """Everything known about one citation: verdict, support, history, suggestion."""
        outcome = self._outcome(citation)
        support, per_claim = await self._support(citation, outcome)
        recovery = await self.recovery.suggest(
            citation, outcome.verdict, published=document.published
        )
        await self.recovery.archive_live(citation, outcome.verdict)
        return CheckResult(
            citation=citation,
            verdict=outcome.verdict,
            fetch=outcome.fetch,
            support=support,
            claim_support=per_claim,
            suggestion=recovery.suggestion if recovery else None,
            history=self._history(citation, outcome),
            page_title=outcome.page.title if outcome.page else None,
            recovery_note=_recovery_note(recovery),
        )

    def _outcome(self, citation: Citation) -> UrlOutcome:
        if citation.url in self.outcomes:
            return self.outcomes[citation.url]
        return UrlOutcome(None, unchecked_verdict(citation, self.settings))

    async def _support(
        self, citation: Citation, outcome: UrlOutcome
    ) -> tuple[Support | None, tuple[Support, ...]]:
        if not self.settings.support:
            return None, ()
        from citecheck.compare import unknown, with_slug_hint  # loaded when support is on

        if not has_claim_text(citation):  # nothing to judge: never `unsupported`
            return unknown("", NO_CLAIM_TEXT), ()
        support, per_claim = await self._assessment(citation, outcome.page)
        if outcome.page is None and outcome.verdict.status in RECOVERABLE:
            support = with_slug_hint(support, citation)
        return support, per_claim

    async def _assessment(self, citation: Citation, page: PageText | None) -> Assessment:
        """This citation's support, from one task that scores every citation of its URL."""
        batch = self._cited_by.get(citation.url, [citation])
        if citation.url not in self._assessed:
            task = self.workers.assess(batch, page)
            self._assessed[citation.url] = asyncio.ensure_future(task)
        assessments = await self._assessed[citation.url]
        if assessments is None:
            from citecheck.compare import unknown

            return unknown("", "the support scorer failed on this page"), ()
        return assessments[batch.index(citation)]  # an equal copy, read back from the spool

    def _history(self, citation: Citation, outcome: UrlOutcome) -> History | None:
        if outcome.fetch is None or self.settings.offline:
            return None
        history = self.archive.history(
            citation.url,
            outcome.verdict.status,
            self.checked_at,
            confirm_after=self.settings.confirm_after,
            spacing_hours=self.settings.confirm_spacing_hours,
        )
        return replace(history, drift=outcome.drift) if outcome.drift is not None else history


def _recovery_note(recovery: RecoveryOutcome | None) -> str | None:
    return recovery.reason if recovery and not recovery.suggestion else None
