"""The shared index backend: PostgreSQL through psycopg 3. The only psycopg importer.

Many workers and many nights write one database. Checks are appended (or, for a
URL a retried shard checks again in the same run, replaced) with `INSERT ... ON
CONFLICT`, so two writers never lose each other's rows; migrations hold a
transaction-scoped advisory lock, so two workers opening a new database at once
create its schema once. psycopg errors leave this module as `ArchiveError`, and
the URL in messages never carries its password.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from citecheck.errors import ArchiveError, ConfigError
from citecheck.redact import redact_url
from citecheck.store.index import Row

if TYPE_CHECKING:
    import psycopg

SCHEMA_LOCK = 0x63697465  # "cite": the advisory lock key migrations hold
CONNECT_TIMEOUT_S = 10
_PLACEHOLDER = re.compile(r"\?")
MISSING_PSYCOPG = "--index postgresql://... needs psycopg: pip install 'citecheck-sources[scale]'"


def to_pyformat(sql: str) -> str:
    """The index's `?` placeholders as psycopg's `%s` (a literal `%` doubled)."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


def one_line(exc: Exception) -> str:
    """psycopg's message (often several lines) on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


class PostgresIndex:
    """An `Index` on a PostgreSQL database; one autocommit connection shared by threads
    under a lock (a statement outside `transaction()` is its own transaction)."""

    dialect = "postgresql"

    def __init__(self, connection: psycopg.Connection[Row], location: str) -> None:
        """Wrap an open connection; prefer `connect_postgres`."""
        self.location = location
        self._db = connection
        self._lock = threading.RLock()

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return its rows as dicts."""
        with self._lock, self._errors("read the cache index"):
            return self._db.execute(to_pyformat(sql), tuple(args)).fetchall()

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Run a statement and return how many rows it changed."""
        with self._lock, self._errors("write the cache index"):
            return self._db.execute(to_pyformat(sql), tuple(args)).rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per row of arguments (pipelined by psycopg)."""
        if not rows:
            return
        with self._lock, self._errors("write the cache index"), self._db.cursor() as cursor:
            cursor.executemany(to_pyformat(sql), [tuple(row) for row in rows])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: committed on leaving, rolled back on an exception."""
        with self._lock, self._errors("write the cache index"), self._db.transaction():
            yield

    def lock_schema(self) -> None:
        """Hold the advisory lock that serialises migrations until the transaction ends."""
        self.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))

    def close(self) -> None:
        """Close the connection."""
        with self._lock, self._errors("close the cache index"):
            self._db.close()

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.Error as exc:
            raise ArchiveError(f"cannot {action}: {one_line(exc)}", path=self.location) from exc


def connect_postgres(url: str) -> PostgresIndex:
    """Connect to the PostgreSQL database named by a `postgresql://` URL.

    Raises:
        ConfigError: psycopg is not installed (the `scale` extra).
        ArchiveError: The database cannot be reached or refuses the connection.
    """
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError as exc:
        raise ConfigError(MISSING_PSYCOPG) from exc
    location = redact_url(url)
    try:
        connection = psycopg.connect(
            url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT_S
        )
    except psycopg.Error as exc:
        raise ArchiveError(f"cannot open the index: {one_line(exc)}", path=location) from exc
    return PostgresIndex(connection, location)
