"""The fetcher against real servers on 127.0.0.1: statuses, chains, politeness, limits, TLS."""

from __future__ import annotations

import asyncio
import errno
import itertools
import socket
import ssl
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import httpx
import pytest
from testsite import BOMB_SIZE, SiteServer, page, self_signed_tls, wrap_tls

from citecheck import __version__
from citecheck.classify import classify
from citecheck.config import HostSettings, RetryPolicy, Settings
from citecheck.decoding import decode_body
from citecheck.errors import ConfigError
from citecheck.models import FetchError, FetchResult, Hop, Status, Verdict
from citecheck.net.fetch import Fetcher, random_sibling
from citecheck.net.http import classify_exception
from localserver import LocalServer, Reply, Request, Route, refused_port, running_server

pytestmark = pytest.mark.anyio

FAST = Settings(
    host_delay_s=0.0,
    per_host_concurrency=8,
    timeout_s=2.0,
    connect_timeout_s=1.0,
    url_budget_s=5.0,
    retry=RetryPolicy(attempts=3, base_wait_s=0.0, max_wait_s=2.0, jitter=False),
    check_network=False,
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def fetch(url: str, settings: Settings = FAST, **validators: str) -> FetchResult:
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(url, **validators)


async def check(url: str, settings: Settings = FAST) -> tuple[FetchResult, Verdict]:
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url)
        probe = await fetcher.probe_soft404(result)
    return result, classify(result, probe, settings=settings)


async def test_ok_page_records_one_hop_and_request(site_server: SiteServer) -> None:
    url = site_server.url("/article.html")
    result, verdict = await check(url)
    assert verdict.status is Status.OK
    assert result.hops == (Hop(url, 200, None),)
    assert result.final_url == url
    assert result.body == page("article.html")
    assert result.attempts == 1
    assert result.checked_at is not None
    assert result.checked_at.tzinfo is UTC
    sent = dict(result.request_headers)
    assert f"citecheck/{__version__}" in sent["User-Agent"]
    assert "gzip" in sent["Accept-Encoding"]


@pytest.mark.parametrize("code", [301, 302, 307, 308])
async def test_redirect_chain_is_recorded_hop_by_hop(site_server: SiteServer, code: int) -> None:
    url = site_server.url(f"/redirect/3?code={code}")
    result, verdict = await check(url)
    assert [hop.http_status for hop in result.hops] == [code, code, code, 200]
    assert [hop.url for hop in result.hops] == [
        url,
        site_server.url(f"/redirect/2?code={code}"),  # from a relative "../redirect/2"
        site_server.url(f"/redirect/1?code={code}"),
        site_server.url("/article.html"),
    ]
    assert result.final_url == site_server.url("/article.html")
    assert result.redirects == tuple(hop.url for hop in result.hops[:3])
    assert verdict.status is Status.REDIRECTED


async def test_trailing_slash_move_is_the_same_page(site_server: SiteServer) -> None:
    result, verdict = await check(site_server.url("/section"))
    assert [hop.http_status for hop in result.hops] == [301, 200]
    assert verdict.status is Status.OK


async def test_redirect_loop_is_detected(site_server: SiteServer) -> None:
    result, verdict = await check(site_server.url("/loop"))
    assert result.error is FetchError.REDIRECT_LOOP
    assert [hop.url for hop in result.hops] == [site_server.url("/loop"), site_server.url("/loop2")]
    assert result.attempts == 1
    assert verdict.status is Status.ERROR


async def test_hop_limit(site_server: SiteServer) -> None:
    result = await fetch(site_server.url("/redirect/5"), FAST.replace(max_redirects=2))
    assert result.error is FetchError.TOO_MANY_REDIRECTS
    assert len(result.hops) == 3


async def test_redirect_without_location_is_an_error(site_server: SiteServer) -> None:
    result, verdict = await check(site_server.url("/no-location"))
    assert result.hops == (Hop(site_server.url("/no-location"), 302, None),)
    assert verdict.status is Status.ERROR


@pytest.mark.parametrize("code", [404, 410])
async def test_404_and_410_are_dead_and_never_retried(site_server: SiteServer, code: int) -> None:
    path = f"/status/{code}"
    before = site_server.hits.get(path, 0)
    result, verdict = await check(site_server.url(path))
    assert verdict.status is Status.DEAD
    assert result.attempts == 1
    assert site_server.hits[path] - before == 1


@pytest.mark.parametrize("prefix", ["/cms-en/", "/cms-ar/"])
async def test_soft_404_found_by_random_sibling_probe(site_server: SiteServer, prefix: str) -> None:
    missing, verdict = await check(site_server.url(prefix + "2019/grain-figures-retracted"))
    assert missing.http_status == 200
    assert verdict.status is Status.SOFT404
    real, real_verdict = await check(site_server.url(prefix + "2019/grain-figures"))
    assert real.http_status == 200
    assert real_verdict.status is Status.OK


async def test_one_probe_serves_every_page_under_a_parent(site_server: SiteServer) -> None:
    server = site_server.server
    before = len(server.requests)
    async with Fetcher(FAST) as fetcher:
        results = [
            await fetcher.fetch(site_server.url(f"/cms-en/2020/story-{n}")) for n in range(3)
        ]
        probes = [await fetcher.probe_soft404(result) for result in results]
    probed = [r.path for r in server.requests[before:] if "citecheck-" in r.path]
    assert len(probed) == 1
    assert probed[0].startswith("/cms-en/2020/citecheck-")
    assert all(probe is probes[0] for probe in probes)


async def test_no_probe_for_site_root_or_failures(site_server: SiteServer) -> None:
    async with Fetcher(FAST) as fetcher:
        root = await fetcher.fetch(site_server.url("/"))
        gone = await fetcher.fetch(site_server.url("/status/404"))
        assert await fetcher.probe_soft404(root) is None
        assert await fetcher.probe_soft404(gone) is None


@pytest.mark.parametrize(
    ("path", "status", "chain"),
    [
        ("/gone-home/2019/story", Status.REDIRECT_HOME, [301, 200]),
        ("/news/2019/story", Status.REDIRECT_HOME, [302, 200]),
        ("/to-404/2019/story", Status.SOFT404, [302, 200]),
        ("/moved/2019/story", Status.REDIRECTED, [301, 200]),
    ],
)
async def test_where_a_redirect_lands(
    site_server: SiteServer, path: str, status: Status, chain: list[int]
) -> None:
    result, verdict = await check(site_server.url(path))
    assert [hop.http_status for hop in result.hops] == chain
    assert verdict.status is status


@pytest.mark.parametrize("code", [401, 403, 451])
async def test_access_refusals_are_blocked_not_dead(site_server: SiteServer, code: int) -> None:
    result, verdict = await check(site_server.url(f"/status/{code}"))
    assert result.http_status == code
    assert result.attempts == 1
    assert verdict.status is Status.BLOCKED


@pytest.mark.parametrize("path", ["/challenge", "/challenge-200"])
async def test_bot_challenge_is_blocked(site_server: SiteServer, path: str) -> None:
    _result, verdict = await check(site_server.url(path))
    assert verdict.status is Status.BLOCKED
    assert "challenge" in verdict.reason


async def test_429_with_retry_after_is_retried_then_blocked(site_server: SiteServer) -> None:
    path = "/ratelimited"
    before = site_server.hits.get(path, 0)
    result, verdict = await check(site_server.url(path + "?after=0"))
    assert result.attempts == 3
    assert site_server.hits[path] - before == 3
    assert verdict.status is Status.BLOCKED


async def test_retry_after_over_the_cap_gives_up_at_once(site_server: SiteServer) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async with Fetcher(FAST, sleep=sleep) as fetcher:
        result = await fetcher.fetch(site_server.url("/ratelimited?after=3600"))
    assert result.attempts == 1
    assert not any(wait >= 1 for wait in waits)  # no wait was even asked for
    assert classify(result, settings=FAST).status is Status.BLOCKED


async def test_503_twice_then_200(site_server: SiteServer) -> None:
    path = "/flaky/twice-then-ok"
    result = await fetch(site_server.url(path + "?fail=2"))
    verdict = classify(result, settings=FAST)
    assert site_server.hits[path] == 3
    assert result.attempts == 3
    assert result.http_status == 200
    assert verdict.status is Status.OK


async def test_5xx_after_retries_is_an_error(site_server: SiteServer) -> None:
    path = "/flaky/always-500"
    _result, verdict = await check(site_server.url(path + "?fail=99&code=500"))
    assert site_server.hits[path] == 3
    assert verdict.status is Status.ERROR
    assert "after 3 attempts" in verdict.reason


async def test_retry_after_wait_does_not_hold_a_slot(site_server: SiteServer) -> None:
    """While one URL waits out Retry-After, another proceeds, even with one global slot."""
    settings = FAST.replace(max_concurrency=1)
    waits: list[float] = []
    other_done = asyncio.Event()

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if seconds >= 1:
            await asyncio.wait_for(other_done.wait(), 2.0)

    async def other(fetcher: Fetcher, url: str) -> FetchResult:
        result = await fetcher.fetch(url)
        other_done.set()
        return result

    with running_server("127.0.0.2") as second:
        second.route("/page", Reply(200, page("article.html")))
        async with Fetcher(settings, sleep=sleep) as fetcher:
            waited, quick = await asyncio.gather(
                fetcher.fetch(site_server.url("/flaky/rate-once?fail=1&code=429&after=1")),
                other(fetcher, second.url("/page")),
            )
    assert 1.0 in waits
    assert (waited.http_status, waited.attempts) == (200, 2)
    assert quick.http_status == 200


async def test_slow_first_byte_times_out(site_server: SiteServer) -> None:
    settings = FAST.replace(timeout_s=0.05, retry=RetryPolicy(attempts=1, base_wait_s=0))
    result, verdict = await check(site_server.url("/slow?ms=200"), settings)
    assert result.error is FetchError.TIMEOUT
    assert result.hops == ()
    assert verdict.status is Status.TIMEOUT


async def test_per_host_timeout_override(site_server: SiteServer) -> None:
    settings = FAST.replace(
        hosts={"127.0.0.1": HostSettings(timeout_s=0.05)}, retry=RetryPolicy(attempts=1)
    )
    result = await fetch(site_server.url("/slow?ms=200"), settings)
    assert result.error is FetchError.TIMEOUT


async def test_trickling_body_is_cut_by_the_url_budget(site_server: SiteServer) -> None:
    settings = FAST.replace(url_budget_s=0.3)
    started = time.monotonic()
    result, verdict = await check(site_server.url("/trickle"), settings)
    # The whole body takes 6.4 s to trickle; the margin is for a loaded machine.
    assert time.monotonic() - started < 4.0
    assert result.error is FetchError.TIMEOUT
    assert "budget" in (result.error_detail or "")
    assert verdict.status is Status.TIMEOUT


async def test_time_waiting_in_the_queue_does_not_count_against_the_budget(
    site_server: SiteServer,
) -> None:
    # Four answers of 0.2 s one at a time take 0.8 s, longer than the 0.6 s budget of each
    # URL; each still gets its answer, and 0.4 s of margin absorbs a loaded machine.
    settings = FAST.replace(max_concurrency=1, url_budget_s=0.6)
    async with Fetcher(settings) as fetcher:
        urls = [site_server.url(f"/slow?ms=200&n={n}") for n in range(4)]
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    assert [result.http_status for result in results] == [200] * 4
    assert all(result.elapsed_s < 0.6 for result in results)


@pytest.mark.parametrize(
    ("path", "error"),
    [("/reset", FetchError.RESET), ("/truncated", FetchError.INCOMPLETE_BODY)],
)
async def test_resets_and_cut_short_bodies_are_retried_then_errors(
    site_server: SiteServer, path: str, error: FetchError
) -> None:
    before = site_server.hits.get(path, 0)
    result, verdict = await check(site_server.url(path))
    assert result.error is error
    assert site_server.hits[path] - before == 3
    assert verdict.status is Status.ERROR


async def test_oversized_body_is_read_up_to_max_bytes(site_server: SiteServer) -> None:
    result, verdict = await check(site_server.url("/big"), FAST.replace(max_bytes=100_000))
    assert len(result.body) == 100_000
    assert result.truncated_body
    assert verdict.status is Status.OK


async def test_gzip_body_is_decoded(site_server: SiteServer) -> None:
    result = await fetch(site_server.url("/gzip/article.html"))
    assert result.header("content-encoding") == "gzip"
    assert result.body == page("article.html")
    assert not result.truncated_body


async def test_gzip_bomb_stays_bounded(site_server: SiteServer) -> None:
    limit = 256 * 1024
    tracemalloc.start()
    try:
        result = await fetch(site_server.url("/gzipbomb"), FAST.replace(max_bytes=limit))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.body) == limit
    assert result.truncated_body
    assert peak < BOMB_SIZE / 4


async def test_binary_body_is_fetched_as_is(site_server: SiteServer) -> None:
    result, verdict = await check(site_server.url("/binary"))
    assert result.content_type == "application/octet-stream"
    assert len(result.body) == 4096
    assert verdict.status is Status.OK


async def test_windows_1256_page(site_server: SiteServer) -> None:
    result, verdict = await check(site_server.url("/windows-1256.html"))
    assert verdict.status is Status.OK
    assert "تقرير الميناء" in decode_body(result.body, result.content_type)


async def test_unresolvable_host_is_dead_and_not_retried() -> None:
    result, verdict = await check("http://something.invalid/story")
    assert result.error is FetchError.DNS
    assert result.attempts == 1
    assert verdict == Verdict(Status.DEAD, "host name does not resolve")


async def test_refused_connection_is_an_error_not_dead() -> None:
    result, verdict = await check(f"http://127.0.0.1:{refused_port()}/story")
    assert result.error is FetchError.CONNECT
    assert result.attempts == 1
    assert verdict.status is Status.ERROR


async def test_block_private_refuses_loopback_without_a_request(site_server: SiteServer) -> None:
    before = len(site_server.server.requests)
    result, verdict = await check(
        site_server.url("/article.html"), FAST.replace(block_private=True)
    )
    assert result.error is FetchError.PRIVATE_ADDRESS
    assert len(site_server.server.requests) == before
    assert verdict.status is Status.SKIPPED


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/story", "http://[::1/story"])
async def test_an_invalid_url_is_an_error_not_an_exception(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    result, verdict = await check(url)
    assert result.error is FetchError.OTHER
    assert "invalid" in (result.error_detail or "").lower()
    assert verdict.status is Status.ERROR
    assert "unexpected failure fetching" not in caplog.text


async def test_unsupported_scheme_is_skipped() -> None:
    result, verdict = await check("ftp://127.0.0.1/file.txt")
    assert result.error is FetchError.UNSUPPORTED_SCHEME
    assert verdict.status is Status.SKIPPED


async def test_conditional_request_and_304(site_server: SiteServer) -> None:
    result, verdict = await check(site_server.url("/etag"))
    assert result.header("etag") == '"v1"'
    again = await fetch(site_server.url("/etag"), etag='"v1"', last_modified="Sun, 01 Nov 2026")
    sent = dict(again.request_headers)
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Sun, 01 Nov 2026"
    assert again.not_modified
    assert again.http_status == 304
    assert classify(again, settings=FAST).status is Status.OK
    assert verdict.status is Status.OK


async def test_extra_and_per_host_headers_are_sent(site_server: SiteServer) -> None:
    settings = FAST.replace(
        headers=(("X-Team", "desk"),),
        hosts={"127.0.0.1": HostSettings(headers=(("X-Host", "gazette"),))},
    )
    result = await fetch(site_server.url("/article.html?h=1"), settings)
    sent = dict(result.request_headers)
    assert (sent["X-Team"], sent["X-Host"]) == ("desk", "gazette")
    request = next(r for r in reversed(site_server.server.requests) if r.query == {"h": ["1"]})
    assert (request.headers["x-team"], request.headers["x-host"]) == ("desk", "gazette")


async def test_accepted_status_counts_as_success(site_server: SiteServer) -> None:
    _result, verdict = await check(
        site_server.url("/status/999"), FAST.replace(accept_status=(999,))
    )
    assert verdict.status is Status.OK


async def test_per_host_spacing_is_respected(site_server: SiteServer) -> None:
    # Spacing runs from when a request's headers go out, so the server's arrival gaps are
    # the delay give or take thread scheduling; half the delay of tolerance holds on a
    # loaded machine and still fails when requests are not spaced (gaps of a few ms).
    settings = FAST.replace(host_delay_s=0.2, per_host_concurrency=4)
    async with Fetcher(settings) as fetcher:
        await asyncio.gather(
            *(fetcher.fetch(site_server.url(f"/spaced/gap/{n}")) for n in range(4))
        )
    arrivals = sorted(site_server.arrivals["gap"])
    assert len(arrivals) == 4
    assert min(b - a for a, b in itertools.pairwise(arrivals)) >= 0.1


@pytest.mark.parametrize(
    ("key", "overrides", "peak"),
    [
        ("global", {"max_concurrency": 2, "per_host_concurrency": 10}, 2),
        ("perhost", {"max_concurrency": 10, "per_host_concurrency": 1}, 1),
    ],
)
async def test_concurrency_limits_hold(
    site_server: SiteServer, key: str, overrides: dict[str, int], peak: int
) -> None:
    async with Fetcher(FAST.replace(**overrides)) as fetcher:
        urls = [site_server.url(f"/spaced/{key}/{n}?ms=40") for n in range(6)]
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    assert all(result.http_status == 200 for result in results)
    assert site_server.peak[key] == peak


async def test_a_host_failing_every_request_gives_each_url_its_retries(
    site_server: SiteServer,
) -> None:
    """#15: 503 to every request, 6 URLs, no spacing: each ends `error` after 3 attempts."""
    policy = RetryPolicy(attempts=3, base_wait_s=1.0, max_wait_s=30.0, jitter=False)
    settings = FAST.replace(retry=policy, url_budget_s=20.0, per_host_concurrency=2)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # retry waits are recorded, not slept
        waits.append(seconds)

    paths = [f"/flaky/all-503-{n}" for n in range(6)]
    async with Fetcher(settings, sleep=sleep) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(site_server.url(path + "?fail=99&code=503")) for path in paths)
        )
    verdicts = [classify(result, settings=settings) for result in results]
    assert [site_server.hits[path] for path in paths] == [3] * 6
    assert all(verdict.status is Status.ERROR for verdict in verdicts)
    assert all("503 after 3 attempts" in verdict.reason for verdict in verdicts)
    assert sorted(waits) == [1.0] * 6 + [2.0] * 6
    assert all(result.elapsed_s < 20.0 for result in results)


async def test_a_rate_limiting_host_ends_blocked_within_the_budget(
    site_server: SiteServer,
) -> None:
    """#15: 429 with Retry-After to every request: waits that fit the budget, then `blocked`."""
    settings = FAST.replace(retry=RetryPolicy(attempts=3, max_wait_s=30.0), url_budget_s=12.0)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    paths = [f"/flaky/all-429-{n}" for n in range(6)]
    async with Fetcher(settings, sleep=sleep) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(site_server.url(path + "?fail=99&code=429&after=5")) for path in paths)
        )
    assert [site_server.hits[path] for path in paths] == [3] * 6
    assert waits == [5.0] * 12
    assert all(classify(r, settings=settings).status is Status.BLOCKED for r in results)


async def test_a_url_waiting_out_retry_after_does_not_hold_back_its_host(
    site_server: SiteServer,
) -> None:
    settings = FAST.replace(per_host_concurrency=1, retry=RetryPolicy(attempts=2, max_wait_s=5))
    finished: list[str] = []

    async def fetch_and_note(fetcher: Fetcher, name: str, path: str) -> None:
        result = await fetcher.fetch(site_server.url(path))
        assert result.http_status == 200
        finished.append(name)

    async with Fetcher(settings) as fetcher:
        await asyncio.gather(
            fetch_and_note(fetcher, "waited", "/flaky/rate-then-ok?fail=1&code=429&after=1"),
            *(fetch_and_note(fetcher, f"page{n}", f"/slow?ms=1&n={n}") for n in range(4)),
        )
    assert finished[-1] == "waited"
    assert len(finished) == 5


async def test_a_redirect_chain_queued_behind_its_host_is_not_timed_out(
    site_server: SiteServer,
) -> None:
    """#14: time queued behind the host's spacing does not count against a URL's budget."""
    settings = FAST.replace(host_delay_s=0.1, per_host_concurrency=1, url_budget_s=0.5)
    urls = [site_server.url(f"/redirect/2?code=301&n={n}") for n in range(6)]
    async with Fetcher(settings) as fetcher:  # 18 requests x 0.1 s: 3.6 times the budget
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    assert [(result.http_status, len(result.hops)) for result in results] == [(200, 3)] * 6


async def test_time_the_event_loop_spends_elsewhere_does_not_count(
    site_server: SiteServer,
) -> None:
    """#14: a URL is never timed out because our own CPU work held the event loop."""
    settings = FAST.replace(url_budget_s=1.5, retry=RetryPolicy(attempts=1))

    async def hog_the_loop() -> None:
        await asyncio.sleep(0.02)
        time.sleep(2.5)  # CPU-bound work on the loop thread, as a slow page parse would be

    async with Fetcher(settings) as fetcher:
        result, _ = await asyncio.gather(
            fetcher.fetch(site_server.url("/slow?ms=100")), hog_the_loop()
        )
    assert (result.http_status, result.error_detail) == (200, None)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalServer, Path]]:
    context, bundle = self_signed_tls(tmp_path_factory.mktemp("tls"))
    server = LocalServer()
    wrap_tls(server, context)
    server.route("/article.html", Reply(200, page("article.html")))
    server.start()
    yield server, bundle
    server.stop()


async def test_https_with_the_test_ca(tls_server: tuple[LocalServer, Path]) -> None:
    server, bundle = tls_server
    url = server.url("/article.html").replace("http://", "https://")
    result, verdict = await check(url, FAST.replace(ca_bundle=str(bundle)))
    assert verdict.status is Status.OK
    assert result.hops == (Hop(url, 200, None),)


async def test_https_with_an_untrusted_certificate_is_a_tls_error(
    tls_server: tuple[LocalServer, Path],
) -> None:
    server, _bundle = tls_server
    result, verdict = await check(server.url("/article.html").replace("http://", "https://"))
    assert result.error is FetchError.TLS
    assert result.attempts == 1
    assert verdict.status is Status.ERROR


async def test_a_missing_ca_bundle_is_a_config_error(tmp_path: Path) -> None:
    settings = FAST.replace(ca_bundle=str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigError, match="CA bundle"):
        async with Fetcher(settings):
            pass


def _raising(exc: Exception) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ConnectError("[Errno -2] Name or service not known"), FetchError.DNS),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] expired"), FetchError.TLS),
        (httpx.ConnectError("[Errno 111] Connection refused"), FetchError.CONNECT),
        (httpx.ReadTimeout("timed out"), FetchError.TIMEOUT),
        (httpx.ReadError("[Errno 104] Connection reset by peer"), FetchError.RESET),
        (httpx.RemoteProtocolError("Server disconnected without response"), FetchError.RESET),
        (
            httpx.RemoteProtocolError("peer closed connection (incomplete)"),
            FetchError.INCOMPLETE_BODY,
        ),
        (httpx.RemoteProtocolError("illegal header line"), FetchError.PROTOCOL),
        (httpx.UnsupportedProtocol("no"), FetchError.UNSUPPORTED_SCHEME),
        (ValueError("odd"), FetchError.OTHER),
    ],
)
def testclassify_exception(exc: Exception, expected: FetchError) -> None:
    assert classify_exception(exc) is expected


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), FetchError.DNS),
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure"), FetchError.NETWORK_UNREACHABLE),
        (ssl.SSLCertVerificationError("certificate verify failed"), FetchError.TLS),
        (ConnectionResetError(104, "reset during the handshake"), FetchError.CONNECT),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), FetchError.NETWORK_UNREACHABLE),
    ],
)
def test_classify_exception_reads_the_cause(cause: OSError, expected: FetchError) -> None:
    try:
        try:
            raise cause
        except OSError as inner:
            raise httpx.ConnectError("failed") from inner
    except httpx.ConnectError as exc:
        error = exc
    assert classify_exception(error) is expected


async def test_dns_failure_through_a_transport_is_not_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    async with Fetcher(FAST, transport=httpx.MockTransport(handler)) as fetcher:
        result = await fetcher.fetch("https://gone.example/story")
    assert (result.error, result.attempts, calls) == (FetchError.DNS, 1, 1)


async def test_unexpected_bug_becomes_data_at_the_boundary() -> None:
    async with Fetcher(FAST, transport=_raising(RuntimeError("bug"))) as fetcher:
        result = await fetcher.fetch("https://example.test/story")
    assert result.error is FetchError.OTHER
    assert "bug" in (result.error_detail or "")


@pytest.mark.parametrize(
    ("url", "prefix", "suffix"),
    [
        ("http://h/news/2019/story.html", "http://h/news/2019/citecheck-", ".html"),
        ("http://h/news/story/", "http://h/news/citecheck-", "/"),
        ("http://h/story?id=3", "http://h/citecheck-", ""),
    ],
)
def test_random_sibling(url: str, prefix: str, suffix: str) -> None:
    sibling = random_sibling(url)
    assert sibling is not None
    assert sibling.startswith(prefix)
    assert sibling.endswith(suffix)
    assert sibling != random_sibling(url)


@pytest.mark.parametrize("url", ["http://h/", "http://h", "http://h/?q=1"])
def test_no_sibling_for_a_root(url: str) -> None:
    assert random_sibling(url) is None


async def test_a_free_global_slot_goes_to_the_host_with_the_most_urls_left() -> None:
    arrivals: list[str] = []

    def answer(name: str, delay_s: float = 0.0) -> Route:
        def route(request: Request) -> Reply:
            arrivals.append(name)
            return Reply(200, "<p>page</p>", delay_s=delay_s)

        return route

    with running_server() as small, running_server("127.0.0.2") as big:
        small.route("/slow", answer("slow", delay_s=0.5))
        small.route("/a", answer("small"))
        big.route("/b", answer("big"))
        settings = FAST.replace(max_concurrency=1)
        async with Fetcher(settings) as fetcher:
            fetcher.expect([big.url(f"/{n}") for n in range(5)] + [small.url("/a")])
            slow = asyncio.ensure_future(fetcher.fetch(small.url("/slow")))  # holds the slot
            while not arrivals:
                await asyncio.sleep(0.01)
            first = asyncio.ensure_future(fetcher.fetch(small.url("/a")))  # queues first
            await asyncio.sleep(0.05)
            second = asyncio.ensure_future(fetcher.fetch(big.url("/b")))
            results = await asyncio.gather(slow, first, second)

    assert [result.http_status for result in results] == [200, 200, 200]
    assert arrivals == ["slow", "big", "small"]


def test_a_run_uses_libuvs_loop_where_uvloop_is_installed() -> None:
    import importlib.util

    from citecheck.net.loop import run

    async def loop_module() -> str:
        return type(asyncio.get_running_loop()).__module__

    expected = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    assert run(loop_module()).startswith(expected)
