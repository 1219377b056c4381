"""claimtext's and claims' regexes are written for speed (one class of first characters, two
passes for one); these hold them equal to the plain forms they replace."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.extract import claims, claimtext

_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
PLAIN_URL = re.compile(
    "(?:[hH][tT][tT][pP][sS]?://|www\\.|WWW\\.)"
    '[^\\s<>"\u00ab\u00bb\\[\\]]*(?:\\n%[0-9A-Fa-f]{2}[^\\s<>"\u00ab\u00bb\\[\\]]*)*'
)
PLAIN_MARKER = re.compile(
    f"[{_SUPERSCRIPTS}]+|\\(\\d{{1,3}}\\)(?=\\s*(?:[.!?\u061f\u2026\u060c,;\u061b:]|$))"
)
PLAIN_SPACE_INSIDE = re.compile(
    "\\s+(?=[.,;:!?\u061f\u060c\u061b\u2026)\\]\u00bb\u201d])|(?<=[(\\[\u00ab\u201c])\\s+"
)
PLAIN_MARKER_START = re.compile(f"\\(\\d|[{_SUPERSCRIPTS}]")
PLAIN_LINE_MARKUP = re.compile(
    r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:#{1,6}[ \t]+|(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+)?", re.MULTILINE
)

PIECES = (
    "http://", "HTTPS://", "hTtP://", "https:/", "www.", "WWW.", "Www.", "wWw.", "w", "h",
    "x.org/a", "\n", "\n%D9", " ", "  ", "\t", "\xa0", "(", ")", "(12)", "(1234)", "[", "]",
    "«", "»", "“", "”", ".", "،", "؛", "؟", ":", ",", "¹", "²³", "\u2074", "\u2079", "\u2070",
    "قال", "said", "4", "٣", ">", "> ", "# ", "- ", "* ", "12. ", "3) ", "\u2022 ",
)  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_url_token_finds_what_the_plain_pattern_finds(text: str) -> None:
    found = [match.span() for match in claimtext._URL_TOKEN.finditer(text)]
    assert found == [match.span() for match in PLAIN_URL.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_marker_token_removes_what_the_plain_pattern_removes(text: str) -> None:
    assert claimtext._MARKER_TOKEN.subn("", text) == PLAIN_MARKER.subn("", text)
    if claimtext._MARKER_START.search(text) is None:
        assert PLAIN_MARKER.search(text) is None  # the pass is skipped: nothing to remove


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_spaces_inside_brackets_go_as_one_pass_took_them(text: str) -> None:
    two_passes = claimtext._without_space_before_closers(text)
    two_passes = claimtext._SPACE_AFTER_OPENER.sub(r"\1", two_passes)
    assert two_passes == PLAIN_SPACE_INSIDE.sub("", text)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_line_markup_goes_from_each_line_start_as_the_multiline_pattern_took_it(
    text: str,
) -> None:
    assert claimtext._without_line_markup(text) == PLAIN_LINE_MARKUP.sub("", text)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_marker_starts_and_white_space_are_told_as_the_regexes_tell_them(text: str) -> None:
    found = claimtext._MARKER_START.search(text) is not None
    assert found is (PLAIN_MARKER_START.search(text) is not None)
    assert " ".join(text.split()) == re.sub(r"\s+", " ", text).strip()


FOOTNOTE_PIECES = ("[", "]", "(", ")", "^", "1", "12", "1234", "٣", "x", "¹", "\u2075", " ", "\n")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FOOTNOTE_PIECES), max_size=20).map("".join), st.integers(0, 8))
def test_a_footnote_marker_is_found_where_the_marker_pattern_finds_one(
    text: str, start: int
) -> None:
    expected = claims._FOOTNOTE_MARKER.search(text, start) is not None
    assert claims.has_footnote_marker(text, start) is expected
