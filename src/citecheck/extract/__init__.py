"""Every web citation of a document: URL, where it is written, what is wrong with it.

`iter_citations` is the one extraction path, a pure function of a `Document`: it
finds URLs in the text (`urls.py`), markdown links (`markdown.py`) and the links
the markup carried (HTML hrefs, PDF annotations, docx hyperlinks, in
`Document.links`), merges the ones that are the same citation, and attaches the
claims each one backs (`citecheck.extract.claims`). `scan` takes its citations from
it (`extract_citations`), and so does `citecheck extract`, whole documents or long
files piece by piece (`extract.stream`, with `since`).
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, TypeVar

from citecheck.extract.claims import Cited, iter_attached, iter_claims
from citecheck.extract.claimtext import link_source_name
from citecheck.extract.markdown import MarkdownLink, find_markdown_links
from citecheck.extract.urls import (
    UrlMatch,
    canonical_url,
    display_url,
    examine,
    find_urls,
    is_valid_host,
    truncation_repair,
)
from citecheck.models import (
    Citation,
    CitationStyle,
    Defect,
    DocKind,
    Document,
    Link,
    Location,
    Span,
)

logger = logging.getLogger(__name__)

__all__ = [
    "canonical_url",
    "display_url",
    "extract_citations",
    "find_citations",
    "find_urls",
    "is_web_url",
    "iter_citations",
    "iter_drafts",
    "truncation_repair",
]

_WEB = re.compile(r"(?i:https?://|www\.)")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PLAIN_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}\.?|\[[0-9a-f:.]+\]")


def is_web_url(target: str) -> bool:
    """Whether a link target is a web citation (http, https or a `www.` host)."""
    return _WEB.match(target.strip()) is not None


def extract_citations(document: Document) -> list[Citation]:
    """Return every web citation of a document, in order, with the claims it backs.

    Args:
        document: a loaded document (any kind).

    Returns:
        The citations in order of position; `mailto:`/`javascript:` links are left out.
    """
    return list(iter_citations(document))


def iter_citations(document: Document, *, since: int = 0) -> Iterator[Citation]:
    """Yield every web citation of a document, in order, with the claims it backs.

    Args:
        document: a loaded document, or a piece of a long one (`extract.stream`).
        since: only citations starting at or after this offset are yielded; the ones
            before are the piece's context (they still count for the claims of the
            ones after).

    Yields:
        The citations in order of position (see `extract_citations`).
    """
    return iter_attached(document, _found(document), since=since)


ClaimT = TypeVar("ClaimT")


def iter_drafts(
    document: Document,
    make: Callable[[list[tuple[int, int]]], list[ClaimT]],
    *,
    since: int = 0,
) -> Iterator[tuple[Cited, CitationStyle, tuple[ClaimT, ...] | None, str | None]]:
    """`iter_citations` with no `Citation` made: each citation as found, its style,
    its claims as `make` builds them (`claims.claim_maker`), and its source name.

    The JSON writer of `citecheck extract` spells citations out from these, with
    no objects for the tens of thousands of citations and claims of a long file.

    Args:
        document: a loaded document, or a piece of a long one.
        make: builds the claims of a list of [start, end) spans.
        since: as in `iter_citations`.

    Yields:
        What `claims.iter_claims` yields; claims None stand for none.
    """
    return iter_claims(document, _found(document), make, since=since)


def find_citations(document: Document) -> list[Citation]:
    """Return every web citation of a document, in order, before claims are attached.

    Args:
        document: a loaded document (any kind).

    Returns:
        The citations in order of position, style not yet settled, no claims.
    """
    return [Citation(**found._asdict()) for found in _found(document)]


class _Found(NamedTuple):
    """A citation as found, before its claims: `Citation`'s fields but `claims` (a
    tuple is made at a fraction of a frozen dataclass's cost; `claims.iter_attached`
    makes the one `Citation`, claims attached)."""

    url: str
    display_url: str
    raw: str
    location: Location
    span: Span
    style: CitationStyle
    defects: tuple[Defect, ...] = ()
    repaired_url: str | None = None
    link_text: str | None = None
    source_name: str | None = None


def _found(document: Document) -> list[_Found]:
    found = find_urls(
        document.text,
        unescape_entities=document.kind is DocKind.HTML,
        known=_wrapped_targets(document),
    )
    markdown = (
        find_markdown_links(document.text)
        if document.kind in (DocKind.MARKDOWN, DocKind.TEXT)
        else []
    )
    if markdown:  # the plain matches inside `[text](url)` give way to the link
        found = _outside_links(found, markdown)
    citations = [_citation(document, url, CitationStyle.INLINE) for url in found]
    if markdown:  # else already in order: found in order, nothing added
        citations += [_markdown_citation(document, link) for link in markdown]
        citations.sort(key=_position)
    if document.links:
        citations = sorted(_merge_links(document, citations, document.links), key=_position)
    logger.debug("%s: %d citations", document.path, len(citations))
    return citations


def _wrapped_targets(document: Document) -> frozenset[str]:
    """The link targets a URL broken across lines in a PDF or docx is joined up to."""
    if document.kind not in (DocKind.PDF, DocKind.DOCX) or not document.links:
        return frozenset()
    return frozenset(link.target.strip() for link in document.links)


def _position(citation: _Found) -> int:
    return citation.span.start


def _citation(
    document: Document,
    url: UrlMatch,
    style: CitationStyle,
    link_text: str | None = None,
    link_start: int = 0,
    image: bool = False,
) -> _Found:
    """One citation; `link_start` is where its link text starts (`[` of a markdown link).
    An image's alt text names no source."""
    canonical = canonical_url(url.raw)
    defects = url.defects + ((Defect.INVALID_HOST,) if not _host_ok(canonical) else ())
    return _Found(
        canonical,
        display_url(canonical),
        url.raw,
        document.location(url.start),
        Span(url.start, url.end),
        style,
        defects,
        canonical_url(url.repaired) if url.repaired else None,
        link_text,
        link_source_name(document.text, link_start, link_text) if link_text and not image else None,
    )


def _host_ok(canonical: str) -> bool:
    rest = canonical[canonical.find("://") + 3 :] if "://" in canonical else canonical
    end = _AUTHORITY_END.search(rest)
    return _authority_ok(rest[: end.start()] if end else rest)


_AUTHORITY_END = re.compile("[/?#]")


@functools.lru_cache(maxsize=1024)
def _authority_ok(authority: str) -> bool:
    """Whether the host of an authority is a valid name (cached: hosts recur)."""
    host = authority.rpartition("@")[2]
    host = host[: host.find("]") + 1] if host.startswith("[") else host.rsplit(":", 1)[0]
    return _PLAIN_HOST.fullmatch(host) is not None or is_valid_host(host)


def _outside_links(found: list[UrlMatch], links: list[MarkdownLink]) -> list[UrlMatch]:
    """The plain matches that are not the target of a `[text](url)` link, nor its
    text showing the same URL (both are the link's citation)."""
    starts = [url.start for url in found]
    covered: set[int] = set()
    for link in links:  # a few links among thousands of URLs: look only inside each link
        first = bisect.bisect_left(starts, link.whole.start)
        last = bisect.bisect_left(starts, link.whole.end)
        covered.update(i for i in range(first, last) if _covered(found[i], link))
    return [url for i, url in enumerate(found) if i not in covered] if covered else found


def _markdown_citation(document: Document, link: MarkdownLink) -> _Found:
    url = examine(link.target, link.target_span.start, link.target_span.end)
    image = document.text[link.whole.start - 1 : link.whole.start] == "!"
    return _citation(document, url, CitationStyle.LINK_TEXT, link.text, link.whole.start, image)


def _covered(url: UrlMatch, link: MarkdownLink) -> bool:
    target, text = link.target_span, link.text_span
    if target.start <= url.start and url.end <= target.end and target.start < target.end:
        return True
    return (
        text.start <= url.start
        and url.end <= text.end
        and text.start < text.end
        and canonical_url(url.raw) == canonical_url(link.target)
    )


def _merge_links(
    document: Document, citations: list[_Found], links: Iterable[Link]
) -> list[_Found]:
    """Add markup links, unless the text already shows the same URL at that place."""
    merged = list(citations)
    starts = [c.span.start for c in citations]
    for link in links:
        if not is_web_url(link.target):
            continue
        url = examine(link.target, link.span.start, link.span.end)
        canonical = canonical_url(url.raw)
        if _shown_in_text(citations, starts, link.span, canonical):
            continue
        style = CitationStyle.LINK_TEXT if link.anchor_text.strip() else CitationStyle.INLINE
        anchor = link.anchor_text.strip() or None
        merged.append(_citation(document, url, style, anchor, link.span.start))
    return merged


def _shown_in_text(citations: list[_Found], starts: list[int], span: Span, url: str) -> bool:
    first = bisect.bisect_left(starts, span.start)
    last = bisect.bisect_right(starts, span.end)
    return any(
        url in (c.url, c.repaired_url) and _inside(c.span, span) for c in citations[first:last]
    )


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and outer.start < outer.end
