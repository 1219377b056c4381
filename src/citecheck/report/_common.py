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

from citecheck.config import DEFAULT_FAIL_ON
from citecheck.models import DRIFT_THRESHOLD, CheckResult, Citation, Report, ResultFacts, Status

logger = logging.getLogger(__name__)

TOOL_NAME = "citecheck"
INFORMATION_URI = "https://github.com/citecheck/citecheck"
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
CONTRADICTED = Rule("CC006", "contradicted-claim", "The cited page says the opposite of the claim.")
RULES = (UNREACHABLE, UNSUPPORTED, PARTIAL, REDIRECTED, TRUNCATED, CONTRADICTED)


@dataclass(frozen=True, slots=True)
class Issue:
    """One rule broken by one result, at a level, with a human message.

    `subject` is the status or support label behind it, the name `--fail-on` uses.
    """

    rule: Rule
    level: Level
    message: str
    subject: str = ""


# The one table of how bad each status and support label is (DESIGN.md §5, §6).
# The level is how loudly a problem is reported when it is *not* a finding; a
# finding (its status or label is in fail_on, and confirmed when the run asks for
# confirmation) is always an error, and only findings are: so `::error` in GitHub,
# `error` in SARIF, a JUnit <failure>, a flagged HTML row, `!` in the terminal and
# exit code 1 all say the same thing.
_STATUS_RULES: dict[Status, tuple[Rule, Level] | None] = {
    Status.DEAD: (UNREACHABLE, Level.WARNING),
    Status.TRUNCATED: (TRUNCATED, Level.WARNING),
    Status.SOFT404: (UNREACHABLE, Level.WARNING),
    Status.REDIRECT_HOME: (UNREACHABLE, Level.WARNING),
    Status.ERROR: (UNREACHABLE, Level.WARNING),
    Status.TIMEOUT: (UNREACHABLE, Level.WARNING),
    Status.BLOCKED: (UNREACHABLE, Level.NOTE),
    Status.REDIRECTED: (REDIRECTED, Level.NOTE),
    Status.SKIPPED: None,
    Status.OK: None,
}
# Keyed by the label's value, so a label added later (or read from an older JSON
# report) degrades to "nothing to say" instead of failing.
_SUPPORT_RULES: dict[str, tuple[Rule, Level]] = {
    "contradicted": (CONTRADICTED, Level.WARNING),
    "unsupported": (UNSUPPORTED, Level.WARNING),
    "partial": (PARTIAL, Level.NOTE),
}

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
_SUPPORT_SEVERITY: dict[str, int] = {
    "contradicted": 60,
    "unsupported": 50,
    "partial": 20,
    "unknown": 1,
}
FINDING_SEVERITY = 1000
"""Added to a finding's severity, so findings sort before everything else."""

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


@dataclass(frozen=True, slots=True)
class Judgement:
    """What counts as a finding in one report: the one answer every renderer uses.

    A rule on each result's facts, not a set of results, since a spooled report's
    results are read anew each time they are iterated.
    """

    fail_on: frozenset[str]
    confirm: bool
    count: int
    """How many results are findings."""

    @classmethod
    def of(cls, report: Report, fail_on: FailOn | None = None) -> Judgement:
        """Judge a report against `fail_on` (default: the run's own setting)."""
        wanted = fail_on_set(report, fail_on)
        return cls(wanted, report.confirms, report.finding_count(wanted))

    def is_finding(self, result: CheckResult) -> bool:
        """Whether this result counts as a finding (and so fails the run)."""
        return ResultFacts.of(result).is_finding(self.fail_on, self.confirm)

    def issues(self, result: CheckResult) -> list[Issue]:
        """Every rule the result breaks, worst first; only a finding's issues are errors."""
        finding = self.is_finding(result)
        found = [
            _leveled(issue, finding and issue.subject in self.fail_on)
            for issue in (_status_issue(result), _support_issue(result))
            if issue
        ]
        return sorted(found, key=lambda issue: list(Level).index(issue.level))

    def severity(self, result: CheckResult) -> int:
        """How urgent a result is; findings first, then by status and support."""
        return severity(result) + (FINDING_SEVERITY if self.is_finding(result) else 0)


def rule_ids(result: CheckResult) -> list[str]:
    """The ids of the rules a result breaks, whatever counts as a finding."""
    found = (_status_issue(result), _support_issue(result))
    return [issue.rule.id for issue in found if issue]


def _leveled(issue: Issue, is_finding: bool) -> Issue:
    level = Level.ERROR if is_finding else issue.level
    return Issue(issue.rule, level, issue.message, issue.subject)


def status_severity(status: Status) -> int:
    """Return how urgent a status is on its own; higher is worse."""
    return _SEVERITY[status]


def severity(result: CheckResult) -> int:
    """Return how urgent a result is; higher is worse (status first, then support)."""
    score = _SEVERITY[result.verdict.status]
    if result.support is not None:
        score += _SUPPORT_SEVERITY.get(str(result.support.label), 0)
    return score


def _status_issue(result: CheckResult) -> Issue | None:
    status, reason = result.verdict.status, result.verdict.reason
    rule_level = _STATUS_RULES[status]
    if rule_level is None:
        return None
    text = f"{STATUS_TITLES[status]}: {reason}" if reason else STATUS_TITLES[status]
    return Issue(rule_level[0], rule_level[1], text, str(status))


def _support_issue(result: CheckResult) -> Issue | None:
    if result.support is None:
        return None
    label = str(result.support.label)
    rule_level = _SUPPORT_RULES.get(label)
    if rule_level is None:
        return None
    text = f"{label.capitalize()} claim (score {result.support.score:.2f})"
    return Issue(rule_level[0], rule_level[1], text, label)


PAGE_STATUSES = frozenset({Status.OK, Status.REDIRECTED})
"""Statuses with a live page whose text was compared; others have no evidence to show."""


def is_drifted(result: CheckResult) -> bool:
    """Whether the page's main text moved far from its first archived copy."""
    drift = result.history.drift if result.history else None
    return drift is not None and drift >= DRIFT_THRESHOLD


CHANGE_TITLES = {
    "newly_failing": "newly failing",
    "confirmed_dead": "confirmed failing",
    "recovered": "recovered",
    "drifted": "drifted",
}
"""How each change since the previous run reads. `confirmed_dead` (the JSON key) covers
dead, soft-404 and redirected-home links alike, so it reads "confirmed failing"."""


def has_previous_check(result: CheckResult) -> bool:
    """Whether the cache held an earlier check of this URL, so a change can be told."""
    return result.history is not None and len(result.history.recent) > 1


def change(result: CheckResult) -> str:
    """The result's change since the previous run (a `CHANGE_TITLES` key), or ''.

    A URL checked for the first time has no previous run to change from: an empty
    cache says nothing changed, whatever the history rule calls a first failure.
    """
    if has_previous_check(result) and is_drifted(result):
        return "drifted"
    return _state_change(result)


def _state_change(result: CheckResult) -> str:
    if result.history is None or not has_previous_check(result):
        return ""
    state = str(result.history.state)
    return state if state in CHANGE_TITLES else ""


def change_title(result: CheckResult) -> str:
    """How the change reads in a row: 'confirmed soft 404' rather than 'confirmed dead'."""
    name = change(result)
    if name == "confirmed_dead":
        return f"confirmed {STATUS_TITLES[result.verdict.status].lower()}"
    return CHANGE_TITLES.get(name, "")


def changes(report: Report) -> dict[str, int]:
    """Count what changed since the previous run, from the results' counts."""
    counts = dict.fromkeys(CHANGE_TITLES, 0)
    for facts, count in report.totals.facts.items():
        if facts.previous and facts.state in CHANGE_TITLES:
            counts[facts.state] += count
    counts["drifted"] = sum(
        count for facts, count in report.totals.facts.items() if facts.previous and facts.drifted
    )
    return counts


def has_previous_run(report: Report) -> bool:
    """Whether the cache held an earlier check of some URL of the report."""
    return any(facts.previous for facts in report.totals.facts)


def changes_text(report: Report) -> str:
    """'2 newly failing, 1 recovered', or '' when nothing changed (or no previous run)."""
    counts = changes(report)
    return ", ".join(f"{count} {CHANGE_TITLES[name]}" for name, count in counts.items() if count)


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
