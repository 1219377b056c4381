"""A URL's standing across runs: newly failing, failing, confirmed dead, recovered, healthy.

The rule is InternetArchiveBot's: a link is *confirmed* dead only after
`confirm_after` failing checks, each at least `spacing` after the last one
counted, with no success in between; any success resets the count. One bad
night is therefore never a red build.

Which statuses are evidence (DESIGN.md §5):

- failure: `dead`, `soft404`, `redirect_home` — the site answered, and the page is gone;
- success: `ok`, `redirected` — the page is there; this resets the count;
- neither: `blocked`, `timeout`, `error`, `truncated`, `skipped` — the link could not be
  judged (a bot wall, a slow or broken server, a network that is down), so such a check
  neither adds to the count nor resets it. A link that cannot be checked is never
  called dead, so a current check of this kind is at most `failing`, never
  `confirmed_dead`.

This module is pure: `archive.Archive.history` reads the checks from the index
and hands them here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from citecheck.models import History, HistoryState, Status

FAILURE_STATUSES = frozenset({Status.DEAD, Status.SOFT404, Status.REDIRECT_HOME})
SUCCESS_STATUSES = frozenset({Status.OK, Status.REDIRECTED})
RECENT_CHECKS = 5
"""How many statuses the report's history strip shows."""


def compute_history(
    prior: Sequence[tuple[datetime, Status]],
    current: Status,
    now: datetime,
    *,
    confirm_after: int,
    spacing_hours: float,
) -> History:
    """Place a URL's current check in the run of its earlier checks.

    Args:
        prior: Earlier checks as `(checked_at, status)`, in any order.
        current: The status of this run's check, taken at `now`.
        now: When this run checked the URL.
        confirm_after: How many spaced failures confirm a link as dead (at least 1).
        spacing_hours: The least time between two failures that both count.

    Returns:
        The state, the failures since the last success, the first of them and
        the last few statuses (oldest first, this check last).
    """
    checks = [*sorted(prior, key=lambda check: check[0]), (now, current)]
    failures = _failures_since_success(checks)
    recent = tuple(str(status) for _, status in checks[-RECENT_CHECKS:])
    first_failure = failures[0] if failures else None
    state = _state(checks, failures, confirm_after, timedelta(hours=spacing_hours))
    return History(state, len(failures), first_failure, recent)


def _failures_since_success(checks: Sequence[tuple[datetime, Status]]) -> list[datetime]:
    failures: list[datetime] = []
    for moment, status in checks:
        if status in SUCCESS_STATUSES:
            failures.clear()
        elif status in FAILURE_STATUSES:
            failures.append(moment)
    return failures


def spaced_count(failures: Sequence[datetime], spacing: timedelta) -> int:
    """Count failures that each come at least `spacing` after the last one counted."""
    count, last = 0, None
    for moment in failures:
        if last is None or moment - last >= spacing:
            count, last = count + 1, moment
    return count


def _state(
    checks: Sequence[tuple[datetime, Status]],
    failures: Sequence[datetime],
    confirm_after: int,
    spacing: timedelta,
) -> HistoryState:
    current = checks[-1][1]
    if current in SUCCESS_STATUSES:
        return (
            HistoryState.RECOVERED if _last_conclusive_failed(checks[:-1]) else HistoryState.HEALTHY
        )
    if not failures:
        return HistoryState.HEALTHY
    if current not in FAILURE_STATUSES:
        return HistoryState.FAILING
    if spaced_count(failures, spacing) >= max(confirm_after, 1):
        return HistoryState.CONFIRMED_DEAD
    return HistoryState.NEWLY_FAILING if len(failures) == 1 else HistoryState.FAILING


def _last_conclusive_failed(checks: Sequence[tuple[datetime, Status]]) -> bool:
    for _, status in reversed(checks):
        if status in FAILURE_STATUSES:
            return True
        if status in SUCCESS_STATUSES:
            return False
    return False
