"""Classification of fetch results into DESIGN.md §5 statuses, without any network."""

from __future__ import annotations

import dataclasses

import pytest

from citecheck.classify import (
    ERROR_VERDICTS,
    classify,
    excluded,
    is_bot_challenge,
    is_error_path,
    is_home_or_section,
    is_same_page,
    looks_alive,
    network_aware,
    skip_reason,
    skipped,
    text_similarity,
    unchecked_verdict,
    visible_words,
    with_probe,
)
from citecheck.config import Settings
from citecheck.decoding import decode_body
from citecheck.errors import ConfigError
from citecheck.models import (
    Citation,
    CitationStyle,
    Defect,
    FetchError,
    FetchResult,
    Hop,
    Location,
    Span,
    Status,
    Verdict,
)

SETTINGS = Settings()
STORY = "http://news.test/2019/05/harbour-grain"

ERROR_PAGE_EN = """<html><body><h1>Harbour Gazette</h1>
<h2>Sorry, we could not find {path}</h2>
<p>It may have moved. Browse the latest stories from the port and the rail yards.</p>
</body></html>"""
ERROR_PAGE_AR = """<html dir="rtl"><body><h1>جريدة الميناء</h1>
<h2>عذراً، الصفحة {path} غير موجودة</h2>
<p>ربما نُقلت. تصفح آخر الأخبار من الميناء وساحات السكك الحديدية.</p></body></html>"""
ARTICLE = """<html><body><h1>Grain figures</h1><p>The harbour authority said grain shipments
rose by a fifth over the previous season, driven by new berths.</p>
<script>var tracking = "ignore me";</script></body></html>"""


def answer(
    url: str = STORY,
    status: int | None = 200,
    *,
    final: str | None = None,
    body: str | bytes = ARTICLE,
    error: FetchError | None = None,
    headers: tuple[tuple[str, str], ...] = (),
    attempts: int = 1,
    content_type: str = "text/html; charset=utf-8",
) -> FetchResult:
    final_url = final or url
    hops = (Hop(url, 301, final_url), Hop(final_url, status or 0)) if final else ()
    return FetchResult(
        url=url,
        final_url=final_url,
        http_status=status,
        hops=hops,
        headers=headers,
        content_type=content_type,
        error=error,
        attempts=attempts,
        body=body.encode("utf-8") if isinstance(body, str) else body,
    )


def status_of(result: FetchResult, probe: FetchResult | None = None) -> Status:
    return classify(result, probe, settings=SETTINGS).status


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (200, Status.OK),
        (204, Status.OK),
        (404, Status.DEAD),
        (410, Status.DEAD),
        (401, Status.BLOCKED),
        (403, Status.BLOCKED),
        (429, Status.BLOCKED),
        (451, Status.BLOCKED),
        (999, Status.BLOCKED),
        (500, Status.ERROR),
        (503, Status.ERROR),
        (400, Status.ERROR),
        (405, Status.ERROR),
        (300, Status.ERROR),
    ],
)
def test_status_codes(code: int, expected: Status) -> None:
    verdict = classify(answer(status=code, body="<p>x</p>"), settings=SETTINGS)
    assert verdict.status is expected
    assert verdict.reason


def test_every_fetch_error_has_a_verdict_and_none_is_dead_but_dns() -> None:
    assert set(ERROR_VERDICTS) == set(FetchError)
    dead = {error for error, (status, _) in ERROR_VERDICTS.items() if status is Status.DEAD}
    assert dead == {FetchError.DNS}


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (FetchError.DNS, "host name does not resolve"),
        (FetchError.NETWORK_UNREACHABLE, "network unreachable"),
    ],
)
def test_reasons_the_pipeline_matches_stay_plain(error: FetchError, reason: str) -> None:
    result = FetchResult(STORY, STORY, None, error=error, error_detail="[Errno -3] details")
    assert classify(result, settings=SETTINGS).reason == reason


def test_timeout_reason_tells_the_attempts() -> None:
    verdict = classify(
        answer(status=None, error=FetchError.TIMEOUT, attempts=3, body=b""), settings=SETTINGS
    )
    assert verdict.status is Status.TIMEOUT
    assert "3 attempts" in verdict.reason


def test_accepted_status_is_success() -> None:
    settings = Settings(accept_status=(403,))
    assert classify(answer(status=403), settings=settings).status is Status.OK


def test_not_modified_is_ok() -> None:
    result = FetchResult(STORY, STORY, 304, not_modified=True)
    assert status_of(result) is Status.OK


@pytest.mark.parametrize(
    ("cited", "final"),
    [
        ("http://news.test/a/b", "https://news.test/a/b"),
        ("http://news.test/a/b", "http://news.test/a/b/"),
        ("http://news.test/a/b", "https://www.news.test/a/b/"),
        ("http://NEWS.test:80/a/%D8%A3", "http://news.test/a/أ"),
    ],
)
def test_same_page_moves_are_ok(cited: str, final: str) -> None:
    assert is_same_page(cited, final)
    assert status_of(answer(cited, final=final)) is Status.OK


def test_a_move_to_another_page_is_redirected() -> None:
    verdict = classify(answer(final="http://news.test/archive/grain"), settings=SETTINGS)
    assert verdict.status is Status.REDIRECTED
    assert "http://news.test/archive/grain" in verdict.reason


@pytest.mark.parametrize(
    "final",
    [
        "http://news.test/",
        "https://news.test",
        "http://news.test/index.php",
        "http://news.test/ar/",
        "http://news.test/en-us/home.html",
        "http://news.test/2019/",
        "http://news.test/2019/05",
    ],
)
def test_redirect_to_home_or_section(final: str) -> None:
    assert status_of(answer(final=final)) is Status.REDIRECT_HOME


def test_a_cited_home_page_is_never_redirect_home() -> None:
    assert not is_home_or_section("http://news.test/", "https://news.test/en/")
    assert (
        status_of(answer("http://news.test/", final="https://news.test/en/")) is Status.REDIRECTED
    )


@pytest.mark.parametrize(
    "final",
    [
        "http://news.test/404",
        "http://news.test/errors/404.html",
        "http://news.test/notfound.aspx",
        "http://news.test/page-not-found/",
        "http://news.test/error?aspxerrorpath=/2019/05/harbour-grain",
    ],
)
def test_redirect_to_an_error_path_is_soft404(final: str) -> None:
    assert is_error_path(final)
    assert status_of(answer(final=final)) is Status.SOFT404


def test_error_words_inside_a_slug_are_not_error_paths() -> None:
    assert not is_error_path("http://news.test/2019/error-in-the-grain-figures")


@pytest.mark.parametrize("template", [ERROR_PAGE_EN, ERROR_PAGE_AR])
def test_probe_with_the_same_text_is_soft404(template: str) -> None:
    cited = answer(body=template.format(path="/2019/05/harbour-grain"))
    probe = answer(
        "http://news.test/2019/05/citecheck-1a2b",
        body=template.format(path="/2019/05/citecheck-1a2b"),
    )
    verdict = classify(cited, probe, settings=SETTINGS)
    assert verdict.status is Status.SOFT404
    assert verdict.confidence >= 0.95


def test_probe_landing_on_the_same_final_url_is_soft404() -> None:
    cited = answer(final="http://news.test/search")
    probe = answer("http://news.test/2019/05/citecheck-1a2b", final="http://news.test/search")
    assert status_of(cited, probe) is Status.SOFT404


def test_probe_with_different_text_is_ok() -> None:
    probe = answer(
        "http://news.test/2019/05/citecheck-1a2b",
        body=ERROR_PAGE_EN.format(path="/2019/05/citecheck-1a2b"),
    )
    assert status_of(answer(), probe) is Status.OK


@pytest.mark.parametrize("code", [404, 410, 500])
def test_probe_that_fails_properly_clears_the_page(code: int) -> None:
    probe = answer("http://news.test/2019/05/citecheck-1a2b", code, body=ARTICLE)
    assert status_of(answer(), probe) is Status.OK


def test_empty_or_binary_pages_are_not_judged_by_text() -> None:
    empty = answer(body=b"")
    probe = answer("http://news.test/2019/05/citecheck-1a2b", body=b"")
    assert status_of(empty, probe) is Status.OK
    pdf = answer(body=b"%PDF-1.7 same", content_type="application/pdf")
    pdf_probe = answer("http://news.test/2019/05/citecheck-1a2b", body=b"%PDF-1.7 same")
    assert status_of(pdf, pdf_probe) is Status.OK


def test_probe_that_errored_is_ignored() -> None:
    probe = answer("http://news.test/2019/05/x", None, error=FetchError.TIMEOUT, body=b"")
    assert status_of(answer(), probe) is Status.OK


def test_similarity_ignores_echoed_paths_and_scripts() -> None:
    one = answer("http://n.test/a/first-story", body=ERROR_PAGE_EN.format(path="/a/first-story"))
    two = answer("http://n.test/a/zz-other", body=ERROR_PAGE_EN.format(path="/a/zz-other"))
    assert text_similarity(one, two) == 1.0
    assert "tracking" not in visible_words(answer())
    assert text_similarity(answer(), one) < 0.5


@pytest.mark.parametrize(
    ("status", "body", "headers", "expected"),
    [
        (403, "<title>Just a moment...</title>", (), True),
        (503, "<script src='/cdn-cgi/challenge-platform/x'></script>", (), True),
        (200, "<div id='px-captcha'></div>", (), True),
        (403, "<p>x</p>", (("cf-mitigated", "challenge"),), True),
        (403, "<p>Please solve this CAPTCHA</p>", (), True),
        (200, "<form><div class='g-recaptcha'></div></form><p>Contact us</p>", (), False),
        (200, ARTICLE, (), False),
        (200, "<script src='/_Incapsula_Resource?SWJIYLWA=7'></script><p>Incident 7</p>", (), True),
        (202, "<script>window.awsWafIntegration.getToken()</script>", (), True),
        (403, "<script src='https://js.captcha-delivery.com/c.js'></script>", (), True),
    ],
)
def test_bot_challenges(
    status: int, body: str, headers: tuple[tuple[str, str], ...], expected: bool
) -> None:
    result = answer(status=status, body=body, headers=headers)
    assert is_bot_challenge(result) is expected
    if expected:
        assert status_of(result) is Status.BLOCKED


LONG_ARTICLE = """<html><body><h1>ميناء الحاويات</h1><p>The harbour authority said grain
shipments rose by a fifth over the previous season, driven by the new berths opened in the
spring, and that the port expects another rise next year as two more cranes arrive and the
channel is dredged to take the larger ships now calling at the terminal.</p>{script}
</body></html>"""


@pytest.mark.parametrize(
    "script",
    [
        "<script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script>",
        "<form><script src='https://challenges.cloudflare.com/turnstile/v0/api.js'></script></form>",
        "<script src='/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3'></script>",
    ],
)
def test_a_vendor_script_in_an_ordinary_page_is_no_bot_wall(script: str) -> None:
    page = answer(body=LONG_ARTICLE.format(script=script))
    assert not is_bot_challenge(page)
    assert status_of(page) is Status.OK
    assert status_of(answer(status=503, body=LONG_ARTICLE.format(script=script))) is Status.BLOCKED


def test_extra_bot_markers_from_settings() -> None:
    result = answer(body="<div id='sec-if-cpt-container'>checking</div>")
    assert status_of(result) is Status.OK
    settings = Settings(bot_markers=("sec-if-cpt-container",))
    assert classify(result, settings=settings).status is Status.BLOCKED


def test_markers_match_in_any_letter_case_and_encoding() -> None:
    assert is_bot_challenge(answer(status=403, body="<TITLE>Just a Moment...</TITLE>"))
    arabic = answer(body="<p>تحقق من أنك إنسان</p>".encode("cp1256"), content_type="text/html")
    marker = "تحقق من أنك إنسان".encode("cp1256").decode("latin-1").lower()
    assert classify(arabic, settings=Settings(bot_markers=(marker,))).status is Status.BLOCKED
    assert status_of(arabic) is Status.OK


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<TITLE>Page Not Found</TITLE><p>sorry</p>", Status.SOFT404),
        ("<titlebar>Page not found</titlebar><H1 class='e'>Error 404</H1>", Status.SOFT404),
        ("<titlebar>Page not found</titlebar><h1x>Error 404</h1x>", Status.OK),
        ("<title>Page not found" + " x" * 2000 + "</title>", Status.OK),
    ],
)
def test_the_title_or_heading_is_found_in_any_letter_case(body: str, expected: Status) -> None:
    assert status_of(answer(body=body)) is expected


def test_a_challenge_on_503_is_blocked_not_error() -> None:
    result = answer(status=503, body="<title>Just a moment...</title>")
    assert status_of(result) is Status.BLOCKED


def test_decode_windows_1256_from_header_and_meta() -> None:
    text = "الصفحة غير موجودة"
    raw = f"<html><body><p>{text}</p></body></html>".encode("cp1256")
    from_header = answer(body=raw, content_type="text/html; charset=windows-1256")
    assert text in decode_body(from_header.body, from_header.content_type)
    with_meta = answer(body=b'<meta charset="windows-1256">' + raw, content_type="text/html")
    assert text in decode_body(with_meta.body, with_meta.content_type)


def test_undecodable_body_falls_back_without_raising() -> None:
    result = answer(body=b"\xff\xfe\xfa broken", content_type="text/html; charset=nonsense")
    assert "broken" in decode_body(result.body, result.content_type)


def test_helpers_for_the_pipeline() -> None:
    assert skipped("excluded by --exclude").status is Status.SKIPPED


def _citation(url: str, *, cut: bool = False, repaired: str | None = None) -> Citation:
    where = Location("a.md", 1, 1)
    defects = (Defect.TRUNCATED,) if cut else ()
    span = Span(0, len(url))
    style = CitationStyle.INLINE
    return Citation(url, url, url, where, span, style, defects=defects, repaired_url=repaired)


def test_citations_not_fetched_say_why() -> None:
    settings = Settings(url_exclude=(r"ads\.test",))
    cut = _citation("http://news.test/a%D8", cut=True, repaired="http://news.test/a")
    assert skip_reason(_citation("http://news.test/a"), settings) is None
    assert skip_reason(_citation("ftp://news.test/a"), settings) == "not a web URL"
    assert "ads" in (skip_reason(_citation("http://ads.test/x"), settings) or "")
    verdict = unchecked_verdict(cut, settings)
    assert verdict.status is Status.TRUNCATED
    assert verdict.reason.endswith("longest well-formed prefix: http://news.test/a")
    assert unchecked_verdict(_citation("mailto:a@b.test"), settings).status is Status.SKIPPED


def test_an_offline_machine_calls_no_link_dead() -> None:
    failed = FetchResult("http://gone.test/", "http://gone.test/", None, error=FetchError.DNS)
    dead = Verdict(Status.DEAD, "the host name does not exist")
    assert network_aware(dead, failed, network_reachable=True) is dead
    offline = network_aware(dead, failed, network_reachable=False)
    assert (offline.status, offline.reason) == (Status.ERROR, "network unreachable")


def test_exclude_patterns_skip_and_include_wins() -> None:
    settings = Settings(
        url_exclude=(r"^https?://(www\.)?twitter\.com/", r"\.pdf$"), url_include=(r"keep",)
    )
    assert excluded("https://twitter.com/someone/status/1", settings) == skipped(
        "excluded by the pattern '^https?://(www\\\\.)?twitter\\\\.com/'"
    )
    assert excluded("http://news.test/report.pdf", settings) is not None
    assert excluded("http://news.test/keep/report.pdf", settings) is None
    assert excluded("http://news.test/story", settings) is None


def test_a_bad_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="invalid URL pattern"):
        excluded("http://news.test/", Settings(url_exclude=("(",)))


def _probe_cases() -> list[tuple[FetchResult, FetchResult | None]]:
    """Cited answers and probes that take every branch of the cascade's last steps."""
    error_en = ERROR_PAGE_EN.format(path="/x")
    pages = [
        answer(),
        answer(final="http://news.test/2019/05/harbour-grain-figures"),
        answer(final="http://news.test/"),
        answer(final="http://news.test/errors/404"),
        answer(body=error_en),
        answer(body="<title>Page not found</title><p>sorry</p>"),
        answer(status=404),
        answer(status=503),
        answer(status=None, error=FetchError.TIMEOUT),
        answer(body=b"%PDF-1.4", content_type="application/pdf"),
        answer(body="<title>Just a moment...</title>"),
        dataclasses.replace(answer(status=304), not_modified=True),
        dataclasses.replace(answer(body=error_en), tls_verified=False),
    ]
    probes: list[FetchResult | None] = [
        None,
        answer("http://news.test/2019/05/citecheck-probe", body=error_en),
        answer("http://news.test/2019/05/citecheck-probe", body=ARTICLE),
        answer("http://news.test/2019/05/citecheck-probe", final=STORY),
        answer("http://news.test/2019/05/citecheck-probe", status=404, body="gone"),
        answer("http://news.test/2019/05/citecheck-probe", status=None, error=FetchError.RESET),
    ]
    return [(page, probe) for page in pages for probe in probes]


@pytest.mark.parametrize(("result", "probe"), _probe_cases())
def test_a_probe_added_to_a_verdict_equals_classifying_with_the_probe(
    result: FetchResult, probe: FetchResult | None
) -> None:
    first = classify(result, settings=SETTINGS)
    assert with_probe(first, result, probe) == classify(result, probe, settings=SETTINGS)


def test_the_probe_step_changes_only_a_page_that_looks_alive() -> None:
    error_page = answer(body=ERROR_PAGE_EN.format(path="/2019/05/harbour-grain"))
    probe = answer("http://news.test/2019/05/citecheck-probe", body=ERROR_PAGE_EN.format(path="/"))
    first = classify(error_page, settings=SETTINGS)
    assert looks_alive(first)
    assert with_probe(first, error_page, probe).status is Status.SOFT404
    dead = classify(answer(status=404), settings=SETTINGS)
    assert not looks_alive(dead)
    assert with_probe(dead, answer(status=404), probe) == dead
