"""`citecheck extract --format json` spells citations out straight from the drafts
(`serialize.iter_document_json`): the same text as the citations `scan` gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.extract import iter_citations
from citecheck.extract.stream import iter_pieces
from citecheck.inputs.load import line_starts, load_document
from citecheck.models import DocKind, Document, Link, Span
from citecheck.report.serialize import (
    _Tally,
    citation_dict,
    extract_summary,
    iter_citation_json,
    iter_document_json,
)
from test_extract_stream import article

DATA = Path(__file__).parent / "data"
FILES = [
    Path(__file__).parent.parent / "examples" / "article.txt",
    DATA / "docs" / "article.pdf",
    DATA / "docs" / "article.docx",
    DATA / "docs" / "cp1256.txt",
    DATA / "site" / "article.html",
    DATA / "site" / "article-ar.html",
]

ODD = (
    '# المصادر\n\nقال "المتحدث" إن\\الخطة\tفشلت\x0b [^1] https://example.org/a?q="x" ¹.\n\n'
    "[^1]: https://example.org/note\n\n"
    "According to [Reuters](https://reuters.com/x), prices rose 4%.\n"
    "- https://example.org/b\n- www.example.org/c\n\n"
    "‏https://ar.example/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7‏، وأضافت https://x.org/%D9%25\n"
)


def assert_same_json(document: Document, since: int = 0) -> None:
    citations = list(iter_citations(document, since=since))
    tally = _Tally()
    written = list(iter_document_json(document, tally, since=since))
    assert written == list(iter_citation_json(citations))
    assert [json.loads(text) for text in written] == [citation_dict(c) for c in citations]
    tally.documents = 1
    assert tally.summary() == extract_summary([(document, citations)])


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_each_kind_of_document_gives_the_citations_json(path: Path) -> None:
    document = load_document(path)
    assert_same_json(document)


@pytest.mark.parametrize("kind", [DocKind.MARKDOWN, DocKind.TEXT, DocKind.HTML])
def test_quotes_controls_footnotes_and_source_blocks_give_the_citations_json(
    kind: DocKind,
) -> None:
    document = Document("odd", kind, ODD, line_starts(ODD))
    assert len(list(iter_citations(document))) >= 6
    assert_same_json(document)


def test_markup_links_give_the_citations_json() -> None:
    text = "قالت رويترز إن الأسعار ارتفعت.\nتقرير الوكالة هنا، والمصدر\n"
    links = (
        Link("https://reuters.com/a", "رويترز", Span(5, 11)),
        Link("https://agency.example/b", "هنا", Span(45, 48)),
    )
    document = Document("linked.pdf", DocKind.PDF, text, line_starts(text), links)
    assert len(list(iter_citations(document))) == 2
    assert_same_json(document)


@pytest.mark.parametrize("seed", [4, 5])
def test_pieces_of_a_long_file_give_the_citations_json(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "long.md"
    path.write_text(article(seed, 60_000), encoding="utf-8")
    pieces = list(iter_pieces(path, piece_chars=5_000))
    assert len(pieces) > 5
    for piece in pieces:
        assert_same_json(piece.document, piece.since)
