"""Repairing a cut-off URL: its longest well-formed prefix, and ranking archived candidates.

A URL cut by a copy ends in a dangling `%`, a re-encoded `%25`, half an escape
or half a UTF-8 sequence. What survives is a prefix of the real URL; the web
archive knows the URLs that start with it, and the claim the citation backs
tells which of them the author meant, because news slugs repeat the headline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from citecheck.compare.normalize import fold, tokens
from citecheck.models import Citation
from citecheck.recover.captures import Capture

_TAIL_JUNK = re.compile(r"(?:%25[0-9A-Fa-f]?|%[0-9A-Fa-f]?|…|\.\.\.)+$")
_ESCAPES_AT_END = re.compile(r"(?:%[0-9A-Fa-f]{2})+$")


def repaired_prefix(citation: Citation) -> str:
    """Return the longest well-formed prefix of a cut-off citation's URL."""
    return well_formed_prefix(citation.repaired_url or citation.url)


def well_formed_prefix(url: str) -> str:
    """Drop a cut-off URL's broken tail: `%25`, half escapes, half UTF-8, `…`."""
    trimmed = _TAIL_JUNK.sub("", url)
    escapes = _ESCAPES_AT_END.search(trimmed)
    if escapes is None:
        return trimmed
    raw = bytes.fromhex(escapes.group().replace("%", ""))
    whole = _complete_utf8_length(raw)
    return trimmed[: escapes.start() + 3 * whole]


def words(text: str) -> set[str]:
    """The stems of a text's words, folded the way the support comparison folds them."""
    from citecheck.compare.bm25 import stem  # with numpy: loaded when a cut URL is repaired

    return {stem(word) for word in tokens(fold(text)) if not word.isdigit() and len(word) > 1}


def slug_words(url: str) -> set[str]:
    """The stems of the decoded words of a URL's path (its slug)."""
    path = unquote(urlsplit(url).path, errors="replace").replace("\ufffd", " ")
    return words(re.sub(r"[-_/.+]", " ", path))


def slug_score(url: str, prefix_words: set[str], claim_words: set[str]) -> float:
    """The share of the slug's own words (beyond the prefix) that the claim uses, 0..1.

    Words every candidate shares with the surviving prefix cannot tell them
    apart, so only the words the cut removed are scored.
    """
    tail = slug_words(url) - prefix_words
    return len(tail & claim_words) / len(tail) if tail else 0.0


def rank_candidates(
    captures: Iterable[Capture], prefix: str, claim_text: str
) -> list[tuple[float, Capture]]:
    """Rank archived URLs starting with `prefix` by how well their slug matches the claim."""
    prefix_words, claim_words = slug_words(prefix), words(claim_text)
    scored = [(slug_score(c.original, prefix_words, claim_words), c) for c in captures]
    return sorted(scored, key=lambda item: (-item[0], item[1].original))


def _complete_utf8_length(raw: bytes) -> int:
    """How many leading bytes of `raw` form complete UTF-8 sequences."""
    for end in range(len(raw), -1, -1):
        try:
            raw[:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return end
    return 0
