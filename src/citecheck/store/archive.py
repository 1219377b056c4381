"""The cache: WARC captures of every answer, and an index of every check.

Layout of a cache folder (DESIGN.md §8)::

    cache/
      index.sqlite3      WAL-mode index: one row per check, first main text per URL
      warc/*.warc.gz     WARC 1.1, one gzip member per record, one file per run

The index may instead be a PostgreSQL database shared by many machines
(`index="postgresql://..."`, see `store.index`); a run then checks each URL once
however many workers write: a check stored again under the same `run_id` replaces
the earlier one.

A capture is written to the WARC and flushed, and its index row waits in a
batch (`citecheck.store.pending`): every few dozen captures, every second and at
close, the WARC file is fsynced once and *then* the batch is inserted in one
write transaction, so the index never points at bytes that are not on
disk; a run killed mid-way leaves at most WARC records nobody references, and the
next run simply opens a new file. Reads that could need a waiting row commit the
batch first, so an `Archive` always sees its own checks. Two runs
at once write different WARC files and take turns on the index (WAL plus a busy
timeout). Errors (`error`, `timeout`) are recorded but never served from cache:
validators and cached bodies come only from successful 200 checks.

Database, warcio and OSError failures become `ArchiveError` in this archive layer
(this module, `index` and its backends, `cacheindex`, `warcfile`, `cacheops`) and
never leave it otherwise.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import threading
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from citecheck.errors import ArchiveError
from citecheck.models import ArchiveRef, FetchResult, History, Status, Verdict
from citecheck.net.schedule import host_key
from citecheck.redact import redact_fields, redact_url
from citecheck.store import warcfile
from citecheck.store.cacheindex import (
    INSERT_COLUMNS,
    as_utc,
    check_values,
    from_iso,
    result_from_row,
    to_iso,
    translating,
)
from citecheck.store.history import compute_history
from citecheck.store.index import Index, Row, open_index
from citecheck.store.pending import (
    DEFAULT_COMMIT_EVERY,
    DEFAULT_COMMIT_INTERVAL_S,
    PendingChecks,
    TextNote,
)
from citecheck.store.remote import RemoteWarcs, is_remote

logger = logging.getLogger(__name__)

WARC_FOLDER = "warc"
LATENCY_SAMPLE = 200_000
"""How many of the latest checks `host_latency` averages over."""
SERVABLE_STATUSES = (Status.OK, Status.REDIRECTED)
"""Only checks with these statuses (and HTTP 200, whole body) give validators or a cached body."""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC (the default clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Prior:
    """What the cache knew of a URL when a run's walk of it began: one look-up (`Archive.prior`).

    The walk takes everything it needs from here: validators for a conditional
    GET, the capture a `--max-cache-age`, `--offline` or 304 answer replays
    (`Archive.replay`), whether an earlier run checked the URL, and the drift
    baseline (payload digest and text fingerprint, None when no text was recorded).
    """

    url: str
    capture: Row | None = field(repr=False)
    checked_before: bool = False
    text_baseline: tuple[str | None, str] | None = None

    @property
    def validators(self) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of the last successful 200, for a conditional GET."""
        row = self.capture
        return (row["etag"], row["last_modified"]) if row is not None else (None, None)

    @property
    def checked_at(self) -> datetime | None:
        """When the replayable capture was taken (None: there is none)."""
        return from_iso(self.capture["checked_at"]) if self.capture is not None else None


@dataclass(frozen=True, slots=True)
class Stored:
    """Where `Archive.record` put a check: its WARC record (None: no HTTP answer) and time."""

    ref: ArchiveRef | None
    checked_at: datetime


@dataclass(frozen=True, slots=True)
class _Written:
    """Where a capture went, and what the index row needs to know about it."""

    ref: ArchiveRef
    span: int
    """Bytes of the main record plus its request record (what prune and export copy)."""
    record_type: str
    refers_to: str | None


class Archive:
    """A cache folder: append captures, record checks, answer questions about history.

    Use `Archive.open(folder)` as a context manager. One instance is one run: its
    WARC file and `run_id` are its own. Methods are safe to call from several
    threads; several processes may use the same folder at once.
    """

    def __init__(
        self,
        root: Path,
        index: Index,
        *,
        clock: Clock,
        sync: bool,
        max_warc_bytes: int,
        pending: PendingChecks | None = None,
        run_id: str | None = None,
        warc_dir: Path | None = None,
        remote: RemoteWarcs | None = None,
    ) -> None:
        """Wrap an open index; prefer `Archive.open`."""
        self.root = root
        self.warc_dir = warc_dir or root / WARC_FOLDER
        self._remote = remote
        self.run_id = run_id or uuid.uuid4().hex
        self._db = index
        self._clock = clock
        self._sync = sync
        self._appender = warcfile.WarcAppender(self.warc_dir, max_bytes=max_warc_bytes)
        self._lock = threading.RLock()
        self._pending = pending if pending is not None else PendingChecks()

    @classmethod
    def open(
        cls,
        cache_dir: str | Path,
        *,
        clock: Clock = utc_now,
        sync: bool = True,
        max_warc_bytes: int = warcfile.DEFAULT_MAX_WARC_BYTES,
        commit_every: int = DEFAULT_COMMIT_EVERY,
        commit_interval_s: float = DEFAULT_COMMIT_INTERVAL_S,
        index: str | None = None,
        run_id: str | None = None,
        archive_dir: str | None = None,
    ) -> Archive:
        """Open a cache folder, creating it, its `warc/` folder and its index if needed.

        Args:
            cache_dir: The cache folder (`cache/` by default in the CLI).
            clock: Returns "now" for checks whose result carries no `checked_at`.
            sync: fsync the captures before indexing them (survives power loss, not
                only a killed process).
            max_warc_bytes: Start a new WARC file past this size.
            commit_every: Index the captures (one sync, one transaction) in batches
                of this many...
            commit_interval_s: ...or once the oldest waited this long.
            index: Where the index is: None for `index.sqlite3` in the folder, or a
                `postgresql://` URL (see `store.index.open_index`).
            run_id: The run's id; the shards of one distributed run share one, so a
                URL is checked once per run whichever worker stores it.
            archive_dir: Where the WARC files go instead of `<cache_dir>/warc`: a
                (shared) folder, or an fsspec URL such as `s3://bucket/prefix`
                (`store.remote`; the cache's `warc/` is then the local spool).

        Raises:
            ConfigError: PostgreSQL is asked for without psycopg installed.
            ArchiveError: The folder or index cannot be created, opened or written.
        """
        root = Path(cache_dir)
        remote = RemoteWarcs(str(archive_dir)) if is_remote(archive_dir) else None
        warc_dir = Path(archive_dir) if archive_dir and remote is None else root / WARC_FOLDER
        with translating("open the cache", root):
            warc_dir.mkdir(parents=True, exist_ok=True)
            opened = open_index(index, root)
        pending = PendingChecks(every=commit_every, interval_s=commit_interval_s)
        return cls(
            root,
            opened,
            clock=clock,
            sync=sync,
            max_warc_bytes=max_warc_bytes,
            pending=pending,
            run_id=run_id,
            warc_dir=warc_dir,
            remote=remote,
        )

    def __enter__(self) -> Archive:
        """Return the archive itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the archive."""
        self.close()

    def close(self) -> None:
        """Index the waiting captures, then sync and close this run's WARC file and the index."""
        with self._lock, translating("close the cache", self.root):
            self._commit_pending()
            self._appender.close()
            self._db.close()

    # -- writing ---------------------------------------------------------------------------

    def store(self, result: FetchResult, *, verdict: Verdict) -> FetchResult:
        """Archive a fetch and record its check; return it with `archive` (and `checked_at`) set.

        A result with an HTTP answer gets a WARC `response` record and its `request`
        record (a `revisit` record for a 304 whose earlier capture is known); one
        with no answer (DNS, timeout, refused...) is only recorded in the index.

        Raises:
            ArchiveError: The WARC file or the index cannot be written.
        """
        stored = self.record(result, verdict=verdict)
        return dataclasses.replace(result, archive=stored.ref, checked_at=stored.checked_at)

    def record(self, result: FetchResult, *, verdict: Verdict) -> Stored:
        """`store`, answering only where the capture went: the caller keeps `result` as it is.

        Raises:
            ArchiveError: The WARC file or the index cannot be written.
        """
        checked_at = result.checked_at or self._clock()
        redacted = redact_fields(result)  # a password in the URL is never written down
        with self._lock, translating("write to the cache", self.root):
            written = self._write_capture(redacted, checked_at)
            self._pending.add(
                self._check_row(redacted, redact_fields(verdict), checked_at, written)
            )
            if self._pending.is_due():
                self._commit_pending()
        return Stored(written.ref if written else None, checked_at)

    def _write_capture(self, result: FetchResult, checked_at: datetime) -> _Written | None:
        if result.http_status is None:
            return None
        if result.from_cache and result.archive is not None and result.http_status != 304:
            known = self._known_capture(result.archive)
            if known is not None:  # a replayed capture is indexed again, not copied again
                return known
        revisit = self._revisit_target(result) if result.http_status == 304 else None
        capture = warcfile.build_capture(result, checked_at, revisit)
        path, offset = self._appender.append(capture.data)
        location = self._remote.location(path.name) if self._remote else str(path)
        ref = ArchiveRef(location, offset, capture.main_length, capture.record_id, capture.digest)
        refers_to = revisit.record_id if revisit else None
        return _Written(ref, len(capture.data), capture.record_type, refers_to)

    def _known_capture(self, ref: ArchiveRef) -> _Written | None:
        self.commit_pending()  # the capture may be this run's own
        row = self._query_one(
            "SELECT span, record_type, refers_to FROM checks WHERE record_id = ? LIMIT 1",
            (ref.record_id,),
        )
        if row is None:
            return None
        return _Written(ref, row["span"], row["record_type"], row["refers_to"])

    def _revisit_target(self, result: FetchResult) -> warcfile.Revisit | None:
        row = self._latest_servable(result.url)
        if row is None or row["digest"] is None:
            return None
        return warcfile.Revisit(
            row["record_id"], row["final_url"], from_iso(row["checked_at"]), row["digest"]
        )

    def _check_row(
        self, result: FetchResult, verdict: Verdict, checked_at: datetime, written: _Written | None
    ) -> dict[str, Any]:
        values = check_values(result, verdict, checked_at, self.run_id)
        if written is not None:
            ref = written.ref
            values.update(
                warc=Path(ref.warc).name,
                offset=ref.offset,
                length=ref.length,
                span=written.span,
                record_id=ref.record_id,
                record_type=written.record_type,
                refers_to=written.refers_to,
                digest=ref.digest,
            )
        return values

    def _commit_pending(self) -> None:
        """Sync the WARC file, then index every waiting capture in one transaction."""
        if not self._pending:
            return
        if self._sync:
            self._appender.sync()
        rows, texts = self._pending.take()
        if self._remote is not None:  # the objects exist before rows point into them
            self._appender.close()
            for name in sorted({row["warc"] for row in rows if row.get("warc")}):
                if (self.warc_dir / name).exists():
                    self._remote.publish(self.warc_dir / name)
        with self._db.transaction():
            self._db.execute_many(_UPSERT_CHECK, [_in_column_order(row) for row in rows])
            self._db.execute_many(_INSERT_TEXT, [text.as_row() for text in texts])

    def record_text_fingerprint(self, url: str, digest: str | None, text: str) -> str:
        """Note the main text of a URL's page: fingerprint this run's check, keep the first text.

        The first text recorded for a URL is kept (compressed) as the baseline
        for content drift; later calls only set the fingerprint of the check
        this run stored for the URL (call it after `store()`).

        Returns:
            The fingerprint (sha256 of the whitespace-normalised text, 32 hex digits).
        """
        url = redact_url(url)
        fingerprint = text_fingerprint(text)
        note = None
        if self.text_baseline(url) is None:  # only the first text is kept
            blob = zlib.compress(text.encode("utf-8"))
            note = TextNote(url, digest, fingerprint, blob, to_iso(self._clock()))
        with self._lock, translating("write to the cache", self.root):
            if self._pending.holds(url):  # goes in with its check row
                self._pending.note_text(url, fingerprint, note)
                return fingerprint
            with self._db.transaction():
                self._db.execute(
                    "UPDATE checks SET text_fingerprint = ? WHERE url = ? AND run_id = ?",
                    (fingerprint, url, self.run_id),
                )
                if note is not None:
                    self._db.execute(_INSERT_TEXT, note.as_row())
        return fingerprint

    # -- reading ---------------------------------------------------------------------------

    def prior(self, url: str) -> Prior:
        """Everything a run's walk of `url` needs from earlier checks, in one look-up.

        Raises:
            ArchiveError: The index cannot be read.
        """
        capture_url = redact_url(url)
        with self._lock:
            if self._pending.holds(capture_url):
                self.commit_pending()
            found = self._query_one(
                _PRIOR, (self.run_id, capture_url, capture_url, *SERVABLE_STATUSES, capture_url)
            )
            assert found is not None  # one row, whatever the index holds
            waiting = self._pending.texts.get(capture_url)
        text_digest, fingerprint = found.pop("_text_digest"), found.pop("_text_fingerprint")
        if waiting is not None:
            baseline: tuple[str | None, str] | None = (waiting.digest, waiting.fingerprint)
        else:
            baseline = None if fingerprint is None else (text_digest, str(fingerprint))
        checked_before = bool(found.pop("_checked_before"))
        capture = found if found["id"] is not None else None
        return Prior(url, capture, checked_before=checked_before, text_baseline=baseline)

    def replay(self, prior: Prior, *, tls_verified: bool = True) -> FetchResult | None:
        """The capture `prior` names, read back from its WARC record with its body (or None).

        Raises:
            ArchiveError: The index points at a WARC record that cannot be read.
        """
        row = prior.capture
        if row is None:
            return None
        record = self._read(row["warc"], row["offset"])
        return result_from_row(row, record, self._location(row["warc"]), tls_verified=tls_verified)

    def text_baseline(self, url: str) -> tuple[str | None, str] | None:
        """The drift baseline of a URL without reading it: its body's payload digest and
        its text fingerprint, or None when no text was recorded for the URL."""
        url = redact_url(url)  # rows are written with the URL's password redacted
        waiting = self._pending.texts.get(url)
        if waiting is not None:
            return waiting.digest, waiting.fingerprint
        row = self._query_one("SELECT digest, fingerprint FROM texts WHERE url = ?", (url,))
        return None if row is None else (row["digest"], str(row["fingerprint"]))

    def checked_before(self, url: str) -> bool:
        """Whether an earlier run checked this URL."""
        sql = "SELECT 1 FROM checks WHERE url = ? AND run_id != ? LIMIT 1"
        return self._query_one(sql, (redact_url(url), self.run_id)) is not None

    def first_text(self, url: str) -> str | None:
        """The main text first recorded for a URL (the content-drift baseline), if any."""
        url = redact_url(url)
        waiting = self._pending.texts.get(url)
        if waiting is not None:
            blob = waiting.blob
        else:
            row = self._query_one("SELECT text FROM texts WHERE url = ?", (url,))
            if row is None:
                return None
            blob = row["text"]
        with translating("read the cache", self.root):
            return zlib.decompress(blob).decode("utf-8")

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of the URL's last successful 200, for a conditional GET."""
        row = self._latest_servable(url)
        return (row["etag"], row["last_modified"]) if row is not None else (None, None)

    def latest_body(self, url: str) -> tuple[FetchResult, bytes] | None:
        """The last successful 200 capture of a URL and its body, read back from the WARC.

        For a `304 Not Modified` re-check: the page is unchanged since this capture.
        Errors are never served: only `ok`/`redirected` checks with a whole body count.

        Raises:
            ArchiveError: The index points at a WARC record that cannot be read.
        """
        row = self._latest_servable(url)
        if row is None:
            return None
        record = self._read(row["warc"], row["offset"])
        return result_from_row(row, record, self._location(row["warc"])), record.payload

    def read_record(self, ref: ArchiveRef) -> bytes:
        """The payload (HTTP body) of an archived capture, for `--offline` replay.

        A `revisit` record (a 304) is followed to the capture it refers to.

        Raises:
            ArchiveError: The file or record cannot be read.
        """
        record = self._read(Path(ref.warc).name, ref.offset)
        if ref.record_id and record.record_id != ref.record_id:
            # bytes at a wrong offset can happen to parse as a record: only the id tells
            raise ArchiveError(
                f"cannot read an archived record: {ref.record_id} is not at offset {ref.offset}",
                path=ref.warc,
            )
        if record.record_type == "revisit" and record.refers_to:
            self.commit_pending()  # the capture referred to may be this run's own
            row = self._query_one(
                'SELECT warc, "offset" FROM checks WHERE record_id = ?', (record.refers_to,)
            )
            if row is None:
                raise ArchiveError("a revisit record refers to a pruned capture", path=ref.warc)
            record = self._read(row["warc"], row["offset"])
        return record.payload

    def history(
        self, url: str, status: Status, now: datetime, *, confirm_after: int, spacing_hours: float
    ) -> History:
        """Where a URL stands across runs, counting this run's `status` at `now`.

        Call it after `store()`: the checks recorded by *this* `Archive` (this run)
        are left out of the earlier ones and `status` stands for them, so the
        result is the same whether or not this run's check was stored. Checks from
        other runs after `now` are ignored. See `citecheck.store.history` for the rule.
        """
        rows = self._query(
            "SELECT checked_at, status FROM checks WHERE url = ? AND run_id != ? "
            "AND checked_at <= ? ORDER BY checked_at",
            (redact_url(url), self.run_id, to_iso(now)),
        )
        prior = [(from_iso(row["checked_at"]), Status(row["status"])) for row in rows]
        return compute_history(
            prior, status, as_utc(now), confirm_after=confirm_after, spacing_hours=spacing_hours
        )

    def checks(self, url: str | None = None) -> list[dict[str, Any]]:
        """Every recorded check (of one URL, or all), oldest first, as plain dicts."""
        self.commit_pending()
        where, args = ("WHERE url = ?", (redact_url(url),)) if url is not None else ("", ())
        rows = self._query(f"SELECT * FROM checks {where} ORDER BY checked_at, id", args)
        return rows

    def host_latency(self, recent: int = LATENCY_SAMPLE) -> dict[str, float]:
        """The mean network seconds per URL of each host, over the index's latest checks."""
        self.commit_pending()
        rows = self._query(
            "SELECT url, elapsed_s FROM checks WHERE elapsed_s > 0 ORDER BY id DESC LIMIT ?",
            (recent,),
        )
        seconds: dict[str, list[float]] = {}
        for row in rows:
            seconds.setdefault(host_key(row["url"]), []).append(float(row["elapsed_s"]))
        return {host: sum(values) / len(values) for host, values in seconds.items()}

    def host_links(self, recent: int = LATENCY_SAMPLE) -> set[tuple[str, str]]:
        """Pairs of hosts the index's latest checks saw one redirect to the other (every
        host a redirect chain passed through, paired with the host of the URL checked)."""
        self.commit_pending()
        rows = self._query(
            "SELECT url, hops FROM checks WHERE final_url IS NOT NULL AND final_url != url "
            "ORDER BY id DESC LIMIT ?",
            (recent,),
        )
        links: set[tuple[str, str]] = set()
        for row in rows:
            start = host_key(row["url"])
            for hop_url, _status, location in json.loads(row["hops"] or "[]"):
                for reached in (host_key(hop_url), host_key(location or "")):
                    if reached and reached != start:
                        links.add((start, reached))
        return links

    def _latest_servable(self, url: str) -> Row | None:
        url = redact_url(url)
        if self._pending.holds(url):
            self.commit_pending()
        return self._query_one(f"SELECT * FROM checks WHERE {_SERVABLE}", (url, *SERVABLE_STATUSES))

    def _read(self, warc_name: str, offset: int) -> warcfile.StoredRecord:
        location = self._location(warc_name)
        with translating("read an archived record", location), self.open_warc(warc_name) as handle:
            return warcfile.read_record_at(handle, offset)

    def _location(self, warc_name: str) -> str:
        """Where a WARC file of this archive is (a path, or an object's URL)."""
        local = self.warc_dir / warc_name
        return self._remote.location(warc_name) if self._remote else str(local)

    @contextlib.contextmanager
    def open_warc(self, warc_name: str) -> Iterator[IO[bytes]]:
        """Open one of the archive's WARC files for reading: this run's spool, the
        folder, or the object store."""
        local = self.warc_dir / warc_name
        if self._remote is None or local.exists():
            with local.open("rb") as handle:
                yield handle
            return
        with self._remote.open(warc_name) as remote:
            yield remote

    def warc_sizes(self) -> dict[str, int]:
        """The size of every WARC file of the archive (spool and object store), by name."""
        sizes = {path.name: path.stat().st_size for path in self.local_warcs()}
        if self._remote is not None:
            sizes.update(self._remote.sizes())
        return sizes

    def local_warcs(self) -> list[Path]:
        """The WARC files in the local folder (all of them, or the spool of a remote store)."""
        return sorted(self.warc_dir.glob(f"*{warcfile.WARC_SUFFIX}"))

    @property
    def remote(self) -> RemoteWarcs | None:
        """The object store the WARC files are published to, if any (`store.remote`)."""
        return self._remote

    def commit_pending(self) -> None:
        """Index the captures waiting for the next group commit now."""
        with self._lock, translating("write to the cache", self.root):
            self._commit_pending()

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Row]:
        with self._lock:
            return self._db.rows(sql, args)

    def _query_one(self, sql: str, args: tuple[Any, ...] = ()) -> Row | None:
        rows = self._query(sql, args)
        return rows[0] if rows else None

    @property
    def index(self) -> Index:
        """The index, for the maintenance commands in `citecheck.store.cacheops`
        (every capture this archive wrote is indexed first)."""
        self.commit_pending()
        return self._db


_SERVABLE = (
    "url = ? AND http_status = 200 AND truncated = 0 AND record_type = 'response' "
    "AND status IN (?, ?) ORDER BY checked_at DESC, id DESC LIMIT 1"
)
"""The URL's latest check that gives validators and a body (`SERVABLE_STATUSES`)."""
_PRIOR = (
    "SELECT c.*, t.digest AS _text_digest, t.fingerprint AS _text_fingerprint, "
    "EXISTS (SELECT 1 FROM checks WHERE url = q.url AND run_id != ?) AS _checked_before "
    "FROM (SELECT CAST(? AS TEXT) AS url) AS q "
    f"LEFT JOIN checks AS c ON c.id = (SELECT id FROM checks WHERE {_SERVABLE}) "
    "LEFT JOIN texts AS t ON t.url = CAST(? AS TEXT)"
)
"""`Archive.prior` in one query, one row: the latest servable check (all None if there is
none), the drift baseline (`texts`) and whether another run checked the URL."""
_COLUMNS = [f'"{c}"' for c in (*INSERT_COLUMNS, "text_fingerprint")]  # "offset" is reserved
_UPSERT_CHECK = (
    f"INSERT INTO checks ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
    "ON CONFLICT (run_id, url) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c not in ('"url"', '"run_id"'))
)
"""A run checks a URL once: storing it again (a retried shard) replaces the run's check."""
_INSERT_TEXT = (
    "INSERT INTO texts (url, digest, fingerprint, text, recorded_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (url) DO NOTHING"
)
"""The first text recorded for a URL wins, whichever writer gets there first."""


def _in_column_order(row: dict[str, Any]) -> list[Any]:
    return [row.get(column) for column in (*INSERT_COLUMNS, "text_fingerprint")]


def text_fingerprint(text: str) -> str:
    """The sha256 of a text with its whitespace collapsed, 32 hex digits."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]
