"""Progress on stderr: a bar on a terminal, plain lines elsewhere, nothing when quiet."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console

from citecheck import Settings, scan
from citecheck.cli.progress_view import BarProgress, LineProgress, choose_progress
from citecheck.models import (
    CheckResult,
    Citation,
    CitationStyle,
    FetchResult,
    Location,
    Span,
    Status,
    Support,
    SupportLabel,
    Verdict,
)
from citecheck.progress import NULL_PROGRESS


def console(*, terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=80, force_terminal=terminal, color_system=None), buffer


def result(url: str) -> FetchResult:
    return FetchResult(url=url, final_url=url, http_status=200)


def test_the_display_follows_the_stream_and_flags() -> None:
    terminal, _ = console(terminal=True)
    pipe, _ = console(terminal=False)
    assert isinstance(choose_progress(terminal, quiet=False, verbose=0, enabled=True), BarProgress)
    assert isinstance(choose_progress(pipe, quiet=False, verbose=0, enabled=True), LineProgress)
    assert isinstance(choose_progress(terminal, quiet=False, verbose=1, enabled=True), LineProgress)
    assert isinstance(
        choose_progress(terminal, quiet=False, verbose=0, enabled=False), LineProgress
    )
    assert choose_progress(terminal, quiet=True, verbose=0, enabled=True) is NULL_PROGRESS


def test_verbose_lines_name_each_url_with_its_status() -> None:
    stream, buffer = console(terminal=False)
    progress = LineProgress(stream, per_url=True)
    progress.start(2)
    progress.advance(result("https://a.org/1"), Verdict(Status.OK, "200"))
    progress.advance(result("https://a.org/2"), Verdict(Status.DEAD, "404"))
    progress.message("The network is unreachable")
    progress.finish()
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "checking 2 unique URLs"
    assert lines[1].startswith("[1/2] ok")
    assert lines[1].endswith("https://a.org/1")
    assert lines[2].startswith("[2/2] dead")
    assert lines[2].endswith("https://a.org/2")
    assert lines[3] == "The network is unreachable"


def test_plain_lines_without_verbose_only_carry_messages() -> None:
    stream, buffer = console(terminal=False)
    progress = LineProgress(stream, per_url=False)
    progress.start(1)
    progress.advance(result("https://a.org/1"), Verdict(Status.OK, "200"))
    progress.finish()
    assert buffer.getvalue() == ""


def test_bar_counts_urls_and_is_removed_when_done() -> None:
    stream, buffer = console(terminal=True)
    progress = BarProgress(stream)
    progress.start(3)
    for index in range(3):
        progress.advance(result(f"https://a.org/{index}"), Verdict(Status.OK, "200"))
    assert progress._progress.tasks[0].completed == 3
    progress.message("note above the bar")
    progress.finish()
    assert "note above the bar" in buffer.getvalue()


def _judged(url: str, label: SupportLabel) -> CheckResult:
    citation = Citation(
        url, url, url, Location("a.md", 1, 1), Span(0, len(url)), CitationStyle.INLINE
    )
    return CheckResult(citation, Verdict(Status.OK, "200"), support=Support(0.1, label))


def test_bar_goes_on_through_scoring_with_ok_and_failing_counts() -> None:
    stream, _buffer = console(terminal=True)
    progress = BarProgress(stream)
    progress.start(3)
    progress.advance(result("https://a.org/1"), Verdict(Status.OK, "200"))
    progress.advance(result("https://a.org/2"), Verdict(Status.DEAD, "404"))
    progress.advance(result("https://a.org/3"), Verdict(Status.TIMEOUT, "slow"))
    assert progress._progress.tasks[0].fields["tally"] == "1 ok · 1 failing"
    progress.start_judging(2)
    (task,) = progress._progress.tasks
    assert task.description == "reading and scoring"
    assert (task.completed, task.total) == (0, 2)
    progress.judged(_judged("https://a.org/1", SupportLabel.UNSUPPORTED))
    progress.judged(_judged("https://a.org/1", SupportLabel.SUPPORTED))
    (task,) = progress._progress.tasks
    assert task.completed == 2
    assert task.fields["tally"] == "1 ok · 1 failing · 1 unsupported"
    progress.finish()


def test_verbose_lines_announce_the_scoring_stage_plural_aware() -> None:
    stream, buffer = console(terminal=False)
    progress = LineProgress(stream, per_url=True)
    progress.start(1)
    progress.advance(result("https://a.org/1"), Verdict(Status.SOFT404, "not found"))
    progress.start_judging(1)
    progress.finish()
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "checking 1 unique URL"
    assert lines[-1] == "0 ok · 1 failing; reading and scoring 1 citation"


class Recorder:
    """A sink that remembers the order of events, as a notebook's own sink would see them."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def start(self, total: int) -> None:
        self.events.append(f"start {total}")

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        self.events.append("advance")

    def start_judging(self, total: int) -> None:
        self.events.append(f"judging {total}")

    def judged(self, result: CheckResult) -> None:
        self.events.append("judged")

    def message(self, text: str) -> None:
        self.events.append("message")

    def finish(self) -> None:
        self.events.append("finish")


def test_a_scan_reports_progress_through_fetching_and_judging(
    tmp_path: Path, site_server: Any
) -> None:
    base = site_server.server.base_url
    doc = tmp_path / "doc.md"
    doc.write_text(
        f"Figures rose ({base}/article.html).\n\nGone: {base}/status/404\n\n"
        f"Again ({base}/article.html).\n",
        encoding="utf-8",
    )
    settings = Settings(
        cache_dir=str(tmp_path / "cache"),
        check_network=False,
        suggest=False,
        support=False,
        host_delay_s=0,
    )
    recorder = Recorder()
    scan([doc], settings, progress=recorder)
    events = recorder.events
    # each URL's citations are judged as soon as it is checked: the stages interleave
    assert (events[0], events[-1]) == ("start 2", "finish")
    assert sorted(events[1:-1]) == ["advance"] * 2 + ["judged"] * 3 + ["judging 3"]
    assert events.index("advance") < events.index("judging 3") < events.index("judged")
