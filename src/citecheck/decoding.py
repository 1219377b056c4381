"""The one decoder of fetched bodies: bytes in, text out, whatever the server declares.

Every module that needs a page's text (classify's soft-404 comparison, pagetext's
main-text reading, the web-archive client) calls `decode_body`, so one page is
read the same way everywhere. The order, as browsers do it:

1. a UTF-8 byte-order mark wins over any declaration;
2. the charset of the `Content-Type` header, then of a `<meta>` tag in the
   first 4 KiB, each only when it names a real text encoding that decodes the
   body without error;
3. UTF-8 when the bytes are valid UTF-8;
4. charset detection restricted to what Arabic and English sites serve
   (windows-1256, ISO-8859-6, windows-1252), else windows-1256 with
   replacement characters.

A hostile declaration never raises: `charset=undefined`, `punycode`, `idna`,
`rot13`, `hex` or a name that is no codec at all are skipped like a wrong one.
"""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
META_SCAN_BYTES = 4096
"""How far into the body a `<meta charset>` is looked for (browsers look at 1024; pages vary)."""
NOT_FOR_PAGES = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})
"""Codecs Python knows that no web page is written in; some raise, some are slow on long input."""
DETECTION_CANDIDATES = ["cp1256", "utf_8", "iso8859_6", "cp1252"]


def decode_body(body: bytes, content_type: str | None = "") -> str:
    """Decode a fetched HTML or text body to text; never raises (see the module docstring).

    Args:
        body: the body bytes as received (after content decoding).
        content_type: the `Content-Type` header, if any, for its `charset`.

    Returns:
        The text of the body.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body.decode("utf-8-sig", errors="replace")
    for charset in declared_charsets(body, content_type or ""):
        text = strict_decode(body, charset)
        if text is not None:
            return text
        logger.debug("declared charset %r does not decode the body", charset)
    text = strict_decode(body, "utf-8")
    return text if text is not None else _detect(body)


def declared_charsets(body: bytes, content_type: str) -> list[str]:
    """The charsets the header and a `<meta>` tag declare, in that order (may be bogus)."""
    header = _HEADER_CHARSET.search(content_type)
    meta = _META_CHARSET.search(body[:META_SCAN_BYTES])
    found = [header.group(1) if header else None, meta.group(1).decode("ascii") if meta else None]
    return [charset for charset in found if charset]


def strict_decode(body: bytes, charset: str) -> str | None:
    """The bytes decoded with `charset`, or None when it is no page codec or does not fit."""
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_FOR_PAGES:
        return None
    try:
        return body.decode(info.name)
    except (UnicodeError, LookupError, ValueError, TypeError):
        # UnicodeError, not only UnicodeDecodeError: some codecs raise the plain class.
        return None


def _detect(body: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(body, cp_isolation=DETECTION_CANDIDATES).best()
    return str(best) if best is not None else body.decode("cp1256", errors="replace")
