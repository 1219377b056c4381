"""Where a URL starts and ends at its edges (issue #11 items 1-6): glued links, line breaks,
joiners, other scripts, quotes, list numbers. Cases in Arabic, English, Persian and Chinese."""

from __future__ import annotations

import pytest

from citecheck.extract import extract_citations, find_urls
from citecheck.extract.linebreaks import continues
from citecheck.inputs.load import line_starts
from citecheck.models import Defect, DocKind, Document


def raws(text: str) -> list[str]:
    return [url.raw for url in find_urls(text)]


def citation_urls(text: str, kind: DocKind = DocKind.MARKDOWN) -> list[str]:
    document = Document("x.md", kind, text, line_starts(text))
    return [citation.url for citation in extract_citations(document)]


# -- 1. glued links ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(http://one.org/)(http://two.org/)", ["http://one.org/", "http://two.org/"]),
        (
            "انظر (https://www.bbc.com/arabic/1)(https://www.aljazeera.net/news/2) للتفاصيل",
            ["https://www.bbc.com/arabic/1", "https://www.aljazeera.net/news/2"],
        ),
        ("[[https://a.org/x]][[https://b.org/y]]", ["https://a.org/x", "https://b.org/y"]),
        (
            "见[[https://zh.wikipedia.org/wiki/上海]][[https://b.cn/y]]。",
            [
                "https://zh.wikipedia.org/wiki/上海",
                "https://b.cn/y",
            ],
        ),
        ("[a](https://x.org)[b](mailto:someone@x.org)", ["https://x.org"]),
    ],
)
def test_glued_links_are_each_found_whole(text: str, expected: list[str]) -> None:
    assert raws(text) == expected


def test_a_readme_badge_row_gives_each_target_and_image_and_no_phantom() -> None:
    text = (
        "[![CI](https://ci.example.org/badge.svg)](https://ci.example.org/job/1)"
        "[![PyPI](https://img.shields.io/pypi/v/x.svg)](https://pypi.org/project/x/)\n"
    )
    assert citation_urls(text) == [
        "https://ci.example.org/badge.svg",
        "https://ci.example.org/job/1",
        "https://img.shields.io/pypi/v/x.svg",
        "https://pypi.org/project/x/",
    ]


def test_markdown_links_glued_in_persian_prose_keep_their_targets() -> None:
    text = "منابع: [یک](https://fa.wikipedia.org/wiki/تهران)[دو](mailto:a@b.ir) و بیشتر\n"
    assert citation_urls(text) == ["https://fa.wikipedia.org/wiki/%D8%AA%D9%87%D8%B1%D8%A7%D9%86"]


def test_a_bracket_the_url_opened_still_closes_inside_it() -> None:
    text = "(راجع https://en.wikipedia.org/wiki/Tripoli_(Libya))(https://b.org/)"
    assert raws(text) == ["https://en.wikipedia.org/wiki/Tripoli_(Libya)", "https://b.org/"]


# -- 2. URLs broken across lines (pdftotext-style text) ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[1] World Bank, https://www.worldbank.org/en/news/press-release/2019/\n"
            "05/13/libya-economic-monitor. Accessed 2020.\n",
            "https://www.worldbank.org/en/news/press-release/2019/05/13/libya-economic-monitor",
        ),
        (
            "[2] تقرير الأمم المتحدة https://\nwww.un.org/ar/sections/issues-depth/index.html\n",
            "https://www.un.org/ar/sections/issues-depth/index.html",
        ),
        (
            "[3] 参见 https://\nwww.gov.cn/zhengce/2019/content_5.htm\n",
            "https://www.gov.cn/zhengce/2019/content_5.htm",
        ),
        (
            "[4] https://fa.wikipedia.org/wiki/\nمی\u200cخواهم_(فیلم)\n",
            "https://fa.wikipedia.org/wiki/می\u200cخواهم_(فیلم)",
        ),
    ],
)
def test_a_url_split_after_a_slash_or_the_scheme_is_joined(text: str, expected: str) -> None:
    found = find_urls(text)
    assert [url.raw for url in found] == [expected]
    (url,) = found
    assert text[url.start : url.start + 8].lower() in ("https://", expected[:8])


def test_the_joined_url_keeps_its_place_and_no_piece_is_reported() -> None:
    text = "see https://example.org/reports/\n2019/annual.pdf and more\n"
    (url,) = find_urls(text)
    assert (url.start, url.end) == (4, text.index(" and"))
    assert Defect.JOINED_LINE_BREAK in url.defects


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.org/\nfor the details.\n",
        "انظر https://example.org/news/\nوقال المتحدث\n",
        "https://example.org/a/\nhttps://example.org/b/\n",
        "见 https://example.org/zh/\n上海的报道\n",
    ],
)
def test_prose_on_the_next_line_is_not_joined(text: str) -> None:
    assert all(" " not in raw and "\n" not in raw for raw in raws(text))
    assert raws(text)[0].endswith("/")
    assert not any(Defect.JOINED_LINE_BREAK in url.defects for url in find_urls(text))


def test_a_known_target_that_the_next_line_does_not_continue_stops_the_join() -> None:
    target = "https://example.org/reports/2019/annual.pdf"
    text = "[1] https://example.org/reports/\nsummary/page.html in the annex\n"
    (url,) = find_urls(text, known={target})
    assert url.raw == "https://example.org/reports/"  # the path-like next line is not it
    assert url.repaired == target
    assert Defect.TRUNCATED in url.defects


def test_a_url_at_a_line_end_is_not_a_piece_of_a_target_shown_whole_elsewhere() -> None:
    text = "[1] https://example.org/\n[2] https://example.org/page\n"
    first, second = find_urls(text, known={"https://example.org/page"})
    assert (first.raw, first.defects) == ("https://example.org/", ())
    assert second.raw == "https://example.org/page"


def test_a_line_that_is_one_url_like_word_continues_a_url_cut_mid_word() -> None:
    text = "[4] Reuters. https://www.reuters.com/article/us-libya-se\ncurity-idUSKCN1S51HX\n"
    (url,) = find_urls(text)
    assert url.raw == "https://www.reuters.com/article/us-libya-security-idUSKCN1S51HX"


@pytest.mark.parametrize(
    "next_line", ["2020.", "Thanks", "well-known facts", "الأرقام 2019م", "see-also."]
)
def test_a_line_of_prose_after_a_url_is_not_a_mid_word_continuation(next_line: str) -> None:
    assert raws(f"see https://example.org/a\n{next_line}\n") == ["https://example.org/a"]


def test_a_numbered_line_does_not_complete_a_dangling_escape() -> None:
    text = "1. https://example.org/news/%D8%AD%\n53. next item https://example.org/b\n"
    (first, second) = find_urls(text)
    assert first.raw == "https://example.org/news/%D8%AD%"
    assert Defect.TRUNCATED in first.defects
    assert second.raw == "https://example.org/b"


def test_a_piece_of_a_known_target_is_joined_exactly_as_far_as_the_target() -> None:
    target = "https://example.org/news/2019/05/13/story-title"
    text = "[1] https://example.org/news/20\n19/05/13/story-title. Retrieved 2020\n"
    (url,) = find_urls(text, known={target})
    assert url.raw == target


def test_a_piece_the_next_line_does_not_continue_is_truncated_toward_its_target() -> None:
    target = "https://example.org/news/2019/05/13/story-title"
    text = "[1] https://example.org/news/20\n(page 3)\n"
    (url,) = find_urls(text, known={target})
    assert url.raw == "https://example.org/news/20"
    assert Defect.TRUNCATED in url.defects
    assert url.repaired == target


# -- 3. zero-width joiners -----------------------------------------------------------


def test_a_persian_url_keeps_its_zero_width_non_joiner() -> None:
    text = "برای نمونه https://fa.wikipedia.org/wiki/می\u200cخواهم_زنده_بمانم را ببینید."
    (url,) = raws(text)
    assert url == "https://fa.wikipedia.org/wiki/می\u200cخواهم_زنده_بمانم"
    (canonical,) = citation_urls(text)
    assert "%E2%80%8C" in canonical  # the ZWNJ is part of the address fetched


def test_a_malayalam_url_keeps_its_zero_width_joiner_and_extension() -> None:
    text = "കാണുക https://ml.example.org/\u0d35\u0d3e\u0d7e\u0d15\u0d4d\u200d\u0d15.html ഇവിടെ"
    assert raws(text) == ["https://ml.example.org/\u0d35\u0d3e\u0d7e\u0d15\u0d4d\u200d\u0d15.html"]


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u202b", "\u2066", "\u061c"])
def test_bidi_marks_still_end_a_url(mark: str) -> None:
    assert raws(f"انظر https://example.org/a{mark}، ثم") == ["https://example.org/a"]


def test_a_joiner_not_between_letters_ends_the_url() -> None:
    assert raws("https://example.org/a/\u200cنص https://example.org/b\u200d ") == [
        "https://example.org/a/",
        "https://example.org/b",
    ]


# -- 4. other scripts glued after an ASCII path --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "请看https://github.com/owner/repo/issues上的讨论",
            "https://github.com/owner/repo/issues",
        ),
        ("https://google.com｜bar", "https://google.com"),
        ("链接：https://example.cn/a/b，然后", "https://example.cn/a/b"),
        ("「https://example.jp/page」を参照", "https://example.jp/page"),
        ("см. https://example.ru/news/2019статья", "https://example.ru/news/2019"),
        ("https://example.org/%E4%B8%8A上的", "https://example.org/%E4%B8%8A"),
        ("المصدر https://example.org/item42وقال", "https://example.org/item42"),
    ],
)
def test_other_scripts_glued_after_ascii_end_the_url(text: str, expected: str) -> None:
    assert raws(text) == [expected]


@pytest.mark.parametrize(
    "url",
    [
        "https://zh.wikipedia.org/wiki/上海市",
        "https://ru.wikipedia.org/wiki/Москва",
        "https://fr.wikipedia.org/wiki/Café_de_Flore",
        "https://ar.wikipedia.org/wiki/ليبيا",
        "https://例子.中国/路径",
    ],
)
def test_iris_with_letters_after_a_delimiter_stay_whole(url: str) -> None:
    assert raws(f"source: {url} end") == [url]


# -- 5. balanced quotes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://example.com/blah_'singlequoted'", "http://example.com/blah_'singlequoted'"),
        ("http://example.com/''", "http://example.com/''"),
        ("انظر http://example.com/a_'b'. ثم", "http://example.com/a_'b'"),
        ("'http://example.com/quoted'", "http://example.com/quoted"),
        ("it is at http://example.com/x'. Then", "http://example.com/x"),
    ],
)
def test_trailing_quotes_are_kept_only_when_balanced(text: str, expected: str) -> None:
    assert raws(text) == [expected]


# -- 6. start rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.http://example.org/", "http://example.org/"),
        ("see .http://example.org/a", "http://example.org/a"),
        ("-https://www.example.com", "https://www.example.com"),
        ("١.https://example.org/ar", "https://example.org/ar"),
        ("2.https://example.cn/列表", "https://example.cn/列表"),
    ],
)
def test_a_url_after_a_list_number_dot_or_dash_is_found(text: str, expected: str) -> None:
    assert raws(text) == [expected]


@pytest.mark.parametrize("text", ["git+https://example.org/x", "xhttp://example.org/"])
def test_a_scheme_glued_to_a_word_is_not_a_web_url(text: str) -> None:
    assert raws(text) == []


@pytest.mark.parametrize(
    ("first", "host"),
    [
        ("a", True),
        ("Z", True),
        ("0", True),
        ("[", True),
        ("\u00c0", True),  # À: Latin-1's first letter
        ("\u0639", True),  # ع
        ("\uffff", True),
        ("-", False),
        ("\u00bf", False),  # ¿
        ("\u00b5", False),  # µ: a Latin-1 letter before U+00C0
        ("\U00010348", False),  # beyond the BMP, as the class it replaces said
    ],
)
def test_what_may_start_the_host_on_the_line_after_a_bare_scheme(first: str, host: bool) -> None:
    assert continues("https://", first + "example") is host
