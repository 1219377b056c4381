"""Progress on stderr: a rich bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import logging
from dataclasses import dataclass

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

from citecheck.models import CheckResult, FetchResult, Verdict
from citecheck.progress import FAILING_STATUSES, NULL_PROGRESS, OK_STATUSES, ProgressSink
from citecheck.redact import redact_url
from citecheck.report._common import plural

logger = logging.getLogger("citecheck.cli")


class RateColumn(ProgressColumn):
    """URLs per second, once rich has enough samples to tell."""

    def render(self, task: Task) -> Text:
        """Render the speed of the task as URLs per second."""
        speed = task.speed
        return Text("" if speed is None else f"{speed:.1f} URL/s", style="progress.data.speed")


@dataclass
class Tally:
    """What a person watching wants to know as it goes: how many are fine, how many not."""

    ok: int = 0
    failing: int = 0
    unsupported: int = 0

    def count_url(self, verdict: Verdict) -> None:
        """Count one checked URL."""
        self.ok += verdict.status in OK_STATUSES
        self.failing += verdict.status in FAILING_STATUSES

    def count_citation(self, result: CheckResult) -> None:
        """Count one judged citation's support."""
        label = str(result.support.label) if result.support else ""
        self.unsupported += label in ("unsupported", "contradicted")

    def text(self, judging: bool) -> str:
        """'12 ok · 3 failing' (and '· 2 unsupported' once claims are scored)."""
        parts = [f"{self.ok} ok", f"{self.failing} failing"]
        if judging:
            parts.append(f"{self.unsupported} unsupported")
        return " · ".join(parts)


class BarProgress:
    """A transient rich bar through both stages: checking URLs, then judging citations."""

    def __init__(self, console: Console) -> None:
        """Draw on the given (stderr) console."""
        self.console = console
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[tally]}"),
            RateColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None
        self._tally = Tally()
        self._judging = False

    def start(self, total: int) -> None:
        """Show the bar for `total` URLs."""
        self._progress.start()
        self._task = self._progress.add_task(
            "checking URLs", total=total, tally=self._tally.text(False)
        )

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """Move the bar by one URL and update the counts (once judging has started, as
        it does while Dask shards still fetch, only the counts: the bar counts citations)."""
        self._tally.count_url(verdict)
        if not self._judging:
            self._step()

    def start_judging(self, total: int) -> None:
        """Switch the bar to scoring claims and looking up archived copies."""
        self._judging = True
        if self._task is not None:
            self._progress.remove_task(self._task)
        self._progress.start()
        self._task = self._progress.add_task(
            "reading and scoring", total=total, tally=self._tally.text(True)
        )

    def judged(self, result: CheckResult) -> None:
        """Move the bar by one citation."""
        self._tally.count_citation(result)
        self._step()

    def _step(self) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=1, tally=self._tally.text(self._judging))

    def message(self, text: str) -> None:
        """Print a line above the bar."""
        self._progress.console.print(text, markup=False, highlight=False)

    def finish(self) -> None:
        """Remove the bar."""
        self._progress.stop()


class LineProgress:
    """One plain line per URL and per stage (for -v, or when stderr is not a terminal)."""

    def __init__(self, console: Console, *, per_url: bool) -> None:
        """Print on the given console; per-URL lines only when asked."""
        self.console = console
        self.per_url = per_url
        self._done = 0
        self._total = 0
        self._tally = Tally()

    def start(self, total: int) -> None:
        """Announce how many URLs will be checked."""
        self._total = total
        if self.per_url:
            self._print(f"checking {plural(total, 'unique URL')}")

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        """Print one line for a checked URL."""
        self._done += 1
        self._tally.count_url(verdict)
        if self.per_url:
            self._print(
                f"[{self._done}/{self._total}] {verdict.status:<13} {redact_url(result.url)}"
            )

    def start_judging(self, total: int) -> None:
        """Announce the scoring stage, with the counts so far."""
        if self.per_url:
            self._print(
                f"{self._tally.text(False)}; reading and scoring {plural(total, 'citation')}"
            )

    def judged(self, result: CheckResult) -> None:
        """Count one judged citation."""
        self._tally.count_citation(result)

    def message(self, text: str) -> None:
        """Print a message."""
        self._print(text)

    def finish(self) -> None:
        """Nothing to clean up."""

    def _print(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False)


def choose_progress(console: Console, *, quiet: bool, verbose: int, enabled: bool) -> ProgressSink:
    """Pick the progress display the stream and flags call for."""
    if quiet:
        return NULL_PROGRESS
    if verbose or not console.is_terminal or not enabled:
        return LineProgress(console, per_url=bool(verbose))
    return BarProgress(console)
