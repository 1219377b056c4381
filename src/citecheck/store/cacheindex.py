"""The SQLite index of a cache folder: schema, connection, transactions, rows.

The index runs in WAL mode so readers never block the one writer, with a busy
timeout so two runs take turns rather than fail, and every write transaction
starts with `BEGIN IMMEDIATE` so it holds the write lock from its first
statement (no lock upgrade, no deadlock between two runs). Timestamps are
fixed-width UTC strings, so text order is time order.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from citecheck.errors import ArchiveError
from citecheck.models import ArchiveRef, FetchResult, Hop, Verdict
from citecheck.store import warcfile

INDEX_NAME = "index.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    run_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    http_status INTEGER,
    final_url TEXT,
    hops TEXT NOT NULL DEFAULT '[]',
    content_type TEXT,
    digest TEXT,
    etag TEXT,
    last_modified TEXT,
    warc TEXT,
    offset INTEGER,
    length INTEGER,
    span INTEGER,
    record_id TEXT,
    record_type TEXT,
    refers_to TEXT,
    attempts INTEGER NOT NULL DEFAULT 1,
    error TEXT,
    error_detail TEXT,
    truncated INTEGER NOT NULL DEFAULT 0,
    not_modified INTEGER NOT NULL DEFAULT 0,
    text_fingerprint TEXT
);
CREATE INDEX IF NOT EXISTS checks_url ON checks (url, checked_at);
CREATE INDEX IF NOT EXISTS checks_record ON checks (record_id);
CREATE TABLE IF NOT EXISTS texts (
    url TEXT PRIMARY KEY,
    digest TEXT,
    fingerprint TEXT NOT NULL,
    text BLOB NOT NULL,
    recorded_at TEXT NOT NULL
);
"""

INSERT_COLUMNS = tuple(
    " ".join(
        (
            "url checked_at run_id status reason http_status final_url hops content_type",
            "digest etag last_modified warc offset length span record_id record_type",
            "refers_to attempts error error_detail truncated not_modified",
        )
    ).split(" ")
)


def as_utc(moment: datetime) -> datetime:
    """The same instant as an aware UTC datetime; naive datetimes are taken as UTC."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def to_iso(moment: datetime) -> str:
    """A fixed-width, sortable UTC timestamp; naive datetimes are taken as UTC."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(text: str) -> datetime:
    """Parse a timestamp written by `to_iso`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@contextlib.contextmanager
def translating(action: str, path: Path | str) -> Iterator[None]:
    """Turn sqlite3, warcio and OS errors raised inside the block into `ArchiveError`."""
    try:
        yield
    except ArchiveError:
        raise
    except (sqlite3.Error, OSError, ValueError, StopIteration, EOFError, zlib.error) as exc:
        raise ArchiveError(f"cannot {action}: {exc or type(exc).__name__}", path=str(path)) from exc
    except Exception as exc:  # warcio raises its own and bare Exceptions for bad records
        if type(exc).__module__.startswith("warcio"):
            raise ArchiveError(f"cannot {action}: {exc}", path=str(path)) from exc
        raise


def connect_index(root: Path) -> sqlite3.Connection:
    """Open (and if needed create) the WAL-mode index of a cache folder."""
    connection = sqlite3.connect(
        root / INDEX_NAME, isolation_level=None, check_same_thread=False, timeout=30
    )
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    with transaction(connection):
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        _check_version(connection)
    return connection


def _check_version(connection: sqlite3.Connection) -> None:
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    if row[0] is None:
        connection.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
    elif row[0] > SCHEMA_VERSION:
        known = SCHEMA_VERSION
        raise ArchiveError(f"the cache index has schema {row[0]}; this citecheck knows {known}")


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction that takes the write lock up front (no upgrade deadlocks)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def check_values(
    result: FetchResult, verdict: Verdict, checked_at: datetime, run_id: str
) -> dict[str, Any]:
    """The index columns that describe one check (the WARC columns are added by the caller)."""
    hops = [[hop.url, hop.http_status, hop.location] for hop in result.hops]
    return {
        "url": result.url,
        "checked_at": to_iso(checked_at),
        "run_id": run_id,
        "status": str(verdict.status),
        "reason": verdict.reason,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "hops": json.dumps(hops),
        "content_type": result.content_type,
        "etag": result.header("ETag"),
        "last_modified": result.header("Last-Modified"),
        "attempts": result.attempts,
        "error": str(result.error) if result.error else None,
        "error_detail": result.error_detail,
        "truncated": int(result.truncated_body),
        "not_modified": int(result.not_modified),
    }


def result_from_row(row: sqlite3.Row, record: warcfile.StoredRecord, warc_dir: Path) -> FetchResult:
    """Rebuild a cached `FetchResult` from its index row and the record read back."""
    hops = tuple(Hop(url, status, location) for url, status, location in json.loads(row["hops"]))
    ref = ArchiveRef(
        str(warc_dir / row["warc"]), row["offset"], row["length"], row["record_id"], row["digest"]
    )
    return FetchResult(
        url=row["url"],
        final_url=row["final_url"],
        http_status=row["http_status"],
        hops=hops,
        headers=record.http_headers,
        content_type=row["content_type"],
        attempts=row["attempts"],
        checked_at=from_iso(row["checked_at"]),
        archive=ref,
        from_cache=True,
        body=record.payload,
    )
