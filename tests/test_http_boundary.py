"""One HTTP boundary: only net/http.py imports httpx, and every request of a run uses it.

A whole scan is run against real loopback servers that play every part - the
cited site, its soft-404 probe, the Wayback availability and replay services,
Save Page Now and a local LLM judge - and each request that reaches them is
checked for the configured CA bundle (the server is HTTPS with a self-signed
CA given as `ca_bundle`), the configured headers, and the injected transport.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import importlib.util
import json
import re
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from testsite import self_signed_tls, wrap_tls

from archive_services import AVAILABLE, SAVE, ArchiveServices
from citecheck.compare.llm import LlmReranker
from citecheck.config import RetryPolicy, Settings
from citecheck.models import Status
from citecheck.net.http import HttpClient, HttpFailure
from citecheck.net.relay import JsonRelay, RelayClient
from citecheck.pipeline import scan
from localserver import LocalServer, Reply, Request, running_server

SRC = Path(__file__).resolve().parents[1] / "src" / "citecheck"
LIVE = "/news/2019/haftar-offensive.html"
DEAD = "/news/2019/haftar-stalls.html"
CHAT = "/v1/chat/completions"
ARTICLE = """<html><head><title>Haftar's push on Tripoli</title></head><body><article>
<p>Forces loyal to the eastern commander Khalifa Haftar launched an offensive on Tripoli in
April 2019, aiming to seize the capital from the internationally recognised government.</p>
<p>Within weeks the advance had stalled in the southern suburbs, where fighting displaced
thousands of families and closed the city's only working airport for days at a time.</p>
</article></body></html>"""
HEADER = ("X-Newsroom", "desk-7")
SPN_KEYS = {"CITECHECK_SPN_ACCESS_KEY": "a", "CITECHECK_SPN_SECRET_KEY": "s"}


def _imports_httpx(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] in {"httpx", "httpcore"} for name in names):
            return True
    return False


def test_only_net_http_imports_httpx() -> None:
    importers = {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if _imports_httpx(p)}
    assert importers == {"net/http.py"}


def _serve_everything(server: LocalServer) -> ArchiveServices:
    """The cited site, a web archive holding the dead page, SPN and an LLM judge on one server."""
    server.route(LIVE, Reply(200, ARTICLE))
    server.route(DEAD, Reply(404, "gone"))
    verdict = json.dumps({"verdict": "supported", "confidence": 0.9})
    chat = {"choices": [{"message": {"role": "assistant", "content": verdict}}]}
    server.route(CHAT, Reply(200, json.dumps(chat), content_type="application/json"))
    services = ArchiveServices(server)
    services.add(server.url(DEAD), "20190501000000", body=ARTICLE)
    return services


def _document(tmp_path: Path, server: LocalServer) -> Path:
    doc = tmp_path / "article.md"
    doc.write_text(
        "Haftar launched an offensive on Tripoli in April 2019 "
        f"({server.url(LIVE)}).\n\n"
        "Within weeks the advance had stalled in the southern suburbs "
        f"({server.url(DEAD)}).\n",
        encoding="utf-8",
    )
    return doc


def _settings(tmp_path: Path, services: ArchiveServices, **changes: object) -> Settings:
    base = Settings(
        cache_dir=str(tmp_path / "cache"),
        headers=(HEADER,),
        host_delay_s=0,
        check_network=False,
        retry=RetryPolicy(attempts=1),
        wayback_available_url=services.available_url,
        wayback_cdx_url=services.cdx_url,
        spn_url=services.save_url,
        archive_live=True,
        cited_at=date(2019, 5, 14),
    )
    return base.replace(**changes)


def _kinds(paths: list[str]) -> set[str]:
    """Which parts of a run the requests came from."""
    kinds = {
        LIVE: "check",
        DEAD: "check",
        AVAILABLE: "archive look-up",
        SAVE: "save page now",
        CHAT: "llm judge",
    }
    found = {kinds[path] for path in paths if path in kinds}
    found |= {"soft-404 probe" for path in paths if "/citecheck-" in path}
    found |= {"archived copy" for path in paths if "id_/" in path}
    return found


EVERY_KIND = {
    "check",
    "soft-404 probe",
    "archive look-up",
    "archived copy",
    "save page now",
    "llm judge",
}


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalServer, Path]]:
    context, bundle = self_signed_tls(tmp_path_factory.mktemp("tls"))
    with running_server() as server:
        wrap_tls(server, context)
        yield server, bundle


def test_every_request_of_a_scan_uses_the_ca_bundle_and_the_headers(
    tls_server: tuple[LocalServer, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, bundle = tls_server
    for name, value in SPN_KEYS.items():
        monkeypatch.setenv(name, value)
    services = _serve_everything(server)
    settings = _settings(
        tmp_path, services, ca_bundle=str(bundle), llm_url=server.url("/v1"), support=True
    )

    report = scan([_document(tmp_path, server)], settings)

    statuses = [result.verdict.status for result in report.results]
    assert statuses == [Status.OK, Status.DEAD]
    suggestion = report.results[1].suggestion
    assert suggestion is not None
    assert suggestion.support is not None
    requests = server.requests
    assert _kinds([request.path for request in requests]) == EVERY_KIND
    # Each of them got through the TLS handshake only with the self-signed CA of the bundle.
    assert all(request.headers.get("x-newsroom") == "desk-7" for request in requests)
    assert all("citecheck" in request.headers.get("user-agent", "") for request in requests)


class RecordingTransport(httpx.AsyncBaseTransport):
    """A real network transport that notes every request sent through it."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class RecordingSyncTransport(httpx.BaseTransport):
    """The same, for the synchronous LLM judge."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return self.inner.handle_request(request)


def test_every_request_of_a_scan_goes_through_the_injected_transport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SPN_KEYS.items():
        monkeypatch.setenv(name, value)
    transport = RecordingTransport()
    with running_server() as server:
        services = _serve_everything(server)
        settings = _settings(tmp_path, services, support=True, llm_url=server.url("/v1"))
        report = scan([_document(tmp_path, server)], settings, transport=transport)
        seen = [request.path for request in server.requests]

    # The judge asks from the worker processes; its requests still take this transport.
    assert _kinds(seen) == EVERY_KIND
    assert sorted(transport.paths) == sorted(seen)
    assert transport.paths.count(CHAT) == seen.count(CHAT) > 0
    judged = report.results[0].support
    assert judged is not None
    assert "reranker" in dict(judged.features)  # the judge's answer reached the score


def test_the_llm_judge_uses_the_configured_headers_and_transport(server: LocalServer) -> None:
    services = _serve_everything(server)
    settings = Settings(headers=(HEADER,), wayback_available_url=services.available_url)
    transport = RecordingSyncTransport()
    judge = LlmReranker(server.url("/v1"), "local", settings=settings, transport=transport)
    try:
        assert judge.judge("Haftar attacked Tripoli", ["Haftar launched an offensive"]) == 0.9
    finally:
        judge.close()
    assert transport.paths == [CHAT]
    assert server.requests[-1].headers["x-newsroom"] == "desk-7"


def _serve_judge(server: LocalServer) -> None:
    verdict = json.dumps({"verdict": "supported", "confidence": 0.9})
    chat = {"choices": [{"message": {"role": "assistant", "content": verdict}}]}
    server.route(CHAT, Reply(200, json.dumps(chat), content_type="application/json"))
    server.route("/v1/broken", Reply(200, "not json", content_type="application/json"))
    server.route("/v1/down", Reply(503, "busy"))


def test_a_judge_asks_through_the_relay_and_the_runs_transport(server: LocalServer) -> None:
    _serve_judge(server)
    settings = Settings(headers=(("X-Newsroom", "desk-7"),))
    transport = RecordingTransport()
    client = RelayClient()
    judge = LlmReranker(server.url("/v1"), "local", settings=settings, relay=client)

    async def run() -> tuple[float | None, float | None]:
        async with HttpClient(settings, transport=transport) as http:
            with JsonRelay(http, asyncio.get_running_loop()) as relay:
                client.use(relay.address)
                first = await asyncio.to_thread(judge.judge, "Haftar attacked", ["Haftar did"])
                again = await asyncio.to_thread(judge.judge, "Haftar attacked", ["Haftar did"])
        return first, again

    try:
        assert asyncio.run(run()) == (0.9, 0.9)
    finally:
        client.close()
        judge.close()
    assert transport.paths == [CHAT, CHAT]
    assert [r.headers["x-newsroom"] for r in server.requests if r.path == CHAT] == ["desk-7"] * 2


def test_relayed_failures_keep_their_kind_and_a_closed_relay_is_a_failure(
    server: LocalServer,
) -> None:
    _serve_judge(server)
    settings = Settings()
    client = RelayClient()

    def ask(path: str) -> object:
        return client.post_json(server.url(path), {"q": 1}, headers={}, timeout_s=5.0)

    async def run() -> list[str]:
        seen: list[str] = []
        async with HttpClient(settings) as http:
            with JsonRelay(http, asyncio.get_running_loop()) as relay:
                client.use(relay.address)
                for path in ("/v1/broken", "/v1/down"):
                    try:
                        await asyncio.to_thread(ask, path)
                    except (HttpFailure, ValueError) as exc:
                        seen.append(type(exc).__name__)
            with pytest.raises(HttpFailure, match="relay"):
                await asyncio.to_thread(ask, CHAT)  # the relay is closed: a failure, no hang
        return seen

    try:
        assert asyncio.run(run()) == ["ValueError", "HttpFailure"]
    finally:
        client.close()


def test_each_host_gets_its_own_pool_and_idle_ones_close_oldest_first() -> None:
    from citecheck.net.http import _PoolPerHost

    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(running_server()) for _ in range(4)]
        for server in servers:
            server.route("/page", Reply(200, f"page of {server.port}" * 500))
        built: list[httpx.AsyncHTTPTransport] = []

        def build() -> httpx.AsyncHTTPTransport:
            built.append(httpx.AsyncHTTPTransport())
            return built[-1]

        async def run() -> tuple[bytes, list[bytes], list[int | None]]:
            router = _PoolPerHost(build, keep=2)
            async with httpx.AsyncClient(transport=router) as client:
                first = client.build_request("GET", servers[0].url("/page"))
                reading = await client.send(first, stream=True)  # its pool stays busy
                others = [(await client.get(s.url("/page"))).content for s in servers[1:]]
                left = [key[2] for key in router._pools]
                body = await reading.aread()
                await reading.aclose()
                urls = [s.url("/page") for s in servers] * 3  # all at once: pools come and go
                answers = await asyncio.gather(*(client.get(url) for url in urls))
                assert [answer.status_code for answer in answers] == [200] * len(urls)
                await client.get(servers[0].url("/page"))  # the next request trims the idle
                assert len(router._pools) <= 2
            return body, others, left

        body, others, left = asyncio.run(run())

    assert len(built) >= 4  # one pool per host (again for a host whose pool was closed)
    assert body == f"page of {servers[0].port}".encode() * 500  # never closed while read
    assert others == [f"page of {s.port}".encode() * 500 for s in servers[1:]]
    assert left == [servers[0].port, servers[3].port]  # the idle ones went, oldest first


def test_sniffio_is_a_dependency_so_httpcore_never_searches_for_it() -> None:
    # httpcore imports sniffio each time it sets up a lock or an event (several times a
    # request); without it every such import fails only after a search of sys.path.
    project = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    names = {
        re.split(r"[<>=\[ ;]", spec, maxsplit=1)[0] for spec in project["project"]["dependencies"]
    }
    assert "sniffio" in names
    assert importlib.util.find_spec("sniffio") is not None


def test_cookies_a_server_sets_are_sent_back_and_answers_without_are_not_parsed() -> None:
    from citecheck.net.http import _SetCookies

    def counter(request: Request) -> Reply:
        return Reply(200, request.headers.get("cookie", "none"))

    with running_server() as server:
        server.route("/set", Reply(302, headers={"Set-Cookie": "visit=7; Path=/"}))
        server.route("/echo", counter)

        async def run() -> list[bytes]:
            async with HttpClient(Settings()) as http:
                assert isinstance(http._verified.cookies, _SetCookies)
                before = await http.send("GET", server.url("/echo"), max_bytes=100)
                await http.send("GET", server.url("/set"), max_bytes=100)
                after = await http.send("GET", server.url("/echo"), max_bytes=100)
            return [before.body, after.body]

        assert asyncio.run(run()) == [b"none", b"visit=7"]


def test_the_short_send_path_answers_as_httpx_send_does() -> None:
    """`net/http.py` skips httpx's auth, redirect and timing layers for its own clients:
    same answers, same cookies, the same failure for an unusable Location, and a URL with
    a password still goes out with basic auth (httpx's own path)."""
    from citecheck.net.http import _HTTPX_PRIVATES, _send_one

    assert _HTTPX_PRIVATES, "httpx renamed the private methods the short path uses"

    def authorization(request: Request) -> Reply:
        return Reply(200, request.headers.get("authorization", "none"))

    async def httpx_send(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        return await client.send(request, stream=True)

    async def outcome(send: object, url: str) -> tuple[object, ...]:
        async with HttpClient(Settings()) as http:
            client = http._verified
            request = client.build_request("GET", url)
            try:
                response = await send(client, request)  # type: ignore[operator]
            except httpx.HTTPError as exc:
                return type(exc), str(exc)
            body = await response.aread()
            await response.aclose()
            follow = response.next_request
            cookies = dict(client.cookies)
        return response.status_code, body, follow and str(follow.url), cookies

    with running_server() as server:
        server.route("/page", Reply(200, "page", headers={"Set-Cookie": "visit=7; Path=/"}))
        server.route("/moved", Reply(301, headers={"Location": "/page?from=moved"}))
        server.route("/broken", Reply(302, headers={"Location": "https://[::1"}))
        server.route("/auth", authorization)
        secret = server.url("/auth").replace("://", "://ann:hunter2@")
        for url in (server.url("/page"), server.url("/moved"), server.url("/broken"), secret):
            ours = asyncio.run(outcome(_send_one, url))
            assert ours == asyncio.run(outcome(httpx_send, url)), url
        assert (
            asyncio.run(outcome(_send_one, server.url("/broken")))[0] is httpx.RemoteProtocolError
        )
        assert asyncio.run(outcome(_send_one, secret))[1] == b"Basic YW5uOmh1bnRlcjI="
