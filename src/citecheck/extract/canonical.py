"""The canonical URI of a URL as written (the dedupe and fetch key) and the IRI people read.

Split from `urls.py`, which finds URLs in text; this module only rewrites one URL.
"""

from __future__ import annotations

import functools
import logging
import re
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger(__name__)

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_TO_ESCAPE = re.compile("%[0-9A-Fa-f]{2}|%|[^A-Za-z0-9\\-._~!$&'()*+,;=:@/?#\\[\\]]")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE_RUN = re.compile("(?:%[0-9A-F]{2})+")


def canonical_url(raw: str) -> str:
    """Return the canonical URI of a URL as written: the dedupe and fetch key.

    Lower-case scheme and host, IDNA (punycode) host, no default port, a `/` path
    at least, UTF-8 percent-escapes with upper-case hex, escapes of unreserved
    characters decoded, stray `%` escaped as `%25`. A `www.` host gets `https://`.

    Args:
        raw: a URL or IRI as found in a document.

    Returns:
        The canonical URI (ASCII only).
    """
    text = raw.strip()
    if (
        _PLAINLY_CANONICAL.fullmatch(text) is not None
        and not text.endswith(("?", "#"))
        and "?#" not in text
    ):
        return text  # the common case, not cached: most URLs of a document are distinct
    return _canonical_cached(text)


_CANONICAL_START = re.compile(r"https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?/")
"""How a canonical URL starts: lower-case ASCII host, no port, a path."""
_PLAINLY_CANONICAL = re.compile(
    _CANONICAL_START.pattern + "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?#\\[\\]]|%[89A-F][0-9A-F])*"
)
"""A canonical start, then only characters `_escape` keeps and escapes of non-ASCII
bytes: `_is_canonical` in one match, for most URLs (it decides the rest)."""


@functools.lru_cache(maxsize=4096)
def _canonical_cached(text: str) -> str:
    """`canonical_url` beyond its common case (cached: such URLs recur, `www.` hosts)."""
    return text if _is_canonical(text) else _canonical(text)


def _is_canonical(text: str) -> bool:
    """The fast path: a lower-case ASCII host, no port, nothing to escape or drop."""
    return (
        _CANONICAL_START.match(text) is not None
        and not _needs_escaping(text)  # nor any white space after the start
        and not text.endswith(("?", "#"))
        and "?#" not in text
    )


def _canonical(text: str) -> str:
    if text[:4].lower() == "www.":
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:  # a malformed bracketed host: keep it, escaped, as the key
        return _escape(text)
    netloc = _canonical_netloc(parts.scheme.lower(), parts.netloc)
    path = _escape(parts.path) or "/"
    query, fragment = _escape(parts.query), _escape(parts.fragment)
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def _canonical_netloc(scheme: str, netloc: str) -> str:
    userinfo, _, hostport = netloc.rpartition("@")
    host, port = _split_port(hostport)
    if port is not None and _DEFAULT_PORTS.get(scheme) == port:
        port = None
    result = ascii_host(host)
    if port is not None:
        result += f":{port}"
    return f"{_escape(userinfo)}@{result}" if userinfo else result


def _split_port(hostport: str) -> tuple[str, int | None]:
    bracket = hostport.rfind("]")
    host, sep, port = hostport.rpartition(":")
    if not sep or len(host) < bracket:
        return hostport, None
    if port.isascii() and port.isdigit():
        return host, int(port)
    return (host, None) if not port else (hostport, None)


def ascii_host(host: str) -> str:
    """Return a host name in lower-case ASCII (IDNA), or as-is when it is not valid IDNA."""
    lowered = host.lower().rstrip(".")
    if lowered.isascii() or lowered.startswith("["):
        return lowered
    import idna  # a tenth of this module's import time, for the rare IDN host

    try:
        return idna.encode(lowered, uts46=True).decode("ascii")
    except idna.IDNAError:
        logger.debug("host %r is not valid IDNA; escaping it", host)
        return _escape(lowered)


def is_valid_host(host: str) -> bool:
    """Whether a host name can be written in IDNA (a fetch could resolve it)."""
    import idna

    try:
        idna.encode(host.lower().rstrip("."), uts46=True)
    except idna.IDNAError:
        return False
    return True


_UNSAFE_CHAR = re.compile("[^A-Za-z0-9\\-._~!$&'()*+,;=:@/?#\\[\\]%]")
_UNCANONICAL_ESCAPE = re.compile("%(?![0-9A-F]{2})|%(?:[46][1-9A-F]|[57][0-9A]|3[0-9]|2[DE]|5F|7E)")


def _needs_escaping(text: str) -> bool:
    """Whether `_escape` would change `text` (searches that each skip ahead fast)."""
    if _UNSAFE_CHAR.search(text) is not None:
        return True
    # escapes of non-ASCII bytes (Arabic paths: most of them) are canonical as they are
    return (
        _NOT_HIGH_ESCAPE.search(text) is not None and _UNCANONICAL_ESCAPE.search(text) is not None
    )


_NOT_HIGH_ESCAPE = re.compile("%(?![89A-F][0-9A-F])")


def _escape(part: str) -> str:
    if not _needs_escaping(part):  # the common case: already canonical
        return part
    return _TO_ESCAPE.sub(_escape_one, part)


def _escape_one(match: re.Match[str]) -> str:
    token = match.group()
    if token == "%":
        return "%25"
    if token[0] == "%":
        char = chr(int(token[1:], 16))
        return char if char in _UNRESERVED else token.upper()
    return "".join(f"%{byte:02X}" for byte in token.encode("utf-8", "surrogatepass"))


def display_url(canonical: str) -> str:
    """Return the IRI people read: Unicode host, escapes of non-ASCII text decoded.

    ASCII escapes (`%2F`, `%20`, `%25`) and escapes of invisible or control
    characters stay escaped, so the display is unambiguous and safe to show.

    Args:
        canonical: a URI as returned by `canonical_url`.

    Returns:
        The decoded IRI.
    """
    if "%" not in canonical and "xn--" not in canonical:
        return canonical
    scheme, separator, rest = canonical.partition("://")
    if not separator:
        return _ESCAPE_RUN.sub(_decode_run, canonical)
    netloc, slash, tail = rest.partition("/")  # escape runs never cross `/`, `?` or `#`
    if "%" in tail:
        tail = "/".join([_decoded_segment(segment) for segment in tail.split("/")])
    return f"{scheme}://{_unicode_netloc(netloc)}{slash}{tail}"


@functools.lru_cache(maxsize=4096)
def _decoded_segment(segment: str) -> str:
    """One path segment with its escape runs decoded (cached: segments recur across
    the URLs of a site, `/news/`, `/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7/`, where whole URLs
    do not)."""
    return _ESCAPE_RUN.sub(_decode_run, segment) if "%" in segment else segment


def _unicode_netloc(netloc: str) -> str:
    if "xn--" not in netloc:
        return netloc
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    return f"{userinfo}{at}{_unicode_host(host)}{colon}{port}"


def _unicode_host(host: str) -> str:
    import idna

    if "xn--" not in host:
        return host
    try:
        return idna.decode(host)
    except idna.IDNAError:
        return host


_ASCII = re.compile("[\x00-\x7f]")


def _decode_run(match: re.Match[str]) -> str:
    return _decoded_run(match.group())


@functools.lru_cache(maxsize=4096)
def _decoded_run(run: str) -> str:
    """Decode one run of escapes (cached: the same Arabic words recur across URLs)."""
    data = bytes.fromhex(run.replace("%", ""))
    text = data.decode("utf-8", "surrogateescape")
    if text.isprintable() and _ASCII.search(text) is None:  # the common case: all letters
        return text
    return "".join(_shown(char) for char in text)


def _shown(char: str) -> str:
    if ord(char) < 0x80 or 0xDC80 <= ord(char) <= 0xDCFF or not char.isprintable():
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogateescape"))
    return char
