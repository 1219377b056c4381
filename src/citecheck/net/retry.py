"""When to try a URL again, and how long to wait first; the only place retries are decided.

The rules follow lychee's `retry.rs`: retry what may pass on a second try
(timeouts, 408, 429, 5xx, resets, bodies cut short) and nothing that will not
(404/410, a name that does not resolve, TLS failures, other 4xx, redirect loops).
Waits grow exponentially, jittered between half and all of each step; a
`Retry-After` header (seconds or an HTTP date) replaces the computed wait, and
one longer than `RetryPolicy.max_wait_s` ends the retries instead of stalling the run.

Every client uses this one policy (`build_retrying`): the fetcher for cited
pages and soft-404 probes, and the web-archive client for look-ups and Save
Page Now; each says only which answers are worth another try (`retry_on`).
The loop is tenacity's `AsyncRetrying`, entered only once a first answer asks
for another try: built and run for every request, its per-attempt bookkeeping
cost a link check 3% of its CPU, and nearly every request is answered at once.

The fetcher sleeps between attempts without holding any host or global slot,
so a URL waiting out a `Retry-After` is in effect put back in the queue while
other URLs proceed.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_result

from citecheck.config import RetryPolicy
from citecheck.models import FetchError, FetchResult
from citecheck.net import http

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset(
    {408, 425, 429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524}
)
RETRY_ERRORS = frozenset({FetchError.TIMEOUT, FetchError.RESET, FetchError.INCOMPLETE_BODY})

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


class Answered(Protocol):
    """Any answer whose headers can be read: a `FetchResult`, a web archive's answer."""

    def header(self, name: str) -> str | None:
        """Return the first value of a header, case-insensitively."""
        ...


T = TypeVar("T", bound=Answered)


def should_retry(result: FetchResult) -> bool:
    """Return whether another attempt at this URL could give a different answer.

    Args:
        result: the outcome of the last attempt.

    Returns:
        True for timeouts, resets, cut-short bodies, 408, 429 and 5xx answers.
    """
    if result.error is not None:
        return result.error in RETRY_ERRORS
    if result.http_status is None:
        return False
    return result.http_status in RETRY_STATUSES or 500 <= result.http_status < 600


def retry_after_s(result: Answered, *, now: datetime | None = None) -> float | None:
    """Return the wait a `Retry-After` header asks for, in seconds, or None if absent or bad.

    Args:
        result: an answer whose headers may carry `Retry-After`.
        now: the current time, for HTTP-date values (defaults to the UTC clock).

    Returns:
        The wait in seconds (never negative), or None.
    """
    return http.retry_after_s(result.header("retry-after"), now=now)


def backoff_s(attempt: int, policy: RetryPolicy, rng: random.Random | None = None) -> float:
    """Return the exponential wait before attempt `attempt + 1`, jittered if enabled."""
    wait = min(policy.max_wait_s, policy.base_wait_s * 2.0 ** max(attempt - 1, 0))
    if policy.jitter and wait > 0:
        return float((rng or random).uniform(wait / 2, wait))
    return wait


def wait_before_retry(result: Answered, attempt: int, policy: RetryPolicy) -> float:
    """Return how long to wait after `attempt` failed with `result` (Retry-After wins)."""
    asked = retry_after_s(result)
    return asked if asked is not None else backoff_s(attempt, policy)


class Retrying:
    """The retry loop of one request: call it with the coroutine function of one attempt."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        sleep: Sleep,
        time_left: Callable[[], float],
        retry_on: Callable[[Any], bool],
    ) -> None:
        """Keep the policy; prefer `build_retrying`."""
        self._policy = policy
        self._sleep = sleep
        self._time_left = time_left
        self._retry_on = retry_on

    async def __call__(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run `attempt` until its answer is not worth another try or the policy stops;
        return the last answer. An exception from `attempt` is never retried: it propagates."""
        first = await attempt()
        if not self._retry_on(first):
            return first
        pending = [first]

        async def answer() -> T:  # tenacity's first attempt is the answer already had
            return pending.pop() if pending else await attempt()

        result: T = await self._tenacity()(answer)
        return result

    def _tenacity(self) -> AsyncRetrying:
        policy, time_left = self._policy, self._time_left

        def wait(state: RetryCallState) -> float:
            return wait_before_retry(_last_result(state), state.attempt_number, policy)

        def stop(state: RetryCallState) -> bool:
            return _should_stop(state.upcoming_sleep, state.attempt_number, policy, time_left())

        return AsyncRetrying(
            retry=retry_if_result(self._retry_on),
            wait=wait,
            stop=stop,
            sleep=self._sleep,
            retry_error_callback=_last_result,
            reraise=True,
        )


def build_retrying(
    policy: RetryPolicy,
    *,
    sleep: Sleep,
    time_left: Callable[[], float] = lambda: math.inf,
    retry_on: Callable[[Any], bool] = should_retry,
) -> Retrying:
    """Build the retry loop for one request (one URL, or one archive look-up).

    Args:
        policy: attempts and waits.
        sleep: the coroutine that waits (tests pass one that returns at once).
        time_left: seconds left of the URL's time budget (default: no budget).
        retry_on: whether an answer is worth another try (default: `should_retry`).

    Returns:
        A `Retrying` that retries on `retry_on` answers and, once it stops,
        returns the last answer instead of raising.
    """
    return Retrying(policy, sleep=sleep, time_left=time_left, retry_on=retry_on)


def _should_stop(upcoming: float, attempt: int, policy: RetryPolicy, time_left: float) -> bool:
    if attempt >= policy.attempts:
        return True
    if upcoming > policy.max_wait_s:
        logger.info("not retrying: the server asks for %.0f s, over the cap", upcoming)
        return True
    return upcoming >= time_left


def _last_result(state: RetryCallState) -> Any:
    assert state.outcome is not None
    return state.outcome.result()
