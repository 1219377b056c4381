"""Read a JSON report back into a `Report`, so any format can be re-rendered offline.

`load_report(report_dict(r))` gives a Report that renders exactly like `r`. What the
JSON never holds (response headers and bodies) comes back empty. Anything wrong
with the file is one `ReportError` naming it; KeyError/ValueError never escape.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from citecheck.errors import ReportError
from citecheck.models import (
    ArchiveRef,
    CheckResult,
    Citation,
    CitationStyle,
    Claim,
    ClaimCoverage,
    Defect,
    DocKind,
    DocumentResult,
    FetchError,
    FetchResult,
    History,
    HistoryState,
    Hop,
    Location,
    Report,
    Span,
    Status,
    Suggestion,
    Support,
    SupportLabel,
    Verdict,
)
from citecheck.report.json import SCHEMA

logger = logging.getLogger(__name__)


def read_report(path: Path) -> Report:
    """Read and parse a JSON report file.

    Args:
        path: A file written by `--format json`.

    Returns:
        The Report it describes.

    Raises:
        ReportError: The file cannot be read or is not a citecheck/1 report.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"cannot read JSON report: {exc}", path=str(path)) from exc
    return load_report(data, source=str(path))


def load_report(data: Any, *, source: str | None = None) -> Report:
    """Build a Report from the dict of a JSON report.

    Args:
        data: The parsed JSON.
        source: Where it came from, for error messages.

    Returns:
        The Report it describes.

    Raises:
        ReportError: It is not a citecheck/1 report or a field is malformed.
    """
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ReportError(f"not a {SCHEMA} JSON report", path=source)
    try:
        return _report(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReportError(f"malformed JSON report: {exc!r}", path=source) from exc


def _report(data: dict[str, Any]) -> Report:
    network = data.get("network") or {}
    return Report(
        documents=tuple(_document(document) for document in data["documents"]),
        started_at=datetime.fromisoformat(data["started_at"]),
        finished_at=datetime.fromisoformat(data["generated_at"]),
        tool_version=data["tool"]["version"],
        settings=_settings(data),
        network_unreachable=bool(network.get("unreachable", False)),
        network_reason=str(network.get("reason", "")),
        claims=tuple(_coverage(item) for item in data.get("claims", [])),
    )


def _coverage(data: dict[str, Any]) -> ClaimCoverage:
    return ClaimCoverage(
        claim=data["claim"],
        location=Location(data["path"], data["line"], data.get("column")),
        best_url=data.get("best_url"),
        best_score=float(data["best_score"]),
        best_label=SupportLabel(data["best_label"]),
        supported_by_any=bool(data["supported_by_any"]),
        sources=data.get("sources", 1),
    )


def _settings(data: dict[str, Any]) -> dict[str, Any]:
    """The run's settings; a report without them keeps the fail_on it was rendered with."""
    settings = dict(data.get("settings") or {})
    if "fail_on" in data:
        settings.setdefault("fail_on", list(data["fail_on"]))
    return settings


def _document(data: dict[str, Any]) -> DocumentResult:
    path = data["path"]
    results = tuple(result_from_dict(item, path) for item in data["citations"])
    return DocumentResult(path=path, kind=DocKind(data["kind"]), results=results)


def result_from_dict(data: dict[str, Any], path: str) -> CheckResult:
    """The result a citation's JSON dict (`report.json.result_dict`) describes.

    Args:
        data: One citation of a JSON report.
        path: The path of its document.

    Returns:
        The CheckResult; what the JSON never holds (headers, bodies) is empty.

    Raises:
        KeyError, TypeError, ValueError: a field is missing or malformed.
    """
    return CheckResult(
        citation=citation_from_dict(data, path),
        verdict=Verdict(
            Status(data["status"]), data.get("reason", ""), data.get("confidence", 1.0)
        ),
        fetch=_fetch(data) if data.get("fetched") else None,
        support=_support(data.get("support")),
        claim_support=tuple(_required_support(item) for item in data.get("claim_support", [])),
        suggestion=_suggestion(data.get("suggestion")),
        history=_history(data.get("history")),
        page_title=data.get("page_title"),
        recovery_note=data.get("recovery_note"),
    )


def citation_from_dict(data: dict[str, Any], path: str) -> Citation:
    """The citation its JSON fields (`report.json.citation_fields`) describe.

    Raises:
        KeyError, TypeError, ValueError: a field is missing or malformed.
    """
    return Citation(
        url=data["url"],
        display_url=data["display_url"],
        raw=data["raw"],
        location=Location(path, data["line"], data.get("column")),
        span=_span(data.get("span")) or Span(0, 0),
        style=CitationStyle(data.get("style", CitationStyle.INLINE)),
        claims=tuple(_claim(item, path) for item in data.get("claims", [])),
        defects=tuple(Defect(item) for item in data.get("defects", [])),
        repaired_url=data.get("repaired_url"),
        link_text=data.get("link_text"),
        source_name=data.get("source_name"),
    )


def _claim(data: dict[str, Any], path: str) -> Claim:
    location = Location(path, data["line"], data.get("column"))
    return Claim(data["text"], _span(data.get("span")) or Span(0, 0), location)


def _span(pair: list[int] | None) -> Span | None:
    return Span(pair[0], pair[1]) if pair else None


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _fetch(data: dict[str, Any]) -> FetchResult:
    return FetchResult(
        url=data["url"],
        final_url=data["final_url"],
        http_status=data["http_status"],
        hops=tuple(
            Hop(hop["url"], hop["http_status"], hop.get("location")) for hop in data["hops"]
        ),
        content_type=data.get("content_type"),
        attempts=data.get("attempts", 1),
        elapsed_s=data.get("elapsed_s", 0.0),
        checked_at=_time(data.get("checked_at")),
        error=FetchError(data["error"]) if data.get("error") else None,
        error_detail=data.get("error_detail"),
        not_modified=data.get("not_modified", False),
        truncated_body=data.get("truncated_body", False),
        archive=_archive(data.get("archive")),
        http_version=data.get("http_version", "HTTP/1.1"),
        from_cache=data.get("from_cache", False),
    )


def _archive(data: dict[str, Any] | None) -> ArchiveRef | None:
    if data is None:
        return None
    return ArchiveRef(
        warc=data["warc"],
        offset=data.get("offset", 0),
        length=data.get("length", 0),
        record_id=data["record_id"],
        digest=data.get("digest"),
    )


def _support(data: dict[str, Any] | None) -> Support | None:
    return None if data is None else _required_support(data)


def _required_support(data: dict[str, Any]) -> Support:
    return Support(
        score=float(data["score"]),
        label=SupportLabel(data["label"]),
        claim=data.get("claim", ""),
        evidence=data.get("evidence", ""),
        evidence_span=_span(data.get("evidence_span")),
        language=data.get("language"),
        flags=tuple(data.get("flags", [])),
        features=tuple((str(key), float(value)) for key, value in data.get("features", {}).items()),
        reason=data.get("reason", ""),
    )


def _suggestion(data: dict[str, Any] | None) -> Suggestion | None:
    if data is None:
        return None
    return Suggestion(
        url=data["url"],
        source=data["source"],
        timestamp=_time(data.get("timestamp")),
        original_url=data.get("original_url"),
        archive_url=data.get("archive_url"),
        support=_support(data.get("support")),
        note=data.get("note", ""),
    )


def _history(data: dict[str, Any] | None) -> History | None:
    if data is None:
        return None
    return History(
        state=HistoryState(data["state"]),
        consecutive_failures=data.get("consecutive_failures", 0),
        first_failure=_time(data.get("first_failure")),
        recent=tuple(data.get("recent", [])),
        drift=data.get("drift"),
    )
