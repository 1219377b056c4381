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
from typing import Generic, NamedTuple, Protocol, TypeVar

from citecheck.extract.claimtext import clean_claim, is_url_like, source_name
from citecheck.models import (
    Citation,
    CitationStyle,
    Claim,
    Defect,
    DocKind,
    Document,
    Location,
    Span,
)

logger = logging.getLogger(__name__)

# One literal first character (a terminator or a break) lets the regex engine skip
# ahead fast; the lookbehinds then pick the rule. Six times faster than alternatives
# that each start differently.
_SENTENCE_BREAK = re.compile(
    "[.!?\u061f\u061b\u2026\n\u2029\f]"
    # `X.. Y` joins two clauses (Arabic headlines and prose): neither of its dots ends one
    "(?!(?<=[^.]\\.)\\.[ \\t])(?!(?<=[^.]\\.\\.)[ \\t])"
    "(?:(?<=[.!?\u061f\u061b\u2026])[.!?\u061f\u061b\u2026]*[\"'\u201d\u2019\u00bb)\\]]*(\\s+)"
    "|(?<=\n)[ \\t]*\n\\s*"
    "|(?<=[\u2029\\f])\\s*"
    "|(?<=\n)(?=[ \\t]*(?:#|[-*+\u2022][ \\t]|\\d{1,3}[.)][ \\t]|\\[\\^?\\d+\\]"
    "|\\(\\d{1,3}\\)[ \\t]|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,3}[ \\t]"
    "|(?i:https?://|www\\.))))"
)
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
_FOOTNOTE_DEFINITION = re.compile(
    rf"[ \t]*(?:\[\^?(\d{{1,3}})\]:?|(\d{{1,3}})[.)]|\((\d{{1,3}})\)"
    rf"|([{_SUPERSCRIPTS}]{{1,3}}))[ \t]"
)
"""The start of a note: `[1]`, `[^1]:`, `1.`, `1)`, `(1)` or `¹`."""
_BULLET = re.compile(
    "[ \t]*(?:(?:[-*+\u2022]|\\d{1,3}[.)]|\\[\\^?\\d{1,3}\\]:?|\\(\\d{1,3}\\)"
    f"|[{_SUPERSCRIPTS}]{{1,3}})[ \t]+)?"
)
_LABEL = "[^\\n:,\u060c.!?\u061f]{1,60}?[ \t]*[:,\u060c\u2013\u2014-][ \t]*"
"""A short label before a note's URL: `Reuters, https://…`, `رويترز: https://…`."""
_LABELLED = re.compile(_BULLET.pattern + f"(?P<label>{_LABEL})")
_BARE_URL_LINE = re.compile(_BULLET.pattern + f"(?:{_LABEL})?(?i:https?://|www\\.)\\S*[ \t]*\n")
_LINE_TAIL = re.compile("[ \t.,;:\u060c\u061b]*")
_FOOTNOTE_MARKER = re.compile(
    rf"[\[({_SUPERSCRIPTS}](?:(?<=\[)\^?(\d{{1,3}})\]|(?<=\()(\d{{1,3}})\)"
    rf"|(?<=[{_SUPERSCRIPTS}])[{_SUPERSCRIPTS}]{{0,2}})"
)
"""A footnote marker: `[1]`, `[^1]`, `(1)` or `¹` (the number is the match itself).
One class of first characters, then lookbehinds pick the form: six times faster
over a long text than three alternatives (every piece of a long file is searched)."""
_SUPERSCRIPT_DIGITS = str.maketrans(
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789"
)
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
    label: str | None
    """What a note or a source line says before its URL (`Reuters, https://…`)."""


class Cited(Protocol):
    """A citation as found, before its claims: `extract`'s drafts, or a `Citation`."""

    @property
    def url(self) -> str: ...  # noqa: D102
    @property
    def display_url(self) -> str: ...  # noqa: D102
    @property
    def raw(self) -> str: ...  # noqa: D102
    @property
    def location(self) -> Location: ...  # noqa: D102
    @property
    def span(self) -> Span: ...  # noqa: D102
    @property
    def style(self) -> CitationStyle: ...  # noqa: D102
    @property
    def defects(self) -> tuple[Defect, ...]: ...  # noqa: D102
    @property
    def repaired_url(self) -> str | None: ...  # noqa: D102
    @property
    def link_text(self) -> str | None: ...  # noqa: D102
    @property
    def source_name(self) -> str | None: ...  # noqa: D102


CitedT = TypeVar("CitedT", bound=Cited)


def attach_claims(document: Document, citations: Sequence[Citation]) -> list[Citation]:
    """Return the citations with their style settled and the claims they back attached.

    Args:
        document: the document the citations come from.
        citations: its citations, in order of position.

    Returns:
        New citations (the dataclasses are frozen), in the same order.
    """
    return list(iter_attached(document, citations))


def iter_attached(
    document: Document, citations: Sequence[Cited], *, since: int = 0
) -> Iterator[Citation]:
    """Yield the citations with their style settled and the claims they back attached.

    Args:
        document: the document the citations come from.
        citations: its citations, in order of position.
        since: citations before this offset are context only (see `iter_claims`).

    Yields:
        New citations (the dataclasses are frozen), in order; those of one source
        block share one claims tuple, and a sentence two citations back is one `Claim`.
    """
    for citation, style, claims, source in iter_claims(
        document, citations, _claim_maker(document), since=since
    ):
        yield _with(citation, style, () if claims is None else claims, source)


def _claim_maker(document: Document) -> Callable[[list[tuple[int, int]]], list[Claim]]:
    """Return a maker of the `Claim`s of [start, end) spans (see `claim_maker`)."""
    location = document.location

    def build(said: str, start: int, end: int) -> Claim:
        return Claim(said, Span(start, end), location(start))

    return claim_maker(document, build)


ClaimT = TypeVar("ClaimT")


def claim_maker(
    document: Document, build: Callable[[str, int, int], ClaimT]
) -> Callable[[list[tuple[int, int]]], list[ClaimT]]:
    """Return a maker of the claims of [start, end) spans, for `iter_claims`.

    Each span's claim text (`claim_text`) is found and built once: a sentence that
    an inline link and a source block both back is one claim (50,000 claims in a
    long document make this loop count). A span with no words once URLs and markup
    are gone makes no claim.

    Args:
        document: the document the spans are in.
        build: makes a claim in the caller's form from its text, start and end.
    """
    done: dict[tuple[int, int], ClaimT | None] = {}
    text = document.text
    plain = not document.links and document.kind is not DocKind.HTML  # `claim_text` is
    # then `clean_claim` of the text itself

    def make(spans: list[tuple[int, int]]) -> list[ClaimT]:
        made = []
        for span in spans:
            if span in done:
                claim = done[span]
            else:
                start, end = span
                said = clean_claim(text[start:end]) if plain else claim_text(document, start, end)
                claim = done[span] = build(said, start, end) if said else None
            if claim is not None:  # None: nothing but URLs and markup, no claim
                made.append(claim)
        return made

    return make


def iter_claims(
    document: Document,
    citations: Sequence[CitedT],
    make: Callable[[list[tuple[int, int]]], list[ClaimT]],
    *,
    since: int = 0,
) -> Iterator[tuple[CitedT, CitationStyle, tuple[ClaimT, ...] | None, str | None]]:
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
        Each citation with its style, claims and source name; claims are None where
        the citation stays as it is (a PDF annotation whose anchor text was not
        found). Citations of one source block share one claims tuple.
    """
    context = _Context(document, make)
    for citation in citations:
        line = _line_of(document.text, citation)
        source = citation.source_name or source_name(line.label)
        if line.footnote is not None and context.has_marker(line.footnote, line):
            if citation.span.start >= since:
                yield citation, CitationStyle.FOOTNOTE, context.footnote(line), source
        elif line.bare and citation.style is CitationStyle.INLINE:
            if citation.span.start < since:
                context.pass_block(line)  # where it ends is all that counts
            else:
                claims = context.source_block(line)
                yield citation, CitationStyle.SOURCE_BLOCK, claims, source
        elif citation.span.start < since:
            continue
        elif citation.span.start == citation.span.end:
            yield citation, citation.style, None, citation.source_name
        else:
            yield citation, citation.style, context.sentence_at(citation), citation.source_name


def claim_text(document: Document, start: int, end: int) -> str:
    """Return the claim the text at [start, end) makes (`claimtext.clean_claim`):
    no URLs, markup or source-only link text, white space runs folded to one space."""
    raw = _with_links_marked(document, start, end) if document.links else document.text[start:end]
    return clean_claim(html.unescape(raw) if document.kind is DocKind.HTML else raw)


def _with_links_marked(document: Document, start: int, end: int) -> str:
    """The text at [start, end) with each markup link's anchor text written as a
    markdown link, so that `clean_claim` treats `<a>`, docx and PDF links as it
    treats `[text](url)` (a source's name outside the grammar is dropped)."""
    text, parts, at = document.text, [], start
    for link in document.links:
        if start <= link.span.start < link.span.end <= end and link.span.start >= at:
            anchor = text[link.span.start : link.span.end].replace("[", "(").replace("]", ")")
            parts += [text[at : link.span.start], "[", anchor, "](link)"]
            at = link.span.end
    return "".join([*parts, text[at:end]]) if parts else text[start:end]


def has_footnote_marker(text: str, start: int = 0) -> bool:
    """Whether the text after `start` holds a footnote marker (`[1]`, `[^1]`, `¹`, `(1)`).

    What `_FOOTNOTE_MARKER` finds, found faster (every piece of a long file is
    searched): a superscript digit by `str.find`, then each `[` and `(` tried.
    """
    if any(text.find(digit, start) >= 0 for digit in _SUPERSCRIPT_DIGIT_CHARS):
        return True
    for opener in "[(":
        at = text.find(opener, start)
        while at >= 0:
            if _BRACKETED_MARKER.match(text, at):
                return True
            at = text.find(opener, at + 1)
    return False


_SUPERSCRIPT_DIGIT_CHARS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_BRACKETED_MARKER = re.compile(r"\[\^?\d{1,3}\]|\(\d{1,3}\)")
"""`_FOOTNOTE_MARKER`'s bracketed forms, tried where a `[` or `(` stands."""


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


def _with(
    citation: Cited, style: CitationStyle, claims: tuple[Claim, ...], source: str | None
) -> Citation:
    # spelled out, in the fields' order: dataclasses.replace costs a field walk per
    # call, keywords a lookup each, tens of thousands of times
    return Citation(
        citation.url,
        citation.display_url,
        citation.raw,
        citation.location,
        citation.span,
        style,
        claims,
        citation.defects,
        citation.repaired_url,
        citation.link_text,
        source,
    )


def _line_of(text: str, citation: Cited) -> _Line:
    start = text.rfind("\n", 0, citation.span.start) + 1
    end = text.find("\n", citation.span.end)
    end = len(text) if end < 0 else end
    at = citation.span.start  # what comes before it on its line: text[start:at], not copied
    definition = _FOOTNOTE_DEFINITION.match(text, start, at)
    footnote = _note_number(definition) if definition else None
    tail = _LINE_TAIL.fullmatch(text, citation.span.end, end) is not None
    bare = tail and _BULLET.fullmatch(text, start, at) is not None
    label = None
    if tail and not bare and (labelled := _LABELLED.fullmatch(text, start, at)):
        label = _note_label(labelled.group("label"))
        bare = label is not None
    if definition and label is None and definition.end() < at:
        label = _note_label(text[definition.end() : at])
    return _Line(start, end, footnote, bare, label)


def _note_number(match: re.Match[str]) -> str:
    number = next((group for group in match.groups() if group), match.group())
    return number.translate(_SUPERSCRIPT_DIGITS)


def _note_label(label: str) -> str | None:
    """The source a note's label names (its first part: `Reuters, "Title", 2024`)."""
    label = label.strip(" \t:,\u060c\u2013\u2014-")
    return source_name(label) or source_name(re.split("[,\u060c:]", label, maxsplit=1)[0])


def _block_start(text: str, line_start: int) -> int:
    """Return where the run of bare-URL lines that ends at `line_start` begins, with
    the "Sources:" / "المصادر:" line that heads it (never a claim)."""
    start = line_start
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not _BARE_URL_LINE.fullmatch(text, previous, start):
            if _SOURCES_HEADING.fullmatch(text, previous, start):
                return previous
            break
        start = previous
    return start


_SOURCES_HEADING = re.compile(
    "[ \t]*(?:#{1,6}[ \t]*)?[*_]*(?i:sources?|references?|notes?|links?|further reading"
    "|\u0627\u0644\u0645\u0635\u0627\u062f\u0631|\u0627\u0644\u0645\u0635\u062f\u0631"
    "|\u0645\u0635\u0627\u062f\u0631|\u0627\u0644\u0645\u0631\u0627\u062c\u0639"
    "|\u0645\u0631\u0627\u062c\u0639|\u0631\u0648\u0627\u0628\u0637"
    "|\u0627\u0644\u0647\u0648\u0627\u0645\u0634|\u0647\u0648\u0627\u0645\u0634)"
    "[*_]*[ \t]*:?[ \t]*\n"
)
"""A line that only heads a list of sources: Sources, References, المصادر، المراجع."""


class _Context(Generic[ClaimT]):
    """Per-document lookups, computed once and only when a citation needs them."""

    def __init__(
        self, document: Document, make: Callable[[list[tuple[int, int]]], list[ClaimT]]
    ) -> None:
        self.text = document.text
        self.make = make
        self._markers: dict[str, list[int]] | None = None
        self._blanks: list[int] | None = None
        self._window_key = (-1, -1)
        self._window_value: tuple[list[int], list[int]] = ([], [])
        self._block: tuple[int, int, tuple[ClaimT, ...]] = (-1, 0, ())
        """(start, end, claims) of the last source block seen."""

    def sentence_at(self, citation: Cited) -> tuple[ClaimT, ...]:
        """The sentence an inline or link-text citation backs: the one that holds it,
        or the one before when the citation trails it (`… وقف القتال. https://…`)."""
        start, end = citation.span.start, citation.span.end
        starts, ends = self._window(*self._paragraph(start, end))
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            return ()
        if (
            index > 0
            and _ends_a_sentence(self.text, ends[index - 1])
            and _trails(self.text, starts[index], citation)
        ):
            index -= 1
        first = _claim_start(self.text, starts[index], ends[index])
        return tuple(self.make([(first, _claim_end(self.text, first, ends[index], end))]))

    def _sentence_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the span of the sentence that holds [start, end), if any."""
        starts, ends = self._window(*self._paragraph(start, end))
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            return None
        return _claim_start(self.text, starts[index], ends[index]), ends[index]

    def _paragraph(self, start: int, end: int) -> tuple[int, int]:
        """The paragraph around [start, end), at most `_CONTEXT_CHARS` either side:
        after the last blank line (`\n\n`) that ends by `start`, up to the first that
        starts at `end` or after (found in `_blank_lines` by bisection, where a
        search through the text either side costs a scan per citation)."""
        blanks = self._blank_lines()
        low = max(0, start - _CONTEXT_CHARS)
        before = bisect.bisect_right(blanks, start - 2) - 1
        if before >= 0 and blanks[before] >= low:
            low = blanks[before] + 2
        after = bisect.bisect_left(blanks, end)
        if after < len(blanks) and blanks[after] <= end + _CONTEXT_CHARS - 2:
            return low, blanks[after]
        return low, min(len(self.text), end + _CONTEXT_CHARS)

    def _blank_lines(self) -> list[int]:
        """Where each `\n\n` of the text starts (overlapping ones too)."""
        if self._blanks is None:
            text, blanks = self.text, []
            at = text.find("\n\n")
            while at >= 0:
                blanks.append(at)
                at = text.find("\n\n", at + 1)
            self._blanks = blanks
        return self._blanks

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
        low = max(low, _attached_paragraph_start(self.text, high))
        cut = high - MAX_SECTION_CHARS > low
        low = max(low, high - MAX_SECTION_CHARS)
        low = max(low, self._last_heading_end(low, high))
        starts, ends = _sentence_bounds(self.text, low, high)
        skip = 1 if cut else 0  # the first sentence was cut by the size limit
        text = self.text
        spans = [
            (_claim_start(text, first, last), last)
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
        key = _note_number(number) if number else ""
        offsets = [at for at in self.markers().get(key, ()) if not line.start <= at < line.end]
        spans = (self._sentence_span(at, at + 1) for at in offsets)
        # deduplicated by span: two sentences may read the same and still be two claims
        return tuple(self.make([found for found in dict.fromkeys(spans) if found is not None]))

    def markers(self) -> dict[str, list[int]]:
        if self._markers is None:
            self._markers = {}
            for match in _FOOTNOTE_MARKER.finditer(self.text):
                self._markers.setdefault(_note_number(match), []).append(match.start())
        return self._markers


_BARE_URL = re.compile(r"(?i:https?://|www\.)\S*")


_OPENERS = "([<\u00ab\u201c\"'"
_CLOSERS = ")]>\u00bb\u201d\"'\u2019"
_TERMINATORS = ".!?\u061f\u061b\u2026"
_LEAD = re.compile(
    f"[\\s{_OPENERS}]*"
    "(?:(?i:sources?|via|see|ref)|\u0627\u0644\u0645\u0635\u062f\u0631|\u0627\u0644\u0645\u0635\u0627\u062f\u0631"
    "|\u0645\u0635\u062f\u0631|\u0627\u0646\u0638\u0631|\u0631\u0627\u062c\u0639|\u0627\u0644\u0631\u0627\u0628\u0637|\u0631\u0627\u0628\u0637)?"
    f"[\\s:{_OPENERS}]*"
)
"""What may stand before a citation that trails the sentence before it: brackets,
quotes, and a "Source:" / "المصدر:" / "انظر" label."""
_LEADING_URL = re.compile(
    f"(?:[{_OPENERS}]*(?i:https?://|www\\.)[^\\s<>\u00ab\u00bb]*[\\s,\u060c;\u061b]+)+"
)


def _ends_a_sentence(text: str, end: int) -> bool:
    """Whether the sentence ending at `end` ends with a terminator (not a line break)."""
    while end > 0 and text[end - 1] in _CLOSERS:
        end -= 1
    return end > 0 and text[end - 1] in _TERMINATORS


def _trails(text: str, sentence_start: int, citation: Cited) -> bool:
    """Whether a citation that opens a sentence belongs to the sentence before it.

    `… وقف القتال. https://…`, `… rose 4%. ([Reuters](https://…))`: the URL, or a
    link whose text names a source, with nothing before it but brackets or a
    "Source:" label. A link that states a claim, or one followed by `:` (a
    "Reuters: …" byline), starts its own sentence.
    """
    if citation.link_text is not None and not _only_points(citation.link_text):
        return False
    link_start = _link_start(text, sentence_start, citation)
    if _LEAD.fullmatch(text, sentence_start, link_start) is None:
        return False
    after = citation.span.end
    while after < len(text) and (text[after] in _CLOSERS or text[after] in " \t"):
        after += 1
    return text[after : after + 1] not in (":", "\u2014", "\u2013")


def _only_points(link_text: str) -> bool:
    return (
        source_name(link_text) is not None or is_url_like(link_text) or not clean_claim(link_text)
    )


def _link_start(text: str, low: int, citation: Cited) -> int:
    """Where the link around a citation starts: the `[` of `[text](url)`, else the URL."""
    start = citation.span.start
    if text[start - 2 : start] in ("](", "(<") and citation.style is CitationStyle.LINK_TEXT:
        bracket = text.rfind("[", low, start)
        return bracket if bracket >= 0 else start
    return start


def _claim_start(text: str, start: int, end: int) -> int:
    """Skip URLs that open a sentence: they trail the one before (`S1. URL S2.`)."""
    if text[start] in "hHwW([<\u00ab" and (lead := _LEADING_URL.match(text, start, end)):
        return lead.end()
    return start


def _claim_end(text: str, start: int, end: int, citation_end: int) -> int:
    """Cut a claim after its URL where a colon led to it at the end of a line
    (`… في تقرير مطوّل: https://…`, the next line a new sentence)."""
    line_end = text.find("\n", citation_end, end)
    if line_end < 0 or text[citation_end:line_end].strip(_CLOSERS + " \t.,\u060c"):
        return end
    colon = text.rfind(":", start, citation_end)
    if colon < 0 or text[colon + 1 : citation_end].strip().count(" ") > 0:
        return end
    return line_end


def _attached_paragraph_start(text: str, block_start: int) -> int:
    """Where the paragraph right above a source block starts, when no blank line
    parts them (`… after two days.\nhttps://…`): such a block backs that paragraph."""
    previous = text.rfind("\n", 0, max(block_start - 1, 0))
    if block_start < 2 or not text[previous + 1 : block_start - 1].strip():
        return 0
    blank = _BLANK_LINE_BEFORE.search(text, max(0, block_start - MAX_SECTION_CHARS), block_start)
    last = 0
    while blank is not None:
        last = blank.end()
        blank = _BLANK_LINE_BEFORE.search(text, last, block_start)
    return last


_BLANK_LINE_BEFORE = re.compile(r"\n[ \t]*\n")
