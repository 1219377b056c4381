"""Polite, cached requests to web archives, through the run's one HTTP boundary.

Every archive request of a run goes through one `ArchiveClient`: a small
semaphore keeps us to a couple of requests at a time (the archives are shared,
free services), rate limits and gateway errors (429, 502-504) are retried by
the run's one retry policy (net/retry.py, honouring `Retry-After`), answers
are read up to `ARCHIVE_MAX_BYTES` and cached in SQLite. The HTTP client is
built by net/http.py like every other (CA bundle, headers, transport). Anything
that leaves an archive unusable becomes `ArchiveUnavailable` with a human
reason, which the recoverer turns into data.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit

from citecheck.config import RetryPolicy
from citecheck.decoding import decode_body
from citecheck.net.http import HttpClient, HttpFailure, with_params
from citecheck.net.retry import build_retrying
from citecheck.recover.cache import Answer, AnswerCache

logger = logging.getLogger(__name__)

ARCHIVE_CONCURRENCY = 2
"""The Internet Archive asks for gentle clients; two at a time keeps us welcome."""

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""What is worth another try at an archive: a rate limit or a gateway in trouble."""
ARCHIVE_MAX_BYTES = 16 * 2**20
"""The longest archive answer read: CDX and TimeMap lists run to a few hundred KB, a
page's archived copy is fetched by the fetcher under its own `max_bytes`."""

Sleep = Callable[[float], Awaitable[None]]


class ArchiveUnavailable(Exception):
    """A web archive could not answer usefully; the message says why, for people."""


class ArchiveClient:
    """Sends GET/HEAD/POST requests to archives: bounded, retried, cached."""

    def __init__(
        self,
        http: HttpClient,
        *,
        cache: Callable[[], AnswerCache | None],
        policy: RetryPolicy,
        sleep: Sleep = asyncio.sleep,
        max_bytes: int = ARCHIVE_MAX_BYTES,
    ) -> None:
        """Wrap the run's HTTP client; `cache` is called once, on first use.

        An answer longer than `max_bytes` (after decompression) is refused, so an
        archive that streams without end cannot grow the process.
        """
        self._http = http
        self._cache_factory = cache
        self._cache: AnswerCache | None = None
        self._cache_opened = False
        self._policy = policy
        self._sleep = sleep
        self._gate = asyncio.Semaphore(ARCHIVE_CONCURRENCY)
        self._max_bytes = max_bytes

    async def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        method: str = "GET",
    ) -> Answer:
        """Return the archive's answer (any status below 500 but 429), from cache if fresh.

        Raises:
            ArchiveUnavailable: unreachable, 5xx, or still rate-limited after retries.
        """
        target = with_params(url, params)
        key = _cache_key(method, target, headers or {})
        cache = self._open_cache()
        cached = cache.get(key) if cache else None
        if cached is not None:
            logger.debug("archive cache hit: %s", key)
            return cached
        answer = await self._send(method, target, headers=headers)
        if cache and answer.status < 400:
            cache.put(key, answer)
        return answer

    async def post(
        self, url: str, *, data: Mapping[str, str], headers: Mapping[str, str]
    ) -> Answer:
        """Send a form POST (never cached), with the same retries and translation."""
        return await self._send("POST", url, headers=headers, data=data)

    def close(self) -> None:
        """Close the cache database if it was opened."""
        if self._cache is not None:
            self._cache.close()

    def _open_cache(self) -> AnswerCache | None:
        if not self._cache_opened:
            self._cache_opened = True
            self._cache = self._cache_factory()
        return self._cache

    async def _send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Answer:
        attempts = 0

        async def attempt() -> Answer:
            nonlocal attempts
            attempts += 1
            return await self._send_once(method, url, headers, data)

        retrying = build_retrying(self._policy, sleep=self._sleep, retry_on=_worth_retrying)
        answer: Answer = await retrying(attempt)
        return _checked(answer, _host(url), attempts)

    async def _send_once(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
    ) -> Answer:
        host = _host(url)
        async with self._gate:
            try:
                answer = await self._http.send(
                    method, url, headers=headers, data=data, max_bytes=self._max_bytes
                )
            except HttpFailure as failure:
                raise ArchiveUnavailable(
                    f"web archive unreachable ({host}): {failure.error}: {failure.detail}"
                ) from failure
        if answer.truncated:
            limit = f"{self._max_bytes / 2**20:g} MiB"
            raise ArchiveUnavailable(f"web archive answer too large ({host}): over {limit}")
        text = decode_body(answer.body, answer.header("content-type"))
        return Answer(answer.status, text, answer.headers)


def _worth_retrying(answer: Answer) -> bool:
    return answer.status in RETRY_STATUSES


def _checked(answer: Answer, host: str, attempts: int) -> Answer:
    if answer.status == 429:
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        raise ArchiveUnavailable(f"web archive rate-limited us ({host}): HTTP 429 after {tries}")
    if answer.status >= 500:
        raise ArchiveUnavailable(f"web archive error ({host}): HTTP {answer.status}")
    return answer


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _cache_key(method: str, url: str, headers: Mapping[str, str]) -> str:
    varying = next((v for k, v in headers.items() if k.lower() == "accept-datetime"), "")
    return f"{method} {url} {varying}".rstrip()
