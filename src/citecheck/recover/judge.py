"""The recovery stage of a run: memoised look-ups, archived copies judged like any page, SPN.

The recoverer only finds a candidate (`RecoveryOutcome.copy_url`). This step
fetches the chosen copy with the run's own fetcher, classifies it, reads it and
scores it with the run's page reader and scorer (in the worker processes), so an
archived copy goes the same way as a cited URL. A link cited twice is looked up
and read once (each citation's claims are scored on it); a live page is sent to
Save Page Now once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date

from citecheck.classify import classify
from citecheck.config import Settings
from citecheck.models import Citation, FetchResult, PageText, Status, Support, Verdict
from citecheck.pagetext import UnreadablePage
from citecheck.recover.recoverer import RECOVERABLE, Recoverer, RecoveryOutcome

logger = logging.getLogger(__name__)

FetchPage = Callable[[str], Awaitable[FetchResult]]
"""Fetches a URL like a cited one (`Fetcher.fetch`)."""
ReadPage = Callable[[FetchResult], Awaitable[PageText | None]]
"""Reads a fetched page's main text (`PageWorkers.page_text`); may raise `UnreadablePage`."""
AssessPage = Callable[[Citation, PageText | None], Awaitable[Support | None]]
"""Scores a citation's claims on a page (`PageWorkers.assess`, first result)."""
READABLE = frozenset({Status.OK, Status.REDIRECTED})
NETWORK_DOWN_REASON = "web archives not asked: the network is unreachable"


@dataclass(frozen=True, slots=True)
class CopyJudge:
    """The run's own fetch, read and assess steps, used on archived copies.

    Without `read` and `assess` (support scoring off) a copy is fetched and
    classified only, so the suggestion still says when it cannot be read.
    """

    settings: Settings
    fetch: FetchPage
    read: ReadPage | None = None
    assess: AssessPage | None = None


@dataclass(frozen=True, slots=True)
class ReadCopy:
    """A recovery outcome with the archived copy's text (None: unread or unreadable)."""

    outcome: RecoveryOutcome
    page: PageText | None = None


async def read_copy(outcome: RecoveryOutcome, judge: CopyJudge) -> ReadCopy:
    """Fetch and classify the outcome's archived copy, and read it when it is a live page.

    Returns:
        The outcome (its note says when the copy could not be read) and the copy's text.
    """
    if outcome.suggestion is None or outcome.copy_url is None:
        return ReadCopy(outcome)
    fetched = await judge.fetch(outcome.copy_url)
    verdict = classify(fetched, None, settings=judge.settings)
    if verdict.status not in READABLE:
        return ReadCopy(
            _noted(outcome, f"the archived copy could not be read ({_why(fetched, verdict)})")
        )
    if judge.read is None:
        return ReadCopy(outcome)
    try:
        return ReadCopy(outcome, await judge.read(fetched))
    except UnreadablePage as exc:
        logger.info("archived copy %s is unreadable: %s", outcome.copy_url, exc)
        return ReadCopy(outcome)


async def judged(copy: ReadCopy, citation: Citation, judge: CopyJudge) -> RecoveryOutcome:
    """The outcome with the citation's support on the archived copy (when it was read)."""
    suggestion = copy.outcome.suggestion
    if suggestion is None or copy.page is None or judge.assess is None:
        return copy.outcome
    support = await judge.assess(citation, copy.page)
    return replace(copy.outcome, suggestion=replace(suggestion, support=support))


class RecoveryStep:
    """Suggestions for failed citations and Save Page Now for live ones, for one run."""

    def __init__(
        self,
        settings: Settings,
        recoverer: Recoverer,
        judge: CopyJudge,
        *,
        network_reachable: bool = True,
    ) -> None:
        """Look up with `recoverer`, judge copies with `judge`.

        Args:
            settings: `suggest`, `archive_live` and `cited_at` are read here.
            recoverer: finds archived copies and repaired URLs.
            judge: the run's fetch, read and assess steps.
            network_reachable: False when the run found no network: archives are not asked.
        """
        self.settings = settings
        self._recoverer = recoverer
        self._judge = judge
        self._network_reachable = network_reachable
        self._copies: dict[tuple[str, date | None], asyncio.Future[ReadCopy]] = {}
        self._saved: set[str] = set()

    async def suggest(
        self, citation: Citation, verdict: Verdict, *, published: date | None
    ) -> RecoveryOutcome | None:
        """A replacement for a dead or cut-off citation, judged; None when none is wanted.

        Args:
            citation: the citation as extracted.
            verdict: its status; only dead, soft404, redirect_home and truncated are looked up.
            published: the citing document's date (`--cited-at` wins over it).
        """
        if not self.settings.suggest or verdict.status not in RECOVERABLE:
            return None
        if not self._network_reachable:
            return RecoveryOutcome(None, NETWORK_DOWN_REASON)
        cited_at = self.settings.cited_at or published
        key = (citation.raw if citation.is_truncated else citation.url, cited_at)
        if key not in self._copies:
            self._copies[key] = asyncio.ensure_future(self._read(citation, verdict, cited_at))
        return await judged(await self._copies[key], citation, self._judge)

    async def archive_live(self, citation: Citation, verdict: Verdict) -> None:
        """Ask Save Page Now to archive a live cited page, once per URL (`--archive-live`)."""
        if not self.settings.archive_live or verdict.status not in READABLE:
            return
        if citation.url in self._saved:
            return
        self._saved.add(citation.url)
        outcome = await self._recoverer.archive_live(citation.url)
        logger.info("Save Page Now %s: %s", citation.url, outcome.reason)

    def close(self) -> None:
        """Close the recoverer's cache."""
        self._recoverer.close()

    async def _read(self, citation: Citation, verdict: Verdict, cited_at: date | None) -> ReadCopy:
        outcome = await self._recoverer.suggest(citation, verdict, cited_at=cited_at)
        return await read_copy(outcome, self._judge)


def _noted(outcome: RecoveryOutcome, note: str) -> RecoveryOutcome:
    suggestion = outcome.suggestion
    if suggestion is None:
        return outcome
    joined = "; ".join(part for part in (suggestion.note, note) if part)
    return replace(outcome, suggestion=replace(suggestion, note=joined), reason=joined)


def _why(fetched: FetchResult, verdict: Verdict) -> str:
    """The HTTP status when there is one other than 200, else the failure or the verdict."""
    if fetched.http_status is not None and fetched.http_status != 200:
        return str(fetched.http_status)
    return str(fetched.error or verdict.reason)
