"""Answers taken from the archive instead of the network: `--offline`, `--max-cache-age`, 304.

Each works from the one look-up of a URL's walk (`Archive.prior`) and answers the
`FetchResult` to classify, read back from the last successful capture in `cache/`
with `from_cache` set; the caller classifies it like a live answer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from citecheck.config import Settings
from citecheck.models import FetchError, FetchResult, Status, Verdict
from citecheck.net.access import is_insecure_host
from citecheck.store.archive import Archive, Prior

NOT_ARCHIVED_REASON = "offline: no archived copy of this URL"


def cached_answer(prior: Prior, archive: Archive, settings: Settings) -> FetchResult | None:
    """The answer to judge instead of the network's: `--offline` or a fresh enough check."""
    if settings.offline:
        return offline_copy(prior, archive)
    return fresh_copy(prior, archive, settings)


def offline_copy(prior: Prior, archive: Archive) -> FetchResult | None:
    """`--offline`: the last good archived capture of a URL, or None when there is none."""
    return archive.replay(prior)


def not_archived(url: str) -> tuple[FetchResult, Verdict]:
    """`--offline` and the cache holds no good capture of the URL: it is not judged."""
    missing = FetchResult(url, url, None, error=FetchError.OTHER, error_detail="not archived")
    return missing, Verdict(Status.SKIPPED, NOT_ARCHIVED_REASON)


def fresh_copy(
    prior: Prior, archive: Archive, settings: Settings, *, now: datetime | None = None
) -> FetchResult | None:
    """`--max-cache-age`: a successful check younger than that, to judge again without fetching."""
    if settings.max_cache_age_s is None:
        return None
    checked_at = prior.checked_at
    age = ((now or datetime.now(UTC)) - checked_at).total_seconds() if checked_at else None
    if age is None or age > settings.max_cache_age_s:
        return None
    final_url = prior.capture["final_url"] if prior.capture is not None else prior.url
    verified = not is_insecure_host(final_url, settings.insecure_hosts)
    return archive.replay(prior, tls_verified=verified)


def with_archived_body(result: FetchResult, prior: Prior, archive: Archive) -> FetchResult:
    """A `304 Not Modified` answer completed with the body of the capture it confirms."""
    previous = archive.replay(prior)
    if previous is None:
        return result
    return replace(
        result,
        body=previous.body,
        content_type=previous.content_type or result.content_type,
        final_url=previous.final_url,
        hops=previous.hops or result.hops,
        from_cache=True,
    )
