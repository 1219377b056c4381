"""SARIF 2.1.0 for code scanning: one result per broken rule, pointing at line:column.

Hand-built dicts with no dependency (bandit `formatters/sarif.py`). Each citation's
`Citation.id` is its `partialFingerprints` entry, so a code-scanning alert keeps
its identity across runs while the document around it is edited.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from citecheck.models import CheckResult, Report
from citecheck.report._common import (
    INFORMATION_URI,
    RULES,
    TOOL_NAME,
    FailOn,
    Issue,
    Judgement,
    Rule,
)
from citecheck.report.json import LazyList, encoded, materialised

logger = logging.getLogger(__name__)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "citecheck/v1"


def render(report: Report, *, fail_on: FailOn | None = None, root: Path | None = None) -> str:
    """Render the report as a SARIF 2.1.0 log.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings; findings
            are `error`, every other issue a `warning` or `note`.
        root: The repository root that document paths are made relative to
            (default: the current directory).

    Returns:
        The SARIF JSON text.
    """
    return "".join(render_chunks(report, fail_on=fail_on, root=root))


def render_chunks(
    report: Report, *, fail_on: FailOn | None = None, root: Path | None = None
) -> Iterator[str]:
    """The text of `render` (`json.dumps(sarif_dict(report), ensure_ascii=False, indent=2)`
    and a newline), made a result at a time as it is written."""
    yield from encoded(_log(report, root, fail_on), 0)
    yield "\n"


def sarif_dict(
    report: Report, *, root: Path | None = None, fail_on: FailOn | None = None
) -> dict[str, Any]:
    """Return the SARIF log of a report as plain dicts (paths relative to `root`)."""
    log: dict[str, Any] = materialised(_log(report, root, fail_on))
    return log


def _log(report: Report, root: Path | None, fail_on: FailOn | None) -> dict[str, Any]:
    base = root or Path.cwd()
    judgement = Judgement.of(report, fail_on)
    results = LazyList(
        lambda: (
            _result(result, issue, base)
            for result in report.iter_results()
            for issue in judgement.issues(result)
        )
    )
    run = {
        "tool": {"driver": _driver(report.tool_version)},
        "invocations": [_invocation(report)],
        "results": results,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": LazyList(lambda: iter([run])),
    }


def _driver(version: str) -> dict[str, Any]:
    return {
        "name": TOOL_NAME,
        "version": version,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule) for rule in RULES],
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "helpUri": f"{INFORMATION_URI}#{rule.name}",
    }


def _invocation(report: Report) -> dict[str, Any]:
    invocation: dict[str, Any] = {
        "executionSuccessful": not report.network_unreachable,
        "startTimeUtc": report.started_at.isoformat(),
        "endTimeUtc": report.finished_at.isoformat(),
    }
    if report.network_unreachable:
        message = f"network unreachable: {report.network_reason}".rstrip(": ")
        invocation["toolExecutionNotifications"] = [{"message": {"text": message}}]
    return invocation


def _result(result: CheckResult, issue: Issue, root: Path) -> dict[str, Any]:
    citation = result.citation
    return {
        "ruleId": issue.rule.id,
        "ruleIndex": RULES.index(issue.rule),
        "level": str(issue.level),
        "message": {"text": f"{issue.message} — {citation.display_url}"},
        "locations": [{"physicalLocation": _physical_location(result, root)}],
        "partialFingerprints": {FINGERPRINT_KEY: citation.id},
        "properties": {"url": citation.url, "status": str(result.verdict.status)},
    }


def _physical_location(result: CheckResult, root: Path) -> dict[str, Any]:
    location = result.citation.location
    region: dict[str, int] = {"startLine": max(location.line, 1)}
    if location.column:
        region["startColumn"] = location.column
    return {"artifactLocation": {"uri": relative_uri(location.path, root)}, "region": region}


def relative_uri(path: str, root: Path) -> str:
    """Return a document path as a URI reference relative to the repository root.

    Code scanning resolves `artifactLocation.uri` against the checkout, so an
    absolute path under `root` is made relative; one outside stays absolute.
    """
    candidate = Path(path)
    if candidate.is_absolute() and candidate.is_relative_to(root):
        candidate = candidate.relative_to(root)
    posix = candidate.as_posix().removeprefix("./")
    return quote(posix, safe="/-._~")
