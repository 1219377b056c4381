"""The scripted site: one real HTTP server on 127.0.0.1 that misbehaves on request.

`SiteServer` registers on a `LocalServer` every behaviour citecheck must judge:
status codes, redirect chains and loops, slow and trickling answers, flaky and
rate-limited routes, gzip (and a gzip bomb), cut-short bodies, resets, soft-404
CMSs in English and Arabic, redirects home, bot challenges and a windows-1256
page. Pages live in `tests/data/site/`. The session-scoped `site_server`
fixture (registered in conftest.py) starts it once; tests use unique keys on
the stateful routes (`/flaky/<key>`, `/spaced/<key>`) so they never share state.

This file is loaded by path from conftest.py as `testsite`: the name `site`
belongs to the standard library.
"""

from __future__ import annotations

import gzip
import os
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from localserver import LocalServer, Reply, Request, Route, running_server

PAGES = Path(__file__).parent / "data" / "site"
BOMB_SIZE = 20 * 1024 * 1024
"""Decompressed size of /gzipbomb; it compresses to about 20 KiB."""
BIG_SIZE = 2 * 1024 * 1024


def page(name: str) -> bytes:
    """Return the bytes of a page in tests/data/site/."""
    return (PAGES / name).read_bytes()


class SiteServer:
    """A `LocalServer` with the scripted routes, plus per-key state for stateful ones."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.failures: defaultdict[str, int] = defaultdict(int)
        self.arrivals: defaultdict[str, list[float]] = defaultdict(list)
        self.in_flight: defaultdict[str, int] = defaultdict(int)
        self.peak: defaultdict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._bomb = gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9)
        _register(self)

    @property
    def hits(self) -> dict[str, int]:
        """Requests per path."""
        return dict(self.server.hits)

    def url(self, path: str) -> str:
        """Return the absolute URL of a path."""
        return self.server.url(path)

    def flaky(self, request: Request) -> Reply:
        """Fail `fail` times per key (with `code`, default 503), then serve the article."""
        key = request.path
        with self._lock:
            self.failures[key] += 1
            count = self.failures[key]
        if count <= int(request.arg("fail", "2")):
            code = int(request.arg("code", "503"))
            if code == 0:
                return Reply(reset=True)
            after = request.arg("after")
            return Reply(code, "<p>try again</p>", headers={"Retry-After": after} if after else {})
        return Reply(200, page("article.html"))

    def spaced(self, request: Request) -> Reply:
        """Record arrival time and concurrency per key (the first path segment after /spaced/)."""
        key = request.path.split("/")[2]
        with self._lock:
            self.arrivals[key].append(time.monotonic())
            self.in_flight[key] += 1
            self.peak[key] = max(self.peak[key], self.in_flight[key])
        time.sleep(float(request.arg("ms", "0")) / 1000)
        with self._lock:
            self.in_flight[key] -= 1
        return Reply(200, page("article.html"))

    def bomb(self, _request: Request) -> Reply:
        return Reply(200, self._bomb, headers={"Content-Encoding": "gzip"})


def _register(site: SiteServer) -> None:
    server = site.server
    _register_pages(server)
    _register_statuses(server)
    _register_redirects(server)
    _register_soft404(server)
    _register_transport(site)


def _register_pages(server: LocalServer) -> None:
    for name in ("article.html", "other.html", "article-ar.html", "home.html", "challenge.html"):
        server.route("/" + name, Reply(200, page(name)))
    server.route("/", Reply(200, page("home.html")))
    server.route("/section/", Reply(200, page("other.html")))
    server.route(
        "/windows-1256.html",
        Reply(200, page("windows-1256.html"), content_type="text/html; charset=windows-1256"),
    )
    server.route("/binary", Reply(200, os.urandom(4096), content_type="application/octet-stream"))
    server.route("/etag", _etag)


def _register_statuses(server: LocalServer) -> None:
    server.route_prefix("/status/", _status)
    server.route("/ratelimited", lambda r: Reply(429, "<p>slow down</p>", headers=_after(r)))
    server.route(
        "/challenge",
        Reply(
            403,
            page("challenge.html"),
            headers={"cf-mitigated": "challenge", "Server": "cloudflare"},
        ),
    )
    server.route("/challenge-200", Reply(200, page("challenge.html")))


def _status(request: Request) -> Reply:
    code = request.path.split("/")[2]
    return Reply(int(code), "<p>status</p>") if code.isdigit() else Reply(404, "<p>no</p>")


def _after(request: Request) -> dict[str, str]:
    return {"Retry-After": request.arg("after", "0")}


def _etag(request: Request) -> Reply:
    if request.headers.get("if-none-match") == '"v1"':
        return Reply(304, b"", headers={"ETag": '"v1"'})
    return Reply(200, page("article.html"), headers={"ETag": '"v1"'})


def _register_redirects(server: LocalServer) -> None:
    server.route_prefix("/redirect/", _redirect_chain)
    server.route("/loop", Reply(302, b"", headers={"Location": "/loop2"}))
    server.route("/loop2", Reply(302, b"", headers={"Location": server.url("/loop")}))
    server.route("/section", Reply(301, b"", headers={"Location": "/section/"}))
    # Exact paths: any sibling under these folders is a real 404, so the probe stays quiet.
    server.route("/moved/2019/story", Reply(301, b"", headers={"Location": "/other.html"}))
    server.route("/gone-home/2019/story", Reply(301, b"", headers={"Location": "/"}))
    server.route("/news/2019/story", Reply(302, b"", headers={"Location": "/news/"}))
    server.route("/news/", Reply(200, page("other.html")))
    server.route("/to-404/2019/story", Reply(302, b"", headers={"Location": "/errors/404.html"}))
    server.route("/errors/404.html", Reply(200, page("notfound-en.html")))
    server.route("/no-location", Reply(302, b""))


def _redirect_chain(request: Request) -> Reply:
    """`/redirect/<n>?code=301`: n hops (relative and absolute), ending on the article."""
    left = int(request.path.split("/")[2])
    code = int(request.arg("code", "302"))
    if left <= 1:
        return Reply(code, b"", headers={"Location": "/article.html"})
    target = (
        f"../redirect/{left - 1}?code={code}" if left % 2 else f"/redirect/{left - 1}?code={code}"
    )
    return Reply(code, b"", headers={"Location": target})


def _register_soft404(server: LocalServer) -> None:
    """Two CMSs that answer 200 with an error page for any unknown path (English, Arabic)."""
    for prefix, story, error_page in (
        ("/cms-en/", "article.html", "notfound-en.html"),
        ("/cms-ar/", "article-ar.html", "notfound-ar.html"),
    ):
        server.route(prefix + "2019/grain-figures", Reply(200, page(story)))
        server.route_prefix(prefix, _echoing(error_page))


def _echoing(name: str) -> Route:
    template = page(name).decode("utf-8")

    def answer(request: Request) -> Reply:
        return Reply(200, template.replace("REQUESTED_PATH", request.path))

    return answer


def _register_transport(site: SiteServer) -> None:
    server = site.server
    server.route(
        "/slow", lambda r: Reply(200, page("article.html"), delay_s=int(r.arg("ms", "200")) / 1000)
    )
    server.route(
        "/trickle", Reply(200, b"x" * 64 * 1024, chunk_delay_s=0.1, content_type="text/plain")
    )
    server.route_prefix("/flaky/", site.flaky)
    server.route_prefix("/spaced/", site.spaced)
    server.route_prefix("/gzip/", _gzipped)
    server.route("/gzipbomb", site.bomb)
    server.route("/truncated", Reply(200, b"<p>only part</p>", declared_length=5000))
    server.route("/reset", Reply(reset=True))
    server.route("/big", Reply(200, b"<p>" + b"a" * BIG_SIZE + b"</p>"))


def _gzipped(request: Request) -> Reply:
    body = page(request.path.split("/", 2)[2])
    return Reply(200, gzip.compress(body), headers={"Content-Encoding": "gzip"})


def self_signed_tls(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context for 127.0.0.1 signed by a new test CA, and that CA's bundle file."""
    import trustme

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    bundle = folder / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    return context, bundle


def wrap_tls(server: LocalServer, context: ssl.SSLContext) -> None:
    """Serve HTTPS: wrap the listening socket before the server starts."""
    httpd = server._httpd
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    server.scheme = "https"


@pytest.fixture(scope="session")
def site_server() -> Iterator[SiteServer]:
    """The scripted site, started once per test session."""
    with running_server() as server:
        yield SiteServer(server)
