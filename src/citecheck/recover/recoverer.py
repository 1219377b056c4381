"""The recovery step: find an archived copy or the full URL for a failed citation.

For a citation whose status is dead, soft404, redirect_home or truncated:

1. truncated: list archived URLs that start with the surviving prefix (CDX
   `matchType=prefix`), rank them by how well their slug matches the claim,
   and take the best (source `wayback-cdx-prefix`);
2. otherwise ask the availability API for the snapshot closest to the citation
   date; when it names none, or one after the date, ask CDX for the 200-status
   capture just before it (source `wayback` or `wayback-cdx`);
3. when the Wayback Machine has nothing (or is down) and a Memento aggregator
   is configured, read its TimeMap / TimeGate (source `memento:<archive>`);
4. name the chosen copy in raw form (`id_`, no archive banner) as `copy_url`:
   the pipeline fetches it and judges it like any cited URL (`recover.judge`).

Every request goes through the run's `HttpClient` (net/http.py). Remote
failures never raise: they end in `RecoveryOutcome(None, reason)`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from citecheck.config import Settings
from citecheck.models import Citation, Status, Suggestion, Verdict
from citecheck.net.http import HttpClient
from citecheck.recover import memento, wayback
from citecheck.recover.cache import AnswerCache
from citecheck.recover.captures import Capture, is_before
from citecheck.recover.http import ArchiveClient, ArchiveUnavailable, Sleep
from citecheck.recover.repair import rank_candidates, repaired_prefix
from citecheck.recover.savepagenow import SaveOutcome, save_page
from citecheck.redact import without_credentials

logger = logging.getLogger(__name__)

RECOVERABLE = frozenset({Status.DEAD, Status.SOFT404, Status.REDIRECT_HOME, Status.TRUNCATED})
CACHE_FILE_NAME = "recover.sqlite3"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RecoveryOutcome:
    """The result of the recovery step for one citation.

    `suggestion` is None when nothing was found or the step did not apply;
    `reason` always says, for people, what happened ("web archive unreachable: …").
    `copy_url` is the archived copy to read and judge (raw, without the archive's
    banner); `recover.judge.judge_copy` fills the suggestion's support from it.
    """

    suggestion: Suggestion | None
    reason: str
    copy_url: str | None = None


class Recoverer:
    """Looks up archived copies and repaired URLs through one polite, cached client."""

    def __init__(
        self,
        settings: Settings,
        *,
        http: HttpClient,
        cache_path: Path | None = None,
        environ: Mapping[str, str] | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        """Prepare the step; nothing is opened or sent until it is first needed.

        Args:
            settings: the run's settings (endpoints, retry policy, cache folder).
            http: the run's HTTP client for archive requests (net/http.py).
            cache_path: the SQLite cache file (default `<cache_dir>/recover.sqlite3`).
            environ: where Save Page Now credentials are read (default `os.environ`).
            sleep: how to wait between retries (tests pass one that does not wait).
        """
        self.settings = settings
        self._environ = os.environ if environ is None else environ
        path = cache_path or Path(settings.cache_dir) / CACHE_FILE_NAME
        self._archive = ArchiveClient(
            http,
            cache=lambda: AnswerCache(path),
            policy=settings.retry,
            sleep=sleep or asyncio.sleep,
        )

    async def suggest(
        self, citation: Citation, verdict: Verdict, *, cited_at: date | None
    ) -> RecoveryOutcome:
        """Find a replacement for a dead or cut-off citation.

        Args:
            citation: the citation as extracted.
            verdict: its classified status; only dead, soft404, redirect_home and
                truncated are looked up.
            cited_at: when the source was cited (the article's date or `--cited-at`).

        Returns:
            The suggestion (or None), the reason, for the report, and the archived
            copy to judge; the suggestion's support is left for `judge_copy`.
        """
        if not self.settings.suggest:
            return RecoveryOutcome(None, "suggestions are switched off")
        if verdict.status not in RECOVERABLE:
            return RecoveryOutcome(None, f"no suggestion needed for status {verdict.status}")
        cited = cited_at or self.settings.cited_at
        if verdict.status is Status.TRUNCATED or citation.is_truncated:
            return await self._repair(citation, cited)
        return await self._archived_copy(citation, cited)

    async def archive_live(self, url: str) -> SaveOutcome:
        """Ask Save Page Now to archive a live page; the outcome names the job or the reason."""
        public = without_credentials(url)  # a password is never sent to an archive
        return await save_page(self._archive, self.settings.spn_url, public, self._environ)

    def close(self) -> None:
        """Close the cache database."""
        self._archive.close()

    async def _archived_copy(self, citation: Citation, cited: date | None) -> RecoveryOutcome:
        reasons: list[str] = []
        url = without_credentials(citation.url)  # a password is never sent to an archive
        capture = await self._attempt(self._wayback(url, cited), "Wayback", reasons)
        if capture is None and self.settings.memento_url:
            lookup = memento.closest_memento(self._archive, self.settings.memento_url, url, cited)
            capture = await self._attempt(lookup, "Memento", reasons)
        if capture is None:
            return RecoveryOutcome(None, "; ".join(reasons) or "no archived copy found")
        note = f"archived copy from {capture.when:%Y-%m-%d}"
        return _found(capture, capture.url, note)

    async def _wayback(self, url: str, cited: date | None) -> Capture | None:
        found = await wayback.available(self._archive, self.settings, url, cited)
        if found is not None and is_before(found, cited):
            return found
        try:
            before = await wayback.cdx_closest(self._archive, self.settings, url, cited)
        except ArchiveUnavailable:
            if found is None:
                raise
            return found
        return before or found

    async def _repair(self, citation: Citation, cited: date | None) -> RecoveryOutcome:
        prefix = repaired_prefix(citation)
        reasons: list[str] = []
        lookup = wayback.cdx_prefix(self._archive, self.settings, prefix)
        candidates = await self._attempt(lookup, "Wayback CDX", reasons)
        if not candidates:
            return RecoveryOutcome(None, "; ".join(reasons) or f"no archived URL starts {prefix}")
        claim = " ".join([claim.text for claim in citation.claims] + [citation.link_text or ""])
        ranked = rank_candidates(candidates, prefix, claim)
        score, best = ranked[0]
        if score == 0 and len(ranked) > 1:
            reason = f"{len(ranked)} archived URLs start with {prefix}; none matches the claim"
            return RecoveryOutcome(None, reason)
        note = f"full URL recovered from its prefix ({len(ranked)} candidates, match {score:.2f})"
        return _found(best, best.original, note)

    async def _attempt(self, lookup: Awaitable[T], service: str, reasons: list[str]) -> T | None:
        try:
            found = await lookup
        except ArchiveUnavailable as exc:
            logger.warning("%s lookup failed: %s", service, exc)
            reasons.append(str(exc))
            return None
        if not found:
            reasons.append(f"{service}: no archived copy with status 200")
        return found


def _found(capture: Capture, url: str, note: str) -> RecoveryOutcome:
    """The suggestion for a capture; its support is judged from `copy_url` afterwards."""
    suggestion = Suggestion(
        url=url,
        source=capture.source,
        timestamp=capture.when,
        original_url=capture.original,
        note=note,
        archive_url=capture.url,
    )
    return RecoveryOutcome(suggestion, suggestion.note, copy_url=capture.raw_url)
