"""Plain dicts of citations for JSON (DESIGN.md §7), in a stable key order.

`citation_dict` gives the fields `citecheck extract` prints; the report's JSON
renderer reuses it and adds the network fields after them.

`citecheck extract --format json` writes the same JSON without the dicts
(`write_extract_documents`): files piece by piece, claims straight from their spans
to JSON text, no `Claim` objects; tests hold it byte for byte equal to the dicts'.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from citecheck.errors import InputError
from citecheck.extract import find_citations
from citecheck.extract.claims import claim_text, iter_claims
from citecheck.extract.claimtext import clean_claim
from citecheck.extract.pool import map_in_order, worker_count
from citecheck.extract.stream import Piece, is_streamable, iter_pieces
from citecheck.inputs.load import NotStreamable, document_kind, load_document
from citecheck.models import (
    Citation,
    CitationStyle,
    Claim,
    Defect,
    DocKind,
    Document,
    SkippedInput,
)

SCHEMA = "citecheck/1"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""One encoder for every piece: `json.dumps` with options builds a new one per call."""
_STRING = json.encoder.encode_basestring  # what _ENCODER writes for a str (C version)

Prepare = Callable[[Document], Document]
"""A step applied to a document before its citations are found."""


def citation_dict(citation: Citation) -> dict[str, Any]:
    """Return the network-free fields of a citation as a JSON-ready dict.

    Args:
        citation: one citation.

    Returns:
        url, display_url, raw, line, column, defects, style, repaired_url, claims,
        source_name.
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
        "source_name": citation.source_name,
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
    yield extract_json_head(extract_summary(documents), generated_at)
    for index, (document, citations) in enumerate(documents):
        yield document_json_head(document, index)
        for number, citation in enumerate(citations):
            yield ("," if number else "") + _compact(citation_dict(citation))
        yield "]}"
    yield EXTRACT_JSON_TAIL


EXTRACT_JSON_TAIL = "]}\n"
"""What closes the `citecheck extract` JSON after the last document."""


def extract_json_head(summary: dict[str, Any], generated_at: datetime) -> str:
    """Return the JSON text that opens `citecheck extract` output, up to the documents."""
    head = {k: v for k, v in extract_dict([], generated_at).items() if k != "documents"}
    head["summary"] = summary
    return _compact(head)[:-1] + ',"documents":['


def document_json_head(document: Document, index: int) -> str:
    """Return the JSON text that opens one document, up to its citations."""
    return _document_head(document.path, document.kind, index)


def _document_head(path: str, kind: DocKind, index: int) -> str:
    about = {"path": path, "kind": str(kind)}
    return ("," if index else "") + _compact(about)[:-1] + ',"citations":['


def iter_citation_json(
    document: Document, citations: Sequence[Citation], *, line_base: int = 0, since: int = 0
) -> Iterator[str]:
    """Yield `citation_dict`'s compact JSON for each citation, claims attached on the way.

    No `Claim` objects are made: each claim becomes JSON text once, and the citations
    of one source block share their claims' text.

    Args:
        document: the document (or a piece of one) the citations come from.
        citations: `extract.find_citations`' citations of it, in order.
        line_base: lines of the source before `document.text` (for a piece of a file).
        since: only citations starting at or after this offset are written; the ones
            before still count for the claims of those after.

    Yields:
        One JSON object text per citation written.
    """
    make = _claim_json_maker(document, line_base)
    last: tuple[tuple[str, ...] | None, str] = (None, "")
    for citation, style, claims, source in iter_claims(document, citations, make, since=since):
        if claims is None:
            text = ",".join(_compact(claim_dict(claim)) for claim in citation.claims)
        elif claims is last[0]:
            text = last[1]
        else:
            last = (claims, ",".join(claims))
            text = last[1]
        named = "null" if source is None else _STRING(source)
        yield f'{_citation_json_head(citation, style, line_base)}{text}],"source_name":{named}}}'


def _claim_json_maker(
    document: Document, line_base: int
) -> Callable[[list[tuple[int, int]]], list[str]]:
    """Return a maker of `claim_dict`'s JSON text from claims' spans, many at a time."""
    starts, text, line_of = document.line_starts, document.text, bisect.bisect_right
    if document.kind is DocKind.HTML or document.links or not starts or starts[0] != 0:
        return lambda spans: [
            _claim_json(claim, document.location(start).line + line_base)
            for start, end in spans
            if (claim := claim_text(document, start, end))
        ]

    done: dict[tuple[int, int], str] = {}  # a sentence an inline link and a source
    # block both back is cleaned once (one piece's worth: memory stays bounded)

    def make(spans: list[tuple[int, int]]) -> list[str]:
        made = []  # 50,000 claims in 10 MB: every step of this loop counts
        for span in spans:
            if (json_text := done.get(span)) is None:
                json_text = done[span] = _claim_json_text(text[span[0] : span[1]], span[0])
            if json_text:
                made.append(json_text)  # empty: nothing but URLs and markup, no claim
        return made

    def _claim_json_text(raw: str, start: int) -> str:
        claim = clean_claim(raw)
        if not claim:
            return ""
        line = line_of(starts, start) + line_base  # >= 1: starts[0] is 0
        if claim.isprintable() and '"' not in claim and "\\" not in claim:
            # nothing to escape (`_STRING`): no control character, quote or backslash
            return f'{{"text":"{claim}","line":{line}}}'
        return _claim_json(claim, line)

    return make


def _claim_json(text: str, line: int) -> str:
    return f'{{"text":{_STRING(text)},"line":{line}}}'


def _citation_json_head(citation: Citation, style: CitationStyle, line_base: int) -> str:
    """`citation_dict`'s JSON up to the claims' opening bracket, written out by hand
    (a dict and the encoder cost twice as much; a test holds the two equal)."""
    location, repaired, url = citation.location, citation.repaired_url, _STRING(citation.url)
    column = "null" if location.column is None else location.column
    defects = ",".join([_STRING(defect.value) for defect in citation.defects])
    shown = url if citation.display_url == citation.url else _STRING(citation.display_url)
    raw = url if citation.raw == citation.url else _STRING(citation.raw)
    return (
        f'{{"url":{url},"display_url":{shown}'
        f',"raw":{raw},"line":{location.line + line_base},"column":{column}'
        f',"defects":[{defects}],"style":{_STRING(style.value)}'
        f',"repaired_url":{"null" if repaired is None else _STRING(repaired)},"claims":['
    )


def _compact(value: dict[str, Any]) -> str:
    return _ENCODER.encode(value)


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


class _Tally:
    """What `extract_summary` counts, counted as citations go by."""

    __slots__ = ("citations", "defects", "documents", "urls")

    def __init__(self, documents: int = 0) -> None:
        self.documents = documents
        self.citations = 0
        self.urls: set[str] = set()
        self.defects: dict[Defect, int] = {}

    def add(self, citations: Iterable[Citation]) -> None:
        for citation in citations:
            self.citations += 1
            self.urls.add(citation.url)
            for defect in dict.fromkeys(citation.defects) if citation.defects else ():
                self.defects[defect] = self.defects.get(defect, 0) + 1

    def merge(self, other: _Tally) -> None:
        self.documents += other.documents
        self.citations += other.citations
        self.urls |= other.urls
        for defect, count in other.defects.items():
            self.defects[defect] = self.defects.get(defect, 0) + count

    def summary(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "citations": self.citations,
            "unique_urls": len(self.urls),
            "by_defect": {str(d): self.defects[d] for d in Defect if self.defects.get(d)},
        }


def write_extract_documents(
    paths: Sequence[Path],
    out: BinaryIO,
    skipped: list[SkippedInput] | None = None,
    *,
    prepare: Prepare | None = None,
) -> dict[str, Any]:
    """Write the documents of `citecheck extract` JSON to `out`, UTF-8, file by file.

    What `iter_extract_json` yields between its head and its tail, written as it
    is made, claims straight from their spans to JSON text (`iter_citation_json`).
    Text and markdown files go piece by piece (`extract.stream`), so memory holds
    one piece of one file, never a whole file or its citations. The head needs the
    summary, known only at the end: hence `out`, a file to copy after the head.

    Args:
        paths: the input files (`collect.input_files`).
        out: a seekable binary file (where a file that must be read whole after all
            is written again).
        skipped: when given, a file that cannot be read is added to it and left out.
        prepare: applied to each document (or piece) before its citations are found,
            e.g. resolving relative links against `--base-url`.

    Returns:
        The summary (`extract_summary`'s dict).

    Raises:
        InputError: a file cannot be read (see `load.load_document`), when no
            `skipped` list is given.
    """
    tally = _Tally()
    for path in paths:
        start = out.tell()
        try:
            _write_any_document(path, out, tally, start, prepare)
        except InputError as error:
            if skipped is None:
                raise
            out.seek(start)
            out.truncate()
            skipped.append(SkippedInput(str(path), error.message))
    return tally.summary()


def _write_any_document(
    path: Path, out: BinaryIO, tally: _Tally, start: int, prepare: Prepare | None = None
) -> None:
    """Write a document piece by piece where it can be, else read whole."""
    index = tally.documents  # documents written so far: a skipped file leaves no gap
    try:
        pieces = iter_pieces(path) if is_streamable(path) else None
        _write_document(path, index, pieces, out, tally, prepare)
    except NotStreamable:
        out.seek(start)
        out.truncate()
        _write_document(path, index, None, out, tally, prepare)


_BATCH = 1024
"""Citations joined and encoded at a time (a piece holds fewer; a whole file, more)."""


def _write_document(
    path: Path,
    index: int,
    pieces: Iterable[Piece] | None,
    out: BinaryIO,
    tally: _Tally,
    prepare: Prepare | None = None,
) -> None:
    """Write one document's JSON; pieces None: read it whole. Counted once complete."""
    out.write(_document_head(str(path), document_kind(path) or DocKind.TEXT, index).encode())
    counted, separator = _Tally(documents=1), b""
    if pieces is None:  # read whole: written in batches, never all its JSON at once
        document = load_document(path)
        document = document if prepare is None else prepare(document)
        found = find_citations(document)
        counted.add(found)
        written = iter_citation_json(document, found)
        while text := ",".join(itertools.islice(written, _BATCH)):
            out.write(separator)
            out.write(text.encode())
            separator = b","
    else:
        if prepare is not None:  # here: the workers get prepared pieces
            pieces = (piece._replace(document=prepare(piece.document)) for piece in pieces)
        workers = worker_count() if path.stat().st_size >= PARALLEL_BYTES else 1
        for data, piece_tally in map_in_order(_piece_json, pieces, workers):
            if data:
                out.write(separator)
                out.write(data)
                separator = b","
            counted.merge(piece_tally)
    out.write(b"]}")
    tally.merge(counted)


PARALLEL_BYTES = 4 * 1024 * 1024
"""Files at least this large are extracted in worker processes (`extract.pool`);
below it, starting them costs more than they save."""


def _piece_json(piece: Piece) -> tuple[bytes, _Tally]:
    """One piece's citations as JSON (UTF-8, comma-separated) and their count."""
    found = find_citations(piece.document)
    counted = _Tally()
    counted.add(citation for citation in found if citation.span.start >= piece.since)
    written = iter_citation_json(
        piece.document, found, line_base=piece.line_base, since=piece.since
    )
    return ",".join(written).encode(), counted
