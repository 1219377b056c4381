"""The default terminal output: a rich table rendered to a plain string.

The renderer draws into its own `Console(file=StringIO())`, so the library never
touches the terminal; the CLI decides where the text goes. The table fits the
width it is given: `file:line` and the status never break, URLs fold anywhere,
and the claim's first words and the suggested archive link get columns when
there is room for them.
"""

from __future__ import annotations

import logging
import sys
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from citecheck.models import CheckResult, Report
from citecheck.report._common import (
    STATUS_TITLES,
    FailOn,
    Judgement,
    changes_text,
    duration_s,
    plural,
    shown_url,
)

logger = logging.getLogger(__name__)

WIDTH = 120
"""Columns when the output is not a terminal (a file or a pipe), so it is the same everywhere."""
CLAIM_MIN_WIDTH = 100
"""From this width on a table with the first words of each claim; below it, one block per
citation (a table's columns would be too narrow to read)."""
SUGGESTION_MIN_WIDTH = 140
"""From this width on, the table shows the suggested archived copy of a dead link."""


def output_width() -> int:
    """The terminal's width (rich measures it, honouring COLUMNS) or `WIDTH` off a terminal."""
    if sys.stdout.isatty():
        return Console(file=sys.stdout).width
    return WIDTH


def render(report: Report, *, fail_on: FailOn | None = None, width: int | None = None) -> str:
    """Render a plain-text table of every citation plus a one-line summary.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings (marked `!`).
        width: Columns of the output (default: `output_width()`).

    Returns:
        Plain text without colour codes.
    """
    columns = width or output_width()
    judgement = Judgement.of(report, fail_on)
    buffer = StringIO()
    console = Console(file=buffer, width=columns, color_system=None, force_terminal=False)
    table = _table(report, judgement, columns) if report.results else None
    if table is not None:
        console.print(table)
    elif report.results:
        console.print(_blocks(report, judgement), no_wrap=True, overflow="fold")
    console.print(Text(summary_line(report, judgement.count)))
    for skipped in report.skipped_inputs:
        console.print(Text(f"skipped {skipped.path}: {skipped.reason}"))
    return buffer.getvalue()


def _table(report: Report, judgement: Judgement, width: int) -> Table | None:
    """The table that fits `width`, giving up optional columns in turn (`_GIVE_UP`);
    None when even the essential columns would be too narrow to read."""
    results = report.results
    rows = [_cells(result, judgement) for result in results]
    show = {
        "Support": any(result.support is not None for result in results),
        "Claim": width >= CLAIM_MIN_WIDTH and any(row["Claim"] for row in rows),
        "Suggestion": width >= SUGGESTION_MIN_WIDTH and any(row["Suggestion"] for row in rows),
    }
    wanted = [name for name in _COLUMNS if show.get(name, True)]
    for dropped in _GIVE_UP:
        names = [name for name in wanted if name not in dropped]
        widths = _fit(names, rows, width)
        if widths is not None:
            return _build(names, widths, rows)
    return None


def _build(names: list[str], widths: dict[str, int], rows: list[dict[str, str]]) -> Table:
    table = Table(title="citecheck report", expand=False)
    for name in names:
        table.add_column(
            name if name != "!" else "",
            width=widths[name],
            no_wrap=name not in _WRAPPING,
            overflow="fold" if name in _WRAPPING else "ellipsis",
        )
    for row in rows:
        table.add_row(*(Text(row[name]) for name in names))
    return table


_GIVE_UP = ((), ("Suggestion",), ("Claim", "Suggestion"), ("Claim", "Suggestion", "Support"))
"""What a narrower table gives up, in turn, before stacking each citation instead."""
_COLUMNS = ("!", "Where", "URL", "Status", "Support", "Claim", "Reason", "Suggestion")
_WRAPPING = frozenset({"URL", "Reason", "Suggestion"})
"""Columns that wrap; the others stay on one line (`file:line` never breaks)."""
_SHARES = {"URL": 4, "Claim": 3, "Reason": 3, "Suggestion": 3}
"""How the room left after the one-line columns is shared out."""
_MIN_WIDTHS = {"URL": 24, "Claim": 16, "Reason": 14, "Suggestion": 24}
"""Below these a column is too narrow to read, and the layout gives something up."""


def _fit(names: list[str], rows: list[dict[str, str]], width: int) -> dict[str, int] | None:
    """Column widths that make the table exactly `width` wide, or None if it cannot fit."""
    fixed = {
        name: max([len(name) if name != "!" else 1, *(len(row[name]) for row in rows)])
        for name in names
        if name not in _SHARES
    }
    overhead = 3 * len(names) + 1  # a border and two spaces of padding per column, one edge
    room = width - overhead - sum(fixed.values())
    flexible = [name for name in names if name in _SHARES]
    total = sum(_SHARES[name] for name in flexible)
    shares = {name: room * _SHARES[name] // total for name in flexible}
    if any(shares[name] < _MIN_WIDTHS[name] for name in flexible):
        return None
    return {**fixed, **shares}


def _cells(result: CheckResult, judgement: Judgement) -> dict[str, str]:
    return {
        "!": "!" if judgement.is_finding(result) else "",
        "Where": where(result),
        "URL": shown_url(result.citation),
        "Status": STATUS_TITLES[result.verdict.status],
        "Support": _support(result),
        "Claim": _claim(result),
        "Reason": result.verdict.reason,
        "Suggestion": _suggestion(result),
    }


def _blocks(report: Report, judgement: Judgement) -> Text:
    """Narrow terminals: `! file:line:col  Status` and, indented, the URL and the reason."""
    text = Text()
    for result in report.results:
        cells = _cells(result, judgement)
        head = f"{cells['!'] or ' '} {cells['Where']}  {cells['Status']}"
        if result.support is not None:
            head += f" · {cells['Support']}"
        lines = [head, f"  {cells['URL']}"]
        lines += [f"  {cells['Reason']}"] if cells["Reason"] else []
        lines += [f"  archived copy: {cells['Suggestion']}"] if cells["Suggestion"] else []
        text.append("\n".join(lines) + "\n")
    return text


def where(result: CheckResult) -> str:
    """`path:line:column` of a citation, the way editors jump to it."""
    location = result.citation.location
    return f"{location.path}:{location.line}:{location.column or 0}"


def _support(result: CheckResult) -> str:
    support = result.support
    return f"{support.label} {support.score:.2f}" if support else "—"


def _claim(result: CheckResult) -> str:
    claims = result.citation.claims
    return " ".join(claims[0].text.split()) if claims else ""


def _suggestion(result: CheckResult) -> str:
    suggestion = result.suggestion
    return (suggestion.archive_url or suggestion.url) if suggestion else ""


def summary_line(report: Report, findings: int) -> str:
    """'3 citations in 1 document (1 dead, 2 ok); 1 finding; …' — plural-aware."""
    summary = report.summary
    by_status = ", ".join(f"{count} {status}" for status, count in summary["by_status"].items())
    line = (
        f"{plural(summary['citations'], 'citation')} in "
        f"{plural(summary['documents'], 'document')} ({by_status or 'none'}); "
        f"{plural(findings, 'finding')}"
    )
    changed = changes_text(report)
    line += f"; since last run: {changed}" if changed else ""
    line += f"; {duration_s(report):.1f} s"
    return (
        f"{line}\nnetwork unreachable: {report.network_reason}"
        if report.network_unreachable
        else line
    )
