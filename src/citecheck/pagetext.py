"""Reading a fetched page: main text, title, publication date and language.

This is the only module that imports trafilatura. HTML bodies are decoded with
the charset the server declares, else the one the page declares in a `<meta>`,
else UTF-8 if it decodes cleanly, else charset detection (Arabic sites still
serve windows-1256). PDF bodies go through pypdf. Every `None` is logged with
its reason; trafilatura, lxml and pypdf errors never leave this module.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import re
from datetime import date
from typing import TYPE_CHECKING

from citecheck.compare.normalize import is_arabic
from citecheck.config import Settings
from citecheck.models import FetchResult, PageText

if TYPE_CHECKING:
    from citecheck.compare.cache import FeatureCache

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_TITLE_OPEN = re.compile(rb"<title\b[^<>]{0,500}>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(rb"</title\s*>", re.IGNORECASE)
HEAD_BYTES = 65536
MAX_TITLE_CHARS = 500
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
        (text for charset in _declared_charsets(head, kind) if (text := _decoded(raw, charset))),
        raw.decode("utf-8", errors="replace"),
    )
    title = " ".join(html.unescape(decoded).split())[:MAX_TITLE_CHARS]
    return PageText(url=result.final_url or result.url, text="", title=title or None)


def _decoded(raw: bytes, charset: str) -> str | None:
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeError):
        return None


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


def decode_body(body: bytes, content_type: str = "") -> str:
    """Decode an HTML or text body: declared charset, then meta charset, UTF-8, detection."""
    for charset in _declared_charsets(body, content_type):
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            logger.debug("declared charset %s does not decode the body", charset)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return _detect(body)


def _declared_charsets(body: bytes, content_type: str) -> list[str]:
    """The charsets the server (Content-Type) and the page (`<meta>`) declare, in that order."""
    header = _HEADER_CHARSET.search(content_type)
    meta = _META_CHARSET.search(body[:4096])
    declared = [
        header.group(1) if header else None,
        meta.group(1).decode("ascii") if meta else None,
    ]
    return [charset for charset in declared if charset]


def _detect(body: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(body, cp_isolation=["cp1256", "utf_8", "iso8859_6", "cp1252"]).best()
    return str(best) if best is not None else body.decode("cp1256", errors="replace")


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
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(result.body))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        logger.info("no page text for %s: unreadable PDF (%r)", result.url, exc)
        return None
    if not text.strip():
        logger.info("no page text for %s: PDF has no text layer", result.url)
        return None
    return _build(result, text, title, None)


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
