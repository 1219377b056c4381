"""Find web URLs in running text of any script, canonicalise them, spot cut-off ones.

The rules (DESIGN.md §3), each a named piece below:

1. A URL starts at `http://`, `https://` (any case) or a `www.` host, even glued
   to an Arabic word before it; `mailto:`, `javascript:` and friends never match.
2. It runs until white space, `<>"`, Arabic or typographic punctuation that no
   URL holds unescaped (، ؛ ؟ « » “ ” ‘ ’ …), or an invisible mark (bidi, zero-width,
   private-use glyph).
3. An Arabic letter glued straight after a Latin letter, digit or escape ends it:
   real IRIs put Arabic after a delimiter (`/ليبيا`), prose glues words (`/27980وقال`);
   so does markdown's `](` between a link's text and its target.
4. Closing punctuation at the end is trimmed (. , : ; ! ? ' " *), and a closing
   bracket unless the URL opens it too (balanced parentheses stay).
5. A URL that runs to a line end continues on the next line when that line starts
   with an escape (`%D8...`), completes a split escape (`%D` + `8...`), or the URL
   ends mid-word (`-`, `_`, `=`, `&`) and the line goes on with a letter or digit.
6. A URL visibly cut off (a dangling `%`, a `%25` tail after escapes, a broken
   UTF-8 sequence, a trailing `…`/`...`) gets the `truncated` defect and the longest
   well-formed prefix as its repair.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from citecheck.models import Defect
from citecheck.textnorm import INVISIBLE_CHARS

logger = logging.getLogger(__name__)

_STOP = '\\s<>"`\u00ab\u00bb\u060c\u061b\u061f\u06d4\u2018\u2019\u201c\u201d\u2026\u3001\u3002' + (
    INVISIBLE_CHARS.replace("\u0640", "")
)
_BODY = f"[^{_STOP}]"
# A literal first letter lets the regex engine skip ahead fast; the context checks
# (what may not come before a scheme or a www host) are done on the few hits.
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_BLOCKED_BEFORE = (frozenset(_ALNUM + "+.-"), frozenset(_ALNUM + ".@/_-"))
_BODY_RUN = re.compile(f"{_BODY}+")
_ARABIC_LETTER = "[\u0621-\u064a\u066e-\u06d3]"
# The Arabic letter first (then what is glued before it): letters are rare in a URL,
# so the engine skips ahead, where a Latin-first pattern stops at every character.
_GLUED_ARABIC = re.compile(
    f"{_ARABIC_LETTER}(?:(?<=[A-Za-z0-9]{_ARABIC_LETTER})|(?<=%[0-9A-Fa-f]{{2}}{_ARABIC_LETTER}))"
)
_TRAILING = frozenset(".,:;!?'\"*")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_CONTINUES_ON_NEXT_LINE = re.compile("^%[0-9A-Fa-f]{2}")
# How a URL cut at a line end ends (group 1..3), and what the next line must start
# with to continue it: the rest of an escape, or more of a word.
_BROKEN_TAIL = re.compile("(?:(%)|(%[0-9A-Fa-f])|([-_=&]))$")
_CONTINUATION = {
    1: re.compile("[0-9A-Fa-f]{2}"),
    2: re.compile("[0-9A-Fa-f]"),
    3: re.compile("[A-Za-z0-9%]"),
}
_NEW_URL = re.compile("(?i:https?://|www\\.)")
_HOST_END = re.compile("[/?#]")
_MAX_JOINED_LINES = 4


class UrlMatch(NamedTuple):
    """One URL found in text: what is written, where, and what is wrong with it."""

    raw: str
    start: int
    end: int
    defects: tuple[Defect, ...] = ()
    repaired: str | None = None


def find_urls(text: str, *, unescape_entities: bool = False) -> list[UrlMatch]:
    """Find every http(s) URL and `www.` host in `text`.

    Args:
        text: running text in any script.
        unescape_entities: decode HTML character references in the URLs found
            (for text taken from HTML source, where `&amp;` stands for `&`).

    Returns:
        The matches in order of appearance; `raw` joins a URL broken across lines.
    """
    found: list[UrlMatch] = []
    end = 0
    for start, after, blocked in _starts(text):
        if start < end:
            continue  # inside a URL already found, or joined from the line above
        if start and text[start - 1] in blocked:
            continue
        body = _BODY_RUN.match(text, after)
        url = _one_url(text, start, body.end()) if body else None
        if url is not None:
            found.append(_unescaped(url) if unescape_entities else url)
            end = url.end
    return found


def _starts(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Return where each `http://`, `https://` and `www.` (any case) starts and ends.

    Two scans for a literal (`://`, then a `.` after `www`) are four times faster
    than one for the letters `h` and `w` that begin them, over running text.
    """
    starts = [(at - 3, at + 1, _BLOCKED_BEFORE[1]) for at in _www_dots(text)]
    for match in _SCHEME_END.finditer(text):
        at = match.start()
        if text[at - 4 : at].lower() == "http":
            starts.append((at - 4, at + 3, _BLOCKED_BEFORE[0]))
        elif text[at - 5 : at].lower() == "https":
            starts.append((at - 5, at + 3, _BLOCKED_BEFORE[0]))
    starts.sort()
    return starts


def _www_dots(text: str) -> list[int]:
    return [match.start() for match in _WWW_DOT.finditer(text)]


_SCHEME_END = re.compile("://")
# Not after `/`: `https://www.` is inside a URL, and `/` blocks a `www.` start anyway.
_WWW_DOT = re.compile("\\.(?<=[wW][wW][wW]\\.)(?<!/[wW][wW][wW]\\.)")


def _one_url(text: str, start: int, end: int) -> UrlMatch | None:
    raw, end = _cut(text[start:end], start)
    joined = False
    for _ in range(_MAX_JOINED_LINES):
        if text[end : end + 1] not in ("\n", "\r"):
            break  # the common case, without a call: the URL does not run to a line end
        continuation = _continuation(text, raw, end)
        if continuation is None:
            break
        more, end = _cut(text[continuation[0] : continuation[1]], continuation[0])
        raw, joined = raw + more, True
    if not _has_host(raw):
        return None
    return _with_defects(raw, start, end, _ellipsis_follows(text, end), joined)


def _cut(candidate: str, start: int) -> tuple[str, int]:
    """Apply rules 3 and 4 to a raw candidate; return it and its new end offset."""
    glued = _GLUED_ARABIC.search(candidate)
    if glued is not None:
        candidate = candidate[: glued.start()]
    link_syntax = candidate.find("](")  # `[https://a](https://b)`: markdown, not the URL
    if link_syntax > 0:
        candidate = candidate[:link_syntax]
    candidate = _trim_trailing(candidate)
    return candidate, start + len(candidate)


def _trim_trailing(candidate: str) -> str:
    while candidate:
        last = candidate[-1]
        if last in _TRAILING or (
            last in _CLOSERS and candidate.count(_CLOSERS[last]) < candidate.count(last)
        ):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def _continuation(text: str, raw: str, end: int) -> tuple[int, int] | None:
    """Return the span on the next line that continues a URL broken at a line end."""
    if not text.startswith(("\n", "\r\n"), end):
        return None
    following = _BODY_RUN.match(text, end + (1 if text[end] == "\n" else 2))
    if following is None or _NEW_URL.match(following.group()):
        return None
    tail = _BROKEN_TAIL.search(raw)
    if _CONTINUES_ON_NEXT_LINE.match(following.group()):
        return following.span()
    if tail is not None and _CONTINUATION[tail.lastindex or 0].match(following.group()):
        return following.span()
    return None


def _has_host(raw: str) -> bool:
    at = raw.find("://")
    rest = raw[at + 3 :] if at >= 0 else raw
    end = _HOST_END.search(rest)
    host = rest[: end.start()] if end else rest
    return bool(host.strip(".:@")) and not raw.lower().endswith(("://", "www."))


def _ellipsis_follows(text: str, end: int) -> bool:
    return text.startswith(("\u2026", "..."), end)


def examine(raw: str, start: int, end: int) -> UrlMatch:
    """Return a `UrlMatch` for a URL taken from markup (a link target), with its defects.

    Args:
        raw: the URL as written in the markup.
        start: where it (or its anchor) starts in the document text.
        end: where it ends.

    Returns:
        The match, flagged `truncated` with a repair when it is visibly cut off.
    """
    return _with_defects(raw.strip(), start, end, False, False)


def _unescaped(url: UrlMatch) -> UrlMatch:
    raw = html.unescape(url.raw)
    return url if raw == url.raw else _with_defects(raw, url.start, url.end, False, False, url)


def _with_defects(
    raw: str,
    start: int,
    end: int,
    ellipsis: bool,
    joined: bool,
    previous: UrlMatch | None = None,
) -> UrlMatch:
    repaired = truncation_repair(raw)
    if repaired is None and not ellipsis and not joined and previous is None:
        return UrlMatch(raw, start, end)  # the common case: nothing wrong with it
    defects: list[Defect] = list(previous.defects) if previous is not None else []
    if repaired is None and (ellipsis or (previous is not None and previous.repaired)):
        repaired = raw
    if repaired is not None and Defect.TRUNCATED not in defects:
        defects.append(Defect.TRUNCATED)
    if joined:
        defects.append(Defect.JOINED_LINE_BREAK)
    return UrlMatch(raw, start, end, tuple(defects), repaired)


# -- truncation (rule 6) ---------------------------------------------------------

_DANGLING_ESCAPE = re.compile("%[0-9A-Fa-f]?$")
_REENCODED_TAIL = re.compile("%25[0-9A-Fa-f]?$")
_ESCAPE_RUN_AT_END = re.compile("(?:%[0-9A-Fa-f]{2})+$")
_ESCAPE = re.compile("%[0-9A-Fa-f]{2}")


def truncation_repair(raw: str) -> str | None:
    """Return the longest well-formed prefix of a visibly cut-off URL, else None.

    A URL is cut off when it ends in a dangling `%` or `%X`, in a `%25` (a `%`
    re-encoded by a copy) after other escapes, or inside a multi-byte UTF-8
    sequence. The repair drops those tails, then any broken UTF-8 lead bytes.

    Args:
        raw: the URL as written.

    Returns:
        The repaired URL, or None when nothing looks cut off.
    """
    if "%" not in raw[-5:]:
        return None  # the common case: each cut-off tail (and `$` a final newline) ends there
    repaired = _DANGLING_ESCAPE.sub("", raw)
    tail = _REENCODED_TAIL.search(repaired)
    if tail is not None and _ESCAPE.search(repaired, 0, tail.start()):
        repaired = repaired[: tail.start()]
    repaired = _drop_broken_utf8(repaired)
    return None if repaired == raw else repaired


def _drop_broken_utf8(raw: str) -> str:
    run = _ESCAPE_RUN_AT_END.search(raw)
    if run is None:
        return raw
    data = bytes.fromhex(run.group().replace("%", ""))
    keep = len(data)
    while keep and _is_incomplete_utf8(data[:keep]):
        keep -= 1
    return raw[: run.start() + 3 * keep]


def _is_incomplete_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return False


# -- canonical URI and display IRI ------------------------------------------------

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_TO_ESCAPE = re.compile("%[0-9A-Fa-f]{2}|%|[^A-Za-z0-9\\-._~!$&'()*+,;=:@/?#\\[\\]]")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE_RUN = re.compile("(?:%[0-9A-F]{2})+")


@functools.lru_cache(maxsize=4096)
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
    if _is_canonical(text):
        return text
    return _canonical(text)


_CANONICAL_FORM = re.compile(r"https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?/[^\s]*")


def _is_canonical(text: str) -> bool:
    """The fast path: a lower-case ASCII host, no port, nothing to escape or drop."""
    return (
        _CANONICAL_FORM.fullmatch(text) is not None
        and not _needs_escaping(text)
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
    return f"{scheme}://{_unicode_netloc(netloc)}{slash}{_ESCAPE_RUN.sub(_decode_run, tail)}"


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
