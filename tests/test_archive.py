"""The archive: WARC captures read back record by record, the index, and crash safety."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator

from citecheck.errors import ArchiveError
from citecheck.models import ArchiveRef, FetchError, FetchResult, Hop, Status, Verdict
from citecheck.store import warcfile
from citecheck.store.archive import Archive
from citecheck.store.cacheindex import INDEX_NAME
from citecheck.store.cacheops import prune
from localserver import LocalServer, Reply

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OK = Verdict(Status.OK, "the page answered 200")


def page(url: str = "https://news.test/a", body: bytes = b"<p>hello</p>", **extra: object):
    fields: dict[str, object] = {
        "final_url": url,
        "http_status": 200,
        "hops": (Hop(url, 200),),
        "headers": (("Content-Type", "text/html; charset=utf-8"), ("ETag", '"v1"')),
        "content_type": "text/html; charset=utf-8",
        "request_headers": (("User-Agent", "citecheck-test"), ("Accept", "*/*")),
        "checked_at": T0,
        "body": body,
    }
    fields.update(extra)
    return FetchResult(url=url, **fields)  # type: ignore[arg-type]


def sha1_digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_records(archive: Archive) -> list[tuple[int, object]]:
    records = []
    for path in sorted(archive.warc_dir.glob("*.warc.gz")):
        with path.open("rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                record.payload = record.content_stream().read()
                records.append((iterator.get_record_offset(), record))
    return records


@pytest.fixture
def archive(tmp_path: Path, index_location: str | None):
    """An archive on each index backend: SQLite in the folder, and a PostgreSQL database."""
    with Archive.open(tmp_path / "cache", sync=False, index=index_location) as opened:
        yield opened


def test_storing_a_url_again_in_the_same_run_replaces_its_check(archive: Archive) -> None:
    archive.store(page(body=b"first try"), verdict=Verdict(Status.ERROR, "worker died"))
    archive.store(page(body=b"second try"), verdict=OK)
    [check] = archive.checks("https://news.test/a")
    assert check["status"] == "ok"
    assert archive.latest_body("https://news.test/a")[1] == b"second try"
    with new_run(archive) as later:
        later.store(page(checked_at=T0 + timedelta(days=1)), verdict=OK)
    assert len(archive.checks("https://news.test/a")) == 2


def test_open_creates_wal_index_with_schema_version(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "cache"):
        pass
    db = sqlite3.connect(tmp_path / "cache" / INDEX_NAME)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,), (2,), (3,)]
    assert (tmp_path / "cache" / "warc").is_dir()


def test_response_and_request_records_read_back_with_warcio(archive: Archive) -> None:
    body = "<p>مرحبا بالعالم</p>".encode()
    stored = archive.store(page(body=body), verdict=OK)

    (offset, response), (_, request) = warc_records(archive)
    assert response.rec_headers.protocol == "WARC/1.1"
    assert response.rec_type == "response"
    assert response.rec_headers.get_header("WARC-Target-URI") == "https://news.test/a"
    assert response.http_headers.get_statuscode() == "200"
    assert response.payload == body
    assert response.rec_headers.get_header("WARC-Payload-Digest") == sha1_digest(body)
    assert request.rec_type == "request"
    assert request.http_headers.protocol == "GET"
    assert request.http_headers.get_header("User-Agent") == "citecheck-test"
    assert request.http_headers.get_header("Host") == "news.test"
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    assert request.rec_headers.get_header("WARC-Concurrent-To") == record_id
    assert stored.archive == ArchiveRef(
        stored.archive.warc, offset, stored.archive.length, record_id, sha1_digest(body)
    )
    assert response.rec_headers.get_header("WARC-Date") == "2026-03-01T12:00:00Z"


def test_each_record_is_its_own_gzip_member(archive: Archive) -> None:
    stored = archive.store(page(), verdict=OK)
    data = Path(stored.archive.warc).read_bytes()
    first = zlib.decompressobj(zlib.MAX_WBITS | 16)
    assert b"\r\nWARC-Type: response\r\n" in first.decompress(data)
    assert len(data) - len(first.unused_data) == stored.archive.length
    second = zlib.decompressobj(zlib.MAX_WBITS | 16)
    assert b"\r\nWARC-Type: request\r\n" in second.decompress(first.unused_data)
    assert second.unused_data == b""


def test_pages_are_deflated_and_compressed_payloads_stored_as_they_are(archive: Archive) -> None:
    text = ("<p>" + "the port authority expands its terminal " * 400 + "</p>").encode()
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    html = archive.store(page("https://news.test/a", text), verdict=OK)
    image = archive.store(
        page("https://news.test/a.jpg", jpeg, content_type="image/jpeg"), verdict=OK
    )
    archive.commit_pending()

    assert html.archive is not None
    assert image.archive is not None
    assert html.archive.length < len(text) / 10  # deflated
    assert image.archive.length > len(jpeg)  # stored: gzip framing around the whole record
    responses = [record for _, record in warc_records(archive) if record.rec_type == "response"]
    assert [record.payload for record in responses] == [text, jpeg]
    assert archive.read_record(image.archive) == jpeg  # warcio checks the digests as it reads


@pytest.mark.parametrize(
    ("content_type", "stored"),
    [
        ("text/html; charset=utf-8", False),
        ("application/pdf", False),
        ("application/json", False),
        (None, False),
        ("image/png", True),
        ("Video/MP4", True),
        ("application/zip", True),
        ("application/gzip", True),
    ],
)
def test_only_compressed_payloads_skip_deflate(content_type: str | None, stored: bool) -> None:
    level = warcfile.payload_level(content_type)
    assert (level == warcfile.STORED_LEVEL) is stored


def test_redirected_capture_targets_the_final_url_and_index_keeps_the_chain(
    archive: Archive,
) -> None:
    hops = (
        Hop("http://news.test/old", 301, "https://news.test/new"),
        Hop("https://news.test/new", 200),
    )
    result = page("http://news.test/old", final_url="https://news.test/new", hops=hops)
    archive.store(result, verdict=Verdict(Status.REDIRECTED, "moved"))

    (_, response), (_, request) = warc_records(archive)
    assert response.rec_headers.get_header("WARC-Target-URI") == "https://news.test/new"
    assert (request.http_headers.protocol, request.http_headers.statusline) == (
        "GET",
        "/new HTTP/1.1",
    )
    [check] = archive.checks("http://news.test/old")
    assert (
        check["hops"] == '[["http://news.test/old", 301, "https://news.test/new"], '
        '["https://news.test/new", 200, null]]'
    )
    assert (check["status"], check["final_url"]) == ("redirected", "https://news.test/new")


def test_decoded_body_gets_honest_length_and_original_encoding_headers(archive: Archive) -> None:
    headers = (("Content-Encoding", "gzip"), ("Content-Length", "9"), ("Transfer-Encoding", "x"))
    archive.store(page(headers=headers, body=b"0123456789abcdef"), verdict=OK)

    (_, response), _ = warc_records(archive)
    http = response.http_headers
    assert http.get_header("Content-Length") == "16"
    assert http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert http.get_header("X-Archive-Orig-Content-Length") == "9"
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("Transfer-Encoding") is None


def test_result_without_http_answer_is_indexed_but_not_archived(archive: Archive) -> None:
    failed = FetchResult(
        "https://gone.test/",
        "https://gone.test/",
        None,
        error=FetchError.DNS,
        error_detail="name does not resolve",
        attempts=1,
        checked_at=T0,
    )
    stored = archive.store(failed, verdict=Verdict(Status.DEAD, "no such host"))

    assert stored.archive is None
    assert warc_records(archive) == []
    [check] = archive.checks("https://gone.test/")
    assert (check["status"], check["error"], check["warc"]) == ("dead", "dns", None)
    assert check["error_detail"] == "name does not resolve"


def test_check_without_time_is_stamped_by_the_clock(tmp_path: Path) -> None:
    with Archive.open(tmp_path, clock=lambda: T0 + timedelta(days=2), sync=False) as archive:
        stored = archive.store(page(checked_at=None), verdict=OK)
        assert stored.checked_at == T0 + timedelta(days=2)
        assert archive.checks()[0]["checked_at"] == "2026-03-03T12:00:00.000000Z"


def store_in_new_run(archive: Archive, result: FetchResult, verdict: Verdict) -> FetchResult:
    """Store a check as a later run would (a run checks each URL once)."""
    with new_run(archive) as later:
        return later.store(result, verdict=verdict)


def new_run(archive: Archive) -> Archive:
    """Another run on the same cache folder and index."""
    index = None if archive.index.dialect == "sqlite" else archive.index.location
    return Archive.open(archive.root, sync=False, index=index)


def test_validators_come_from_the_last_successful_200_only(archive: Archive) -> None:
    assert archive.validators("https://news.test/a") == (None, None)
    archive.store(
        page(headers=(("ETag", '"v1"'), ("Last-Modified", "Sun, 01 Mar 2026"))), verdict=OK
    )
    later = T0 + timedelta(days=1)
    store_in_new_run(
        archive,
        page(headers=(("ETag", '"bad"'),), checked_at=later),
        Verdict(Status.ERROR, "x"),
    )
    store_in_new_run(
        archive, page(headers=(("ETag", '"cut"'),), truncated_body=True, checked_at=later), OK
    )
    failed = FetchResult(
        "https://news.test/a", "https://news.test/a", None, error=FetchError.TIMEOUT
    )
    store_in_new_run(archive, failed, Verdict(Status.TIMEOUT, "slow"))

    assert archive.validators("https://news.test/a") == ('"v1"', "Sun, 01 Mar 2026")


def test_prior_is_the_three_look_ups_in_one(archive: Archive) -> None:
    """`prior` (one query) answers what the capture, earlier-run and drift-baseline
    look-ups answer one by one, for every mix of what the index holds."""
    fresh, texted, served, failed = (f"https://news.test/{name}" for name in "abcd")
    archive.store(page(fresh), verdict=OK)  # this run's own check: not "checked before"
    store_in_new_run(archive, page(texted, checked_at=T0 - timedelta(days=2)), OK)
    archive.record_text_fingerprint(texted, "sha1:T", "the text of the page")
    store_in_new_run(archive, page(served, checked_at=T0 - timedelta(days=1)), OK)
    store_in_new_run(archive, page(served, body=b"later", checked_at=T0), OK)
    error = Verdict(Status.ERROR, "server error")
    store_in_new_run(archive, page(failed, http_status=500, checked_at=T0), error)
    for url in (fresh, texted, served, failed, "https://news.test/never"):
        prior = archive.prior(url)
        latest = archive.latest_body(url)
        assert (prior.capture is None) == (latest is None), url
        if prior.capture is not None and latest is not None:
            assert prior.capture == archive._latest_servable(url)
            assert archive.replay(prior) == latest[0]
        assert prior.checked_before == archive.checked_before(url), url
        assert prior.text_baseline == archive.text_baseline(url), url
    assert archive.prior(served).capture["checked_at"] == archive.checks(served)[-1]["checked_at"]
    assert archive.prior(texted).text_baseline is not None
    assert archive.prior(fresh).checked_before is False
    assert archive.prior(failed).checked_before is True


def test_a_url_with_a_password_is_known_by_its_redacted_rows(archive: Archive) -> None:
    """The index holds a URL with its password redacted; the look-ups of a later run, made
    with the URL as the document gives it, must find those rows."""
    secret = "https://reader:s3cret@news.test/private"
    store_in_new_run(archive, page(secret, checked_at=T0 - timedelta(days=1)), OK)
    archive.record_text_fingerprint(secret, "sha1:P", "the private page's text")
    with new_run(archive) as later:
        prior = later.prior(secret)
        assert prior.checked_before is later.checked_before(secret) is True
        assert prior.text_baseline is not None
        assert prior.text_baseline == later.text_baseline(secret)
        assert prior.capture is not None
        assert "s3cret" not in str(prior.capture)


def test_errors_are_never_served_from_cache(archive: Archive) -> None:
    archive.store(page(body=b"<h1>500</h1>"), verdict=Verdict(Status.ERROR, "server error"))
    archive.store(page(body=b"wall", http_status=200), verdict=Verdict(Status.BLOCKED, "bot wall"))
    assert archive.latest_body("https://news.test/a") is None


def test_latest_body_reads_the_capture_back(archive: Archive) -> None:
    archive.store(page(body=b"first"), verdict=OK)
    store_in_new_run(archive, page(body=b"second", checked_at=T0 + timedelta(hours=1)), OK)

    cached = archive.latest_body("https://news.test/a")
    assert cached is not None
    result, body = cached
    assert body == b"second" == result.body
    assert result.from_cache
    assert (result.http_status, result.checked_at) == (200, T0 + timedelta(hours=1))
    assert ("ETag", '"v1"') in result.headers


def test_not_modified_becomes_a_revisit_that_replays_the_original(archive: Archive) -> None:
    original = archive.store(page(body=b"the article"), verdict=OK)
    not_modified = page(
        http_status=304, not_modified=True, body=b"", checked_at=T0 + timedelta(days=1)
    )
    stored = store_in_new_run(archive, not_modified, OK)

    records = [record for _, record in warc_records(archive)]
    revisit = records[2]
    assert revisit.rec_type == "revisit"
    assert revisit.http_headers.get_statuscode() == "304"
    assert revisit.rec_headers.get_header("WARC-Refers-To") == original.archive.record_id
    assert revisit.rec_headers.get_header("WARC-Payload-Digest") == sha1_digest(b"the article")
    assert "server-not-modified" in revisit.rec_headers.get_header("WARC-Profile")
    assert archive.read_record(stored.archive) == b"the article"
    assert archive.latest_body("https://news.test/a")[1] == b"the article"


def test_not_modified_without_earlier_capture_is_kept_as_a_plain_304(archive: Archive) -> None:
    stored = archive.store(page(http_status=304, not_modified=True, body=b""), verdict=OK)
    (_, response), _ = warc_records(archive)
    assert (response.rec_type, response.http_headers.get_statuscode()) == ("response", "304")
    assert archive.read_record(stored.archive) == b""


def test_truncated_body_is_marked_and_not_served(archive: Archive) -> None:
    archive.store(page(body=b"x" * 100, truncated_body=True), verdict=OK)
    (_, response), _ = warc_records(archive)
    assert response.rec_headers.get_header("WARC-Truncated") == "length"
    assert archive.latest_body("https://news.test/a") is None


def test_first_text_is_kept_and_each_check_gets_a_fingerprint(archive: Archive) -> None:
    url = "https://news.test/a"
    archive.store(page(), verdict=OK)
    first = archive.record_text_fingerprint(url, "sha1:A", "نص المقال  الأول")
    with new_run(archive) as later:
        later.store(page(checked_at=T0 + timedelta(days=1)), verdict=OK)
        second = later.record_text_fingerprint(url, "sha1:B", "نص آخر")

    assert archive.first_text(url) == "نص المقال  الأول"
    assert archive.first_text("https://other.test/") is None
    assert [check["text_fingerprint"] for check in archive.checks(url)] == [first, second]
    assert first == archive.record_text_fingerprint("https://x.test/", None, "نص المقال الأول")


def test_checks_are_indexed_in_batches_and_seen_at_once_by_their_own_run(tmp_path: Path) -> None:
    with Archive.open(tmp_path, sync=False, commit_every=3, commit_interval_s=3600) as writer:
        for n in range(2):
            writer.store(page(f"https://news.test/{n}"), verdict=OK)
        with Archive.open(tmp_path) as other:
            assert other.checks() == []  # written to the WARC, not yet indexed
            writer.store(page("https://news.test/2"), verdict=OK)  # the third: one commit
            assert len(other.checks()) == 3
            writer.store(page("https://news.test/3"), verdict=OK)
            assert archive_body(writer, "https://news.test/3") == b"<p>hello</p>"
            assert len(other.checks()) == 4  # reading its own waiting check committed it
    with Archive.open(tmp_path) as after:
        assert assert_every_check_readable(after) == 4


def test_a_commit_interval_of_zero_indexes_every_check_at_once(tmp_path: Path) -> None:
    with Archive.open(tmp_path, commit_interval_s=0) as writer, Archive.open(tmp_path) as other:
        writer.store(page(), verdict=OK)
        assert len(other.checks()) == 1


def test_text_of_a_waiting_check_is_indexed_with_it(tmp_path: Path) -> None:
    url = "https://news.test/a"
    with Archive.open(tmp_path, commit_interval_s=3600) as writer:
        writer.store(page(), verdict=OK)
        fingerprint = writer.record_text_fingerprint(url, "sha1:A", "نص المقال")
        assert writer.text_baseline(url) == ("sha1:A", fingerprint)
        assert writer.first_text(url) == "نص المقال"
        with Archive.open(tmp_path) as other:
            assert other.text_baseline(url) is None
    with Archive.open(tmp_path) as after:
        assert after.text_baseline(url) == ("sha1:A", fingerprint)
        assert [check["text_fingerprint"] for check in after.checks(url)] == [fingerprint]


def archive_body(archive: Archive, url: str) -> bytes | None:
    latest = archive.latest_body(url)
    return latest[1] if latest else None


def test_rotation_starts_new_files_and_every_ref_stays_readable(tmp_path: Path) -> None:
    with Archive.open(tmp_path, sync=False, max_warc_bytes=2_000) as archive:
        refs = [
            archive.store(page(f"https://news.test/{n}", body=os.urandom(1500)), verdict=OK).archive
            for n in range(4)
        ]
        assert len({ref.warc for ref in refs}) == 4
        for n, ref in enumerate(refs):
            assert sha1_digest(archive.read_record(ref)) == ref.digest, n


def test_unusable_cache_folder_is_one_archive_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ArchiveError, match="cannot open the cache"):
        Archive.open(blocker / "cache")


def test_corrupt_index_is_an_archive_error(tmp_path: Path) -> None:
    (tmp_path / "warc").mkdir()
    (tmp_path / INDEX_NAME).write_bytes(b"this is not an sqlite database" * 100)
    with pytest.raises(ArchiveError) as info:
        Archive.open(tmp_path)
    assert isinstance(info.value.__cause__, sqlite3.DatabaseError)


def test_index_from_a_newer_citecheck_is_refused(tmp_path: Path) -> None:
    Archive.open(tmp_path).close()
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    db.execute("INSERT INTO schema_version VALUES (99)")
    db.commit()
    db.close()
    with pytest.raises(ArchiveError, match="schema 99"):
        Archive.open(tmp_path)


def test_reading_a_missing_record_is_an_archive_error(archive: Archive) -> None:
    stored = archive.store(page(), verdict=OK)
    bad = ArchiveRef(stored.archive.warc, stored.archive.offset + 7, 10, "<urn:x>")
    with pytest.raises(ArchiveError, match="cannot read an archived record"):
        archive.read_record(bad)
    with pytest.raises(ArchiveError):
        archive.read_record(ArchiveRef("missing.warc.gz", 0, 10, "<urn:x>"))


def test_a_record_read_must_be_the_one_the_reference_names(archive: Archive) -> None:
    first = archive.store(page(), verdict=OK).archive
    second = archive.store(page(url="https://example.org/other", body=b"other"), verdict=OK).archive
    assert first is not None
    assert second is not None
    swapped = ArchiveRef(second.warc, second.offset, second.length, first.record_id)
    with pytest.raises(ArchiveError, match="is not at offset"):
        archive.read_record(swapped)


def test_capture_fetched_from_a_real_server_round_trips(
    archive: Archive, server: LocalServer
) -> None:
    body = "<html><body><p>خبر عاجل</p></body></html>".encode("windows-1256")
    server.route("/news", Reply(200, body, content_type="text/html; charset=windows-1256"))
    with httpx.Client(timeout=5) as client:
        response = client.get(server.url("/news"))
    result = FetchResult(
        url=server.url("/news"),
        final_url=str(response.url),
        http_status=response.status_code,
        hops=(Hop(str(response.url), response.status_code),),
        headers=tuple(response.headers.multi_items()),
        request_headers=tuple(response.request.headers.multi_items()),
        content_type=response.headers["content-type"],
        checked_at=T0,
        body=response.content,
    )
    stored = archive.store(result, verdict=OK)

    assert archive.read_record(stored.archive) == body
    (_, record), (_, request) = warc_records(archive)
    assert record.http_headers.get_header("Content-Type") == "text/html; charset=windows-1256"
    assert request.http_headers.get_header("Host") == f"127.0.0.1:{server.port}"


WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime
    # A test run started in the background inherits SIGINT ignored; this writer must
    # still take Ctrl-C the way an interactive run does.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from citecheck.store.archive import Archive
    from citecheck.models import FetchResult, Status, Verdict
    cache, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Archive.open(cache, sync=False) as archive:
        n = 0
        while count < 0 or n < count:
            url = f"https://{tag}.test/{n}"
            body = os.urandom(int(sys.argv[4]))
            result = FetchResult(url, url, 200, checked_at=datetime.now(UTC), body=body)
            archive.store(result, verdict=Verdict(Status.OK, "ok"))
            n += 1
    """
)


def spawn_writer(cache: Path, tag: str, count: int, size: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(cache), tag, str(count), str(size)],
        stderr=subprocess.PIPE,
    )


def assert_every_check_readable(archive: Archive) -> int:
    checks = archive.checks()
    for check in checks:
        ref = ArchiveRef(check["warc"], check["offset"], check["length"], check["record_id"])
        assert sha1_digest(archive.read_record(ref)) == check["digest"]
    return len(checks)


def test_two_processes_writing_at_once_corrupt_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Archive.open(cache).close()
    writers = [spawn_writer(cache, tag, 25, 2_000) for tag in ("one", "two")]
    for writer in writers:
        _, stderr = writer.communicate(timeout=30)
        assert writer.returncode == 0, stderr.decode()

    with Archive.open(cache) as archive:
        assert assert_every_check_readable(archive) == 50
        assert len(list(archive.warc_dir.glob("*.warc.gz"))) == 2
        assert len({check["url"] for check in archive.checks()}) == 50


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT])
def test_run_killed_mid_write_leaves_a_cache_the_next_run_uses(tmp_path: Path, signum: int) -> None:
    cache = tmp_path / "cache"
    Archive.open(cache).close()
    writer = spawn_writer(cache, "killed", -1, 300_000)
    try:
        deadline = time.monotonic() + 20
        with Archive.open(cache) as watcher:
            while len(watcher.checks()) < 3 and time.monotonic() < deadline:
                assert writer.poll() is None, writer.communicate()[1].decode()
                time.sleep(0.02)
        writer.send_signal(signum)
        writer.communicate(timeout=20)
    finally:  # an endless writer must never outlive the test, whatever failed
        writer.kill()
        writer.wait()

    with Archive.open(cache) as archive:
        survivors = assert_every_check_readable(archive)
        assert survivors >= 3
        stored = archive.store(page("https://after.test/"), verdict=OK)
        assert archive.read_record(stored.archive) == b"<p>hello</p>"
        assert len(archive.checks()) == survivors + 1
    with Archive.open(cache) as archive:  # prune copes with whatever tail the kill left
        prune(archive, older_than=timedelta(days=1), now=datetime.now(UTC))
        assert assert_every_check_readable(archive) == survivors + 1


def test_torn_tail_is_skipped_by_readers(archive: Archive) -> None:
    stored = archive.store(page(), verdict=OK)
    capture = warcfile.build_capture(page("https://torn.test/"), T0, None)
    with Path(stored.archive.warc).open("ab") as handle:
        handle.write(capture.data[: capture.main_length // 2])

    records = list(warcfile.iter_records(Path(stored.archive.warc)))
    assert [record.record_type for _, record in records] == ["response", "request"]
    assert archive.read_record(stored.archive) == b"<p>hello</p>"


def test_replayed_capture_is_indexed_again_without_copying_it(archive: Archive) -> None:
    archive.store(page(body=b"kept once"), verdict=OK)
    size = sum(path.stat().st_size for path in archive.warc_dir.iterdir())
    cached, _ = archive.latest_body("https://news.test/a")
    later = dataclasses.replace(cached, checked_at=T0 + timedelta(days=1))
    replay = store_in_new_run(archive, later, OK)

    assert sum(path.stat().st_size for path in archive.warc_dir.iterdir()) == size
    first, second = archive.checks("https://news.test/a")
    assert (second["record_id"], second["span"]) == (first["record_id"], first["span"])
    assert archive.read_record(replay.archive) == b"kept once"
