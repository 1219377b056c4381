"""Find web URLs in running text of any script, spot cut-off ones.

The rules (DESIGN.md §3), each a named piece:

1. A URL starts at `http://`, `https://` (any case) or a `www.` host, even glued
   to a word before it in Arabic, or to a list number (`1.http://`), `.` or `-`;
   `git+https://`, `mailto:`, `javascript:` and friends never match.
2-4. It runs until white space or a character no URL holds unescaped, and ends
   earlier where the text shows it is over (`boundary.py`): a letter of another
   script glued to ASCII, a bracket it did not open, trailing punctuation.
5. A URL that runs to a line end continues on the next line when that line goes
   on with it (`linebreaks.py`): the rest of a link target the markup carries,
   the host after `https://`, the rest of an escape or word, a path after `/`.
6. A URL visibly cut off (a dangling `%`, a `%25` tail after escapes, a broken
   UTF-8 sequence, a trailing `…`/`...` or U+FFFD (an undecodable byte), a
   line-end piece of a longer link target) gets the `truncated` defect and the
   longest well-formed prefix (or the link target) as its repair.

The canonical URI and display IRI of a URL are `canonical.py`'s.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Collection
from typing import NamedTuple

from citecheck.extract.boundary import BODY_RUN, cut
from citecheck.extract.canonical import (
    ascii_host,
    canonical_url,
    display_url,
    is_valid_host,
)
from citecheck.extract.linebreaks import continues, known_rest, next_line_run
from citecheck.models import Defect

logger = logging.getLogger(__name__)

__all__ = [
    "UrlMatch",
    "ascii_host",
    "canonical_url",
    "display_url",
    "examine",
    "find_urls",
    "is_valid_host",
    "truncation_repair",
]

# A literal first letter lets the regex engine skip ahead fast; the context checks
# (what may not come before a scheme or a www host) are done on the few hits.
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_BLOCKED_BEFORE = (frozenset(_ALNUM + "+"), frozenset(_ALNUM + ".@/_-"))
_MAX_JOINED_LINES = 4


class UrlMatch(NamedTuple):
    """One URL found in text: what is written, where, and what is wrong with it."""

    raw: str
    start: int
    end: int
    defects: tuple[Defect, ...] = ()
    repaired: str | None = None


def find_urls(
    text: str, *, unescape_entities: bool = False, known: Collection[str] = ()
) -> list[UrlMatch]:
    """Find every http(s) URL and `www.` host in `text`.

    Args:
        text: running text in any script.
        unescape_entities: decode HTML character references in the URLs found
            (for text taken from HTML source, where `&amp;` stands for `&`).
        known: link targets the document's markup carries (PDF link annotations):
            a URL broken at a line end is joined as far as one of them goes on.

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
        body = BODY_RUN.match(text, after)
        url = _one_url(text, start, body.end() if body else after, known)
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


def _one_url(text: str, start: int, end: int, known: Collection[str]) -> UrlMatch | None:
    raw = cut(text[start:end])
    end = start + len(raw)
    joined = False
    for _ in range(_MAX_JOINED_LINES):
        if text[end : end + 1] not in ("\n", "\r"):
            break  # the common case, without a call: the URL does not run to a line end
        more = _next_line_part(text, raw, end, known)
        if more is None:
            break
        raw, end, joined = raw + more[0], more[1], True
    if not _has_host(raw):
        return None
    rest = known_rest(raw, known) if text[end : end + 1] in ("\n", "\r") else None
    # a piece of a link target the text never shows whole: cut off at the line end
    repair = raw + rest if rest and raw + rest not in text else None
    return _with_defects(raw, start, end, _ellipsis_follows(text, end), joined, repair=repair)


def _next_line_part(
    text: str, raw: str, end: int, known: Collection[str]
) -> tuple[str, int] | None:
    """Return the part of the next line that continues `raw`, and where it ends."""
    run = next_line_run(text, end)
    if run is None:
        return None
    rest = known_rest(raw, known)
    whole_line = text[run.end() : run.end() + 1] in ("\n", "\r", "")
    if rest is None and not continues(raw, run.group(), whole_line):
        return None  # the common case (a list of URLs, one a line), without a cut
    more = cut(run.group())
    if rest is not None:  # the link target says whether and how far the URL goes on
        more = more[: len(rest)]
        if not rest.startswith(more):
            return None
    return (more, run.start() + len(more)) if more else None


def _has_host(raw: str) -> bool:
    """Whether a host name follows the scheme (or the `www.` a host starts with: a
    bare `www.` is no URL)."""
    at = raw.find("://")
    if _HOST_CHAR.match(raw, at + 3 if at >= 0 else 4) is None:
        return False
    return not raw.endswith("://") and raw[-4:].lower() != "www."


_HOST_CHAR = re.compile("[.:@]*[^/?#.:@]")
"""A host holds a character besides dots, colons and `@` before its path starts."""


def _ellipsis_follows(text: str, end: int) -> bool:
    """Whether the URL is visibly cut there: by `…`, or by a byte read as U+FFFD."""
    return text.startswith(("\u2026", "...", "\ufffd"), end)


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
    *,
    repair: str | None = None,
) -> UrlMatch:
    repaired = repair or truncation_repair(raw)
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
