"""A Markdown summary for `$GITHUB_STEP_SUMMARY`, GitLab job pages and PR comments.

Counts first, then the findings as a table. Every piece of text from a document
or a page goes through `cell()`, so a pipe, a bracket or a `<script>` in a claim
cannot break the table or inject HTML into the rendered summary.
"""

from __future__ import annotations

import html
import logging
import re
from urllib.parse import quote

from citecheck.models import CheckResult, Report
from citecheck.report._common import (
    STATUS_TITLES,
    TOOL_NAME,
    FailOn,
    changes,
    duration_s,
    fail_on_set,
    plural,
    shown_url,
)

logger = logging.getLogger(__name__)

MAX_FINDINGS = 100
"""Rows of findings shown; a job summary is capped at 1 MiB, so the rest are counted."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def render(report: Report, *, fail_on: FailOn | None = None) -> str:
    """Render a Markdown summary: counts, changes since last run, and the findings.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings.

    Returns:
        The Markdown text.
    """
    wanted = fail_on_set(report, fail_on)
    findings = report.findings(wanted)
    parts = [
        _heading(report, len(findings), wanted),
        _counts_table("Status", _status_counts(report)),
        _counts_table("Support", report.summary["by_support"]),
        _changes_line(report),
        _findings_section(findings),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _heading(report: Report, findings: int, fail_on: frozenset[str]) -> str:
    summary = report.summary
    counts = (
        f"{plural(summary['citations'], 'citation')} in {plural(summary['documents'], 'document')}"
    )
    title = f"## {TOOL_NAME}: {counts}"
    verdict = (
        f"**{plural(findings, 'finding')}** (fail on: {', '.join(sorted(fail_on)) or 'nothing'})"
    )
    lines = [title, "", f"{verdict} · run time {duration_s(report):.1f} s"]
    if report.network_unreachable:
        lines.append(
            f"\n> **Network unreachable** — nothing was judged. {cell(report.network_reason)}"
        )
    return "\n".join(lines)


def _status_counts(report: Report) -> dict[str, int]:
    counts: dict[str, int] = report.summary["by_status"]
    return {STATUS_TITLES[status]: counts[status] for status in STATUS_TITLES if status in counts}


def _counts_table(title: str, counts: dict[str, int]) -> str:
    if not counts:
        return ""
    rows = [f"| {cell(str(name))} | {count} |" for name, count in counts.items()]
    return "\n".join([f"| {title} | Citations |", "|---|---:|", *rows])


def _changes_line(report: Report) -> str:
    counts = changes(report)
    if not any(counts.values()):
        return ""
    text = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
    return f"**Since the previous run:** {text}"


def _findings_section(findings: list[CheckResult]) -> str:
    if not findings:
        return "No findings."
    header = ["### Findings", "", "| Where | Cited URL | Status | Reason | Suggestion |"]
    rows = [_finding_row(result) for result in findings[:MAX_FINDINGS]]
    more = len(findings) - MAX_FINDINGS
    tail = [f"\n…and {more} more (see the HTML report)."] if more > 0 else []
    return "\n".join([*header, "|---|---|---|---|---|", *rows, *tail])


def _finding_row(result: CheckResult) -> str:
    location = result.citation.location
    where = f"{location.path}:{location.line}:{location.column or 0}"
    status = STATUS_TITLES[result.verdict.status]
    if result.support and result.support.label in ("unsupported", "partial"):
        status = f"{status}, {result.support.label}"
    cells = [where, shown_url(result.citation), status, result.verdict.reason]
    suggestion = _suggestion_link(result)
    return "| " + " | ".join([*(cell(text) for text in cells), suggestion]) + " |"


def _suggestion_link(result: CheckResult) -> str:
    if result.suggestion is None:
        return ""
    target = quote(result.suggestion.url, safe=":/?#@!$&'*+,;=%~._-")
    return f"[{cell(result.suggestion.source)}]({target})"


def cell(text: str) -> str:
    """Make text safe inside a Markdown table cell: no HTML, no markup, one line."""
    one_line = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))
