"""A hostile world (issue #15): servers that misbehave on purpose, against real loopback sockets.

Each case states what citecheck does now: the status and reason the one bad URL
gets, the exit code of the run, and that every other URL is still reported.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import stat
import threading
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.decoding import decode_body
from localserver import LocalServer, Reply, Request, running_server

HOSTILE = Path(__file__).parent / "data" / "hostile"
BROKEN_PDFS = sorted(HOSTILE.glob("*.pdf"))
ARTICLE = (
    "<html><head><title>Harbour report</title></head><body><article>"
    + "<p>The harbour figures rose by a fifth in June, the port authority said.</p>" * 8
    + "</article></body></html>"
)
ARABIC_PATH = "/ar/تقرير-الميناء"

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with running_server() as started:
        started.route("/fine.html", Reply(body=ARTICLE))
        yield started


def scan_json(tmp_path: Path, urls: list[str], *extra: str) -> tuple[int, dict[str, str], str]:
    """Scan a document citing `urls`; return the exit code, {url: "status: reason"}, stderr."""
    doc = tmp_path / "doc.md"
    doc.write_text("".join(f"Claim number {i} ({url}).\n\n" for i, url in enumerate(urls)))
    args = [
        "scan", "--cache", str(tmp_path / "cache"), "--reports-dir", str(tmp_path / "reports"),
        "--host-delay", "0", "--retries", "1", "--timeout", "5", "--no-network-check",
        "--no-suggest", "--no-support", "--no-progress", "--format", "json", *extra, str(doc),
    ]  # fmt: skip
    result = runner.invoke(app, args)
    data = json.loads(result.stdout) if result.stdout.startswith("{") else {"documents": []}
    verdicts = {
        c["url"]: f"{c['status']}: {c['reason']}" for d in data["documents"] for c in d["citations"]
    }
    return result.exit_code, verdicts, result.stderr


# One bad page never ends the run ------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body=ARTICLE, content_type="text/html; charset=undefined"),
        Reply(body=ARTICLE, content_type="text/html; charset=punycode"),
        Reply(body='<meta charset="undefined">' + ARTICLE, content_type="text/html"),
        Reply(body='<meta charset="idna">' + ARTICLE, content_type="text/html"),
    ],
    ids=["header-undefined", "header-punycode", "meta-undefined", "meta-idna"],
)
def test_a_bogus_charset_is_read_as_utf8_and_the_run_goes_on(
    tmp_path: Path, server: LocalServer, reply: Reply
) -> None:
    server.route("/bogus/page.html", reply)
    urls = [server.url("/bogus/page.html"), server.url("/fine.html")]
    code, verdicts, stderr = scan_json(tmp_path, urls)
    assert code == 0, stderr
    assert verdicts[urls[0]].startswith("ok: ")
    assert verdicts[urls[1]].startswith("ok: ")


@pytest.mark.parametrize("charset", ["undefined", "punycode", "idna", "rot13", "hex", "nonsense"])
def test_the_one_decoder_never_raises_on_a_declared_codec(charset: str) -> None:
    body = "<p>تقرير الميناء</p>".encode()
    assert "تقرير الميناء" in decode_body(body, f"text/html; charset={charset}")
    assert "تقرير الميناء" in decode_body(f'<meta charset="{charset}">'.encode() + body)


def test_an_undeclared_windows_1256_page_reads_the_same_for_classify_and_pagetext() -> None:
    from citecheck.classify import visible_words
    from citecheck.config import Settings
    from citecheck.models import FetchResult
    from citecheck.pagetext import page_text

    text = "أعلنت هيئة الميناء أن حركة الشحن ارتفعت بمقدار الخمس في شهر يونيو الماضي. " * 6
    body = f"<html><body><article><p>{text}</p></article></body></html>".encode("cp1256")
    result = FetchResult(
        "http://x.test/a", "http://x.test/a", 200, content_type="text/html", body=body
    )
    page = page_text(result, Settings())
    assert page is not None
    assert "الميناء" in page.text
    assert "الميناء" in visible_words(result)


@pytest.mark.parametrize("pdf", BROKEN_PDFS, ids=[p.stem for p in BROKEN_PDFS])
def test_a_malformed_pdf_page_is_that_urls_error_and_the_run_goes_on(
    tmp_path: Path, server: LocalServer, pdf: Path
) -> None:
    server.route("/report.pdf", Reply(body=pdf.read_bytes(), content_type="application/pdf"))
    urls = [server.url("/report.pdf"), server.url("/fine.html")]
    code, verdicts, stderr = scan_json(tmp_path, urls, "--support")  # so the page is read
    assert code == 0, stderr
    assert verdicts[urls[0]].startswith("error: the page is an unreadable PDF (")
    assert verdicts[urls[1]].startswith("ok: ")


def test_a_raw_utf8_location_is_followed_percent_encoded_and_archived(
    tmp_path: Path, server: LocalServer
) -> None:
    raw = ARABIC_PATH.encode("utf-8").decode("latin-1")  # the server sends the UTF-8 bytes as is
    server.route("/old-link", Reply(301, headers={"Location": raw}))
    server.route(quote(ARABIC_PATH), Reply(body=ARTICLE))
    urls = [server.url("/old-link"), server.url("/fine.html")]
    code, verdicts, stderr = scan_json(tmp_path, urls)
    assert code == 0, stderr
    assert verdicts[urls[0]].startswith("redirected: moved to http://127.0.0.1:")
    assert "/ar/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1-" in verdicts[urls[0]]
    assert server.hits[quote(ARABIC_PATH)] == 1
    assert verdicts[urls[1]].startswith("ok: ")


def test_raw_utf8_in_any_response_header_is_archived(tmp_path: Path, server: LocalServer) -> None:
    raw = "تقرير الميناء".encode().decode("latin-1")
    server.route("/odd-header.html", Reply(body=ARTICLE, headers={"X-Title": raw, "Link": raw}))
    urls = [server.url("/odd-header.html"), server.url("/fine.html")]
    code, verdicts, stderr = scan_json(tmp_path, urls)
    assert code == 0, stderr
    assert verdicts[urls[0]].startswith("ok: ")


# Never clobber what is not a regular file --------------------------------------------------


def _report_to(tmp_path: Path, server: LocalServer, output: Path | str) -> int:
    doc = tmp_path / "doc.md"
    doc.write_text(f"Harbour figures ({server.url('/fine.html')}).\n")
    args = [
        "scan", "--cache", str(tmp_path / "cache"), "--reports-dir", str(tmp_path / "reports"),
        "--host-delay", "0", "--no-network-check", "--no-suggest", "--no-support", "--no-progress",
        "--format", "json", "--output", str(output), str(doc),
    ]  # fmt: skip
    return runner.invoke(app, args).exit_code


def _null_device(tmp_path: Path) -> Path | None:
    """A private copy of /dev/null (same major/minor), where this user may make one."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        return None
    return node


def test_a_report_to_a_character_device_writes_into_it(tmp_path: Path, server: LocalServer) -> None:
    private = _null_device(tmp_path)
    if private is not None:  # first on a private node, so a regression never hits /dev/null
        assert _report_to(tmp_path, server, private) == 0
        assert stat.S_ISCHR(private.stat().st_mode)
    assert _report_to(tmp_path, server, "/dev/null") == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_report_to_a_fifo_is_written_into_the_pipe(tmp_path: Path, server: LocalServer) -> None:
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert _report_to(tmp_path, server, fifo) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["schema"] == "citecheck/1"


def test_a_report_to_a_unix_socket_is_sent_to_the_listener(
    tmp_path: Path, server: LocalServer
) -> None:
    path = tmp_path / "r.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    listener.settimeout(30)
    received: list[bytes] = []

    def accept() -> None:
        connection, _ = listener.accept()
        with connection:
            received.append(b"".join(iter(lambda: connection.recv(65536), b"")))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    assert _report_to(tmp_path, server, path) == 0
    thread.join(timeout=30)
    listener.close()
    assert stat.S_ISSOCK(path.stat().st_mode)
    assert json.loads(received[0])["schema"] == "citecheck/1"


def test_a_report_to_a_symlink_replaces_its_target_and_keeps_the_link(
    tmp_path: Path, server: LocalServer
) -> None:
    target = tmp_path / "reports-kept" / "report.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert _report_to(tmp_path, server, link) == 0
    assert link.is_symlink()
    assert link.resolve() == target.resolve()
    assert json.loads(target.read_text())["schema"] == "citecheck/1"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]  # no temp left


# Secrets are never written down ------------------------------------------------------------

SECRETS = (
    "s3cr3t-bearer", "c00kie-value", "k3y-value", "pr0xy-value", "newsroom-pass", "5e55ion-value",
    "hunter2",
)  # fmt: skip


def _every_output(tmp_path: Path) -> dict[str, bytes]:
    """Every file citecheck wrote under tmp_path (WARC members decompressed), by name."""
    outputs = {}
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "doc.md":
            data = path.read_bytes()
            if path.name.endswith(".warc.gz"):
                data = gzip.decompress(data)
            outputs[str(path.relative_to(tmp_path))] = data
    return outputs


def test_secret_headers_and_url_passwords_are_redacted_everywhere(
    tmp_path: Path, server: LocalServer
) -> None:
    seen: dict[str, dict[str, str]] = {}

    def private(request: Request) -> Reply:
        seen[request.path] = request.headers
        return Reply(body=ARTICLE)

    server.route_prefix("/private", private)
    url = server.url("/private/basic.html").replace("://", "://editor:hunter2@")
    doc = tmp_path / "doc.md"
    doc.write_text(
        f"The harbour figures rose by a fifth ({url}).\n\n"
        f"Shipping rose too ({server.url('/private/bearer.html')}).\n"
    )
    config = tmp_path / "citecheck.toml"
    config.write_text('secret_headers = ["X-Newsroom"]\n')  # a secret only the newsroom knows
    headers = [
        "Authorization: Bearer s3cr3t-bearer", "Cookie: sid=c00kie-value",
        "X-Api-Key: k3y-value", "Proxy-Authorization: Basic pr0xy-value",
        "X-Newsroom: newsroom-pass", "X-Session-Id: 5e55ion-value", "Accept-Language: ar",
    ]  # fmt: skip
    args = [
        "scan", "--cache", str(tmp_path / "cache"), "--reports-dir", str(tmp_path / "reports"),
        "--host-delay", "0", "--no-network-check", "--no-suggest", "-v", "--config", str(config),
        "--format", "all", "--output", str(tmp_path / "out" / "run"),
        *(item for header in headers for item in ("-H", header)), str(doc),
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert seen["/private/bearer.html"]["authorization"] == "Bearer s3cr3t-bearer"  # still sent
    assert seen["/private/bearer.html"]["x-newsroom"] == "newsroom-pass"
    assert seen["/private/basic.html"]["authorization"].startswith("Basic ")
    outputs = _every_output(tmp_path)
    assert {"out/run.json", "out/run.html", "out/run.sarif", "out/run.md"} <= set(outputs)
    assert any(name.endswith(".warc.gz") for name in outputs)
    for name, data in {**outputs, "stderr": result.stderr.encode()}.items():
        for secret in SECRETS:
            assert secret.encode() not in data, f"{secret} written to {name}"
    report = json.loads(outputs["out/run.json"])
    cited = [c["url"] for c in report["documents"][0]["citations"]]
    assert cited[0].startswith("http://editor:redacted@")
    _assert_warc_request_redacted(tmp_path)


def _assert_warc_request_redacted(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    (warc,) = (tmp_path / "cache").rglob("*.warc.gz")
    with warc.open("rb") as handle:
        requests = [r for r in ArchiveIterator(handle) if r.rec_type == "request"]
    assert len(requests) == 2
    for request in requests:
        assert request.http_headers.get_header("Authorization") == "[redacted]"
    (bearer,) = (r for r in requests if "bearer" in r.rec_headers.get_header("WARC-Target-URI"))
    (basic,) = (r for r in requests if "basic" in r.rec_headers.get_header("WARC-Target-URI"))
    headers = dict(bearer.http_headers.headers)
    assert headers["Authorization"] == "[redacted]"
    assert headers["Cookie"] == "[redacted]"
    assert headers["X-Api-Key"] == "[redacted]"
    assert headers["X-Newsroom"] == "[redacted]"
    assert headers["X-Session-Id"] == "[redacted]"
    assert headers["Accept-Language"] == "ar"
    target = basic.rec_headers.get_header("WARC-Target-URI")
    assert target.startswith("http://editor:redacted@127.0.0.1:")


# Archive look-ups are capped like the fetcher ---------------------------------------------


class EndlessServer:
    """A loopback 'archive' whose answer never ends (chunked), up to a hard stop for safety."""

    HARD_STOP = 256 * 2**20

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(30)
        self.sent = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/cdx/search/cdx"

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            chunk = b"org,example)/ 20200101000000 http://example.org/ text/html 200 X 1\n" * 900
            frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            with suppress(OSError):
                while self.sent < self.HARD_STOP:
                    connection.sendall(frame)
                    self.sent += len(chunk)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_an_endless_archive_answer_ends_with_too_large_and_bounded_memory() -> None:
    from citecheck.config import RetryPolicy, Settings
    from citecheck.net.http import HttpClient
    from citecheck.recover.http import ArchiveClient, ArchiveUnavailable

    server = EndlessServer()
    limit = 2 * 2**20
    tracemalloc.start()
    try:
        async with HttpClient(Settings()) as http:
            client = ArchiveClient(
                http, cache=lambda: None, policy=RetryPolicy(attempts=1), max_bytes=limit
            )
            with pytest.raises(ArchiveUnavailable, match=r"too large \(127\.0\.0\.1\): over 2 MiB"):
                await client.get(server.url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        server.listener.close()
    assert peak < 4 * limit
    assert server.sent < EndlessServer.HARD_STOP


# Soft-404 by content ------------------------------------------------------------------------

NOT_FOUND_PAGES = {
    "ar": ("<title>الصفحة غير موجودة - الجزيرة</title>", "<h1>عذراً</h1>"),
    "ar-h1": ("<title>الوسط</title>", "<h1>لم يتم العثور على الصفحة المطلوبة</h1>"),
    "en": ("<title>Page not found | The Daily</title>", "<h1>Sorry</h1>"),
    "fr": ("<title>Le Monde</title>", "<h1>Page introuvable</h1>"),
    "es": ("<title>Página no encontrada - El País</title>", ""),
    "de": ("<title>Seite nicht gefunden</title>", ""),
    "ru": ("<title>Страница не найдена</title>", ""),
    "tr": ("<title>Sayfa Bulunamadı | Haber</title>", ""),
    "fa": ("<title>صفحه یافت نشد</title>", ""),
    "ur": ("<title>صفحہ نہیں ملا</title>", ""),
}
MENU = "<nav>" + " ".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(30)) + "</nav>"


@pytest.mark.parametrize("language", sorted(NOT_FOUND_PAGES))
def test_a_page_that_says_not_found_is_soft404_though_the_probe_gets_a_real_404(
    tmp_path: Path, server: LocalServer, language: str
) -> None:
    title, heading = NOT_FOUND_PAGES[language]
    page = f"<html><head>{title}</head><body>{MENU}{heading}<p>Try the search.</p></body></html>"
    server.route("/news/2019/story.html", Reply(body=page))
    urls = [server.url("/news/2019/story.html"), server.url("/fine.html")]
    code, verdicts, stderr = scan_json(tmp_path, urls)
    assert code == 0, stderr
    assert verdicts[urls[0]].startswith("soft404: the page says it is not found (")
    assert server.hits["/news/2019/story.html"] == 1
    assert verdicts[urls[1]].startswith("ok: ")


def test_the_content_rule_wins_over_a_probe_that_got_a_real_404() -> None:
    from citecheck.classify import classify
    from citecheck.config import Settings
    from citecheck.models import FetchResult

    page = f"<html><head><title>Not Found</title></head><body>{MENU}</body></html>".encode()
    url = "http://news.test/news/2019/story.html"
    cited = FetchResult(url, url, 200, content_type="text/html", body=page)
    sibling = "http://news.test/news/2019/citecheck-0123456789.html"
    probe = FetchResult(sibling, sibling, 404, content_type="text/html", body=b"<h1>404</h1>")
    verdict = classify(cited, probe, settings=Settings())
    assert verdict.status == "soft404"
    assert re.fullmatch(
        r"the page says it is not found \('Not Found'\) and has little text \(\d+ words\)",
        verdict.reason,
    )


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Harbour report", "<p>The missing container was not found, officials said.</p>"),
        ("Missing plane not found after three days", "<p>Search teams went on.</p>" * 120),
        ("لم يتم العثور على الطائرة المفقودة", "<p>واصلت فرق البحث عملها في البحر.</p>" * 120),
    ],
    ids=["mention-in-body", "headline-long-story-en", "headline-long-story-ar"],
)
def test_a_story_about_something_not_found_is_not_soft404(
    tmp_path: Path, server: LocalServer, title: str, body: str
) -> None:
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    server.route("/news/2019/story.html", Reply(body=page))
    code, verdicts, stderr = scan_json(tmp_path, [server.url("/news/2019/story.html")])
    assert code == 0, stderr
    assert verdicts[server.url("/news/2019/story.html")].startswith("ok: ")


# --block-private: no DNS rebinding gap ------------------------------------------------------


PUBLIC = "93.184.216.34"
"""A global address: the check passes it; the tests' loopback guard refuses to connect to it."""


def _rebinding_resolver(answers: list[list[str]]) -> Callable[[str, int], Awaitable[list[str]]]:
    """A hostile resolver: each call gives the next answer (the last one repeats)."""
    calls: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[min(len(calls), len(answers)) - 1]

    return resolve


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("answers", "error"),
    [
        # public to the check, loopback to the connection: refused, never connected
        ([[PUBLIC], ["127.0.0.1"]], "private_address"),
        # public every time: the connection goes to the checked address (the loopback guard
        # refuses it), never to the loopback server the system resolver gives for localhost
        ([[PUBLIC]], "connect"),
    ],
    ids=["rebinding", "pinned"],
)
async def test_block_private_connects_only_to_the_address_it_checked(
    server: LocalServer, answers: list[list[str]], error: str
) -> None:
    from citecheck.config import RetryPolicy, Settings
    from citecheck.net.fetch import Fetcher

    settings = Settings(
        block_private=True, host_delay_s=0, retry=RetryPolicy(attempts=1), check_network=False
    )
    url = f"http://localhost:{server.port}/fine.html"
    async with Fetcher(settings, resolver=_rebinding_resolver(answers)) as fetcher:
        result = await fetcher.fetch(url)
    assert result.error == error
    assert server.hits["/fine.html"] == 0


# What is never fetched ----------------------------------------------------------------------


def test_only_http_and_https_are_ever_fetched(tmp_path: Path, server: LocalServer) -> None:
    server.route("/to-file", Reply(302, headers={"Location": "file:///etc/passwd"}))
    server.route("/to-data", Reply(302, headers={"Location": "data:text/html,<h1>hi</h1>"}))
    server.route("/to-js", Reply(302, headers={"Location": "javascript:alert(1)"}))
    server.route("/to-ftp", Reply(302, headers={"Location": "ftp://127.0.0.1/x"}))
    redirects = [server.url(path) for path in ("/to-file", "/to-data", "/to-js", "/to-ftp")]
    doc = tmp_path / "doc.md"
    doc.write_text(
        "See [the file](file:///etc/passwd), [data](data:text/html,hi), "
        "[js](javascript:alert(1)) and [ftp](ftp://127.0.0.1/x).\n\n"
        + "".join(f"Moved ({url}).\n\n" for url in redirects)
    )
    args = [
        "scan", "--cache", str(tmp_path / "cache"), "--reports-dir", str(tmp_path / "reports"),
        "--host-delay", "0", "--no-network-check", "--no-suggest", "--no-support", "--no-progress",
        "--format", "json", str(doc),
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    citations = json.loads(result.stdout)["documents"][0]["citations"]
    verdicts = {c["url"]: (c["status"], c["reason"]) for c in citations}
    # file: and ftp: Locations are refused by scheme; data: and javascript: ones are not even
    # valid redirect URLs to httpx. Either way the link is not judged dead, nor ok.
    assert verdicts[redirects[0]] == ("skipped", "not a web URL: file:///etc/passwd")
    assert verdicts[redirects[3]] == ("skipped", "not a web URL: ftp://127.0.0.1/x")
    for url in redirects[1:3]:
        assert verdicts[url][0] == "error", verdicts[url]
    for other in set(verdicts) - set(redirects):  # whichever of the four the extractor keeps
        assert verdicts[other][0] == "skipped"
    assert set(server.hits) == {"/to-file", "/to-data", "/to-js", "/to-ftp"}


def test_a_url_password_is_never_sent_to_the_web_archive(
    tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_services import ArchiveServices

    services = ArchiveServices(server)
    services.add(server.url("/gone.html"), "20190501000000", body="<p>the page as it was</p>")
    monkeypatch.setenv("CITECHECK_WAYBACK_AVAILABLE_URL", services.available_url)
    monkeypatch.setenv("CITECHECK_WAYBACK_CDX_URL", services.cdx_url)
    cited = server.url("/gone.html").replace("://", "://editor:hunter2@")
    code, verdicts, stderr = scan_json(tmp_path, [cited], "--suggest")
    assert code == 1, stderr  # dead fails the run by default
    assert verdicts[cited.replace("hunter2", "redacted")].startswith("dead: ")
    archive_requests = [r for r in server.requests if r.path.startswith(("/wayback", "/cdx"))]
    assert archive_requests, "the archive was not asked"
    for request in archive_requests:
        assert "hunter2" not in json.dumps(request.query)
        assert "editor" not in json.dumps(request.query)
