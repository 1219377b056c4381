"""Progress on stderr: a bar on a terminal, plain lines elsewhere, nothing when quiet."""

from __future__ import annotations

import io

from rich.console import Console

from citecheck.cli.progress_view import BarProgress, LineProgress, choose_progress
from citecheck.models import FetchResult, Status, Verdict
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
