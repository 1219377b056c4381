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
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from citecheck.models import CheckResult, DocumentResult, Report, Status, SupportLabel
from citecheck.report._common import (
    CHANGE_TITLES,
    HISTORY_LENGTH,
    PAGE_STATUSES,
    STATUS_TITLES,
    FailOn,
    Judgement,
    change,
    change_title,
    changes,
    duration_s,
    has_previous_run,
    plural,
    status_severity,
)

logger = logging.getLogger(__name__)

TEMPLATE = "report.html.j2"
MAX_CLAIMS_SHOWN = 2
"""Claims shown per row; a source block can back a whole section, so the rest fold away."""
MIN_MATCH_LENGTH = 3
"""Shorter claim words (articles, prepositions) are never highlighted in evidence."""

_WORD = re.compile(r"(\w+)")
# A URL, or a token that holds Latin letters or digits together with URL or code
# punctuation (`%25`, `a_b`, `v1.2`, `x=1`): the pieces that a right-to-left line
# reorders into nonsense unless each is isolated left-to-right.
_LTR_TOKEN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\"\.,;:!?)\]]"
    r"|[\w%&=/#?+.:~-]*[A-Za-z0-9][\w%&=/#?+.:~-]*[%&=/#?+_:~][\w%&=/#?+.:~-]*"
    r"|[\w%&=/#?+.:~-]*[%&=/#?+_:~][\w%&=/#?+.:~-]*[A-Za-z0-9][\w%&=/#?+.:~-]*",
    re.ASCII,
)
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
_ENVIRONMENT.filters["shell_quote"] = shlex.quote


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
    change_title: str
    url_href: str | None
    suggestion_href: str | None
    claims: tuple[Markup, ...]
    evidence: Markup
    evidence_from_url: bool
    search: str
    history: tuple[str, ...]
    levels: tuple[str, ...]
    archived_at: str


def render(report: Report, *, fail_on: FailOn | None = None) -> str:
    """Render the self-contained HTML report.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that count as findings (flagged rows).

    Returns:
        The HTML document text.
    """
    return "".join(render_chunks(report, fail_on=fail_on))


def render_chunks(report: Report, *, fail_on: FailOn | None = None) -> Iterator[str]:
    """The text of `render`, made as it is written: one document's rows at a time."""
    template = _ENVIRONMENT.get_template(TEMPLATE)
    yield from template.generate(_context(report, Judgement.of(report, fail_on)))


def _context(report: Report, judgement: Judgement) -> dict[str, Any]:
    documents = ((document, _rows(document, judgement)) for document in report.documents)
    summary = report.summary
    return {
        "report": report,
        "summary": summary,
        "status_counts": _status_counts(summary["by_status"]),
        "support_counts": summary["by_support"],
        "changes": changes(report),
        "has_previous_run": has_previous_run(report),
        "change_titles": CHANGE_TITLES,
        "findings": judgement.count,
        "fail_on": sorted(judgement.fail_on),
        "plural": plural,
        "isolate": isolate,
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


def _rows(document: DocumentResult, judgement: Judgement) -> list[Row]:
    """The document's rows, findings first and worst first (the report's default order)."""
    rows = [_row(result, order, judgement) for order, result in enumerate(document.results)]
    return sorted(rows, key=lambda row: (-row.severity, row.order))


def _row(result: CheckResult, order: int, judgement: Judgement) -> Row:
    support = result.support
    from_url = _evidence_is_not_from_the_page(result)
    return Row(
        result=result,
        order=order,
        severity=judgement.severity(result),
        finding=judgement.is_finding(result),
        status_title=STATUS_TITLES[result.verdict.status],
        label=str(support.label) if support else "none",
        change=change(result),
        change_title=change_title(result),
        url_href=safe_href(result.citation.url),
        suggestion_href=_suggestion_href(result),
        claims=tuple(isolate(claim.text) for claim in result.citation.claims),
        evidence=_evidence(result, from_url),
        evidence_from_url=from_url,
        search=_search_text(result),
        history=result.history.recent[-HISTORY_LENGTH:] if result.history else (),
        levels=tuple(str(issue.level) for issue in judgement.issues(result)),
        archived_at=_archived_at(result),
    )


def _evidence_is_not_from_the_page(result: CheckResult) -> bool:
    """A dead or soft-404 page has no text: its 'evidence' is words of the URL at most."""
    support = result.support
    if support is None:
        return False
    return "slug_only" in support.flags or result.verdict.status not in PAGE_STATUSES


def _evidence(result: CheckResult, from_url: bool) -> Markup:
    support = result.support
    if support is None or not support.evidence:
        return Markup("")
    if from_url:
        return isolate(support.evidence)  # never marked: these words are not the page's
    return highlight(support.evidence, _claim_texts(result))


def _archived_at(result: CheckResult) -> str:
    fetch = result.fetch
    if fetch is None or fetch.archive is None or fetch.checked_at is None:
        return ""
    return fetch.checked_at.strftime("%Y-%m-%d %H:%M UTC")


def isolate(text: str) -> Markup:
    """Escape text and isolate each URL and code-like token left-to-right.

    In a right-to-left line the bidi algorithm reorders the pieces of `a/b%25c`
    (and shows `%25` as `25%`); inside `<bdi dir="ltr">` each token keeps its own
    order whatever surrounds it.

    Args:
        text: Untrusted text (a claim, a reason, a note).

    Returns:
        Safe HTML.
    """
    pieces: list[Markup] = []
    last = 0
    for match in _LTR_TOKEN.finditer(text):
        token = match.group(0).rstrip(".,;:!?")  # sentence punctuation stays outside
        if not token:
            continue
        pieces.append(escape(text[last : match.start()]))
        pieces.append(Markup('<bdi dir="ltr">{}</bdi>').format(token))
        last = match.start() + len(token)
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def _suggestion_href(result: CheckResult) -> str | None:
    suggestion = result.suggestion
    return safe_href(suggestion.archive_url or suggestion.url) if suggestion else None


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
