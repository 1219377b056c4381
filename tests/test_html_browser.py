"""The HTML report in a real browser: Debian's Chromium driven by Playwright, from file://.

One page load serves every check (a module-scoped page), so the whole file stays
around a few seconds. Requests are watched: anything that is not the report file
itself fails the test, so the report provably fetches nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from citecheck.report import write_html_report
from report_fixture import PWNED, make_report

CHROMIUM = Path("/usr/bin/chromium")
OUT = Path(__file__).parent / "out"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@dataclass
class Loaded:
    """A report page plus everything the browser said while loading it."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def visible_rows(self) -> int:
        return int(self.page.locator("tr.citation:visible").count())

    def visible_statuses(self) -> set[str]:
        rows = self.page.locator("tr.citation:visible")
        return {rows.nth(index).get_attribute("data-status") for index in range(rows.count())}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    sync_api = pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("reports")
    path = write_html_report(make_report(), folder)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS, timeout=30_000
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(5_000)
        state = Loaded(page, path.as_uri())
        page.on("console", lambda message: _console(state, message))
        page.on("pageerror", lambda error: state.page_errors.append(str(error)))
        page.on("request", lambda request: state.requests.append(request.url))
        page.goto(state.url, wait_until="load")
        yield state
        browser.close()


def _console(state: Loaded, message: Any) -> None:
    if message.type == "error":
        state.console_errors.append(message.text)


def _reset(loaded: Loaded) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    loaded.page.click("#reset")
    sync_api.expect(loaded.page.locator("tr.citation:visible")).to_have_count(13)


def test_loads_without_errors_or_requests(loaded: Loaded) -> None:
    assert loaded.console_errors == []
    assert loaded.page_errors == []
    assert loaded.requests == [loaded.url]
    assert loaded.visible_rows() == len(make_report().results)


def test_hostile_content_does_not_run(loaded: Loaded) -> None:
    page = loaded.page
    assert page.evaluate(f"typeof window.{PWNED}") == "undefined"
    assert page.locator("#injected").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator("[onerror]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    title_text = page.locator("tr.citation", has_text="visited Tripoli").inner_text()
    assert "<script>" in title_text  # shown as text, not run


def test_arabic_claims_render_right_to_left(loaded: Loaded) -> None:
    claim = loaded.page.locator("p.claim", has_text="وزير الخارجية").first
    assert claim.evaluate("element => getComputedStyle(element).direction") == "rtl"
    english = loaded.page.locator("p.claim", has_text="UN envoy").first
    assert english.evaluate("element => getComputedStyle(element).direction") == "ltr"


def test_status_filter_changes_visible_rows(loaded: Loaded) -> None:
    _reset(loaded)
    loaded.page.select_option("#filter-status", "dead")
    assert loaded.visible_statuses() == {"dead"}
    assert loaded.visible_rows() == 2
    assert "2 of 13" in loaded.page.inner_text("#shown")
    _reset(loaded)
    assert loaded.visible_rows() == 13


def test_label_chip_filters_and_hides_empty_documents(loaded: Loaded) -> None:
    _reset(loaded)
    loaded.page.click("button.chip[data-filter='label'][data-value='partial']")
    assert loaded.visible_rows() == 1
    assert loaded.page.locator("section.document:visible").count() == 1
    chip = loaded.page.locator("button.chip[data-value='partial']")
    assert chip.get_attribute("aria-pressed") == "true"
    chip.click()
    assert loaded.visible_rows() == 13


def test_search_matches_arabic_and_urls(loaded: Loaded) -> None:
    _reset(loaded)
    loaded.page.fill("#search", "skynewsarabia")
    assert loaded.visible_statuses() == {"truncated"}
    loaded.page.fill("#search", "اتصال")
    assert loaded.visible_rows() == 2
    loaded.page.fill("#search", "no such text anywhere")
    assert loaded.visible_rows() == 0


def test_findings_come_first_by_default_and_document_order_is_one_click_away(
    loaded: Loaded,
) -> None:
    _reset(loaded)
    first = loaded.page.locator("section.document").nth(1).locator("tr.citation").first
    assert first.get_attribute("data-status") == "dead"  # the one finding in this document
    assert "finding" in (first.get_attribute("class") or "")
    severities = loaded.page.eval_on_selector_all(
        "section.document tbody",
        "bodies => bodies.map(b => [...b.children].map(r => +r.dataset.severity))",
    )
    assert all(column == sorted(column, reverse=True) for column in severities)
    loaded.page.select_option("#sort", "document")
    assert first.get_attribute("data-status") == "soft404"
    _reset(loaded)
    # The form's reset re-sorts in a zero-delay timer, after the click returns: wait for it.
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect(first).to_have_attribute("data-status", "dead")


def test_keyboard_reaches_filters(loaded: Loaded) -> None:
    _reset(loaded)
    loaded.page.focus("#search")
    loaded.page.keyboard.type("alarabiya")
    assert loaded.visible_rows() == 1
    loaded.page.keyboard.press("Shift+Tab")
    focused = loaded.page.evaluate("document.activeElement.id")
    assert focused == "filter-change"


def test_screenshots(loaded: Loaded) -> None:
    _reset(loaded)
    OUT.mkdir(exist_ok=True)
    loaded.page.screenshot(path=str(OUT / "report-desktop.png"), full_page=True)
    loaded.page.set_viewport_size({"width": 390, "height": 844})
    loaded.page.screenshot(path=str(OUT / "report-phone.png"))
    width = loaded.page.evaluate("document.documentElement.scrollWidth")
    loaded.page.set_viewport_size({"width": 1280, "height": 900})
    assert width <= 390  # no sideways scrolling on a phone
    assert (OUT / "report-desktop.png").stat().st_size > 10_000
