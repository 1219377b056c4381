"""Looking after a cache folder: stats, prune and export (`citecheck cache ...`).

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
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from citecheck import warcfile
from citecheck.archive import Archive
from citecheck.cacheindex import to_iso, transaction, translating

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
    db = archive.connection
    with translating("read the cache index", archive.root):
        totals = db.execute(
            "SELECT count(DISTINCT url), count(*), min(checked_at), max(checked_at) FROM checks"
        ).fetchone()
        by_status = db.execute(
            "SELECT status, count(*) FROM checks GROUP BY status ORDER BY status"
        ).fetchall()
        files = _warc_files(archive)
        size = sum(path.stat().st_size for path in files)
    return CacheStats(
        urls=totals[0],
        checks=totals[1],
        warc_files=len(files),
        warc_bytes=size,
        by_status={row[0]: row[1] for row in by_status},
        oldest=totals[2],
        newest=totals[3],
    )


def _warc_files(archive: Archive) -> list[Path]:
    return sorted(archive.warc_dir.glob(f"*{warcfile.WARC_SUFFIX}"))


def prune(archive: Archive, *, older_than: timedelta, now: datetime) -> PruneResult:
    """Drop checks older than `older_than` and reclaim WARC space no check refers to.

    Each URL keeps its latest check and its latest full capture, however old,
    and a capture that a kept `revisit` record refers to is kept as well.

    Raises:
        ArchiveError: The index or a WARC file cannot be read or written.
    """
    db = archive.connection
    with translating("prune the cache", archive.root):
        with transaction(db):
            removed = db.execute(_DELETE_OLD, (to_iso(now - older_than),)).rowcount
        deleted = rewritten = freed = 0
        for path in _warc_files(archive):
            if warcfile.is_in_use(path):
                continue
            outcome = _compact(archive, path)
            deleted, rewritten = deleted + (outcome < 0), rewritten + (outcome > 0)
            freed += abs(outcome)
    return PruneResult(removed, deleted, rewritten, freed)


_DELETE_OLD = """
DELETE FROM checks WHERE checked_at < ?
AND id NOT IN (SELECT max(id) FROM checks GROUP BY url)
AND id NOT IN (SELECT max(id) FROM checks WHERE record_type = 'response' GROUP BY url)
AND (record_id IS NULL OR record_id NOT IN
     (SELECT refers_to FROM checks WHERE refers_to IS NOT NULL))
"""


def _compact(archive: Archive, path: Path) -> int:
    """Rewrite or delete one idle WARC file; return +bytes freed, -bytes freed if deleted, 0."""
    db = archive.connection
    rows = db.execute(
        "SELECT id, offset, span FROM checks WHERE warc = ? ORDER BY offset", (path.name,)
    ).fetchall()
    size = path.stat().st_size
    if not rows:
        path.unlink()
        return -size
    kept = _unique_ranges(rows)
    if sum(length for _, length in kept) == size:
        return 0
    _rewrite(db, path, rows, kept)
    return size - sum(length for _, length in kept)


def _unique_ranges(rows: list[sqlite3.Row]) -> list[tuple[int, int]]:
    return sorted({(row["offset"], row["span"]) for row in rows})


def _rewrite(
    db: sqlite3.Connection, path: Path, rows: list[sqlite3.Row], kept: list[tuple[int, int]]
) -> None:
    target = path.with_name(warcfile.new_warc_name())
    new_offsets = dict(zip(kept, warcfile.copy_ranges(path, kept, target), strict=True))
    with transaction(db):
        for row in rows:
            db.execute(
                "UPDATE checks SET warc = ?, offset = ? WHERE id = ?",
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
            with (archive.warc_dir / row["warc"]).open("rb") as source:
                source.seek(row["offset"])
                out.write(source.read(row["span"]))
            count += 1
    return count


_LATEST_CAPTURES = """
SELECT warc, offset, span FROM checks WHERE id IN (
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


def _rows(archive: Archive, sql: str) -> Iterator[dict[str, Any]]:
    with translating("read the cache index", archive.root):
        for row in archive.connection.execute(sql):
            yield dict(row)
