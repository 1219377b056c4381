"""A real PDF whose reference list wraps URLs across lines: every URL whole, none twice."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from citecheck.extract import extract_citations
from citecheck.inputs.load import load_document
from citecheck.models import Defect
from pdfmaker import write_pdf

WORLD_BANK = "https://www.worldbank.org/en/news/press-release/2019/05/13/libya-economic-monitor"
UN = "https://www.un.org/ar/sections/issues-depth/peace-and-security/index.html"
AJ = "https://www.aljazeera.net/news/politics/2019/5/14/%D9%87%D8%AC%D9%88%D9%85-%D9%81%D8%B4%D9%84"
REUTERS = "https://www.reuters.com/article/us-libya-security-idUSKCN1S51HX"
SHORT = "https://example.org/report.pdf"

REFERENCES = [
    "References",
    "[1] World Bank. Libya Economic Monitor. https://www.worldbank.org/en/news/press-release/2019/",
    "05/13/libya-economic-monitor. Accessed 3 May 2020.",
    "[2] United Nations. Peace and security. https://",
    "www.un.org/ar/sections/issues-depth/peace-and-security/index.html",
    "[3] Al Jazeera. https://www.aljazeera.net/news/politics/2019/5/14/%D9%87%D8%AC%D9%88%D9%85-",
    "%D9%81%D8%B4%D9%84",
    "[4] Reuters. https://www.reuters.com/article/us-libya-se",
    "curity-idUSKCN1S51HX",
    f"[5] A short one: {SHORT}",
]
ALL = [WORLD_BANK, UN, AJ, REUTERS, SHORT]
# one annotation per line the link covers, as typesetters (LaTeX hyperref) make them
ANNOTATIONS = [(1, WORLD_BANK), (2, WORLD_BANK), (3, UN), (4, UN), (5, AJ), (6, AJ)]
ANNOTATIONS += [(7, REUTERS), (8, REUTERS), (9, SHORT)]


def test_pypdf_gives_the_wrapped_urls_on_separate_lines(tmp_path: Path) -> None:
    path = tmp_path / "refs.pdf"
    write_pdf(path, REFERENCES)
    text = PdfReader(path).pages[0].extract_text()
    assert "press-release/2019/\n05/13/libya-economic-monitor" in text
    assert "https://\nwww.un.org/" in text


@pytest.mark.parametrize("annotated", [True, False], ids=["with-annotations", "text-only"])
def test_every_wrapped_url_is_found_whole_and_once(tmp_path: Path, annotated: bool) -> None:
    path = tmp_path / "refs.pdf"
    write_pdf(path, REFERENCES, ANNOTATIONS if annotated else ())
    citations = extract_citations(load_document(path))
    counts = Counter(citation.url for citation in citations)
    assert list(counts) == ALL
    assert set(counts.values()) == {1}


@pytest.mark.parametrize("annotated", [True, False], ids=["with-annotation", "text-only"])
def test_a_mid_word_break_before_more_text_needs_an_annotation(
    tmp_path: Path, annotated: bool
) -> None:
    path = tmp_path / "refs.pdf"
    first = "[4] Reuters. https://www.reuters.com/article/us-libya-se"
    lines = [first, "curity-idUSKCN1S51HX. Accessed 3 May 2020"]  # prose after the tail
    write_pdf(path, lines, [(0, REUTERS), (1, REUTERS)] if annotated else ())
    (reuters,) = extract_citations(load_document(path))
    # without the annotation the text cannot tell the tail from a word of prose
    assert reuters.url == (REUTERS if annotated else "https://www.reuters.com/article/us-libya-se")


def test_a_piece_the_text_does_not_continue_is_truncated_and_not_doubled(tmp_path: Path) -> None:
    path = tmp_path / "refs.pdf"
    lines = ["[1] Reuters. https://www.reuters.com/article/us-libya-se", "(paywalled)"]
    write_pdf(path, lines, [(0, REUTERS)])
    (citation,) = extract_citations(load_document(path))
    assert citation.raw == "https://www.reuters.com/article/us-libya-se"
    assert Defect.TRUNCATED in citation.defects
    assert citation.repaired_url == REUTERS


def test_the_joined_citation_points_at_the_first_piece(tmp_path: Path) -> None:
    path = tmp_path / "refs.pdf"
    write_pdf(path, REFERENCES, ANNOTATIONS)
    first = extract_citations(load_document(path))[0]
    assert (first.location.line, first.url) == (2, WORLD_BANK)
    assert Defect.JOINED_LINE_BREAK in first.defects
