"""History across runs: InternetArchiveBot's rule, and the states the report shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.models import FetchResult, HistoryState, Status, Verdict
from citecheck.store.archive import Archive
from citecheck.store.history import (
    FAILURE_STATUSES,
    SUCCESS_STATUSES,
    compute_history,
    spaced_count,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)
IABOT = {"confirm_after": 3, "spacing_hours": 72.0}


def runs(*statuses: str, every: timedelta = 3 * DAY) -> list[tuple[datetime, Status]]:
    return [(T0 + n * every, Status(status)) for n, status in enumerate(statuses)]


def judge(prior: list[tuple[datetime, Status]], current: str, now: datetime | None = None):
    moment = now or (prior[-1][0] + 3 * DAY if prior else T0)
    return compute_history(prior, Status(current), moment, **IABOT)


def test_first_failure_is_newly_failing() -> None:
    history = judge([], "dead")
    assert history.state is HistoryState.NEWLY_FAILING
    assert (history.consecutive_failures, history.first_failure, history.recent) == (
        1,
        T0,
        ("dead",),
    )


def test_three_failures_three_days_apart_are_confirmed() -> None:
    assert judge(runs("dead"), "soft404").state is HistoryState.FAILING
    history = judge(runs("dead", "soft404"), "redirect_home")
    assert history.state is HistoryState.CONFIRMED_DEAD
    assert (history.consecutive_failures, history.first_failure) == (3, T0)


def test_failures_closer_than_the_spacing_do_not_confirm() -> None:
    prior = runs("dead", "dead", "dead", "dead", every=timedelta(hours=20))
    history = judge(prior, "dead", now=T0 + 4 * timedelta(hours=20))
    assert history.consecutive_failures == 5
    assert history.state is HistoryState.FAILING  # 80 h span: only two spaced failures


def test_any_success_resets_the_count() -> None:
    history = judge(runs("dead", "dead", "ok"), "dead")
    assert history.state is HistoryState.NEWLY_FAILING
    assert history.consecutive_failures == 1
    assert history.first_failure == T0 + 9 * DAY


def test_success_after_failure_is_recovered_then_healthy() -> None:
    assert judge(runs("dead", "dead"), "ok").state is HistoryState.RECOVERED
    assert judge(runs("dead", "timeout"), "redirected").state is HistoryState.RECOVERED
    assert judge(runs("dead", "ok"), "ok").state is HistoryState.HEALTHY
    assert judge([], "ok").state is HistoryState.HEALTHY


@pytest.mark.parametrize("inconclusive", ["blocked", "timeout", "error", "skipped", "truncated"])
def test_unjudgeable_checks_neither_count_nor_reset(inconclusive: str) -> None:
    prior = runs("dead", inconclusive, "dead")
    assert judge(prior, "dead").state is HistoryState.CONFIRMED_DEAD
    assert judge(prior, "dead").consecutive_failures == 3
    assert judge(runs("ok"), inconclusive).state is HistoryState.HEALTHY


def test_a_link_that_cannot_be_checked_is_never_confirmed_dead() -> None:
    history = judge(runs("dead", "dead", "dead"), "blocked")
    assert history.state is HistoryState.FAILING
    assert history.consecutive_failures == 3


def test_confirm_after_one_confirms_at_once() -> None:
    history = compute_history([], Status.DEAD, T0, confirm_after=1, spacing_hours=0)
    assert history.state is HistoryState.CONFIRMED_DEAD


def test_recent_holds_the_last_five_oldest_first() -> None:
    history = judge(runs("ok", "dead", "blocked", "ok", "ok", "dead"), "ok")
    assert history.recent == ("dead", "blocked", "ok", "ok", "dead", "ok")[-5:]


def test_prior_order_does_not_matter() -> None:
    prior = runs("dead", "ok", "dead", "dead")
    now = T0 + 12 * DAY
    assert judge(list(reversed(prior)), "dead", now) == judge(prior, "dead", now)


def test_spaced_count_is_greedy_from_the_first_failure() -> None:
    times = [T0, T0 + DAY, T0 + 3 * DAY, T0 + 5 * DAY, T0 + 6 * DAY]
    assert spaced_count(times, 3 * DAY) == 3  # day 0, 3, 6
    assert spaced_count([], 3 * DAY) == 0


statuses = st.sampled_from(list(Status))


@given(st.lists(statuses, max_size=12), statuses, st.integers(1, 4), st.integers(0, 96))
def test_properties_hold_for_any_run_of_checks(
    past: list[Status], current: Status, confirm_after: int, spacing_hours: int
) -> None:
    prior = [(T0 + n * DAY, status) for n, status in enumerate(past)]
    now = T0 + len(past) * DAY
    history = compute_history(
        prior, current, now, confirm_after=confirm_after, spacing_hours=spacing_hours
    )
    everything = [*past, current]
    successes = [n for n, status in enumerate(everything) if status in SUCCESS_STATUSES]
    since = everything[successes[-1] + 1 :] if successes else everything
    assert history.consecutive_failures == sum(status in FAILURE_STATUSES for status in since)
    if history.state is HistoryState.CONFIRMED_DEAD:
        assert current in FAILURE_STATUSES
        assert history.consecutive_failures >= confirm_after
    if current in SUCCESS_STATUSES:
        assert history.state in (HistoryState.HEALTHY, HistoryState.RECOVERED)
    assert history.recent[-1] == current


def store_run(cache: Path, when: datetime, status: str, url: str = "https://a.test/x") -> Archive:
    archive = Archive.open(cache, sync=False)
    result = FetchResult(url, url, 404 if status == "dead" else 200, checked_at=when, body=b"x")
    archive.store(result, verdict=Verdict(Status(status), status))
    return archive


def test_archive_history_counts_earlier_runs_and_this_one(tmp_path: Path) -> None:
    for n, status in enumerate(["ok", "dead", "dead"]):
        store_run(tmp_path, T0 + n * 3 * DAY, status).close()
    now = T0 + 9 * DAY
    with store_run(tmp_path, now, "dead") as archive:
        after_store = archive.history("https://a.test/x", Status.DEAD, now, **IABOT)
    assert after_store.state is HistoryState.CONFIRMED_DEAD
    assert after_store.recent == ("ok", "dead", "dead", "dead")

    with Archive.open(tmp_path, sync=False) as fresh:  # history() without store() agrees
        later = now + 3 * DAY
        assert fresh.history("https://a.test/x", Status.OK, later, **IABOT).state is (
            HistoryState.RECOVERED
        )
        before = fresh.history("https://a.test/x", Status.DEAD, now - DAY, **IABOT)
    assert before.recent == ("ok", "dead", "dead", "dead")  # the day-9 check is ignored
    assert before.state is HistoryState.FAILING  # days 3, 6, 8: only two are 72 h apart


def test_archive_history_of_an_unknown_url_is_this_check_alone(tmp_path: Path) -> None:
    with Archive.open(tmp_path, sync=False) as archive:
        history = archive.history("https://new.test/", Status.SOFT404, T0, **IABOT)
    assert history.state is HistoryState.NEWLY_FAILING
    assert history.recent == ("soft404",)


def test_archive_history_takes_a_naive_now_as_utc(tmp_path: Path) -> None:
    store_run(tmp_path, T0, "dead").close()
    with Archive.open(tmp_path, sync=False) as archive:
        naive = (T0 + 3 * DAY).replace(tzinfo=None)
        history = archive.history("https://a.test/x", Status.DEAD, naive, **IABOT)
    assert (history.consecutive_failures, history.first_failure) == (2, T0)
