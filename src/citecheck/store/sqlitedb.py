"""The embedded index backend: one SQLite file in WAL mode. The only sqlite3 user in store/.

WAL mode lets readers go on while one writer writes; a busy timeout makes two
runs take turns rather than fail; every write transaction starts with `BEGIN
IMMEDIATE`, so it holds the write lock from its first statement (no lock upgrade,
no deadlock between two runs). sqlite3 errors leave this module as `ArchiveError`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from citecheck.errors import ArchiveError
from citecheck.store.index import Row

BUSY_TIMEOUT_MS = 30_000


@contextlib.contextmanager
def sqlite_errors(action: str, location: str) -> Iterator[None]:
    """Turn sqlite3 errors raised inside the block into `ArchiveError`."""
    try:
        yield
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot {action}: {exc}", path=location) from exc


class SqliteIndex:
    """An `Index` on one SQLite file; safe to share between threads (one lock)."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection, location: str) -> None:
        """Wrap an open connection; prefer `connect_sqlite`."""
        self.location = location
        self._db = connection
        self._lock = threading.RLock()

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return its rows as dicts."""
        with self._lock, sqlite_errors("read the cache index", self.location):
            cursor = self._db.execute(sql, tuple(args))
            names = [column[0] for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Run a statement and return how many rows it changed."""
        with self._lock, sqlite_errors("write the cache index", self.location):
            return self._db.execute(sql, tuple(args)).rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per row of arguments."""
        with self._lock, sqlite_errors("write the cache index", self.location):
            self._db.executemany(sql, [tuple(row) for row in rows])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction that takes the write lock up front."""
        with self._lock:
            with sqlite_errors("write the cache index", self.location):
                self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                with sqlite_errors("write the cache index", self.location):
                    self._db.execute("ROLLBACK")
                raise
            with sqlite_errors("write the cache index", self.location):
                self._db.execute("COMMIT")

    def lock_schema(self) -> None:
        """Nothing to do: `BEGIN IMMEDIATE` already holds the only write lock."""

    def close(self) -> None:
        """Close the connection."""
        with self._lock, sqlite_errors("close the cache index", self.location):
            self._db.close()


def connect_sqlite(path: Path) -> SqliteIndex:
    """Open (and create if needed) the WAL-mode SQLite index at `path`.

    Raises:
        ArchiveError: The file cannot be opened or is not an SQLite database.
    """
    with sqlite_errors("open the cache", str(path)):
        connection = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error:
            connection.close()
            raise
    return SqliteIndex(connection, str(path))
