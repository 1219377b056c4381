"""URL finding, canonical form, display form and truncation (extract/urls.py)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from citecheck.extract import canonical_url, display_url, find_urls, truncation_repair
from citecheck.models import Defect

# The seed's three cut-off URLs, as copied out of the PDF (URLs are facts, reused).
AJ_CUT = (
    "https://www.aljazeera.net/news/politics/2019/5/14/"
    "%D9%87%D8%AC%D9%88%D9%85-%D9%81%D8%B4%D9%84-%D8%AD%D9%81%D8%AA%D8%B1-%D8%AA%D8%B1%25"
)
SPUTNIK_CUT = (
    "https://arabic.sputniknews.com/russia/201904291040775640-"
    "%D8%A8%D9%8A%D8%B3%D9%83%D9%88%D9%81-%D9%88%D8%B2%D9%8A%D8%B1-%25"
)
RT_CUT = (
    "https://arabic.rt.com/middle_east/975147-"
    "%D9%84%D9%8A%D8%A8%D9%8A%D8%A7-%D8%B1%D9%88%D8%B3%D9%8A%D9%8A%D9%258"
)


def raws(text: str) -> list[str]:
    return [url.raw for url in find_urls(text)]


@pytest.mark.parametrize("after", ["،", "؛", ".", ",", ":", "!", "?", "”", "»", "’", ")", "؟", ";"])
def test_closing_punctuation_after_a_url_is_not_part_of_it(after: str) -> None:
    assert raws(f"انظر https://example.com/a/b{after} ثم") == ["https://example.com/a/b"]


def test_several_closing_marks_are_all_trimmed() -> None:
    assert raws("(راجع «https://example.com/x».)") == ["https://example.com/x"]


def test_url_glued_to_arabic_words_on_both_sides() -> None:
    text = "المصدرhttps://www.noonpost.com/content/27980وقال الكاتب"
    assert raws(text) == ["https://www.noonpost.com/content/27980"]


def test_url_wrapped_in_bidi_marks() -> None:
    text = "انظر \u200fhttps://example.com/news/1\u200f، و\u202bhttps://example.org/y\u202c."
    assert raws(text) == ["https://example.com/news/1", "https://example.org/y"]


def test_private_use_glyph_and_zero_width_space_end_a_url() -> None:
    assert raws("https://example.com/a\ue005 https://example.com/b\u200bنص") == [
        "https://example.com/a",
        "https://example.com/b",
    ]


def test_balanced_parentheses_stay_inside_the_url() -> None:
    text = "(see https://en.wikipedia.org/wiki/Libya_(disambiguation))"
    assert raws(text) == ["https://en.wikipedia.org/wiki/Libya_(disambiguation)"]


def test_markdown_autolink_stops_at_the_angle_bracket() -> None:
    assert raws("<https://example.com/a?b=1>") == ["https://example.com/a?b=1"]


def test_raw_iri_with_arabic_path_and_idn_host() -> None:
    text = "المقال: https://ar.wikipedia.org/wiki/ليبيا و http://مثال.إختبار/مسار."
    assert raws(text) == ["https://ar.wikipedia.org/wiki/ليبيا", "http://مثال.إختبار/مسار"]


def test_upper_case_scheme_and_www_host() -> None:
    assert raws("HTTPS://EXAMPLE.com/A and WWW.Example.org/b.") == [
        "HTTPS://EXAMPLE.com/A",
        "WWW.Example.org/b",
    ]


def test_mailto_and_javascript_are_not_web_citations() -> None:
    assert raws("mailto:editor@www.example.com javascript:void(0) user@example.com") == []


def test_a_url_broken_at_an_escape_is_joined_across_the_line_end() -> None:
    text = "التقرير: https://example.com/news/%D9%84%D9%8A\n%D8%A8%D9%8A%D8%A7 وبعده نص"
    (url,) = find_urls(text)
    assert url.raw == "https://example.com/news/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7"
    assert Defect.JOINED_LINE_BREAK in url.defects
    assert text[url.end - 1] == "7"


def test_a_url_ending_mid_token_continues_on_the_next_line() -> None:
    (url,) = find_urls("see https://example.com/long-article-\nname-here for more")
    assert url.raw == "https://example.com/long-article-name-here"


def test_a_complete_url_is_not_joined_with_the_next_line() -> None:
    text = "https://example.com/a\nhttps://example.com/b\nNext paragraph"
    assert raws(text) == ["https://example.com/a", "https://example.com/b"]


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        (AJ_CUT, AJ_CUT.removesuffix("%25")),
        (SPUTNIK_CUT, SPUTNIK_CUT.removesuffix("%25")),
        (RT_CUT, RT_CUT.removesuffix("%D9%258")),
        ("https://example.com/a%", "https://example.com/a"),
        ("https://example.com/a%D", "https://example.com/a"),
        ("https://example.com/%D9%84%D9", "https://example.com/%D9%84"),
        ("https://example.com/%E2%80", "https://example.com/"),
    ],
)
def test_cut_off_urls_are_repaired_to_the_longest_well_formed_prefix(
    raw: str, repaired: str
) -> None:
    assert truncation_repair(raw) == repaired
    (url,) = find_urls(f"المصدر:\n{raw}\n\nنص")
    assert url.defects == (Defect.TRUNCATED,)
    assert url.repaired == repaired


@pytest.mark.parametrize(
    "raw",
    [
        "https://example.com/100%25-sure",
        "https://example.com/a%20b",
        "https://example.com/%D9%84%D9%8A",
        "https://example.com/abc-%25",  # a %25 tail with no escapes before it is a literal %
    ],
)
def test_well_formed_urls_are_not_truncated(raw: str) -> None:
    assert truncation_repair(raw) is None


@pytest.mark.parametrize("ellipsis", ["…", "..."])
def test_a_trailing_ellipsis_marks_a_cut_off_url(ellipsis: str) -> None:
    (url,) = find_urls(f"المصدر https://example.com/news/libya-russ{ellipsis} انتهى")
    assert url.raw == "https://example.com/news/libya-russ"
    assert url.defects == (Defect.TRUNCATED,)
    assert url.repaired == url.raw


def test_html_entities_are_decoded_when_asked() -> None:
    (url, cut) = find_urls(
        "https://example.com/?a=1&amp;b=2 x https://example.com/?a&amp;b…", unescape_entities=True
    )
    assert url.raw == "https://example.com/?a=1&b=2"
    assert (cut.raw, cut.defects, cut.repaired) == (
        "https://example.com/?a&b",
        (Defect.TRUNCATED,),
        "https://example.com/?a&b",
    )


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://Example.COM:443/a", "https://example.com/a"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com/%d9%84", "https://example.com/%D9%84"),
        ("https://example.com/%7Euser/%41", "https://example.com/~user/A"),
        ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),
        ("https://example.com/ليبيا", "https://example.com/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/100%", "https://example.com/100%25"),
        ("www.example.com/x", "https://www.example.com/x"),
        ("http://مثال.إختبار/", "http://xn--mgbh0fb.xn--kgbechtv/"),
        (
            "https://example.com/?q=ليبيا#ف",
            "https://example.com/?q=%D9%84%D9%8A%D8%A8%D9%8A%D8%A7#%D9%81",
        ),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_one_canonical_key_for_the_encoded_and_the_raw_iri() -> None:
    encoded = "https://WWW.aljazeera.net/news/%d9%87%d8%ac%d9%88%d9%85"
    assert canonical_url(encoded) == canonical_url("https://www.aljazeera.net/news/هجوم")


def test_display_url_decodes_arabic_but_keeps_ascii_and_invisible_escapes() -> None:
    canonical = (
        "https://xn--mgbh0fb.xn--kgbechtv/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7/a%2Fb%20c%E2%80%8F%25"
    )
    assert display_url(canonical) == "https://مثال.إختبار/ليبيا/a%2Fb%20c%E2%80%8F%25"


def test_display_url_keeps_a_broken_utf8_escape_escaped() -> None:
    assert display_url("https://example.com/%D9%84%D9") == "https://example.com/ل%D9"


# -- properties --------------------------------------------------------------------------

LATIN = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
ARABIC = st.text("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=1, max_size=8)
ESCAPES = st.lists(
    st.sampled_from(["%D9%84", "%D8%A7", "%20", "%2F", "%C3%A9"]), min_size=1, max_size=4
).map("".join)
SEGMENT = st.one_of(LATIN, ARABIC, ESCAPES, st.tuples(LATIN, LATIN).map("-".join))
HOST = st.one_of(
    st.lists(LATIN, min_size=1, max_size=3).map(lambda labels: ".".join([*labels, "com"])),
    ARABIC.map(lambda label: f"{label}.مثال"),
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    url = f"{scheme}://{draw(HOST)}"
    if draw(st.booleans()):
        url += f":{draw(st.integers(1, 65535))}"
    url += "/" + "/".join(draw(st.lists(SEGMENT, max_size=4)))
    if draw(st.booleans()):
        pairs = draw(st.lists(st.tuples(LATIN, SEGMENT), min_size=1, max_size=3))
        url += "?" + "&".join(f"{key}={value}" for key, value in pairs)
    if draw(st.booleans()):
        url += "#" + draw(SEGMENT)
    return url


PROSE = st.sampled_from(
    ["قال التقرير إن", "وبحسب المصدر", "According to the report", "see also", "انظر"]
)
BEFORE = st.sampled_from([" ", " (", " «", " “", ": ", "\n", " \u200f", "المصدر"])
AFTER = st.sampled_from(
    ["", " ", "،", "؛", ".", ",", ":", "!", "?", "”", "»", "’", ")", "؟", "\n", "\u200f"]
)


@settings(max_examples=300, deadline=None)
@given(urls(), PROSE, BEFORE, AFTER, PROSE)
def test_generated_urls_in_prose_come_back_exactly(
    url: str, left: str, before: str, after: str, right: str
) -> None:
    text = f"{left}{before}{url}{after} {right}."
    found = find_urls(text)
    assert [match.raw for match in found] == [url]
    assert text[found[0].start : found[0].end] == url
    assert found[0].defects == ()


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("WWW.")  # once taken for the URL `WWW`
def test_arbitrary_text_never_raises(text: str) -> None:
    for url in find_urls(text):
        assert display_url(canonical_url(url.raw)).startswith(("http", "HTTP"))


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_canonicalising_anything_never_raises_and_is_idempotent(tail: str) -> None:
    canonical = canonical_url("https://example.com/" + tail)
    assert canonical.isascii()
    assert canonical_url(canonical) == canonical


def test_a_split_escape_is_completed_from_the_next_line() -> None:
    (url,) = find_urls("https://example.com/%D9%8\n4%D9%8A x")
    assert url.raw == "https://example.com/%D9%84%D9%8A"
    assert url.defects == (Defect.JOINED_LINE_BREAK,)


def test_a_dangling_percent_does_not_swallow_the_next_line() -> None:
    (url,) = find_urls("https://example.com/%D8%B1%\nBloomberg said")
    assert url.raw == "https://example.com/%D8%B1%"
    assert url.defects == (Defect.TRUNCATED,)


@settings(max_examples=300, deadline=None)
@given(st.one_of(urls(), urls().map(str.lower), st.text().map("https://example.com/".__add__)))
def test_the_fast_canonical_path_agrees_with_the_full_one(url: str) -> None:
    from citecheck.extract.canonical import _canonical

    assert canonical_url(url) == _canonical(url.strip())


def test_display_url_with_user_and_port() -> None:
    canonical = "http://user@xn--mgbh0fb.xn--kgbechtv:8080/%D9%84?q=%D9%84#%D9%84"
    assert display_url(canonical) == "http://user@مثال.إختبار:8080/ل?q=ل#ل"


@settings(max_examples=300, deadline=None)
@given(urls())
def test_the_display_form_leads_back_to_the_same_canonical_key(url: str) -> None:
    canonical = canonical_url(url)
    assert canonical_url(display_url(canonical)) == canonical


@pytest.mark.parametrize("text", ["www.", "WWW.", "see www. there", "في www، هنا"])
def test_a_bare_www_dot_is_no_url(text: str) -> None:
    assert find_urls(text) == []
