"""Markdown links and how plain URLs, links and markup links merge (extract/__init__)."""

from __future__ import annotations

from citecheck.extract import extract_citations, is_web_url
from citecheck.extract.markdown import find_markdown_links
from citecheck.inputs.load import line_starts
from citecheck.models import CitationStyle, Defect, DocKind, Document, Link, Span


def doc(text: str, kind: DocKind = DocKind.MARKDOWN, links: tuple[Link, ...] = ()) -> Document:
    return Document("a.md", kind, text, line_starts(text), links)


def test_markdown_link_with_parentheses_and_title() -> None:
    text = 'ذكرت [ويكيبيديا](https://en.wikipedia.org/wiki/Libya_(country) "Libya").'
    (link,) = find_markdown_links(text)
    assert link.target == "https://en.wikipedia.org/wiki/Libya_(country)"
    assert link.text == "ويكيبيديا"
    assert text[link.target_span.start : link.target_span.end] == link.target


def test_angle_bracket_destination_and_relative_links() -> None:
    links = find_markdown_links("[a](<https://example.com/a b>) [b](/local) [c](#top)")
    assert [link.target for link in links] == ["https://example.com/a b"]


def test_a_markdown_link_is_one_citation_not_two() -> None:
    text = "النص [https://example.com/a](https://example.com/a) و[هنا](https://example.com/b)."
    citations = extract_citations(doc(text))
    assert [(c.url, c.style) for c in citations] == [
        ("https://example.com/a", CitationStyle.LINK_TEXT),
        ("https://example.com/b", CitationStyle.LINK_TEXT),
    ]


def test_a_different_url_in_link_text_is_kept() -> None:
    text = "[https://example.com/old](https://example.com/new)"
    assert [c.url for c in extract_citations(doc(text))] == [
        "https://example.com/old",
        "https://example.com/new",
    ]


def test_autolink_and_emphasis() -> None:
    text = "المصدر: <https://example.com/auto> و**https://example.com/bold**"
    assert [c.raw for c in extract_citations(doc(text))] == [
        "https://example.com/auto",
        "https://example.com/bold",
    ]


def test_markdown_link_target_that_is_cut_off() -> None:
    text = "[الجزيرة](https://www.aljazeera.net/news/%D8%AA%D8%B1%25)"
    (citation,) = extract_citations(doc(text))
    assert citation.defects == (Defect.TRUNCATED,)
    assert citation.repaired_url == "https://www.aljazeera.net/news/%D8%AA%D8%B1"


def test_markup_links_merge_with_the_same_url_shown_in_text() -> None:
    text = "See https://example.com/a and the report."
    links = (
        Link("https://example.com/a", "https://example.com/a", Span(4, 25)),
        Link("HTTPS://example.com/b", "the report", Span(30, 40)),
        Link("mailto:x@example.com", "mail", Span(0, 3)),
    )
    citations = extract_citations(doc(text, DocKind.HTML, links))
    assert [(c.url, c.style, c.link_text) for c in citations] == [
        ("https://example.com/a", CitationStyle.INLINE, None),
        ("https://example.com/b", CitationStyle.LINK_TEXT, "the report"),
    ]


def test_invalid_host_is_a_defect() -> None:
    text = "https://example..com/a https://-bad-.com/ https://[::1]:8080/ http://مثال.إختبار/"
    citations = extract_citations(doc(text, DocKind.TEXT))
    assert [Defect.INVALID_HOST in c.defects for c in citations] == [True, True, False, False]


def test_display_url_and_location_of_an_encoded_arabic_url() -> None:
    text = "سطر\nالمقال https://example.com/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7؟"
    (citation,) = extract_citations(doc(text, DocKind.TEXT))
    assert citation.display_url == "https://example.com/ليبيا"
    assert (citation.location.line, citation.location.column) == (2, 8)


def test_is_web_url() -> None:
    assert is_web_url(" WWW.example.com")
    assert is_web_url("HTTP://x")
    assert not is_web_url("ftp://example.com")
    assert not is_web_url("javascript:alert(1)")
