"""A run's citations as they were extracted: on disk, with what the run needs in memory.

`extract_all` reads every input, extracts its citations and writes each to a
`CitationSpool`, numbered in document order; the run keeps each document's place
(without its text), each URL's citation numbers and the URLs to fetch, not the
citations and their claims, which are read back when their URL's outcome arrives.
With support scoring on, the citations with claim text stay in memory too, grouped
by URL, since each page's claims are scored together as the page is read.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from citecheck.classify import skip_reason
from citecheck.config import Settings
from citecheck.extract import extract_citations
from citecheck.extract.claimtext import has_claim_text
from citecheck.inputs.collect import collect
from citecheck.models import Citation, Document, SkippedInput
from citecheck.report.spool import CitationSpool, SpooledDocument

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Cited:
    """Every citation of a run, by number in document order."""

    citations: CitationSpool
    documents: list[Document] = field(default_factory=list)
    """Each document without its text (nothing past extraction reads it)."""
    firsts: list[int] = field(default_factory=list)
    """The number of each document's first citation."""
    waiting: dict[str, list[int]] = field(default_factory=dict)
    """Each URL's citation numbers, URLs in first-cited order."""
    to_fetch: dict[str, None] = field(default_factory=dict)
    """The unique URLs worth fetching, in first-cited order."""
    cited_by: dict[str, list[Citation]] = field(default_factory=dict)
    """With support scoring: the citations with claim text of each URL."""

    def __len__(self) -> int:
        """How many citations."""
        return len(self.citations)

    def document_of(self, number: int) -> Document:
        """The document that holds citation `number`."""
        return self.documents[bisect.bisect_right(self.firsts, number) - 1]

    def read(self, number: int) -> tuple[Document, Citation]:
        """Citation `number`, read back, with its document."""
        document = self.document_of(number)
        return document, self.citations.read(number, document.path)

    def places(self) -> list[SpooledDocument]:
        """Where each document's citations (and so its results) are, by number."""
        ends = [*self.firsts[1:], len(self)]
        return [
            SpooledDocument(document.path, document.kind, first, end - first)
            for document, first, end in zip(self.documents, self.firsts, ends, strict=True)
        ]

    def add(self, document: Document, citations: list[Citation], settings: Settings) -> None:
        """Keep one document's citations."""
        self.documents.append(replace(document, text="", line_starts=(), links=()))
        self.firsts.append(len(self))
        for citation in citations:
            number = self.citations.add(citation)
            self.waiting.setdefault(citation.url, []).append(number)
            if skip_reason(citation, settings) is None:
                self.to_fetch.setdefault(citation.url)
            if settings.support and has_claim_text(citation):
                self.cited_by.setdefault(citation.url, []).append(citation)


def extract_all(
    inputs: Sequence[str | Path], settings: Settings, skipped: list[SkippedInput]
) -> Cited:
    """Read the inputs and keep their citations, in the run's cache folder.

    Args:
        inputs: files or folders of documents.
        settings: the run's settings (its cache folder holds the spool).
        skipped: receives the inputs that cannot be read.

    Raises:
        InputError: an input cannot be read.
        ReportError: the spool cannot be made or written.
    """
    cited = Cited(CitationSpool(settings.cache_dir))
    for document in collect(inputs, settings, skipped=skipped):
        cited.add(document, extract_citations(document), settings)
    return cited
