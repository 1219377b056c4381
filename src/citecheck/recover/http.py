"""Polite, cached requests to web archives; the one place httpx errors are translated.

Every archive request of a run goes through one `ArchiveClient`: a small
semaphore keeps us to a couple of requests at a time (the archives are shared,
free services), 429 and 502-504 are retried a bounded number of times honouring
`Retry-After` (capped), answers are read up to `ARCHIVE_MAX_BYTES` and cached
in SQLite. Anything that leaves
an archive unusable becomes `ArchiveUnavailable` with a human reason, which the
recoverer turns into data.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from citecheck.decoding import decode_body
from citecheck.net.fetch import ACCEPT_ENCODING, read_limited_body
from citecheck.recover.cache import Answer, AnswerCache

logger = logging.getLogger(__name__)

ARCHIVE_CONCURRENCY = 2
"""The Internet Archive asks for gentle clients; two at a time keeps us welcome."""

RETRY_STATUSES = frozenset({429, 502, 503, 504})
ARCHIVE_MAX_BYTES = 16 * 2**20
"""The longest archive answer read: CDX and TimeMap lists run to a few hundred KB, a
page's archived copy is fetched by the fetcher under its own `max_bytes`."""

Sleep = Callable[[float], Awaitable[None]]


class ArchiveUnavailable(Exception):
    """A web archive could not answer usefully; the message says why, for people."""


class ArchiveClient:
    """Sends GET/HEAD/POST requests to archives: bounded, retried on 429, cached."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        cache: Callable[[], AnswerCache | None],
        attempts: int,
        max_wait_s: float,
        base_wait_s: float,
        sleep: Sleep = asyncio.sleep,
        max_bytes: int = ARCHIVE_MAX_BYTES,
    ) -> None:
        """Wrap a shared httpx client; `cache` is called once, on first use.

        An answer longer than `max_bytes` (after decompression) is refused, so an
        archive that streams without end cannot grow the process.
        """
        self._client = client
        self._cache_factory = cache
        self._cache: AnswerCache | None = None
        self._cache_opened = False
        self._attempts = max(1, attempts)
        self._max_wait_s = max_wait_s
        self._base_wait_s = base_wait_s
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
        request = self._client.build_request(method, url, params=params, headers=headers)
        key = _cache_key(request)
        cache = self._open_cache()
        cached = cache.get(key) if cache else None
        if cached is not None:
            logger.debug("archive cache hit: %s", key)
            return cached
        answer = await self._send(request)
        if cache and answer.status < 400:
            cache.put(key, answer)
        return answer

    async def post(
        self, url: str, *, data: Mapping[str, str], headers: Mapping[str, str]
    ) -> Answer:
        """Send a form POST (never cached), with the same retries and translation."""
        request = self._client.build_request("POST", url, data=dict(data), headers=headers)
        return await self._send(request)

    def close(self) -> None:
        """Close the cache database if it was opened."""
        if self._cache is not None:
            self._cache.close()

    def _open_cache(self) -> AnswerCache | None:
        if not self._cache_opened:
            self._cache_opened = True
            self._cache = self._cache_factory()
        return self._cache

    async def _send(self, request: httpx.Request) -> Answer:
        for attempt in range(1, self._attempts + 1):
            answer = await self._send_once(request)
            if answer.status not in RETRY_STATUSES:
                break
            if attempt < self._attempts:
                await self._sleep(self._wait_s(answer, attempt))
        return _checked(answer, request, self._attempts)

    async def _send_once(self, request: httpx.Request) -> Answer:
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING  # only what is inflated bounded
        host = request.url.host
        async with self._gate:
            try:
                response = await self._client.send(request, follow_redirects=False, stream=True)
                try:
                    body, too_large = await read_limited_body(response, self._max_bytes)
                finally:
                    await response.aclose()
            except (httpx.HTTPError, zlib.error) as exc:
                raise ArchiveUnavailable(
                    f"web archive unreachable ({host}): {type(exc).__name__}: {exc}"
                ) from exc
        if too_large:
            limit = f"{self._max_bytes / 2**20:g} MiB"
            raise ArchiveUnavailable(f"web archive answer too large ({host}): over {limit}")
        text = decode_body(body, response.headers.get("content-type"))
        return Answer(response.status_code, text, tuple(response.headers.multi_items()))

    def _wait_s(self, answer: Answer, attempt: int) -> float:
        wait = _retry_after_s(answer.header("retry-after"))
        if wait is None:
            wait = self._base_wait_s * 2 ** (attempt - 1)
        return min(max(wait, 0.0), self._max_wait_s)


def _checked(answer: Answer, request: httpx.Request, attempts: int) -> Answer:
    host = request.url.host
    if answer.status == 429:
        raise ArchiveUnavailable(
            f"web archive rate-limited us ({host}): HTTP 429 after {attempts} attempts"
        )
    if answer.status >= 500:
        raise ArchiveUnavailable(f"web archive error ({host}): HTTP {answer.status}")
    return answer


def _cache_key(request: httpx.Request) -> str:
    varying = request.headers.get("accept-datetime", "")
    return f"{request.method} {request.url} {varying}".rstrip()


def _retry_after_s(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return (when - datetime.now(UTC)).total_seconds()
