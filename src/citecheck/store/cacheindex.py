"""The rows of the check index: columns, timestamps, and rebuilding results from rows.

The index itself (schema, migrations, the SQLite and PostgreSQL backends) is in
`store.index`. Timestamps are fixed-width UTC strings, so text order is time order
in either backend.
"""

from __future__ import annotations

import contextlib
import json
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from citecheck.errors import ArchiveError
from citecheck.models import ArchiveRef, FetchResult, Hop, Verdict
from citecheck.store import warcfile
from citecheck.store.index import INDEX_NAME, SCHEMA_VERSION, Row

__all__ = [
    "INDEX_NAME",
    "INSERT_COLUMNS",
    "SCHEMA_VERSION",
    "as_utc",
    "check_values",
    "from_iso",
    "result_from_row",
    "to_iso",
    "translating",
]

INSERT_COLUMNS = tuple(
    " ".join(
        (
            "url checked_at run_id status reason http_status final_url hops content_type",
            "digest etag last_modified warc offset length span record_id record_type",
            "refers_to attempts error error_detail truncated not_modified elapsed_s",
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
    """Turn warcio and OS errors raised inside the block into `ArchiveError`.

    The index backends translate their own database errors (`store.sqlitedb`,
    `store.postgres`).
    """
    try:
        yield
    except ArchiveError:
        raise
    except (OSError, ValueError, StopIteration, EOFError, zlib.error) as exc:
        raise ArchiveError(f"cannot {action}: {exc or type(exc).__name__}", path=str(path)) from exc
    except Exception as exc:  # warcio raises its own and bare Exceptions for bad records
        if type(exc).__module__.startswith("warcio"):
            raise ArchiveError(f"cannot {action}: {exc}", path=str(path)) from exc
        raise


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
        "elapsed_s": result.elapsed_s,
    }


def result_from_row(
    row: Row, record: warcfile.StoredRecord, warc_location: str, *, tls_verified: bool = True
) -> FetchResult:
    """Rebuild a cached `FetchResult` from its index row and the record read back."""
    hops = tuple(Hop(url, status, location) for url, status, location in json.loads(row["hops"]))
    ref = ArchiveRef(warc_location, row["offset"], row["length"], row["record_id"], row["digest"])
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
        tls_verified=tls_verified,
        body=record.payload,
    )
