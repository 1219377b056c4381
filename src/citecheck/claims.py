"""Sentences, and which sentences each citation backs (DESIGN.md §4).

Sentence ends: `. ! ? ؟ ؛ …` (with any closing quotes or brackets) before white
space, a blank line, a paragraph separator, and the line before a list item,
heading, footnote definition or bare URL. The Arabic comma `،` is not a sentence
end: Arabic prose chains long sentences with it, and a claim cut at every `،`
loses its subject. A single line break is not one either (PDF text wraps lines).

How a citation is tied to its claims, decided from the line it sits on:

1. footnote: the line starts with `[1]`, `[^1]:` or `1.` and the document carries
   that marker elsewhere; the claims are the sentences holding the marker;
2. source block: the line holds nothing but the URL (a bullet at most); the claims
   are the sentences of the section above, back to the previous heading or the
   previous source block, and at most `MAX_SECTION_CHARS` back;
3. inline and link text: the sentence that holds the URL or the link (none for a
   PDF link annotation whose anchor text could not be located in the text layer).
"""

from __future__ import annotations

import bisect
import html
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar

from citecheck.models import Citation, CitationStyle, Claim, DocKind, Document, Span

logger = logging.getLogger(__name__)

# One literal first character (a terminator or a break) lets the regex engine skip
# ahead fast; the lookbehinds then pick the rule. Six times faster than alternatives
# that each start differently.
_SENTENCE_BREAK = re.compile(
    "[.!?\u061f\u061b\u2026\n\u2029\f]"
    "(?:(?<=[.!?\u061f\u061b\u2026])[.!?\u061f\u061b\u2026]*[\"'\u201d\u2019\u00bb)\\]]*(\\s+)"
    "|(?<=\n)[ \\t]*\n\\s*"
    "|(?<=[\u2029\\f])\\s*"
    "|(?<=\n)(?=[ \\t]*(?:#|[-*+\u2022][ \\t]|\\d{1,3}[.)][ \\t]|\\[\\^?\\d+\\]"
    "|(?i:https?://|www\\.))))"
)
_FOOTNOTE_DEFINITION = re.compile(r"[ \t]*(?:\[\^?(\d{1,3})\]:?|(\d{1,3})[.)])[ \t]")
_BULLET = re.compile("[ \t]*(?:(?:[-*+\u2022]|\\d{1,3}[.)]|\\[\\^?\\d{1,3}\\]:?)[ \t]+)?")
_BARE_URL_LINE = re.compile(_BULLET.pattern + "(?i:https?://|www\\.)\\S*[ \t]*\n")
_LINE_TAIL = re.compile("[ \t.,;:\u060c\u061b]*")
_FOOTNOTE_MARKER = re.compile(r"\[\^?(\d{1,3})\]")
# A heading is a markdown `#` line, or a short line with no sentence punctuation
# between blank lines (how headings look in text taken out of a PDF).
_HEADING_LINE = r"[ \t]*(?:#{1,6}[ \t][^\n]*|[^\n.!?\u061f:]{1,80}+\n[ \t]*\n)"
# `{1,80}+` (possessive): a shorter run is never followed by `\n`, so no backtracking
# through 80 characters of every paragraph the pattern starts at.
_HEADING = re.compile(rf"\n(?:[ \t]*(?=#)|[ \t]*\n){_HEADING_LINE}")
_HEADING_AT_START = re.compile(_HEADING_LINE)
_SPACES = re.compile(r"\s+")
_CONTEXT_CHARS = 2000
"""How far either side of a citation to look for its sentence (bounds the work)."""
MAX_SECTION_CHARS = 3000
"""A source block backs at most this much text above it (a few paragraphs): a PDF
without headings must not make one block back fifty paragraphs."""
LOOKBACK_CHARS = max(MAX_SECTION_CHARS, _CONTEXT_CHARS) + 1
"""More than the claims of a citation ever reach back (footnotes aside): text that
starts at a blank line this far before a citation gives it the claims the whole
document gives it (`extract.stream` relies on this)."""


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split text (or its [start, end) range) into sentences, Arabic punctuation included.

    Args:
        text: the text.
        start: where to start.
        end: where to stop (the end of the text by default).

    Returns:
        The sentence spans, stripped of surrounding white space, in order.
    """
    starts, ends = _sentence_bounds(text, start, len(text) if end is None else end)
    return [Span(first, last) for first, last in zip(starts, ends, strict=True)]


def _sentence_bounds(text: str, start: int, stop: int) -> tuple[list[int], list[int]]:
    """Return the sentences' start and end offsets (plain ints: no objects for the
    sentences a caller only searches through)."""
    starts: list[int] = []
    ends: list[int] = []
    add_start, add_end, at = starts.append, ends.append, start
    for match in _SENTENCE_BREAK.finditer(text, start, stop):
        gap = match.start(1)  # the white space after a terminator; -1 for the other breaks
        if gap < 0:
            gap = match.start()
        if at < gap and text[at] not in _HEADING_OR_SPACE and text[gap - 1] not in _SPACE:
            add_start(at)  # the common case, inline: nothing to strip, no heading
            add_end(gap)
        else:
            _add_stripped(text, at, gap, starts, ends)
        at = match.end()
    _add_stripped(text, at, stop, starts, ends)
    return starts, ends


_SPACE = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character `str.isspace` accepts (a test holds this list to it)."""
_HEADING_OR_SPACE = _SPACE | {"#"}


def _add_stripped(text: str, start: int, end: int, starts: list[int], ends: list[int]) -> None:
    if start < end and text[start] == "#" and (line_end := text.find("\n", start, end)) > 0:
        _add_stripped(text, start, line_end, starts, ends)  # a markdown heading is a sentence
        start = line_end
    if start < end and (text[start].isspace() or text[end - 1].isspace()):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    if start < end:
        starts.append(start)
        ends.append(end)


class _Line(NamedTuple):
    """The line a citation sits on, and what else it holds (a tuple: one per citation)."""

    start: int
    end: int
    footnote: str | None
    bare: bool


def attach_claims(document: Document, citations: Sequence[Citation]) -> list[Citation]:
    """Return the citations with their style settled and the claims they back attached.

    Args:
        document: the document the citations come from.
        citations: its citations, in order of position.

    Returns:
        New citations (the dataclasses are frozen), in the same order.
    """

    def make(spans: list[tuple[int, int]]) -> list[Claim]:
        return [
            Claim(claim_text(document, start, end), Span(start, end), document.location(start))
            for start, end in spans
        ]

    return [
        citation if claims is None else _with(citation, style, claims)
        for citation, style, claims in iter_claims(document, citations, make)
    ]


ClaimT = TypeVar("ClaimT")


def iter_claims(
    document: Document,
    citations: Sequence[Citation],
    make: Callable[[list[tuple[int, int]]], list[ClaimT]],
    *,
    since: int = 0,
) -> Iterator[tuple[Citation, CitationStyle, tuple[ClaimT, ...] | None]]:
    """Settle each citation's style and the claims it backs, in any claim form.

    `attach_claims` makes `Claim`s; the JSON writer makes JSON text straight from the
    spans, with no objects for the tens of thousands of claims of a long document.

    Args:
        document: the document the citations come from.
        citations: its citations, in order of position.
        make: builds the claims of a list of [start, end) spans (a whole section's at
            once: the per-claim work of a long document is its largest part).
        since: citations before this offset are context (`extract.stream`): they
            count for the claims of the ones after (a source block's section ends at
            the block before it) but are not yielded. It must start a line after a
            blank line, so that no source block runs across it.

    Yields:
        Each citation with its style and claims; claims are None where the citation
        stays as it is (a PDF annotation whose anchor text was not found). Citations
        of one source block share one claims tuple.
    """
    context = _Context(document, make)
    for citation in citations:
        line = _line_of(document.text, citation)
        if line.footnote is not None and context.has_marker(line.footnote, line):
            if citation.span.start >= since:
                yield citation, CitationStyle.FOOTNOTE, context.footnote(line)
        elif line.bare and citation.style is CitationStyle.INLINE:
            if citation.span.start < since:
                context.pass_block(line)  # where it ends is all that counts
            else:
                yield citation, CitationStyle.SOURCE_BLOCK, context.source_block(line)
        elif citation.span.start < since:
            continue
        elif citation.span.start == citation.span.end:
            yield citation, citation.style, None
        else:
            yield citation, citation.style, context.sentence_at(citation.span)


def claim_text(document: Document, start: int, end: int) -> str:
    """Return the text of the claim at [start, end): white space runs folded to one space."""
    raw = document.text[start:end]
    if "\n" in raw or "  " in raw or "\t" in raw:
        raw = _SPACES.sub(" ", raw)
    return html.unescape(raw) if document.kind is DocKind.HTML else raw


def has_footnote_marker(text: str, start: int = 0) -> bool:
    """Whether the text after `start` holds a footnote marker (`[1]`, `[^1]`)."""
    return _FOOTNOTE_MARKER.search(text, start) is not None


def citations_by_claim(citations: Sequence[Citation]) -> dict[Claim, tuple[Citation, ...]]:
    """Return, for every claim, the citations that back it (the reverse of `claims`).

    Args:
        citations: citations with their claims attached.

    Returns:
        Each claim, in order of first appearance, with its citations in order.
    """
    backing: dict[Claim, list[Citation]] = {}
    for citation in citations:
        for claim in citation.claims:
            backing.setdefault(claim, []).append(citation)
    return {claim: tuple(found) for claim, found in backing.items()}


def _with(citation: Citation, style: CitationStyle, claims: tuple[Claim, ...]) -> Citation:
    # spelled out: dataclasses.replace costs a field walk per call, thousands of times
    return Citation(
        url=citation.url,
        display_url=citation.display_url,
        raw=citation.raw,
        location=citation.location,
        span=citation.span,
        style=style,
        claims=claims,
        defects=citation.defects,
        repaired_url=citation.repaired_url,
        link_text=citation.link_text,
    )


def _line_of(text: str, citation: Citation) -> _Line:
    start = text.rfind("\n", 0, citation.span.start) + 1
    end = text.find("\n", citation.span.end)
    end = len(text) if end < 0 else end
    at = citation.span.start  # what comes before it on its line: text[start:at], not copied
    definition = _FOOTNOTE_DEFINITION.match(text, start, at)
    footnote = (definition.group(1) or definition.group(2)) if definition else None
    tail = _LINE_TAIL.fullmatch(text, citation.span.end, end) is not None
    bare = tail and _BULLET.fullmatch(text, start, at) is not None
    return _Line(start, end, footnote, bare)


def _block_start(text: str, line_start: int) -> int:
    """Return where the run of bare-URL lines that ends at `line_start` begins."""
    start = line_start
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not _BARE_URL_LINE.fullmatch(text, previous, start):
            break
        start = previous
    return start


class _Context(Generic[ClaimT]):
    """Per-document lookups, computed once and only when a citation needs them."""

    def __init__(
        self, document: Document, make: Callable[[list[tuple[int, int]]], list[ClaimT]]
    ) -> None:
        self.text = document.text
        self.make = make
        self._markers: dict[str, list[int]] | None = None
        self._window_key = (-1, -1)
        self._window_value: tuple[list[int], list[int]] = ([], [])
        self._block: tuple[int, int, tuple[ClaimT, ...]] = (-1, 0, ())
        """(start, end, claims) of the last source block seen."""

    def sentence_at(self, span: Span) -> tuple[ClaimT, ...]:
        found = self._sentence_span(span.start, span.end)
        return () if found is None else tuple(self.make([found]))

    def _sentence_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the span of the sentence that holds [start, end), if any."""
        low = max(0, start - _CONTEXT_CHARS)
        paragraph = self.text.rfind("\n\n", low, start)
        low = paragraph + 2 if paragraph >= 0 else low
        high = self.text.find("\n\n", end, end + _CONTEXT_CHARS)
        high = high if high >= 0 else min(len(self.text), end + _CONTEXT_CHARS)
        starts, ends = self._window(low, high)
        index = bisect.bisect_right(starts, start) - 1
        return (starts[index], ends[index]) if index >= 0 else None

    def pass_block(self, line: _Line) -> None:
        """Note a source block without making its claims (no later citation reuses them)."""
        self._block = (_block_start(self.text, line.start), line.end, ())

    def source_block(self, line: _Line) -> tuple[ClaimT, ...]:
        start = _block_start(self.text, line.start)
        last_start, last_end, claims = self._block
        if start != last_start:
            claims = self.section(last_end, start)
        self._block = (start, line.end, claims)
        return claims

    def _window(self, low: int, high: int) -> tuple[list[int], list[int]]:
        """Split a paragraph once, however many citations it holds."""
        if (low, high) != self._window_key:  # citations come in order: one slot is enough
            self._window_key = (low, high)
            self._window_value = _sentence_bounds(self.text, low, high)
        return self._window_value

    def section(self, low: int, high: int) -> tuple[ClaimT, ...]:
        cut = high - MAX_SECTION_CHARS > low
        low = max(low, high - MAX_SECTION_CHARS)
        low = max(low, self._last_heading_end(low, high))
        starts, ends = _sentence_bounds(self.text, low, high)
        skip = 1 if cut else 0  # the first sentence was cut by the size limit
        text = self.text
        spans = [
            (first, last)
            for first, last in zip(starts[skip:], ends[skip:], strict=True)
            if text[first] not in "hHwW" or _BARE_URL.fullmatch(text, first, last) is None
        ]
        return tuple(self.make(spans))

    def _last_heading_end(self, low: int, high: int) -> int:
        last = low
        if low == 0 and (first := _HEADING_AT_START.match(self.text, 0, high)) is not None:
            last = first.end()
        for match in _HEADING.finditer(self.text, low, high):
            last = match.end()
        return last

    def has_marker(self, number: str, line: _Line) -> bool:
        return any(not line.start <= at < line.end for at in self.markers().get(number, ()))

    def footnote(self, line: _Line) -> tuple[ClaimT, ...]:
        number = _FOOTNOTE_DEFINITION.match(self.text, line.start)
        key = (number.group(1) or number.group(2)) if number else ""
        offsets = [at for at in self.markers().get(key, ()) if not line.start <= at < line.end]
        spans = (self._sentence_span(at, at + 1) for at in offsets)
        # deduplicated by span: two sentences may read the same and still be two claims
        return tuple(self.make([found for found in dict.fromkeys(spans) if found is not None]))

    def markers(self) -> dict[str, list[int]]:
        if self._markers is None:
            self._markers = {}
            for match in _FOOTNOTE_MARKER.finditer(self.text):
                self._markers.setdefault(match.group(1), []).append(match.start())
        return self._markers


_BARE_URL = re.compile(r"(?i:https?://|www\.)\S*")
