"""The JSON report: the contract of DESIGN.md §7 (`schema: citecheck/1`).

Key order is stable (the order the dicts are built in), so two runs over the same
results diff cleanly. `render_chunks` writes the same text a citation at a time, so
a report of tens of thousands of citations is never a whole document in memory.
The fields of §7 keep their meaning; the extra ones (reason, style, history,
claim_support, hops...) are documented in docs/report-json.md and described by
`schema/citecheck-1.schema.json`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from citecheck.models import (
    ArchiveRef,
    CheckResult,
    Citation,
    Claim,
    ClaimCoverage,
    DocumentResult,
    FetchResult,
    History,
    Report,
    Suggestion,
    Support,
)
from citecheck.report import serialize
from citecheck.report._common import (
    TOOL_NAME,
    FailOn,
    Judgement,
    changes,
    duration_s,
    iso,
    rule_ids,
)

logger = logging.getLogger(__name__)

SCHEMA = serialize.SCHEMA


INDENT = "  "


def render(report: Report, *, fail_on: FailOn | None = None) -> str:
    """Render the report as indented UTF-8 JSON (Arabic stays readable, not `\\u` escaped).

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings.

    Returns:
        The JSON text, ending with a newline.
    """
    return "".join(render_chunks(report, fail_on=fail_on))


def render_chunks(report: Report, *, fail_on: FailOn | None = None) -> Iterator[str]:
    """The text of `render` in pieces of about one citation each, built as they are written.

    The text is exactly `json.dumps(report_dict(report), ensure_ascii=False, indent=2)`
    plus a newline; every boundary between two pieces touches whitespace or
    punctuation of the JSON itself, never the inside of a string.
    """
    yield from encoded(_report_fields(report, fail_on), 0)
    yield "\n"


def report_dict(report: Report, *, fail_on: FailOn | None = None) -> dict[str, Any]:
    """Return the JSON-ready dict of a report, in the stable key order of §7.

    Args:
        report: The run to describe.
        fail_on: Statuses and support labels that count as findings (default dead,
            truncated); each citation says whether it is one.

    Returns:
        A dict of plain JSON types.
    """
    fields = _report_fields(report, fail_on)
    return {key: materialised(value) for key, value in fields.items()}


@dataclass(frozen=True, slots=True)
class LazyList:
    """A JSON list whose items are built only when it is written (by `encoded`; a
    dict holding one must be a direct value of the dict or list being encoded)."""

    make: Callable[[], Iterator[Any]]


def materialised(value: Any) -> Any:
    """`value` with every `LazyList` in it made a list."""
    if isinstance(value, LazyList):
        return [materialised(item) for item in value.make()]
    if isinstance(value, dict):
        return {key: materialised(item) for key, item in value.items()}
    return value


def encoded(value: Any, level: int) -> Iterator[str]:
    """`value` as `json.dumps(..., indent=2)` writes it at nesting `level`, in pieces."""
    if isinstance(value, LazyList):
        yield from _encoded_items(value, level)
    elif isinstance(value, dict) and any(isinstance(item, LazyList) for item in value.values()):
        yield from _encoded_fields(value, level)
    else:
        yield indented(value, level)


_STRING = json.encoder.encode_basestring  # C; what json.dumps writes for a str, ensure_ascii off
_CONSTANTS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
"""What json writes for the floats that are not numbers."""


def indented(value: Any, level: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2, default=str)`, nested `level` deep.

    The same text, made without `json`'s pure-Python indenting encoder (the C
    encoder does not indent): the report's JSON was 2-3% of a link check's CPU.
    """
    parts: list[str] = []
    _write(value, "\n" + INDENT * level, parts)
    return "".join(parts)


def _write(value: Any, newline: str, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(_STRING(value))
    elif value is None or value is True or value is False:
        parts.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        text = float.__repr__(value)
        parts.append(_CONSTANTS.get(text, text))
    elif isinstance(value, dict):
        _write_fields(value, newline, parts)
    elif isinstance(value, list | tuple):
        _write_items(value, newline, parts)
    else:  # json.dumps(default=str)
        _write(str(value), newline, parts)


def _write_fields(fields: dict[Any, Any], newline: str, parts: list[str]) -> None:
    if not fields:
        parts.append("{}")
        return
    inner = newline + INDENT
    separator = "{" + inner
    for key, item in fields.items():
        name = _STRING(key) if isinstance(key, str) else json.dumps({key: 0})[1:-4]
        parts.append(f"{separator}{name}: ")
        _write(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "}")


def _write_items(items: list[Any] | tuple[Any, ...], newline: str, parts: list[str]) -> None:
    if not items:
        parts.append("[]")
        return
    inner = newline + INDENT
    separator = "[" + inner
    for item in items:
        parts.append(separator)
        _write(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "]")


def _encoded_fields(fields: dict[str, Any], level: int) -> Iterator[str]:
    inner = "\n" + INDENT * (level + 1)
    yield "{"
    for number, (key, value) in enumerate(fields.items()):
        yield f"{',' if number else ''}{inner}{json.dumps(key, ensure_ascii=False)}: "
        yield from encoded(value, level + 1)
    yield "\n" + INDENT * level + "}"


def _encoded_items(items: LazyList, level: int) -> Iterator[str]:
    inner = "\n" + INDENT * (level + 1)
    empty = True
    for item in items.make():
        yield ("[" if empty else ",") + inner
        yield from encoded(item, level + 1)
        empty = False
    yield "[]" if empty else "\n" + INDENT * level + "]"


def _report_fields(report: Report, fail_on: FailOn | None) -> dict[str, Any]:
    judgement = Judgement.of(report, fail_on)
    summary = report.summary
    summary["findings"] = judgement.count
    summary["changes"] = changes(report)
    return {
        "schema": SCHEMA,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "generated_at": iso(report.finished_at),
        "started_at": iso(report.started_at),
        "duration_s": duration_s(report),
        "network": {"unreachable": report.network_unreachable, "reason": report.network_reason},
        "fail_on": sorted(judgement.fail_on),
        "settings": report.settings,
        "summary": summary,
        "documents": LazyList(lambda: (_document_fields(d, judgement) for d in report.documents)),
        "claims": [_coverage_dict(coverage) for coverage in report.claims],
        "skipped_inputs": [
            {"path": skipped.path, "reason": skipped.reason} for skipped in report.skipped_inputs
        ],
    }


def _coverage_dict(coverage: ClaimCoverage) -> dict[str, Any]:
    return {
        "claim": coverage.claim,
        "path": coverage.location.path,
        "line": coverage.location.line,
        "column": coverage.location.column,
        "best_url": coverage.best_url,
        "best_score": coverage.best_score,
        "best_label": str(coverage.best_label),
        "supported_by_any": coverage.supported_by_any,
        "sources": coverage.sources,
    }


def _document_fields(document: DocumentResult, judgement: Judgement) -> dict[str, Any]:
    results = document.results
    return {
        "path": document.path,
        "kind": str(document.kind),
        "citations": LazyList(lambda: (result_dict(r, judgement.is_finding(r)) for r in results)),
    }


def result_dict(result: CheckResult, finding: bool) -> dict[str, Any]:
    """Return the JSON dict of one citation's result: document fields, then network fields.

    Args:
        result: One checked citation.
        finding: Whether it counts as a finding (`Report.findings`, which knows
            about `--fail-on` and `--confirm-after`).

    Returns:
        A dict of plain JSON types.
    """
    return {
        "id": result.citation.id,
        **citation_fields(result.citation),
        "status": str(result.verdict.status),
        "reason": result.verdict.reason,
        "confidence": result.verdict.confidence,
        "finding": finding,
        "rules": rule_ids(result),
        **fetch_fields(result.fetch),
        "page_title": result.page_title,
        "support": support_dict(result.support),
        "claim_support": [support_dict(support) for support in result.claim_support],
        "suggestion": _suggestion_dict(result.suggestion),
        "recovery_note": result.recovery_note,
        "history": _history_dict(result.history),
    }


def citation_fields(citation: Citation) -> dict[str, Any]:
    """Return the non-network fields, as `citecheck extract` prints them, plus spans.

    The §7 fields come from `serialize.citation_dict`, so `extract` and `scan`
    never disagree; the report adds character spans and the link text.
    """
    fields = serialize.citation_dict(citation)
    fields["claims"] = [_claim_dict(claim) for claim in citation.claims]
    fields["span"] = [citation.span.start, citation.span.end]
    fields["link_text"] = citation.link_text
    return fields


def _claim_dict(claim: Claim) -> dict[str, Any]:
    return {
        **serialize.claim_dict(claim),
        "column": claim.location.column,
        "span": [claim.span.start, claim.span.end],
    }


_NOT_FETCHED: dict[str, Any] = {
    "fetched": False,
    "http_status": None,
    "final_url": None,
    "redirects": [],
    "checked_at": None,
    "archive": None,
}


def fetch_fields(fetch: FetchResult | None) -> dict[str, Any]:
    """Return the network fields of §7 (all null when the URL was not fetched)."""
    if fetch is None:
        return {**_NOT_FETCHED, "redirects": []}
    return {
        "fetched": True,
        "http_status": fetch.http_status,
        "final_url": fetch.final_url,
        "redirects": list(fetch.redirects),
        "checked_at": iso(fetch.checked_at),
        "archive": _archive_dict(fetch.archive),
        "hops": [
            {"url": hop.url, "http_status": hop.http_status, "location": hop.location}
            for hop in fetch.hops
        ],
        "content_type": fetch.content_type,
        "attempts": fetch.attempts,
        "elapsed_s": fetch.elapsed_s,
        "error": str(fetch.error) if fetch.error else None,
        "error_detail": fetch.error_detail,
        "not_modified": fetch.not_modified,
        "truncated_body": fetch.truncated_body,
        "from_cache": fetch.from_cache,
        "http_version": fetch.http_version,
    }


def _archive_dict(archive: ArchiveRef | None) -> dict[str, Any] | None:
    if archive is None:
        return None
    return {
        "warc": archive.warc,
        "record_id": archive.record_id,
        "offset": archive.offset,
        "length": archive.length,
        "digest": archive.digest,
    }


def support_dict(support: Support | None) -> dict[str, Any] | None:
    """Return the JSON dict of a Support, or None."""
    if support is None:
        return None
    span = support.evidence_span
    return {
        "score": support.score,
        "label": str(support.label),
        "evidence": support.evidence,
        "language": support.language,
        "claim": support.claim,
        "evidence_span": [span.start, span.end] if span else None,
        "flags": list(support.flags),
        "features": dict(support.features),
        "reason": support.reason,
    }


def _label(support: Support | None) -> str | None:
    return str(support.label) if support else None


def _suggestion_dict(suggestion: Suggestion | None) -> dict[str, Any] | None:
    if suggestion is None:
        return None
    return {
        "url": suggestion.url,
        "source": suggestion.source,
        "timestamp": iso(suggestion.timestamp),
        "original_url": suggestion.original_url,
        "archive_url": suggestion.archive_url,
        "note": suggestion.note,
        "support": support_dict(suggestion.support),
    }


def _history_dict(history: History | None) -> dict[str, Any] | None:
    if history is None:
        return None
    return {
        "state": str(history.state),
        "consecutive_failures": history.consecutive_failures,
        "first_failure": iso(history.first_failure),
        "recent": list(history.recent),
        "drift": history.drift,
    }
