"""How the library reports progress without knowing who is watching.

The pipeline calls a `ProgressSink`; the CLI passes one that draws a rich bar
or prints plain lines, a notebook can pass its own, and the default does nothing.
The library itself never imports rich.
"""

from __future__ import annotations

from typing import Protocol

from citecheck.models import FetchResult, Verdict


class ProgressSink(Protocol):
    """Receives progress events from a scan."""

    def start(self, total: int) -> None:
        """A scan is about to check `total` unique URLs."""

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """One unique URL has been fetched and classified."""

    def message(self, text: str) -> None:
        """Something a person watching should know (printed once)."""

    def finish(self) -> None:
        """The scan has finished checking URLs."""


class NullProgress:
    """A sink that ignores everything: the library default."""

    def start(self, total: int) -> None:
        """Ignore the start."""

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """Ignore one result."""

    def message(self, text: str) -> None:
        """Ignore a message."""

    def finish(self) -> None:
        """Ignore the end."""


NULL_PROGRESS: ProgressSink = NullProgress()
