"""citecheck: check that cited web pages exist, are archived, and support their claims.

The library API a notebook or another program calls; the `citecheck` command is a
thin layer over it::

    from citecheck import Settings, scan
    report = scan(["article.md"], Settings(cache_dir="cache"))
    for result in report.results:
        print(result.citation.display_url, result.verdict.status, result.verdict.reason)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citecheck.config import HostSettings, RetryPolicy, Settings
from citecheck.errors import ArchiveError, CiteCheckError, ConfigError, InputError, ReportError
from citecheck.models import (
    ArchiveRef,
    CheckResult,
    Citation,
    CitationStyle,
    Claim,
    ClaimCoverage,
    Defect,
    DocKind,
    Document,
    DocumentResult,
    FetchError,
    FetchResult,
    History,
    HistoryState,
    Hop,
    Location,
    PageText,
    Report,
    Status,
    Suggestion,
    Support,
    SupportLabel,
    Verdict,
)

if TYPE_CHECKING:
    from citecheck.pipeline import ascan, scan

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def extract_documents(
    inputs: Sequence[str | Path], settings: Settings | None = None
) -> list[tuple[Document, list[Citation]]]:
    """Load the documents and find their citations and claims, with no network.

    Raises:
        InputError: an input cannot be read.
    """
    from citecheck.extract import extract_citations
    from citecheck.inputs.collect import collect

    documents = collect(inputs, settings or Settings())
    return [(document, extract_citations(document)) for document in documents]


def __getattr__(name: str) -> Any:
    # scan/ascan pull in httpx, trafilatura and the scorer; importing them lazily keeps
    # `citecheck --version` and `citecheck extract` fast to start.
    if name in {"scan", "ascan"}:
        from citecheck import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'citecheck' has no attribute {name!r}")


__all__ = [
    "ArchiveError",
    "ArchiveRef",
    "CheckResult",
    "Citation",
    "CitationStyle",
    "CiteCheckError",
    "Claim",
    "ClaimCoverage",
    "ConfigError",
    "Defect",
    "DocKind",
    "Document",
    "DocumentResult",
    "FetchError",
    "FetchResult",
    "History",
    "HistoryState",
    "Hop",
    "HostSettings",
    "InputError",
    "Location",
    "PageText",
    "Report",
    "ReportError",
    "RetryPolicy",
    "Settings",
    "Status",
    "Suggestion",
    "Support",
    "SupportLabel",
    "Verdict",
    "__version__",
    "ascan",
    "extract_documents",
    "scan",
]
