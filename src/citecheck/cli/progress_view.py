"""Progress on stderr: a rich bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from citecheck.models import FetchResult, Verdict
from citecheck.progress import NULL_PROGRESS, ProgressSink

logger = logging.getLogger("citecheck.cli")


class RateColumn(ProgressColumn):
    """URLs per second, once rich has enough samples to tell."""

    def render(self, task: Task) -> Text:
        """Render the speed of the task as URLs per second."""
        speed = task.speed
        return Text("" if speed is None else f"{speed:.1f} URL/s", style="progress.data.speed")


class BarProgress:
    """A transient rich progress bar: URLs done / total, rate and ETA."""

    def __init__(self, console: Console) -> None:
        """Draw on the given (stderr) console."""
        self.console = console
        self._progress = Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        """Show the bar for `total` URLs."""
        self._progress.start()
        self._task = self._progress.add_task("urls", total=total)

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """Move the bar by one URL."""
        if self._task is not None:
            self._progress.advance(self._task)

    def message(self, text: str) -> None:
        """Print a line above the bar."""
        self._progress.console.print(text, markup=False, highlight=False)

    def finish(self) -> None:
        """Remove the bar."""
        self._progress.stop()


class LineProgress:
    """One plain line per URL (for -v, or when stderr is not a terminal)."""

    def __init__(self, console: Console, *, per_url: bool) -> None:
        """Print on the given console; per-URL lines only when asked."""
        self.console = console
        self.per_url = per_url
        self._done = 0
        self._total = 0

    def start(self, total: int) -> None:
        """Announce how many URLs will be checked."""
        self._total = total
        if self.per_url:
            self.console.print(f"checking {total} unique URLs", markup=False, highlight=False)

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """Print one line for a checked URL."""
        self._done += 1
        if self.per_url:
            line = f"[{self._done}/{self._total}] {verdict.status:<13} {result.url}"
            self.console.print(line, markup=False, highlight=False)

    def message(self, text: str) -> None:
        """Print a message."""
        self.console.print(text, markup=False, highlight=False)

    def finish(self) -> None:
        """Nothing to clean up."""


def choose_progress(console: Console, *, quiet: bool, verbose: int, enabled: bool) -> ProgressSink:
    """Pick the progress display the stream and flags call for."""
    if quiet:
        return NULL_PROGRESS
    if verbose or not console.is_terminal or not enabled:
        return LineProgress(console, per_url=bool(verbose))
    return BarProgress(console)
