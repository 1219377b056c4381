"""Plain dicts of citations for JSON (DESIGN.md §7), in a stable key order.

`citation_dict` gives the fields `citecheck extract` prints; the report's JSON
renderer reuses it and adds the network fields after them.

`citecheck extract --format json` writes the same JSON without the dicts
(`write_extract_documents`): files piece by piece, each piece's citations found
as `extract.iter_citations` finds them for `scan`, but spelled out as JSON text by
hand straight from the drafts and claim spans (`iter_document_json`), with no
`Citation` or `Claim` objects made; tests hold it equal to `iter_citation_json`
of `iter_citations` and to the dicts.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from citecheck.errors import InputError
from citecheck.extract import iter_drafts
from citecheck.extract.claims import Cited, claim_maker
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


def iter_citation_json(citations: Iterable[Citation]) -> Iterator[str]:
    """Yield `citation_dict`'s compact JSON text for each citation, written by hand.

    A dict and the encoder per citation cost twice as much (a test holds the two
    equal). The citations of one source block share their claims, whose JSON is
    made once.

    Args:
        citations: citations with their claims attached.

    Yields:
        One JSON object text per citation.
    """
    last: tuple[tuple[Claim, ...] | None, str] = (None, "")
    for citation in citations:
        claims = citation.claims
        if claims is not last[0]:
            last = (claims, ",".join([_claim_json(claim) for claim in claims]))
        yield _citation_json(citation, citation.style, last[1], citation.source_name)


def iter_document_json(document: Document, tally: _Tally, *, since: int = 0) -> Iterator[str]:
    """Yield the JSON text `iter_citation_json(extract.iter_citations(document, since=since))`
    yields, made straight from the citations as found and their claims' spans.

    No `Citation`, `Claim` or `Location` is made for the tens of thousands of
    citations and claims of a long file: a claim's JSON is built once from its text
    and line (`claims.claim_maker`), and shared by every citation that backs it.

    Args:
        document: a document, or a piece of a long one.
        tally: counts the citations as they are written.
        since: as in `extract.iter_citations`.

    Yields:
        One JSON object text per citation.
    """
    make = claim_maker(document, _claim_json_builder(document))
    last: tuple[tuple[str, ...] | None, str] = (None, "")
    add = tally.add_one
    for found, style, claims, source in iter_drafts(document, make, since=since):
        add(found.url, found.defects)
        if claims is not last[0]:
            last = (claims, ",".join(claims) if claims else "")
        yield _citation_json(found, style, last[1], source)


def _claim_json_builder(document: Document) -> Callable[[str, int, int], str]:
    """Return a builder of `claim_dict`'s JSON text from a claim's text and span."""
    starts, base = document.line_starts, document.line_base

    def build(said: str, start: int, end: int) -> str:
        # the line of `Document.location(start)`, without the Location
        return _claim_text_json(said, max(bisect.bisect_right(starts, start), 1) + base)

    return build


def _claim_json(claim: Claim) -> str:
    """`claim_dict`'s JSON text."""
    return _claim_text_json(claim.text, claim.location.line)


def _claim_text_json(text: str, line: int) -> str:
    if text.isprintable() and '"' not in text and "\\" not in text:
        # nothing to escape (`_STRING`): no control character, quote or backslash
        return f'{{"text":"{text}","line":{line}}}'
    return f'{{"text":{_STRING(text)},"line":{line}}}'


def _citation_json(
    citation: Cited, style: CitationStyle, claims_json: str, source_name: str | None
) -> str:
    """`citation_dict`'s JSON, given the JSON of its claims (joined by commas)."""
    location, repaired, url = citation.location, citation.repaired_url, _STRING(citation.url)
    column = "null" if location.column is None else location.column
    defects = _defects_json(citation.defects) if citation.defects else ""
    shown = url if citation.display_url == citation.url else _STRING(citation.display_url)
    raw = url if citation.raw == citation.url else _STRING(citation.raw)
    named = "null" if source_name is None else _STRING(source_name)
    return (
        f'{{"url":{url},"display_url":{shown}'
        f',"raw":{raw},"line":{location.line},"column":{column}'
        f',"defects":[{defects}],"style":{_STYLE_JSON[style]}'
        f',"repaired_url":{"null" if repaired is None else _STRING(repaired)}'
        f',"claims":[{claims_json}],"source_name":{named}}}'
    )


_STYLE_JSON = {style: _STRING(style.value) for style in CitationStyle}


@functools.lru_cache(maxsize=64)
def _defects_json(defects: tuple[Defect, ...]) -> str:
    """A citation's defects as JSON list items (few combinations: cached)."""
    return ",".join([_STRING(defect.value) for defect in defects])


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
            self.add_one(citation.url, citation.defects)

    def add_one(self, url: str, defects: tuple[Defect, ...]) -> None:
        self.citations += 1
        self.urls.add(url)
        for defect in dict.fromkeys(defects) if defects else ():
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
    is made: the citations of `extract.iter_citations`, as JSON text (`iter_document_json`).
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
        found = iter_document_json(document, counted)
        while batch := list(itertools.islice(found, _BATCH)):
            out.write(separator)
            out.write(",".join(batch).encode())
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
    counted = _Tally()
    found = iter_document_json(piece.document, counted, since=piece.since)
    return ",".join(found).encode(), counted
