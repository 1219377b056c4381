"""The whole pipeline against real local servers: documents in, a Report out."""

from __future__ import annotations

import asyncio
import os
from datetime import date
from pathlib import Path

import pytest

from citecheck.config import RetryPolicy, Settings
from citecheck.models import FetchResult, HistoryState, Report, Status, SupportLabel
from citecheck.pipeline import NETWORK_UNREACHABLE_REASON, scan

CUT_OFF_ALJAZEERA = (
    "https://www.aljazeera.net/news/politics/2019/5/14/"
    "%D9%87%D8%AC%D9%88%D9%85-%D9%81%D8%B4%D9%84-%D8%AD%D9%81%D8%AA%D8%B1-%D8%AA%D8%B1%25"
)


def local_settings(tmp_path: Path, **changes: object) -> Settings:
    """Settings for a fast, offline-safe run against 127.0.0.1."""
    base = Settings(
        cache_dir=str(tmp_path / "cache"),
        reports_dir=str(tmp_path / "reports"),
        host_delay_s=0.0,
        timeout_s=2.0,
        url_budget_s=5.0,
        retry=RetryPolicy(attempts=3, base_wait_s=0.0, max_wait_s=0.0, jitter=False),
        check_network=False,
        suggest=False,
    )
    return base.replace(**changes)


def by_url(report: Report) -> dict[str, Status]:
    return {result.citation.url: result.verdict.status for result in report.results}


@pytest.fixture
def article(tmp_path: Path, site_server) -> Path:
    base = site_server.server.base_url
    text = (
        "# Harbour\n\n"
        "Grain shipments through the northern terminal rose by a fifth, the authority said "
        f"({base}/article.html).\n\n"
        f"The old page is gone: {base}/status/404 and so is {base}/status/410.\n\n"
        f"A moved story [moved]({base}/moved/2019/story) and a wall {base}/status/403.\n\n"
        f"A cut-off source: {CUT_OFF_ALJAZEERA}\n"
    )
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_scan_classifies_every_citation(article: Path, tmp_path: Path, site_server) -> None:
    report = scan([article], local_settings(tmp_path, support=False))
    statuses = by_url(report)
    url = site_server.url
    assert statuses[url("/article.html")] == Status.OK
    assert statuses[url("/status/404")] == Status.DEAD
    assert statuses[url("/status/410")] == Status.DEAD
    assert statuses[url("/moved/2019/story")] == Status.REDIRECTED
    assert statuses[url("/status/403")] == Status.BLOCKED
    truncated = [r for r in report.results if r.verdict.status == Status.TRUNCATED]
    assert len(truncated) == 1
    assert truncated[0].fetch is None, "a cut-off URL is not fetched"
    assert not report.network_unreachable


def test_each_unique_url_is_fetched_once_across_documents(tmp_path: Path, site_server) -> None:
    target = site_server.url("/status/200?once=1")
    for name in ("one.txt", "two.md"):
        (tmp_path / name).write_text(f"See {target} for the source.\n", encoding="utf-8")
    before = site_server.hits.get("/status/200", 0)
    report = scan([tmp_path / "one.txt", tmp_path / "two.md"], local_settings(tmp_path))
    assert len(report.results) == 2
    assert site_server.hits["/status/200"] - before == 1


def test_results_are_archived_and_history_accumulates(article: Path, tmp_path: Path) -> None:
    settings = local_settings(tmp_path, support=False, confirm_after=2, confirm_spacing_hours=0)
    first = scan([article], settings)
    second = scan([article], settings)
    ok = next(r for r in first.results if r.verdict.status == Status.OK)
    assert ok.fetch is not None
    assert ok.fetch.archive is not None
    assert Path(ok.fetch.archive.warc).is_file()
    dead_first = next(r for r in first.results if r.citation.url.endswith("/status/404"))
    dead_second = next(r for r in second.results if r.citation.url.endswith("/status/404"))
    assert dead_first.history is not None
    assert dead_second.history is not None
    assert dead_first.history.state == HistoryState.NEWLY_FAILING
    assert dead_second.history.state == HistoryState.CONFIRMED_DEAD
    assert dead_second.history.consecutive_failures == 2


def test_one_bad_night_is_not_a_finding_until_confirmed(article: Path, tmp_path: Path) -> None:
    settings = local_settings(tmp_path, support=False, confirm_after=2, confirm_spacing_hours=0)
    fail_on = frozenset({"dead"})
    assert scan([article], settings).findings(fail_on) == []
    assert len(scan([article], settings).findings(fail_on)) == 2


def test_a_recheck_sends_validators_and_reuses_the_archived_body(
    tmp_path: Path, site_server
) -> None:
    doc = tmp_path / "etag.txt"
    doc.write_text(f"Source: {site_server.url('/etag')}\n", encoding="utf-8")
    settings = local_settings(tmp_path, support=False)
    first = scan([doc], settings).results[0]
    second = scan([doc], settings).results[0]
    assert first.fetch is not None
    assert second.fetch is not None
    assert second.fetch.not_modified
    assert second.verdict.status == Status.OK
    assert second.fetch.body == first.fetch.body


def test_offline_machine_calls_nothing_dead(tmp_path: Path) -> None:
    doc = tmp_path / "offline.txt"
    doc.write_text(
        "Two sources: https://nowhere.invalid/story and https://news.invalid/2019/x.\n",
        encoding="utf-8",
    )
    settings = local_settings(tmp_path, check_network=True, canary_hosts=("canary.invalid",))
    report = scan([doc], settings)
    assert report.network_unreachable
    assert {r.verdict.status for r in report.results} == {Status.ERROR}
    assert {r.verdict.reason for r in report.results} == {NETWORK_UNREACHABLE_REASON}


def test_unresolvable_host_is_dead_when_the_network_works(tmp_path: Path, site_server) -> None:
    doc = tmp_path / "dns.txt"
    doc.write_text("Gone for good: https://vanished.invalid/story\n", encoding="utf-8")
    canary = site_server.server.base_url.removeprefix("http://")
    settings = local_settings(tmp_path, check_network=True, canary_hosts=(canary,))
    report = scan([doc], settings)
    assert not report.network_unreachable
    assert report.results[0].verdict.status == Status.DEAD


def test_findings_wait_for_confirmation_only_when_confirm_after_is_raised() -> None:
    from datetime import UTC, datetime

    from citecheck.models import (
        CheckResult,
        Citation,
        CitationStyle,
        DocKind,
        DocumentResult,
        History,
        Location,
        Span,
        Verdict,
    )

    def dead(state: HistoryState) -> CheckResult:
        citation = Citation(
            url="https://a.org/x",
            display_url="https://a.org/x",
            raw="https://a.org/x",
            location=Location("a.txt", 1, 1),
            span=Span(0, 15),
            style=CitationStyle.INLINE,
        )
        return CheckResult(citation, Verdict(Status.DEAD, "404"), history=History(state))

    results = (dead(HistoryState.NEWLY_FAILING), dead(HistoryState.CONFIRMED_DEAD))
    when = datetime(2026, 1, 1, tzinfo=UTC)

    def report(confirm_after: int) -> Report:
        document = DocumentResult("a.txt", DocKind.TEXT, results)
        return Report((document,), when, when, "0", settings={"confirm_after": confirm_after})

    fail_on = frozenset({"dead"})
    assert len(report(1).findings(fail_on)) == 2
    assert report(3).findings(fail_on) == [results[1]]


def test_excluded_urls_are_skipped_and_not_fetched(
    article: Path, tmp_path: Path, site_server
) -> None:
    before = site_server.hits.get("/status/410", 0)
    settings = local_settings(tmp_path, support=False, url_exclude=("/status/410",))
    statuses = by_url(scan([article], settings))
    assert statuses[site_server.url("/status/410")] == Status.SKIPPED
    assert site_server.hits.get("/status/410", 0) == before


def test_offline_replays_the_archive_without_fetching(
    article: Path, tmp_path: Path, site_server
) -> None:
    settings = local_settings(tmp_path, support=False)
    scan([article], settings)
    before = dict(site_server.hits)
    replayed = scan([article], settings.replace(offline=True))
    assert site_server.hits == before, "offline mode sent a request"
    statuses = by_url(replayed)
    assert statuses[site_server.url("/article.html")] == Status.OK
    assert statuses[site_server.url("/status/404")] == Status.SKIPPED
    ok = next(r for r in replayed.results if r.verdict.status == Status.OK)
    assert ok.fetch is not None
    assert ok.fetch.from_cache
    assert "grain" in (ok.page_title or "")  # read from the archived body


def test_support_is_scored_across_languages(tmp_path: Path, site_server) -> None:
    base = site_server.server.base_url
    doc = tmp_path / "ar.md"
    doc.write_text(
        "# الحبوب\n\n"
        "ارتفعت شحنات الحبوب عبر المحطة الشمالية بمقدار الخمس، وفق هيئة الميناء "
        f"{base}/article-ar.html\n\n"
        "وقالت الهيئة إن شحنات الحبوب عبر المحطة الشمالية ارتفعت بنحو الخمس "
        f"{base}/article.html\n\n"
        f"ارتفعت شحنات الحبوب عبر المحطة الشمالية بمقدار الخمس {base}/other.html\n",
        encoding="utf-8",
    )
    report = scan([doc], local_settings(tmp_path))
    support = {r.citation.url.rsplit("/", 1)[1]: r.support for r in report.results}
    assert all(value is not None for value in support.values())
    arabic, english, unrelated = (
        support[name] for name in ("article-ar.html", "article.html", "other.html")
    )
    assert arabic.label in (SupportLabel.SUPPORTED, SupportLabel.PARTIAL)
    assert english.label in (SupportLabel.SUPPORTED, SupportLabel.PARTIAL)
    assert "grain" in english.evidence.lower()
    assert unrelated.label in (SupportLabel.UNSUPPORTED, SupportLabel.UNKNOWN)
    assert unrelated.score < min(arabic.score, english.score)


def test_a_link_with_no_claim_text_gets_unknown_not_unsupported(
    tmp_path: Path, site_server
) -> None:
    from citecheck.extract.claimtext import NO_CLAIM_TEXT

    base = site_server.server.base_url
    doc = tmp_path / "bare.md"
    doc.write_text(
        f"[Reuters]({base}/article.html)\n\n"
        f"{base}/article-ar.html\n\n"
        f"Grain shipments through the northern terminal rose by a fifth. {base}/other.html\n",
        encoding="utf-8",
    )
    report = scan([doc], local_settings(tmp_path))
    support = {r.citation.url.rsplit("/", 1)[1]: r.support for r in report.results}
    for name in ("article.html", "article-ar.html"):
        assert support[name] is not None
        assert support[name].label is SupportLabel.UNKNOWN, name
        assert support[name].reason == NO_CLAIM_TEXT
    assert support["other.html"] is not None
    claim = "Grain shipments through the northern terminal rose by a fifth."
    assert support["other.html"].claim == claim


def test_dead_link_gets_an_archived_copy_judged_against_its_claim(tmp_path: Path, server) -> None:
    from archive_services import ArchiveServices
    from localserver import Reply

    services = ArchiveServices(server)
    gone = server.url("/gone")
    server.route("/gone", Reply(404, "<html><body>not found</body></html>"))
    archived = (
        "<html><body><article><p>The harbour authority said on Tuesday that grain shipments "
        "through the northern terminal rose by a fifth over the previous season, driven by new "
        "berths and a longer working day at the quays.</p><p>Officials expect the figures to "
        "hold next year if the dredging of the outer channel finishes on schedule.</p>"
        "</article></body></html>"
    )
    services.add(gone, "20190501000000", body=archived)
    services.add(gone, "20190601000000", status=404)
    doc = tmp_path / "dead.md"
    doc.write_text(
        f"Grain shipments through the northern terminal rose by a fifth, the authority said "
        f"({gone}).\n",
        encoding="utf-8",
    )
    settings = local_settings(
        tmp_path,
        suggest=True,
        cited_at=date(2019, 5, 14),
        wayback_available_url=services.available_url,
        wayback_cdx_url=services.cdx_url,
    )
    [result] = scan([doc], settings).results
    assert result.verdict.status == Status.DEAD
    assert result.suggestion is not None
    assert "20190501000000" in (result.suggestion.archive_url or result.suggestion.url)
    assert result.suggestion.support is not None
    assert result.suggestion.support.label in (SupportLabel.SUPPORTED, SupportLabel.PARTIAL)
    assert result.recovery_note is None


def _reader_noting_its_process(result: FetchResult, settings: Settings, *, cache=None):
    """`page_text`, noting which process read which URL (in the cache folder)."""
    from citecheck.pagetext import page_text

    with open(Path(settings.cache_dir) / "read-by.txt", "a", encoding="utf-8") as notes:
        notes.write(f"{os.getpid()} {result.url}\n")
    return page_text(result, settings, cache=cache)


def test_an_archived_copy_is_read_in_the_workers_like_any_page(tmp_path: Path, server) -> None:
    from archive_services import ArchiveServices
    from citecheck.pipeline import ascan
    from citecheck.workers import PageWorkers
    from localserver import Reply

    services = ArchiveServices(server)
    gone = server.url("/gone-too")
    server.route("/gone-too", Reply(404, "gone"))
    services.add(gone, "20190501000000", body="<html><body><p>Grain rose.</p></body></html>")
    doc = tmp_path / "dead.md"
    doc.write_text(f"Grain shipments rose by a fifth ({gone}).\n", encoding="utf-8")
    settings = local_settings(
        tmp_path,
        suggest=True,
        cited_at=date(2019, 5, 14),
        wayback_available_url=services.available_url,
        wayback_cdx_url=services.cdx_url,
    )
    with PageWorkers(settings, processes=1, reader=_reader_noting_its_process) as workers:
        [result] = asyncio.run(ascan([doc], settings, workers=workers)).results

    assert result.suggestion is not None
    assert result.suggestion.support is not None
    notes = (Path(settings.cache_dir) / "read-by.txt").read_text(encoding="utf-8").split()
    readers = dict(zip(notes[1::2], map(int, notes[::2]), strict=True))
    copy = services.server.url(f"/web/20190501000000id_/{gone}")
    assert list(readers) == [copy]  # the copy went through the run's own page reader...
    assert readers[copy] != os.getpid()  # ...in a worker process, not on the event loop


def test_archive_down_leaves_a_reason_and_the_scan_finishes(tmp_path: Path, server) -> None:
    from localserver import Reply, refused_port

    server.route("/gone", Reply(404, "<p>not found</p>"))
    doc = tmp_path / "dead.txt"
    doc.write_text(f"It was reported at {server.url('/gone')} last year.\n", encoding="utf-8")
    down = f"http://127.0.0.1:{refused_port()}"
    settings = local_settings(
        tmp_path,
        suggest=True,
        wayback_available_url=f"{down}/wayback/available",
        wayback_cdx_url=f"{down}/cdx/search/cdx",
    )
    [result] = scan([doc], settings).results
    assert result.verdict.status == Status.DEAD
    assert result.suggestion is None
    assert result.recovery_note is not None
    assert "unreachable" in result.recovery_note


def test_archive_live_asks_save_page_now_once_per_live_url(
    tmp_path: Path, server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_services import SAVE, ArchiveServices
    from localserver import Reply

    services = ArchiveServices(server)
    server.route("/live", Reply(200, "<p>" + "a live page. " * 30 + "</p>"))
    doc = tmp_path / "live.txt"
    live = server.url("/live")
    doc.write_text(f"First {live} and again {live}.\n\nThen {live} once more.\n", encoding="utf-8")
    monkeypatch.setenv("CITECHECK_SPN_ACCESS_KEY", "key")
    monkeypatch.setenv("CITECHECK_SPN_SECRET_KEY", "secret")
    settings = local_settings(tmp_path, archive_live=True, support=False, spn_url=services.save_url)
    scan([doc], settings)
    assert server.hits[SAVE] == 1
    saved = next(request for request in server.requests if request.path == SAVE)
    assert saved.headers["authorization"] == "LOW key:secret"


@pytest.mark.parametrize("cms", ["cms-en", "cms-ar"])
def test_soft_404s_are_told_from_live_pages_in_both_languages(
    tmp_path: Path, site_server, cms: str
) -> None:
    live = site_server.url(f"/{cms}/2019/grain-figures")
    gone = site_server.url(f"/{cms}/2019/harbour-strike-ends")
    doc = tmp_path / "cms.txt"
    doc.write_text(f"Live {live} and gone {gone}.\n", encoding="utf-8")
    statuses = by_url(scan([doc], local_settings(tmp_path, support=False)))
    assert statuses[live] == Status.OK
    assert statuses[gone] == Status.SOFT404


def test_no_soft_404_probe_for_a_redirect_home(tmp_path: Path, site_server) -> None:
    home = site_server.url("/gone-home/2019/story")
    doc = tmp_path / "home.txt"
    doc.write_text(f"The story was at {home} once.\n", encoding="utf-8")
    seen = len(site_server.server.requests)
    assert (
        by_url(scan([doc], local_settings(tmp_path, support=False)))[home] == Status.REDIRECT_HOME
    )
    paths = [request.path for request in site_server.server.requests[seen:]]
    assert paths == ["/gone-home/2019/story", "/"], "a probe was sent for a page already judged"


def test_each_answer_is_classified_once_probe_included(
    tmp_path: Path, site_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import citecheck.classify as classify_module

    classified: list[str] = []
    cascade = classify_module._verdict

    def counted(result: FetchResult, probe: FetchResult | None, settings: Settings) -> object:
        classified.append(result.url)
        return cascade(result, probe, settings)

    monkeypatch.setattr(classify_module, "_verdict", counted)
    live = site_server.url("/cms-en/2019/grain-figures")
    gone = site_server.url("/cms-en/2019/harbour-strike-ends")
    doc = tmp_path / "cms.txt"
    doc.write_text(f"Live {live} and gone {gone}.\n", encoding="utf-8")
    statuses = by_url(scan([doc], local_settings(tmp_path, support=False)))
    assert statuses == {live: Status.OK, gone: Status.SOFT404}  # both probed
    assert sorted(classified) == sorted([live, gone])


def _cited(tmp_path: Path, site_server, *paths: str) -> tuple[list[str], Path]:
    """The site's URLs for `paths`, and a document that cites them all."""
    urls = [site_server.url(path) for path in paths]
    doc = tmp_path / "sources.txt"
    doc.write_text("Sources: " + " and ".join(urls) + ".\n", encoding="utf-8")
    return urls, doc


def test_a_urls_walk_looks_the_cache_up_once_and_writes_it_once(
    tmp_path: Path, site_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citecheck.store.archive import Archive

    urls, doc = _cited(tmp_path, site_server, "/etag", "/article.html", "/status/404")
    settings = local_settings(tmp_path, support=False)
    scan([doc], settings)  # the cache now holds a capture of each, with validators
    calls: dict[str, list[str]] = {}
    for name in ("prior", "replay", "record", "store", "latest_body", "validators"):
        method = getattr(Archive, name)

        def counted(self: Archive, first: object, *args: object, _name=name, _method=method, **kw):
            calls.setdefault(_name, []).append(str(getattr(first, "url", first)))
            return _method(self, first, *args, **kw)

        monkeypatch.setattr(Archive, name, counted)

    report = scan([doc], settings)

    assert by_url(report) == dict(zip(urls, [Status.OK, Status.OK, Status.DEAD], strict=True))
    assert sorted(calls["prior"]) == sorted(urls)  # one look-up per URL
    assert calls["replay"] == [urls[0]]  # the 304's body, from the capture the look-up found
    assert sorted(calls["record"]) == sorted(urls)  # one write per URL
    assert set(calls) == {"prior", "replay", "record"}  # no other look-up, no other write
    assert all(result.fetch is not None and result.fetch.body == b"" for result in report.results)


def test_a_urls_answer_is_built_once_and_kept_once(
    tmp_path: Path, site_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls, doc = _cited(tmp_path, site_server, "/article.html", "/status/404", "/moved/2019/x")
    built: list[str] = []
    build = FetchResult.__init__

    def counted(self: FetchResult, url: str, *args: object, **kwargs: object) -> None:
        built.append(url)
        build(self, url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FetchResult, "__init__", counted)
    settings = local_settings(tmp_path, support=False, soft404_probe=False)
    report = scan([doc], settings)
    during_the_run = list(built)  # reading the report back from its spool builds its own

    assert sorted(by_url(report)) == sorted(urls)
    assert sorted(during_the_run) == sorted(urls * 2)  # the fetcher's answer, the copy kept
