"""What every renderer shares: severity order, rules for findings, change tallies.

Renderers differ only in syntax; the judgement of what is a finding, how bad it
is and which rule it breaks lives here once, so SARIF, GitHub annotations,
JUnit, Markdown and HTML never disagree.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import assert_never

from citecheck.config import DEFAULT_FAIL_ON
from citecheck.models import CheckResult, Citation, HistoryState, Report, Status, SupportLabel

logger = logging.getLogger(__name__)

TOOL_NAME = "citecheck"
INFORMATION_URI = "https://github.com/citecheck/citecheck"
DRIFT_THRESHOLD = 0.5
"""A page whose main text moved this far (0..1) from its first archived copy has drifted."""
HISTORY_LENGTH = 10
"""How many past checks the history strip and tables show."""

FailOn = Collection[str]


class Level(StrEnum):
    """How loudly a finding is reported (SARIF levels; GitHub maps note to notice)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of problem citecheck reports, with a stable id for code scanning."""

    id: str
    name: str
    description: str


UNREACHABLE = Rule("CC001", "unreachable-link", "The cited page could not be reached as cited.")
UNSUPPORTED = Rule("CC002", "unsupported-claim", "The cited page does not support the claim.")
PARTIAL = Rule("CC003", "partial-support", "The cited page supports the claim only in part.")
REDIRECTED = Rule("CC004", "redirected", "The cited URL now redirects to another page.")
TRUNCATED = Rule("CC005", "truncated-url", "The URL in the document is visibly cut off.")
RULES = (UNREACHABLE, UNSUPPORTED, PARTIAL, REDIRECTED, TRUNCATED)


@dataclass(frozen=True, slots=True)
class Issue:
    """One rule broken by one result, at a level, with a human message."""

    rule: Rule
    level: Level
    message: str


# Worst first: what an editor must fix today sorts to the top.
_SEVERITY: dict[Status, int] = {
    Status.DEAD: 100,
    Status.TRUNCATED: 95,
    Status.SOFT404: 90,
    Status.REDIRECT_HOME: 80,
    Status.ERROR: 70,
    Status.TIMEOUT: 60,
    Status.BLOCKED: 40,
    Status.REDIRECTED: 30,
    Status.SKIPPED: 5,
    Status.OK: 0,
}
_SUPPORT_SEVERITY: dict[SupportLabel, int] = {
    SupportLabel.UNSUPPORTED: 50,
    SupportLabel.PARTIAL: 20,
    SupportLabel.UNKNOWN: 1,
    SupportLabel.SUPPORTED: 0,
}

STATUS_TITLES: dict[Status, str] = {
    Status.OK: "OK",
    Status.REDIRECTED: "Redirected",
    Status.DEAD: "Dead",
    Status.SOFT404: "Soft 404",
    Status.REDIRECT_HOME: "Redirected home",
    Status.BLOCKED: "Blocked",
    Status.TIMEOUT: "Timed out",
    Status.ERROR: "Error",
    Status.TRUNCATED: "Truncated URL",
    Status.SKIPPED: "Skipped",
}


def fail_on_set(report: Report, fail_on: FailOn | None) -> frozenset[str]:
    """Return what counts as a finding: `fail_on` if given, else the run's own setting.

    A report re-rendered from JSON keeps the `--fail-on` of the scan that made it;
    `config.DEFAULT_FAIL_ON` applies only when neither says.
    """
    if fail_on is None:
        recorded = report.settings.get("fail_on")
        fail_on = recorded if isinstance(recorded, list | tuple) else DEFAULT_FAIL_ON
    return frozenset(str(item) for item in fail_on)


def status_severity(status: Status) -> int:
    """Return how urgent a status is on its own; higher is worse."""
    return _SEVERITY[status]


def severity(result: CheckResult) -> int:
    """Return how urgent a result is; higher is worse (status first, then support)."""
    score = _SEVERITY[result.verdict.status]
    if result.support is not None:
        score += _SUPPORT_SEVERITY[result.support.label]
    return score


def issues(result: CheckResult) -> list[Issue]:
    """Return every rule a result breaks, worst first; an empty list means nothing to say."""
    found = [issue for issue in (_status_issue(result), _support_issue(result)) if issue]
    return sorted(found, key=lambda issue: list(Level).index(issue.level))


def _status_issue(result: CheckResult) -> Issue | None:
    status, reason = result.verdict.status, result.verdict.reason
    text = f"{STATUS_TITLES[status]}: {reason}" if reason else STATUS_TITLES[status]
    match status:
        case Status.OK | Status.SKIPPED:
            return None
        case Status.TRUNCATED:
            return Issue(TRUNCATED, Level.ERROR, text)
        case Status.DEAD | Status.SOFT404:
            return Issue(UNREACHABLE, Level.ERROR, text)
        case Status.REDIRECT_HOME | Status.ERROR | Status.TIMEOUT:
            return Issue(UNREACHABLE, Level.WARNING, text)
        case Status.BLOCKED:
            return Issue(UNREACHABLE, Level.NOTE, text)
        case Status.REDIRECTED:
            return Issue(REDIRECTED, Level.NOTE, text)
        case _:
            assert_never(status)


def _support_issue(result: CheckResult) -> Issue | None:
    if result.support is None:
        return None
    label = result.support.label
    text = f"{label.capitalize()} claim (score {result.support.score:.2f})"
    match label:
        case SupportLabel.SUPPORTED | SupportLabel.UNKNOWN:
            return None
        case SupportLabel.UNSUPPORTED:
            return Issue(UNSUPPORTED, Level.WARNING, text)
        case SupportLabel.PARTIAL:
            return Issue(PARTIAL, Level.NOTE, text)
        case _:
            assert_never(label)


def is_drifted(result: CheckResult) -> bool:
    """Whether the page's main text moved far from its first archived copy."""
    drift = result.history.drift if result.history else None
    return drift is not None and drift >= DRIFT_THRESHOLD


def changes(report: Report) -> dict[str, int]:
    """Count what changed since the previous run, from each result's History."""
    states = [result.history.state for result in report.results if result.history]
    return {
        "newly_failing": states.count(HistoryState.NEWLY_FAILING),
        "confirmed_dead": states.count(HistoryState.CONFIRMED_DEAD),
        "recovered": states.count(HistoryState.RECOVERED),
        "drifted": sum(is_drifted(result) for result in report.results),
    }


def iso(moment: datetime | None) -> str | None:
    """Return an ISO 8601 timestamp, or None."""
    return moment.isoformat() if moment else None


def duration_s(report: Report) -> float:
    """Return the run time in seconds, rounded to milliseconds."""
    return round((report.finished_at - report.started_at).total_seconds(), 3)


def plural(count: int, noun: str) -> str:
    """Return '1 document' or '3 documents'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def shown_url(citation: Citation) -> str:
    """The URL people read, with the source the document names for it (`… (Reuters)`)."""
    name = citation.source_name
    return f"{citation.display_url} ({name})" if name else citation.display_url
