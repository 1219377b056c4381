"""The one HTTP boundary: every request citecheck sends goes through a client built here.

This is the only module that imports httpx. It owns:

- the client factory (`HttpClient`, with `post_json` for the JSON APIs a user names;
  `JsonClient` for an LLM judge used outside a run): the CA bundle (`--ca-bundle`),
  unverified TLS for `--insecure` hosts, the configured headers (User-Agent,
  `--header`), proxies from the environment (`trust_env`), an injected transport
  (tests), connection-pool limits, `--block-private` connection pinning, and the
  byte cap on every body read;
- the one error map: httpx and socket errors become a `FetchError`
  (`classify_exception`), raised as `HttpFailure` so no httpx type leaves here;
- the one `Retry-After` parser (`retry_after_s`);
- the transport for direct connections: `net/h1.py`'s HTTP/1.1 on `net/wire.py`'s
  connections, in place of httpcore's pool and h11 (`_WireTransport`); proxies from the
  environment keep httpx's own transports.

When to retry is decided in `net/retry.py`, for every client alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import http.cookiejar
import socket
import ssl
import zlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from types import TracebackType
from typing import Any

import httpx

from citecheck import __version__
from citecheck.config import Settings
from citecheck.errors import ConfigError
from citecheck.models import FetchError
from citecheck.net.access import is_insecure_host
from citecheck.net.h1 import (
    Exchange,
    ExchangeError,
    Hook,
    Origin,
    ReceiveError,
    SendError,
    Timeouts,
    request_bytes,
)
from citecheck.net.network import PrivateAddressError, Resolver, public_addresses
from citecheck.net.wire import Wire
from citecheck.net.wire import connect as connect_wire

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate"
"""Only what `_Decoder` can inflate with a bounded output size."""
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
"""Methods a request may be sent again with (RFC 9110 9.2.2): a stale connection's retry."""

Transport = httpx.AsyncBaseTransport
"""An httpx async transport, injected instead of the network (tests, benchmarks)."""
SyncTransport = httpx.BaseTransport
Headers = tuple[tuple[str, str], ...]


class HttpFailure(Exception):
    """No usable HTTP answer: `error` says what kind of failure, `detail` says it for people."""

    def __init__(self, error: FetchError, detail: str) -> None:
        """Record the failure kind and its human detail."""
        super().__init__(detail)
        self.error = error
        self.detail = detail


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    """One HTTP answer, read up to a byte cap, with the request headers that went out."""

    url: str
    status: int
    headers: Headers
    body: bytes
    truncated: bool
    http_version: str
    request_headers: Headers

    def header(self, name: str) -> str | None:
        """Return the first value of a response header, case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def base_headers(settings: Settings) -> dict[str, str]:
    """The headers every request carries: User-Agent, Accept, and the configured `--header`s."""
    headers = {
        "User-Agent": settings.user_agent.format(version=__version__),
        "Accept": ACCEPT,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    headers.update(dict(settings.headers))
    return headers


def verify_context(ca_bundle: str | None) -> ssl.SSLContext | bool:
    """Trust the system's CAs, or only those of a given bundle.

    Raises:
        ConfigError: the bundle cannot be loaded.
    """
    if not ca_bundle:
        return True
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"cannot load the CA bundle: {exc}", path=ca_bundle) from exc


class HttpClient:
    """The run's async HTTP client: one connection pool, every setting of the factory applied.

    Use as `async with HttpClient(settings) as http`. Requests to `--insecure`
    hosts go through a second pool that does not verify certificates.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: Transport | None = None,
        resolver: Resolver | None = None,
        cookies: http.cookiejar.CookieJar | None = None,
    ) -> None:
        """Build the client (the pool opens lazily, on the first request).

        Args:
            settings: CA bundle, insecure hosts, headers, timeouts, proxies, limits.
            transport: an httpx transport to use instead of the network.
            resolver: name lookup for `--block-private` pinning.
            cookies: a cookie jar to send and update (`--cookie-jar`).

        Raises:
            ConfigError: `Settings.ca_bundle` cannot be loaded.
        """
        self.settings = settings
        self._insecure_hosts = settings.insecure_hosts
        build = _ClientBuilder(settings, transport, resolver, cookies)
        self._verified = build(verify_context(settings.ca_bundle))
        self._unverified = build(False) if settings.insecure_hosts else None
        self._transport = transport
        self._api: httpx.AsyncClient | None = None
        self.reports_sending = transport is None or isinstance(transport, httpx.AsyncHTTPTransport)
        """Whether `send` calls `on_sent` when the headers go out (the transports' trace)."""

    async def __aenter__(self) -> HttpClient:
        """Return the client itself."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the connection pools."""
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pools."""
        for client in (self._verified, self._unverified, self._api):
            if client is not None:
                await client.aclose()

    async def post_json(
        self,
        url: str,
        payload: object,
        *,
        headers: Mapping[str, str] | None = None,
        timeout_s: float | None = None,
    ) -> object:
        """POST `payload` as JSON to an API the user configured (the LLM judge); decode the answer.

        It goes out with the run's CA bundle, headers, proxies and transport, but
        through its own pool: without the cookie jar, and not pinned by
        `--block-private` (the user named this endpoint, often on this machine).

        Raises:
            HttpFailure: no answer, or an answer with an error status.
            ValueError: the answer is not JSON.
        """
        if self._api is None:
            self._api = httpx.AsyncClient(
                transport=self._transport,
                **_api_options(self.settings, self.settings.timeout_s, None),
            )
        try:
            response = await self._api.post(
                url,
                json=payload,
                headers=headers,
                timeout=httpx.USE_CLIENT_DEFAULT if timeout_s is None else timeout_s,
            )
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            raise HttpFailure(classify_exception(exc), describe(exc)) from exc
        return _json_answer(response)

    async def send(
        self,
        method: str,
        url: str,
        *,
        max_bytes: int,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        timeout_s: float | None = None,
        on_sent: Callable[[], None] | None = None,
    ) -> HttpAnswer:
        """Send one request (redirects are not followed) and read at most `max_bytes` of body.

        Args:
            method: GET, HEAD or POST.
            url: the absolute URL.
            max_bytes: the most decoded body bytes read; `truncated` says more was left.
            headers: added to (and overriding) the client's headers.
            data: a form body (POST).
            timeout_s: overrides the client's read timeout for this request.
            on_sent: called when the request headers have gone out.

        Raises:
            HttpFailure: no answer (timeout, refused, TLS, protocol, bad URL...).
        """
        client = self._client_for(url)
        try:
            request = client.build_request(
                method,
                url,
                headers=headers,
                data=data,
                extensions=_trace(on_sent),
                timeout=httpx.USE_CLIENT_DEFAULT if timeout_s is None else timeout_s,
            )
            response = await _send_one(client, request)
            try:
                body, truncated = await _read_limited_body(response, max_bytes)
            finally:
                await response.aclose()
        except (httpx.HTTPError, httpx.InvalidURL, OSError, zlib.error) as exc:
            raise HttpFailure(classify_exception(exc), describe(exc)) from exc
        return HttpAnswer(
            url=url,
            status=response.status_code,
            headers=_raw_headers(response.headers),
            body=body,
            truncated=truncated,
            http_version=response.http_version,
            request_headers=_raw_headers(request.headers),
        )

    def _client_for(self, url: str) -> httpx.AsyncClient:
        if self._unverified is not None and is_insecure_host(url, self._insecure_hosts):
            return self._unverified
        return self._verified


_HTTPX_PRIVATES = all(
    hasattr(httpx.AsyncClient, name) for name in ("_transport_for_url", "_build_redirect_request")
)
"""Whether this httpx still has the two private methods `_send_one` uses; without them (a
later httpx renamed them) every request takes `client.send`, slower but the same answers."""


async def _send_one(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """`client.send(request, stream=True)` for a client that follows no redirects and has
    no auth and no event hooks (every client `_ClientBuilder` makes), without its layers.

    httpx's `send` passes each request through an auth flow, a redirect loop and a
    timing stream wrapper, 2-3% of a link check's CPU, none of which such a client
    uses; what it does do is done here alike: the transport for the URL (proxies from
    the environment included), the cookies an answer sets, and for a redirect the next
    request built (it raises, as httpx does, on a Location that is not a usable URL).
    A URL with a user name or password (httpx's basic auth) takes httpx's own path.
    """
    if client.is_closed or request.url.userinfo or not _HTTPX_PRIVATES:
        return await client.send(request, stream=True)
    transport = client._transport_for_url(request.url)
    try:
        response = await transport.handle_async_request(request)
    except httpx.RequestError as exc:
        exc.request = request  # as httpx's request_context does
        raise
    response.request = request
    try:
        client.cookies.extract_cookies(response)
        if response.has_redirect_location:
            response.next_request = client._build_redirect_request(request, response)
    except BaseException:
        await response.aclose()
        raise
    return response


class _ClientBuilder:
    """Builds the httpx clients of one `HttpClient`: the same settings, verified or not."""

    def __init__(
        self,
        settings: Settings,
        transport: Transport | None,
        resolver: Resolver | None,
        cookies: http.cookiejar.CookieJar | None,
    ) -> None:
        self.settings = settings
        self.transport = transport
        self.resolver = resolver
        self.cookies = cookies

    def __call__(self, verify: ssl.SSLContext | bool) -> httpx.AsyncClient:
        settings = self.settings
        transport = self.transport
        if transport is None:
            context = httpx.create_ssl_context(verify=verify, trust_env=settings.trust_env)
            transport = _PoolPerHost(
                lambda: _host_transport(settings, self.resolver, context),
                keep=_hosts_kept(settings),
            )
        client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            timeout=_timeout(settings),
            verify=verify,
            trust_env=settings.trust_env,
            headers=base_headers(settings),
            limits=_pool_limits(settings),
            cookies=self.cookies,
        )
        # httpx 0.28 has no public hook for the client's cookie store; the jar stays the
        # same, and a test (test_http_boundary) fails if a later httpx renames it.
        client._cookies = _SetCookies(client.cookies.jar)
        return client


class _SetCookies(httpx.Cookies):
    """The client's cookies, read from an answer only when it sets some.

    httpx hands every answer to `http.cookiejar`, which wraps it and its request
    in urllib adapters only to find no `Set-Cookie` in most answers: 2% of a
    link check's CPU. Without the header the jar is left as it was either way.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        """Store the cookies the answer sets, if it sets any."""
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


class _PoolPerHost(httpx.AsyncBaseTransport):
    """A connection pool per origin (scheme, host, port), the least recently used closed first.

    httpcore's pool looks at every connection it holds each time a request starts
    or ends (a keep-alive check with a socket poll per connection, and a count of
    the idle ones per idle one: quadratic in the pool's size). One pool for a run
    over hundreds of hosts spent a fifth of the run's CPU there; a pool per host
    holds only that host's few connections. Pools with no request under way are
    closed, oldest first, once more than `keep` exist, so sockets and memory stay
    flat however many hosts a run visits.
    """

    def __init__(self, build: Callable[[], httpx.AsyncBaseTransport], *, keep: int) -> None:
        self._build = build
        self._keep = max(keep, 1)
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], _HostPool] = OrderedDict()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request through its origin's pool; the pool is busy until the body closes."""
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _HostPool(self._build())
        else:
            self._pools.move_to_end(key)
        pool.active += 1  # before any await or eviction: a busy pool is never taken
        unused = self._take_unused() if len(self._pools) > self._keep else []
        try:
            for old in unused:
                await old.transport.aclose()
            response = await pool.transport.handle_async_request(request)
        except BaseException:
            pool.active -= 1
            raise
        if isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = _ReleasingStream(response.stream, pool)
        else:  # no body to read through the pool
            pool.active -= 1
        return response

    def _take_unused(self) -> list[_HostPool]:
        """Take the pools over `keep` out, least recently used first, skipping busy ones."""
        surplus = len(self._pools) - self._keep
        taken: list[_HostPool] = []
        for key, pool in list(self._pools.items()):
            if len(taken) >= surplus:
                break
            if pool.active == 0:
                del self._pools[key]
                taken.append(pool)
        return taken

    async def aclose(self) -> None:
        """Close every host's pool."""
        pools = list(self._pools.values())
        self._pools.clear()
        for pool in pools:
            await pool.transport.aclose()


@dataclass(slots=True)
class _HostPool:
    """One origin's transport and how many of its answers are still being read."""

    transport: httpx.AsyncBaseTransport
    active: int = 0


class _ReleasingStream(httpx.AsyncByteStream):
    """An answer's body that tells its host's pool when it is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, pool: _HostPool) -> None:
        self._stream = stream
        self._pool: _HostPool | None = pool

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._stream.__aiter__()  # the pool's own iterator: no layer per chunk

    async def aclose(self) -> None:
        if self._pool is not None:
            self._pool.active -= 1
            self._pool = None
        await self._stream.aclose()


def _host_transport(
    settings: Settings, resolver: Resolver | None, context: ssl.SSLContext
) -> httpx.AsyncBaseTransport:
    """One host's connections: the run's TLS context (built once), pinned by `--block-private`."""
    return _WireTransport(context, resolver, pinned=settings.block_private)


class _WireTransport(httpx.AsyncBaseTransport):
    """One origin's requests as `net/h1.py` exchanges them, with httpx's face.

    httpx's timeouts and trace go in; an `httpx.Response` and the exceptions httpcore's
    transport raises, from the same causes and with the same words, come out, so
    `classify_exception` reads them alike. Connections are `net/wire.py`'s (Happy
    Eyeballs, TLS through the run's context); under `--block-private` only to the
    addresses just checked public, the check and the connection sharing one resolution
    (a hostile resolver cannot answer public to the check and 127.0.0.1 to the
    connection). TLS still verifies the certificate against the host name.
    """

    def __init__(self, context: ssl.SSLContext, resolver: Resolver | None, *, pinned: bool) -> None:
        """Connect with `context` for https; `pinned`: only to public addresses (`resolver`'s)."""
        context.set_alpn_protocols(["http/1.1"])
        self._context = context
        self._resolver = resolver
        self._pinned = pinned
        self._origin = Origin()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request on an idle or new connection; the body streams from the answer."""
        timeouts = request.extensions.get("timeout", {})
        body = await request.aread()
        raw = request_bytes(request.method.encode("ascii"), request.url.raw_path,
                            list(request.headers.raw), body)  # fmt: skip
        try:
            exchange = await self._origin.exchange(
                raw,
                Timeouts(write=timeouts.get("write"), read=timeouts.get("read")),
                head_only=request.method == "HEAD",
                opener=partial(self._open, request, timeouts.get("connect")),
                sending=_sending_hook(request),
                idempotent=request.method in _IDEMPOTENT,
            )
        except ExchangeError as exc:
            raise _httpx_error(exc, request) from exc.__cause__ or exc
        head = exchange.head
        return httpx.Response(
            head.status,
            headers=head.headers,
            stream=_ExchangeStream(exchange, request),
            extensions={"http_version": b"HTTP/" + head.version, "reason_phrase": head.reason},
        )

    async def _open(self, request: httpx.Request, timeout: float | None) -> Wire:
        url = request.url
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        if self._pinned:
            wire = await self._connect_pinned(request, host, port, timeout)
        else:
            wire = await _connect(request, host, port, timeout)
        if url.scheme == "https":
            try:
                await wire.start_tls(self._context, host, timeout)
            except OSError as exc:  # ssl.SSLError and TimeoutError among them
                raise _connect_error(exc, request) from exc
        return wire

    async def _connect_pinned(
        self, request: httpx.Request, host: str, port: int, timeout: float | None
    ) -> Wire:
        addresses = await public_addresses(host, port, resolver=self._resolver)
        for address in addresses[:-1]:
            with contextlib.suppress(httpx.ConnectError, httpx.ConnectTimeout):
                return await _connect(request, address, port, timeout)
        return await _connect(request, addresses[-1], port, timeout)

    async def aclose(self) -> None:
        """Close the idle connections."""
        self._origin.close()


async def _connect(request: httpx.Request, host: str, port: int, timeout: float | None) -> Wire:
    try:
        return await asyncio.wait_for(connect_wire(host, port), timeout)
    except OSError as exc:
        raise _connect_error(exc, request) from exc


def _connect_error(exc: OSError, request: httpx.Request) -> Exception:
    """A connection that could not be made (TCP or TLS), as httpx says it."""
    if isinstance(exc, PrivateAddressError):
        return exc
    if isinstance(exc, TimeoutError):
        return httpx.ConnectTimeout(str(exc), request=request)
    return httpx.ConnectError(str(exc), request=request)


def _httpx_error(exc: ExchangeError, request: httpx.Request) -> Exception:
    """`net/h1.py`'s failures as httpx's (its translation of httpcore's): the one map.
    Raise the answer `from exc.__cause__`, the connection's own error."""
    cause = exc.__cause__
    timed_out = isinstance(cause, TimeoutError)
    if isinstance(exc, SendError):
        written = httpx.WriteTimeout if timed_out else httpx.WriteError
        return written(str(cause), request=request)
    if isinstance(exc, ReceiveError):
        read = httpx.ReadTimeout if timed_out else httpx.ReadError
        return read(str(cause), request=request)
    return httpx.RemoteProtocolError(str(exc), request=request)


def _sending_hook(request: httpx.Request) -> Hook | None:
    """httpx's `trace` extension, told when the request headers go out (as httpcore does)."""
    trace = request.extensions.get("trace")
    if trace is None:
        return None

    async def sending() -> None:
        await trace("http11.send_request_headers.started", {"request": request})

    return sending


class _ExchangeStream(httpx.AsyncByteStream):
    """An answer's body, read from its exchange part by part; closing it ends the exchange."""

    def __init__(self, exchange: Exchange, request: httpx.Request) -> None:
        self._exchange = exchange
        self._request = request

    def __aiter__(self) -> _ExchangeStream:
        return self

    async def __anext__(self) -> bytes:
        try:
            data = await self._exchange.body_part()
        except ExchangeError as exc:
            raise _httpx_error(exc, self._request) from exc.__cause__ or exc
        if not data:
            raise StopAsyncIteration
        return data

    async def aclose(self) -> None:
        self._exchange.close()


def _hosts_kept(settings: Settings) -> int:
    """Hosts whose idle connections stay open: twice the hosts a run has under way at once."""
    return max(2 * settings.max_concurrency, 64)


class JsonClient:
    """A synchronous client for JSON APIs: an LLM judge used outside a run (in a run, the
    workers send the judge's requests through the run's `HttpClient`, see net/relay.py).

    Built from the same settings as `HttpClient`: CA bundle, headers, proxies.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        base_url: str,
        timeout_s: float,
        headers: Mapping[str, str] | None = None,
        transport: SyncTransport | None = None,
    ) -> None:
        """Point the client at `base_url`; `headers` are added to the configured ones.

        Raises:
            ConfigError: `Settings.ca_bundle` cannot be loaded.
        """
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            transport=transport,
            **_api_options(settings, timeout_s, headers),
        )

    def post_json(self, path: str, payload: object) -> object:
        """POST `payload` as JSON and return the decoded JSON answer.

        Raises:
            HttpFailure: no answer, or an answer with an error status.
            ValueError: the answer is not JSON.
        """
        try:
            response = self._client.post(path, json=payload)
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            raise HttpFailure(classify_exception(exc), describe(exc)) from exc
        return _json_answer(response)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()


def _api_options(
    settings: Settings, timeout_s: float, headers: Mapping[str, str] | None
) -> dict[str, Any]:
    """What every client of a JSON API shares: CA bundle, proxies, the configured headers."""
    return {
        "timeout": timeout_s,
        "verify": verify_context(settings.ca_bundle),
        "trust_env": settings.trust_env,
        "headers": {**base_headers(settings), **(headers or {})},
    }


def _json_answer(response: httpx.Response) -> object:
    if response.status_code >= 400:
        raise HttpFailure(FetchError.OTHER, f"HTTP {response.status_code}")
    answer: object = response.json()
    return answer


def _trace(on_sent: Callable[[], None] | None) -> dict[str, Any]:
    if on_sent is None:
        return {}

    async def trace(event: str, info: object) -> None:
        if event.endswith("send_request_headers.started"):
            on_sent()

    return {"trace": trace}


def _timeout(settings: Settings) -> httpx.Timeout:
    return httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s)


def _pool_limits(settings: Settings) -> httpx.Limits:
    """Our semaphores bound active connections; the pool only needs room to keep idle ones.

    A pool capped at the global concurrency evicts one host's idle connection to
    open another's, so a run over many hosts would reconnect on nearly every request.
    """
    keep = max(settings.max_concurrency, settings.per_host_concurrency * 16, 64)
    return httpx.Limits(max_connections=None, max_keepalive_connections=keep)


class _Decoder:
    """Inflate gzip/deflate bodies a bounded amount at a time; pass others through."""

    def __init__(self, encoding: str | None) -> None:
        coding = (encoding or "identity").strip().lower()
        wbits = {
            "gzip": 16 + zlib.MAX_WBITS,
            "x-gzip": 16 + zlib.MAX_WBITS,
            "deflate": zlib.MAX_WBITS,
        }
        self._inflate = zlib.decompressobj(wbits[coding]) if coding in wbits else None

    def feed(self, data: bytes, room: int) -> bytes:
        """Return at most `room` decoded bytes from `data`."""
        if self._inflate is None:
            return data[:room]
        return self._inflate.decompress(data, room)


async def _read_limited_body(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """Read at most `limit` decoded bytes; return them and whether more was left unread.

    Only gzip and deflate are inflated (a bounded amount at a time, so a gzip
    bomb never inflates in memory): every client sends `Accept-Encoding: ACCEPT_ENCODING`.
    """
    decoder = _Decoder(response.headers.get("content-encoding"))
    chunks: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        data = decoder.feed(raw, limit - size + 1)
        if size + len(data) > limit:
            chunks.append(data[: limit - size])
            return b"".join(chunks), True
        chunks.append(data)
        size += len(data)
    return b"".join(chunks), False


def _raw_headers(headers: httpx.Headers) -> Headers:
    """Headers as sent on the wire, original case kept (the WARC records need them so)."""
    return tuple((key.decode("latin-1"), value.decode("latin-1")) for key, value in headers.raw)


def with_params(url: str, params: Mapping[str, str] | None) -> str:
    """The URL with `params` merged into its query string, encoded as it is sent."""
    try:
        return str(httpx.URL(url).copy_merge_params(dict(params or {})))
    except (httpx.InvalidURL, UnicodeError, ValueError):
        return url  # sent as is: the request reports the bad URL


def idna_url(url: str) -> str | None:
    """The URL with a non-ASCII host written in punycode, or None when it is not a valid URL."""
    with contextlib.suppress(httpx.InvalidURL, UnicodeError, ValueError):
        return str(httpx.URL(url))
    return None


def retry_after_s(value: str | None, *, now: datetime | None = None) -> float | None:
    """Return the wait a `Retry-After` header value asks for, in seconds, or None if bad.

    Args:
        value: the header value: seconds, or an HTTP date.
        now: the current time, for HTTP-date values (defaults to the UTC clock).

    Returns:
        The wait in seconds (never negative), or None when absent or unreadable.
    """
    text = (value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def classify_exception(exc: BaseException) -> FetchError:
    """Map an httpx (or socket) error to the `FetchError` it means; the one translation point."""
    if isinstance(exc, PrivateAddressError):
        return FetchError.PRIVATE_ADDRESS
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return FetchError.TIMEOUT
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError.UNSUPPORTED_SCHEME
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError.TOO_MANY_REDIRECTS
    cause = _root_cause(exc)
    if isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_AGAIN:
        return FetchError.NETWORK_UNREACHABLE  # the resolver itself cannot be reached
    if isinstance(cause, socket.gaierror) or _mentions(exc, "name or service not known"):
        return FetchError.DNS
    if isinstance(cause, ssl.SSLError) or _mentions(exc, "certificate_verify_failed", "[ssl"):
        return FetchError.TLS
    if isinstance(exc, httpx.RemoteProtocolError):
        return _classify_protocol(exc)
    return _classify_os_level(exc, cause)


def _classify_protocol(exc: httpx.RemoteProtocolError) -> FetchError:
    if _mentions(exc, "incomplete", "complete message body"):
        return FetchError.INCOMPLETE_BODY
    if _mentions(exc, "disconnected", "connection reset"):
        return FetchError.RESET
    return FetchError.PROTOCOL


def _classify_os_level(exc: BaseException, cause: BaseException) -> FetchError:
    if isinstance(cause, OSError) and cause.errno == errno.ENETUNREACH:
        return FetchError.NETWORK_UNREACHABLE  # no route at all: this machine is offline
    if isinstance(exc, httpx.ConnectError | ConnectionRefusedError):
        return FetchError.CONNECT
    if isinstance(cause, ConnectionResetError | BrokenPipeError) or isinstance(
        exc, httpx.ReadError | httpx.WriteError
    ):
        return FetchError.RESET
    if isinstance(exc, httpx.DecodingError | zlib.error | httpx.ProtocolError):
        return FetchError.PROTOCOL
    return FetchError.OTHER


def _root_cause(exc: BaseException) -> BaseException:
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nested = exc.__cause__ or exc.__context__
        if nested is None:
            break
        exc = nested
    return exc


def _mentions(exc: BaseException, *needles: str) -> bool:
    text = str(exc).lower()
    return any(needle in text for needle in needles)


def describe(exc: BaseException) -> str:
    """An exception as one human line: its message, or its type when it has none."""
    return str(exc) or type(exc).__name__
