"""A small SQLite cache of web-archive answers, so a re-run asks the archives nothing new.

One table in `<cache_dir>/recover.sqlite3`, keyed by the full request (endpoint,
query and the headers that change the answer), with a time to live. Only
successful answers are stored: an archive that was down is asked again next time.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from citecheck.errors import ArchiveError

logger = logging.getLogger(__name__)

DEFAULT_TTL_S = 7 * 24 * 3600.0
"""Archive answers change slowly; a week keeps nightly runs from re-asking."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS archive_answers (
    key TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    stored_at REAL NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer from a web archive, as the recovery code reads it."""

    status: int
    text: str
    headers: tuple[tuple[str, str], ...] = ()
    from_cache: bool = False

    def header(self, name: str) -> str | None:
        """Return the first value of a header, case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


class AnswerCache:
    """Archive answers stored in SQLite with a time to live."""

    def __init__(
        self, path: Path, *, ttl_s: float = DEFAULT_TTL_S, clock: Callable[[], float] = time.time
    ) -> None:
        """Open (creating if needed) the cache database at `path`.

        Raises:
            ArchiveError: the file or its folder cannot be created or opened.
        """
        self.ttl_s = ttl_s
        self._clock = clock
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"cannot open recovery cache: {exc}", path=str(path)) from exc

    def get(self, key: str) -> Answer | None:
        """Return a fresh stored answer for `key`, or None."""
        row = self._db.execute(
            "SELECT status, headers, body, stored_at FROM archive_answers WHERE key = ?", (key,)
        ).fetchone()
        if row is None or self._clock() - row[3] > self.ttl_s:
            return None
        headers = tuple((str(k), str(v)) for k, v in json.loads(row[1]))
        return Answer(int(row[0]), str(row[2]), headers, from_cache=True)

    def put(self, key: str, answer: Answer) -> None:
        """Store a successful answer under `key`."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO archive_answers VALUES (?, ?, ?, ?, ?)",
                (key, answer.status, json.dumps(answer.headers), answer.text, self._clock()),
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()
