"""Remap, basic auth, cookies, --insecure and --max-cache-age, against real loopback servers."""

from __future__ import annotations

import base64
import gzip
import json
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from testsite import page, wrap_tls
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.net.access import Credentials
from localserver import LocalServer, Reply, Request, running_server
from test_cli_scan import scan_args

runner = CliRunner()
PASSWORD = "s3cret-Pa55"
TOKEN = base64.b64encode(f"editor:{PASSWORD}".encode()).decode()


def members_only(request: Request) -> Reply:
    if "session=abc" not in request.headers.get("cookie", ""):
        return Reply(403, "<p>members only</p>")
    return Reply(200, page("article.html"), headers={"Set-Cookie": "seen=1; Path=/; Max-Age=3600"})


def private(request: Request) -> Reply:
    if request.headers.get("authorization") != f"Basic {TOKEN}":
        return Reply(401, "<p>who are you?</p>", headers={"WWW-Authenticate": "Basic"})
    return Reply(200, page("article.html"))


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with running_server() as local:
        local.route("/article.html", Reply(200, page("article.html")))
        local.route("/private", private)
        local.route("/members", members_only)
        yield local


def scan_json(tmp_path: Path, doc: Path, *extra: str) -> tuple[int, dict, str]:
    args = scan_args(tmp_path, "--no-support", "-f", "json", "--fail-on", "never", *extra)
    result = runner.invoke(app, [*args, str(doc)])
    data = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, data, result.stderr


def citations(data: dict) -> list[dict]:
    return [c for d in data["documents"] for c in d["citations"]]


def cited(tmp_path: Path, *urls: str) -> Path:
    doc = tmp_path / "doc.md"
    doc.write_text("\n\n".join(f"Source: {url}" for url in urls) + "\n", encoding="utf-8")
    return doc


def test_remap_fetches_elsewhere_and_reports_the_cited_url(
    tmp_path: Path, server: LocalServer
) -> None:
    doc = cited(tmp_path, "https://gone.example/2019/article.html")
    rule = rf"^https://gone\.example/\d+/(.*)$ {server.url('/')}\1"
    code, data, stderr = scan_json(tmp_path, doc, "--remap", rule)
    assert code == 0, stderr
    (citation,) = citations(data)
    assert citation["url"] == "https://gone.example/2019/article.html"
    assert citation["status"] == "ok"
    bad = scan_json(tmp_path, doc, "--remap", r"^https://(x) \2")
    assert bad[0] == 2
    assert "refers to a group the regex does not have" in bad[2]


def test_basic_auth_per_host_and_never_archived(tmp_path: Path, server: LocalServer) -> None:
    doc = cited(tmp_path, server.url("/private"))
    code, data, _ = scan_json(tmp_path, doc)
    assert citations(data)[0]["status"] != "ok"
    code, data, stderr = scan_json(tmp_path, doc, "--basic-auth", f"127.0.0.1 editor:{PASSWORD}")
    assert code == 0, stderr
    assert citations(data)[0]["status"] == "ok"
    assert PASSWORD not in json.dumps(data)
    for warc in (tmp_path / "cache").rglob("*.warc.gz"):
        archived = gzip.decompress(warc.read_bytes())
        assert PASSWORD.encode() not in archived
        assert TOKEN.encode() not in archived
    assert b"Authorization: [redacted]" in b"".join(
        gzip.decompress(w.read_bytes()) for w in (tmp_path / "cache").rglob("*.warc.gz")
    )


def test_basic_auth_from_a_hosts_table_in_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: LocalServer
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text(
        f'[hosts."127.0.0.1".basic_auth]\nusername = "editor"\npassword = "{PASSWORD}"\n',
        encoding="utf-8",
    )
    code, data, stderr = scan_json(tmp_path, cited(tmp_path, server.url("/private")))
    assert code == 0, stderr
    assert citations(data)[0]["status"] == "ok"
    assert PASSWORD not in repr(Credentials("editor", PASSWORD))


def test_cookie_jar_is_sent_and_updated(tmp_path: Path, server: LocalServer) -> None:
    jar = tmp_path / "cookies.txt"
    jar.write_text(
        "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t4102444800\tsession\tabc\n",
        encoding="utf-8",
    )
    doc = cited(tmp_path, server.url("/members"))
    code, data, stderr = scan_json(tmp_path, doc, "--cookie-jar", str(jar))
    assert code == 0, stderr
    assert citations(data)[0]["status"] == "ok"
    saved = jar.read_text(encoding="utf-8")
    assert "\tsession\tabc" in saved
    assert "\tseen\t1" in saved, "cookies the server set are written back"
    without = scan_json(tmp_path, doc)[1]
    assert citations(without)[0]["status"] != "ok"


@pytest.fixture(scope="module")
def broken_tls() -> Iterator[LocalServer]:
    """An HTTPS server whose certificate no system CA signed (a self-signed CA)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(context)
    with running_server() as local:
        wrap_tls(local, context)
        local.route("/article.html", Reply(200, page("article.html")))
        yield local


def test_insecure_host_is_checked_but_reported_unverified(
    tmp_path: Path, broken_tls: LocalServer
) -> None:
    url = broken_tls.url("/article.html").replace("http://", "https://")
    doc = cited(tmp_path, url)
    refused = citations(scan_json(tmp_path, doc)[1])[0]
    assert refused["status"] == "error"
    code, data, stderr = scan_json(tmp_path, doc, "--insecure", "127.0.0.1")
    assert code == 0, stderr
    (citation,) = citations(data)
    assert citation["status"] == "ok"
    assert "certificate not verified" in citation["reason"]
    other = scan_json(tmp_path, doc, "--insecure", "elsewhere.example")[1]
    assert citations(other)[0]["status"] == "error", "only the named host is trusted"


def test_max_cache_age_reuses_a_recent_check_without_fetching(
    tmp_path: Path, server: LocalServer
) -> None:
    url = server.url("/article.html")
    doc = cited(tmp_path, url)
    before = server.hits["/article.html"]
    assert scan_json(tmp_path, doc)[0] == 0
    first = server.hits["/article.html"]
    assert first > before
    code, data, stderr = scan_json(tmp_path, doc, "--max-cache-age", "1h")
    assert code == 0, stderr
    assert citations(data)[0]["status"] == "ok"
    assert server.hits["/article.html"] == first, "reused, not fetched"
    scan_json(tmp_path, doc, "--max-cache-age", "0s")
    assert server.hits["/article.html"] > first, "an older check is fetched again"
    bad = scan_json(tmp_path, doc, "--max-cache-age", "soon")
    assert bad[0] == 2
    assert "--max-cache-age: expected a duration like 90s" in bad[2]
