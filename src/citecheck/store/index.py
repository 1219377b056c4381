"""The check index: one small interface, two backends, one schema with versioned migrations.

The cache's index (DESIGN.md §8) lives either in an embedded SQLite file inside the
cache folder (the default; `store.sqlitedb`) or in a PostgreSQL database shared by
every worker of a cluster and every night's run (`--index postgresql://...`;
`store.postgres`). Both speak the same SQL, written once here and in `archive.py`:
`?` placeholders, the column `"offset"` quoted (it is a reserved word in
PostgreSQL), `INSERT ... ON CONFLICT` for the writes that must not be lost when
several writers meet.

The schema is a list of migrations; `migrate` applies the ones an index has not
seen yet, inside one write transaction that also holds the backend's schema lock,
so two workers opening a new index at once do not both create it.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from citecheck.errors import ArchiveError

INDEX_NAME = "index.sqlite3"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

Row = dict[str, Any]


class Index(Protocol):
    """What the archive needs of an index backend; errors come out as `ArchiveError`."""

    location: str
    """Where the index is, for messages (a path, or a URL without its password)."""
    dialect: str
    """`sqlite` or `postgresql`: picks the column types of the schema."""

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return its rows as dicts keyed by column name."""
        ...

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Run a statement and return how many rows it changed."""
        ...

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per row of arguments."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction: committed on leaving, rolled back on an exception."""
        ...

    def lock_schema(self) -> None:
        """Inside a transaction: hold the lock that serialises migrations."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...


def is_postgres(location: str | None) -> bool:
    """Whether an `--index` value names a PostgreSQL database."""
    return bool(location) and str(location).startswith(POSTGRES_SCHEMES)


def open_index(location: str | None, cache_root: Path) -> Index:
    """Open (creating and migrating it if needed) the index named by `location`.

    Args:
        location: None for the SQLite file in the cache folder, a path to an
            SQLite file, or a `postgresql://` URL.
        cache_root: The cache folder (where the default SQLite file lives).

    Raises:
        ConfigError: PostgreSQL is asked for but psycopg is not installed.
        ArchiveError: The index cannot be opened, created or migrated.
    """
    if is_postgres(location):
        from citecheck.store.postgres import connect_postgres

        index: Index = connect_postgres(str(location))
    else:
        from citecheck.store.sqlitedb import connect_sqlite

        index = connect_sqlite(Path(location) if location else cache_root / INDEX_NAME)
    try:
        migrate(index)
    except BaseException:
        index.close()
        raise
    return index


_TYPES = {
    "sqlite": {"id": "INTEGER PRIMARY KEY", "int": "INTEGER", "blob": "BLOB"},
    "postgresql": {"id": "BIGSERIAL PRIMARY KEY", "int": "BIGINT", "blob": "BYTEA"},
}

_VERSION_1 = (
    """CREATE TABLE IF NOT EXISTS checks (
    id {id},
    url TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    run_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    http_status {int},
    final_url TEXT,
    hops TEXT NOT NULL DEFAULT '[]',
    content_type TEXT,
    digest TEXT,
    etag TEXT,
    last_modified TEXT,
    warc TEXT,
    "offset" {int},
    length {int},
    span {int},
    record_id TEXT,
    record_type TEXT,
    refers_to TEXT,
    attempts {int} NOT NULL DEFAULT 1,
    error TEXT,
    error_detail TEXT,
    truncated {int} NOT NULL DEFAULT 0,
    not_modified {int} NOT NULL DEFAULT 0,
    text_fingerprint TEXT
)""",
    "CREATE INDEX IF NOT EXISTS checks_url ON checks (url, checked_at)",
    "CREATE INDEX IF NOT EXISTS checks_record ON checks (record_id)",
    """CREATE TABLE IF NOT EXISTS texts (
    url TEXT PRIMARY KEY,
    digest TEXT,
    fingerprint TEXT NOT NULL,
    text {blob} NOT NULL,
    recorded_at TEXT NOT NULL
)""",
)

_VERSION_2 = (
    # A run judges a URL once: a retried shard replaces its URL's check instead of
    # adding a second one. Older indexes may hold a URL twice in one run; those
    # rows are kept, each under a run id of its own, so the unique index can exist.
    "UPDATE checks SET run_id = run_id || '-' || id WHERE id NOT IN "
    "(SELECT max(id) FROM checks GROUP BY run_id, url)",
    "CREATE UNIQUE INDEX IF NOT EXISTS checks_run_url ON checks (run_id, url)",
)

_VERSION_3 = (
    # How long each check took on the network: a distributed run packs hosts into
    # shards of similar cost by their remembered latency (`engine.shards`).
    "ALTER TABLE checks ADD COLUMN elapsed_s REAL",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_VERSION_1, _VERSION_2, _VERSION_3)
"""Migration n+1 takes an index from schema version n to n+1; never edit a shipped one."""
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(index: Index) -> int:
    """Bring an index up to `SCHEMA_VERSION`; return the version it had before.

    Raises:
        ArchiveError: The index was written by a newer citecheck, or cannot be changed.
    """
    with index.transaction():
        index.lock_schema()
        index.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        found = index.rows("SELECT max(version) AS version FROM schema_version")[0]["version"]
        current = int(found or 0)
        if current > SCHEMA_VERSION:
            raise ArchiveError(
                f"the cache index has schema {current}; this citecheck knows {SCHEMA_VERSION}",
                path=index.location,
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                index.execute(statement.format(**_TYPES[index.dialect]))
            index.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    return current
