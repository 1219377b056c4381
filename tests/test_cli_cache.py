"""`citecheck cache stats|prune|export` against real cache folders."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from citecheck.cli import app
from citecheck.models import FetchError, FetchResult, Status, Verdict
from citecheck.store.archive import Archive
from citecheck.store.cacheops import prune

NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=200)


def check(archive: Archive, url: str, when: datetime, status: str = "ok", body: bytes = b"page"):
    code = {"ok": 200, "dead": 404}.get(status)
    error = None if code else FetchError.TIMEOUT
    result = FetchResult(url, url, code, checked_at=when, error=error, body=body)
    return archive.store(result, verdict=Verdict(Status(status), status))


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """Two old runs and a recent one, each in its own WARC file."""
    folder = tmp_path / "cache"
    with Archive.open(folder, sync=False) as first:
        check(first, "https://a.test/", OLD, body=b"a-old")
        check(first, "https://b.test/", OLD, "dead")
    with Archive.open(folder, sync=False) as second:
        check(second, "https://a.test/", OLD + timedelta(days=1), body=b"a-old-2")
        check(second, "https://c.test/", OLD + timedelta(days=1), body=b"c-only")
    with Archive.open(folder, sync=False) as third:
        check(third, "https://a.test/", NOW, body=b"a-new")
        check(third, "https://b.test/", NOW, "timeout")
    return folder


def invoke(*args: str):
    return CliRunner().invoke(app, ["cache", *args])


def test_stats_as_json(cache: Path) -> None:
    result = invoke("stats", "--cache", str(cache), "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert (stats["urls"], stats["checks"], stats["warc_files"]) == (3, 6, 3)
    assert stats["by_status"] == {"dead": 1, "ok": 4, "timeout": 1}
    assert stats["warc_bytes"] == sum(p.stat().st_size for p in (cache / "warc").iterdir())
    assert stats["oldest"].startswith(OLD.strftime("%Y-%m-%dT"))


def test_stats_as_text(cache: Path) -> None:
    result = invoke("stats", "--cache", str(cache))
    assert result.exit_code == 0
    assert "urls: 3" in result.stdout
    assert "  timeout: 1" in result.stdout


def test_the_cache_folder_comes_from_the_config_file_and_environment(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text(f"cache = {json.dumps(str(cache))}\n", encoding="utf-8")
    for command in (["stats", "--json"], ["export"], ["prune", "--older-than", "1000"]):
        result = invoke(*command, "--config", str(config))
        assert result.exit_code == 0, (command, result.stderr)
    assert json.loads(invoke("stats", "--json", "--config", str(config)).stdout)["urls"] == 3
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("CITECHECK_CACHE", str(empty))  # the environment beats the file
    result = invoke("stats", "--json", "--config", str(config))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["urls"] == 0
    flag = invoke("stats", "--json", "--config", str(config), "--cache", str(cache))
    assert json.loads(flag.stdout)["urls"] == 3  # and the flag beats both


def test_missing_cache_is_a_clean_error(tmp_path: Path) -> None:
    result = invoke("stats", "--cache", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no cache folder" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_export_jsonl_to_stdout(cache: Path) -> None:
    result = invoke("export", "--cache", str(cache))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 6
    assert [row["url"] for row in rows[:2]] == ["https://a.test/", "https://b.test/"]
    assert rows[-1]["status"] == "timeout"
    assert rows[-1]["warc"] is None
    assert "exported 6 records" in result.stderr


def test_export_warc_holds_the_latest_capture_per_url(cache: Path, tmp_path: Path) -> None:
    target = tmp_path / "latest.warc.gz"
    result = invoke("export", "--cache", str(cache), "-f", "warc", "-o", str(target))
    assert result.exit_code == 0, result.output
    with target.open("rb") as handle:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(handle, check_digests="raise")
        ]
    responses = [(uri, body) for kind, uri, body in records if kind == "response"]
    # b.test's latest check is a timeout with no capture: its 404 is the latest capture
    assert responses == [
        ("https://a.test/", b"a-new"),
        ("https://b.test/", b"page"),
        ("https://c.test/", b"c-only"),
    ]
    assert [kind for kind, _, _ in records].count("request") == 3


def test_export_warc_needs_an_output_file(cache: Path) -> None:
    result = invoke("export", "--cache", str(cache), "--format", "warc")
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_prune_drops_old_checks_and_reclaims_warc_space(cache: Path) -> None:
    before = {p.name: p.stat().st_size for p in (cache / "warc").iterdir()}
    result = invoke("prune", "--cache", str(cache), "--older-than", "30")
    assert result.exit_code == 0, result.output
    assert "removed 2 checks; deleted 0 and rewrote 2 WARC files" in result.stderr

    with Archive.open(cache) as archive:
        kept = {(c["url"], c["checked_at"][:10]) for c in archive.checks()}
        assert kept == {
            ("https://a.test/", NOW.strftime("%Y-%m-%d")),
            ("https://b.test/", OLD.strftime("%Y-%m-%d")),  # latest capture-holding row stays
            ("https://b.test/", NOW.strftime("%Y-%m-%d")),
            ("https://c.test/", (OLD + timedelta(days=1)).strftime("%Y-%m-%d")),
        }
        for row in archive.checks():
            if row["warc"]:
                body = archive.latest_body(row["url"])
                assert body is None or body[1] in (b"a-new", b"c-only")
        files = {p.name: p.stat().st_size for p in archive.warc_dir.iterdir()}
    assert len(files) == 3
    assert sum(files.values()) < sum(before.values())


def test_prune_keeps_each_urls_latest_check_however_old(tmp_path: Path) -> None:
    with Archive.open(tmp_path, sync=False) as archive:
        check(archive, "https://a.test/", OLD)
    with Archive.open(tmp_path, sync=False) as archive:
        outcome = prune(archive, older_than=timedelta(days=1), now=NOW)
        assert outcome.checks_removed == 0
        assert (outcome.files_deleted, outcome.files_rewritten) == (0, 0)
        assert archive.latest_body("https://a.test/")[1] == b"page"


def test_prune_never_touches_a_file_a_run_is_writing(tmp_path: Path) -> None:
    with Archive.open(tmp_path, sync=False) as writer:
        old = check(writer, "https://a.test/", OLD)
        check(writer, "https://b.test/", NOW)
        writer.commit_pending()  # what another process sees of a live run
        with Archive.open(tmp_path, sync=False) as later:
            check(later, "https://a.test/", NOW, body=b"new")
        with Archive.open(tmp_path, sync=False) as pruner:
            outcome = prune(pruner, older_than=timedelta(days=30), now=NOW)
        assert outcome.checks_removed == 1
        assert outcome.files_rewritten == 0
        live = Path(old.archive.warc)
    with Archive.open(tmp_path, sync=False) as pruner:
        outcome = prune(pruner, older_than=timedelta(days=30), now=NOW)
        assert outcome.files_rewritten == 1
        assert not live.exists()
        assert pruner.latest_body("https://b.test/")[1] == b"page"
        assert pruner.latest_body("https://a.test/")[1] == b"new"


def test_prune_deletes_files_no_check_refers_to(tmp_path: Path) -> None:
    Archive.open(tmp_path).close()
    orphan = tmp_path / "warc" / "citecheck-orphan.warc.gz"
    orphan.write_bytes(b"left by a prune that crashed")
    with Archive.open(tmp_path) as archive:
        outcome = prune(archive, older_than=timedelta(days=1), now=NOW)
    assert (outcome.files_deleted, outcome.bytes_freed) == (1, 28)
    assert not orphan.exists()


def test_revisit_keeps_the_capture_it_refers_to(tmp_path: Path) -> None:
    url = "https://a.test/"
    with Archive.open(tmp_path, sync=False) as archive:
        check(archive, url, OLD, body=b"original")
    with Archive.open(tmp_path, sync=False) as archive:
        result = FetchResult(url, url, 304, checked_at=NOW, not_modified=True)
        revisit = archive.store(result, verdict=Verdict(Status.OK, "not modified"))
    with Archive.open(tmp_path, sync=False) as archive:
        assert prune(archive, older_than=timedelta(days=1), now=NOW).checks_removed == 0
        assert archive.read_record(revisit.archive) == b"original"


def test_export_jsonl_to_a_file(cache: Path, tmp_path: Path) -> None:
    target = tmp_path / "checks.jsonl"
    result = invoke("export", "--cache", str(cache), "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 6
    assert not target.with_name("checks.jsonl.part").exists()


def test_export_to_an_unwritable_place_leaves_nothing(cache: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder.warc.gz"
    result = invoke("export", "--cache", str(cache), "-f", "warc", "-o", str(target))
    assert result.exit_code == 2
    assert "cannot export the cache" in result.stderr
    assert not (tmp_path / "no").exists()


def test_show_writes_the_latest_capture_to_the_named_file(cache: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.html"
    result = invoke("show", "https://a.test/", "--cache", str(cache), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    saved = target.read_bytes()
    assert saved.endswith(b"a-new")  # the latest capture, not an older one
    assert b"Content-Security-Policy" in saved  # the copy loads nothing live
    assert f"archived {NOW:%Y-%m-%d}" in result.stderr


def test_show_without_output_writes_a_fresh_file(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"  # the fresh folder goes under TMPDIR: the suite leaves none in /tmp
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    result = invoke("show", "https://c.test/", "--cache", str(cache))
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.name == "page.html"
    assert written.parent.name.startswith("citecheck-archived-")
    assert written.parent.parent == temp
    assert written.read_bytes().endswith(b"c-only")


def test_show_says_when_there_is_no_copy(cache: Path) -> None:
    result = invoke("show", "https://b.test/", "--cache", str(cache))  # only failed checks
    assert result.exit_code == 2
    assert "no archived copy of https://b.test/" in result.stderr
    assert "Traceback" not in result.output


def test_served_copy_runs_nothing_and_serves_only_the_page(cache: Path) -> None:
    import threading

    import httpx

    from citecheck.store.cacheops import archived_copy, serve_archived_copy

    with Archive.open(cache, sync=False) as archive:
        copy = archived_copy(archive, "https://a.test/")
    assert copy is not None
    server = serve_archived_copy(copy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = httpx.get(f"{base}/", timeout=5)
        assert page.status_code == 200
        assert page.content == b"a-new"
        assert "sandbox" in page.headers["content-security-policy"]
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert httpx.get(f"{base}/other", timeout=5).status_code == 404
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
