"""WARCs in object storage: moto's S3 server on loopback, records read back by warcio."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from citecheck.models import FetchResult, Hop, Status, Verdict
from citecheck.store.archive import Archive
from citecheck.store.cacheops import cache_stats, export_warc, prune
from localserver import refused_port

moto_server = pytest.importorskip("moto.server")
fsspec = pytest.importorskip("fsspec")
pytest.importorskip("s3fs")

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OK = Verdict(Status.OK, "the page answered 200")
BUCKET = "newsroom-warcs"


def page(url: str, body: bytes) -> FetchResult:
    return FetchResult(
        url, url, 200, hops=(Hop(url, 200),), content_type="text/html", checked_at=T0, body=body
    )


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's standalone S3 server on a free loopback port, for the module."""
    port = refused_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A fresh bucket; the credentials and endpoint as a deployment sets them (AWS_*)."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": s3_endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    filesystem = fsspec.filesystem("s3", skip_instance_cache=True)
    filesystem.mkdir(BUCKET)
    yield filesystem
    filesystem.rm(BUCKET, recursive=True)


def objects(s3) -> dict[str, bytes]:
    return {path.rsplit("/", 1)[1]: s3.cat_file(path) for path in s3.ls(f"{BUCKET}/night")}


def test_each_commit_publishes_its_warc_before_the_index_points_into_it(
    tmp_path: Path, s3, index_location: str | None
) -> None:
    url_prefix = f"s3://{BUCKET}/night"
    bodies = {f"https://news{n}.test/story": f"<p>story {n}</p>".encode() for n in range(5)}
    with Archive.open(
        tmp_path, sync=False, index=index_location, archive_dir=url_prefix, commit_every=2
    ) as archive:
        refs = [archive.store(page(url, body), verdict=OK).archive for url, body in bodies.items()]
        archive.commit_pending()
        assert not archive.local_warcs(), "the spool is emptied once published"
        assert all(ref.warc.startswith(url_prefix + "/") for ref in refs)
        assert archive.latest_body("https://news3.test/story")[1] == b"<p>story 3</p>"

    stored = objects(s3)
    assert len(stored) >= 2, "one object per commit"
    read_back = {}
    for data in stored.values():  # every record of every object, by warcio
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type == "response":
                read_back[record.rec_headers.get_header("WARC-Target-URI")] = (
                    record.content_stream().read()
                )
    assert read_back == bodies
    with Archive.open(tmp_path, index=index_location, archive_dir=url_prefix) as archive:
        for ref in refs:  # the index points at (object, offset)
            body = archive.read_record(ref)
            assert body in bodies.values()
        assert cache_stats(archive).warc_files == len(stored)


def test_export_and_prune_work_against_the_object_store(tmp_path: Path, s3) -> None:
    url_prefix = f"s3://{BUCKET}/night"
    with Archive.open(tmp_path, sync=False, archive_dir=url_prefix) as archive:
        archive.store(page("https://a.test/", b"kept"), verdict=OK)
    s3.pipe(f"{BUCKET}/night/citecheck-orphan.warc.gz", b"left by a killed worker")
    with Archive.open(tmp_path, archive_dir=url_prefix) as archive:
        target = tmp_path / "export.warc.gz"
        assert export_warc(archive, target) == 1
        young = prune(archive, older_than=timedelta(days=1), now=datetime.now(UTC))
        later = prune(
            archive, older_than=timedelta(days=1), now=datetime.now(UTC) + timedelta(hours=2)
        )
    assert young.files_deleted == 0, "a young object may belong to a run still indexing"
    assert later.files_deleted == 1
    left = objects(s3)
    assert len(left) == 1
    assert "citecheck-orphan.warc.gz" not in left
    with target.open("rb") as exported:
        payloads = [
            r.content_stream().read() for r in ArchiveIterator(exported) if r.rec_type == "response"
        ]
    assert payloads == [b"kept"]


def test_a_missing_bucket_is_one_archive_error(tmp_path: Path, s3) -> None:
    from citecheck.errors import ArchiveError

    archive = Archive.open(tmp_path, sync=False, archive_dir="s3://no-such-bucket/x")
    archive.store(page("https://a.test/", b"x"), verdict=OK)
    with pytest.raises(ArchiveError, match="cannot publish a WARC file"):
        archive.close()


def test_a_distributed_scan_writes_its_warcs_to_the_object_store(
    tmp_path: Path, s3, site_server
) -> None:
    pytest.importorskip("distributed")
    from citecheck.pipeline import scan
    from test_pipeline import local_settings

    base = site_server.server.base_url
    paths = ("/article.html", "/article-ar.html", "/status/404", "/moved/2019/story")
    document = tmp_path / "a.md"
    document.write_text("".join(f"Claim {n}: {base}{p}\n\n" for n, p in enumerate(paths)), "utf-8")
    settings = local_settings(
        tmp_path, workers=2, support=False, archive_dir=f"s3://{BUCKET}/night"
    )
    report = scan([document], settings)

    refs = [r.fetch.archive for r in report.results if r.fetch and r.fetch.archive]
    assert len(refs) == len(paths)
    assert all(ref.warc.startswith(f"s3://{BUCKET}/night/") for ref in refs)
    stored = objects(s3)
    for ref in refs:  # the index's (object, offset) is where warcio finds the record
        data = stored[ref.warc.rsplit("/", 1)[1]]
        record = next(iter(ArchiveIterator(io.BytesIO(data[ref.offset :]))))
        assert record.rec_headers.get_header("WARC-Record-ID") == ref.record_id
    assert not list((tmp_path / "cache" / "warc").glob("*.warc.gz")), "nothing left in spool"
