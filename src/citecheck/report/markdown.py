"""A Markdown summary for `$GITHUB_STEP_SUMMARY`, GitLab job pages and PR comments.

Counts first, then the findings as a table. Every piece of text from a document
or a page goes through `cell()`, so a pipe, a bracket or a `<script>` in a claim
cannot break the table or inject HTML into the rendered summary.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from citecheck.models import CheckResult, Report, Status
from citecheck.report._common import (
    STATUS_TITLES,
    TOOL_NAME,
    FailOn,
    Judgement,
    change,
    changes_text,
    duration_s,
    plural,
    shown_url,
)

logger = logging.getLogger(__name__)

MAX_FINDINGS = 100
"""Rows of findings shown; a job summary is capped at 1 MiB, so the rest are counted."""
MAX_LISTED = 50
"""Entries in each named list (newly failing, soft 404s, unsupported claims)."""
CLAIM_CHARACTERS = 160
"""A claim longer than this is cut at a word boundary, with an ellipsis."""
UNSUPPORTED_LABELS = ("contradicted", "unsupported")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def render(report: Report, *, fail_on: FailOn | None = None) -> str:
    """Render a Markdown summary: counts, changes since last run, and the findings.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings.

    Returns:
        The Markdown text.
    """
    judgement = Judgement.of(report, fail_on)
    findings = _Shown(judgement.is_finding, MAX_FINDINGS)
    newly_failing = _Shown(lambda result: change(result) == "newly_failing")
    soft404s = _Shown(lambda result: result.verdict.status == Status.SOFT404)
    unsupported = _Shown(_is_unsupported)
    for result in report.iter_results():  # one pass: the results may be read from disk
        for shown in (findings, newly_failing, soft404s, unsupported):
            shown.add(result)
    parts = [
        _heading(report, judgement.count, judgement.fail_on),
        _counts_table("Status", _status_counts(report)),
        _counts_table("Support", report.summary["by_support"]),
        _changes_line(report),
        _findings_section(findings),
        _listed("Newly failing since the previous run", newly_failing),
        _listed("Soft 404s: the page answers, but says it is not there", soft404s),
        _listed("Claims the cited page does not support", unsupported),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


@dataclass(slots=True)
class _Shown:
    """The first `limit` results that `belongs` picks, and how many it picks in all."""

    belongs: Callable[[CheckResult], bool]
    limit: int = MAX_LISTED
    first: list[CheckResult] = field(default_factory=list)
    count: int = 0

    def add(self, result: CheckResult) -> None:
        if self.belongs(result):
            self.count += 1
            if len(self.first) < self.limit:
                self.first.append(result)


def _is_unsupported(result: CheckResult) -> bool:
    return result.support is not None and str(result.support.label) in UNSUPPORTED_LABELS


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
    text = changes_text(report)
    return f"**Since the previous run:** {text}" if text else ""


def _findings_section(findings: _Shown) -> str:
    if not findings.count:
        return "No findings."
    header = ["### Findings", "", "| Where | Cited URL | Status | Claim | Reason | Suggestion |"]
    rows = [_finding_row(result) for result in findings.first]
    more = findings.count - MAX_FINDINGS
    tail = [f"\n…and {more} more (see the HTML report)."] if more > 0 else []
    return "\n".join([*header, "|---|---|---|---|---|---|", *rows, *tail])


def _listed(title: str, results: _Shown) -> str:
    """A named list: each link with where it is cited and the claim it backs."""
    if not results.count:
        return ""
    lines = [f"### {title} ({results.count})", ""]
    lines += [_list_item(result) for result in results.first]
    more = results.count - MAX_LISTED
    return "\n".join([*lines, *([f"- …and {more} more"] if more > 0 else [])])


def _list_item(result: CheckResult) -> str:
    item = f"- {cell(_where(result))} — {code(result.citation.display_url)}"
    if result.citation.source_name:
        item += f" ({cell(result.citation.source_name)})"
    if result.support is not None and _is_unsupported(result):
        item += f" ({result.support.label}, score {result.support.score:.2f})"
    claim = first_claim(result)
    return f"{item}: “{cell(claim)}”" if claim else item


def _where(result: CheckResult) -> str:
    location = result.citation.location
    return f"{location.path}:{location.line}:{location.column or 0}"


def first_claim(result: CheckResult) -> str:
    """The first claim the citation backs, cut to about `CLAIM_CHARACTERS`."""
    claims = result.citation.claims
    text = " ".join(claims[0].text.split()) if claims else ""
    if len(text) <= CLAIM_CHARACTERS:
        return text
    return text[:CLAIM_CHARACTERS].rsplit(" ", 1)[0] + "…"


def code(text: str) -> str:
    """Show a URL as inline code, which Markdown never turns into markup or a link."""
    return "`" + " ".join(text.split()).replace("`", "%60") + "`"


def _finding_row(result: CheckResult) -> str:
    status = STATUS_TITLES[result.verdict.status]
    if result.support and str(result.support.label) in (*UNSUPPORTED_LABELS, "partial"):
        status = f"{status}, {result.support.label}"
    cells = [_where(result), shown_url(result.citation), status, first_claim(result)]
    cells.append(result.verdict.reason)
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
