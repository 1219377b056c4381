"""Retry decisions: what is retried, how long to wait, when to give up."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from citecheck.config import RetryPolicy
from citecheck.models import FetchError, FetchResult
from citecheck.net.retry import (
    backoff_s,
    build_retrying,
    retry_after_s,
    should_retry,
    wait_before_retry,
)

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def answer(status: int | None, *, error: FetchError | None = None, **headers: str) -> FetchResult:
    pairs = tuple((name.replace("_", "-"), value) for name, value in headers.items())
    return FetchResult("http://h/p", "http://h/p", status, headers=pairs, error=error)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses(status: int) -> None:
    assert should_retry(answer(status))


@pytest.mark.parametrize("status", [200, 204, 301, 304, 400, 401, 403, 404, 410, 451])
def test_final_statuses(status: int) -> None:
    assert not should_retry(answer(status))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FetchError.TIMEOUT, True),
        (FetchError.RESET, True),
        (FetchError.INCOMPLETE_BODY, True),
        (FetchError.DNS, False),
        (FetchError.CONNECT, False),
        (FetchError.TLS, False),
        (FetchError.REDIRECT_LOOP, False),
        (FetchError.TOO_MANY_REDIRECTS, False),
        (FetchError.PRIVATE_ADDRESS, False),
        (FetchError.PROTOCOL, False),
    ],
)
def test_failures(error: FetchError, expected: bool) -> None:
    assert should_retry(answer(None, error=error)) is expected


def test_retry_after_in_seconds() -> None:
    assert retry_after_s(answer(429, Retry_After="7")) == 7.0


def test_retry_after_as_http_date() -> None:
    later = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert retry_after_s(answer(503, Retry_After=later), now=NOW) == 90.0


def test_retry_after_in_the_past_is_zero() -> None:
    earlier = format_datetime(NOW - timedelta(hours=1), usegmt=True)
    assert retry_after_s(answer(503, Retry_After=earlier), now=NOW) == 0.0


@pytest.mark.parametrize("value", ["", "soon", "-5", "1.5e3"])
def test_unusable_retry_after_is_ignored(value: str) -> None:
    assert retry_after_s(answer(429, Retry_After=value)) is None


def test_backoff_doubles_up_to_the_cap() -> None:
    policy = RetryPolicy(base_wait_s=1.0, max_wait_s=5.0, jitter=False)
    assert [backoff_s(n, policy) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


def test_backoff_jitter_stays_within_the_step() -> None:
    policy = RetryPolicy(base_wait_s=2.0, max_wait_s=30.0, jitter=True)
    rng = random.Random(7)
    waits = [backoff_s(3, policy, rng) for _ in range(50)]
    assert all(4.0 <= wait <= 8.0 for wait in waits)
    assert len(set(waits)) > 1


def test_retry_after_wins_over_backoff() -> None:
    policy = RetryPolicy(base_wait_s=10.0, jitter=False)
    assert wait_before_retry(answer(429, Retry_After="2"), 1, policy) == 2.0
    assert wait_before_retry(answer(503), 1, policy) == 10.0


class Script:
    """Hands out scripted results and records the waits asked of `sleep`."""

    def __init__(self, *results: FetchResult) -> None:
        self.results = list(results)
        self.calls = 0
        self.waits: list[float] = []

    async def attempt(self) -> FetchResult:
        self.calls += 1
        return self.results[min(self.calls, len(self.results)) - 1]

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


async def test_retries_until_success_with_waits() -> None:
    script = Script(answer(503), answer(503), answer(200))
    policy = RetryPolicy(attempts=5, base_wait_s=0.5, max_wait_s=10.0, jitter=False)
    result = await build_retrying(policy, sleep=script.sleep, time_left=lambda: 60.0)(
        script.attempt
    )
    assert result.http_status == 200
    assert script.calls == 3
    assert script.waits == [0.5, 1.0]


async def test_gives_up_after_the_attempts_and_returns_the_last_answer() -> None:
    script = Script(answer(500))
    policy = RetryPolicy(attempts=3, base_wait_s=0.0, jitter=False)
    result = await build_retrying(policy, sleep=script.sleep, time_left=lambda: 60.0)(
        script.attempt
    )
    assert (result.http_status, script.calls) == (500, 3)


async def test_never_retries_a_404() -> None:
    script = Script(answer(404), answer(200))
    policy = RetryPolicy(attempts=3, base_wait_s=0.0)
    result = await build_retrying(policy, sleep=script.sleep, time_left=lambda: 60.0)(
        script.attempt
    )
    assert (result.http_status, script.calls) == (404, 1)


async def test_retry_after_beyond_the_cap_stops_at_once() -> None:
    script = Script(answer(429, Retry_After="120"), answer(200))
    policy = RetryPolicy(attempts=3, base_wait_s=0.0, max_wait_s=30.0)
    result = await build_retrying(policy, sleep=script.sleep, time_left=lambda: 600.0)(
        script.attempt
    )
    assert (result.http_status, script.calls, script.waits) == (429, 1, [])


async def test_a_wait_longer_than_the_budget_left_stops() -> None:
    script = Script(answer(503, Retry_After="5"), answer(200))
    policy = RetryPolicy(attempts=3, base_wait_s=0.0, max_wait_s=30.0)
    result = await build_retrying(policy, sleep=script.sleep, time_left=lambda: 2.0)(script.attempt)
    assert (result.http_status, script.calls) == (503, 1)


async def test_an_attempt_that_raises_is_not_retried() -> None:
    calls = 0

    async def failing() -> FetchResult:
        nonlocal calls
        calls += 1
        raise ValueError("broken")

    policy = RetryPolicy(attempts=3, base_wait_s=0.0)
    with pytest.raises(ValueError, match="broken"):
        await build_retrying(policy, sleep=Script().sleep)(failing)
    assert calls == 1
