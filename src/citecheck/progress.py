"""How the library reports progress without knowing who is watching.

The pipeline calls a `ProgressSink`; the CLI passes one that draws a rich bar
or prints plain lines, a notebook can pass its own, and the default does nothing.
The library itself never imports rich.
"""

from __future__ import annotations

from typing import Protocol

from citecheck.models import CheckResult, FetchResult, Status, Verdict

OK_STATUSES = frozenset({Status.OK, Status.REDIRECTED})
FAILING_STATUSES = frozenset({Status.DEAD, Status.SOFT404, Status.REDIRECT_HOME, Status.TRUNCATED})
"""What a progress display counts as failing as it goes (the rest is ok or undecided)."""


class ProgressSink(Protocol):
    """Receives progress events from a scan, in this order: `start`, `advance` per URL,
    `start_judging`, `judged` per citation, then `finish` (also after an error). On Dask
    the citations of a shard are judged as it finishes, so `advance` of later shards
    comes between `judged` events."""

    def start(self, total: int) -> None:
        """A scan is about to check `total` unique URLs (fetch, classify, read the page)."""

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """One unique URL has been fetched, classified and its page read."""

    def start_judging(self, total: int) -> None:
        """Judging has begun: `total` citations are scored and dead ones recovered, each
        as soon as its URL is checked (so URLs may still be advancing)."""

    def judged(self, result: CheckResult) -> None:
        """One citation has been judged: support scored, archived copy looked up."""

    def message(self, text: str) -> None:
        """Something a person watching should know (printed once)."""

    def finish(self) -> None:
        """The scan is over."""


class NullProgress:
    """A sink that ignores everything: the library default."""

    def start(self, total: int) -> None:
        """Ignore the start."""

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """Ignore one result."""

    def start_judging(self, total: int) -> None:
        """Ignore the judging stage."""

    def judged(self, result: CheckResult) -> None:
        """Ignore one judged citation."""

    def message(self, text: str) -> None:
        """Ignore a message."""

    def finish(self) -> None:
        """Ignore the end."""


NULL_PROGRESS: ProgressSink = NullProgress()
