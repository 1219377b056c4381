"""The HTML report without a browser: escaping, self-containment, links, atomic writes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from citecheck.errors import ReportError
from citecheck.report import LATEST_HTML, Format, render, write_html_report
from citecheck.report.html import MAX_CLAIMS_SHOWN, highlight, safe_href
from report_fixture import AR_CLAIM, PWNED, make_report


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="module")
def page() -> str:
    return render(make_report(), Format.HTML)


@pytest.fixture(scope="module")
def parsed(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_only_one_script_and_it_is_ours(parsed: _Collector) -> None:
    assert [tag for tag, _ in parsed.tags].count("script") == 1
    assert PWNED not in "".join(parsed.scripts)


def test_no_event_handler_or_injected_element(parsed: _Collector) -> None:
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert attrs.get("id") != "injected"
    assert "b" not in {tag for tag, _ in parsed.tags}


def test_hostile_text_is_escaped_not_dropped(page: str) -> None:
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "&#34; onerror=&#34;window.__pwned=2&#34;" in page
    assert "&lt;/textarea&gt;&lt;/script&gt;" in page


def test_only_http_links(parsed: _Collector) -> None:
    hrefs = [attrs["href"] or "" for tag, attrs in parsed.tags if tag == "a" and "href" in attrs]
    assert hrefs
    assert all(href.startswith(("http://", "https://")) for href in hrefs)


def test_self_contained(parsed: _Collector, page: str) -> None:
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        assert tag != "link", attrs
    assert "@import" not in page
    assert "url(" not in page
    assert re.search(r"default-src 'none'", page)


def test_csp_nonce_matches_style_and_script(parsed: _Collector, page: str) -> None:
    nonce = re.search(r"script-src 'nonce-([^']+)'", page)
    assert nonce is not None
    tagged = [attrs.get("nonce") for tag, attrs in parsed.tags if tag in ("script", "style")]
    assert tagged == [nonce.group(1), nonce.group(1)]


def test_arabic_claims_are_direction_auto(parsed: _Collector, page: str) -> None:
    claims = [attrs for tag, attrs in parsed.tags if attrs.get("class") == "claim"]
    assert claims
    assert all(attrs.get("dir") == "auto" for attrs in claims)
    assert AR_CLAIM in page


def test_raw_url_on_hover(parsed: _Collector) -> None:
    titles = [attrs.get("title") or "" for tag, attrs in parsed.tags if tag == "a"]
    assert any("%D8%B1%D9%88%D8%B3%D9%8A%D8%A7" in title for title in titles)


def test_robust_links_on_suggestions(parsed: _Collector) -> None:
    archived = [attrs for tag, attrs in parsed.tags if tag == "a" and "data-versionurl" in attrs]
    assert len(archived) == 1
    link = archived[0]
    assert (
        link["data-originalurl"] == "https://www.alarabiya.net/ar/arab-and-world/2019/04/07/libya"
    )
    assert link["data-versiondate"] == "2019-04-08"
    assert link["href"] == link["data-versionurl"]


def test_summary_and_history(page: str, parsed: _Collector) -> None:
    assert "13 citations in 2 documents" in page
    assert "claim that no cited source supports" in page
    strips = [attrs for tag, attrs in parsed.tags if attrs.get("class") == "history"]
    assert len(strips) == 5
    changes = {attrs.get("data-change") for tag, attrs in parsed.tags if tag == "tr"}
    assert changes >= {"newly_failing", "confirmed_dead", "recovered", "drifted"}


def test_redirect_chain_is_listed(page: str) -> None:
    assert "2 redirects" in page
    assert "https://arabic.rt.com/news/1017-libya" in page


def test_long_claim_lists_fold_away() -> None:
    report = make_report()
    document = report.documents[0]
    citation = document.results[0].citation
    claims = tuple(replace(citation.claims[0], text=f"claim number {n}") for n in range(5))
    first = replace(document.results[0], citation=replace(citation, claims=claims))
    report = replace(report, documents=(replace(document, results=(first,)),))
    text = render(report, Format.HTML)
    shown, _, folded = text.partition("3 more claims this source backs")
    assert shown.count('">claim number') == MAX_CLAIMS_SHOWN
    assert folded.count('">claim number') == 5 - MAX_CLAIMS_SHOWN


def test_network_unreachable_banner() -> None:
    text = render(make_report(network_unreachable=True, network_reason="no DNS"), Format.HTML)
    assert 'role="alert"' in text
    assert "no link was judged dead" in text


def test_highlight_escapes_first_then_marks() -> None:
    marked = highlight("Moscow <b>backs</b> the talks", ["Moscow backs a political solution"])
    assert str(marked) == "<mark>Moscow</mark> &lt;b&gt;<mark>backs</mark>&lt;/b&gt; the talks"


def test_highlight_matches_arabic_ignoring_tatweel_and_short_words() -> None:
    marked = str(highlight("تدعــم موسكو الحل في ليبيا", ["موسكو تدعم الحل في ليبيا"]))
    assert "<mark>تدعــم</mark>" in marked
    assert "<mark>موسكو</mark>" in marked
    assert "<mark>في</mark>" not in marked


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x", True),
        ("HTTP://a.example/x", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example/x", False),
        ("http://[broken", False),
    ],
)
def test_safe_href(url: str, expected: bool) -> None:
    assert (safe_href(url) is not None) is expected


def test_write_html_report_names_and_latest(tmp_path: Path) -> None:
    now = datetime(2026, 11, 29, 2, 3, 4, tzinfo=UTC)
    path = write_html_report(make_report(), tmp_path / "reports", now=now)
    assert path.name == "citecheck-20261129T020304Z.html"
    latest = tmp_path / "reports" / LATEST_HTML
    assert latest.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, LATEST_HTML]
    assert path.stat().st_mode & 0o777 == 0o644


def test_write_html_report_replaces_latest(tmp_path: Path) -> None:
    first = write_html_report(make_report(), tmp_path, now=datetime(2026, 1, 1, tzinfo=UTC))
    write_html_report(make_report(documents=()), tmp_path, now=datetime(2026, 1, 2, tzinfo=UTC))
    assert "0 citations" in (tmp_path / LATEST_HTML).read_text(encoding="utf-8")
    assert "13 citations" in first.read_text(encoding="utf-8")


def test_unwritable_folder_is_a_report_error(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(ReportError, match="cannot write report"):
        write_html_report(make_report(), blocker)


def test_a_report_of_no_documents_says_so() -> None:
    report = replace(make_report(), documents=(), claims=())
    assert "No documents were scanned." in render(report, Format.HTML)
    assert "No documents were scanned." not in render(make_report(), Format.HTML)
