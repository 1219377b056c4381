"""Recovery from web archives, against fake Wayback/CDX/Memento/SPN services on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from archive_services import (
    AVAILABLE,
    BANNER,
    CDX,
    SAVE,
    SEED_CUT_PREFIX,
    TIMEGATE,
    TIMEMAP,
    ArchiveServices,
    percent_encoded,
)
from citecheck.config import RetryPolicy, Settings, settings_from_environment
from citecheck.models import (
    Citation,
    CitationStyle,
    Claim,
    Defect,
    FetchResult,
    Location,
    PageText,
    Span,
    Status,
    Support,
    SupportLabel,
    Verdict,
)
from citecheck.net.fetch import Fetcher
from citecheck.net.http import HttpClient
from citecheck.recover import CopyJudge, Recoverer, RecoveryOutcome
from citecheck.recover.judge import AssessPage, ReadPage, judged, read_copy
from localserver import LocalServer, Reply, refused_port, running_server

DEAD_URL = "https://example.org/news/2019/russia-libya-report"
CITED = date(2019, 5, 14)
DEAD = Verdict(Status.DEAD, "HTTP 404")
NO_RETRY_WAIT = RetryPolicy(attempts=3, base_wait_s=0.0, max_wait_s=0.0, jitter=False)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def archive_server() -> Iterator[LocalServer]:
    """One server for the module: stopping one costs half a second (its poll interval)."""
    with running_server() as local:
        yield local


@pytest.fixture
def services(archive_server: LocalServer) -> ArchiveServices:
    for registry in (archive_server.routes, archive_server.hits, archive_server.requests):
        registry.clear()
    archive_server.prefix_routes.clear()
    return ArchiveServices(archive_server)


@pytest.fixture
async def client() -> AsyncIterator[HttpClient]:
    async with HttpClient(Settings(timeout_s=5.0)) as shared:
        yield shared


def settings_for(services: ArchiveServices, **changes: Any) -> Settings:
    base = Settings(
        wayback_available_url=services.available_url,
        wayback_cdx_url=services.cdx_url,
        spn_url=services.save_url,
        retry=NO_RETRY_WAIT,
    )
    return base.replace(**changes)


def cite(url: str, claim: str = "", defects: tuple[Defect, ...] = ()) -> Citation:
    where = Location("article.md", 3, 1)
    claims = (Claim(claim, Span(0, len(claim)), where),) if claim else ()
    return Citation(
        url=url,
        display_url=unquote(url),
        raw=url,
        location=where,
        span=Span(100, 100 + len(url)),
        style=CitationStyle.SOURCE_BLOCK,
        claims=claims,
        defects=defects,
    )


class Judge:
    """`read` and `assess` steps that record the archived copies they were shown."""

    def __init__(self) -> None:
        self.pages: list[FetchResult] = []

    async def read(self, fetched: FetchResult) -> PageText:
        self.pages.append(fetched)
        return PageText(fetched.url, fetched.body.decode("utf-8", "replace"))

    async def assess(self, citation: Citation, page: PageText | None) -> Support:
        label = (
            SupportLabel.SUPPORTED if page and "Haftar" in page.text else SupportLabel.UNSUPPORTED
        )
        return Support(1.0 if label is SupportLabel.SUPPORTED else 0.0, label, claim="c")


async def judge_with(
    settings: Settings,
    outcome: RecoveryOutcome,
    citation: Citation,
    read: ReadPage,
    assess: AssessPage,
) -> RecoveryOutcome:
    """Judge the outcome's archived copy as a run does: fetched by a real `Fetcher`."""
    async with Fetcher(settings.replace(host_delay_s=0)) as fetcher:
        steps = CopyJudge(settings, fetch=fetcher.fetch, read=read, assess=assess)
        return await judged(await read_copy(outcome, steps), citation, steps)


async def recover(
    client: HttpClient,
    settings: Settings,
    tmp_path: Path,
    citation: Citation,
    verdict: Verdict = DEAD,
    cited_at: date | None = CITED,
    assess: Judge | None = None,
) -> RecoveryOutcome:
    recoverer = Recoverer(settings, http=client, cache_path=tmp_path / "recover.sqlite3")
    try:
        outcome = await recoverer.suggest(citation, verdict, cited_at=cited_at)
    finally:
        recoverer.close()
    if assess is None:
        return outcome
    return await judge_with(settings, outcome, citation, assess.read, assess.assess)


# -- Wayback: availability + CDX ----------------------------------------------------


@pytest.mark.anyio
async def test_dead_link_gets_closest_200_snapshot_before_citation_date(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20180101120000", body="<p>old Haftar</p>")
    services.add(DEAD_URL, "20190510080000", body="<p>Haftar advance on Tripoli</p>")
    services.add(DEAD_URL, "20190513080000", status=404, body="gone")
    services.add(DEAD_URL, "20190516080000", body="<p>later edit</p>")
    judge = Judge()

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL), assess=judge)

    suggestion = outcome.suggestion
    assert suggestion is not None
    assert suggestion.timestamp is not None
    assert suggestion.timestamp.date() == date(2019, 5, 10)
    assert suggestion.source == "wayback-cdx"
    assert suggestion.original_url == DEAD_URL
    replay = services.server.url(f"/web/20190510080000/{DEAD_URL}")
    assert suggestion.url == replay
    assert suggestion.archive_url == replay
    assert [page.url for page in judge.pages] == [
        services.server.url(f"/web/20190510080000id_/{DEAD_URL}")
    ]
    assert BANNER.encode() not in judge.pages[0].body
    assert suggestion.support is not None
    assert suggestion.support.label is SupportLabel.SUPPORTED
    assert services.server.hits[AVAILABLE] == 1


@pytest.mark.anyio
async def test_availability_snapshot_before_the_date_is_used_without_cdx(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190501000000")
    services.add(DEAD_URL, "20190601000000")

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is not None
    assert outcome.suggestion.source == "wayback"
    assert outcome.suggestion.timestamp is not None
    assert outcome.suggestion.timestamp.date() == date(2019, 5, 1)
    assert services.server.hits[CDX] == 0


@pytest.mark.anyio
async def test_only_later_snapshots_give_the_earliest_after_the_date(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190520000000", status=404)
    services.add(DEAD_URL, "20190701000000")
    services.add(DEAD_URL, "20200101000000")

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is not None
    assert outcome.suggestion.timestamp is not None
    assert outcome.suggestion.timestamp.date() == date(2019, 7, 1)


@pytest.mark.anyio
@pytest.mark.parametrize("lines", [False, True], ids=["cdx-json", "cdx-lines"])
async def test_empty_availability_falls_back_to_cdx(
    services: ArchiveServices, client: HttpClient, tmp_path: Path, lines: bool
) -> None:
    services.add(DEAD_URL, "20190301000000")
    services.add(DEAD_URL, "20190401000000", status=404)
    services.cdx_lines = lines
    services.script(AVAILABLE, Reply(200, '{"archived_snapshots": {}}'))

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is not None
    assert outcome.suggestion.source == "wayback-cdx"
    assert outcome.suggestion.timestamp is not None
    assert outcome.suggestion.timestamp.date() == date(2019, 3, 1)
    cdx_query = next(r for r in services.server.requests if r.path == CDX)
    assert cdx_query.arg("filter") == "statuscode:200"
    assert cdx_query.arg("to") == "20190514235959"


@pytest.mark.anyio
async def test_no_snapshot_at_all_states_the_reason(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190301000000", status=404)

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is None
    assert "no archived copy with status 200" in outcome.reason


@pytest.mark.anyio
async def test_without_a_citation_date_the_newest_snapshot_is_taken(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20150101000000")
    services.add(DEAD_URL, "20210101000000")

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL), cited_at=None)

    assert outcome.suggestion is not None
    assert outcome.suggestion.timestamp is not None
    assert outcome.suggestion.timestamp.year == 2021
    assert "timestamp" not in services.server.requests[0].query


@pytest.mark.anyio
async def test_settings_cited_at_is_used_when_the_call_gives_none(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20150101000000")
    services.add(DEAD_URL, "20210101000000")
    settings = settings_for(services, cited_at=date(2016, 1, 1))

    outcome = await recover(client, settings, tmp_path, cite(DEAD_URL), cited_at=None)

    assert outcome.suggestion is not None
    assert outcome.suggestion.timestamp is not None
    assert outcome.suggestion.timestamp.year == 2015


@pytest.mark.anyio
async def test_unreadable_archived_copy_is_still_suggested_with_a_note(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190501000000")
    services.server.route(f"/web/20190501000000id_/{DEAD_URL}", Reply(503, "busy"))
    judge = Judge()

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL), assess=judge)

    assert outcome.suggestion is not None
    assert outcome.suggestion.support is None
    assert "could not be read (503)" in outcome.suggestion.note
    assert judge.pages == []


# -- archives that fail ---------------------------------------------------------------


@pytest.mark.anyio
async def test_archive_down_finishes_with_reason(client: HttpClient, tmp_path: Path) -> None:
    port = refused_port()
    settings = Settings(
        wayback_available_url=f"http://127.0.0.1:{port}/wayback/available",
        wayback_cdx_url=f"http://127.0.0.1:{port}/cdx/search/cdx",
        retry=NO_RETRY_WAIT,
    )

    outcome = await recover(client, settings, tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is None
    assert outcome.reason.startswith("web archive unreachable (127.0.0.1)")


@pytest.mark.anyio
async def test_rate_limit_is_retried_then_succeeds(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190501000000")
    services.script(AVAILABLE, Reply(429, "slow down", headers={"Retry-After": "0"}))

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is not None
    assert services.server.hits[AVAILABLE] == 2


LIMITED = Reply(429, "slow down", headers={"Retry-After": "3600"})
"""Over any cap: the one retry policy (net/retry.py) stops at once rather than stall the run."""
SOON = Reply(429, "slow down", headers={"Retry-After": "0"})
EMPTY = Reply(200, '{"archived_snapshots": {}}', content_type="application/json")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("scripts", "reason", "hits"),
    [
        ({AVAILABLE: [Reply(500, "oops")]}, "web archive error (127.0.0.1): HTTP 500", 1),
        ({AVAILABLE: [Reply(404, "<html>")]}, "availability API answered HTTP 404", 1),
        ({AVAILABLE: [Reply(200, "{not json")]}, "availability API answered malformed JSON", 1),
        ({AVAILABLE: [LIMITED] * 5}, "rate-limited us (127.0.0.1): HTTP 429 after 1 attempt", 1),
        ({AVAILABLE: [SOON] * 5}, "rate-limited us (127.0.0.1): HTTP 429 after 3 attempts", 3),
        ({AVAILABLE: [EMPTY], CDX: [Reply(503, "")] * 3}, "web archive error", 1),
        ({AVAILABLE: [EMPTY], CDX: [Reply(200, "[[")]}, "CDX API answered malformed JSON", 1),
    ],
    ids=["500", "404", "bad-json", "429-over-the-cap", "429-persists", "cdx-503", "cdx-bad-json"],
)
async def test_archive_failures_are_reasons_not_exceptions(
    services: ArchiveServices,
    client: HttpClient,
    tmp_path: Path,
    scripts: dict[str, list[Reply]],
    reason: str,
    hits: int,
) -> None:
    services.add(DEAD_URL, "20190501000000")
    for path, replies in scripts.items():
        services.script(path, *replies)

    outcome = await recover(client, settings_for(services), tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is None
    assert reason in outcome.reason
    assert services.server.hits[AVAILABLE] == hits


# -- truncated URLs --------------------------------------------------------------------

SEED_TRUNCATED = SEED_CUT_PREFIX + "%25"


def _candidate(tail: str) -> str:
    return SEED_CUT_PREFIX + percent_encoded(tail)


@pytest.mark.anyio
async def test_truncated_arabic_url_is_completed_from_the_candidate_matching_the_claim(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    trump = _candidate("امب-يتصل-بحفتر")
    turkey = _candidate("كيا-ترسل-طائرات")
    welcome = _candidate("حيب-دولي-بالهدنة")
    for url in (turkey, trump, welcome):
        services.add(url, "20190515000000", body=f"<p>{url}</p>")
    claim = "فشل هجوم حفتر على طرابلس رغم اتصال ترامب بحفتر ودعمه في مواجهة السرّاج"
    citation = cite(SEED_TRUNCATED, claim, defects=(Defect.TRUNCATED,))
    truncated = Verdict(Status.TRUNCATED, "cut off")

    outcome = await recover(client, settings_for(services), tmp_path, citation, verdict=truncated)

    assert outcome.suggestion is not None
    assert outcome.suggestion.url == trump
    assert outcome.suggestion.original_url == trump
    assert outcome.suggestion.source == "wayback-cdx-prefix"
    assert outcome.suggestion.archive_url == services.server.url(f"/web/20190515000000/{trump}")
    assert "3 candidates" in outcome.suggestion.note
    query = next(r for r in services.server.requests if r.path == CDX)
    assert query.arg("matchType") == "prefix"
    assert query.arg("url") == SEED_CUT_PREFIX


@pytest.mark.anyio
async def test_truncated_url_with_no_matching_candidate_is_not_guessed(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(_candidate("كيا"), "20190515000000")
    services.add(_candidate("حيب"), "20190515000000")
    only_prefix_words = "فشل هجوم حفتر ودعم السيطرة على طرابلس"
    citation = cite(SEED_TRUNCATED, only_prefix_words, defects=(Defect.TRUNCATED,))

    outcome = await recover(
        client, settings_for(services), tmp_path, citation, Verdict(Status.TRUNCATED, "cut")
    )

    assert outcome.suggestion is None
    assert "none matches the claim" in outcome.reason


@pytest.mark.anyio
async def test_truncated_url_with_archive_down_states_reason(
    client: HttpClient, tmp_path: Path
) -> None:
    port = refused_port()
    settings = Settings(wayback_cdx_url=f"http://127.0.0.1:{port}/cdx", retry=NO_RETRY_WAIT)
    citation = cite(SEED_TRUNCATED, "claim", defects=(Defect.TRUNCATED,))

    outcome = await recover(client, settings, tmp_path, citation, Verdict(Status.TRUNCATED, "c"))

    assert outcome.suggestion is None
    assert "unreachable" in outcome.reason


# -- Memento ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_memento_timemap_is_used_when_wayback_has_nothing(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add_memento(DEAD_URL, "20190401000000")
    chosen = services.add_memento(DEAD_URL, "20190510000000", body="<p>Haftar</p>")
    services.add_memento(DEAD_URL, "20190520000000")
    settings = settings_for(services, memento_url=services.memento_url)
    judge = Judge()

    outcome = await recover(client, settings, tmp_path, cite(DEAD_URL), assess=judge)

    assert outcome.suggestion is not None
    assert outcome.suggestion.source == "memento:127.0.0.1"
    assert outcome.suggestion.url == services.memento_address(chosen)
    assert outcome.suggestion.timestamp is not None
    assert outcome.suggestion.timestamp.date() == date(2019, 5, 10)
    assert judge.pages[0].body == b"<p>Haftar</p>"
    assert judge.pages[0].url == services.server.url(f"/memento/20190510000000id_/{DEAD_URL}")
    assert services.server.hits[TIMEMAP + DEAD_URL] == 1


@pytest.mark.anyio
async def test_memento_timegate_is_followed_when_the_timemap_is_empty(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add_memento(DEAD_URL, "20190401000000")
    chosen = services.add_memento(DEAD_URL, "20190513000000")
    services.script(TIMEMAP, Reply(200, "", content_type="application/link-format"))
    settings = settings_for(services, memento_url=services.memento_url)

    outcome = await recover(client, settings, tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is not None
    assert outcome.suggestion.url == services.memento_address(chosen)
    assert outcome.suggestion.timestamp is not None
    assert outcome.suggestion.timestamp.date() == date(2019, 5, 13)
    gate = next(r for r in services.server.requests if r.path.startswith(TIMEGATE))
    assert gate.headers["accept-datetime"] == "Tue, 14 May 2019 23:59:59 GMT"


@pytest.mark.anyio
async def test_both_archives_failing_give_both_reasons(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.script(AVAILABLE, Reply(500, "down"))
    services.script(TIMEMAP, Reply(502, "down"), Reply(502, "down"), Reply(502, "down"))
    settings = settings_for(services, memento_url=services.memento_url)

    outcome = await recover(client, settings, tmp_path, cite(DEAD_URL))

    assert outcome.suggestion is None
    assert "availability API" not in outcome.reason
    assert "HTTP 500" in outcome.reason
    assert "HTTP 502" in outcome.reason


# -- switches, environment, cache -----------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("settings_changes", "verdict", "expected"),
    [
        ({"suggest": False}, DEAD, "switched off"),
        ({}, Verdict(Status.OK, "200"), "no suggestion needed for status ok"),
        ({}, Verdict(Status.BLOCKED, "403"), "no suggestion needed for status blocked"),
    ],
)
async def test_step_does_nothing_when_off_or_not_needed(
    services: ArchiveServices,
    client: HttpClient,
    tmp_path: Path,
    settings_changes: Mapping[str, Any],
    verdict: Verdict,
    expected: str,
) -> None:
    services.add(DEAD_URL, "20190501000000")
    settings = settings_for(services, **settings_changes)

    outcome = await recover(client, settings, tmp_path, cite(DEAD_URL), verdict=verdict)

    assert outcome == RecoveryOutcome(None, outcome.reason)
    assert expected in outcome.reason
    assert services.server.requests == []


@pytest.mark.anyio
async def test_endpoints_come_from_the_environment(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190501000000")
    environ = {
        "CITECHECK_WAYBACK_AVAILABLE_URL": services.available_url,
        "CITECHECK_WAYBACK_CDX_URL": services.cdx_url,
        "CITECHECK_MEMENTO_URL": services.memento_url,
        "CITECHECK_WAYBACK_REPLAY_URL": services.server.url("/replay"),
    }
    settings = settings_from_environment(Settings(retry=NO_RETRY_WAIT), environ=environ)

    outcome = await recover(client, settings, tmp_path, cite(DEAD_URL))

    assert settings.memento_url == services.memento_url
    assert outcome.suggestion is not None
    assert outcome.suggestion.url == services.server.url(f"/replay/20190501000000/{DEAD_URL}")
    assert services.server.hits[AVAILABLE] == 1


@pytest.mark.anyio
async def test_cached_answers_are_not_asked_again(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190501000000")
    settings = settings_for(services)

    first = await recover(client, settings, tmp_path, cite(DEAD_URL))
    second = await recover(client, settings, tmp_path, cite(DEAD_URL))

    assert first == second
    assert first.suggestion is not None
    assert services.server.hits[AVAILABLE] == 1
    assert (tmp_path / "recover.sqlite3").is_file()


@pytest.mark.anyio
async def test_errors_are_not_cached(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190501000000")
    services.script(AVAILABLE, Reply(500, "down"))
    settings = settings_for(services)

    first = await recover(client, settings, tmp_path, cite(DEAD_URL))
    second = await recover(client, settings, tmp_path, cite(DEAD_URL))

    assert first.suggestion is None
    assert second.suggestion is not None
    assert services.server.hits[AVAILABLE] == 2


# -- Save Page Now ---------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("environ", "job", "reason"),
    [
        ({}, None, "needs CITECHECK_SPN_ACCESS_KEY and CITECHECK_SPN_SECRET_KEY"),
        ({"CITECHECK_SPN_ACCESS_KEY": "a"}, None, "needs CITECHECK_SPN_ACCESS_KEY"),
        (
            {"CITECHECK_SPN_ACCESS_KEY": "a", "CITECHECK_SPN_SECRET_KEY": "s"},
            "spn2-0123456789abcdef",
            "queued job spn2-0123456789abcdef",
        ),
    ],
)
async def test_archive_live_needs_credentials(
    services: ArchiveServices,
    client: HttpClient,
    tmp_path: Path,
    environ: dict[str, str],
    job: str | None,
    reason: str,
) -> None:
    recoverer = Recoverer(
        settings_for(services), http=client, cache_path=tmp_path / "c.db", environ=environ
    )

    outcome = await recoverer.archive_live(DEAD_URL)

    assert outcome.job_id == job
    assert reason in outcome.reason
    sent = [r for r in services.server.requests if r.path == SAVE]
    assert len(sent) == (1 if job else 0)
    if job:
        assert sent[0].method == "POST"
        assert sent[0].headers["authorization"] == "LOW a:s"


@pytest.mark.anyio
async def test_archive_live_retries_rate_limit_and_reports_refusal(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    environ = {"CITECHECK_SPN_ACCESS_KEY": "a", "CITECHECK_SPN_SECRET_KEY": "s"}
    refusal = '{"status": "error", "status_ext": "error:too-many-daily-captures"}'
    services.script(
        SAVE,
        Reply(429, "{}", headers={"Retry-After": "0"}),
        Reply(200, refusal, content_type="application/json"),
    )
    recoverer = Recoverer(
        settings_for(services), http=client, cache_path=tmp_path / "c.db", environ=environ
    )

    refused = await recoverer.archive_live(DEAD_URL)
    queued = await recoverer.archive_live(DEAD_URL)

    assert refused.job_id is None
    assert "too-many-daily-captures" in refused.reason
    assert queued.job_id == services.spn_job
    assert services.server.hits[SAVE] == 3


@pytest.mark.anyio
async def test_archive_retries_follow_the_one_retry_policy(
    services: ArchiveServices, client: HttpClient, tmp_path: Path
) -> None:
    services.add(DEAD_URL, "20190501000000")
    services.script(AVAILABLE, Reply(429, "", headers={"Retry-After": "2"}), Reply(429, ""))
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    policy = RetryPolicy(attempts=3, base_wait_s=0.5, max_wait_s=2.0)
    recoverer = Recoverer(
        settings_for(services, retry=policy),
        http=client,
        cache_path=tmp_path / "c.db",
        sleep=record,
    )
    outcome = await recoverer.suggest(cite(DEAD_URL), DEAD, cited_at=CITED)

    assert outcome.suggestion is not None
    assert waits[0] == 2.0  # Retry-After, within the cap
    assert 0.5 <= waits[1] <= 1.0  # then the policy's jittered backoff for the second retry
    assert len(waits) == 2


# -- the archived copy is judged like a live page ---------------------------------------

ARCHIVED_ARTICLE = """<html><head><title>Haftar's push on Tripoli</title></head><body><article>
<p>Forces loyal to the eastern commander Khalifa Haftar launched an offensive on Tripoli in
April 2019, aiming to seize the capital from the internationally recognised government.</p>
<p>Within weeks the advance had stalled in the southern suburbs, where fighting displaced
thousands of families and closed the city's only working airport for days at a time.</p>
<p>Diplomats said foreign backing for Haftar had not been enough to change the balance of
forces on the ground, and talks on a ceasefire made no progress through the summer.</p>
</article></body></html>"""
UNRELATED_ARTICLE = """<html><head><title>Harvest report</title></head><body><article>
<p>Farmers in the northern valleys reported an early wheat harvest this year, helped by a
wet spring and mild temperatures that let the crop ripen two weeks ahead of schedule.</p>
<p>Prices at the regional market fell slightly as supply grew, and cooperatives said they
expected to export a larger share of the crop than in any of the previous five seasons.</p>
</article></body></html>"""


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("body", "labels"),
    [
        (ARCHIVED_ARTICLE, {SupportLabel.SUPPORTED, SupportLabel.PARTIAL}),
        (UNRELATED_ARTICLE, {SupportLabel.UNSUPPORTED}),
    ],
    ids=["supporting-copy", "unrelated-copy"],
)
async def test_archived_copy_is_assessed_with_the_real_page_reader_and_scorer(
    services: ArchiveServices,
    client: HttpClient,
    tmp_path: Path,
    body: str,
    labels: set[SupportLabel],
) -> None:
    from citecheck.compare import SupportScorer
    from citecheck.pagetext import page_text

    settings = settings_for(services)
    scorer = SupportScorer(settings)

    async def read(fetched: FetchResult) -> PageText | None:
        return page_text(fetched, settings)

    async def assess(citation: Citation, page: PageText | None) -> Support:
        return scorer.assess(citation, page)[0]

    services.add(DEAD_URL, "20190501000000", body=body)
    claim = "Haftar's offensive on Tripoli stalled within weeks in the southern suburbs."
    citation = cite(DEAD_URL, claim)
    recoverer = Recoverer(settings, http=client, cache_path=tmp_path / "c.db")

    found = await recoverer.suggest(citation, DEAD, cited_at=CITED)
    outcome = await judge_with(settings, found, citation, read, assess)

    assert outcome.suggestion is not None
    assert outcome.suggestion.support is not None
    assert outcome.suggestion.support.label in labels
