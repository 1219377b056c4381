"""A small SQLite cache of page features, keyed by content digest.

A page cited ten times is read and embedded once: sentence vectors are stored
under (text digest, embedder name) in `<cache_dir>/features.sqlite3` (WAL mode,
one row written per page in its own transaction, so a killed run leaves a
usable file). `MemoryCache` serves tests and runs with the cache disabled.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from citecheck.errors import ArchiveError

logger = logging.getLogger(__name__)

FILE_NAME = "features.sqlite3"


class FeatureCache(Protocol):
    """Where derived page features are kept between citations and runs."""

    def get(self, key: str) -> bytes | None:
        """Return the stored value, or None."""
        ...

    def put(self, key: str, value: bytes) -> None:
        """Store a value under a key (last write wins)."""
        ...

    def put_many(self, items: Sequence[tuple[str, bytes]]) -> None:
        """Store several values at once (one transaction where that means something)."""
        ...

    def close(self) -> None:
        """Release whatever the cache holds open."""
        ...


def digest(text: str) -> str:
    """The content key of a page text (sha256 of its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MemoryCache:
    """A FeatureCache in a dict, for tests and `--no-cache` runs."""

    def __init__(self) -> None:
        """Start empty."""
        self.values: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        """Return the stored value, or None."""
        return self.values.get(key)

    def put(self, key: str, value: bytes) -> None:
        """Store a value under a key."""
        self.values[key] = value

    def put_many(self, items: Sequence[tuple[str, bytes]]) -> None:
        """Store several values."""
        self.values.update(items)

    def close(self) -> None:
        """Nothing to release."""


# The scan's worker processes open the same file at once; switching a new file to WAL
# takes a lock for which SQLite may answer "locked" at once instead of waiting, so the
# first statements are retried a few times before that counts as an error.
_BUSY_TIMEOUT_S = 30.0
_OPEN_ATTEMPTS = 8


def _prepare(db: sqlite3.Connection) -> None:
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS features (key TEXT PRIMARY KEY, value BLOB)")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * 2**attempt)


class SqliteCache:
    """A FeatureCache in `<cache_dir>/features.sqlite3`."""

    def __init__(self, cache_dir: str | Path) -> None:
        """Open (creating) the cache file; raises ArchiveError when it cannot."""
        path = Path(cache_dir) / FILE_NAME
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=_BUSY_TIMEOUT_S
            )
            _prepare(self._db)
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"cannot open feature cache: {exc}", path=str(path)) from exc

    def get(self, key: str) -> bytes | None:
        """Return the stored value, or None."""
        with self._lock:
            row = self._db.execute("SELECT value FROM features WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def put(self, key: str, value: bytes) -> None:
        """Store a value under a key (last write wins)."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO features VALUES (?, ?)", (key, value))

    def put_many(self, items: Sequence[tuple[str, bytes]]) -> None:
        """Store several values in one transaction (a killed run keeps all or none of them)."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR REPLACE INTO features VALUES (?, ?)", items)
            except sqlite3.Error:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()
