"""WARC 1.1 records at the byte level: build them, append them, read them back (warcio).

Each process writes its own WARC file (named with the time, the pid and a random
tag) and holds an exclusive `flock` on it while open, so two runs never append
to the same file and `prune` can tell a live file from a finished one. Every
record is one gzip member; a capture is a `response` (or `revisit`) record
followed by its `request` record, appended with one `write()` and flushed (and,
batched by the archive's group commit, fsynced) before the index learns its
offset. A run killed mid-write leaves at most a torn tail that no index row
points at; `iter_records` stops quietly at such a tail.

warcio is imported only to read records back (and for the rare non-ASCII header): a scan
that only writes never pays for it (and for fsspec, which warcio imports). warcio errors
never leave the archive layer: `archive.py` and `cacheops.py` call this module
inside `cacheindex.translating`, which turns them into `ArchiveError`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import os
import random
import secrets
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any, BinaryIO
from urllib.parse import urlsplit

from citecheck.models import FetchResult

try:  # ISA-L's deflate (the `isal` package): zlib-compatible gzip members, 4-5x faster
    from isal.isal_zlib import compress as _deflate
except ImportError:  # pragma: no cover - a platform without isal wheels: zlib itself
    from zlib import compress as _deflate

try:  # POSIX only; elsewhere prune falls back to leaving young files alone
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

WARC_VERSION = "1.1"
WARC_SUFFIX = ".warc.gz"
DEFAULT_MAX_WARC_BYTES = 1024**3
"""Start a new WARC file once the current one reaches this size (1 GiB, as Heritrix)."""

SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
_GZIP_WBITS = zlib.MAX_WBITS | 16
"""A gzip header and trailer around the deflate stream, not zlib's."""
_HOP_BY_HOP = frozenset({"transfer-encoding", "connection", "keep-alive"})
_REWRITTEN = frozenset({"content-encoding", "content-length"})
"""The fetcher hands over the decoded body, so the original encoding and length headers
no longer describe the stored bytes; they are kept as `X-Archive-Orig-*` (as pywb does)."""


@dataclass(frozen=True, slots=True)
class Capture:
    """The bytes of one capture (main record + request record) and what the index needs."""

    data: bytes
    main_length: int
    record_id: str
    record_type: str
    digest: str | None


@dataclass(frozen=True, slots=True)
class Revisit:
    """The earlier capture a `304 Not Modified` answer refers to."""

    record_id: str
    target_uri: str
    date: datetime
    digest: str


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """One record read back from a WARC file."""

    record_type: str
    record_id: str
    target_uri: str
    http_status: int | None
    http_headers: tuple[tuple[str, str], ...]
    payload: bytes
    refers_to: str | None


def build_capture(result: FetchResult, checked_at: datetime, revisit: Revisit | None) -> Capture:
    """Build the gzip members of a response (or revisit) record and its request record.

    The records are the bytes warcio's `WARCWriter` writes for the same capture
    (same WARC and HTTP header lines in the same order, same digests; a test
    compares them), built directly: the payload is hashed once per digest and
    copied once, with none of warcio's per-record objects and stream passes.

    Args:
        result: A fetch that got an HTTP answer (`http_status` is set).
        checked_at: The WARC-Date of both records.
        revisit: For a 304, the capture whose payload is unchanged; then a
            `revisit` record (server-not-modified profile) replaces the response.

    Returns:
        The bytes to append, the length of the first record and its id and digest.
    """
    date = _warc_date(checked_at)
    target = result.final_url
    main_id = _record_id()
    main, digest = _main_record(result, date, main_id, revisit)
    level = payload_level(result.content_type or result.header("content-type"))
    first = _gzip(main, level)
    request = _gzip(_request_record(result, date, target, main_id), GZIP_LEVEL)
    return Capture(
        data=first + request,
        main_length=len(first),
        record_id=main_id,
        record_type="response" if revisit is None else "revisit",
        digest=digest,
    )


def _main_record(
    result: FetchResult, date: str, record_id: str, revisit: Revisit | None
) -> tuple[bytes, str]:
    """The response (or revisit) record, uncompressed, and its payload digest."""
    warc: list[tuple[str, str]] = [("WARC-Date", date)]
    if result.truncated_body:
        warc.append(("WARC-Truncated", "length"))
    http = _response_headers(result)
    if revisit is not None:
        warc += [
            ("WARC-Refers-To", revisit.record_id),
            ("WARC-Type", "revisit"),
            ("WARC-Record-ID", record_id),
            ("WARC-Target-URI", result.final_url),
            ("WARC-Profile", SERVER_NOT_MODIFIED),
            ("WARC-Refers-To-Target-URI", revisit.target_uri),
            ("WARC-Refers-To-Date", _warc_date(revisit.date)),
            ("WARC-Payload-Digest", revisit.digest),
        ]
        return _record(warc, "response", http, b""), revisit.digest
    digest = _digest(hashlib.sha1(result.body))
    warc += [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", record_id),
        ("WARC-Target-URI", result.final_url),
        ("WARC-Payload-Digest", digest),
    ]
    return _record(warc, "response", http, result.body), digest


def _request_record(result: FetchResult, date: str, target_uri: str, concurrent_to: str) -> bytes:
    parts = urlsplit(result.final_url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(result.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    http = _header_block(f"GET {target} {result.http_version}", headers)
    warc = [
        ("WARC-Date", date),
        ("WARC-Type", "request"),
        ("WARC-Record-ID", _record_id()),
        ("WARC-Target-URI", target_uri),
        ("WARC-Payload-Digest", _EMPTY_DIGEST),
        ("WARC-Concurrent-To", concurrent_to),
    ]
    return _record(warc, "request", http, b"")


def _record(warc: list[tuple[str, str]], message: str, http: bytes, payload: bytes) -> bytes:
    """A whole WARC record: its headers (block digest, type and length last), the HTTP
    header block, the payload and the two closing line ends."""
    block = hashlib.sha1(http)
    block.update(payload)
    warc += [
        ("WARC-Block-Digest", _digest(block)),
        ("Content-Type", f"application/http; msgtype={message}"),
        ("Content-Length", str(len(http) + len(payload))),
    ]
    lines = "".join(f"{name}: {value}\r\n" for name, value in warc)
    head = f"WARC/{WARC_VERSION}\r\n{lines}\r\n".encode()
    return b"".join((head, http, payload, b"\r\n\r\n"))


def _response_headers(result: FetchResult) -> bytes:
    status = result.http_status or 0
    headers: list[tuple[str, str]] = []
    for name, value in result.headers:
        lowered = name.lower()
        if lowered in _HOP_BY_HOP:
            continue
        headers.append((f"X-Archive-Orig-{name}" if lowered in _REWRITTEN else name, value))
    if status != 304:
        headers.append(("Content-Length", str(len(result.body))))
    status_line = f"{status} {_reason_phrase(status)}".strip()
    return _header_block(" ".join(filter(None, (result.http_version, status_line))), headers)


def _header_block(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    """An HTTP header block as stored: ASCII, as warcio writes it; a header with other
    characters is %-encoded the way warcio does (RFC 8187), or, where warcio cannot,
    written in the bytes it came in (Latin-1) or UTF-8."""
    text = first_line + "\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers)
    try:
        return text.encode("ascii") + b"\r\n"
    except UnicodeEncodeError:
        pass
    protocol, _, status = first_line.partition(" ")
    from warcio.statusandheaders import StatusAndHeaders

    try:
        return bytes(StatusAndHeaders(status, list(headers), protocol=protocol).to_ascii_bytes())
    except UnicodeError:
        try:
            return text.encode("latin-1") + b"\r\n"
        except UnicodeEncodeError:
            return text.encode("utf-8") + b"\r\n"


def _digest(hashed: Any) -> str:
    return "sha1:" + base64.b32encode(hashed.digest()).decode("ascii")


def _record_id() -> str:
    """A random (version 4) UUID URN, as `uuid.uuid4()` writes it, from the `random` module:
    a record id needs to be unique, not secret, and `uuid4` asks the kernel for 16 bytes
    each time (two records a check). The module's generator is reseeded in a forked child."""
    bits = random.getrandbits(128) & _UUID_CLEAR | _UUID_V4
    text = f"{bits:032x}"
    return f"<urn:uuid:{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}>"


_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_V4 = (0x4000 << 64) | (0x8000 << 48)
"""The version (4) and variant (RFC 4122) bits of a random UUID."""


_EMPTY_DIGEST = _digest(hashlib.sha1(b""))


def _reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _warc_date(moment: datetime) -> str:
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    return utc.replace(tzinfo=None).isoformat() + "Z"  # warcio's datetime_to_iso_date, micros


GZIP_LEVEL = 1
"""The fastest deflate: on news HTML, zlib's level 6 (its default) costs 2.3x the CPU of level 2
for records 10% smaller, and level 1 another 20% less for 3% larger records; ISA-L's level 1
(`isal`) is 4-5x faster again than zlib's level 2 with its ratio. Compressing was the biggest
single cost of a link check."""
STORED_LEVEL = 0
"""Payloads that are compressed already (images, audio, video, archives) are stored in their
gzip member, not deflated again: that costs CPU and saves nothing."""
_PRECOMPRESSED_TYPES = ("image/", "audio/", "video/", "font/woff")
_PRECOMPRESSED_SUBTYPES = frozenset(
    {"zip", "gzip", "x-gzip", "x-7z-compressed", "x-bzip2", "x-xz", "zstd", "x-rar-compressed"}
)


def _gzip(data: bytes | bytearray, level: int) -> bytes:
    """One gzip member (RFC 1952) holding `data`: what every `.warc.gz` reader expects."""
    if level == STORED_LEVEL:
        return zlib.compress(data, STORED_LEVEL, wbits=_GZIP_WBITS)
    return _deflate(data, level, wbits=_GZIP_WBITS)


def payload_level(content_type: str | None) -> int:
    """The deflate level for a record whose payload has this Content-Type."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    compressed = kind.startswith(_PRECOMPRESSED_TYPES) or (
        kind.startswith("application/") and kind.split("/", 1)[1] in _PRECOMPRESSED_SUBTYPES
    )
    return STORED_LEVEL if compressed else GZIP_LEVEL


def read_record(path: Path, offset: int) -> StoredRecord:
    """Read the record that starts at `offset` in a WARC file.

    Raises:
        OSError, ValueError, StopIteration or warcio's errors; `archive.py` translates them.
    """
    with path.open("rb") as handle:
        return read_record_at(handle, offset)


def read_record_at(handle: IO[bytes], offset: int) -> StoredRecord:
    """Read the record that starts at `offset` in an open WARC file (local or remote)."""
    from warcio.archiveiterator import ArchiveIterator

    handle.seek(offset)
    return _stored(next(iter(ArchiveIterator(handle, check_digests="raise"))))


def _stored(record: Any) -> StoredRecord:
    headers = record.rec_headers
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    return StoredRecord(
        record_type=record.rec_type,
        record_id=headers.get_header("WARC-Record-ID"),
        target_uri=headers.get_header("WARC-Target-URI") or "",
        http_status=int(status) if status and status.isdigit() else None,
        http_headers=tuple(http.headers) if http is not None else (),
        payload=record.content_stream().read(),
        refers_to=headers.get_header("WARC-Refers-To"),
    )


def iter_records(path: Path) -> Iterator[tuple[int, StoredRecord]]:
    """Yield `(offset, record)` for every whole record; stop quietly at a torn tail."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        records = ArchiveIterator(handle, check_digests="raise")
        try:
            for record in records:
                stored = _stored(record)
                yield records.get_record_offset(), stored
        except Exception as exc:  # a torn tail left by a killed run ends the file
            logger.info("%s: stopped at a torn or unreadable record: %r", path, exc)


def copy_ranges(source: Path, ranges: list[tuple[int, int]], target: Path) -> list[int]:
    """Copy byte ranges `(offset, length)` of one file into a new one; return new offsets."""
    offsets: list[int] = []
    with source.open("rb") as reader, target.open("xb") as writer:
        for offset, length in ranges:
            reader.seek(offset)
            offsets.append(writer.tell())
            writer.write(reader.read(length))
        writer.flush()
        os.fsync(writer.fileno())
    return offsets


class WarcAppender:
    """Appends captures to this process's own WARC file, rotating it by size."""

    def __init__(self, folder: Path, *, max_bytes: int = DEFAULT_MAX_WARC_BYTES) -> None:
        """Prepare to write under `folder`; the file is created on the first append."""
        self.folder = folder
        self.max_bytes = max_bytes
        self._handle: BinaryIO | None = None
        self._path: Path | None = None

    def append(self, data: bytes) -> tuple[Path, int]:
        """Append bytes in one write and flush them to the OS; return the file and the offset.

        The bytes survive a killed process from here on; `sync` makes them survive
        a power loss too.
        """
        handle, path = self._current()
        offset = handle.tell()
        handle.write(data)
        handle.flush()
        return path, offset

    def sync(self) -> None:
        """fsync what was appended to the current file (a rotated-out file was synced on close)."""
        if self._handle is not None:
            os.fsync(self._handle.fileno())

    def _current(self) -> tuple[BinaryIO, Path]:
        if self._handle is not None and self._path is not None:
            if self._handle.tell() < self.max_bytes:
                return self._handle, self._path
            self.close()
        self._path = self.folder / new_warc_name()
        self._handle = self._path.open("xb")
        if fcntl is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX)
        return self._handle, self._path

    def close(self) -> None:
        """Flush, sync and close the current file (releasing its lock)."""
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None


def new_warc_name(now: datetime | None = None) -> str:
    """A WARC file name unique to this process: `citecheck-<UTC time>-<pid>-<tag>.warc.gz`."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S%f")
    return f"citecheck-{stamp}-{os.getpid()}-{secrets.token_hex(3)}{WARC_SUFFIX}"


def is_in_use(path: Path) -> bool:
    """Whether another open `WarcAppender` (in any process) still writes to this file."""
    if fcntl is None:  # pragma: no cover - Windows: trust files an hour old only
        age = datetime.now(UTC).timestamp() - path.stat().st_mtime
        return age < 3600
    with path.open("rb") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False
