"""The HTML report as an editor reads it: text in the right order, findings first,
nothing that only a developer understands.

The browser checks measure where glyphs land (a Range's rectangles), so "the URL
reads left to right inside an Arabic sentence" is tested as rendered, not as markup.
Screenshots at 1400 and 400 px go to tests/out/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from citecheck.models import (
    ArchiveRef,
    CheckResult,
    Citation,
    CitationStyle,
    Claim,
    DocKind,
    DocumentResult,
    FetchResult,
    History,
    HistoryState,
    Location,
    Report,
    Span,
    Status,
    Suggestion,
    Support,
    SupportLabel,
    Verdict,
)
from citecheck.report import write_html_report
from citecheck.report.html import isolate, render

CHROMIUM = Path("/usr/bin/chromium")
OUT = Path(__file__).parent / "out"
CHECKED = datetime(2026, 11, 29, 2, 1, 10, tzinfo=UTC)
DOC = "articles/تقرير-ليبيا.md"
URL_IN_CLAIM = "http://alwadi.example/b"
RTL_CLAIM = f"نشرت صحيفة الوادي الخبر ({URL_IN_CLAIM}) وارتفع السعر بنسبة %25 في ملف read_price."
SLUG_WORDS = "un envoy displaced families"


def _citation(url: str, line: int, claim: str) -> Citation:
    return Citation(
        url=url,
        display_url=url,
        raw=url,
        location=Location(DOC, line, 3),
        span=Span(line * 100, line * 100 + len(url)),
        style=CitationStyle.INLINE,
        claims=(Claim(claim, Span(line * 100 - 80, line * 100 - 1), Location(DOC, line, 1)),),
    )


def _fetch(url: str, status: int, *, archived: bool = False) -> FetchResult:
    archive = ArchiveRef("cache/warc/run-1.warc.gz", 10, 20, "<urn:uuid:1>") if archived else None
    return FetchResult(url, url, status, checked_at=CHECKED, archive=archive)


def _history(state: HistoryState, *recent: str) -> History:
    return History(state, consecutive_failures=recent.count("soft404"), recent=recent)


def editor_report() -> Report:
    live = "https://www.alwasat.example/news/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7"
    soft = "https://news.example.org/un-envoy-displaced-families"
    dead = "https://gone.example.org/2019/04/libya"
    results = (
        CheckResult(
            citation=_citation(live, 4, RTL_CLAIM),
            verdict=Verdict(Status.OK, "200 OK"),
            fetch=_fetch(live, 200, archived=True),
            support=Support(
                0.81,
                SupportLabel.SUPPORTED,
                claim=RTL_CLAIM,
                evidence="ارتفع السعر بنسبة 25 في المئة",
                language="ar",
            ),
            history=_history(HistoryState.HEALTHY, "ok", "ok"),
        ),
        CheckResult(
            citation=_citation(soft, 8, "قال المبعوث الأممي إن الهجوم شرّد آلاف العائلات"),
            verdict=Verdict(Status.SOFT404, "page says 'not found' with status 200"),
            fetch=_fetch(soft, 200),
            support=Support(
                0.0, SupportLabel.UNKNOWN, evidence=SLUG_WORDS, flags=("no_page", "slug_only")
            ),
            history=_history(HistoryState.CONFIRMED_DEAD, "soft404", "soft404", "soft404"),
        ),
        CheckResult(
            citation=_citation(dead, 12, "وأكدت روسيا أنها على اتصال بجميع الأطراف"),
            verdict=Verdict(Status.DEAD, "404 Not Found"),
            fetch=_fetch(dead, 404),
            suggestion=Suggestion(
                f"https://web.archive.org/web/20190408000000/{dead}",
                "web archive",
                timestamp=datetime(2019, 4, 8, tzinfo=UTC),
            ),
            history=_history(HistoryState.NEWLY_FAILING, "ok", "dead"),
        ),
    )
    return Report(
        documents=(DocumentResult(DOC, DocKind.MARKDOWN, results),),
        started_at=CHECKED,
        finished_at=CHECKED,
        tool_version="0.1.0",
        settings={"fail_on": ["dead", "truncated"]},
    )


def test_isolate_wraps_urls_and_code_like_tokens_left_to_right() -> None:
    html = str(isolate(RTL_CLAIM))
    assert f'<bdi dir="ltr">{URL_IN_CLAIM}</bdi>' in html
    assert '<bdi dir="ltr">%25</bdi>' in html
    assert '<bdi dir="ltr">read_price</bdi>' in html
    assert "<bdi" not in str(isolate("نص عربي فقط بلا روابط"))
    assert str(isolate("<script>x</script> a_b")).startswith("&lt;script&gt;")


def test_report_reads_like_an_editor_expects() -> None:
    page = render(editor_report())
    assert "cache/warc/" not in page  # no raw archive paths
    assert "Archived 2026-11-29 02:01 UTC" in page
    assert "citecheck cache show https://www.alwasat.example/news/" in page
    assert "confirmed soft 404" in page
    assert "confirmed dead" not in page
    assert "1 finding " in page
    assert "Words in the URL, not from a page:" in page
    soft_row = page.split('data-status="soft404"', 1)[1].split("</tr>", 1)[0]
    assert "<mark>" not in soft_row  # URL words are never "evidence"
    rows = [part.split('"', 1)[0] for part in page.split('data-status="')[1:]]
    assert rows[0] == "dead"  # the finding comes first


def test_a_first_run_says_it_is_the_baseline() -> None:
    report = editor_report()
    assert 'id="first-run"' not in render(report)
    (document,) = report.documents
    first = tuple(
        replace(result, history=replace(result.history, recent=result.history.recent[-1:]))
        for result in document.results
        if result.history
    )
    page = render(replace(report, documents=(replace(document, results=first),)))
    assert 'id="first-run"' in page
    assert "confirmed soft 404" not in page  # no previous run, so nothing was confirmed


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    path = write_html_report(editor_report(), tmp_path_factory.mktemp("reports"))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            timeout=30_000,
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(5_000)
        page.goto(path.as_uri(), wait_until="load")
        yield page
        browser.close()


_GLYPH_LEFT = """([selector, needle]) => {
  const host = document.querySelector(selector);
  const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  const lefts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    for (let i = 0; i < needle.length; i++) {
      const range = document.createRange();
      range.setStart(node, at + i);
      range.setEnd(node, at + i + 1);
      lefts.push(range.getBoundingClientRect().left);
    }
    return lefts;
  }
  return null;
}"""


@pytest.mark.browser
def test_url_and_percent_read_left_to_right_inside_an_arabic_claim(browser_page: Any) -> None:
    claim = "tr[data-status='ok'] p.claim"
    assert browser_page.eval_on_selector(claim, "e => getComputedStyle(e).direction") == "rtl"
    for needle in ("%25", URL_IN_CLAIM, "read_price"):
        lefts = browser_page.evaluate(_GLYPH_LEFT, [claim, needle])
        assert lefts is not None, needle
        assert lefts == sorted(lefts), needle  # each next character is further right
    bdi = browser_page.locator(f"{claim} bdi").first
    assert bdi.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"


@pytest.mark.browser
def test_screenshots_at_desktop_and_phone_widths(browser_page: Any) -> None:
    OUT.mkdir(exist_ok=True)
    for width in (1400, 400):
        browser_page.set_viewport_size({"width": width, "height": 900})
        shot = OUT / f"report-editor-{width}.png"
        browser_page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        scroll = browser_page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width  # nothing runs off the side
    first = browser_page.locator("tr.citation").first
    assert first.get_attribute("data-status") == "dead"
    marks = browser_page.locator("mark")
    assert marks.count() > 0
    assert browser_page.locator("tr[data-status='ok'] mark").count() == marks.count()
