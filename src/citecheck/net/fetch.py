"""Fetch cited URLs politely, follow redirects by hand, and never raise for a remote failure.

One `Fetcher` owns one `HttpClient` (net/http.py) for a run. Every request goes through
two gates: a per-host slot (a semaphore plus a minimum spacing between request
starts) and then the global concurrency limit. A failing URL backs off on its
own (retry.py) without holding either gate, so the host's other URLs go on at
the host's pace.

A URL's time budget counts only the time it spends waiting on the network
and the retry waits it chose: never the time it queues behind its host or
for a global slot, nor the time the event loop was busy with other work (a
`_LoopLag` meter measures that), so a URL is never timed out by our own
slowness.
Bodies are capped at `Settings.max_bytes` after decompression (net/http.py).
Redirects are followed one hop at a time so the whole chain is recorded.

A failed request arrives here as an `HttpFailure` already mapped to a
`FetchError` (net/http.py); the `fetch` boundary turns anything unexpected
into `FetchError.OTHER`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from citecheck.config import Settings
from citecheck.models import FetchError, FetchResult, Hop
from citecheck.net.access import (
    is_insecure_host,
    load_cookie_jar,
    remap_url,
    save_cookie_jar,
)
from citecheck.net.http import (
    ACCEPT,
    ACCEPT_ENCODING,
    HttpAnswer,
    HttpClient,
    HttpFailure,
    Transport,
    classify_exception,
    describe,
    idna_url,
)
from citecheck.net.network import Resolver, is_private_host
from citecheck.net.retry import build_retrying
from citecheck.net.schedule import PriorityGate, host_key
from citecheck.redact import redact_headers

logger = logging.getLogger(__name__)

__all__ = ["ACCEPT", "ACCEPT_ENCODING", "Fetcher", "random_sibling"]
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
WEB_SCHEMES = frozenset({"http", "https"})
PROBE_BODY_BYTES = 256 * 1024
PROBES_KEPT = 256
"""Finished soft-404 probes kept for later citations under the same folder (oldest go first)."""
LAG_TICK_S = 0.1
"""How often the loop-lag meter wakes; lateness beyond `LAG_SLACK_S` counts as lag. A busy
stretch shorter than a tick may go partly unmeasured: at most 0.1 s of a URL's 60 s budget,
against a wake-up of the whole process (about 50 us of CPU) 10 times a second fewer."""
LAG_SLACK_S = 0.01
LAG_EXCUSE_S = 1.0
"""A request that timed out while the loop lost this much time to other work is asked again..."""
LAG_REPLAYS = 2
"""...at most this many times."""
_NOT_URL_SAFE = re.compile(r"[^\x21-\x7e]")

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Failure:
    """No usable answer from one request."""

    error: FetchError
    detail: str


@dataclass(frozen=True, slots=True)
class _End:
    """Where one attempt's chain of requests ended: the last answer (or failure), the hops."""

    answer: HttpAnswer | _Failure
    hops: tuple[Hop, ...]
    current: str


@dataclass(frozen=True, slots=True)
class _Stamp:
    """What an attempt's `FetchResult` records besides the answer itself."""

    checked_at: datetime | None
    attempts: int
    elapsed_s: float
    tls_verified: bool


class _Host:
    """Politeness state of one host: concurrent slots and the spacing between request starts."""

    def __init__(self, concurrency: int, delay_s: float) -> None:
        self.semaphore = asyncio.Semaphore(max(concurrency, 1))
        self.lock = asyncio.Lock()
        self.delay_s = delay_s
        self.next_at = 0.0


class _LoopLag:
    """Total time the event loop woke up late: time in which no answer could have been read.

    A timer callback, not a task: a task's sleep costs a future, a timer and a task
    step per tick, 2% of a link check's CPU at 20 ticks a second.
    """

    def __init__(self) -> None:
        self.total_s = 0.0
        self._timer: asyncio.TimerHandle | None = None

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._timer = loop.call_at(loop.time() + LAG_TICK_S, self._tick, loop)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _tick(self, loop: asyncio.AbstractEventLoop) -> None:
        assert self._timer is not None
        now = loop.time()
        late = now - self._timer.when()
        if late > LAG_SLACK_S:
            self.total_s += late
        self._timer = loop.call_at(now + LAG_TICK_S, self._tick, loop)


class _Budget:
    """The time one URL may spend waiting on the network, its retry waits included.

    Only the time inside a request counts (`start` .. `stop`), measured on a
    clock that stands still while the event loop is busy elsewhere; queueing
    for a host or global slot is free.
    """

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self._clock = clock
        self._spent = 0.0
        self._since: float | None = None

    def start(self) -> None:
        self._since = self._clock()

    def stop(self) -> None:
        if self._since is not None:
            self._spent += max(self._clock() - self._since, 0.0)
            self._since = None

    def spend(self, seconds: float) -> None:
        self._spent += seconds

    def elapsed(self) -> float:
        running = 0.0 if self._since is None else max(self._clock() - self._since, 0.0)
        return self._spent + running

    def left(self) -> float:
        return self.seconds - self.elapsed()


class Fetcher:
    """Fetches URLs for one run; use as `async with Fetcher(settings) as fetcher`."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: Transport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        resolver: Resolver | None = None,
    ) -> None:
        """Prepare a fetcher; the HTTP client opens on `__aenter__`.

        Args:
            settings: timeouts, limits, politeness, headers, TLS and proxy settings.
            transport: an httpx transport to use instead of the network (tests).
            clock: monotonic seconds, for spacing and the per-URL budget.
            sleep: the coroutine used for every wait (tests pass a fast one).
            resolver: name lookup for `--block-private` checks.
        """
        self.settings = settings
        self._transport = transport
        self._clock = clock
        self._sleep = sleep
        self._resolver = resolver
        self._http: HttpClient | None = None
        self._cookies = load_cookie_jar(settings.cookie_jar)
        self._global = PriorityGate(settings.max_concurrency)
        self._backlog: Counter[str] = Counter()
        """URLs each host still has to fetch (`expect`): the busiest gets a free slot first."""
        self._hosts: dict[str, _Host] = {}
        self._probes: dict[tuple[str, str, str], asyncio.Task[FetchResult]] = {}
        self._lag = _LoopLag()
        self._traced = True
        """Whether requests report when their headers go out (httpcore's trace)."""

    async def __aenter__(self) -> Fetcher:
        """Open the HTTP client.

        Raises:
            ConfigError: when `Settings.ca_bundle` cannot be loaded.
        """
        self._http = HttpClient(
            self.settings,
            transport=self._transport,
            resolver=self._resolver,
            cookies=self._cookies,
        )
        self._traced = self._http.reports_sending
        self._lag.start()
        return self

    @property
    def http(self) -> HttpClient:
        """The run's HTTP client (open while the fetcher is): archive look-ups share it."""
        assert self._http is not None, "use Fetcher as an async context manager"
        return self._http

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Cancel pending probes and close the HTTP client."""
        self._lag.stop()
        for task in self._probes.values():
            task.cancel()
        if self._http is not None:
            await self._http.aclose()
        self._http = None
        save_cookie_jar(self._cookies)

    def expect(self, urls: Iterable[str]) -> None:
        """Note the URLs this run will fetch, so that, whenever requests queue for a
        global slot, the host with the most URLs left goes first (`PriorityGate`)."""
        self._backlog.update(host_key(url) for url in urls)

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch one URL with retries, following and recording redirects.

        Args:
            url: the canonical URL to fetch.
            etag: a validator from an earlier check, sent as `If-None-Match`.
            last_modified: sent as `If-Modified-Since`.

        Returns:
            The `FetchResult`; remote failures are recorded in `error`, never raised.
        """
        cited, url = url, remap_url(url, self.settings.remap)  # the report keeps the cited URL
        budget = _Budget(self.settings.url_budget_s, self._responsive_clock)
        conditional = _conditional_headers(etag, last_modified)
        attempts = 0

        async def attempt() -> FetchResult:
            nonlocal attempts
            attempts += 1
            return await self._attempt(url, conditional, budget, attempts)

        async def wait(seconds: float) -> None:
            budget.spend(seconds)  # a retry wait is the URL's own choice: it counts
            await self._sleep(seconds)

        retrying = build_retrying(self.settings.retry, sleep=wait, time_left=budget.left)
        try:
            result: FetchResult = await retrying(attempt)
        except Exception as exc:  # the fetch boundary: a bug must not stop the run
            logger.exception("unexpected failure fetching %s", url)
            stamp = self._stamp(url, url, None, max(attempts, 1), budget)
            failure = _Failure(FetchError.OTHER, repr(exc))
            result = _failed(url, failure, _End(failure, (), url), stamp)
        finally:
            self._done_with(cited)
        return result

    def _done_with(self, url: str) -> None:
        host = host_key(url)
        if self._backlog[host] > 0:
            self._backlog[host] -= 1
        if not self._backlog[host]:
            del self._backlog[host]  # memory stays flat in the number of hosts

    async def probe_soft404(self, result: FetchResult) -> FetchResult | None:
        """Fetch a random sibling of a page that answered 2xx (Bar-Yossef et al.'s soft-404 test).

        The sibling is the cited URL's parent path plus a random name that cannot
        exist. One probe per (host, parent path, extension) serves every citation.

        Args:
            result: the fetch of the cited page.

        Returns:
            The probe's `FetchResult`, or None when the test does not apply
            (no 2xx answer, or the cited URL is a site root).
        """
        if not _is_success(result, self.settings):
            return None
        key = _probe_key(result.url)
        if key is None:
            return None
        task = self._probes.get(key)
        if task is None:
            task = asyncio.ensure_future(self._probe(_sibling_url(key)))
            self._probes[key] = task
            self._forget_old_probes()
        return await asyncio.shield(task)

    def _forget_old_probes(self) -> None:
        """Keep memory flat: URLs come host by host, so the oldest probes are seldom asked again."""
        while len(self._probes) > PROBES_KEPT:
            oldest = next(iter(self._probes))
            if not self._probes[oldest].done():
                return
            del self._probes[oldest]

    async def _probe(self, url: str) -> FetchResult:
        result = await self.fetch(url)
        # Kept for every later citation under the same parent: keep only what classify reads.
        return replace(result, body=result.body[:PROBE_BODY_BYTES])

    async def _attempt(
        self, url: str, conditional: dict[str, str], budget: _Budget, number: int
    ) -> FetchResult:
        """One attempt, its `FetchResult` built once, with everything the run keeps of it."""
        checked_at = datetime.now(UTC)
        end = await self._follow(url, conditional, budget)
        stamp = self._stamp(url, end.current, checked_at, number, budget)
        if isinstance(end.answer, _Failure):
            return _failed(url, end.answer, end, stamp)
        return _final(url, end.answer, end.hops, stamp, conditional=bool(conditional))

    def _stamp(
        self, url: str, final_url: str, checked_at: datetime | None, attempts: int, budget: _Budget
    ) -> _Stamp:
        verified = not any(
            is_insecure_host(hop, self.settings.insecure_hosts) for hop in (url, final_url)
        )
        return _Stamp(checked_at, attempts, budget.elapsed(), verified)

    async def _follow(self, url: str, conditional: dict[str, str], budget: _Budget) -> _End:
        current, headers, seen = url, conditional, {url}
        hops: list[Hop] = []
        for _ in range(self.settings.max_redirects + 1):
            answer = await self._request(current, headers, budget)
            if isinstance(answer, _Failure):
                return _End(answer, tuple(hops), current)
            location = _location(answer.header("location"))
            hops.append(Hop(current, answer.status, location))
            if answer.status not in REDIRECT_STATUSES or not location:
                return _End(answer, tuple(hops), current)
            current, headers = urljoin(current, location), {}
            if current in seen:
                return _End(_Failure(FetchError.REDIRECT_LOOP, current), tuple(hops), current)
            seen.add(current)
        limit = f"more than {self.settings.max_redirects} redirects"
        return _End(_Failure(FetchError.TOO_MANY_REDIRECTS, limit), tuple(hops), current)

    async def _request(
        self, url: str, headers: dict[str, str], budget: _Budget
    ) -> HttpAnswer | _Failure:
        target = _target(url)
        if isinstance(target, _Failure):
            return target
        hostname, port = target
        refusal = await self._refuse_private(hostname, port)
        if refusal is not None:
            return refusal
        for _ in range(LAG_REPLAYS):
            lag_before = self._lag.total_s
            answer = await self._request_once(url, headers, hostname, budget)
            lagged = self._lag.total_s - lag_before >= LAG_EXCUSE_S
            if not (lagged and _timed_out(answer) and budget.left() > 0):
                return answer
            # httpx's own timeouts run on the wall clock: when the loop was busy for
            # that long, the silence may be ours, not the server's. Ask again.
            logger.info("timeout on %s while the event loop was busy: asking again", url)
        return await self._request_once(url, headers, hostname, budget)

    async def _request_once(
        self, url: str, headers: dict[str, str], hostname: str, budget: _Budget
    ) -> HttpAnswer | _Failure:
        async with self._slot(hostname) as sent:
            budget.start()
            try:
                return await _within(budget, self._send(url, headers, hostname, sent))
            except TimeoutError:
                detail = f"no complete answer within the {budget.seconds:g} s budget for a URL"
                return _Failure(FetchError.TIMEOUT, detail)
            except HttpFailure as failure:
                return _Failure(failure.error, failure.detail)
            finally:
                budget.stop()

    def _responsive_clock(self) -> float:
        """The clock a URL's budget runs on: it stands still while the event loop is late."""
        return self._clock() - self._lag.total_s

    async def _refuse_private(self, hostname: str, port: int) -> _Failure | None:
        if not self.settings.block_private:
            return None
        try:
            private = await is_private_host(hostname, port, resolver=self._resolver)
        except OSError as exc:
            return _Failure(classify_exception(exc), describe(exc))
        if private:
            return _Failure(FetchError.PRIVATE_ADDRESS, f"{hostname} resolves to a private address")
        return None

    @asynccontextmanager
    async def _slot(self, hostname: str) -> AsyncIterator[Callable[[], None]]:
        """Hold a per-host slot, respecting spacing, then a global one.

        The spacing runs from the moment a request's headers go out (the moment
        the server sees it), so the host's gate stays shut until then: the
        yielded `sent` callback opens it (called from the HTTP trace), and
        leaving the block opens it if the request never got that far.
        """
        host = self._host(hostname)
        async with host.semaphore:
            await host.lock.acquire()
            opened = False

            def sent() -> None:
                nonlocal opened
                if not opened:
                    opened = True
                    host.next_at = self._clock() + host.delay_s
                    host.lock.release()

            try:
                wait = host.next_at - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                await self._global.acquire(priority=-self._backlog[hostname.lower()])
            except BaseException:
                host.lock.release()
                raise
            if not self._traced:
                sent()  # a transport that reports nothing: space from the start of the request
            try:
                yield sent
            finally:
                sent()
                self._global.release()

    def _host(self, hostname: str) -> _Host:
        name = hostname.lower()
        host = self._hosts.get(name)
        if host is None:
            overrides = self.settings.host(name)
            concurrency = overrides.concurrency or self.settings.per_host_concurrency
            delay = self.settings.host_delay_s if overrides.delay_s is None else overrides.delay_s
            host = self._hosts[name] = _Host(concurrency, delay)
        return host

    async def _send(
        self, url: str, headers: dict[str, str], hostname: str, sent: Callable[[], None]
    ) -> HttpAnswer:
        assert self._http is not None, "use Fetcher as an async context manager"
        overrides = self.settings.host(hostname)
        credentials = self.settings.credentials(hostname)
        if credentials is not None:  # per host: a redirect elsewhere never carries it
            headers = {**headers, "Authorization": credentials.header()}
        answer = await self._http.send(
            "GET",
            url,
            headers={**dict(overrides.headers), **headers},
            max_bytes=self.settings.max_bytes,
            timeout_s=overrides.timeout_s,
            on_sent=sent,
        )
        secret = self.settings.secret_headers
        return replace(answer, request_headers=redact_headers(answer.request_headers, secret))


def _timed_out(answer: HttpAnswer | _Failure) -> bool:
    return isinstance(answer, _Failure) and answer.error is FetchError.TIMEOUT


async def _within(budget: _Budget, request: Awaitable[HttpAnswer]) -> HttpAnswer:
    """Await `request` until the URL's budget is spent, on the budget's own clock.

    The request runs in the caller's task under an `asyncio.timeout` that a timer
    sets off only once the budget's clock (which stands still while the loop is
    late) says the time is spent: no task and no `asyncio.wait` per request.

    Raises:
        TimeoutError: the budget ran out first (the request is cancelled).
    """
    if budget.left() <= 0:
        close = getattr(request, "close", None)
        if close is not None:
            close()  # a coroutine never awaited
        raise TimeoutError
    async with asyncio.timeout(None) as scope:
        timer = _BudgetTimer(budget, scope)
        try:
            return await request
        finally:
            timer.cancel()


class _BudgetTimer:
    """Sets off a timeout scope once a URL's budget is spent on the budget's own clock."""

    def __init__(self, budget: _Budget, scope: asyncio.Timeout) -> None:
        self._budget = budget
        self._scope = scope
        self._loop = asyncio.get_running_loop()
        self._timer = self._loop.call_later(budget.left(), self._check)

    def _check(self) -> None:
        left = self._budget.left()
        if left <= 0:
            self._scope.reschedule(self._loop.time())  # cancels the request: TimeoutError
        else:  # the loop was late meanwhile: that time was not the URL's
            self._timer = self._loop.call_later(left, self._check)

    def cancel(self) -> None:
        self._timer.cancel()


def _target(url: str) -> tuple[str, int] | _Failure:
    """Return the host name and port a URL points at, or why it cannot be fetched."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        return _Failure(FetchError.OTHER, f"invalid URL: {exc}")
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return _Failure(FetchError.UNSUPPORTED_SCHEME, url)  # classify says "not a web URL"
    return parts.hostname, port


def _location(value: str | None) -> str | None:
    """A `Location` header as a URL to follow.

    Some servers send raw UTF-8 (an Arabic path) instead of percent-escapes.
    The HTTP client read the bytes as latin-1, so they are re-read as UTF-8 and
    every character outside printable ASCII in the path, query and fragment is
    percent-encoded, as browsers do, and a non-ASCII host is written in punycode.
    """
    if value is None:
        return None
    text = value.strip()
    with contextlib.suppress(UnicodeError):  # else latin-1 text: percent-encoded as it stands
        text = text.encode("latin-1").decode("utf-8")
    if not _NOT_URL_SAFE.search(text):
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return text  # followed as is; the next request reports the bad URL
    escaped = [_NOT_URL_SAFE.sub(lambda match: quote(match.group()), part) for part in parts[2:]]
    location = urlunsplit((parts.scheme, parts.netloc, *escaped))
    if _NOT_URL_SAFE.search(parts.netloc):  # an IDN host: httpx writes it in punycode
        return idna_url(location) or location
    return location


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _final(
    url: str, answer: HttpAnswer, hops: tuple[Hop, ...], stamp: _Stamp, *, conditional: bool
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=answer.url,
        http_status=answer.status,
        hops=hops,
        headers=answer.headers,
        content_type=answer.header("content-type"),
        attempts=stamp.attempts,
        elapsed_s=stamp.elapsed_s,
        checked_at=stamp.checked_at,
        not_modified=conditional and answer.status == 304,
        truncated_body=answer.truncated,
        request_headers=answer.request_headers,
        http_version=answer.http_version,
        tls_verified=stamp.tls_verified,
        body=answer.body,
    )


def _failed(url: str, failure: _Failure, end: _End, stamp: _Stamp) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=end.current,
        http_status=None,
        hops=end.hops,
        attempts=stamp.attempts,
        elapsed_s=stamp.elapsed_s,
        checked_at=stamp.checked_at,
        error=failure.error,
        error_detail=failure.detail,
        tls_verified=stamp.tls_verified,
    )


def _is_success(result: FetchResult, settings: Settings) -> bool:
    status = result.http_status
    if result.error is not None or status is None:
        return False
    return 200 <= status < 300 or status in settings.accept_status


def random_sibling(url: str) -> str | None:
    """Return the cited URL's parent path plus a random name, or None for a site root.

    The extension and a trailing slash are kept, since servers often route on them.
    """
    key = _probe_key(url)
    return None if key is None else _sibling_url(key)


def _sibling_url(key: tuple[str, str, str]) -> str:
    origin, parent, suffix = key
    return f"{origin}{parent}/citecheck-{secrets.token_hex(10)}{suffix}"


def _probe_key(url: str) -> tuple[str, str, str] | None:
    """Return (origin, parent path, extension + trailing slash), or None for a site root."""
    parts = urlsplit(url)
    segments = parts.path.rstrip("/").split("/")
    last = segments[-1]
    if len(segments) < 2 or not last:
        return None
    extension = last[last.rfind(".") :] if "." in last[1:] else ""
    trailing = "/" if parts.path.endswith("/") else ""
    return f"{parts.scheme}://{parts.netloc}", "/".join(segments[:-1]), extension + trailing
