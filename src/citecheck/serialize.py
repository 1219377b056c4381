"""Plain dicts of citations for JSON (DESIGN.md §7), in a stable key order.

`citation_dict` gives the fields `citecheck extract` prints; the report's JSON
renderer reuses it and adds the network fields after them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from citecheck.models import Citation, Claim, Defect, Document

SCHEMA = "citecheck/1"


def citation_dict(citation: Citation) -> dict[str, Any]:
    """Return the network-free fields of a citation as a JSON-ready dict.

    Args:
        citation: one citation.

    Returns:
        url, display_url, raw, line, column, defects, style, repaired_url, claims.
    """
    return {
        "url": citation.url,
        "display_url": citation.display_url,
        "raw": citation.raw,
        "line": citation.location.line,
        "column": citation.location.column,
        "defects": [str(defect) for defect in citation.defects],
        "style": str(citation.style),
        "repaired_url": citation.repaired_url,
        "claims": [claim_dict(claim) for claim in citation.claims],
    }


def claim_dict(claim: Claim) -> dict[str, Any]:
    """Return a claim as `{"text": ..., "line": ...}`."""
    return {"text": claim.text, "line": claim.location.line}


def extract_dict(
    documents: Sequence[tuple[Document, Sequence[Citation]]], generated_at: datetime
) -> dict[str, Any]:
    """Return the whole `citecheck extract --format json` object.

    Args:
        documents: each document with its citations.
        generated_at: when the output was made (passed in, so tests can fix it).

    Returns:
        schema, generated_at, summary and documents, in that order.
    """
    return {
        "schema": SCHEMA,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "summary": extract_summary(documents),
        "documents": [
            {
                "path": document.path,
                "kind": str(document.kind),
                "citations": [citation_dict(citation) for citation in citations],
            }
            for document, citations in documents
        ],
    }


def iter_extract_json(
    documents: Sequence[tuple[Document, Sequence[Citation]]], generated_at: datetime
) -> Iterator[str]:
    """Yield `extract_dict`'s object as compact JSON text, one citation at a time.

    Streaming keeps memory to one citation's dict at a time, where building the
    whole dict and string would hold the output twice over.

    Args:
        documents: each document with its citations.
        generated_at: when the output was made.

    Yields:
        Pieces of one JSON document (concatenated, they parse as `extract_dict`).
    """
    head = {k: v for k, v in extract_dict([], generated_at).items() if k != "documents"}
    head["summary"] = extract_summary(documents)
    yield _compact(head)[:-1] + ',"documents":['
    for index, (document, citations) in enumerate(documents):
        about = {"path": document.path, "kind": str(document.kind)}
        yield ("," if index else "") + _compact(about)[:-1] + ',"citations":['
        for number, citation in enumerate(citations):
            yield ("," if number else "") + _compact(citation_dict(citation))
        yield "]}"
    yield "]}\n"


def _compact(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def extract_summary(
    documents: Sequence[tuple[Document, Sequence[Citation]]],
) -> dict[str, Any]:
    """Count documents, citations, unique URLs and defects."""
    citations = [citation for _, found in documents for citation in found]
    by_defect = {
        str(defect): count
        for defect in Defect
        if (count := sum(defect in citation.defects for citation in citations))
    }
    return {
        "documents": len(documents),
        "citations": len(citations),
        "unique_urls": len({citation.url for citation in citations}),
        "by_defect": by_defect,
    }
