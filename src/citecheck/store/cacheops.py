"""Looking after a cache folder: stats, prune, export and show (`citecheck cache ...`).

Prune is safe against a crash at any point and against runs writing at the
same time: it never touches a WARC file another run still holds open; it copies
the records still referenced into a *new* file, fsyncs it, repoints the index
in one transaction, and only then deletes the old file. A crash before the
commit leaves an unreferenced new file, one after it an unreferenced old file;
either is removed by the next prune.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from citecheck.store import warcfile
from citecheck.store.archive import Archive
from citecheck.store.cacheindex import to_iso, translating
from citecheck.store.index import Index, Row
from citecheck.store.remote import RemoteWarcs

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What a cache folder holds."""

    urls: int
    checks: int
    warc_files: int
    warc_bytes: int
    by_status: dict[str, int] = field(default_factory=dict)
    oldest: str | None = None
    newest: str | None = None


@dataclass(frozen=True, slots=True)
class PruneResult:
    """What a prune removed."""

    checks_removed: int
    files_deleted: int
    files_rewritten: int
    bytes_freed: int


def cache_stats(archive: Archive) -> CacheStats:
    """Count URLs, checks, WARC files and bytes, checks by status, and the time span."""
    db = archive.index
    with translating("read the cache index", archive.root):
        (totals,) = db.rows(
            "SELECT count(DISTINCT url) AS urls, count(*) AS checks, "
            "min(checked_at) AS oldest, max(checked_at) AS newest FROM checks"
        )
        by_status = db.rows(
            "SELECT status, count(*) AS n FROM checks GROUP BY status ORDER BY status"
        )
        sizes = archive.warc_sizes()
    return CacheStats(
        urls=totals["urls"],
        checks=totals["checks"],
        warc_files=len(sizes),
        warc_bytes=sum(sizes.values()),
        by_status={row["status"]: row["n"] for row in by_status},
        oldest=totals["oldest"],
        newest=totals["newest"],
    )


def prune(archive: Archive, *, older_than: timedelta, now: datetime) -> PruneResult:
    """Drop checks older than `older_than` and reclaim WARC space no check refers to.

    Each URL keeps its latest check and its latest full capture, however old,
    and a capture that a kept `revisit` record refers to is kept as well.

    Raises:
        ArchiveError: The index or a WARC file cannot be read or written.
    """
    db = archive.index
    with translating("prune the cache", archive.root):
        with db.transaction():
            removed = db.execute(_DELETE_OLD, (to_iso(now - older_than),))
        deleted = rewritten = freed = 0
        for path in archive.local_warcs():
            if warcfile.is_in_use(path):
                continue
            outcome = _compact(archive, path)
            deleted, rewritten = deleted + (outcome < 0), rewritten + (outcome > 0)
            freed += abs(outcome)
        if archive.remote is not None:
            objects, space = _drop_unreferenced_objects(archive, archive.remote, now)
            deleted, freed = deleted + objects, freed + space
    return PruneResult(removed, deleted, rewritten, freed)


OBJECT_GRACE = timedelta(hours=1)
"""An object younger than this may have been published by a run that has yet to index it."""


def _drop_unreferenced_objects(
    archive: Archive, remote: RemoteWarcs, now: datetime
) -> tuple[int, int]:
    """Delete the WARC objects no check refers to; objects still referred to stay whole
    (an object store cannot rewrite part of an object)."""
    used = {row["warc"] for row in archive.index.rows("SELECT DISTINCT warc FROM checks")}
    count = space = 0
    for name, (size, written) in remote.listing().items():
        if name in used or written is None or now - written < OBJECT_GRACE:
            continue
        remote.delete(name)
        count, space = count + 1, space + size
    return count, space


_DELETE_OLD = """
DELETE FROM checks WHERE checked_at < ?
AND id NOT IN (SELECT max(id) FROM checks GROUP BY url)
AND id NOT IN (SELECT max(id) FROM checks WHERE record_type = 'response' GROUP BY url)
AND (record_id IS NULL OR record_id NOT IN
     (SELECT refers_to FROM checks WHERE refers_to IS NOT NULL))
"""


def _compact(archive: Archive, path: Path) -> int:
    """Rewrite or delete one idle WARC file; return +bytes freed, -bytes freed if deleted, 0."""
    db = archive.index
    rows = db.rows(
        'SELECT id, "offset", span FROM checks WHERE warc = ? ORDER BY "offset"', (path.name,)
    )
    size = path.stat().st_size
    if not rows:
        path.unlink()
        return -size
    kept = _unique_ranges(rows)
    if sum(length for _, length in kept) == size:
        return 0
    _rewrite(db, path, rows, kept)
    return size - sum(length for _, length in kept)


def _unique_ranges(rows: list[Row]) -> list[tuple[int, int]]:
    return sorted({(row["offset"], row["span"]) for row in rows})


def _rewrite(db: Index, path: Path, rows: list[Row], kept: list[tuple[int, int]]) -> None:
    target = path.with_name(warcfile.new_warc_name())
    new_offsets = dict(zip(kept, warcfile.copy_ranges(path, kept, target), strict=True))
    with db.transaction():
        for row in rows:
            db.execute(
                'UPDATE checks SET warc = ?, "offset" = ? WHERE id = ?',
                (target.name, new_offsets[(row["offset"], row["span"])], row["id"]),
            )
    path.unlink()
    logger.info("rewrote %s as %s", path.name, target.name)


def export_jsonl(archive: Archive, out: IO[str]) -> int:
    """Write every check as one JSON object per line, oldest first; return the count."""
    count = 0
    for row in _rows(archive, "SELECT * FROM checks ORDER BY checked_at, id"):
        out.write(json.dumps(_public(row), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def _public(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["hops"] = json.loads(row["hops"])
    row.pop("id", None)
    return row


def export_warc(archive: Archive, target: Path) -> int:
    """Write the latest full capture of every URL into one WARC file; return the count.

    Each capture keeps its response and request records byte for byte.

    Raises:
        ArchiveError: A WARC file cannot be read or the target cannot be written.
    """
    count = 0
    with translating("export the cache", target), atomic_output(target, "wb") as out:
        for row in _rows(archive, _LATEST_CAPTURES):
            with archive.open_warc(row["warc"]) as source:
                source.seek(row["offset"])
                out.write(source.read(row["span"]))
            count += 1
    return count


_LATEST_CAPTURES = """
SELECT warc, "offset", span FROM checks WHERE id IN (
    SELECT max(id) FROM checks WHERE record_type = 'response' GROUP BY url)
ORDER BY url
"""


@contextlib.contextmanager
def atomic_output(target: Path, mode: str) -> Iterator[IO[Any]]:
    """Write to `target.part` and rename it over `target` only once writing succeeded."""
    partial = target.with_name(target.name + ".part")
    try:
        encoding = None if "b" in mode else "utf-8"
        with partial.open(mode, encoding=encoding) as handle:
            yield handle
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _rows(archive: Archive, sql: str) -> Iterator[Row]:
    with translating("read the cache index", archive.root):
        yield from archive.index.rows(sql)


ARCHIVED_COPY_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
"""An archived page opened from the cache runs no script and fetches nothing live."""


@dataclass(frozen=True, slots=True)
class ArchivedCopy:
    """The last good capture of a URL, as kept in the cache's WARC files."""

    url: str
    final_url: str
    checked_at: datetime | None
    content_type: str | None
    body: bytes = field(repr=False)

    @property
    def is_html(self) -> bool:
        """Whether the capture is an HTML page."""
        return (self.content_type or "").split(";")[0].strip().lower() in ("text/html", "")

    def as_file(self) -> bytes:
        """The body to save; an HTML page gets a policy so it fetches and runs nothing."""
        if not self.is_html:
            return self.body
        taken = self.checked_at.isoformat() if self.checked_at else "unknown time"
        address = self.url.replace("--", "%2D%2D")  # a URL cannot end the comment early
        note = f"<!-- citecheck: archived copy of {address} taken {taken} -->\n"
        policy = f'<meta http-equiv="Content-Security-Policy" content="{ARCHIVED_COPY_CSP}">\n'
        return (note + policy).encode() + self.body


def archived_copy(archive: Archive, url: str) -> ArchivedCopy | None:
    """The last good capture of `url` (a 200 with a whole body), or None if there is none.

    Raises:
        ArchiveError: The index points at a WARC record that cannot be read.
    """
    found = archive.latest_body(url)
    if found is None:
        return None
    result, body = found
    return ArchivedCopy(url, result.final_url, result.checked_at, result.content_type, body)


def serve_archived_copy(copy: ArchivedCopy, port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 that answers `/` with the archived copy.

    The caller runs `serve_forever()` and `server_close()`; port 0 picks a free port
    (`server.server_address[1]`). Every answer carries a Content-Security-Policy, so
    the page neither runs scripts nor loads anything from the live web.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path not in ("/", "/index.html"):
                self.send_error(404, "only / is served: the archived copy")
                return
            self.send_response(200)
            self.send_header("Content-Type", copy.content_type or "application/octet-stream")
            self.send_header("Content-Security-Policy", f"{ARCHIVED_COPY_CSP}; sandbox")
            self.send_header("Content-Length", str(len(copy.body)))
            self.end_headers()
            self.wfile.write(copy.body)

        def log_message(self, format: str, *args: Any) -> None:
            logger.info("cache show: " + format, *args)

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
