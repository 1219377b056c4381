"""Reading a fetched page: main text, title, publication date and language.

This is the only module that imports trafilatura. HTML and text bodies are
decoded by `citecheck.decoding.decode_body`, the project's one decoder. PDF
bodies go through pypdf. Every `None` is logged with its reason; trafilatura,
lxml and pypdf errors never leave this module: a PDF that pypdf cannot parse
becomes `UnreadablePage`, which `PageReader` turns into that URL's `error`.

`PageReader` is the reading stage of a run: it reads a live page's main text
in the worker processes and measures its drift since the first text archived.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from citecheck.compare.normalize import is_arabic
from citecheck.config import Settings
from citecheck.decoding import declared_charsets, decode_body, strict_decode
from citecheck.models import FetchResult, PageText, Status, Verdict

if TYPE_CHECKING:
    from citecheck.compare.cache import FeatureCache
    from citecheck.store.archive import Archive, Prior
    from citecheck.workers import PageWorkers

logger = logging.getLogger(__name__)

_TITLE_OPEN = re.compile(rb"<title\b[^<>]{0,500}>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(rb"</title\s*>", re.IGNORECASE)
HEAD_BYTES = 65536
MAX_TITLE_CHARS = 500


class UnreadablePage(ValueError):
    """The page's bytes cannot be read as what they claim to be (a malformed PDF); says why."""


@dataclass(frozen=True, slots=True)
class PageReading:
    """What reading one checked URL gave: its verdict (an unreadable page is an error),
    its text, and how far that text drifted since the first check (None: no baseline)."""

    verdict: Verdict
    page: PageText | None = None
    drift: float | None = None


class PageReader:
    """Reads live pages' main text in the workers, and measures drift since the first text.

    With support scoring off nothing needs a page's text but drift, so a page is
    read only when an earlier run checked its URL, and not even then when its
    body is the one the drift baseline was read from.
    """

    def __init__(self, archive: Archive, settings: Settings, workers: PageWorkers) -> None:
        """Read with `workers`; drift baselines come from `archive`."""
        self.archive = archive
        self.settings = settings
        self.workers = workers

    async def read(
        self, result: FetchResult, verdict: Verdict, prior: Prior, digest: str | None
    ) -> PageReading:
        """Read the page of a live URL (ok or redirected); any other verdict is kept as is.

        Args:
            result: the answer judged, with its body.
            verdict: its verdict.
            prior: what the cache knew of the URL before this check (`Archive.prior`).
            digest: the payload digest of the body as archived (None: not archived).
        """
        if verdict.status not in (Status.OK, Status.REDIRECTED) or not result.body:
            return PageReading(verdict)
        if not self.settings.support:
            known, unread = _unread_drift(prior, digest)
            if known:
                return PageReading(verdict, head_title(result), drift=unread)
        try:
            page = await self.workers.page_text(result)
        except UnreadablePage as exc:
            return PageReading(Verdict(Status.ERROR, f"the page is an {exc}"))
        if page is None:
            return PageReading(verdict)
        return PageReading(verdict, page, await self._drift(result, page, prior, digest))

    async def _drift(
        self, result: FetchResult, page: PageText, prior: Prior, digest: str | None
    ) -> float | None:
        """Drift since the first recorded text: None on a URL's first check, and the
        texts themselves compared only when their fingerprints differ."""
        baseline = prior.text_baseline
        fingerprint = self.archive.record_text_fingerprint(result.url, digest, page.text)
        if baseline is None or baseline[1] == fingerprint:
            return None if baseline is None else 0.0
        first = self.archive.first_text(result.url)
        return await self.workers.drift(first, page.text) if first is not None else None


def _unread_drift(prior: Prior, digest: str | None) -> tuple[bool, float | None]:
    """Whether the drift is known without reading the page, and what it is: none on
    a URL's first check, 0.0 for the very body the baseline text was read from."""
    if not prior.checked_before:
        return True, None
    baseline = prior.text_baseline
    if baseline is not None and digest is not None and baseline[0] == digest:
        return True, 0.0
    return False, None


_HTML_LANG = re.compile(r"<html[^>]+lang\s*=\s*[\"']?([A-Za-z]{2})", re.IGNORECASE)


def page_text(
    result: FetchResult, settings: Settings, *, cache: FeatureCache | None = None
) -> PageText | None:
    """Return the readable main text of a fetched page, or None (logged) when there is none.

    Args:
        result: a fetch with its body (HTML, plain text or PDF).
        settings: the run's settings (unused today; kept for the stage signature).
        cache: where extractions are kept by body digest, so a body is read once
            however often it is cited or re-checked (compare.SqliteCache).

    Returns:
        The page's main text with title, published date, language and text digest.

    Raises:
        UnreadablePage: the body is a PDF that cannot be parsed.
    """
    key = f"pagetext:{hashlib.sha256(result.body).hexdigest()}"
    cached = cache.get(key) if cache is not None and result.body else None
    if cached is not None:
        return _from_json(result, cached)
    page = _read(result)
    if page is not None and cache is not None:
        cache.put(key, _to_json(page))
    return page


def head_title(result: FetchResult) -> PageText | None:
    """The page as far as its `<title>` only, read without parsing the page (no main text).

    For runs that need no page text: the report still names the page. Linear in
    the first 64 KB, whatever they hold.
    """
    head = result.body[:HEAD_BYTES]
    opening = _TITLE_OPEN.search(head)
    closing = _TITLE_CLOSE.search(head, opening.end()) if opening else None
    if opening is None or closing is None:
        return None
    kind = (result.content_type or result.header("content-type") or "").lower()
    raw = head[opening.end() : closing.start()]
    decoded = next(
        (
            text
            for charset in declared_charsets(head, kind)
            if (text := strict_decode(raw, charset))
        ),
        raw.decode("utf-8", errors="replace"),
    )
    title = " ".join(html.unescape(decoded).split())[:MAX_TITLE_CHARS]
    return PageText(url=result.final_url or result.url, text="", title=title or None)


def _to_json(page: PageText) -> bytes:
    published = page.published.isoformat() if page.published else None
    fields = [page.text, page.title, published, page.language, page.digest]
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def _from_json(result: FetchResult, data: bytes) -> PageText:
    text, title, published, language, digest = json.loads(data)
    url = result.final_url or result.url
    return PageText(url, text, title, _parse_date(published), language, digest)


def _read(result: FetchResult) -> PageText | None:
    if result.error is not None or not result.body:
        logger.info("no page text for %s: %s", result.url, result.error or "empty body")
        return None
    if result.http_status is not None and not 200 <= result.http_status < 300:
        logger.info("no page text for %s: HTTP %s", result.url, result.http_status)
        return None
    kind = (result.content_type or result.header("content-type") or "").lower()
    if "pdf" in kind or result.body.startswith(b"%PDF"):
        return _pdf_page(result)
    if kind.startswith("text/plain"):
        return _build(result, decode_body(result.body, kind), None, None)
    return _html_page(result, decode_body(result.body, kind))


def _html_page(result: FetchResult, html: str) -> PageText | None:
    import trafilatura
    from lxml.etree import LxmlError  # type: ignore[import-untyped]

    try:
        document = trafilatura.bare_extraction(
            html,
            url=result.final_url,
            with_metadata=True,
            include_comments=False,
            favor_recall=True,
        )
    except (LxmlError, ValueError, TypeError, AttributeError, LookupError) as exc:
        logger.info("no page text for %s: extraction failed (%r)", result.url, exc)
        return None
    text = getattr(document, "text", None)
    if not text:
        logger.info("no page text for %s: no main text found", result.url)
        return None
    lang = _HTML_LANG.search(html[:2048])
    title, published = getattr(document, "title", None), getattr(document, "date", None)
    return _build(result, text, title, published, lang.group(1) if lang else None)


def _pdf_page(result: FetchResult) -> PageText | None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(result.body))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        title = reader.metadata.title if reader.metadata else None
    except Exception as exc:  # the pypdf boundary: see _unreadable_pdf
        raise _unreadable_pdf(result, exc) from exc
    if not text.strip():
        logger.info("no page text for %s: PDF has no text layer", result.url)
        return None
    return _build(result, text, title, None)


def _unreadable_pdf(result: FetchResult, exc: Exception) -> UnreadablePage:
    """On malformed input pypdf raises far more than its own errors (TypeError,
    AssertionError, AttributeError, NotImplementedError, LimitReachedError...);
    whichever it is, it belongs to this one page and must not end the run."""
    logger.info("no page text for %s: unreadable PDF (%r)", result.url, exc)
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else "no detail"
    return UnreadablePage(f"unreadable PDF ({type(exc).__name__}: {detail})")


def _build(
    result: FetchResult,
    text: str,
    title: str | None,
    published: str | None,
    lang: str | None = None,
) -> PageText:
    text = text.strip()
    return PageText(
        url=result.final_url or result.url,
        text=text,
        title=title or None,
        published=_parse_date(published),
        language=(lang or _script_language(text)).lower(),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _script_language(text: str) -> str:
    return "ar" if is_arabic(text) else "en"


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
