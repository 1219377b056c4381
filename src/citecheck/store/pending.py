"""Group commit: index rows whose captures are written but not yet synced, committed together.

Syncing the WARC file and committing an SQLite transaction for every capture cost
more than fetching it (a 4 ms `fsync` on the event loop, one transaction per
URL). The archive instead collects the rows of the captures it appended and, every
`every` captures or `interval_s` seconds and when it closes, syncs the WARC file
once and inserts them in one transaction: the index still only ever points at
bytes that are on disk. A run killed between two commits leaves WARC records no
index row points at (as a torn tail does) and the next run checks those URLs again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_COMMIT_EVERY = 64
"""Captures per commit: 64 fsyncs become one, and memory held stays small."""
DEFAULT_COMMIT_INTERVAL_S = 1.0
"""The longest a written capture waits for its index row (a kill loses at most this much)."""


@dataclass(frozen=True, slots=True)
class TextNote:
    """A `texts` row: the first main text recorded for a URL, compressed."""

    url: str
    digest: str | None
    fingerprint: str
    blob: bytes
    recorded_at: str

    def as_row(self) -> tuple[str, str | None, str, bytes, str]:
        """The values in the column order of the `texts` table."""
        return (self.url, self.digest, self.fingerprint, self.blob, self.recorded_at)


@dataclass(slots=True)
class PendingChecks:
    """The check rows and text notes waiting for the next commit, oldest first."""

    every: int = DEFAULT_COMMIT_EVERY
    interval_s: float = DEFAULT_COMMIT_INTERVAL_S
    timer: Callable[[], float] = time.monotonic
    rows: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[str, TextNote] = field(default_factory=dict)
    _by_url: dict[str, dict[str, Any]] = field(default_factory=dict)
    _since: float = 0.0

    def __len__(self) -> int:
        """The check rows waiting."""
        return len(self.rows)

    def add(self, row: dict[str, Any]) -> None:
        """Hold one check row (its capture, if any, already appended to the WARC)."""
        if not self.rows:
            self._since = self.timer()
        self.rows.append(row)
        self._by_url[row["url"]] = row

    def is_due(self) -> bool:
        """Whether enough rows, or old enough ones, wait for a commit."""
        return len(self.rows) >= self.every or self.timer() - self._since >= self.interval_s

    def holds(self, url: str) -> bool:
        """Whether a check of `url` waits here (the index does not know it yet)."""
        return url in self._by_url

    def note_text(self, url: str, fingerprint: str, text: TextNote | None) -> None:
        """Set the text fingerprint of the URL's pending check, and hold its first text."""
        self._by_url[url]["text_fingerprint"] = fingerprint
        if text is not None:
            self.texts.setdefault(url, text)

    def take(self) -> tuple[list[dict[str, Any]], list[TextNote]]:
        """Everything held, handed over for one commit; the batch starts empty again."""
        rows, texts = self.rows, list(self.texts.values())
        self.rows, self.texts, self._by_url = [], {}, {}
        return rows, texts
