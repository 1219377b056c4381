"""WARC records built by hand are the bytes warcio's own writer produces for the same capture.

`warcfile.build_capture` writes the records directly (it was the largest cost of
archiving a page through warcio). The reference below is the warcio code it
replaced; the two must agree byte for byte once the random record ids are set aside.
"""

from __future__ import annotations

import io
import re
import zlib
from datetime import UTC, datetime
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from citecheck.models import FetchResult, Hop
from citecheck.store import warcfile

T0 = datetime(2026, 3, 1, 12, 0, 5, 123456, tzinfo=UTC)
RECORD_ID = re.compile(rb"<urn:uuid:[0-9a-f-]{36}>")


def reference(result: FetchResult, revisit: warcfile.Revisit | None) -> list[bytes]:
    """The records as warcio's WARCWriter writes them (uncompressed, one per record)."""
    out = io.BytesIO()
    records: list[bytes] = []

    class Members:
        def write(self, data: bytes) -> int:
            return out.write(data)

        def flush(self) -> None:
            records.append(out.getvalue())
            out.seek(0)
            out.truncate()

    writer = WARCWriter(Members(), gzip=False, warc_version="1.1")
    date = warcfile._warc_date(T0)
    warc = {"WARC-Date": date}
    if result.truncated_body:
        warc["WARC-Truncated"] = "length"
    http = StatusAndHeaders(
        f"{result.http_status} {warcfile._reason_phrase(result.http_status or 0)}".strip(),
        _stored_headers(result),
        protocol=result.http_version,
    )
    main: Any
    if revisit is None:
        main = writer.create_warc_record(
            result.final_url,
            "response",
            payload=io.BytesIO(result.body),
            length=len(result.body),
            http_headers=http,
            warc_headers_dict=warc,
        )
    else:
        main = writer.create_revisit_record(
            result.final_url,
            revisit.digest,
            revisit.target_uri,
            warcfile._warc_date(revisit.date),
            http_headers=http,
            warc_headers_dict={**warc, "WARC-Refers-To": revisit.record_id},
        )
        main.rec_headers.replace_header("WARC-Profile", warcfile.SERVER_NOT_MODIFIED)
    path = result.final_url.split("/", 3)[3] if result.final_url.count("/") >= 3 else ""
    headers = list(result.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", result.final_url.split("/")[2]))
    request = writer.create_warc_record(
        result.final_url,
        "request",
        http_headers=StatusAndHeaders(
            f"GET /{path} {result.http_version}", headers, is_http_request=True
        ),
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_request_response_pair(request, main)
    return records


def _stored_headers(result: FetchResult) -> list[tuple[str, str]]:
    headers = []
    for name, value in result.headers:
        lowered = name.lower()
        if lowered in ("transfer-encoding", "connection", "keep-alive"):
            continue
        renamed = lowered in ("content-encoding", "content-length")
        headers.append((f"X-Archive-Orig-{name}" if renamed else name, value))
    if result.http_status != 304:
        headers.append(("Content-Length", str(len(result.body))))
    return headers


def built(result: FetchResult, revisit: warcfile.Revisit | None) -> list[bytes]:
    capture = warcfile.build_capture(result, T0, revisit)
    first = zlib.decompressobj(zlib.MAX_WBITS | 16)
    main = first.decompress(capture.data)
    assert len(capture.data) - len(first.unused_data) == capture.main_length
    return [main, zlib.decompress(first.unused_data, zlib.MAX_WBITS | 16)]


def answer(**extra: Any) -> FetchResult:
    url = "https://news.test/2026/03/story?id=7"
    fields: dict[str, Any] = {
        "final_url": url,
        "http_status": 200,
        "hops": (Hop(url, 200),),
        "headers": (
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
            ("ETag", '"v1"'),
        ),
        "content_type": "text/html; charset=utf-8",
        "request_headers": (("User-Agent", "citecheck-test"), ("Accept", "*/*")),
        "body": "<p>مرحبا hello</p>".encode() * 50,
    }
    fields.update(extra)
    return FetchResult(url=url, **fields)


REVISIT = warcfile.Revisit(
    "<urn:uuid:00000000-0000-4000-8000-000000000000>",
    "https://news.test/2026/03/story?id=7",
    datetime(2026, 1, 1, tzinfo=UTC),
    "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
)


@pytest.mark.parametrize(
    ("result", "revisit"),
    [
        (answer(), None),
        (answer(body=b""), None),
        (answer(truncated_body=True, http_version="HTTP/2"), None),
        (answer(http_status=599, request_headers=(("Host", "news.test"),)), None),
        (answer(headers=(("X-Note", "café"),)), None),
        (answer(http_status=304, body=b"", not_modified=True), REVISIT),
        (answer(http_status=304, body=b"", truncated_body=True), REVISIT),
    ],
)
def test_records_are_the_bytes_warcio_writes(
    result: FetchResult, revisit: warcfile.Revisit | None
) -> None:
    ours = [RECORD_ID.sub(b"<id>", record) for record in built(result, revisit)]
    theirs = [RECORD_ID.sub(b"<id>", record) for record in reference(result, revisit)]
    assert ours == theirs


def test_the_request_names_the_response_it_belongs_to() -> None:
    main, request = built(answer(), None)
    main_id = RECORD_ID.search(main)
    assert main_id is not None
    assert b"WARC-Concurrent-To: " + main_id.group() in request


def test_a_header_warcio_cannot_encode_is_stored_as_it_came() -> None:
    main, _ = built(answer(headers=(("X-Note", "vé; a=b"),)), None)
    assert b"\r\nX-Note: v\xe9; a=b\r\n" in main


def test_record_ids_are_random_uuids_unique_across_forked_writers() -> None:
    import os
    import uuid

    ids = [warcfile._record_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for record_id in ids[:100]:
        value = uuid.UUID(record_id.removeprefix("<urn:uuid:").removesuffix(">"))
        assert (value.version, value.variant) == (4, uuid.RFC_4122)
        assert record_id == f"<urn:uuid:{value}>"
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # a worker forked by the run writes records too
        os.write(write, warcfile._record_id().encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    theirs = os.read(read, 100).decode()
    os.close(read)
    assert theirs != warcfile._record_id()
