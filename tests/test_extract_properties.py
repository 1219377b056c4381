"""Whole-pipeline properties: any text, any bytes, never a traceback."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from citecheck.errors import InputError
from citecheck.extract import extract_citations
from citecheck.inputs.load import line_starts, load_document
from citecheck.models import DocKind, Document

PIECES = st.sampled_from(
    [
        "https://",
        "www.",
        "%D9",
        "%25",
        "\n",
        "\n\n",
        "[1]",
        "](",
        "(",
        ")",
        "،",
        "؛",
        "؟",
        ".",
        "…",
        "<a href='",
        "'>",
        "</a>",
        "&amp;",
        "\u200f",
        "\ue005",
        "ـ",
        "- ",
        "# ",
        "ليبيا",
        "x.com/",
        "(http://a.org/",
        ")[",
        "]]",
        "[[",
        "\u200c",
        "\u200d",
        "上的",
        "｜",
        "'",
        "1.",
        "-",
        "/\n",
        "://\n",
        "می",
        "%D",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join)


def _located_text(text: str, line: int, column: int, length: int) -> str:
    """The `length` characters of `text` from a 1-based line and column."""
    lines = text.split("\n")
    start = sum(len(before) + 1 for before in lines[: line - 1]) + column - 1
    return text[start : start + length]


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from([DocKind.TEXT, DocKind.MARKDOWN]))
@example("https://\r0", DocKind.TEXT)  # a lone CR is not a line a URL is joined across
def test_every_citation_is_written_at_its_line_and_column_and_none_overlap(
    text: str, kind: DocKind
) -> None:
    document = Document("x", kind, text, line_starts(text))
    citations = extract_citations(document)
    for citation in citations:
        written = _located_text(
            text,
            citation.location.line,
            citation.location.column,
            citation.span.end - citation.span.start,
        )
        assert written == text[citation.span.start : citation.span.end]
        # a URL joined across a line break is the written text without the break
        assert written.replace("\n", "") == citation.raw
    for before, after in itertools.pairwise(citations):
        assert before.span.end <= after.span.start


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([DocKind.TEXT, DocKind.MARKDOWN, DocKind.HTML]))
@example("%D9\xa0https://&amp;", DocKind.TEXT)  # a no-break space left before a `;`
def test_any_text_gives_consistent_citations(text: str, kind: DocKind) -> None:
    document = Document("x", kind, text, line_starts(text))
    citations = extract_citations(document)
    assert [c.span.start for c in citations] == sorted(c.span.start for c in citations)
    for citation in citations:
        assert citation.url.isascii()
        assert 1 <= citation.location.line <= text.count("\n") + 1
        assert all(claim.text == claim.text.strip() for claim in citation.claims)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_any_bytes_load_or_raise_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    outcome: Document | InputError
    try:
        outcome = load_document(path)
    except InputError as error:
        outcome = error
    if isinstance(outcome, InputError):
        assert "\n" not in str(outcome)
    else:
        assert outcome.line_starts[0] == 0
        extract_citations(outcome)


@pytest.mark.parametrize("prefix", [b"%PDF-1.4\n", b"PK\x03\x04"])
def test_truncated_headers_are_input_errors(tmp_path: Path, prefix: bytes) -> None:
    path = tmp_path / ("x.pdf" if prefix.startswith(b"%") else "x.docx")
    path.write_bytes(prefix + b"\x00" * 64)
    with pytest.raises(InputError):
        load_document(path)
