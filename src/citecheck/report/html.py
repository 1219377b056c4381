"""The HTML report: one self-contained file an editor reads in the morning.

One jinja2 template (package data, `templates/report.html.j2`) with inline CSS
and JS; nothing is fetched, so it opens offline from a CI artifact. Safety, in
layers: autoescape is on for everything from a document or a page; evidence is
escaped word by word before matched words get `<mark>`; only http(s) URLs ever
become links; and a Content-Security-Policy with a per-file nonce means that even
an escaping bug could neither run an injected script nor load anything.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from citecheck.models import CheckResult, DocumentResult, Report, Status, SupportLabel
from citecheck.report._common import (
    HISTORY_LENGTH,
    STATUS_TITLES,
    FailOn,
    changes,
    duration_s,
    fail_on_set,
    is_drifted,
    issues,
    severity,
    status_severity,
)

logger = logging.getLogger(__name__)

TEMPLATE = "report.html.j2"
MAX_CLAIMS_SHOWN = 2
"""Claims shown per row; a source block can back a whole section, so the rest fold away."""
MIN_MATCH_LENGTH = 3
"""Shorter claim words (articles, prepositions) are never highlighted in evidence."""

_WORD = re.compile(r"(\w+)")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u0652\u0670]")  # tatweel and harakat
_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "not",
        "but",
        "its",
        "his",
        "her",
        "their",
        "who",
        "which",
        "into",
        "than",
        "then",
        "also",
        "been",
        "more",
        "said",
    ]
)
_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("citecheck.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class Row:
    """What the template shows of one citation, with its text already made safe."""

    result: CheckResult
    order: int
    severity: int
    finding: bool
    status_title: str
    label: str
    change: str
    url_href: str | None
    suggestion_href: str | None
    evidence: Markup
    search: str
    history: tuple[str, ...]
    levels: tuple[str, ...]


def render(report: Report, *, fail_on: FailOn | None = None) -> str:
    """Render the self-contained HTML report.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings (flagged rows).

    Returns:
        The HTML document text.
    """
    wanted = fail_on_set(report, fail_on)
    template = _ENVIRONMENT.get_template(TEMPLATE)
    return template.render(_context(report, wanted))


def _context(report: Report, fail_on: frozenset[str]) -> dict[str, Any]:
    findings = {id(result) for result in report.findings(fail_on)}
    documents = [(document, _rows(document, findings)) for document in report.documents]
    summary = report.summary
    return {
        "report": report,
        "summary": summary,
        "status_counts": _status_counts(summary["by_status"]),
        "support_counts": summary["by_support"],
        "changes": changes(report),
        "findings": len(findings),
        "fail_on": sorted(fail_on),
        "duration_s": duration_s(report),
        "documents": documents,
        "statuses": list(Status),
        "status_titles": STATUS_TITLES,
        "labels": [*SupportLabel, "none"],
        "unbacked": [claim for claim in report.claims if not claim.supported_by_any],
        "max_claims": MAX_CLAIMS_SHOWN,
        "nonce": secrets.token_urlsafe(16),
    }


def _status_counts(by_status: dict[str, int]) -> list[tuple[Status, int]]:
    ordered = sorted(by_status, key=lambda status: -status_severity(Status(status)))
    return [(Status(status), by_status[status]) for status in ordered]


def _rows(document: DocumentResult, findings: set[int]) -> list[Row]:
    return [
        _row(result, order, id(result) in findings) for order, result in enumerate(document.results)
    ]


def _row(result: CheckResult, order: int, finding: bool) -> Row:
    support = result.support
    return Row(
        result=result,
        order=order,
        severity=severity(result),
        finding=finding,
        status_title=STATUS_TITLES[result.verdict.status],
        label=str(support.label) if support else "none",
        change=_change(result),
        url_href=safe_href(result.citation.url),
        suggestion_href=_suggestion_href(result),
        evidence=highlight(support.evidence, _claim_texts(result)) if support else Markup(""),
        search=_search_text(result),
        history=result.history.recent[-HISTORY_LENGTH:] if result.history else (),
        levels=tuple(str(issue.level) for issue in issues(result)),
    )


def _suggestion_href(result: CheckResult) -> str | None:
    suggestion = result.suggestion
    return safe_href(suggestion.archive_url or suggestion.url) if suggestion else None


def _change(result: CheckResult) -> str:
    if is_drifted(result):
        return "drifted"
    state = result.history.state if result.history else None
    return str(state) if state in ("newly_failing", "confirmed_dead", "recovered") else ""


def _claim_texts(result: CheckResult) -> list[str]:
    texts = [claim.text for claim in result.citation.claims]
    return [*texts, result.support.claim] if result.support and result.support.claim else texts


def _search_text(result: CheckResult) -> str:
    citation = result.citation
    parts = [citation.display_url, citation.url, citation.location.path, result.verdict.reason]
    parts += [claim.text for claim in citation.claims]
    parts += [result.page_title or "", result.support.evidence if result.support else ""]
    return " ".join(parts).casefold()


def safe_href(url: str) -> str | None:
    """Return the URL if it may become a link (http or https only), else None.

    A `javascript:` or `data:` URL written in a document stays visible as text
    but never becomes something a click could run.
    """
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def highlight(evidence: str, claims: list[str]) -> Markup:
    """Escape the evidence sentence, then wrap the words it shares with the claims in <mark>.

    Words compare case-folded and without Arabic tatweel and vowel marks; short
    words and common English function words are never marked.

    Args:
        evidence: The sentence from the page (untrusted).
        claims: The claim texts it is evidence for (untrusted).

    Returns:
        Safe HTML.
    """
    wanted = {_normal(word) for text in claims for word in _WORD.findall(text)}
    wanted = {word for word in wanted if len(word) >= MIN_MATCH_LENGTH} - _STOPWORDS
    pieces = _WORD.split(evidence)
    marked = (
        Markup("<mark>{}</mark>").format(piece)
        if index % 2 and _normal(piece) in wanted
        else escape(piece)
        for index, piece in enumerate(pieces)
    )
    return Markup("").join(marked)


def _normal(word: str) -> str:
    return _ARABIC_MARKS.sub("", word).casefold()
