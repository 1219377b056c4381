"""The default terminal output: a rich table rendered to a plain string.

The renderer draws into its own `Console(file=StringIO())`, so the library never
touches the terminal; the CLI decides where the text goes.
"""

from __future__ import annotations

import logging
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from citecheck.models import CheckResult, Report
from citecheck.report._common import (
    STATUS_TITLES,
    FailOn,
    changes,
    duration_s,
    fail_on_set,
    shown_url,
)

logger = logging.getLogger(__name__)

WIDTH = 120
"""Columns of the rendered table; fixed so output is the same on every machine."""


def render(report: Report, *, fail_on: FailOn | None = None, width: int = WIDTH) -> str:
    """Render a plain-text table of every citation plus a one-line summary.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings (marked `!`).
        width: Columns of the output.

    Returns:
        Plain text without colour codes.
    """
    wanted = fail_on_set(report, fail_on)
    findings = {id(result) for result in report.findings(wanted)}
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(_table(report, findings))
    console.print(Text(_summary_line(report, len(findings))))
    for skipped in report.skipped_inputs:
        console.print(Text(f"skipped {skipped.path}: {skipped.reason}"))
    return buffer.getvalue()


def _table(report: Report, findings: set[int]) -> Table:
    table = Table(title="citecheck report", show_lines=False, expand=False)
    for column in ("", "Where", "URL", "Status", "Support", "Reason"):
        table.add_column(column, overflow="fold")
    for result in report.results:
        table.add_row(*_row(result, id(result) in findings))
    return table


def _row(result: CheckResult, is_finding: bool) -> tuple[Text, ...]:
    location = result.citation.location
    where = f"{location.path}:{location.line}:{location.column or 0}"
    support = result.support
    label = f"{support.label} {support.score:.2f}" if support else "—"
    cells = ("!" if is_finding else "", where, shown_url(result.citation))
    rest = (STATUS_TITLES[result.verdict.status], label, result.verdict.reason)
    return tuple(Text(value) for value in (*cells, *rest))


def _summary_line(report: Report, findings: int) -> str:
    summary = report.summary
    by_status = ", ".join(f"{count} {status}" for status, count in summary["by_status"].items())
    changed = ", ".join(
        f"{count} {name.replace('_', ' ')}" for name, count in changes(report).items() if count
    )
    line = f"{summary['citations']} citations ({by_status or 'none'}); {findings} findings"
    line += f"; since last run: {changed}" if changed else ""
    line += f"; {duration_s(report):.1f} s"
    return (
        f"{line}\nnetwork unreachable: {report.network_reason}"
        if report.network_unreachable
        else line
    )
