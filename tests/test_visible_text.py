"""The soft-404 text comparison: linear on hostile pages, same words as the regexes it replaced."""

from __future__ import annotations

import difflib
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.classify import classify, text_similarity, visible_words
from citecheck.config import Settings
from citecheck.models import FetchResult, Status

SITE = "http://news.test"


def page(body: str, path: str = "/2019/05/story-17") -> FetchResult:
    return FetchResult(
        url=SITE + path,
        final_url=SITE + path,
        http_status=200,
        content_type="text/html; charset=utf-8",
        body=body.encode("utf-8"),
    )


def reference_words(text: str) -> list[str]:
    """The old, quadratic-on-unclosed-tags version of `visible_words`."""
    text = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1\s*>", " ", text)
    text = html.unescape(re.sub(r"(?s)<[^>]*>", " ", text))
    return re.findall(r"\w+", text.lower())


SOUP = st.lists(
    st.sampled_from(
        ["<", ">", "</", "<script>", "<SCRIPT src=x>", "</script>", "</Script >", "<style>",
         "</style>", "<noscript>", "</noscript>", "<scripts>", "<p>", "</p>", "<b class='a>b'>",
         "&amp;", "&lt;", " ", "\n", "news", "خبر", "الميناء", "grain", "1", "_"]
    ),
    max_size=60,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(SOUP)
def test_visible_words_equal_the_regular_expressions_they_replaced(soup: str) -> None:
    assert visible_words(page(soup)) == reference_words(soup)


def test_a_page_of_unclosed_angle_brackets_is_read_in_linear_time() -> None:
    words = visible_words(page("<p>harbour grain</p>" + "<" * 300_000 + " tail"))
    assert words == ["harbour", "grain", "tail"]


def test_a_page_of_unclosed_script_openings_is_read_in_linear_time() -> None:
    body = "<p>before</p>" + "<script>x " * 40_000 + "<p>after</p>"
    words = visible_words(page(body))
    assert words[:1] == ["before"]
    assert words[-2:] == ["x", "after"]  # never closed, so never a script: its words count
    assert len(words) == 1 + 40_000 + 1  # each opening is dropped as a tag, its "x" kept
    closed = visible_words(page("<script>hidden</script>" * 40_000 + "<p>shown</p>"))
    assert closed == ["shown"]


def test_hostile_pages_are_classified_with_a_probe_alike_and_unalike() -> None:
    hostile = page("<" * 300_000)
    probe = page("<script>" * 40_000, "/2019/05/citecheck-1a2b")
    assert text_similarity(hostile, probe) == 0.0
    assert classify(hostile, probe, settings=Settings()).status is Status.OK
    same = page("<" * 300_000 + " page not found", "/2019/05/citecheck-1a2b")
    hostile_same = page("<" * 300_000 + " page not found")
    assert classify(hostile_same, same, settings=Settings()).status is Status.SOFT404


WORDS = st.lists(st.sampled_from(["port", "grain", "rail", "ميناء", "not", "x"]), max_size=40)


@settings(max_examples=150, deadline=None)
@given(WORDS, WORDS)
def test_similarity_is_never_below_the_ordered_ratio(one: list[str], two: list[str]) -> None:
    first, second = page(" ".join(one)), page(" ".join(two), "/other")
    similarity = text_similarity(first, second)
    expected = difflib.SequenceMatcher(None, one, two, autojunk=False).ratio() if one and two else 0
    assert similarity >= expected - 1e-9
    assert 0.0 <= similarity <= 1.0
    assert text_similarity(first, page(" ".join(one), "/again")) == (1.0 if one else 0.0)
