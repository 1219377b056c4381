"""GitHub Actions workflow commands: one `::error file=…,line=…::` annotation per issue.

Escaping follows the runner's rules: in the message `%`, CR and LF are
percent-encoded; in property values `:` and `,` are too, so a URL or an Arabic
claim never splits a command.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from citecheck.models import CheckResult, Report
from citecheck.report._common import FailOn, Issue, Judgement, Level

logger = logging.getLogger(__name__)

_COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}


def render(report: Report, *, fail_on: FailOn | None = None) -> str:
    """Render one workflow-command annotation per issue, worst first within a citation.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings: exactly
            the findings are `::error`, so the annotations agree with the exit code.

    Returns:
        Annotation lines, each ending with a newline ('' when nothing to say).
    """
    return "".join(render_chunks(report, fail_on=fail_on))


def render_chunks(report: Report, *, fail_on: FailOn | None = None) -> Iterator[str]:
    """The lines of `render`, made one at a time as they are written."""
    judgement = Judgement.of(report, fail_on)
    for result in report.iter_results():
        for issue in judgement.issues(result):
            yield _annotation(result, issue) + "\n"


def _annotation(result: CheckResult, issue: Issue) -> str:
    location = result.citation.location
    properties = [("file", location.path), ("line", str(location.line))]
    if location.column:
        properties.append(("col", str(location.column)))
    properties.append(("title", f"{issue.rule.id} {issue.rule.name}"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = f"{issue.message}: {result.citation.display_url}"
    return f"::{_COMMANDS[issue.level]} {joined}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
