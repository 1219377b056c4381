"""What runs on a Dask worker: one shard of URLs, or the support scoring of one shard.

Tasks are plain functions of picklable values. A shard task returns its URLs'
outcomes with page text (never bodies); the shard's scoring task takes them,
worker to worker, scores every cited page and hands the driver the outcomes
without their text, so page text never reaches the driver. Each worker process builds the
support scorer once (on first use, for the run's settings) and keeps it, with
its feature cache, for every later task of the run. A shard's CPU work (page
text, drift) runs in a thread of the shard's own process, so the event loop
keeps serving sockets while a page is read.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from citecheck.compare.drift import drift
from citecheck.config import Settings
from citecheck.models import Citation, FetchResult, PageText
from citecheck.pagetext import page_text
from citecheck.workers import Assessment, PageWorkers

if TYPE_CHECKING:
    from citecheck.compare import SupportScorer
    from citecheck.net.network import NetworkState
    from citecheck.pipeline import UrlOutcome

ShardOutcomes = list[tuple[str, "UrlOutcome"]]
"""What a shard task returns: each URL's outcome, page text included, in check order."""
ScoredOutcome = tuple[str, "UrlOutcome", list[Assessment] | None]
"""A URL, its outcome without page text, and its citations' support (None: not scored)."""

_SCORER: list[tuple[Settings, SupportScorer]] = []
_SCORER_LOCK = threading.Lock()
_CPU = threading.Lock()
"""A worker process runs several shards (and scoring tasks) in threads; their page
reading and scoring take turns, as the GIL would make them anyway, so the scorer and
its feature cache are never used by two threads at once."""


def scorer_for(settings: Settings) -> SupportScorer:
    """This process's support scorer for `settings`, built on first use."""
    from citecheck.compare import build_scorer

    with _SCORER_LOCK:
        if not _SCORER or _SCORER[0][0] != settings:
            _SCORER[:] = [(settings, build_scorer(settings))]
        return _SCORER[0][1]


def score_batch(
    settings: Settings, citations: Sequence[Citation], page: PageText | None
) -> list[Assessment]:
    """Support of every citation of one page (one task, one page index)."""
    scorer = scorer_for(settings)
    with _CPU:
        return [scorer.assess(citation, page) for citation in citations]


def read_page(settings: Settings, result: FetchResult) -> PageText | None:
    """A page's main text, with this process's feature cache when support is scored."""
    cache = scorer_for(settings).cache if settings.support else None
    with _CPU:
        return page_text(result, settings, cache=cache)


def score_shard(
    settings: Settings, cited_by: Mapping[str, Sequence[Citation]], outcomes: ShardOutcomes
) -> list[ScoredOutcome]:
    """Score every cited page of one shard (one batch task over its (claims, page text)
    pairs, in the order the driver gave the citations) and drop the page text."""
    scored: list[ScoredOutcome] = []
    for url, outcome in outcomes:
        citations = cited_by.get(url)
        assessments = score_batch(settings, citations, outcome.page) if citations else None
        scored.append((url, without_text(outcome), assessments))
    return scored


def without_text(outcome: UrlOutcome) -> UrlOutcome:
    """The outcome the driver needs: the page's title and language, not its text."""
    if outcome.page is None or not outcome.page.text:
        return outcome
    return replace(outcome, page=replace(outcome.page, text=""))


def run_shard(
    urls: Sequence[str], settings: Settings, run_id: str, network: NetworkState
) -> ShardOutcomes:
    """Check one shard's URLs exactly as a single-process run would; results without bodies."""
    from citecheck.pipeline import check_shard

    outcomes = check_shard(urls, settings, run_id, network, ShardWorkers(settings))
    return list(outcomes.items())


def _drift(first_text: str, current_text: str) -> float | None:
    with _CPU:
        return drift(first_text, current_text)


class ShardWorkers(PageWorkers):
    """The page work of a shard, done in the shard's own process (a Dask worker)."""

    def start(self) -> ShardWorkers:
        """Nothing to start: the work runs in this process."""
        return self

    async def page_text(self, result: FetchResult) -> PageText | None:
        """The page's main text, read in a thread of this process."""
        return await asyncio.to_thread(read_page, self.settings, result)

    async def drift(self, first_text: str, current_text: str) -> float | None:
        """How far the text moved, computed in a thread of this process."""
        return await asyncio.to_thread(_drift, first_text, current_text)

    async def assess(
        self, citations: Sequence[Citation], page: PageText | None
    ) -> list[Assessment] | None:
        """Support of the citations of one page, scored in a thread of this process."""
        return await asyncio.to_thread(score_batch, self.settings, citations, page)

    def close(self) -> None:
        """Nothing to stop."""
