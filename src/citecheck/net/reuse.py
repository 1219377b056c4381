"""Answers taken from the archive instead of the network: `--offline`, `--max-cache-age`, 304.

Each returns the `FetchResult` to classify, with `from_cache` set, read back from
the last successful capture in `cache/`; the caller classifies it like a live answer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from citecheck.config import Settings
from citecheck.models import FetchResult
from citecheck.net.access import is_insecure_host, remap_url
from citecheck.store.archive import Archive


def offline_copy(url: str, archive: Archive) -> FetchResult | None:
    """`--offline`: the last good archived capture of a URL, or None when there is none."""
    cached = archive.latest_body(url)
    if cached is None:
        return None
    previous, body = cached
    return replace(previous, body=body, from_cache=True)


def fresh_copy(
    url: str, archive: Archive, settings: Settings, *, now: datetime | None = None
) -> FetchResult | None:
    """`--max-cache-age`: a successful check younger than that, to judge again without fetching."""
    if settings.max_cache_age_s is None:
        return None
    cached = archive.latest_body(remap_url(url, settings.remap))
    if cached is None:
        return None
    previous, body = cached
    checked_at = previous.checked_at
    age = ((now or datetime.now(UTC)) - checked_at).total_seconds() if checked_at else None
    if age is None or age > settings.max_cache_age_s:
        return None
    verified = not is_insecure_host(previous.final_url, settings.insecure_hosts)
    return replace(previous, body=body, from_cache=True, tls_verified=verified)


def with_archived_body(result: FetchResult, archive: Archive) -> FetchResult:
    """A `304 Not Modified` answer completed with the body of the capture it confirms."""
    cached = archive.latest_body(result.url)
    if cached is None:
        return result
    previous, body = cached
    return replace(
        result,
        body=body,
        content_type=previous.content_type or result.content_type,
        final_url=previous.final_url,
        hops=previous.hops or result.hops,
        from_cache=True,
    )
